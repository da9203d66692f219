#pragma once

#include "AppContext.h"
#include "Snapshot.h"

#include "analysis/AnalysisContext.h"
#include "analysis/SortedList.h"
#include "analysis/UserList.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace pulsebook {

// The users list's work off the GUI thread, in two steps so that the count is on screen at once:
// first the rows (who is in the list), then the table of the chosen columns sorted.

// The list's rows: the users of the scope (as-of, segment, the person's accounts) and of the
// optional segment the view was opened on.
struct UsersRows
{
    std::shared_ptr<const Snapshot> snapshot; // keeps context.workspace alive
    AnalysisContext context;
    std::shared_ptr<const std::vector<quint32>> rows;
    QString error;
};

// `segment`: a workspace segment's name or an expression in the CLI's syntax; "" = none.
UsersRows usersInScope(std::shared_ptr<const Snapshot> snapshot, const Scope& scope,
                       const QString& segment);

// The list sorted: `table` is reused when it has exactly `columns` (a re-sort), else built.
struct UsersList
{
    std::shared_ptr<const UserList> table;
    std::shared_ptr<const SortedList> list;
    QString error;
};

// `sortColumn` "" = the table's default order (newest activity first).
UsersList sortUsers(const UsersRows& rows, const QStringList& columns,
                    std::shared_ptr<const UserList> table, const QString& sortColumn,
                    bool descending);

// Where a user is in a list: the row, -1 when the user is not in it, -2 when nobody has that ID
// or e-mail.
qint64 findInList(const SortedList& list, const UserList& table, const QString& idOrEmail);

} // namespace pulsebook
