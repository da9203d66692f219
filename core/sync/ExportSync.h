#pragma once

#include "ExportFormat.h"
#include "ExportMapping.h"
#include "Outcome.h"
#include "SyncPlan.h"

#include <QList>
#include <QString>
#include <QtGlobal>

#include <functional>
#include <optional>

namespace pulsebook {

class Cache;
class Database;
class Progress;

struct SyncOptions
{
    // Strict by default: the first bad row stops the sync and nothing changes.
    bool skipBadRows = false;
    // Where rejected rows go with skipBadRows; default: "<cache>.rejects.csv".
    QString rejectsPath;
    // Which files and columns hold the tables, and the date order (README.md, "What a sync reads");
    // unset: the mapping of the workspace stored in the cache (none: the usual names).
    std::optional<ExportMapping> mapping;
    // For the sync log: where the rows came from (default: the folder) and how ("csv").
    QString source;
    QString mode;
    // Runs inside the sync's transaction just before it commits (the warehouse sync stores its
    // rollup here); false with *error rolls the whole sync back.
    std::function<bool(Database& db, QString* error)> beforeCommit;
    // Tables that arrive as CSV streams instead of files of the folder (the warehouse sync's
    // COPY): read in the sync's table order, each when its turn comes; a table may not come
    // both ways. `read` fills up to `max` bytes and returns how many, 0 at the end, or -1 with
    // *error set. With streams, the folder may be empty ("").
    struct TableStream
    {
        ExportFormat::Table table;
        QString name; // what errors, the summary and the progress call it
        std::function<qint64(char* buffer, qint64 max, QString* error)> read;
        qint64 firstLine = 1;     // the header's line number (0: line N is data row N)
        qint64 expectedBytes = 0; // about how much will come, for the progress (0: unknown)
        // About how many rows will come (-1: unknown): events and sessions stay in memory only
        // when this is known and, with the stored rows, under memoryRows.
        qint64 expectedRows = -1;
    };
    QList<TableStream> streams;
    // Events (or sessions) above which a sync stops holding them all in memory: when the stored
    // and incoming rows of a store may exceed this, they go to a temporary file (in the cache's
    // folder) and the store is written a range of users at a time, each range holding at most
    // about this many rows. The result is the same either way; memory stays bounded for a little
    // more time. The CLI reads PULSEBOOK_SYNC_MEMORY_ROWS; tests set it low.
    qint64 memoryRows = 2000000;
    // Files of at least this many bytes are read by both cores (tests set it low).
    qint64 splitBytes = qint64(64) << 20;
};

struct SyncTableSummary
{
    QString table;
    QString file;      // empty when the folder has no file for the table
    qint64 rows = 0;   // data rows read
    qint64 landed = 0; // rows inserted or updated
    qint64 rejected = 0;
    // A report footer after the data (single-cell lines such as "Copyright..."), skipped:
    // its first line and how many lines it had (0: none).
    qint64 footerLine = 0;
    qint64 footerLines = 0;
};

struct SyncSummary
{
    QString folder;
    SyncPlan plan; // what the sync read from the folder's files (streams are not in it)
    QList<SyncTableSummary> tables;
    qint64 createdUsers = 0; // users first seen in events, sessions or touches
    qint64 rejected = 0;
    QString rejectsPath;  // set when rows were rejected and their file is in place
    QString rejectsError; // rows were rejected but their file could not be put in place
    qint64 eventsInCache = 0;
    qint64 sessionsInCache = 0;
    bool eventsRewritten = false;
    qint64 elapsedMs = 0;
};

// Syncs an export folder (README.md, "What a sync reads") into the cache in one transaction: it
// lands whole, or on an error or a cancel the cache stays exactly as it was. Failed with a
// "file:line:column: reason" error on bad input (also in *error, which may be null); Cancelled
// when `progress` was cancelled or its update() said stop (*error untouched).
Status syncExportFolder(Cache& cache, const QString& folder, const SyncOptions& options,
                        Progress* progress, SyncSummary* summary, QString* error);

} // namespace pulsebook
