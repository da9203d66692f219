#include "QuickFinder.h"

#include <QFuture>
#include <QList>
#include <QtConcurrent>

namespace pulsebook {

struct QuickFinder::Jobs
{
    std::shared_ptr<std::atomic_bool> cancelLoad;
    QList<QFuture<void>> running; // waited for by the destructor

    void add(QFuture<void> future)
    {
        running.removeIf([](const QFuture<void>& f) { return f.isFinished(); });
        running.append(future);
    }
};

QuickFinder::QuickFinder(QObject* parent) : QObject(parent), d(std::make_unique<Jobs>()) {}

QuickFinder::~QuickFinder()
{
    if (d->cancelLoad)
        d->cancelLoad->store(true);
    // The jobs post their results to this object: it must outlive them (a posted event to a
    // deleted object is dropped).
    for (QFuture<void>& f : d->running)
        f.waitForFinished();
}

void QuickFinder::setWorkspace(const QString& path)
{
    if (d->cancelLoad)
        d->cancelLoad->store(true);
    d->cancelLoad.reset();
    m_path = path;
    m_index.reset();
    m_error.clear();
    m_loaded = path.isEmpty();
    ++m_generation; // a search of the old index is stale
    m_pending = m_pending || m_searching || !m_query.isEmpty();
    if (path.isEmpty())
        return;
    auto cancel = std::make_shared<std::atomic_bool>(false);
    d->cancelLoad = cancel;
    d->add(QtConcurrent::run([this, path, cancel] {
        QString error;
        std::shared_ptr<const QuickFind> index = QuickFind::load(path, &error, cancel.get());
        QMetaObject::invokeMethod(
            this,
            [this, index, error, cancel] {
                if (d->cancelLoad != cancel) // a newer setWorkspace() since: stale
                    return;
                m_index = index;
                m_error = index ? QString() : error;
                m_loaded = true;
                d->cancelLoad.reset();
                emit loaded();
                if (m_pending && !m_searching)
                    startSearch();
            },
            Qt::QueuedConnection);
    }));
}

void QuickFinder::find(const QString& query, int limit)
{
    ++m_generation;
    m_query = query;
    m_limit = limit;
    m_pending = true;
    if (m_loaded && !m_searching)
        startSearch();
}

void QuickFinder::startSearch()
{
    m_pending = false;
    const quint64 generation = m_generation;
    const std::shared_ptr<const QuickFind> index = m_index;
    const QString query = m_query;
    const int limit = m_limit;
    if (!index) { // no workspace, or it could not be read (error())
        QuickFindResult none;
        none.query = query;
        emit found(none);
        return;
    }
    m_searching = true;
    d->add(QtConcurrent::run([this, index, query, limit, generation] {
        QuickFindResult result = index->find(query, limit);
        QMetaObject::invokeMethod(
            this,
            [this, result, generation] {
                m_searching = false;
                if (generation == m_generation)
                    emit found(result);
                if (m_pending && m_loaded)
                    startSearch();
            },
            Qt::QueuedConnection);
    }));
}

} // namespace pulsebook
