#pragma once

#include "ResultTable.h"

#include <utility>
#include <vector>

namespace pulsebook {

struct ImpactParams;
struct ImpactResult;

// The impact calculator (docs/definitions.md, "Impact calculator") as a table: a row per
// scenario, then "(all)" with the summed change (reach left blank: the groups may overlap).
ResultTable impactTable(const ImpactParams& params, const ImpactResult& result);
// A sweep of one scenario's target rate: its (target, delta points) pairs with the new rate.
ResultTable impactSweepTable(const ImpactParams& params, const QString& scenario,
                             const std::vector<std::pair<double, double>>& points);

} // namespace pulsebook
