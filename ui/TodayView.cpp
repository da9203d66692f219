#include "TodayView.h"

#include "AppContext.h"
#include "BookView.h"
#include "ResultView.h"
#include "TodayStore.h"

#include "present/TodayTables.h"

#include <QApplication>
#include <QEvent>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QStyledItemDelegate>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace pulsebook {

namespace {

// "+3", "-2", "±0" over 30 days; "" when the count then is not known.
QString change(qint64 now, qint64 then)
{
    if (then < 0)
        return {};
    const qint64 d = now - then;
    const QString size = QLocale().toString(d < 0 ? -d : d);
    return d > 0   ? QStringLiteral("▲ +%1").arg(size)
           : d < 0 ? QStringLiteral("▼ -%1").arg(size)
                   : QStringLiteral("▶ ±0");
}

// The "line" column wraps its text at the column's width (the column takes the view's free
// width), so a long line reads whole at any window size and scale; the tooltip has it too.
class WrappedLineDelegate : public QStyledItemDelegate
{
public:
    explicit WrappedLineDelegate(QTreeView* tree) : QStyledItemDelegate(tree), m_tree(tree) {}

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override
    {
        QStyleOptionViewItem opt(option);
        opt.features |= QStyleOptionViewItem::WrapText;
        QStyledItemDelegate::paint(painter, opt, index);
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem opt(option);
        initStyleOption(&opt, index);
        opt.features |= QStyleOptionViewItem::WrapText;
        // The tree asks without a size; the style wraps to a valid rect's width.
        opt.rect = QRect(0, 0, m_tree->header()->sectionSize(index.column()), QWIDGETSIZE_MAX);
        const QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
        return style->sizeFromContents(QStyle::CT_ItemViewItem, &opt, QSize(), opt.widget);
    }

private:
    QTreeView* m_tree;
};

} // namespace

TodayView::TodayView(AppContext* context, QWidget* parent)
    : View(context, parent), m_job(this, [this](Loaded loaded) { show(std::move(loaded)); }),
      m_title(new QLabel(tr("Today"), this)), m_status(new QLabel(this)),
      m_lines(new ResultView(QStringLiteral("today"), this)),
      m_lineDelegate(new WrappedLineDelegate(m_lines->tree()))
{
    auto* layout = new QVBoxLayout(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setObjectName(QStringLiteral("todayTitle"));
    m_status->setObjectName(QStringLiteral("todayStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);
    layout->addWidget(m_status);

    auto* tiles = new QGridLayout;
    for (int k = 0; k < TodayKindCount; ++k) {
        auto* button = new QToolButton(this);
        button->setObjectName(QStringLiteral("tile_") + todayKindId(TodayKind(k)));
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        button->setMinimumHeight(button->fontMetrics().height() * 4);
        button->setFocusPolicy(Qt::StrongFocus);
        connect(button, &QToolButton::clicked, this, [this, k] { openTile(TodayKind(k)); });
        m_tiles[k] = button;
        tiles->addWidget(button, k / 3, k % 3);
    }
    layout->addLayout(tiles);

    m_lines->setObjectName(QStringLiteral("todayLines"));
    m_lines->tree()->setAccessibleName(tr("What needs you now"));
    m_lines->setNouns(tr("line"), tr("lines"));
    m_lines->setDefaultHiddenColumns({QStringLiteral("kind"), QStringLiteral("account_id"),
                                      QStringLiteral("list_of"), QStringLiteral("list")});
    connect(m_lines, &ResultView::activated, this, &TodayView::openLine);
    // Lines of different heights (wrapped); a few thousand rows at most.
    QTreeView* tree = m_lines->tree();
    tree->setUniformRowHeights(false);
    tree->setWordWrap(true);
    tree->setTextElideMode(Qt::ElideNone);
    tree->viewport()->installEventFilter(this);
    connect(tree->header(), &QHeaderView::sectionResized, this, [this](int section) {
        if (m_settingTable)
            return; // show() fits the column once the table is in
        if (section == m_lines->model()->columnOf(QStringLiteral("line")))
            m_lines->tree()->doItemsLayout(); // the rows' heights follow the new width
        else
            fitLineColumn();
    });
    layout->addWidget(m_lines, 1);
    addAction(m_lines->exportAction());
    // Tab as the eye reads: the tiles, then the lines (made first, so first in the chain).
    for (int k = 1; k < TodayKindCount; ++k)
        setTabOrder(m_tiles[k - 1], m_tiles[k]);
    setTabOrder(m_tiles[TodayKindCount - 1], m_lines->tree());

    followDataAndScope();
}

void TodayView::activate(const QVariant& argument)
{
    Q_UNUSED(argument);
    reloadIfStale();
}

void TodayView::reload()
{
    const Scope scope = context()->scope();
    const std::shared_ptr<const Snapshot> current = context()->snapshot();
    if (!current) {
        readStored(scope);
        return;
    }
    const QByteArray key =
        current->isValid() ? TodayStore::key(current->dataKey, scope) : QByteArray();
    std::shared_ptr<const Snapshot> snapshot = beginReload(m_lines->tree(), m_status);
    if (!key.isEmpty() && key == m_shownKey) {
        // On screen already, for exactly these inputs (the stored result): nothing to compute.
        m_job.discard();
        m_lines->tree()->setEnabled(true);
        m_status->setText(m_statusText);
        setReady();
        prefetchBook();
        return;
    }
    m_job.run([snapshot, scope, key] {
        Loaded loaded;
        loaded.key = key;
        AnalysisContext analysis;
        TodayParams params;
        params.node = scope.person;
        if (!snapshot->context(scope, &analysis, &loaded.error) ||
            !runToday(analysis, params, &loaded.result, &loaded.error))
            return loaded;
        loaded.lines =
            std::make_shared<const ResultTable>(todayLinesTable(analysis, loaded.result));
        loaded.path = snapshot->path;
        return loaded;
    });
}

void TodayView::readStored(const Scope& scope)
{
    const QString path = context()->workspacePath();
    if (path.isEmpty())
        return;
    setLoading();
    m_lines->tree()->setEnabled(false);
    m_status->setText(tr("Reading the workspace…"));
    m_job.run([path, scope] {
        Loaded loaded;
        loaded.stored = true;
        const QByteArray key = TodayStore::key(Snapshot::readDataKey(path), scope);
        TodayStore::Entry entry;
        if (TodayStore::load(path, key, &entry)) {
            loaded.key = key;
            loaded.result = std::move(entry.result);
            loaded.lines = std::move(entry.lines);
        }
        return loaded;
    });
}

void TodayView::prefetchBook()
{
    // Once this turn of the event loop is over: Today is drawn first.
    QTimer::singleShot(0, this, [this] { BookView::prefetch(context()); });
}

void TodayView::show(Loaded loaded)
{
    if (loaded.stored && !loaded.lines) {
        // No stored result for these inputs: Today is computed once the data is in.
        emit storedResultChecked(false);
        return;
    }
    m_lines->tree()->setEnabled(true);
    const Scope scope = context()->scope();
    const QString who = scope.person.isEmpty() ? tr("all accounts") : scope.person;
    if (!loaded.error.isEmpty()) {
        m_status->setText(loaded.error);
        m_result = TodayResult();
        m_lines->setTable(std::make_shared<const ResultTable>());
    } else {
        m_result = std::move(loaded.result);
        m_settingTable = true;
        m_lines->setTable(loaded.lines);
        m_settingTable = false;
        const int line = m_lines->model()->columnOf(QStringLiteral("line"));
        if (line >= 0)
            m_lines->tree()->setItemDelegateForColumn(line, m_lineDelegate);
        fitLineColumn();
        m_status->setText(
            m_result.lines.empty()
                ? tr("Nothing needs you today (%1).").arg(who)
                : tr("%n line(s) for %1. Enter opens the account; a tile opens the accounts it "
                     "counts.",
                     nullptr, int(m_result.lines.size()))
                      .arg(who));
    }
    m_lines->setScopeDescription(who);
    for (int k = 0; k < TodayKindCount; ++k) {
        QToolButton* button = m_tiles[k];
        const TodayTile* tile = nullptr;
        for (const TodayTile& t : m_result.tiles) {
            if (int(t.kind) == k)
                tile = &t;
        }
        const QString title = todayKindTitle(TodayKind(k));
        if (!tile || !tile->known) {
            button->setText(QStringLiteral("–\n%1").arg(title));
            button->setAccessibleName(tr("%1: not known").arg(title));
            button->setEnabled(false);
            continue;
        }
        button->setEnabled(true);
        const bool users = tile->users >= 0;
        const qint64 count = users ? tile->users : tile->accounts;
        const QString delta = change(count, users ? tile->usersMonthAgo : tile->accountsMonthAgo);
        const QString counted =
            users ? tr("%1 users in %2 accounts")
                        .arg(QLocale().toString(tile->users), QLocale().toString(tile->accounts))
                  : tr("%n account(s)", nullptr, int(tile->accounts));
        button->setText(QStringLiteral("%1\n%2\n%3")
                            .arg(QLocale().toString(count), title,
                                 delta.isEmpty() ? QString() : tr("%1 in 30 days").arg(delta)));
        button->setAccessibleName(tr("%1: %2").arg(title, counted));
        button->setToolTip(tr("%1 — %2; open them in the book").arg(title, counted));
    }
    m_shownKey = loaded.error.isEmpty() ? loaded.key : QByteArray();
    m_showingStored = loaded.stored;
    m_statusText = m_status->text();
    setReady();
    if (loaded.stored) {
        emit storedResultChecked(true);
        return;
    }
    if (loaded.error.isEmpty() && !loaded.key.isEmpty()) {
        // For the next launch, written once Today is drawn (a few megabytes on a big book); a
        // file that cannot be written just means computing then. The worker reads only what it
        // holds: the copies share the data.
        QThreadPool::globalInstance()->start(
            [path = loaded.path, key = loaded.key, result = m_result, lines = loaded.lines] {
                TodayStore::save(path, key, result, *lines);
            });
    }
    prefetchBook();
}

bool TodayView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_lines->tree()->viewport() && event->type() == QEvent::Resize)
        fitLineColumn();
    return View::eventFilter(watched, event);
}

void TodayView::fitLineColumn()
{
    QTreeView* tree = m_lines->tree();
    QHeaderView* header = tree->header();
    const int line = m_lines->model()->columnOf(QStringLiteral("line"));
    if (line < 0 || header->isSectionHidden(line))
        return;
    int others = 0;
    for (int c = 0; c < header->count(); ++c) {
        if (c != line && !header->isSectionHidden(c))
            others += header->sectionSize(c);
    }
    // The view's free width, never so narrow that a line is a word a row.
    const int width =
        std::max(tree->viewport()->width() - others, header->fontMetrics().averageCharWidth() * 30);
    if (header->sectionSize(line) != width)
        header->resizeSection(line, width); // sectionResized lays the rows out again
}

void TodayView::openTile(TodayKind kind)
{
    for (const TodayTile& t : m_result.tiles) {
        if (t.kind != kind)
            continue;
        QVariantMap filter;
        filter.insert(QStringLiteral("title"), todayKindTitle(kind));
        filter.insert(QStringLiteral("accounts"), t.accountIds);
        emit navigate(QStringLiteral("book"), filter);
        return;
    }
}

void TodayView::openLine(int row)
{
    const ResultTable& table = m_lines->model()->table();
    const int id = table.columnOf(QStringLiteral("account_id"));
    const QString account = id >= 0 ? table.rows[size_t(row)][size_t(id)].text : QString();
    if (!account.isEmpty())
        emit navigate(QStringLiteral("account"), account);
}

} // namespace pulsebook
