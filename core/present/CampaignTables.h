#pragma once

#include "ResultTable.h"

namespace pulsebook {

struct AnalysisContext;
struct CampaignsResult;

enum class CampaignRows : quint8 { Campaigns, Stages, Accounts };

// The campaign operating metrics (docs/definitions.md, "Campaign operating metrics") as a
// table: a row per campaign, per campaign and stage (with the untouched baseline), or per
// campaign and account. A figure whose window is not over, or with no eligible users, is
// missing.
ResultTable campaignsTable(const AnalysisContext& context, const CampaignsResult& result,
                           CampaignRows rows);

} // namespace pulsebook
