#include "BookView.h"

#include "AppContext.h"
#include "PageParts.h"
#include "ResultView.h"

#include "analysis/Scorecard.h"
#include "present/BookTable.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <optional>

namespace pulsebook {

namespace {

QString tileName(BookView::Tile tile)
{
    switch (tile) {
    case BookView::Tile::Accounts:
        return BookView::tr("Accounts");
    case BookView::Tile::Red:
        return BookView::tr("Red");
    case BookView::Tile::Renewing:
        return BookView::tr("Renewing ≤ %1 d").arg(BookColumns::RenewingDays);
    case BookView::Tile::RedRenewing:
        return BookView::tr("Red and renewing");
    }
    return {};
}

// The book computed ahead of its first switch (BookView::prefetch): one per AppContext, for one
// snapshot and scope, taken by the first reload that asks for the same.
class BookPrefetch : public QObject
{
public:
    using Done = std::function<void(const BookView::Loaded&)>;

    explicit BookPrefetch(AppContext* context)
        : QObject(context), m_job(this, [this](BookView::Loaded loaded) { landed(loaded); })
    {
        setObjectName(QStringLiteral("bookPrefetch"));
    }

    void start(const std::shared_ptr<const Snapshot>& snapshot, const Scope& scope)
    {
        if (snapshot == m_snapshot.lock() && scope == m_scope && (m_running || m_loaded))
            return;
        m_snapshot = snapshot;
        m_scope = scope;
        m_loaded.reset();
        m_waiting = nullptr;
        m_running = true;
        m_job.run([snapshot, scope] { return BookView::compute(snapshot, scope); });
    }

    // Hands the book for (snapshot, scope) to `done`, at once when it is in, else when it
    // lands; false (and `done` never called) when none is prepared for them.
    bool take(const std::shared_ptr<const Snapshot>& snapshot, const Scope& scope, Done done)
    {
        if (snapshot != m_snapshot.lock() || scope != m_scope || (!m_running && !m_loaded))
            return false;
        if (m_running) {
            m_waiting = std::move(done);
            return true;
        }
        const BookView::Loaded loaded = std::move(*m_loaded);
        forget();
        done(loaded);
        return true;
    }

private:
    void landed(const BookView::Loaded& loaded)
    {
        m_running = false;
        if (m_waiting) {
            const Done done = std::move(m_waiting);
            forget();
            done(loaded);
        } else {
            m_loaded = loaded;
        }
    }
    void forget()
    {
        m_snapshot.reset();
        m_loaded.reset();
        m_waiting = nullptr;
    }

    ViewJob<BookView::Loaded> m_job;
    std::weak_ptr<const Snapshot> m_snapshot;
    Scope m_scope;
    std::optional<BookView::Loaded> m_loaded;
    Done m_waiting;
    bool m_running = false;
};

BookPrefetch* prefetcher(AppContext* context)
{
    // A plain QObject to find (BookPrefetch has no meta-object of its own): the name is ours.
    auto* p =
        context->findChild<QObject*>(QStringLiteral("bookPrefetch"), Qt::FindDirectChildrenOnly);
    return p ? static_cast<BookPrefetch*>(p) : new BookPrefetch(context);
}

} // namespace

BookView::BookView(AppContext* context, QWidget* parent)
    : View(context, parent), m_job(this, [this](Loaded loaded) { show(loaded); }),
      m_search(new QLineEdit(this)), m_export(new QPushButton(this)), m_status(new QLabel(this)),
      m_showAll(new QPushButton(tr("Show All Accounts"), this)),
      m_view(new ResultView(QStringLiteral("book"), this))
{
    auto* layout = new QVBoxLayout(this);
    auto* tiles = new QHBoxLayout;
    const char* names[] = {"tileAccounts", "tileRed", "tileRenewing", "tileRedRenewing"};
    for (int t = 0; t < 4; ++t) {
        auto* button = new QToolButton(this);
        button->setObjectName(QLatin1String(names[t]));
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        button->setMinimumHeight(button->fontMetrics().height() * 3);
        button->setFocusPolicy(Qt::StrongFocus);
        connect(button, &QToolButton::clicked, this, [this, t] {
            // A tile filters; clicking the current one again shows every account.
            setTile(m_tile == Tile(t) ? Tile::Accounts : Tile(t));
        });
        m_tiles[t] = button;
        tiles->addWidget(button);
    }
    layout->addLayout(tiles);

    auto* bar = new QHBoxLayout;
    setUpSearchField(m_search, this, QStringLiteral("bookSearch"), tr("Search accounts (Ctrl+F)"),
                     tr("Search accounts"));
    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(150);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this,
            [this] { m_view->proxy()->setSearchText(m_search->text().trimmed()); });
    addAction(m_view->exportAction()); // Ctrl+E from anywhere in the view
    m_status->setObjectName(QStringLiteral("bookStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_export->setObjectName(QStringLiteral("bookExport"));
    connect(m_export, &QPushButton::clicked, m_view, &ResultView::exportCsv);
    m_showAll->setObjectName(QStringLiteral("bookShowAll"));
    m_showAll->hide();
    connect(m_showAll, &QPushButton::clicked, this, [this] { setOnly(QString(), {}); });
    bar->addWidget(m_search, 1);
    bar->addWidget(m_showAll);
    bar->addWidget(m_status);
    bar->addWidget(m_export);
    layout->addLayout(bar);

    m_view->setObjectName(QStringLiteral("bookTable"));
    m_view->tree()->setAccessibleName(tr("Book of business"));
    m_view->setNouns(tr("account"), tr("accounts"));
    m_view->setTotalsVisible(true);
    m_view->setDefaultHiddenColumns({QStringLiteral("account_id"), QStringLiteral("health_7d_ago"),
                                     QStringLiteral("health_30d_ago")});
    m_view->proxy()->setRowFilter([this](int row) { return inTile(m_tile, row); });
    connect(m_view, &ResultView::activated, this, [this](int row) {
        const ResultTable& t = m_view->model()->table();
        emit navigate(QStringLiteral("account"), t.rows[size_t(row)][0].text);
    });
    connect(m_view, &ResultView::shownRowsChanged, this, [this] {
        m_view->setScopeDescription(scopeText());
        m_export->setText(m_view->exportTitle() + QStringLiteral("…"));
    });
    layout->addWidget(m_view, 1);
    setTabOrder(m_tiles[3], m_search);
    setTabOrder(m_search, m_view->tree());
    setTabOrder(m_view->tree(), m_export);

    followDataAndScope();
    updateTiles();
}

void BookView::activate(const QVariant& argument)
{
    const QVariantMap filter = argument.toMap();
    setOnly(filter.value(QStringLiteral("title")).toString(),
            filter.value(QStringLiteral("accounts")).toStringList());
    reloadIfStale();
    m_view->tree()->setFocus();
}

void BookView::reload()
{
    std::shared_ptr<const Snapshot> snapshot = beginReload(m_view->tree(), m_status);
    if (!snapshot)
        return;
    const Scope scope = context()->scope();
    const quint64 reload = ++m_reloads;
    QPointer<BookView> self(this);
    m_job.discard();
    if (prefetcher(context())->take(snapshot, scope, [self, reload](const Loaded& loaded) {
            if (self && self->m_reloads == reload)
                self->show(loaded);
        }))
        return;
    m_job.run([snapshot, scope] { return compute(snapshot, scope); });
}

void BookView::prefetch(AppContext* context)
{
    if (const std::shared_ptr<const Snapshot> snapshot = context->snapshot())
        prefetcher(context)->start(snapshot, context->scope());
}

BookView::Loaded BookView::compute(const std::shared_ptr<const Snapshot>& snapshot,
                                   const Scope& scope)
{
    Loaded loaded;
    AnalysisContext analysis;
    ScorecardResult result;
    ScorecardParams params;
    params.node = scope.person;
    if (!snapshot->context(scope, &analysis, &loaded.error) ||
        !runScorecard(analysis, params, &result, &loaded.error))
        return loaded;
    loaded.table = std::make_shared<const ResultTable>(
        bookTable(*analysis.index, result, analysis.asOfMs, analysis.calendar));
    return loaded;
}

void BookView::show(const Loaded& loaded)
{
    m_view->tree()->setEnabled(true);
    if (!loaded.error.isEmpty()) {
        m_status->setText(loaded.error);
        m_view->setTable(std::make_shared<const ResultTable>());
    } else {
        m_view->setTable(loaded.table);
        m_status->clear();
    }
    updateTiles();
    m_view->setScopeDescription(scopeText());
    m_export->setText(m_view->exportTitle() + QStringLiteral("…"));
    setReady();
}

void BookView::setOnly(const QString& title, const QStringList& accounts)
{
    m_onlyTitle = title;
    m_only = QSet<QString>(accounts.begin(), accounts.end());
    m_showAll->setVisible(!title.isEmpty());
    m_showAll->setToolTip(title.isEmpty() ? QString() : tr("Showing %1 only").arg(title));
    setTile(m_tile);
}

bool BookView::inTile(Tile tile, int row) const
{
    const ResultTableModel* model = m_view->model();
    const ResultRow& cells = model->table().rows[size_t(row)];
    if (!m_onlyTitle.isEmpty() && !m_only.contains(cells[0].text))
        return false;
    if (tile == Tile::Accounts)
        return true;
    const int status = model->columnOf(QLatin1String(BookColumns::Status));
    const int days = model->columnOf(QLatin1String(BookColumns::DaysToRenewal));
    const bool red = status >= 0 && cells[size_t(status)].text == ragName(Rag::Red);
    const ListCell& d = cells[size_t(days)];
    const bool renewing = days >= 0 && d.kind == ListCell::Kind::Number && d.number >= 0 &&
                          d.number <= BookColumns::RenewingDays;
    switch (tile) {
    case Tile::Red:
        return red;
    case Tile::Renewing:
        return renewing;
    case Tile::RedRenewing:
        return red && renewing;
    case Tile::Accounts:
        break;
    }
    return true;
}

void BookView::setTile(Tile tile)
{
    m_tile = tile;
    m_view->proxy()->setRowFilter([this](int row) { return inTile(m_tile, row); });
    updateTiles();
}

void BookView::updateTiles()
{
    const int rows = m_view->model()->rowCount();
    for (int t = 0; t < 4; ++t) {
        int count = 0;
        for (int r = 0; r < rows; ++r)
            count += inTile(Tile(t), r) ? 1 : 0;
        const QString name = tileName(Tile(t));
        m_tiles[t]->setText(QStringLiteral("%1\n%2").arg(QLocale().toString(count), name));
        m_tiles[t]->setAccessibleName(tr("%1: %n account(s)", nullptr, count).arg(name));
        m_tiles[t]->setToolTip(t == int(m_tile) && t != 0
                                   ? tr("Showing these accounts; click again to show all")
                                   : tr("Show these accounts"));
        m_tiles[t]->setChecked(Tile(t) == m_tile);
    }
    m_view->setScopeDescription(scopeText());
}

QString BookView::scopeText() const
{
    QStringList parts = scopeParts(context()->scope());
    if (!m_onlyTitle.isEmpty())
        parts << m_onlyTitle;
    if (m_tile != Tile::Accounts)
        parts << tileName(m_tile);
    return parts.join(QStringLiteral(", "));
}

} // namespace pulsebook
