#include "SegmentsView.h"

#include "AppContext.h"
#include "AskUser.h"
#include "PageParts.h"
#include "ResultView.h"
#include "SegmentEditor.h"
#include "SegmentListModel.h"
#include "ViewRegistry.h"

#include "analysis/EventIndex.h"
#include "analysis/SegmentText.h"

#include <QAction>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace pulsebook {

SegmentsView::SegmentsView(AppContext* context, QWidget* parent)
    : View(context, parent), m_loadJob(this, [this](Loaded l) { loaded(l); }),
      m_countJob(this, [this](SegmentCount c) { counted(c); }),
      m_usersJob(this,
                 [this](SegmentUsers users) {
                     if (!users.error.isEmpty()) {
                         m_status->setText(tr("Cannot export: %1").arg(users.error));
                         return;
                     }
                     m_exporter->setTable(users.table);
                     m_exporter->setScopeDescription(currentName());
                     m_exporter->exportCsv();
                 }),
      m_model(new SegmentListModel(this)), m_listView(new QListView(this)),
      m_new(new QPushButton(tr("&New"), this)),
      m_duplicate(new QPushButton(tr("Dupli&cate"), this)),
      m_rename(new QPushButton(tr("Rena&me"), this)),
      m_delete(new QPushButton(tr("&Delete…"), this)), m_name(new QLineEdit(this)),
      m_count(new QLabel(this)), m_countNote(new QLabel(this)), m_editor(new SegmentEditor(this)),
      m_status(new QLabel(this)), m_save(new QPushButton(tr("Save"), this)),
      m_showUsers(new QPushButton(tr("Sh&ow Users"), this)),
      m_export(new QPushButton(tr("&Export…"), this)), m_debounce(new QTimer(this)),
      m_exporter(new ResultView(QString(), this))
{
    auto* layout = new QHBoxLayout(this);

    // Left: the saved segments.
    auto* left = new QVBoxLayout;
    m_listView->setObjectName(QStringLiteral("segmentsList"));
    m_listView->setAccessibleName(tr("Saved segments"));
    m_listView->setModel(m_model);
    m_listView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_listView->setFixedWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 30);
    left->addWidget(pageTitle(tr("Segments"), QStringLiteral("segmentsTitle"), this));
    left->addWidget(m_listView, 1);
    auto* listButtons = new QGridLayout;
    const std::pair<QPushButton*, const char*> buttons[] = {{m_new, "segmentNew"},
                                                            {m_duplicate, "segmentDuplicate"},
                                                            {m_rename, "segmentRename"},
                                                            {m_delete, "segmentDelete"}};
    int at = 0;
    for (const auto& [button, name] : buttons) {
        button->setObjectName(QLatin1String(name));
        button->setAutoDefault(false);
        listButtons->addWidget(button, at / 2, at % 2);
        ++at;
    }
    m_new->setToolTip(tr("A new segment (Alt+N)"));
    m_duplicate->setToolTip(tr("A copy of what the editor shows, as a new segment"));
    m_rename->setToolTip(tr("Edit the name (F2); Save stores it"));
    m_delete->setToolTip(tr("Delete the segment from the workspace (Del), after asking"));
    left->addLayout(listButtons);
    layout->addLayout(left);

    // Right: the editor of one.
    auto* right = new QVBoxLayout;
    auto* header = new QHBoxLayout;
    auto* nameLabel = new QLabel(tr("Name:"), this);
    nameLabel->setBuddy(m_name);
    m_name->setObjectName(QStringLiteral("segmentName"));
    m_name->setAccessibleName(tr("Segment name"));
    m_count->setObjectName(QStringLiteral("segmentCount"));
    m_count->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_count->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_count->setFont(big);
    m_countNote->setObjectName(QStringLiteral("segmentCountNote"));
    m_countNote->setWordWrap(true);
    header->addWidget(nameLabel);
    header->addWidget(m_name, 1);
    header->addSpacing(fontMetrics().height());
    header->addWidget(m_count);
    right->addLayout(header);
    right->addWidget(m_countNote);
    m_editor->setObjectName(QStringLiteral("segmentEditor"));
    right->addWidget(m_editor, 1);
    auto* bottom = new QHBoxLayout;
    m_status->setObjectName(QStringLiteral("segmentStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_save->setObjectName(QStringLiteral("segmentSave"));
    m_save->setToolTip(
        tr("Store the segment in the workspace (%1), checked as an import is")
            .arg(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)));
    m_save->setDefault(true);
    m_showUsers->setObjectName(QStringLiteral("segmentShowUsers"));
    m_export->setObjectName(QStringLiteral("segmentExport"));
    m_export->setToolTip(tr("Write the segment's users to a CSV file (Ctrl+E)"));
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_showUsers);
    bottom->addWidget(m_export);
    bottom->addWidget(m_save);
    right->addLayout(bottom);
    layout->addLayout(right, 1);

    m_exporter->hide();
    m_exporter->setNouns(tr("user"), tr("users"));
    connect(m_exporter, &ResultView::exportFinished, this, [this](bool ok, const QString& what) {
        m_status->setText(ok ? tr("Exported %1 users to %2.")
                                   .arg(QLocale().toString(m_exporter->model()->rowCount()), what)
                             : tr("Export failed: %1").arg(what));
    });
    connect(m_exporter, &ResultView::exportCancelled, this,
            [this] { m_status->setText(tr("Export cancelled: nothing was written.")); });

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(CountDelayMs);
    connect(m_debounce, &QTimer::timeout, this, &SegmentsView::count);
    connect(m_editor, &SegmentEditor::edited, this, &SegmentsView::edited);
    connect(m_editor, &SegmentEditor::focusChainChanged, this, &SegmentsView::updateTabOrder);
    connect(m_name, &QLineEdit::textEdited, this, [this] {
        updateList();
        updateButtons();
    });
    connect(m_listView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                if (m_selecting || !current.isValid())
                    return;
                openSegment(current.data(SegmentListModel::NameRole).toString());
            });
    connect(m_new, &QPushButton::clicked, this, &SegmentsView::newSegment);
    connect(m_duplicate, &QPushButton::clicked, this, &SegmentsView::duplicateSegment);
    connect(m_rename, &QPushButton::clicked, this, &SegmentsView::renameSegment);
    connect(m_delete, &QPushButton::clicked, this, &SegmentsView::deleteSegment);
    connect(m_save, &QPushButton::clicked, this, &SegmentsView::save);
    connect(m_showUsers, &QPushButton::clicked, this, &SegmentsView::showUsers);
    connect(m_export, &QPushButton::clicked, this, &SegmentsView::exportUsers);
    connect(&m_storer, &QFutureWatcherBase::finished, this, &SegmentsView::storeFinished);

    auto* saveKey = new QShortcut(QKeySequence::Save, this);
    connect(saveKey, &QShortcut::activated, this, &SegmentsView::save);
    auto* exportAction = new QAction(tr("Export the Segment's Users"), this);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(exportAction, &QAction::triggered, this, &SegmentsView::exportUsers);
    addAction(exportAction);
    auto* renameKey = new QShortcut(QKeySequence(Qt::Key_F2), this, nullptr, nullptr,
                                    Qt::WidgetWithChildrenShortcut);
    connect(renameKey, &QShortcut::activated, this, &SegmentsView::renameSegment);
    auto* deleteKey =
        new QShortcut(QKeySequence::Delete, m_listView, nullptr, nullptr, Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &SegmentsView::deleteSegment);

    followDataAndScope();
    updateButtons();
}

void SegmentsView::activate(const QVariant& argument)
{
    reloadIfStale();
    const QString name = argument.toString();
    if (!name.isEmpty() && m_saved.contains(name))
        openSegment(name);
    else
        m_listView->setFocus();
}

QString SegmentsView::currentName() const
{
    return m_name->text().trimmed();
}

bool SegmentsView::isDirty() const
{
    return m_snapshot && (m_savedName.isEmpty() || currentName() != m_savedName ||
                          m_editor->text() != m_savedText);
}

bool SegmentsView::isCountPending() const
{
    return m_debounce->isActive() || m_countJob.isRunning();
}

bool SegmentsView::confirmLeave(const std::function<void()>& proceed)
{
    return askToSave(proceed);
}

void SegmentsView::reload()
{
    std::shared_ptr<const Snapshot> snapshot = beginReload(m_count, m_countNote);
    if (!snapshot)
        return;
    if (snapshot == m_snapshot) { // the scope changed: count again
        count();
        return;
    }
    m_loadJob.run([snapshot] {
        Loaded l;
        l.snapshot = snapshot;
        if (!snapshot->isValid())
            return l;
        l.choices = SegmentChoices::read(snapshot->index, snapshot->workspace.segments.keys(),
                                         snapshot->calendar, snapshot->defaultAsOfMs);
        for (auto it = snapshot->workspace.segments.cbegin();
             it != snapshot->workspace.segments.cend(); ++it)
            l.saved.insert(it.key(), SegmentText::format(it.value(), snapshot->calendar));
        return l;
    });
}

void SegmentsView::loaded(const Loaded& l)
{
    const bool first = !m_snapshot;
    m_snapshot = l.snapshot;
    if (!m_snapshot->isValid()) {
        m_count->setEnabled(true);
        m_count->clear();
        m_countNote->setText(m_snapshot->error);
        setReady();
        return;
    }
    // A snapshot read before our last save or delete landed would bring back what it changed:
    // its segments wait for the newer snapshot, which is on its way.
    if (first || context()->isSnapshotCurrent())
        m_saved = l.saved;
    m_editor->setChoices(l.choices, m_snapshot->index);
    if (first || (!m_savedName.isEmpty() && !m_saved.contains(m_savedName) && !isDirty())) {
        showFirst();
    } else if (!isDirty() && !m_savedName.isEmpty() && m_saved.value(m_savedName) != m_savedText) {
        showSegment(m_savedName, m_savedName, m_saved.value(m_savedName));
    } else {
        updateList();
        updateButtons();
        count();
    }
}

void SegmentsView::showFirst()
{
    if (m_saved.isEmpty()) {
        showSegment(QString(), uniqueName(tr("New segment")), starterText());
        return;
    }
    showSegment(m_saved.firstKey(), m_saved.firstKey(), m_saved.first());
}

QString SegmentsView::starterText() const
{
    // The most frequent event, within 30 days: a segment that counts something at once.
    const SegmentChoices& c = m_editor->choices();
    return QStringLiteral("did %1 within 30d")
        .arg(SegmentText::quoted(c.events.empty() ? QStringLiteral("?") : c.events.front().name));
}

void SegmentsView::showSegment(const QString& savedName, const QString& name, const QString& text)
{
    m_savedName = savedName;
    m_savedText = savedName.isEmpty() ? QString() : text;
    m_name->setText(name);
    m_editor->setText(text);
    m_status->clear();
    updateList();
    updateButtons();
    count();
}

void SegmentsView::edited()
{
    updateList();
    updateButtons();
    // The old count stays, greyed, until the new one lands.
    m_count->setEnabled(false);
    m_countNote->setText(tr("Updating…"));
    setLoading();
    m_debounce->start();
}

void SegmentsView::count()
{
    m_debounce->stop();
    if (!m_snapshot || !m_snapshot->isValid())
        return;
    m_count->setEnabled(false);
    if (!m_editor->isValid()) {
        m_countJob.discard();
        m_countNote->setText(tr("Fix the text to count its users."));
        setReady();
        emit countShown();
        return;
    }
    m_countNote->setText(tr("Updating…"));
    setLoading();
    const std::shared_ptr<const Snapshot> snapshot = m_snapshot;
    const Scope scope = context()->scope();
    const QString text = m_editor->text();
    m_countJob.run([snapshot, scope, text] { return countSegment(*snapshot, scope, text); });
}

void SegmentsView::counted(const SegmentCount& c)
{
    m_count->setEnabled(true);
    const QLocale locale;
    if (c.users < 0) {
        m_shownCount = -1;
        m_count->setText(QStringLiteral("—"));
        m_count->setAccessibleName(tr("No count: %1").arg(c.error));
        m_countNote->setText(QStringLiteral("✖ ") + c.error);
    } else {
        m_shownCount = c.users;
        m_count->setText(tr("%1 users").arg(locale.toString(c.users)));
        m_count->setAccessibleName(tr("Users in the segment: %1").arg(locale.toString(c.users)));
        const Scope scope = context()->scope();
        QString note =
            tr("as of %1") // the as-of date as the status bar writes it
                .arg(locale.toString(m_snapshot->calendar.date(c.asOfMs), QLocale::ShortFormat));
        if (!scope.segment.isEmpty())
            note += tr(", among the users of “%1” (the scope bar)").arg(scope.segment);
        for (const QString& w : c.warnings)
            note += QStringLiteral(" · ⚠ ") + w;
        m_countNote->setText(note);
    }
    setReady();
    emit countShown();
}

void SegmentsView::updateList()
{
    QList<SegmentListModel::Row> rows;
    const bool dirty = isDirty();
    for (auto it = m_saved.cbegin(); it != m_saved.cend(); ++it)
        rows.append({it.key(), dirty && it.key() == m_savedName});
    if (m_snapshot && m_savedName.isEmpty())
        rows.append({currentName(), true});
    m_model->setRows(rows);
    const int current = m_savedName.isEmpty() ? int(rows.size()) - 1 : m_model->rowOf(m_savedName);
    m_selecting = true;
    m_listView->setCurrentIndex(m_model->index(current, 0));
    m_selecting = false;
}

void SegmentsView::updateButtons()
{
    const bool loaded = m_snapshot && m_snapshot->isValid();
    const bool valid = loaded && m_editor->isValid();
    for (QPushButton* b : {m_new, m_duplicate, m_rename, m_delete})
        b->setEnabled(loaded);
    m_save->setEnabled(loaded && !m_storer.isRunning());
    m_export->setEnabled(valid);
    const bool usersView = findView(QStringLiteral("users")) != nullptr;
    m_showUsers->setEnabled(valid && usersView);
    m_showUsers->setToolTip(usersView ? tr("Open the users list with this segment's users")
                                      : tr("The users list is not in this build"));
}

void SegmentsView::updateTabOrder()
{
    QList<QWidget*> chain{m_listView, m_new, m_duplicate, m_rename, m_delete, m_name};
    chain << m_editor->focusChain() << m_showUsers << m_export << m_save;
    for (qsizetype i = 1; i < chain.size(); ++i)
        setTabOrder(chain[i - 1], chain[i]);
}

QString SegmentsView::uniqueName(const QString& base) const
{
    QString name = base;
    for (int n = 2; m_saved.contains(name); ++n)
        name = QStringLiteral("%1 %2").arg(base).arg(n);
    return name;
}

} // namespace pulsebook
