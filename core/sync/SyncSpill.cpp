// The spill path of a sync (SyncOptions::memoryRows): rows in temporary files in arrival order,
// then merged and written a range of users at a time, with the same result as mergeEvents() and
// EventChunks::save() on all of them at once.

#include "EventMerge.h"
#include "SyncRun.h"

#include "Progress.h"
#include "cache/Cache.h"

#include <QFileInfo>

#include <algorithm>

namespace pulsebook {

namespace {

// Lets the chunk writer stop on a cancel without reporting progress of its own.
class CancelOnly : public Progress
{
public:
    explicit CancelOnly(Progress* outer) : m_outer(outer) {}
    bool update(qint64) override { return !m_outer->isCancelled(); }

private:
    Progress* m_outer;
};

// Set bits of `v` (without the POPCNT instruction, which the build does not assume).
int bitCount(quint64 v)
{
    v = v - ((v >> 1) & 0x5555555555555555ULL);
    v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
    v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return int((v * 0x0101010101010101ULL) >> 56);
}

} // namespace

bool SyncRun::openSpill(RowSpill* spill)
{
    return spill->open(QFileInfo(m_cache.path()).absolutePath(), &m_error);
}

bool SyncRun::spillStored(EventChunks::Store store, ChunkedStore& target)
{
    // One chunk at a time, so the stored rows never all sit in memory.
    QString why;
    if (!EventChunks::loadEach(
            m_db, store, &target.table, [&] { return target.spill->append(target.table, &why); },
            &why)) {
        m_error = QStringLiteral("%1: %2").arg(m_cache.path(), why);
        return false;
    }
    target.table.clearRows();
    target.stored = size_t(target.spill->rows());
    target.storedBlocks = target.spill->blocks().size();
    target.loaded = true;
    return true;
}

bool SyncRun::spillBatch(ParsedRows& p, RowMap& map, const std::vector<quint32>& keys,
                         ChunkedStore& target, bool events)
{
    if (p.user.empty())
        return true;
    if (!extendMap(p, map, target.table, events))
        return false;
    applyMap(p, map);
    m_buckets.resize(p.user.size());
    for (size_t i = 0; i < p.user.size(); ++i)
        m_buckets[i] = target.bucketOf(p.user[i]);
    if (!target.spill->append(p, keys, &m_buckets, &m_error))
        return false;
    p.clearRows();
    return true;
}

bool SyncRun::readSpilled(ChunkedStore& target, size_t source, size_t block, EventTable* out,
                          std::vector<quint32>* positions, bool idsOnly)
{
    RowSpill& spill = source == 0 ? *target.spill : *target.secondSpill;
    if (!spill.read(block, out, positions, idsOnly, &m_error))
        return false;
    if (source == 1)
        applyMap(*out, target.secondMap);
    return true;
}

bool SyncRun::writeStoredRows(ChunkedStore& target, EventChunks::StoreWriter& writer, qint64 from,
                              qint64 to)
{
    // The cache's rows come first in the spill, in stored order.
    EventTable block;
    std::vector<quint32> rows, positions;
    qint64 arrival = 0;
    const auto& blocks = target.spill->blocks();
    for (size_t b = 0; b < target.storedBlocks && arrival < to; ++b) {
        const qint64 n = qint64(blocks[b].rows);
        if (arrival + n > from) {
            if (!readSpilled(target, 0, b, &block, &positions, false))
                return false;
            rows.clear();
            for (qint64 i = std::max<qint64>(0, from - arrival); i < n && arrival + i < to; ++i)
                rows.push_back(quint32(i));
            if (!writer.append(block, target.table.idText, rows.data(), rows.size(), &m_error))
                return false;
        }
        arrival += n;
    }
    return true;
}

bool SyncRun::writeSpilled(EventChunks::Store store, ChunkedStore& target, qint64* count,
                           bool* rewritten)
{
    const bool events = store == EventChunks::Store::Events;
    EventTable& t = target.table;
    const qint64 limit = std::max<qint64>(1, m_options.memoryRows);
    const auto finalUid = [this](quint32 u) {
        return u < m_remap.size() && m_remap[u] != 0 ? m_remap[u] : u;
    };
    // The batches in arrival order: the cache's chunks, the file's first part, its second.
    struct Batch
    {
        size_t source, first, last; // blocks [first, last) of the source
        size_t rows;
        bool stored;
    };
    std::vector<RowSpill*> sources{target.spill.get()};
    if (target.secondSpill)
        sources.push_back(target.secondSpill.get());
    std::vector<Batch> batches;
    qint64 total = 0;
    qint64 lowId = std::numeric_limits<qint64>::max();
    qint64 highId = std::numeric_limits<qint64>::min();
    for (size_t s = 0; s < sources.size(); ++s) {
        const auto& blocks = sources[s]->blocks();
        for (size_t b = 0; b < blocks.size(); ++b) {
            if (b == 0 || blocks[b].batch != blocks[b - 1].batch)
                batches.push_back(
                    {s, b, b, blocks[b].batchRows, s == 0 && b < target.storedBlocks});
            batches.back().last = b + 1;
        }
        total += sources[s]->rows();
        lowId = std::min(lowId, sources[s]->lowId());
        highId = std::max(highId, sources[s]->highId());
    }

    // Pass 1, over the user and ID columns in arrival order: rows per surviving user (to cut
    // the user ranges), the user of each ID's last copy, the user buckets each block holds (to
    // skip blocks a range does not need), and whether identity merges move stored rows.
    m_progress->start(
        events ? QStringLiteral("Sorting events") : QStringLiteral("Sorting sessions"), 0);
    LastCopy last;
    last.reset(lowId, highId, t.idText.size(), size_t(total));
    std::vector<quint32> perUser(size_t(m_nextUid) + 1, 0);
    std::vector<std::vector<quint64>> masks(sources.size());
    for (size_t s = 0; s < sources.size(); ++s)
        masks[s].resize(sources[s]->blocks().size(), 0);
    bool storedMoved = false;
    EventTable block;
    std::vector<quint32> positions;
    std::vector<quint32> uidAt;
    std::vector<qint64> idAt;
    for (const Batch& batch : batches) {
        uidAt.assign(batch.rows, 0);
        idAt.assign(batch.rows, 0);
        for (size_t b = batch.first; b < batch.last; ++b) {
            if (!readSpilled(target, batch.source, b, &block, &positions, true))
                return false;
            quint64 mask = 0;
            for (size_t i = 0; i < block.size(); ++i) {
                const quint32 u = finalUid(block.uid[i]);
                mask |= quint64(1) << target.bucketOf(u);
                uidAt[positions[i]] = u;
                idAt[positions[i]] = block.eventId[i];
                if (batch.stored && u != block.uid[i])
                    storedMoved = true;
            }
            masks[batch.source][b] = mask;
        }
        for (size_t i = 0; i < batch.rows; ++i) {
            const quint32 u = uidAt[i];
            if (u >= perUser.size())
                perUser.resize(size_t(u) + 1, 0);
            ++perUser[u];
            last.record(idAt[i], u);
        }
        if (m_progress->isCancelled()) {
            m_error = QStringLiteral("cancelled");
            return false;
        }
    }
    std::vector<quint32>().swap(uidAt);
    std::vector<qint64>().swap(idAt);
    // Ranges of whole users in uid order, each of at most `limit` rows (unless one user has
    // more on their own), and so at most 65,535 ranges.
    struct Range
    {
        quint32 low, high; // uids [low, high)
        qint64 rows;
    };
    std::vector<Range> ranges;
    {
        const qint64 most = std::max(limit, total / 65000 + 1);
        std::vector<quint16> rangeOfUser(perUser.size(), 0);
        qint64 rows = 0;
        quint32 low = 0;
        for (size_t u = 0; u < perUser.size(); ++u) {
            if (perUser[u] == 0)
                continue;
            if (rows > 0 && rows + perUser[u] > most) {
                ranges.push_back({low, quint32(u), rows});
                low = quint32(u);
                rows = 0;
            }
            rows += perUser[u];
            rangeOfUser[u] = quint16(ranges.size());
        }
        if (rows > 0)
            ranges.push_back({low, quint32(perUser.size()), rows});
        std::vector<quint32>().swap(perUser);
        last.finish(rangeOfUser);
    }
    qint64 largest = 0;
    for (const Range& range : ranges)
        largest = std::max(largest, range.rows);
    t.clearRows();
    t.reserve(size_t(largest));
    m_progress->end();

    // Pass 2, one per range: the range's rows in arrival order, merged as mergeEvents() does.
    // A copy whose ID's last copy lies in another range is replaced by it (its user differs,
    // so its content does): it is dropped here and the store has changed.
    //
    // `changed` must be known before the old chunks go, and is only known range by range. The
    // old chunks stay until a range changes: every range before it left its stored rows as
    // they were, so the new store begins with the same rows as the old one up to there. The
    // whole chunks of that prefix are kept, the rest of it is re-encoded from the spill, and
    // from then on every range is written. A re-sync of the same data writes nothing.
    m_progress->start(
        events ? QStringLiteral("Writing events") : QStringLiteral("Writing sessions"), total);
    CancelOnly cancelOnly(m_progress);
    EventChunks::StoreWriter writer(m_db, store, &cancelOnly);
    bool writing = false;
    qint64 unchangedRows = 0; // stored rows of the ranges before the first change
    qint64 survivors = 0;
    qint64 done = 0;
    std::vector<EventTable> parts(RowSpill::Buckets);
    std::vector<std::vector<quint32>> partPositions(RowSpill::Buckets);
    std::vector<std::vector<quint32>> selected(RowSpill::Buckets);
    std::vector<quint64> taken;       // bitmap of the batch positions the range takes
    std::vector<quint32> takenBefore; // per bitmap word: set bits in the words before
    std::vector<size_t> at;
    for (size_t r = 0; r < ranges.size(); ++r) {
        const Range& range = ranges[r];
        t.clearRows();
        size_t storedHere = 0;
        bool dropped = false;
        quint64 rangeMask = 0;
        for (int b = target.bucketOf(range.low); b <= target.bucketOf(range.high - 1); ++b)
            rangeMask |= quint64(1) << b;
        for (const Batch& batch : batches) {
            const auto& blocks = sources[batch.source]->blocks();
            // Columns are created in arrival order whatever the range, so chunks list them
            // in the order an all-in-memory sync does.
            for (quint32 key : blocks[batch.first].keys)
                t.column(key);
            size_t used = 0;
            size_t rows = 0;
            for (size_t b = batch.first; b < batch.last; ++b) {
                if ((masks[batch.source][b] & rangeMask) == 0)
                    continue;
                EventTable& part = parts[used];
                if (!readSpilled(target, batch.source, b, &part, &partPositions[used], false))
                    return false;
                auto& keep = selected[used];
                keep.clear();
                for (size_t i = 0; i < part.size(); ++i) {
                    const quint32 u = finalUid(part.uid[i]);
                    if (u < range.low || u >= range.high)
                        continue;
                    if (last.repeated(part.eventId[i]) && last.rangeOf(part.eventId[i]) != r) {
                        dropped = true;
                        continue;
                    }
                    keep.push_back(quint32(i));
                }
                rows += keep.size();
                ++used;
            }
            if (batch.stored)
                storedHere += rows;
            if (used == 1) {
                t.appendRows(parts[0], selected[0].data(), selected[0].size());
            } else if (used > 1) {
                // Blocks of one batch interleave: put each row at its rank among the taken
                // positions, which is its place in arrival order.
                const size_t words = (batch.rows + 63) / 64;
                taken.assign(words, 0);
                for (size_t p = 0; p < used; ++p) {
                    for (quint32 i : selected[p]) {
                        const quint32 pos = partPositions[p][i];
                        taken[pos / 64] |= quint64(1) << (pos % 64);
                    }
                }
                takenBefore.resize(words);
                quint32 sum = 0;
                for (size_t w = 0; w < words; ++w) {
                    takenBefore[w] = sum;
                    sum += quint32(bitCount(taken[w]));
                }
                const size_t base = t.size();
                t.resizeRows(base + rows);
                for (size_t p = 0; p < used; ++p) {
                    at.resize(selected[p].size());
                    for (size_t k = 0; k < selected[p].size(); ++k) {
                        const quint32 pos = partPositions[p][selected[p][k]];
                        const quint64 below = taken[pos / 64] & ((quint64(1) << (pos % 64)) - 1);
                        at[k] = base + takenBefore[pos / 64] + size_t(bitCount(below));
                    }
                    t.placeRows(parts[p], selected[p].data(), at.data(), at.size());
                }
            }
            if (!m_progress->update(done + qint64(t.size()))) {
                m_error = QStringLiteral("cancelled");
                return false;
            }
        }
        done += range.rows;
        bool changed = false;
        const std::vector<quint32> order = mergeEvents(&t, storedHere, m_remap, &changed);
        changed = changed || dropped || storedMoved;
        survivors += qint64(order.size());
        if (changed && !writing) {
            qint64 kept = 0;
            if (!writer.begin(unchangedRows, &kept, &m_error) ||
                !writeStoredRows(target, writer, kept, unchangedRows))
                return false;
            writing = true;
        }
        if (writing) {
            if (!writer.append(t, t.idText, order.data(), order.size(), &m_error))
                return false;
        } else {
            unchangedRows += qint64(storedHere);
        }
        if (m_progress->isCancelled()) {
            m_error = QStringLiteral("cancelled");
            return false;
        }
    }
    if (writing && !writer.finish(t.values, &m_error))
        return false;
    m_progress->end();
    *count = survivors;
    *rewritten = writing;
    target.written = true;
    // Done with it: free the memory and the files for the next store.
    target.table = EventTable();
    target.spill.reset();
    target.secondSpill.reset();
    target.secondMap = RowMap();
    return true;
}

} // namespace pulsebook
