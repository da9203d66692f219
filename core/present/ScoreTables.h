#pragma once

#include "ResultTable.h"

#include <vector>

namespace pulsebook {

class EventIndex;
struct AnalysisContext;
struct ChangesResult;
struct EfficacyResult;
struct HealthScoreDefinition;
struct ManagerScorecardResult;
struct ScorecardDefinition;
struct ScorecardResult;
struct ScorecardRow;
enum class Rag : quint8;

// The scorecards as result tables (docs/definitions.md, "Account scorecard", "Health score",
// "Manager scorecard"). Status columns hold the band's name (ragName) as a Status cell, or
// nothing for no colour.

ListCell ragCell(Rag rag);

// The account scorecard's `rows`: identity, every column (and its colour when it has bounds),
// the health score with its trend, the status and the silent flag. No definition or notes.
ResultTable scorecardTable(const EventIndex& index, const ScorecardDefinition& columns,
                           const HealthScoreDefinition& health,
                           const std::vector<ScorecardRow>& rows);
// The same for the rows `shown` of `result` (all, or a filter of them), with the result's
// definition and counts.
ResultTable scorecardTable(const EventIndex& index, const ScorecardResult& result,
                           const std::vector<ScorecardRow>& shown);

// Each account's health score, band, trend, biggest drag and group scores.
ResultTable healthTable(const AnalysisContext& context, const HealthScoreDefinition& health,
                        const std::vector<ScorecardRow>& rows);
// One account's health inputs: value, score, contribution and drag of each.
ResultTable healthInputsTable(const AnalysisContext& context, const HealthScoreDefinition& health,
                              const ScorecardRow& row);

// "Biggest drag: Usage: wau (−1.8)": the input with the largest drag and the points of the
// score it costs, one decimal; empty when no input drags.
QString biggestDragSentence(const HealthScoreDefinition& health, const ScorecardRow& row);

// The manager scorecard's rows `shown` (row indices of result.rows), depths counted from
// `focus`'s; `indentNames` indents each name two spaces a level (for a terminal).
ResultTable managersTable(const ManagerScorecardResult& result, const std::vector<int>& shown,
                          int focus, bool indentNames);
// The account scorecard of the accounts of result.rows[focus].
ResultTable managerAccountsTable(const EventIndex& index, const ManagerScorecardResult& result,
                                 const HealthScoreDefinition& health, int focus);

// The accounts whose status changed, with the columns that changed colour.
ResultTable changesTable(const AnalysisContext& context, const ChangesResult& result);

enum class EfficacyRows : quint8 { Bands, Accounts };
// The churn rate per band and horizon, or each renewal's bands before it.
ResultTable efficacyTable(const AnalysisContext& context, const EfficacyResult& result,
                          EfficacyRows rows);

} // namespace pulsebook
