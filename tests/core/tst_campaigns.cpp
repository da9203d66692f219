// Campaign metrics on hand-written exports: click windows, a past as-of, influence by stage and
// in a segment, low-WAU accounts, errors. The reference and the CLI: tst_campaigns_reference.cpp.
#include "tst_campaigns.h"

void TestCampaigns::clickWindows()
{
    Data d;
    QString error;
    QVERIFY2(d.load(ClickExport, &error), qPrintable(error));
    const Workspace workspace = fixtureWorkspace();
    CampaignsResult r;
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("100d")), &workspace), {}, &r, &error),
             qPrintable(error));
    QCOMPARE(r.keyEvent, QStringLiteral("chart"));
    QCOMPARE(r.lowWauThreshold, 2);
    QCOMPARE(r.definition.value(QStringLiteral("analysis")).toString(),
             QStringLiteral("campaigns"));
    QCOMPARE(r.definition.value(QStringLiteral("key_event")).toString(), QStringLiteral("chart"));
    QCOMPARE(r.campaigns.size(), size_t(2));
    QCOMPARE(r.campaigns[0].name, QStringLiteral("Beta"));
    const CampaignMetrics& m = r.campaigns[1];
    QCOMPARE(m.name, QStringLiteral("Launch"));
    QCOMPARE(m.firstSendMs, T);
    // Touched: u1..u7 (u8's click is at as_of: ignored). Clicked: all but u6 (delivered and
    // opened only).
    // Week 0, [t, t + 7d): u1 K at t; u2 K at t + 7d - 1ms; u3 no (t - 1ms and t + 7d);
    // u4 K at t + 1d; u7 K at t + 1h; u5 not eligible (t + 7d = 102d > as_of) -> 4 of 5.
    // Month 1, [t + 30d, t + 60d), eligible when t + 60d <= 100d: u1 (K at t + 30d), u2 (K at
    // t + 60d: no), u3 (K at t + 30d - 1ms: no), u7 (none) -> 1 of 4; u4 (105d) and u5 not.
    // Accounts, week 0: A1 (u1, u2) converted, A2 (u3 no, u4 yes) converted -> 2 of 2; A3's
    // only clicked user u5 is not eligible. Month 1: A1 (u1 yes), A2 (u3 no) -> 1 of 2.
    // Influence: nobody touched is lapsed (u3's K at t - 1ms is within 90 days before f; the
    // others have no event before f) -> 0/0 everywhere. Baseline: u9 is lapsed at T (login at
    // -100d, no K in [T - 90d, T)), its K at T + 7d is outside the week -> 1 of 1, 0 converted;
    // u8 has no event before T.
    // Low-WAU: A1..A4 (WAU 0 < 2; A5 has no users) -> 4; touched A1, A2, A3; converted A1 (u1
    // K at 2h), A2 (u4 K one day after its touch), A3 (u5 K at 96d, in [95d, as_of)) -> 3 of 4.
    QCOMPARE(describe(m), QStringLiteral("touched 7 clicked 6 | week0 5/4 0.8 | month1 4/1 0.25 | "
                                         "accounts 2/2 1, 2/1 0.5 | delivered 0/0 - - | opened "
                                         "0/0 - - | clicked 0/0 - - | baseline 1/0 0 | low 4/3 "
                                         "0.75 touched 3"));
    QCOMPARE(describeAccounts(*d.index, m),
             QStringList({QStringLiteral("A1 clicked 2 week0 2/2 1 month1 2/1 0.5 wau 0 low"),
                          QStringLiteral("A2 clicked 2 week0 2/1 0.5 month1 1/0 0 wau 0 low")}));
    // Beta, first sent at 20d to u9 only: u9 is not lapsed (K at 7d); the baseline has nobody
    // lapsed at 20d (u1, u2, u3, u7 did K within 90 days; u4, u5, u6, u8 have no event before).
    // Nobody has an event in [13d, 20d): A1..A4 are low-WAU, A4 touched, u9 no K in the week.
    QCOMPARE(describe(r.campaigns[0]),
             QStringLiteral("touched 1 clicked 0 | week0 0/0 - | month1 0/0 - | accounts 0/0 -, "
                            "0/0 - | delivered 0/0 - - | opened 0/0 - - | clicked 0/0 - - | "
                            "baseline 0/0 - | low 4/0 0 touched 1"));
    QCOMPARE(r.campaigns[0].firstSendMs, at(QStringLiteral("20d")));
}

void TestCampaigns::pastAsOfIgnoresLaterTouchesAndEvents()
{
    Data d;
    QString error;
    QVERIFY2(d.load(ClickExport, &error), qPrintable(error));
    const Workspace workspace = fixtureWorkspace();
    CampaignsParams params;
    params.campaign = QStringLiteral("Launch");
    CampaignsResult r;
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("50d")), &workspace), params, &r, &error),
             qPrintable(error));
    QCOMPARE(r.campaigns.size(), size_t(1));
    QCOMPARE(r.definition.value(QStringLiteral("campaign")).toString(), QStringLiteral("Launch"));
    const CampaignMetrics& m = r.campaigns[0];
    // As of 50d u5's touch (95d) is gone: touched u1, u2, u3, u4, u6, u7; clicked the same but
    // u6. Week 0: u1, u2, u3 (no), u7 -> 3 of 4; u4 (45d + 7d > 50d) is not eligible.
    // Month 1: nobody is eligible. Accounts: A1 converted, A2 (u3 alone eligible) not -> 1 of 2.
    // Baseline: u9 as before; u5, now untouched, has no event before T.
    // Low-WAU: A1..A4, touched A1, A2, A3 (u6); converted A1 (u1) and A2 (u4's K at 46d, in
    // [45d, as_of)); A3's u6 has no K and u5's K at 96d is after as_of -> 2 of 4.
    QCOMPARE(describe(m), QStringLiteral("touched 6 clicked 5 | week0 4/3 0.75 | month1 0/0 - | "
                                         "accounts 2/1 0.5, 0/0 - | delivered 0/0 - - | opened "
                                         "0/0 - - | clicked 0/0 - - | baseline 1/0 0 | low 4/2 "
                                         "0.5 touched 3"));
    QCOMPARE(describeAccounts(*d.index, m),
             QStringList({QStringLiteral("A1 clicked 2 week0 2/2 1 month1 0/0 - wau 0 low"),
                          QStringLiteral("A2 clicked 2 week0 1/0 0 month1 0/0 - wau 0 low")}));

    // Before the first send nothing is sent.
    QVERIFY2(runCampaigns(contextOf(d, T, &workspace), params, &r, &error), qPrintable(error));
    const CampaignMetrics& none = r.campaigns[0];
    QCOMPARE(describe(none), QStringLiteral("Launch not sent"));
    QVERIFY(none.accounts.empty());
    QCOMPARE(none.touchedUsers + none.week0.eligible + none.baseline.eligible, qint64(0));
    for (size_t s = 0; s < 3; ++s)
        QVERIFY(std::isnan(none.stages[s].rate) && std::isnan(none.liftPoints[s]));
    QVERIFY(std::isnan(none.week0.rate) && std::isnan(none.lowWau.rate));
}

void TestCampaigns::influenceByStage()
{
    Data d;
    QString error;
    QVERIFY2(d.load(StageExport, &error), qPrintable(error));
    const Workspace workspace = fixtureWorkspace();
    CampaignsResult r;
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("30d")), &workspace), {}, &r, &error),
             qPrintable(error));
    QCOMPARE(r.campaigns.size(), size_t(1));
    // Highest stage, first touch f, lapsed (no K in [f - 90d, f), an event before f):
    // delivered: d1 (its click at 31d is after as_of; f = 0, login before, K at 1d: yes);
    //   d2 not lapsed (K exactly at f - 90d); d3 never used the product before f -> 1 of 1.
    // opened: o1 (K at f - 90d - 1ms: lapsed; K at f + 7d: no), o2 (f = 2h, K at f: yes)
    //   -> 1 of 2.
    // clicked: c1 (f = 1d, K at f + 7d - 1ms: yes), c3 (no K); c2's week ends after as_of
    //   -> 1 of 2.
    // Baseline from s = 0: b1 (yes), b3 (K at -91d: lapsed; no), b5 (touched only at as_of;
    //   yes); b2 not lapsed (K at s - 90d), b4 no event before s -> 2 of 3.
    // Lifts: 100 - 66.67, 50 - 66.67, 50 - 66.67 points.
    // Week 0: c1 (t = 1d + 1m, K at 8d - 1ms: yes), c3 (no); c2 not eligible -> 1 of 2.
    QCOMPARE(describe(r.campaigns[0]),
             QStringLiteral("touched 8 clicked 3 | week0 2/1 0.5 | month1 0/0 - | accounts 0/0 -, "
                            "0/0 - | delivered 1/1 1 33.33 | opened 2/1 0.5 -16.67 | clicked 2/1 "
                            "0.5 -16.67 | baseline 3/2 0.6667 | low 0/0 - touched 0"));
}

void TestCampaigns::influenceInSegment()
{
    Data d;
    QString error;
    QVERIFY2(d.load(StageExport, &error), qPrintable(error));
    const Workspace workspace = fixtureWorkspace();
    AnalysisContext context = contextOf(d, at(QStringLiteral("30d")), &workspace);
    context.segment.assign(size_t(d.index->userCount()), 1);
    context.segment[size_t(d.index->userIndex(QStringLiteral("o2")))] = 0;
    context.segment[size_t(d.index->userIndex(QStringLiteral("b1")))] = 0;
    CampaignsResult r;
    QVERIFY2(runCampaigns(context, {}, &r, &error), qPrintable(error));
    // Without o2 and b1: opened o1 alone (0 of 1), baseline b3 and b5 (1 of 2); lifts 100 - 50,
    // 0 - 50, 50 - 50.
    QCOMPARE(describe(r.campaigns[0]),
             QStringLiteral("touched 7 clicked 3 | week0 2/1 0.5 | month1 0/0 - | accounts 0/0 -, "
                            "0/0 - | delivered 1/1 1 50.00 | opened 1/0 0 -50.00 | clicked 2/1 "
                            "0.5 0.00 | baseline 2/1 0.5 | low 0/0 - touched 0"));
    QCOMPARE(r.definition.contains(QStringLiteral("segment")), true);
}

void TestCampaigns::lowWauAccounts()
{
    Data d;
    QString error;
    QVERIFY2(d.load(WauExport, &error), qPrintable(error));
    const Workspace workspace = fixtureWorkspace();
    CampaignsResult r;
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("10d")), &workspace), {}, &r, &error),
             qPrintable(error));
    // WAU at s = 0, events in [-7d, 0): L1 1 (a1 exactly at -7d), L2 1 (b1 at -1ms; b2 at
    // -7d - 1ms is out), L3 2 (c1, c2), L4 0, L5 1 (e1 twice; e2 at s is out), L6 1; L8 has no
    // users. Below 2: L1, L2, L4, L5, L6 -> 5.
    // Touched: L1 (a1), L2 (b2), L5 (e2); f1's touch is at as_of; h1 has no account -> 3.
    // Converted: L1 (a1 K at f + 7d - 1ms), L5 (e2 K at 9d, in [5d, as_of)); b2's K is at
    // f + 7d -> 2 of 5.
    // Influence, delivered: a1 (yes), b2 (no), c1 (yes); e2's week ends after as_of, h1 has no
    // event before f -> 2 of 3. Baseline: b1, c2, e1, f1 lapsed, none did K -> 0 of 4.
    QCOMPARE(describe(r.campaigns[0]),
             QStringLiteral("touched 5 clicked 0 | week0 0/0 - | month1 0/0 - | accounts 0/0 -, "
                            "0/0 - | delivered 3/2 0.6667 66.67 | opened 0/0 - - | clicked 0/0 - "
                            "- | baseline 4/0 0 | low 5/2 0.4 touched 3"));

    // A threshold of 3 takes L3 (WAU 2) in, touched and converted by c1 (K at 1d) -> 3 of 6.
    CampaignsParams params;
    params.lowWauThreshold = 3;
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("10d")), &workspace), params, &r, &error),
             qPrintable(error));
    QCOMPARE(share(r.campaigns[0].lowWau), QStringLiteral("6/3 0.5"));
    QCOMPARE(r.campaigns[0].lowWauTouched, qint64(4));
}

void TestCampaigns::lowWauAtTheSendWeekEdge()
{
    Data d;
    QString error;
    QVERIFY2(d.load(WauExport, &error), qPrintable(error));
    const Workspace workspace = fixtureWorkspace();
    CampaignsResult r;
    // as_of = s + 7d: measured. No K before as_of in any touched user's week: a1's at 8d - 1ms,
    // b2's at 7d and e2's at 9d are at or after as_of -> 0 of 5. Influence: b2 (no), c1 (yes);
    // a1's week ends after as_of -> 1 of 2.
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("7d")), &workspace), {}, &r, &error),
             qPrintable(error));
    QCOMPARE(describe(r.campaigns[0]),
             QStringLiteral("touched 5 clicked 0 | week0 0/0 - | month1 0/0 - | accounts 0/0 -, "
                            "0/0 - | delivered 2/1 0.5 50.00 | opened 0/0 - - | clicked 0/0 - - "
                            "| baseline 4/0 0 | low 5/0 0 touched 3"));
    // 1 ms earlier the send week is not over: no baseline, no low-WAU figures; b2's and c1's
    // weeks are not over either.
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("7d-1ms")), &workspace), {}, &r, &error),
             qPrintable(error));
    QCOMPARE(describe(r.campaigns[0]),
             QStringLiteral("touched 5 clicked 0 | week0 0/0 - | month1 0/0 - | accounts 0/0 -, "
                            "0/0 - | delivered 0/0 - - | opened 0/0 - - | clicked 0/0 - - | "
                            "baseline 0/0 - | low 0/0 - touched 0 | send week not over"));
}

void TestCampaigns::errors()
{
    Data d;
    QString error;
    QVERIFY2(d.load(ClickExport, &error), qPrintable(error));
    Workspace workspace = fixtureWorkspace();
    const AnalysisContext context = contextOf(d, at(QStringLiteral("100d")), &workspace);
    CampaignsResult r;
    CampaignsParams params;
    // A key event the data lacks (the shipped default, "View Chart", is not in this data) is
    // never done: nobody converts.
    workspace.campaignKeyEvent = Workspace::defaults().campaignKeyEvent;
    QVERIFY2(runCampaigns(context, {}, &r, &error), qPrintable(error));
    QVERIFY(!r.campaigns.empty());
    for (const CampaignMetrics& m : r.campaigns) {
        QCOMPARE(m.week0.converted, 0);
        QCOMPARE(m.month1.converted, 0);
    }
    workspace.campaignKeyEvent.clear();
    QVERIFY(!runCampaigns(context, {}, &r, &error));
    QCOMPARE(error, QStringLiteral("no campaign key event (the workspace's campaigns.key_event)"));
    workspace.campaignKeyEvent = QStringLiteral("chart");
    params = {};
    params.campaign = QStringLiteral("launch");
    QVERIFY(!runCampaigns(context, params, &r, &error));
    QCOMPARE(error, QStringLiteral("no campaign \"launch\""));

    Progress progress;
    progress.cancel();
    AnalysisContext cancelled = context;
    cancelled.progress = &progress;
    const Status status = runCampaigns(cancelled, {}, &r, &error);
    QVERIFY(status.isCancelled()); // typed: a cancel carries no text
    QVERIFY(status.error().isEmpty());
}

QTEST_GUILESS_MAIN(TestCampaigns)
