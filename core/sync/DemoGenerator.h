#pragma once

#include "Outcome.h"

#include <QString>
#include <QtGlobal>

namespace pulsebook {

class Progress;

// What the demo data set looks like; the defaults are the documented demo.
struct DemoOptions
{
    qint64 users = 5000;    // people in users.csv (>= 1)
    qint64 events = 500000; // exact number of rows in events.csv (>= 0)
    quint64 seed = 42;
    // 2026-11-01T00:00:00Z: the demo's "today"; every event is before it.
    qint64 asOfMs = 1793491200000;
};

// How many rows of each kind a generation wrote.
struct DemoSummary
{
    qint64 accounts = 0, teamMembers = 0, users = 0, sessions = 0, events = 0, campaignTouches = 0,
           migrations = 0, usersOnlyInEvents = 0;
};

// Writes the demo export folder (created if missing). Deterministic: the same options give the
// same bytes in every file. Returns Failed with the reason (also in *error: "<path>: <reason>"),
// or Cancelled (no text) when progress->update() returned false; files are replaced only once
// all are written, so a failed or cancelled run leaves the folder's files as they were.
// progress may be nullptr.
Status generateDemo(const QString& outDir, const DemoOptions& options, Progress* progress,
                    DemoSummary* summary, QString* error);

} // namespace pulsebook
