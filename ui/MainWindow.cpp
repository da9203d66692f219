#include "MainWindow.h"

#include "AppContext.h"
#include "CommandPalette.h"
#include "FirstRunView.h"
#include "Preferences.h"
#include "ScopeBar.h"
#include "Settings.h"
#include "SyncController.h"
#include "View.h"
#include "ViewRegistry.h"
#include "cache/Cache.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

namespace pulsebook {

namespace {

// "just now", "5 min ago", "2 h ago", "3 days ago".
QString ago(qint64 ms, qint64 nowMs)
{
    const qint64 minutes = std::max<qint64>(0, (nowMs - ms) / 60000);
    if (minutes < 1)
        return MainWindow::tr("just now");
    if (minutes < 60)
        return MainWindow::tr("%1 min ago").arg(minutes);
    if (minutes < 48 * 60)
        return MainWindow::tr("%1 h ago").arg(minutes / 60);
    return MainWindow::tr("%1 days ago").arg(minutes / (24 * 60));
}

// The platform's standard keys for an action plus ours, without duplicates (two equal shortcuts
// on one action make both ambiguous).
QList<QKeySequence> keys(QKeySequence::StandardKey standard, const QKeySequence& ours)
{
    // Compared as text: a platform may list one binding twice, or with flags that do not matter.
    QList<QKeySequence> list;
    QStringList seen;
    const QList<QKeySequence> all = QKeySequence::keyBindings(standard) << ours;
    for (const QKeySequence& k : all) {
        if (!seen.contains(k.toString())) {
            seen.append(k.toString());
            list.append(k);
        }
    }
    return list;
}

// Data synced longer ago than this is marked stale in the status bar.
constexpr qint64 StaleAfterMs = 24LL * 3600 * 1000;

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_context(new AppContext(this)), m_poll(new QTimer(this)),
      m_clock(new QTimer(this))
{
    m_palette = new CommandPalette(this, m_context);
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Pulsebook"));
    setAcceptDrops(true);

    auto* central = new QWidget(this);
    auto* row = new QHBoxLayout(central);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(0);
    createSidebar();
    row->addWidget(m_sidebar);
    auto* main = new QWidget(central);
    auto* column = new QVBoxLayout(main);
    m_scopeBar = new ScopeBar(m_context, main);
    column->addWidget(m_scopeBar);
    m_stack = new QStackedWidget(main);
    m_stack->setObjectName(QStringLiteral("views"));
    column->addWidget(m_stack, 1);
    row->addWidget(main, 1);
    setCentralWidget(central);

    m_freshness = new QLabel(this);
    m_freshness->setObjectName(QStringLiteral("freshness"));
    statusBar()->addPermanentWidget(m_freshness);
    m_syncPanel = new QWidget(this);
    m_syncPanel->setObjectName(QStringLiteral("syncPanel"));
    auto* panel = new QHBoxLayout(m_syncPanel);
    panel->setContentsMargins(0, 0, 0, 0);
    m_syncStage = new QLabel(m_syncPanel);
    m_syncStage->setObjectName(QStringLiteral("syncStage"));
    m_syncBar = new QProgressBar(m_syncPanel);
    m_syncBar->setObjectName(QStringLiteral("syncProgress"));
    m_syncBar->setAccessibleName(tr("Sync progress"));
    m_syncBar->setMaximumWidth(220);
    m_cancel = new QPushButton(tr("Cancel Sync"), m_syncPanel);
    m_cancel->setObjectName(QStringLiteral("cancelSync"));
    m_cancel->setToolTip(tr("Stop the sync; the workspace stays as it was (Esc)"));
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape)); // only while the button is shown
    panel->addWidget(m_syncStage);
    panel->addWidget(m_syncBar);
    panel->addWidget(m_cancel);
    statusBar()->addPermanentWidget(m_syncPanel);
    m_syncPanel->hide();

    m_poll->setInterval(50);
    connect(m_poll, &QTimer::timeout, this, &MainWindow::updateSyncProgress);
    m_clock->setInterval(60 * 1000);
    connect(m_clock, &QTimer::timeout, this, &MainWindow::updateFreshness);
    m_clock->start();
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_syncStage->setText(tr("Cancelling…"));
        m_context->sync()->cancel();
    });
    connect(m_context->sync(), &SyncController::started, this, &MainWindow::onSyncStarted);
    connect(m_context->sync(), &SyncController::finished, this, &MainWindow::onSyncFinished);
    // Queued: the views take the new summary first, then the window says it is shown.
    connect(m_context, &AppContext::summaryChanged, this, &MainWindow::onSummaryChanged,
            Qt::QueuedConnection);
    connect(m_context, &AppContext::scopeChanged, this, &MainWindow::updateFreshness);
    connect(m_context, &AppContext::setupNeeded, this,
            [this] { showView(QStringLiteral("definitions"), QStringLiteral("setup")); });

    createActions();
    updateSidebar();
    setView(QStringLiteral("first-run"), QVariant());
    statusBar()->showMessage(tr("Ready"));
    const QByteArray geometry =
        Settings::instance().get(Settings::Key::MainWindowGeometry).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    else
        resize(1100, 720);
}

MainWindow::~MainWindow() = default;

QString MainWindow::workspacePath() const
{
    return m_context->workspacePath();
}

void MainWindow::createSidebar()
{
    m_sidebar = new QListWidget(this);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setAccessibleName(tr("Views"));
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_sidebar->setMaximumWidth(220);
    m_sidebar->setBackgroundRole(QPalette::AlternateBase);
    m_sidebar->setAutoFillBackground(true);
    for (const ViewInfo& info : viewRegistry()) {
        if (!info.inSidebar)
            continue;
        auto* item = new QListWidgetItem(info.title, m_sidebar);
        item->setData(Qt::UserRole, info.id);
        item->setToolTip(info.description);
        item->setSizeHint(QSize(160, m_sidebar->fontMetrics().height() * 2));
    }
    connect(m_sidebar, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item && item->data(Qt::UserRole).toString() != m_currentId)
            showView(item->data(Qt::UserRole).toString());
    });
    // The current row stays put under a view outside the sidebar: a click or Enter on it goes
    // back to that view.
    connect(m_sidebar, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { showView(item->data(Qt::UserRole).toString()); });
    connect(m_sidebar, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { showView(item->data(Qt::UserRole).toString()); });
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* create = file->addAction(tr("&New Workspace…"), this, &MainWindow::newWorkspace);
    create->setShortcut(QKeySequence::New);
    QAction* open = file->addAction(tr("&Open Workspace…"), this, &MainWindow::chooseWorkspace);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    fillRecentMenu();
    file->addSeparator();
    QAction* import =
        file->addAction(tr("&Import Export Folder…"), this, [this] { importFolder(); });
    import->setObjectName(QStringLiteral("importAction"));
    import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_syncAction =
        file->addAction(tr("&Sync Export Folder…"), this, &MainWindow::chooseExportFolder);
    m_syncAction->setObjectName(QStringLiteral("syncAction"));
    m_syncAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_skipBadRows = file->addAction(tr("Skip &Bad Rows When Syncing"));
    m_skipBadRows->setCheckable(true);
    m_skipBadRows->setChecked(Settings::instance().get(Settings::Key::SkipBadRows).toBool());
    connect(m_skipBadRows, &QAction::toggled, this,
            [](bool on) { Settings::instance().set(Settings::Key::SkipBadRows, on); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* prefs = edit->addAction(tr("&Preferences…"), this, &MainWindow::showPreferences);
    prefs->setObjectName(QStringLiteral("preferencesAction"));
    prefs->setMenuRole(QAction::PreferencesRole);
    // Qt binds QKeySequence::Preferences only on macOS; Ctrl+, everywhere.
    prefs->setShortcuts(
        {QKeySequence(QKeySequence::Preferences), QKeySequence(Qt::CTRL | Qt::Key_Comma)});

    m_goMenu = menuBar()->addMenu(tr("&View"));
    int n = 0;
    for (const ViewInfo& info : viewRegistry()) {
        if (!info.inSidebar)
            continue;
        const QString id = info.id;
        QAction* a = m_goMenu->addAction(info.title, this, [this, id] { showView(id); });
        a->setObjectName(QStringLiteral("view-") + id);
        if (++n <= 9)
            a->setShortcut(QKeySequence(int(Qt::CTRL) | (Qt::Key_0 + n)));
    }
    m_goMenu->addSeparator();
    m_backAction = m_goMenu->addAction(tr("&Back"), this, &MainWindow::back);
    m_backAction->setObjectName(QStringLiteral("backAction"));
    m_backAction->setShortcuts(keys(QKeySequence::Back, QKeySequence(Qt::ALT | Qt::Key_Left)));
    m_forwardAction = m_goMenu->addAction(tr("&Forward"), this, &MainWindow::forward);
    m_forwardAction->setObjectName(QStringLiteral("forwardAction"));
    m_forwardAction->setShortcuts(
        keys(QKeySequence::Forward, QKeySequence(Qt::ALT | Qt::Key_Right)));
    m_goMenu->addSeparator();
    QAction* palette =
        m_goMenu->addAction(tr("&Command Palette…"), m_palette, &CommandPalette::open);
    palette->setObjectName(QStringLiteral("paletteAction"));
    palette->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(m_palette, &CommandPalette::viewRequested, this,
            [this](const QString& id, const QVariant& argument) { showView(id, argument); });
    QAction* reload = m_goMenu->addAction(tr("&Refresh"), m_context, &AppContext::reload);
    reload->setObjectName(QStringLiteral("refreshAction"));
    reload->setShortcut(QKeySequence::Refresh);
    QAction* full = m_goMenu->addAction(tr("&Full Screen"), this, [this](bool on) {
        setWindowState(on ? windowState() | Qt::WindowFullScreen
                          : windowState() & ~Qt::WindowFullScreen);
    });
    full->setObjectName(QStringLiteral("fullScreenAction"));
    full->setCheckable(true);
    full->setShortcuts(keys(QKeySequence::FullScreen, QKeySequence(Qt::Key_F11)));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Pulsebook"), this, [this] {
        QMessageBox::about(this, tr("About Pulsebook"),
                           tr("<b>Pulsebook %1</b><p>Customer Success analytics on your "
                              "desktop.</p><p>The user guide is the README; every figure is "
                              "defined in docs/definitions.md.</p>")
                               .arg(QApplication::applicationVersion()));
    });
    for (QAction* a : {m_backAction, m_forwardAction})
        a->setEnabled(false);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = Settings::instance().recentWorkspaces();
    for (const QString& path : recent) {
        QAction* a = m_recentMenu->addAction(QFileInfo(path).fileName(), this,
                                             [this, path] { openWorkspace(path); });
        a->setToolTip(path);
        a->setStatusTip(path);
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent workspaces"))->setEnabled(false);
}

void MainWindow::updateSidebar()
{
    const bool open = m_context->hasWorkspace();
    m_sidebar->setVisible(open);
    m_scopeBar->setVisible(open);
    for (QAction* a : m_goMenu->actions()) {
        if (a->objectName().startsWith(QLatin1String("view-")))
            a->setEnabled(open);
    }
    m_syncAction->setEnabled(open && !m_context->sync()->isRunning());
}

View* MainWindow::view(const QString& id)
{
    if (View* v = m_views.value(id))
        return v;
    const ViewInfo* info = findView(id);
    if (!info)
        return nullptr;
    View* v = info->create(m_context);
    v->setObjectName(id + QStringLiteral("View"));
    m_views.insert(id, v);
    m_stack->addWidget(v);
    connect(v, &View::navigate, this,
            [this](const QString& to, const QVariant& argument) { showView(to, argument); });
    if (auto* first = qobject_cast<FirstRunView*>(v)) {
        connect(first, &FirstRunView::workspaceChosen, this,
                [this](const QString& path) { openWorkspace(path); });
        connect(first, &FirstRunView::importRequested, this, [this] { importFolder(); });
        connect(first, &FirstRunView::openRequested, this, &MainWindow::chooseWorkspace);
    }
    return v;
}

bool MainWindow::showView(const QString& id, const QVariant& argument)
{
    const ViewInfo* info = findView(id);
    if (!info || (info->needsWorkspace && !m_context->hasWorkspace()))
        return false;
    if (id == m_currentId && argument == m_currentArgument)
        return true;
    if (!mayLeave(id, [this, id, argument] { showView(id, argument); }))
        return false;
    if (!m_currentId.isEmpty())
        m_back.append({m_currentId, m_currentArgument});
    m_forward.clear();
    setView(id, argument);
    return true;
}

void MainWindow::setView(const QString& id, const QVariant& argument)
{
    View* v = view(id);
    if (!v)
        return;
    m_currentId = id;
    m_currentArgument = argument;
    m_stack->setCurrentWidget(v);
    // Esc cancels a running sync from the status bar, except where a view has its own Cancel.
    m_cancel->setShortcut(id == QLatin1String("import") ? QKeySequence()
                                                        : QKeySequence(Qt::Key_Escape));
    {
        // A view outside the sidebar (an account page) leaves the current row where it was,
        // unselected: with no current row, the sidebar's focus-in would pick its first view.
        QSignalBlocker block(m_sidebar);
        m_sidebar->clearSelection();
        for (int i = 0; i < m_sidebar->count(); ++i) {
            if (m_sidebar->item(i)->data(Qt::UserRole).toString() == id)
                m_sidebar->setCurrentRow(i);
        }
    }
    m_backAction->setEnabled(!m_back.isEmpty());
    m_forwardAction->setEnabled(!m_forward.isEmpty());
    if (findView(id)->needsWorkspace)
        Settings::instance().set(Settings::Key::LastView, id);
    v->activate(argument);
    emit viewShown(id);
}

void MainWindow::back()
{
    if (m_back.isEmpty())
        return;
    if (!mayLeave(m_back.last().id, [this] { back(); }))
        return;
    m_forward.append({m_currentId, m_currentArgument});
    const Place p = m_back.takeLast();
    setView(p.id, p.argument);
}

void MainWindow::forward()
{
    if (m_forward.isEmpty())
        return;
    if (!mayLeave(m_forward.last().id, [this] { forward(); }))
        return;
    m_back.append({m_currentId, m_currentArgument});
    const Place p = m_forward.takeLast();
    setView(p.id, p.argument);
}

bool MainWindow::prepareScreenshot(const QString& name, QString* error)
{
    const ViewInfo* info = findScreenshot(name);
    if (!info) {
        *error = tr("unknown view '%1' (known: %2)")
                     .arg(name, screenshotNames().join(QStringLiteral(", ")));
        return false;
    }
    if (info->needsWorkspace && !m_context->hasWorkspace()) {
        *error = tr("the view '%1' needs a workspace: pulsebook --screenshot %1 FILE.png WORKSPACE")
                     .arg(name);
        return false;
    }
    if (info->id == QLatin1String("first-run")) {
        m_back.clear();
        setView(info->id, QVariant());
    } else if (!showView(info->id)) {
        *error = tr("cannot show the view '%1'").arg(name);
        return false;
    }
    View* v = view(info->id);
    auto once = std::make_shared<QMetaObject::Connection>();
    *once = connect(v, &View::ready, this, [this, once] {
        disconnect(*once);
        emit screenshotReady();
    });
    if (!v->prepareScreenshot(name, error)) {
        disconnect(*once);
        return false;
    }
    return true;
}

void MainWindow::openWorkspace(const QString& path, bool create)
{
    if (m_context->sync()->isRunning()) {
        statusBar()->showMessage(tr("A sync is running: the workspace can change when it ends."));
        return;
    }
    if (!mayLeave(QString(), [this, path, create] { openWorkspace(path, create); }))
        return;
    if (create) {
        Cache cache;
        QString error;
        QDir().mkpath(QFileInfo(path).absolutePath());
        if (!cache.open(path, true, &error)) {
            QMessageBox::warning(this, tr("Cannot create workspace"), error);
            return;
        }
    }
    m_context->setWorkspace(path);
    setWindowTitle(tr("%1 — Pulsebook").arg(QFileInfo(path).fileName()));
    fillRecentMenu();
    updateSidebar();
    m_back.clear();
    m_forward.clear();
    m_currentId.clear();
    QString last = Settings::instance().get(Settings::Key::LastView).toString();
    if (!findView(last) || !findView(last)->inSidebar)
        last = QStringLiteral("today"); // home
    setView(last, QVariant());
    statusBar()->showMessage(tr("Reading %1…").arg(path));
}

void MainWindow::onSummaryChanged()
{
    const WorkspaceSummary& s = m_context->summary();
    if (!s.error.isEmpty() && s.exists) {
        statusBar()->showMessage(s.error);
        if (!QApplication::platformName().startsWith(QLatin1String("offscreen")))
            QMessageBox::warning(this, tr("Cannot open workspace"), s.error);
    } else if (m_pendingMessage.isEmpty()) {
        statusBar()->showMessage(tr("Workspace loaded"), 3000);
    } else {
        statusBar()->showMessage(m_pendingMessage);
    }
    m_pendingMessage.clear();
    updateFreshness();
    emit summaryShown();
}

QString MainWindow::freshnessText() const
{
    const WorkspaceSummary& s = m_context->summary();
    if (!m_context->hasWorkspace() || !s.error.isEmpty() || !s.asOfMs)
        return m_context->hasWorkspace() ? tr("No data yet") : QString();
    const QLocale locale;
    const QDate asOf = m_context->scope().asOf.isValid()
                           ? m_context->scope().asOf
                           : QDate::fromString(s.asOfDate, Qt::ISODate);
    QString text = m_context->scope().asOf.isValid()
                       ? tr("Figures as of %1").arg(locale.toString(asOf, QLocale::ShortFormat))
                       : tr("Data as of %1").arg(locale.toString(asOf, QLocale::ShortFormat));
    if (s.lastSyncMs > 0) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        text += tr(" · synced %1").arg(ago(s.lastSyncMs, now));
        if (now - s.lastSyncMs > StaleAfterMs)
            text = tr("⚠ Stale: %1").arg(text);
    }
    return text;
}

void MainWindow::updateFreshness()
{
    const QString text = freshnessText();
    m_freshness->setText(text);
    m_freshness->setAccessibleName(text);
    const WorkspaceSummary& s = m_context->summary();
    m_freshness->setToolTip(
        s.lastSyncMs > 0 ? tr("Last sync finished %1; data is marked stale a day after "
                              "its last sync. Sync again: File ▸ Sync Export Folder.")
                               .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(s.lastSyncMs),
                                                       QLocale::LongFormat))
                         : QString());
}

void MainWindow::chooseWorkspace()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Workspace"), QFileInfo(workspacePath()).absolutePath(),
        tr("Pulsebook workspaces (*.pulsebook);;All files (*)"));
    if (!path.isEmpty())
        openWorkspace(path);
}

void MainWindow::newWorkspace()
{
    QString path = QFileDialog::getSaveFileName(
        this, tr("New Workspace"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) +
            QStringLiteral("/workspace.pulsebook"),
        tr("Pulsebook workspaces (*.pulsebook)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".pulsebook")))
        path += QLatin1String(".pulsebook");
    openWorkspace(path, true);
}

void MainWindow::showPreferences()
{
    Preferences dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        m_skipBadRows->setChecked(Settings::instance().get(Settings::Key::SkipBadRows).toBool());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile() &&
        (QFileInfo(urls.first().toLocalFile()).isDir() ||
         urls.first().toLocalFile().endsWith(QLatin1String(".pulsebook"))))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QString path = event->mimeData()->urls().value(0).toLocalFile();
    event->acceptProposedAction();
    // Queued: a file dialog must not open inside the drop's own event handling.
    QTimer::singleShot(0, this, [this, path] {
        if (QFileInfo(path).isDir())
            importFolder(path);
        else
            openWorkspace(path);
    });
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!mayLeave(QString(), [this] { close(); })) {
        event->ignore();
        return;
    }
    if (m_context->sync()->isRunning()) {
        const auto answer = QMessageBox::question(
            this, tr("Sync in progress"),
            tr("A sync is running. Cancel it and quit? The workspace stays as it was."));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_context->sync()->cancel();
    }
    Settings::instance().set(Settings::Key::MainWindowGeometry, saveGeometry());
    event->accept();
}

bool MainWindow::mayLeave(const QString& toId, const std::function<void()>& proceed)
{
    // For another view only the current one is left (the others keep their state); for another
    // workspace or to quit, every view is.
    const QStringList ids = toId.isEmpty() ? QStringList(m_views.keys()) : QStringList{m_currentId};
    for (const QString& id : ids) {
        View* v = m_views.value(id);
        if (!v || id == toId || v->confirmLeave(proceed))
            continue;
        // The view that stays is shown (and the sidebar says so).
        if (id == m_currentId)
            setView(id, m_currentArgument);
        else
            showView(id);
        return false;
    }
    return true;
}

} // namespace pulsebook
