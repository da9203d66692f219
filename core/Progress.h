#pragma once

#include <QString>
#include <QtGlobal>

#include <atomic>

namespace pulsebook {

// How long work reports progress and learns that the user cancelled it.
// Core calls start() once per stage, update() often (cheaply), end() when the stage is done.
// update() returning false means "stop now": the caller unwinds and changes nothing.
class Progress
{
public:
    virtual ~Progress() = default;
    virtual void start(const QString& stage, qint64 total)
    {
        Q_UNUSED(stage);
        Q_UNUSED(total);
    }
    virtual bool update(qint64 done)
    {
        Q_UNUSED(done);
        return !isCancelled();
    }
    virtual void end() {}

    // Thread-safe: a GUI thread may cancel work running on a worker.
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelled{false};
};

// Progress that reports nothing and is never cancelled.
inline Progress* silentProgress()
{
    static Progress none;
    return &none;
}

} // namespace pulsebook
