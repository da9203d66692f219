#pragma once

#include "AnalysisContext.h"
#include "Outcome.h"

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <limits>
#include <vector>

namespace pulsebook {

class Cache;

// One user's history, for a support ticket (docs/definitions.md, "User timeline"): the user
// card, the sessions with their events, the events outside any session, the most frequent
// events, and goTo(time).
struct TimelineParams
{
    QString user; // a user ID, else an e-mail (case-insensitive)
    // The range [fromMs, toMs): a session is in it when it starts in it, an event outside any
    // session when it happens in it. Nothing at or after the as-of time is read.
    qint64 fromMs = std::numeric_limits<qint64>::min();
    qint64 toMs = std::numeric_limits<qint64>::max();
    int topEvents = 5; // how many of the most frequent events
};

// A property and its value as text (times as 2026-11-01T09:00:00.000Z).
struct NamedValue
{
    QString name;
    QString value;
};

struct TimelineEvent
{
    qint64 timeMs = 0;
    QString name;      // the event type
    QString eventId;   // as it came in
    QString sessionId; // as it came in; "" when the event names none
    // Every property the event has a value for (path, title, referrer first, then by name).
    std::vector<NamedValue> properties;
    int row = -1; // the TimelineRow holding it

    QString property(const QString& name) const;
};

// A row of the timeline: a session, or a run of events outside any session.
struct TimelineRow
{
    bool isSession = true;
    QString sessionId; // "" for events outside sessions
    qint64 startMs = 0;
    // A session: its last event's time (its start when it has none or all come earlier);
    // events outside sessions: the last one's time.
    qint64 endMs = 0;
    // The session's properties with a value (device_type, landing_page first, then by name).
    std::vector<NamedValue> properties;
    std::vector<int> events; // indices into Timeline::events, in time order

    QString property(const QString& name) const;
};

struct EventCount
{
    QString name;
    qint64 count = 0;
};

struct Timeline
{
    int user = -1; // in the index
    QString userId;
    int account = -1; // in the index, -1 when none
    // Every user property (in the index's order; missing ones with an empty value), then
    // account.name and account.csm of the user's account.
    std::vector<NamedValue> card;
    qint64 asOfMs = 0;
    qint64 fromMs = 0;                 // as asked
    qint64 toMs = 0;                   // as asked, at most the as-of time
    std::vector<TimelineEvent> events; // every event shown, in (time, event ID) order
    std::vector<TimelineRow> rows;     // by start time (sessions before outside runs on a tie)
    std::vector<EventCount> topEvents; // most frequent first, ties by name
    // The property names met, in the order the tables show them.
    QStringList eventProperties;
    QStringList sessionProperties;
};

// Where "go to" lands (docs/definitions.md, "User timeline").
enum class GoToCase {
    Inside, // the session containing the time (start <= time <= end)
    Before, // none contains it: the nearest session starting before it
    First,  // the time is before every session: the first session
    None,   // no session in the timeline
};
struct GoTo
{
    int row = -1; // into Timeline::rows; -1 with None
    GoToCase how = GoToCase::None;
};
GoTo goTo(const Timeline& timeline, qint64 timeMs);
// "inside", "before", "first", "none".
QString goToCaseName(GoToCase how);

// The timeline of params.user as of context.asOfMs: the user and account from the index, the
// sessions and events read from `cache` for that user alone (the chunks whose user range holds
// them, the property values they use). Failed with the reason, also in *error (may be null):
// unknown user "x", a damaged cache. It has no progress and never ends Cancelled.
Status runTimeline(const AnalysisContext& context, Cache& cache, const TimelineParams& params,
                   Timeline* result, QString* error);

// The user with the most events before the as-of time (the screenshot's), -1 when none.
int mostActiveUser(const AnalysisContext& context);

} // namespace pulsebook
