#include "Scorecard.h"

#include "sync/FieldParser.h"
#include "workspace/Workspace.h"

#include <QJsonArray>

#include <atomic>
#include <thread>

namespace pulsebook {

namespace {

bool fail(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return false;
}

// The CRM dates that count as CSM contact for a silent account.
const char* const ContactColumns[] = {"last_exec_sponsor_activity", "last_champion_activity",
                                      "last_exec_meeting"};

Rag statusOf(const ScorecardDefinition& columns, const std::vector<ScorecardCell>& cells)
{
    bool anyValue = false;
    bool allGreen = true;
    for (qsizetype c = 0; c < columns.columns.size(); ++c) {
        if (!columns.columns[c].key)
            continue;
        const Rag rag = cells[size_t(c)].rag;
        if (rag == Rag::Red)
            return Rag::Red;
        if (rag == Rag::NoData || rag == Rag::None)
            continue;
        anyValue = true;
        allGreen = allGreen && rag == Rag::Green;
    }
    if (!anyValue)
        return Rag::NoData;
    return allGreen ? Rag::Green : Rag::Yellow;
}

} // namespace

bool ScorecardEngine::prepare(const AnalysisContext& context, QString* error)
{
    if (!context.index)
        return fail(error, QStringLiteral("no data loaded"));
    m_context = context;
    const Workspace fallback = Workspace::defaults();
    const Workspace& workspace = context.workspace ? *context.workspace : fallback;
    m_columns = workspace.scorecard;
    m_health = workspace.healthScore;
    m_context.workspace = nullptr; // not kept: the caller's may go away
    QList<AccountMetric> metrics = healthMetrics(m_health);
    for (const auto& c : std::as_const(m_columns.columns))
        metrics.append(c.metric);
    AnalysisContext figuresContext = context;
    figuresContext.workspace = &workspace;
    if (!m_figures.prepare(figuresContext, metrics, error))
        return false;
    return m_team.build(*context.index, error);
}

ScorecardRow ScorecardEngine::evaluate(int a, qint64 asOfMs, bool withTrend) const
{
    ScorecardRow row;
    row.account = a;
    const AccountUsage usage = m_figures.usage(a, asOfMs);
    row.health = computeHealth(m_health, m_figures, a, asOfMs, usage);
    for (const auto& column : m_columns.columns) {
        ScorecardCell cell;
        cell.value = m_figures.number(column.metric, a, asOfMs, usage, row.health.score);
        cell.text = m_figures.text(column.metric, a, asOfMs, cell.value);
        cell.rag = column.bounds.rate(cell.value);
        if (cell.rag == Rag::Red && m_figures.isLaterData(column.metric, a, asOfMs))
            cell.rag = Rag::NoData;
        row.cells.push_back(cell);
    }
    row.status = statusOf(m_columns, row.cells);
    const qint64 since = asOfMs - qint64(m_columns.silentDays) * DayMs;
    bool contact = false;
    for (const char* column : ContactColumns) {
        const qint64 date = m_figures.dateAsOf(a, QLatin1String(column), asOfMs);
        contact = contact || (date != AccountFigures::NoDate && date >= since);
    }
    row.silent = !contact && usage.lastActivityMs < since;
    if (withTrend) {
        for (const int days : {7, 30}) {
            const qint64 then = asOfMs - days * DayMs;
            const double score =
                computeHealth(m_health, m_figures, a, then, m_figures.usage(a, then)).score;
            (days == 7 ? row.healthWeekAgo : row.healthMonthAgo) = score;
        }
    }
    return row;
}

Status ScorecardEngine::evaluateAll(const std::vector<int>& accounts, qint64 asOfMs, bool withTrend,
                                    std::vector<ScorecardRow>* rows) const
{
    rows->assign(accounts.size(), {});
    std::atomic<bool> stop{false};
    Progress* progress = m_context.progress;
    progress->start(QStringLiteral("Scorecard"), qint64(accounts.size()));
    // Accounts interleaved over the threads: big and small accounts spread evenly.
    const size_t threads = accounts.size() < 64 ? 1 : 2;
    auto work = [&](size_t t) {
        for (size_t i = t; i < accounts.size(); i += threads) {
            if (stop.load(std::memory_order_relaxed))
                return;
            if (t == 0 && i % 32 == 0 && !progress->update(qint64(i))) {
                stop.store(true);
                return;
            }
            (*rows)[i] = evaluate(accounts[i], asOfMs, withTrend);
        }
    };
    std::vector<std::thread> others;
    for (size_t t = 1; t < threads; ++t)
        others.emplace_back(work, t);
    work(0);
    for (auto& t : others)
        t.join();
    progress->end();
    return m_context.outcome(!stop.load(), nullptr);
}

bool ScorecardEngine::selectAccounts(const QString& node, std::vector<int>* accounts,
                                     QString* error) const
{
    const EventIndex& index = *m_context.index;
    std::vector<int> candidates;
    if (node.isEmpty()) {
        for (int a = 0; a < index.accountCount(); ++a)
            candidates.push_back(a);
    } else {
        const int n = m_team.find(node);
        if (n < 0)
            return fail(error, QStringLiteral("nobody named \"%1\" in the team").arg(node));
        candidates = m_team.accountsUnder(n);
    }
    accounts->clear();
    for (const int a : candidates) {
        bool in = m_context.segment.empty();
        for (const int u : index.accountUsers(a)) {
            if (in)
                break;
            in = m_context.inSegment(u);
        }
        if (in)
            accounts->push_back(a);
    }
    return true;
}

QStringList colourChanges(const ScorecardDefinition& columns, const ScorecardRow& before,
                          const ScorecardRow& after)
{
    QStringList changed;
    for (qsizetype k = 0; k < columns.columns.size(); ++k) {
        const Rag was = before.cells[size_t(k)].rag;
        const Rag is = after.cells[size_t(k)].rag;
        if (was != is)
            changed.append(QStringLiteral("%1: %2 -> %3")
                               .arg(columns.columns[k].name, ragName(was), ragName(is)));
    }
    return changed;
}

static bool computeScorecard(const AnalysisContext& context, const ScorecardParams& params,
                             ScorecardResult* result, QString* error)
{
    ScorecardEngine engine;
    std::vector<int> accounts;
    if (!engine.prepare(context, error) || !engine.selectAccounts(params.node, &accounts, error))
        return false;
    ScorecardResult r;
    if (!engine.evaluateAll(accounts, context.asOfMs, true, &r.rows))
        return false;
    r.definition = context.baseDefinition(QStringLiteral("scorecard"));
    if (!params.node.isEmpty())
        r.definition.insert(QStringLiteral("node"), params.node);
    r.definition.insert(QStringLiteral("scorecard"), engine.columns().toJson());
    r.definition.insert(QStringLiteral("health_score"), engine.health().toJson());
    r.columns = engine.columns();
    r.health = engine.health();
    for (const auto& row : r.rows) {
        ++(row.status == Rag::Green    ? r.green
           : row.status == Rag::Yellow ? r.yellow
           : row.status == Rag::Red    ? r.red
                                       : r.noData);
        r.silent += row.silent ? 1 : 0;
    }
    *result = std::move(r);
    return true;
}

Status runScorecard(const AnalysisContext& context, const ScorecardParams& params,
                    ScorecardResult* result, QString* error)
{
    return context.outcome(computeScorecard(context, params, result, error), error);
}

static bool computeChanges(const AnalysisContext& context, qint64 sinceMs, const QString& node,
                           ChangesResult* result, QString* error)
{
    if (sinceMs >= context.asOfMs)
        return fail(error, QStringLiteral("--since must be before the as-of time (%1)")
                               .arg(FieldParser::formatTimestamp(context.asOfMs)));
    ScorecardEngine engine;
    std::vector<int> accounts;
    if (!engine.prepare(context, error) || !engine.selectAccounts(node, &accounts, error))
        return false;
    std::vector<ScorecardRow> before, after;
    if (!engine.evaluateAll(accounts, sinceMs, false, &before) ||
        !engine.evaluateAll(accounts, context.asOfMs, false, &after))
        return false;
    ChangesResult r;
    r.sinceMs = sinceMs;
    r.accounts = qint64(accounts.size());
    r.definition = context.baseDefinition(QStringLiteral("changes"));
    r.definition.insert(QStringLiteral("since"), FieldParser::formatTimestamp(sinceMs));
    if (!node.isEmpty())
        r.definition.insert(QStringLiteral("node"), node);
    for (size_t i = 0; i < accounts.size(); ++i) {
        if (before[i].status == after[i].status)
            continue;
        StatusChange c;
        c.account = accounts[i];
        c.before = before[i].status;
        c.after = after[i].status;
        c.healthBefore = before[i].health.score;
        c.healthAfter = after[i].health.score;
        c.columns = colourChanges(engine.columns(), before[i], after[i]);
        r.changes.push_back(c);
    }
    *result = std::move(r);
    return true;
}

Status runChanges(const AnalysisContext& context, qint64 sinceMs, const QString& node,
                  ChangesResult* result, QString* error)
{
    return context.outcome(computeChanges(context, sinceMs, node, result, error), error);
}

} // namespace pulsebook
