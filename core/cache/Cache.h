#pragma once

#include "Database.h"

#include <QList>
#include <QString>
#include <QtGlobal>

namespace pulsebook {

// One row of the sync log: what a sync read and landed.
struct SyncLogEntry
{
    qint64 id = 0;
    qint64 startedMs = 0;
    qint64 finishedMs = 0;
    QString source;
    QString mode;
    QString rowsJson; // {"events": 123, ...}: rows landed per table
    qint64 rejected = 0;
    qint64 createdUsers = 0;
    // The latest event in the cache after this sync (UTC ms); -1 when it had no events or the
    // sync landed before schema 3 recorded it.
    qint64 latestEventMs = -1;
};

struct TableRows
{
    QString table;
    qint64 rows = 0;
};

// The workspace's SQLite cache: opening (file mode 0600, WAL), schema versions and migrations,
// the dictionaries, the sync log and the as-of time.
class Cache
{
public:
    static constexpr int SchemaVersion = 3;

    // Opens the cache at `path` to write to it, creating it (0600) when `create` is set and it
    // does not exist, and migrates its schema to SchemaVersion. Only a new or empty file becomes
    // a cache; a file that is not a Pulsebook cache, or whose schema version this build does not
    // know, is refused and left unchanged.
    bool open(const QString& path, bool create, QString* error);
    // Opens an existing cache to read it: never creates, initialises or locks it for writing,
    // and works in a read-only folder. Only a cache of an older schema is migrated (a write).
    bool openForReading(const QString& path, QString* error);
    void close() { m_db.close(); }

    // Ends a failed write: rolls the transaction back and empties the WAL, so a sync that
    // failed (on a full disk, say) leaves no large -wal file behind.
    void rollback();
    // After a failed first sync: when this open created the file and no sync has landed,
    // closes and removes the cache with its -wal and -shm, unless another connection has it open
    // (a second first sync waiting for the lock). Closes the cache in any case.
    void discardIfNew();
    bool isOpen() const { return m_db.isOpen(); }

    Database& db() { return m_db; }
    QString path() const { return m_path; }
    int schemaVersion();

    // Rows per data table (events counted inside their chunks), in a fixed order.
    QList<TableRows> rowCounts();
    // Latest event time (UTC epoch ms), or 0 when there are no events.
    qint64 latestEventMs();
    // docs/definitions.md, "The as-of time": the UTC midnight that ends the latest event's day; 0
    // when there are no events.
    qint64 defaultAsOfMs();
    QList<SyncLogEntry> syncLog(int limit = 20);

    // Stores a meta value (inside the caller's transaction).
    bool setMeta(const char* key, const QString& value, QString* error);
    QString meta(const char* key);

    // Names of the data tables, in sync order.
    static QStringList dataTables();

private:
    struct Schema;
    bool readSchema(Schema* schema, QString* error);
    bool checkSchema(const Schema& schema, bool mayInitialise, QString* error);
    bool migrate(bool mayInitialise, QString* error);
    bool fail(QString* error, const QString& problem);

    Database m_db;
    QString m_path;
    bool m_created = false; // this open created the file
};

} // namespace pulsebook
