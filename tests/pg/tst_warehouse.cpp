// The warehouse sync against a real PostgreSQL server: the throwaway cluster scripts/test starts
// (scripts/pg-cluster), with the demo export loaded into schema "heap" (scripts/pg-load-export).
// Tests that change data work on copies in schemas of their own. Without the PULSEBOOK_PG_*
// variables every test FAILS, saying to run it through scripts/test.
#include "Progress.h"
#include "TestConfig.h"
#include "TestSupport.h"
#include "analysis/AccountFigures.h"
#include "analysis/Calendar.h"
#include "analysis/EventIndex.h"
#include "analysis/Rollup.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "sync/ExportSync.h"
#include "sync/WarehouseSync.h"
#include "workspace/Workspace.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace pulsebook;

namespace {

const char* const Tables[] = {"team",       "accounts",         "users",          "sessions",
                              "all_events", "campaign_touches", "user_migrations"};

QString env(const char* name)
{
    return qEnvironmentVariable(name);
}

} // namespace

class TestWarehouse : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_demo;
    QSqlDatabase m_admin;
    int m_caches = 0;

    WarehouseSource source(const QString& schema = QStringLiteral("heap")) const
    {
        WarehouseSource s;
        s.host = env("PULSEBOOK_PG_HOST");
        s.port = env("PULSEBOOK_PG_PORT").toInt();
        s.database = env("PULSEBOOK_PG_DATABASE");
        s.user = env("PULSEBOOK_PG_USER");
        s.password = env("PULSEBOOK_PG_PASSWORD");
        s.schema = schema;
        s.sslMode = QStringLiteral("disable");
        return s;
    }

    QString newCachePath()
    {
        return m_dir.filePath(QStringLiteral("c%1.pulsebook").arg(++m_caches));
    }

    bool admin(const QString& sql)
    {
        QSqlQuery q(m_admin);
        if (!q.exec(sql)) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return false;
        }
        return true;
    }

    qint64 adminCount(const QString& sql)
    {
        QSqlQuery q(m_admin);
        if (!q.exec(sql) || !q.next()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return -1;
        }
        return q.value(0).toLongLong();
    }

    // A copy of heap's tables in `schema`, readable by the sync's user.
    bool copySchema(const QString& schema)
    {
        if (!admin(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(schema)) ||
            !admin(QStringLiteral("CREATE SCHEMA %1").arg(schema)) ||
            !admin(QStringLiteral("GRANT USAGE ON SCHEMA %1 TO %2")
                       .arg(schema, env("PULSEBOOK_PG_USER"))))
            return false;
        for (const char* t : Tables) {
            if (!admin(QStringLiteral("CREATE TABLE %1.%2 AS TABLE heap.%2")
                           .arg(schema, QLatin1String(t))) ||
                !admin(QStringLiteral("GRANT SELECT ON %1.%2 TO %3")
                           .arg(schema, QLatin1String(t), env("PULSEBOOK_PG_USER"))))
                return false;
        }
        return true;
    }

    bool syncCsv(const QString& folder, const QString& cachePath)
    {
        Cache cache;
        QString error;
        if (!cache.open(cachePath, true, &error) ||
            !syncExportFolder(cache, folder, {}, nullptr, nullptr, &error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        return true;
    }

    bool syncFrom(const WarehouseSource& s, const QString& cachePath,
                  const WarehouseSyncOptions& options = {}, WarehouseSyncSummary* summary = nullptr,
                  QString* error = nullptr)
    {
        Cache cache;
        QString why;
        const bool ok = cache.open(cachePath, true, &why) &&
                        syncWarehouse(cache, s, options, nullptr, summary, &why);
        if (error)
            *error = why;
        else if (!ok)
            qWarning("%s", qPrintable(why));
        return ok;
    }

    // Every table's contents except the sync log and the warehouse's own rollup.
    static QMap<QString, test::TableState> contents(const QString& cachePath)
    {
        QMap<QString, test::TableState> state = test::snapshot(cachePath);
        state.remove(QStringLiteral("user_rollup"));
        return state;
    }

private slots:
    void initTestCase()
    {
        for (const char* v :
             {"PULSEBOOK_PG_HOST", "PULSEBOOK_PG_PORT", "PULSEBOOK_PG_DATABASE",
              "PULSEBOOK_PG_USER", "PULSEBOOK_PG_PASSWORD", "PULSEBOOK_PG_SUPERUSER",
              "PULSEBOOK_PG_SUPERUSER_PASSWORD", "PULSEBOOK_PG_OUTSIDER_USER",
              "PULSEBOOK_PG_OUTSIDER_PASSWORD", "PULSEBOOK_PG_DEMO_DIR"}) {
            QVERIFY2(!env(v).isEmpty(),
                     qPrintable(QStringLiteral("%1 is not set: PostgreSQL tests run against the "
                                               "cluster scripts/test starts (scripts/test -L "
                                               "postgres)")
                                    .arg(QLatin1String(v))));
        }
        QVERIFY(m_dir.isValid());
        m_demo = env("PULSEBOOK_PG_DEMO_DIR");
        m_admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("admin"));
        m_admin.setHostName(env("PULSEBOOK_PG_HOST"));
        m_admin.setPort(env("PULSEBOOK_PG_PORT").toInt());
        m_admin.setDatabaseName(env("PULSEBOOK_PG_DATABASE"));
        m_admin.setUserName(env("PULSEBOOK_PG_SUPERUSER"));
        m_admin.setPassword(env("PULSEBOOK_PG_SUPERUSER_PASSWORD"));
        QVERIFY2(m_admin.open(), qPrintable(m_admin.lastError().text()));
        // libpq's own password sources stay out of the way unless a test sets them.
        qunsetenv("PGPASSWORD");
    }

    void cleanupTestCase()
    {
        m_admin.close();
        m_admin = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("admin"));
    }

    void connectionTest()
    {
        WarehouseTest t;
        QVERIFY2(testWarehouse(source(), &t), qPrintable(t.message));
        QCOMPARE(t.tables.size(), 7);
        QCOMPARE(t.tables[4].first, QStringLiteral("heap.all_events"));
    }

    void connectionFailures()
    {
        WarehouseTest t;
        WarehouseSource s = source();
        s.port = 1;
        QVERIFY(!testWarehouse(s, &t));
        QCOMPARE(t.problem, WarehouseTest::Refused);
        QVERIFY2(t.message.contains(QLatin1String("no server answers")), qPrintable(t.message));

        s = source();
        s.password = QStringLiteral("not the password");
        QVERIFY(!testWarehouse(s, &t));
        QCOMPARE(t.problem, WarehouseTest::Authentication);
        QVERIFY2(t.message.contains(QLatin1String("password authentication failed")),
                 qPrintable(t.message));
        QVERIFY(!t.message.contains(s.password));

        s = source();
        s.database = QStringLiteral("nowhere");
        QVERIFY(!testWarehouse(s, &t));
        QCOMPARE(t.problem, WarehouseTest::NoDatabase);

        QVERIFY(admin(QStringLiteral("DROP SCHEMA IF EXISTS w_broken CASCADE")));
        QVERIFY(admin(QStringLiteral("CREATE SCHEMA w_broken")));
        QVERIFY(admin(
            QStringLiteral("GRANT USAGE ON SCHEMA w_broken TO %1").arg(env("PULSEBOOK_PG_USER"))));
        QVERIFY(admin(QStringLiteral("CREATE TABLE w_broken.all_events AS TABLE heap.all_events "
                                     "WITH NO DATA")));
        QVERIFY(admin(QStringLiteral("GRANT SELECT ON w_broken.all_events TO %1")
                          .arg(env("PULSEBOOK_PG_USER"))));
        QVERIFY(!testWarehouse(source(QStringLiteral("w_broken")), &t));
        QCOMPARE(t.problem, WarehouseTest::MissingTable);
        QCOMPARE(t.message,
                 QStringLiteral("w_broken.users: no such table (the sync needs users and events)"));

        QVERIFY(admin(QStringLiteral("CREATE TABLE w_broken.users(uid text, email text)")));
        QVERIFY(admin(
            QStringLiteral("GRANT SELECT ON w_broken.users TO %1").arg(env("PULSEBOOK_PG_USER"))));
        QVERIFY(!testWarehouse(source(QStringLiteral("w_broken")), &t));
        QCOMPARE(t.problem, WarehouseTest::MissingColumn);
        QCOMPARE(t.message, QStringLiteral("w_broken.users: missing column \"user_id\" (it has "
                                           "uid, email)"));

        s = source();
        s.user = env("PULSEBOOK_PG_OUTSIDER_USER");
        s.password = env("PULSEBOOK_PG_OUTSIDER_PASSWORD");
        QVERIFY(!testWarehouse(s, &t));
        QCOMPARE(t.problem, WarehouseTest::Permission);
        QVERIFY2(
            t.message.startsWith(QStringLiteral("heap.team: outsider may not read this table")),
            qPrintable(t.message));

        // A sync that cannot connect changes nothing and says why.
        const QString path = newCachePath();
        s = source();
        s.port = 1;
        QString error;
        QVERIFY(!syncFrom(s, path, {}, nullptr, &error));
        QVERIFY2(error.contains(QLatin1String("no server answers")), qPrintable(error));
    }

    void hostileNamesAreRefused()
    {
        WarehouseTest t;
        for (const QString& schema :
             {QStringLiteral("heap\"; DROP TABLE heap.users; --"), QStringLiteral("heap.users"),
              QStringLiteral("1heap"), QStringLiteral("hé"), QString()}) {
            QVERIFY(!testWarehouse(source(schema), &t));
            QCOMPARE(t.problem, WarehouseTest::BadName);
        }
        WarehouseSource s = source();
        s.tables.append({ExportFormat::Table::Events, QStringLiteral("all_events; DELETE FROM x")});
        QVERIFY(!testWarehouse(s, &t));
        QCOMPARE(t.problem, WarehouseTest::BadName);
        QVERIFY2(t.message.startsWith(QStringLiteral("table \"all_events; DELETE FROM x\" is not "
                                                     "a plain SQL identifier")),
                 qPrintable(t.message));
        // Nothing was run: the tables are all still there.
        QCOMPARE(adminCount(QStringLiteral("SELECT count(*) FROM heap.users")),
                 adminCount(QStringLiteral("SELECT count(*) FROM heap.users")));
        QVERIFY(testWarehouse(source(), &t));
        QVERIFY(!isPlainIdentifier(QString(64, QLatin1Char('a'))));
        QVERIFY(isPlainIdentifier(QStringLiteral("_all_Events2")));
    }

    void fullSyncEqualsCsvSync_data()
    {
        QTest::addColumn<int>("transfer");
        QTest::addColumn<bool>("copied");
        QTest::newRow("auto") << int(WarehouseSyncOptions::Transfer::Auto) << true;
        QTest::newRow("copy") << int(WarehouseSyncOptions::Transfer::Copy) << true;
        QTest::newRow("cursor") << int(WarehouseSyncOptions::Transfer::Cursor) << false;
    }

    void fullSyncEqualsCsvSync()
    {
        QFETCH(int, transfer);
        QFETCH(bool, copied);
        const QString fromWarehouse = newCachePath();
        const QString fromCsv = newCachePath();
        WarehouseSyncOptions options;
        options.transfer = WarehouseSyncOptions::Transfer(transfer);
        WarehouseSyncSummary summary;
        QVERIFY(syncFrom(source(), fromWarehouse, options, &summary));
        QCOMPARE(summary.copied, copied);
        QVERIFY(syncCsv(m_demo, fromCsv));
        QCOMPARE(contents(fromWarehouse), contents(fromCsv));
        QVERIFY(summary.rowsFetched > 20000);
        // A full unscoped sync holds every event: no rollup is computed or kept.
        QCOMPARE(summary.rollupUsers, qint64(-1));
        QCOMPARE(test::snapshot(fromWarehouse).value(QStringLiteral("user_rollup")).rows,
                 qint64(0));
        // The password is nowhere in the cache.
        const QByteArray bytes = test::readFile(fromWarehouse);
        QVERIFY(!bytes.isEmpty());
        QVERIFY(!bytes.contains(env("PULSEBOOK_PG_PASSWORD").toUtf8()));
        // A second full sync changes nothing.
        QVERIFY(syncFrom(source(), fromWarehouse, options));
        QCOMPARE(contents(fromWarehouse), contents(fromCsv));
    }

    // COPY sends times as the server prints them, a cursor through to_char: both must read the
    // same instants, whatever the column's type and precision.
    void copyAndCursorReadTheSameTimes()
    {
        QVERIFY(copySchema(QStringLiteral("w_times")));
        // Microseconds on some rows (truncated to milliseconds on both paths). The tables are
        // rewritten in place (an UPDATE would move rows, and first-seen order sets ids).
        QVERIFY(admin(QStringLiteral(
            "ALTER TABLE w_times.all_events ALTER COLUMN time TYPE timestamp(6) without time "
            "zone USING (time AT TIME ZONE 'UTC') + CASE WHEN right(event_id::text, 1) = '7' "
            "THEN interval '0.000999 seconds' ELSE interval '0' END")));
        QVERIFY(admin(QStringLiteral(
            "ALTER TABLE w_times.sessions ALTER COLUMN time TYPE timestamptz(6) USING time + "
            "CASE WHEN right(session_id::text, 1) = '3' THEN interval '0.000777 seconds' ELSE "
            "interval '0' END")));
        QCOMPARE(adminCount(QStringLiteral("SELECT count(*) FROM w_times.all_events WHERE "
                                           "extract(microseconds FROM time)::bigint % 1000 = 999")),
                 adminCount(QStringLiteral("SELECT count(*) FROM heap.all_events WHERE "
                                           "right(event_id::text, 1) = '7'")));
        // A role of its own whose sessions default to a far time zone and another DateStyle
        // (other test processes share the database and its users); the sync sets its own
        // (QPSQL sets DateStyle ISO on connecting too).
        QVERIFY(admin(QStringLiteral("DROP ROLE IF EXISTS w_times_reader")));
        QVERIFY(admin(QStringLiteral("CREATE ROLE w_times_reader LOGIN PASSWORD 'w-times'")));
        QVERIFY(admin(QStringLiteral("GRANT USAGE ON SCHEMA w_times TO w_times_reader")));
        QVERIFY(admin(
            QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA w_times TO w_times_reader")));
        QVERIFY(
            admin(QStringLiteral("ALTER ROLE w_times_reader SET TimeZone = 'Pacific/Kiritimati'")));
        QVERIFY(admin(QStringLiteral("ALTER ROLE w_times_reader SET DateStyle = 'SQL, DMY'")));
        WarehouseSource reader = source(QStringLiteral("w_times"));
        reader.user = QStringLiteral("w_times_reader");
        reader.password = QStringLiteral("w-times");
        const QString viaCopy = newCachePath();
        const QString viaCursor = newCachePath();
        WarehouseSyncOptions options;
        options.transfer = WarehouseSyncOptions::Transfer::Copy;
        const bool copyOk = syncFrom(reader, viaCopy, options);
        options.transfer = WarehouseSyncOptions::Transfer::Cursor;
        const bool cursorOk = syncFrom(reader, viaCursor, options);
        QVERIFY(admin(QStringLiteral("DROP SCHEMA w_times CASCADE")));
        QVERIFY(admin(QStringLiteral("DROP ROLE w_times_reader")));
        QVERIFY(copyOk);
        QVERIFY(cursorOk);
        QCOMPARE(contents(viaCopy), contents(viaCursor));
        // And both equal the CSV sync: the shifted times moved by less than a millisecond.
        const QString fromCsv = newCachePath();
        QVERIFY(syncCsv(m_demo, fromCsv));
        QCOMPARE(contents(viaCopy), contents(fromCsv));
    }

    // A bad row in the warehouse stops the sync with the table and the row's number; nothing
    // lands. With --skip-bad-rows it goes to the rejects file and the rest lands.
    void badWarehouseRowNamesTableAndRow()
    {
        QVERIFY(copySchema(QStringLiteral("w_bad")));
        const qint64 rows = adminCount(QStringLiteral("SELECT count(*) FROM w_bad.all_events"));
        QVERIFY(admin(QStringLiteral(
            "INSERT INTO w_bad.all_events(event_id, user_id, session_id, time, event_table_name) "
            "VALUES ('9999999999', NULL, NULL, '2026-06-01 10:00:00+00', 'Login')")));
        for (const auto transfer :
             {WarehouseSyncOptions::Transfer::Copy, WarehouseSyncOptions::Transfer::Cursor}) {
            const QString cachePath = newCachePath();
            WarehouseSyncOptions options;
            options.transfer = transfer;
            QString error;
            QVERIFY(
                !syncFrom(source(QStringLiteral("w_bad")), cachePath, options, nullptr, &error));
            QVERIFY2(error.startsWith(QStringLiteral("w_bad.all_events:%1:").arg(rows + 1)),
                     qPrintable(error));
            QVERIFY2(error.contains(QLatin1String("user_id")), qPrintable(error));
            QCOMPARE(test::snapshot(cachePath).value(QStringLiteral("event_chunks")).rows,
                     qint64(0));

            options.rows.skipBadRows = true;
            WarehouseSyncSummary summary;
            QVERIFY(syncFrom(source(QStringLiteral("w_bad")), cachePath, options, &summary));
            QCOMPARE(summary.sync.rejected, qint64(1));
            QCOMPARE(summary.sync.eventsInCache, rows);
            const QByteArray rejects = test::readFile(summary.sync.rejectsPath);
            QVERIFY2(rejects.contains("9999999999"), rejects.constData());
        }
        QVERIFY(admin(QStringLiteral("DROP SCHEMA w_bad CASCADE")));
    }

    void passwordFromLibpqEnvironment()
    {
        WarehouseSource s = source();
        s.password.clear();
        WarehouseTest t;
        QVERIFY(!testWarehouse(s, &t));
        QCOMPARE(t.problem, WarehouseTest::Authentication);
        qputenv("PGPASSWORD", env("PULSEBOOK_PG_PASSWORD").toUtf8());
        const bool ok = testWarehouse(s, &t);
        qunsetenv("PGPASSWORD");
        QVERIFY2(ok, qPrintable(t.message));
    }

    void incrementalPicksUpNewAndLateRows()
    {
        QVERIFY(copySchema(QStringLiteral("w_inc")));
        const QString cachePath = newCachePath();
        QVERIFY(syncFrom(source(QStringLiteral("w_inc")), cachePath));
        const qint64 lastMs = [&] {
            Database db;
            db.open(cachePath, false, nullptr);
            return db.scalar("SELECT MAX(max_time) FROM event_chunks", -1);
        }();
        QVERIFY(lastMs > 0);
        // A new event after the last one, a late one inside the 3-day overlap, and one late
        // beyond it (an incremental sync does not look that far back, by design).
        const auto at = [](qint64 ms) {
            return QStringLiteral("to_timestamp(%1::float8 / 1000)").arg(ms);
        };
        const QString user =
            QStringLiteral("(SELECT user_id FROM w_inc.users ORDER BY user_id LIMIT 1)");
        QVERIFY(admin(QStringLiteral("INSERT INTO w_inc.all_events(event_id, user_id, time, "
                                     "event_table_name) VALUES "
                                     "('new-1', %1, %2, 'Login'), ('late-1', %1, %3, 'Run Query'), "
                                     "('old-1', %1, %4, 'Login')")
                          .arg(user, at(lastMs + 3600000), at(lastMs - 2 * 86400000LL),
                               at(lastMs - 10 * 86400000LL))));
        WarehouseSyncOptions options;
        options.incremental = true;
        WarehouseSyncSummary summary;
        QVERIFY(syncFrom(source(QStringLiteral("w_inc")), cachePath, options, &summary));
        QCOMPARE(summary.sinceMs, lastMs - 3 * 86400000LL);
        // Exactly the events of the overlap window were read again, the two new ones with them.
        const qint64 inWindow =
            adminCount(QStringLiteral("SELECT count(*) FROM w_inc.all_events WHERE time >= %1")
                           .arg(at(summary.sinceMs)));
        const auto tableRows = [&](const char* table) {
            for (const auto& t : summary.sync.tables) {
                if (t.table == QLatin1String(table))
                    return t.rows;
            }
            return qint64(-1);
        };
        QCOMPARE(tableRows("events"), inWindow);
        QCOMPARE(summary.sync.eventsInCache, 20002);
        std::shared_ptr<const EventIndex> index;
        {
            Cache cache;
            QString error;
            QVERIFY(cache.open(cachePath, false, &error));
            index = EventIndex::load(cache, nullptr, &error);
            QVERIFY2(index, qPrintable(error));
        }
        QCOMPARE(qint64(index->eventCount()), 20002);
        // Syncing again finds nothing new: IDs already in the cache are matched.
        QVERIFY(syncFrom(source(QStringLiteral("w_inc")), cachePath, options, &summary));
        QCOMPARE(summary.sync.eventsInCache, 20002);
        QVERIFY(!summary.sync.eventsRewritten);
        QVERIFY(admin(QStringLiteral("DROP SCHEMA w_inc CASCADE")));
    }

    void scopedSyncHoldsTheScopedBook()
    {
        const QString cachePath = newCachePath();
        WarehouseSyncOptions options;
        options.scope = {QStringLiteral("Maya Patel")}; // a CSM: her accounts only
        WarehouseSyncSummary summary;
        QVERIFY(syncFrom(source(), cachePath, options, &summary));
        const QString below = QStringLiteral(
            "(WITH RECURSIVE b(p) AS (SELECT 'Maya Patel'::text UNION SELECT t.person FROM "
            "heap.team t JOIN b ON t.manager = b.p) SELECT p FROM b)");
        const qint64 accounts = adminCount(
            QStringLiteral("SELECT count(*) FROM heap.accounts WHERE csm IN %1").arg(below));
        QVERIFY(accounts > 0);
        QCOMPARE(summary.scopedAccounts, accounts);
        const QString scopedUsers =
            QStringLiteral("SELECT user_id FROM heap.users WHERE account_id IN (SELECT account_id "
                           "FROM heap.accounts WHERE csm IN %1)")
                .arg(below);
        const qint64 events =
            adminCount(QStringLiteral("SELECT count(*) FROM heap.all_events WHERE user_id IN (%1)")
                           .arg(scopedUsers));
        QCOMPARE(summary.sync.eventsInCache, events);
        Cache cache;
        QString error;
        QVERIFY(cache.open(cachePath, false, &error));
        const std::shared_ptr<const EventIndex> index = EventIndex::load(cache, nullptr, &error);
        QVERIFY2(index, qPrintable(error));
        // Every account stays (company-wide scorecards); users are only the scoped ones.
        QCOMPARE(qint64(index->accountCount()),
                 adminCount(QStringLiteral("SELECT count(*) FROM heap.accounts")));
        QCOMPARE(cache.db().scalar("SELECT count(*) FROM users WHERE from_events = 0"),
                 adminCount(QStringLiteral("SELECT count(*) FROM (%1) x").arg(scopedUsers)));
        for (int u = 0; u < index->userCount(); ++u) {
            const int a = index->userAccount(u);
            if (a < 0)
                continue;
            const QString csm = index->accountProperty(a, QStringLiteral("csm")).toString();
            QVERIFY2(csm == QLatin1String("Maya Patel"), qPrintable(csm));
        }
        // An account outside the scope has no local users: its usage figures, as of the
        // rollup's time, come from the warehouse's rollup (sessions stand in for events).
        int outside = -1;
        for (int a = 0; a < index->accountCount() && outside < 0; ++a) {
            if (index->accountUsers(a).empty() && !index->rollupUsers(a).empty())
                outside = a;
        }
        QVERIFY(outside >= 0);
        const QString id = index->accountId(outside);
        const qint64 asOf = index->rollupAsOfMs();
        QVERIFY(asOf > 0);
        const QString ofAccount =
            QStringLiteral("SELECT user_id FROM heap.users WHERE account_id = '%1' AND user_id NOT "
                           "IN (SELECT from_user_id FROM heap.user_migrations)")
                .arg(id); // an ID of the demo (A0001 ...): no quote in it
        const QString window = QStringLiteral("to_timestamp(%1::float8 / 1000)").arg(asOf);
        AnalysisContext context;
        context.index = index;
        context.asOfMs = asOf;
        AccountFigures figures;
        AccountMetric users, mau, onboarding;
        QVERIFY(AccountMetric::parse(QStringLiteral("users"), &users, &error));
        QVERIFY(AccountMetric::parse(QStringLiteral("mau"), &mau, &error));
        QVERIFY(AccountMetric::parse(QStringLiteral("onboarding_rate"), &onboarding, &error));
        const Workspace workspace = Workspace::defaults();
        context.workspace = &workspace;
        QVERIFY2(figures.prepare(context, {users, mau}, &error), qPrintable(error));
        const AccountUsage usage = figures.usage(outside, asOf);
        QVERIFY(usage.fromWarehouseRollup);
        QCOMPARE(usage.users,
                 adminCount(QStringLiteral("SELECT count(*) FROM (%1) x").arg(ofAccount)));
        QCOMPARE(
            usage.mau,
            adminCount(QStringLiteral("SELECT count(DISTINCT user_id) FROM heap.sessions WHERE "
                                      "user_id IN (%1) AND time >= %2 - interval '30 days' "
                                      "AND time < %2")
                           .arg(ofAccount, window)));
        QVERIFY(std::isnan(figures.number(onboarding, outside, asOf, usage)));
        // At another time there is nothing to go on.
        QCOMPARE(figures.usage(outside, asOf - 86400000).users, 0);
        // The rollup still covers every user of the company.
        QVERIFY(summary.rollupUsers >=
                adminCount(QStringLiteral("SELECT count(*) FROM heap.users")) - 5);
        QString why;
        QVERIFY(!syncFrom(
            source(), newCachePath(),
            [] {
                WarehouseSyncOptions o;
                o.scope = {QStringLiteral("Nobody Here")};
                return o;
            }(),
            nullptr, &why));
        QCOMPARE(why, QStringLiteral("--scope: nobody named \"Nobody Here\" in heap.team"));
        // A manager's scope holds the accounts of everyone below him.
        WarehouseSyncOptions manager;
        manager.scope = {QStringLiteral("Tom Becker")};
        QVERIFY(syncFrom(source(), newCachePath(), manager, &summary));
        QCOMPARE(summary.scopedAccounts,
                 adminCount(QStringLiteral(
                     "SELECT count(*) FROM heap.accounts WHERE csm IN (WITH RECURSIVE b(p) AS "
                     "(SELECT 'Tom Becker'::text UNION SELECT t.person FROM heap.team t JOIN b ON "
                     "t.manager = b.p) SELECT p FROM b)")));
        QVERIFY(summary.scopedAccounts > 1);

        // A full unscoped sync afterwards holds every event: the scoped sync's rollup goes.
        QVERIFY(test::snapshot(cachePath).value(QStringLiteral("user_rollup")).rows > 0);
        QVERIFY(syncFrom(source(), cachePath, {}, &summary));
        QCOMPARE(summary.rollupUsers, qint64(-1));
        QCOMPARE(test::snapshot(cachePath).value(QStringLiteral("user_rollup")).rows, qint64(0));
    }

    // The rollup is as of the analyses' default as-of, the local midnight in the workspace's
    // time zone that ends the latest event's day (else the analyses, asking as of that time,
    // would not use it): PostgreSQL's AT TIME ZONE against Calendar, and by hand for Kolkata
    // (+05:30 all year: its midnight is 18:30 UTC).
    void rollupAsOfInTheWorkspaceTimeZone()
    {
        const qint64 latest = adminCount(QStringLiteral(
            "SELECT floor(extract(epoch FROM max(time)) * 1000)::bigint FROM heap.all_events"));
        QVERIFY(latest > 0);
        for (const char* zone : {"UTC", "Asia/Kolkata", "America/New_York"}) {
            WarehouseSyncOptions options;
            options.scope = {QStringLiteral("Maya Patel")};
            options.timeZone = QLatin1String(zone);
            const QString cachePath = newCachePath();
            QVERIFY(syncFrom(source(), cachePath, options));
            Cache cache;
            QString error;
            QVERIFY(cache.open(cachePath, false, &error));
            const std::shared_ptr<const EventIndex> index =
                EventIndex::load(cache, nullptr, &error);
            QVERIFY2(index, qPrintable(error));
            const qint64 asOf = index->rollupAsOfMs();
            QCOMPARE(asOf, Calendar(QLatin1String(zone)).midnightAfter(latest));
            if (qstrcmp(zone, "Asia/Kolkata") == 0) {
                QCOMPARE(asOf % 86400000, qint64(66600000)); // 18:30:00.000 UTC
                QVERIFY(asOf > latest && asOf - latest <= 86400000);
            }
        }
    }

    // and bad option values are refused before anything connects.
    void commandLine()
    {
        const QString cachePath = newCachePath();
        const auto cli = [&](QStringList extra, QString* out) {
            QProcess p;
            QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
            e.insert(QStringLiteral("PGPASSWORD"), env("PULSEBOOK_PG_PASSWORD"));
            p.setProcessEnvironment(e);
            QStringList args = {QStringLiteral("sync-warehouse"),
                                QStringLiteral("--cache"),
                                cachePath,
                                QStringLiteral("--host"),
                                env("PULSEBOOK_PG_HOST"),
                                QStringLiteral("--port"),
                                env("PULSEBOOK_PG_PORT"),
                                QStringLiteral("--database"),
                                env("PULSEBOOK_PG_DATABASE"),
                                QStringLiteral("--user"),
                                env("PULSEBOOK_PG_USER"),
                                QStringLiteral("--schema"),
                                QStringLiteral("heap"),
                                QStringLiteral("--sslmode"),
                                QStringLiteral("disable")};
            p.start(QStringLiteral(PULSEBOOK_CLI_PATH), args + extra);
            if (!p.waitForFinished(120000))
                return -1;
            *out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
            return p.exitCode();
        };
        QString out;
        QCOMPARE(cli({QStringLiteral("--transfer"), QStringLiteral("cursor"),
                      QStringLiteral("--rollup"), QStringLiteral("always")},
                     &out),
                 0);
        const qint64 rows = adminCount(QStringLiteral(
            "SELECT (SELECT count(*) FROM heap.team) + (SELECT count(*) FROM heap.accounts) + "
            "(SELECT count(*) FROM heap.users) + (SELECT count(*) FROM heap.sessions) + "
            "(SELECT count(*) FROM heap.all_events) + (SELECT count(*) FROM "
            "heap.campaign_touches) + (SELECT count(*) FROM heap.user_migrations)"));
        QVERIFY2(out.contains(QStringLiteral("%1 rows read through a cursor in ").arg(rows)),
                 qPrintable(out));
        const qint64 rollupRows =
            test::snapshot(cachePath).value(QStringLiteral("user_rollup")).rows;
        QVERIFY(rollupRows > 0);
        QVERIFY2(out.contains(QStringLiteral("Usage rollup computed in the warehouse for %1 users")
                                  .arg(rollupRows)),
                 qPrintable(out));
        // The default on a full unscoped sync: COPY, no rollup (the older one is cleared).
        QCOMPARE(cli({}, &out), 0);
        QVERIFY2(out.contains(QStringLiteral("%1 rows read through COPY in ").arg(rows)),
                 qPrintable(out));
        QVERIFY2(!out.contains(QLatin1String("Usage rollup")), qPrintable(out));
        QCOMPARE(test::snapshot(cachePath).value(QStringLiteral("user_rollup")).rows, qint64(0));
        const auto before = test::snapshot(cachePath, false);
        QCOMPARE(cli({QStringLiteral("--rollup"), QStringLiteral("sometimes")}, &out), 2);
        QVERIFY2(out.contains(QLatin1String("--rollup must be auto, always or never")),
                 qPrintable(out));
        QCOMPARE(cli({QStringLiteral("--transfer"), QStringLiteral("pigeon")}, &out), 2);
        QVERIFY2(out.contains(QLatin1String("--transfer must be auto, copy or cursor")),
                 qPrintable(out));
        QCOMPARE(test::snapshot(cachePath, false), before);
    }

    // Cancelled while a table streams in or while landing: Cancelled, the cache as it was.
    void cancelChangesNothing()
    {
        const QString cachePath = newCachePath();
        QVERIFY(syncCsv(m_demo, cachePath));
        const auto before = test::snapshot(cachePath, false);
        for (const QString& stage :
             {QStringLiteral("Reading heap.all_events"), QStringLiteral("Reading heap.sessions"),
              QStringLiteral("Reading heap.users"), QStringLiteral("Sorting events")}) {
            struct CancelAt : Progress
            {
                QString stage;
                void start(const QString& s, qint64) override
                {
                    if (s == stage)
                        cancel();
                }
            } progress;
            progress.stage = stage;
            Cache cache;
            QString error;
            QVERIFY(cache.open(cachePath, false, &error));
            const Status status = syncWarehouse(cache, source(), {}, &progress, nullptr, &error);
            QCOMPARE(status.outcome(), Outcome::Cancelled);
            QVERIFY(error.isEmpty());
            cache.close();
            QCOMPARE(test::snapshot(cachePath, false), before);
        }
    }

    void pushedDownRollupEqualsLocal()
    {
        const QString cachePath = newCachePath();
        WarehouseSyncOptions options;
        options.kpiEvents = Workspace::defaults().kpiEvents;
        options.rollup = WarehouseSyncOptions::Rollup::Always;
        QVERIFY(syncFrom(source(), cachePath, options));
        Cache cache;
        QString error;
        QVERIFY(cache.open(cachePath, false, &error));
        const std::shared_ptr<const EventIndex> index = EventIndex::load(cache, nullptr, &error);
        QVERIFY2(index, qPrintable(error));
        const Workspace workspace = Workspace::defaults();
        AnalysisContext context;
        context.index = index;
        context.workspace = &workspace;
        context.asOfMs = cache.db().scalar("SELECT MAX(as_of) FROM user_rollup", -1);
        QCOMPARE(context.asOfMs, index->defaultAsOfMs());
        RollupResult local;
        QVERIFY2(runRollup(context, {}, &local, &error), qPrintable(error));
        QMap<QString, QString> expected;
        for (size_t row = 0; row < local.users.size(); ++row) {
            const RollupUser& u = local.users[row];
            QJsonObject kpis;
            for (int k = 0; k < local.kpiEvents.size(); ++k)
                kpis.insert(local.kpiEvents[k], local.userKpiCount(row, k));
            expected.insert(
                index->userId(u.user),
                QStringLiteral("%1 %2 %3 %4")
                    .arg(u.sessions30)
                    .arg(u.sessions90)
                    .arg(u.lastSessionMs)
                    .arg(QString::fromUtf8(QJsonDocument(kpis).toJson(QJsonDocument::Compact))));
        }
        QMap<QString, QString> pushed;
        Statement s = cache.db().prepare("SELECT user_id, sessions_30d, sessions_90d, "
                                         "COALESCE(last_session, -1), kpi_counts FROM user_rollup",
                                         &error);
        QVERIFY2(s.isValid(), qPrintable(error));
        while (s.step())
            pushed.insert(s.text(0), QStringLiteral("%1 %2 %3 %4")
                                         .arg(s.int64(1))
                                         .arg(s.int64(2))
                                         .arg(s.int64(3))
                                         .arg(s.text(4)));
        // Users first seen in events with nothing in the windows are zeros on both sides.
        for (auto it = expected.begin(); it != expected.end();) {
            if (!pushed.contains(it.key()) && it.value().startsWith(QLatin1String("0 0 -1")))
                it = expected.erase(it);
            else
                ++it;
        }
        QCOMPARE(pushed.size(), expected.size());
        for (auto it = expected.constBegin(); it != expected.constEnd(); ++it)
            QCOMPARE(pushed.value(it.key()), it.value());
    }

    // With a memory threshold of a few thousand rows the warehouse sync lands through the spill
    // path (temporary files, user ranges): the same cache, first full, then again.
    void spilledSyncEqualsInMemory()
    {
        const QString inMemory = newCachePath();
        const QString spilled = newCachePath();
        WarehouseSyncOptions spill;
        spill.rows.memoryRows = 3000;
        spill.rows.splitBytes = 1;
        WarehouseSyncSummary a, b;
        QVERIFY(syncFrom(source(), inMemory, {}, &a));
        QVERIFY(syncFrom(source(), spilled, spill, &b));
        QCOMPARE(contents(spilled), contents(inMemory));
        QCOMPARE(b.sync.eventsInCache, a.sync.eventsInCache);
        QVERIFY(syncFrom(source(), spilled, spill, &b));
        QVERIFY(!b.sync.eventsRewritten);
        QCOMPARE(contents(spilled), contents(inMemory));
    }
};

QTEST_GUILESS_MAIN(TestWarehouse)
#include "tst_warehouse.moc"
