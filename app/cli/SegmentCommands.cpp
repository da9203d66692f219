// pulsebook-cli segment: the users of a segment.
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"
#include "analysis/SortedList.h"
#include "analysis/UserList.h"
#include "present/UsageTables.h"

namespace pulsebook::cli {

namespace {

void addListOptions(AnalysisCommand& command)
{
    QCommandLineParser& p = command.parser();
    p.addOption({QStringLiteral("all"), QStringLiteral("Every user in scope (no segment).")});
    command.addNodeOption(); // the users of those accounts
    p.addOption({QStringLiteral("columns"),
                 QStringLiteral("The users list's columns, comma-separated: last_seen, "
                                "last_event, sessions_30d, sessions_90d, kpi:EVENT, "
                                "onboarding_done, any user property, account.PROPERTY "
                                "(default: user_id, email, account_id, last_event, last_seen, "
                                "sessions, KPIs, onboarding_done)."),
                 QStringLiteral("LIST")});
    p.addOption({QStringLiteral("sort"),
                 QStringLiteral("The list's order: one of its columns, COLUMN:desc for "
                                "descending (default: newest activity first, last_event:desc); "
                                "missing values last, ties by user ID."),
                 QStringLiteral("COLUMN[:desc]")});
}

// The users list, as the window's users view shows it: --all, --node, --columns or --sort.
bool isListCommand(const AnalysisCommand& command)
{
    for (const char* option : {"all", "node", "columns", "sort"}) {
        if (command.isSet(QLatin1String(option)))
            return true;
    }
    return false;
}

int listCommand(AnalysisCommand& command, const QJsonValue& where, const std::vector<char>* members)
{
    const AnalysisContext& context = command.context();
    UserListParams params;
    for (const QString& c : command.value(QStringLiteral("columns")).split(QLatin1Char(','))) {
        if (!c.trimmed().isEmpty())
            params.columns.append(c.trimmed());
    }
    QString error;
    std::shared_ptr<const UserList> table = UserList::build(context, params, &error);
    if (!table)
        return command.usageError(QStringLiteral("--columns: %1").arg(error));
    SortKey key = table->defaultSort();
    if (command.isSet(QStringLiteral("sort"))) {
        QString name = command.value(QStringLiteral("sort"));
        key.descending = name.endsWith(QLatin1String(":desc"));
        if (key.descending || name.endsWith(QLatin1String(":asc")))
            name.truncate(name.lastIndexOf(QLatin1Char(':')));
        key.column = table->columnIndex(name);
        if (key.column < 0)
            return command.usageError(
                QStringLiteral("--sort: \"%1\" is not a column of the list (%2)")
                    .arg(name, table->columnNames().join(QStringLiteral(", "))));
    }
    std::vector<quint32> rows;
    const QString node = command.value(QStringLiteral("node"));
    if (!UserList::scopeRows(context, node, members, &rows, &error))
        return command.usageError(QStringLiteral("--node: %1").arg(error));
    QJsonObject definition = context.baseDefinition(QStringLiteral("users"));
    definition.insert(QStringLiteral("where"), where);
    if (!node.isEmpty())
        definition.insert(QStringLiteral("node"), node);
    definition.insert(QStringLiteral("users"), qint64(rows.size()));
    definition.insert(QStringLiteral("sort"),
                      (key.column < 0 ? QStringLiteral("user_id") : table->columnName(key.column)) +
                          QLatin1String(key.descending ? ":desc" : ":asc"));
    if (command.isSet(QStringLiteral("count"))) {
        ResultTable count;
        count.definition = definition;
        count.addColumn(QStringLiteral("users"), ValueKind::Integer);
        count.rows.push_back({ListCell::ofNumber(double(rows.size()))});
        return command.output(count);
    }
    std::shared_ptr<const SortedList> list =
        SortedList::sort(table, std::move(rows), key, nullptr, &error);
    if (!list)
        return command.failure(error);
    return command.outputList(*list, definition);
}

} // namespace

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
    addListOptions(command);
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    const bool all = command.isSet(QStringLiteral("all"));
    if (int(command.isSet(QStringLiteral("where"))) + int(command.isSet(QStringLiteral("name"))) +
            int(all) !=
        1)
        return command.usageError(QStringLiteral("give --where EXPR, --name NAME or --all"));
    if (const int rc = command.open(); rc >= 0)
        return rc;
    if (all)
        return listCommand(command, QJsonValue(QStringLiteral("all")), nullptr);
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
    if (isListCommand(command))
        return listCommand(command, segment.toJson(), &members);

    return command.output(
        segmentTable(context, segment.toJson(), members, command.isSet(QStringLiteral("count"))));
}

} // namespace pulsebook::cli
