#pragma once

#include "View.h"
#include "sync/DemoGenerator.h"

#include <QFutureWatcher>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTimer;

namespace pulsebook {

class PolledProgress;

// The empty state of a first run (no workspace open): open the demo workspace (generated and
// synced once, with progress and Cancel), import an export folder, open a workspace, or pick a
// recent one.
class FirstRunView : public View
{
    Q_OBJECT

public:
    explicit FirstRunView(AppContext* context, QWidget* parent = nullptr);
    ~FirstRunView() override;

    void activate(const QVariant& argument) override;
    // The demo's size (the defaults are scripts/run-demo's); tests make it small.
    void setDemoOptions(const DemoOptions& options) { m_demo = options; }
    // Where the demo workspace lives: beside scripts/run-demo's, so both open the same one.
    QString demoWorkspacePath() const;
    bool isBusy() const;

signals:
    void workspaceChosen(const QString& path);
    void importRequested();
    void openRequested();
    void demoFailed(bool cancelled, const QString& error);

private:
    void openDemo();
    void demoGenerated(const Status& status);
    void markDemoSetUp();
    void setBusy(bool busy, const QString& stage = QString());
    void poll();
    void fillRecent();

    DemoOptions m_demo;
    QPushButton* m_openDemo;
    QPushButton* m_import;
    QPushButton* m_open;
    QListWidget* m_recent;
    QLabel* m_recentLabel;
    QWidget* m_busy;
    QLabel* m_stage;
    QProgressBar* m_bar;
    QPushButton* m_cancel;
    QLabel* m_error;
    QTimer* m_poll;
    PolledProgress* m_progress = nullptr;
    bool m_syncing = false;
    QFutureWatcher<Status> m_generator;
};

} // namespace pulsebook
