#include "SyncController.h"

#include "PolledProgress.h"
#include "cache/Cache.h"

#include <QtConcurrent/QtConcurrentRun>

namespace pulsebook {

class SyncController::WorkerProgress : public PolledProgress
{};

SyncController::SyncController(QObject* parent) : QObject(parent), m_progress(new WorkerProgress)
{
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, [this] {
        const Result r = m_watcher.result();
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
                           const SyncOptions& options)
{
    delete m_progress;
    m_progress = new WorkerProgress;
    WorkerProgress* progress = m_progress;
    m_watcher.setFuture(QtConcurrent::run([cachePath, folder, options, progress] {
        Result r;
        Cache cache;
        QString error;
        if (!cache.open(cachePath, true, &error)) {
            r.status = Status::failed(error);
            return r;
        }
        r.status = syncExportFolder(cache, folder, options, progress, &r.summary, nullptr);
        if (!r.status)
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
