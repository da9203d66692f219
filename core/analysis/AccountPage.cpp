#include "AccountPage.h"

#include "Onboarding.h"
#include "Rollup.h"

#include "sync/FieldParser.h"

#include <QJsonArray>

#include <algorithm>
#include <bit>

namespace pulsebook {

namespace {

bool fail(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return false;
}

// The context restricted to account a's users in its filter: the rollup and the onboarding
// gaps then count exactly those users, as `rollup --segment` would.
AnalysisContext accountUsersContext(const AnalysisContext& context, int a)
{
    AnalysisContext c = context;
    c.segment.assign(size_t(context.index->userCount()), 0);
    for (const int u : context.index->accountUsers(a))
        c.segment[size_t(u)] = context.inSegment(u) ? 1 : 0;
    c.progress = silentProgress();
    return c;
}

bool addUsers(const AnalysisContext& users, int a, AccountPage* page, QString* error)
{
    RollupResult rollup;
    if (!runRollup(users, {}, &rollup, error))
        return false;
    // No onboarding steps: the column stays blank (onboardingSteps 0).
    OnboardingResult onboarding;
    QString noSteps;
    const bool withOnboarding = runOnboarding(users, {}, &onboarding, &noSteps).isDone();
    page->onboardingSteps = withOnboarding ? int(onboarding.steps.size()) : 0;
    std::vector<int> missing(size_t(users.index->userCount()), 0);
    for (const OnboardingUser& o : onboarding.matching)
        missing[size_t(o.user)] = std::popcount(o.missing);
    for (const RollupUser& r : rollup.users) {
        if (r.account != a)
            continue;
        AccountUser u;
        u.user = r.user;
        u.sessions30 = r.sessions30;
        u.sessions90 = r.sessions90;
        u.lastSeenMs = r.lastSessionMs;
        u.stepsDone = page->onboardingSteps - missing[size_t(r.user)];
        page->users.push_back(u);
    }
    const EventIndex& index = *users.index;
    std::vector<FieldParser::IdKey> keys(size_t(index.userCount()));
    for (const AccountUser& u : page->users)
        keys[size_t(u.user)] = FieldParser::IdKey::of(index.userId(u.user));
    std::sort(page->users.begin(), page->users.end(),
              [&keys](const AccountUser& x, const AccountUser& y) {
                  if (x.lastSeenMs != y.lastSeenMs)
                      return x.lastSeenMs > y.lastSeenMs;
                  return keys[size_t(x.user)] < keys[size_t(y.user)];
              });
    return true;
}

// WAU as the rollup counts it, as of the end of each of the last AccountPageWeeks weeks.
bool addWeeks(const AnalysisContext& users, int a, const Progress& cancel, AccountPage* page,
              QString* error)
{
    for (int k = AccountPageWeeks - 1; k >= 0; --k) {
        if (cancel.isCancelled())
            return false; // cancelled: outcome() says so, without a text
        AnalysisContext at = users;
        at.asOfMs = users.asOfMs - qint64(k) * 7 * DayMs;
        RollupResult rollup;
        if (!runRollup(at, {}, &rollup, error))
            return false;
        page->weeks.push_back({at.asOfMs, rollup.accounts[size_t(a)].wau});
    }
    return true;
}

// The account at weekly steps as_of - 7k days, k = 0..AccountPageWeeks; a move where two
// consecutive steps differ in status or band.
void addMoves(const ScorecardEngine& engine, int a, qint64 asOfMs, AccountPage* page)
{
    std::vector<ScorecardRow> steps;
    for (int k = 0; k <= AccountPageWeeks; ++k)
        steps.push_back(engine.evaluate(a, asOfMs - qint64(k) * 7 * DayMs, false));
    for (int k = 0; k < AccountPageWeeks; ++k) {
        const ScorecardRow& after = steps[size_t(k)];
        const ScorecardRow& before = steps[size_t(k) + 1];
        if (after.status == before.status && after.health.band == before.health.band)
            continue;
        AccountMove m;
        m.atMs = asOfMs - qint64(k) * 7 * DayMs;
        m.previousMs = m.atMs - 7 * DayMs;
        m.statusBefore = before.status;
        m.statusAfter = after.status;
        m.bandBefore = before.health.band;
        m.bandAfter = after.health.band;
        m.healthBefore = before.health.score;
        m.healthAfter = after.health.score;
        m.columns = colourChanges(engine.columns(), before, after);
        page->moves.push_back(m);
    }
}

} // namespace

QString measureGroup(const ScorecardColumn& column)
{
    return column.metric.isUsage() ? QStringLiteral("Usage") : QStringLiteral("Account");
}

static bool computeAccountPage(const AnalysisContext& context, const ScorecardEngine& engine, int a,
                               AccountPage* page, QString* error)
{
    if (!context.index)
        return fail(error, QStringLiteral("no data loaded"));
    const EventIndex& index = *context.index;
    if (a < 0 || a >= index.accountCount())
        return fail(error, QStringLiteral("no such account"));
    AccountPage p;
    p.account = a;
    p.definition = context.baseDefinition(QStringLiteral("account"));
    p.definition.insert(QStringLiteral("account_id"), index.accountId(a));
    p.row = engine.evaluate(a, context.asOfMs, true);
    const AccountFigures& figures = engine.figures();
    AccountMetric metric;
    metric.kind = AccountMetric::Arr;
    p.arr = figures.number(metric, a, context.asOfMs, {});
    metric.kind = AccountMetric::DaysToRenewal;
    p.daysToRenewal = figures.number(metric, a, context.asOfMs, {});
    const qint64 renewal = figures.date(a, QStringLiteral("renewal_date"));
    p.renewalMs = renewal == AccountFigures::NoDate ? -1 : renewal;

    // Account fields first, then usage, each in the definition's order.
    const auto& columns = engine.columns().columns;
    for (const QString& group : {QStringLiteral("Account"), QStringLiteral("Usage")}) {
        for (qsizetype c = 0; c < columns.size(); ++c) {
            if (measureGroup(columns[c]) == group)
                p.measures.push_back({group, int(c), p.row.cells[size_t(c)]});
        }
    }
    const AnalysisContext users = accountUsersContext(context, a);
    if (!addUsers(users, a, &p, error) || !addWeeks(users, a, *context.progress, &p, error))
        return false;
    if (context.progress->isCancelled())
        return false; // cancelled: outcome() says so, without a text
    addMoves(engine, a, context.asOfMs, &p);
    *page = std::move(p);
    return true;
}

Status buildAccountPage(const AnalysisContext& context, const ScorecardEngine& engine, int a,
                        AccountPage* page, QString* error)
{
    return context.outcome(computeAccountPage(context, engine, a, page, error), error);
}

} // namespace pulsebook
