#pragma once

#include <QtGlobal>

#include <limits>
#include <utility>
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

// For every event ID, the user of its last copy in arrival order. That copy decides the
// surviving event's content (mergeEvents: a later copy that differs replaces the one before, an
// identical one changes nothing), and so the user range the survivor is written in.
class LastCopy
{
public:
    // Numeric IDs mostly in [low, high] (none when low > high), text IDs -(1 + i) with
    // i < textIds; `rows` copies will be recorded.
    void reset(qint64 low, qint64 high, quint32 textIds, size_t rows);
    // Records a copy; copies come in arrival order.
    void record(qint64 id, quint32 uid)
    {
        if (id >= m_low && quint64(id - m_low) < m_numeric.size())
            m_numeric[size_t(id - m_low)] = uid;
        else if (id < 0 && id != std::numeric_limits<qint64>::min() &&
                 quint64(-(id + 1)) < m_text.size())
            m_text[size_t(-(id + 1))] = uid;
        else
            m_sparse.emplace_back(id, uid);
    }
    // Call once after the last record().
    void finish();
    // The user of the last copy of `id` (0 if never recorded).
    quint32 userOf(qint64 id) const;

private:
    qint64 m_low = 0;
    std::vector<quint32> m_numeric; // by id - m_low, when IDs are dense enough
    std::vector<quint32> m_text;    // by text pool id (dense by construction)
    // The other IDs, one entry per copy, then sorted with the last copy of each ID kept: 16
    // bytes per event rather than 4 per ID of the range, chosen when the numeric IDs spread
    // over more than 4 times as many values as there are events.
    std::vector<std::pair<qint64, quint32>> m_sparse;
};

} // namespace pulsebook
