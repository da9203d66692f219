#include "TimelineView.h"

#include "AppContext.h"
#include "PageParts.h"
#include "ResultView.h"
#include "Snapshot.h"
#include "TimelineModel.h"

#include "cache/Cache.h"
#include "present/TimelineTables.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimeZone>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>

namespace pulsebook {

namespace {

// A typed range end ("" = open), as the CLI's --from / --to read it.
bool rangeEnd(const Snapshot& snapshot, const QString& text, qint64* ms, QString* error)
{
    if (text.trimmed().isEmpty())
        return true;
    QString reason;
    if (snapshot.calendar.typedTime(text.trimmed(), ms, &reason))
        return true;
    *error = QCoreApplication::translate("pulsebook::TimelineView", "“%1”: %2").arg(text, reason);
    return false;
}

TimelineData loadTimeline(const std::shared_ptr<const Snapshot>& snapshot, Scope scope,
                          const QString& user, const QString& from, const QString& to)
{
    TimelineData data;
    if (!snapshot->isValid()) {
        data.error = snapshot->error;
        return data;
    }
    scope.segment.clear(); // one user: the segment filter does not apply
    AnalysisContext context;
    TimelineParams params;
    if (!snapshot->context(scope, &context, &data.error) ||
        !rangeEnd(*snapshot, from, &params.fromMs, &data.error) ||
        !rangeEnd(*snapshot, to, &params.toMs, &data.error))
        return data;
    params.user = user;
    if (user.isEmpty()) {
        const int u = mostActiveUser(context);
        if (u < 0) {
            data.error = TimelineView::tr("The workspace has no events.");
            return data;
        }
        params.user = context.index->userId(u);
    }
    Cache cache;
    auto timeline = std::make_shared<Timeline>();
    if (!cache.openForReading(snapshot->path, &data.error) ||
        !runTimeline(context, cache, params, timeline.get(), &data.error))
        return data;
    const EventIndex& index = *context.index;
    const QString email = index.userProperty(timeline->user, QStringLiteral("email")).toString();
    data.title =
        email.isEmpty() ? timeline->userId : QStringLiteral("%1 (%2)").arg(email, timeline->userId);
    if (timeline->account >= 0) {
        data.accountId = index.accountId(timeline->account);
        data.accountName =
            index.accountProperty(timeline->account, QStringLiteral("name")).toString();
        data.csm = index.accountProperty(timeline->account, QStringLiteral("csm")).toString();
    }
    data.timeZone = snapshot->calendar.zoneName();
    const QTimeZone zone(data.timeZone.toUtf8());
    data.texts = TimelineModel::describe(*timeline, zone.isValid() ? zone : QTimeZone::utc());
    data.card = std::make_shared<const ResultTable>(timelineCardTable(context, *timeline));
    data.sessions = std::make_shared<const ResultTable>(timelineSessionsTable(context, *timeline));
    data.events = std::make_shared<const ResultTable>(timelineEventsTable(context, *timeline));
    data.timeline = std::move(timeline);
    return data;
}

ResultView* tableView(const QString& name, const QString& accessibleName, QWidget* parent)
{
    auto* view = new ResultView(QStringLiteral("user/") + name, parent);
    view->setObjectName(name);
    view->setAccessibleName(accessibleName);
    view->tree()->setAccessibleName(accessibleName);
    return view;
}

QLineEdit* lineEdit(const QString& name, const QString& placeholder, const QString& accessible,
                    QWidget* parent)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setAccessibleName(accessible);
    edit->setClearButtonEnabled(true);
    return edit;
}

// A property / value table for the detail pane.
std::shared_ptr<const ResultTable> detailTable(const std::vector<NamedValue>& values)
{
    auto table = std::make_shared<ResultTable>();
    table->addColumn(QStringLiteral("property"), ValueKind::Text);
    table->addColumn(QStringLiteral("value"), ValueKind::Text);
    for (const NamedValue& v : values)
        table->rows.push_back({cell::text(v.name), cell::optionalText(v.value)});
    return table;
}

} // namespace

TimelineView::TimelineView(AppContext* context, QWidget* parent)
    : View(context, parent), m_job(this, [this](const TimelineData& data) { show(data); }),
      m_model(new TimelineModel(this))
{
    auto* layout = new QVBoxLayout(this);
    m_title = pageTitle(tr("User"), QStringLiteral("userTitle"), this);
    layout->addWidget(m_title);

    // The range and "go to".
    auto* bar = new QHBoxLayout;
    m_from = lineEdit(QStringLiteral("rangeFrom"), tr("from (any)"), tr("From date"), this);
    m_to = lineEdit(QStringLiteral("rangeTo"), tr("to (any)"), tr("To date"), this);
    m_wholeHistory = new QPushButton(tr("&Whole History"), this);
    m_wholeHistory->setObjectName(QStringLiteral("rangeAll"));
    m_goToButton = new QPushButton(tr("&Go to Date/Time…"), this);
    m_goToButton->setObjectName(QStringLiteral("goToButton"));
    m_goToButton->setToolTip(tr("Select the session at a time, or the nearest one before it "
                                "(Ctrl+G)"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("userStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* fromLabel = new QLabel(tr("&From"), this);
    fromLabel->setBuddy(m_from);
    auto* toLabel = new QLabel(tr("&To"), this);
    toLabel->setBuddy(m_to);
    for (QLabel* label : {fromLabel, toLabel}) // never squeezed by the status beside them
        label->setMinimumWidth(label->sizeHint().width() + label->fontMetrics().averageCharWidth());
    bar->addWidget(fromLabel);
    bar->addWidget(m_from);
    bar->addWidget(toLabel);
    bar->addWidget(m_to);
    bar->addWidget(m_wholeHistory);
    bar->addSpacing(12);
    bar->addWidget(m_goToButton);
    bar->addWidget(m_status, 1);
    layout->addLayout(bar);
    for (QLineEdit* edit : {m_from, m_to}) {
        edit->setMaximumWidth(edit->fontMetrics().horizontalAdvance(QStringLiteral("2026-10-30 "
                                                                                   "14:05:00")) +
                              40);
        connect(edit, &QLineEdit::returnPressed, this, [this] { reload(); });
    }
    connect(m_wholeHistory, &QPushButton::clicked, this, [this] {
        m_from->clear();
        m_to->clear();
        reload();
    });

    m_goToBar = new QWidget(this);
    m_goToBar->setObjectName(QStringLiteral("goToBar"));
    auto* goToLayout = new QHBoxLayout(m_goToBar);
    goToLayout->setContentsMargins(0, 0, 0, 0);
    m_goToEdit = lineEdit(QStringLiteral("goToEdit"), tr("2026-10-30 14:05, or a date"),
                          tr("Go to date and time"), m_goToBar);
    auto* goToLabel = new QLabel(tr("Go t&o:"), m_goToBar);
    goToLabel->setBuddy(m_goToEdit);
    auto* go = new QPushButton(tr("Go"), m_goToBar);
    go->setObjectName(QStringLiteral("goToGo"));
    m_goToResult = new QLabel(m_goToBar);
    m_goToResult->setObjectName(QStringLiteral("goToResult"));
    m_goToResult->setWordWrap(true);
    m_goToResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    goToLayout->addWidget(goToLabel);
    goToLayout->addWidget(m_goToEdit);
    goToLayout->addWidget(go);
    goToLayout->addWidget(m_goToResult, 1);
    m_goToBar->hide();
    layout->addWidget(m_goToBar);
    connect(m_goToEdit, &QLineEdit::returnPressed, this, [this] { goToTime(m_goToEdit->text()); });
    connect(go, &QPushButton::clicked, this, [this] { goToTime(m_goToEdit->text()); });
    connect(m_goToButton, &QPushButton::clicked, this, &TimelineView::openGoTo);
    auto* goToAction = new QAction(tr("Go to Date/Time…"), this);
    goToAction->setObjectName(QStringLiteral("goToAction"));
    goToAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    goToAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(goToAction, &QAction::triggered, this, &TimelineView::openGoTo);
    addAction(goToAction);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    // Left: the user card.
    auto* cardBox = new QWidget(splitter);
    auto* cardLayout = new QVBoxLayout(cardBox);
    cardLayout->setContentsMargins(0, 0, 0, 0);
    m_account = new QPushButton(cardBox);
    m_account->setObjectName(QStringLiteral("accountLink"));
    m_account->setFlat(true);
    m_account->setCursor(Qt::PointingHandCursor);
    m_account->setStyleSheet(QStringLiteral("text-align: left; color: palette(link); "
                                            "text-decoration: underline;"));
    connect(m_account, &QPushButton::clicked, this, [this] {
        if (!m_data.accountId.isEmpty())
            emit navigate(QStringLiteral("account"), m_data.accountId);
    });
    m_csm = new QLabel(cardBox);
    m_csm->setObjectName(QStringLiteral("userCsm"));
    m_csm->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cardSearch = lineEdit(QStringLiteral("cardSearch"), tr("Search properties (Ctrl+F)"),
                            tr("Search the user's properties"), cardBox);
    m_card = tableView(QStringLiteral("userCard"), tr("User properties"), cardBox);
    m_card->setNouns(tr("property"), tr("properties"));
    connect(m_cardSearch, &QLineEdit::textChanged, this,
            [this](const QString& text) { m_card->proxy()->setSearchText(text.trimmed()); });
    auto* find = new QAction(tr("Find"), this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, this, [this] {
        m_cardSearch->setFocus(Qt::ShortcutFocusReason);
        m_cardSearch->selectAll();
    });
    addAction(find);
    cardLayout->addWidget(m_account);
    cardLayout->addWidget(m_csm);
    cardLayout->addWidget(m_cardSearch);
    cardLayout->addWidget(m_card, 1);
    splitter->addWidget(titledSection(tr("User"), cardBox, splitter));

    // Centre: chips, then the tree (or the empty state) and the tables.
    auto* centre = new QWidget(splitter);
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    // The chips scroll sideways rather than widen the pane (Tab scrolls to the focused one).
    auto* chips = new QWidget;
    m_chipRow = new QHBoxLayout(chips);
    m_chipRow->setContentsMargins(0, 0, 0, 0);
    auto* chipsLabel = new QLabel(tr("Most frequent:"), chips);
    chipsLabel->setObjectName(QStringLiteral("chipsLabel"));
    m_chipRow->addWidget(chipsLabel);
    m_chipRow->addStretch(1);
    auto* chipScroll = m_chipScroll = new QScrollArea(centre);
    chipScroll->setObjectName(QStringLiteral("chipScroll"));
    chipScroll->setFrameShape(QFrame::NoFrame);
    chipScroll->setWidgetResizable(true);
    chipScroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    chipScroll->setFocusPolicy(Qt::NoFocus);
    chipScroll->setWidget(chips);
    chipScroll->setFixedHeight(chips->sizeHint().height() * 2 +
                               chipScroll->horizontalScrollBar()->sizeHint().height());
    centreLayout->addWidget(chipScroll);
    m_tabs = new QTabWidget(centre);
    m_tabs->setObjectName(QStringLiteral("timelineTabs"));
    m_stack = new QStackedWidget(m_tabs);
    m_tree = new QTreeView(m_stack);
    m_tree->setObjectName(QStringLiteral("timelineTree"));
    m_tree->setAccessibleName(tr("Sessions and their events"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->header()->setStretchLastSection(true);
    m_empty = new QLabel(tr("No sessions in this range"), m_stack);
    m_empty->setObjectName(QStringLiteral("timelineEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_tree);
    m_stack->addWidget(m_empty);
    m_sessions = tableView(QStringLiteral("userSessions"), tr("Sessions, as a table"), m_tabs);
    m_sessions->setNouns(tr("session"), tr("sessions"));
    m_events = tableView(QStringLiteral("userEvents"), tr("Events, as a table"), m_tabs);
    m_events->setNouns(tr("event"), tr("events"));
    m_tabs->addTab(m_stack, tr("Sessions"));
    m_tabs->addTab(m_sessions, tr("Sessions Table"));
    m_tabs->addTab(m_events, tr("Events Table"));
    centreLayout->addWidget(m_tabs, 1);
    m_export = new QPushButton(tr("Export…"), centre);
    m_export->setObjectName(QStringLiteral("userExport"));
    m_export->setToolTip(tr("Export the sessions (Ctrl+E), or the events from the Events Table "
                            "tab"));
    connect(m_export, &QPushButton::clicked, this,
            [this] { (m_tabs->currentWidget() == m_events ? m_events : m_sessions)->exportCsv(); });
    // Ctrl+E in the tree exports the sessions; each table's own Ctrl+E exports it.
    auto* exportAction = new QAction(tr("Export"), m_tree);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportAction->setShortcutContext(Qt::WidgetShortcut);
    connect(exportAction, &QAction::triggered, m_sessions, &ResultView::exportCsv);
    m_tree->addAction(exportAction);
    auto* copy = new QAction(tr("Copy"), m_tree);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &TimelineView::copyTree);
    m_tree->addAction(copy);
    auto* exportRow = new QHBoxLayout;
    exportRow->addStretch(1);
    exportRow->addWidget(m_export);
    centreLayout->addLayout(exportRow);
    splitter->addWidget(titledSection(tr("Sessions"), centre, splitter));

    // Right: the selected row's detail.
    m_detail = tableView(QStringLiteral("eventDetail"), tr("Selected event"), splitter);
    m_detail->setNouns(tr("property"), tr("properties"));
    splitter->addWidget(titledSection(tr("Detail"), m_detail, splitter));
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 1);
    m_splitter = splitter;
    layout->addWidget(splitter, 1);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { showDetail(current); });

    setTabOrder(m_from, m_to);
    setTabOrder(m_to, m_wholeHistory);
    setTabOrder(m_wholeHistory, m_goToButton);
    setTabOrder(m_goToButton, m_account);
    setTabOrder(m_account, m_cardSearch);
    setTabOrder(m_cardSearch, m_card->tree());
    followDataAndScope();
}

void TimelineView::activate(const QVariant& argument)
{
    const QString id = argument.toString();
    if (!id.isEmpty() && id != m_requested) {
        m_requested = id;
        m_from->clear();
        m_to->clear();
        m_goToBar->hide();
        reload();
    } else {
        reloadIfStale();
    }
    m_tree->setFocus();
}

bool TimelineView::prepareScreenshot(const QString& name, QString* error)
{
    Q_UNUSED(name);
    Q_UNUSED(error);
    m_screenshot = true;
    reload();
    return true;
}

void TimelineView::reload()
{
    const std::shared_ptr<const Snapshot> snapshot = beginReload(m_tabs, m_status);
    if (!snapshot)
        return;
    m_job.run([snapshot, scope = context()->scope(), user = m_requested, from = m_from->text(),
               to = m_to->text()] { return loadTimeline(snapshot, scope, user, from, to); });
}

void TimelineView::show(const TimelineData& data)
{
    m_tabs->setEnabled(true);
    if (!data.error.isEmpty()) {
        m_status->setText(data.error);
        setReady();
        return;
    }
    m_status->clear();
    m_data = data;
    m_requested = data.timeline->userId;
    m_title->setText(data.title);
    m_account->setVisible(!data.accountId.isEmpty());
    m_account->setText(data.accountName.isEmpty()
                           ? data.accountId
                           : QStringLiteral("%1 (%2)").arg(data.accountName, data.accountId));
    m_account->setAccessibleName(tr("Open account %1").arg(m_account->text()));
    m_csm->setText(data.accountId.isEmpty() ? tr("No account")
                   : data.csm.isEmpty()     ? tr("No CSM")
                                            : tr("CSM: %1").arg(data.csm));
    const QTimeZone zone(data.timeZone.toUtf8());
    m_model->setTimeline(data.timeline, data.texts, zone.isValid() ? zone : QTimeZone::utc());
    for (ResultView* v : {m_card, m_sessions, m_events, m_detail}) {
        v->model()->setTimeZone(zone.isValid() ? zone : QTimeZone::utc());
        v->setScopeDescription(data.title);
    }
    m_card->setTable(data.card);
    m_sessions->setTable(data.sessions);
    m_events->setTable(data.events);
    if (!m_sized) {
        // Room for the card's and the detail's values; the tree takes the rest.
        const int em = fontMetrics().averageCharWidth();
        const int total = std::max(m_splitter->width(), 100 * em);
        m_splitter->setSizes({total * 22 / 100, total * 54 / 100, total * 24 / 100});
        m_sized = true;
    }
    m_stack->setCurrentWidget(data.timeline->rows.empty() ? static_cast<QWidget*>(m_empty)
                                                          : m_tree);
    showChips();
    // The newest row, open: what the user did last (the support-ticket case).
    const int last = m_model->rowCount() - 1;
    if (last >= 0) {
        const QModelIndex row = m_model->rowIndex(last);
        m_tree->expand(row);
        const QModelIndex pick =
            m_screenshot && m_model->rowCount(row) > 1 ? m_model->index(1, 0, row) : row;
        m_tree->setCurrentIndex(pick);
        m_tree->scrollTo(pick, QAbstractItemView::PositionAtCenter);
    } else {
        showDetail(QModelIndex());
    }
    if (m_screenshot && !m_chips.isEmpty())
        m_chips.value(std::min(3, int(m_chips.size()) - 1))->click(); // one in view
    m_screenshot = false;
    fitColumns();
    setReady();
}

void TimelineView::showChips()
{
    qDeleteAll(m_chips);
    m_chips.clear();
    m_model->setHighlighted({});
    QWidget* previous = m_tabs;
    const QLocale locale;
    int i = 0;
    for (const EventCount& c : m_data.timeline->topEvents) {
        auto* chip = new QToolButton(m_chipRow->parentWidget());
        chip->setObjectName(QStringLiteral("chip%1").arg(i++));
        chip->setCheckable(true);
        chip->setText(QStringLiteral("%1 · %2").arg(c.name, locale.toString(c.count)));
        chip->setAccessibleName(tr("Highlight %1 (%n time(s))", nullptr, int(c.count)).arg(c.name));
        chip->setToolTip(tr("Mark the sessions and events with %1").arg(c.name));
        chip->setFocusPolicy(Qt::StrongFocus);
        chip->setAutoRaise(false);
        const QString name = c.name;
        connect(chip, &QToolButton::toggled, this, [this, name, chip](bool on) {
            m_chipScroll->ensureWidgetVisible(chip);
            QSet<QString> names = m_model->highlighted();
            if (on)
                names.insert(name);
            else
                names.remove(name);
            m_model->setHighlighted(names);
            fitColumns(); // bold text is wider
        });
        m_chipRow->insertWidget(m_chipRow->count() - 1, chip);
        m_chips.append(chip);
        setTabOrder(previous == m_tabs ? m_card->tree() : previous, chip);
        previous = chip;
    }
    setTabOrder(previous == m_tabs ? m_card->tree() : previous, m_tree);
    setTabOrder(m_tree, m_export);
    setTabOrder(m_export, m_detail->tree());
}

void TimelineView::showDetail(const QModelIndex& current)
{
    std::vector<NamedValue> values;
    const Timeline* t = m_model->timeline();
    if (t && current.isValid()) {
        const int e = current.data(TimelineModel::EventRole).toInt();
        if (e >= 0) {
            const TimelineEvent& event = t->events[size_t(e)];
            values = {{tr("time"), m_model->timeText(event.timeMs)},
                      {tr("event"), event.name},
                      {tr("event_id"), event.eventId},
                      {tr("session_id"), event.sessionId}};
            values.insert(values.end(), event.properties.begin(), event.properties.end());
        } else {
            const TimelineRow& row = t->rows[size_t(current.data(TimelineModel::RowRole).toInt())];
            values = {{tr("session_id"), row.sessionId},
                      {tr("start"), m_model->timeText(row.startMs)},
                      {tr("end"), m_model->timeText(row.endMs)},
                      {tr("duration"), TimelineModel::durationText(row.endMs - row.startMs)},
                      {tr("events"), QLocale().toString(qint64(row.events.size()))}};
            values.insert(values.end(), row.properties.begin(), row.properties.end());
        }
    }
    m_detail->setTable(detailTable(values));
}

void TimelineView::fitColumns()
{
    for (int c = 0; c < TimelineModel::PageColumn; ++c)
        m_tree->resizeColumnToContents(c);
}

void TimelineView::openGoTo()
{
    m_goToBar->show();
    m_goToEdit->setFocus(Qt::ShortcutFocusReason);
    m_goToEdit->selectAll();
}

bool TimelineView::goToTime(const QString& text)
{
    const std::shared_ptr<const Snapshot> snapshot = context()->snapshot();
    const Timeline* t = m_model->timeline();
    qint64 ms = 0;
    QString reason;
    if (!snapshot || !t) {
        m_goToResult->setText(tr("Nothing loaded yet."));
        return false;
    }
    if (!snapshot->calendar.typedTime(text.trimmed(), &ms, &reason)) {
        m_goToResult->setText(tr("“%1”: %2").arg(text, reason));
        return false;
    }
    const GoTo where = goTo(*t, ms);
    m_goToResult->setText(goToSentence(*t, ms, where));
    if (where.row < 0)
        return true;
    const QModelIndex row = m_model->rowIndex(where.row);
    m_tree->setCurrentIndex(row);
    m_tree->expand(row);
    m_tree->scrollTo(row, QAbstractItemView::PositionAtTop);
    return true;
}

void TimelineView::copyTree() const
{
    QStringList lines;
    QModelIndexList rows = m_tree->selectionModel()->selectedRows();
    // In the order shown: a row, then its events.
    const auto place = [](const QModelIndex& i) {
        return i.parent().isValid() ? std::pair(i.parent().row(), i.row()) : std::pair(i.row(), -1);
    };
    std::sort(rows.begin(), rows.end(),
              [&](const QModelIndex& a, const QModelIndex& b) { return place(a) < place(b); });
    for (const QModelIndex& row : std::as_const(rows)) {
        QStringList cells;
        for (int c = 0; c < m_model->columnCount(); ++c)
            cells.append(row.siblingAtColumn(c).data().toString());
        lines.append(cells.join(QLatin1Char('\t')));
    }
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

} // namespace pulsebook
