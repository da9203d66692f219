#include "ResultTable.h"

#include "analysis/EventIndex.h"
#include "sync/FieldParser.h"

#include <algorithm>
#include <cmath>

namespace pulsebook {

CellAlignment ResultColumn::alignment() const
{
    switch (kind) {
    case ValueKind::Integer:
    case ValueKind::Decimal:
    case ValueKind::Percent:
    case ValueKind::Rate:
    case ValueKind::Money:
        return CellAlignment::Right;
    case ValueKind::Text:
    case ValueKind::Time:
    case ValueKind::Date:
    case ValueKind::Status:
    case ValueKind::Flag:
    case ValueKind::Done:
        break;
    }
    return CellAlignment::Left;
}

ResultColumn& ResultTable::addColumn(const QString& id, ValueKind kind, int decimals)
{
    const QString name = id; // `id` may be a column's own, which emplace_back can move
    ResultColumn& column = columns.emplace_back();
    column.id = name;
    column.title = name;
    column.kind = kind;
    column.decimals = decimals;
    return column;
}

QStringList ResultTable::columnIds() const
{
    QStringList ids;
    ids.reserve(qsizetype(columns.size()));
    for (const ResultColumn& c : columns)
        ids.append(c.id);
    return ids;
}

int ResultTable::columnOf(const QString& id) const
{
    for (size_t c = 0; c < columns.size(); ++c) {
        if (columns[c].id == id)
            return int(c);
    }
    return -1;
}

void ResultTable::setTitles(std::initializer_list<std::pair<const char*, const char*>> titles)
{
    for (const auto& [id, title] : titles) {
        const int c = columnOf(QLatin1String(id));
        if (c >= 0)
            columns[size_t(c)].title = QLatin1String(title);
    }
}

void ResultTable::sortById(int column)
{
    // One key per row, not per comparison: a listing may hold every user.
    std::vector<FieldParser::IdKey> keys(rows.size());
    for (size_t r = 0; r < keys.size(); ++r) {
        const ResultRow& row = rows[r];
        keys[r] = FieldParser::IdKey::of(
            size_t(column) < row.size() ? row[size_t(column)].toVariant().toString() : QString());
    }
    std::vector<size_t> order(keys.size());
    for (size_t r = 0; r < order.size(); ++r)
        order[r] = r;
    std::stable_sort(order.begin(), order.end(),
                     [&keys](size_t x, size_t y) { return keys[x] < keys[y]; });
    std::vector<ResultRow> sorted;
    sorted.reserve(order.size());
    for (size_t r : order)
        sorted.push_back(std::move(rows[r]));
    rows = std::move(sorted);
}

namespace cell {

ListCell number(double value)
{
    return ListCell::ofNumber(value);
}

ListCell rounded(double value)
{
    return std::isnan(value) ? ListCell::missing()
                             : ListCell::ofNumber(std::round(value * 100) / 100);
}

ListCell count(qint64 value)
{
    return ListCell::ofNumber(double(value));
}

ListCell time(qint64 ms)
{
    return ms < 0 ? ListCell::missing() : ListCell::ofTime(ms);
}

ListCell text(const QString& value)
{
    return ListCell::ofText(value);
}

ListCell optionalText(const QString& value)
{
    return value.isEmpty() ? ListCell::missing() : ListCell::ofText(value);
}

ListCell of(const QVariant& value)
{
    if (!value.isValid() || value.isNull())
        return ListCell::missing();
    switch (value.typeId()) {
    case QMetaType::Double:
    case QMetaType::Int:
    case QMetaType::LongLong:
        return ListCell::ofNumber(value.toDouble());
    default:
        return ListCell::ofText(value.toString());
    }
}

ListCell accountProperty(const EventIndex& index, int a, const QString& property)
{
    return a >= 0 ? of(index.accountProperty(a, property)) : ListCell::missing();
}

ListCell accountId(const EventIndex& index, int a)
{
    return a >= 0 ? text(index.accountId(a)) : ListCell::missing();
}

} // namespace cell

void addUserColumns(ResultTable* table)
{
    for (const char* id : {"user_id", "email", "account_id", "account", "csm"})
        table->addColumn(QLatin1String(id), ValueKind::Text);
}

ResultRow userCells(const EventIndex& index, int u, int a)
{
    return {cell::text(index.userId(u)), cell::of(index.userProperty(u, QStringLiteral("email"))),
            cell::of(index.userProperty(u, QStringLiteral("account_id"))),
            cell::accountProperty(index, a, QStringLiteral("name")),
            cell::accountProperty(index, a, QStringLiteral("csm"))};
}

void addAccountColumns(ResultTable* table)
{
    for (const char* id : {"account_id", "account", "csm"})
        table->addColumn(QLatin1String(id), ValueKind::Text);
}

ResultRow accountCells(const EventIndex& index, int a)
{
    return {cell::accountId(index, a), cell::accountProperty(index, a, QStringLiteral("name")),
            cell::accountProperty(index, a, QStringLiteral("csm"))};
}

} // namespace pulsebook
