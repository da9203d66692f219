#pragma once

#include "sync/ExportSync.h"

#include <QHash>
#include <QMainWindow>
#include <QVariant>

#include <functional>

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTimer;

namespace pulsebook {

class AppContext;
class CommandPalette;
class ScopeBar;
class View;

// The main window: the sidebar of views (ViewRegistry), the scope bar, the views' stack with a
// back/forward history, the status bar with the data's freshness and the running sync, menus
// with the standard shortcuts, and workspaces (open, new, recent, dropped folders).
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    AppContext* context() const { return m_context; }

    // Opens (or, with `create`, creates) the workspace cache and shows its views.
    void openWorkspace(const QString& path, bool create = false);
    // Syncs `folder` into the open workspace (the saved mapping and the skip setting apply).
    void syncFolder(const QString& folder);
    QString workspacePath() const;

    // Shows the view `id` (recorded in the history); false when there is no such view or it needs
    // a workspace and none is open.
    bool showView(const QString& id, const QVariant& argument = QVariant());
    QString currentViewId() const { return m_currentId; }
    View* view(const QString& id);
    void back();
    void forward();
    // Puts the window in the state of `--screenshot name`; screenshotReady() follows once the
    // view's data is on screen. False with *error.
    bool prepareScreenshot(const QString& name, QString* error);

    // The text of the status bar's freshness mark ("Data as of 1 Nov 2026 · synced 2 h ago").
    QString freshnessText() const;

signals:
    // The overview of the open workspace is on screen (after opening or a sync).
    void summaryShown();
    void syncFinished(bool ok);
    void viewShown(const QString& id);
    void screenshotReady();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createSidebar();
    void chooseWorkspace();
    void newWorkspace();
    void importFolder(const QString& folder = QString());
    void chooseExportFolder();
    void fillRecentMenu();
    void updateSidebar();
    void updateFreshness();
    void onSummaryChanged();
    void onSyncStarted();
    void onSyncFinished(const SyncSummary& summary, const Status& status);
    void updateSyncProgress();
    void setView(const QString& id, const QVariant& argument);
    void showPreferences();
    // Whether the current view may be left for the view `toId` now ("": every view, for another
    // workspace or to quit; View::confirmLeave); when not, the view that refused is shown and
    // calls `proceed` once it may.
    bool mayLeave(const QString& toId, const std::function<void()>& proceed);

    struct Place
    {
        QString id;
        QVariant argument;
    };

    AppContext* m_context;
    QString m_pendingMessage;
    QListWidget* m_sidebar;
    ScopeBar* m_scopeBar;
    QStackedWidget* m_stack;
    QHash<QString, View*> m_views;
    QString m_currentId;
    QVariant m_currentArgument;
    QList<Place> m_back;
    QList<Place> m_forward;
    QLabel* m_freshness;
    QWidget* m_syncPanel;
    QLabel* m_syncStage;
    QProgressBar* m_syncBar;
    QPushButton* m_cancel;
    QTimer* m_poll;
    QTimer* m_clock;
    QAction* m_syncAction;
    QAction* m_skipBadRows;
    QAction* m_backAction;
    QAction* m_forwardAction;
    QMenu* m_recentMenu;
    QMenu* m_goMenu;
    CommandPalette* m_palette;
};

} // namespace pulsebook
