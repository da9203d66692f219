#include "EventMerge.h"

#include "cache/EventTable.h"

#include <algorithm>
#include <thread>

namespace pulsebook {

namespace {

bool sameContent(const EventTable& t, quint32 a, quint32 b)
{
    if (t.uid[a] != t.uid[b] || t.time[a] != t.time[b] || t.type[a] != t.type[b] ||
        t.sessionId[a] != t.sessionId[b])
        return false;
    for (const auto& c : t.properties) {
        if (c.values[a] != c.values[b])
            return false;
    }
    return true;
}

struct IdKey
{
    qint64 id;
    quint32 index;
    bool operator<(const IdKey& o) const { return id != o.id ? id < o.id : index < o.index; }
};

// Sorts with both cores: halves sorted in parallel, then merged.
// False when every event ID is a distinct number (checked with a bitmap over the ID range);
// true when an ID may repeat, which the caller settles by sorting.
bool hasDuplicateIds(const EventTable& t)
{
    const size_t n = t.size();
    if (n == 0)
        return false;
    qint64 low = t.eventId[0];
    qint64 high = low;
    for (qint64 id : t.eventId) {
        if (id < 0)
            return true; // text IDs: sort
        low = std::min(low, id);
        high = std::max(high, id);
    }
    const quint64 range = quint64(high - low) + 1;
    if (range > quint64(n) * 64)
        return true; // too sparse for a bitmap
    std::vector<quint64> seen(size_t((range + 63) / 64), 0);
    for (qint64 id : t.eventId) {
        const quint64 bit = quint64(id - low);
        quint64& word = seen[size_t(bit / 64)];
        const quint64 mask = quint64(1) << (bit % 64);
        if (word & mask)
            return true;
        word |= mask;
    }
    return false;
}

template <typename T, typename Less> void parallelSort(std::vector<T>& v, Less less)
{
    if (v.size() < 200000) {
        std::sort(v.begin(), v.end(), less);
        return;
    }
    const auto middle = v.begin() + std::ptrdiff_t(v.size() / 2);
    std::thread other([&] { std::sort(v.begin(), middle, less); });
    std::sort(middle, v.end(), less);
    other.join();
    std::inplace_merge(v.begin(), middle, v.end(), less);
}

} // namespace

std::vector<quint32> mergeEvents(EventTable* table, size_t stored,
                                 const std::vector<quint32>& remap, bool* changed)
{
    EventTable& t = *table;
    const size_t n = t.size();
    for (auto& c : t.properties)
        c.values.resize(n, 0);
    *changed = false;

    if (!remap.empty()) {
        for (size_t i = 0; i < n; ++i) {
            const quint32 u = t.uid[i];
            if (u < remap.size() && remap[u] != 0 && remap[u] != u) {
                t.uid[i] = remap[u];
                if (i < stored)
                    *changed = true;
            }
        }
    }

    // Keep one event per ID. Exports number events densely, so a bitmap over the ID range
    // usually shows in one pass, with little memory, that no ID repeats; only then is the
    // sort by ID below skipped.
    std::vector<bool> alive(n, true);
    const bool unique = !hasDuplicateIds(t);
    if (!unique) {
        std::vector<IdKey> keys(n);
        for (size_t i = 0; i < n; ++i)
            keys[i] = {t.eventId[i], quint32(i)};
        parallelSort(keys, std::less<IdKey>());
        for (size_t i = 0; i < n;) {
            size_t j = i + 1;
            quint32 winner = keys[i].index;
            while (j < n && keys[j].id == keys[i].id) {
                const quint32 candidate = keys[j].index;
                alive[winner] = false;
                if (!sameContent(t, winner, candidate)) {
                    winner = candidate;
                    *changed = true;
                }
                alive[candidate] = false;
                ++j;
            }
            alive[winner] = true;
            i = j;
        }
    }

    // Group by user with a counting sort, then order each user's events by (time, ID).
    quint32 maxUid = 0;
    for (size_t i = 0; i < n; ++i)
        maxUid = std::max(maxUid, t.uid[i]);
    std::vector<quint32> start(size_t(maxUid) + 2, 0);
    size_t survivors = 0;
    for (size_t i = 0; i < n; ++i) {
        if (alive[i]) {
            ++start[t.uid[i] + 1];
            ++survivors;
        }
    }
    for (size_t u = 1; u < start.size(); ++u)
        start[u] += start[u - 1];
    std::vector<quint32> result(survivors);
    {
        std::vector<quint32> next(start.begin(), start.end() - 1);
        for (size_t i = 0; i < n; ++i) {
            if (alive[i])
                result[next[t.uid[i]]++] = quint32(i);
        }
    }
    std::vector<bool>().swap(alive);
    const auto less = [&t](quint32 a, quint32 b) {
        if (t.time[a] != t.time[b])
            return t.time[a] < t.time[b];
        return t.idLess(t.eventId[a], t.eventId[b]);
    };
    const auto sortUsers = [&](quint32 firstUser, quint32 lastUser) {
        for (quint32 u = firstUser; u < lastUser; ++u) {
            const auto begin = result.begin() + start[u];
            const auto end = result.begin() + start[u + 1];
            if (!std::is_sorted(begin, end, less))
                std::sort(begin, end, less);
        }
    };
    const quint32 users = maxUid + 1;
    if (survivors < 200000) {
        sortUsers(0, users);
    } else {
        // Split the users where half of the events lie.
        const auto half = std::lower_bound(start.begin(), start.end(), quint32(survivors / 2));
        const quint32 middle = quint32(std::min<size_t>(size_t(half - start.begin()), users));
        std::thread other([&] { sortUsers(0, middle); });
        sortUsers(middle, users);
        other.join();
    }

    if (result.size() != stored)
        *changed = true;
    for (size_t i = 0; i < result.size() && !*changed; ++i) {
        if (result[i] != quint32(i))
            *changed = true;
    }
    return result;
}

void LastCopy::reset(qint64 low, qint64 high, quint32 textIds, size_t rows)
{
    m_low = 0;
    m_numeric = 0;
    if (low <= high && quint64(high - low) < quint64(rows) * 2 + 1024) {
        m_low = low;
        m_numeric = size_t(high - low) + 1;
    }
    m_text = textIds;
    m_user.assign(m_numeric + m_text, 0);
    m_range.clear();
    const size_t words = (m_numeric + m_text + 63) / 64;
    m_seen.assign(words, 0);
    m_repeated.assign(words, 0);
    m_sparse.clear();
}

void LastCopy::finish(const std::vector<quint16>& rangeOfUser)
{
    std::vector<quint64>().swap(m_seen);
    m_range.resize(m_user.size());
    for (size_t i = 0; i < m_user.size(); ++i)
        m_range[i] = m_user[i] < rangeOfUser.size() ? rangeOfUser[m_user[i]] : 0;
    std::vector<quint32>().swap(m_user);
    std::sort(m_sparse.begin(), m_sparse.end(), [](const SparseCopy& a, const SparseCopy& b) {
        return a.id != b.id ? a.id < b.id : a.arrival < b.arrival;
    });
    // Keep the last copy of each ID.
    size_t out = 0;
    for (size_t i = 0; i < m_sparse.size(); ++i) {
        if (out > 0 && m_sparse[out - 1].id == m_sparse[i].id)
            m_sparse[out - 1] = m_sparse[i];
        else
            m_sparse[out++] = m_sparse[i];
    }
    m_sparse.resize(out);
    m_sparse.shrink_to_fit();
    for (auto& e : m_sparse)
        e.user = e.user < rangeOfUser.size() ? rangeOfUser[e.user] : 0;
}

quint16 LastCopy::sparseRangeOf(qint64 id) const
{
    const auto it = std::lower_bound(m_sparse.begin(), m_sparse.end(), id,
                                     [](const SparseCopy& e, qint64 v) { return e.id < v; });
    return it != m_sparse.end() && it->id == id ? quint16(it->user) : 0;
}

} // namespace pulsebook
