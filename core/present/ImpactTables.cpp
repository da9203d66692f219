#include "ImpactTables.h"

#include "analysis/ImpactCalculator.h"

namespace pulsebook {

ResultTable impactTable(const ImpactParams& params, const ImpactResult& result)
{
    ResultTable table;
    table.definition = result.definition;
    table.addColumn(QStringLiteral("scenario"), ValueKind::Text);
    table.addColumn(QStringLiteral("reach"), ValueKind::Decimal);
    table.addColumn(QStringLiteral("baseline"), ValueKind::Rate);
    table.addColumn(QStringLiteral("target"), ValueKind::Rate);
    table.addColumn(QStringLiteral("delta_points"), ValueKind::Decimal);
    table.addColumn(QStringLiteral("new_rate"), ValueKind::Rate);
    table.addColumn(QStringLiteral("extra_users"), ValueKind::Integer);
    table.addColumn(QStringLiteral("arr_impact"), ValueKind::Money);
    for (size_t i = 0; i < result.rows.size(); ++i) {
        const ImpactScenario& s = params.scenarios[i];
        const ImpactRow& row = result.rows[i];
        table.rows.push_back({cell::text(row.name), cell::number(s.reach), cell::number(s.baseline),
                              cell::number(s.target), cell::number(row.deltaPoints),
                              cell::number(row.newRate), cell::number(row.extraUsers),
                              cell::number(row.arrImpact)});
    }
    const ImpactRow& total = result.total;
    table.rows.push_back({cell::text(total.name), ListCell::missing(), ListCell::missing(),
                          ListCell::missing(), cell::number(total.deltaPoints),
                          cell::number(total.newRate), cell::number(total.extraUsers),
                          cell::number(total.arrImpact)});
    return table;
}

ResultTable impactSweepTable(const ImpactParams& params, const QString& scenario,
                             const std::vector<std::pair<double, double>>& points)
{
    ResultTable table;
    table.addColumn(QStringLiteral("scenario"), ValueKind::Text);
    table.addColumn(QStringLiteral("target"), ValueKind::Rate);
    table.addColumn(QStringLiteral("delta_points"), ValueKind::Decimal);
    table.addColumn(QStringLiteral("new_rate"), ValueKind::Rate);
    for (const auto& [target, delta] : points)
        table.rows.push_back({cell::text(scenario), cell::number(target), cell::number(delta),
                              cell::number(params.baseline + delta / 100)});
    return table;
}

} // namespace pulsebook
