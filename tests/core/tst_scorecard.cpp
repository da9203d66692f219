// The account scorecard and the health score on hand-written exports; the shared fixtures are
// in tst_scorecard.h, the other areas in tst_scorecard_*.cpp (one binary).
#include "tst_scorecard.h"

// 1. Every cell, status and silent flag of the book, as of 2024-03-01.
void TestScorecard::accountScorecard()
{
    Data d;
    QString error;
    QVERIFY2(d.load(bookFiles(), &error), qPrintable(error));
    QCOMPARE(d.index->accountCount(), 6);
    Workspace w;
    QVERIFY2(bookWorkspace(&w, &error), qPrintable(error));
    ScorecardResult r;
    QVERIFY2(runScorecard(contextOf(d, &w), {}, &r, &error), qPrintable(error));
    QCOMPARE(int(r.rows.size()), 6);
    // WAU: [2024-02-23, 2024-03-01). A1: u1 (-1 d), u2 (exactly -7 d) = 2, Green on the green
    // bound. EBR 2023-12-02 = 90 days: Green on the green bound. No champion: no data (ignored
    // by the status). Health (3 x 10 + 2 x 10) / 5 = 10. Contact: sponsor -5 d.
    QCOMPARE(describe(r.rows[0]),
             s("Acme/, 2/Green, 90/Green, /no data, Green/Green, 120000/Green, 2024 Q2/, 10/Green "
               "=> Green"));
    // A2: u3 (-2 d; -8 d is outside) = 1, Yellow on the yellow bound; EBR 2023-09-03 = 180 days,
    // Yellow on the yellow bound; ARR 50000 on the yellow bound. Health (15 + 10) / 5 = 5.
    QCOMPARE(describe(r.rows[1]), s("Globex/, 1/Yellow, 180/Yellow, /no data, Yellow/Yellow, "
                                    "50000/Yellow, 2024 Q4/, 5/Yellow => Yellow"));
    // A3: u4 at -40 d, u5 never: WAU 0; EBR 181 days (one past the yellow bound); champion
    // 2024-01-01 = 60 days, Yellow on its bound; no sentiment: Red (missing = red, not key); no
    // ARR: no data. Health: Usage only, 0. Silent: sponsor 2024-01-30 is one day before
    // [2024-01-31, as_of), champion -60 d, no usage in 30 days.
    QCOMPARE(describe(r.rows[2]),
             s("Initech/, 0/Red, 181/Red, 60/Yellow, /Red, /no data, /, 0/Red => Red silent"));
    // A4: u6 (-3 d; its event at as_of does not count), u10 (-6 d) = 2; no EBR, and missing is
    // Red: the only reason for Red; champion 2024-01-31 = 30 days: Green on the bound. Health
    // (30 + 10) / 5 = 8.
    QCOMPARE(describe(r.rows[3]), s("Umbrella/, 2/Green, /Red, 30/Green, Yellow/Yellow, "
                                    "200000/Green, /, 8/Green => Red"));
    // A5: u7 at -31 d: WAU 0; EBR 2023-11-22 = 100 days; champion 2024-01-30 = 31 days. Not
    // silent: the exec meeting 2024-01-31 is exactly as_of - 30 days.
    QCOMPARE(describe(r.rows[4]),
             s("Hooli/, 0/Red, 100/Yellow, 31/Yellow, Red/Red, 80000/Yellow, /, 0/Red => Red"));
    // A6: no users: WAU 0; EBR at as_of is not known then: missing, but no data rather than Red
    // (AccountFigures::isLaterData). Health (0 + 10) / 5 = 2. Silent: sponsor -91 d, no usage.
    QCOMPARE(describe(r.rows[5]), s("Stark/, 0/Red, /no data, /no data, Yellow/Yellow, 30000/Red, "
                                    "/, 2/Red => Red silent"));
    QCOMPARE(r.green, 1);
    QCOMPARE(r.yellow, 1);
    QCOMPARE(r.red, 4);
    QCOMPARE(r.noData, 0);
    QCOMPARE(r.silent, 2);
    // Cell values behind the texts.
    COMPARE_NUMBER(r.rows[0].cells[1].value, 2);
    COMPARE_NUMBER(r.rows[0].cells[4].value, 2); // sentiment Green
    COMPARE_NUMBER(r.rows[1].cells[2].value, 180);
    COMPARE_NUMBER(r.rows[3].cells[2].value, NaN);
    COMPARE_NUMBER(r.rows[2].cells[5].value, NaN);
    COMPARE_NUMBER(r.rows[0].cells[0].value, NaN); // a text column
    QCOMPARE(ragName(r.rows[0].cells[0].rag), QString());
    COMPARE_NUMBER(r.rows[3].cells[7].value, 8);
    COMPARE_NUMBER(r.rows[3].health.score, 8);

    // Trend: a week earlier (2024-02-23) only u3 (-8 d) is in WAU: A2 (15 + 10) / 5 = 5, the
    // others with WAU 0: A1 (0 + 20) / 5 = 4, A4 and A6 (0 + 10) / 5 = 2, A3 and A5 0. A month
    // earlier (2024-01-31): only u7 (2024-01-30): A5 (15 + 0) / 5 = 3; A2 (0 + 10) / 5 = 2.
    const double weekAgo[] = {4, 5, 0, 2, 0, 2};
    const double monthAgo[] = {4, 2, 0, 2, 3, 2};
    for (size_t a = 0; a < 6; ++a) {
        COMPARE_NUMBER(r.rows[a].healthWeekAgo, weekAgo[a]);
        COMPARE_NUMBER(r.rows[a].healthMonthAgo, monthAgo[a]);
    }

    // One node: Dan's accounts are Carl's and Cleo's.
    QVERIFY2(runScorecard(contextOf(d, &w), {QStringLiteral("Dan")}, &r, &error),
             qPrintable(error));
    QCOMPARE(int(r.rows.size()), 3);
    QCOMPARE(d.index->accountId(r.rows[2].account), QStringLiteral("A3"));
    QCOMPARE(r.definition.value(QStringLiteral("node")).toString(), QStringLiteral("Dan"));
    QCOMPARE(r.definition.value(QStringLiteral("analysis")).toString(),
             QStringLiteral("scorecard"));
    QVERIFY(!runScorecard(contextOf(d, &w), {QStringLiteral("Zed")}, &r, &error));
    QCOMPARE(error, QStringLiteral("nobody named \"Zed\" in the team"));

    // A segment of u3 and u9 (no account): only A2 has a user in it.
    AnalysisContext c = contextOf(d, &w);
    c.segment.assign(size_t(d.index->userCount()), 0);
    c.segment[size_t(d.index->userIndex(QStringLiteral("u3")))] = 1;
    c.segment[size_t(d.index->userIndex(QStringLiteral("u9")))] = 1;
    QVERIFY2(runScorecard(c, {}, &r, &error), qPrintable(error));
    QCOMPARE(int(r.rows.size()), 1);
    QCOMPARE(d.index->accountId(r.rows[0].account), QStringLiteral("A2"));

    Progress cancelled;
    cancelled.cancel();
    c.progress = &cancelled;
    const Status status = runScorecard(c, {}, &r, &error);
    QVERIFY(status.isCancelled()); // typed: a cancel carries no text
    QVERIFY(status.error().isEmpty());
}

// 1b. The same book with EBR missing = no data and WAU not key: keys are EBR and champion.
void TestScorecard::keyColumnsMissingAsNoData()
{
    Data d;
    QString error;
    QVERIFY2(d.load(bookFiles(), &error), qPrintable(error));
    QJsonObject scorecard = object(BookScorecard);
    QJsonArray columns = scorecard.value(QStringLiteral("columns")).toArray();
    QJsonObject wau = columns[1].toObject();
    wau.remove(QStringLiteral("key"));
    columns[1] = wau;
    QJsonObject ebr = columns[2].toObject();
    ebr.insert(QStringLiteral("missing"), QStringLiteral("no_data"));
    columns[2] = ebr;
    scorecard.insert(QStringLiteral("columns"), columns);
    QJsonObject doc;
    doc.insert(QStringLiteral("scorecard"), scorecard);
    doc.insert(QStringLiteral("health_score"), object(BookHealth));
    Workspace w;
    QVERIFY2(workspaceOf(doc, &w, &error), qPrintable(error));
    ScorecardResult r;
    QVERIFY2(runScorecard(contextOf(d, &w), {}, &r, &error), qPrintable(error));
    QStringList statuses;
    for (const auto& row : r.rows)
        statuses.append(ragName(row.status));
    // A1 EBR Green + champion none: Green. A2 EBR Yellow: Yellow. A3 EBR Red: Red. A4 EBR none
    // (no data now) + champion Green: Green. A5 Yellow + Yellow: Yellow. A6 none + none: no data.
    QCOMPARE(statuses.join(QLatin1Char(',')),
             QStringLiteral("Green,Yellow,Red,Green,Yellow,no data"));
    QCOMPARE(ragName(r.rows[3].cells[2].rag), QStringLiteral("no data"));
    QCOMPARE(ragName(r.rows[5].cells[1].rag), QStringLiteral("Red")); // WAU 0, not key now
    QCOMPARE(r.noData, 1);
    QCOMPARE(r.green, 2);
}

// 1c. Silent accounts: contact dates and usage at the edges of [as_of - silent days, as_of).
void TestScorecard::silentAccounts()
{
    const Files files = {
        {QStringLiteral("accounts.csv"),
         "account_id,name,last_ebr,last_exec_sponsor_activity,last_champion_activity,"
         "last_exec_meeting\n"
         "S1,usage at the edge,,,,\n"
         "S2,usage 1 ms early,,,,\n"
         "S3,champion at the edge,,,2024-01-31,\n"
         "S4,champion a day early,,,2024-01-30,\n"
         "S5,usage and meeting at as_of,,,,2024-03-01\n"
         "S6,sponsor yesterday,,2024-02-29,,\n"
         "S7,EBR only,2024-02-29,,,\n"
         "S8,meeting in the window,,,,2024-02-10\n"},
        {QStringLiteral("users.csv"), "user_id,account_id\ns1,S1\ns2,S2\ns5,S5\n"},
        {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                       "1,s1,2024-01-31T00:00:00Z,Login\n"
                                       "2,s2,2024-01-30T23:59:59.999Z,Login\n"
                                       "3,s5,2024-03-01T00:00:00Z,Login\n"}};
    Data d;
    QString error;
    QVERIFY2(d.load(files, &error), qPrintable(error));
    for (const int days : {30, 10}) {
        QJsonObject scorecard = object(R"({"columns": [{"metric": "name"}]})");
        scorecard.insert(QStringLiteral("silent_days"), days);
        QJsonObject doc;
        doc.insert(QStringLiteral("scorecard"), scorecard);
        doc.insert(QStringLiteral("health_score"), object(BookHealth));
        Workspace w;
        QVERIFY2(workspaceOf(doc, &w, &error), qPrintable(error));
        ScorecardResult r;
        QVERIFY2(runScorecard(contextOf(d, &w), {}, &r, &error), qPrintable(error));
        QStringList silent;
        for (const auto& row : r.rows) {
            if (row.silent)
                silent.append(d.index->accountId(row.account));
        }
        // 30 days, [2024-01-31, 2024-03-01): S1's event and S3's champion are exactly at the
        // start; S2's event and S4's champion just before; S5's event and meeting at as_of do not
        // count; EBR is no contact. 10 days, [2024-02-20, 2024-03-01): only S6's sponsor.
        QCOMPARE(silent.join(QLatin1Char(' ')), days == 30
                                                    ? QStringLiteral("S2 S4 S5 S7")
                                                    : QStringLiteral("S1 S2 S3 S4 S5 S7 S8"));
    }
}

// 2. The health score: groups, weights, missing inputs and groups, contributions and drags.
void TestScorecard::healthScore()
{
    Data d;
    QString error;
    QVERIFY2(d.load(healthFiles(), &error), qPrintable(error));
    HealthScoreDefinition def;
    QVERIFY2(HealthScoreDefinition::fromJson(object(HealthDefinition), QStringLiteral("$.h"), &def,
                                             &error),
             qPrintable(error));
    std::vector<AccountHealth> h;
    QVERIFY2(
        healthOfAll(d, def, {QStringLiteral("signup"), QStringLiteral("setup")}, AsOf, &h, &error),
        qPrintable(error));
    const int H1 = d.index->accountIndex(QStringLiteral("H1"));
    // H1: WAU h1a (-1 d) of 2 users: share 0.5 -> 5; last activity -1 d -> (20 - 1) / 2 = 9.5;
    // Usage (5 + 9.5) / 2 = 7.25. Products 3 -> 6; onboarding h1a only: 0.5 -> 5; Adoption 5.5.
    // Sentiment Yellow 1 -> 5. Score (7.25 x 50 + 5.5 x 30 + 5 x 20) / 100 = 6.275: Yellow.
    const AccountHealth& h1 = h[size_t(H1)];
    COMPARE_NUMBER(h1.score, 6.275);
    QCOMPARE(ragName(h1.band), QStringLiteral("Yellow"));
    QCOMPARE(int(h1.groupScores.size()), 3);
    COMPARE_NUMBER(h1.groupScores[0], 7.25);
    COMPARE_NUMBER(h1.groupScores[1], 5.5);
    COMPARE_NUMBER(h1.groupScores[2], 5);
    QCOMPARE(int(h1.inputs.size()), 5);
    const double values1[] = {0.5, 1, 3, 0.5, 1};
    const double scores1[] = {5, 9.5, 6, 5, 5};
    // Contribution = score x weight / (inputs x 100): 5 x 50 / 200 = 1.25, 9.5 x 50 / 200 =
    // 2.375, 6 x 30 / 200 = 0.9, 5 x 30 / 200 = 0.75, 5 x 20 / 100 = 1; sum 6.275.
    const double contributions1[] = {1.25, 2.375, 0.9, 0.75, 1};
    // Drag = (10 - score) x weight / inputs: 125, 12.5, 60, 75, 100.
    const double drags1[] = {125, 12.5, 60, 75, 100};
    double sum = 0;
    for (size_t i = 0; i < 5; ++i) {
        COMPARE_NUMBER(h1.inputs[i].value, values1[i]);
        COMPARE_NUMBER(h1.inputs[i].score, scores1[i]);
        COMPARE_NUMBER(h1.inputs[i].contribution, contributions1[i]);
        COMPARE_NUMBER(h1.inputs[i].drag, drags1[i]);
        sum += h1.inputs[i].contribution;
    }
    COMPARE_NUMBER(sum, h1.score);
    QCOMPARE(h1.biggestDrag, 0); // WAU share, 125

    // H2 (h2a, and h2b who never did anything): products missing: Adoption is onboarding alone
    // (h2a of 2: 0.5 -> 5). WAU 1/2 -> 5; last activity -4 d -> 8: Usage 6.5. Sentiment Green
    // -> 10. (6.5 x 50 + 5 x 30 + 10 x 20) / 100 = 6.75.
    const AccountHealth& h2 = h[size_t(d.index->accountIndex(QStringLiteral("H2")))];
    COMPARE_NUMBER(h2.score, 6.75);
    QCOMPARE(ragName(h2.band), QStringLiteral("Yellow"));
    COMPARE_NUMBER(h2.groupScores[1], 5);
    COMPARE_NUMBER(h2.inputs[2].value, NaN);
    COMPARE_NUMBER(h2.inputs[2].score, NaN);
    COMPARE_NUMBER(h2.inputs[2].contribution, 0);
    COMPARE_NUMBER(h2.inputs[2].drag, 0);
    // Contributions 5 x 50 / 200 = 1.25, 8 x 50 / 200 = 2, -, 5 x 30 / (1 x 100) = 1.5,
    // 10 x 20 / 100 = 2: sum 6.75. Drags 5 x 50 / 2 = 125, 2 x 50 / 2 = 50, -, onboarding the
    // only input with a value in its group: 5 x 30 / 1 = 150, 0: the biggest is onboarding.
    COMPARE_NUMBER(h2.inputs[0].contribution, 1.25);
    COMPARE_NUMBER(h2.inputs[3].contribution, 1.5);
    COMPARE_NUMBER(h2.inputs[0].drag, 125);
    COMPARE_NUMBER(h2.inputs[1].drag, 50);
    COMPARE_NUMBER(h2.inputs[3].drag, 150);
    QCOMPARE(h2.biggestDrag, 3);

    // H3: no sentiment: Relationship has no value and its weight is shared out. WAU 0 -> 0; last
    // activity -35 d -> (20 - 35) / 2 = -7.5, clamped to 0: Usage 0. Products 5 -> 10,
    // onboarding 1 -> 10. (0 x 50 + 10 x 30) / (50 + 30) = 3.75: Red.
    const AccountHealth& h3 = h[size_t(d.index->accountIndex(QStringLiteral("H3")))];
    COMPARE_NUMBER(h3.score, 3.75);
    QCOMPARE(ragName(h3.band), QStringLiteral("Red"));
    COMPARE_NUMBER(h3.groupScores[2], NaN);
    COMPARE_NUMBER(h3.inputs[1].value, 35);
    COMPARE_NUMBER(h3.inputs[1].score, 0);
    // Contributions 0, 0, 10 x 30 / (2 x 80) = 1.875 twice. Drags 250, 250, 0, 0: the first of
    // the largest.
    COMPARE_NUMBER(h3.inputs[2].contribution, 1.875);
    COMPARE_NUMBER(h3.inputs[3].contribution, 1.875);
    COMPARE_NUMBER(h3.inputs[0].drag, 250);
    COMPARE_NUMBER(h3.inputs[1].drag, 250);
    QCOMPARE(h3.biggestDrag, 0);

    // H4: products 7 -> 14, clamped to 10; last activity 2024-02-29T23:00 = 0 days -> 10 (lower is
    // better: zero 20 above ten 0). Everything 10: score 10, no drag anywhere.
    const AccountHealth& h4 = h[size_t(d.index->accountIndex(QStringLiteral("H4")))];
    COMPARE_NUMBER(h4.inputs[2].value, 7);
    COMPARE_NUMBER(h4.inputs[2].score, 10);
    COMPARE_NUMBER(h4.inputs[1].value, 0);
    COMPARE_NUMBER(h4.inputs[1].score, 10);
    COMPARE_NUMBER(h4.score, 10);
    QCOMPARE(ragName(h4.band), QStringLiteral("Green"));
    QCOMPARE(h4.biggestDrag, -1); // nothing drags

    // H5: no users, no CRM: no input has a value.
    const AccountHealth& h5 = h[size_t(d.index->accountIndex(QStringLiteral("H5")))];
    COMPARE_NUMBER(h5.score, NaN);
    QCOMPARE(ragName(h5.band), QStringLiteral("no data"));
    QCOMPARE(h5.biggestDrag, -1);
    for (const auto& input : h5.inputs)
        COMPARE_NUMBER(input.value, NaN);

    // The contributions always add up to the score.
    for (const AccountHealth& x : h) {
        double total = 0;
        for (const auto& input : x.inputs)
            total += input.contribution;
        if (!std::isnan(x.score))
            COMPARE_NUMBER(total, x.score);
    }
}

// 2b. Band edges, settable bands, clamping both ways, a lower-is-better input.
void TestScorecard::healthBandsAndClamping()
{
    Data d;
    QString error;
    QVERIFY2(d.load(healthFiles(), &error), qPrintable(error));
    auto scoresOf = [&](const char* json, QStringList* bands) {
        HealthScoreDefinition def;
        std::vector<AccountHealth> h;
        QStringList out;
        if (!HealthScoreDefinition::fromJson(object(json), QStringLiteral("$"), &def, &error) ||
            !healthOfAll(d, def, {}, AsOf, &h, &error))
            return QStringList{error};
        bands->clear();
        for (const char* id : {"B1", "B2", "B3", "B4", "B5"}) {
            const AccountHealth& x = h[size_t(d.index->accountIndex(QLatin1String(id)))];
            out.append(QString::number(x.score, 'g', 10));
            bands->append(ragName(x.band));
        }
        return out;
    };
    QStringList bands;
    // ARR 40, 70, 39.99, 69.99, 150 over 0 -> 100: 4, 7, 3.999, 6.999, 15 clamped to 10.
    QCOMPARE(scoresOf(R"({"groups": [{"name": "Money", "weight": 1,
                          "inputs": [{"metric": "arr", "zero": 0, "ten": 100}]}]})",
                      &bands),
             QStringList({s("4"), s("7"), s("3.999"), s("6.999"), s("10")}));
    // Exactly 4 is Yellow, exactly 7 Green.
    QCOMPARE(bands, QStringList({s("Yellow"), s("Green"), s("Red"), s("Yellow"), s("Green")}));
    QCOMPARE(scoresOf(R"({"bands": {"red_below": 5, "yellow_below": 8},
                          "groups": [{"name": "Money", "weight": 1,
                          "inputs": [{"metric": "arr", "zero": 0, "ten": 100}]}]})",
                      &bands),
             QStringList({s("4"), s("7"), s("3.999"), s("6.999"), s("10")}));
    QCOMPARE(bands, QStringList({s("Red"), s("Yellow"), s("Red"), s("Yellow"), s("Green")}));
    // Lower is better, zero 100 > ten 0: 10 x (x - 100) / -100: 6, 3, 6.001, 3.001, and 150 ->
    // -5 clamped to 0.
    QCOMPARE(scoresOf(R"({"groups": [{"name": "Money", "weight": 1,
                          "inputs": [{"metric": "arr", "zero": 100, "ten": 0}]}]})",
                      &bands),
             QStringList({s("6"), s("3"), s("6.001"), s("3.001"), s("0")}));
    QCOMPARE(bands, QStringList({s("Yellow"), s("Red"), s("Yellow"), s("Red"), s("Red")}));

    HealthInput input;
    input.zero = 30;
    input.ten = 1;
    QCOMPARE(input.score(1), 10.0);
    QCOMPARE(input.score(30), 0.0);
    QCOMPARE(input.score(-5), 10.0);
    QCOMPARE(input.score(60), 0.0);
    COMPARE_NUMBER(input.score(15.5), 5); // 10 x (15.5 - 30) / (1 - 30) = 5
}

// 2c. The trend: the score a week and a month earlier, with the usage of then.
void TestScorecard::healthTrend()
{
    Data d;
    QString error;
    QVERIFY2(d.load(healthFiles(), &error), qPrintable(error));
    QJsonObject doc;
    doc.insert(QStringLiteral("health_score"), object(HealthDefinition));
    doc.insert(QStringLiteral("onboarding_steps"),
               QJsonArray({QStringLiteral("signup"), QStringLiteral("setup")}));
    Workspace w;
    QVERIFY2(workspaceOf(doc, &w, &error), qPrintable(error));
    ScorecardEngine engine;
    QVERIFY2(engine.prepare(contextOf(d, &w), &error), qPrintable(error));
    const int H1 = d.index->accountIndex(QStringLiteral("H1"));
    const ScorecardRow row = engine.evaluate(H1, AsOf, true);
    COMPARE_NUMBER(row.health.score, 6.275);
    // 2024-02-23: h1a's last event is setup on 02-20 (3 days: (20 - 3) / 2 = 8.5), h1b's signup on
    // 02-18: both in WAU (share 1 -> 10): Usage 9.25. h1a onboarded (setup 02-20): 0.5 -> 5;
    // Adoption (6 + 5) / 2 = 5.5. (9.25 x 50 + 5.5 x 30 + 5 x 20) / 100 = 7.275.
    COMPARE_NUMBER(row.healthWeekAgo, 7.275);
    // 2024-01-31: no event yet: WAU share 0 -> 0, days since last activity missing; onboarding
    // 0 -> 0, products 6: Adoption 3. (0 x 50 + 3 x 30 + 5 x 20) / 100 = 1.9.
    COMPARE_NUMBER(row.healthMonthAgo, 1.9);
    const ScorecardRow plain = engine.evaluate(H1, AsOf, false);
    COMPARE_NUMBER(plain.healthWeekAgo, NaN);
    // Evaluated a week earlier directly, the same figure.
    COMPARE_NUMBER(engine.evaluate(H1, AsOf - 7 * Day, false).health.score, 7.275);
    // The default scorecard reads the score: "Adoption health score" is column 13.
    QCOMPARE(engine.columns().columns[13].metric.kind, AccountMetric::HealthScore);
    COMPARE_NUMBER(row.cells[13].value, 6.275);
    QCOMPARE(ragName(row.cells[13].rag), QStringLiteral("Yellow"));
}

QTEST_GUILESS_MAIN(TestScorecard)
