#pragma once

#include "Outcome.h"

#include <QString>

#include <vector>

namespace pulsebook {

class Progress;
struct ResultTable;

// Writes a result table as CSV (CsvWriter: RFC 4180, UTF-8, formula-like texts neutralised):
// a header of column ids, then the rows. Numbers stay numbers, times are ISO 8601 UTC
// (FieldParser::formatTimestamp), missing cells empty. `rows` and `columns` pick and order what
// is written (a view's filtered, sorted rows and its visible columns); empty = all, in table
// order. Failed (with the reason) on a write failure, Cancelled on a cancel through `progress`
// (may be null); an existing file at `path` is then left as it was.
Status writeTableCsv(const ResultTable& table, const QString& path, Progress* progress,
                     const std::vector<int>& rows = {}, const std::vector<int>& columns = {});

} // namespace pulsebook
