#include "AccountTables.h"

#include "ScoreTables.h"

#include "analysis/AccountPage.h"
#include "analysis/EventIndex.h"
#include "sync/FieldParser.h"
#include "workspace/ScoreDefinitions.h"

#include <algorithm>
#include <cmath>

namespace pulsebook {

namespace {

ListCell dateCell(const AnalysisContext& context, qint64 ms)
{
    return cell::text(context.calendar.date(ms).toString(Qt::ISODate));
}

} // namespace

QString missingInputNote()
{
    return QStringLiteral("no value \u2014 weight redistributed");
}

ResultTable accountHeaderTable(const AnalysisContext& context, const HealthScoreDefinition& health,
                               const AccountPage& page)
{
    const EventIndex& index = *context.index;
    const ScorecardRow& row = page.row;
    ResultTable table;
    table.definition = page.definition;
    addAccountColumns(&table);
    table.addColumn(QStringLiteral("status"), ValueKind::Status);
    table.addColumn(QStringLiteral("health_score"), ValueKind::Decimal, 2).statusColumn =
        QStringLiteral("band");
    table.addColumn(QStringLiteral("band"), ValueKind::Status);
    for (const char* id : {"health_7d_ago", "change_7d", "health_30d_ago", "change_30d"})
        table.addColumn(QLatin1String(id), ValueKind::Decimal, 2);
    table.addColumn(QStringLiteral("arr"), ValueKind::Money);
    table.addColumn(QStringLiteral("renewal_date"), ValueKind::Date);
    table.addColumn(QStringLiteral("days_to_renewal"), ValueKind::Integer);
    const double score = row.health.score;
    ResultRow cells = accountCells(index, page.account);
    cells.insert(cells.end(),
                 {ragCell(row.status), cell::rounded(score), ragCell(row.health.band),
                  cell::rounded(row.healthWeekAgo), cell::rounded(score - row.healthWeekAgo),
                  cell::rounded(row.healthMonthAgo), cell::rounded(score - row.healthMonthAgo),
                  cell::number(page.arr),
                  page.renewalMs >= 0 ? cell::text(FieldParser::formatDate(page.renewalMs))
                                      : ListCell::missing(),
                  cell::number(page.daysToRenewal)});
    table.rows.push_back(std::move(cells));
    const QString sentence = biggestDragSentence(health, row);
    if (!sentence.isEmpty())
        table.notes << sentence;
    return table;
}

ResultTable accountMeasuresTable(const ScorecardDefinition& columns, const AccountPage& page)
{
    ResultTable table;
    table.definition = page.definition;
    table.addColumn(QStringLiteral("group"), ValueKind::Text);
    table.addColumn(QStringLiteral("measure"), ValueKind::Text);
    // Values are text and numbers alike: the colour has a column of its own.
    table.addColumn(QStringLiteral("value"), ValueKind::Text);
    table.addColumn(QStringLiteral("status"), ValueKind::Status);
    table.addColumn(QStringLiteral("bounds"), ValueKind::Text);
    table.addColumn(QStringLiteral("key"), ValueKind::Flag);
    for (const AccountMeasure& m : page.measures) {
        const ScorecardColumn& column = columns.columns[m.column];
        table.rows.push_back(
            {cell::text(m.group), cell::text(column.name), cell::optionalText(m.cell.text),
             ragCell(m.cell.rag), cell::optionalText(column.bounds.describe()),
             cell::text(column.key ? QStringLiteral("yes") : QStringLiteral("no"))});
    }
    return table;
}

ResultTable accountContributionsTable(const AnalysisContext& context,
                                      const HealthScoreDefinition& health, const AccountPage& page)
{
    ResultTable inputs = healthInputsTable(context, health, page.row);
    ResultTable table;
    table.definition = page.definition;
    table.columns = inputs.columns;
    table.addColumn(QStringLiteral("points_lost"), ValueKind::Decimal, 2);
    table.addColumn(QStringLiteral("note"), ValueKind::Text);
    const std::vector<HealthInputScore>& scores = page.row.health.inputs;
    std::vector<size_t> order(scores.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&scores](size_t x, size_t y) {
        const bool xMissing = std::isnan(scores[x].score);
        const bool yMissing = std::isnan(scores[y].score);
        if (xMissing != yMissing)
            return yMissing;
        return scores[x].drag > scores[y].drag;
    });
    for (const size_t i : order) {
        ResultRow row = inputs.rows[i];
        const bool missing = std::isnan(scores[i].score);
        row.push_back(missing ? ListCell::missing() : cell::rounded(scores[i].lost));
        row.push_back(missing ? cell::text(missingInputNote()) : ListCell::missing());
        table.rows.push_back(std::move(row));
    }
    const QString sentence = biggestDragSentence(health, page.row);
    if (!sentence.isEmpty())
        table.notes << sentence;
    return table;
}

ResultTable accountUsersTable(const AnalysisContext& context, const AccountPage& page)
{
    const EventIndex& index = *context.index;
    ResultTable table;
    table.definition = page.definition;
    table.addColumn(QStringLiteral("user_id"), ValueKind::Text);
    table.addColumn(QStringLiteral("email"), ValueKind::Text);
    table.addColumn(QStringLiteral("sessions_30d"), ValueKind::Integer);
    table.addColumn(QStringLiteral("sessions_90d"), ValueKind::Integer);
    table.addColumn(QStringLiteral("last_seen"), ValueKind::Time);
    table.addColumn(QStringLiteral("onboarding"), ValueKind::Text);
    for (const AccountUser& u : page.users) {
        table.rows.push_back(
            {cell::text(index.userId(u.user)),
             cell::of(index.userProperty(u.user, QStringLiteral("email"))),
             cell::count(u.sessions30), cell::count(u.sessions90), cell::time(u.lastSeenMs),
             page.onboardingSteps > 0
                 ? cell::text(QStringLiteral("%1/%2").arg(u.stepsDone).arg(page.onboardingSteps))
                 : ListCell::missing()});
    }
    table.notes << QStringLiteral("Users: %1").arg(page.users.size());
    return table;
}

ResultTable accountWeeksTable(const AnalysisContext& context, const AccountPage& page)
{
    ResultTable table;
    table.definition = page.definition;
    table.addColumn(QStringLiteral("week_from"), ValueKind::Date);
    table.addColumn(QStringLiteral("as_of"), ValueKind::Date);
    table.addColumn(QStringLiteral("wau"), ValueKind::Integer);
    for (const AccountWeek& w : page.weeks)
        table.rows.push_back({dateCell(context, w.endMs - 7 * DayMs), dateCell(context, w.endMs),
                              cell::count(w.wau)});
    return table;
}

ResultTable accountMovesTable(const AnalysisContext& context, const AccountPage& page)
{
    ResultTable table;
    table.definition = page.definition;
    table.addColumn(QStringLiteral("date"), ValueKind::Date);
    table.addColumn(QStringLiteral("status_before"), ValueKind::Status);
    table.addColumn(QStringLiteral("status_after"), ValueKind::Status);
    table.addColumn(QStringLiteral("band_before"), ValueKind::Status);
    table.addColumn(QStringLiteral("band_after"), ValueKind::Status);
    table.addColumn(QStringLiteral("health_before"), ValueKind::Decimal, 2);
    table.addColumn(QStringLiteral("health_after"), ValueKind::Decimal, 2);
    table.addColumn(QStringLiteral("changed_columns"), ValueKind::Text);
    for (const AccountMove& m : page.moves)
        table.rows.push_back({dateCell(context, m.atMs), ragCell(m.statusBefore),
                              ragCell(m.statusAfter), ragCell(m.bandBefore), ragCell(m.bandAfter),
                              cell::rounded(m.healthBefore), cell::rounded(m.healthAfter),
                              cell::optionalText(m.columns.join(QStringLiteral("; ")))});
    table.setTitles({{"date", "Date"},
                     {"status_before", "Status was"},
                     {"status_after", "Status"},
                     {"band_before", "Band was"},
                     {"band_after", "Band"},
                     {"health_before", "Health was"},
                     {"health_after", "Health"},
                     {"changed_columns", "Columns that changed"}});
    table.notes << QStringLiteral("Moves in the last %1 weeks: %2")
                       .arg(AccountPageWeeks)
                       .arg(page.moves.size());
    return table;
}

} // namespace pulsebook
