// pulsebook-cli segment: the users of a segment.
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

} // namespace pulsebook::cli
