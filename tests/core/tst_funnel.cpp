// runFunnel against small hand-written exports (every expected figure is worked out by hand in
// the comments beside it) and against an independent SQL reference on random workspaces.
#include "EventScript.h"
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Funnel.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "sync/ExportSync.h"
#include "sync/FieldParser.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

using namespace pulsebook;

namespace {

using namespace test::script;

FunnelParams params(const QStringList& steps, qint64 from, qint64 to, qint64 window)
{
    FunnelParams p;
    p.steps = steps;
    p.fromMs = from;
    p.toMs = to;
    p.windowMs = window;
    return p;
}

std::vector<qint64> stepUsers(const std::vector<FunnelStep>& steps)
{
    std::vector<qint64> out;
    for (const FunnelStep& s : steps)
        out.push_back(s.users);
    return out;
}

const QStringList ThreeSteps = {QStringLiteral("signup"), QStringLiteral("create"),
                                QStringLiteral("share")};
const QStringList TwoSteps = {QStringLiteral("signup"), QStringLiteral("create")};

} // namespace

class TestFunnel : public QObject
{
    Q_OBJECT

private slots:
    void sequentialCountsAndMedians();
    void windowBoundaryIsInclusive();
    void strictVersusSequential();
    void laterEntryGoesFurther();
    void nothingAtOrAfterAsOf();
    void breakdownByAccountProperty();
    void breakdownByUserProperty();
    void segmentFilter();
    void validation();
    void emptyCache();
    void cancelled();
    void matchesSqlReference();
};

// Steps signup -> create -> share, range [T, T + 1 day), window 14 days, as_of T + 30 days.
void TestFunnel::sequentialCountsAndMedians()
{
    const QByteArray events = eventsCsv({
        "u1: signup@1h create@2h share@5h", // 3; deltas 1h, 3h
        "u2: signup@1h create@3h",          // 2; delta 2h
        "u3: signup@2h",                    // 1
        // 1: the create before the signup does not count, nor a share without a create.
        "u4: create@1h signup@2h share@3h",
        // 1: at the same time, ID 9 < 10 by value, so create comes first (as text, "10" < "9"
        // would make it 2).
        "u5: signup@1h#10 create@1h#9",
        "u6: signup@1h#20 create@1h#21",                 // 2; delta 0 (ID 21 after 20)
        "u7: signup@4h create@8h",                       // 2; delta 4h
        "u8: signup@1h x@1h+10m create@1h+30m share@2h", // 3; deltas 30 min, 30 min
    });
    Data data;
    QString error;
    QVERIFY2(data.load(usersCsv(8), events, {}, &error), qPrintable(error));
    FunnelResult r;
    QVERIFY2(
        runFunnel(data.context(T + 30 * Day), params(ThreeSteps, T, T + Day, 14 * Day), &r, &error),
        qPrintable(error));
    QCOMPARE(r.steps.size(), size_t(3));
    // Entered: u1..u8 = 8. Step 2: u1, u2, u6, u7, u8 = 5. Step 3: u1, u8 = 2.
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{8, 5, 2}));
    QCOMPARE(r.steps[0].event, QStringLiteral("signup"));
    QCOMPARE(r.steps[2].event, QStringLiteral("share"));
    QCOMPARE(r.steps[0].pctOfFirst, 100.0);
    QVERIFY(std::isnan(r.steps[0].pctOfPrevious));
    QCOMPARE(r.steps[1].pctOfFirst, 62.5);    // 5 / 8
    QCOMPARE(r.steps[1].pctOfPrevious, 62.5); // 5 / 8
    QCOMPARE(r.steps[2].pctOfFirst, 25.0);    // 2 / 8
    QCOMPARE(r.steps[2].pctOfPrevious, 40.0); // 2 / 5
    QCOMPARE(r.steps[0].medianMsFromPrevious, qint64(-1));
    // Step 2, odd count: 0, 30 min, 1h, 2h, 4h -> 1h.
    QCOMPARE(r.steps[1].medianMsFromPrevious, Hour);
    // Step 3, even count: 30 min and 3h -> mean 1h45.
    QCOMPARE(r.steps[2].medianMsFromPrevious, Hour + 45 * Minute);
    QCOMPARE(r.steps[0].droppedUsers, data.users({"u3", "u4", "u5"}));
    QCOMPARE(r.steps[1].droppedUsers, data.users({"u2", "u6", "u7"}));
    QVERIFY(r.steps[2].droppedUsers.empty());
    QVERIFY(r.breakdown.empty());

    // The definition carries every parameter.
    QCOMPARE(r.definition.value(QStringLiteral("analysis")).toString(), QStringLiteral("funnel"));
    QCOMPARE(r.definition.value(QStringLiteral("as_of")).toString(),
             QStringLiteral("2026-09-02T00:00:00.000Z"));
    QCOMPARE(r.definition.value(QStringLiteral("steps")).toArray().size(), 3);
    QCOMPARE(r.definition.value(QStringLiteral("from")).toString(),
             QStringLiteral("2026-08-03T00:00:00.000Z"));
    QCOMPARE(r.definition.value(QStringLiteral("to")).toString(),
             QStringLiteral("2026-08-04T00:00:00.000Z"));
    QCOMPARE(r.definition.value(QStringLiteral("window_ms")).toInteger(), 14 * Day);
    QCOMPARE(r.definition.value(QStringLiteral("mode")).toString(), QStringLiteral("sequential"));
    QVERIFY(r.definition.contains(QStringLiteral("breakdown")));
    QVERIFY(!r.definition.contains(QStringLiteral("segment")));
}

// Window 1 day: t1 + W counts, 1 ms later does not; every step is measured from t1.
void TestFunnel::windowBoundaryIsInclusive()
{
    const QByteArray events = eventsCsv({
        "u1: signup@0h create@1d",              // 2: create exactly at t1 + 1 day
        "u2: signup@0h create@1d+1ms",          // 1: 1 ms too late
        "u3: signup@0h create@12h share@1d",    // 3: share exactly at t1 + 1 day
        "u4: signup@0h create@1h share@1d+1ms", // 2: share 1 ms too late
    });
    Data data;
    QString error;
    QVERIFY2(data.load(usersCsv(4), events, {}, &error), qPrintable(error));
    FunnelResult r;
    QVERIFY(runFunnel(data.context(T + 10 * Day), params(ThreeSteps, T, T + Day, Day), &r, &error));
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{4, 3, 1}));
    QCOMPARE(r.steps[0].droppedUsers, data.users({"u2"}));
    QCOMPARE(r.steps[1].droppedUsers, data.users({"u1", "u4"}));
    // Step 2 deltas: 1 day (u1), 12h (u3), 1h (u4) -> 12h. Step 3: 12h (u3).
    QCOMPARE(r.steps[1].medianMsFromPrevious, 12 * Hour);
    QCOMPARE(r.steps[2].medianMsFromPrevious, 12 * Hour);

    // A window 1 ms longer lets u2 and u4 through.
    QVERIFY(
        runFunnel(data.context(T + 10 * Day), params(ThreeSteps, T, T + Day, Day + 1), &r, &error));
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{4, 4, 2}));
    // So does the largest window (t1 + W saturates instead of overflowing).
    QVERIFY(runFunnel(data.context(T + 10 * Day),
                      params(ThreeSteps, T, T + Day, std::numeric_limits<qint64>::max()), &r,
                      &error));
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{4, 4, 2}));
    // Strict mode has the same boundary: u3's and u4's steps are back to back.
    FunnelParams p = params(ThreeSteps, T, T + Day, Day);
    p.strict = true;
    QVERIFY(runFunnel(data.context(T + 10 * Day), p, &r, &error));
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{4, 3, 1}));
}

// The same data in both modes; range [T, T + 1 day), window 14 days.
void TestFunnel::strictVersusSequential()
{
    const QByteArray events = eventsCsv({
        "u1: signup@1h x@2h create@3h",          // sequential 2, strict 1
        "u2: signup@1h create@2h share@3h",      // 3 in both
        "u3: signup@1h create@2h x@3h share@4h", // sequential 3, strict 2
        // The very next event lies outside the date range and still breaks strict: 2 and 1.
        "u4: signup@1h x@2d create@3d",
        // All at the same time, in ID order 30 < 31 < 40: 3 in both, deltas 0.
        "u5: share@1h#40 create@1h#31 signup@1h#30",
        // Same time; whole-number IDs before text: signup (50), share (51), create (x1).
        // Sequential 2 (create after signup; no share after create), strict 1.
        "u6: signup@1h#50 create@1h#x1 share@1h#51",
    });
    Data data;
    QString error;
    QVERIFY2(data.load(usersCsv(6), events, {}, &error), qPrintable(error));
    FunnelParams p = params(ThreeSteps, T, T + Day, 14 * Day);
    FunnelResult r;
    QVERIFY(runFunnel(data.context(T + 20 * Day), p, &r, &error));
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{6, 6, 3}));
    QCOMPARE(r.steps[1].droppedUsers, data.users({"u1", "u4", "u6"}));
    // Step 2 deltas: 2h, 1h, 1h, 2 days - 1h, 0, 0 -> middle 1h and 1h -> 1h.
    QCOMPARE(r.steps[1].medianMsFromPrevious, Hour);
    // Step 3 deltas: 1h (u2), 2h (u3), 0 (u5) -> 1h.
    QCOMPARE(r.steps[2].medianMsFromPrevious, Hour);

    p.strict = true;
    QVERIFY(runFunnel(data.context(T + 20 * Day), p, &r, &error));
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{6, 3, 2}));
    QCOMPARE(r.steps[0].droppedUsers, data.users({"u1", "u4", "u6"}));
    QCOMPARE(r.steps[1].droppedUsers, data.users({"u3"}));
    // Step 2 deltas: 1h (u2), 1h (u3), 0 (u5) -> 1h. Step 3: 1h (u2), 0 (u5) -> 30 min.
    QCOMPARE(r.steps[1].medianMsFromPrevious, Hour);
    QCOMPARE(r.steps[2].medianMsFromPrevious, 30 * Minute);
    QCOMPARE(r.definition.value(QStringLiteral("mode")).toString(), QStringLiteral("strict"));
}

// Range [T, T + 10 days), window 1 day.
void TestFunnel::laterEntryGoesFurther()
{
    const QByteArray events = eventsCsv({
        // The first entry reaches nothing, the second reaches 3 (deltas 1h, 1h).
        "u1: signup@1h signup@3d create@3d+1h share@3d+2h",
        // Both entries reach 2; the earliest one gives the time: 4h, not 1h.
        "u2: signup@1h create@5h signup@2d create@2d+1h",
        // The signup before `from` is no entry; the one inside reaches 1.
        "u3: signup@-1h create@0h signup@1h",
        // create falls after `to` but inside the window: 2 (delta 2h).
        "u4: signup@10d-1h create@10d+1h",
        // A signup exactly at `to` is no entry.
        "u5: signup@10d",
    });
    Data data;
    QString error;
    QVERIFY2(data.load(usersCsv(5), events, {}, &error), qPrintable(error));
    FunnelResult r;
    QVERIFY(runFunnel(data.context(T + 20 * Day), params(ThreeSteps, T, T + 10 * Day, Day), &r,
                      &error));
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{4, 3, 1}));
    // Step 2 deltas: 1h (u1), 4h (u2), 2h (u4) -> 2h. Step 3: 1h (u1).
    QCOMPARE(r.steps[1].medianMsFromPrevious, 2 * Hour);
    QCOMPARE(r.steps[2].medianMsFromPrevious, Hour);
    QCOMPARE(r.steps[0].droppedUsers, data.users({"u3"}));
    QCOMPARE(r.steps[1].droppedUsers, data.users({"u2", "u4"}));
}

void TestFunnel::nothingAtOrAfterAsOf()
{
    Data data;
    QString error;
    QVERIFY2(data.load(usersCsv(2),
                       eventsCsv({"u1: signup@1h create@2h", "u2: signup@3h create@4h"}), {},
                       &error),
             qPrintable(error));
    FunnelResult r;
    // as_of = T + 2h: u1's create (at as_of) does not count, u2's signup is no entry.
    QVERIFY(runFunnel(data.context(T + 2 * Hour), params(TwoSteps, T, T + Day, Day), &r, &error));
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{1, 0}));
    QCOMPARE(r.steps[1].medianMsFromPrevious, qint64(-1));
    QCOMPARE(r.steps[1].pctOfFirst, 0.0);
    // 1 ms later u1's create counts; u2 is still outside.
    QVERIFY(
        runFunnel(data.context(T + 2 * Hour + 1), params(TwoSteps, T, T + Day, Day), &r, &error));
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{1, 1}));
    // With as_of at T + 1 day both count.
    QVERIFY(runFunnel(data.context(T + Day), params(TwoSteps, T, T + Day, Day), &r, &error));
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{2, 2}));
}

void TestFunnel::breakdownByAccountProperty()
{
    // A3 has no CSM; u5 has no account; u6 never signs up.
    const QByteArray accounts = "account_id,name,csm\nA1,Acme,Cara\nA2,Best,Dan\nA3,Globex,\n";
    const QByteArray users = "user_id,account_id\nu1,A1\nu2,A1\nu3,A2\nu4,A3\nu5,\nu6,A1\n";
    const QByteArray events =
        eventsCsv({"u1: signup@1h create@2h", "u2: signup@1h", "u3: signup@1h create@4h",
                   "u4: signup@1h", "u5: signup@1h create@3h", "u6: create@1h"});
    Data data;
    QString error;
    QVERIFY2(data.load(users, events, accounts, &error), qPrintable(error));
    FunnelParams p = params(TwoSteps, T, T + Day, Day);
    p.breakdown = QStringLiteral("account.csm");
    FunnelResult r;
    QVERIFY2(runFunnel(data.context(T + 5 * Day), p, &r, &error), qPrintable(error));
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{5, 3}));
    // (none): u4 (A3 has no CSM) and u5 (no account) -> 2, 1; Cara: u1, u2 -> 2, 1;
    // Dan: u3 -> 1, 1. Ties on step 1 go by value: "(none)" sorts before "Cara".
    QCOMPARE(r.breakdown.size(), size_t(3));
    QCOMPARE(r.breakdown[0].value, QStringLiteral("(none)"));
    QCOMPARE(stepUsers(r.breakdown[0].steps), (std::vector<qint64>{2, 1}));
    QCOMPARE(r.breakdown[0].steps[0].droppedUsers, data.users({"u4"}));
    QCOMPARE(r.breakdown[0].steps[1].medianMsFromPrevious, 2 * Hour);
    QCOMPARE(r.breakdown[1].value, QStringLiteral("Cara"));
    QCOMPARE(stepUsers(r.breakdown[1].steps), (std::vector<qint64>{2, 1}));
    QCOMPARE(r.breakdown[1].steps[0].droppedUsers, data.users({"u2"}));
    QCOMPARE(r.breakdown[1].steps[1].pctOfFirst, 50.0);
    QCOMPARE(r.breakdown[2].value, QStringLiteral("Dan"));
    QCOMPARE(stepUsers(r.breakdown[2].steps), (std::vector<qint64>{1, 1}));
    QCOMPARE(r.breakdown[2].steps[1].medianMsFromPrevious, 3 * Hour);
    QCOMPARE(r.definition.value(QStringLiteral("breakdown")).toString(),
             QStringLiteral("account.csm"));

    p.breakdown = QStringLiteral("account.nope");
    QVERIFY(!runFunnel(data.context(T + 5 * Day), p, &r, &error));
    QCOMPARE(error, QStringLiteral("unknown property \"account.nope\""));
}

void TestFunnel::breakdownByUserProperty()
{
    const QByteArray users = "user_id,plan\nu1,pro\nu2,free\nu3,pro\nu4,\n";
    const QByteArray events = eventsCsv(
        {"u1: signup@1h", "u2: signup@1h create@2h", "u3: signup@1h create@2h", "u4: signup@1h"});
    Data data;
    QString error;
    QVERIFY2(data.load(users, events, {}, &error), qPrintable(error));
    FunnelParams p = params(TwoSteps, T, T + Day, Day);
    p.breakdown = QStringLiteral("plan");
    FunnelResult r;
    QVERIFY2(runFunnel(data.context(T + 5 * Day), p, &r, &error), qPrintable(error));
    // pro: u1, u3 -> 2, 1; then by value at 1 user each: "(none)" (u4) 1, 0; free (u2) 1, 1.
    QCOMPARE(r.breakdown.size(), size_t(3));
    QCOMPARE(r.breakdown[0].value, QStringLiteral("pro"));
    QCOMPARE(stepUsers(r.breakdown[0].steps), (std::vector<qint64>{2, 1}));
    QCOMPARE(r.breakdown[1].value, QStringLiteral("(none)"));
    QCOMPARE(stepUsers(r.breakdown[1].steps), (std::vector<qint64>{1, 0}));
    QCOMPARE(r.breakdown[2].value, QStringLiteral("free"));
    QCOMPARE(stepUsers(r.breakdown[2].steps), (std::vector<qint64>{1, 1}));
}

void TestFunnel::segmentFilter()
{
    const QByteArray events =
        eventsCsv({"u1: signup@1h create@2h", "u2: signup@1h", "u3: signup@1h create@3h"});
    Data data;
    QString error;
    QVERIFY2(data.load(usersCsv(3), events, {}, &error), qPrintable(error));
    AnalysisContext context = data.context(T + 5 * Day);
    context.segment.assign(3, 1);
    context.segment[size_t(data.users({"u1"})[0])] = 0;
    context.segmentName = QStringLiteral("Not u1");
    FunnelResult r;
    QVERIFY(runFunnel(context, params(TwoSteps, T, T + Day, Day), &r, &error));
    // u1 is outside the segment: u2 (1) and u3 (2, delta 2h).
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{2, 1}));
    QCOMPARE(r.steps[0].droppedUsers, data.users({"u2"}));
    QCOMPARE(r.steps[1].medianMsFromPrevious, 2 * Hour);
    QCOMPARE(r.definition.value(QStringLiteral("segment")).toString(), QStringLiteral("Not u1"));
}

void TestFunnel::validation()
{
    Data data;
    QString error;
    QVERIFY2(data.load(usersCsv(1), eventsCsv({"u1: signup@1h create@2h"}), {}, &error),
             qPrintable(error));
    const AnalysisContext context = data.context(T + Day);
    FunnelResult r;
    r.steps.resize(7); // untouched on failure
    const QString signup = QStringLiteral("signup");
    QVERIFY(!runFunnel(context, params({signup}, T, T + Day, Day), &r, &error));
    QCOMPARE(error, QStringLiteral("a funnel needs 2 to 20 steps"));
    QStringList many;
    for (int i = 0; i < 21; ++i)
        many.append(signup);
    QVERIFY(!runFunnel(context, params(many, T, T + Day, Day), &r, &error));
    QCOMPARE(error, QStringLiteral("a funnel needs 2 to 20 steps"));
    QVERIFY(
        !runFunnel(context, params({signup, QStringLiteral("nope")}, T, T + Day, Day), &r, &error));
    QCOMPARE(error, QStringLiteral("unknown event \"nope\""));
    QVERIFY(!runFunnel(context, params(TwoSteps, T, T, Day), &r, &error));
    QCOMPARE(error, QStringLiteral("the date range is empty (from must be before to)"));
    QVERIFY(!runFunnel(context, params(TwoSteps, T, T + Day, 0), &r, &error));
    QCOMPARE(error, QStringLiteral("the conversion window must be positive"));
    FunnelParams p = params(TwoSteps, T, T + Day, Day);
    p.breakdown = QStringLiteral("plan"); // users.csv has no such column
    QVERIFY(!runFunnel(context, p, &r, &error));
    QCOMPARE(error, QStringLiteral("unknown property \"plan\""));
    QCOMPARE(r.steps.size(), size_t(7));
    // 20 steps are fine: u1's single signup reaches 1 (a repeated step needs a later event).
    many.removeLast();
    QVERIFY(runFunnel(context, params(many, T, T + Day, Day), &r, &error));
    QCOMPARE(r.steps.size(), size_t(20));
    QCOMPARE(r.steps[0].users, qint64(1));
    QCOMPARE(r.steps[1].users, qint64(0));
}

void TestFunnel::emptyCache()
{
    Data data;
    QString error;
    QVERIFY2(data.load("user_id\n", "event_id,user_id,time,event\n", {}, &error),
             qPrintable(error));
    QCOMPARE(data.index->userCount(), 0);
    FunnelResult r;
    // No event types at all: any step is unknown.
    QVERIFY(!runFunnel(data.context(T), params(TwoSteps, T, T + Day, Day), &r, &error));
    QCOMPARE(error, QStringLiteral("unknown event \"signup\""));

    // Users but no entries: every figure is empty, no division by zero.
    Data quiet;
    QVERIFY2(quiet.load(usersCsv(1), eventsCsv({"u1: signup@-1d create@-1d"}), {}, &error),
             qPrintable(error));
    FunnelParams p = params(TwoSteps, T, T + Day, Day);
    p.breakdown = QStringLiteral("user_id");
    QVERIFY(runFunnel(quiet.context(T + Day), p, &r, &error));
    QCOMPARE(stepUsers(r.steps), (std::vector<qint64>{0, 0}));
    QVERIFY(std::isnan(r.steps[0].pctOfFirst));
    QVERIFY(std::isnan(r.steps[1].pctOfPrevious));
    QCOMPARE(r.steps[1].medianMsFromPrevious, qint64(-1));
    QVERIFY(r.breakdown.empty());
}

void TestFunnel::cancelled()
{
    Data data;
    QString error;
    QVERIFY2(data.load(usersCsv(2), eventsCsv({"u1: signup@1h", "u2: create@2h"}), {}, &error),
             qPrintable(error));
    Progress progress;
    progress.cancel();
    AnalysisContext context = data.context(T + Day);
    context.progress = &progress;
    FunnelResult r;
    const Status status = runFunnel(context, params(TwoSteps, T, T + Day, Day), &r, &error);
    QVERIFY(status.isCancelled()); // typed: a cancel carries no text
    QVERIFY(status.error().isEmpty());
    QVERIFY(r.steps.empty());
}

namespace {

// A random small workspace: 5-30 users with 0-60 events each over 40 days on a 6-hour grid
// (many equal times; window and period ends often fall exactly on an event), 4 event types, and
// event IDs in an order unrelated to the file (shuffled numbers, some text IDs).
QByteArray randomExport(QRandomGenerator* g, QByteArray* users)
{
    const char* const types[] = {"a", "b", "c", "d"};
    const char* const plans[] = {"pro", "free", "team", ""};
    const int userCount = 5 + g->bounded(26);
    *users = "user_id,plan\n";
    for (int u = 1; u <= userCount; ++u)
        *users += "u" + QByteArray::number(u) + ',' + plans[g->bounded(4)] + '\n';
    QByteArray csv = "event_id,user_id,time,event\n";
    int id = 0;
    const auto add = [&](const QByteArray& user, qint64 time, const char* type) {
        const int kind = g->bounded(20); // 1 in 10 IDs is text: "e123" or "0123"
        csv += QByteArray(kind == 0 ? "e" : kind == 1 ? "0" : "");
        csv += QByteArray::number(++id * 7919 % 100003) + ',' + user + ',' +
               FieldParser::formatTimestamp(time).toUtf8() + ',' + type + '\n';
    };
    for (const char* type : types) // every type occurs
        add("u1", T + g->bounded(160) * 6 * Hour, type);
    for (int u = 1; u <= userCount + 1; ++u) { // the last user is only in events.csv
        const QByteArray user = (u > userCount ? "ghost" : "u") + QByteArray::number(u);
        std::vector<qint64> times;
        for (int i = 0, count = g->bounded(61); i < count; ++i) {
            qint64 time = T + g->bounded(160) * 6 * Hour + (g->bounded(4) ? 0 : g->bounded(Hour));
            if (i > 0 && g->bounded(10) < 3)
                time = times[size_t(g->bounded(i))];
            times.push_back(time);
            add(user, time, types[g->bounded(4)]);
        }
    }
    return csv;
}

qint64 medianOf(std::vector<qint64> values)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

struct Figures
{
    std::vector<qint64> users, medians;
    std::vector<std::vector<int>> dropped;
};

QString describe(qint64 users, qint64 median, const std::vector<int>& dropped)
{
    QString text = QStringLiteral("%1 users, median %2, dropped").arg(users).arg(median);
    for (int u : dropped)
        text += QLatin1Char(' ') + QString::number(u);
    return text + QLatin1String("; ");
}

QString describe(const std::vector<FunnelStep>& steps)
{
    QString text;
    for (const FunnelStep& s : steps)
        text += describe(s.users, s.medianMsFromPrevious, s.droppedUsers);
    return text;
}

QString describe(const Figures& f)
{
    QString text;
    for (size_t j = 0; j < f.users.size(); ++j)
        text += describe(f.users[j], f.medians[j], f.dropped[j]);
    return text;
}

// The funnel computed from docs/definitions.md in plain SQL over the flat copy: every chain of step
// events a user can form from each entry (a recursive query, no greedy choice), the furthest
// step, the earliest entry reaching it, and on that entry the earliest event of each step.
QString referenceFunnel(Database& db, const FunnelParams& p, qint64 asOf,
                        const std::vector<char>& segment, QString* error)
{
    db.exec("DROP TABLE IF EXISTS temp.ev; DROP TABLE IF EXISTS temp.steps;"
            "DROP TABLE IF EXISTS temp.reach; DROP TABLE IF EXISTS temp.seg;"
            "CREATE TEMP TABLE seg(user INTEGER PRIMARY KEY);"
            "CREATE TEMP TABLE steps(idx INTEGER PRIMARY KEY, event TEXT);"
            "CREATE TEMP TABLE ev(user INTEGER, time INTEGER, event TEXT, seq INTEGER);"
            "CREATE TEMP TABLE reach(user INTEGER, entry INTEGER, t1 INTEGER, step INTEGER,"
            " seq INTEGER, time INTEGER)",
            nullptr);
    Statement seg = db.prepare("INSERT INTO seg SELECT user FROM users WHERE user = ?", error);
    for (size_t u = 0; u < segment.size(); ++u) {
        seg.bind(1, qint64(u));
        if (segment[u] && !seg.run(error))
            return {};
        seg.reset();
    }
    Statement step = db.prepare("INSERT INTO steps VALUES (?, ?)", error);
    for (qsizetype j = 0; j < p.steps.size(); ++j) {
        step.bind(1, qint64(j + 1));
        step.bind(2, p.steps[j]);
        step.run(error);
    }
    // The user's events before as_of numbered in (time, event ID) order: whole-number IDs by
    // value first, then the others as text.
    Statement ev =
        db.prepare("INSERT INTO ev SELECT user, time, event, ROW_NUMBER() OVER (PARTITION BY user "
                   "ORDER BY time, numeric_id IS NULL, numeric_id, event_id) FROM events "
                   "WHERE time < ?1 AND user IN (SELECT user FROM seg)",
                   error);
    ev.bind(1, asOf);
    Statement reach = db.prepare(
        "INSERT INTO reach WITH RECURSIVE chain(user, entry, t1, step, seq, time) AS ("
        " SELECT user, seq, time, 1, seq, time FROM ev"
        "  WHERE event = (SELECT event FROM steps WHERE idx = 1) AND time >= ?1 AND time < ?2"
        " UNION"
        " SELECT c.user, c.entry, c.t1, c.step + 1, e.seq, e.time FROM chain c"
        "  JOIN steps s ON s.idx = c.step + 1"
        "  JOIN ev e ON e.user = c.user AND e.event = s.event AND e.seq > c.seq"
        "   AND e.time <= c.t1 + ?3 AND (?4 = 0 OR e.seq = c.seq + 1))"
        " SELECT * FROM chain",
        error);
    reach.bind(1, p.fromMs);
    reach.bind(2, p.toMs);
    reach.bind(3, p.windowMs);
    reach.bind(4, qint64(p.strict ? 1 : 0));
    if (!ev.run(error) || !reach.run(error))
        return {};

    const size_t k = size_t(p.steps.size());
    std::map<QString, Figures> groups; // "" = all users
    std::map<QString, std::vector<std::vector<qint64>>> deltas;
    Statement furthest =
        db.prepare("SELECT r.user, r.step, MIN(r.entry),"
                   " COALESCE(NULLIF(json_extract(u.properties, '$.plan'), ''), '(none)')"
                   " FROM reach r JOIN users u ON u.user = r.user"
                   " WHERE r.step = (SELECT MAX(step) FROM reach m WHERE m.user = r.user)"
                   " GROUP BY r.user ORDER BY r.user",
                   error);
    Statement path = db.prepare("SELECT step, time, MIN(seq) FROM reach WHERE user = ?1 AND "
                                "entry = ?2 GROUP BY step ORDER BY step",
                                error);
    while (furthest.step()) {
        const int user = int(furthest.int64(0));
        const size_t f = size_t(furthest.int64(1));
        std::vector<qint64> times;
        path.bind(1, qint64(user));
        path.bind(2, furthest.int64(2));
        while (path.step())
            times.push_back(path.int64(1));
        path.reset();
        for (const QString& group : {QString(), furthest.text(3)}) {
            if (!group.isEmpty() && p.breakdown.isEmpty())
                continue;
            Figures& fig = groups[group];
            auto& d = deltas[group];
            fig.users.resize(k);
            fig.dropped.resize(k);
            d.resize(k);
            for (size_t j = 0; j < f; ++j)
                ++fig.users[j];
            for (size_t j = 1; j < f; ++j)
                d[j].push_back(times[j] - times[j - 1]);
            if (f < k)
                fig.dropped[f - 1].push_back(user);
        }
    }
    Figures& all = groups[QString()];
    all.users.resize(k);
    all.dropped.resize(k);
    deltas[QString()].resize(k);
    std::vector<std::pair<QString, Figures*>> order;
    for (auto& [group, fig] : groups) {
        fig.medians.assign(k, -1);
        for (size_t j = 1; j < k; ++j)
            fig.medians[j] = medianOf(deltas[group][j]);
        if (!group.isEmpty())
            order.emplace_back(group, &fig);
    }
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        return a.second->users[0] > b.second->users[0];
    });
    QString text = describe(all);
    for (const auto& [group, fig] : order)
        text += QLatin1String("\n") + group + QLatin1String(": ") + describe(*fig);
    return text;
}

} // namespace

// The engine against referenceFunnel on 30 random workspaces, each in both modes.
void TestFunnel::matchesSqlReference()
{
    qint64 entered = 0, completed = 0, strictDiffers = 0;
    for (quint32 seed = 1; seed <= 30; ++seed) {
        QRandomGenerator g(seed);
        QByteArray users;
        const QByteArray events = randomExport(&g, &users);
        Data data;
        QString error;
        QVERIFY2(data.load(users, events, {}, &error), qPrintable(error));
        const QString flatPath = data.dir.filePath(QStringLiteral("flat.db"));
        error = test::writeFlatCopy(data.cachePath, flatPath);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        Database flat;
        QVERIFY2(flat.open(flatPath, false, &error), qPrintable(error));

        const char* const types[] = {"a", "b", "c", "d"};
        FunnelParams p;
        const int k = 2 + g.bounded(3);
        for (int j = 0; j < k; ++j)
            p.steps.append(QLatin1String(types[g.bounded(4)]));
        p.fromMs = T + g.bounded(20) * Day + (g.bounded(2) ? g.bounded(24) * Hour : 0);
        p.toMs = p.fromMs + (1 + g.bounded(20 * 24)) * Hour;
        // On the events' 6-hour grid, so that steps fall exactly on the window's end.
        // Mostly short, so that the window's end often decides.
        p.windowMs = (1 + g.bounded(g.bounded(4) ? 12 : 80)) * 6 * Hour +
                     (g.bounded(4) == 0 ? g.bounded(3) - 1 : 0);
        if (g.bounded(2))
            p.breakdown = QStringLiteral("plan");
        AnalysisContext context = data.context(T + g.bounded(40, 45 * 4) * 6 * Hour);
        if (g.bounded(2)) {
            for (int u = 0; u < data.index->userCount(); ++u)
                context.segment.push_back(g.bounded(10) < 7 ? 1 : 0);
            context.segmentName = QStringLiteral("random");
        }
        std::vector<char> members = context.segment;
        if (members.empty())
            members.assign(size_t(data.index->userCount()), 1);

        QString previous;
        for (bool strict : {false, true}) {
            p.strict = strict;
            FunnelResult r;
            QVERIFY2(runFunnel(context, p, &r, &error), qPrintable(error));
            QString engine = describe(r.steps);
            for (const auto& group : r.breakdown)
                engine +=
                    QLatin1String("\n") + group.value + QLatin1String(": ") + describe(group.steps);
            const QString reference = referenceFunnel(flat, p, context.asOfMs, members, &error);
            QVERIFY2(!reference.isEmpty(), qPrintable(error));
            const QString label = QStringLiteral("seed %1 %2\n").arg(seed).arg(strict);
            QCOMPARE(label + engine, label + reference);
            entered += r.steps.front().users;
            completed += r.steps.back().users;
            strictDiffers += strict && engine != previous ? 1 : 0;
            previous = engine;
        }
    }
    // The random data exercises the interesting paths.
    QVERIFY(entered > 100);
    QVERIFY(completed > 20);
    QVERIFY(strictDiffers > 10);
}

QTEST_GUILESS_MAIN(TestFunnel)
#include "tst_funnel.moc"
