#pragma once

#include "AnalysisContext.h"

#include "workspace/ScoreDefinitions.h"

#include <QList>
#include <QString>

#include <limits>
#include <vector>

namespace pulsebook {

// The usage of one account as of a time (docs/definitions.md, "Activity" and "Onboarding gaps"),
// over all of its users.
struct AccountUsage
{
    qint64 users = 0;
    qint64 activeUsers = 0; // an event in the last 30 days (the same users as MAU)
    qint64 wau = 0;
    qint64 mau = 0;
    qint64 onboardedUsers = 0;     // users with no onboarding step missing
    qint64 lastActivityMs = -1;    // the latest event of its users before as_of; -1: none
    std::vector<qint64> kpiCounts; // per AccountFigures::kpiEvents(), last 30 days
    // From the warehouse's rollup (an account outside a scoped sync's book): sessions stand in
    // for events (active = a session in the window), and onboarding is unknown.
    bool fromWarehouseRollup = false;
};

constexpr double Missing = std::numeric_limits<double>::quiet_NaN();

// The figures the scorecards and the health score read: accounts.csv's columns and the usage
// metrics of AccountMetric, for any account as of any time. Built once per index and workspace
// (it keeps each user's first time of each onboarding step); read-only and thread-safe after.
class AccountFigures
{
public:
    // `metrics`: every metric the caller will ask for, so that their events are counted.
    // False with *error on an unknown event or column.
    bool prepare(const AnalysisContext& context, const QList<AccountMetric>& metrics,
                 QString* error);

    const EventIndex& index() const { return *m_index; }
    QStringList kpiEvents() const { return m_kpiEvents; }

    // The usage of account a as of asOfMs.
    AccountUsage usage(int a, qint64 asOfMs) const;
    // usage(a, asOfMs).wau alone, without counting the rest (Today asks for many weeks).
    qint64 weeklyActiveUsers(int a, qint64 asOfMs) const;
    // Per user, when every onboarding step had been done: the latest of the steps' first times;
    // max() when a step never was (or the data lacks it), 0 for everyone when there are no
    // steps. A user has finished as of t when this is < t. On both cores.
    static std::vector<qint64> onboardedTimes(const EventIndex& index, const QStringList& steps);
    // onboardedTimes() of the workspace's steps when a metric needed them (OnboardingRate),
    // else empty.
    const std::vector<qint64>& onboardedAt() const { return m_onboardedAt; }

    // A metric's value: a number, or NaN when missing or text. `health` is the account's health
    // score for HealthScore.
    double number(const AccountMetric& metric, int a, qint64 asOfMs, const AccountUsage& usage,
                  double health = Missing) const;
    // A metric as shown: text metrics as written, numbers formatted (sentiment as written,
    // has_success_plan as yes / no); empty when missing.
    QString text(const AccountMetric& metric, int a, qint64 asOfMs, double number) const;

    // A date column of accounts.csv (a built-in one, or an extra column holding dates) as known
    // at asOfMs: NoDate when missing, not a date, or at or after asOfMs (a later date says
    // nothing of what was true then).
    static constexpr qint64 NoDate = std::numeric_limits<qint64>::min();
    // Whole days from `from` to `to`, rounded toward `from` (days_since:, days_to_renewal).
    static double daysBetween(qint64 from, qint64 to);
    qint64 dateAsOf(int a, const QString& column, qint64 asOfMs) const;
    // The column's date whatever the as-of time, or NoDate.
    qint64 date(int a, const QString& column) const;
    // Whether a days_since: metric is missing only because its date is at or after asOfMs:
    // then it is unknown at that time, "no data" rather than Red.
    bool isLaterData(const AccountMetric& metric, int a, qint64 asOfMs) const;

private:
    std::shared_ptr<const EventIndex> m_index;
    QStringList m_kpiEvents;
    std::vector<int> m_kpiOfType; // event type -> KPI index, or -1
    // Onboarding: per user, the time by which every step had been done (the latest of the
    // steps' first times); max() when a step was never done. Empty steps: everyone is done.
    std::vector<qint64> m_onboardedAt;
};

} // namespace pulsebook
