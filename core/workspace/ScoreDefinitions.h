#pragma once

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace pulsebook {

// Red / yellow / green (docs/definitions.md, "Account scorecard"). None: a column without bounds;
// NoData: a missing value the column does not count as Red.
enum class Rag : quint8 { None, Green, Yellow, Red, NoData };
QString ragName(Rag rag); // "", "Green", "Yellow", "Red", "no data"

// A figure of an account, named in the workspace: a CRM field ("arr", "days_since:last_ebr",
// "renewal_quarter", "property:industry") or a usage metric ("wau", "kpi:Run Query",
// "onboarding_rate", "health_score"). The full list is in the README's user guide.
struct AccountMetric
{
    enum Kind : quint8 {
        // text
        Name,
        AccountId,
        Csm,
        MetricsGroup,
        RenewalQuarter,
        RenewalOutcome,
        // numbers from accounts.csv
        Arr,
        OpenNewArr,
        WinsPastYear,
        ProductsAdopted,
        Sentiment,      // Green 2, Yellow 1, Red 0; shown as written
        HasSuccessPlan, // 1 or 0; shown as yes / no
        DaysSince,      // as_of - a date column, in whole days
        DaysToRenewal,  // renewal_date - as_of, in whole days
        Property,       // any column of accounts.csv: its number (text columns show as text)
        // usage, as of as_of
        Users,
        ActiveUsers,
        Wau,
        Mau,
        WauShare, // WAU / users
        MauShare, // MAU / users
        Kpi,      // the event's count in the last 30 days
        KpiPerUser,
        OnboardingRate,
        DaysSinceLastActivity,
        HealthScore,
    };
    Kind kind = Name;
    QString argument; // the column or event name of days_since:, property:, kpi:, kpi_per_user:
    QString spelling; // as written

    bool isText() const { return kind <= RenewalOutcome; }
    bool isUsage() const { return kind >= Users; }

    // Parses a metric name. False with *error naming the problem.
    static bool parse(const QString& text, AccountMetric* out, QString* error);
};

// The colour bounds of a column: Green if the value meets the green bound, Yellow if it meets the
// yellow bound, else Red; a missing value is Red or "no data" as the column says.
struct RagBounds
{
    bool set = false; // false: the column shows a value, no colour
    bool higherIsBetter = true;
    double green = 0;
    double yellow = 0;
    bool missingIsRed = false;

    Rag rate(double value) const; // NaN: missing
    // "Green at least 5, Yellow at least 2, else Red; no value: Red" (a view's tooltip).
    QString describe() const;
    // Reads "direction", "green", "yellow", "missing" of o; false with *error "path.key: ...".
    static bool fromJson(const QJsonObject& o, const QString& path, RagBounds* out, QString* error);
    void toJson(QJsonObject* o) const;
};

struct ScorecardColumn
{
    QString name;
    AccountMetric metric;
    RagBounds bounds;
    bool key = false; // counts toward the account's status
};

// The account scorecard's columns (workspace "scorecard").
struct ScorecardDefinition
{
    QList<ScorecardColumn> columns;
    // A silent account: no CSM contact and no usage in this many days.
    int silentDays = 30;

    static ScorecardDefinition defaults();
    // False with *error, the first problem; the QStringList form adds every problem (each
    // element's first), and sets *out only when there is none.
    static bool fromJson(const QJsonValue& v, const QString& path, ScorecardDefinition* out,
                         QString* error);
    static bool fromJson(const QJsonValue& v, const QString& path, ScorecardDefinition* out,
                         QStringList* problems);
    QJsonObject toJson() const;
};

// One input of the health score: its value mapped linearly from `zero` (score 0) to `ten`
// (score 10), clamped.
struct HealthInput
{
    AccountMetric metric;
    double zero = 0;
    double ten = 10;

    double score(double value) const
    {
        return std::clamp(10.0 * (value - zero) / (ten - zero), 0.0, 10.0);
    }
};

struct HealthGroup
{
    QString name;
    double weight = 1;
    QList<HealthInput> inputs;
};

// The health score (0-10) of docs/definitions.md (workspace "health_score").
struct HealthScoreDefinition
{
    QList<HealthGroup> groups;
    double redBelow = 4;
    double yellowBelow = 7;

    Rag band(double score) const
    {
        if (std::isnan(score))
            return Rag::NoData;
        return score < redBelow ? Rag::Red : score < yellowBelow ? Rag::Yellow : Rag::Green;
    }

    static HealthScoreDefinition defaults();
    // False with *error, the first problem; the QStringList form adds every problem (each
    // element's first), and sets *out only when there is none.
    static bool fromJson(const QJsonValue& v, const QString& path, HealthScoreDefinition* out,
                         QString* error);
    static bool fromJson(const QJsonValue& v, const QString& path, HealthScoreDefinition* out,
                         QStringList* problems);
    QJsonObject toJson() const;
};

// The manager scorecard's settings (workspace "manager_scorecard"): the health threshold of
// "% with health score > X" and each column's bounds, by column key (ManagerScorecard.h).
struct ManagerScorecardDefinition
{
    double healthAbove = 8;
    QList<QPair<QString, RagBounds>> bounds;

    RagBounds boundsOf(const QString& key) const;

    static ManagerScorecardDefinition defaults();
    // False with *error, the first problem; the QStringList form adds every problem (each
    // element's first), and sets *out only when there is none.
    static bool fromJson(const QJsonValue& v, const QString& path, ManagerScorecardDefinition* out,
                         QString* error);
    static bool fromJson(const QJsonValue& v, const QString& path, ManagerScorecardDefinition* out,
                         QStringList* problems);
    QJsonObject toJson() const;
};

// The keys of the manager scorecard's columns, in display order.
const QStringList& managerColumnKeys();

} // namespace pulsebook
