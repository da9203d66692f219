#include "ScoreTables.h"

#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/ManagerScorecard.h"
#include "analysis/ScoreEfficacy.h"
#include "analysis/Scorecard.h"
#include "sync/FieldParser.h"
#include "workspace/ScoreDefinitions.h"

#include <cmath>

namespace pulsebook {

namespace {

QString healthInputName(const HealthScoreDefinition& health, int flat)
{
    for (const auto& group : health.groups) {
        if (flat < group.inputs.size())
            return QStringLiteral("%1: %2").arg(group.name, group.inputs[flat].metric.spelling);
        flat -= int(group.inputs.size());
    }
    return {};
}

ListCell biggestDragCell(const HealthScoreDefinition& health, const ScorecardRow& row)
{
    return row.health.biggestDrag >= 0 ? cell::text(healthInputName(health, row.health.biggestDrag))
                                       : ListCell::missing();
}

// A score rounded to two decimals as the notes print it; empty when missing.
QString scoreText(double score)
{
    return std::isnan(score) ? QString() : QVariant(std::round(score * 100) / 100).toString();
}

// Scores and means are rounded to two decimals: what a person reads; the JSON keeps the same.
void addScoreColumn(ResultTable* table, const QString& id)
{
    table->addColumn(id, ValueKind::Decimal, 2);
}

bool shownAsText(const AccountMetric& metric)
{
    return metric.isText() || metric.kind == AccountMetric::Sentiment ||
           metric.kind == AccountMetric::HasSuccessPlan;
}

bool shownRounded(const AccountMetric& metric)
{
    return metric.kind == AccountMetric::HealthScore ||
           metric.kind == AccountMetric::OnboardingRate || metric.kind == AccountMetric::WauShare ||
           metric.kind == AccountMetric::MauShare || metric.kind == AccountMetric::KpiPerUser;
}

ValueKind metricKind(const AccountMetric& metric)
{
    if (shownAsText(metric))
        return ValueKind::Text;
    if (metric.kind == AccountMetric::Arr || metric.kind == AccountMetric::OpenNewArr)
        return ValueKind::Money;
    return ValueKind::Decimal;
}

} // namespace

ListCell ragCell(Rag rag)
{
    return rag == Rag::None ? ListCell::missing() : cell::text(ragName(rag));
}

ResultTable scorecardTable(const EventIndex& index, const ScorecardDefinition& columns,
                           const HealthScoreDefinition& health,
                           const std::vector<ScorecardRow>& rows)
{
    ResultTable table;
    table.addColumn(QStringLiteral("account_id"), ValueKind::Text);
    for (const auto& c : columns.columns) {
        ResultColumn& value =
            table.addColumn(c.name, metricKind(c.metric), shownRounded(c.metric) ? 2 : -1);
        value.description = c.bounds.describe();
        if (c.bounds.set) {
            const QString status = c.name + QStringLiteral(": RYG");
            value.statusColumn = status; // `value` is not used once another column is added
            table.addColumn(status, ValueKind::Status);
        }
    }
    addScoreColumn(&table, QStringLiteral("health_score"));
    ResultColumn& score = table.columns.back();
    score.statusColumn = QStringLiteral("health_band");
    score.description =
        QStringLiteral("Health score 0-10: Red below %1, Yellow below %2, else Green")
            .arg(health.redBelow)
            .arg(health.yellowBelow);
    table.addColumn(QStringLiteral("health_band"), ValueKind::Status);
    addScoreColumn(&table, QStringLiteral("health_7d_ago"));
    addScoreColumn(&table, QStringLiteral("health_30d_ago"));
    table.addColumn(QStringLiteral("biggest_drag"), ValueKind::Text);
    table.addColumn(QStringLiteral("status"), ValueKind::Status);
    table.addColumn(QStringLiteral("silent"), ValueKind::Flag);
    for (const ScorecardRow& row : rows) {
        if (row.account < 0)
            continue;
        ResultRow cells{cell::text(index.accountId(row.account))};
        for (qsizetype c = 0; c < columns.columns.size(); ++c) {
            const ScorecardColumn& column = columns.columns[c];
            const ScorecardCell& sc = row.cells[size_t(c)];
            if (shownAsText(column.metric) || (std::isnan(sc.value) && !sc.text.isEmpty()))
                cells.push_back(cell::optionalText(sc.text));
            else if (shownRounded(column.metric))
                cells.push_back(cell::rounded(sc.value));
            else
                cells.push_back(cell::number(sc.value));
            if (column.bounds.set)
                cells.push_back(ragCell(sc.rag));
        }
        cells.insert(cells.end(),
                     {cell::rounded(row.health.score), ragCell(row.health.band),
                      cell::rounded(row.healthWeekAgo), cell::rounded(row.healthMonthAgo),
                      biggestDragCell(health, row), ragCell(row.status),
                      cell::text(row.silent ? QStringLiteral("yes") : QStringLiteral("no"))});
        table.rows.push_back(std::move(cells));
    }
    return table;
}

ResultTable scorecardTable(const EventIndex& index, const ScorecardResult& result,
                           const std::vector<ScorecardRow>& shown)
{
    ResultTable table = scorecardTable(index, result.columns, result.health, shown);
    table.definition = result.definition;
    table.notes << QStringLiteral("Accounts: %1 (Red %2, Yellow %3, Green %4, no data %5); "
                                  "silent %6")
                       .arg(result.rows.size())
                       .arg(result.red)
                       .arg(result.yellow)
                       .arg(result.green)
                       .arg(result.noData)
                       .arg(result.silent);
    return table;
}

ResultTable healthTable(const AnalysisContext& context, const HealthScoreDefinition& health,
                        const std::vector<ScorecardRow>& rows)
{
    const EventIndex& index = *context.index;
    ResultTable table;
    table.definition = context.baseDefinition(QStringLiteral("health"));
    table.definition.insert(QStringLiteral("health_score"), health.toJson());
    addAccountColumns(&table);
    addScoreColumn(&table, QStringLiteral("health_score"));
    table.addColumn(QStringLiteral("band"), ValueKind::Status);
    for (const char* id : {"health_7d_ago", "health_30d_ago", "change_7d", "change_30d"})
        addScoreColumn(&table, QLatin1String(id));
    table.addColumn(QStringLiteral("biggest_drag"), ValueKind::Text);
    for (const auto& group : health.groups)
        addScoreColumn(&table, group.name);
    qint64 bands[4] = {};
    for (const ScorecardRow& row : rows) {
        const double score = row.health.score;
        ++bands[row.health.band == Rag::Red      ? 0
                : row.health.band == Rag::Yellow ? 1
                : row.health.band == Rag::Green  ? 2
                                                 : 3];
        ResultRow cells = accountCells(index, row.account);
        cells.insert(cells.end(),
                     {cell::rounded(score), ragCell(row.health.band),
                      cell::rounded(row.healthWeekAgo), cell::rounded(row.healthMonthAgo),
                      cell::rounded(score - row.healthWeekAgo),
                      cell::rounded(score - row.healthMonthAgo), biggestDragCell(health, row)});
        for (const double g : row.health.groupScores)
            cells.push_back(cell::rounded(g));
        table.rows.push_back(std::move(cells));
    }
    table.notes << QStringLiteral("Accounts: %1 (Red %2, Yellow %3, Green %4, no score %5)")
                       .arg(rows.size())
                       .arg(bands[0])
                       .arg(bands[1])
                       .arg(bands[2])
                       .arg(bands[3]);
    return table;
}

ResultTable healthInputsTable(const AnalysisContext& context, const HealthScoreDefinition& health,
                              const ScorecardRow& row)
{
    const EventIndex& index = *context.index;
    const int a = row.account;
    const QString id = index.accountId(a);
    ResultTable table;
    table.definition = context.baseDefinition(QStringLiteral("health"));
    table.definition.insert(QStringLiteral("health_score"), health.toJson());
    table.definition.insert(QStringLiteral("account_id"), id);
    table.addColumn(QStringLiteral("group"), ValueKind::Text);
    table.addColumn(QStringLiteral("weight"), ValueKind::Decimal);
    table.addColumn(QStringLiteral("input"), ValueKind::Text);
    addScoreColumn(&table, QStringLiteral("value"));
    table.addColumn(QStringLiteral("zero_at"), ValueKind::Decimal);
    table.addColumn(QStringLiteral("ten_at"), ValueKind::Decimal);
    for (const char* c : {"input_score", "group_score", "contribution", "drag"})
        addScoreColumn(&table, QLatin1String(c));
    size_t flat = 0;
    for (qsizetype g = 0; g < health.groups.size(); ++g) {
        for (const HealthInput& input : health.groups[g].inputs) {
            const HealthInputScore& s = row.health.inputs[flat++];
            table.rows.push_back(
                {cell::text(health.groups[g].name), cell::number(health.groups[g].weight),
                 cell::text(input.metric.spelling), cell::rounded(s.value),
                 cell::number(input.zero), cell::number(input.ten), cell::rounded(s.score),
                 cell::rounded(row.health.groupScores[size_t(g)]), cell::rounded(s.contribution),
                 cell::rounded(s.drag)});
        }
    }
    table.notes << QStringLiteral("%1 (%2): health %3 (%4); a week ago %5, a month ago %6")
                       .arg(index.accountProperty(a, QStringLiteral("name")).toString(), id,
                            scoreText(row.health.score), ragName(row.health.band),
                            scoreText(row.healthWeekAgo), scoreText(row.healthMonthAgo));
    if (row.health.biggestDrag >= 0)
        table.notes << biggestDragSentence(health, row);
    return table;
}

QString biggestDragSentence(const HealthScoreDefinition& health, const ScorecardRow& row)
{
    const int i = row.health.biggestDrag;
    if (i < 0)
        return {};
    const double lost = std::round(row.health.inputs[size_t(i)].lost * 10) / 10;
    return QStringLiteral("Biggest drag: %1 (\u2212%2)")
        .arg(healthInputName(health, i), QString::number(lost, 'f', 1));
}

ResultTable managersTable(const ManagerScorecardResult& result, const std::vector<int>& shown,
                          int focus, bool indentNames)
{
    const ManagerRow& top = result.rows[size_t(focus)];
    ResultTable table;
    table.definition = result.definition;
    table.addColumn(QStringLiteral("node"), ValueKind::Text);
    table.addColumn(QStringLiteral("role"), ValueKind::Text);
    table.addColumn(QStringLiteral("level"), ValueKind::Integer);
    table.addColumn(QStringLiteral("parent"), ValueKind::Text);
    const QStringList& keys = managerColumnKeys();
    // The account count and the ARR sums are whole figures; rates and means are rounded.
    auto whole = [&keys](qsizetype k) {
        return k == 0 || keys[k] == QLatin1String("total_arr") ||
               keys[k] == QLatin1String("red_arr");
    };
    for (qsizetype k = 0; k < keys.size(); ++k) {
        if (k == 0)
            table.addColumn(keys[k], ValueKind::Integer);
        else if (whole(k))
            table.addColumn(keys[k], ValueKind::Money);
        else
            addScoreColumn(&table, keys[k]);
        if (result.settings.boundsOf(keys[k]).set)
            table.addColumn(keys[k] + QStringLiteral("_rag"), ValueKind::Status);
    }
    const int baseDepth = focus == 0 ? 0 : top.depth;
    for (const int r : shown) {
        const ManagerRow& row = result.rows[size_t(r)];
        const int depth = row.depth - baseDepth;
        ResultRow cells{
            cell::text(indentNames ? QString(depth * 2, QLatin1Char(' ')) + row.name : row.name),
            cell::optionalText(row.role), cell::count(row.depth),
            row.parent >= 0 ? cell::text(result.rows[size_t(row.parent)].name)
                            : ListCell::missing()};
        for (qsizetype k = 0; k < keys.size(); ++k) {
            const double v = row.values[size_t(k)];
            cells.push_back(whole(k) ? cell::number(v) : cell::rounded(v));
            if (result.settings.boundsOf(keys[k]).set)
                cells.push_back(ragCell(row.rags[size_t(k)]));
        }
        table.rows.push_back(std::move(cells));
    }
    table.notes << QStringLiteral("%1: %2 accounts; health > %3 counts as healthy")
                       .arg(top.name)
                       .arg(top.accounts.size())
                       .arg(result.settings.healthAbove);
    return table;
}

ResultTable managerAccountsTable(const EventIndex& index, const ManagerScorecardResult& result,
                                 const HealthScoreDefinition& health, int focus)
{
    const ManagerRow& top = result.rows[size_t(focus)];
    std::vector<ScorecardRow> rows;
    for (const int a : top.accounts)
        rows.push_back(result.accounts[size_t(a)]);
    ResultTable table = scorecardTable(index, result.columns, health, rows);
    table.definition = result.definition;
    table.definition.insert(QStringLiteral("node"), top.name);
    table.notes << QStringLiteral("%1: %2 accounts").arg(top.name).arg(rows.size());
    return table;
}

ResultTable changesTable(const AnalysisContext& context, const ChangesResult& result)
{
    const EventIndex& index = *context.index;
    ResultTable table;
    table.definition = result.definition;
    addAccountColumns(&table);
    table.addColumn(QStringLiteral("status_before"), ValueKind::Status);
    table.addColumn(QStringLiteral("status_now"), ValueKind::Status);
    addScoreColumn(&table, QStringLiteral("health_before"));
    addScoreColumn(&table, QStringLiteral("health_now"));
    table.addColumn(QStringLiteral("changed_columns"), ValueKind::Text);
    qint64 worse = 0;
    const auto rank = [](Rag r) {
        return r == Rag::Red ? 0 : r == Rag::Yellow ? 1 : r == Rag::Green ? 2 : -1;
    };
    for (const StatusChange& c : result.changes) {
        if (rank(c.after) >= 0 && rank(c.before) >= 0 && rank(c.after) < rank(c.before))
            ++worse;
        ResultRow cells = accountCells(index, c.account);
        cells.insert(cells.end(), {ragCell(c.before), ragCell(c.after),
                                   cell::rounded(c.healthBefore), cell::rounded(c.healthAfter),
                                   cell::text(c.columns.join(QStringLiteral("; ")))});
        table.rows.push_back(std::move(cells));
    }
    table.notes << QStringLiteral("%1 of %2 accounts changed status since %3 (%4 got worse)")
                       .arg(result.changes.size())
                       .arg(result.accounts)
                       .arg(FieldParser::formatDate(result.sinceMs))
                       .arg(worse);
    return table;
}

ResultTable efficacyTable(const AnalysisContext& context, const EfficacyResult& result,
                          EfficacyRows rows)
{
    const EventIndex& index = *context.index;
    ResultTable table;
    table.definition = result.definition;
    if (rows == EfficacyRows::Accounts) {
        addAccountColumns(&table);
        table.addColumn(QStringLiteral("renewal_date"), ValueKind::Date);
        table.addColumn(QStringLiteral("outcome"), ValueKind::Text);
        for (const int h : EfficacyResult::Horizons) {
            addScoreColumn(&table, QStringLiteral("health_%1d_before").arg(h));
            table.addColumn(QStringLiteral("band_%1d_before").arg(h), ValueKind::Status);
        }
        table.addColumn(QStringLiteral("red_lead_days"), ValueKind::Integer);
        for (const EfficacyAccount& e : result.accounts) {
            ResultRow cells = accountCells(index, e.account);
            cells.push_back(cell::text(FieldParser::formatDate(e.renewalMs)));
            cells.push_back(
                cell::text(e.churned ? QStringLiteral("churned") : QStringLiteral("renewed")));
            for (size_t h = 0; h < EfficacyResult::Horizons.size(); ++h) {
                cells.push_back(cell::rounded(e.score[h]));
                cells.push_back(ragCell(e.band[h]));
            }
            cells.push_back(e.churned && e.redLeadDays >= 0 ? cell::count(e.redLeadDays)
                                                            : ListCell::missing());
            table.rows.push_back(std::move(cells));
        }
    } else {
        table.addColumn(QStringLiteral("days_before_renewal"), ValueKind::Integer);
        table.addColumn(QStringLiteral("band"), ValueKind::Status);
        table.addColumn(QStringLiteral("accounts"), ValueKind::Integer);
        table.addColumn(QStringLiteral("churned"), ValueKind::Integer);
        table.addColumn(QStringLiteral("churn_rate"), ValueKind::Rate);
        for (const EfficacyBand& b : result.bands)
            table.rows.push_back({cell::count(b.daysBefore), cell::text(ragName(b.band)),
                                  cell::count(b.accounts), cell::count(b.churned),
                                  cell::number(b.churnRate)});
    }
    table.notes << QStringLiteral("Renewals with an outcome: %1 (%2 renewed, %3 churned)")
                       .arg(result.renewed + result.churned)
                       .arg(result.renewed)
                       .arg(result.churned);
    table.notes << QStringLiteral("Churned accounts Red 30 days or more before renewal: %1 of "
                                  "%2; median lead of the first Red: %3 days")
                       .arg(result.churnedRedAhead)
                       .arg(result.churned)
                       .arg(std::isnan(result.medianRedLeadDays)
                                ? QStringLiteral("-")
                                : QString::number(result.medianRedLeadDays));
    return table;
}

} // namespace pulsebook
