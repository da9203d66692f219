// pulsebook-cli campaigns: the campaign operating metrics (docs/definitions.md, "Campaign operating
// metrics"; the exact definitions are in core/analysis/Campaigns.h) per campaign, per stage or
// per account.
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/Campaigns.h"
#include "present/CampaignTables.h"

namespace pulsebook::cli {

int campaignsCommand(const QStringList& arguments)
{
    AnalysisCommand command(
        QStringLiteral("campaigns"),
        QStringLiteral("Campaign operating metrics: week 0 and month 1 "
                       "rates, influence by stage, low-WAU accounts "
                       "(docs/definitions.md, \"Campaign operating metrics\")."));
    auto& p = command.parser();
    p.addOption({QStringLiteral("campaign"),
                 QStringLiteral("Only this campaign (default: every campaign)."),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("by"), QStringLiteral("campaign (default), stage or account."),
                 QStringLiteral("BY"), QStringLiteral("campaign")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    const QString by = command.value(QStringLiteral("by"));
    if (by != QLatin1String("campaign") && by != QLatin1String("stage") &&
        by != QLatin1String("account"))
        return command.usageError(QStringLiteral("--by must be campaign, stage or account"));
    if (const int rc = command.open(); rc >= 0)
        return rc;
    CampaignsParams params;
    params.campaign = command.value(QStringLiteral("campaign"));
    if (command.workspace().campaignKeyEvent.isEmpty())
        return command.needsDefinition(QStringLiteral("campaign key event"),
                                       QStringLiteral("campaigns"),
                                       QStringLiteral("'{\"key_event\": \"View Report\"}'"));
    CampaignsResult result;
    QString error;
    if (!runCampaigns(command.context(), params, &result, &error))
        return command.failure(error);
    const CampaignRows rows = by == QLatin1String("stage")     ? CampaignRows::Stages
                              : by == QLatin1String("account") ? CampaignRows::Accounts
                                                               : CampaignRows::Campaigns;
    return command.output(campaignsTable(command.context(), result, rows));
}

} // namespace pulsebook::cli
