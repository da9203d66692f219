#include "UsersView.h"

#include "CsvExport.h"
#include "ListWindowModel.h"
#include "PageParts.h"
#include "Settings.h"
#include "ViewRegistry.h"

#include "export/ListCsv.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>
#include <utility>

namespace pulsebook {

namespace {

const QLatin1String OnboardingDone("onboarding_done");

// What a column is called on screen; its id (the CLI's name) is the header's tooltip.
QString columnTitle(const QString& id)
{
    static const QHash<QString, const char*> titles = {
        {QStringLiteral("user_id"), QT_TRANSLATE_NOOP("pulsebook::UsersView", "User ID")},
        {QStringLiteral("email"), QT_TRANSLATE_NOOP("pulsebook::UsersView", "E-mail")},
        {QStringLiteral("account_id"), QT_TRANSLATE_NOOP("pulsebook::UsersView", "Account")},
        {QStringLiteral("last_event"), QT_TRANSLATE_NOOP("pulsebook::UsersView", "Last event")},
        {QStringLiteral("last_seen"), QT_TRANSLATE_NOOP("pulsebook::UsersView", "Last session")},
        {QStringLiteral("sessions_30d"),
         QT_TRANSLATE_NOOP("pulsebook::UsersView", "Sessions 30 d")},
        {QStringLiteral("sessions_90d"),
         QT_TRANSLATE_NOOP("pulsebook::UsersView", "Sessions 90 d")},
        {QStringLiteral("onboarding_done"),
         QT_TRANSLATE_NOOP("pulsebook::UsersView", "Onboarding")},
    };
    const auto known = titles.constFind(id);
    if (known != titles.constEnd())
        return UsersView::tr(known.value());
    if (id.startsWith(QLatin1String("kpi:")))
        return UsersView::tr("%1 (30 d)").arg(id.mid(4));
    if (id.startsWith(QLatin1String("account.")))
        return UsersView::tr("Account %1").arg(id.mid(8));
    return id;
}

QStringList columnTitles(const QStringList& ids)
{
    QStringList titles;
    for (const QString& id : ids)
        titles << columnTitle(id);
    return titles;
}

// Enter on a row opens it (QTableView only activates on some platforms' styles).
class EnterOpens : public QObject
{
public:
    EnterOpens(QTableView* table, std::function<void(int)> open)
        : QObject(table), m_table(table), m_open(std::move(open))
    {
        table->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::KeyPress) {
            const int key = static_cast<QKeyEvent*>(event)->key();
            if ((key == Qt::Key_Return || key == Qt::Key_Enter) &&
                m_table->currentIndex().isValid()) {
                m_open(m_table->currentIndex().row());
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QTableView* m_table;
    std::function<void(int)> m_open;
};

} // namespace

UsersView::UsersView(AppContext* context, QWidget* parent)
    : View(context, parent), m_rowsJob(this, [this](UsersRows rows) { showRows(rows); }),
      m_listJob(this, [this](UsersList list) { showList(list); }),
      m_findJob(this, [this](qint64 row) { showFound(row, m_search->text().trimmed()); }),
      m_copyJob(this,
                [this](QString text) {
                    if (!text.isEmpty())
                        QApplication::clipboard()->setText(text);
                    emit copied(text);
                }),
      m_title(pageTitle(tr("Users"), QStringLiteral("usersTitle"), this)),
      m_showAll(new QPushButton(tr("Show All Users"), this)), m_search(new QLineEdit(this)),
      m_count(new QLabel(this)), m_status(new QLabel(this)), m_export(new QPushButton(this)),
      m_table(new QTableView(this)), m_model(new ListWindowModel(this)),
      m_exporting(new CsvExport(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    m_showAll->setObjectName(QStringLiteral("usersShowAll"));
    m_showAll->hide();
    connect(m_showAll, &QPushButton::clicked, this, [this] { activate(QVariant()); });
    top->addWidget(m_showAll);
    layout->addLayout(top);

    auto* bar = new QHBoxLayout;
    setUpSearchField(m_search, this, QStringLiteral("usersSearch"),
                     tr("Find a user by ID or e-mail (Ctrl+F), then Enter"),
                     tr("Find a user by ID or e-mail"));
    connect(m_search, &QLineEdit::returnPressed, this, [this] { findUser(m_search->text()); });
    m_count->setObjectName(QStringLiteral("usersCount"));
    m_count->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_count->font();
    bold.setBold(true);
    m_count->setFont(bold);
    m_status->setObjectName(QStringLiteral("usersStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_export->setObjectName(QStringLiteral("usersExport"));
    m_export->setEnabled(false);
    auto* exportAction = new QAction(tr("&Export to CSV…"), this);
    exportAction->setObjectName(QStringLiteral("exportCsv"));
    exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    exportAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    auto exportCsv = [this] {
        if (!m_model->list() || isExporting())
            return;
        const QString path = CsvExport::choosePath(this, exportTitle(), QStringLiteral("users"));
        if (!path.isEmpty())
            exportTo(path);
    };
    connect(exportAction, &QAction::triggered, this, exportCsv);
    connect(m_export, &QPushButton::clicked, this, exportCsv);
    addAction(exportAction);
    connect(m_exporting, &CsvExport::finished, this, &UsersView::exportFinished);
    connect(m_exporting, &CsvExport::cancelled, this, &UsersView::exportCancelled);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_count);
    bar->addWidget(m_status);
    // The header's menu from the keyboard too.
    auto* columnsButton = new QPushButton(tr("Columns…"), this);
    columnsButton->setObjectName(QStringLiteral("usersColumns"));
    columnsButton->setToolTip(tr("Choose the columns (also the header's context menu)"));
    connect(columnsButton, &QPushButton::clicked, this, [this, columnsButton] {
        showColumnsMenu(columnsButton->mapToGlobal(QPoint(0, columnsButton->height())));
    });
    bar->addWidget(columnsButton);
    bar->addWidget(m_export);
    layout->addLayout(bar);

    m_table->setObjectName(QStringLiteral("usersTable"));
    m_table->setAccessibleName(tr("Users"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setTabKeyNavigation(false);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // A million rows: fixed heights, nothing measured beyond what is on screen.
    QHeaderView* rows = m_table->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView* header = m_table->horizontalHeader();
    header->setResizeContentsPrecision(0);
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this](const QPoint& pos) {
        showColumnsMenu(m_table->horizontalHeader()->mapToGlobal(pos));
    });
    connect(header, &QHeaderView::sortIndicatorChanged, this, &UsersView::requestSort);
    connect(m_model, &ListWindowModel::sortRequested, this, &UsersView::requestSort);
    connect(m_table, &QTableView::activated, this,
            [this](const QModelIndex& index) { openUser(index.row()); });
    new EnterOpens(m_table, [this](int row) { openUser(row); });
    auto* copy = new QAction(tr("&Copy Rows"), this);
    copy->setObjectName(QStringLiteral("copyRows"));
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, &UsersView::copySelection);
    m_table->addAction(copy);
    layout->addWidget(m_table, 1);
    setTabOrder(m_showAll, m_search);
    setTabOrder(m_search, m_table);
    setTabOrder(m_table, columnsButton);
    setTabOrder(columnsButton, m_export);

    m_columns = Settings::instance().get(Settings::Key::UserListColumns).toStringList();
    followDataAndScope();
    updateTexts();
}

UsersView::~UsersView() = default;

void UsersView::activate(const QVariant& argument)
{
    const QVariantMap map = argument.toMap();
    const QString segment = map.value(QStringLiteral("segment")).toString().trimmed();
    const QString title = map.value(QStringLiteral("title")).toString();
    const bool changed = segment != m_segment;
    m_segment = segment;
    m_segmentTitle = segment.isEmpty() ? QString() : (title.isEmpty() ? segment : title);
    m_title->setText(m_segment.isEmpty() ? tr("Users") : tr("Users: %1").arg(m_segmentTitle));
    m_showAll->setVisible(!m_segment.isEmpty());
    m_showAll->setToolTip(m_segment.isEmpty() ? QString()
                                              : tr("Showing the users of %1 only").arg(m_segment));
    if (changed)
        reload();
    else
        reloadIfStale();
    m_table->setFocus();
}

void UsersView::reload()
{
    std::shared_ptr<const Snapshot> snapshot = beginReload(m_table, m_status);
    if (!snapshot)
        return;
    const Scope scope = context()->scope();
    const QString segment = m_segment;
    m_listJob.discard();
    m_export->setEnabled(false);
    m_rowsJob.run([snapshot, scope, segment] { return usersInScope(snapshot, scope, segment); });
}

void UsersView::showRows(const UsersRows& rows)
{
    if (rows.snapshot != m_rows.snapshot || rows.context.asOfMs != m_rows.context.asOfMs)
        m_userTable.reset(); // computed on other data or as of another time
    m_rows = rows;
    if (!rows.rows) {
        m_table->setEnabled(true);
        m_status->setText(rows.error);
        m_model->setCount(0);
        updateTexts();
        setReady();
        return;
    }
    // The columns: the remembered ones that this data has, else the default.
    const Workspace* workspace = &rows.snapshot->workspace;
    const QStringList available = UserList::availableColumns(*rows.snapshot->index, workspace);
    QStringList columns;
    for (const QString& c : std::as_const(m_columns)) {
        if (available.contains(c) || c == QLatin1String("user_id"))
            columns << c;
    }
    if (columns.isEmpty())
        columns = UserList::defaultColumns(*rows.snapshot->index, workspace);
    if (columns != m_columns || m_model->columnCount() != columns.size()) {
        m_columns = columns;
        m_model->setColumns(m_columns, columnTitles(m_columns));
        m_fitColumns = true;
    }
    ListCellFormat format;
    const QTimeZone zone(rows.snapshot->calendar.zoneName().toUtf8());
    format.zone = zone.isValid() ? zone : QTimeZone::utc();
    m_model->setFormat(format);
    m_model->setCount(qint64(rows.rows->size()));
    m_status->setText(tr("Sorting…"));
    updateTexts();
    emit countShown(count());
    sortList();
}

void UsersView::sortList()
{
    if (!m_rows.rows)
        return;
    setLoading();
    m_export->setEnabled(false);
    const UsersRows rows = m_rows;
    const QStringList columns = m_columns;
    std::shared_ptr<const UserList> table = m_userTable;
    const QString sortColumn = m_sortColumn;
    const bool descending = m_descending;
    m_listJob.run([rows, columns, table, sortColumn, descending] {
        return sortUsers(rows, columns, table, sortColumn, descending);
    });
}

void UsersView::showList(const UsersList& list)
{
    m_table->setEnabled(true);
    if (!list.list) {
        m_status->setText(list.error);
        setReady();
        return;
    }
    // The empty state: the count says 0, the status why.
    m_status->setText(list.list->count() > 0 ? QString()
                      : m_segment.isEmpty()
                          ? tr("No users in this scope")
                          : tr("No users of %1 in this scope").arg(m_segmentTitle));
    m_userTable = list.table;
    const SortKey key = list.list->sortKey();
    m_sortColumn = key.column >= 0 ? list.table->columnName(key.column) : QString();
    m_descending = key.descending;
    ListCellFormat format = m_model->format();
    format.outOf.clear();
    if (const int c = list.table->columnIndex(OnboardingDone); c >= 0)
        format.outOf[c] = list.table->onboardingStepCount();
    m_model->setFormat(format);
    // The user kept across a re-sort, else the top.
    const qint64 keep = m_keepSelection ? list.list->rowOf(m_keepUser) : -1;
    m_keepSelection = false;
    const int height = std::max(1, m_table->verticalHeader()->defaultSectionSize());
    const qint64 visible = m_table->viewport()->height() / height + 2;
    const qint64 first = keep >= 0 ? std::max<qint64>(0, keep - visible / 2) : 0;
    m_model->setList(list.list, first, visible);
    {
        m_settingSort = true;
        m_table->horizontalHeader()->setSortIndicator(
            key.column, key.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
        m_settingSort = false;
    }
    if (m_fitColumns) {
        // Once per set of columns, to the rows on screen (never to every row of a big list).
        m_fitColumns = false;
        m_table->resizeColumnsToContents();
    }
    if (keep >= 0) {
        m_table->setCurrentIndex(m_model->index(int(keep), 0));
        m_table->scrollTo(m_model->index(int(keep), 0), QAbstractItemView::PositionAtCenter);
    } else {
        m_table->scrollToTop();
    }
    m_export->setEnabled(true);
    updateTexts();
    setReady();
}

void UsersView::requestSort(int column, Qt::SortOrder order)
{
    if (m_settingSort || column < 0 || column >= m_columns.size())
        return;
    const bool descending = order == Qt::DescendingOrder;
    if (m_columns[column] == m_sortColumn && descending == m_descending)
        return;
    m_sortColumn = m_columns[column];
    m_descending = descending;
    const QModelIndex current = m_table->currentIndex();
    std::shared_ptr<const SortedList> list = m_model->list();
    m_keepSelection = list && current.isValid() && current.row() < list->count();
    if (m_keepSelection)
        m_keepUser = list->keyAt(current.row());
    m_status->setText(tr("Sorting…"));
    m_table->setEnabled(false);
    sortList();
}

QStringList UsersView::availableColumns() const
{
    if (!m_rows.snapshot || !m_rows.snapshot->index)
        return m_columns;
    return UserList::availableColumns(*m_rows.snapshot->index, &m_rows.snapshot->workspace);
}

void UsersView::setColumnShown(const QString& id, bool shown)
{
    QStringList columns = m_columns;
    if (shown && !columns.contains(id))
        columns.append(id);
    if (!shown)
        columns.removeAll(id);
    if (columns.isEmpty() || columns == m_columns)
        return;
    Settings::instance().set(Settings::Key::UserListColumns, columns);
    setColumns(columns);
}

void UsersView::setColumns(const QStringList& columns)
{
    m_columns = columns;
    if (!m_columns.contains(m_sortColumn))
        m_sortColumn.clear();
    m_model->setColumns(m_columns, columnTitles(m_columns));
    m_model->setCount(count() < 0 ? 0 : count());
    m_fitColumns = true;
    if (m_rows.rows) {
        m_status->setText(tr("Updating…"));
        sortList();
    }
}

void UsersView::showColumnsMenu(const QPoint& globalPos)
{
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("columnsMenu"));
    for (const QString& id : availableColumns()) {
        QAction* action = menu.addAction(columnTitle(id));
        action->setToolTip(id);
        action->setCheckable(true);
        action->setChecked(m_columns.contains(id));
        action->setEnabled(!(m_columns.size() == 1 && m_columns.contains(id)));
        connect(action, &QAction::toggled, this,
                [this, id](bool shown) { setColumnShown(id, shown); });
    }
    menu.addSeparator();
    menu.addAction(tr("Reset Columns"), this, [this] {
        Settings::instance().set(Settings::Key::UserListColumns, QStringList());
        if (m_rows.snapshot)
            setColumns(
                UserList::defaultColumns(*m_rows.snapshot->index, &m_rows.snapshot->workspace));
    });
    menu.exec(globalPos);
}

void UsersView::findUser(const QString& idOrEmail)
{
    const QString text = idOrEmail.trimmed();
    std::shared_ptr<const SortedList> list = m_model->list();
    std::shared_ptr<const UserList> table = m_userTable;
    if (text.isEmpty() || !list || !table)
        return;
    if (m_search->text().trimmed() != text)
        m_search->setText(text);
    m_findJob.run([list, table, text] { return findInList(*list, *table, text); });
}

void UsersView::showFound(qint64 row, const QString& text)
{
    if (row >= 0 && row < m_model->rowCount()) {
        const QModelIndex index = m_model->index(int(row), 0);
        m_table->setCurrentIndex(index);
        m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                     QItemSelectionModel::Rows);
        m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
        m_status->clear();
    } else if (row == -1) {
        m_status->setText(tr("%1 is not in this list").arg(text));
    } else {
        m_status->setText(tr("No user with ID or e-mail %1").arg(text));
    }
    emit found(row);
}

void UsersView::copySelection()
{
    std::shared_ptr<const SortedList> list = m_model->list();
    if (!list)
        return;
    // Row ranges, not indexes: a selection of a million rows is a few ranges.
    std::vector<std::pair<qint64, qint64>> ranges;
    for (const QItemSelectionRange& range : m_table->selectionModel()->selection())
        ranges.emplace_back(range.top(), range.bottom());
    std::sort(ranges.begin(), ranges.end());
    const ListCellFormat format = m_model->format();
    m_copyJob.run([list, ranges, format] {
        QString text;
        qint64 done = -1; // ranges may overlap (one per column when cells were picked)
        for (const auto& [top, bottom] : ranges) {
            for (const ListRow& row :
                 list->window(std::max(top, done + 1), bottom + 1 - std::max(top, done + 1))) {
                QStringList cells;
                for (size_t c = 0; c < row.cells.size(); ++c)
                    cells << format.text(row.cells[c], int(c))
                                 .replace(QLatin1Char('\t'), QLatin1Char(' '))
                                 .replace(QLatin1Char('\n'), QLatin1Char(' '));
                text += cells.join(QLatin1Char('\t')) + QLatin1Char('\n');
            }
            done = std::max(done, bottom);
        }
        return text;
    });
}

void UsersView::openUser(int row)
{
    // The user timeline is another view: only go there once it is registered.
    std::shared_ptr<const SortedList> list = m_model->list();
    if (!findView(QStringLiteral("user")) || !list || row < 0 || row >= list->count())
        return;
    emit navigate(QStringLiteral("user"), list->table().rowId(list->keyAt(row)));
}

bool UsersView::isExporting() const
{
    return m_exporting->isRunning();
}

void UsersView::exportTo(const QString& path)
{
    std::shared_ptr<const SortedList> list = m_model->list();
    if (!list)
        return;
    m_exporting->start(exportTitle(), path, [list, path](Progress* progress) {
        return writeListCsv(*list, path, progress);
    });
}

QString UsersView::scopeText() const
{
    QStringList parts = scopeParts(context()->scope());
    if (!m_segmentTitle.isEmpty())
        parts << m_segmentTitle;
    return parts.join(QStringLiteral(", "));
}

QString UsersView::exportTitle() const
{
    const qint64 n = std::max<qint64>(0, count());
    return tr("Export %1 %2 (scope: %3)")
        .arg(QLocale().toString(n), n == 1 ? tr("user") : tr("users"), scopeText());
}

void UsersView::updateTexts()
{
    const qint64 n = count();
    m_count->setText(
        n < 0 ? QString()
              : tr("%1 %2").arg(QLocale().toString(n), n == 1 ? tr("user") : tr("users")));
    m_count->setAccessibleName(m_count->text());
    m_export->setText(exportTitle() + QStringLiteral("…"));
    m_export->setToolTip(tr("Every user of the list, in its order and columns (Ctrl+E)"));
}

} // namespace pulsebook
