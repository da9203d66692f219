// pulsebook-cli segment: the users of a segment.
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"
#include "present/UsageTables.h"

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
        segment = Segment(workspace.segments.value(label));
    } else {
        label = command.value(QStringLiteral("where"));
        if (!SegmentParser::parse(label, &segment, &error, context.calendar))
            return command.usageError(QStringLiteral("--where: %1").arg(error));
    }
    if (!command.checkSegment(segment,
                              command.isSet(QStringLiteral("name"))
                                  ? QStringLiteral("$.segments.%1").arg(label)
                                  : QStringLiteral("--where"),
                              &error))
        return command.usageError(error);
    std::vector<char> members;
    if (!segment.evaluate(context, workspace.segments, &members, &error))
        return command.failure(error);

    return command.output(
        segmentTable(context, segment.toJson(), members, command.isSet(QStringLiteral("count"))));
}

} // namespace pulsebook::cli
