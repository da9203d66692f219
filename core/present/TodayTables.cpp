#include "TodayTables.h"

#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Today.h"

#include <QDate>

namespace pulsebook {

namespace {

void addTileRow(ResultTable* table, const TodayTile& tile, const QString& counts, qint64 now,
                qint64 monthAgo)
{
    const bool known = tile.known;
    const bool before = known && monthAgo >= 0;
    table->rows.push_back({cell::text(todayKindId(tile.kind)),
                           cell::text(todayKindTitle(tile.kind)), cell::text(counts),
                           known ? cell::count(now) : ListCell::missing(),
                           before ? cell::count(monthAgo) : ListCell::missing(),
                           before ? cell::count(now - monthAgo) : ListCell::missing()});
}

} // namespace

ResultTable todayTilesTable(const AnalysisContext& context, const TodayResult& result)
{
    ResultTable table;
    table.definition = result.definition;
    const auto day = [&](qint64 ms) {
        return context.calendar.date(ms).toString(Qt::ISODate);
    };
    const QString node = result.definition.value(QStringLiteral("node")).toString();
    table.notes << QStringLiteral("Today as of %1 for %2%3; the last sync's data: %4")
                       .arg(day(context.asOfMs),
                            node.isEmpty() ? QStringLiteral("all accounts") : node,
                            context.segmentName.isEmpty()
                                ? QString()
                                : QStringLiteral(" (segment %1)").arg(context.segmentName),
                            result.lastSyncAsOfMs < 0
                                ? QStringLiteral("not recorded")
                                : QStringLiteral("as of %1").arg(day(result.lastSyncAsOfMs)));
    table.addColumn(QStringLiteral("tile"), ValueKind::Text);
    table.addColumn(QStringLiteral("title"), ValueKind::Text);
    table.addColumn(QStringLiteral("counts"), ValueKind::Text);
    table.addColumn(QStringLiteral("now"), ValueKind::Integer);
    table.addColumn(QStringLiteral("30_days_ago"), ValueKind::Integer);
    table.addColumn(QStringLiteral("change"), ValueKind::Integer);
    for (const TodayTile& tile : result.tiles) {
        if (tile.kind == TodayKind::Onboarding)
            addTileRow(&table, tile, QStringLiteral("users"), tile.users, tile.usersMonthAgo);
        addTileRow(&table, tile, QStringLiteral("accounts"), tile.accounts, tile.accountsMonthAgo);
    }
    return table;
}

ResultTable todayLinesTable(const AnalysisContext& context, const TodayResult& result)
{
    const EventIndex& index = *context.index;
    ResultTable table;
    table.definition = result.definition;
    table.addColumn(QStringLiteral("kind"), ValueKind::Text);
    table.addColumn(QStringLiteral("account_id"), ValueKind::Text);
    table.addColumn(QStringLiteral("account"), ValueKind::Text);
    table.addColumn(QStringLiteral("line"), ValueKind::Text);
    table.addColumn(QStringLiteral("list_of"), ValueKind::Text);
    table.addColumn(QStringLiteral("count"), ValueKind::Integer);
    table.addColumn(QStringLiteral("list"), ValueKind::Text);
    for (const TodayLine& line : result.lines) {
        const bool note = line.account < 0;
        table.rows.push_back(
            {cell::text(todayKindId(line.kind)), cell::accountId(index, line.account),
             cell::accountProperty(index, line.account, QStringLiteral("name")),
             cell::text(line.text),
             note
                 ? ListCell::missing()
                 : cell::text(line.listOf == TodayLine::ListOf::Users ? QStringLiteral("users")
                                                                      : QStringLiteral("accounts")),
             note ? ListCell::missing() : cell::count(line.list.size()),
             cell::optionalText(line.list.join(QStringLiteral(", ")))});
    }
    return table;
}

} // namespace pulsebook
