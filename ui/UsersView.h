#pragma once

#include "UsersData.h"
#include "View.h"
#include "ViewJob.h"

#include <QString>
#include <QStringList>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace pulsebook {

class CsvExport;
class ListWindowModel;

// The users list: every user in the scope (or of a segment it was opened on), newest activity
// first, in the columns chosen from the header's menu (remembered). The exact count is on screen
// as soon as the rows are known; the table of columns is built and sorted in core
// (UserList + SortedList) on a worker, and rows are read in windows as the view reaches them
// (ListWindowModel). Find by user ID or e-mail (Ctrl+F) selects the user; Ctrl+C copies the
// selected rows; Ctrl+E exports the whole list in its order and columns (core/export/ListCsv);
// Enter opens the user's timeline.
class UsersView : public View
{
    Q_OBJECT

public:
    explicit UsersView(AppContext* context, QWidget* parent = nullptr);
    ~UsersView() override;

    // `argument`: a QVariantMap {"segment": a workspace segment's name or an expression,
    // "title": what to call it} shows only that segment's users until Show All Users; anything
    // else shows every user of the scope.
    void activate(const QVariant& argument) override;

    QTableView* table() const { return m_table; }
    ListWindowModel* model() const { return m_model; }
    // The list's count, -1 while unknown.
    qint64 count() const { return m_rows.rows ? qint64(m_rows.rows->size()) : -1; }
    // Column ids shown, in order; every column the header's menu offers.
    QStringList columns() const { return m_columns; }
    QStringList availableColumns() const;
    void setColumnShown(const QString& id, bool shown);
    // Every user of the list in its order and columns, to `path`, on a worker with progress and
    // Cancel; exportFinished or exportCancelled follows.
    void exportTo(const QString& path);
    bool isExporting() const;
    // "Export 12,345 users (scope: Maya Patel, as of 2026-11-01)".
    QString exportTitle() const;
    // Finds a user by ID or e-mail and selects them (the search box's Enter); found() follows.
    void findUser(const QString& idOrEmail);
    // The selected rows as tab-separated text, a line each, read on a worker: copied() follows
    // (and the clipboard holds it).
    void copySelection();

signals:
    // The list's count is on screen.
    void countShown(qint64 count);
    // A find ended: the row selected, or -1 (not in this list) / -2 (nobody).
    void found(qint64 row);
    void copied(const QString& text);
    void exportFinished(bool ok, const QString& pathOrError);
    void exportCancelled();

private:
    void reload() override;
    void showRows(const UsersRows& rows);
    void sortList();
    void showList(const UsersList& list);
    void requestSort(int column, Qt::SortOrder order);
    void setColumns(const QStringList& columns);
    void showColumnsMenu(const QPoint& globalPos);
    void showFound(qint64 row, const QString& text);
    void openUser(int row);
    void updateTexts();
    QString scopeText() const;

    ViewJob<UsersRows> m_rowsJob;
    ViewJob<UsersList> m_listJob;
    ViewJob<qint64> m_findJob;
    ViewJob<QString> m_copyJob;
    QLabel* m_title;
    QPushButton* m_showAll;
    QLineEdit* m_search;
    QLabel* m_count;
    QLabel* m_status;
    QPushButton* m_export;
    QTableView* m_table;
    ListWindowModel* m_model;
    CsvExport* m_exporting;

    QString m_segment;      // the segment the view was opened on ("" = every user)
    QString m_segmentTitle; // what to call it
    QStringList m_columns;  // ids, in order
    QString m_sortColumn;   // "" = the default order
    bool m_descending = false;
    bool m_settingSort = false; // the header's indicator is being set to the list's order
    bool m_fitColumns = true;   // fit the columns to the next rows shown
    UsersRows m_rows;
    std::shared_ptr<const UserList> m_userTable; // reused by a re-sort
    quint32 m_keepUser = 0;                      // the user to keep selected across a re-sort
    bool m_keepSelection = false;
};

} // namespace pulsebook
