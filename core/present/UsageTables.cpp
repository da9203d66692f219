#include "UsageTables.h"

#include "analysis/AnalysisContext.h"
#include "analysis/Engagement.h"
#include "analysis/EventIndex.h"
#include "analysis/EventSummary.h"
#include "analysis/Funnel.h"
#include "analysis/Onboarding.h"
#include "analysis/ProductAreas.h"
#include "analysis/Retention.h"
#include "analysis/Rollup.h"
#include "analysis/SortedList.h"
#include "analysis/Trend.h"
#include "sync/FieldParser.h"

#include <QJsonArray>

namespace pulsebook {

ResultTable funnelTable(const FunnelParams& params, const FunnelResult& result)
{
    ResultTable table;
    table.definition = result.definition;
    if (!params.breakdown.isEmpty())
        table.addColumn(params.breakdown, ValueKind::Text);
    table.addColumn(QStringLiteral("step"), ValueKind::Integer);
    table.addColumn(QStringLiteral("event"), ValueKind::Text);
    table.addColumn(QStringLiteral("users"), ValueKind::Integer);
    table.addColumn(QStringLiteral("pct_of_first"), ValueKind::Percent);
    table.addColumn(QStringLiteral("pct_of_previous"), ValueKind::Percent);
    table.addColumn(QStringLiteral("median_seconds_from_previous"), ValueKind::Decimal);
    table.addColumn(QStringLiteral("dropped"), ValueKind::Integer);
    auto addSteps = [&](const QString* group, const std::vector<FunnelStep>& steps) {
        for (size_t s = 0; s < steps.size(); ++s) {
            const FunnelStep& step = steps[s];
            ResultRow row;
            if (group)
                row.push_back(cell::text(*group));
            row.push_back(cell::count(qint64(s + 1)));
            row.push_back(cell::text(step.event));
            row.push_back(cell::count(step.users));
            row.push_back(cell::number(step.pctOfFirst));
            row.push_back(cell::number(step.pctOfPrevious));
            row.push_back(step.medianMsFromPrevious < 0
                              ? ListCell::missing()
                              : cell::number(double(step.medianMsFromPrevious) / 1000.0));
            row.push_back(s + 1 < steps.size() ? cell::count(qint64(step.droppedUsers.size()))
                                               : ListCell::missing());
            table.rows.push_back(std::move(row));
        }
    };
    if (!params.breakdown.isEmpty()) {
        for (const auto& group : result.breakdown)
            addSteps(&group.value, group.steps);
    } else {
        addSteps(nullptr, result.steps);
    }
    return table;
}

ResultTable funnelDroppedTable(const AnalysisContext& context, const FunnelParams& params,
                               const FunnelResult& result, int step)
{
    const EventIndex& index = *context.index;
    ResultTable table;
    table.definition = result.definition;
    addUserColumns(&table);
    for (int u : result.steps[size_t(step - 1)].droppedUsers)
        table.rows.push_back(userCells(index, u, index.userAccount(u)));
    table.sortById();
    table.notes.append(QStringLiteral("%1 users reached \"%2\" but not \"%3\"")
                           .arg(table.rows.size())
                           .arg(params.steps.value(step - 1), params.steps.value(step)));
    return table;
}

ResultTable retentionTable(const AnalysisContext& context, const RetentionParams& params,
                           const RetentionResult& result, bool counts)
{
    ResultTable table;
    table.definition = result.definition;
    table.addColumn(params.groupBy.isEmpty() ? QStringLiteral("cohort") : params.groupBy,
                    ValueKind::Text);
    table.addColumn(QStringLiteral("users"), ValueKind::Integer);
    for (int n = 1; n < params.periods; ++n)
        table.addColumn(QStringLiteral("period_%1").arg(n), ValueKind::Rate);
    for (int n = 1; counts && n < params.periods; ++n) {
        table.addColumn(QStringLiteral("retained_%1").arg(n), ValueKind::Integer);
        table.addColumn(QStringLiteral("eligible_%1").arg(n), ValueKind::Integer);
    }
    auto addRow = [&](const QString& label, const RetentionRow& row) {
        ResultRow cells{cell::text(label), cell::count(row.size)};
        for (int n = 1; n < params.periods; ++n)
            cells.push_back(cell::number(retentionRate(row, n)));
        for (int n = 1; counts && n < params.periods; ++n) {
            cells.push_back(cell::count(row.retained[size_t(n)]));
            cells.push_back(cell::count(row.eligible[size_t(n)]));
        }
        table.rows.push_back(std::move(cells));
    };
    if (params.groupBy.isEmpty()) {
        for (const auto& row : result.cohorts)
            addRow(row.cohort, row);
    } else {
        for (const auto& group : result.groups)
            addRow(group.value, group.total);
    }
    addRow(QStringLiteral("all"), result.total);
    table.notes.append(QStringLiteral("Share of each cohort retained in each period "
                                      "(blank: not yet complete), as of %1")
                           .arg(FieldParser::formatDate(context.asOfMs)));
    return table;
}

ResultTable onboardingTable(const AnalysisContext& context, const OnboardingResult& result,
                            RowsPer rows, bool everyStep)
{
    const EventIndex& index = *context.index;
    ResultTable table;
    table.definition = result.definition;
    if (rows == RowsPer::Accounts) {
        addAccountColumns(&table);
        table.addColumn(QStringLiteral("users"), ValueKind::Integer);
        table.addColumn(QStringLiteral("onboarded"), ValueKind::Integer);
        table.addColumn(QStringLiteral("onboarding_rate"), ValueKind::Rate);
        table.addColumn(QStringLiteral("with_gaps"), ValueKind::Integer);
        for (const auto& a : result.accounts) {
            ResultRow row = accountCells(index, a.account);
            row.push_back(cell::count(a.users));
            row.push_back(cell::count(a.completedUsers));
            row.push_back(cell::number(a.rate));
            row.push_back(cell::count(a.matchingUsers));
            table.rows.push_back(std::move(row));
        }
    } else {
        addUserColumns(&table);
        table.addColumn(QStringLiteral("missing_steps"), ValueKind::Text);
        for (const auto& u : result.matching) {
            QStringList missing;
            for (int s : u.missingSteps())
                missing.append(result.steps[s]);
            ResultRow row = userCells(index, u.user, u.account);
            row[2] = cell::accountId(index, u.account);
            row.push_back(cell::text(missing.join(QStringLiteral("; "))));
            table.rows.push_back(std::move(row));
        }
        table.sortById();
    }
    table.notes.append(
        QStringLiteral("%1 of %2 users have finished onboarding (%3); %4 users "
                       "miss %5 step")
            .arg(result.completedUsers)
            .arg(result.users)
            .arg(result.steps.join(QStringLiteral(", ")))
            .arg(result.matching.size())
            .arg(everyStep ? QStringLiteral("every") : QStringLiteral("at least one")));
    return table;
}

ResultTable onboardingStepsTable(const AnalysisContext& context, const QStringList& steps,
                                 const std::vector<OnboardingStepsDone>& users)
{
    const EventIndex& index = *context.index;
    ResultTable table;
    table.definition = context.baseDefinition(QStringLiteral("onboarding"));
    table.definition.insert(QStringLiteral("steps"), QJsonArray::fromStringList(steps));
    addUserColumns(&table);
    table.addColumn(QStringLiteral("steps_done"), ValueKind::Integer).description =
        QStringLiteral("onboarding steps done of %1").arg(steps.size());
    for (const QString& step : steps) {
        ResultColumn& column = table.addColumn(QStringLiteral("step:") + step, ValueKind::Done);
        column.title = step;
        column.description = QStringLiteral("when \"%1\" was first done").arg(step);
    }
    for (const OnboardingStepsDone& u : users) {
        ResultRow row = userCells(index, u.user, index.userAccount(u.user));
        row.push_back(cell::count(u.doneCount()));
        for (const qint64 ms : u.doneMs)
            row.push_back(ms >= 0 ? cell::time(ms) : ListCell::missing());
        table.rows.push_back(std::move(row));
    }
    table.sortById();
    return table;
}

ResultTable rollupTable(const AnalysisContext& context, const RollupResult& result, RowsPer rows)
{
    const EventIndex& index = *context.index;
    ResultTable table;
    table.definition = result.definition;
    auto addKpiColumns = [&] {
        for (const QString& k : result.kpiEvents)
            table.addColumn(QStringLiteral("%1 (30d)").arg(k), ValueKind::Integer);
    };
    if (rows == RowsPer::Accounts) {
        addAccountColumns(&table);
        for (const char* id : {"users", "active_users_30d", "wau", "mau"})
            table.addColumn(QLatin1String(id), ValueKind::Integer);
        table.addColumn(QStringLiteral("last_activity"), ValueKind::Time);
        addKpiColumns();
        for (size_t r = 0; r < result.accounts.size(); ++r) {
            const auto& a = result.accounts[r];
            ResultRow row = accountCells(index, a.account);
            row.insert(row.end(),
                       {cell::count(a.users), cell::count(a.activeUsers), cell::count(a.wau),
                        cell::count(a.mau), cell::time(a.lastActivityMs)});
            for (int k = 0; k < result.kpiEvents.size(); ++k)
                row.push_back(cell::count(result.accountKpiCount(r, k)));
            table.rows.push_back(std::move(row));
        }
    } else {
        table.addColumn(QStringLiteral("user_id"), ValueKind::Text);
        table.addColumn(QStringLiteral("account_id"), ValueKind::Text);
        table.addColumn(QStringLiteral("sessions_30d"), ValueKind::Integer);
        table.addColumn(QStringLiteral("sessions_90d"), ValueKind::Integer);
        table.addColumn(QStringLiteral("last_session"), ValueKind::Time);
        addKpiColumns();
        for (size_t r = 0; r < result.users.size(); ++r) {
            const auto& u = result.users[r];
            ResultRow row{cell::text(index.userId(u.user)), cell::accountId(index, u.account),
                          cell::count(u.sessions30), cell::count(u.sessions90),
                          cell::time(u.lastSessionMs)};
            for (int k = 0; k < result.kpiEvents.size(); ++k)
                row.push_back(cell::count(result.userKpiCount(r, k)));
            table.rows.push_back(std::move(row));
        }
        table.sortById();
    }
    table.notes.append(QStringLiteral("Usage as of %1 (windows end there)")
                           .arg(FieldParser::formatDate(context.asOfMs)));
    return table;
}

ResultTable trendTable(const AnalysisContext& context, const TrendParams& params,
                       const TrendResult& result)
{
    ResultTable table;
    table.definition = result.definition;
    table.addColumn(QStringLiteral("bucket"), ValueKind::Date);
    const bool grouped = !params.groupBy.isEmpty();
    if (grouped)
        table.addColumn(QStringLiteral("group"), ValueKind::Text);
    table.addColumn(params.measure == TrendMeasure::Count ? QStringLiteral("events")
                                                          : QStringLiteral("users"),
                    ValueKind::Integer);
    for (size_t b = 0; b < result.bucketStarts.size(); ++b) {
        const QString bucket = context.calendar.date(result.bucketStarts[b]).toString(Qt::ISODate);
        for (const auto& s : result.series) {
            ResultRow row{cell::text(bucket)};
            if (grouped)
                row.push_back(cell::text(s.group));
            row.push_back(cell::count(s.values[b]));
            table.rows.push_back(std::move(row));
        }
    }
    return table;
}

ResultTable engagementTable(const EngagementResult& result)
{
    ResultTable table;
    table.definition = result.definition;
    table.addColumn(QStringLiteral("event"), ValueKind::Text);
    table.addColumn(QStringLiteral("users"), ValueKind::Integer);
    table.addColumn(QStringLiteral("events"), ValueKind::Integer);
    table.addColumn(QStringLiteral("breadth"), ValueKind::Rate);
    table.addColumn(QStringLiteral("frequency"), ValueKind::Decimal);
    table.addColumn(QStringLiteral("quadrant"), ValueKind::Text);
    for (const auto& e : result.events)
        table.rows.push_back({cell::text(e.event), cell::count(e.users), cell::count(e.events),
                              cell::number(e.breadth), cell::number(e.frequency),
                              cell::text(engagementQuadrantName(e.quadrant))});
    table.notes.append(QStringLiteral("%1 active users; medians: breadth %2, frequency %3")
                           .arg(result.activeUsers)
                           .arg(result.breadthMedian, 0, 'f', 3)
                           .arg(result.frequencyMedian, 0, 'f', 2));
    return table;
}

ResultTable productAreasTable(const ProductAreasResult& result)
{
    ResultTable table;
    table.definition = result.definition;
    table.addColumn(QStringLiteral("area"), ValueKind::Text);
    table.addColumn(QStringLiteral("users"), ValueKind::Integer);
    table.addColumn(QStringLiteral("breadth"), ValueKind::Rate);
    table.addColumn(QStringLiteral("depth"), ValueKind::Decimal);
    table.addColumn(QStringLiteral("days_per_week"), ValueKind::Decimal);
    table.addColumn(QStringLiteral("usability"), ValueKind::Rate);
    for (const auto& a : result.areas)
        table.rows.push_back({cell::text(a.name), cell::count(a.areaUsers), cell::number(a.breadth),
                              cell::number(a.depth), cell::number(a.frequency),
                              cell::number(a.usability)});
    table.notes.append(QStringLiteral("%1 active users over %2 weeks")
                           .arg(result.activeUsers)
                           .arg(result.weeks, 0, 'f', 1));
    return table;
}

ResultTable segmentTable(const AnalysisContext& context, const QJsonValue& where,
                         const std::vector<char>& members, bool countOnly)
{
    const EventIndex& index = *context.index;
    ResultTable table;
    table.definition = context.baseDefinition(QStringLiteral("segment"));
    table.definition.insert(QStringLiteral("where"), where);
    qint64 count = 0;
    for (int u = 0; u < index.userCount(); ++u) {
        if (!members[size_t(u)] || !context.inSegment(u))
            continue;
        ++count;
        if (countOnly)
            continue;
        const size_t end = context.eventsEndAsOf(u);
        ResultRow row = userCells(index, u, index.userAccount(u));
        row.push_back(end > index.eventBegin(u) ? cell::time(index.time(end - 1))
                                                : ListCell::missing());
        table.rows.push_back(std::move(row));
    }
    table.definition.insert(QStringLiteral("users"), count);
    if (countOnly) {
        table.addColumn(QStringLiteral("users"), ValueKind::Integer);
        table.rows.push_back({cell::count(count)});
        return table;
    }
    addUserColumns(&table);
    table.addColumn(QStringLiteral("last_event"), ValueKind::Time);
    table.sortById();
    table.notes.append(QStringLiteral("%1 of %2 users as of %3")
                           .arg(count)
                           .arg(index.userCount())
                           .arg(FieldParser::formatDate(context.asOfMs)));
    return table;
}

ResultTable listTable(const SortedList& list, const QJsonObject& definition, qint64 offset,
                      qint64 n)
{
    ResultTable table;
    table.definition = definition;
    const ListTable& data = list.table();
    for (int c = 0; c < data.columnCount(); ++c) {
        const ListColumnType type = data.columnType(c);
        table.addColumn(data.columnName(c), type == ListColumnType::Number ? ValueKind::Decimal
                                            : type == ListColumnType::Time ? ValueKind::Time
                                                                           : ValueKind::Text);
    }
    for (ListRow& row : list.window(offset, n))
        table.rows.push_back(std::move(row.cells));
    return table;
}

ResultTable eventsTable(const AnalysisContext& context, const std::vector<EventSummary>& events)
{
    ResultTable table;
    table.definition = context.baseDefinition(QStringLiteral("events"));
    table.addColumn(QStringLiteral("event"), ValueKind::Text);
    table.addColumn(QStringLiteral("events"), ValueKind::Integer);
    table.addColumn(QStringLiteral("users"), ValueKind::Integer);
    table.addColumn(QStringLiteral("first_seen"), ValueKind::Time);
    table.addColumn(QStringLiteral("last_seen"), ValueKind::Time);
    qint64 total = 0;
    for (const EventSummary& e : events) {
        table.rows.push_back({cell::text(e.name), cell::count(e.events), cell::count(e.users),
                              cell::time(e.firstMs), cell::time(e.lastMs)});
        total += e.events;
    }
    table.notes.append(QStringLiteral("%1 event names, %2 events as of %3")
                           .arg(table.rows.size())
                           .arg(total)
                           .arg(FieldParser::formatDate(context.asOfMs)));
    return table;
}

} // namespace pulsebook
