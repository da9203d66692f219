#pragma once

#include "AnalysisContext.h"
#include "PropertyCells.h"
#include "SortedList.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace pulsebook {

struct Workspace;

struct UserListParams
{
    // Column names from UserList::availableColumns(); empty: UserList::defaultColumns().
    QStringList columns;
    // For the kpi: and onboarding_done columns; empty: the workspace's.
    QStringList kpiEvents;
    QStringList onboardingSteps;
};

// The users list (every user in scope, a segment's members, a funnel step's drop-offs) as a
// ListTable keyed by user number, for SortedList. Columns, as of context.asOfMs:
//   last_seen       time of the latest session start (the usage rollup's last session)
//   last_event      time of the latest event
//   sessions_30d, sessions_90d, kpi:<event>   the usage rollup (runRollup, Rollup.h)
//   onboarding_done onboarding steps done (of onboardingStepCount())
//   <property>      a user property (user_id, email, account_id, joindate, ... extra columns)
//   account.<name>  a property of the user's account
// Only the columns asked for are computed or decoded. Properties are typed as PropertyCells
// says; user_id is text and sorts in the ID order (SortedList).
class UserList : public ListTable
{
public:
    static QStringList availableColumns(const EventIndex& index, const Workspace* workspace);
    // user_id, email, account_id, last_event, last_seen, sessions_30d, sessions_90d, the KPIs
    // and onboarding_done (the last two when the workspace defines them).
    static QStringList defaultColumns(const EventIndex& index, const Workspace* workspace);
    // Newest activity first: last_event descending, else last_seen (a user may have events but
    // no sessions), else the ID order.
    SortKey defaultSort() const;

    // The list's data. Null with *error on an unknown column or event; null with *error
    // untouched when cancelled through context.progress.
    static std::shared_ptr<const UserList> build(const AnalysisContext& context,
                                                 const UserListParams& params, QString* error);

    // The rows of the list: the users in the context's filter, or of those only `users` (user
    // numbers) when given. Cheap: the list's count, before any column is computed.
    static std::vector<quint32> rows(const AnalysisContext& context,
                                     const std::vector<int>* users = nullptr);
    // The rows of the list in a scope (the window's scope bar, `segment --node`): the users in
    // the context's filter, of the accounts at or below team person `node` ("" = every user, as
    // the book's accounts are), and among `members` (by user number: a segment's) when given.
    // In user-number order. False with *error when nobody of that name is in the team.
    static bool scopeRows(const AnalysisContext& context, const QString& node,
                          const std::vector<char>* members, std::vector<quint32>* rows,
                          QString* error);

    // The user with this ID, else the first user (by number) with this e-mail, case
    // insensitive; -1 when none. With SortedList::rowOf: "find selects the user".
    int findUser(const QString& idOrEmail) const;
    int onboardingStepCount() const { return m_onboardingSteps; }
    const EventIndex& index() const { return *m_index; }

    quint32 rowCount() const override { return quint32(m_index->userCount()); }
    int columnCount() const override { return int(m_columns.size()); }
    QString columnName(int column) const override { return m_columns[size_t(column)].name; }
    ListColumnType columnType(int column) const override { return m_columns[size_t(column)].type; }
    ListCell cell(quint32 key, int column) const override;
    QString cellText(quint32 key, int column) const override;
    QString rowId(quint32 key) const override { return m_index->userId(int(key)); }
    int idColumn() const override { return m_idColumn; }

private:
    struct Column
    {
        enum class Source : quint8 { Numbers, Times, UserProperty, AccountProperty };
        QString name;
        ListColumnType type = ListColumnType::Text;
        Source source = Source::Numbers;
        std::vector<double> numbers; // Numbers: by user; NaN: missing
        std::vector<qint64> times;   // Times: by user
        int propertyColumn = -1;     // UserProperty, AccountProperty
        PropertyCells property;
    };

    UserList() = default;

    std::shared_ptr<const EventIndex> m_index;
    std::vector<Column> m_columns;
    int m_onboardingSteps = 0;
    int m_idColumn = -1;
};

// The user with this ID, else the first user (by number) with this e-mail, case insensitive;
// -1 when none (UserList::findUser, the user timeline).
int findUserByIdOrEmail(const EventIndex& index, const QString& idOrEmail);

} // namespace pulsebook
