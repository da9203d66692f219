#include "EventScript.h"

#include "TestSupport.h"
#include "cache/Cache.h"
#include "sync/ExportSync.h"
#include "sync/FieldParser.h"

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

} // namespace pulsebook::test::script
