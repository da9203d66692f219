#include "EventScript.h"

#include "TestSupport.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "sync/ExportSync.h"
#include "sync/FieldParser.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace pulsebook::test::script {

qint64 at(const QString& offset)
{
    static const QRegularExpression term(QStringLiteral("([+-]?)(\\d+)(ms|m|h|d)"));
    qint64 ms = T;
    for (auto it = term.globalMatch(offset); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString unit = m.captured(3);
        const qint64 size = unit == QLatin1String("ms")  ? 1
                            : unit == QLatin1String("m") ? Minute
                            : unit == QLatin1String("h") ? Hour
                                                         : Day;
        ms += (m.captured(1) == QLatin1String("-") ? -1 : 1) * m.captured(2).toLongLong() * size;
    }
    return ms;
}

QByteArray eventsCsv(std::initializer_list<const char*> lines)
{
    QByteArray csv = "event_id,user_id,time,event\n";
    int nextId = 1000;
    for (const char* line : lines) {
        const QStringList words = QString::fromLatin1(line).split(QLatin1Char(' '));
        for (qsizetype w = 1; w < words.size(); ++w) {
            const qsizetype a = words[w].indexOf(QLatin1Char('@'));
            const qsizetype hash = words[w].indexOf(QLatin1Char('#'));
            const QString id = hash < 0 ? QString::number(nextId++) : words[w].mid(hash + 1);
            const QString time = words[w].mid(a + 1, hash < 0 ? -1 : hash - a - 1);
            csv += QStringList{id, words[0].chopped(1), FieldParser::formatTimestamp(at(time)),
                               words[w].left(a)}
                       .join(QLatin1Char(','))
                       .toUtf8() +
                   '\n';
        }
    }
    return csv;
}

QByteArray usersCsv(int count)
{
    QByteArray csv = "user_id\n";
    for (int i = 1; i <= count; ++i)
        csv += "u" + QByteArray::number(i) + "\n";
    return csv;
}

bool Data::load(const QByteArray& users, const QByteArray& events, const QByteArray& accounts,
                QString* error)
{
    const QString folder = dir.filePath(QStringLiteral("export"));
    writeFile(folder, QStringLiteral("users.csv"), users);
    writeFile(folder, QStringLiteral("events.csv"), events);
    if (!accounts.isEmpty())
        writeFile(folder, QStringLiteral("accounts.csv"), accounts);
    cachePath = dir.filePath(QStringLiteral("cache.db"));
    Cache cache;
    if (!cache.open(cachePath, true, error) ||
        !syncExportFolder(cache, folder, {}, nullptr, nullptr, error))
        return false;
    index = EventIndex::load(cache, nullptr, error);
    return index != nullptr;
}

AnalysisContext Data::context(qint64 asOfMs) const
{
    AnalysisContext c;
    c.index = index;
    c.asOfMs = asOfMs;
    return c;
}

std::vector<int> Data::users(std::initializer_list<const char*> ids) const
{
    std::vector<int> out;
    for (const char* id : ids)
        out.push_back(index->userIndex(QLatin1String(id)));
    std::sort(out.begin(), out.end());
    return out;
}

QByteArray randomEvents(QRandomGenerator* g, QByteArray* users)
{
    const char* const types[] = {"a", "b", "c", "d"};
    const char* const plans[] = {"pro", "free", "team", ""};
    const int userCount = 5 + g->bounded(26);
    *users = "user_id,plan\n";
    for (int u = 1; u <= userCount; ++u)
        *users += "u" + QByteArray::number(u) + ',' + plans[g->bounded(4)] + '\n';
    QByteArray csv = "event_id,user_id,time,event\n";
    int id = 0;
    const auto add = [&](const QByteArray& user, qint64 time, const char* type) {
        const int kind = g->bounded(20); // 1 in 10 IDs is text: "e123" or "0123"
        csv += QByteArray(kind == 0 ? "e" : kind == 1 ? "0" : "");
        csv += QByteArray::number(++id * 7919 % 100003) + ',' + user + ',' +
               FieldParser::formatTimestamp(time).toUtf8() + ',' + type + '\n';
    };
    for (const char* type : types) // every type occurs
        add("u1", T + g->bounded(160) * 6 * Hour, type);
    for (int u = 1; u <= userCount + 1; ++u) { // the last user is only in events.csv
        const QByteArray user = (u > userCount ? "ghost" : "u") + QByteArray::number(u);
        std::vector<qint64> times;
        for (int i = 0, count = g->bounded(61); i < count; ++i) {
            qint64 time = T + g->bounded(160) * 6 * Hour + (g->bounded(4) ? 0 : g->bounded(Hour));
            if (i > 0 && g->bounded(10) < 3)
                time = times[size_t(g->bounded(i))];
            times.push_back(time);
            add(user, time, types[g->bounded(4)]);
        }
    }
    return csv;
}

QString loadRandomEvents(QRandomGenerator* g, Data* data, Database* flat)
{
    QByteArray users;
    const QByteArray events = randomEvents(g, &users);
    QString error;
    if (!data->load(users, events, {}, &error))
        return error;
    const QString flatPath = data->dir.filePath(QStringLiteral("flat.db"));
    error = writeFlatCopy(data->cachePath, flatPath);
    if (!error.isEmpty())
        return error;
    if (!flat->open(flatPath, false, &error))
        return error;
    return {};
}

} // namespace pulsebook::test::script
