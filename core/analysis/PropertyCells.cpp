#include "PropertyCells.h"

#include <cmath>
#include <limits>

namespace pulsebook {

namespace {

// A text that reads as a plain number: what a spreadsheet would sort as one, but not an
// identifier with leading zeros ("007") or a date.
bool plainNumber(const QString& text, double* value)
{
    if (text.isEmpty())
        return false;
    const qsizetype i = text.startsWith(QLatin1Char('-')) ? 1 : 0;
    if (i < text.size() && text[i] == QLatin1Char('0') && i + 1 < text.size() &&
        text[i + 1] != QLatin1Char('.'))
        return false;
    for (qsizetype j = i; j < text.size(); ++j) {
        const QChar c = text[j];
        if (!(c.isDigit() && c.unicode() < 128) && c != QLatin1Char('.'))
            return false;
    }
    bool ok = false;
    *value = text.toDouble(&ok);
    return ok && std::isfinite(*value);
}

bool isMissing(const QVariant& v)
{
    if (!v.isValid() || v.isNull())
        return true;
    return v.typeId() == QMetaType::QString && v.toString().isEmpty();
}

} // namespace

void PropertyCells::decode(int rows, const std::function<const QVariant&(int)>& value)
{
    bool anyValue = false, allTimes = true, allNumbers = true, allPlainNumbers = true;
    for (int r = 0; r < rows; ++r) {
        const QVariant& v = value(r);
        if (isMissing(v))
            continue;
        anyValue = true;
        const int t = v.typeId();
        if (t != QMetaType::LongLong)
            allTimes = false;
        if (t != QMetaType::Double && t != QMetaType::Int)
            allNumbers = false;
        double ignored = 0;
        if (allPlainNumbers && (t != QMetaType::QString || !plainNumber(v.toString(), &ignored)))
            allPlainNumbers = false;
        if (!allTimes && !allNumbers && !allPlainNumbers)
            break;
    }
    type = ListColumnType::Text;
    numbers.clear();
    if (!anyValue)
        return;
    if (allTimes) {
        type = ListColumnType::Time;
        return;
    }
    if (!allNumbers && !allPlainNumbers)
        return;
    type = ListColumnType::Number;
    numbers.assign(size_t(rows), std::numeric_limits<double>::quiet_NaN());
    for (int r = 0; r < rows; ++r) {
        const QVariant& v = value(r);
        if (isMissing(v))
            continue;
        if (allNumbers)
            numbers[size_t(r)] = v.toDouble();
        else
            plainNumber(v.toString(), &numbers[size_t(r)]);
    }
}

ListCell PropertyCells::cell(const QVariant& value, int row) const
{
    if (isMissing(value))
        return ListCell::missing();
    switch (type) {
    case ListColumnType::Number:
        return ListCell::ofNumber(numbers[size_t(row)]);
    case ListColumnType::Time:
        return ListCell::ofTime(value.toLongLong());
    case ListColumnType::Text:
        return ListCell::ofText(text(value));
    }
    return ListCell::missing();
}

QString PropertyCells::text(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::QString:
        return *static_cast<const QString*>(value.constData());
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return value.isValid() ? value.toString() : QString();
    }
}

} // namespace pulsebook
