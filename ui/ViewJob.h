#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>

namespace pulsebook {

// A view's analysis on a worker: run() starts one, the newest request wins, and a result whose
// request was superseded (or whose owner is gone) is dropped, never shown. The result reaches
// `done` on the GUI thread. The work must only read what it captured (a Snapshot's shared_ptr,
// a Scope): it may outlive the view.
template <typename Result> class ViewJob
{
public:
    ViewJob(QObject* owner, std::function<void(Result)> done)
        : m_owner(owner), m_done(std::move(done))
    {}

    void run(std::function<Result()> work)
    {
        const quint64 generation = ++m_generation;
        auto* watcher = new QFutureWatcher<Result>(m_owner);
        QObject::connect(watcher, &QFutureWatcherBase::finished, m_owner,
                         [this, watcher, generation] {
                             watcher->deleteLater();
                             --m_running;
                             if (generation == m_generation)
                                 m_done(watcher->result());
                         });
        ++m_running;
        watcher->setFuture(QtConcurrent::run(std::move(work)));
    }
    // Drops the result of the running request, if any.
    void discard() { ++m_generation; }
    bool isRunning() const { return m_running > 0; }

private:
    QObject* m_owner;
    std::function<void(Result)> m_done;
    quint64 m_generation = 0;
    int m_running = 0;
};

} // namespace pulsebook
