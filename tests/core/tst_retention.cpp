// runRetention against small hand-written exports (every expected figure is worked out by hand
// in the comments beside it) and against an independent SQL reference on random workspaces.
#include "EventScript.h"
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Retention.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "sync/ExportSync.h"
#include "sync/FieldParser.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>

using namespace pulsebook;

namespace {

using namespace test::script;

RetentionParams params(qint64 period, int periods, qint64 from, qint64 to, RetentionMode mode)
{
    RetentionParams p;
    p.startEvent = QStringLiteral("signup");
    p.returnEvent = QStringLiteral("login");
    p.periodMs = period;
    p.periods = periods;
    p.fromMs = from;
    p.toMs = to;
    p.mode = mode;
    return p;
}

// "2026-08-03 5: 5 2/3 0/0 0/0": cohort, size, then retained/eligible for periods 1..n-1.
QString describe(const RetentionRow& row)
{
    QString text = QStringLiteral("%1 %2:").arg(row.cohort).arg(row.size);
    for (size_t n = 0; n < row.retained.size(); ++n)
        text += QStringLiteral(" %1/%2").arg(row.retained[n]).arg(row.eligible[n]);
    return text;
}

QString describe(const RetentionResult& r)
{
    QStringList lines;
    for (const RetentionRow& row : r.cohorts)
        lines.append(describe(row));
    lines.append(describe(r.total));
    for (const auto& group : r.groups)
        lines.append(QStringLiteral("group ") + describe(group.total));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestRetention : public QObject
{
    Q_OBJECT

private slots:
    void onVersusOnOrAfter();
    void incompletePeriodsAndAsOf();
    void monthlyCohortsAnyEvent();
    void groupByDidCountAndAccount();
    void segmentFilter();
    void validation();
    void emptyCache();
    void cancelled();
    void matchesSqlReference();
};

// Daily periods, 4 of them, starts in [T, T + 2 days), return = login, as_of T + 10 days (every
// period of every user is complete: t0 + 4 days < T + 6 days).
void TestRetention::onVersusOnOrAfter()
{
    Data data;
    QString error;
    const QByteArray events = eventsCsv({
        // t0 = 1h. Logins at t0 + 1 day (period 1: its start is inside) and t0 + 3 days + 1h
        // (period 3). On or after: the last login is in period 3, so periods 1, 2, 3.
        "u1: signup@1h login@1d+1h login@3d+2h",
        // t0 = 2h (the first signup). Logins at exactly t0 + 2 days and 1 ms before t0 + 3 days:
        // both period 2. On or after: 1, 2.
        "u2: signup@2h signup@1d login@2d+2h login@3d+2h-1ms",
        // t0 = 1d+5h (cohort 2026-08-04). Logins at t0 + 1h and t0 + 1 day - 1 ms are both in
        // period 0: retained nowhere.
        "u3: signup@1d+5h login@1d+6h login@2d+5h-1ms",
        // No signup: in no cohort.
        "u4: login@1h",
        // Signups before `from` and at `to`: in no cohort.
        "u5: signup@-1h signup@2d login@4d",
    });
    QVERIFY2(data.load(usersCsv(5), events, {}, &error), qPrintable(error));
    RetentionResult r;
    RetentionParams p = params(Day, 4, T, T + 2 * Day, RetentionMode::On);
    QVERIFY2(runRetention(data.context(T + 10 * Day), p, &r, &error), qPrintable(error));
    // On: 2026-08-03 = u1, u2: period 1 u1, period 2 u2, period 3 u1.
    QCOMPARE(describe(r), QStringLiteral("2026-08-03 2: 2/2 1/2 1/2 1/2\n"
                                         "2026-08-04 1: 1/1 0/1 0/1 0/1\n"
                                         "all 3: 3/3 1/3 1/3 1/3"));
    QCOMPARE(retentionRate(r.total, 0), 1.0);
    QCOMPARE(retentionRate(r.total, 1), 1.0 / 3);
    QVERIFY(std::isnan(retentionRate(r.total, 4))); // no such period
    QVERIFY(r.groups.empty());
    QCOMPARE(r.definition.value(QStringLiteral("analysis")).toString(),
             QStringLiteral("retention"));
    QCOMPARE(r.definition.value(QStringLiteral("as_of")).toString(),
             QStringLiteral("2026-08-13T00:00:00.000Z"));
    QCOMPARE(r.definition.value(QStringLiteral("start_event")).toString(),
             QStringLiteral("signup"));
    QCOMPARE(r.definition.value(QStringLiteral("return_event")).toString(),
             QStringLiteral("login"));
    QCOMPARE(r.definition.value(QStringLiteral("period_days")).toInteger(), 1);
    QCOMPARE(r.definition.value(QStringLiteral("periods")).toInteger(), 4);
    QCOMPARE(r.definition.value(QStringLiteral("from")).toString(),
             QStringLiteral("2026-08-03T00:00:00.000Z"));
    QCOMPARE(r.definition.value(QStringLiteral("to")).toString(),
             QStringLiteral("2026-08-05T00:00:00.000Z"));
    QCOMPARE(r.definition.value(QStringLiteral("mode")).toString(), QStringLiteral("on"));
    QVERIFY(r.definition.contains(QStringLiteral("group_by")));

    p.mode = RetentionMode::OnOrAfter;
    QVERIFY(runRetention(data.context(T + 10 * Day), p, &r, &error));
    // On or after: period 1 u1, u2; period 2 u1, u2; period 3 u1.
    QCOMPARE(describe(r), QStringLiteral("2026-08-03 2: 2/2 2/2 2/2 1/2\n"
                                         "2026-08-04 1: 1/1 0/1 0/1 0/1\n"
                                         "all 3: 3/3 2/3 2/3 1/3"));
    QCOMPARE(r.definition.value(QStringLiteral("mode")).toString(), QStringLiteral("on_or_after"));
}

// Weekly periods, 4 of them, starts in [T, T + 8 days), as_of T + 16 days: period n counts a
// user only when t0 + (n + 1) weeks <= as_of.
void TestRetention::incompletePeriodsAndAsOf()
{
    Data data;
    QString error;
    const QByteArray events = eventsCsv({
        // t0 = 1h: period 1 ends at 14d+1h (eligible), period 2 at 21d+1h (not). Login at 8d is
        // in period 1; 15d is in period 2 (not eligible); 17d is after as_of.
        "u1: signup@1h login@8d login@15d login@17d",
        // t0 = 3d: period 1 ends at 17d > as_of: not eligible anywhere; its login is ignored.
        "u2: signup@3d login@10d",
        // t0 = 2d: period 1 ends exactly at as_of (eligible); login at t0 + 7d + 1h: retained.
        "u3: signup@2d login@9d+1h",
        // t0 = 1h: eligible for period 1; its only login is at as_of, which never counts.
        "u4: signup@1h login@16d",
        // Sunday 23:00: still the week of Monday 2026-08-03; period 1 ends at 20d+23h.
        "u5: signup@6d+23h login@14d",
        // Monday 2026-08-10: the next week's cohort.
        "u6: signup@7d",
    });
    QVERIFY2(data.load(usersCsv(6), events, {}, &error), qPrintable(error));
    RetentionResult r;
    RetentionParams p = params(7 * Day, 4, T, T + 8 * Day, RetentionMode::On);
    QVERIFY(runRetention(data.context(T + 16 * Day), p, &r, &error));
    // Week of 08-03: u1..u5; period 1 eligible u1, u3, u4, retained u1, u3.
    QCOMPARE(describe(r), QStringLiteral("2026-08-03 5: 5/5 2/3 0/0 0/0\n"
                                         "2026-08-10 1: 1/1 0/0 0/0 0/0\n"
                                         "all 6: 6/6 2/3 0/0 0/0"));
    QCOMPARE(retentionRate(r.total, 1), 2.0 / 3);
    QVERIFY(std::isnan(retentionRate(r.total, 2))); // blank, not 0
    QVERIFY(std::isnan(retentionRate(r.cohorts[1], 1)));
    // On or after: u1's last login before as_of (15d) is in period 2 >= 1: retained in 1.
    p.mode = RetentionMode::OnOrAfter;
    QVERIFY(runRetention(data.context(T + 16 * Day), p, &r, &error));
    QCOMPARE(describe(r.total), QStringLiteral("all 6: 6/6 2/3 0/0 0/0"));

    // as_of 1 ms later: u4's login (t0 + 16d - 1h, period 2) now counts. On: period 2 is not
    // eligible for u4, so nothing changes; on or after: u4 is retained in period 1.
    QVERIFY(runRetention(data.context(T + 16 * Day + 1), p, &r, &error));
    QCOMPARE(describe(r.total), QStringLiteral("all 6: 6/6 3/3 0/0 0/0"));
    p.mode = RetentionMode::On;
    QVERIFY(runRetention(data.context(T + 16 * Day + 1), p, &r, &error));
    QCOMPARE(describe(r.total), QStringLiteral("all 6: 6/6 2/3 0/0 0/0"));
}

// 30-day periods and calendar-month cohorts; return = any event. Starts in [Aug 1, Oct 1) =
// [T - 2d, T + 59d); as_of Dec 1 = T + 120d, so all 3 periods are complete for everyone
// (latest t0 + 90d = 119d).
void TestRetention::monthlyCohortsAnyEvent()
{
    Data data;
    QString error;
    const QByteArray events = eventsCsv({
        // t0 = Aug 31 23:00 (cohort 2026-08-01); a view at t0 + 30d + 1h: period 1.
        "u1: signup@28d+23h view@59d",
        // t0 = Sep 1 00:00 (cohort 2026-09-01); the view at t0 + 10d is period 0; the signup
        // at t0 + 31d is "any event": period 1.
        "u2: signup@29d view@39d signup@60d",
        // t0 = Aug 29 01:00 (cohort 2026-08-01), never back.
        "u3: signup@26d+1h",
    });
    QVERIFY2(data.load(usersCsv(3), events, {}, &error), qPrintable(error));
    RetentionParams p = params(30 * Day, 3, T - 2 * Day, T + 59 * Day, RetentionMode::On);
    p.returnEvent.clear();
    RetentionResult r;
    QVERIFY2(runRetention(data.context(T + 120 * Day), p, &r, &error), qPrintable(error));
    QCOMPARE(describe(r), QStringLiteral("2026-08-01 2: 2/2 1/2 0/2\n"
                                         "2026-09-01 1: 1/1 1/1 0/1\n"
                                         "all 3: 3/3 2/3 0/3"));
    QCOMPARE(retentionRate(r.total, 2), 0.0); // eligible users, none retained: 0, not blank
    QCOMPARE(r.definition.value(QStringLiteral("period_days")).toInteger(), 30);
}

// Daily periods, 2 of them, starts in [T, T + 1 day), as_of T + 10 days; every signup at 1h.
// "ex" events are counted up to as_of (also before the start).
void TestRetention::groupByDidCountAndAccount()
{
    const QByteArray accounts = "account_id,csm\nA1,Cara\nA2,Dan\nA3,\n";
    const QByteArray users = "user_id,account_id\n"
                             "u1,A1\nu2,A1\nu3,A1\nu4,A2\nu5,A2\nu6,\nu7,A3\nu8,A1\n";
    const QByteArray events = eventsCsv({
        "u1: signup@1h login@1d+1h",                                     // 0 ex, retained
        "u2: ex@-1d signup@1h",                                          // 1
        "u3: signup@1h ex@2d ex@3d login@1d+2h",                         // 2, retained
        "u4: signup@1h ex@2d ex@2d ex@2d ex@10d ex@11d",                 // 3 (two at/after as_of)
        "u5: signup@1h ex@2d ex@2d ex@2d ex@2d login@1d+5h",             // 4, retained
        "u6: signup@1h ex@2d ex@2d ex@2d ex@2d ex@2d ex@2d ex@2d ex@2d", // 8
        "u7: signup@1h ex@2d ex@2d ex@2d ex@2d ex@2d ex@2d ex@2d",       // 7
        "u8: signup@1h ex@12d",                                          // 0 (after as_of)
    });
    Data data;
    QString error;
    QVERIFY2(data.load(users, events, accounts, &error), qPrintable(error));
    RetentionParams p = params(Day, 2, T, T + Day, RetentionMode::On);
    p.groupBy = QStringLiteral("count:ex");
    RetentionResult r;
    QVERIFY2(runRetention(data.context(T + 10 * Day), p, &r, &error), qPrintable(error));
    // 0: u1, u8 (u1 retained); 1: u2; 2-3: u3, u4 (u3); 4-7: u5, u7 (u5); 8+: u6.
    QCOMPARE(describe(r), QStringLiteral("2026-08-03 8: 8/8 3/8\n"
                                         "all 8: 8/8 3/8\n"
                                         "group 0 2: 2/2 1/2\n"
                                         "group 1 1: 1/1 0/1\n"
                                         "group 2-3 2: 2/2 1/2\n"
                                         "group 4-7 2: 2/2 1/2\n"
                                         "group 8+ 1: 1/1 0/1"));
    p.groupBy = QStringLiteral("did:ex");
    QVERIFY(runRetention(data.context(T + 10 * Day), p, &r, &error));
    // yes: u2..u7 (u3, u5 retained); no: u1, u8 (u1).
    QCOMPARE(r.groups.size(), size_t(2));
    QCOMPARE(describe(r.groups[0].total), QStringLiteral("yes 6: 6/6 2/6"));
    QCOMPARE(describe(r.groups[1].total), QStringLiteral("no 2: 2/2 1/2"));
    QCOMPARE(r.groups[0].value, QStringLiteral("yes"));
    p.groupBy = QStringLiteral("account.csm");
    QVERIFY(runRetention(data.context(T + 10 * Day), p, &r, &error));
    // Cara: u1, u2, u3, u8 (u1, u3); then 2 each, by value: (none) = u6 (no account) and u7
    // (A3 has no CSM), none retained; Dan: u4, u5 (u5).
    QCOMPARE(r.groups.size(), size_t(3));
    QCOMPARE(describe(r.groups[0].total), QStringLiteral("Cara 4: 4/4 2/4"));
    QCOMPARE(describe(r.groups[1].total), QStringLiteral("(none) 2: 2/2 0/2"));
    QCOMPARE(describe(r.groups[2].total), QStringLiteral("Dan 2: 2/2 1/2"));
    QCOMPARE(r.definition.value(QStringLiteral("group_by")).toString(),
             QStringLiteral("account.csm"));
}

void TestRetention::segmentFilter()
{
    Data data;
    QString error;
    QVERIFY2(data.load(usersCsv(3),
                       eventsCsv({"u1: signup@1h login@1d+1h", "u2: signup@2h",
                                  "u3: signup@3h login@1d+4h"}),
                       {}, &error),
             qPrintable(error));
    AnalysisContext context = data.context(T + 5 * Day);
    context.segment.assign(3, 1);
    context.segment[size_t(data.index->userIndex(QStringLiteral("u1")))] = 0;
    context.segmentName = QStringLiteral("Not u1");
    RetentionResult r;
    QVERIFY(runRetention(context, params(Day, 2, T, T + Day, RetentionMode::On), &r, &error));
    // u2 (not back) and u3 (back 1 day + 1h later: period 1).
    QCOMPARE(describe(r.total), QStringLiteral("all 2: 2/2 1/2"));
    QCOMPARE(r.definition.value(QStringLiteral("segment")).toString(), QStringLiteral("Not u1"));
}

void TestRetention::validation()
{
    Data data;
    QString error;
    QVERIFY2(data.load(usersCsv(1), eventsCsv({"u1: signup@1h login@2h"}), {}, &error),
             qPrintable(error));
    const AnalysisContext context = data.context(T + Day);
    RetentionResult r;
    r.cohorts.resize(3); // untouched on failure
    const auto check = [&](const RetentionParams& p, const QString& expected) {
        QString why;
        return !runRetention(context, p, &r, &why) && why == expected;
    };
    RetentionParams p = params(2 * Day, 4, T, T + Day, RetentionMode::On);
    QVERIFY(check(p, QStringLiteral("the period must be 1, 7 or 30 days")));
    p = params(Day, 0, T, T + Day, RetentionMode::On);
    QVERIFY(check(p, QStringLiteral("the number of periods must be 1 to 100")));
    p.periods = 101;
    QVERIFY(check(p, QStringLiteral("the number of periods must be 1 to 100")));
    p.periods = 100;
    p.startEvent = QStringLiteral("nope");
    QVERIFY(check(p, QStringLiteral("unknown event \"nope\"")));
    p.startEvent = QStringLiteral("signup");
    p.returnEvent = QStringLiteral("gone");
    QVERIFY(check(p, QStringLiteral("unknown event \"gone\"")));
    p.returnEvent.clear();
    p.toMs = T;
    QVERIFY(check(p, QStringLiteral("the date range is empty (from must be before to)")));
    p.toMs = T + Day;
    p.groupBy = QStringLiteral("did:nope");
    QVERIFY(check(p, QStringLiteral("unknown event \"nope\"")));
    p.groupBy = QStringLiteral("account.tier");
    QVERIFY(check(p, QStringLiteral("unknown property \"account.tier\"")));
    QCOMPARE(r.cohorts.size(), size_t(3));
    // 100 periods are fine: one cohort of 1, nothing eligible after period 0.
    p.groupBy.clear();
    QVERIFY(runRetention(context, p, &r, &error));
    QCOMPARE(r.total.eligible.size(), size_t(100));
    QCOMPARE(r.total.eligible[1], qint64(0));
    QCOMPARE(r.total.size, qint64(1));
}

void TestRetention::emptyCache()
{
    Data data;
    QString error;
    QVERIFY2(data.load("user_id\n", "event_id,user_id,time,event\n", {}, &error),
             qPrintable(error));
    QCOMPARE(data.index->userCount(), 0);
    RetentionResult r;
    QVERIFY(
        !runRetention(data.context(T), params(Day, 2, T, T + Day, RetentionMode::On), &r, &error));
    QCOMPARE(error, QStringLiteral("unknown event \"signup\""));

    // Events, but no start in the range: no cohorts, an empty total, blank rates.
    Data quiet;
    QVERIFY2(quiet.load(usersCsv(1), eventsCsv({"u1: signup@-1d login@1h"}), {}, &error),
             qPrintable(error));
    RetentionParams p = params(Day, 2, T, T + Day, RetentionMode::On);
    p.groupBy = QStringLiteral("count:login");
    QVERIFY(runRetention(quiet.context(T + 5 * Day), p, &r, &error));
    QVERIFY(r.cohorts.empty());
    QVERIFY(r.groups.empty());
    QCOMPARE(describe(r.total), QStringLiteral("all 0: 0/0 0/0"));
    QVERIFY(std::isnan(retentionRate(r.total, 0)));
}

void TestRetention::cancelled()
{
    Data data;
    QString error;
    QVERIFY2(data.load(usersCsv(2), eventsCsv({"u1: signup@1h", "u2: login@1h"}), {}, &error),
             qPrintable(error));
    Progress progress;
    progress.cancel();
    AnalysisContext context = data.context(T + Day);
    context.progress = &progress;
    RetentionResult r;
    const Status status =
        runRetention(context, params(Day, 2, T, T + Day, RetentionMode::On), &r, &error);
    QVERIFY(status.isCancelled()); // typed: a cancel carries no text
    QVERIFY(status.error().isEmpty());
    QVERIFY(r.cohorts.empty());
}

namespace {

// Retention computed from docs/definitions.md in plain SQL over the flat copy, one query per
// period.
QString referenceRetention(Database& db, const RetentionParams& p, qint64 asOf,
                           const std::vector<char>& segment, QString* error)
{
    db.exec("DROP TABLE IF EXISTS temp.seg; DROP TABLE IF EXISTS temp.st;"
            "CREATE TEMP TABLE seg(user INTEGER PRIMARY KEY);"
            "CREATE TEMP TABLE st(user INTEGER, t0 INTEGER, cohort TEXT, grp TEXT)",
            nullptr);
    Statement seg = db.prepare("INSERT INTO seg VALUES (?)", error);
    for (size_t u = 0; u < segment.size(); ++u) {
        seg.bind(1, qint64(u));
        if (segment[u] && !seg.run(error))
            return {};
        seg.reset();
    }
    // Start: the first S event in [from, to), before as_of. Cohort: the calendar period (UTC)
    // by SQLite's date functions: the day, the Monday on or before it, or the first of the month.
    Statement starts = db.prepare(
        "INSERT INTO st SELECT user, t0, CASE ?5 WHEN 1 THEN date(t0 / 1000, 'unixepoch')"
        " WHEN 7 THEN date(t0 / 1000, 'unixepoch', '-6 days', 'weekday 1')"
        " ELSE strftime('%Y-%m-01', t0 / 1000, 'unixepoch') END, '' FROM"
        " (SELECT user, MIN(time) AS t0 FROM events WHERE event = ?1 AND time >= ?2"
        "  AND time < ?3 AND time < ?4 AND user IN (SELECT user FROM seg) GROUP BY user)",
        error);
    starts.bind(1, p.startEvent);
    starts.bind(2, p.fromMs);
    starts.bind(3, p.toMs);
    starts.bind(4, asOf);
    starts.bind(5, p.periodMs / Day);
    if (!starts.run(error))
        return {};
    const QString kind = p.groupBy.section(QLatin1Char(':'), 0, 0);
    const QString x = p.groupBy.section(QLatin1Char(':'), 1);
    const char* groupSql =
        kind == QLatin1String("did")
            ? "UPDATE st SET grp = CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.user ="
              " st.user AND e.event = ?1 AND e.time < ?2) THEN 'yes' ELSE 'no' END"
        : kind == QLatin1String("count")
            ? "UPDATE st SET grp = (SELECT CASE WHEN c = 0 THEN '0' WHEN c = 1 THEN '1'"
              " WHEN c <= 3 THEN '2-3' WHEN c <= 7 THEN '4-7' ELSE '8+' END FROM (SELECT"
              " COUNT(*) AS c FROM events e WHERE e.user = st.user AND e.event = ?1 AND"
              " e.time < ?2))"
        : kind == QLatin1String("plan")
            ? "UPDATE st SET grp = (SELECT COALESCE(NULLIF(json_extract(properties, '$.plan'),"
              " ''), '(none)') FROM users u WHERE u.user = st.user) WHERE ?1 = ?1 AND ?2 = ?2"
            : "SELECT ?1, ?2";
    Statement group = db.prepare(groupSql, error);
    group.bind(1, x);
    group.bind(2, asOf);
    if (!group.run(error))
        return {};

    struct Row
    {
        qint64 size = 0;
        std::vector<qint64> retained, eligible;
    };
    std::map<QString, Row> cohorts, groups;
    Row total;
    Statement period = db.prepare(
        "SELECT cohort, grp, t0 + (?1 + 1) * ?2 <= ?3,"
        " EXISTS (SELECT 1 FROM events r WHERE r.user = st.user AND (?4 = '' OR r.event = ?4)"
        "  AND r.time >= t0 + ?1 * ?2 AND (?5 OR r.time < t0 + (?1 + 1) * ?2) AND r.time < ?3)"
        " FROM st",
        error);
    for (int n = 0; n < p.periods; ++n) {
        period.bind(1, qint64(n));
        period.bind(2, p.periodMs);
        period.bind(3, asOf);
        period.bind(4, p.returnEvent);
        period.bind(5, qint64(p.mode == RetentionMode::OnOrAfter ? 1 : 0));
        while (period.step()) {
            for (Row* row : {&cohorts[period.text(0)], &groups[period.text(1)], &total}) {
                row->retained.resize(size_t(p.periods));
                row->eligible.resize(size_t(p.periods));
                const bool eligible = n == 0 || period.int64(2) != 0;
                row->size += n == 0 ? 1 : 0;
                row->eligible[size_t(n)] += eligible ? 1 : 0;
                row->retained[size_t(n)] += eligible && (n == 0 || period.int64(3) != 0) ? 1 : 0;
            }
        }
        period.reset();
    }
    const auto line = [](const QString& name, const Row& row) {
        QString text = QStringLiteral("%1 %2:").arg(name).arg(row.size);
        for (size_t n = 0; n < row.eligible.size(); ++n)
            text += QStringLiteral(" %1/%2").arg(row.retained[n]).arg(row.eligible[n]);
        return text;
    };
    QStringList lines;
    for (const auto& [cohort, row] : cohorts)
        lines.append(line(cohort, row));
    total.retained.resize(size_t(p.periods));
    total.eligible.resize(size_t(p.periods));
    lines.append(line(QStringLiteral("all"), total));
    QStringList order = QStringList{
        QStringLiteral("yes"), QStringLiteral("no"),  QStringLiteral("0"), QStringLiteral("1"),
        QStringLiteral("2-3"), QStringLiteral("4-7"), QStringLiteral("8+")};
    if (kind == QLatin1String("plan")) {
        order.clear();
        for (const auto& [name, row] : groups)
            order.append(name);
        std::stable_sort(order.begin(), order.end(), [&](const QString& a, const QString& b) {
            return groups[a].size > groups[b].size;
        });
    }
    for (const QString& name : order) {
        if (!p.groupBy.isEmpty() && groups.count(name))
            lines.append(QStringLiteral("group ") + line(name, groups[name]));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

// The engine against referenceRetention on 30 random workspaces, each in both modes.
void TestRetention::matchesSqlReference()
{
    qint64 eligible = 0, retained = 0, modesDiffer = 0;
    for (quint32 seed = 1; seed <= 30; ++seed) {
        QRandomGenerator g(seed);
        Data data;
        Database flat;
        QString error = loadRandomEvents(&g, &data, &flat);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        const char* const types[] = {"a", "b", "c", "d"};
        const qint64 periodDays[] = {1, 7, 30};
        RetentionParams p;
        p.startEvent = QLatin1String(types[g.bounded(4)]);
        p.returnEvent = g.bounded(4) ? QLatin1String(types[g.bounded(4)]) : QString();
        p.periodMs = periodDays[g.bounded(3)] * Day;
        p.periods = 2 + g.bounded(9);
        p.fromMs = T + g.bounded(20) * Day + (g.bounded(2) ? g.bounded(4) * 6 * Hour : 0);
        p.toMs = p.fromMs + (1 + g.bounded(100)) * 6 * Hour;
        const QString groups[] = {QString(), QStringLiteral("plan"),
                                  QStringLiteral("did:") + QLatin1String(types[g.bounded(4)]),
                                  QStringLiteral("count:") + QLatin1String(types[g.bounded(4)])};
        p.groupBy = groups[g.bounded(4)];
        const int maxDays = p.periodMs == 30 * Day ? 100 : 45;
        AnalysisContext context = data.context(T + g.bounded(40, maxDays * 4) * 6 * Hour);
        if (g.bounded(2)) {
            for (int u = 0; u < data.index->userCount(); ++u)
                context.segment.push_back(g.bounded(10) < 7 ? 1 : 0);
            context.segmentName = QStringLiteral("random");
        }
        std::vector<char> members = context.segment;
        if (members.empty())
            members.assign(size_t(data.index->userCount()), 1);

        QString previous;
        for (RetentionMode mode : {RetentionMode::On, RetentionMode::OnOrAfter}) {
            p.mode = mode;
            RetentionResult r;
            QVERIFY2(runRetention(context, p, &r, &error), qPrintable(error));
            const QString reference = referenceRetention(flat, p, context.asOfMs, members, &error);
            QVERIFY2(!reference.isEmpty(), qPrintable(error));
            const QString label = QStringLiteral("seed %1 mode %2\n").arg(seed).arg(int(mode));
            QCOMPARE(label + describe(r), label + reference);
            for (int n = 1; n < p.periods; ++n) {
                eligible += r.total.eligible[size_t(n)];
                retained += r.total.retained[size_t(n)];
            }
            modesDiffer += mode == RetentionMode::OnOrAfter && describe(r) != previous ? 1 : 0;
            previous = describe(r);
        }
    }
    // The random data exercises the interesting paths.
    QVERIFY(eligible > 200);
    QVERIFY(retained > 50);
    QVERIFY(modesDiffer > 5);
}

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"
