// pulsebook-cli campaigns: the campaign operating metrics (docs/definitions.md, "Campaign operating
// metrics"; the exact definitions are in core/analysis/Campaigns.h) per campaign, per stage or
// per account.
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/Campaigns.h"
#include "sync/FieldParser.h"

#include <cmath>

namespace pulsebook::cli {

namespace {

QVariant count(qint64 n, bool measured = true)
{
    return measured ? QVariant(double(n)) : QVariant();
}

QVariant points(double v)
{
    return std::isnan(v) ? QVariant() : QVariant(v);
}

QVariant accountCell(const EventIndex& index, int a, const char* property)
{
    return index.accountProperty(a, QLatin1String(property));
}

QString stageName(size_t stage)
{
    static const char* const names[] = {"delivered", "opened", "clicked"};
    return QLatin1String(names[stage]);
}

void byCampaign(const CampaignsResult& result, ResultTable* table)
{
    table->columns = {QStringLiteral("campaign"),
                      QStringLiteral("first_send"),
                      QStringLiteral("clicked_users"),
                      QStringLiteral("week0_eligible"),
                      QStringLiteral("week0_users"),
                      QStringLiteral("week0_rate"),
                      QStringLiteral("month1_eligible"),
                      QStringLiteral("month1_users"),
                      QStringLiteral("month1_rate"),
                      QStringLiteral("week0_account_rate"),
                      QStringLiteral("month1_account_rate"),
                      QStringLiteral("low_wau_accounts"),
                      QStringLiteral("low_wau_touched"),
                      QStringLiteral("low_wau_converted"),
                      QStringLiteral("low_wau_rate")};
    for (const CampaignMetrics& m : result.campaigns) {
        const bool low = m.sendWeekOver;
        table->rows.push_back(
            {m.name, m.sent ? timeCell(m.firstSendMs) : QVariant(), count(m.clickedUsers),
             count(m.week0.eligible), count(m.week0.converted), rateCell(m.week0.rate),
             count(m.month1.eligible), count(m.month1.converted), rateCell(m.month1.rate),
             rateCell(m.week0Accounts.rate), rateCell(m.month1Accounts.rate),
             count(m.lowWau.eligible, low), count(m.lowWauTouched, low),
             count(m.lowWau.converted, low), rateCell(m.lowWau.rate)});
    }
}

void byStage(const CampaignsResult& result, ResultTable* table)
{
    table->columns = {QStringLiteral("campaign"), QStringLiteral("stage"),
                      QStringLiteral("users"),    QStringLiteral("converted"),
                      QStringLiteral("rate"),     QStringLiteral("lift_points")};
    for (const CampaignMetrics& m : result.campaigns) {
        for (size_t s = 0; s < m.stages.size(); ++s)
            table->rows.push_back({m.name, stageName(s), count(m.stages[s].eligible),
                                   count(m.stages[s].converted), rateCell(m.stages[s].rate),
                                   points(m.liftPoints[s])});
        table->rows.push_back({m.name, QStringLiteral("untouched baseline"),
                               count(m.baseline.eligible, m.sendWeekOver),
                               count(m.baseline.converted, m.sendWeekOver),
                               rateCell(m.baseline.rate), QVariant()});
    }
}

void byAccount(const EventIndex& index, const CampaignsResult& result, ResultTable* table)
{
    table->columns = {QStringLiteral("campaign"),         QStringLiteral("account_id"),
                      QStringLiteral("account"),          QStringLiteral("csm"),
                      QStringLiteral("clicked_users"),    QStringLiteral("week0_eligible"),
                      QStringLiteral("week0_users"),      QStringLiteral("week0_converted"),
                      QStringLiteral("month1_eligible"),  QStringLiteral("month1_users"),
                      QStringLiteral("month1_converted"), QStringLiteral("wau_at_send"),
                      QStringLiteral("low_wau")};
    for (const CampaignMetrics& m : result.campaigns) {
        for (const CampaignAccount& a : m.accounts) {
            const bool month1 = a.month1.eligible > 0;
            table->rows.push_back(
                {m.name, index.accountId(a.account), accountCell(index, a.account, "name"),
                 accountCell(index, a.account, "csm"), count(a.clickedUsers),
                 count(a.week0.eligible), count(a.week0.converted),
                 count(a.week0.converted > 0 ? 1 : 0), count(a.month1.eligible),
                 count(a.month1.converted, month1), count(a.month1.converted > 0 ? 1 : 0, month1),
                 count(a.wauAtSend), count(a.lowWau ? 1 : 0)});
        }
    }
}

} // namespace

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
    ResultTable table;
    table.definition = result.definition;
    if (by == QLatin1String("stage"))
        byStage(result, &table);
    else if (by == QLatin1String("account"))
        byAccount(*command.context().index, result, &table);
    else
        byCampaign(result, &table);
    table.summary.append(QStringLiteral("%1 campaigns, key event \"%2\", low-WAU threshold %3, "
                                        "as of %4 (blank: no eligible users or window not over)")
                             .arg(result.campaigns.size())
                             .arg(result.keyEvent)
                             .arg(result.lowWauThreshold)
                             .arg(FieldParser::formatDate(command.context().asOfMs)));
    return command.output(table);
}

} // namespace pulsebook::cli
