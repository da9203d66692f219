// The result tables of core/present: columns (ids, kinds, alignment) and typed cells of small
// hand-made results, every value checked by hand.
#include "EventScript.h"

#include "analysis/Funnel.h"
#include "analysis/ImpactCalculator.h"
#include "analysis/Retention.h"
#include "analysis/Rollup.h"
#include "present/ImpactTables.h"
#include "present/ResultTable.h"
#include "present/UsageTables.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace pulsebook;
namespace script = pulsebook::test::script;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

QStringList kinds(const ResultTable& table)
{
    static const char* const names[] = {"text",  "integer", "decimal", "percent", "rate",
                                        "money", "time",    "date",    "status",  "flag"};
    QStringList out;
    for (const ResultColumn& c : table.columns)
        out.append(QLatin1String(names[int(c.kind)]));
    return out;
}

// A row as readable text: numbers by value, times as "t<ms>", texts quoted, missing as "-".
QString rowText(const ResultRow& row)
{
    QStringList cells;
    for (const ListCell& c : row) {
        switch (c.kind) {
        case ListCell::Kind::Missing:
            cells.append(QStringLiteral("-"));
            break;
        case ListCell::Kind::Number:
            cells.append(QString::number(c.number, 'g', 12));
            break;
        case ListCell::Kind::Time:
            cells.append(QStringLiteral("t%1").arg(c.timeMs));
            break;
        case ListCell::Kind::Text:
            cells.append(QLatin1Char('"') + c.text + QLatin1Char('"'));
            break;
        }
    }
    return cells.join(QLatin1Char(' '));
}

FunnelStep step(const char* event, qint64 users, double first, double previous, qint64 medianMs,
                std::vector<int> dropped)
{
    FunnelStep s;
    s.event = QLatin1String(event);
    s.users = users;
    s.pctOfFirst = first;
    s.pctOfPrevious = previous;
    s.medianMsFromPrevious = medianMs;
    s.droppedUsers = std::move(dropped);
    return s;
}

} // namespace

class TestResultTables : public QObject
{
    Q_OBJECT

private slots:
    void cells();
    void sortById();
    void funnel();
    void retentionWithCounts();
    void impactRowsAndTotal();
    void rollupByUser();
};

void TestResultTables::cells()
{
    QCOMPARE(rowText({cell::number(NaN), cell::number(-0.0), cell::rounded(2.345001),
                      cell::rounded(-0.001), cell::count(7), cell::time(-1), cell::time(0),
                      cell::optionalText(QString()), cell::text(QString())}),
             QStringLiteral("- 0 2.35 0 7 - t0 - \"\""));
    // Property values: numbers (times stored as qint64 too) stay numbers, booleans read as
    // text, invalid is missing.
    QCOMPARE(rowText({cell::of(QVariant(qint64(1785715200000LL))), cell::of(QVariant(3)),
                      cell::of(QVariant(1.5)), cell::of(QVariant(true)),
                      cell::of(QVariant(QStringLiteral("Acme"))), cell::of(QVariant())}),
             QStringLiteral("1.7857152e+12 3 1.5 \"true\" \"Acme\" -"));
    ResultTable table;
    table.addColumn(QStringLiteral("name"), ValueKind::Text);
    table.addColumn(QStringLiteral("users"), ValueKind::Integer);
    table.addColumn(QStringLiteral("rate"), ValueKind::Rate);
    table.addColumn(QStringLiteral("band"), ValueKind::Status);
    table.addColumn(QStringLiteral("seen"), ValueKind::Time);
    QCOMPARE(table.columnIds(),
             QStringList({QStringLiteral("name"), QStringLiteral("users"), QStringLiteral("rate"),
                          QStringLiteral("band"), QStringLiteral("seen")}));
    QCOMPARE(table.columns[0].title, QStringLiteral("name"));
    QCOMPARE(table.columns[0].alignment(), CellAlignment::Left);
    QCOMPARE(table.columns[1].alignment(), CellAlignment::Right);
    QCOMPARE(table.columns[2].alignment(), CellAlignment::Right);
    QCOMPARE(table.columns[3].alignment(), CellAlignment::Left);
    QCOMPARE(table.columns[4].alignment(), CellAlignment::Left);
    QCOMPARE(table.columnOf(QStringLiteral("band")), 3);
    QCOMPARE(table.columnOf(QStringLiteral("nope")), -1);
}

void TestResultTables::sortById()
{
    // Whole numbers by value first, then the other IDs as text ("007" is not a plain whole
    // number: it sorts as text, before "u10"); rows with equal IDs keep their order.
    ResultTable table;
    table.addColumn(QStringLiteral("n"), ValueKind::Integer);
    table.addColumn(QStringLiteral("id"), ValueKind::Text);
    const char* const ids[] = {"10", "u2", "7", "u10", "007", "9", "7"};
    for (int i = 0; i < 7; ++i)
        table.rows.push_back({cell::count(i), cell::text(QLatin1String(ids[i]))});
    table.sortById(1);
    QStringList order;
    for (const ResultRow& row : table.rows)
        order.append(row[1].text + QLatin1Char('/') + QString::number(row[0].number));
    QCOMPARE(order.join(QLatin1Char(' ')), QStringLiteral("7/2 7/6 9/5 10/0 007/4 u10/3 u2/1"));
}

void TestResultTables::funnel()
{
    FunnelParams params;
    params.steps = {QStringLiteral("signup"), QStringLiteral("create")};
    params.breakdown = QStringLiteral("plan");
    FunnelResult result;
    result.definition.insert(QStringLiteral("analysis"), QStringLiteral("funnel"));
    result.breakdown.push_back(
        {QStringLiteral("pro"),
         {step("signup", 4, 100, NaN, -1, {1, 2, 3}), step("create", 1, 25, 25, 90500, {})}});
    result.breakdown.push_back(
        {QStringLiteral("(none)"),
         {step("signup", 0, NaN, NaN, -1, {}), step("create", 0, NaN, NaN, -1, {})}});
    const ResultTable table = funnelTable(params, result);
    QCOMPARE(table.definition.value(QStringLiteral("analysis")).toString(),
             QStringLiteral("funnel"));
    QCOMPARE(table.columnIds().join(QLatin1Char(',')),
             QStringLiteral("plan,step,event,users,pct_of_first,pct_of_previous,"
                            "median_seconds_from_previous,dropped"));
    QCOMPARE(kinds(table).join(QLatin1Char(',')),
             QStringLiteral("text,integer,text,integer,percent,percent,decimal,integer"));
    QCOMPARE(int(table.rows.size()), 4);
    // Step 1 has no previous step (no median) but its drop-offs; the last step has no drop-off.
    QCOMPARE(rowText(table.rows[0]), QStringLiteral("\"pro\" 1 \"signup\" 4 100 - - 3"));
    QCOMPARE(rowText(table.rows[1]), QStringLiteral("\"pro\" 2 \"create\" 1 25 25 90.5 -"));
    QCOMPARE(rowText(table.rows[2]), QStringLiteral("\"(none)\" 1 \"signup\" 0 - - - 0"));
    QCOMPARE(rowText(table.rows[3]), QStringLiteral("\"(none)\" 2 \"create\" 0 - - - -"));

    params.breakdown.clear();
    result.steps = result.breakdown[0].steps;
    const ResultTable plain = funnelTable(params, result);
    QCOMPARE(plain.columns.front().id, QStringLiteral("step"));
    QCOMPARE(rowText(plain.rows[1]), QStringLiteral("2 \"create\" 1 25 25 90.5 -"));
}

void TestResultTables::retentionWithCounts()
{
    RetentionParams params;
    params.periods = 3;
    RetentionResult result;
    RetentionRow week;
    week.cohort = QStringLiteral("2026-08-03");
    week.size = 4;
    week.retained = {4, 3, 0};
    week.eligible = {4, 4, 0}; // period 2 not complete yet
    result.cohorts.push_back(week);
    result.total = week;
    result.total.cohort = QStringLiteral("all");
    AnalysisContext context;
    context.asOfMs = script::T + 10 * script::Day;
    const ResultTable table = retentionTable(context, params, result, true);
    QCOMPARE(table.columnIds().join(QLatin1Char(',')),
             QStringLiteral("cohort,users,period_1,period_2,retained_1,eligible_1,retained_2,"
                            "eligible_2"));
    QCOMPARE(kinds(table).join(QLatin1Char(',')),
             QStringLiteral("text,integer,rate,rate,integer,integer,integer,integer"));
    QCOMPARE(int(table.rows.size()), 2);
    QCOMPARE(rowText(table.rows[0]), QStringLiteral("\"2026-08-03\" 4 0.75 - 3 4 0 0"));
    QCOMPARE(rowText(table.rows[1]), QStringLiteral("\"all\" 4 0.75 - 3 4 0 0"));
    QCOMPARE(table.notes,
             QStringList(QStringLiteral("Share of each cohort retained in each period (blank: "
                                        "not yet complete), as of 2026-08-13")));
}

void TestResultTables::impactRowsAndTotal()
{
    // N = 1000 users at 50 %. Email reaches 100 users at 40 % and lifts them to 60 %:
    // 100/1000 × 20 points = 2 points, 20 extra users, 20 × 1,000 = 20,000 ARR. Chat reaches
    // 200 at 50 % → 55 %: 1 point, 10 users, 10,000. Together 3 points, 53 %, 30, 30,000.
    ImpactParams params;
    params.users = 1000;
    params.baseline = 0.5;
    params.arrPerUser = 1000;
    params.scenarios = {{QStringLiteral("Email"), 100, 0.4, 0.6},
                        {QStringLiteral("Chat"), 200, 0.5, 0.55}};
    ImpactResult result;
    QString error;
    QVERIFY2(computeImpact(params, &result, &error), qPrintable(error));
    const ResultTable table = impactTable(params, result);
    QCOMPARE(table.columnIds().join(QLatin1Char(',')),
             QStringLiteral("scenario,reach,baseline,target,delta_points,new_rate,extra_users,"
                            "arr_impact"));
    QCOMPARE(kinds(table).join(QLatin1Char(',')),
             QStringLiteral("text,decimal,rate,rate,decimal,rate,integer,money"));
    QCOMPARE(int(table.rows.size()), 3);
    QCOMPARE(rowText(table.rows[0]), QStringLiteral("\"Email\" 100 0.4 0.6 2 0.52 20 20000"));
    QCOMPARE(rowText(table.rows[1]), QStringLiteral("\"Chat\" 200 0.5 0.55 1 0.51 10 10000"));
    // The total leaves reach, baseline and target blank: the groups may overlap.
    QCOMPARE(rowText(table.rows[2]), QStringLiteral("\"(all)\" - - - 3 0.53 30 30000"));

    // Without an ARR per user the ARR column is blank, the total's too.
    params.arrPerUser = -1;
    QVERIFY2(computeImpact(params, &result, &error), qPrintable(error));
    QCOMPARE(rowText(impactTable(params, result).rows[2]),
             QStringLiteral("\"(all)\" - - - 3 0.53 30 -"));
}

void TestResultTables::rollupByUser()
{
    // u1 creates twice within the 30 days before as-of (T + 40 days), u10 once but 35 days
    // before, u2 never; no sessions, so the session counts are 0 and the last session blank.
    script::Data d;
    QString error;
    QVERIFY2(
        d.load("user_id,email,account_id\nu1,a@x.example,A1\nu10,,A1\nu2,c@x.example,\n",
               script::eventsCsv({"u1: create@35d create@39d", "u10: create@5d", "u2: signup@1d"}),
               "account_id,name,csm\nA1,Acme,Maya Patel\n", &error),
        qPrintable(error));
    const AnalysisContext context = d.context(script::T + 40 * script::Day);
    RollupParams params;
    params.kpiEvents = {QStringLiteral("create")};
    RollupResult result;
    QVERIFY2(runRollup(context, params, &result, &error), qPrintable(error));

    const ResultTable users = rollupTable(context, result, RowsPer::Users);
    QCOMPARE(users.columnIds().join(QLatin1Char(',')),
             QStringLiteral("user_id,account_id,sessions_30d,sessions_90d,last_session,"
                            "create (30d)"));
    QCOMPARE(kinds(users).join(QLatin1Char(',')),
             QStringLiteral("text,text,integer,integer,time,integer"));
    QCOMPARE(int(users.rows.size()), 3);
    // By user ID as text: u1, u10, u2.
    QCOMPARE(rowText(users.rows[0]), QStringLiteral("\"u1\" \"A1\" 0 0 - 2"));
    QCOMPARE(rowText(users.rows[1]), QStringLiteral("\"u10\" \"A1\" 0 0 - 0"));
    QCOMPARE(rowText(users.rows[2]), QStringLiteral("\"u2\" - 0 0 - 0"));
    QCOMPARE(users.notes,
             QStringList(QStringLiteral("Usage as of 2026-09-12 (windows end there)")));

    const ResultTable accounts = rollupTable(context, result, RowsPer::Accounts);
    QCOMPARE(accounts.columnIds().join(QLatin1Char(',')),
             QStringLiteral("account_id,account,csm,users,active_users_30d,wau,mau,"
                            "last_activity,create (30d)"));
    QCOMPARE(int(accounts.rows.size()), 1);
    // A1: u1 and u10; only u1 active in the 30 days (and the 7 days: T + 35 and 39 days), its
    // last event at T + 39 days.
    QCOMPARE(rowText(accounts.rows[0]),
             QStringLiteral("\"A1\" \"Acme\" \"Maya Patel\" 2 1 1 1 t%1 2")
                 .arg(script::T + 39 * script::Day));
}

QTEST_GUILESS_MAIN(TestResultTables)
#include "tst_resulttables.moc"
