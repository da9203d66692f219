#include "AccountView.h"

#include "AppContext.h"
#include "ContributionBars.h"
#include "PageParts.h"
#include "PolledProgress.h"
#include "RagStyle.h"
#include "ResultView.h"
#include "ViewRegistry.h"
#include "WeeklyChart.h"

#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTimeZone>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <cmath>

namespace pulsebook {

namespace {

// "✖ R Red" with the glyph and letter in the band's colour; "no data" alone.
QString ragHtml(const QString& name)
{
    const Rag rag = RagStyle::fromName(name);
    const QColor colour = RagStyle::colour(rag);
    if (!colour.isValid() || rag == Rag::NoData)
        return RagStyle::word(Rag::NoData).toHtmlEscaped();
    return QStringLiteral("<span style=\"color:%1\">%2</span> %3")
        .arg(colour.name(), RagStyle::shortText(rag).toHtmlEscaped(),
             RagStyle::word(rag).toHtmlEscaped());
}

QString cellText(const ResultTable& table, const char* column)
{
    const int c = table.columnOf(QLatin1String(column));
    if (c < 0 || table.rows.empty() || table.rows[0][size_t(c)].isMissing())
        return {};
    const ListCell& cell = table.rows[0][size_t(c)];
    return cell.kind == ListCell::Kind::Text ? cell.text : QString();
}

double cellNumber(const ResultTable& table, const char* column)
{
    const int c = table.columnOf(QLatin1String(column));
    if (c < 0 || table.rows.empty() || table.rows[0][size_t(c)].kind != ListCell::Kind::Number)
        return std::nan("");
    return table.rows[0][size_t(c)].number;
}

QString score(double v)
{
    return std::isnan(v) ? QStringLiteral("–") : QLocale().toString(v, 'f', 2);
}

QString change(double v)
{
    if (std::isnan(v))
        return QStringLiteral("–");
    const QString glyph = v > 0.005    ? QStringLiteral("\u25B2")
                          : v < -0.005 ? QStringLiteral("\u25BC")
                                       : QStringLiteral("\u25B6");
    const QString number = QLocale().toString(std::abs(v), 'f', 2);
    return QStringLiteral("%1 %2%3").arg(glyph,
                                         v < -0.005  ? QStringLiteral("\u2212")
                                         : v > 0.005 ? QStringLiteral("+")
                                                     : QString(),
                                         number);
}

QLabel* headerLabel(const QString& name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// A table of the page; its column choice is remembered under "account/NAME".
ResultView* resultView(const QString& name, const QString& accessibleName, QWidget* parent)
{
    return namedResultView(QStringLiteral("account/") + name, name, accessibleName, parent);
}

} // namespace

AccountView::AccountView(AppContext* context, QWidget* parent)
    : View(context, parent), m_job(this, [this](const AccountPageData& data) { show(data); })
{
    auto* layout = new QVBoxLayout(this);
    m_title = pageTitle(tr("Account"), QStringLiteral("accountTitle"), this);
    m_status = headerLabel(QStringLiteral("accountStatus"), this);
    m_health = headerLabel(QStringLiteral("accountHealth"), this);
    m_trend = headerLabel(QStringLiteral("accountTrend"), this);
    m_renewal = headerLabel(QStringLiteral("accountRenewal"), this);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("accountMessage"));
    m_message->setWordWrap(true);
    m_message->hide();
    layout->addWidget(m_title);
    auto* facts = new QHBoxLayout;
    for (QLabel* l : {m_status, m_health, m_trend, m_renewal}) {
        facts->addWidget(l);
        facts->addSpacing(16);
    }
    facts->addStretch(1);
    layout->addLayout(facts);
    layout->addWidget(m_message);

    auto* vertical = new QSplitter(Qt::Vertical, this);
    auto* top = new QSplitter(Qt::Horizontal, vertical);
    m_measures = resultView(QStringLiteral("accountMeasures"), tr("Scorecard measures"), top);
    top->addWidget(titledSection(tr("Scorecard measures"), m_measures, top));
    m_drag = new QLabel(top);
    m_drag->setObjectName(QStringLiteral("biggestDrag"));
    m_drag->setWordWrap(true);
    m_bars = new ContributionBars(top);
    auto* barsScroll = new QScrollArea(top);
    barsScroll->setObjectName(QStringLiteral("contributionScroll"));
    barsScroll->setWidgetResizable(true);
    barsScroll->setFrameShape(QFrame::NoFrame);
    barsScroll->setFocusPolicy(Qt::NoFocus); // the bars take the focus themselves
    barsScroll->setWidget(m_bars);
    top->addWidget(titledSection(tr("Health score contributions"), barsScroll, top, m_drag));
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);

    auto* bottom = new QSplitter(Qt::Horizontal, vertical);
    m_users = resultView(QStringLiteral("accountUsers"), tr("Users by last seen"), bottom);
    m_users->setNouns(tr("user"), tr("users"));
    connect(m_users, &ResultView::activated, this, &AccountView::openUser);
    bottom->addWidget(titledSection(tr("Users by last seen"), m_users, bottom));
    m_weeklyTabs = new QTabWidget(bottom);
    m_weeklyTabs->setObjectName(QStringLiteral("weeklyTabs"));
    m_chart = new WeeklyChart(m_weeklyTabs);
    m_weeks = resultView(QStringLiteral("accountWeeks"), tr("Weekly active users, as a table"),
                         m_weeklyTabs);
    m_weeks->setNouns(tr("week"), tr("weeks"));
    m_weeklyTabs->addTab(m_chart, tr("Chart"));
    m_weeklyTabs->addTab(m_weeks, tr("Table"));
    bottom->addWidget(titledSection(tr("Weekly active users"), m_weeklyTabs, bottom));
    m_moves = resultView(QStringLiteral("accountChanges"), tr("What changed"), bottom);
    m_moves->setNouns(tr("change"), tr("changes"));
    bottom->addWidget(titledSection(tr("What changed (26 weeks)"), m_moves, bottom));
    vertical->addWidget(top);
    vertical->addWidget(bottom);
    layout->addWidget(vertical, 1);

    // Shown: run again now; hidden: when shown next (activate()).
    const auto changed = [this] {
        m_stale = true;
        if (isVisible())
            reload();
    };
    connect(context, &AppContext::scopeChanged, this, changed);
    connect(context, &AppContext::snapshotChanged, this, changed);
}

AccountView::~AccountView()
{
    if (m_progress)
        m_progress->cancel(); // the worker stops early; its result is dropped
}

void AccountView::activate(const QVariant& argument)
{
    const QString id = argument.toString();
    if (!m_stale && !id.isEmpty() && id == m_data.accountId && isReady())
        return;
    m_requested = id;
    reload();
}

void AccountView::reload()
{
    setLoading();
    m_stale = false;
    // Newest wins: the running request is told to stop and its result is dropped.
    if (m_progress)
        m_progress->cancel();
    m_job.discard();
    const auto snapshot = context()->snapshot();
    if (!snapshot) {
        m_message->setText(tr("Loading the workspace…"));
        m_message->show();
        return; // snapshotChanged brings us back
    }
    m_message->setText(tr("Updating…"));
    m_message->setVisible(!m_data.accountId.isEmpty());
    m_progress = std::make_shared<PolledProgress>();
    m_job.run([snapshot, scope = context()->scope(), id = m_requested, progress = m_progress] {
        return AccountPageData::load(snapshot, scope, id, progress.get());
    });
}

void AccountView::show(const AccountPageData& data)
{
    if (!data.error.isEmpty()) {
        m_message->setText(data.error);
        m_message->show();
        setReady();
        return;
    }
    m_message->hide();
    m_data = data;
    if (m_requested.isEmpty())
        m_requested = data.accountId; // a scope change keeps the account on screen
    m_title->setText(data.title);
    showHeader(data.header);
    const QTimeZone zone(data.timeZone.toUtf8());
    m_users->model()->setTimeZone(zone.isValid() ? zone : QTimeZone::utc());
    for (ResultView* v : {m_measures, m_users, m_weeks, m_moves})
        v->setScopeDescription(data.title);
    m_measures->setTable(std::make_shared<const ResultTable>(data.measures));
    m_drag->setText(data.contributions.notes.value(0));
    m_bars->setTable(data.contributions);
    m_users->setTable(std::make_shared<const ResultTable>(data.users));
    m_chart->setTable(data.weeks);
    m_weeks->setTable(std::make_shared<const ResultTable>(data.weeks));
    m_moves->setTable(std::make_shared<const ResultTable>(data.moves));
    setReady();
}

void AccountView::showHeader(const ResultTable& header)
{
    const QString status = cellText(header, "status");
    m_status->setText(tr("Status %1").arg(ragHtml(status)));
    m_status->setAccessibleName(tr("Status: %1").arg(status.isEmpty() ? tr("no data") : status));
    const QString band = cellText(header, "band");
    m_health->setText(
        tr("Health <b>%1</b> %2").arg(score(cellNumber(header, "health_score")), ragHtml(band)));
    m_health->setAccessibleName(
        tr("Health score %1, %2")
            .arg(score(cellNumber(header, "health_score")), band.isEmpty() ? tr("no data") : band));
    m_trend->setText(tr("Week %1 · Month %2")
                         .arg(change(cellNumber(header, "change_7d")),
                              change(cellNumber(header, "change_30d"))));
    m_trend->setToolTip(tr("A week ago %1, a month ago %2")
                            .arg(score(cellNumber(header, "health_7d_ago")),
                                 score(cellNumber(header, "health_30d_ago"))));
    const QLocale locale;
    const double arr = cellNumber(header, "arr");
    const QString renewal = cellText(header, "renewal_date");
    const double days = cellNumber(header, "days_to_renewal");
    QString text = tr("ARR %1").arg(std::isnan(arr) ? QStringLiteral("–")
                                                    : locale.toCurrencyString(arr, QString(), 0));
    if (!renewal.isEmpty()) {
        const QString date =
            locale.toString(QDate::fromString(renewal, Qt::ISODate), QLocale::ShortFormat);
        const int n = int(std::abs(days));
        const QString span = n == 1 ? tr("1 day") : tr("%1 days").arg(locale.toString(n));
        text += QStringLiteral(" · ") + (days >= 0 ? tr("renews %1, in %2").arg(date, span)
                                                   : tr("renewal %1, %2 ago").arg(date, span));
    } else {
        text += QStringLiteral(" · ") + tr("no renewal date");
    }
    m_renewal->setText(text);
}

void AccountView::openUser(int sourceRow)
{
    // The user timeline comes later: only go there once it is registered.
    const int column = m_data.users.columnOf(QStringLiteral("user_id"));
    if (!findView(QStringLiteral("user")) || column < 0 || sourceRow < 0 ||
        size_t(sourceRow) >= m_data.users.rows.size())
        return;
    emit navigate(QStringLiteral("user"),
                  m_data.users.rows[size_t(sourceRow)][size_t(column)].text);
}

} // namespace pulsebook
