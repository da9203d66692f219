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

struct OrderKey
{
    quint32 uid;
    quint32 index;
    qint64 time;
};

// Sorts with both cores: halves sorted in parallel, then merged.
template<typename T, typename Less>
void parallelSort(std::vector<T>& v, Less less)
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

    // Keep one event per ID.
    std::vector<bool> alive(n, true);
    {
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

    std::vector<OrderKey> order;
    order.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        if (alive[i])
            order.push_back({t.uid[i], quint32(i), t.time[i]});
    }
    std::vector<bool>().swap(alive);
    const auto less = [&t](const OrderKey& a, const OrderKey& b) {
        if (a.uid != b.uid)
            return a.uid < b.uid;
        if (a.time != b.time)
            return a.time < b.time;
        return t.idLess(t.eventId[a.index], t.eventId[b.index]);
    };
    parallelSort(order, less);

    std::vector<quint32> result(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
        result[i] = order[i].index;
        if (i < stored && result[i] != quint32(i))
            *changed = true;
    }
    if (result.size() != stored)
        *changed = true;
    return result;
}

} // namespace pulsebook
