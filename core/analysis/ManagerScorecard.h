#pragma once

#include "Scorecard.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace pulsebook {

// One row of the manager scorecard (docs/definitions.md, "Manager scorecard"): a node of the team
// hierarchy, everyone, or the accounts nobody in the team owns.
struct ManagerRow
{
    enum Kind { Everyone, Person, Unassigned };
    Kind kind = Person;
    QString name; // the person; "All accounts"; "Unassigned"
    QString role;
    int parent = -1; // row index; -1 for the top row
    int depth = 0;
    std::vector<int> children; // row indices
    std::vector<int> accounts; // account numbers, ascending
    // Per managerColumnKeys(): percentages and means NaN when there is nothing to measure;
    // accounts and ARR sums 0.
    std::vector<double> values;
    std::vector<Rag> rags;
};

struct ManagerScorecardResult
{
    QJsonObject definition;
    ManagerScorecardDefinition settings;
    // Row 0 is every account; then the hierarchy depth first (people by name), then
    // "Unassigned" when some account's CSM is not in team.csv.
    std::vector<ManagerRow> rows;
    // Every account's scorecard row, by account number (for drilling down to accounts).
    std::vector<ScorecardRow> accounts;
    ScorecardDefinition columns;

    // The row of a person; -1 when none.
    int rowOf(const QString& person) const;
};

// The manager scorecard for the whole hierarchy, as of context.asOfMs. With a segment filter,
// only accounts with a user in it count.
Status runManagerScorecard(const AnalysisContext& context, ManagerScorecardResult* result,
                           QString* error);

// The columns' figures over `accounts` (exposed for the tests' reference).
std::vector<double> managerFigures(const ScorecardEngine& engine,
                                   const ManagerScorecardDefinition& settings,
                                   const std::vector<int>& accounts,
                                   const std::vector<ScorecardRow>& rowOfAccount, qint64 asOfMs);

} // namespace pulsebook
