// The account figures (usage and CRM) and the score definitions' round trip and errors.
#include "tst_scorecard.h"

// 3a. Usage metrics of AccountFigures: windows, KPIs, onboarding, shares.
void TestScorecard::usageFigures()
{
    Data d;
    QString error;
    QVERIFY2(d.load(figureFiles(), &error), qPrintable(error));
    Workspace w;
    w.onboardingSteps = {QStringLiteral("signup"), QStringLiteral("setup")};
    const QList<AccountMetric> metrics = {metric("users"),
                                          metric("active_users"),
                                          metric("wau"),
                                          metric("mau"),
                                          metric("wau_share"),
                                          metric("mau_share"),
                                          metric("kpi:Run"),
                                          metric("kpi:Save"),
                                          metric("kpi_per_user:Run"),
                                          metric("kpi_per_user:Save"),
                                          metric("onboarding_rate"),
                                          metric("days_since_last_activity")};
    AccountFigures f;
    QVERIFY2(f.prepare(contextOf(d, &w), metrics, &error), qPrintable(error));
    QCOMPARE(f.kpiEvents(), QStringList({s("Run"), s("Save")}));
    const int U1 = d.index->accountIndex(QStringLiteral("U1"));
    // U1 = x1..x4. 30 days [2024-01-31, 2024-03-01): x1 (Run at exactly -30 d and -7 d), x2 (Save
    // -8 d; its Run is 1 ms early), x3 (Save -1 d); x4 has no events. 7 days: x1 (exactly
    // -7 d), x3. Run: x1's two (at as_of and after do not count); Save: x2, x3. Onboarded
    // (signup and setup): x1. Last activity x3's Save, 1 day.
    QCOMPARE(describeFigures(f, metrics, U1, AsOf),
             s("users=4, active_users=3, wau=2, mau=3, wau_share=0.50, mau_share=0.75, kpi:Run=2, "
               "kpi:Save=2, kpi_per_user:Run=0.50, kpi_per_user:Save=0.50, onboarding_rate=0.25, "
               "days_since_last_activity=1"));
    const AccountUsage u1 = f.usage(U1, AsOf);
    QCOMPARE(u1.users, 4);
    QCOMPARE(u1.activeUsers, 3);
    QCOMPARE(u1.wau, 2);
    QCOMPARE(u1.mau, 3);
    QCOMPARE(u1.onboardedUsers, 1);
    QCOMPARE(u1.lastActivityMs, ms("2024-02-29T00:00:00Z"));
    QCOMPARE(u1.kpiCounts, (std::vector<qint64>{2, 2}));
    // U2: no users: shares and rates missing, counts 0.
    QCOMPARE(describeFigures(f, metrics, d.index->accountIndex(QStringLiteral("U2")), AsOf),
             s("users=0, active_users=0, wau=0, mau=0, wau_share=, mau_share=, kpi:Run=0, "
               "kpi:Save=0, kpi_per_user:Run=, kpi_per_user:Save=, onboarding_rate=, "
               "days_since_last_activity="));
    // U3: z1's only events are at as_of: nothing counts, not even onboarding.
    const int U3 = d.index->accountIndex(QStringLiteral("U3"));
    QCOMPARE(describeFigures(f, metrics, U3, AsOf),
             s("users=1, active_users=0, wau=0, mau=0, wau_share=0, mau_share=0, kpi:Run=0, "
               "kpi:Save=0, kpi_per_user:Run=0, kpi_per_user:Save=0, onboarding_rate=0, "
               "days_since_last_activity="));
    // 1 ms later they do.
    QCOMPARE(f.usage(U3, AsOf + 1).onboardedUsers, 1);
    QCOMPARE(f.usage(U3, AsOf + 1).wau, 1);
    // Shares as numbers.
    const AccountUsage u3 = f.usage(U3, AsOf);
    COMPARE_NUMBER(f.number(metric("mau_share"), U1, AsOf, u1), 0.75);
    COMPARE_NUMBER(f.number(metric("onboarding_rate"), U1, AsOf, u1), 0.25);
    COMPARE_NUMBER(f.number(metric("days_since_last_activity"), U3, AsOf, u3), NaN);
    // As of 2024-02-23 (x1's -7 d Run is then at as_of): 7 days [02-16, 02-23): x2's Save on
    // 02-22; 30 days [2024-01-24, 02-23): x1's Run on 01-31, x2's Run (01-30) and Save (02-22).
    const AccountUsage before = f.usage(U1, AsOf - 7 * Day);
    QCOMPARE(before.wau, 1);
    QCOMPARE(before.mau, 2);
    QCOMPARE(before.kpiCounts, (std::vector<qint64>{2, 1}));
    QCOMPARE(before.lastActivityMs, ms("2024-02-22T00:00:00Z"));
}

// 3b. CRM figures: dates as of as_of, renewal, sentiment, success plan, properties.
void TestScorecard::crmFigures()
{
    Data d;
    QString error;
    QVERIFY2(d.load(figureFiles(), &error), qPrintable(error));
    QCOMPARE(d.index->accountCount(), 5);
    const QList<AccountMetric> metrics = {metric("name"),
                                          metric("account_id"),
                                          metric("csm"),
                                          metric("metrics_group"),
                                          metric("days_since:last_ebr"),
                                          metric("days_to_renewal"),
                                          metric("renewal_quarter"),
                                          metric("arr"),
                                          metric("sentiment"),
                                          metric("has_success_plan"),
                                          metric("property:tier"),
                                          metric("property:seats")};
    AccountFigures f;
    QVERIFY2(f.prepare(contextOf(d, nullptr), metrics, &error), qPrintable(error));
    auto line = [&](const char* id) {
        return describeFigures(f, metrics, d.index->accountIndex(QLatin1String(id)), AsOf);
    };
    // U1: EBR 2024-01-16T12:00 is 44.5 days before as_of: 44 whole days. Renewal 2024-05-15:
    // 31 + 30 + 14 = 75 days, Q2.
    QCOMPARE(line("U1"),
             s("name=Alpha, account_id=U1, csm=Carl, metrics_group=Strategic, "
               "days_since:last_ebr=44, days_to_renewal=75, renewal_quarter=2024 Q2, arr=120000, "
               "sentiment=Green, has_success_plan=yes, property:tier=Gold, property:seats=25"));
    // U2: EBR at as_of: missing. Renewal 2024-02-20 passed 10 days ago. "yellow" as Yellow.
    QCOMPARE(line("U2"), s("name=Beta, account_id=U2, csm=, metrics_group=, days_since:last_ebr=, "
                           "days_to_renewal=-10, renewal_quarter=2024 Q1, arr=1500.50, "
                           "sentiment=Yellow, has_success_plan=no, property:tier=, "
                           "property:seats="));
    // U3: EBR after as_of: missing. Renewal 2024-09-30T23:00: 213 days and 23 hours, Q3.
    QCOMPARE(line("U3"), s("name=Gamma, account_id=U3, csm=, metrics_group=, "
                           "days_since:last_ebr=, days_to_renewal=213, renewal_quarter=2024 Q3, "
                           "arr=, sentiment=Red, has_success_plan=yes, property:tier=Silver, "
                           "property:seats="));
    // U4: EBR 1 ms before as_of: 0 days.
    QCOMPARE(line("U4"), s("name=Delta, account_id=U4, csm=, metrics_group=, "
                           "days_since:last_ebr=0, days_to_renewal=, renewal_quarter=, arr=, "
                           "sentiment=, has_success_plan=, property:tier=, property:seats="));
    const AccountUsage none;
    auto number = [&](const char* m, const char* id) {
        return f.number(metric(m), d.index->accountIndex(QLatin1String(id)), AsOf, none);
    };
    COMPARE_NUMBER(number("sentiment", "U1"), 2);
    COMPARE_NUMBER(number("sentiment", "U2"), 1);
    COMPARE_NUMBER(number("sentiment", "U3"), 0);
    COMPARE_NUMBER(number("sentiment", "U4"), NaN);
    COMPARE_NUMBER(number("has_success_plan", "U1"), 1);
    COMPARE_NUMBER(number("has_success_plan", "U2"), 0);
    COMPARE_NUMBER(number("has_success_plan", "U4"), NaN);
    COMPARE_NUMBER(number("days_since:account.last_ebr", "U1"), 44);
    COMPARE_NUMBER(number("arr", "U2"), 1500.5);
    COMPARE_NUMBER(number("property:seats", "U1"), 25);
    COMPARE_NUMBER(number("property:tier", "U1"), NaN);
    COMPARE_NUMBER(number("name", "U1"), NaN);
    QCOMPARE(
        f.dateAsOf(d.index->accountIndex(QStringLiteral("U1")), QStringLiteral("last_ebr"), AsOf),
        ms("2024-01-16T12:00:00Z"));
    QCOMPARE(
        f.dateAsOf(d.index->accountIndex(QStringLiteral("U2")), QStringLiteral("last_ebr"), AsOf),
        AccountFigures::NoDate);
    QCOMPARE(f.dateAsOf(d.index->accountIndex(QStringLiteral("U2")), QStringLiteral("last_ebr"),
                        AsOf + 1),
             AsOf);
}

// 3b'. A CRM date before 1970 (the data contract takes years from 1900) is a date like any.
void TestScorecard::dateBefore1970()
{
    Data d;
    QString error;
    QVERIFY2(d.load(figureFiles(), &error), qPrintable(error));
    AccountFigures f;
    QVERIFY2(f.prepare(contextOf(d, nullptr), {metric("days_since:last_ebr")}, &error),
             qPrintable(error));
    const int U5 = d.index->accountIndex(QStringLiteral("U5"));
    // U5's EBR 1969-12-31: 19,783 days from 1970-01-01 to as_of, plus one.
    QCOMPARE(f.dateAsOf(U5, QStringLiteral("last_ebr"), AsOf), -Day);
    COMPARE_NUMBER(f.number(metric("days_since:last_ebr"), U5, AsOf, AccountUsage()), 19784);
}

// 3c. days_since: of an extra date column of accounts.csv (README: "any date column").
void TestScorecard::extraDateColumn()
{
    Data d;
    QString error;
    QVERIFY2(d.load(figureFiles(), &error), qPrintable(error));
    AccountFigures f;
    QVERIFY2(f.prepare(contextOf(d, nullptr), {metric("days_since:last_qbr")}, &error),
             qPrintable(error));
    const AccountUsage none;
    auto number = [&](const char* id) {
        return f.number(metric("days_since:last_qbr"), d.index->accountIndex(QLatin1String(id)),
                        AsOf, none);
    };
    // U1: 2024-01-16 to 2024-03-01 is 15 + 29 + 1 = 45 days. U2: 2024-03-05 is after as_of.
    COMPARE_NUMBER(number("U1"), 45);
    COMPARE_NUMBER(number("U2"), NaN);
    COMPARE_NUMBER(number("U3"), NaN);
}

// 3d. prepare() names unknown columns; an event the data lacks counts 0 (a definition may name
// an event before the data has it), and names match without regard to case.
void TestScorecard::figureErrors()
{
    Data d;
    QString error;
    QVERIFY2(d.load(figureFiles(), &error), qPrintable(error));
    AccountFigures f;
    const QString hint = QStringLiteral(" (the workspace's scorecard or health score names it: "
                                        "pulsebook-cli workspace export FILE, edit, import)");
    QVERIFY(!f.prepare(contextOf(d, nullptr), {metric("property:nope")}, &error));
    QCOMPARE(error, QStringLiteral("property:nope: accounts have no column \"nope\"") + hint);
    QVERIFY(!f.prepare(contextOf(d, nullptr), {metric("days_since:nope")}, &error));
    QCOMPARE(error, QStringLiteral("days_since:nope: accounts have no column \"nope\"") + hint);
    // U1's Run count is 2 (usageFigures); Nope is never done; "run" is "Run".
    Workspace w;
    w.onboardingSteps = {QStringLiteral("signup"), QStringLiteral("Nope")};
    const QList<AccountMetric> metrics = {metric("kpi:Nope"), metric("kpi_per_user:Nope"),
                                          metric("kpi:run"), metric("onboarding_rate")};
    QVERIFY2(f.prepare(contextOf(d, &w), metrics, &error), qPrintable(error));
    QCOMPARE(describeFigures(f, metrics, d.index->accountIndex(QStringLiteral("U1")), AsOf),
             s("kpi:Nope=0, kpi_per_user:Nope=0, kpi:run=2, onboarding_rate=0"));
    // The default workspace's health score reads kpi_per_user:Run Query, not in this data: 0.
    ScorecardEngine engine;
    QVERIFY2(engine.prepare(contextOf(d, nullptr), &error), qPrintable(error));
}

// 8a. Definitions survive toJson -> fromJson.
void TestScorecard::definitionsRoundTrip()
{
    const Workspace defaults = Workspace::defaults();
    Workspace back;
    QString error;
    QVERIFY2(Workspace::fromJson(defaults.toJson(), &back, &error), qPrintable(error));
    QCOMPARE(back.toJson(), defaults.toJson());
    QCOMPARE(back.scorecard.toJson(), ScorecardDefinition::defaults().toJson());
    QCOMPARE(back.healthScore.toJson(), HealthScoreDefinition::defaults().toJson());
    QCOMPARE(back.managerScorecard.toJson(), ManagerScorecardDefinition::defaults().toJson());
    // The defaults as the issue lists them.
    const ScorecardDefinition& sc = back.scorecard;
    QCOMPARE(sc.columns.size(), 15);
    QStringList keys;
    for (const auto& c : sc.columns) {
        if (c.key)
            keys.append(c.metric.spelling);
    }
    QCOMPARE(keys, QStringList({s("sentiment"), s("days_since:last_champion_activity"),
                                s("health_score")}));
    QCOMPARE(sc.columns[9].bounds.green, 45.0);
    QCOMPARE(sc.columns[7].bounds.higherIsBetter, false);
    QCOMPARE(sc.columns[7].bounds.green, 180.0);
    QCOMPARE(sc.columns[7].bounds.missingIsRed, true);
    QCOMPARE(back.healthScore.groups.size(), 3);
    QCOMPARE(back.healthScore.groups[0].inputs[2].zero, 30.0);
    QCOMPARE(back.managerScorecard.healthAbove, 8.0);
    QCOMPARE(back.managerScorecard.boundsOf(QStringLiteral("champion_90d_pct")).green, 80.0);
    QCOMPARE(back.managerScorecard.boundsOf(QStringLiteral("total_arr")).set, false);
    QCOMPARE(managerColumnKeys().size(), 14);

    // A custom set: lower is better, missing red, silent days, bands, threshold.
    Workspace custom;
    QVERIFY2(bookWorkspace(&custom, &error, R"({"health_above": 7.5, "columns": {
        "red_arr": {"direction": "lower", "green": 0, "yellow": 100000, "missing": "red"}}})"),
             qPrintable(error));
    custom.scorecard.silentDays = 14;
    custom.healthScore.redBelow = 3;
    custom.healthScore.yellowBelow = 6.5;
    Workspace again;
    QVERIFY2(Workspace::fromJson(custom.toJson(), &again, &error), qPrintable(error));
    QCOMPARE(again.toJson(), custom.toJson());
    QCOMPARE(again.scorecard.silentDays, 14);
    QCOMPARE(again.scorecard.columns[2].bounds.higherIsBetter, false);
    QCOMPARE(again.scorecard.columns[2].bounds.missingIsRed, true);
    QCOMPARE(again.scorecard.columns[3].bounds.missingIsRed, false);
    QCOMPARE(again.scorecard.columns[4].bounds.higherIsBetter, true); // the default direction
    QCOMPARE(again.scorecard.columns[0].name, QStringLiteral("Company"));
    QCOMPARE(again.healthScore.yellowBelow, 6.5);
    QCOMPARE(again.managerScorecard.healthAbove, 7.5);
    const RagBounds red = again.managerScorecard.boundsOf(QStringLiteral("red_arr"));
    QVERIFY(red.set && !red.higherIsBetter && red.missingIsRed);
    QCOMPARE(red.yellow, 100000.0);
    // A column's name defaults to its metric.
    ScorecardDefinition named;
    QVERIFY2(ScorecardDefinition::fromJson(object(R"({"columns": [{"metric": "kpi:Run"}]})"),
                                           QStringLiteral("$"), &named, &error),
             qPrintable(error));
    QCOMPARE(named.columns[0].name, QStringLiteral("kpi:Run"));
    QCOMPARE(named.columns[0].metric.kind, AccountMetric::Kpi);
    QCOMPARE(named.columns[0].metric.argument, QStringLiteral("Run"));
    QCOMPARE(named.silentDays, 30);

    // RagBounds::rate on both directions.
    RagBounds b;
    QCOMPARE(ragName(b.rate(5)), QString()); // no bounds
    b.set = true;
    b.higherIsBetter = false;
    b.green = 30;
    b.yellow = 60;
    QCOMPARE(ragName(b.rate(30)), QStringLiteral("Green"));
    QCOMPARE(ragName(b.rate(30.5)), QStringLiteral("Yellow"));
    QCOMPARE(ragName(b.rate(60)), QStringLiteral("Yellow"));
    QCOMPARE(ragName(b.rate(60.5)), QStringLiteral("Red"));
    QCOMPARE(ragName(b.rate(NaN)), QStringLiteral("no data"));
    b.missingIsRed = true;
    QCOMPARE(ragName(b.rate(NaN)), QStringLiteral("Red"));
}

// 8b. Bad definitions name the JSON path and the problem.
void TestScorecard::definitionErrors()
{
    const QString keyList = managerColumnKeys().join(QStringLiteral(", "));
    const QPair<const char*, QString> cases[] = {
        {R"({"scorecard": {"columns": [{"metric": "wau"},
            {"metric": "arr", "direction": "higher", "green": 10, "yellow": 20}]}})",
         s("$.scorecard.columns[1].yellow: must not be above green when higher is better")},
        {R"({"scorecard": {"columns": [
            {"metric": "days_since:last_ebr", "direction": "lower", "green": 90, "yellow": 30}]}})",
         s("$.scorecard.columns[0].yellow: must not be below green when lower is better")},
        {R"({"scorecard": {"columns": [{"metric": "wau"}, {"metric": "wauu"}]}})",
         s("$.scorecard.columns[1].metric: unknown metric \"wauu\" (see the user guide for the "
           "list)")},
        {R"({"scorecard": {"columns": [{"metric": "kpi:"}]}})",
         s("$.scorecard.columns[0].metric: \"kpi:\" needs a name after the colon")},
        {R"({"scorecard": {"columns": [{"metric": "wau", "key": true}]}})",
         s("$.scorecard.columns[0].key: a key column needs green and yellow bounds")},
        {R"({"scorecard": {"columns": [{"metric": "name", "green": 1, "yellow": 0}]}})",
         s("$.scorecard.columns[0].green: \"name\" is text: it cannot have bounds")},
        {R"({"scorecard": {"columns": [{"metric": "wau", "green": 1}]}})",
         s("$.scorecard.columns[0]: give both \"green\" and \"yellow\" bounds, or neither")},
        {R"({"scorecard": {"columns": [{"metric": "wau", "green": "1", "yellow": 0}]}})",
         s("$.scorecard.columns[0].green: expected a number")},
        {R"({"scorecard": {"columns": [{"metric": "wau", "missing": "grey"}]}})",
         s("$.scorecard.columns[0].missing: expected \"red\" or \"no_data\"")},
        {R"({"scorecard": {"columns": [{"metric": "wau", "direction": "up"}]}})",
         s("$.scorecard.columns[0].direction: expected \"higher\" or \"lower\" (which is better)")},
        {R"({"scorecard": {"columns": [{"name": "WAU", "metric": "wau"},
            {"name": "WAU", "metric": "mau"}]}})",
         s("$.scorecard.columns[1].name: \"WAU\" is listed twice")},
        {R"({"scorecard": {"silent_days": 0, "columns": [{"metric": "wau"}]}})",
         s("$.scorecard.silent_days: expected a whole number of days, at least 1")},
        {R"({"scorecard": {"silent_days": 2.5, "columns": [{"metric": "wau"}]}})",
         s("$.scorecard.silent_days: expected a whole number of days, at least 1")},
        {R"({"scorecard": {"columns": []}})",
         s("$.scorecard.columns: expected a list of at least one column")},
        {R"({"scorecard": []})", s("$.scorecard: expected an object")},
        {R"({"health_score": {"groups": [{"name": "U", "weight": 0,
            "inputs": [{"metric": "wau", "zero": 0, "ten": 5}]}]}})",
         s("$.health_score.groups[0].weight: must be above 0")},
        {R"({"health_score": {"groups": [{"name": "U", "weight": 1, "inputs": [
            {"metric": "wau", "zero": 0, "ten": 5}, {"metric": "mau", "zero": 3, "ten": 3}]}]}})",
         s("$.health_score.groups[0].inputs[1].ten: must differ from \"zero\"")},
        {R"({"health_score": {"groups": [{"name": "U", "weight": 1,
            "inputs": [{"metric": "wau", "zero": 0, "ten": 5}]}, {"name": "R", "weight": 1,
            "inputs": [{"metric": "health_score", "zero": 0, "ten": 10}]}]}})",
         s("$.health_score.groups[1].inputs[0].metric: \"health_score\" cannot be a health-score "
           "input")},
        {R"({"health_score": {"groups": [{"name": "U", "weight": 1,
            "inputs": [{"metric": "csm", "zero": 0, "ten": 10}]}]}})",
         s("$.health_score.groups[0].inputs[0].metric: \"csm\" cannot be a health-score input")},
        {R"({"health_score": {"groups": [{"name": "U", "weight": 1,
            "inputs": [{"metric": "wau", "ten": 10}]}]}})",
         s("$.health_score.groups[0].inputs[0].zero: expected a number")},
        {R"({"health_score": {"groups": [{"weight": 1,
            "inputs": [{"metric": "wau", "zero": 0, "ten": 10}]}]}})",
         s("$.health_score.groups[0].name: expected a name")},
        {R"({"health_score": {"groups": [{"name": "U", "weight": 1, "inputs": []}]}})",
         s("$.health_score.groups[0].inputs: expected a list of at least one input")},
        {R"({"health_score": {"groups": []}})",
         s("$.health_score.groups: expected a list of at least one group")},
        {R"({"health_score": {"bands": {"red_below": 8, "yellow_below": 7}, "groups": [
            {"name": "U", "weight": 1, "inputs": [{"metric": "wau", "zero": 0, "ten": 5}]}]}})",
         s("$.health_score.bands: expected 0 <= red_below <= yellow_below <= 10")},
        {R"({"manager_scorecard": {"columns": {"arr_total": {"green": 1, "yellow": 0}}}})",
         s("$.manager_scorecard.columns.arr_total: unknown column (expected one of ") + keyList +
             QLatin1Char(')')},
        {R"({"manager_scorecard": {"columns": {"mean_health": {"green": 5, "yellow": 7}}}})",
         s("$.manager_scorecard.columns.mean_health.yellow: must not be above green when higher "
           "is better")},
        {R"({"manager_scorecard": {"health_above": "8"}})",
         s("$.manager_scorecard.health_above: expected a number")},
    };
    for (const auto& [json, message] : cases) {
        Workspace w;
        QString error;
        QVERIFY2(!Workspace::fromJson(QByteArray(json), &w, &error), json);
        QCOMPARE(error, message);
    }

    // Names checked against the data: WorkspaceCheck, every problem at once; an event the
    // data lacks is a warning, a column it lacks an error.
    Data d;
    QString error;
    QVERIFY2(d.load(figureFiles(), &error), qPrintable(error));
    Workspace w;
    QVERIFY2(Workspace::fromJson(R"({"scorecard": {"columns": [{"metric": "wau"},
        {"metric": "kpi:Nope"}]}, "health_score": {"groups": [{"name": "U", "weight": 1,
        "inputs": [{"metric": "days_since:nope", "zero": 0, "ten": 10}]}]}})",
                                 &w, &error),
             qPrintable(error));
    const WorkspaceProblems problems = WorkspaceCheck::check(w, *d.index);
    QCOMPARE(problems.size(), 2);
    QVERIFY(!problems[0].isError());
    QCOMPARE(problems[0].text(), QStringLiteral("$.scorecard.columns[1].metric: \"Nope\": no such "
                                                "event"));
    QVERIFY(problems[1].isError());
    QCOMPARE(problems[1].text(), QStringLiteral("$.health_score.groups[0].inputs[0].metric: "
                                                "accounts have no column \"nope\""));
}
