#pragma once

#include "ResultTable.h"

namespace pulsebook {

class Calendar;
class EventIndex;
struct ScorecardResult;

// The book of business (docs/definitions.md, "Book of business"): the account scorecard's rows
// with what a CSM reads first — the account's name and CSM, its status, health score (coloured
// by its band) and trend glyph, the silent flag, ARR, renewal date and days to renewal — then
// every scorecard column with its colour. Rows come Red first, then Yellow, no data, Green; within
// a status by renewal date (none last), then account ID.
ResultTable bookTable(const EventIndex& index, const ScorecardResult& result, qint64 asOfMs,
                      const Calendar& calendar);

// The health trend over a week, "▲ +0.8", "▼ -1.2", "▶ 0.0" (rounded to one decimal); empty when
// either score is missing.
QString healthTrend(double score, double weekAgo);

// What the book's tiles count, by row of bookTable.
namespace BookColumns {
inline constexpr char Status[] = "status";
inline constexpr char DaysToRenewal[] = "days_to_renewal";
inline constexpr int RenewingDays = 90; // "Renewing ≤ 90 d": 0 to 90 days to renewal
} // namespace BookColumns

} // namespace pulsebook
