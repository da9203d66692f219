#include "CampaignTables.h"

#include "analysis/AnalysisContext.h"
#include "analysis/Campaigns.h"
#include "analysis/EventIndex.h"
#include "sync/FieldParser.h"

namespace pulsebook {

namespace {

ListCell count(qint64 n, bool measured = true)
{
    return measured ? cell::count(n) : ListCell::missing();
}

QString stageName(size_t stage)
{
    static const char* const names[] = {"delivered", "opened", "clicked"};
    return QLatin1String(names[stage]);
}

void addColumns(ResultTable* table, std::initializer_list<const char*> ids, ValueKind kind)
{
    for (const char* id : ids)
        table->addColumn(QLatin1String(id), kind);
}

void byCampaign(const CampaignsResult& result, ResultTable* table)
{
    table->addColumn(QStringLiteral("campaign"), ValueKind::Text);
    table->addColumn(QStringLiteral("first_send"), ValueKind::Time);
    addColumns(table, {"clicked_users", "week0_eligible", "week0_users"}, ValueKind::Integer);
    table->addColumn(QStringLiteral("week0_rate"), ValueKind::Rate);
    addColumns(table, {"month1_eligible", "month1_users"}, ValueKind::Integer);
    addColumns(table, {"month1_rate", "week0_account_rate", "month1_account_rate"},
               ValueKind::Rate);
    addColumns(table, {"low_wau_accounts", "low_wau_touched", "low_wau_converted"},
               ValueKind::Integer);
    table->addColumn(QStringLiteral("low_wau_rate"), ValueKind::Rate);
    for (const CampaignMetrics& m : result.campaigns) {
        const bool low = m.sendWeekOver;
        table->rows.push_back(
            {cell::text(m.name), m.sent ? cell::time(m.firstSendMs) : ListCell::missing(),
             count(m.clickedUsers), count(m.week0.eligible), count(m.week0.converted),
             cell::number(m.week0.rate), count(m.month1.eligible), count(m.month1.converted),
             cell::number(m.month1.rate), cell::number(m.week0Accounts.rate),
             cell::number(m.month1Accounts.rate), count(m.lowWau.eligible, low),
             count(m.lowWauTouched, low), count(m.lowWau.converted, low),
             cell::number(m.lowWau.rate)});
    }
}

void byStage(const CampaignsResult& result, ResultTable* table)
{
    addColumns(table, {"campaign", "stage"}, ValueKind::Text);
    addColumns(table, {"users", "converted"}, ValueKind::Integer);
    table->addColumn(QStringLiteral("rate"), ValueKind::Rate);
    table->addColumn(QStringLiteral("lift_points"), ValueKind::Decimal);
    for (const CampaignMetrics& m : result.campaigns) {
        for (size_t s = 0; s < m.stages.size(); ++s)
            table->rows.push_back({cell::text(m.name), cell::text(stageName(s)),
                                   count(m.stages[s].eligible), count(m.stages[s].converted),
                                   cell::number(m.stages[s].rate), cell::number(m.liftPoints[s])});
        table->rows.push_back({cell::text(m.name), cell::text(QStringLiteral("untouched baseline")),
                               count(m.baseline.eligible, m.sendWeekOver),
                               count(m.baseline.converted, m.sendWeekOver),
                               cell::number(m.baseline.rate), ListCell::missing()});
    }
}

void byAccount(const EventIndex& index, const CampaignsResult& result, ResultTable* table)
{
    table->addColumn(QStringLiteral("campaign"), ValueKind::Text);
    addAccountColumns(table);
    addColumns(table,
               {"clicked_users", "week0_eligible", "week0_users", "week0_converted",
                "month1_eligible", "month1_users", "month1_converted", "wau_at_send", "low_wau"},
               ValueKind::Integer);
    for (const CampaignMetrics& m : result.campaigns) {
        for (const CampaignAccount& a : m.accounts) {
            const bool month1 = a.month1.eligible > 0;
            ResultRow row{cell::text(m.name)};
            const ResultRow who = accountCells(index, a.account);
            row.insert(row.end(), who.begin(), who.end());
            row.insert(row.end(), {count(a.clickedUsers), count(a.week0.eligible),
                                   count(a.week0.converted), count(a.week0.converted > 0 ? 1 : 0),
                                   count(a.month1.eligible), count(a.month1.converted, month1),
                                   count(a.month1.converted > 0 ? 1 : 0, month1),
                                   count(a.wauAtSend), count(a.lowWau ? 1 : 0)});
            table->rows.push_back(std::move(row));
        }
    }
}

} // namespace

ResultTable campaignsTable(const AnalysisContext& context, const CampaignsResult& result,
                           CampaignRows rows)
{
    ResultTable table;
    table.definition = result.definition;
    switch (rows) {
    case CampaignRows::Stages:
        byStage(result, &table);
        break;
    case CampaignRows::Accounts:
        byAccount(*context.index, result, &table);
        break;
    case CampaignRows::Campaigns:
        byCampaign(result, &table);
        break;
    }
    table.notes.append(QStringLiteral("%1 campaigns, key event \"%2\", low-WAU threshold %3, "
                                      "as of %4 (blank: no eligible users or window not over)")
                           .arg(result.campaigns.size())
                           .arg(result.keyEvent)
                           .arg(result.lowWauThreshold)
                           .arg(FieldParser::formatDate(context.asOfMs)));
    return table;
}

} // namespace pulsebook
