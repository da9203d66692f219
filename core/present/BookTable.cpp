#include "BookTable.h"

#include "ScoreTables.h"

#include "analysis/AccountFigures.h"
#include "analysis/Calendar.h"
#include "analysis/EventIndex.h"
#include "analysis/Scorecard.h"

#include <algorithm>
#include <cmath>

namespace pulsebook {

namespace {

int statusOrder(Rag rag)
{
    switch (rag) {
    case Rag::Red:
        return 0;
    case Rag::Yellow:
        return 1;
    case Rag::NoData:
    case Rag::None:
        return 2;
    case Rag::Green:
        break;
    }
    return 3;
}

qint64 renewalMs(const EventIndex& index, int a)
{
    const QVariant v = index.accountProperty(a, QStringLiteral("renewal_date"));
    return v.typeId() == QMetaType::LongLong ? v.toLongLong() : AccountFigures::NoDate;
}

} // namespace

QString healthTrend(double score, double weekAgo)
{
    if (std::isnan(score) || std::isnan(weekAgo))
        return {};
    const double change = std::round((score - weekAgo) * 10) / 10;
    const QString number = QString::number(std::abs(change), 'f', 1);
    if (change > 0)
        return QStringLiteral("▲ +") + number;
    if (change < 0)
        return QStringLiteral("▼ -") + number;
    return QStringLiteral("▶ 0.0");
}

ResultTable bookTable(const EventIndex& index, const ScorecardResult& result, qint64 asOfMs,
                      const Calendar& calendar)
{
    std::vector<const ScorecardRow*> rows;
    for (const ScorecardRow& row : result.rows) {
        if (row.account >= 0)
            rows.push_back(&row);
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const ScorecardRow* x, const ScorecardRow* y) {
        const int sx = statusOrder(x->status), sy = statusOrder(y->status);
        if (sx != sy)
            return sx < sy;
        const qint64 rx = renewalMs(index, x->account), ry = renewalMs(index, y->account);
        if (rx != ry) // NoDate is the smallest qint64: put it last
            return ry == AccountFigures::NoDate || (rx != AccountFigures::NoDate && rx < ry);
        return index.accountId(x->account) < index.accountId(y->account);
    });
    std::vector<ScorecardRow> ordered;
    ordered.reserve(rows.size());
    for (const ScorecardRow* row : rows)
        ordered.push_back(*row);
    // The scorecard's own columns and cells, as `pulsebook-cli scorecard` prints them.
    const ResultTable scorecard = scorecardTable(index, result.columns, result.health, ordered);

    ResultTable table;
    table.definition = result.definition;
    table.addColumn(QStringLiteral("account_id"), ValueKind::Text);
    table.addColumn(QStringLiteral("account"), ValueKind::Text);
    table.addColumn(QStringLiteral("csm"), ValueKind::Text);
    table.addColumn(QLatin1String(BookColumns::Status), ValueKind::Status);
    const int scoreColumn = scorecard.columnOf(QStringLiteral("health_score"));
    table.columns.push_back(scorecard.columns[size_t(scoreColumn)]);
    table.addColumn(QStringLiteral("health_band"), ValueKind::Status);
    table.addColumn(QStringLiteral("trend_7d"), ValueKind::Text).description =
        QStringLiteral("The health score's change over the last 7 days");
    table.addColumn(QStringLiteral("silent"), ValueKind::Flag).description =
        QStringLiteral("No CSM contact and no usage in the last %1 days")
            .arg(result.columns.silentDays);
    table.addColumn(QStringLiteral("arr"), ValueKind::Money);
    table.addColumn(QStringLiteral("renewal_date"), ValueKind::Date);
    // Whole days, but not a count: a sum of them means nothing, so no total (a Decimal of 0
    // decimals; the totals row sums counts and money only).
    table.addColumn(QLatin1String(BookColumns::DaysToRenewal), ValueKind::Decimal, 0);
    table.setTitles({{"account_id", "Account ID"},
                     {"account", "Account"},
                     {"csm", "CSM"},
                     {"status", "Status"},
                     {"health_score", "Health"},
                     {"trend_7d", "Trend (7 d)"},
                     {"silent", "Silent"},
                     {"arr", "ARR"},
                     {"renewal_date", "Renewal"},
                     {"days_to_renewal", "Days to renewal"}});
    // Then the scorecard's columns from after account_id up to the health score.
    std::vector<int> rest;
    for (int c = 1; c < scoreColumn; ++c) {
        rest.push_back(c);
        table.columns.push_back(scorecard.columns[size_t(c)]);
    }
    for (const char* id : {"biggest_drag", "health_7d_ago", "health_30d_ago"}) {
        const int c = scorecard.columnOf(QLatin1String(id));
        rest.push_back(c);
        table.columns.push_back(scorecard.columns[size_t(c)]);
    }
    const int statusColumn = scorecard.columnOf(QStringLiteral("status"));
    const int bandColumn = scorecard.columnOf(QStringLiteral("health_band"));
    const int silentColumn = scorecard.columnOf(QStringLiteral("silent"));
    for (size_t r = 0; r < ordered.size(); ++r) {
        const ScorecardRow& row = ordered[r];
        const ResultRow& sc = scorecard.rows[r];
        const int a = row.account;
        const qint64 renewal = renewalMs(index, a);
        ResultRow cells{cell::accountId(index, a),
                        cell::of(index.accountProperty(a, QStringLiteral("name"))),
                        cell::of(index.accountProperty(a, QStringLiteral("csm"))),
                        sc[size_t(statusColumn)],
                        sc[size_t(scoreColumn)],
                        sc[size_t(bandColumn)],
                        cell::optionalText(healthTrend(row.health.score, row.healthWeekAgo)),
                        sc[size_t(silentColumn)],
                        cell::of(index.accountProperty(a, QStringLiteral("arr"))),
                        renewal == AccountFigures::NoDate
                            ? ListCell::missing()
                            : cell::text(calendar.date(renewal).toString(Qt::ISODate)),
                        renewal == AccountFigures::NoDate
                            ? ListCell::missing()
                            : cell::number(AccountFigures::daysBetween(asOfMs, renewal))};
        for (const int c : rest)
            cells.push_back(sc[size_t(c)]);
        table.rows.push_back(std::move(cells));
    }
    return table;
}

} // namespace pulsebook
