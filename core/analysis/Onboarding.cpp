#include "Onboarding.h"

#include "TeamTree.h"
#include "UserParts.h"

#include "workspace/Workspace.h"

#include <QJsonArray>

#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>

namespace pulsebook {

namespace {

struct Part
{
    std::vector<OnboardingUser> matching;
    std::vector<qint64> accountUsers, accountCompleted, accountMatching;
    qint64 users = 0;
    qint64 completed = 0;
};

bool fail(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return false;
}

// The steps to check (`requested`, else the workspace's) and each event type's step index
// (-1: not a step). A step the data does not have is never done (the command warns).
bool stepTypes(const AnalysisContext& context, const QStringList& requested, QStringList* steps,
               std::vector<int>* stepOfType, QString* error)
{
    const EventIndex& index = *context.index;
    *steps = requested;
    if (steps->isEmpty() && context.workspace)
        *steps = context.workspace->onboardingSteps;
    if (steps->isEmpty())
        return fail(error, QStringLiteral("no onboarding steps"));
    if (steps->size() > 64)
        return fail(error, QStringLiteral("more than 64 onboarding steps"));
    stepOfType->assign(size_t(index.typeCount()), -1);
    for (qsizetype i = 0; i < steps->size(); ++i) {
        const int type = index.typeIndex(steps->at(i));
        if (type < 0)
            continue;
        if ((*stepOfType)[size_t(type)] >= 0)
            return fail(error, QStringLiteral("step \"%1\" is listed twice").arg(steps->at(i)));
        (*stepOfType)[size_t(type)] = int(i);
    }
    return true;
}

// Which accounts count: every one (empty result), or those of team node `node`.
bool nodeAccounts(const EventIndex& index, const QString& node, std::vector<char>* in,
                  QString* error)
{
    in->clear();
    if (node.isEmpty())
        return true;
    TeamTree team;
    if (!team.build(index, error))
        return false;
    const int n = team.find(node);
    if (n < 0)
        return fail(error, QStringLiteral("nobody named \"%1\" in the team").arg(node));
    in->assign(size_t(index.accountCount()), 0);
    for (const int a : team.accountsUnder(n))
        (*in)[size_t(a)] = 1;
    return true;
}

} // namespace

int OnboardingStepsDone::doneCount() const
{
    return int(std::count_if(doneMs.begin(), doneMs.end(), [](qint64 t) { return t >= 0; }));
}

QList<int> OnboardingUser::missingSteps() const
{
    QList<int> steps;
    for (int i = 0; i < 64; ++i) {
        if (missing & (quint64(1) << i))
            steps.append(i);
    }
    return steps;
}

static bool computeOnboarding(const AnalysisContext& context, const OnboardingParams& params,
                              OnboardingResult* result, QString* error)
{
    if (!context.index)
        return fail(error, QStringLiteral("no data loaded"));
    const EventIndex& index = *context.index;
    QStringList steps;
    std::vector<int> stepOfType;
    std::vector<char> inNode; // empty: every account
    if (!stepTypes(context, params.steps, &steps, &stepOfType, error) ||
        !nodeAccounts(index, params.node, &inNode, error))
        return false;
    const int stepCount = int(steps.size());
    const quint64 every = stepCount == 64 ? ~quint64(0) : (quint64(1) << stepCount) - 1;
    const bool modeAll = params.mode == OnboardingMode::All;

    const int accounts = index.accountCount();
    const int parts = userPartCount(index);
    std::vector<Part> partResults(static_cast<size_t>(parts));
    std::atomic<bool> stop{false};
    context.progress->start(QStringLiteral("Onboarding gaps"), index.userCount());
    forEachUserPart(index, parts, [&](int p, int first, int last) {
        Part& part = partResults[size_t(p)];
        part.accountUsers.assign(size_t(accounts), 0);
        part.accountCompleted.assign(size_t(accounts), 0);
        part.accountMatching.assign(size_t(accounts), 0);
        const quint16* types = index.types();
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
            const int account = index.userAccount(u);
            if (!inNode.empty() && (account < 0 || !inNode[size_t(account)]))
                continue;
            // "Ever, up to as_of": every event before as_of; stop once every step is seen.
            quint64 done = 0;
            const size_t end = context.eventsEndAsOf(u);
            for (size_t e = index.eventBegin(u); e < end && done != every; ++e) {
                const int step = stepOfType[types[e]];
                if (step >= 0)
                    done |= quint64(1) << step;
            }
            const quint64 missing = every & ~done;
            const bool matches = modeAll ? missing == every : missing != 0;
            ++part.users;
            if (missing == 0)
                ++part.completed;
            if (matches)
                part.matching.push_back({u, account, missing});
            if (account >= 0) {
                ++part.accountUsers[size_t(account)];
                if (missing == 0)
                    ++part.accountCompleted[size_t(account)];
                if (matches)
                    ++part.accountMatching[size_t(account)];
            }
        }
    });
    context.progress->end();
    if (stop.load())
        return false; // cancelled: outcome() says so, without a text

    OnboardingResult r;
    r.definition = context.baseDefinition(QStringLiteral("onboarding"));
    r.definition.insert(QStringLiteral("mode"),
                        modeAll ? QStringLiteral("all") : QStringLiteral("any"));
    r.definition.insert(QStringLiteral("steps"), QJsonArray::fromStringList(steps));
    if (!params.node.isEmpty())
        r.definition.insert(QStringLiteral("node"), params.node);
    r.steps = steps;
    r.mode = params.mode;
    r.accounts.resize(size_t(accounts));
    for (int a = 0; a < accounts; ++a)
        r.accounts[size_t(a)].account = a;
    for (const Part& part : partResults) {
        r.users += part.users;
        r.completedUsers += part.completed;
        r.matching.insert(r.matching.end(), part.matching.begin(), part.matching.end());
        for (size_t a = 0; a < size_t(accounts); ++a) {
            r.accounts[a].users += part.accountUsers[a];
            r.accounts[a].completedUsers += part.accountCompleted[a];
            r.accounts[a].matchingUsers += part.accountMatching[a];
        }
    }
    for (auto& account : r.accounts)
        account.rate = account.users == 0 ? std::numeric_limits<double>::quiet_NaN()
                                          : double(account.completedUsers) / double(account.users);
    if (!inNode.empty())
        r.accounts.erase(
            std::remove_if(r.accounts.begin(), r.accounts.end(),
                           [&](const OnboardingAccount& a) { return !inNode[size_t(a.account)]; }),
            r.accounts.end());
    *result = std::move(r);
    return true;
}

Status runOnboarding(const AnalysisContext& context, const OnboardingParams& params,
                     OnboardingResult* result, QString* error)
{
    return context.outcome(computeOnboarding(context, params, result, error), error);
}

bool onboardingStepsDone(const AnalysisContext& context, int account, const QStringList& steps,
                         QStringList* effectiveSteps, std::vector<OnboardingStepsDone>* users,
                         QString* error)
{
    if (!context.index)
        return fail(error, QStringLiteral("no data loaded"));
    const EventIndex& index = *context.index;
    if (account < 0 || account >= index.accountCount())
        return fail(error, QStringLiteral("no such account"));
    std::vector<int> stepOfType;
    if (!stepTypes(context, steps, effectiveSteps, &stepOfType, error))
        return false;
    const qint64* times = index.times();
    const quint16* types = index.types();
    users->clear();
    for (const int u : index.accountUsers(account)) {
        if (!context.inSegment(u))
            continue;
        OnboardingStepsDone done{u, std::vector<qint64>(size_t(effectiveSteps->size()), -1)};
        // Events are in time order: the first of each step is when it was done.
        const size_t end = context.eventsEndAsOf(u);
        for (size_t e = index.eventBegin(u); e < end; ++e) {
            const int step = stepOfType[types[e]];
            if (step >= 0 && done.doneMs[size_t(step)] < 0)
                done.doneMs[size_t(step)] = times[e];
        }
        users->push_back(std::move(done));
    }
    std::sort(users->begin(), users->end(),
              [](const auto& x, const auto& y) { return x.user < y.user; });
    return true;
}

} // namespace pulsebook
