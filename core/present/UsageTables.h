#pragma once

#include "ResultTable.h"

#include <vector>

namespace pulsebook {

class SortedList;
struct AnalysisContext;
struct EngagementResult;
struct EventSummary;
struct FunnelParams;
struct FunnelResult;
struct OnboardingResult;
struct OnboardingStepsDone;
struct ProductAreasResult;
struct RetentionParams;
struct RetentionResult;
struct RollupResult;
struct TrendParams;
struct TrendResult;

// The usage analyses as result tables (docs/definitions.md names every column). `context` is
// the one the analysis ran with: it gives the index (IDs, names, CSMs) and the as-of time.

// A row per step (per group and step with a breakdown, the group first).
ResultTable funnelTable(const FunnelParams& params, const FunnelResult& result);
// The users who reached step `step` (1-based) but not the next, by user ID.
ResultTable funnelDroppedTable(const AnalysisContext& context, const FunnelParams& params,
                               const FunnelResult& result, int step);

// A row per cohort (or group), then "all": the rate of each period after the first, and with
// `counts` the retained and eligible users of each.
ResultTable retentionTable(const AnalysisContext& context, const RetentionParams& params,
                           const RetentionResult& result, bool counts);

// What a row of a table stands for.
enum class RowsPer : quint8 { Users, Accounts };

// Users: those matching the mode with their missing steps, by user ID. Accounts: each
// account's onboarding rate. `everyStep`: the mode was "all" (for the note).
ResultTable onboardingTable(const AnalysisContext& context, const OnboardingResult& result,
                            RowsPer rows, bool everyStep);
// One account's users (onboardingStepsDone) by user ID: who they are, steps done, and a Done
// column per step (id "step:<event>", titled with the event) with the time it was first done.
ResultTable onboardingStepsTable(const AnalysisContext& context, const QStringList& steps,
                                 const std::vector<OnboardingStepsDone>& users);
// Sessions, last session and KPI counts per user (by user ID), or users, WAU, MAU, last
// activity and KPI counts per account.
ResultTable rollupTable(const AnalysisContext& context, const RollupResult& result, RowsPer rows);
// A row per bucket (and group): the events or users.
ResultTable trendTable(const AnalysisContext& context, const TrendParams& params,
                       const TrendResult& result);
ResultTable engagementTable(const EngagementResult& result);
ResultTable productAreasTable(const ProductAreasResult& result);
// The users of a segment (`members`, within the context's filter): who they are and their last
// event before as-of, by user ID; with `countOnly` one row, their number. `where` is the
// segment's definition.
ResultTable segmentTable(const AnalysisContext& context, const QJsonValue& where,
                         const std::vector<char>& members, bool countOnly);
// Rows [offset, offset + n) of a sorted list (the users list: UserList + SortedList) with all
// its columns in the table's order: numbers Decimal, times Time, texts Text. `definition` goes
// out as the table's. What `pulsebook-cli segment --sort/--columns` prints.
ResultTable listTable(const SortedList& list, const QJsonObject& definition, qint64 offset,
                      qint64 n);
// Every event name with its count, users, first and last seen.
ResultTable eventsTable(const AnalysisContext& context, const std::vector<EventSummary>& events);

} // namespace pulsebook
