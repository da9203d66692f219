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
        if (id >= m_low && quint64(id - m_low) < m_numeric.size()) {
            const size_t i = size_t(id - m_low);
            m_numeric[i] = uid;
            mark(i);
        } else if (id < 0 && id != std::numeric_limits<qint64>::min() &&
                   quint64(-(id + 1)) < m_text.size()) {
            const size_t i = size_t(-(id + 1));
            m_text[i] = uid;
            mark(m_numeric.size() + i);
        } else {
            m_sparse.emplace_back(id, uid);
        }
    }
    // Call once after the last record().
    void finish();
    // False when `id` came once (so its only copy is its last); true when it came more often
    // or is not known to have come once. A bitmap, so that the common case of unique IDs
    // stays in the CPU caches instead of looking at userOf()'s large array at random.
    bool repeated(qint64 id) const
    {
        size_t i;
        if (id >= m_low && quint64(id - m_low) < m_numeric.size())
            i = size_t(id - m_low);
        else if (id < 0 && id != std::numeric_limits<qint64>::min() &&
                 quint64(-(id + 1)) < m_text.size())
            i = m_numeric.size() + size_t(-(id + 1));
        else
            return true;
        return (m_repeated[i / 64] >> (i % 64)) & 1;
    }
    // The user of the last copy of `id` (0 if never recorded).
    quint32 userOf(qint64 id) const
    {
        if (id >= m_low && quint64(id - m_low) < m_numeric.size())
            return m_numeric[size_t(id - m_low)];
        if (id < 0 && id != std::numeric_limits<qint64>::min() &&
            quint64(-(id + 1)) < m_text.size())
            return m_text[size_t(-(id + 1))];
        return sparseUserOf(id);
    }

private:
    quint32 sparseUserOf(qint64 id) const;
    void mark(size_t i)
    {
        const quint64 bit = quint64(1) << (i % 64);
        if (m_seen[i / 64] & bit)
            m_repeated[i / 64] |= bit;
        m_seen[i / 64] |= bit;
    }

    qint64 m_low = 0;
    std::vector<quint32> m_numeric; // by id - m_low, when IDs are dense enough
    std::vector<quint32> m_text;    // by text pool id (dense by construction)
    // The other IDs, one entry per copy, then sorted with the last copy of each ID kept: 16
    // bytes per event rather than 4 per ID of the range, chosen when the numeric IDs spread
    // over more than 4 times as many values as there are events.
    std::vector<std::pair<qint64, quint32>> m_sparse;
    // Bits over the numeric, then the text IDs of the dense arrays.
    std::vector<quint64> m_seen;
    std::vector<quint64> m_repeated;
};

} // namespace pulsebook
