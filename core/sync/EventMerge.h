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
        const size_t i = slot(id);
        if (i == NoSlot) {
            m_sparse.push_back({id, uid, quint32(m_sparse.size())});
            return;
        }
        m_user[i] = uid;
        const quint64 bit = quint64(1) << (i % 64);
        if (m_seen[i / 64] & bit)
            m_repeated[i / 64] |= bit;
        m_seen[i / 64] |= bit;
    }
    // Call once after the last record(): replaces each ID's user by its range (< 65,536),
    // rangeOfUser[user] (2 bytes an ID instead of 4 while the ranges are written).
    void finish(const std::vector<quint16>& rangeOfUser);
    // False when `id` came once (so its only copy is its last); true when it came more often
    // or is not known to have come once. A bitmap, so that the common case of unique IDs
    // stays in the CPU caches instead of looking at rangeOf()'s large array at random.
    bool repeated(qint64 id) const
    {
        const size_t i = slot(id);
        return i == NoSlot || ((m_repeated[i / 64] >> (i % 64)) & 1);
    }
    // The range of the last copy of `id` (after finish()).
    quint16 rangeOf(qint64 id) const
    {
        const size_t i = slot(id);
        return i == NoSlot ? sparseRangeOf(id) : m_range[i];
    }

private:
    static constexpr size_t NoSlot = ~size_t(0);
    // Numeric IDs in the dense range first, then text IDs (pool ids are dense by construction).
    size_t slot(qint64 id) const
    {
        if (id >= m_low && quint64(id - m_low) < m_numeric)
            return size_t(id - m_low);
        if (id < 0 && id != std::numeric_limits<qint64>::min() && quint64(-(id + 1)) < m_text)
            return m_numeric + size_t(-(id + 1));
        return NoSlot;
    }
    quint16 sparseRangeOf(qint64 id) const;

    qint64 m_low = 0;
    size_t m_numeric = 0; // dense numeric IDs: [m_low, m_low + m_numeric)
    size_t m_text = 0;
    std::vector<quint32> m_user;  // by slot, until finish()
    std::vector<quint16> m_range; // by slot, after it
    std::vector<quint64> m_seen;  // by slot, until finish()
    std::vector<quint64> m_repeated;
    // IDs outside the dense range, one entry per copy (16 bytes), sorted in place by (ID,
    // arrival) at finish() with the last copy of each ID kept. The dense array costs 4 bytes
    // per value of the ID range while planning (2 after): it is chosen when the range holds
    // at most about twice as many values as there are events, so at most 8 bytes an event.
    struct SparseCopy
    {
        qint64 id;
        quint32 user; // then its range
        quint32 arrival;
    };
    std::vector<SparseCopy> m_sparse;
};

} // namespace pulsebook
