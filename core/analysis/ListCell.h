#pragma once

#include <QString>
#include <QVariant>
#include <QtGlobal>

#include <cmath>

namespace pulsebook {

// What a list column holds; every non-missing cell of a column is of its type.
enum class ListColumnType : quint8 { Number, Time, Text };

// One typed cell of a list row (SortedList): a number, a time (UTC ms), a text, or missing.
struct ListCell
{
    enum class Kind : quint8 { Missing, Number, Time, Text };
    Kind kind = Kind::Missing;
    double number = 0;
    qint64 timeMs = 0;
    QString text;

    static ListCell missing() { return {}; }
    // NaN is missing.
    static ListCell ofNumber(double value)
    {
        ListCell c;
        if (!std::isnan(value)) {
            c.kind = Kind::Number;
            c.number = value == 0 ? 0.0 : value; // -0 sorts and prints as 0
        }
        return c;
    }
    static ListCell ofTime(qint64 ms)
    {
        ListCell c;
        c.kind = Kind::Time;
        c.timeMs = ms;
        return c;
    }
    static ListCell ofText(const QString& value)
    {
        ListCell c;
        c.kind = Kind::Text;
        c.text = value;
        return c;
    }

    bool isMissing() const { return kind == Kind::Missing; }
    // double, qint64 (UTC ms), QString, or an invalid QVariant when missing.
    QVariant toVariant() const
    {
        switch (kind) {
        case Kind::Number:
            return number;
        case Kind::Time:
            return timeMs;
        case Kind::Text:
            return text;
        case Kind::Missing:
            break;
        }
        return {};
    }
    bool operator==(const ListCell& o) const
    {
        return kind == o.kind && number == o.number && timeMs == o.timeMs && text == o.text;
    }
};

} // namespace pulsebook
