// pulsebook-cli scorecard, health, managers, changes, efficacy: the CS team's scorecards
// (docs/definitions.md, "Account scorecard", "Health score", "Manager scorecard").
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/ManagerScorecard.h"
#include "analysis/ScoreEfficacy.h"
#include "analysis/Scorecard.h"
#include "present/ScoreTables.h"
#include "sync/FieldParser.h"

#include <cmath>

namespace pulsebook::cli {

namespace {

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
    command.addNodeOption();
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
    return command.output(scorecardTable(*command.context().index, result, shown));
}

int healthCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("health"),
                            QStringLiteral("The health score (0-10) of each account, its band, "
                                           "its trend against a week and a month earlier and "
                                           "its biggest drag; with --account, every input's "
                                           "value, score and contribution (docs/definitions.md, "
                                           "\"Health score\")."));
    command.addNodeOption();
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
    if (command.isSet(QStringLiteral("account"))) {
        const QString id = command.value(QStringLiteral("account"));
        const int a = index.accountIndex(id);
        if (a < 0)
            return command.failure(QStringLiteral("no account \"%1\"").arg(id));
        return command.output(
            healthInputsTable(context, health, engine.evaluate(a, context.asOfMs, true)));
    }
    std::vector<ScorecardRow> rows;
    if (!engine.evaluateAll(accounts, context.asOfMs, true, &rows))
        return command.failure(QStringLiteral("interrupted")); // only a cancel stops it
    return command.output(healthTable(context, health, rows));
}

int managersCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("managers"),
                            QStringLiteral("The manager scorecard: a row per node of the team "
                                           "hierarchy (VP, director, manager, CSM) with the "
                                           "columns of docs/definitions.md, \"Manager scorecard\". "
                                           "--node shows a node and its children; --accounts "
                                           "drills down to the node's accounts."));
    command.addNodeOption();
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
    if (command.isSet(QStringLiteral("accounts")))
        return command.output(
            managerAccountsTable(index, result, command.workspace().healthScore, top));
    // The whole hierarchy, or the node and its children.
    const ManagerRow& focus = result.rows[size_t(top)];
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
    ResultTable table = managersTable(result, shown, top, terminal);
    if (!node.isEmpty())
        table.definition.insert(QStringLiteral("node"), node);
    return command.output(table);
}

int changesCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("changes"),
                            QStringLiteral("What changed since DATE: the accounts whose status "
                                           "(red / yellow / green) differs between --since and "
                                           "the as-of time, with the columns that changed "
                                           "colour."));
    command.addNodeOption();
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
    return command.output(changesTable(command.context(), result));
}

int efficacyCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("efficacy"),
                            QStringLiteral("How well the health score predicted renewals: the "
                                           "churn rate per health band 30, 90 and 180 days "
                                           "before each renewal, and how early Red appeared "
                                           "for churned accounts (needs renewal_date and "
                                           "renewal_outcome in accounts.csv)."));
    command.addNodeOption();
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
    return command.output(efficacyTable(command.context(), result,
                                        by == QLatin1String("account") ? EfficacyRows::Accounts
                                                                       : EfficacyRows::Bands));
}

} // namespace pulsebook::cli
