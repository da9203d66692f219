#pragma once

// A tiny synced cache for the targets that check names against data (workspace validation,
// segment evaluation), built once per fuzzing process in its scratch folder.

#include "FuzzSupport.h"

#include "analysis/EventIndex.h"
#include "cache/Cache.h"
#include "sync/ExportSync.h"

#include <cstring>
#include <memory>

namespace pulsebook::fuzz {

// Two accounts, three users with a `role` column, five events: enough names for the seeds of
// tests/data/fuzz (Login, Run Query, role, account.csm, ...).
inline const char* const FixtureAccounts = "account_id,name,csm,metrics_group,renewal_date,arr\n"
                                           "A1,Acme,Maya Patel,Strategic,2026-03-31,\"$120,000\"\n"
                                           "A2,Globex,Sam Lee,Scale,,5000\n";
inline const char* const FixtureUsers = "user_id,email,account_id,role,joindate\n"
                                        "u1,ann@acme.test,A1,Admin,2024-01-15\n"
                                        "u2,bob@acme.test,A1,Analyst,\n"
                                        "u3,cy@globex.test,A2,Viewer,2024-02-01\n";
inline const char* const FixtureEvents = "event_id,user_id,time,event\n"
                                         "e1,u1,2024-03-01T10:00:00Z,Login\n"
                                         "e2,u1,2024-03-01T10:05:00Z,Run Query\n"
                                         "e3,u2,2024-03-02T09:00:00Z,Login\n"
                                         "e4,u3,2024-02-20T12:00:00Z,Connect Data Source\n"
                                         "e5,u2,2024-03-03T09:00:00Z,View Chart\n";

// The index of a cache synced from the fixture (`empty`: of a cache never synced).
inline std::shared_ptr<const EventIndex> fixtureIndex(bool empty)
{
    const QString name = empty ? QStringLiteral("empty") : QStringLiteral("fixture");
    const QString folder = scratch().filePath(name);
    QString error;
    if (!QDir().mkpath(folder))
        fail("fixture", QStringLiteral("cannot create %1").arg(folder));
    Cache cache;
    if (!cache.open(folder + QStringLiteral("/cache.sqlite"), true, &error))
        fail("fixture", error);
    if (!empty) {
        const QString exportFolder = folder + QStringLiteral("/export");
        QDir().mkpath(exportFolder);
        for (const auto& [file, text] :
             {std::pair{"accounts.csv", FixtureAccounts}, std::pair{"users.csv", FixtureUsers},
              std::pair{"events.csv", FixtureEvents}})
            writeFile(exportFolder + QLatin1Char('/') + QLatin1String(file), text,
                      std::strlen(text));
        if (!syncExportFolder(cache, exportFolder, {}, nullptr, nullptr, &error))
            fail("fixture", error);
    }
    auto index = EventIndex::load(cache, nullptr, &error);
    if (!index)
        fail("fixture", error);
    return index;
}

} // namespace pulsebook::fuzz
