#pragma once

#include "ResultTableModel.h"

#include <QSortFilterProxyModel>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

class QAction;
class QTreeView;

namespace pulsebook {

class CsvExport;

// Sorts a ResultTableModel by its typed SortRole (missing values last in either order, ties by
// row) and filters it by a search text (any shown cell containing it, ignoring case) and a row
// predicate (a view's tiles).
class ResultProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ResultProxy(QObject* parent = nullptr);

    void setSearchText(const QString& text);
    QString searchText() const { return m_search; }
    // Source rows for which `accept` is false are hidden; an empty function shows every row.
    void setRowFilter(std::function<bool(int sourceRow)> accept);
    // Columns the search looks in (the view's visible ones); empty = every column.
    void setSearchColumns(std::vector<int> columns);

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_search;
    std::function<bool(int)> m_accept;
    std::vector<int> m_searchColumns;
};

// A result table on screen: a sortable tree view over a ResultTableModel, RYG cells painted by
// RagDelegate, columns chosen from the header's context menu and remembered (settingsKey), an
// optional totals row pinned below, Ctrl+C copying the selected rows as tab-separated text, and
// export: "Export 20 accounts (scope: Maya Patel, Red)…" writes exactly the rows and columns
// shown, in their order, on a worker with progress and Cancel (core/export/TableCsv).
class ResultView : public QWidget
{
    Q_OBJECT

public:
    // `settingsKey` names the table in the settings (its hidden columns); "" = not remembered.
    explicit ResultView(const QString& settingsKey, QWidget* parent = nullptr);
    ~ResultView() override;

    ResultTableModel* model() const { return m_model; }
    ResultProxy* proxy() const { return m_proxy; }
    QTreeView* tree() const { return m_tree; }

    // Shows `table` (the selection and the scroll position reset; hidden columns and the sort
    // stay).
    void setTable(std::shared_ptr<const ResultTable> table);
    // Columns hidden until the user shows them (by id); paired status columns are always
    // folded into their value column.
    void setDefaultHiddenColumns(const QStringList& ids);
    // The initial sort (applied on each setTable until the user sorts).
    void setDefaultSort(const QString& columnId, Qt::SortOrder order);
    void setTotalsVisible(bool visible);
    // What a row is, for the export's title: "account", "accounts".
    void setNouns(const QString& singular, const QString& plural);
    // What the rows are filtered by, for the export's title: "Maya Patel, Red".
    void setScopeDescription(const QString& text);

    // Source rows in the order shown; visible source columns in the order shown, each value
    // column followed by the status column that colours it.
    std::vector<int> shownRows() const;
    std::vector<int> shownColumns() const;
    bool isColumnShown(const QString& id) const;
    void setColumnShown(const QString& id, bool shown);
    // The text of the shown cells of the selected rows, tab-separated, a line each.
    QString selectedText() const;
    // "Export 20 accounts (scope: Maya Patel, Red)".
    QString exportTitle() const;
    // The source row of the current index, -1 when none.
    int currentSourceRow() const;

    QAction* copyAction() const { return m_copy; }
    QAction* exportAction() const { return m_export; }

    // Writes the rows shown to `path` on a worker; exportFinished or exportCancelled follows.
    void exportTo(const QString& path);
    bool isExporting() const;
    void cancelExport();

    // Chooses the file every export writes to (CsvExport::setPathChooser): tests answer it; the
    // default is a file dialog.
    using PathChooser = std::function<QString(QWidget* parent, const QString& title)>;
    static void setPathChooser(PathChooser chooser);

signals:
    // Enter or a double click on a row.
    void activated(int sourceRow);
    // An export was written (ok: the path) or failed (the reason) / was cancelled.
    void exportFinished(bool ok, const QString& pathOrError);
    void exportCancelled();
    // The rows shown changed (filter, search, new table).
    void shownRowsChanged(int count);

public slots:
    void exportCsv();
    void copySelection();

private:
    void showHeaderMenu(const QPoint& pos);
    void applyHiddenColumns();
    void saveHiddenColumns() const;
    void updateTotals();
    void syncTotalsGeometry();

    QString m_settingsKey;
    ResultTableModel* m_model;
    ResultProxy* m_proxy;
    QTreeView* m_tree;
    ResultTableModel* m_totalsModel;
    QTreeView* m_totals;
    QAction* m_copy;
    QAction* m_export;
    QStringList m_defaultHidden;
    QString m_defaultSort;
    Qt::SortOrder m_defaultOrder = Qt::AscendingOrder;
    bool m_userSorted = false;
    QString m_singular;
    QString m_plural;
    QString m_scope;
    CsvExport* m_exporting;
};

} // namespace pulsebook
