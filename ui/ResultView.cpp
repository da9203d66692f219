#include "ResultView.h"

#include "CsvExport.h"
#include "RagDelegate.h"
#include "RagStyle.h"
#include "Settings.h"

#include "export/TableCsv.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QTreeView>
#include <QVBoxLayout>

#include <utility>

namespace pulsebook {

namespace {

// A tree view whose Enter activates the current row (QTreeView only does that on some
// platforms' styles).
class Tree : public QTreeView
{
public:
    using QTreeView::QTreeView;

protected:
    void keyPressEvent(QKeyEvent* event) override
    {
        if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) &&
            currentIndex().isValid()) {
            emit activated(currentIndex());
            return;
        }
        QTreeView::keyPressEvent(event);
    }
};

} // namespace

ResultProxy::ResultProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ResultTableModel::SortRole);
    setSortLocaleAware(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void ResultProxy::setSearchText(const QString& text)
{
    if (text == m_search)
        return;
    m_search = text;
    invalidateRowsFilter();
}

void ResultProxy::setRowFilter(std::function<bool(int)> accept)
{
    m_accept = std::move(accept);
    invalidateRowsFilter();
}

void ResultProxy::setSearchColumns(std::vector<int> columns)
{
    m_searchColumns = std::move(columns);
    if (!m_search.isEmpty())
        invalidateRowsFilter();
}

bool ResultProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    // Missing values last whichever way the column is sorted.
    const bool descending = sortOrder() == Qt::DescendingOrder;
    if (!a.isValid() || !b.isValid()) {
        if (a.isValid() == b.isValid())
            return descending ? right.row() < left.row() : left.row() < right.row();
        return a.isValid() != descending;
    }
    if (a.typeId() == QMetaType::QString && b.typeId() == QMetaType::QString) {
        const int order = QString::localeAwareCompare(a.toString(), b.toString());
        if (order != 0)
            return order < 0;
    } else {
        const int order = QVariant::compare(a, b) == QPartialOrdering::Less      ? -1
                          : QVariant::compare(a, b) == QPartialOrdering::Greater ? 1
                                                                                 : 0;
        if (order != 0)
            return order < 0;
    }
    // Ties keep the table's order in either direction.
    return descending ? right.row() < left.row() : left.row() < right.row();
}

bool ResultProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_accept && !m_accept(sourceRow))
        return false;
    if (m_search.isEmpty())
        return true;
    const QAbstractItemModel* model = sourceModel();
    const int columns = model->columnCount(sourceParent);
    auto matches = [&](int c) {
        return model->index(sourceRow, c, sourceParent)
            .data(Qt::DisplayRole)
            .toString()
            .contains(m_search, Qt::CaseInsensitive);
    };
    if (m_searchColumns.empty()) {
        for (int c = 0; c < columns; ++c) {
            if (matches(c))
                return true;
        }
        return false;
    }
    for (const int c : m_searchColumns) {
        if (c < columns && matches(c))
            return true;
    }
    return false;
}

ResultView::ResultView(const QString& settingsKey, QWidget* parent)
    : QWidget(parent), m_settingsKey(settingsKey), m_model(new ResultTableModel(this)),
      m_proxy(new ResultProxy(this)), m_tree(new Tree(this)),
      m_totalsModel(new ResultTableModel(this)), m_totals(new QTreeView(this)),
      m_singular(tr("row")), m_plural(tr("rows")), m_exporting(new CsvExport(this))
{
    m_proxy->setSourceModel(m_model);
    m_tree->setObjectName(QStringLiteral("resultTree"));
    m_tree->setModel(m_proxy);
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSortingEnabled(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setItemDelegate(new RagDelegate(m_tree));
    m_tree->header()->setSectionsMovable(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setResizeContentsPrecision(0);
    connect(m_tree->header(), &QHeaderView::customContextMenuRequested, this,
            &ResultView::showHeaderMenu);
    connect(m_tree->header(), &QHeaderView::sortIndicatorChanged, this,
            [this] { m_userSorted = m_model->rowCount() > 0; });
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex& index) {
        if (index.isValid())
            emit activated(m_proxy->mapToSource(index).row());
    });

    m_totals->setObjectName(QStringLiteral("totalsRow"));
    m_totals->setAccessibleName(tr("Totals"));
    m_totals->setModel(m_totalsModel);
    m_totals->setRootIsDecorated(false);
    m_totals->setHeaderHidden(true);
    m_totals->header()->setStretchLastSection(false);
    m_totals->setFocusPolicy(Qt::NoFocus);
    m_totals->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_totals->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_totals->setSelectionMode(QAbstractItemView::NoSelection);
    m_totals->setItemDelegate(new RagDelegate(m_totals));
    QFont bold = m_totals->font();
    bold.setBold(true);
    m_totals->setFont(bold);
    m_totals->hide();
    // The footer follows the header (footer-only changes: resizing the tree's own sections from
    // inside its sectionResized corrupts their positions).
    connect(m_tree->header(), &QHeaderView::sectionResized, this, &ResultView::syncTotalsGeometry);
    connect(m_tree->header(), &QHeaderView::sectionMoved, this, &ResultView::syncTotalsGeometry);
    connect(m_tree->horizontalScrollBar(), &QScrollBar::valueChanged,
            m_totals->horizontalScrollBar(), &QScrollBar::setValue);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_totals);

    m_copy = new QAction(tr("&Copy Rows"), this);
    m_copy->setObjectName(QStringLiteral("copyRows"));
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copy, &QAction::triggered, this, &ResultView::copySelection);
    m_tree->addAction(m_copy);
    m_export = new QAction(tr("&Export to CSV…"), this);
    m_export->setObjectName(QStringLiteral("exportCsv"));
    m_export->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_export->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_export, &QAction::triggered, this, &ResultView::exportCsv);
    addAction(m_export);

    auto rowsChanged = [this] {
        updateTotals();
        emit shownRowsChanged(m_proxy->rowCount());
    };
    connect(m_proxy, &QAbstractItemModel::modelReset, this, rowsChanged);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, rowsChanged);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, rowsChanged);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, rowsChanged);

    connect(m_exporting, &CsvExport::finished, this, &ResultView::exportFinished);
    connect(m_exporting, &CsvExport::cancelled, this, &ResultView::exportCancelled);
}

ResultView::~ResultView() = default;

void ResultView::setPathChooser(PathChooser chooser)
{
    CsvExport::setPathChooser(std::move(chooser));
}

bool ResultView::isExporting() const
{
    return m_exporting->isRunning();
}

void ResultView::setTable(std::shared_ptr<const ResultTable> table)
{
    const int sortColumn = m_tree->header()->sortIndicatorSection();
    const QString sortId = sortColumn >= 0 && sortColumn < m_model->columnCount()
                               ? m_model->column(sortColumn).id
                               : QString();
    const Qt::SortOrder order = m_tree->header()->sortIndicatorOrder();
    const bool userSorted = m_userSorted;
    m_model->setTable(std::move(table));
    applyHiddenColumns();
    const QString id = userSorted && !sortId.isEmpty() ? sortId : m_defaultSort;
    const int c = m_model->columnOf(id);
    m_tree->sortByColumn(c, userSorted ? order : m_defaultOrder);
    m_userSorted = userSorted;
    // Fit the columns once to the first rows (never ResizeToContents on a big view).
    for (int col = 0; col < m_model->columnCount(); ++col) {
        if (!m_tree->isColumnHidden(col))
            m_tree->resizeColumnToContents(col);
    }
    updateTotals();
}

void ResultView::setDefaultHiddenColumns(const QStringList& ids)
{
    m_defaultHidden = ids;
    applyHiddenColumns();
}

void ResultView::setDefaultSort(const QString& columnId, Qt::SortOrder order)
{
    m_defaultSort = columnId;
    m_defaultOrder = order;
}

void ResultView::setTotalsVisible(bool visible)
{
    m_totals->setVisible(visible);
    updateTotals();
}

void ResultView::setNouns(const QString& singular, const QString& plural)
{
    m_singular = singular;
    m_plural = plural;
}

void ResultView::setScopeDescription(const QString& text)
{
    m_scope = text;
}

void ResultView::applyHiddenColumns()
{
    QStringList hidden = m_defaultHidden;
    if (!m_settingsKey.isEmpty()) {
        const QVariantMap saved = Settings::instance().get(Settings::Key::HiddenColumns).toMap();
        if (saved.contains(m_settingsKey))
            hidden = saved.value(m_settingsKey).toStringList();
    }
    for (int c = 0; c < m_model->columnCount(); ++c)
        m_tree->setColumnHidden(c, m_model->isPairedStatus(c) ||
                                       hidden.contains(m_model->column(c).id));
    std::vector<int> search;
    for (int c = 0; c < m_model->columnCount(); ++c) {
        if (!m_tree->isColumnHidden(c))
            search.push_back(c);
    }
    m_proxy->setSearchColumns(std::move(search));
    syncTotalsGeometry();
}

void ResultView::saveHiddenColumns() const
{
    if (m_settingsKey.isEmpty())
        return;
    QStringList hidden;
    for (int c = 0; c < m_model->columnCount(); ++c) {
        if (m_tree->isColumnHidden(c) && !m_model->isPairedStatus(c))
            hidden << m_model->column(c).id;
    }
    Settings& settings = Settings::instance();
    QVariantMap saved = settings.get(Settings::Key::HiddenColumns).toMap();
    saved.insert(m_settingsKey, hidden);
    settings.set(Settings::Key::HiddenColumns, saved);
}

bool ResultView::isColumnShown(const QString& id) const
{
    const int c = m_model->columnOf(id);
    return c >= 0 && !m_tree->isColumnHidden(c);
}

void ResultView::setColumnShown(const QString& id, bool shown)
{
    const int c = m_model->columnOf(id);
    if (c < 0 || m_model->isPairedStatus(c))
        return;
    m_tree->setColumnHidden(c, !shown);
    if (shown)
        m_tree->resizeColumnToContents(c);
    saveHiddenColumns();
    applyHiddenColumns();
}

void ResultView::showHeaderMenu(const QPoint& pos)
{
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("columnsMenu"));
    for (int c = 0; c < m_model->columnCount(); ++c) {
        if (m_model->isPairedStatus(c))
            continue;
        QAction* action = menu.addAction(m_model->column(c).title);
        action->setCheckable(true);
        action->setChecked(!m_tree->isColumnHidden(c));
        const QString id = m_model->column(c).id;
        connect(action, &QAction::toggled, this,
                [this, id](bool shown) { setColumnShown(id, shown); });
    }
    menu.addSeparator();
    menu.addAction(tr("Reset Columns"), this, [this] {
        if (!m_settingsKey.isEmpty()) {
            QVariantMap saved = Settings::instance().get(Settings::Key::HiddenColumns).toMap();
            saved.remove(m_settingsKey);
            Settings::instance().set(Settings::Key::HiddenColumns, saved);
        }
        applyHiddenColumns();
    });
    menu.exec(m_tree->header()->mapToGlobal(pos));
}

std::vector<int> ResultView::shownRows() const
{
    std::vector<int> rows;
    rows.reserve(size_t(m_proxy->rowCount()));
    for (int r = 0; r < m_proxy->rowCount(); ++r)
        rows.push_back(m_proxy->mapToSource(m_proxy->index(r, 0)).row());
    return rows;
}

std::vector<int> ResultView::shownColumns() const
{
    std::vector<int> columns;
    const QHeaderView* header = m_tree->header();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int c = header->logicalIndex(visual);
        if (m_tree->isColumnHidden(c))
            continue;
        columns.push_back(c);
        if (const int status = m_model->statusColumnOf(c); status >= 0)
            columns.push_back(status);
    }
    return columns;
}

int ResultView::currentSourceRow() const
{
    const QModelIndex current = m_tree->currentIndex();
    return current.isValid() ? m_proxy->mapToSource(current).row() : -1;
}

QString ResultView::selectedText() const
{
    QList<int> rows;
    for (const QModelIndex& index : m_tree->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    const std::vector<int> columns = shownColumns();
    QString text;
    for (const int r : rows) {
        const int source = m_proxy->mapToSource(m_proxy->index(r, 0)).row();
        QStringList cells;
        for (const int c : columns) {
            QString cell = m_model->column(c).kind == ValueKind::Status
                               ? RagStyle::word(m_model->rag(source, c))
                               : m_model->text(source, c);
            cell.replace(QLatin1Char('\t'), QLatin1Char(' '))
                .replace(QLatin1Char('\n'), QLatin1Char(' '));
            cells << cell;
        }
        text += cells.join(QLatin1Char('\t')) + QLatin1Char('\n');
    }
    return text;
}

void ResultView::copySelection()
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

QString ResultView::exportTitle() const
{
    const int n = m_proxy->rowCount();
    QString title = tr("Export %1 %2").arg(QLocale().toString(n), n == 1 ? m_singular : m_plural);
    QStringList filters;
    if (!m_scope.isEmpty())
        filters << m_scope;
    if (!m_proxy->searchText().isEmpty())
        filters << tr("search \"%1\"").arg(m_proxy->searchText());
    if (!filters.isEmpty())
        title += tr(" (scope: %1)").arg(filters.join(QStringLiteral(", ")));
    return title;
}

void ResultView::exportCsv()
{
    if (isExporting())
        return;
    // "book", "today", "user-events": the table's settings key as a file name.
    QString name = m_settingsKey;
    name.replace(QLatin1Char('/'), QLatin1Char('-'));
    const QString path = CsvExport::choosePath(this, exportTitle(), name);
    if (!path.isEmpty())
        exportTo(path);
}

void ResultView::exportTo(const QString& path)
{
    std::shared_ptr<const ResultTable> table = m_model->sharedTable();
    std::vector<int> rows = shownRows();
    std::vector<int> columns = shownColumns();
    m_exporting->start(exportTitle(), path, [table, path, rows, columns](Progress* progress) {
        if (rows.empty()) {
            // An empty list still exports its header.
            ResultTable header;
            header.columns = table->columns;
            return writeTableCsv(header, path, progress, rows, columns);
        }
        return writeTableCsv(*table, path, progress, rows, columns);
    });
}

void ResultView::cancelExport()
{
    m_exporting->cancel();
}

void ResultView::updateTotals()
{
    if (!m_totals->isVisible() && m_totals->isHidden())
        return;
    const ResultTable& table = m_model->table();
    ResultTable totals;
    totals.columns = table.columns;
    ResultRow row(table.columns.size());
    const std::vector<int> rows = shownRows();
    // "Total (N)" in the first text column shown.
    int label = -1;
    for (const int c : shownColumns()) {
        if (table.columns[size_t(c)].kind == ValueKind::Text) {
            label = c;
            break;
        }
    }
    for (size_t c = 0; c < table.columns.size(); ++c) {
        ResultColumn& column = totals.columns[c];
        column.statusColumn.clear();
        if (column.kind == ValueKind::Integer || column.kind == ValueKind::Money) {
            double sum = 0;
            for (const int r : rows) {
                const ListCell& cell = table.rows[size_t(r)][c];
                if (cell.kind == ListCell::Kind::Number)
                    sum += cell.number;
            }
            row[c] = ListCell::ofNumber(sum);
        } else if (column.kind == ValueKind::Status) {
            qint64 counts[3] = {};
            for (const int r : rows) {
                const Rag rag = m_model->rag(r, int(c));
                counts[0] += rag == Rag::Red;
                counts[1] += rag == Rag::Yellow;
                counts[2] += rag == Rag::Green;
            }
            column.kind = ValueKind::Text;
            row[c] = ListCell::ofText(
                tr("R %1 · Y %2 · G %3").arg(counts[0]).arg(counts[1]).arg(counts[2]));
        } else if (int(c) == label) {
            row[c] =
                ListCell::ofText(tr("Total (%1)").arg(QLocale().toString(qint64(rows.size()))));
        }
    }
    totals.rows.push_back(std::move(row));
    m_totalsModel->setTable(std::move(totals));
    syncTotalsGeometry();
    // A total may be wider than its column's values: widen the column to show it whole.
    const QFontMetrics metrics = m_totals->fontMetrics();
    for (int c = 0; c < m_totalsModel->columnCount(); ++c) {
        const QString total = m_totalsModel->text(0, c);
        const int wanted = metrics.horizontalAdvance(total) + 2 * metrics.height();
        if (!m_tree->isColumnHidden(c) && !total.isEmpty() && wanted > m_tree->columnWidth(c))
            m_tree->setColumnWidth(c, wanted);
    }
}

void ResultView::syncTotalsGeometry()
{
    if (m_totals->isHidden())
        return;
    const QHeaderView* header = m_tree->header();
    QHeaderView* footer = m_totals->header();
    for (int c = 0; c < m_totalsModel->columnCount() && c < header->count(); ++c) {
        m_totals->setColumnHidden(c, m_tree->isColumnHidden(c));
        if (!m_tree->isColumnHidden(c)) // resizing a hidden section leaves a gap
            m_totals->setColumnWidth(c, header->sectionSize(c));
        const int visual = footer->visualIndex(c);
        if (visual != header->visualIndex(c))
            footer->moveSection(visual, header->visualIndex(c));
    }
    m_totals->setFixedHeight(m_totals->sizeHintForRow(0) + 2 * m_totals->frameWidth());
}

} // namespace pulsebook
