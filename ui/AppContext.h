#pragma once

#include "Progress.h"
#include "Snapshot.h"
#include "WorkspaceSummary.h"

#include <QDate>
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>

namespace pulsebook {

class SyncController;

// What every view obeys (the scope bar): whose accounts, which segment's users, as of which day.
struct Scope
{
    QString person;  // a team member: their accounts and everyone's below them; "" = all accounts
    QString segment; // a saved segment's name; "" = every user
    QDate asOf;      // null = the data's own as-of date

    bool operator==(const Scope& other) const
    {
        return person == other.person && segment == other.segment && asOf == other.asOf;
    }
    bool operator!=(const Scope& other) const { return !(*this == other); }
    QVariantMap toMap() const;
    static Scope fromMap(const QVariantMap& map);
};

// The window's shared state: the open workspace, its summary (read off the GUI thread), the
// scope, who "me" is, and the one sync that may run. Views read it and follow its signals; a
// sync that lands makes every view refresh (dataChanged), until then they show the previous
// snapshot.
class AppContext : public QObject
{
    Q_OBJECT

public:
    explicit AppContext(QObject* parent = nullptr);
    ~AppContext() override;

    QString workspacePath() const { return m_path; }
    bool hasWorkspace() const { return !m_path.isEmpty(); }
    // The latest summary read (empty path until the first read lands).
    const WorkspaceSummary& summary() const { return m_summary; }
    bool isLoading() const { return m_loader.isRunning(); }
    // The data the views analyse (Snapshot.h), read on a worker after the summary whenever the
    // workspace opens, a sync lands or Refresh asks; null until the first read lands. Its error
    // is set when the workspace could not be read (no sync yet, a damaged cache).
    std::shared_ptr<const Snapshot> snapshot() const { return m_snapshot; }
    // False while a newer snapshot is being read (after a sync or a change of definitions).
    bool isSnapshotCurrent() const { return m_snapshot && !m_snapshotPending && !m_reloadAgain; }

    // Makes `path` the open workspace (remembered, added to the recent list) and reads it.
    void setWorkspace(const QString& path);
    // Reads the summary again (after a sync, or Refresh).
    void reload();

    Scope scope() const { return m_scope; }
    void setScope(const Scope& scope);
    // The person the user said they are in this workspace's team ("" = not said yet).
    QString me() const;
    void setMe(const QString& person);

    SyncController* sync() const { return m_sync; }

signals:
    void workspaceChanged(const QString& path);
    // A new summary is in (after opening, a sync or Refresh); error set when it failed.
    void summaryChanged();
    // A new snapshot is in: views run their analysis again on it.
    void snapshotChanged();
    void scopeChanged(const pulsebook::Scope& scope);
    void meChanged(const QString& person);
    // A sync landed: views reload their data.
    void dataChanged();
    // The summary read after a sync says the workspace's definitions were never set: the
    // main window shows the set-up.
    void setupNeeded();

private:
    void readSnapshot();

    QString m_path;
    WorkspaceSummary m_summary;
    Scope m_scope;
    SyncController* m_sync;
    QFutureWatcher<WorkspaceSummary> m_loader;
    std::shared_ptr<const Snapshot> m_snapshot;
    QFutureWatcher<std::shared_ptr<const Snapshot>> m_snapshotLoader;
    Progress m_closing; // cancelled when the context goes: a read still running stops early
    bool m_snapshotAgain = false;
    bool m_snapshotPending = false; // a read started and its result not taken yet
    bool m_reloadAgain = false;
    bool m_synced = false; // a sync landed since the last summary
};

} // namespace pulsebook
