// MainWindow's import and sync: choosing a folder, starting a sync, its progress in the status
// bar and its outcome (MainWindow.cpp has the rest of the window).
#include "MainWindow.h"

#include "AppContext.h"
#include "Settings.h"
#include "SyncController.h"
#include "ViewRegistry.h"

#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>

namespace pulsebook {

void MainWindow::importFolder(const QString& chosen)
{
    QString folder = chosen;
    if (folder.isEmpty()) {
        folder = QFileDialog::getExistingDirectory(
            this, tr("Import Export Folder"),
            Settings::instance().get(Settings::Key::LastExportFolder).toString());
        if (folder.isEmpty())
            return;
    }
    if (!m_context->hasWorkspace()) {
        // A new workspace for the folder's data; it is written only when the sync lands.
        QString path = QFileDialog::getSaveFileName(
            this, tr("Save the New Workspace As"),
            QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QLatin1Char('/') +
                QFileInfo(folder).fileName() + QStringLiteral(".pulsebook"),
            tr("Pulsebook workspaces (*.pulsebook)"));
        if (path.isEmpty())
            return;
        if (!path.endsWith(QLatin1String(".pulsebook")))
            path += QLatin1String(".pulsebook");
        openWorkspace(path);
    }
    if (findView(QStringLiteral("import")))
        showView(QStringLiteral("import"), folder);
    else
        syncFolder(folder);
}

void MainWindow::chooseExportFolder()
{
    if (!m_context->hasWorkspace()) {
        importFolder();
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
    if (m_context->sync()->isRunning() || !m_context->hasWorkspace())
        return;
    Settings::instance().set(Settings::Key::LastExportFolder, folder);
    SyncOptions options;
    options.skipBadRows = m_skipBadRows->isChecked();
    m_context->sync()->start(workspacePath(), folder, options);
}

void MainWindow::onSyncStarted()
{
    m_syncPanel->show();
    m_cancel->setEnabled(true);
    m_syncBar->setRange(0, 0);
    m_syncStage->setText(tr("Starting sync…"));
    m_poll->start();
    updateSidebar();
}

void MainWindow::updateSyncProgress()
{
    if (m_cancel->isEnabled())
        m_syncStage->setText(m_context->sync()->stage());
    const double f = m_context->sync()->fraction();
    if (f < 0) {
        m_syncBar->setRange(0, 0);
    } else {
        m_syncBar->setRange(0, 1000);
        m_syncBar->setValue(int(f * 1000));
    }
}

void MainWindow::onSyncFinished(const SyncSummary& summary, const Status& status)
{
    m_poll->stop();
    m_syncPanel->hide();
    updateSidebar();
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
            // The import view shows the error itself, with Copy.
            if (!QApplication::platformName().startsWith(QLatin1String("offscreen")) &&
                m_currentId != QLatin1String("import"))
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
    m_context->reload();
    emit m_context->dataChanged();
    emit syncFinished(true);
}

} // namespace pulsebook
