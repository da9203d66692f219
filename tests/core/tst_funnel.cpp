// runFunnel against small hand-written exports (every expected figure is worked out by hand in
// the comments beside it); the SQL reference is in tst_funnel_reference.cpp (one binary).
#include "tst_funnel.h"

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

QTEST_GUILESS_MAIN(TestFunnel)
