#include "WorkspaceSummary.h"

#include "DefinitionsData.h"

#include "analysis/Calendar.h"
#include "cache/Database.h"
#include "workspace/Workspace.h"

#include <QFileInfo>

#include <algorithm>

namespace pulsebook {

WorkspaceSummary WorkspaceSummary::read(const QString& path)
{
    WorkspaceSummary s;
    s.path = path;
    s.exists = QFileInfo::exists(path);
    Cache cache;
    if (!cache.openForReading(path, &s.error))
        return s;
    s.schemaVersion = cache.schemaVersion();
    // The as-of time as the CLI gives it: a midnight of the workspace's time zone.
    Workspace workspace;
    QString ignored; // a workspace that does not load leaves the defaults (UTC)
    QStringList keys;
    Workspace::load(cache, &workspace, &ignored, &keys);
    const Calendar calendar(workspace.timeZone);
    s.timeZone = calendar.zoneName();
    s.asOfMs = calendar.defaultAsOf(cache);
    s.asOfDate = calendar.date(s.asOfMs).toString(Qt::ISODate);
    s.rows = cache.rowCounts();
    s.log = cache.syncLog(50);
    if (!s.log.isEmpty())
        s.lastSyncMs = s.log.first().finishedMs;
    s.segments = workspace.segments.keys();
    const bool hasEvents = std::any_of(s.rows.begin(), s.rows.end(), [](const TableRows& t) {
        return t.table == QLatin1String("events") && t.rows > 0;
    });
    s.needsSetup = hasEvents && definitionsNeverSet(keys);
    QString error;
    Statement team =
        cache.db().prepare("SELECT person, role, manager FROM team ORDER BY person", &error);
    while (team.isValid() && team.step())
        s.team.append({team.text(0), team.text(1), team.text(2)});
    return s;
}

} // namespace pulsebook
