#pragma once

// The account scorecard, the health score and the manager scorecard (ScoreDefinitions,
// AccountFigures, HealthScore, TeamTree, Scorecard, ManagerScorecard) against hand-written
// exports (every expected value worked out by hand from the fixture text, as the comments say)
// and against a plain reference written from docs/definitions.md's "Account scorecard", "Health
// score", "Manager scorecard", "Activity" and "Onboarding gaps", on random small books.
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AccountFigures.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/HealthScore.h"
#include "analysis/ManagerScorecard.h"
#include "analysis/Scorecard.h"
#include "analysis/TeamTree.h"
#include "analysis/WorkspaceCheck.h"
#include "workspace/ScoreDefinitions.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

using namespace pulsebook;

namespace scorecardtest {

using Files = test::ExportFiles;
using Data = test::SyncedCache;

// 2024-03-01T00:00:00Z: as_of - 7 days is 2024-02-23, - 30 days 2024-01-31, - 90 days
// 2023-12-02, - 180 days 2023-09-03.
constexpr qint64 AsOf = 1709251200000LL;
constexpr qint64 Hour = 3600000LL;
constexpr qint64 Day = 24 * Hour;
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

inline QString s(const char* text)
{
    return QString::fromUtf8(text);
}

inline qint64 ms(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

// Equal numbers (relative tolerance), or both missing.
inline bool sameNumber(double actual, double expected, double tolerance = 1e-9)
{
    if (std::isnan(actual) || std::isnan(expected))
        return std::isnan(actual) && std::isnan(expected);
    return std::abs(actual - expected) <= tolerance * std::max(1.0, std::abs(expected));
}

inline QString show(double v)
{
    return std::isnan(v) ? QStringLiteral("missing") : QString::number(v, 'g', 17);
}

#define COMPARE_NUMBER(actual, expected)                                                           \
    do {                                                                                           \
        const double actual_ = (actual);                                                           \
        const double expected_ = (expected);                                                       \
        QVERIFY2(sameNumber(actual_, expected_),                                                   \
                 qPrintable(QStringLiteral("%1 is %2, expected %3")                                \
                                .arg(QLatin1String(#actual), show(actual_), show(expected_))));    \
    } while (false)

inline QJsonObject object(const char* json)
{
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(QByteArray(json), &e);
    if (e.error != QJsonParseError::NoError)
        qFatal("bad JSON in the test: %s", qPrintable(e.errorString()));
    return d.object();
}

// A workspace from a document of definitions (Workspace::fromJson, so through its paths).
inline bool workspaceOf(const QJsonObject& document, Workspace* out, QString* error)
{
    return Workspace::fromJson(QJsonDocument(document).toJson(), out, error);
}

inline AccountMetric metric(const char* text)
{
    AccountMetric m;
    QString error;
    if (!AccountMetric::parse(s(text), &m, &error))
        qWarning("%s", qPrintable(error));
    return m;
}

inline AnalysisContext contextOf(const Data& d, const Workspace* workspace, qint64 asOf = AsOf)
{
    AnalysisContext c;
    c.index = d.index;
    c.workspace = workspace;
    c.asOfMs = asOf;
    return c;
}

// "text/Rag" per cell, then "=> status" and "silent".
inline QString describe(const ScorecardRow& row)
{
    QStringList parts;
    for (const ScorecardCell& c : row.cells)
        parts.append(c.text + QLatin1Char('/') + ragName(c.rag));
    QString line = parts.join(QStringLiteral(", ")) + QStringLiteral(" => ") + ragName(row.status);
    if (row.silent)
        line += QStringLiteral(" silent");
    return line;
}

inline QString accountIds(const EventIndex& index, const std::vector<int>& accounts)
{
    QStringList ids;
    for (const int a : accounts)
        ids.append(index.accountId(a));
    return ids.join(QLatin1Char(' '));
}

// The mismatching columns of a manager row's values, by key; empty when all match.
inline QString valueMismatches(const std::vector<double>& actual,
                               const std::vector<double>& expected)
{
    const QStringList& keys = managerColumnKeys();
    if (actual.size() != size_t(keys.size()) || expected.size() != size_t(keys.size()))
        return QStringLiteral("%1 values, expected %2").arg(actual.size()).arg(expected.size());
    QStringList out;
    for (size_t k = 0; k < actual.size(); ++k) {
        if (!sameNumber(actual[k], expected[k]))
            out.append(QStringLiteral("%1 is %2, expected %3")
                           .arg(keys[qsizetype(k)], show(actual[k]), show(expected[k])));
    }
    return out.join(QStringLiteral("; "));
}

inline QString ragNames(const std::vector<Rag>& rags)
{
    QStringList names;
    for (const Rag r : rags)
        names.append(ragName(r));
    return names.join(QLatin1Char(','));
}

// --- The book: VP Vera -> director Dan (CSMs Carl, Cleo) and manager Mia (CSM Cody; Mia owns
// A5 herself); A6's CSM Zed is not in the team.

inline const QByteArray BookTeam = "person,role,manager\n"
                                   "Vera,VP,\n"
                                   "Dan,Director,Vera\n"
                                   "Mia,Manager,Vera\n"
                                   "Carl,CSM,Dan\n"
                                   "Cleo,CSM,Dan\n"
                                   "Cody,CSM,Mia\n";

inline const QByteArray BookAccounts =
    "account_id,name,csm,renewal_date,arr,sentiment,has_success_plan,last_success_plan_update,"
    "last_ebr,last_exec_sponsor_activity,last_champion_activity,last_exec_meeting,open_new_arr,"
    "wins_past_year,products_adopted\n"
    // plan update -90 d, EBR -90 d, sponsor -5 d, no champion, meeting -200 d
    "A1,Acme,Carl,2024-05-15,120000,Green,yes,2023-12-02,2023-12-02,2024-02-25,,2023-08-14,5000,2,"
    "3\n"
    // plan update -91 d, EBR -180 d, no sponsor or champion, meeting -180 d
    "A2,Globex,Carl,2024-12-31,50000,Yellow,no,2023-12-01,2023-09-03,,,2023-09-03,0,0,1\n"
    // no ARR, sentiment, plan update, meeting, open ARR, products; EBR -181 d, sponsor -31 d,
    // champion -60 d
    "A3,Initech,Cleo,,,,yes,,2023-09-02,2024-01-30,2024-01-01,,,1,\n"
    // no plan, EBR, wins; plan update -1 d, champion -30 d, meeting at as_of (missing)
    "A4,Umbrella,Cody,,200000,Yellow,,2024-02-29,,,2024-01-31,2024-03-01,1000,,4\n"
    // plan update +5 d (missing), EBR -100 d, sponsor -90 d, champion -31 d, meeting -30 d
    "A5,Hooli,Mia,,80000,Red,no,2024-03-06,2023-11-22,2023-12-02,2024-01-30,2024-01-31,0,3,2\n"
    // plan update -10 d, EBR at as_of (not known then), sponsor -91 d; no users
    "A6,Stark,Zed,,30000,Yellow,yes,2024-02-20,2024-03-01,2023-12-01,,,2500,0,0\n";

inline const QByteArray BookUsers =
    "user_id,account_id\n"
    "u1,A1\nu2,A1\nu3,A2\nu4,A3\nu5,A3\nu6,A4\nu7,A5\nu8,A5\nu9,\nu10,A4\n";

inline const QByteArray BookEvents = "event_id,user_id,time,event\n"
                                     "1,u1,2024-02-29T00:00:00Z,Login\n"   // -1 d
                                     "2,u2,2024-02-23T00:00:00Z,Login\n"   // exactly -7 d: in WAU
                                     "3,u3,2024-02-28T00:00:00Z,Login\n"   // -2 d
                                     "4,u3,2024-02-22T00:00:00Z,Login\n"   // -8 d
                                     "5,u4,2024-01-21T00:00:00Z,Login\n"   // -40 d
                                     "6,u6,2024-02-27T00:00:00Z,Login\n"   // -3 d
                                     "7,u6,2024-03-01T00:00:00Z,Login\n"   // at as_of: never counts
                                     "8,u7,2024-01-30T00:00:00Z,Login\n"   // -31 d
                                     "9,u9,2024-02-29T00:00:00Z,Login\n"   // no account
                                     "10,u10,2024-02-24T00:00:00Z,Login\n" // -6 d
                                     "11,u11,2024-02-29T00:00:00Z,Login\n"; // first seen in events

inline Files bookFiles()
{
    return {{QStringLiteral("team.csv"), BookTeam},
            {QStringLiteral("accounts.csv"), BookAccounts},
            {QStringLiteral("users.csv"), BookUsers},
            {QStringLiteral("events.csv"), BookEvents}};
}

// Key columns: WAU (no data when missing, never is), days since EBR (missing = Red), days since
// champion (missing = no data). Sentiment (missing = Red), ARR, the health score are not key.
inline const char* const BookScorecard = R"({"silent_days": 30, "columns": [
    {"name": "Company", "metric": "name"},
    {"name": "WAU", "metric": "wau", "direction": "higher", "green": 2, "yellow": 1, "key": true},
    {"name": "Days since EBR", "metric": "days_since:last_ebr", "direction": "lower",
     "green": 90, "yellow": 180, "missing": "red", "key": true},
    {"name": "Days since champion", "metric": "days_since:last_champion_activity",
     "direction": "lower", "green": 30, "yellow": 60, "key": true},
    {"name": "Sentiment", "metric": "sentiment", "green": 2, "yellow": 1, "missing": "red"},
    {"name": "ARR", "metric": "arr", "direction": "higher", "green": 100000, "yellow": 50000,
     "missing": "no_data"},
    {"name": "Renewal quarter", "metric": "renewal_quarter"},
    {"name": "Health", "metric": "health_score", "green": 7, "yellow": 4}]})";

// Health = (3 x 10 x WAU / 2 + 2 x 10 x sentiment / 2) / 5, without the sentiment group when
// it is missing (WAU always has a value): WAU 2 -> 10, 1 -> 5; sentiment Green 10, Yellow 5.
inline const char* const BookHealth = R"({"groups": [
    {"name": "Usage", "weight": 3, "inputs": [{"metric": "wau", "zero": 0, "ten": 2}]},
    {"name": "Relationship", "weight": 2,
     "inputs": [{"metric": "sentiment", "zero": 0, "ten": 2}]}]})";

inline bool bookWorkspace(Workspace* w, QString* error, const char* managers = nullptr)
{
    QJsonObject doc;
    doc.insert(QStringLiteral("scorecard"), object(BookScorecard));
    doc.insert(QStringLiteral("health_score"), object(BookHealth));
    if (managers)
        doc.insert(QStringLiteral("manager_scorecard"), object(managers));
    return workspaceOf(doc, w, error);
}

// --- The health-score fixture.

inline const QByteArray HealthAccounts = "account_id,arr,sentiment,products_adopted\n"
                                         "H1,,Yellow,3\n"
                                         "H2,,Green,\n" // products missing
                                         "H3,,,5\n"     // sentiment missing: no Relationship group
                                         "H4,,Green,7\n"
                                         "H5,,,\n" // nothing at all, no users
                                         "B1,40,,\n"
                                         "B2,70,,\n"
                                         "B3,39.99,,\n"
                                         "B4,69.99,,\n"
                                         "B5,150,,\n";

inline const QByteArray HealthUsers =
    "user_id,account_id\nh1a,H1\nh1b,H1\nh2a,H2\nh2b,H2\nh3a,H3\nh4a,H4\n"; // h2b: no events

inline const QByteArray HealthEvents = "event_id,user_id,time,event\n"
                                       "1,h1a,2024-02-10T00:00:00Z,signup\n"  // -20 d
                                       "2,h1a,2024-02-20T00:00:00Z,setup\n"   // -10 d
                                       "3,h1a,2024-02-29T00:00:00Z,use\n"     // -1 d
                                       "4,h1b,2024-02-18T00:00:00Z,signup\n"  // -12 d
                                       "5,h2a,2024-02-25T00:00:00Z,signup\n"  // -5 d
                                       "6,h2a,2024-02-26T00:00:00Z,setup\n"   // -4 d
                                       "7,h3a,2024-01-21T00:00:00Z,signup\n"  // -40 d
                                       "8,h3a,2024-01-26T00:00:00Z,setup\n"   // -35 d
                                       "9,h4a,2024-02-28T00:00:00Z,signup\n"  // -2 d
                                       "10,h4a,2024-02-29T23:00:00Z,setup\n"; // -1 h

// Usage (50): WAU share 0 -> 1 (score 10 x share), days since last activity 20 -> 0 (lower is
// better: score (20 - days) / 2). Adoption (30): products 0 -> 5 (2 x products), onboarding rate
// 0 -> 1 (10 x rate). Relationship (20): sentiment 0 -> 2 (5 x sentiment).
inline const char* const HealthDefinition = R"({"groups": [
    {"name": "Usage", "weight": 50, "inputs": [{"metric": "wau_share", "zero": 0, "ten": 1},
        {"metric": "days_since_last_activity", "zero": 20, "ten": 0}]},
    {"name": "Adoption", "weight": 30, "inputs": [{"metric": "products_adopted", "zero": 0,
        "ten": 5}, {"metric": "onboarding_rate", "zero": 0, "ten": 1}]},
    {"name": "Relationship", "weight": 20,
     "inputs": [{"metric": "sentiment", "zero": 0, "ten": 2}]}]})";

inline Files healthFiles()
{
    return {{QStringLiteral("accounts.csv"), HealthAccounts},
            {QStringLiteral("users.csv"), HealthUsers},
            {QStringLiteral("events.csv"), HealthEvents}};
}

// Health of every account of d under `definition`, as of asOf, through computeHealth.
inline bool healthOfAll(const Data& d, const HealthScoreDefinition& definition,
                        const QStringList& steps, qint64 asOf, std::vector<AccountHealth>* out,
                        QString* error)
{
    Workspace w;
    w.onboardingSteps = steps;
    AccountFigures figures;
    if (!figures.prepare(contextOf(d, &w, asOf), healthMetrics(definition), error))
        return false;
    out->clear();
    for (int a = 0; a < d.index->accountCount(); ++a)
        out->push_back(computeHealth(definition, figures, a, asOf, figures.usage(a, asOf)));
    return true;
}

// --- The usage and CRM fixture.

inline const QByteArray FigureAccounts =
    "account_id,name,csm,metrics_group,renewal_date,arr,sentiment,has_success_plan,last_ebr,tier,"
    "seats,last_qbr\n"
    "U1,Alpha,Carl,Strategic,2024-05-15,\"$120,000\",Green,yes,2024-01-16T12:00:00Z,Gold,25,"
    "2024-01-16\n"
    "U2,Beta,,,2024-02-20,1500.5,yellow,false,2024-03-01,,,2024-03-05\n"
    "U3,Gamma,,,2024-09-30T23:00:00Z,,Red,1,2024-03-04,Silver,,\n"
    "U4,Delta,,,,,,,2024-02-29T23:59:59.999Z,,,\n"
    "U5,Epsilon,,,,,,,1969-12-31,,,\n";

inline const QByteArray FigureUsers = "user_id,account_id\nx1,U1\nx2,U1\nx3,U1\nx4,U1\nz1,U3\n";

inline const QByteArray FigureEvents = "event_id,user_id,time,event\n"
                                       "1,x1,2024-01-01T00:00:00Z,signup\n"  // -60 d
                                       "2,x1,2024-01-11T00:00:00Z,setup\n"   // -50 d
                                       "3,x1,2024-01-31T00:00:00Z,Run\n"     // exactly -30 d
                                       "4,x1,2024-02-23T00:00:00Z,Run\n"     // exactly -7 d
                                       "5,x1,2024-03-01T00:00:00Z,Run\n"     // at as_of
                                       "6,x1,2024-03-02T00:00:00Z,Run\n"     // after as_of
                                       "7,x2,2024-01-21T00:00:00Z,signup\n"  // -40 d
                                       "8,x2,2024-01-30T23:59:59.999Z,Run\n" // 1 ms before 30 d
                                       "9,x2,2024-02-22T00:00:00Z,Save\n"    // -8 d
                                       "10,x3,2024-02-29T00:00:00Z,Save\n"   // -1 d
                                       "11,z1,2024-03-01T00:00:00Z,signup\n" // at as_of
                                       "12,z1,2024-03-01T00:00:00Z,setup\n"; // at as_of

inline Files figureFiles()
{
    return {{QStringLiteral("accounts.csv"), FigureAccounts},
            {QStringLiteral("users.csv"), FigureUsers},
            {QStringLiteral("events.csv"), FigureEvents}};
}

// "metric=text, ..." of account a.
inline QString describeFigures(const AccountFigures& f, const QList<AccountMetric>& metrics, int a,
                               qint64 asOf)
{
    const AccountUsage usage = f.usage(a, asOf);
    QStringList parts;
    for (const AccountMetric& m : metrics)
        parts.append(m.spelling + QLatin1Char('=') +
                     f.text(m, a, asOf, f.number(m, a, asOf, usage)));
    return parts.join(QStringLiteral(", "));
}

// ============================================================================================
// The reference: plain code from docs/definitions.md over the CSV texts, for random small books.

} // namespace scorecardtest

using namespace scorecardtest;

class TestScorecard : public QObject
{
    Q_OBJECT

private slots:
    void accountScorecard();
    void keyColumnsMissingAsNoData();
    void silentAccounts();
    void healthScore();
    void healthBandsAndClamping();
    void healthTrend();
    void usageFigures();
    void crmFigures();
    void dateBefore1970();
    void extraDateColumn();
    void figureErrors();
    void managerScorecard();
    void managerSettings();
    void managerSegmentFilter();
    void teamCycle();
    void changesSince();
    void pastAsOf();
    void matchesReference();
    void definitionsRoundTrip();
    void definitionErrors();
};
