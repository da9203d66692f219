#include "SyncSupport.h"

#include "Progress.h"

#include <QDir>
#include <QHash>

namespace pulsebook::test {

QString makeFolder(const QString& parent, const QString& name, const ExportFiles& files)
{
    const QString folder = parent + QLatin1Char('/') + name;
    QDir(folder).removeRecursively();
    QDir().mkpath(folder);
    for (const auto& [file, content] : files)
        writeFile(folder, file, content);
    return folder;
}

QString snapshotDiff(const Snapshot& a, const Snapshot& b)
{
    QStringList differ;
    QStringList tables = a.keys() + b.keys();
    tables.removeDuplicates();
    for (const QString& t : tables) {
        if (!a.contains(t) || !b.contains(t) || !(a.value(t) == b.value(t)))
            differ.append(t);
    }
    return differ.isEmpty() ? QString()
                            : QStringLiteral("tables differ: ") + differ.join(QLatin1Char(','));
}

QStringList rows(Database& db, const char* sql, int columns)
{
    QString error;
    Statement s = db.prepare(sql, &error);
    if (!s.isValid())
        return {QStringLiteral("SQL error: ") + error};
    QStringList result;
    while (s.step()) {
        QStringList cells;
        for (int c = 0; c < columns; ++c)
            cells.append(s.isNull(c) ? QStringLiteral("NULL") : s.text(c));
        result.append(cells.join(QLatin1Char('|')));
    }
    return result;
}

QStringList storedRows(Cache& cache, EventChunks::Store store, StoredColumns columns)
{
    EventTable table;
    QString error;
    if (!EventChunks::load(cache.db(), store, &table, silentProgress(), &error))
        return {QStringLiteral("load failed: ") + error};
    QHash<qint64, QString> users, types, keys;
    const auto names = [&](const char* sql, QHash<qint64, QString>* out) {
        Statement s = cache.db().prepare(sql, nullptr);
        while (s.step())
            out->insert(s.int64(0), s.text(1));
    };
    names("SELECT uid, user_id FROM users", &users);
    names("SELECT id, name FROM event_types", &types);
    names("SELECT id, name FROM property_keys", &keys);
    const bool typeAndSession =
        columns == StoredColumns::All || store == EventChunks::Store::Events;
    QStringList result;
    for (size_t i = 0; i < table.size(); ++i) {
        QStringList cells = {users.value(table.uid[i]), QString::number(table.time[i]),
                             QString::fromUtf8(table.idString(table.eventId[i]))};
        if (typeAndSession) {
            cells.append(types.value(table.type[i]));
            cells.append(table.sessionId[i] == EventTable::NoSession
                             ? QString()
                             : QString::fromUtf8(table.idString(table.sessionId[i])));
        }
        QStringList properties;
        for (const auto& column : table.properties) {
            if (column.values[i] != 0)
                properties.append(keys.value(column.key) + QLatin1Char('=') +
                                  table.values.qstring(column.values[i]));
        }
        properties.sort();
        result.append((cells + properties).join(QLatin1Char('|')));
    }
    return result;
}

std::shared_ptr<const EventIndex> openIndex(const QString& cachePath)
{
    Cache cache;
    QString error;
    if (!cache.open(cachePath, false, &error)) {
        qWarning("%s", qPrintable(error));
        return nullptr;
    }
    auto index = EventIndex::load(cache, nullptr, &error);
    if (!index)
        qWarning("%s", qPrintable(error));
    return index;
}

} // namespace pulsebook::test
