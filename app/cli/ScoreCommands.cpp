// pulsebook-cli scorecard, health, managers, changes, efficacy: the CS team's scorecards
// (docs/definitions.md, "Account scorecard", "Health score", "Manager scorecard").
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/ManagerScorecard.h"
#include "analysis/ScoreEfficacy.h"
#include "analysis/Scorecard.h"
#include "sync/FieldParser.h"

#include <cmath>

namespace pulsebook::cli {

namespace {

// Scores and means to two decimals: what a person reads; the JSON keeps the same.
QVariant rounded(double v)
{
    return std::isnan(v) ? QVariant() : QVariant(std::round(v * 100) / 100);
}

QVariant ragCell(Rag rag)
{
    return rag == Rag::None ? QVariant() : QVariant(ragName(rag));
}

void addNodeOption(AnalysisCommand& command)
{
    command.parser().addOption(
        {QStringLiteral("node"),
         QStringLiteral("Only the accounts of this person of team.csv and everyone below them."),
         QStringLiteral("PERSON")});
}

QString healthInputName(const HealthScoreDefinition& health, int flat)
{
    for (const auto& group : health.groups) {
        if (flat < group.inputs.size())
            return QStringLiteral("%1: %2").arg(group.name, group.inputs[flat].metric.spelling);
        flat -= int(group.inputs.size());
    }
    return {};
}

// The account scorecard as a table: identity, every column (and its colour when it has bounds),
// the health score with its trend, the status and the silent flag.
ResultTable scorecardTable(const EventIndex& index, const ScorecardDefinition& columns,
                           const HealthScoreDefinition& health,
                           const std::vector<ScorecardRow>& rows)
{
    ResultTable table;
    table.columns = {QStringLiteral("account_id")};
    for (const auto& c : columns.columns) {
        table.columns.append(c.name);
        if (c.bounds.set)
            table.columns.append(c.name + QStringLiteral(": RYG"));
    }
    table.columns << QStringLiteral("health_score") << QStringLiteral("health_band")
                  << QStringLiteral("health_7d_ago") << QStringLiteral("health_30d_ago")
                  << QStringLiteral("biggest_drag") << QStringLiteral("status")
                  << QStringLiteral("silent");
    for (const ScorecardRow& row : rows) {
        if (row.account < 0)
            continue;
        QVariantList cells{index.accountId(row.account)};
        for (qsizetype c = 0; c < columns.columns.size(); ++c) {
            const ScorecardColumn& column = columns.columns[c];
            const ScorecardCell& cell = row.cells[size_t(c)];
            const bool shownAsText = column.metric.isText() ||
                                     column.metric.kind == AccountMetric::Sentiment ||
                                     column.metric.kind == AccountMetric::HasSuccessPlan ||
                                     (std::isnan(cell.value) && !cell.text.isEmpty());
            if (shownAsText)
                cells.append(cell.text.isEmpty() ? QVariant() : QVariant(cell.text));
            else if (column.metric.kind == AccountMetric::HealthScore ||
                     column.metric.kind == AccountMetric::OnboardingRate ||
                     column.metric.kind == AccountMetric::WauShare ||
                     column.metric.kind == AccountMetric::MauShare ||
                     column.metric.kind == AccountMetric::KpiPerUser)
                cells.append(rounded(cell.value));
            else
                cells.append(numberCell(cell.value));
            if (column.bounds.set)
                cells.append(ragCell(cell.rag));
        }
        cells << rounded(row.health.score) << ragCell(row.health.band) << rounded(row.healthWeekAgo)
              << rounded(row.healthMonthAgo)
              << (row.health.biggestDrag >= 0
                      ? QVariant(healthInputName(health, row.health.biggestDrag))
                      : QVariant())
              << ragCell(row.status) << (row.silent ? QStringLiteral("yes") : QStringLiteral("no"));
        table.rows.push_back(cells);
    }
    return table;
}

bool statusFilter(const QString& text, Rag* rag)
{
    const QString s = text.trimmed().toLower();
    *rag = s == QLatin1String("red")       ? Rag::Red
           : s == QLatin1String("yellow")  ? Rag::Yellow
           : s == QLatin1String("green")   ? Rag::Green
           : s == QLatin1String("no_data") ? Rag::NoData
                                           : Rag::None;
    return *rag != Rag::None;
}

} // namespace

int scorecardCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("scorecard"),
                            QStringLiteral("The account scorecard: each column of the workspace "
                                           "with its colour, the health score and its trend, the "
                                           "account's status and whether it is silent "
                                           "(docs/definitions.md, \"Account scorecard\")."));
    addNodeOption(command);
    auto& p = command.parser();
    p.addOption({QStringLiteral("status"),
                 QStringLiteral("Only accounts of this status: red, yellow, green or no_data."),
                 QStringLiteral("STATUS")});
    p.addOption({QStringLiteral("silent"), QStringLiteral("Only silent accounts.")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    Rag only = Rag::None;
    if (command.isSet(QStringLiteral("status")) &&
        !statusFilter(command.value(QStringLiteral("status")), &only))
        return command.usageError(QStringLiteral("--status must be red, yellow, green or no_data"));
    if (const int rc = command.open(); rc >= 0)
        return rc;
    ScorecardParams params;
    params.node = command.value(QStringLiteral("node"));
    ScorecardResult result;
    QString error;
    if (!runScorecard(command.context(), params, &result, &error))
        return command.failure(error);
    const bool silentOnly = command.isSet(QStringLiteral("silent"));
    std::vector<ScorecardRow> shown;
    for (auto& row : result.rows) {
        if ((only == Rag::None || row.status == only) && (!silentOnly || row.silent))
            shown.push_back(std::move(row));
    }
    ResultTable table =
        scorecardTable(*command.context().index, result.columns, result.health, shown);
    table.definition = result.definition;
    table.summary << QStringLiteral("Accounts: %1 (Red %2, Yellow %3, Green %4, no data %5); "
                                    "silent %6")
                         .arg(result.rows.size())
                         .arg(result.red)
                         .arg(result.yellow)
                         .arg(result.green)
                         .arg(result.noData)
                         .arg(result.silent);
    return command.output(table);
}

int healthCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("health"),
                            QStringLiteral("The health score (0-10) of each account, its band, "
                                           "its trend against a week and a month earlier and "
                                           "its biggest drag; with --account, every input's "
                                           "value, score and contribution (docs/definitions.md, "
                                           "\"Health score\")."));
    addNodeOption(command);
    command.parser().addOption({QStringLiteral("account"),
                                QStringLiteral("Show the inputs of this account."),
                                QStringLiteral("ACCOUNT_ID")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    if (const int rc = command.open(); rc >= 0)
        return rc;
    const AnalysisContext& context = command.context();
    const EventIndex& index = *context.index;
    ScorecardEngine engine;
    QString error;
    std::vector<int> accounts;
    if (!engine.prepare(context, &error) ||
        !engine.selectAccounts(command.value(QStringLiteral("node")), &accounts, &error))
        return command.failure(error);
    const HealthScoreDefinition& health = engine.health();
    ResultTable table;
    table.definition = context.baseDefinition(QStringLiteral("health"));
    table.definition.insert(QStringLiteral("health_score"), health.toJson());
    if (command.isSet(QStringLiteral("account"))) {
        const QString id = command.value(QStringLiteral("account"));
        const int a = index.accountIndex(id);
        if (a < 0)
            return command.failure(QStringLiteral("no account \"%1\"").arg(id));
        const ScorecardRow row = engine.evaluate(a, context.asOfMs, true);
        table.definition.insert(QStringLiteral("account_id"), id);
        table.columns = {QStringLiteral("group"),        QStringLiteral("weight"),
                         QStringLiteral("input"),        QStringLiteral("value"),
                         QStringLiteral("zero_at"),      QStringLiteral("ten_at"),
                         QStringLiteral("input_score"),  QStringLiteral("group_score"),
                         QStringLiteral("contribution"), QStringLiteral("drag")};
        size_t flat = 0;
        for (qsizetype g = 0; g < health.groups.size(); ++g) {
            for (const HealthInput& input : health.groups[g].inputs) {
                const HealthInputScore& s = row.health.inputs[flat++];
                table.rows.push_back({health.groups[g].name, health.groups[g].weight,
                                      input.metric.spelling, rounded(s.value), input.zero,
                                      input.ten, rounded(s.score),
                                      rounded(row.health.groupScores[size_t(g)]),
                                      rounded(s.contribution), rounded(s.drag)});
            }
        }
        table.summary << QStringLiteral("%1 (%2): health %3 (%4); a week ago %5, a month ago %6")
                             .arg(accountCell(index, a, "name").toString(), id,
                                  rounded(row.health.score).toString(), ragName(row.health.band),
                                  rounded(row.healthWeekAgo).toString(),
                                  rounded(row.healthMonthAgo).toString());
        if (row.health.biggestDrag >= 0)
            table.summary << QStringLiteral("Biggest drag: %1")
                                 .arg(healthInputName(health, row.health.biggestDrag));
        return command.output(table);
    }
    std::vector<ScorecardRow> rows;
    if (!engine.evaluateAll(accounts, context.asOfMs, true, &rows, &error))
        return command.failure(error);
    table.columns = {QStringLiteral("account_id"),
                     QStringLiteral("account"),
                     QStringLiteral("csm"),
                     QStringLiteral("health_score"),
                     QStringLiteral("band"),
                     QStringLiteral("health_7d_ago"),
                     QStringLiteral("health_30d_ago"),
                     QStringLiteral("change_7d"),
                     QStringLiteral("change_30d"),
                     QStringLiteral("biggest_drag")};
    for (const auto& group : health.groups)
        table.columns.append(group.name);
    qint64 bands[4] = {};
    for (const ScorecardRow& row : rows) {
        const int a = row.account;
        const double score = row.health.score;
        ++bands[row.health.band == Rag::Red      ? 0
                : row.health.band == Rag::Yellow ? 1
                : row.health.band == Rag::Green  ? 2
                                                 : 3];
        QVariantList cells{index.accountId(a),
                           accountCell(index, a, "name"),
                           accountCell(index, a, "csm"),
                           rounded(score),
                           ragCell(row.health.band),
                           rounded(row.healthWeekAgo),
                           rounded(row.healthMonthAgo),
                           rounded(score - row.healthWeekAgo),
                           rounded(score - row.healthMonthAgo),
                           row.health.biggestDrag >= 0
                               ? QVariant(healthInputName(health, row.health.biggestDrag))
                               : QVariant()};
        for (const double g : row.health.groupScores)
            cells.append(rounded(g));
        table.rows.push_back(cells);
    }
    table.summary << QStringLiteral("Accounts: %1 (Red %2, Yellow %3, Green %4, no score %5)")
                         .arg(rows.size())
                         .arg(bands[0])
                         .arg(bands[1])
                         .arg(bands[2])
                         .arg(bands[3]);
    return command.output(table);
}

int managersCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("managers"),
                            QStringLiteral("The manager scorecard: a row per node of the team "
                                           "hierarchy (VP, director, manager, CSM) with the "
                                           "columns of docs/definitions.md, \"Manager scorecard\". "
                                           "--node shows a node and its children; --accounts "
                                           "drills down to the node's accounts."));
    addNodeOption(command);
    command.parser().addOption(
        {QStringLiteral("accounts"),
         QStringLiteral("List the accounts of --node (or of everyone) on the account scorecard.")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    if (const int rc = command.open(); rc >= 0)
        return rc;
    ManagerScorecardResult result;
    QString error;
    if (!runManagerScorecard(command.context(), &result, &error))
        return command.failure(error);
    const EventIndex& index = *command.context().index;
    const QString node = command.value(QStringLiteral("node"));
    int top = 0;
    if (!node.isEmpty()) {
        top = result.rowOf(node);
        if (top < 0 && node == QLatin1String("Unassigned")) {
            for (size_t r = 0; r < result.rows.size(); ++r) {
                if (result.rows[r].kind == ManagerRow::Unassigned)
                    top = int(r);
            }
        }
        if (top < 0)
            return command.failure(QStringLiteral("nobody named \"%1\" in the team").arg(node));
    }
    const ManagerRow& focus = result.rows[size_t(top)];
    if (command.isSet(QStringLiteral("accounts"))) {
        std::vector<ScorecardRow> rows;
        for (const int a : focus.accounts)
            rows.push_back(result.accounts[size_t(a)]);
        const Workspace& workspace = command.workspace();
        ResultTable table = scorecardTable(index, result.columns, workspace.healthScore, rows);
        table.definition = result.definition;
        table.definition.insert(QStringLiteral("node"), focus.name);
        table.summary << QStringLiteral("%1: %2 accounts").arg(focus.name).arg(rows.size());
        return command.output(table);
    }
    ResultTable table;
    table.definition = result.definition;
    if (!node.isEmpty())
        table.definition.insert(QStringLiteral("node"), node);
    table.columns = {QStringLiteral("node"), QStringLiteral("role"), QStringLiteral("level"),
                     QStringLiteral("parent")};
    const QStringList& keys = managerColumnKeys();
    for (const QString& key : keys) {
        table.columns.append(key);
        if (result.settings.boundsOf(key).set)
            table.columns.append(key + QStringLiteral("_rag"));
    }
    // The whole hierarchy, or the node and its children.
    std::vector<int> shown;
    if (node.isEmpty()) {
        for (size_t r = 0; r < result.rows.size(); ++r)
            shown.push_back(int(r));
    } else {
        shown.push_back(top);
        shown.insert(shown.end(), focus.children.begin(), focus.children.end());
    }
    const bool terminal = !command.isSet(QStringLiteral("out")) &&
                          command.value(QStringLiteral("format")) == QLatin1String("table");
    for (const int r : shown) {
        const ManagerRow& row = result.rows[size_t(r)];
        const int depth = row.depth - (node.isEmpty() ? 0 : focus.depth);
        QVariantList cells{terminal ? QString(depth * 2, QLatin1Char(' ')) + row.name : row.name,
                           row.role.isEmpty() ? QVariant() : QVariant(row.role), double(row.depth),
                           row.parent >= 0 ? QVariant(result.rows[size_t(row.parent)].name)
                                           : QVariant()};
        for (qsizetype k = 0; k < keys.size(); ++k) {
            const double v = row.values[size_t(k)];
            cells.append(k == 0 || keys[k] == QLatin1String("total_arr") ||
                                 keys[k] == QLatin1String("red_arr")
                             ? numberCell(v)
                             : rounded(v));
            if (result.settings.boundsOf(keys[k]).set)
                cells.append(ragCell(row.rags[size_t(k)]));
        }
        table.rows.push_back(cells);
    }
    table.summary << QStringLiteral("%1: %2 accounts; health > %3 counts as healthy")
                         .arg(focus.name)
                         .arg(focus.accounts.size())
                         .arg(result.settings.healthAbove);
    return command.output(table);
}

int changesCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("changes"),
                            QStringLiteral("What changed since DATE: the accounts whose status "
                                           "(red / yellow / green) differs between --since and "
                                           "the as-of time, with the columns that changed "
                                           "colour."));
    addNodeOption(command);
    command.parser().addOption({QStringLiteral("since"),
                                QStringLiteral("The earlier as-of date (required)."),
                                QStringLiteral("DATE")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    if (!command.isSet(QStringLiteral("since")))
        return command.usageError(QStringLiteral("--since DATE is required"));
    if (const int rc = command.open(); rc >= 0)
        return rc;
    qint64 since = 0;
    int code = 0;
    if (!command.timeValue(QStringLiteral("since"), &since, &code))
        return code;
    ChangesResult result;
    QString error;
    if (!runChanges(command.context(), since, command.value(QStringLiteral("node")), &result,
                    &error))
        return command.failure(error);
    const EventIndex& index = *command.context().index;
    ResultTable table;
    table.definition = result.definition;
    table.columns = {QStringLiteral("account_id"), QStringLiteral("account"),
                     QStringLiteral("csm"),        QStringLiteral("status_before"),
                     QStringLiteral("status_now"), QStringLiteral("health_before"),
                     QStringLiteral("health_now"), QStringLiteral("changed_columns")};
    qint64 worse = 0;
    for (const StatusChange& c : result.changes) {
        const auto rank = [](Rag r) {
            return r == Rag::Red ? 0 : r == Rag::Yellow ? 1 : r == Rag::Green ? 2 : -1;
        };
        if (rank(c.after) >= 0 && rank(c.before) >= 0 && rank(c.after) < rank(c.before))
            ++worse;
        table.rows.push_back({index.accountId(c.account), accountCell(index, c.account, "name"),
                              accountCell(index, c.account, "csm"), ragCell(c.before),
                              ragCell(c.after), rounded(c.healthBefore), rounded(c.healthAfter),
                              c.columns.join(QStringLiteral("; "))});
    }
    table.summary << QStringLiteral("%1 of %2 accounts changed status since %3 (%4 got worse)")
                         .arg(result.changes.size())
                         .arg(result.accounts)
                         .arg(FieldParser::formatDate(result.sinceMs))
                         .arg(worse);
    return command.output(table);
}

int efficacyCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("efficacy"),
                            QStringLiteral("How well the health score predicted renewals: the "
                                           "churn rate per health band 30, 90 and 180 days "
                                           "before each renewal, and how early Red appeared "
                                           "for churned accounts (needs renewal_date and "
                                           "renewal_outcome in accounts.csv)."));
    addNodeOption(command);
    command.parser().addOption({QStringLiteral("by"), QStringLiteral("band (default) or account."),
                                QStringLiteral("BY"), QStringLiteral("band")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    const QString by = command.value(QStringLiteral("by"));
    if (by != QLatin1String("band") && by != QLatin1String("account"))
        return command.usageError(QStringLiteral("--by must be band or account"));
    if (const int rc = command.open(); rc >= 0)
        return rc;
    EfficacyResult result;
    QString error;
    if (!runScoreEfficacy(command.context(), command.value(QStringLiteral("node")), &result,
                          &error))
        return command.failure(error);
    const EventIndex& index = *command.context().index;
    ResultTable table;
    table.definition = result.definition;
    if (by == QLatin1String("account")) {
        table.columns = {QStringLiteral("account_id"), QStringLiteral("account"),
                         QStringLiteral("csm"), QStringLiteral("renewal_date"),
                         QStringLiteral("outcome")};
        for (const int h : EfficacyResult::Horizons) {
            table.columns << QStringLiteral("health_%1d_before").arg(h)
                          << QStringLiteral("band_%1d_before").arg(h);
        }
        table.columns << QStringLiteral("red_lead_days");
        for (const EfficacyAccount& e : result.accounts) {
            QVariantList cells{index.accountId(e.account), accountCell(index, e.account, "name"),
                               accountCell(index, e.account, "csm"),
                               FieldParser::formatDate(e.renewalMs),
                               e.churned ? QStringLiteral("churned") : QStringLiteral("renewed")};
            for (size_t h = 0; h < EfficacyResult::Horizons.size(); ++h)
                cells << rounded(e.score[h]) << ragCell(e.band[h]);
            cells << (e.churned && e.redLeadDays >= 0 ? QVariant(double(e.redLeadDays))
                                                      : QVariant());
            table.rows.push_back(cells);
        }
    } else {
        table.columns = {QStringLiteral("days_before_renewal"), QStringLiteral("band"),
                         QStringLiteral("accounts"), QStringLiteral("churned"),
                         QStringLiteral("churn_rate")};
        for (const EfficacyBand& b : result.bands)
            table.rows.push_back({double(b.daysBefore), ragName(b.band), double(b.accounts),
                                  double(b.churned), rateCell(b.churnRate)});
    }
    table.summary << QStringLiteral("Renewals with an outcome: %1 (%2 renewed, %3 churned)")
                         .arg(result.renewed + result.churned)
                         .arg(result.renewed)
                         .arg(result.churned);
    table.summary << QStringLiteral("Churned accounts Red 30 days or more before renewal: %1 of "
                                    "%2; median lead of the first Red: %3 days")
                         .arg(result.churnedRedAhead)
                         .arg(result.churned)
                         .arg(std::isnan(result.medianRedLeadDays)
                                  ? QStringLiteral("-")
                                  : QString::number(result.medianRedLeadDays));
    return command.output(table);
}

} // namespace pulsebook::cli
