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

namespace {

using Files = test::ExportFiles;
using Data = test::SyncedCache;

// 2024-03-01T00:00:00Z: as_of - 7 days is 2024-02-23, - 30 days 2024-01-31, - 90 days
// 2023-12-02, - 180 days 2023-09-03.
constexpr qint64 AsOf = 1709251200000LL;
constexpr qint64 Hour = 3600000LL;
constexpr qint64 Day = 24 * Hour;
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

qint64 ms(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

// Equal numbers (relative tolerance), or both missing.
bool sameNumber(double actual, double expected, double tolerance = 1e-9)
{
    if (std::isnan(actual) || std::isnan(expected))
        return std::isnan(actual) && std::isnan(expected);
    return std::abs(actual - expected) <= tolerance * std::max(1.0, std::abs(expected));
}

QString show(double v)
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

QJsonObject object(const char* json)
{
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(QByteArray(json), &e);
    if (e.error != QJsonParseError::NoError)
        qFatal("bad JSON in the test: %s", qPrintable(e.errorString()));
    return d.object();
}

// A workspace from a document of definitions (Workspace::fromJson, so through its paths).
bool workspaceOf(const QJsonObject& document, Workspace* out, QString* error)
{
    return Workspace::fromJson(QJsonDocument(document).toJson(), out, error);
}

AccountMetric metric(const char* text)
{
    AccountMetric m;
    QString error;
    if (!AccountMetric::parse(s(text), &m, &error))
        qWarning("%s", qPrintable(error));
    return m;
}

AnalysisContext contextOf(const Data& d, const Workspace* workspace, qint64 asOf = AsOf)
{
    AnalysisContext c;
    c.index = d.index;
    c.workspace = workspace;
    c.asOfMs = asOf;
    return c;
}

// "text/Rag" per cell, then "=> status" and "silent".
QString describe(const ScorecardRow& row)
{
    QStringList parts;
    for (const ScorecardCell& c : row.cells)
        parts.append(c.text + QLatin1Char('/') + ragName(c.rag));
    QString line = parts.join(QStringLiteral(", ")) + QStringLiteral(" => ") + ragName(row.status);
    if (row.silent)
        line += QStringLiteral(" silent");
    return line;
}

QString accountIds(const EventIndex& index, const std::vector<int>& accounts)
{
    QStringList ids;
    for (const int a : accounts)
        ids.append(index.accountId(a));
    return ids.join(QLatin1Char(' '));
}

// The mismatching columns of a manager row's values, by key; empty when all match.
QString valueMismatches(const std::vector<double>& actual, const std::vector<double>& expected)
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

QString ragNames(const std::vector<Rag>& rags)
{
    QStringList names;
    for (const Rag r : rags)
        names.append(ragName(r));
    return names.join(QLatin1Char(','));
}

// --- The book: VP Vera -> director Dan (CSMs Carl, Cleo) and manager Mia (CSM Cody; Mia owns
// A5 herself); A6's CSM Zed is not in the team.

const QByteArray BookTeam = "person,role,manager\n"
                            "Vera,VP,\n"
                            "Dan,Director,Vera\n"
                            "Mia,Manager,Vera\n"
                            "Carl,CSM,Dan\n"
                            "Cleo,CSM,Dan\n"
                            "Cody,CSM,Mia\n";

const QByteArray BookAccounts =
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

const QByteArray BookUsers =
    "user_id,account_id\n"
    "u1,A1\nu2,A1\nu3,A2\nu4,A3\nu5,A3\nu6,A4\nu7,A5\nu8,A5\nu9,\nu10,A4\n";

const QByteArray BookEvents = "event_id,user_id,time,event\n"
                              "1,u1,2024-02-29T00:00:00Z,Login\n"    // -1 d
                              "2,u2,2024-02-23T00:00:00Z,Login\n"    // exactly -7 d: in WAU
                              "3,u3,2024-02-28T00:00:00Z,Login\n"    // -2 d
                              "4,u3,2024-02-22T00:00:00Z,Login\n"    // -8 d
                              "5,u4,2024-01-21T00:00:00Z,Login\n"    // -40 d
                              "6,u6,2024-02-27T00:00:00Z,Login\n"    // -3 d
                              "7,u6,2024-03-01T00:00:00Z,Login\n"    // at as_of: never counts
                              "8,u7,2024-01-30T00:00:00Z,Login\n"    // -31 d
                              "9,u9,2024-02-29T00:00:00Z,Login\n"    // no account
                              "10,u10,2024-02-24T00:00:00Z,Login\n"  // -6 d
                              "11,u11,2024-02-29T00:00:00Z,Login\n"; // first seen in events

Files bookFiles()
{
    return {{QStringLiteral("team.csv"), BookTeam},
            {QStringLiteral("accounts.csv"), BookAccounts},
            {QStringLiteral("users.csv"), BookUsers},
            {QStringLiteral("events.csv"), BookEvents}};
}

// Key columns: WAU (no data when missing, never is), days since EBR (missing = Red), days since
// champion (missing = no data). Sentiment (missing = Red), ARR, the health score are not key.
const char* const BookScorecard = R"({"silent_days": 30, "columns": [
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
const char* const BookHealth = R"({"groups": [
    {"name": "Usage", "weight": 3, "inputs": [{"metric": "wau", "zero": 0, "ten": 2}]},
    {"name": "Relationship", "weight": 2,
     "inputs": [{"metric": "sentiment", "zero": 0, "ten": 2}]}]})";

bool bookWorkspace(Workspace* w, QString* error, const char* managers = nullptr)
{
    QJsonObject doc;
    doc.insert(QStringLiteral("scorecard"), object(BookScorecard));
    doc.insert(QStringLiteral("health_score"), object(BookHealth));
    if (managers)
        doc.insert(QStringLiteral("manager_scorecard"), object(managers));
    return workspaceOf(doc, w, error);
}

// --- The health-score fixture.

const QByteArray HealthAccounts = "account_id,arr,sentiment,products_adopted\n"
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

const QByteArray HealthUsers =
    "user_id,account_id\nh1a,H1\nh1b,H1\nh2a,H2\nh2b,H2\nh3a,H3\nh4a,H4\n"; // h2b: no events

const QByteArray HealthEvents = "event_id,user_id,time,event\n"
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
const char* const HealthDefinition = R"({"groups": [
    {"name": "Usage", "weight": 50, "inputs": [{"metric": "wau_share", "zero": 0, "ten": 1},
        {"metric": "days_since_last_activity", "zero": 20, "ten": 0}]},
    {"name": "Adoption", "weight": 30, "inputs": [{"metric": "products_adopted", "zero": 0,
        "ten": 5}, {"metric": "onboarding_rate", "zero": 0, "ten": 1}]},
    {"name": "Relationship", "weight": 20,
     "inputs": [{"metric": "sentiment", "zero": 0, "ten": 2}]}]})";

Files healthFiles()
{
    return {{QStringLiteral("accounts.csv"), HealthAccounts},
            {QStringLiteral("users.csv"), HealthUsers},
            {QStringLiteral("events.csv"), HealthEvents}};
}

// Health of every account of d under `definition`, as of asOf, through computeHealth.
bool healthOfAll(const Data& d, const HealthScoreDefinition& definition, const QStringList& steps,
                 qint64 asOf, std::vector<AccountHealth>* out, QString* error)
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

const QByteArray FigureAccounts =
    "account_id,name,csm,metrics_group,renewal_date,arr,sentiment,has_success_plan,last_ebr,tier,"
    "seats,last_qbr\n"
    "U1,Alpha,Carl,Strategic,2024-05-15,\"$120,000\",Green,yes,2024-01-16T12:00:00Z,Gold,25,"
    "2024-01-16\n"
    "U2,Beta,,,2024-02-20,1500.5,yellow,false,2024-03-01,,,2024-03-05\n"
    "U3,Gamma,,,2024-09-30T23:00:00Z,,Red,1,2024-03-04,Silver,,\n"
    "U4,Delta,,,,,,,2024-02-29T23:59:59.999Z,,,\n"
    "U5,Epsilon,,,,,,,1969-12-31,,,\n";

const QByteArray FigureUsers = "user_id,account_id\nx1,U1\nx2,U1\nx3,U1\nx4,U1\nz1,U3\n";

const QByteArray FigureEvents = "event_id,user_id,time,event\n"
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

Files figureFiles()
{
    return {{QStringLiteral("accounts.csv"), FigureAccounts},
            {QStringLiteral("users.csv"), FigureUsers},
            {QStringLiteral("events.csv"), FigureEvents}};
}

// "metric=text, ..." of account a.
QString describeFigures(const AccountFigures& f, const QList<AccountMetric>& metrics, int a,
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
namespace ref {

struct Bounds
{
    bool set = false;
    bool higher = true;
    double green = 0;
    double yellow = 0;
    bool missingRed = false;
};

struct Column
{
    QString name;
    QString metric;
    Bounds bounds;
    bool key = false;
};

struct Input
{
    QString metric;
    double zero = 0;
    double ten = 10;
};

struct Group
{
    QString name;
    double weight = 1;
    QList<Input> inputs;
};

struct Definitions
{
    QList<Column> columns;
    int silentDays = 30;
    QList<Group> groups;
    double redBelow = 4;
    double yellowBelow = 7;
    double healthAbove = 8;
    QList<QPair<QString, Bounds>> managerBounds;
    QStringList steps;
};

void putBounds(const Bounds& b, QJsonObject* o)
{
    if (!b.set)
        return;
    o->insert(QStringLiteral("direction"),
              b.higher ? QStringLiteral("higher") : QStringLiteral("lower"));
    o->insert(QStringLiteral("green"), b.green);
    o->insert(QStringLiteral("yellow"), b.yellow);
    o->insert(QStringLiteral("missing"),
              b.missingRed ? QStringLiteral("red") : QStringLiteral("no_data"));
}

QJsonObject workspaceJson(const Definitions& d)
{
    QJsonArray columns;
    for (const Column& c : d.columns) {
        QJsonObject o;
        o.insert(QStringLiteral("name"), c.name);
        o.insert(QStringLiteral("metric"), c.metric);
        putBounds(c.bounds, &o);
        if (c.key)
            o.insert(QStringLiteral("key"), true);
        columns.append(o);
    }
    QJsonObject scorecard;
    scorecard.insert(QStringLiteral("silent_days"), d.silentDays);
    scorecard.insert(QStringLiteral("columns"), columns);
    QJsonArray groups;
    for (const Group& g : d.groups) {
        QJsonArray inputs;
        for (const Input& i : g.inputs) {
            QJsonObject o;
            o.insert(QStringLiteral("metric"), i.metric);
            o.insert(QStringLiteral("zero"), i.zero);
            o.insert(QStringLiteral("ten"), i.ten);
            inputs.append(o);
        }
        QJsonObject o;
        o.insert(QStringLiteral("name"), g.name);
        o.insert(QStringLiteral("weight"), g.weight);
        o.insert(QStringLiteral("inputs"), inputs);
        groups.append(o);
    }
    QJsonObject bands;
    bands.insert(QStringLiteral("red_below"), d.redBelow);
    bands.insert(QStringLiteral("yellow_below"), d.yellowBelow);
    QJsonObject health;
    health.insert(QStringLiteral("bands"), bands);
    health.insert(QStringLiteral("groups"), groups);
    // Every column listed: {} removes a default's bounds, so the definition is exactly d's.
    QJsonObject managerColumns;
    for (const QString& key : managerColumnKeys())
        managerColumns.insert(key, QJsonObject());
    for (const auto& [key, b] : d.managerBounds) {
        QJsonObject o;
        putBounds(b, &o);
        managerColumns.insert(key, o);
    }
    QJsonObject managers;
    managers.insert(QStringLiteral("health_above"), d.healthAbove);
    managers.insert(QStringLiteral("columns"), managerColumns);
    QJsonObject doc;
    doc.insert(QStringLiteral("onboarding_steps"), QJsonArray::fromStringList(d.steps));
    doc.insert(QStringLiteral("scorecard"), scorecard);
    doc.insert(QStringLiteral("health_score"), health);
    doc.insert(QStringLiteral("manager_scorecard"), managers);
    return doc;
}

// The export as read back from its CSV texts (plain: the generator writes no quotes).
struct Book
{
    struct Account
    {
        QString id;
        QHash<QString, QString> field;
    };
    struct User
    {
        QString id;
        QString account;
        std::vector<std::pair<qint64, QString>> events;
    };
    struct Person
    {
        QString name;
        QString manager;
    };
    std::vector<Account> accounts; // by account_id
    std::vector<User> users;
    std::vector<Person> team; // by name
};

QList<QHash<QString, QString>> rows(const QByteArray& csv)
{
    const QStringList lines = QString::fromUtf8(csv).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QList<QHash<QString, QString>> out;
    if (lines.isEmpty())
        return out;
    const QStringList header = lines[0].split(QLatin1Char(','));
    for (qsizetype l = 1; l < lines.size(); ++l) {
        const QStringList fields = lines[l].split(QLatin1Char(','));
        QHash<QString, QString> row;
        for (qsizetype c = 0; c < header.size(); ++c)
            row.insert(header[c], c < fields.size() ? fields[c] : QString());
        out.append(row);
    }
    return out;
}

Book parse(const Files& files)
{
    Book b;
    QHash<QString, size_t> userAt;
    for (const auto& [name, text] : files) {
        if (name == QLatin1String("accounts.csv")) {
            for (const auto& row : rows(text))
                b.accounts.push_back({row.value(QStringLiteral("account_id")), row});
        }
    }
    for (const auto& [name, text] : files) {
        if (name == QLatin1String("users.csv")) {
            for (const auto& row : rows(text)) {
                userAt.insert(row.value(QStringLiteral("user_id")), b.users.size());
                b.users.push_back({row.value(QStringLiteral("user_id")),
                                   row.value(QStringLiteral("account_id")),
                                   {}});
            }
        }
    }
    for (const auto& [name, text] : files) {
        if (name == QLatin1String("events.csv")) {
            for (const auto& row : rows(text)) {
                const QString user = row.value(QStringLiteral("user_id"));
                if (!userAt.contains(user)) {
                    userAt.insert(user, b.users.size());
                    b.users.push_back({user, QString(), {}});
                }
                b.users[userAt.value(user)].events.emplace_back(
                    row.value(QStringLiteral("time")).toLongLong(),
                    row.value(QStringLiteral("event")));
            }
        }
        if (name == QLatin1String("team.csv")) {
            for (const auto& row : rows(text))
                b.team.push_back(
                    {row.value(QStringLiteral("person")), row.value(QStringLiteral("manager"))});
        }
    }
    std::sort(b.accounts.begin(), b.accounts.end(),
              [](const auto& x, const auto& y) { return x.id < y.id; });
    std::sort(b.team.begin(), b.team.end(),
              [](const auto& x, const auto& y) { return x.name < y.name; });
    return b;
}

struct Usage
{
    int users = 0;
    int active = 0; // = MAU
    int wau = 0;
    int onboarded = 0;
    std::optional<qint64> last;
    QHash<QString, int> kpi; // last 30 days
};

Usage usageOf(const Book& b, const QString& account, qint64 asOf, const QStringList& steps)
{
    Usage u;
    for (const Book::User& user : b.users) {
        if (user.account.isEmpty() || user.account != account)
            continue;
        ++u.users;
        bool month = false, week = false;
        QSet<QString> done;
        for (const auto& [time, event] : user.events) {
            if (time >= asOf)
                continue;
            done.insert(event);
            if (!u.last || time > *u.last)
                u.last = time;
            if (time >= asOf - 30 * Day) {
                month = true;
                ++u.kpi[event];
            }
            if (time >= asOf - 7 * Day)
                week = true;
        }
        u.active += month ? 1 : 0;
        u.wau += week ? 1 : 0;
        bool onboarded = true;
        for (const QString& step : steps)
            onboarded = onboarded && done.contains(step);
        u.onboarded += onboarded ? 1 : 0;
    }
    return u;
}

std::optional<qint64> dateOf(const Book::Account& a, const QString& column)
{
    const QString text = a.field.value(column);
    if (text.isEmpty())
        return std::nullopt;
    return text.toLongLong();
}

double ratio(int part, int whole)
{
    return whole > 0 ? double(part) / double(whole) : NaN;
}

double plainNumber(const Book::Account& a, const QString& column)
{
    const QString text = a.field.value(column);
    return text.isEmpty() ? NaN : text.toDouble();
}

double sentiment(const Book::Account& a)
{
    const QString v = a.field.value(QStringLiteral("sentiment")).toLower();
    return v == QLatin1String("green")    ? 2
           : v == QLatin1String("yellow") ? 1
           : v == QLatin1String("red")    ? 0
                                          : NaN;
}

double successPlan(const Book::Account& a)
{
    const QString v = a.field.value(QStringLiteral("has_success_plan")).toLower();
    if (v == QLatin1String("yes") || v == QLatin1String("true") || v == QLatin1String("1"))
        return 1;
    if (v == QLatin1String("no") || v == QLatin1String("false") || v == QLatin1String("0"))
        return 0;
    return NaN;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// A metric's value: a number, NaN when missing or text.
double value(const Book::Account& a, const QString& metric, qint64 asOf, const Usage& u,
             double health)
{
    if (metric == QLatin1String("users"))
        return u.users;
    if (metric == QLatin1String("active_users") || metric == QLatin1String("mau"))
        return u.active;
    if (metric == QLatin1String("wau"))
        return u.wau;
    if (metric == QLatin1String("wau_share"))
        return ratio(u.wau, u.users);
    if (metric == QLatin1String("mau_share"))
        return ratio(u.active, u.users);
    if (metric == QLatin1String("onboarding_rate"))
        return ratio(u.onboarded, u.users);
    if (metric == QLatin1String("days_since_last_activity"))
        return u.last ? double((asOf - *u.last) / Day) : NaN;
    if (metric == QLatin1String("health_score"))
        return health;
    if (metric.startsWith(QLatin1String("kpi:")))
        return u.kpi.value(metric.mid(4));
    if (metric.startsWith(QLatin1String("kpi_per_user:")))
        return ratio(u.kpi.value(metric.mid(13)), u.users);
    if (metric == QLatin1String("sentiment"))
        return sentiment(a);
    if (metric == QLatin1String("has_success_plan"))
        return successPlan(a);
    if (metric.startsWith(QLatin1String("days_since:"))) {
        const auto date = dateOf(a, metric.mid(11));
        return date && *date < asOf ? double((asOf - *date) / Day) : NaN;
    }
    if (metric == QLatin1String("days_to_renewal")) {
        const auto date = dateOf(a, QStringLiteral("renewal_date"));
        return date ? double(floorDiv(*date - asOf, Day)) : NaN;
    }
    if (metric.startsWith(QLatin1String("property:")))
        return plainNumber(a, metric.mid(9));
    if (metric == QLatin1String("arr") || metric == QLatin1String("open_new_arr") ||
        metric == QLatin1String("wins_past_year") || metric == QLatin1String("products_adopted"))
        return plainNumber(a, metric);
    return NaN; // text
}

// The text of a text metric (and of sentiment and has_success_plan).
QString text(const Book::Account& a, const QString& metric, double number)
{
    if (metric == QLatin1String("account_id"))
        return a.id;
    if (metric == QLatin1String("name") || metric == QLatin1String("csm") ||
        metric == QLatin1String("metrics_group"))
        return a.field.value(metric);
    if (metric == QLatin1String("renewal_quarter")) {
        const auto date = dateOf(a, QStringLiteral("renewal_date"));
        if (!date)
            return {};
        const QDate d = QDateTime::fromMSecsSinceEpoch(*date, Qt::UTC).date();
        return QStringLiteral("%1 Q%2").arg(d.year()).arg(d.month() <= 3   ? 1
                                                          : d.month() <= 6 ? 2
                                                          : d.month() <= 9 ? 3
                                                                           : 4);
    }
    if (metric == QLatin1String("sentiment"))
        return std::isnan(number) ? QString()
               : number == 2      ? QStringLiteral("Green")
               : number == 1      ? QStringLiteral("Yellow")
                                  : QStringLiteral("Red");
    if (metric == QLatin1String("has_success_plan"))
        return std::isnan(number) ? QString()
               : number == 1      ? QStringLiteral("yes")
                                  : QStringLiteral("no");
    return {};
}

Rag rate(const Bounds& b, double v)
{
    if (!b.set)
        return Rag::None;
    if (std::isnan(v))
        return b.missingRed ? Rag::Red : Rag::NoData;
    if (b.higher)
        return v >= b.green ? Rag::Green : v >= b.yellow ? Rag::Yellow : Rag::Red;
    return v <= b.green ? Rag::Green : v <= b.yellow ? Rag::Yellow : Rag::Red;
}

struct Health
{
    double score = NaN;
    std::vector<double> contributions; // per input, 0 when missing
    std::vector<double> drags;         // per input, 0 when missing
    int biggestDrag = -1;
};

// Same order of operations as docs/definitions.md's formula, so equal to the last bit.
Health healthOf(const Definitions& d, const Book::Account& a, qint64 asOf, const Usage& u)
{
    Health h;
    double weighted = 0, weights = 0;
    std::vector<double> scores;
    std::vector<int> counts;
    for (const Group& g : d.groups) {
        double sum = 0;
        int count = 0;
        for (const Input& i : g.inputs) {
            const double v = value(a, i.metric, asOf, u, NaN);
            scores.push_back(NaN);
            if (std::isnan(v))
                continue;
            double score = 10.0 * (v - i.zero) / (i.ten - i.zero);
            score = score < 0 ? 0 : score > 10 ? 10 : score;
            scores.back() = score;
            sum += score;
            ++count;
        }
        counts.push_back(count);
        if (count == 0)
            continue;
        weighted += sum / count * g.weight;
        weights += g.weight;
    }
    if (weights > 0)
        h.score = weighted / weights;
    // Drag (10 - score) x weight / inputs with a value in the group; the first of the largest,
    // none when nothing drags.
    double biggest = 0;
    size_t i = 0;
    for (qsizetype g = 0; g < d.groups.size(); ++g) {
        for (qsizetype k = 0; k < d.groups[g].inputs.size(); ++k, ++i) {
            const double w = d.groups[g].weight;
            const int n = counts[size_t(g)];
            h.contributions.push_back(std::isnan(scores[i]) ? 0 : scores[i] * w / (n * weights));
            const double drag = std::isnan(scores[i]) ? 0 : (10 - scores[i]) * w / n;
            h.drags.push_back(drag);
            if (drag > biggest) {
                biggest = drag;
                h.biggestDrag = int(i);
            }
        }
    }
    return h;
}

double health(const Definitions& d, const Book::Account& a, qint64 asOf, const Usage& u)
{
    return healthOf(d, a, asOf, u).score;
}

struct Row
{
    std::vector<double> values;
    std::vector<Rag> rags;
    Rag status = Rag::NoData;
    bool silent = false;
    double health = NaN;
};

Row evaluate(const Definitions& d, const Book& b, const Book::Account& a, qint64 asOf)
{
    Row r;
    const Usage u = usageOf(b, a.id, asOf, d.steps);
    r.health = health(d, a, asOf, u);
    bool red = false, anyValue = false, allGreen = true;
    for (const Column& c : d.columns) {
        const double v = value(a, c.metric, asOf, u, r.health);
        Rag rag = rate(c.bounds, v);
        // A date at or after as_of was not known then: no data, whatever "missing" says.
        if (c.metric.startsWith(QLatin1String("days_since:"))) {
            const auto date = dateOf(a, c.metric.mid(11));
            if (c.bounds.set && date && *date >= asOf)
                rag = Rag::NoData;
        }
        r.values.push_back(v);
        r.rags.push_back(rag);
        if (!c.key)
            continue;
        red = red || rag == Rag::Red;
        if (rag == Rag::Green || rag == Rag::Yellow) {
            anyValue = true;
            allGreen = allGreen && rag == Rag::Green;
        }
    }
    r.status = red ? Rag::Red : !anyValue ? Rag::NoData : allGreen ? Rag::Green : Rag::Yellow;
    const qint64 since = asOf - qint64(d.silentDays) * Day;
    bool contact = false;
    for (const char* column :
         {"last_exec_sponsor_activity", "last_champion_activity", "last_exec_meeting"}) {
        const auto date = dateOf(a, QLatin1String(column));
        contact = contact || (date && *date >= since && *date < asOf);
    }
    r.silent = !contact && !(u.last && *u.last >= since);
    return r;
}

std::vector<double> managerValues(const Definitions& d, const Book& b,
                                  const std::vector<size_t>& accounts,
                                  const QHash<QString, Row>& rowOf, qint64 asOf)
{
    auto within = [&](const Book::Account& a, const char* column, int days) {
        const auto date = dateOf(a, QLatin1String(column));
        return date && *date < asOf && *date >= asOf - days * Day;
    };
    int plan = 0, updated = 0, ebr = 0, sponsor = 0, champion = 0, meeting = 0, open = 0, win = 0;
    int healthy = 0, scored = 0, withProducts = 0;
    double healthSum = 0, products = 0, arr = 0, redArr = 0;
    for (const size_t i : accounts) {
        const Book::Account& a = b.accounts[i];
        const Row row = rowOf.value(a.id);
        plan += successPlan(a) == 1;
        updated += within(a, "last_success_plan_update", 90);
        ebr += within(a, "last_ebr", 180);
        sponsor += within(a, "last_exec_sponsor_activity", 90);
        champion += within(a, "last_champion_activity", 90);
        meeting += within(a, "last_exec_meeting", 180);
        open += plainNumber(a, QStringLiteral("open_new_arr")) > 0;
        win += plainNumber(a, QStringLiteral("wins_past_year")) > 0;
        if (!std::isnan(row.health)) {
            ++scored;
            healthSum += row.health;
            healthy += row.health > d.healthAbove;
        }
        const double p = plainNumber(a, QStringLiteral("products_adopted"));
        if (!std::isnan(p)) {
            ++withProducts;
            products += p;
        }
        const double x = plainNumber(a, QStringLiteral("arr"));
        if (!std::isnan(x)) {
            arr += x;
            if (row.status == Rag::Red)
                redArr += x;
        }
    }
    const int n = int(accounts.size());
    auto pct = [n](int count) {
        return n > 0 ? 100.0 * count / n : NaN;
    };
    return {double(n),
            pct(plan),
            pct(updated),
            pct(ebr),
            pct(sponsor),
            pct(champion),
            pct(meeting),
            pct(open),
            pct(win),
            pct(healthy),
            scored > 0 ? healthSum / scored : NaN,
            withProducts > 0 ? products / withProducts : NaN,
            arr,
            redArr};
}

Bounds boundsOf(const Definitions& d, const QString& key)
{
    for (const auto& [k, b] : d.managerBounds) {
        if (k == key)
            return b;
    }
    return {};
}

} // namespace ref

// A random small book: a team (maybe with a manager outside it), accounts with CRM dates at
// the window edges and after as_of, users with and without accounts, users first seen in
// events, events at the 7- and 30-day edges of as_of, a week and a month earlier.
struct RandomBook
{
    Files files;
    ref::Definitions definitions;
    QString node;       // for runScorecard: a person, or empty
    qint64 sinceMs = 0; // for runChanges
    bool segment = false;
};

RandomBook randomBook(quint32 seed)
{
    QRandomGenerator rng(seed);
    auto pick = [&rng](const auto& list) {
        return list[qsizetype(rng.bounded(int(list.size())))];
    };
    RandomBook r;

    // Team: each person's manager is an earlier person, nobody, or someone not in the team.
    const QStringList names = {QStringLiteral("Ava"), QStringLiteral("Ben"), QStringLiteral("Cal"),
                               QStringLiteral("Dee"), QStringLiteral("Eli"), QStringLiteral("Fay"),
                               QStringLiteral("Gus")};
    QStringList people;
    const int teamSize = int(rng.bounded(8));
    QStringList shuffled = names;
    for (qsizetype i = shuffled.size() - 1; i > 0; --i)
        shuffled.swapItemsAt(i, qsizetype(rng.bounded(int(i) + 1)));
    QByteArray team = "person,role,manager\n";
    const QStringList roles = {QStringLiteral("VP"), QStringLiteral("Director"),
                               QStringLiteral("Manager"), QStringLiteral("CSM")};
    for (int i = 0; i < teamSize; ++i) {
        const QString person = shuffled[i];
        const quint32 how = rng.bounded(10);
        const QString manager = i == 0 || how == 0 ? QString()
                                : how == 1         ? QStringLiteral("Ghost")
                                                   : people[qsizetype(rng.bounded(i))];
        people.append(person);
        team +=
            (person + QLatin1Char(',') + pick(roles) + QLatin1Char(',') + manager + u'\n').toUtf8();
    }
    if (teamSize > 0)
        r.files.append({QStringLiteral("team.csv"), team});

    const int accountCount = seed % 7 == 3 ? 70 : 2 + int(rng.bounded(9));
    auto dateNear = [&](bool allowEmpty) -> QByteArray {
        const qint64 edges[] = {AsOf,
                                AsOf + Day,
                                AsOf - 1,
                                AsOf - 7 * Day,
                                AsOf - 30 * Day,
                                AsOf - 30 * Day - 1,
                                AsOf - 37 * Day,
                                AsOf - 60 * Day,
                                AsOf - 90 * Day,
                                AsOf - 91 * Day,
                                AsOf - 180 * Day,
                                AsOf - 181 * Day,
                                AsOf - 365 * Day};
        const quint32 how = rng.bounded(10);
        if (allowEmpty && how < 3)
            return {};
        if (how < 7)
            return QByteArray::number(edges[rng.bounded(int(std::size(edges)))]);
        return QByteArray::number(AsOf - qint64(rng.bounded(400 * 24)) * Hour +
                                  qint64(rng.bounded(3600000)));
    };
    QByteArray accounts = "account_id,name,csm,metrics_group,renewal_date,arr,sentiment,"
                          "has_success_plan,last_success_plan_update,last_ebr,"
                          "last_exec_sponsor_activity,last_champion_activity,last_exec_meeting,"
                          "open_new_arr,wins_past_year,products_adopted,seats\n";
    QStringList accountIds;
    for (int a = 0; a < accountCount; ++a) {
        const QString id = QStringLiteral("A%1").arg(a, 2, 10, QLatin1Char('0'));
        accountIds.append(id);
        QStringList f;
        f << id << QStringLiteral("Name%1").arg(a);
        const quint32 who = rng.bounded(10);
        f << (people.isEmpty() || who < 2 ? (who == 0 ? QString() : QStringLiteral("Nobody"))
                                          : pick(people));
        f << pick(QStringList{QString(), QStringLiteral("Strategic"), QStringLiteral("Scale")});
        f << (rng.bounded(4) == 0 ? QString()
                                  : QString::number(AsOf + qint64(rng.bounded(400)) * Day -
                                                    100 * Day + qint64(rng.bounded(24)) * Hour));
        const quint32 arr = rng.bounded(5);
        f << (arr == 0   ? QString()
              : arr == 1 ? QStringLiteral("%1.5").arg(rng.bounded(200000))
                         : QString::number(1000 * rng.bounded(200)));
        f << pick(QStringList{QString(), QStringLiteral("Green"), QStringLiteral("yellow"),
                              QStringLiteral("RED")});
        f << pick(QStringList{QString(), QStringLiteral("yes"), QStringLiteral("no"),
                              QStringLiteral("true"), QStringLiteral("0")});
        for (int c = 0; c < 5; ++c)
            f << QString::fromLatin1(dateNear(true));
        f << pick(QStringList{QString(), QStringLiteral("0"), QStringLiteral("1500")});
        f << (rng.bounded(4) == 0 ? QString() : QString::number(rng.bounded(4)));
        f << (rng.bounded(4) == 0 ? QString() : QString::number(rng.bounded(7)));
        f << (rng.bounded(3) == 0 ? QString() : QString::number(rng.bounded(31)));
        accounts += f.join(QLatin1Char(',')).toUtf8() + '\n';
    }
    r.files.append({QStringLiteral("accounts.csv"), accounts});

    QByteArray users = "user_id,account_id\n";
    QByteArrayList userIds;
    const int userCount = accountCount * 2 + int(rng.bounded(6));
    for (int u = 0; u < userCount; ++u) {
        userIds.append("u" + QByteArray::number(u));
        const quint32 where = rng.bounded(12);
        users += userIds.back() + ',' +
                 (where == 0   ? QByteArray()
                  : where == 1 ? QByteArray("AX")
                               : accountIds[qsizetype(rng.bounded(accountCount))].toUtf8()) +
                 '\n';
    }
    r.files.append({QStringLiteral("users.csv"), users});
    for (int e = int(rng.bounded(3)); e > 0; --e)
        userIds.append("e" + QByteArray::number(e));

    const qint64 edges[] = {AsOf,
                            AsOf - 1,
                            AsOf - 7 * Day,
                            AsOf - 7 * Day - 1,
                            AsOf - 14 * Day,
                            AsOf - 30 * Day,
                            AsOf - 30 * Day - 1,
                            AsOf - 37 * Day,
                            AsOf - 60 * Day,
                            AsOf + Day};
    QByteArray events = "event_id,user_id,time,event\n";
    qint64 id = 0;
    for (const QByteArray& user : userIds) {
        for (int n = int(rng.bounded(7)) + (user == userIds.first() ? 1 : 0); n > 0; --n) {
            const qint64 time = rng.bounded(3) == 0
                                    ? edges[rng.bounded(int(std::size(edges)))]
                                    : AsOf - qint64(rng.bounded(80 * 24)) * Hour + 2 * Day;
            events += QByteArray::number(++id) + ',' + user + ',' + QByteArray::number(time) + ',' +
                      QByteArray(1, char('a' + rng.bounded(5))) + '\n';
        }
    }
    r.files.append({QStringLiteral("events.csv"), events});

    // Definitions. Event names only from those present (the data decides which).
    QStringList present;
    for (const auto& line : events.split('\n').mid(1)) {
        if (!line.isEmpty() && !present.contains(QString::fromLatin1(line.right(1))))
            present.append(QString::fromLatin1(line.right(1)));
    }
    std::sort(present.begin(), present.end());
    ref::Definitions& d = r.definitions;
    for (const QString& e : present) {
        if (rng.bounded(3) == 0)
            d.steps.append(e);
    }
    // Metric -> the values its bounds are drawn from.
    struct Pool
    {
        QString metric;
        QList<double> values;
    };
    const QList<double> counts = {0, 1, 2, 3, 4};
    const QList<double> shares = {0, 0.25, 0.5, 0.75, 1};
    const QList<double> days = {0, 1, 7, 30, 90, 180, 365};
    QList<Pool> numeric = {
        {QStringLiteral("users"), counts},
        {QStringLiteral("active_users"), counts},
        {QStringLiteral("wau"), counts},
        {QStringLiteral("mau"), counts},
        {QStringLiteral("wau_share"), shares},
        {QStringLiteral("mau_share"), shares},
        {QStringLiteral("onboarding_rate"), shares},
        {QStringLiteral("days_since_last_activity"), days},
        {QStringLiteral("arr"), {0, 1000, 50000, 100000, 150000}},
        {QStringLiteral("open_new_arr"), {0, 1000, 1500}},
        {QStringLiteral("wins_past_year"), counts},
        {QStringLiteral("products_adopted"), {0, 2, 3, 5, 6}},
        {QStringLiteral("sentiment"), {0, 1, 2}},
        {QStringLiteral("has_success_plan"), {0, 1}},
        {QStringLiteral("days_since:last_ebr"), days},
        {QStringLiteral("days_since:last_success_plan_update"), days},
        {QStringLiteral("days_since:last_exec_sponsor_activity"), days},
        {QStringLiteral("days_since:last_champion_activity"), days},
        {QStringLiteral("days_since:last_exec_meeting"), days},
        {QStringLiteral("days_to_renewal"), {-30, 0, 30, 90, 180}},
        {QStringLiteral("property:seats"), {0, 10, 20, 30}},
    };
    const QString kpiEvent = pick(present);
    numeric.append({QStringLiteral("kpi:") + kpiEvent, counts});
    numeric.append({QStringLiteral("kpi_per_user:") + pick(present), shares});
    const QStringList texts = {QStringLiteral("name"), QStringLiteral("csm"),
                               QStringLiteral("renewal_quarter"), QStringLiteral("account_id"),
                               QStringLiteral("metrics_group")};
    auto randomBounds = [&](const QList<double>& values) {
        ref::Bounds b;
        b.set = true;
        b.higher = rng.bounded(2) == 0;
        const double x = pick(values), y = pick(values);
        b.green = b.higher ? std::max(x, y) : std::min(x, y);
        b.yellow = b.higher ? std::min(x, y) : std::max(x, y);
        b.missingRed = rng.bounded(2) == 0;
        return b;
    };
    const int columnCount = 3 + int(rng.bounded(5));
    for (int c = 0; c < columnCount; ++c) {
        ref::Column column;
        column.name = QStringLiteral("C%1").arg(c);
        const quint32 kind = rng.bounded(10);
        if (kind == 0) {
            column.metric = pick(texts);
        } else if (kind == 1) {
            column.metric = QStringLiteral("health_score");
            column.bounds = randomBounds({0, 2, 4, 5, 7, 8, 10});
            column.key = rng.bounded(2) == 0;
        } else {
            const Pool& p = numeric[qsizetype(rng.bounded(int(numeric.size())))];
            column.metric = p.metric;
            if (rng.bounded(5) != 0) {
                column.bounds = randomBounds(p.values);
                column.key = rng.bounded(3) != 0;
            }
        }
        d.columns.append(column);
    }
    d.silentDays = pick(QList<int>{30, 30, 7, 45});
    for (int g = 0, groups = 1 + int(rng.bounded(3)); g < groups; ++g) {
        ref::Group group;
        group.name = QStringLiteral("G%1").arg(g);
        group.weight = pick(QList<double>{1, 2, 3, 0.5, 40});
        for (int i = 0, inputs = 1 + int(rng.bounded(3)); i < inputs; ++i) {
            const Pool& p = numeric[qsizetype(rng.bounded(int(numeric.size())))];
            ref::Input input;
            input.metric = p.metric;
            input.zero = pick(p.values);
            do {
                input.ten = pick(p.values);
            } while (input.ten == input.zero);
            group.inputs.append(input);
        }
        d.groups.append(group);
    }
    if (rng.bounded(2) == 0) {
        d.redBelow = pick(QList<double>{2, 4, 5});
        d.yellowBelow = pick(QList<double>{5, 7, 8});
    }
    d.healthAbove = pick(QList<double>{8, 5, 7.5, 0});
    const QList<double> percents = {0, 20, 25, 40, 50, 60, 100};
    for (const QString& key : managerColumnKeys()) {
        if (rng.bounded(3) == 0)
            continue;
        const QList<double> values =
            key == QLatin1String("mean_health")             ? QList<double>{2, 5, 7}
            : key == QLatin1String("mean_products_adopted") ? QList<double>{1, 2, 3}
            : key == QLatin1String("accounts")              ? counts
            : key.endsWith(QLatin1String("arr"))            ? QList<double>{0, 50000, 200000}
                                                            : percents;
        d.managerBounds.append({key, randomBounds(values)});
    }
    if (!people.isEmpty() && rng.bounded(3) == 0)
        r.node = pick(people);
    r.sinceMs = AsOf - pick(QList<qint64>{1, 7, 30, 45}) * Day - qint64(rng.bounded(2)) * Hour;
    r.segment = rng.bounded(3) == 0;
    return r;
}

} // namespace

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

// 7. Against the reference on random small books.
void TestScorecard::matchesReference()
{
    // What the random books hit, so that the comparison is known to cover every case.
    QHash<QString, int> seen;
    for (quint32 seed = 1; seed <= 24; ++seed) {
        const QString where = QStringLiteral("seed %1: ").arg(seed);
        const RandomBook book = randomBook(seed);
        Data d;
        QString error;
        QVERIFY2(d.load(book.files, &error), qPrintable(where + error));
        const ref::Book b = ref::parse(book.files);
        QCOMPARE(d.index->accountCount(), int(b.accounts.size()));
        Workspace w;
        QVERIFY2(workspaceOf(ref::workspaceJson(book.definitions), &w, &error),
                 qPrintable(where + error));
        const ref::Definitions& defs = book.definitions;
        AnalysisContext context = contextOf(d, &w);
        QSet<QString> inSegment;
        if (book.segment) {
            QRandomGenerator rng(seed * 7919);
            context.segment.resize(size_t(d.index->userCount()));
            for (int u = 0; u < d.index->userCount(); ++u) {
                context.segment[size_t(u)] = char(rng.bounded(2));
                if (context.segment[size_t(u)])
                    inSegment.insert(d.index->userId(u));
            }
        }
        // The reference's accounts: those with a user in the segment, and the team.
        auto listed = [&](const ref::Book::Account& a) {
            if (!book.segment)
                return true;
            for (const auto& u : b.users) {
                if (u.account == a.id && inSegment.contains(u.id))
                    return true;
            }
            return false;
        };
        QHash<QString, QString> managerOf;
        for (const auto& p : b.team)
            managerOf.insert(p.name, p.manager);
        auto parentOf = [&](const QString& person) {
            const QString m = managerOf.value(person);
            return managerOf.contains(m) && m != person ? m : QString();
        };
        auto isUnder = [&](QString person, const QString& top) {
            for (int steps = 0; !person.isEmpty() && steps <= int(b.team.size());
                 ++steps, person = parentOf(person)) {
                if (person == top)
                    return true;
            }
            return false;
        };

        // The account scorecard, with the node filter.
        ScorecardResult r;
        QVERIFY2(runScorecard(context, {book.node}, &r, &error), qPrintable(where + error));
        QHash<QString, ref::Row> rowOf;
        QStringList expectedIds;
        for (const auto& a : b.accounts) {
            rowOf.insert(a.id, ref::evaluate(defs, b, a, AsOf));
            const QString csm = a.field.value(QStringLiteral("csm"));
            if (listed(a) &&
                (book.node.isEmpty() || (managerOf.contains(csm) && isUnder(csm, book.node))))
                expectedIds.append(a.id);
        }
        QStringList actualIds;
        for (const auto& row : r.rows)
            actualIds.append(d.index->accountId(row.account));
        QCOMPARE(actualIds, expectedIds);
        for (const auto& row : r.rows) {
            const QString id = d.index->accountId(row.account);
            const ref::Book::Account& a = *std::find_if(b.accounts.begin(), b.accounts.end(),
                                                        [&](const auto& x) { return x.id == id; });
            const ref::Row& e = rowOf[id];
            const QString at = where + id + QStringLiteral(" ");
            QVERIFY2(sameNumber(row.health.score, e.health),
                     qPrintable(at + QStringLiteral("health %1, expected %2")
                                         .arg(show(row.health.score), show(e.health))));
            for (qsizetype c = 0; c < defs.columns.size(); ++c) {
                const ref::Column& column = defs.columns[c];
                const ScorecardCell& cell = row.cells[size_t(c)];
                const QString col = at + column.metric + QStringLiteral(": ");
                QVERIFY2(sameNumber(cell.value, e.values[size_t(c)]),
                         qPrintable(col + show(cell.value) + QStringLiteral(", expected ") +
                                    show(e.values[size_t(c)])));
                QVERIFY2(cell.rag == e.rags[size_t(c)],
                         qPrintable(col + ragName(cell.rag) + QStringLiteral(", expected ") +
                                    ragName(e.rags[size_t(c)])));
                const QString text = ref::text(a, column.metric, e.values[size_t(c)]);
                if (!text.isEmpty() || std::isnan(e.values[size_t(c)]))
                    QVERIFY2(cell.text == text,
                             qPrintable(col + cell.text + QStringLiteral(", expected ") + text));
            }
            ++seen[QStringLiteral("status ") + ragName(e.status)];
            ++seen[e.silent ? QStringLiteral("silent") : QStringLiteral("not silent")];
            ++seen[std::isnan(e.health) ? QStringLiteral("no health") : QStringLiteral("health")];
            for (qsizetype c = 0; c < defs.columns.size(); ++c) {
                ++seen[QStringLiteral("cell ") + ragName(e.rags[size_t(c)])];
                if (defs.columns[c].key)
                    ++seen[QStringLiteral("key cell ") + ragName(e.rags[size_t(c)])];
                if (defs.columns[c].metric.startsWith(QLatin1String("days_since:")) &&
                    std::isnan(e.values[size_t(c)]) && e.rags[size_t(c)] == Rag::NoData &&
                    defs.columns[c].bounds.missingRed)
                    ++seen[QStringLiteral("later date")];
            }
            QVERIFY2(row.status == e.status,
                     qPrintable(at + QStringLiteral("status ") + ragName(row.status) +
                                QStringLiteral(", expected ") + ragName(e.status)));
            QVERIFY2(row.silent == e.silent, qPrintable(at + QStringLiteral("silent")));
            const ref::Health h =
                ref::healthOf(defs, a, AsOf, ref::usageOf(b, id, AsOf, defs.steps));
            QVERIFY2(row.health.biggestDrag == h.biggestDrag,
                     qPrintable(at + QStringLiteral("biggest drag %1, expected %2")
                                         .arg(row.health.biggestDrag)
                                         .arg(h.biggestDrag)));
            QCOMPARE(row.health.inputs.size(), h.contributions.size());
            for (size_t i = 0; i < h.contributions.size(); ++i) {
                QVERIFY2(sameNumber(row.health.inputs[i].contribution, h.contributions[i]),
                         qPrintable(at + QStringLiteral("contribution %1").arg(i)));
                QVERIFY2(sameNumber(row.health.inputs[i].drag, h.drags[i]),
                         qPrintable(at + QStringLiteral("drag %1").arg(i)));
            }
            const ref::Usage weekAgo = ref::usageOf(b, id, AsOf - 7 * Day, defs.steps);
            const ref::Usage monthAgo = ref::usageOf(b, id, AsOf - 30 * Day, defs.steps);
            QVERIFY2(sameNumber(row.healthWeekAgo, ref::health(defs, a, AsOf - 7 * Day, weekAgo)),
                     qPrintable(at + QStringLiteral("health a week ago")));
            QVERIFY2(
                sameNumber(row.healthMonthAgo, ref::health(defs, a, AsOf - 30 * Day, monthAgo)),
                qPrintable(at + QStringLiteral("health a month ago")));
        }

        // The manager scorecard: every row's accounts, values and colours.
        ManagerScorecardResult m;
        QVERIFY2(runManagerScorecard(context, &m, &error), qPrintable(where + error));
        struct Expected
        {
            QString name;
            int parent;
            std::vector<size_t> accounts;
        };
        std::vector<Expected> rows;
        std::vector<size_t> all, unassigned;
        for (size_t i = 0; i < b.accounts.size(); ++i) {
            if (!listed(b.accounts[i]))
                continue;
            all.push_back(i);
            if (!managerOf.contains(b.accounts[i].field.value(QStringLiteral("csm"))))
                unassigned.push_back(i);
        }
        rows.push_back({QStringLiteral("All accounts"), -1, all});
        std::function<void(const QString&, int)> visit = [&](const QString& person, int parent) {
            std::vector<size_t> mine;
            for (const size_t i : all) {
                const QString csm = b.accounts[i].field.value(QStringLiteral("csm"));
                if (managerOf.contains(csm) && isUnder(csm, person))
                    mine.push_back(i);
            }
            const int at = int(rows.size());
            rows.push_back({person, parent, mine});
            for (const auto& p : b.team) { // by name
                if (parentOf(p.name) == person)
                    visit(p.name, at);
            }
        };
        for (const auto& p : b.team) {
            if (parentOf(p.name).isEmpty())
                visit(p.name, 0);
        }
        if (!unassigned.empty())
            rows.push_back({QStringLiteral("Unassigned"), 0, unassigned});
        QCOMPARE(int(m.rows.size()), int(rows.size()));
        seen[QStringLiteral("manager rows")] += int(rows.size());
        if (!unassigned.empty())
            ++seen[QStringLiteral("unassigned row")];
        if (all.size() >= 64)
            ++seen[QStringLiteral("two threads")];
        if (book.segment)
            ++seen[QStringLiteral("segment")];
        if (!book.node.isEmpty())
            ++seen[QStringLiteral("node")];
        for (size_t i = 0; i < rows.size(); ++i) {
            const ManagerRow& row = m.rows[i];
            const QString at = where + rows[i].name + QStringLiteral(": ");
            QCOMPARE(row.name, rows[i].name);
            QCOMPARE(row.parent, rows[i].parent);
            QStringList ids;
            for (const size_t a : rows[i].accounts)
                ids.append(b.accounts[a].id);
            QCOMPARE(accountIds(*d.index, row.accounts), ids.join(QLatin1Char(' ')));
            const std::vector<double> values =
                ref::managerValues(defs, b, rows[i].accounts, rowOf, AsOf);
            const QString bad = valueMismatches(row.values, values);
            QVERIFY2(bad.isEmpty(), qPrintable(at + bad));
            for (qsizetype k = 0; k < managerColumnKeys().size(); ++k) {
                const Rag expected =
                    ref::rate(ref::boundsOf(defs, managerColumnKeys()[k]), values[size_t(k)]);
                QVERIFY2(row.rags[size_t(k)] == expected,
                         qPrintable(at + managerColumnKeys()[k] + QStringLiteral(" ") +
                                    ragName(row.rags[size_t(k)]) + QStringLiteral(", expected ") +
                                    ragName(expected)));
            }
        }

        // What changed since a random earlier time (no node filter).
        ChangesResult changes;
        QVERIFY2(runChanges(context, book.sinceMs, QString(), &changes, &error),
                 qPrintable(where + error));
        QStringList expectedChanges, actualChanges;
        for (const size_t i : all) {
            const ref::Row before = ref::evaluate(defs, b, b.accounts[i], book.sinceMs);
            const ref::Row& after = rowOf[b.accounts[i].id];
            if (before.status == after.status)
                continue;
            QStringList columns;
            for (qsizetype c = 0; c < defs.columns.size(); ++c) {
                if (before.rags[size_t(c)] != after.rags[size_t(c)])
                    columns.append(defs.columns[c].name);
            }
            expectedChanges.append(b.accounts[i].id + QLatin1Char(' ') + ragName(before.status) +
                                   QStringLiteral("->") + ragName(after.status) + QLatin1Char(' ') +
                                   columns.join(QLatin1Char('+')));
        }
        for (const StatusChange& c : changes.changes) {
            QStringList columns;
            for (const QString& text : c.columns)
                columns.append(text.section(QLatin1Char(':'), 0, 0));
            actualChanges.append(d.index->accountId(c.account) + QLatin1Char(' ') +
                                 ragName(c.before) + QStringLiteral("->") + ragName(c.after) +
                                 QLatin1Char(' ') + columns.join(QLatin1Char('+')));
        }
        QCOMPARE(actualChanges, expectedChanges);
        seen[QStringLiteral("changes")] += int(expectedChanges.size());
        if (QTest::currentTestFailed())
            return;
    }
    QStringList missing;
    for (const char* what : {"status Green",   "status Yellow",    "status Red",
                             "status no data", "silent",           "not silent",
                             "health",         "no health",        "cell Green",
                             "cell Yellow",    "cell Red",         "cell no data",
                             "cell ",          "key cell Green",   "key cell Yellow",
                             "key cell Red",   "key cell no data", "later date",
                             "unassigned row", "two threads",      "segment",
                             "node",           "changes"}) {
        if (seen.value(QLatin1String(what)) == 0)
            missing.append(QLatin1String(what));
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("never hit: ") + missing.join(QStringLiteral(", "))));
    if (qEnvironmentVariableIsSet("SCORECARD_COVERAGE")) {
        for (auto it = seen.begin(); it != seen.end(); ++it)
            qInfo("%s: %d", qPrintable(it.key()), it.value());
    }
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

QTEST_GUILESS_MAIN(TestScorecard)
#include "tst_scorecard.moc"
