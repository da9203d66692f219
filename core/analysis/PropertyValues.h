#pragma once

#include <QString>
#include <QStringList>

namespace pulsebook {

class EventIndex;

// The distinct values of a user property or of an account property ("account.<name>", as a
// segment names it; "user." optional), as a segment's text would write them: text as it is,
// numbers in their shortest form, dates (UTC) as 2026-08-01, booleans true / false. Most
// frequent first (over users, or accounts), then by text; at most `limit`. Missing values
// are left out. Empty for an unknown property.
QStringList distinctPropertyValues(const EventIndex& index, const QString& property, int limit);

} // namespace pulsebook
