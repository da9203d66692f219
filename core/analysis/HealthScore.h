#pragma once

#include "AccountFigures.h"

#include "workspace/ScoreDefinitions.h"

#include <vector>

namespace pulsebook {

// One input of an account's health score.
struct HealthInputScore
{
    double value = Missing; // the metric's value; NaN: missing (the input drops out)
    double score = Missing; // 0-10
    // Its share of the account's score: score x group weight / (inputs with a value in the
    // group x the weights of the groups with a value). The contributions add up to the score.
    double contribution = 0;
    // (10 - score) x group weight / inputs with a value in the group; 0 when missing.
    double drag = 0;
    // The points of the score it costs: drag / the weights of the groups with a value. With
    // the contributions they add up to 10.
    double lost = 0;
};

// An account's health score (docs/definitions.md, "Health score").
struct AccountHealth
{
    double score = Missing; // 0-10; NaN when no input has a value
    Rag band = Rag::NoData;
    std::vector<double> groupScores;      // per group; NaN when none of its inputs has a value
    std::vector<HealthInputScore> inputs; // every input, group by group, in definition order
    // Index into inputs of the largest drag (the first of equals); -1 when no input drags
    // (none has a value, or all score 10).
    int biggestDrag = -1;
};

// The metrics the definition reads, for AccountFigures::prepare().
QList<AccountMetric> healthMetrics(const HealthScoreDefinition& definition);

// The health score of account a as of asOfMs, with `usage` = figures.usage(a, asOfMs).
AccountHealth computeHealth(const HealthScoreDefinition& definition, const AccountFigures& figures,
                            int a, qint64 asOfMs, const AccountUsage& usage);

} // namespace pulsebook
