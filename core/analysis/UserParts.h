#pragma once

#include "EventIndex.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace pulsebook {

// Both cores where it pays: the users split into contiguous parts of about as many events
// each, one thread per part. Callers merge the parts in order from whole numbers, so results
// never depend on the number of parts.
inline int userPartCount(const EventIndex& index)
{
    if (index.eventCount() < 200000)
        return 1;
    return int(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
}

// Runs work(part, firstUser, endUser) for each of `parts` parts, part 0 on the calling thread.
template <typename Work> void forEachUserPart(const EventIndex& index, int parts, const Work& work)
{
    std::vector<int> bounds(size_t(parts) + 1, index.userCount());
    bounds[0] = 0;
    for (int p = 1; p < parts; ++p) {
        const size_t target = index.eventCount() / size_t(parts) * size_t(p);
        int low = 0, high = index.userCount();
        while (low < high) {
            const int mid = low + (high - low) / 2;
            if (index.eventBegin(mid) < target)
                low = mid + 1;
            else
                high = mid;
        }
        bounds[size_t(p)] = low;
    }
    std::vector<std::thread> threads;
    for (int p = 1; p < parts; ++p)
        threads.emplace_back(
            [&work, &bounds, p] { work(p, bounds[size_t(p)], bounds[size_t(p) + 1]); });
    work(0, bounds[0], bounds[1]);
    for (auto& t : threads)
        t.join();
}

} // namespace pulsebook
