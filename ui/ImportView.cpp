#include "ImportView.h"

#include "AppContext.h"
#include "PlanWidget.h"
#include "Settings.h"
#include "SyncController.h"
#include "SyncResultPanel.h"
#include "WarehouseForm.h"
#include "cache/Cache.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QShortcut>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace pulsebook {

ImportView::ImportView(AppContext* context, QWidget* parent)
    : View(context, parent), m_tabs(new QTabWidget(this)), m_poll(new QTimer(this))
{
    auto* layout = new QVBoxLayout(this);
    m_tabs->setObjectName(QStringLiteral("importTabs"));
    m_tabs->addTab(createFolderTab(), tr("Export &Folder"));
    m_warehouse = new WarehouseForm(m_tabs);
    m_warehouse->setObjectName(QStringLiteral("warehouseForm"));
    m_tabs->addTab(m_warehouse, tr("&Warehouse"));
    layout->addWidget(m_tabs, 1);
    layout->addWidget(createBottom());
    updateTabOrder();

    m_poll->setInterval(50);
    connect(m_poll, &QTimer::timeout, this, &ImportView::poll);
    connect(&m_planner, &QFutureWatcher<PlanJob>::finished, this, &ImportView::planned);
    connect(m_warehouse, &WarehouseForm::syncRequested, this, &ImportView::startWarehouseSync);
    SyncController* sync = context->sync();
    connect(sync, &SyncController::started, this, &ImportView::syncStarted);
    connect(sync, &SyncController::finished, this, &ImportView::syncFinished);
    connect(sync, &SyncController::mappingNotSaved, this,
            [this](const QString& error) { m_mappingError = error; });
    connect(context, &AppContext::workspaceChanged, this, [this] {
        m_mappingLoaded = false;
        if (!m_folder.isEmpty())
            replan();
    });
    connect(context, &AppContext::summaryChanged, this, [this] {
        QStringList team;
        for (const auto& m : this->context()->summary().team)
            team.append(m.person);
        m_warehouse->setTeam(team);
    });

    // Enter starts the sync of the current tab when it may; Esc cancels a running one.
    for (const int key : {int(Qt::Key_Return), int(Qt::Key_Enter)}) {
        auto* enter = new QShortcut(QKeySequence(key), this);
        enter->setContext(Qt::WidgetWithChildrenShortcut);
        connect(enter, &QShortcut::activated, this, [this] {
            if (m_folderEdit->hasFocus()) { // Enter in the folder's field plans it
                if (m_folderEdit->text() != m_folder)
                    setFolder(m_folderEdit->text());
            } else if (m_tabs->currentIndex() == 0 && m_sync->isEnabled())
                startSync();
            else if (m_tabs->currentIndex() == 1 && m_warehouse->canSync())
                m_warehouse->requestSync();
        });
    }
    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, m_cancel, &QPushButton::click);
    updateSyncButtons();
}

ImportView::~ImportView()
{
    m_planner.waitForFinished();
}

QWidget* ImportView::createFolderTab()
{
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    auto* folderRow = new QHBoxLayout;
    auto* folderLabel = new QLabel(tr("Fold&er:"), tab);
    m_folderEdit = new QLineEdit(tab);
    m_folderEdit->setObjectName(QStringLiteral("importFolder"));
    m_folderEdit->setAccessibleName(tr("Export folder"));
    m_folderEdit->setPlaceholderText(tr("Choose a folder of CSV exports, or drop it here"));
    folderLabel->setBuddy(m_folderEdit);
    m_choose = new QPushButton(tr("C&hoose…"), tab);
    m_choose->setObjectName(QStringLiteral("chooseFolder"));
    m_choose->setAccessibleName(tr("Choose the export folder"));
    folderRow->addWidget(folderLabel);
    folderRow->addWidget(m_folderEdit, 1);
    folderRow->addWidget(m_choose);
    layout->addLayout(folderRow);
    connect(m_choose, &QPushButton::clicked, this, &ImportView::chooseFolder);
    connect(m_folderEdit, &QLineEdit::editingFinished, this, [this] {
        if (m_folderEdit->text() != m_folder)
            setFolder(m_folderEdit->text());
    });

    m_planState = new QLabel(tab);
    m_planState->setObjectName(QStringLiteral("planState"));
    m_planState->setWordWrap(true);
    layout->addWidget(m_planState);
    m_plan = new PlanWidget(tab);
    m_plan->setObjectName(QStringLiteral("planWidget"));
    m_plan->showMessage(tr("Choose an export folder (or drop it on the window) to see what a "
                           "sync would read. Nothing lands until you press Sync."));
    layout->addWidget(m_plan, 1);
    connect(m_plan, &PlanWidget::columnChosen, this, &ImportView::chooseColumn);
    connect(m_plan, &PlanWidget::fileUsedAs, this, &ImportView::useFileAs);

    auto* row = new QHBoxLayout;
    auto* orderLabel = new QLabel(tr("Date &order:"), tab);
    m_dateOrder = new QComboBox(tab);
    m_dateOrder->setObjectName(QStringLiteral("dateOrder"));
    m_dateOrder->setAccessibleName(tr("Date order of slash dates"));
    m_dateOrder->addItem(tr("Auto (only dates that can mean one day)"),
                         int(FieldParser::DateOrder::Unset));
    m_dateOrder->addItem(tr("MDY (9/1/2026 is September 1)"), int(FieldParser::DateOrder::MDY));
    m_dateOrder->addItem(tr("DMY (9/1/2026 is January 9)"), int(FieldParser::DateOrder::DMY));
    orderLabel->setBuddy(m_dateOrder);
    connect(m_dateOrder, &QComboBox::activated, this, [this] {
        m_mapping.dateOrder = FieldParser::DateOrder(m_dateOrder->currentData().toInt());
        replan();
    });
    m_blocked = new QLabel(tab);
    m_blocked->setObjectName(QStringLiteral("syncBlocked"));
    m_blocked->setWordWrap(true);
    m_blocked->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sync = new QPushButton(tr("&Sync"), tab);
    m_sync->setObjectName(QStringLiteral("startSync"));
    m_sync->setAccessibleName(tr("Sync the folder into the workspace"));
    connect(m_sync, &QPushButton::clicked, this, &ImportView::startSync);
    row->addWidget(orderLabel);
    row->addWidget(m_dateOrder);
    row->addWidget(m_blocked, 1);
    row->addWidget(m_sync);
    layout->addLayout(row);
    return tab;
}

QWidget* ImportView::createBottom()
{
    auto* bottom = new QWidget(this);
    auto* layout = new QVBoxLayout(bottom);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* modes = new QHBoxLayout;
    m_strict = new QRadioButton(tr("Strict: stop at the first &bad row, nothing lands"), bottom);
    m_strict->setObjectName(QStringLiteral("strictMode"));
    m_skip = new QRadioButton(tr("S&kip bad rows: land the rest, the bad rows go to a rejects "
                                 "file"),
                              bottom);
    m_skip->setObjectName(QStringLiteral("skipBadRows"));
    auto* group = new QButtonGroup(bottom);
    group->addButton(m_strict);
    group->addButton(m_skip);
    (Settings::instance().get(Settings::Key::SkipBadRows).toBool() ? m_skip : m_strict)
        ->setChecked(true);
    modes->addWidget(m_strict);
    modes->addWidget(m_skip);
    modes->addStretch(1);
    layout->addLayout(modes);

    m_progressRow = new QWidget(bottom);
    m_progressRow->setObjectName(QStringLiteral("importProgressRow"));
    auto* progress = new QHBoxLayout(m_progressRow);
    progress->setContentsMargins(0, 0, 0, 0);
    m_stage = new QLabel(m_progressRow);
    m_stage->setObjectName(QStringLiteral("importStage"));
    m_bar = new QProgressBar(m_progressRow);
    m_bar->setObjectName(QStringLiteral("importProgress"));
    m_bar->setAccessibleName(tr("Sync progress"));
    m_cancel = new QPushButton(tr("&Cancel"), m_progressRow);
    m_cancel->setObjectName(QStringLiteral("importCancel"));
    m_cancel->setToolTip(tr("Stop the sync (Esc); the workspace stays as it was"));
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (!context()->sync()->isRunning())
            return;
        m_cancel->setEnabled(false);
        m_stage->setText(tr("Cancelling…"));
        context()->sync()->cancel();
    });
    progress->addWidget(m_stage);
    progress->addWidget(m_bar, 1);
    progress->addWidget(m_cancel);
    layout->addWidget(m_progressRow);
    m_progressRow->hide();

    m_result = new SyncResultPanel(bottom);
    m_result->setObjectName(QStringLiteral("syncResult"));
    layout->addWidget(m_result);
    return bottom;
}

void ImportView::activate(const QVariant& argument)
{
    const QString folder = argument.toString();
    if (!folder.isEmpty() && folder != m_folder) {
        m_tabs->setCurrentIndex(0);
        setFolder(folder);
    } else if (m_folder.isEmpty() && !lastFolder().isEmpty()) {
        setFolder(lastFolder());
    } else if (!m_planning) {
        setReady();
    }
}

QString ImportView::lastFolder() const
{
    for (const SyncLogEntry& e : context()->summary().log) {
        if (e.mode == QLatin1String("csv") && QFileInfo(e.source).isDir())
            return e.source;
    }
    return Settings::instance().get(Settings::Key::LastExportFolder).toString();
}

bool ImportView::prepareScreenshot(const QString& name, QString* error)
{
    if (context()->summary().path != context()->workspacePath() || context()->isLoading()) {
        // The workspace's summary (its sync log) is still being read: prepare once it is in.
        auto once = std::make_shared<QMetaObject::Connection>();
        *once = connect(context(), &AppContext::summaryChanged, this, [this, once, name] {
            disconnect(*once);
            QString why;
            if (!prepareScreenshot(name, &why))
                qWarning("pulsebook: %s", qPrintable(why));
        });
        return true;
    }
    if (name == QLatin1String("import-warehouse")) {
        m_tabs->setCurrentIndex(1); // the connection as the settings remember it
        setReady();
        return true;
    }
    const QString folder = lastFolder();
    if (folder.isEmpty()) {
        *error = tr("the workspace has synced no export folder yet");
        return false;
    }
    if (name == QLatin1String("sync-summary")) {
        const QList<SyncLogEntry>& log = context()->summary().log;
        if (log.isEmpty()) {
            *error = tr("the workspace has no sync yet");
            return false;
        }
        m_result->showLogEntry(log.first(),
                               log.first().rejected > 0
                                   ? context()->workspacePath() + QStringLiteral(".rejects.csv")
                                   : QString());
    }
    m_mappingLoaded = false;
    m_folder.clear();
    setFolder(folder);
    return true;
}

void ImportView::setFolder(const QString& folder)
{
    m_folder = folder;
    m_folderEdit->setText(folder);
    replan();
}

void ImportView::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Choose an Export Folder"), m_folder.isEmpty() ? lastFolder() : m_folder);
    if (!folder.isEmpty())
        setFolder(folder);
}

void ImportView::replan()
{
    if (m_folder.isEmpty())
        return;
    setLoading();
    m_planning = true;
    m_plan->setEnabled(false); // greyed until the new plan is in
    m_planState->setText(tr("Reading the headers of %1…").arg(m_folder));
    updateSyncButtons();
    const int generation = ++m_generation;
    const QString folder = m_folder;
    const bool loadMapping = !m_mappingLoaded;
    const QString cachePath = context()->workspacePath();
    ExportMapping mapping = m_mapping;
    // Planning reads file names and header rows only, but a folder on a slow disk may take a
    // while: off the GUI thread, newest request wins (the generation).
    m_planner.setFuture(QtConcurrent::run([=]() mutable {
        PlanJob job;
        job.generation = generation;
        if (loadMapping) {
            mapping = ExportMapping();
            Cache cache;
            if (QFileInfo::exists(cachePath) && (!cache.openForReading(cachePath, &job.error) ||
                                                 !ExportMapping::load(cache, &mapping, &job.error)))
                return job;
            job.loadedMapping = true;
        }
        job.mapping = mapping;
        planExportFolder(folder, mapping, &job.plan, &job.error);
        return job;
    }));
}

void ImportView::planned()
{
    const PlanJob job = m_planner.result();
    if (job.generation != m_generation)
        return; // a newer request is running (setFuture watches only the newest)
    m_planning = false;
    m_plan->setEnabled(true);
    if (job.loadedMapping) {
        m_mapping = job.mapping;
        m_mappingLoaded = true;
    }
    m_dateOrder->setCurrentIndex(m_dateOrder->findData(int(m_mapping.dateOrder)));
    if (!job.error.isEmpty()) {
        m_plan->showMessage(QString());
        markAsProblem(m_planState, job.error);
    } else {
        m_planState->setPalette(QPalette());
        m_planState->setText(tr("What a sync of %1 would read, from the file names and headers. "
                                "Change a column with its box; nothing lands until you press "
                                "Sync.")
                                 .arg(job.plan.folder));
        m_plan->setPlan(job.plan);
    }
    updateTabOrder();
    updateSyncButtons();
    setReady();
}

void ImportView::updateTabOrder()
{
    // The plan's controls are created anew with each plan, so Qt would put them last in the
    // chain: Tab reads the view top-down instead, the choices before the button that uses them.
    QList<QWidget*> order{m_tabs, m_folderEdit, m_choose};
    order += m_plan->focusOrder();
    order += QList<QWidget*>{m_dateOrder, m_strict, m_skip, m_sync};
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order[i - 1], order[i]);
}

void ImportView::chooseColumn(const QString& table, const QString& field, const QString& header)
{
    QMap<QString, QString>& columns = m_mapping.columns[table];
    // A column fills one field: a mapping of another field to it goes.
    for (auto it = columns.begin(); !header.isEmpty() && it != columns.end();) {
        if (it.key() != field && it.value().compare(header, Qt::CaseInsensitive) == 0)
            it = columns.erase(it);
        else
            ++it;
    }
    // "(none)" on an optional field: no column fills it, even one of its name (mapped to "").
    // A required field must have a column: its empty item only drops the mapping.
    const ExportFormat::FileSpec* spec = ExportFormat::specNamed(table);
    const ExportFormat::Column* column = spec ? ExportFormat::columnNamed(*spec, field) : nullptr;
    if (header.isEmpty() && column && column->required)
        columns.remove(field);
    else
        columns.insert(field, header);
    if (columns.isEmpty())
        m_mapping.columns.remove(table);
    replan();
}

void ImportView::useFileAs(const QString& file, const QString& table)
{
    if (table.isEmpty()) {
        for (auto it = m_mapping.files.begin(); it != m_mapping.files.end();) {
            if (it.value().compare(file, Qt::CaseInsensitive) == 0)
                it = m_mapping.files.erase(it);
            else
                ++it;
        }
    } else {
        m_mapping.files.insert(table, file);
    }
    replan();
}

void ImportView::updateSyncButtons()
{
    const bool running = context()->sync()->isRunning();
    QString why;
    if (running)
        why = tr("A sync is running.");
    else if (!context()->hasWorkspace())
        why = tr("Open or create a workspace first.");
    else if (m_folder.isEmpty())
        why = tr("Choose an export folder.");
    else if (m_planning)
        why = tr("Reading the headers…");
    else if (m_plan->plan().folder.isEmpty())
        why = tr("The folder cannot be read.");
    else
        why = m_plan->plan().blockingProblem();
    m_sync->setEnabled(why.isEmpty());
    m_sync->setToolTip(why);
    if (why.isEmpty() || running || m_planning) {
        m_blocked->setPalette(QPalette());
        m_blocked->setText(why);
    } else {
        markAsProblem(m_blocked, tr("Cannot sync yet: %1").arg(why));
    }
    m_warehouse->setSyncAllowed(!running && context()->hasWorkspace(),
                                running ? tr("A sync is running.") : QString());
}

void ImportView::startSync()
{
    if (!m_sync->isEnabled())
        return;
    SyncOptions options;
    options.skipBadRows = m_skip->isChecked();
    options.mapping = m_mapping;
    Settings::instance().set(Settings::Key::LastExportFolder, m_folder);
    m_ownSync = true;
    context()->sync()->start(context()->workspacePath(), m_folder, options, true);
}

void ImportView::startWarehouseSync()
{
    if (context()->sync()->isRunning() || !context()->hasWorkspace())
        return;
    m_ownSync = true;
    context()->sync()->startWarehouse(context()->workspacePath(), m_warehouse->source(),
                                      m_warehouse->options(m_skip->isChecked()));
}

void ImportView::syncStarted()
{
    updateSyncButtons();
    if (!m_ownSync)
        return;
    m_mappingError.clear();
    m_result->hide();
    m_progressRow->show();
    m_cancel->setEnabled(true);
    m_stage->setText(tr("Starting the sync…"));
    m_bar->setRange(0, 0);
    m_poll->start();
    m_cancel->setFocus(Qt::OtherFocusReason);
}

void ImportView::poll()
{
    SyncController* sync = context()->sync();
    if (m_cancel->isEnabled())
        m_stage->setText(sync->stage());
    const double f = sync->fraction();
    if (f < 0) {
        m_bar->setRange(0, 0);
    } else {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(f * 1000));
    }
}

void ImportView::syncFinished(const SyncSummary& summary, const Status& status)
{
    updateSyncButtons();
    if (!m_ownSync)
        return;
    m_ownSync = false;
    m_poll->stop();
    m_progressRow->hide();
    if (status.isCancelled())
        m_result->showCancelled();
    else if (status.isFailed())
        m_result->showError(status.error());
    else
        m_result->showSummary(summary, m_mappingError);
    m_result->setFocus(Qt::OtherFocusReason);
}

} // namespace pulsebook
