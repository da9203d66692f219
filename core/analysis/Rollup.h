#pragma once

#include "AnalysisContext.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace pulsebook {

// docs/definitions.md, "Activity": the usage rollup CS teams build by hand in their warehouse.
struct RollupParams
{
    // Event names; empty: the workspace's KPI events.
    QStringList kpiEvents;
};

struct RollupUser
{
    int user = -1;
    int account = -1;          // -1: no account
    qint64 sessions30 = 0;     // session starts in [as_of - 30 days, as_of)
    qint64 sessions90 = 0;     // session starts in [as_of - 90 days, as_of)
    qint64 lastSessionMs = -1; // latest session start before as_of; -1: none
};

struct RollupAccount
{
    int account = -1;
    qint64 users = 0;           // users of the account in the filter
    qint64 activeUsers = 0;     // with an event in the last 30 days (the same users as MAU)
    qint64 wau = 0;             // distinct users active in the last 7 days
    qint64 mau = 0;             // distinct users active in the last 30 days
    qint64 lastActivityMs = -1; // the latest event of its users before as_of; -1: none
};

struct RollupResult
{
    QJsonObject definition;
    QStringList kpiEvents;
    // Every user in the filter, by user number.
    std::vector<RollupUser> users;
    // users.size() x kpiEvents.size(), row-major: each KPI's count in the last 30 days.
    std::vector<qint64> userKpiCounts;
    // Every account of the index, by account number.
    std::vector<RollupAccount> accounts;
    // accounts.size() x kpiEvents.size(), row-major: the KPI counts of its users, summed.
    std::vector<qint64> accountKpiCounts;

    qint64 userKpiCount(size_t row, int kpi) const
    {
        return userKpiCounts[row * size_t(kpiEvents.size()) + size_t(kpi)];
    }
    qint64 accountKpiCount(size_t row, int kpi) const
    {
        return accountKpiCounts[row * size_t(kpiEvents.size()) + size_t(kpi)];
    }
};

// The usage rollup, per user in the filter and per account, as of context.asOfMs. False with
// *error on an unknown KPI (`unknown event "X"`), a repeated KPI, or Cancelled (no text).
Status runRollup(const AnalysisContext& context, const RollupParams& params, RollupResult* result,
                 QString* error);

} // namespace pulsebook
