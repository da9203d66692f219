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

struct AccountListParams
{
    // Column names from AccountList::availableColumns(); empty: defaultColumns().
    QStringList columns;
    // For the kpi: and onboarding_rate columns; empty: the workspace's.
    QStringList kpiEvents;
    QStringList onboardingSteps;
};

// The book of business as a ListTable keyed by account number, for SortedList. Columns, over
// the users in the context's filter, as of context.asOfMs:
//   users, active_users, wau, mau, last_activity, kpi:<event>   the usage rollup (Rollup.h)
//   onboarding_rate  users with no missing step / users (0-1; missing with no users)
//   <property>       an account property (account_id, name, csm, arr, renewal_date, ...)
// Only the columns asked for are computed; properties are typed as PropertyCells says;
// account_id sorts in the ID order (SortedList).
class AccountList : public ListTable
{
public:
    static QStringList availableColumns(const EventIndex& index, const Workspace* workspace);
    // account_id, name, csm, users, active_users, mau, last_activity and the KPIs.
    static QStringList defaultColumns(const EventIndex& index, const Workspace* workspace);
    // Most recent activity first: last_activity, descending (the ID order without it).
    SortKey defaultSort() const;

    // Null with *error on an unknown column or event; null with *error untouched when cancelled
    // through context.progress.
    static std::shared_ptr<const AccountList>
    build(const AnalysisContext& context, const AccountListParams& params, QString* error);
    // Every account without a segment filter; with one, the accounts with a user in it.
    static std::vector<quint32> rows(const AnalysisContext& context);

    quint32 rowCount() const override { return quint32(m_index->accountCount()); }
    int columnCount() const override { return int(m_columns.size()); }
    QString columnName(int column) const override { return m_columns[size_t(column)].name; }
    ListColumnType columnType(int column) const override { return m_columns[size_t(column)].type; }
    ListCell cell(quint32 key, int column) const override;
    QString cellText(quint32 key, int column) const override;
    QString rowId(quint32 key) const override { return m_index->accountId(int(key)); }
    int idColumn() const override { return m_idColumn; }

private:
    struct Column
    {
        QString name;
        ListColumnType type = ListColumnType::Number;
        std::vector<double> numbers; // computed numbers by account; NaN: missing
        std::vector<qint64> times;   // computed times by account
        int propertyColumn = -1;     // an account property
        PropertyCells property;
    };

    AccountList() = default;

    std::shared_ptr<const EventIndex> m_index;
    std::vector<Column> m_columns;
    int m_idColumn = -1;
};

} // namespace pulsebook
