#pragma once

// The state of one export-folder sync (internal to core/sync): ExportSync.cpp runs it,
// SyncTables.cpp reads the row tables, SyncChunked.cpp the chunk-stored events and sessions.

#include "ExportFormat.h"
#include "ExportSync.h"
#include "RowParser.h"
#include "RowSpill.h"
#include "cache/Cache.h"
#include "cache/EventTable.h"
#include "cache/StringPool.h"
#include "export/CsvWriter.h"

#include <QHash>
#include <QString>

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

namespace pulsebook {

class CsvReader;
class Progress;

namespace SyncText {
QString qs(std::string_view v);
void appendJsonString(QByteArray* out, std::string_view v);
// Binds field `f` as text, or NULL when the column is absent or the field empty.
void bindText(Statement& st, int index, CsvReader& r, int f);
} // namespace SyncText

// Sync steps return false and leave the reason in m_error; run() rolls nothing back itself
// (syncExportFolder does).
class SyncRun
{
public:
    SyncRun(Cache& cache, const SyncOptions& options, Progress* progress, SyncSummary* summary)
        : m_cache(cache), m_db(cache.db()), m_options(options), m_progress(progress),
          m_summary(summary)
    {}

    bool run(const QString& folder);
    QString error() const { return m_error; }

private:
    // Local ids of a ParsedRows' pools -> the store's (built up as the pools grow).
    struct RowMap
    {
        std::vector<quint32> users{0};
        std::vector<quint32> types{0};
        std::vector<qint64> idText{0};
        std::vector<quint32> values{0};
        bool sharedPools = false; // the rows' text IDs and values are the store's pools already
    };

    struct ChunkedStore
    {
        EventTable table;
        size_t stored = 0; // the first `stored` rows (of table, or spill) came from the cache
        bool loaded = false;
        bool written = false;
        // Above SyncOptions::memoryRows the rows are not kept in `table` but in arrival order in
        // `spill` (the cache's rows, then the file's, mapped to the store's ids), then in
        // `secondSpill` (the second half of a file read on two cores, mapped when read back
        // through `secondMap`); `table` keeps the pools and is reused for one user range at a
        // time (SyncSpill.cpp).
        std::unique_ptr<RowSpill> spill;
        std::unique_ptr<RowSpill> secondSpill;
        RowMap secondMap;
        size_t storedBlocks = 0; // spill's first blocks: the cache's rows
        // The file's rows are spilled in blocks by user bucket (uids in RowSpill::Buckets runs;
        // users new to this sync share the last), so a user range reads few blocks.
        quint32 bucketWidth = 1;
        quint8 bucketOf(quint32 uid) const
        {
            return quint8(std::min<quint32>(RowSpill::Buckets - 1, uid / bucketWidth));
        }
    };

    // Table readers: each reads one file and returns false to stop the sync.
    bool readTeam(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s);
    bool readAccounts(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s);
    bool readUsers(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s);
    bool readMigrations(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s);
    // events.csv and sessions.csv, into their chunked stores. `expectedRows` for a stream
    // (-1: unknown); a file's rows are estimated from its size.
    bool readChunked(EventChunks::Store store, CsvReader& r, const ExportFormat::Header& h,
                     SyncTableSummary& s, qint64 expectedRows);
    bool appendRows(ParsedRows& rows, const std::vector<quint32>& keys, EventTable& table,
                    bool events);
    // Extends `map` to the pools of `rows` (creating users and event types first seen).
    bool extendMap(const ParsedRows& rows, RowMap& map, EventTable& table, bool events);
    static void applyMap(ParsedRows& rows, const RowMap& map);
    static void applyMap(EventTable& rows, const RowMap& map);

    // The spill path (SyncSpill.cpp).
    bool openSpill(RowSpill* spill);
    // ChunkedStore::bucketWidth for the users known now.
    quint32 bucketWidth() const;
    bool spillStored(EventChunks::Store store, ChunkedStore& target);
    // Maps a parsed batch to the store's ids, appends it to the spill and empties it.
    bool spillBatch(ParsedRows& rows, RowMap& map, const std::vector<quint32>& keys,
                    ChunkedStore& target, bool events);
    bool readSpilled(ChunkedStore& target, size_t source, size_t block, EventTable* out,
                     std::vector<quint32>* positions, bool idsOnly);
    bool writeSpilled(EventChunks::Store store, ChunkedStore& target, qint64* count,
                      bool* rewritten);
    // Appends the cache's rows [from, to) (in stored order) from the spill to `writer`.
    bool writeStoredRows(ChunkedStore& target, EventChunks::StoreWriter& writer, qint64 from,
                         qint64 to);
    static qint64 splitPoint(const QString& path, qint64 middle);
    bool readTouches(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s);

    bool loadDictionaries();
    bool resolveMerges();
    // Sends `fromUid`'s rows to the end of the merge chain that starts at `to`.
    bool remapUser(quint32 fromUid, QString to);
    bool writeEvents();
    bool loadStore(EventChunks::Store store, ChunkedStore& target);
    bool writeStore(EventChunks::Store store, ChunkedStore& target, qint64* count, bool* rewritten);
    // A bad row: strict mode stops with the message; skip mode writes it to the rejects file.
    bool reject(CsvReader& r, const QString& message, SyncTableSummary& s);
    bool rejectRecord(const QString& file, qint64 line, std::string_view record,
                      const QString& message, SyncTableSummary& s);
    bool keepGoing(CsvReader& r);
    bool prepare(Statement* s, const char* sql);
    bool step(Statement& s);
    // The uid of `userId`, creating a user first seen outside users.csv.
    bool userFor(std::string_view userId, quint32* uid);
    bool propertyKey(const QString& name, quint32* id);
    bool propertiesJson(CsvReader& r, const ExportFormat::Header& h, QByteArray* out);
    // The next row with the header's field count; a row with another count is rejected.
    // False at the end, or with *stop set when the sync must stop.
    bool nextRow(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s, bool* stop);
    // Binds the row's extra columns as a properties object (or NULL) at `index`.
    bool bindProperties(Statement& st, int index, CsvReader& r, const ExportFormat::Header& h);
    // Runs the row's statement, counts it, and reports progress now and then.
    bool landRow(Statement& st, CsvReader& r, SyncTableSummary& s);

    // Optional typed fields: empty means missing (NULL), never zero.
    bool bindTime(Statement& st, int index, CsvReader& r, int field, QString* why);

    Cache& m_cache;
    Database& m_db;
    SyncOptions m_options;
    Progress* m_progress;
    SyncSummary* m_summary;
    QString m_error;
    std::unique_ptr<CsvWriter> m_rejects;
    QStringList m_columnNames; // the header of the file being read, for value errors
    // Single-cell records after the data, held back by nextRow(): a report footer if the file
    // ends with them, bad rows if a data row follows.
    struct HeldRecord
    {
        qint64 line;
        QByteArray raw;
        QString message;
    };
    std::vector<HeldRecord> m_held;

    StringPool m_userIds;         // user_id text -> pool id
    std::vector<quint32> m_uidOf; // pool id -> uid
    quint32 m_nextUid = 1;
    QHash<QString, quint32> m_keys; // property key -> id
    StringPool m_typeNames;
    std::vector<quint32> m_typeIdOf; // pool id -> event_types.id
    std::vector<quint32> m_remap;    // uid -> surviving uid (identity merges)
    bool m_mergesResolved = false;
    QHash<QString, QString> m_merges; // from_user_id -> to_user_id
    ChunkedStore m_events;
    ChunkedStore m_sessions;
    std::vector<quint8> m_buckets; // spillBatch()'s scratch
    Statement m_insertUser;
};

} // namespace pulsebook
