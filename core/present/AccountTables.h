#pragma once

#include "ResultTable.h"

namespace pulsebook {

struct AccountPage;
struct AnalysisContext;
struct HealthScoreDefinition;
struct ScorecardDefinition;

// The account page's parts as result tables (docs/definitions.md, "Account page"): the CLI's
// `account` command prints them, the account view shows them.

// One row: status, health score and band, its change from a week and a month ago, ARR, the
// renewal date and the days to it. Notes: the biggest drag's sentence.
ResultTable accountHeaderTable(const AnalysisContext& context, const HealthScoreDefinition& health,
                               const AccountPage& page);
// The scorecard's columns, grouped (Account, then Usage): value, colour, bounds, key.
ResultTable accountMeasuresTable(const ScorecardDefinition& columns, const AccountPage& page);
// `health --account`'s inputs table, largest drag first (missing inputs last), with the
// points each input costs and "no value — weight redistributed" for a missing input.
ResultTable accountContributionsTable(const AnalysisContext& context,
                                      const HealthScoreDefinition& health, const AccountPage& page);
// The users, newest last seen first: sessions 30 and 90 days, last seen, onboarding done/total.
ResultTable accountUsersTable(const AnalysisContext& context, const AccountPage& page);
// Weekly active users at the end of each of the last 26 weeks, oldest first.
ResultTable accountWeeksTable(const AnalysisContext& context, const AccountPage& page);
// Status and health-band moves, newest first, with the columns that changed colour.
ResultTable accountMovesTable(const AnalysisContext& context, const AccountPage& page);

// The text a missing health input shows.
QString missingInputNote();

} // namespace pulsebook
