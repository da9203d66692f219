#include "TodayView.h"

#include "AppContext.h"
#include "ResultView.h"

#include "present/TodayTables.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace pulsebook {

namespace {

// "+3", "-2", "±0" over 30 days; "" when the count then is not known.
QString change(qint64 now, qint64 then)
{
    if (then < 0)
        return {};
    const qint64 d = now - then;
    return d > 0   ? QStringLiteral("▲ +%1").arg(d)
           : d < 0 ? QStringLiteral("▼ -%1").arg(-d)
                   : QStringLiteral("▶ ±0");
}

} // namespace

TodayView::TodayView(AppContext* context, QWidget* parent)
    : View(context, parent), m_job(this, [this](Loaded loaded) { show(std::move(loaded)); }),
      m_title(new QLabel(tr("Today"), this)), m_status(new QLabel(this)),
      m_lines(new ResultView(QStringLiteral("today"), this))
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
    layout->addWidget(m_lines, 1);
    addAction(m_lines->exportAction());

    followDataAndScope();
}

void TodayView::activate(const QVariant& argument)
{
    Q_UNUSED(argument);
    reloadIfStale();
}

void TodayView::reload()
{
    std::shared_ptr<const Snapshot> snapshot = beginReload(m_lines->tree(), m_status);
    if (!snapshot)
        return;
    const Scope scope = context()->scope();
    m_job.run([snapshot, scope] {
        Loaded loaded;
        AnalysisContext analysis;
        TodayParams params;
        params.node = scope.person;
        if (!snapshot->context(scope, &analysis, &loaded.error) ||
            !runToday(analysis, params, &loaded.result, &loaded.error))
            return loaded;
        loaded.lines =
            std::make_shared<const ResultTable>(todayLinesTable(analysis, loaded.result));
        return loaded;
    });
}

void TodayView::show(Loaded loaded)
{
    m_lines->tree()->setEnabled(true);
    const Scope scope = context()->scope();
    const QString who = scope.person.isEmpty() ? tr("all accounts") : scope.person;
    if (!loaded.error.isEmpty()) {
        m_status->setText(loaded.error);
        m_result = TodayResult();
        m_lines->setTable(std::make_shared<const ResultTable>());
    } else {
        m_result = std::move(loaded.result);
        m_lines->setTable(loaded.lines);
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
    setReady();
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
