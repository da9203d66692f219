#pragma once

#include <QString>

#include <limits>

namespace pulsebook {

// A typed duration: a whole number > 0 and a unit, s, m, h, d (86,400 s) or w (7 days):
// "15s", "36h", "2w" (docs/definitions.md, "Durations"). False with *reason when bad; at most
// 1,000 years.
bool parseDuration(const QString& text, qint64* ms, QString* reason);
// The same for a segment's "within" window, which may be as long as a count of 18 digits
// says: a window past the clock's range is clamped to SegmentWindowEver ("ever").
bool parseWindow(const QString& text, qint64* ms, QString* reason);
// `count` units of `unitMs` (a day, a week) as a window, clamped to SegmentWindowEver.
qint64 windowOf(qint64 count, qint64 unitMs);
// The longest window, a whole number of days: any window this long means "ever".
constexpr qint64 SegmentWindowEver = (std::numeric_limits<qint64>::max() / 86400000) * 86400000;
// The duration as typed in its largest whole unit of s, m, h and d: "36h", "90s".
QString formatDuration(qint64 ms);

} // namespace pulsebook
