#pragma once

#include <QString>

namespace pulsebook {

class Progress;
class SortedList;

// Writes exactly the list as shown, window(0, count()), to a CSV file: a header of column
// names, then every row in list order (no cap, streamed a window at a time). Numbers as
// numbers, times as ISO 8601 UTC ("2024-03-01T09:30:00.000Z"), missing cells empty. False with
// *error (may be null) on a write failure or "cancelled".
bool writeListCsv(const SortedList& list, const QString& path, Progress* progress, QString* error);

} // namespace pulsebook
