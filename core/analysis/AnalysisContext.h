#pragma once

#include "Calendar.h"
#include "EventIndex.h"
#include "Outcome.h"
#include "Progress.h"

#include <QJsonObject>

#include <memory>
#include <vector>

namespace pulsebook {

struct Workspace;

// What every analysis runs against: an immutable index, the team's definitions, the as-of
// time ("now" for relative windows; nothing after it counts) and the "in segment" filter.
struct AnalysisContext
{
    std::shared_ptr<const EventIndex> index;
    const Workspace* workspace = nullptr;
    qint64 asOfMs = 0;
    // The workspace time zone's calendar: trend buckets and retention cohorts.
    Calendar calendar;
    // Users in the segment filter (1 = in), indexed like the index's users; empty = everyone.
    std::vector<char> segment;
    QString segmentName; // for the result's definition
    Progress* progress = silentProgress();

    bool inSegment(int u) const { return segment.empty() || segment[size_t(u)] != 0; }
    // The events of user u strictly before as_of: [eventBegin(u), eventsEndAsOf(u)).
    size_t eventsEndAsOf(int u) const;
    // The common part of every result's definition: as_of and the segment.
    QJsonObject baseDefinition(const QString& analysis) const;
    // The outcome of an analysis run on this context that returned `ok`: Done; Cancelled when
    // its progress was cancelled (a cancel carries no text: an analysis that stops for it
    // returns false without one); else Failed with the reason the analysis wrote to *error.
    Status outcome(bool ok, const QString* error) const;
};

constexpr qint64 DayMs = 86400000;

} // namespace pulsebook
