#pragma once

#include "QuickFind.h"

#include <QObject>
#include <QString>

#include <memory>

namespace pulsebook {

// Runs QuickFind off the calling (GUI) thread: builds the workspace's index on a worker, then
// searches it there. A newer query supersedes an older one: at most one search runs, the newest
// waiting query replaces the one before it, and a result that arrives after a newer query was
// asked for is dropped (a generation token), so found() only ever reports the latest query.
class QuickFinder : public QObject
{
    Q_OBJECT

public:
    explicit QuickFinder(QObject* parent = nullptr);
    // Stops a running load (it polls a cancel flag) and waits for the worker.
    ~QuickFinder() override;

    // Reads the workspace at `path` again on a worker ("" drops the index); queries asked for
    // meanwhile run once it is in.
    void setWorkspace(const QString& path);
    QString workspace() const { return m_path; }
    // True once the index of the current workspace is in (also when loading failed: error()).
    bool isLoaded() const { return m_loaded; }
    QString error() const { return m_error; }

    // Searches for `query` (at most `limit` accounts and users); found() follows.
    void find(const QString& query, int limit);

signals:
    void loaded();
    // The result of the latest query asked for.
    void found(const pulsebook::QuickFindResult& result);

private:
    void startSearch();

    struct Jobs;
    std::unique_ptr<Jobs> d;
    QString m_path;
    QString m_error;
    bool m_loaded = false;
    std::shared_ptr<const QuickFind> m_index;
    quint64 m_generation = 0; // bumped by every query and every load
    bool m_searching = false;
    bool m_pending = false;
    QString m_query;
    int m_limit = 0;
};

} // namespace pulsebook
