// The manager scorecard over the team hierarchy, changes since a date, a past as-of.
#include "tst_scorecard.h"

// 4. The manager scorecard of the book, every column of every row.
void TestScorecard::managerScorecard()
{
    Data d;
    QString error;
    QVERIFY2(d.load(bookFiles(), &error), qPrintable(error));
    Workspace w;
    QVERIFY2(bookWorkspace(&w, &error), qPrintable(error));
    ManagerScorecardResult r;
    QVERIFY2(runManagerScorecard(contextOf(d, &w), &r, &error), qPrintable(error));
    const EventIndex& index = *d.index;
    // Rows: everyone, then Vera's tree depth first by name, then Unassigned.
    QStringList names;
    for (const auto& row : r.rows)
        names.append(row.name);
    QCOMPARE(names.join(QLatin1Char(',')),
             QStringLiteral("All accounts,Vera,Dan,Carl,Cleo,Mia,Cody,Unassigned"));
    QCOMPARE(r.rows[0].kind, ManagerRow::Everyone);
    QCOMPARE(r.rows[7].kind, ManagerRow::Unassigned);
    QCOMPARE(r.rows[1].role, QStringLiteral("VP"));
    QCOMPARE(r.rows[0].children, (std::vector<int>{1, 7}));
    QCOMPARE(r.rows[1].children, (std::vector<int>{2, 5}));
    QCOMPARE(r.rows[2].children, (std::vector<int>{3, 4}));
    QCOMPARE(r.rows[5].children, (std::vector<int>{6}));
    const int parents[] = {-1, 0, 1, 2, 2, 1, 5, 0};
    const int depths[] = {0, 1, 2, 3, 3, 2, 3, 1};
    for (size_t i = 0; i < 8; ++i) {
        QCOMPARE(r.rows[i].parent, parents[i]);
        QCOMPARE(r.rows[i].depth, depths[i]);
    }
    // A parent's accounts: its children's and its own (Mia owns A5).
    const char* const accounts[] = {
        "A1 A2 A3 A4 A5 A6", "A1 A2 A3 A4 A5", "A1 A2 A3", "A1 A2", "A3", "A4 A5", "A4", "A6"};
    for (size_t i = 0; i < 8; ++i)
        QCOMPARE(accountIds(index, r.rows[i].accounts), QString::fromLatin1(accounts[i]));
    QCOMPARE(r.rowOf(QStringLiteral("Mia")), 5);
    QCOMPARE(r.rowOf(QStringLiteral("Cody")), 6);
    QCOMPARE(r.rowOf(QStringLiteral("Unassigned")), -1);
    QCOMPARE(r.rowOf(QStringLiteral("Zed")), -1);
    QCOMPARE(int(r.accounts.size()), 6);
    QCOMPARE(ragName(r.accounts[3].status), QStringLiteral("Red"));

    // Per account (plan, plan updated in 90 d, EBR in 180 d, sponsor in 90 d, champion in 90 d,
    // meeting in 180 d, open ARR > 0, wins > 0, health > 8, health, products, ARR, Red):
    //   A1: 1 1(-90 d) 1(-90 d) 1(-5 d) 0 0(-200 d) 1 1 1 10 3 120000 Green
    //   A2: 0 0(-91 d) 1(-180 d) 0 0 1(-180 d) 0 0 0 5 1 50000 Yellow
    //   A3: 1 0 0(-181 d) 1(-31 d) 1(-60 d) 0 0 1 0 0 - - Red
    //   A4: 0 1(-1 d) 0 0 1(-30 d) 0(as_of) 1 0 0(8 is not above 8) 8 4 200000 Red
    //   A5: 0 0(+5 d) 1(-100 d) 1(-90 d) 1(-31 d) 1(-30 d) 0 1 0 0 2 80000 Red
    //   A6: 1 1(-10 d) 0(as_of) 0(-91 d) 0 0 1 0 0 2 0 30000 Red
    const double third = 100.0 / 3;
    const std::vector<double> expected[] = {
        // All: 3/6 of each but meeting 2/6 and health > 8 1/6; health 25 / 6; products 10 / 5;
        // ARR of Red A3 (none), A4, A5, A6.
        {6, 50, 50, 50, 50, 50, 2 * 100.0 / 6, 50, 50, 100.0 / 6, 25.0 / 6, 2, 480000, 310000},
        // Vera (A1-A5): health 23 / 5, products 10 / 4.
        {5, 40, 40, 60, 60, 60, 40, 40, 60, 20, 4.6, 2.5, 450000, 280000},
        // Dan (A1-A3): health 15 / 3; products (3 + 1) / 2.
        {3, 2 * third, third, 2 * third, 2 * third, third, third, third, 2 * third, third, 5, 2,
         170000, 0},
        // Carl (A1, A2).
        {2, 50, 50, 100, 50, 0, 50, 50, 50, 50, 7.5, 2, 170000, 0},
        // Cleo (A3): no products, no ARR.
        {1, 100, 0, 0, 100, 100, 0, 0, 100, 0, 0, NaN, 0, 0},
        // Mia (A4, A5): health (8 + 0) / 2.
        {2, 0, 50, 50, 50, 100, 50, 50, 50, 0, 4, 3, 280000, 280000},
        // Cody (A4).
        {1, 0, 100, 0, 0, 100, 0, 100, 0, 0, 8, 4, 200000, 200000},
        // Unassigned (A6).
        {1, 100, 100, 0, 0, 0, 0, 100, 0, 0, 2, 0, 30000, 30000},
    };
    for (size_t i = 0; i < 8; ++i) {
        const QString bad = valueMismatches(r.rows[i].values, expected[i]);
        QVERIFY2(bad.isEmpty(), qPrintable(r.rows[i].name + QStringLiteral(": ") + bad));
    }
    // Default bounds (plan 80/60, updated 50/30, EBR 50/30, sponsor 60/40, champion 80/60,
    // meeting 50/30, open ARR 40/25, win 50/30, healthy 25/10, mean health 7/5, products 3/2;
    // none on accounts and ARR). Vera: 60 sponsor and 40 open ARR on green bounds; 60 champion
    // on the yellow bound; 4.6 health Red.
    QCOMPARE(
        ragNames(r.rows[1].rags),
        QStringLiteral(",Red,Yellow,Green,Green,Yellow,Yellow,Green,Green,Yellow,Red,Yellow,,"));
    // All: 50 updated, 50 EBR, 50 wins on the green bound; 2 products on the yellow bound;
    // 50 champion Red.
    QCOMPARE(ragNames(r.rows[0].rags),
             QStringLiteral(",Red,Green,Green,Yellow,Red,Yellow,Green,Green,Yellow,Red,Yellow,,"));
    // Cleo: no products: no data.
    QCOMPARE(ragNames(r.rows[4].rags),
             QStringLiteral(",Green,Red,Red,Green,Green,Red,Red,Green,Red,Red,no data,,"));
    QCOMPARE(r.definition.value(QStringLiteral("analysis")).toString(), QStringLiteral("managers"));

    // The tree behind it.
    TeamTree tree;
    QVERIFY2(tree.build(index, &error), qPrintable(error));
    QCOMPARE(int(tree.nodes().size()), 6);
    const int dan = tree.find(QStringLiteral("Dan"));
    QCOMPARE(tree.nodes()[size_t(dan)].depth, 1);
    QCOMPARE(tree.nodes()[size_t(tree.find(QStringLiteral("Cleo")))].depth, 2);
    QCOMPARE(accountIds(index, tree.accountsUnder(dan)), QStringLiteral("A1 A2 A3"));
    QCOMPARE(accountIds(index, tree.accountsUnder(tree.find(QStringLiteral("Vera")))),
             QStringLiteral("A1 A2 A3 A4 A5"));
    QCOMPARE(accountIds(index, tree.nodes()[size_t(tree.find(QStringLiteral("Mia")))].accounts),
             QStringLiteral("A5"));
    QCOMPARE(accountIds(index, tree.unassigned()), QStringLiteral("A6"));
    QCOMPARE(tree.find(QStringLiteral("Zed")), -1);
    QCOMPARE(int(tree.roots().size()), 1);
}

// 4b. Settings: the health threshold and custom bounds, lower is better; the rest unbounded.
void TestScorecard::managerSettings()
{
    Data d;
    QString error;
    QVERIFY2(d.load(bookFiles(), &error), qPrintable(error));
    Workspace w;
    QVERIFY2(bookWorkspace(&w, &error, R"({"health_above": 7.5, "columns": {
        "red_arr": {"direction": "lower", "green": 0, "yellow": 100000},
        "mean_health": {"green": 5, "yellow": 4}, "success_plan_pct": {}}})"),
             qPrintable(error));
    ManagerScorecardResult r;
    QVERIFY2(runManagerScorecard(contextOf(d, &w), &r, &error), qPrintable(error));
    const int healthy = int(managerColumnKeys().indexOf(QStringLiteral("healthy_pct")));
    const int health = int(managerColumnKeys().indexOf(QStringLiteral("mean_health")));
    const int redArr = int(managerColumnKeys().indexOf(QStringLiteral("red_arr")));
    // Health above 7.5: A1 (10) and A4 (8). All 2 / 6, Vera 2 / 5, Mia 1 / 2, Cleo 0.
    COMPARE_NUMBER(r.rows[0].values[size_t(healthy)], 100.0 / 3);
    COMPARE_NUMBER(r.rows[1].values[size_t(healthy)], 40);
    COMPARE_NUMBER(r.rows[5].values[size_t(healthy)], 50);
    COMPARE_NUMBER(r.rows[4].values[size_t(healthy)], 0);
    auto rag = [&](size_t row, int column) {
        return ragName(r.rows[row].rags[size_t(column)]);
    };
    // Red ARR, lower is better, green 0, yellow 100000: All 310000 Red, Carl 0 Green (on the
    // bound), Mia 280000 Red, Unassigned 30000 Yellow.
    QCOMPARE(rag(0, redArr), QStringLiteral("Red"));
    QCOMPARE(rag(3, redArr), QStringLiteral("Green"));
    QCOMPARE(rag(5, redArr), QStringLiteral("Red"));
    QCOMPARE(rag(7, redArr), QStringLiteral("Yellow"));
    // Mean health 5 / 4: All 4.17 Yellow, Dan 5 Green and Mia 4 Yellow on the bounds, Cleo 0.
    QCOMPARE(rag(0, health), QStringLiteral("Yellow"));
    QCOMPARE(rag(2, health), QStringLiteral("Green"));
    QCOMPARE(rag(5, health), QStringLiteral("Yellow"));
    QCOMPARE(rag(4, health), QStringLiteral("Red"));
    // Columns not listed keep their default bounds (healthy 25 / 10: All's 33.3% is Green);
    // {} removes them.
    QCOMPARE(rag(0, healthy), QStringLiteral("Green"));
    QCOMPARE(rag(0, 1), QString());
    QCOMPARE(r.settings.healthAbove, 7.5);
}

// 4c. A segment filter lists the accounts with a user in it; their figures use all users.
void TestScorecard::managerSegmentFilter()
{
    Data d;
    QString error;
    QVERIFY2(d.load(bookFiles(), &error), qPrintable(error));
    Workspace w;
    QVERIFY2(bookWorkspace(&w, &error), qPrintable(error));
    AnalysisContext c = contextOf(d, &w);
    c.segment.assign(size_t(d.index->userCount()), 0);
    c.segment[size_t(d.index->userIndex(QStringLiteral("u2")))] = 1;
    ManagerScorecardResult r;
    QVERIFY2(runManagerScorecard(c, &r, &error), qPrintable(error));
    // Only A1; no Unassigned row (A6 is not listed).
    QCOMPARE(int(r.rows.size()), 7);
    QCOMPARE(accountIds(*d.index, r.rows[0].accounts), QStringLiteral("A1"));
    QCOMPARE(accountIds(*d.index, r.rows[r.rowOf(QStringLiteral("Carl"))].accounts),
             QStringLiteral("A1"));
    QCOMPARE(accountIds(*d.index, r.rows[r.rowOf(QStringLiteral("Mia"))].accounts), QString());
    // A1's WAU counts u1 too (2 -> health 10, above 8); with u2 alone it would be 7.
    QString bad = valueMismatches(r.rows[0].values,
                                  {1, 100, 100, 100, 100, 0, 0, 100, 100, 100, 10, 3, 120000, 0});
    QVERIFY2(bad.isEmpty(), qPrintable(bad));
    // Cleo has no listed account: percentages and means missing, sums 0.
    bad = valueMismatches(r.rows[r.rowOf(QStringLiteral("Cleo"))].values,
                          {0, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 0, 0});
    QVERIFY2(bad.isEmpty(), qPrintable(bad));
    QCOMPARE(ragName(r.rows[r.rowOf(QStringLiteral("Cleo"))].rags[1]), QStringLiteral("no data"));
}

namespace {

// What is wrong with a cycle error naming `people`: it shows a closed loop ("A -> B -> A")
// that may start at any of them. Empty when nothing is.
QString cycleProblem(const QString& error, const QStringList& people)
{
    const QString prefix = QStringLiteral("team: the managers form a cycle (");
    if (!error.startsWith(prefix) || !error.endsWith(QLatin1Char(')')))
        return QStringLiteral("not a cycle error: ") + error;
    const QStringList loop = error.mid(prefix.size()).chopped(1).split(QStringLiteral(" -> "));
    if (loop.size() != people.size() + 1 || loop.first() != loop.last())
        return QStringLiteral("not a closed loop of %1: ").arg(people.size()) + error;
    QStringList named = loop.mid(1);
    named.sort();
    QStringList expected = people;
    expected.sort();
    if (named != expected)
        return QStringLiteral("names %1, expected %2")
            .arg(named.join(QLatin1Char(' ')), expected.join(QLatin1Char(' ')));
    return {};
}

} // namespace

// 4d. A cycle of managers in team.csv is an error naming the people on it.

void TestScorecard::teamCycle()
{
    const QByteArray users = "user_id,account_id\nu1,A1\n";
    const QByteArray events = "event_id,user_id,time,event\n1,u1,2024-02-29T00:00:00Z,Login\n";
    Data d;
    QString error;
    QVERIFY2(d.load({{QStringLiteral("team.csv"), "person,role,manager\n"
                                                  "Ann,VP,\n"
                                                  "Bob,Director,Cy\n"
                                                  "Cy,Manager,Bob\n"
                                                  "Dee,CSM,Ann\n"},
                     {QStringLiteral("accounts.csv"), "account_id,name,csm\nA1,Acme,Dee\n"},
                     {QStringLiteral("users.csv"), users},
                     {QStringLiteral("events.csv"), events}},
                    &error),
             qPrintable(error));
    TeamTree tree;
    QVERIFY(!tree.build(*d.index, &error));
    QString problem = cycleProblem(error, {s("Bob"), s("Cy")});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    Workspace w;
    QVERIFY2(bookWorkspace(&w, &error), qPrintable(error));
    ManagerScorecardResult r;
    error.clear();
    QVERIFY(!runManagerScorecard(contextOf(d, &w), &r, &error));
    problem = cycleProblem(error, {s("Bob"), s("Cy")});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    ScorecardResult sr;
    error.clear();
    QVERIFY(!runScorecard(contextOf(d, &w), {}, &sr, &error));
    QVERIFY2(error.startsWith(QStringLiteral("team: the managers form a cycle")),
             qPrintable(error));

    // A longer loop (Bob -> Dee -> Cy -> Bob) under a sound top.
    Data d3;
    QVERIFY2(d3.load({{QStringLiteral("team.csv"), "person,role,manager\n"
                                                   "Ann,VP,\n"
                                                   "Bob,Director,Dee\n"
                                                   "Cy,Manager,Bob\n"
                                                   "Dee,CSM,Cy\n"
                                                   "Eve,CSM,Ann\n"},
                      {QStringLiteral("accounts.csv"), "account_id,name,csm\nA1,Acme,Eve\n"},
                      {QStringLiteral("users.csv"), users},
                      {QStringLiteral("events.csv"), events}},
                     &error),
             qPrintable(error));
    QVERIFY(!tree.build(*d3.index, &error));
    problem = cycleProblem(error, {s("Bob"), s("Cy"), s("Dee")});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // The loop follows the links, whichever person it starts at: after Bob comes his manager.
    QVERIFY2(error.contains(QStringLiteral("Bob -> Dee")), qPrintable(error));
}

// 5. What changed between 2024-01-31 and 2024-03-01.
void TestScorecard::changesSince()
{
    Data d;
    QString error;
    QVERIFY2(d.load(bookFiles(), &error), qPrintable(error));
    Workspace w;
    QVERIFY2(bookWorkspace(&w, &error), qPrintable(error));
    const qint64 since = AsOf - 30 * Day;
    ChangesResult r;
    QVERIFY2(runChanges(contextOf(d, &w), since, QString(), &r, &error), qPrintable(error));
    QCOMPARE(r.accounts, 6);
    QCOMPARE(r.sinceMs, since);
    QCOMPARE(r.definition.value(QStringLiteral("since")).toString(),
             QStringLiteral("2024-01-31T00:00:00.000Z"));
    // As of 2024-01-31 only u4 (01-21) and u7 (01-30) have events; WAU: A5 1 (u7), the rest 0.
    //   A1: WAU 0 Red, EBR 60 Green: Red; health (0 + 20) / 5 = 4. Now Green, 10.
    //   A2: WAU 0 Red, EBR 150 Yellow: Red; health 2. Now Yellow, 5.
    //   A3, A4, A6: Red then and now.
    //   A5: WAU 1 Yellow, EBR 70 Green, champion 1 Green: Yellow; health 3. Now Red, 0.
    QCOMPARE(int(r.changes.size()), 3);
    const StatusChange& a1 = r.changes[0];
    QCOMPARE(d.index->accountId(a1.account), QStringLiteral("A1"));
    QCOMPARE(ragName(a1.before), QStringLiteral("Red"));
    QCOMPARE(ragName(a1.after), QStringLiteral("Green"));
    COMPARE_NUMBER(a1.healthBefore, 4);
    COMPARE_NUMBER(a1.healthAfter, 10);
    QCOMPARE(a1.columns, QStringList({s("WAU: Red -> Green"), s("Health: Yellow -> Green")}));
    const StatusChange& a2 = r.changes[1];
    QCOMPARE(d.index->accountId(a2.account), QStringLiteral("A2"));
    QCOMPARE(ragName(a2.before), QStringLiteral("Red"));
    QCOMPARE(ragName(a2.after), QStringLiteral("Yellow"));
    COMPARE_NUMBER(a2.healthBefore, 2);
    COMPARE_NUMBER(a2.healthAfter, 5);
    QCOMPARE(a2.columns, QStringList({s("WAU: Red -> Yellow"), s("Health: Red -> Yellow")}));
    const StatusChange& a5 = r.changes[2];
    QCOMPARE(d.index->accountId(a5.account), QStringLiteral("A5"));
    QCOMPARE(ragName(a5.before), QStringLiteral("Yellow"));
    QCOMPARE(ragName(a5.after), QStringLiteral("Red"));
    COMPARE_NUMBER(a5.healthBefore, 3);
    COMPARE_NUMBER(a5.healthAfter, 0);
    QCOMPARE(a5.columns, QStringList({s("WAU: Yellow -> Red"), s("Days since EBR: Green -> Yellow"),
                                      s("Days since champion: Green -> Yellow")}));

    // Dan's accounts only.
    QVERIFY2(runChanges(contextOf(d, &w), since, QStringLiteral("Dan"), &r, &error),
             qPrintable(error));
    QCOMPARE(r.accounts, 3);
    QCOMPARE(int(r.changes.size()), 2);
    QCOMPARE(r.definition.value(QStringLiteral("node")).toString(), QStringLiteral("Dan"));

    // --since at or after as_of.
    QVERIFY(!runChanges(contextOf(d, &w), AsOf, QString(), &r, &error));
    QCOMPARE(error,
             QStringLiteral("--since must be before the as-of time (2024-03-01T00:00:00.000Z)"));
    error.clear();
    QVERIFY(!runChanges(contextOf(d, &w), AsOf + Day, QString(), &r, &error));
    QCOMPARE(error,
             QStringLiteral("--since must be before the as-of time (2024-03-01T00:00:00.000Z)"));
    QVERIFY2(runChanges(contextOf(d, &w), AsOf - 1, QString(), &r, &error), qPrintable(error));
}

// 6. A past as-of: later events do not count, later CRM dates are missing.
void TestScorecard::pastAsOf()
{
    Data d;
    QString error;
    QVERIFY2(d.load(bookFiles(), &error), qPrintable(error));
    Workspace w;
    QVERIFY2(bookWorkspace(&w, &error), qPrintable(error));
    const qint64 then = AsOf - 30 * Day; // 2024-01-31
    ScorecardResult r;
    QVERIFY2(runScorecard(contextOf(d, &w, then), {}, &r, &error), qPrintable(error));
    // Days from the CRM dates to 2024-01-31: 2023-12-02 60, 2023-09-03 150, 2023-09-02 151,
    // 2024-01-01 30, 2023-11-22 70, 2024-01-30 1; A4's champion (2024-01-31) is at as_of and
    // A6's EBR (2024-03-01) after: missing, and not known then: no data. Silent in [2024-01-01,
    // 2024-01-31): A3 (sponsor 01-30, champion 01-01 on the edge) and A5 (champion 01-30) had
    // contact; no one else had contact or usage (u4's 01-21 event is A3's).
    QCOMPARE(describe(r.rows[0]), s("Acme/, 0/Red, 60/Green, /no data, Green/Green, 120000/Green, "
                                    "2024 Q2/, 4/Yellow => Red silent"));
    QCOMPARE(describe(r.rows[1]), s("Globex/, 0/Red, 150/Yellow, /no data, Yellow/Yellow, "
                                    "50000/Yellow, 2024 Q4/, 2/Red => Red silent"));
    QCOMPARE(describe(r.rows[2]),
             s("Initech/, 0/Red, 151/Yellow, 30/Green, /Red, /no data, /, 0/Red => Red"));
    QCOMPARE(describe(r.rows[3]), s("Umbrella/, 0/Red, /Red, /no data, Yellow/Yellow, "
                                    "200000/Green, /, 2/Red => Red silent"));
    // A5: u7's 2024-01-30 event is in that WAU: 1 -> (15 + 0) / 5 = 3.
    QCOMPARE(describe(r.rows[4]),
             s("Hooli/, 1/Yellow, 70/Green, 1/Green, Red/Red, 80000/Yellow, /, 3/Red => Yellow"));
    QCOMPARE(describe(r.rows[5]), s("Stark/, 0/Red, /no data, /no data, Yellow/Yellow, 30000/Red, "
                                    "/, 2/Red => Red silent"));
    QCOMPARE(r.silent, 4);
    QCOMPARE(r.yellow, 1);
    // The trend from then: a week earlier (2024-01-24) u4's 01-21 event makes A3's WAU 1: 5.
    COMPARE_NUMBER(r.rows[2].healthWeekAgo, 5);
    COMPARE_NUMBER(r.rows[2].healthMonthAgo, 0);
    COMPARE_NUMBER(r.rows[4].healthWeekAgo, 0);

    ScorecardEngine engine;
    QVERIFY2(engine.prepare(contextOf(d, &w, then), &error), qPrintable(error));
    const AccountUsage a5 = engine.figures().usage(4, then);
    QCOMPARE(a5.users, 2);
    QCOMPARE(a5.mau, 1);
    QCOMPARE(a5.wau, 1);
    QCOMPARE(a5.lastActivityMs, ms("2024-01-30T00:00:00Z"));
    const AccountUsage a3 = engine.figures().usage(2, then);
    QCOMPARE(a3.mau, 1);
    QCOMPARE(a3.wau, 0);
    QCOMPARE(engine.figures().usage(0, then).lastActivityMs, -1);
    QCOMPARE(engine.figures().dateAsOf(3, QStringLiteral("last_champion_activity"), then),
             AccountFigures::NoDate);

    // The manager scorecard as of then: the windows end at 2024-01-31.
    ManagerScorecardResult m;
    QVERIFY2(runManagerScorecard(contextOf(d, &w, then), &m, &error), qPrintable(error));
    // All: plan updated in [2023-11-02, 01-31): A1 (12-02), A2 (12-01): 2 / 6. EBR in 180 d
    // [2023-08-04, 01-31): A1, A2, A3, A5: 4 / 6. Sponsor in 90: A3 (01-30), A5 (12-02), A6
    // (12-01): 3 / 6.
    // Champion in 90: A3 (01-01), A5 (01-30): 2 / 6. Meeting in 180 (A1 2023-08-14, A2
    // 2023-09-03): 2 / 6. Health 4, 2, 0, 2, 3, 2: none above 8, mean 13 / 6. Red: all but A5:
    // ARR 120000 + 50000 + 200000 + 30000.
    const QString bad =
        valueMismatches(m.rows[0].values, {6, 50, 100.0 / 3, 4 * 100.0 / 6, 50, 100.0 / 3,
                                           100.0 / 3, 50, 50, 0, 13.0 / 6, 2, 480000, 400000});
    QVERIFY2(bad.isEmpty(), qPrintable(bad));
}
