#pragma once

#include "cache/Cache.h"

#include <QList>
#include <QString>

namespace pulsebook {

// What the main window shows of a workspace; read on a worker thread with its own connection.
struct WorkspaceSummary
{
    QString path;
    QString error;
    bool exists = false; // false: no cache at path yet (a new workspace before its first sync)
    int schemaVersion = 0;
    qint64 asOfMs = 0; // the default as-of time, in the workspace's time zone
    QString timeZone;  // the workspace's ("UTC" by default)
    QString asOfDate;  // asOfMs as the local date it starts ("2026-11-01")
    QList<TableRows> rows;
    QList<SyncLogEntry> log; // newest first
    qint64 lastSyncMs = 0;   // when the newest sync finished; 0 = never synced
    struct Member
    {
        QString person;
        QString role;
        QString manager;
    };
    QList<Member> team;   // by person
    QStringList segments; // the workspace's saved segments, by name
    // The data has events but the team never stored its definitions (DefinitionsData.h): the
    // Definitions view's set-up is due.
    bool needsSetup = false;

    static WorkspaceSummary read(const QString& path);
};

} // namespace pulsebook
