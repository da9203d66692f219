// pulsebook-cli timeline: one user's sessions and events (docs/definitions.md, "User timeline").
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/Timeline.h"
#include "present/TimelineTables.h"

#include <cstdio>

namespace pulsebook::cli {

int timelineCommand(const QStringList& arguments)
{
    AnalysisCommand command(
        QStringLiteral("timeline"),
        QStringLiteral("One user's history, for a support ticket: the user card, the sessions "
                       "(start, end, duration, events, device, landing page) with their events "
                       "(time, name, path, title, referrer, every property), events outside any "
                       "session, the most frequent events, and with --at the session at that time "
                       "or the nearest one before it (docs/definitions.md, \"User timeline\")."));
    QCommandLineParser& parser = command.parser();
    parser.addOption({QStringLiteral("user"),
                      QStringLiteral("The user: an ID, else an e-mail (any case)."),
                      QStringLiteral("ID|EMAIL")});
    parser.addOption({QStringLiteral("at"),
                      QStringLiteral("Go to this time: the session containing it, else the "
                                     "nearest one starting before it, else the first."),
                      QStringLiteral("TIME")});
    parser.addOption({QStringLiteral("from"),
                      QStringLiteral("Only sessions starting (and events outside sessions) at or "
                                     "after this time (default: the whole history)."),
                      QStringLiteral("DATE")});
    parser.addOption({QStringLiteral("to"),
                      QStringLiteral("... and before this time (default: the as-of time)."),
                      QStringLiteral("DATE")});
    parser.addOption({QStringLiteral("top"),
                      QStringLiteral("How many of the most frequent events (default 5)."),
                      QStringLiteral("N"), QStringLiteral("5")});
    parser.addOption(
        {QStringLiteral("part"),
         QStringLiteral("user, sessions, events, top, goto (with --at) or all. Default: all as "
                        "tables; with --format csv or json or --out, goto with --at, else events "
                        "(every event with its row and session)."),
         QStringLiteral("PART")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    if (!command.isSet(QStringLiteral("user")))
        return command.usageError(QStringLiteral("--user is required"));
    if (command.isSet(QStringLiteral("segment")))
        return command.usageError(
            QStringLiteral("--segment does not apply to one user's timeline"));
    const bool asTables = command.value(QStringLiteral("format")) == QLatin1String("table") &&
                          !command.isSet(QStringLiteral("out"));
    const bool at = command.isSet(QStringLiteral("at"));
    QString part = command.value(QStringLiteral("part"));
    if (part.isEmpty())
        part = asTables ? QStringLiteral("all")
                        : (at ? QStringLiteral("goto") : QStringLiteral("events"));
    QStringList parts = {QStringLiteral("user"), QStringLiteral("sessions"),
                         QStringLiteral("events"), QStringLiteral("top"), QStringLiteral("goto")};
    if (!parts.contains(part) && part != QLatin1String("all"))
        return command.usageError(QStringLiteral("--part: %1 is not all, %2")
                                      .arg(part, parts.join(QStringLiteral(", "))));
    if (part == QLatin1String("all") && !asTables)
        return command.usageError(QStringLiteral("--format csv, json and --out need one --part"));
    if (part == QLatin1String("goto") && !at)
        return command.usageError(QStringLiteral("--part goto needs --at"));
    if (!at)
        parts.removeAll(QStringLiteral("goto"));
    TimelineParams params;
    params.user = command.value(QStringLiteral("user"));
    QString reason;
    if (!typedCount(command.value(QStringLiteral("top")), &params.topEvents, &reason))
        return command.usageError(QStringLiteral("--top: %1").arg(reason));
    if (const int rc = command.open(); rc >= 0)
        return rc;
    int code = 0;
    qint64 atMs = 0;
    if ((command.isSet(QStringLiteral("from")) &&
         !command.timeValue(QStringLiteral("from"), &params.fromMs, &code)) ||
        (command.isSet(QStringLiteral("to")) &&
         !command.timeValue(QStringLiteral("to"), &params.toMs, &code)) ||
        (at && !command.timeValue(QStringLiteral("at"), &atMs, &code)))
        return code;
    const AnalysisContext& context = command.context();
    Timeline timeline;
    QString error;
    if (!runTimeline(context, command.cache(), params, &timeline, &error))
        return command.failure(error);
    const GoTo where = goTo(timeline, atMs);
    auto table = [&](const QString& p) {
        if (p == QLatin1String("user"))
            return timelineCardTable(context, timeline);
        if (p == QLatin1String("sessions"))
            return timelineSessionsTable(context, timeline);
        if (p == QLatin1String("events"))
            return timelineEventsTable(context, timeline);
        if (p == QLatin1String("top"))
            return timelineTopTable(context, timeline);
        return timelineGoToTable(context, timeline, atMs, where);
    };
    if (part != QLatin1String("all"))
        return command.output(table(part));
    if (at)
        std::printf("%s\n\n", qPrintable(goToSentence(timeline, atMs, where)));
    for (const QString& p : std::as_const(parts)) {
        std::printf("%s== %s ==\n", p == parts.first() ? "" : "\n", qPrintable(p));
        std::fflush(stdout);
        if (const int rc = command.output(table(p)); rc != 0)
            return rc;
    }
    return 0;
}

} // namespace pulsebook::cli
