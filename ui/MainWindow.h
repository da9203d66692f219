#pragma once

#include "WorkspaceSummary.h"
#include "sync/ExportSync.h"

#include <QFutureWatcher>
#include <QMainWindow>

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;
class QTreeWidget;

namespace pulsebook {

class SyncController;

// The main window: the open workspace, what its cache holds, its sync log, and syncing an
// export folder with a progress bar and a cancel button.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens (or, with `create`, creates) the workspace cache and loads its summary.
    void openWorkspace(const QString& path, bool create = false);
    // Syncs `folder` into the open workspace.
    void syncFolder(const QString& folder);
    QString workspacePath() const { return m_path; }

signals:
    // The summary of the open workspace is on screen (after opening or a sync).
    void summaryShown();
    void syncFinished(bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void chooseWorkspace();
    void newWorkspace();
    void chooseExportFolder();
    void refresh();
    void showSummary(const WorkspaceSummary& summary);
    void onSyncFinished(const SyncSummary& summary, const Status& status);
    void updateSyncProgress();
    void setBusy(bool busy);

    QString m_path;
    QString m_pendingMessage;
    QLabel* m_title;
    QLabel* m_asOf;
    QTableWidget* m_rows;
    QTreeWidget* m_log;
    QWidget* m_syncPanel;
    QLabel* m_syncStage;
    QProgressBar* m_syncBar;
    QPushButton* m_cancel;
    QTimer* m_poll;
    QAction* m_syncAction;
    QAction* m_skipBadRows;
    SyncController* m_sync;
    QFutureWatcher<WorkspaceSummary> m_loader;
};

} // namespace pulsebook
