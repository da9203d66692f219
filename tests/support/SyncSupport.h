#pragma once

// Helpers of the sync tests (tests/core/tst_exportsync*, tst_spillsync*, tst_hostile*,
// tests/cli/tst_crashloop*, tst_killsync): export folders written from memory, a cache's
// tables compared, and the rows a cache stores read back as text.
#include "TestSupport.h"

#include "analysis/EventIndex.h"
#include "cache/Cache.h"
#include "cache/EventTable.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace pulsebook::test {

// snapshot() of a cache: table name -> rows and checksum.
using Snapshot = QMap<QString, TableState>;

// Writes `files` into the folder `parent/name` (emptied first when it exists) and returns its
// path.
QString makeFolder(const QString& parent, const QString& name, const ExportFiles& files);
inline QString makeFolder(const QTemporaryDir& tmp, const QString& name, const ExportFiles& files)
{
    return makeFolder(tmp.path(), name, files);
}

// "tables differ: a,b" naming the tables whose rows differ between two snapshots; empty when
// they are equal.
QString snapshotDiff(const Snapshot& a, const Snapshot& b);

// The rows of `sql` as "a|b|..." ('NULL' for NULL); `columns` cells per row.
QStringList rows(Database& db, const char* sql, int columns = 1);
inline QStringList rows(Cache& cache, const char* sql, int columns = 1)
{
    return rows(cache.db(), sql, columns);
}

// Which cells storedRows() gives a row besides user, time and ID.
enum class StoredColumns {
    ForStore, // type and session for events, none for sessions
    All,      // type and session for both stores
};

// Rows of an event-chunk store in stored order, dictionary ids resolved:
// "user|time|ID|type|session|key=value..." (properties sorted by key; see StoredColumns).
QStringList storedRows(Cache& cache, EventChunks::Store store,
                       StoredColumns columns = StoredColumns::ForStore);

// The index of the cache at `cachePath` (opened as it is); nullptr, with a warning, when the
// cache does not open or the index does not load.
std::shared_ptr<const EventIndex> openIndex(const QString& cachePath);

} // namespace pulsebook::test
