#pragma once

#include "Progress.h"
#include "sync/ExportSync.h"

#include <QFutureWatcher>
#include <QMutex>
#include <QObject>

#include <atomic>

namespace pulsebook {

// Runs an export-folder sync on a worker thread with its own cache connection, and tells the
// GUI how far it got. The GUI polls stage()/fraction() on a timer: no signal per row.
class SyncController : public QObject
{
    Q_OBJECT

public:
    explicit SyncController(QObject* parent = nullptr);
    ~SyncController() override;

    bool isRunning() const;
    void start(const QString& cachePath, const QString& folder, const SyncOptions& options);
    // Asks the sync to stop; it rolls back and finished() reports Outcome::Cancelled.
    void cancel();

    QString stage() const;
    // 0..1, or -1 while the stage has no known size.
    double fraction() const;

signals:
    void started();
    void finished(const pulsebook::SyncSummary& summary, const pulsebook::Status& status);

private:
    class WorkerProgress;
    struct Result
    {
        SyncSummary summary;
        Status status;
    };

    WorkerProgress* m_progress;
    QFutureWatcher<Result> m_watcher;
};

} // namespace pulsebook
