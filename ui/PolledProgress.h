#pragma once

#include "Progress.h"

#include <QMutex>
#include <QString>

#include <algorithm>
#include <atomic>

namespace pulsebook {

// Progress a worker thread reports and the GUI polls on a timer (no signal per row): the stage's
// name, its fraction done, and the cancel request.
class PolledProgress : public Progress
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
    // 0..1, or -1 while the stage has no known size.
    double fraction() const
    {
        const qint64 total = m_total.load();
        return total > 0 ? std::min(1.0, double(m_done.load()) / double(total)) : -1.0;
    }

private:
    mutable QMutex m_mutex;
    QString m_stage;
    std::atomic<qint64> m_total{0};
    std::atomic<qint64> m_done{0};
};

} // namespace pulsebook
