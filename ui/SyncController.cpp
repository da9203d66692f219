#include "SyncController.h"

#include "cache/Cache.h"

#include <QtConcurrent/QtConcurrentRun>

namespace pulsebook {

class SyncController::WorkerProgress : public Progress
{
public:
    void start(const QString& stage, qint64 total) override
    {
        QMutexLocker lock(&m_mutex);
        m_stage = stage;
        m_total.store(total);
        m_done.store(0);
    }
    bool update(qint64 done) override
    {
        m_done.store(done, std::memory_order_relaxed);
        return !isCancelled();
    }
    QString stage() const
    {
        QMutexLocker lock(&m_mutex);
        return m_stage;
    }
    double fraction() const
    {
        const qint64 total = m_total.load();
        return total > 0 ? std::min(1.0, double(m_done.load()) / double(total)) : -1.0;
    }
    void reset()
    {
        QMutexLocker lock(&m_mutex);
        m_stage.clear();
        m_total.store(0);
        m_done.store(0);
    }

private:
    mutable QMutex m_mutex;
    QString m_stage;
    std::atomic<qint64> m_total{0};
    std::atomic<qint64> m_done{0};
};

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
