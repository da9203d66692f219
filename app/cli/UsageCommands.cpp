// pulsebook-cli funnel, retention, onboarding, rollup, trend, engagement, areas: each runs one
// analysis of core/analysis and prints or exports its table (core/present/UsageTables.h).
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/Engagement.h"
#include "analysis/Funnel.h"
#include "analysis/Onboarding.h"
#include "analysis/ProductAreas.h"
#include "analysis/Retention.h"
#include "analysis/Rollup.h"
#include "analysis/Trend.h"
#include "present/UsageTables.h"
#include "sync/FieldParser.h"

#include <cmath>

namespace pulsebook::cli {

namespace {

// --from/--to with defaults: the 90 days up to as_of.
bool range(AnalysisCommand& command, qint64* from, qint64* to, int* code)
{
    *to = command.context().asOfMs;
    *from = *to - 90 * DayMs;
    if (command.isSet(QStringLiteral("from")) &&
        !command.timeValue(QStringLiteral("from"), from, code))
        return false;
    if (command.isSet(QStringLiteral("to")) && !command.timeValue(QStringLiteral("to"), to, code))
        return false;
    if (*from >= *to) {
        *code = command.usageError(QStringLiteral("--from must be before --to"));
        return false;
    }
    return true;
}

void addRangeOptions(AnalysisCommand& command)
{
    command.parser().addOption({QStringLiteral("from"),
                                QStringLiteral("Start of the range (default: 90 days before "
                                               "as-of)."),
                                QStringLiteral("DATE")});
    command.parser().addOption({QStringLiteral("to"),
                                QStringLiteral("End of the range, exclusive (default: as-of)."),
                                QStringLiteral("DATE")});
}

// For commands whose only options are the shared ones and the range: parses, opens, and
// reads --from/--to. Returns -1 to go on, else the exit code.
int openWithRange(AnalysisCommand& command, const QStringList& arguments, qint64* from, qint64* to)
{
    addRangeOptions(command);
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    if (const int rc = command.open(); rc >= 0)
        return rc;
    int code = 0;
    return range(command, from, to, &code) ? -1 : code;
}

QStringList splitList(const QString& text)
{
    QStringList items;
    for (const QString& item : text.split(QLatin1Char(','))) {
        if (!item.trimmed().isEmpty())
            items.append(item.trimmed());
    }
    return items;
}

} // namespace

int funnelCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("funnel"),
                            QStringLiteral("Conversion through a sequence of events "
                                           "(docs/definitions.md, \"Funnel\")."));
    auto& p = command.parser();
    p.addOption({QStringLiteral("steps"), QStringLiteral("The events, comma-separated (2 to 20)."),
                 QStringLiteral("E1,E2,...")});
    addRangeOptions(command);
    p.addOption({QStringLiteral("window"),
                 QStringLiteral(
                     "Conversion window from the first step (default 14d; units s, m, h, d, w)."),
                 QStringLiteral("DURATION"), QStringLiteral("14d")});
    p.addOption({QStringLiteral("strict"),
                 QStringLiteral("Each step must be the user's very next event.")});
    p.addOption({QStringLiteral("breakdown"),
                 QStringLiteral("Split by a user property or account.<property>."),
                 QStringLiteral("PROPERTY")});
    p.addOption({QStringLiteral("dropped"),
                 QStringLiteral("List the users who reached step N but not the next."),
                 QStringLiteral("N")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    FunnelParams params;
    params.steps = splitList(command.value(QStringLiteral("steps")));
    if (params.steps.size() < 2)
        return command.usageError(QStringLiteral("--steps needs 2 to 20 comma-separated events"));
    if (!AnalysisCommand::durationValue(command.value(QStringLiteral("window")), &params.windowMs))
        return command.usageError(
            QStringLiteral("--window must be a duration such as 14d, 36h, 2w or 15s"));
    params.strict = command.isSet(QStringLiteral("strict"));
    params.breakdown = command.value(QStringLiteral("breakdown"));
    int dropped = 0;
    if (command.isSet(QStringLiteral("dropped"))) {
        const bool ok = typedCount(command.value(QStringLiteral("dropped")), &dropped, nullptr);
        if (!ok || dropped < 1 || dropped >= params.steps.size())
            return command.usageError(QStringLiteral("--dropped must be a step from 1 to %1")
                                          .arg(params.steps.size() - 1));
    }
    if (const int rc = command.open(); rc >= 0)
        return rc;
    int code = 0;
    if (!range(command, &params.fromMs, &params.toMs, &code))
        return code;
    FunnelResult result;
    QString error;
    if (!runFunnel(command.context(), params, &result, &error))
        return command.failure(error);
    if (dropped > 0)
        return command.output(funnelDroppedTable(command.context(), params, result, dropped));
    ResultTable table = funnelTable(params, result);
    table.notes.append(
        QStringLiteral("Funnel %1, entries %2 to %3, window %4, as of %5")
            .arg(params.strict ? QStringLiteral("(strict)") : QStringLiteral("(sequential)"),
                 FieldParser::formatDate(params.fromMs), FieldParser::formatDate(params.toMs),
                 command.value(QStringLiteral("window")),
                 FieldParser::formatDate(command.context().asOfMs)));
    return command.output(table);
}

int retentionCommand(const QStringList& arguments)
{
    AnalysisCommand command(
        QStringLiteral("retention"),
        QStringLiteral("Cohort retention (docs/definitions.md, \"Retention\")."));
    auto& p = command.parser();
    p.addOption(
        {QStringLiteral("start"), QStringLiteral("The start event."), QStringLiteral("EVENT")});
    p.addOption({QStringLiteral("return"), QStringLiteral("The return event (default: any event)."),
                 QStringLiteral("EVENT")});
    p.addOption({QStringLiteral("period"), QStringLiteral("1d, 7d (default; also 1w) or 30d."),
                 QStringLiteral("PERIOD"), QStringLiteral("7d")});
    p.addOption({QStringLiteral("periods"), QStringLiteral("Number of periods (default 8)."),
                 QStringLiteral("N"), QStringLiteral("8")});
    addRangeOptions(command);
    p.addOption({QStringLiteral("mode"), QStringLiteral("on (default) or on-or-after."),
                 QStringLiteral("MODE"), QStringLiteral("on")});
    p.addOption({QStringLiteral("group-by"),
                 QStringLiteral("A user property, account.<property>, did:<event> or "
                                "count:<event>."),
                 QStringLiteral("GROUP")});
    p.addOption({QStringLiteral("counts"),
                 QStringLiteral("Also the retained and eligible users of each period.")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    RetentionParams params;
    params.startEvent = command.value(QStringLiteral("start"));
    if (params.startEvent.isEmpty())
        return command.usageError(QStringLiteral("--start EVENT is required"));
    params.returnEvent = command.value(QStringLiteral("return"));
    if (!AnalysisCommand::durationValue(command.value(QStringLiteral("period")),
                                        &params.periodMs) ||
        (params.periodMs != DayMs && params.periodMs != 7 * DayMs && params.periodMs != 30 * DayMs))
        return command.usageError(
            QStringLiteral("--period must be one day, one week or 30 days: 1d, 7d (1w) or 30d"));
    if (!typedCount(command.value(QStringLiteral("periods")), &params.periods, nullptr))
        return command.usageError(QStringLiteral("--periods must be a whole number"));
    const QString mode = command.value(QStringLiteral("mode"));
    if (mode != QLatin1String("on") && mode != QLatin1String("on-or-after"))
        return command.usageError(QStringLiteral("--mode must be on or on-or-after"));
    params.mode = mode == QLatin1String("on") ? RetentionMode::On : RetentionMode::OnOrAfter;
    params.groupBy = command.value(QStringLiteral("group-by"));
    if (const int rc = command.open(); rc >= 0)
        return rc;
    int code = 0;
    if (!range(command, &params.fromMs, &params.toMs, &code))
        return code;
    RetentionResult result;
    QString error;
    if (!runRetention(command.context(), params, &result, &error))
        return command.failure(error);
    return command.output(
        retentionTable(command.context(), params, result, command.isSet(QStringLiteral("counts"))));
}

int onboardingCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("onboarding"),
                            QStringLiteral("Users who have not finished onboarding, and each "
                                           "account's onboarding rate (docs/definitions.md, "
                                           "\"Onboarding gaps\")."));
    auto& p = command.parser();
    p.addOption({QStringLiteral("mode"),
                 QStringLiteral("any (default): missing at least one step; all: every step."),
                 QStringLiteral("MODE"), QStringLiteral("any")});
    p.addOption({QStringLiteral("by"), QStringLiteral("user (default) or account."),
                 QStringLiteral("BY"), QStringLiteral("user")});
    p.addOption({QStringLiteral("steps"),
                 QStringLiteral("The steps (default: the workspace's onboarding steps)."),
                 QStringLiteral("E1,E2,...")});
    command.addNodeOption();
    p.addOption({QStringLiteral("account"),
                 QStringLiteral("One account's users with the date each step was first done."),
                 QStringLiteral("ID")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    const QString mode = command.value(QStringLiteral("mode"));
    const QString by = command.value(QStringLiteral("by"));
    if (mode != QLatin1String("any") && mode != QLatin1String("all"))
        return command.usageError(QStringLiteral("--mode must be any or all"));
    if (by != QLatin1String("user") && by != QLatin1String("account"))
        return command.usageError(QStringLiteral("--by must be user or account"));
    if (const int rc = command.open(); rc >= 0)
        return rc;
    OnboardingParams params;
    params.mode = mode == QLatin1String("any") ? OnboardingMode::Any : OnboardingMode::All;
    params.steps = command.isSet(QStringLiteral("steps"))
                       ? splitList(command.value(QStringLiteral("steps")))
                       : command.workspace().onboardingSteps;
    if (params.steps.isEmpty())
        return command.needsDefinition(
            QStringLiteral("onboarding steps"), QStringLiteral("onboarding_steps"),
            QStringLiteral("\"Step 1,Step 2,Step 3\" (or give --steps)"));
    QString error;
    if (command.isSet(QStringLiteral("account"))) {
        const QString id = command.value(QStringLiteral("account"));
        const int a = command.context().index->accountIndex(id);
        if (a < 0)
            return command.failure(QStringLiteral("no account \"%1\"").arg(id));
        QStringList steps;
        std::vector<OnboardingStepsDone> users;
        if (!onboardingStepsDone(command.context(), a, params.steps, &steps, &users, &error))
            return command.failure(error);
        return command.output(onboardingStepsTable(command.context(), steps, users));
    }
    params.node = command.value(QStringLiteral("node"));
    OnboardingResult result;
    if (!runOnboarding(command.context(), params, &result, &error))
        return command.failure(error);
    return command.output(
        onboardingTable(command.context(), result,
                        by == QLatin1String("account") ? RowsPer::Accounts : RowsPer::Users,
                        params.mode == OnboardingMode::All));
}

int rollupCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("rollup"),
                            QStringLiteral("Usage per user or per account: sessions, last "
                                           "session, KPI counts, WAU and MAU (docs/definitions.md, "
                                           "\"Activity\")."));
    command.parser().addOption({QStringLiteral("by"), QStringLiteral("user (default) or account."),
                                QStringLiteral("BY"), QStringLiteral("user")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    const QString by = command.value(QStringLiteral("by"));
    if (by != QLatin1String("user") && by != QLatin1String("account"))
        return command.usageError(QStringLiteral("--by must be user or account"));
    if (const int rc = command.open(); rc >= 0)
        return rc;
    RollupParams params;
    params.kpiEvents = command.workspace().kpiEvents;
    RollupResult result;
    QString error;
    if (!runRollup(command.context(), params, &result, &error))
        return command.failure(error);
    return command.output(
        rollupTable(command.context(), result,
                    by == QLatin1String("account") ? RowsPer::Accounts : RowsPer::Users));
}

int trendCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("trend"),
                            QStringLiteral("Events or unique users per day, week or month, "
                                           "optionally grouped (docs/definitions.md, \"Trend\")."));
    auto& p = command.parser();
    p.addOption({QStringLiteral("event"), QStringLiteral("The event (default: any event)."),
                 QStringLiteral("EVENT")});
    p.addOption({QStringLiteral("measure"), QStringLiteral("count (default) or users."),
                 QStringLiteral("MEASURE"), QStringLiteral("count")});
    p.addOption({QStringLiteral("bucket"), QStringLiteral("day (default), week or month."),
                 QStringLiteral("BUCKET"), QStringLiteral("day")});
    addRangeOptions(command);
    p.addOption({QStringLiteral("group-by"),
                 QStringLiteral("A user property, account.<property>, event.<property> or "
                                "segment."),
                 QStringLiteral("GROUP")});
    p.addOption({QStringLiteral("top"),
                 QStringLiteral("Groups kept (default 10); the rest are "
                                "\"other\"."),
                 QStringLiteral("K"), QStringLiteral("10")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    TrendParams params;
    params.event = command.value(QStringLiteral("event"));
    const QString measure = command.value(QStringLiteral("measure"));
    const QString bucket = command.value(QStringLiteral("bucket"));
    if (measure != QLatin1String("count") && measure != QLatin1String("users"))
        return command.usageError(QStringLiteral("--measure must be count or users"));
    params.measure =
        measure == QLatin1String("count") ? TrendMeasure::Count : TrendMeasure::UniqueUsers;
    if (bucket == QLatin1String("day"))
        params.bucket = TrendBucket::Day;
    else if (bucket == QLatin1String("week"))
        params.bucket = TrendBucket::Week;
    else if (bucket == QLatin1String("month"))
        params.bucket = TrendBucket::Month;
    else
        return command.usageError(QStringLiteral("--bucket must be day, week or month"));
    if (!typedCount(command.value(QStringLiteral("top")), &params.topK, nullptr) || params.topK < 1)
        return command.usageError(QStringLiteral("--top must be a whole number of at least 1"));
    params.groupBy = command.value(QStringLiteral("group-by"));
    if (const int rc = command.open(); rc >= 0)
        return rc;
    int code = 0;
    if (!range(command, &params.fromMs, &params.toMs, &code))
        return code;
    TrendResult result;
    QString error;
    if (!runTrend(command.context(), params, &result, &error))
        return command.failure(error);
    return command.output(trendTable(command.context(), params, result));
}

int engagementCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("engagement"),
                            QStringLiteral("Breadth and frequency of every event, in quadrants "
                                           "(docs/definitions.md, \"Engagement matrix\")."));
    EngagementParams params;
    if (const int rc = openWithRange(command, arguments, &params.fromMs, &params.toMs); rc >= 0)
        return rc;
    EngagementResult result;
    QString error;
    if (!runEngagement(command.context(), params, &result, &error))
        return command.failure(error);
    return command.output(engagementTable(result));
}

int areasCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("areas"),
                            QStringLiteral("Breadth, depth, frequency and usability of each "
                                           "product area (docs/definitions.md, \"Core metrics of a "
                                           "product area\")."));
    ProductAreasParams params;
    if (const int rc = openWithRange(command, arguments, &params.fromMs, &params.toMs); rc >= 0)
        return rc;
    if (command.workspace().productAreas.isEmpty())
        return command.needsDefinition(
            QStringLiteral("product areas"), QStringLiteral("product_areas"),
            QStringLiteral("'[{\"name\": \"Reports\", \"events\": [\"Create Report\", "
                           "\"View Report\"]}]'"));
    ProductAreasResult result;
    QString error;
    if (!runProductAreas(command.context(), params, &result, &error))
        return command.failure(error);
    return command.output(productAreasTable(result));
}

} // namespace pulsebook::cli
