#pragma once

#include "ResultTable.h"

namespace pulsebook {

struct AnalysisContext;
struct TodayResult;

// Today (docs/definitions.md, "Today") as result tables: the CLI prints them, the view shows
// the same text.

// One row per count: tile (the kind's id), title, counts ("accounts" or "users"), now,
// 30_days_ago and change (missing when a count cannot be made).
ResultTable todayTilesTable(const AnalysisContext& context, const TodayResult& result);
// One row per line: kind, account_id, account, line (its text), list_of, count and list (the
// IDs behind it, joined by ", ").
ResultTable todayLinesTable(const AnalysisContext& context, const TodayResult& result);

} // namespace pulsebook
