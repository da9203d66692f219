#pragma once

#include "Outcome.h"

#include <QString>

namespace pulsebook {

class Progress;
class SortedList;

// Writes exactly the list as shown, window(0, count()), to a CSV file: a header of column
// names, then every row in list order (no cap, streamed a window at a time). Numbers as
// numbers, times as ISO 8601 UTC ("2024-03-01T09:30:00.000Z"), missing cells empty. Failed
// (with the reason) on a write failure, Cancelled on a cancel through `progress` (may be null);
// an existing file at `path` is then left as it was.
Status writeListCsv(const SortedList& list, const QString& path, Progress* progress);

} // namespace pulsebook
