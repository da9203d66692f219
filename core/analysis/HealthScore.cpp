#include "HealthScore.h"

namespace pulsebook {

QList<AccountMetric> healthMetrics(const HealthScoreDefinition& definition)
{
    QList<AccountMetric> metrics;
    for (const auto& group : definition.groups) {
        for (const auto& input : group.inputs)
            metrics.append(input.metric);
    }
    return metrics;
}

AccountHealth computeHealth(const HealthScoreDefinition& definition, const AccountFigures& figures,
                            int a, qint64 asOfMs, const AccountUsage& usage)
{
    AccountHealth h;
    double weighted = 0;
    double weights = 0;
    std::vector<int> withValue;
    for (const auto& group : definition.groups) {
        double sum = 0;
        int count = 0;
        for (const auto& input : group.inputs) {
            HealthInputScore s;
            s.value = figures.number(input.metric, a, asOfMs, usage);
            if (!std::isnan(s.value)) {
                s.score = input.score(s.value);
                sum += s.score;
                ++count;
            }
            h.inputs.push_back(s);
        }
        withValue.push_back(count);
        h.groupScores.push_back(count > 0 ? sum / count : Missing);
        if (count > 0) {
            weighted += h.groupScores.back() * group.weight;
            weights += group.weight;
        }
    }
    if (weights > 0)
        h.score = weighted / weights;
    h.band = definition.band(h.score);
    // Contributions and drags; the biggest drag is the first of the largest, if any is above 0.
    size_t i = 0;
    double biggest = 0;
    for (qsizetype g = 0; g < definition.groups.size(); ++g) {
        const auto& group = definition.groups[g];
        for (qsizetype k = 0; k < group.inputs.size(); ++k, ++i) {
            HealthInputScore& s = h.inputs[i];
            if (std::isnan(s.score))
                continue;
            const double count = withValue[size_t(g)];
            s.contribution = s.score * group.weight / (count * weights);
            s.drag = (10 - s.score) * group.weight / count;
            s.lost = s.drag / weights;
            if (s.drag > biggest) {
                biggest = s.drag;
                h.biggestDrag = int(i);
            }
        }
    }
    return h;
}

} // namespace pulsebook
