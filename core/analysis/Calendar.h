#pragma once

#include "workspace/Duration.h"

#include <QDate>
#include <QString>
#include <QTimeZone>

namespace pulsebook {

class Cache;

// Calendar days, ISO weeks (from Monday) and months in a time zone (docs/definitions.md, "The
// time zone"): where trend buckets and retention cohorts start, and which instant a date typed
// without a time means. Days follow the clocks, so one is 23 or 25 hours long when they change.
class Calendar
{
public:
    enum class Unit { Day, Week, Month };

    // UTC.
    Calendar();
    // The IANA zone `zone` ("America/New_York"); UTC when empty or unknown (the workspace checks
    // its time_zone when it is imported).
    explicit Calendar(const QString& zone);

    QString zoneName() const;
    // The local date of the instant `ms`.
    QDate date(qint64 ms) const;
    // The local midnight starting `day` (or, where the zone skips midnight, the first local
    // time of that day).
    qint64 midnight(QDate day) const;
    // The start of the day, week or month containing `ms`, and the start of the next one.
    qint64 bucketStart(qint64 ms, Unit unit) const;
    qint64 nextBucket(qint64 start, Unit unit) const;
    // The local midnight that ends the day of `ms`: the default as-of time for a latest event.
    qint64 midnightAfter(qint64 ms) const;
    // The default as-of time of `cache`: the local midnight ending its latest event's day (0
    // without events). The CLI and the window both show this one.
    qint64 defaultAsOf(Cache& cache) const;

    // A typed time: a date alone ("2026-11-01") is the local midnight starting it; anything
    // else is read as FieldParser::timestamp reads it (an offset or Z, else UTC). False with
    // *reason.
    bool typedTime(const QString& text, qint64* ms, QString* reason) const;

private:
    QTimeZone m_zone;
    bool m_utc = true;
};

} // namespace pulsebook
