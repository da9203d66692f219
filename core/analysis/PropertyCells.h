#pragma once

#include "ListCell.h"

#include <QVariant>

#include <functional>
#include <vector>

namespace pulsebook {

// A user or account property as a list column (UserList, AccountList): its type from its
// values, and each value as a cell. Times (qint64) stay times; numbers (double, int) and texts
// that all read as plain numbers ("12", "-3.5", not "007") are numbers, decoded once into
// `numbers`; booleans read "true"/"false"; an empty text is missing.
struct PropertyCells
{
    ListColumnType type = ListColumnType::Text;
    std::vector<double> numbers; // by row, for Number columns; NaN: missing

    // Reads the values of rows 0 .. rows - 1.
    void decode(int rows, const std::function<const QVariant&(int)>& value);
    ListCell cell(const QVariant& value, int row) const;
    // The cell's text in a Text column, empty when missing.
    static QString text(const QVariant& value);
};

} // namespace pulsebook
