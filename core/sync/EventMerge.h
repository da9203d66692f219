#pragma once

#include <QtGlobal>

#include <vector>

namespace pulsebook {

struct EventTable;

// Merges freshly read events into the stored ones. `table` holds the `stored` cached events
// first (in their stored order), then the new ones in file order. Events are keyed by event
// ID: a later copy whose content differs replaces the earlier one, an identical copy changes
// nothing. `remap` (indexed by uid, may be empty) moves merged identities' events to the
// surviving user. Returns the surviving events sorted by (user, time, event ID) and sets
// *changed when they differ from what was stored.
std::vector<quint32> mergeEvents(EventTable* table, size_t stored,
                                 const std::vector<quint32>& remap, bool* changed);

} // namespace pulsebook
