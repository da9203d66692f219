#pragma once

#include "View.h"
#include "sync/ExportSync.h"
#include "sync/SyncPlan.h"

#include <QFutureWatcher>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QTabWidget;
class QTimer;

namespace pulsebook {

class PlanWidget;
class SyncResultPanel;
class WarehouseForm;

// Import and sync (README.md, "Importing in the window"): an export folder's sync plan before
// anything lands, with a combo box per field to map it; strict or skip-bad-rows; the sync on
// the window's one SyncController with progress naming the table and Cancel; then the summary
// (the mapping saved in the workspace) or the error with Copy. The warehouse tab syncs a
// PostgreSQL or Redshift warehouse the same way.
class ImportView : public View
{
    Q_OBJECT

public:
    explicit ImportView(AppContext* context, QWidget* parent = nullptr);
    ~ImportView() override;

    // The argument is a folder to plan (MainWindow::importFolder, a dropped folder).
    void activate(const QVariant& argument) override;
    // "import-plan": the plan of the last synced folder; "sync-summary": the last sync's summary;
    // "import-warehouse": the warehouse tab.
    bool prepareScreenshot(const QString& name, QString* error) override;

    QString folder() const { return m_folder; }
    // Plans `folder` with the workspace's saved mapping.
    void setFolder(const QString& folder);
    // The mapping the combos make: the workspace's, with the user's changes.
    const ExportMapping& mapping() const { return m_mapping; }
    SyncResultPanel* resultPanel() const { return m_result; }

private:
    struct PlanJob
    {
        int generation = 0;
        SyncPlan plan;
        QString error;
        bool loadedMapping = false; // the workspace's saved mapping was read (first plan)
        ExportMapping mapping;
    };

    QWidget* createFolderTab();
    QWidget* createBottom();
    void replan();
    // Tab order: folder, the plan's controls in reading order, date order, strict/skip, Sync.
    void updateTabOrder();
    void planned();
    void chooseFolder();
    void chooseColumn(const QString& table, const QString& field, const QString& header);
    void useFileAs(const QString& file, const QString& table);
    void startSync();
    void startWarehouseSync();
    void syncStarted();
    void syncFinished(const SyncSummary& summary, const Status& status);
    void updateSyncButtons();
    void poll();
    // The folder the workspace last synced (its sync log), else the last one chosen.
    QString lastFolder() const;

    QTabWidget* m_tabs;
    QLineEdit* m_folderEdit;
    QPushButton* m_choose;
    QLabel* m_planState;
    PlanWidget* m_plan;
    QComboBox* m_dateOrder;
    QLabel* m_blocked;
    QPushButton* m_sync;
    WarehouseForm* m_warehouse;
    QRadioButton* m_strict;
    QRadioButton* m_skip;
    QWidget* m_progressRow;
    QLabel* m_stage;
    QProgressBar* m_bar;
    QPushButton* m_cancel;
    SyncResultPanel* m_result;
    QTimer* m_poll;

    QString m_folder;
    ExportMapping m_mapping;
    bool m_mappingLoaded = false;
    int m_generation = 0;
    bool m_planning = false;
    bool m_ownSync = false; // the running sync is this view's
    QString m_mappingError;
    QFutureWatcher<PlanJob> m_planner;
};

} // namespace pulsebook
