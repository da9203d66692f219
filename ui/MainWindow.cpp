#include "MainWindow.h"

#include "Settings.h"
#include "SyncController.h"
#include "sync/FieldParser.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace pulsebook {

namespace {

QString tableTitle(const QString& table)
{
    static const QHash<QString, QString> titles = {
        {QStringLiteral("team"), QObject::tr("Team members")},
        {QStringLiteral("accounts"), QObject::tr("Accounts")},
        {QStringLiteral("users"), QObject::tr("Users")},
        {QStringLiteral("sessions"), QObject::tr("Sessions")},
        {QStringLiteral("events"), QObject::tr("Events")},
        {QStringLiteral("campaign_touches"), QObject::tr("Campaign touches")},
        {QStringLiteral("user_migrations"), QObject::tr("Identity merges")},
    };
    return titles.value(table, table);
}

QString localTime(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_sync(new SyncController(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Pulsebook"));

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    m_title = new QLabel(tr("No workspace open"), central);
    m_title->setObjectName(QStringLiteral("workspaceTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_asOf = new QLabel(central);
    m_asOf->setObjectName(QStringLiteral("asOfLabel"));
    layout->addWidget(m_title);
    layout->addWidget(m_asOf);

    auto* splitter = new QSplitter(Qt::Vertical, central);
    m_rows = new QTableWidget(0, 2, splitter);
    m_rows->setObjectName(QStringLiteral("rowCounts"));
    m_rows->setHorizontalHeaderLabels({tr("Data"), tr("Rows")});
    m_rows->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_rows->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_rows->verticalHeader()->hide();
    m_rows->verticalHeader()->setDefaultSectionSize(m_rows->fontMetrics().height() + 8);
    m_rows->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rows->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rows->setAlternatingRowColors(true);
    m_log = new QTreeWidget(splitter);
    m_log->setObjectName(QStringLiteral("syncLog"));
    m_log->setRootIsDecorated(false);
    m_log->setAlternatingRowColors(true);
    m_log->setHeaderLabels(
        {tr("Synced"), tr("Source"), tr("Rows landed"), tr("Rejected"), tr("New users")});
    m_log->header()->setStretchLastSection(false);
    m_log->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    auto section = [splitter](const QString& title, QWidget* content) {
        auto* box = new QWidget(splitter);
        auto* v = new QVBoxLayout(box);
        v->setContentsMargins(0, 6, 0, 0);
        auto* label = new QLabel(title, box);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        v->addWidget(label);
        content->setParent(box);
        v->addWidget(content, 1);
        splitter->addWidget(box);
    };
    section(tr("What the workspace holds"), m_rows);
    section(tr("Sync log"), m_log);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    m_syncPanel = new QWidget(central);
    m_syncPanel->setObjectName(QStringLiteral("syncPanel"));
    auto* panel = new QHBoxLayout(m_syncPanel);
    panel->setContentsMargins(0, 0, 0, 0);
    m_syncStage = new QLabel(m_syncPanel);
    m_syncStage->setObjectName(QStringLiteral("syncStage"));
    m_syncBar = new QProgressBar(m_syncPanel);
    m_syncBar->setObjectName(QStringLiteral("syncProgress"));
    m_cancel = new QPushButton(tr("Cancel"), m_syncPanel);
    m_cancel->setObjectName(QStringLiteral("cancelSync"));
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancel->setToolTip(tr("Stop the sync; the workspace stays as it was (Esc)"));
    panel->addWidget(m_syncStage);
    panel->addWidget(m_syncBar, 1);
    panel->addWidget(m_cancel);
    m_syncPanel->hide();
    layout->addWidget(m_syncPanel);
    setCentralWidget(central);

    m_poll = new QTimer(this);
    m_poll->setInterval(50);
    connect(m_poll, &QTimer::timeout, this, &MainWindow::updateSyncProgress);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_syncStage->setText(tr("Cancelling…"));
        m_sync->cancel();
    });
    connect(m_sync, &SyncController::finished, this, &MainWindow::onSyncFinished);
    connect(&m_loader, &QFutureWatcher<WorkspaceSummary>::finished, this,
            [this] { showSummary(m_loader.result()); });

    createActions();
    statusBar()->showMessage(tr("Ready"));
    const QByteArray geometry =
        Settings::instance().get(Settings::Key::MainWindowGeometry).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    else
        resize(900, 620);
}

MainWindow::~MainWindow()
{
    m_loader.waitForFinished();
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Workspace…"), this, &MainWindow::chooseWorkspace);
    open->setShortcut(QKeySequence::Open);
    QAction* create = file->addAction(tr("&New Workspace…"), this, &MainWindow::newWorkspace);
    create->setShortcut(QKeySequence::New);
    file->addSeparator();
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

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* reload = view->addAction(tr("&Refresh"), this, &MainWindow::refresh);
    reload->setShortcut(QKeySequence::Refresh);

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(open);
    bar->addAction(m_syncAction);
    bar->addAction(reload);
}

void MainWindow::openWorkspace(const QString& path, bool create)
{
    if (m_sync->isRunning())
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
    m_path = path;
    Settings::instance().set(Settings::Key::LastWorkspace, path);
    setWindowTitle(tr("%1 — Pulsebook").arg(QFileInfo(path).fileName()));
    refresh();
}

void MainWindow::refresh()
{
    if (m_path.isEmpty() || m_loader.isRunning())
        return;
    statusBar()->showMessage(tr("Reading %1…").arg(m_path));
    const QString path = m_path;
    m_loader.setFuture(QtConcurrent::run([path] { return WorkspaceSummary::read(path); }));
}

void MainWindow::showSummary(const WorkspaceSummary& s)
{
    if (!s.error.isEmpty()) {
        m_title->setText(tr("No workspace open"));
        m_asOf->clear();
        statusBar()->showMessage(s.error);
        QMessageBox::warning(this, tr("Cannot open workspace"), s.error);
        emit summaryShown();
        return;
    }
    m_title->setText(QFileInfo(s.path).fileName());
    m_title->setToolTip(s.path);
    m_asOf->setText(s.asOfMs ? tr("Data as of %1 (%2) · %3").arg(s.asOfDate, s.timeZone, s.path)
                             : tr("No events yet: sync an export folder (File ▸ Sync Export "
                                  "Folder…) · %1")
                                   .arg(s.path));
    m_rows->setRowCount(int(s.rows.size()));
    for (int i = 0; i < s.rows.size(); ++i) {
        m_rows->setItem(i, 0, new QTableWidgetItem(tableTitle(s.rows[i].table)));
        auto* count = new QTableWidgetItem(QLocale().toString(s.rows[i].rows));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_rows->setItem(i, 1, count);
    }
    m_log->clear();
    for (const auto& e : s.log) {
        qint64 landed = 0;
        const QJsonObject rows = QJsonDocument::fromJson(e.rowsJson.toUtf8()).object();
        for (auto it = rows.begin(); it != rows.end(); ++it)
            landed += qint64(it.value().toDouble());
        auto* item = new QTreeWidgetItem(m_log);
        item->setText(0, localTime(e.finishedMs));
        item->setText(1, e.source);
        item->setText(2, QLocale().toString(landed));
        item->setText(3, QLocale().toString(e.rejected));
        item->setText(4, QLocale().toString(e.createdUsers));
        item->setToolTip(2, e.rowsJson);
        for (int c = 2; c <= 4; ++c)
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    }
    for (int c = 0; c < m_log->columnCount(); ++c) {
        if (c != 1)
            m_log->resizeColumnToContents(c);
    }
    if (m_pendingMessage.isEmpty())
        statusBar()->showMessage(tr("Workspace loaded"), 3000);
    else
        statusBar()->showMessage(m_pendingMessage);
    m_pendingMessage.clear();
    emit summaryShown();
}

void MainWindow::chooseWorkspace()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Workspace"), QFileInfo(m_path).absolutePath(),
                                     tr("Pulsebook workspaces (*.pulsebook);;All files (*)"));
    if (!path.isEmpty())
        openWorkspace(path);
}

void MainWindow::newWorkspace()
{
    QString path =
        QFileDialog::getSaveFileName(this, tr("New Workspace"), QFileInfo(m_path).absolutePath(),
                                     tr("Pulsebook workspaces (*.pulsebook)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".pulsebook")))
        path += QLatin1String(".pulsebook");
    openWorkspace(path, true);
}

void MainWindow::chooseExportFolder()
{
    if (m_path.isEmpty()) {
        QMessageBox::information(this, tr("Sync"), tr("Open or create a workspace first."));
        return;
    }
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Sync Export Folder"),
        Settings::instance().get(Settings::Key::LastExportFolder).toString());
    if (!folder.isEmpty())
        syncFolder(folder);
}

void MainWindow::syncFolder(const QString& folder)
{
    if (m_sync->isRunning() || m_path.isEmpty())
        return;
    Settings::instance().set(Settings::Key::LastExportFolder, folder);
    SyncOptions options;
    options.skipBadRows = m_skipBadRows->isChecked();
    setBusy(true);
    m_sync->start(m_path, folder, options);
}

void MainWindow::setBusy(bool busy)
{
    m_syncPanel->setVisible(busy);
    m_syncAction->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    if (busy) {
        m_syncBar->setRange(0, 0);
        m_syncStage->setText(tr("Starting sync…"));
        m_poll->start();
    } else {
        m_poll->stop();
    }
}

void MainWindow::updateSyncProgress()
{
    if (m_cancel->isEnabled())
        m_syncStage->setText(m_sync->stage());
    const double f = m_sync->fraction();
    if (f < 0) {
        m_syncBar->setRange(0, 0);
    } else {
        m_syncBar->setRange(0, 1000);
        m_syncBar->setValue(int(f * 1000));
    }
}

void MainWindow::onSyncFinished(const SyncSummary& summary, const Status& status)
{
    setBusy(false);
    if (!status) {
        if (status.isCancelled()) {
            statusBar()->showMessage(tr("Sync cancelled: the workspace is unchanged."));
        } else {
            statusBar()->showMessage(tr("Sync failed: the workspace is unchanged."));
            QMessageBox box(QMessageBox::Warning, tr("Sync failed"),
                            tr("The sync stopped at the first bad row. The workspace is "
                               "unchanged."),
                            QMessageBox::Ok, this);
            box.setObjectName(QStringLiteral("syncErrorBox"));
            box.setInformativeText(status.error());
            box.setTextInteractionFlags(Qt::TextSelectableByMouse);
            if (!QApplication::platformName().startsWith(QLatin1String("offscreen")))
                box.exec();
        }
        emit syncFinished(false);
        return;
    }
    QString message = tr("Synced %1 in %2 s: %3 events in the workspace")
                          .arg(summary.folder)
                          .arg(double(summary.elapsedMs) / 1000.0, 0, 'f', 1)
                          .arg(QLocale().toString(summary.eventsInCache));
    if (summary.createdUsers > 0)
        message += tr(", %n user(s) first seen in events", nullptr, int(summary.createdUsers));
    if (summary.rejected > 0 && !summary.rejectsError.isEmpty())
        message += tr(", %n row(s) rejected, but their file could not be written: %1", nullptr,
                      int(summary.rejected))
                       .arg(summary.rejectsError);
    else if (summary.rejected > 0)
        message += tr(", %n row(s) rejected (see %1)", nullptr, int(summary.rejected))
                       .arg(summary.rejectsPath);
    statusBar()->showMessage(message);
    m_pendingMessage = message; // kept on screen once the new summary is read
    refresh();
    emit syncFinished(true);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_sync->isRunning()) {
        const auto answer = QMessageBox::question(
            this, tr("Sync in progress"),
            tr("A sync is running. Cancel it and quit? The workspace stays as it was."));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_sync->cancel();
    }
    Settings::instance().set(Settings::Key::MainWindowGeometry, saveGeometry());
    event->accept();
}

} // namespace pulsebook
