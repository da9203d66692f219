#include "WarehouseSync.h"

#include "CopyPump.h"
#include "Progress.h"
#include "WarehouseConnection.h"
#include "WarehouseRollup.h"
#include "cache/Cache.h"
#include "cache/Database.h"

#include <QElapsedTimer>

#include <cstring>
#include <memory>

namespace pulsebook {

namespace {

using ExportFormat::Table;
using namespace warehouse;

constexpr int FetchRows = 20000;

// The warehouse sync; false with *error on a failure or a stop (syncWarehouse tells them apart).
bool runWarehouseSync(Cache& cache, const WarehouseSource& source,
                      const WarehouseSyncOptions& options, Progress* p,
                      WarehouseSyncSummary* summary, QString* error)
{
    WarehouseSyncSummary local;
    WarehouseSyncSummary* s = summary ? summary : &local;
    *s = WarehouseSyncSummary();
    QElapsedTimer clock;
    clock.start();
    WarehouseTest test;
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    Connection c;
    QList<TableInfo> tables;
    if (!c.open(source, &test) || !inspect(c, source, &tables, &test))
        return fail(test.message);
    const auto info = [&](Table t) -> const TableInfo& {
        return tableInfo(tables, t);
    };
    const auto qualified = [&](Table t) {
        return qualifiedName(source, info(t));
    };
    // One snapshot for every table.
    if (!c.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ"), &test) &&
        !c.exec(QStringLiteral("BEGIN"), &test))
        return fail(test.message);

    // Scope: the chosen people and everyone below them, their accounts and those accounts'
    // users, in temporary tables (the names are bound, never spliced).
    const bool scoped = !options.scope.isEmpty();
    if (scoped) {
        const TableInfo& team = info(Table::Team);
        const TableInfo& accounts = info(Table::Accounts);
        if (!team.present || !accounts.present)
            return fail(QStringLiteral("%1: a scoped sync needs the team and accounts tables")
                            .arg(source.displayName()));
        if (!c.exec(QStringLiteral("CREATE TEMP TABLE pb_scope_people(person text)"), &test))
            return fail(test.message);
        for (const QString& person : options.scope) {
            Result found;
            if (!c.execParams(QStringLiteral("SELECT 1 FROM %1 WHERE %2 = $1")
                                  .arg(qualified(Table::Team), quoted(team.column("person"))),
                              {person}, &test, &found))
                return fail(test.message);
            if (PQntuples(found.get()) == 0)
                return fail(QStringLiteral("--scope: nobody named \"%1\" in %2.%3")
                                .arg(person, source.schema, team.name));
            if (!c.execParams(QStringLiteral("INSERT INTO pb_scope_people VALUES ($1)"), {person},
                              &test))
                return fail(test.message);
        }
        const QString person = quoted(team.column("person"));
        const QString manager = quoted(team.column("manager"));
        const TableInfo& users = info(Table::Users);
        if (!c.exec(
                QStringLiteral("CREATE TEMP TABLE pb_scope_accounts AS "
                               "WITH RECURSIVE below(person) AS ("
                               "SELECT person FROM pb_scope_people UNION "
                               "SELECT t.%1::text FROM %2 t JOIN below b ON t.%3::text = b.person) "
                               "SELECT DISTINCT a.%4::text AS account_id FROM %5 a "
                               "WHERE a.%6::text IN (SELECT person FROM below)")
                    .arg(person, qualified(Table::Team), manager,
                         quoted(accounts.column("account_id")), qualified(Table::Accounts),
                         quoted(accounts.column("csm"))),
                &test) ||
            !c.exec(QStringLiteral("CREATE TEMP TABLE pb_scope_users AS SELECT DISTINCT "
                                   "u.%1::text AS user_id FROM %2 u WHERE u.%3::text IN "
                                   "(SELECT account_id FROM pb_scope_accounts)")
                        .arg(quoted(users.column("user_id")), qualified(Table::Users),
                             quoted(users.column("account_id"))),
                    &test))
            return fail(test.message);
        Result count;
        if (!c.exec(QStringLiteral("SELECT count(*) FROM pb_scope_accounts"), &test, &count))
            return fail(test.message);
        s->scopedAccounts = QByteArray(PQgetvalue(count.get(), 0, 0)).toLongLong();
    }
    // Incremental: events and sessions from the latest synced event minus the overlap.
    if (options.incremental) {
        Statement latest = cache.db().prepare("SELECT MAX(max_time) FROM event_chunks", nullptr);
        if (latest.isValid() && latest.step() && !latest.isNull(0))
            s->sinceMs = latest.int64(0) - options.overlapMs;
        if (s->sinceMs >= 0) {
            if (!c.exec(QStringLiteral("CREATE TEMP TABLE pb_since(t timestamptz)"), &test) ||
                !c.execParams(QStringLiteral("INSERT INTO pb_since VALUES (to_timestamp($1::float8 "
                                             "/ 1000))"),
                              {QString::number(s->sinceMs)}, &test))
                return fail(test.message);
        }
    }

    // COPY on PostgreSQL; Redshift has no COPY TO STDOUT, only cursors.
    Result version;
    if (!c.exec(QStringLiteral("SELECT version()"), &test, &version))
        return fail(test.message);
    const bool redshift =
        QByteArray(PQgetvalue(version.get(), 0, 0)).contains(QByteArrayLiteral("Redshift"));
    const bool copy = options.transfer == WarehouseSyncOptions::Transfer::Copy ||
                      (options.transfer == WarehouseSyncOptions::Transfer::Auto && !redshift);
    if (copy && !c.exec(QStringLiteral("SET DateStyle = 'ISO, YMD'"), &test))
        return fail(test.message);
    s->copied = copy;
    UserRollup rollup;
    // A full unscoped sync holds every user's events: the cache computes the same rollup itself.
    using Rollup = WarehouseSyncOptions::Rollup;
    const bool wantRollup = options.rollup == Rollup::Always ||
                            (options.rollup == Rollup::Auto && (scoped || options.incremental));
    if (wantRollup && info(Table::Sessions).present) {
        QString why;
        if (!rollup.query(c, source, tables, options, redshift, p, &why))
            return fail(why);
        s->rollupUsers = qint64(rollup.rows.size());
    }
    // Each table streams into the sync when its turn comes (through COPY, or a cursor batch at
    // a time), in the same snapshot: nothing is written to disk on the way.
    struct Feed
    {
        const TableInfo* info = nullptr;
        QString select;
        bool started = false;
        bool done = false;
        QByteArray pending; // CSV not yet handed to the reader
        qsizetype offset = 0;
        std::unique_ptr<CopyPump> pump; // while its COPY runs
    };
    std::vector<Feed> feeds;
    for (const TableInfo& t : std::as_const(tables)) {
        if (!t.present)
            continue;
        QString where;
        const bool byUser = t.table == Table::Users || t.table == Table::Sessions ||
                            t.table == Table::Events || t.table == Table::CampaignTouches;
        // Every account stays in a scoped sync: company-wide scorecards read the rollup.
        if (scoped && byUser)
            where = QStringLiteral("x.%1::text IN (SELECT user_id FROM pb_scope_users)")
                        .arg(quoted(t.column("user_id")));
        if (s->sinceMs >= 0 && (t.table == Table::Events || t.table == Table::Sessions)) {
            const QString since =
                QStringLiteral("x.%1 >= (SELECT t FROM pb_since)").arg(quoted(t.column("time")));
            where = where.isEmpty() ? since : where + QStringLiteral(" AND ") + since;
        }
        Feed feed;
        feed.info = &t;
        feed.select =
            QStringLiteral("SELECT %1 FROM %2 x%3")
                .arg(selectList(t, QStringLiteral("x"), copy, redshift), qualified(t.table),
                     where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where);
        feeds.push_back(std::move(feed));
    }
    qint64 fetchNs = 0;
    // Refills feed.pending with the next rows (about 256 KB); false with *why on an error.
    const auto refill = [&](Feed& feed, QString* why) {
        const TableInfo& t = *feed.info;
        feed.pending.clear();
        feed.offset = 0;
        if (!feed.started) {
            feed.started = true;
            for (qsizetype i = 0; i < t.columns.size(); ++i) {
                if (i)
                    feed.pending.append(',');
                const QByteArray name = t.columns[i].toUtf8();
                appendField(&feed.pending, name.constData(), int(name.size()));
            }
            feed.pending.append('\n');
            const bool started =
                copy ? c.copyOut(
                           QStringLiteral("COPY (%1) TO STDOUT WITH (FORMAT csv)").arg(feed.select),
                           &test)
                     : c.exec(QStringLiteral("DECLARE pb_rows NO SCROLL CURSOR FOR %1")
                                  .arg(feed.select),
                              &test);
            if (!started) {
                *why = test.message;
                return false;
            }
            if (copy)
                feed.pump = std::make_unique<CopyPump>(c);
            return true;
        }
        if (copy) {
            QString problem;
            if (feed.pump->next(&feed.pending, &problem))
                return true;
            if (!problem.isEmpty()) {
                *why = problem;
                return false;
            }
            s->rowsFetched += feed.pump->rows();
            feed.pump.reset();
            feed.done = true;
            return true;
        }
        Result batch;
        if (!c.exec(QStringLiteral("FETCH FORWARD %1 FROM pb_rows").arg(FetchRows), &test,
                    &batch)) {
            *why = test.message;
            return false;
        }
        const int n = PQntuples(batch.get());
        const int fields = PQnfields(batch.get());
        for (int r = 0; r < n; ++r) {
            for (int f = 0; f < fields; ++f) {
                if (f)
                    feed.pending.append(',');
                if (!PQgetisnull(batch.get(), r, f))
                    appendField(&feed.pending, PQgetvalue(batch.get(), r, f),
                                PQgetlength(batch.get(), r, f));
            }
            feed.pending.append('\n');
        }
        s->rowsFetched += n;
        if (n < FetchRows) {
            feed.done = true;
            if (!c.exec(QStringLiteral("CLOSE pb_rows"), &test)) {
                *why = test.message;
                return false;
            }
        }
        return true;
    };

    // The tables sync like an export's files; the rollup lands in the same transaction.
    SyncOptions rowOptions = options.rows;
    // The streams' headers are made up from the warehouse's (Heap Connect) names: the
    // workspace's mapping of export files and columns does not apply to them.
    if (!rowOptions.mapping)
        rowOptions.mapping.emplace();
    for (Feed& feed : feeds) {
        SyncOptions::TableStream stream;
        stream.table = feed.info->table;
        stream.name = source.schema + QLatin1Char('.') + feed.info->name;
        stream.firstLine = 0; // the header is made up: line N is row N
        // A table's CSV is about 0.8 of its pages on disk (0.77-0.83 on the demo data).
        stream.expectedBytes = feed.info->estimatedBytes * 4 / 5;
        // reltuples: -1 (PostgreSQL 14+) or 0 before the first VACUUM or ANALYZE: unknown.
        stream.expectedRows = feed.info->estimatedRows > 0 ? feed.info->estimatedRows : -1;
        stream.read = [&feed, &refill, &fetchNs](char* buffer, qint64 max, QString* why) -> qint64 {
            QElapsedTimer clock;
            clock.start();
            while (feed.offset == feed.pending.size() && !feed.done) {
                if (!refill(feed, why))
                    return -1;
            }
            const qint64 n = std::min<qint64>(max, feed.pending.size() - feed.offset);
            std::memcpy(buffer, feed.pending.constData() + feed.offset, size_t(n));
            feed.offset += n;
            fetchNs += clock.nsecsElapsed();
            return n;
        };
        rowOptions.streams.append(stream);
    }
    rowOptions.source = source.displayName() + QLatin1Char('/') + source.schema;
    rowOptions.mode = QStringLiteral("warehouse") +
                      (options.incremental ? QStringLiteral(" incremental") : QString()) +
                      (scoped ? QStringLiteral(" scoped") : QString());
    // A sync without a rollup leaves none behind (UserRollup::store).
    rowOptions.beforeCommit = [&rollup](Database& db, QString* why) {
        return rollup.store(db, why);
    };
    QString why;
    const bool synced = bool(syncExportFolder(cache, QString(), rowOptions, p, &s->sync, &why));
    s->fetchMs = fetchNs / 1000000;
    for (Feed& feed : feeds)
        feed.pump.reset(); // a stopped sync leaves a COPY running: cancel it first
    c.exec(QStringLiteral("COMMIT"), &test); // it only read
    s->elapsedMs = clock.elapsed();
    if (!synced)
        return fail(why);
    s->sync.folder = rowOptions.source;
    return true;
}

} // namespace

Status syncWarehouse(Cache& cache, const WarehouseSource& source,
                     const WarehouseSyncOptions& options, Progress* progress,
                     WarehouseSyncSummary* summary, QString* error)
{
    StopRecorder stop(progress);
    QString why;
    if (runWarehouseSync(cache, source, options, &stop, summary, &why))
        return Status::done();
    if (stop.stopped())
        return Status::cancelled();
    if (error)
        *error = why;
    return Status::failed(why);
}

} // namespace pulsebook
