#pragma once

#include "Progress.h"
#include "sync/ExportSync.h"
#include "sync/WarehouseSync.h"

#include <QFutureWatcher>
#include <QMutex>
#include <QObject>

#include <atomic>
#include <functional>

namespace pulsebook {

class Cache;

// Runs a sync (an export folder or a warehouse) on a worker thread with its own cache connection,
// and tells the GUI how far it got. The GUI polls stage()/fraction() on a timer: no signal per
// row. A first sync that fails removes the cache it created.
class SyncController : public QObject
{
    Q_OBJECT

public:
    explicit SyncController(QObject* parent = nullptr);
    ~SyncController() override;

    bool isRunning() const;
    // With `saveMapping`, options.mapping is stored in the workspace once the sync landed (as
    // `sync --save-map` does); mappingNotSaved() says when that failed.
    void start(const QString& cachePath, const QString& folder, const SyncOptions& options,
               bool saveMapping = false);
    void startWarehouse(const QString& cachePath, const WarehouseSource& source,
                        const WarehouseSyncOptions& options);
    // Asks the sync to stop; it rolls back and finished() reports Outcome::Cancelled.
    void cancel();

    QString stage() const;
    // 0..1, or -1 while the stage has no known size.
    double fraction() const;

signals:
    void started();
    void finished(const pulsebook::SyncSummary& summary, const pulsebook::Status& status);
    // The sync landed but its mapping could not be stored (emitted before finished()).
    void mappingNotSaved(const QString& error);

private:
    class WorkerProgress;
    struct Result
    {
        SyncSummary summary;
        Status status;
        QString mappingError;
    };
    // Runs `sync` on a worker with a fresh cache connection and progress.
    void run(const QString& cachePath, std::function<bool(Cache&, Progress*, Result*)> sync);

    WorkerProgress* m_progress;
    QFutureWatcher<Result> m_watcher;
};

} // namespace pulsebook
