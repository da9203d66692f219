// runRollup against a hand-written export (every expected value worked out by hand from the
// fixture text, as the comments say) and against a reference written as plain SQL over
// test::writeFlatCopy, from docs/definitions.md's "Activity", on random small workspaces.
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Rollup.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace pulsebook;

namespace {

using Files = test::ExportFiles;

// 2024-03-01T00:00:00Z.
constexpr qint64 AsOf = 1709251200000LL;
constexpr qint64 Hour = 3600000LL;
constexpr qint64 Day = 24 * Hour;

qint64 ms(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

using Data = test::SyncedCache;

// as_of = 2024-03-01: 7 days back is 2024-02-23, 30 days 2024-01-31, 90 days 2023-12-02.
const Files HandExport = {
    {QStringLiteral("accounts.csv"), "account_id,name\nA1,Acme\nA2,Globex\nA3,Initech\n"},
    {QStringLiteral("users.csv"), "user_id,account_id\nu1,A1\nu2,A1\nu3,A2\nu4,\nu5,A2\n"},
    {QStringLiteral("events.csv"),
     "event_id,user_id,time,event\n"
     "1,u1,2024-01-31T00:00:00Z,report\n"     // exactly as_of - 30 days: counts
     "2,u1,2024-02-29T23:59:59.999Z,report\n" // last ms before as_of: counts
     "3,u1,2024-03-01T00:00:00Z,export\n"     // at as_of: never counts
     "4,u1,2024-01-30T23:59:59.999Z,report\n" // 1 ms before the 30 days
     "5,u1,2024-02-25T10:00:00Z,login\n"      // in the last 7 days
     "6,u2,2024-02-10T10:00:00Z,login\n"      //
     "7,u2,2024-02-10T10:00:00Z,export\n"     // equal timestamps
     "11,u2,2024-02-22T23:59:59.999Z,login\n" // 1 ms before the 7 days
     "8,u3,2024-01-15T10:00:00Z,report\n"     // outside the 30 days
     "9,u3,2024-03-02T10:00:00Z,login\n"      // after as_of
     "10,u4,2024-02-28T10:00:00Z,export\n"    // a user without account
     "12,u5,2024-02-23T00:00:00Z,login\n"},   // exactly as_of - 7 days: counts
    {QStringLiteral("sessions.csv"), "session_id,user_id,time\n"
                                     "s1,u1,2023-12-02T00:00:00Z\n"     // as_of - 90 days
                                     "s2,u1,2024-01-31T00:00:00Z\n"     // as_of - 30 days
                                     "s3,u1,2024-02-20T00:00:00Z\n"     //
                                     "s4,u1,2024-03-01T00:00:00Z\n"     // at as_of
                                     "s5,u2,2023-12-01T23:59:59.999Z\n" // before the 90 days
                                     "s6,u4,2024-03-05T00:00:00Z\n"}};  // after as_of

const QStringList Kpis = {QStringLiteral("report"), QStringLiteral("export")};

// "user s30 s90 last report export" per row.
QString describeUser(const EventIndex& index, const RollupResult& r, size_t row)
{
    const RollupUser& u = r.users[row];
    QStringList parts = {index.userId(u.user), QString::number(u.sessions30),
                         QString::number(u.sessions90), QString::number(u.lastSessionMs)};
    for (int k = 0; k < r.kpiEvents.size(); ++k)
        parts.append(QString::number(r.userKpiCount(row, k)));
    return parts.join(QLatin1Char(' '));
}

// "users active wau mau last kpi..." of an account.
QString describeAccount(const RollupResult& r, int a)
{
    const RollupAccount& x = r.accounts[size_t(a)];
    QStringList parts = {QString::number(x.users), QString::number(x.activeUsers),
                         QString::number(x.wau), QString::number(x.mau),
                         QString::number(x.lastActivityMs)};
    for (int k = 0; k < r.kpiEvents.size(); ++k)
        parts.append(QString::number(r.accountKpiCount(size_t(a), k)));
    return parts.join(QLatin1Char(' '));
}

// A random small export with users with and without accounts (and with an account missing
// from accounts.csv), users first seen in events, and event and session times exactly at
// as_of and at the 7-, 30- and 90-day edges, and equal timestamps.
Files randomExport(quint32 seed)
{
    QRandomGenerator rng(seed);
    const int accounts = 1 + int(rng.bounded(4));
    QByteArray accountsCsv = "account_id,name\n";
    for (int a = 0; a < accounts; ++a) {
        accountsCsv += "A" + QByteArray::number(a) + ",Name\n";
    }
    QByteArray usersCsv = "user_id,account_id\n";
    QByteArrayList userIds;
    for (int u = 0, users = 1 + int(rng.bounded(12)); u < users; ++u) {
        const int a = int(rng.bounded(accounts + 2));
        userIds.append("u" + QByteArray::number(u));
        usersCsv +=
            userIds.back() + "," +
            (a < accounts ? "A" + QByteArray::number(a) : QByteArray(a == accounts ? "" : "AX")) +
            "\n";
    }
    for (int e = int(rng.bounded(4)); e > 0; --e)
        userIds.append("e" + QByteArray::number(e));
    auto randomTime = [&rng](qint64 previous) {
        switch (rng.bounded(9)) {
        case 0:
            return AsOf;
        case 1:
            return AsOf - 1;
        case 2:
            return AsOf - 7 * Day;
        case 3:
            return AsOf - 30 * Day;
        case 4:
            return AsOf - 90 * Day;
        case 5:
            return previous; // equal timestamps
        default:
            return AsOf - qint64(rng.bounded(100 * 24)) * Hour + 2 * Day;
        }
    };
    QByteArray eventsCsv = "event_id,user_id,time,event\n";
    QByteArray sessionsCsv = "session_id,user_id,time\n";
    qint64 id = 0;
    for (const QByteArray& user : userIds) {
        qint64 time = AsOf - 10 * Day;
        for (int n = int(rng.bounded(10)) + (user == userIds.first() ? 1 : 0); n > 0; --n) {
            time = randomTime(time);
            eventsCsv += QByteArray::number(++id) + "," + user + "," + QByteArray::number(time) +
                         "," + QByteArray(1, char('a' + rng.bounded(5))) + "\n";
        }
        for (int n = int(rng.bounded(6)); n > 0; --n) {
            time = randomTime(time);
            sessionsCsv +=
                "s" + QByteArray::number(++id) + "," + user + "," + QByteArray::number(time) + "\n";
        }
    }
    return {{QStringLiteral("accounts.csv"), accountsCsv},
            {QStringLiteral("users.csv"), usersCsv},
            {QStringLiteral("events.csv"), eventsCsv},
            {QStringLiteral("sessions.csv"), sessionsCsv}};
}

// Runs runRollup and a reference written as plain SQL from docs/definitions.md over the flat copy
// of d's cache, and compares every figure.
void compareWithReference(Data& d, const AnalysisContext& context, const QStringList& kpis)
{
    QString error;
    RollupResult r;
    QVERIFY2(runRollup(context, {kpis}, &r, &error), qPrintable(error));

    const QString flat = d.dir.filePath(QStringLiteral("flat.sqlite"));
    if (!QFileInfo::exists(flat)) // one copy per cache: the tables below are temporary
        QCOMPARE(test::writeFlatCopy(d.cachePath(), flat), QString());
    Database db;
    QVERIFY2(db.open(flat, false, &error), qPrintable(error));
    QVERIFY(db.exec("CREATE TEMP TABLE seg(user INTEGER PRIMARY KEY)", &error));
    QVERIFY(db.exec("CREATE TEMP TABLE accounts(account_id TEXT PRIMARY KEY)", &error));
    Statement insert = db.prepare("INSERT INTO seg VALUES (?)", &error);
    for (int u = 0; u < d.index->userCount(); ++u) {
        if (context.inSegment(u)) {
            insert.bind(1, qint64(u));
            QVERIFY(insert.run(&error));
        }
    }
    Statement insertAccount = db.prepare("INSERT INTO accounts VALUES (?)", &error);
    for (int a = 0; a < d.index->accountCount(); ++a) {
        insertAccount.bind(1, d.index->accountId(a));
        QVERIFY(insertAccount.run(&error));
    }
    QVERIFY(db.exec("CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user, time)", &error));
    // ?1 = as_of, ?2.. = the KPI names. Windows [as_of - D days, as_of).
    QByteArray userSql = "SELECT u.user, "
                         " (SELECT COUNT(*) FROM sessions s WHERE s.user = u.user "
                         "  AND s.time >= ?1 - 30 * 86400000 AND s.time < ?1), "
                         " (SELECT COUNT(*) FROM sessions s WHERE s.user = u.user "
                         "  AND s.time >= ?1 - 90 * 86400000 AND s.time < ?1), "
                         " COALESCE((SELECT MAX(s.time) FROM sessions s WHERE s.user = u.user "
                         "  AND s.time < ?1), -1)";
    QByteArray accountSql = "SELECT a.account_id, COUNT(u.user), "
                            " COALESCE(SUM(EXISTS (SELECT 1 FROM events e WHERE e.user = u.user "
                            "  AND e.time >= ?1 - 30 * 86400000 AND e.time < ?1)), 0), "
                            " COALESCE(SUM(EXISTS (SELECT 1 FROM events e WHERE e.user = u.user "
                            "  AND e.time >= ?1 - 7 * 86400000 AND e.time < ?1)), 0), "
                            " COALESCE(MAX((SELECT MAX(e.time) FROM events e WHERE e.user = u.user "
                            "  AND e.time < ?1)), -1)";
    for (int k = 0; k < kpis.size(); ++k) {
        const QByteArray count = "(SELECT COUNT(*) FROM events e WHERE e.user = u.user AND "
                                 "e.event = ?" +
                                 QByteArray::number(k + 2) +
                                 " AND e.time >= ?1 - 30 * 86400000 AND e.time < ?1)";
        userSql += ", " + count;
        accountSql += ", COALESCE(SUM(" + count + "), 0)";
    }
    userSql += " FROM users u WHERE u.user IN (SELECT user FROM seg) ORDER BY u.user";
    accountSql += " FROM accounts a LEFT JOIN users u ON u.account_id = a.account_id "
                  " AND u.user IN (SELECT user FROM seg) "
                  "GROUP BY a.account_id ORDER BY a.account_id";
    Statement users = db.prepare(userSql.constData(), &error);
    QVERIFY2(users.isValid(), qPrintable(error));
    users.bind(1, context.asOfMs);
    for (int k = 0; k < kpis.size(); ++k)
        users.bind(k + 2, kpis[k]);
    size_t row = 0;
    while (users.step()) {
        QVERIFY(row < r.users.size());
        const RollupUser& u = r.users[row];
        QCOMPARE(qint64(u.user), users.int64(0));
        QCOMPARE(u.sessions30, users.int64(1));
        QCOMPARE(u.sessions90, users.int64(2));
        QCOMPARE(u.lastSessionMs, users.int64(3));
        for (int k = 0; k < kpis.size(); ++k)
            QCOMPARE(r.userKpiCount(row, k), users.int64(4 + k));
        ++row;
    }
    QCOMPARE(row, r.users.size());

    Statement accounts = db.prepare(accountSql.constData(), &error);
    QVERIFY2(accounts.isValid(), qPrintable(error));
    accounts.bind(1, context.asOfMs);
    for (int k = 0; k < kpis.size(); ++k)
        accounts.bind(k + 2, kpis[k]);
    int rows = 0;
    while (accounts.step()) {
        ++rows;
        const int a = d.index->accountIndex(accounts.text(0));
        const RollupAccount& x = r.accounts[size_t(a)];
        QCOMPARE(x.users, accounts.int64(1));
        QCOMPARE(x.activeUsers, accounts.int64(2));
        QCOMPARE(x.mau, accounts.int64(2));
        QCOMPARE(x.wau, accounts.int64(3));
        QCOMPARE(x.lastActivityMs, accounts.int64(4));
        for (int k = 0; k < kpis.size(); ++k)
            QCOMPARE(r.accountKpiCount(size_t(a), k), accounts.int64(5 + k));
    }
    QCOMPARE(rows, int(r.accounts.size()));
}

} // namespace

class TestRollup : public QObject
{
    Q_OBJECT

private slots:
    void perUserAndAccount();
    void segmentFilter();
    void workspaceKpisAndErrors();
    void emptyCache();
    void matchesReferenceSql();
    void demoDataOnBothCores();
};

void TestRollup::perUserAndAccount()
{
    Data d;
    QString error;
    QVERIFY2(d.load(HandExport, &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = AsOf;
    RollupResult r;
    QVERIFY2(runRollup(context, {Kpis}, &r, &error), qPrintable(error));
    QCOMPARE(int(r.users.size()), 5);
    // u1: sessions s2, s3 in 30 days, s1 too in 90 (s4 is at as_of); report events 1 and 2.
    QCOMPARE(describeUser(*d.index, r, 0),
             QStringLiteral("u1 2 3 %1 2 0").arg(ms("2024-02-20T00:00:00Z")));
    // u2: s5 is 1 ms outside 90 days but still its latest session; export 7.
    QCOMPARE(describeUser(*d.index, r, 1),
             QStringLiteral("u2 0 0 %1 0 1").arg(ms("2023-12-01T23:59:59.999Z")));
    QCOMPARE(describeUser(*d.index, r, 2), QStringLiteral("u3 0 0 -1 0 0"));
    // u4: its session is after as_of; export 10 counts.
    QCOMPARE(describeUser(*d.index, r, 3), QStringLiteral("u4 0 0 -1 0 1"));
    QCOMPARE(describeUser(*d.index, r, 4), QStringLiteral("u5 0 0 -1 0 0"));
    QCOMPARE(r.users[3].account, -1);

    // A1 = u1 + u2: both active in 30 days, only u1 in 7 (u2's event 11 is 1 ms early);
    // last activity u1's event 2; report 2 (u1), export 1 (u2).
    QCOMPARE(describeAccount(r, d.index->accountIndex(QStringLiteral("A1"))),
             QStringLiteral("2 2 1 2 %1 2 1").arg(ms("2024-02-29T23:59:59.999Z")));
    // A2 = u3 + u5: only u5 active, exactly at as_of - 7 days; u3's event after as_of does
    // not make it the last activity.
    QCOMPARE(describeAccount(r, d.index->accountIndex(QStringLiteral("A2"))),
             QStringLiteral("2 1 1 1 %1 0 0").arg(ms("2024-02-23T00:00:00Z")));
    QCOMPARE(describeAccount(r, d.index->accountIndex(QStringLiteral("A3"))),
             QStringLiteral("0 0 0 0 -1 0 0"));
    QCOMPARE(r.definition.value(QStringLiteral("analysis")).toString(), QStringLiteral("rollup"));
}

void TestRollup::segmentFilter()
{
    Data d;
    QString error;
    QVERIFY2(d.load(HandExport, &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = AsOf;
    context.segment.assign(size_t(d.index->userCount()), 0);
    context.segment[size_t(d.index->userIndex(QStringLiteral("u2")))] = 1;
    context.segment[size_t(d.index->userIndex(QStringLiteral("u3")))] = 1;
    RollupResult r;
    QVERIFY2(runRollup(context, {Kpis}, &r, &error), qPrintable(error));
    QCOMPARE(int(r.users.size()), 2);
    QCOMPARE(d.index->userId(r.users[0].user), QStringLiteral("u2"));
    QCOMPARE(d.index->userId(r.users[1].user), QStringLiteral("u3"));
    // A1 is u2 alone now: active in 30 days, not in 7; last activity its event 11.
    QCOMPARE(describeAccount(r, d.index->accountIndex(QStringLiteral("A1"))),
             QStringLiteral("1 1 0 1 %1 0 1").arg(ms("2024-02-22T23:59:59.999Z")));
    QCOMPARE(describeAccount(r, d.index->accountIndex(QStringLiteral("A2"))),
             QStringLiteral("1 0 0 0 %1 0 0").arg(ms("2024-01-15T10:00:00Z")));
}

void TestRollup::workspaceKpisAndErrors()
{
    Data d;
    QString error;
    QVERIFY2(d.load(HandExport, &error), qPrintable(error));
    Workspace workspace;
    workspace.kpiEvents = {QStringLiteral("login")};
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = AsOf;
    context.workspace = &workspace;
    RollupResult r;
    QVERIFY2(runRollup(context, {}, &r, &error), qPrintable(error));
    QCOMPARE(r.kpiEvents, QStringList({QStringLiteral("login")}));
    // login in 30 days: u1 event 5; u2 events 6 and 11; u5 event 12. A1 = 3, A2 = 1.
    QCOMPARE(r.userKpiCount(0, 0), 1);
    QCOMPARE(r.userKpiCount(1, 0), 2);
    QCOMPARE(r.accountKpiCount(size_t(d.index->accountIndex(QStringLiteral("A1"))), 0), 3);
    QCOMPARE(r.accountKpiCount(size_t(d.index->accountIndex(QStringLiteral("A2"))), 0), 1);
    // "Login" is login (the only event of that name without regard to case).
    workspace.kpiEvents = {QStringLiteral("login"), QStringLiteral("Login")};
    QVERIFY(!runRollup(context, {}, &r, &error));
    QCOMPARE(error, QStringLiteral("KPI \"Login\" is listed twice"));
    // A KPI the data lacks counts 0.
    workspace.kpiEvents = {QStringLiteral("Nope"), QStringLiteral("LOGIN")};
    QVERIFY2(runRollup(context, {}, &r, &error), qPrintable(error));
    QCOMPARE(r.userKpiCount(1, 0), 0);
    QCOMPARE(r.userKpiCount(1, 1), 2);
    QCOMPARE(r.accountKpiCount(size_t(d.index->accountIndex(QStringLiteral("A1"))), 0), 0);
    QCOMPARE(r.accountKpiCount(size_t(d.index->accountIndex(QStringLiteral("A1"))), 1), 3);

    Progress progress;
    progress.cancel();
    context.progress = &progress;
    const Status status = runRollup(context, {Kpis}, &r, &error);
    QVERIFY(status.isCancelled()); // typed: a cancel carries no text
    QVERIFY(status.error().isEmpty());
}

void TestRollup::emptyCache()
{
    Data d;
    QString error;
    QVERIFY2(d.load({}, &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = AsOf;
    RollupResult r;
    QVERIFY2(runRollup(context, {}, &r, &error), qPrintable(error));
    QVERIFY(r.users.empty());
    QVERIFY(r.accounts.empty());
    // KPIs before the data has them: no rows, no error.
    QVERIFY2(runRollup(context, {Kpis}, &r, &error), qPrintable(error));
    QVERIFY(r.users.empty());
}

void TestRollup::matchesReferenceSql()
{
    for (quint32 seed = 1; seed <= 20; ++seed) {
        Data d;
        QString error;
        QVERIFY2(d.load(randomExport(seed), &error), qPrintable(error));
        QRandomGenerator rng(seed * 104729);
        QStringList kpis;
        for (int t = 0; t < d.index->typeCount(); ++t) {
            if (rng.bounded(2) == 0)
                kpis.append(d.index->typeName(t));
        }
        AnalysisContext context;
        context.index = d.index;
        context.asOfMs = AsOf;
        if (seed % 2 == 0) {
            context.segment.resize(size_t(d.index->userCount()));
            for (auto& in : context.segment)
                in = char(rng.bounded(2));
        }
        compareWithReference(d, context, kpis);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestRollup::demoDataOnBothCores()
{
    Data d;
    QString error;
    QVERIFY2(d.loadDemo(&error), qPrintable(error));
    QCOMPARE(d.index->eventCount(), size_t(250000));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = d.index->defaultAsOfMs() - 20 * Day;
    context.segment.resize(size_t(d.index->userCount()));
    for (size_t u = 0; u < context.segment.size(); ++u)
        context.segment[u] = char(u % 3 != 0);
    QStringList kpis;
    for (int t = 0; t < d.index->typeCount(); t += 3)
        kpis.append(d.index->typeName(t));
    compareWithReference(d, context, kpis);
}

QTEST_GUILESS_MAIN(TestRollup)
#include "tst_rollup.moc"
