#pragma once

#include "ResultTable.h"

namespace pulsebook {

struct AnalysisContext;
struct GoTo;
struct Timeline;

// A user's timeline as result tables (docs/definitions.md, "User timeline"): the CLI's
// `timeline` prints them, the user view shows them. Every table's `row` column is the 1-based
// number of a timeline row (a session or a run of events outside sessions), in start order.

// The user card: property, value (every user property, then account.name and account.csm).
ResultTable timelineCardTable(const AnalysisContext& context, const Timeline& timeline);
// One row per session or run of events outside sessions: row, kind ("session" or "outside"),
// session_id, start, end, duration_s, events, then the sessions' properties (device_type and
// landing_page always).
ResultTable timelineSessionsTable(const AnalysisContext& context, const Timeline& timeline);
// Every event shown, in time order: row, session_id, time, event, event_id, then the events'
// properties (path, title and referrer always).
ResultTable timelineEventsTable(const AnalysisContext& context, const Timeline& timeline);
// The most frequent events: event, count.
ResultTable timelineTopTable(const AnalysisContext& context, const Timeline& timeline);
// Where "go to" `atMs` lands: at, case (inside, before, first, none), row, session_id, start,
// end; a note says why in words.
ResultTable timelineGoToTable(const AnalysisContext& context, const Timeline& timeline, qint64 atMs,
                              const GoTo& where);

// The sentence for a go-to: "2026-10-30T10:05:00.000Z is inside session s1 (...)".
QString goToSentence(const Timeline& timeline, qint64 atMs, const GoTo& where);

} // namespace pulsebook
