// The account page (AccountPage, AccountTables) on a hand-written export: every expected value
// is worked out by hand from the fixture text, as the comments say.
#include "TestSupport.h"
#include "analysis/AccountPage.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "present/AccountTables.h"
#include "present/ScoreTables.h"
#include "sync/FieldParser.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QTest>

#include <cmath>

using namespace pulsebook;

namespace {

// 2024-03-01T00:00:00Z (a Friday). Below, "-7d" is AsOf - 7 days.
constexpr qint64 AsOf = 1709251200000LL;

// Kestrel (K1) has k1, k2, k3; Osprey (K2) has o1, whose events must never count for K1.
// Last QBR 2024-01-05 = AsOf - 56 days; renewal 2024-04-15 = AsOf + 45 days.
const QByteArray Accounts = "account_id,name,csm,arr,renewal_date,last_ebr,sentiment\n"
                            "K1,Kestrel,Nina,48000,2024-04-15,2024-01-05,\n"
                            "K2,Osprey,Nina,9000,2024-09-01,2024-02-20,Green\n";
const QByteArray Users = "user_id,email,account_id\n"
                         "k1,kim@kestrel.test,K1\n"
                         "k2,kai@kestrel.test,K1\n"
                         "k3,kit@kestrel.test,K1\n"
                         "o1,oz@osprey.test,K2\n";
// Offsets from AsOf: k1 -1d, -10d, -10d+1h, -40d; k2 -7d (exactly), -9d; k3 -60d.
const QByteArray Events = "event_id,user_id,time,event\n"
                          "1,k1,2024-02-29T00:00:00Z,Open Board\n"  // -1d
                          "2,k1,2024-02-20T00:00:00Z,Invite Team\n" // -10d
                          "3,k1,2024-02-20T01:00:00Z,Share Link\n"  // -10d+1h: k1 onboarded
                          "4,k1,2024-01-21T00:00:00Z,Open Board\n"  // -40d
                          "5,k2,2024-02-23T00:00:00Z,Open Board\n"  // -7d
                          "6,k2,2024-02-21T00:00:00Z,Invite Team\n" // -9d
                          "7,k3,2024-01-01T00:00:00Z,Ping\n"        // -60d
                          "8,o1,2024-02-29T00:00:00Z,Ping\n"
                          "9,o1,2024-02-28T00:00:00Z,Ping\n"
                          "10,k1,2024-03-01T00:00:00Z,Ping\n"; // at as_of: never counts
// k1 -2d, -20d, -50d, -95d; k2 -7d, -31d; k3 none.
const QByteArray Sessions = "session_id,user_id,time\n"
                            "s1,k1,2024-02-28T00:00:00Z\n"
                            "s2,k1,2024-02-10T00:00:00Z\n"
                            "s3,k1,2024-01-11T00:00:00Z\n"
                            "s4,k1,2023-11-27T00:00:00Z\n"
                            "s5,k2,2024-02-23T00:00:00Z\n"
                            "s6,k2,2024-01-30T00:00:00Z\n"
                            "s7,o1,2024-02-29T00:00:00Z\n";

// Status over "Weekly actives" (green >= 2, yellow >= 1) and "Days since QBR" (green <= 30,
// yellow <= 60, missing no data). Health = (3 x Activity + 1 x Voice + 1 x Adoption) / the
// weights with a value; Activity = 10 x WAU / 4, Adoption = 10 x onboarding rate; Voice
// (sentiment) is missing for K1, so K1's score is (3 x 2.5 x WAU + 10 x rate) / 4.
const char* const WorkspaceJson = R"({
  "onboarding_steps": ["Open Board", "Invite Team", "Share Link"],
  "scorecard": {"columns": [
    {"name": "Weekly actives", "metric": "wau", "direction": "higher", "green": 2,
     "yellow": 1, "key": true},
    {"name": "Days since QBR", "metric": "days_since:last_ebr", "direction": "lower",
     "green": 30, "yellow": 60, "key": true},
    {"name": "Contract value", "metric": "arr"}]},
  "health_score": {"groups": [
    {"name": "Activity", "weight": 3, "inputs": [{"metric": "wau", "zero": 0, "ten": 4}]},
    {"name": "Voice", "weight": 1, "inputs": [{"metric": "sentiment", "zero": 0, "ten": 2}]},
    {"name": "Adoption", "weight": 1,
     "inputs": [{"metric": "onboarding_rate", "zero": 0, "ten": 1}]}]}})";

QString text(const ListCell& c)
{
    if (c.kind == ListCell::Kind::Missing)
        return QStringLiteral("-");
    if (c.kind == ListCell::Kind::Time)
        return FieldParser::formatTimestamp(c.timeMs);
    return c.toVariant().toString();
}

// A table's rows as "a|b|c" lines.
QStringList lines(const ResultTable& t)
{
    QStringList out;
    for (const ResultRow& row : t.rows) {
        QStringList cells;
        for (const ListCell& c : row)
            cells.append(text(c));
        out.append(cells.join(QLatin1Char('|')));
    }
    return out;
}

QStringList strings(std::initializer_list<const char*> list)
{
    QStringList out;
    for (const char* s : list)
        out.append(QString::fromUtf8(s));
    return out;
}

} // namespace

class TestAccountPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void header();
    void measures();
    void contributions();
    void users();
    void weeks();
    void moves();
    void segmentFilter();

private:
    test::SyncedCache m_data;
    Workspace m_workspace;
    AnalysisContext m_context;
    ScorecardEngine m_engine;
    AccountPage m_page;
};

void TestAccountPage::initTestCase()
{
    QString error;
    QVERIFY2(m_data.load({{QStringLiteral("accounts.csv"), Accounts},
                          {QStringLiteral("users.csv"), Users},
                          {QStringLiteral("events.csv"), Events},
                          {QStringLiteral("sessions.csv"), Sessions}},
                         &error),
             qPrintable(error));
    QVERIFY2(Workspace::fromJson(QByteArray(WorkspaceJson), &m_workspace, &error),
             qPrintable(error));
    m_context.index = m_data.index;
    m_context.workspace = &m_workspace;
    m_context.asOfMs = AsOf;
    QVERIFY2(m_engine.prepare(m_context, &error), qPrintable(error));
    const int a = m_data.index->accountIndex(QStringLiteral("K1"));
    QVERIFY(a >= 0);
    QVERIFY2(buildAccountPage(m_context, m_engine, a, &m_page, &error), qPrintable(error));
}

void TestAccountPage::header()
{
    // WAU at as_of: [-7d, 0) holds k1 (-1d) and k2 (exactly -7d): 2, Green. Days since QBR 56:
    // Yellow. Status Yellow. Onboarding: k1 did all three steps, k2 two, k3 none: rate 1/3.
    // Health (3 x 2.5 x 2 + 10 / 3) / 4 = (15 + 3.333) / 4 = 4.583: Yellow.
    // A week ago (-7d): WAU [-14d, -7d) = k1 (-10d), k2 (-9d) = 2, and k1 onboarded at
    // -10d+1h: 4.583 again, change 0. A month ago (-30d): WAU [-37d, -30d) none, nobody
    // onboarded: 0, change 4.58.
    // ARR 48000; renewal 2024-04-15, 45 days after 2024-03-01.
    const ResultTable t = accountHeaderTable(m_context, m_engine.health(), m_page);
    QCOMPARE(t.columnIds(), strings({"account_id", "account", "csm", "status", "health_score",
                                     "band", "health_7d_ago", "change_7d", "health_30d_ago",
                                     "change_30d", "arr", "renewal_date", "days_to_renewal"}));
    QCOMPARE(lines(t), strings({"K1|Kestrel|Nina|Yellow|4.58|Yellow|4.58|0|0|4.58|48000|"
                                "2024-04-15|45"}));
    // The biggest drag: WAU's (10 - 5) x 3 / 1 = 15, against onboarding's (10 - 3.33) x 1 =
    // 6.67; it costs 15 / 4 = 3.75 points, one decimal 3.8.
    QCOMPARE(t.notes, strings({"Biggest drag: Activity: wau (\u22123.8)"}));
}

void TestAccountPage::measures()
{
    // Account fields first (QBR, ARR), then usage (WAU), each in the definition's order.
    const ResultTable t = accountMeasuresTable(m_engine.columns(), m_page);
    QCOMPARE(
        lines(t),
        strings({"Account|Days since QBR|56|Yellow|Green at most 30, Yellow at most 60, else Red; "
                 "no value: no data|yes",
                 "Account|Contract value|48000|-|-|no",
                 "Usage|Weekly actives|2|Green|Green at least 2, Yellow at least 1, else Red; no "
                 "value: no data|yes"}));
}

void TestAccountPage::contributions()
{
    // Contributions: WAU 5 x 3 / 4 = 3.75, onboarding 3.333 x 1 / 4 = 0.83 (they add up to
    // 4.58); points lost 15 / 4 = 3.75 and 6.667 / 4 = 1.67 (with the contributions, 10).
    // Sentiment has no value: last, with the note.
    const ResultTable t = accountContributionsTable(m_context, m_engine.health(), m_page);
    QCOMPARE(lines(t),
             strings({"Activity|3|wau|2|0|4|5|5|3.75|15|3.75|-",
                      "Adoption|1|onboarding_rate|0.33|0|1|3.33|3.33|0.83|6.67|1.67|-",
                      "Voice|1|sentiment|-|0|2|-|-|0|0|-|no value \u2014 weight redistributed"}));
    // The same rows as `health --account`'s table, reordered.
    const ResultTable inputs = healthInputsTable(m_context, m_engine.health(), m_page.row);
    QCOMPARE(inputs.rows.size(), t.rows.size());
    for (const ResultRow& row : inputs.rows) {
        bool found = false;
        for (const ResultRow& other : t.rows) {
            ResultRow head(other.begin(), other.begin() + qsizetype(row.size()));
            QStringList a, b;
            for (size_t c = 0; c < row.size(); ++c) {
                a.append(text(row[c]));
                b.append(text(head[c]));
            }
            found = found || a == b;
        }
        QVERIFY(found);
    }
    QCOMPARE(t.notes, inputs.notes.mid(1)); // the sentence; inputs' first note is the summary
}

void TestAccountPage::users()
{
    // Sessions in [-30d, 0): k1 -2d, -20d = 2; k2 -7d = 1 (-31d is out); k3 none. In
    // [-90d, 0): k1 also -50d = 3 (-95d is out); k2 2. Last seen: k1 -2d, k2 -7d, k3 never.
    // Onboarding: k1 3/3, k2 (Open Board, Invite Team) 2/3, k3 0/3. o1 is Osprey's.
    const ResultTable t = accountUsersTable(m_context, m_page);
    QCOMPARE(lines(t), strings({"k1|kim@kestrel.test|2|3|2024-02-28T00:00:00.000Z|3/3",
                                "k2|kai@kestrel.test|1|2|2024-02-23T00:00:00.000Z|2/3",
                                "k3|kit@kestrel.test|0|0|-|0/3"}));
}

void TestAccountPage::weeks()
{
    // Week k back ends at -7k days: [-7(k+1)d, -7k d). k1 -1d, -10d, -40d; k2 -7d, -9d; k3
    // -60d. k = 0: k1, k2 = 2; k = 1: k1, k2 = 2; k = 5 [-42d, -35d): k1 = 1; k = 8
    // [-63d, -56d): k3 = 1; every other week 0. Oldest (k = 25) first.
    const ResultTable t = accountWeeksTable(m_context, m_page);
    QCOMPARE(t.rows.size(), size_t(26));
    QStringList wau;
    for (const ResultRow& row : t.rows)
        wau.append(text(row[2]));
    QCOMPARE(wau.join(QLatin1Char(' ')),
             QStringLiteral("0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0 0 1 0 0 0 2 2"));
    QCOMPARE(lines(t).last(), QStringLiteral("2024-02-23|2024-03-01|2"));
    // 25 weeks = 175 days before 2024-03-01: Mar 1 - 182 days is Sep 1 (29 + 31 + 31 + 30 +
    // 31 + 30 days back through Feb to Sep), so -175 is 2023-09-08; its week starts 09-01.
    QCOMPARE(lines(t).first(), QStringLiteral("2023-09-01|2023-09-08|0"));
}

void TestAccountPage::moves()
{
    // Step k is as of -7k days. WAU by step (above): 2 2 0 0 0 1 0 0 1 0...; days since QBR
    // 56 - 7k: Yellow at k <= 3, Green at k 4..7, no data from k = 8 (the QBR is not known
    // at or before its own date). Status (Red if any key Red, else Yellow unless all Green):
    //   k: 0 Y, 1 Y, 2 R, 3 R, 4 R, 5 Y (WAU 1), 6 R, 7 R, 8 Y (WAU 1, QBR no data), 9.. R.
    // Health (3 x 2.5 x WAU + 10 x rate) / 4, rate 1/3 after -10d+1h: k 0, 1: 4.58 Yellow;
    // k 5, 8: 1.875 Red; others 0 Red.
    // Moves, dated at the later step: k 1 (02-23) R -> Y and band R -> Y; k 4 (02-02) Y -> R;
    // k 5 (01-26) R -> Y; k 7 (01-12) Y -> R (QBR no data -> Green as well); k 8 (01-05)
    // R -> Y. k 3 vs 4 is no move: only the QBR colour changed (Green -> Yellow).
    const ResultTable t = accountMovesTable(m_context, m_page);
    QCOMPARE(lines(t),
             strings({"2024-02-23|Red|Yellow|Red|Yellow|0|4.58|Weekly actives: Red -> Green",
                      "2024-02-02|Yellow|Red|Red|Red|1.88|0|Weekly actives: Yellow -> Red",
                      "2024-01-26|Red|Yellow|Red|Red|0|1.88|Weekly actives: Red -> Yellow",
                      "2024-01-12|Yellow|Red|Red|Red|1.88|0|Weekly actives: Yellow -> Red; Days "
                      "since QBR: no data -> Green",
                      "2024-01-05|Red|Yellow|Red|Red|0|1.88|Weekly actives: Red -> Yellow"}));
}

void TestAccountPage::segmentFilter()
{
    // With a filter of k2 alone, the users table and the weekly actives count k2 only (as
    // `rollup --segment` does): k2 was active in weeks k = 0 (-7d) and k = 1 (-9d).
    AnalysisContext filtered = m_context;
    filtered.segment.assign(size_t(m_data.index->userCount()), 0);
    filtered.segment[size_t(m_data.index->userIndex(QStringLiteral("k2")))] = 1;
    AccountPage page;
    QString error;
    QVERIFY2(buildAccountPage(filtered, m_engine, m_page.account, &page, &error),
             qPrintable(error));
    QCOMPARE(page.users.size(), size_t(1));
    QCOMPARE(m_data.index->userId(page.users[0].user), QStringLiteral("k2"));
    QCOMPARE(page.weeks.back().wau, 1);
    QCOMPARE(page.weeks[24].wau, 1);
    QCOMPARE(page.weeks[20].wau, 0); // k1's week (k = 5) no longer counts
}

QTEST_GUILESS_MAIN(TestAccountPage)
#include "tst_accountpage.moc"
