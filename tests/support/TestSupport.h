#pragma once

#include "CliRun.h"

#include "TestConfig.h"

#include "analysis/EventIndex.h"
#include "cache/Cache.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace pulsebook::test {

// Writes `content` to `dir/name` (creating dir); fails the test (QVERIFY) on error.
void writeFile(const QString& dir, const QString& name, const QByteArray& content);
QByteArray readFile(const QString& path);

// Row count and an order-independent checksum of every table of a cache file, including the
// dictionaries and event chunks: equal maps mean equal contents.
struct TableState
{
    qint64 rows = 0;
    QByteArray checksum;
    bool operator==(const TableState& o) const { return rows == o.rows && checksum == o.checksum; }
};
// `skipSyncLog` leaves out sync_log, which records each sync and so always grows.
QMap<QString, TableState> snapshot(const QString& cachePath, bool skipSyncLog = true);

// Writes a plain, row-per-event copy of the cache's events and sessions into a new SQLite file
// at `flatPath`, for reference implementations written as straightforward SQL:
//   events(user_id TEXT, user INTEGER, time INTEGER, event TEXT, event_id TEXT, numeric_id
//          INTEGER, session_id TEXT, <one TEXT column per event property>)
//   sessions(user_id TEXT, user INTEGER, time INTEGER, session_id TEXT)
//   users(user INTEGER, user_id TEXT, account_id TEXT, <properties as TEXT>)  -- not merged
// `user` is the EventIndex user number (users in uid order, merged users left out). Returns
// an empty string on success, else the error.
QString writeFlatCopy(const QString& cachePath, const QString& flatPath);

// Export files by name, for SyncedCache::load().
using ExportFiles = QList<QPair<QString, QByteArray>>;

// A cache in a temporary folder, synced from an export folder, and its index.
struct SyncedCache
{
    QTemporaryDir dir;
    Cache cache;
    std::shared_ptr<const EventIndex> index;
    QString cachePath() const { return dir.filePath(QStringLiteral("cache.sqlite")); }

    // Writes `files`, syncs them (none: an empty cache) and loads the index.
    bool load(const ExportFiles& files, QString* error);
    // The demo export, big enough (250,000 events) for the analyses to split the users
    // between threads.
    bool loadDemo(QString* error);
};

// The path of a file in tests/data.
QString dataPath(const QString& name);

} // namespace pulsebook::test
