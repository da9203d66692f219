// pulsebook-cli today: what needs a CSM now (docs/definitions.md, "Today"), the twin of the
// Today view.
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/Today.h"
#include "present/TodayTables.h"

#include <cstdio>

namespace pulsebook::cli {

int todayCommand(const QStringList& arguments)
{
    AnalysisCommand command(
        QStringLiteral("today"),
        QStringLiteral("What needs a CSM now: accounts that turned Red or fell a health band "
                       "since the last sync and since a week ago, renewals soon that are not "
                       "Green, silent accounts, users stuck in onboarding, accounts whose weekly "
                       "active users fell; tiles with each count and its change over 30 days. "
                       "The thresholds are the workspace's \"today\" (docs/definitions.md, "
                       "\"Today\"). The table format prints the tiles, then the lines; csv, "
                       "json and --out give the lines, or the tiles with --tiles."));
    auto& p = command.parser();
    command.addNodeOption();
    p.addOption({QStringLiteral("tiles"),
                 QStringLiteral("csv, json and --out: write the tiles instead of the lines.")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    if (const int rc = command.open(); rc >= 0)
        return rc;
    TodayParams params;
    params.node = command.value(QStringLiteral("node"));
    TodayResult result;
    QString error;
    if (!runToday(command.context(), params, &result, &error))
        return command.failure(error);
    const ResultTable tiles = todayTilesTable(command.context(), result);
    const ResultTable lines = todayLinesTable(command.context(), result);
    const QString format = command.value(QStringLiteral("format"));
    const bool table = !command.isSet(QStringLiteral("out")) &&
                       (format.isEmpty() || format == QLatin1String("table"));
    if (!table)
        return command.output(command.isSet(QStringLiteral("tiles")) ? tiles : lines);
    if (const int rc = command.output(tiles); rc != 0)
        return rc;
    std::printf("\n");
    return command.output(lines);
}

} // namespace pulsebook::cli
