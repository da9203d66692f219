#include "ScoreEfficacy.h"

#include <QJsonArray>

#include <algorithm>
#include <atomic>
#include <thread>

namespace pulsebook {

namespace {

constexpr int WeeklyChecks = 27; // renewal − 0, 7, ..., 182 days
constexpr Rag Bands[] = {Rag::Red, Rag::Yellow, Rag::Green, Rag::NoData};

} // namespace

static bool computeScoreEfficacy(const AnalysisContext& context, const QString& node,
                                 EfficacyResult* result, QString* error)
{
    ScorecardEngine engine;
    std::vector<int> selected;
    if (!engine.prepare(context, error) || !engine.selectAccounts(node, &selected, error))
        return false;
    const EventIndex& index = *context.index;
    // Accounts with a known outcome of a renewal before as_of.
    std::vector<EfficacyAccount> accounts;
    for (const int a : selected) {
        const QVariant renewal = index.accountProperty(a, QStringLiteral("renewal_date"));
        const QString outcome =
            index.accountProperty(a, QStringLiteral("renewal_outcome")).toString().trimmed();
        if (renewal.typeId() != QMetaType::LongLong || renewal.toLongLong() >= context.asOfMs)
            continue;
        const bool churned = outcome.compare(QLatin1String("churned"), Qt::CaseInsensitive) == 0;
        if (!churned && outcome.compare(QLatin1String("renewed"), Qt::CaseInsensitive) != 0)
            continue;
        EfficacyAccount e;
        e.account = a;
        e.renewalMs = renewal.toLongLong();
        e.churned = churned;
        accounts.push_back(e);
    }
    // Before an account's first event there is nothing to score: "no data".
    const auto healthAt = [&](int a, qint64 ms) {
        const AccountUsage usage = engine.figures().usage(a, ms);
        if (usage.lastActivityMs < 0)
            return AccountHealth{};
        return computeHealth(engine.health(), engine.figures(), a, ms, usage);
    };
    std::atomic<bool> stop{false};
    context.progress->start(QStringLiteral("Score efficacy"), qint64(accounts.size()));
    const size_t threads = accounts.size() < 16 ? 1 : 2;
    auto work = [&](size_t t) {
        for (size_t i = t; i < accounts.size(); i += threads) {
            if (stop.load(std::memory_order_relaxed))
                return;
            if (t == 0 && !context.progress->update(qint64(i))) {
                stop.store(true);
                return;
            }
            EfficacyAccount& e = accounts[i];
            for (size_t h = 0; h < EfficacyResult::Horizons.size(); ++h) {
                const AccountHealth health =
                    healthAt(e.account, e.renewalMs - EfficacyResult::Horizons[h] * DayMs);
                e.score[h] = health.score;
                e.band[h] = health.band;
            }
            if (!e.churned)
                continue;
            for (int k = WeeklyChecks - 1; k >= 0; --k) {
                if (healthAt(e.account, e.renewalMs - qint64(k) * 7 * DayMs).band == Rag::Red) {
                    e.redLeadDays = k * 7;
                    break;
                }
            }
        }
    };
    std::vector<std::thread> others;
    for (size_t t = 1; t < threads; ++t)
        others.emplace_back(work, t);
    work(0);
    for (auto& t : others)
        t.join();
    context.progress->end();
    if (stop.load())
        return false; // cancelled: outcome() says so, without a text

    EfficacyResult r;
    r.definition = context.baseDefinition(QStringLiteral("efficacy"));
    if (!node.isEmpty())
        r.definition.insert(QStringLiteral("node"), node);
    r.definition.insert(QStringLiteral("health_score"), engine.health().toJson());
    for (size_t h = 0; h < EfficacyResult::Horizons.size(); ++h) {
        for (const Rag band : Bands) {
            EfficacyBand b;
            b.daysBefore = EfficacyResult::Horizons[h];
            b.band = band;
            for (const auto& e : accounts) {
                if (e.band[h] != band)
                    continue;
                ++b.accounts;
                b.churned += e.churned ? 1 : 0;
            }
            b.churnRate = b.accounts > 0 ? double(b.churned) / double(b.accounts) : Missing;
            r.bands.push_back(b);
        }
    }
    std::vector<int> leads;
    for (const auto& e : accounts) {
        ++(e.churned ? r.churned : r.renewed);
        if (e.redLeadDays >= 0)
            leads.push_back(e.redLeadDays);
        if (e.redLeadDays >= 30)
            ++r.churnedRedAhead;
    }
    std::sort(leads.begin(), leads.end());
    r.medianRedLeadDays = leads.empty() ? Missing
                          : leads.size() % 2
                              ? leads[leads.size() / 2]
                              : (leads[leads.size() / 2 - 1] + leads[leads.size() / 2]) / 2.0;
    r.accounts = std::move(accounts);
    *result = std::move(r);
    return true;
}

Status runScoreEfficacy(const AnalysisContext& context, const QString& node, EfficacyResult* result,
                        QString* error)
{
    return context.outcome(computeScoreEfficacy(context, node, result, error), error);
}

} // namespace pulsebook
