#include "UsersData.h"

#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"

#include <QCoreApplication>

namespace pulsebook {

UsersRows usersInScope(std::shared_ptr<const Snapshot> snapshot, const Scope& scope,
                       const QString& segment)
{
    UsersRows out;
    out.snapshot = snapshot;
    if (!snapshot->context(scope, &out.context, &out.error))
        return out;
    std::vector<char> members;
    if (!segment.isEmpty()) {
        const Workspace& workspace = snapshot->workspace;
        Segment parsed;
        if (workspace.segments.contains(segment)) {
            parsed = Segment(workspace.segments.value(segment));
        } else if (!SegmentParser::parse(segment, &parsed, &out.error, snapshot->calendar)) {
            out.error =
                QCoreApplication::translate("pulsebook::UsersView", "Segment: %1").arg(out.error);
            return out;
        }
        if (!parsed.validate(*snapshot->index, workspace.segments, QStringLiteral("segment"),
                             &out.error) ||
            !parsed.evaluate(out.context, workspace.segments, &members, &out.error))
            return out;
    }
    std::vector<quint32> rows;
    if (!UserList::scopeRows(out.context, scope.person, segment.isEmpty() ? nullptr : &members,
                             &rows, &out.error))
        return out;
    out.rows = std::make_shared<const std::vector<quint32>>(std::move(rows));
    return out;
}

UsersList sortUsers(const UsersRows& rows, const QStringList& columns,
                    std::shared_ptr<const UserList> table, const QString& sortColumn,
                    bool descending)
{
    UsersList out;
    if (!table || table->columnNames() != columns) {
        UserListParams params;
        params.columns = columns;
        table = UserList::build(rows.context, params, &out.error);
        if (!table)
            return out;
    }
    SortKey key = table->defaultSort();
    if (!sortColumn.isEmpty() && table->columnIndex(sortColumn) >= 0)
        key = {table->columnIndex(sortColumn), descending};
    out.list = SortedList::sort(table, *rows.rows, key, nullptr, &out.error);
    out.table = std::move(table);
    return out;
}

qint64 findInList(const SortedList& list, const UserList& table, const QString& idOrEmail)
{
    const int user = table.findUser(idOrEmail.trimmed());
    return user < 0 ? -2 : list.rowOf(quint32(user));
}

} // namespace pulsebook
