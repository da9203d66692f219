#include "Rollup.h"

#include "UserParts.h"

#include "workspace/Workspace.h"

#include <QJsonArray>

#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>

namespace pulsebook {

namespace {

// The first session of user u starting at or after `ms`.
size_t firstSessionFrom(const EventIndex& index, int u, qint64 ms)
{
    size_t lo = index.sessionBegin(u);
    size_t hi = index.sessionEnd(u);
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (index.sessionTime(mid) < ms)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

// Before any time, so that max() also keeps an event before 1970; -1 in the result.
constexpr qint64 NoTime = std::numeric_limits<qint64>::min();

struct Part
{
    std::vector<RollupUser> users;
    std::vector<qint64> userKpis;
    std::vector<RollupAccount> accounts;
    std::vector<qint64> accountKpis;
};

} // namespace

static bool computeRollup(const AnalysisContext& context, const RollupParams& params,
                          RollupResult* result, QString* error)
{
    auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (!context.index)
        return fail(QStringLiteral("no data loaded"));
    const EventIndex& index = *context.index;
    QStringList kpis = params.kpiEvents;
    if (kpis.isEmpty() && context.workspace)
        kpis = context.workspace->kpiEvents;
    std::vector<int> kpiOfType(size_t(index.typeCount()), -1);
    for (qsizetype k = 0; k < kpis.size(); ++k) {
        // A KPI the data does not have counts 0 (the command warns).
        const int type = index.typeIndex(kpis[k]);
        if (type < 0)
            continue;
        if (kpiOfType[size_t(type)] >= 0)
            return fail(QStringLiteral("KPI \"%1\" is listed twice").arg(kpis[k]));
        kpiOfType[size_t(type)] = int(k);
    }
    const size_t kpiCount = size_t(kpis.size());
    const qint64 asOf = context.asOfMs;
    const qint64 from7 = asOf - 7 * DayMs;
    const qint64 from30 = asOf - 30 * DayMs;
    const qint64 from90 = asOf - 90 * DayMs;

    const size_t accounts = size_t(index.accountCount());
    const int parts = userPartCount(index);
    std::vector<Part> partResults(static_cast<size_t>(parts));
    std::atomic<bool> stop{false};
    context.progress->start(QStringLiteral("Usage rollup"), index.userCount());
    forEachUserPart(index, parts, [&](int p, int first, int last) {
        Part& part = partResults[size_t(p)];
        part.accounts.resize(accounts);
        for (auto& account : part.accounts)
            account.lastActivityMs = NoTime;
        part.accountKpis.assign(accounts * kpiCount, 0);
        const qint64* times = index.times();
        const quint16* types = index.types();
        std::vector<qint64> kpiCounts(kpiCount);
        for (int u = first; u < last; ++u) {
            if ((u - first) % 4096 == 0) {
                if (stop.load(std::memory_order_relaxed))
                    return;
                const bool goOn = p == 0 ? context.progress->update(std::min<qint64>(
                                               qint64(u) * parts, index.userCount()))
                                         : !context.progress->isCancelled();
                if (!goOn) {
                    stop.store(true);
                    return;
                }
            }
            if (!context.inSegment(u))
                continue;
            RollupUser row;
            row.user = u;
            row.account = index.userAccount(u);
            const size_t s90 = firstSessionFrom(index, u, from90);
            const size_t s30 = firstSessionFrom(index, u, from30);
            const size_t sEnd = firstSessionFrom(index, u, asOf);
            row.sessions90 = qint64(sEnd - s90);
            row.sessions30 = qint64(sEnd - s30);
            if (sEnd > index.sessionBegin(u))
                row.lastSessionMs = index.sessionTime(sEnd - 1);

            const size_t begin = index.eventBegin(u);
            const size_t end = context.eventsEndAsOf(u);
            const size_t e30 = size_t(std::lower_bound(times + begin, times + end, from30) - times);
            const size_t e7 = size_t(std::lower_bound(times + e30, times + end, from7) - times);
            std::fill(kpiCounts.begin(), kpiCounts.end(), 0);
            if (kpiCount > 0) {
                for (size_t e = e30; e < end; ++e) {
                    const int k = kpiOfType[types[e]];
                    if (k >= 0)
                        ++kpiCounts[size_t(k)];
                }
            }
            part.users.push_back(row);
            part.userKpis.insert(part.userKpis.end(), kpiCounts.begin(), kpiCounts.end());
            if (row.account < 0)
                continue;
            RollupAccount& account = part.accounts[size_t(row.account)];
            ++account.users;
            if (e30 < end) {
                ++account.activeUsers;
                ++account.mau;
            }
            if (e7 < end)
                ++account.wau;
            if (end > begin)
                account.lastActivityMs = std::max(account.lastActivityMs, times[end - 1]);
            for (size_t k = 0; k < kpiCount; ++k)
                part.accountKpis[size_t(row.account) * kpiCount + k] += kpiCounts[k];
        }
    });
    context.progress->end();
    if (stop.load())
        return false; // cancelled: outcome() says so, without a text

    RollupResult r;
    r.definition = context.baseDefinition(QStringLiteral("rollup"));
    r.definition.insert(QStringLiteral("kpi_events"), QJsonArray::fromStringList(kpis));
    r.kpiEvents = kpis;
    r.accounts.resize(accounts);
    r.accountKpiCounts.assign(accounts * kpiCount, 0);
    for (size_t a = 0; a < accounts; ++a)
        r.accounts[a].account = int(a);
    for (auto& account : r.accounts)
        account.lastActivityMs = NoTime;
    for (const Part& part : partResults) {
        r.users.insert(r.users.end(), part.users.begin(), part.users.end());
        r.userKpiCounts.insert(r.userKpiCounts.end(), part.userKpis.begin(), part.userKpis.end());
        for (size_t a = 0; a < accounts; ++a) {
            RollupAccount& to = r.accounts[a];
            const RollupAccount& from = part.accounts[a];
            to.users += from.users;
            to.activeUsers += from.activeUsers;
            to.wau += from.wau;
            to.mau += from.mau;
            to.lastActivityMs = std::max(to.lastActivityMs, from.lastActivityMs);
        }
        for (size_t i = 0; i < part.accountKpis.size(); ++i)
            r.accountKpiCounts[i] += part.accountKpis[i];
    }
    for (auto& account : r.accounts) {
        if (account.lastActivityMs == NoTime)
            account.lastActivityMs = -1;
    }
    *result = std::move(r);
    return true;
}

Status runRollup(const AnalysisContext& context, const RollupParams& params, RollupResult* result,
                 QString* error)
{
    return context.outcome(computeRollup(context, params, result, error), error);
}

} // namespace pulsebook
