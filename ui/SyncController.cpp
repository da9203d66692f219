#include "SyncController.h"

#include "PolledProgress.h"
#include "cache/Cache.h"
#include "workspace/Workspace.h"

#include <QtConcurrent/QtConcurrentRun>

namespace pulsebook {

class SyncController::WorkerProgress : public PolledProgress
{};

SyncController::SyncController(QObject* parent) : QObject(parent), m_progress(new WorkerProgress)
{
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, [this] {
        const Result r = m_watcher.result();
        if (!r.mappingError.isEmpty())
            emit mappingNotSaved(r.mappingError);
        emit finished(r.summary, r.status);
    });
}

SyncController::~SyncController()
{
    // Never leave a worker writing after the window is gone: cancel and wait (it stops within
    // one progress update, which core makes at least every few milliseconds).
    if (isRunning()) {
        m_progress->cancel();
        m_watcher.waitForFinished();
    }
    delete m_progress;
}

bool SyncController::isRunning() const
{
    return m_watcher.isRunning();
}

void SyncController::start(const QString& cachePath, const QString& folder,
                           const SyncOptions& options, bool saveMapping)
{
    run(cachePath, [folder, options, saveMapping](Cache& cache, Progress* progress, Result* r) {
        r->status = syncExportFolder(cache, folder, options, progress, &r->summary, nullptr);
        if (!r->status)
            return false;
        if (saveMapping && options.mapping)
            Workspace::saveExportMapping(cache, *options.mapping, &r->mappingError);
        return true;
    });
}

void SyncController::startWarehouse(const QString& cachePath, const WarehouseSource& source,
                                    const WarehouseSyncOptions& options)
{
    run(cachePath, [source, options](Cache& cache, Progress* progress, Result* r) {
        // The rollup counts the workspace's KPI events, as `sync-warehouse` does.
        Workspace workspace;
        QString error;
        if (!Workspace::load(cache, &workspace, &error)) {
            r->status = Status::failed(error);
            return false;
        }
        WarehouseSyncOptions withKpis = options;
        withKpis.kpiEvents = workspace.kpiEvents;
        WarehouseSyncSummary summary;
        r->status = syncWarehouse(cache, source, withKpis, progress, &summary, nullptr);
        r->summary = summary.sync;
        return r->status.isDone();
    });
}

void SyncController::run(const QString& cachePath,
                         std::function<bool(Cache&, Progress*, Result*)> sync)
{
    delete m_progress;
    m_progress = new WorkerProgress;
    WorkerProgress* progress = m_progress;
    m_watcher.setFuture(QtConcurrent::run([cachePath, sync, progress] {
        Result r;
        Cache cache;
        QString error;
        if (!cache.open(cachePath, true, &error)) {
            r.status = Status::failed(error);
            return r;
        }
        if (!sync(cache, progress, &r))
            cache.discardIfNew();
        return r;
    }));
    emit started();
}

void SyncController::cancel()
{
    m_progress->cancel();
}

QString SyncController::stage() const
{
    return m_progress->stage();
}

double SyncController::fraction() const
{
    return m_progress->fraction();
}

} // namespace pulsebook
