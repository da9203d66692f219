// libFuzzer target: the CSV import of an export folder into a scratch cache (issue 6, item 1):
// syncExportFolder, with the reader, header matching, every table's row parser, identity
// merges and the chunked event store behind it.
//
// Input: one flags byte, then a file, optionally then "\n%%\n" and an events.csv.
//   flags bit 0: skip bad rows (into a rejects file) instead of stopping at the first;
//         bit 1: sync into a cache that already holds the fixture of FuzzFixture.h, not an
//                empty one (the incremental path: merging into stored chunks);
//         bit 2: name the events file ALL_EVENTS.csv (a synonym, matched case-insensitively);
//         bit 3: cancel through the progress at its (size % 8 + 1)-th update;
//         bits 4-6: the first file's table: 0 accounts, 1 team, 2 sessions, 3 users,
//                   4 user_migrations, 5 campaign_touches, 6 accounts, 7 users
//                   (so "0".."3" and "p".."z" start a users.csv).
// Each input gets a fresh cache in a folder of its own, removed afterwards.
//
// Invariants: a failed or cancelled sync leaves every table of the cache exactly as it was
// (row counts and contents) and no rejects file; a sync that lands adds one sync-log row,
// leaves a cache that passes PRAGMA integrity_check and loads as an index, its summary's event
// count is the cache's, and a rejects file exists exactly when rows were rejected.
#define FUZZ_TARGET_NAME "fuzz_import"
#include "FuzzFixture.h"

#include "Progress.h"

#include <QMap>

#include <sqlite3.h>

using namespace pulsebook;

namespace {

const char* const TableFiles[8] = {
    "accounts.csv",         "team.csv",     "sessions.csv", "users.csv", "user_migrations.csv",
    "campaign_touches.csv", "accounts.csv", "users.csv"};

QString g_baseline; // a cache file holding the fixture, copied for bit 1

// Rows and an order-independent hash of the rows of every table.
struct TableDigest
{
    qint64 rows = 0;
    quint64 hash = 0;
    bool operator==(const TableDigest& o) const { return rows == o.rows && hash == o.hash; }
};
using Digest = QMap<QString, TableDigest>;

Digest digest(Cache& cache)
{
    sqlite3* db = cache.db().handle();
    Digest out;
    std::vector<QString> tables;
    sqlite3_stmt* list = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                       &list, nullptr);
    while (list && sqlite3_step(list) == SQLITE_ROW)
        tables.push_back(
            QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(list, 0))));
    sqlite3_finalize(list);
    for (const QString& table : tables) {
        const QByteArray sql = "SELECT * FROM \"" + table.toUtf8() + "\"";
        sqlite3_stmt* s = nullptr;
        FUZZ_CHECK(sqlite3_prepare_v2(db, sql.constData(), -1, &s, nullptr) == SQLITE_OK,
                   QStringLiteral("cannot read table %1: %2")
                       .arg(table, QString::fromUtf8(sqlite3_errmsg(db))));
        TableDigest d;
        while (sqlite3_step(s) == SQLITE_ROW) {
            quint64 row = 1469598103934665603ULL;
            for (int c = 0; c < sqlite3_column_count(s); ++c) {
                const int type = sqlite3_column_type(s, c);
                const char* bytes = static_cast<const char*>(sqlite3_column_blob(s, c));
                const int n = sqlite3_column_bytes(s, c);
                row = (row ^ quint64(type + 1)) * 1099511628211ULL;
                row ^= fuzz::hashBytes(std::string_view(bytes ? bytes : "", size_t(n)));
                row *= 1099511628211ULL;
            }
            ++d.rows;
            d.hash += row;
        }
        sqlite3_finalize(s);
        out.insert(table, d);
    }
    return out;
}

QString describe(const Digest& d)
{
    QStringList parts;
    for (auto it = d.begin(); it != d.end(); ++it)
        parts << QStringLiteral("%1=%2/%3").arg(it.key()).arg(it->rows).arg(it->hash, 0, 16);
    return parts.join(QLatin1Char(' '));
}

// Cancels at the n-th update.
class CancelAt : public Progress
{
public:
    explicit CancelAt(int n) : m_left(n) {}
    bool update(qint64) override
    {
        if (m_left > 0 && --m_left == 0)
            cancel();
        if (isCancelled())
            m_refused = true;
        return !isCancelled();
    }
    bool refused() const { return m_refused; }

private:
    int m_left;
    bool m_refused = false;
};

void removeTree(const QString& path)
{
    if (!QDir(path).removeRecursively())
        fuzz::fail(FUZZ_TARGET_NAME, QStringLiteral("cannot remove %1").arg(path));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fuzz::quietQt();
    // The baseline: a synced fixture cache, closed (so its WAL is folded in), to copy.
    const QString folder = fuzz::scratch().filePath(QStringLiteral("baseline"));
    QDir().mkpath(folder + QStringLiteral("/export"));
    for (const auto& [file, text] :
         {std::pair{"accounts.csv", fuzz::FixtureAccounts},
          std::pair{"users.csv", fuzz::FixtureUsers}, std::pair{"events.csv", fuzz::FixtureEvents}})
        fuzz::writeFile(folder + QStringLiteral("/export/") + QLatin1String(file), text,
                        std::strlen(text));
    g_baseline = folder + QStringLiteral("/cache.sqlite");
    Cache cache;
    QString error;
    if (!cache.open(g_baseline, true, &error) ||
        !syncExportFolder(cache, folder + QStringLiteral("/export"), {}, nullptr, nullptr, &error))
        fuzz::fail(FUZZ_TARGET_NAME, QStringLiteral("baseline: %1").arg(error));
    cache.close();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    if (size == 0)
        return 0;
    const quint8 flags = bytes[0];
    const std::string_view rest = fuzz::view(bytes + 1, size - 1);
    const size_t separator = rest.find("\n%%\n");
    const std::string_view first =
        separator == std::string_view::npos ? rest : rest.substr(0, separator + 1);
    const std::string_view events =
        separator == std::string_view::npos ? std::string_view() : rest.substr(separator + 4);

    const QString dir = fuzz::scratch().filePath(QStringLiteral("run"));
    const QString folder = dir + QStringLiteral("/export");
    const QString cachePath = dir + QStringLiteral("/cache.sqlite");
    const QString rejectsPath = cachePath + QStringLiteral(".rejects.csv");
    if (QFileInfo::exists(dir))
        removeTree(dir);
    QDir().mkpath(folder);
    fuzz::writeFile(folder + QLatin1Char('/') + QLatin1String(TableFiles[(flags >> 4) & 7]),
                    first.data(), first.size());
    if (separator != std::string_view::npos)
        fuzz::writeFile(folder + ((flags & 4) ? QStringLiteral("/ALL_EVENTS.csv")
                                              : QStringLiteral("/events.csv")),
                        events.data(), events.size());
    if ((flags & 2) && !QFile::copy(g_baseline, cachePath))
        fuzz::fail(FUZZ_TARGET_NAME, QStringLiteral("cannot copy the baseline cache"));

    {
        Cache cache;
        QString error;
        FUZZ_CHECK(cache.open(cachePath, true, &error), error);
        const Digest before = digest(cache);

        SyncOptions options;
        options.skipBadRows = (flags & 1) != 0;
        CancelAt progress((flags & 8) ? int(size % 8) + 1 : 0);
        SyncSummary summary;
        const Status status = syncExportFolder(cache, folder, options, &progress, &summary, &error);
        const bool ok = status.isDone();
        const Digest after = digest(cache);
        // The rejects file is written beside its place and renamed in: never left behind.
        const QStringList leftOver =
            QDir(dir).entryList({QStringLiteral(".cache.sqlite.rejects.csv.*")},
                                QDir::Files | QDir::Hidden | QDir::System);
        FUZZ_CHECK(leftOver.isEmpty(), QStringLiteral("a temporary rejects file was left: %1")
                                           .arg(leftOver.join(QLatin1Char(' '))));

        if (!ok || progress.refused()) {
            FUZZ_CHECK(!ok, QStringLiteral("the sync landed after its progress said stop"));
            FUZZ_CHECK(status.isCancelled() == progress.refused(),
                       QStringLiteral("a stop reported as a failure, or a failure as a stop"));
            FUZZ_CHECK(status.isCancelled() || !error.isEmpty(),
                       QStringLiteral("a failed sync without an error"));
            FUZZ_CHECK(
                after == before,
                QStringLiteral("a failed sync (%1) changed the cache:\n before %2\n after  %3")
                    .arg(error, describe(before), describe(after)));
            FUZZ_CHECK(!QFileInfo::exists(rejectsPath),
                       QStringLiteral("a failed sync (%1) left a rejects file").arg(error));
            if (!(flags & 2)) {
                for (const auto& t : cache.rowCounts())
                    FUZZ_CHECK(t.rows == 0, QStringLiteral("a failed sync (%1) left %2 rows in %3")
                                                .arg(error)
                                                .arg(t.rows)
                                                .arg(t.table));
            }
        } else {
            FUZZ_CHECK(after.value(QStringLiteral("sync_log")).rows ==
                           before.value(QStringLiteral("sync_log")).rows + 1,
                       QStringLiteral("a sync that landed did not add one sync-log row"));
            FUZZ_CHECK(cache.db().scalar("SELECT COUNT(*) FROM pragma_integrity_check "
                                         "WHERE integrity_check <> 'ok'",
                                         -1) == 0,
                       QStringLiteral("PRAGMA integrity_check fails after a sync"));
            qint64 cachedEvents = 0;
            for (const auto& t : cache.rowCounts()) {
                if (t.table == QLatin1String("events"))
                    cachedEvents = t.rows;
            }
            FUZZ_CHECK(summary.eventsInCache == cachedEvents,
                       QStringLiteral("the summary says %1 events in the cache, it holds %2")
                           .arg(summary.eventsInCache)
                           .arg(cachedEvents));
            FUZZ_CHECK((summary.rejected > 0) == QFileInfo::exists(rejectsPath),
                       QStringLiteral("%1 rows rejected, rejects file %2")
                           .arg(summary.rejected)
                           .arg(QFileInfo::exists(rejectsPath) ? QStringLiteral("written")
                                                               : QStringLiteral("missing")));
            const auto index = EventIndex::load(cache, nullptr, &error);
            FUZZ_CHECK(index != nullptr,
                       QStringLiteral("the synced cache does not load as an index: %1").arg(error));
        }
    }
    removeTree(dir);
    return 0;
}
