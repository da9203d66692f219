// pulsebook-cli segment and workspace: the users of a segment, and the team's definitions.
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"
#include "export/OutputFile.h"
#include "sync/FieldParser.h"

#include <QFile>

#include <cstdio>

namespace pulsebook::cli {

int segmentCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("segment"),
                            QStringLiteral("List the users of a segment: a name from the "
                                           "workspace (--name) or an expression (--where), e.g.\n"
                                           "  --where 'did \"Login\" within 30d and not did "
                                           "\"Run Query\" within 30d and account.csm = \"Maya "
                                           "Patel\"'"));
    command.parser().addOption({QStringLiteral("where"),
                                QStringLiteral("The segment as an expression."),
                                QStringLiteral("EXPR")});
    command.parser().addOption({QStringLiteral("name"),
                                QStringLiteral("A segment of the workspace."),
                                QStringLiteral("NAME")});
    command.parser().addOption(
        {QStringLiteral("count"), QStringLiteral("Print only the number of users.")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    if (command.isSet(QStringLiteral("where")) == command.isSet(QStringLiteral("name")))
        return command.usageError(QStringLiteral("give --where EXPR or --name NAME"));
    if (const int rc = command.open(); rc >= 0)
        return rc;
    const AnalysisContext& context = command.context();
    const Workspace& workspace = command.workspace();
    Segment segment;
    QString error;
    QString label;
    if (command.isSet(QStringLiteral("name"))) {
        label = command.value(QStringLiteral("name"));
        if (!workspace.segments.contains(label))
            return command.usageError(
                QStringLiteral("no segment named \"%1\" (the workspace "
                               "has: %2)")
                    .arg(label, workspace.segments.keys().join(QStringLiteral(", "))));
        if (!Segment::fromJson(workspace.segments.value(label),
                               QStringLiteral("$.segments.%1").arg(label), &segment, &error))
            return command.failure(error);
    } else {
        label = command.value(QStringLiteral("where"));
        if (!SegmentParser::parse(label, &segment, &error, context.calendar))
            return command.usageError(QStringLiteral("--where: %1").arg(error));
    }
    if (!segment.validate(*context.index, workspace.segments,
                          command.isSet(QStringLiteral("name"))
                              ? QStringLiteral("$.segments.%1").arg(label)
                              : QStringLiteral("--where"),
                          &error))
        return command.usageError(error);
    std::vector<char> members;
    if (!segment.evaluate(context, workspace.segments, &members, &error))
        return command.failure(error);

    const EventIndex& index = *context.index;
    ResultTable table;
    table.definition = context.baseDefinition(QStringLiteral("segment"));
    table.definition.insert(QStringLiteral("where"), segment.toJson());
    table.columns = {QStringLiteral("user_id"),    QStringLiteral("email"),
                     QStringLiteral("account_id"), QStringLiteral("account"),
                     QStringLiteral("csm"),        QStringLiteral("last_event")};
    qint64 count = 0;
    for (int u = 0; u < index.userCount(); ++u) {
        if (!members[size_t(u)] || !context.inSegment(u))
            continue;
        ++count;
        if (command.isSet(QStringLiteral("count")))
            continue;
        const int a = index.userAccount(u);
        const size_t end = context.eventsEndAsOf(u);
        table.rows.push_back(
            {index.userId(u), index.userProperty(u, QStringLiteral("email")),
             index.userProperty(u, QStringLiteral("account_id")),
             a >= 0 ? index.accountProperty(a, QStringLiteral("name")) : QVariant(),
             a >= 0 ? index.accountProperty(a, QStringLiteral("csm")) : QVariant(),
             end > index.eventBegin(u) ? timeCell(index.time(end - 1)) : QVariant()});
    }
    sortRowsById(&table);
    table.definition.insert(QStringLiteral("users"), count);
    if (command.isSet(QStringLiteral("count"))) {
        table.columns = {QStringLiteral("users")};
        table.rows.push_back({double(count)});
        return command.output(table);
    }
    table.summary.append(QStringLiteral("%1 of %2 users as of %3")
                             .arg(count)
                             .arg(index.userCount())
                             .arg(FieldParser::formatDate(context.asOfMs)));
    return command.output(table);
}

int workspaceCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Export the workspace's definitions (KPI events, onboarding steps, product "
                       "areas, segments, ...) to a JSON file, or import them from one. An import "
                       "is checked against the data first; a bad file changes nothing.\n\n"
                       "The JSON keys (each optional; a missing key keeps the default):\n"
                       "  version             the format version (1)\n"
                       "  time_zone           IANA zone of calendar days, weeks, months and typed "
                       "dates (UTC)\n"
                       "  kpi_events          events counted in the usage rollup\n"
                       "  onboarding_steps    events every user should have done\n"
                       "  product_areas       [{name, events, activation_funnel}]\n"
                       "  segments            name -> condition tree (the JSON form of "
                       "--where)\n"
                       "  campaigns           {key_event, low_wau_threshold}\n"
                       "  scorecard           {columns: [{metric, direction, green, yellow, key, "
                       "missing}], silent_days}\n"
                       "  health_score        {groups: [{name, weight, inputs}], bands}\n"
                       "  manager_scorecard   {columns, health_above}"));
    parser.addOption({QStringList{QStringLiteral("help"), QStringLiteral("h")},
                      QStringLiteral("Show this help.")});
    parser.addOption({QStringList{QStringLiteral("cache"), QStringLiteral("c")},
                      QStringLiteral("The workspace cache file."), QStringLiteral("FILE")});
    parser.addPositionalArgument(QStringLiteral("export|import"), QStringLiteral("What to do."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The JSON file (\"-\" for standard output)."));
    QStringList args = arguments;
    args[0] = QStringLiteral("pulsebook-cli workspace");
    auto usage = [](const QString& message) {
        std::fprintf(stderr, "pulsebook-cli workspace: %s\nTry 'pulsebook-cli workspace --help'.\n",
                     qPrintable(message));
        return 2;
    };
    if (!parser.parse(args))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(commandHelp(parser, QStringLiteral("workspace")).toUtf8().constData(), stdout);
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2 ||
        (positional[0] != QLatin1String("export") && positional[0] != QLatin1String("import")))
        return usage(QStringLiteral("give export FILE or import FILE"));
    if (!parser.isSet(QStringLiteral("cache")))
        return usage(QStringLiteral("--cache FILE is required"));
    Cache cache;
    QString error;
    auto fail = [](const QString& message) {
        std::fprintf(stderr, "pulsebook-cli workspace: %s\n", qPrintable(message));
        return 1;
    };
    const QString path = parser.value(QStringLiteral("cache"));
    const bool exporting = positional[0] == QLatin1String("export");
    if (!(exporting ? cache.openForReading(path, &error) : cache.open(path, false, &error)))
        return fail(error);
    if (exporting) {
        Workspace workspace;
        if (!Workspace::load(cache, &workspace, &error))
            return fail(error);
        const QByteArray json = workspace.toJson();
        if (positional[1] == QLatin1String("-")) {
            std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
            return 0;
        }
        if (!OutputFile::writeAll(positional[1], json, &error))
            return fail(error);
        std::printf("Wrote the workspace definitions to %s\n", qPrintable(positional[1]));
        return 0;
    }
    QFile file(positional[1]);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1: cannot read: %2").arg(positional[1], file.errorString()));
    Workspace workspace;
    if (!Workspace::fromJson(file.readAll(), &workspace, &error))
        return fail(
            QStringLiteral("%1: %2\nThe stored workspace is unchanged.").arg(positional[1], error));
    const auto index = EventIndex::load(cache, nullptr, &error);
    if (!index)
        return fail(error);
    if (!workspace.validate(*index, &error))
        return fail(
            QStringLiteral("%1: %2\nThe stored workspace is unchanged.").arg(positional[1], error));
    if (!workspace.save(cache, &error))
        return fail(error);
    std::printf("Imported the workspace definitions from %s\n", qPrintable(positional[1]));
    return 0;
}

} // namespace pulsebook::cli
