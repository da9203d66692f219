// The spill path of a sync (SyncOptions::memoryRows): rows in temporary files in arrival order,
// then merged and written a range of users at a time, with the same result as mergeEvents() and
// EventChunks::save() on all of them at once.

#include "EventMerge.h"
#include "SyncRun.h"

#include "Progress.h"
#include "cache/Cache.h"

#include <QFileInfo>

#include <algorithm>
#include <functional>

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

// The rows of a spilled store in arrival order (the cache's chunks, then the file's first part,
// then its second), read back a range of users at a time.
class SpillRanges
{
public:
    // Reads a block of a source (0: the spill, 1: the second part's), mapped to store ids.
    using ReadBlock = std::function<bool(size_t source, size_t block, EventTable* out,
                                         std::vector<quint32>* positions, bool idsOnly)>;
    // Called now and then with the rows loaded so far; false stops.
    using KeepGoing = std::function<bool(qint64 rows)>;

    SpillRanges(std::vector<RowSpill*> sources, size_t storedBlocks,
                const std::vector<quint32>& remap, quint32 bucketWidth, ReadBlock read)
        : m_sources(std::move(sources)), m_remap(remap), m_bucketWidth(bucketWidth),
          m_read(std::move(read))
    {
        for (size_t s = 0; s < m_sources.size(); ++s) {
            const auto& blocks = m_sources[s]->blocks();
            for (size_t b = 0; b < blocks.size(); ++b) {
                if (b == 0 || blocks[b].batch != blocks[b - 1].batch)
                    m_batches.push_back(
                        {s, b, b, blocks[b].batchRows, s == 0 && b < storedBlocks, 0});
                m_batches.back().last = b + 1;
            }
            m_masks.emplace_back(blocks.size(), 0);
            m_rows += m_sources[s]->rows();
        }
    }

    // Pass 1, over the user and ID columns in arrival order: rows per surviving user (to cut
    // ranges of whole users in uid order, each of at most about `limit` rows), the range of
    // each ID's last copy, the user buckets each block holds (to skip blocks a range does not
    // need), and whether identity merges move stored rows.
    bool plan(qint64 limit, quint32 users, quint32 textIds, const KeepGoing& keepGoing);
    // Replaces the rows of `t` with range `r`'s, in arrival order, leaving out copies whose ID
    // has its last copy in another range (replaced by it, so the store changes: *dropped).
    // *stored: how many of them came from the cache (they come first, in stored order).
    bool load(size_t r, EventTable* t, size_t* stored, bool* dropped, const KeepGoing& keepGoing);

    size_t ranges() const { return m_ranges.size(); }
    qint64 rangeRows(size_t r) const { return m_ranges[r].rows; }
    qint64 rows() const { return m_rows; }
    bool storedMoved() const { return m_storedMoved; }

private:
    struct Batch
    {
        size_t source, first, last; // blocks [first, last) of the source
        size_t rows;
        bool stored;
        quint64 mask = 0; // buckets of its users: the union of its blocks'
    };
    struct Range
    {
        quint32 low, high; // uids [low, high)
        qint64 rows;
    };

    quint32 finalUid(quint32 u) const
    {
        return u < m_remap.size() && m_remap[u] != 0 ? m_remap[u] : u;
    }
    int bucketOf(quint32 uid) const
    {
        return int(std::min<quint32>(RowSpill::Buckets - 1, uid / m_bucketWidth));
    }

    std::vector<RowSpill*> m_sources;
    const std::vector<quint32>& m_remap;
    quint32 m_bucketWidth;
    ReadBlock m_read;
    std::vector<Batch> m_batches;
    std::vector<std::vector<quint64>> m_masks; // per source and block: buckets of its users
    std::vector<Range> m_ranges;
    LastCopy m_last;
    qint64 m_rows = 0;
    bool m_storedMoved = false;
    // load()'s scratch: the blocks of one batch that hold rows of the range.
    std::vector<EventTable> m_parts = std::vector<EventTable>(RowSpill::Buckets);
    std::vector<std::vector<quint32>> m_positions{RowSpill::Buckets};
    std::vector<std::vector<quint32>> m_selected{RowSpill::Buckets};
};

bool SpillRanges::plan(qint64 limit, quint32 users, quint32 textIds, const KeepGoing& keepGoing)
{
    qint64 lowId = std::numeric_limits<qint64>::max();
    qint64 highId = std::numeric_limits<qint64>::min();
    for (const RowSpill* spill : m_sources) {
        lowId = std::min(lowId, spill->lowId());
        highId = std::max(highId, spill->highId());
    }
    m_last.reset(lowId, highId, textIds, size_t(m_rows));
    std::vector<quint32> perUser(size_t(users) + 1, 0);
    EventTable block;
    std::vector<quint32> positions;
    std::vector<quint32> uidAt;
    std::vector<qint64> idAt;
    for (Batch& batch : m_batches) {
        // The blocks of a batch hold different users: back in arrival order by position.
        uidAt.assign(batch.rows, 0);
        idAt.assign(batch.rows, 0);
        for (size_t b = batch.first; b < batch.last; ++b) {
            if (!m_read(batch.source, b, &block, &positions, true))
                return false;
            quint64 mask = 0;
            for (size_t i = 0; i < block.size(); ++i) {
                const quint32 u = finalUid(block.uid[i]);
                mask |= quint64(1) << bucketOf(u);
                uidAt[positions[i]] = u;
                idAt[positions[i]] = block.eventId[i];
                if (batch.stored && u != block.uid[i])
                    m_storedMoved = true;
            }
            m_masks[batch.source][b] = mask;
            batch.mask |= mask;
        }
        for (size_t i = 0; i < batch.rows; ++i) {
            const quint32 u = uidAt[i];
            if (u >= perUser.size())
                perUser.resize(size_t(u) + 1, 0);
            ++perUser[u];
            m_last.record(idAt[i], u);
        }
        if (!keepGoing(0))
            return false;
    }
    // At most 256 ranges: each reads the blocks of its buckets (64 of them), so more ranges
    // would read the same blocks again and again (a tiny memoryRows gives way here).
    const qint64 most = std::max(limit, m_rows / 256 + 1);
    std::vector<quint16> rangeOfUser(perUser.size(), 0);
    qint64 rows = 0;
    quint32 low = 0;
    for (size_t u = 0; u < perUser.size(); ++u) {
        if (perUser[u] == 0)
            continue;
        if (rows > 0 && rows + perUser[u] > most) {
            m_ranges.push_back({low, quint32(u), rows});
            low = quint32(u);
            rows = 0;
        }
        rows += perUser[u];
        rangeOfUser[u] = quint16(m_ranges.size());
    }
    if (rows > 0)
        m_ranges.push_back({low, quint32(perUser.size()), rows});
    m_last.finish(rangeOfUser);
    return true;
}

bool SpillRanges::load(size_t r, EventTable* t, size_t* stored, bool* dropped,
                       const KeepGoing& keepGoing)
{
    const Range& range = m_ranges[r];
    t->clearRows();
    *stored = 0;
    *dropped = false;
    quint64 rangeMask = 0;
    for (int b = bucketOf(range.low); b <= bucketOf(range.high - 1); ++b)
        rangeMask |= quint64(1) << b;
    std::vector<quint64> taken;       // bitmap of the batch positions the range takes
    std::vector<quint32> takenBefore; // per bitmap word: set bits in the words before
    std::vector<size_t> at;
    if (r == 0) {
        // Columns are created in arrival order, so chunks list them in the order an
        // all-in-memory sync does.
        for (const Batch& batch : m_batches) {
            for (quint32 key : m_sources[batch.source]->blocks()[batch.first].keys)
                t->column(key);
        }
    }
    for (const Batch& batch : m_batches) {
        if ((batch.mask & rangeMask) == 0)
            continue;
        size_t used = 0;
        size_t rows = 0;
        for (size_t b = batch.first; b < batch.last; ++b) {
            if ((m_masks[batch.source][b] & rangeMask) == 0)
                continue;
            EventTable& part = m_parts[used];
            if (!m_read(batch.source, b, &part, &m_positions[used], false))
                return false;
            auto& keep = m_selected[used];
            keep.clear();
            for (size_t i = 0; i < part.size(); ++i) {
                const quint32 u = finalUid(part.uid[i]);
                if (u < range.low || u >= range.high)
                    continue;
                if (m_last.repeated(part.eventId[i]) && m_last.rangeOf(part.eventId[i]) != r) {
                    *dropped = true;
                    continue;
                }
                keep.push_back(quint32(i));
            }
            rows += keep.size();
            ++used;
        }
        if (batch.stored)
            *stored += rows;
        if (used == 1) {
            t->appendRows(m_parts[0], m_selected[0].data(), m_selected[0].size());
        } else if (used > 1) {
            // Blocks of one batch interleave: each row goes to its rank among the positions
            // taken, which is its place in arrival order.
            const size_t words = (batch.rows + 63) / 64;
            taken.assign(words, 0);
            for (size_t p = 0; p < used; ++p) {
                for (quint32 i : m_selected[p]) {
                    const quint32 pos = m_positions[p][i];
                    taken[pos / 64] |= quint64(1) << (pos % 64);
                }
            }
            takenBefore.resize(words);
            quint32 sum = 0;
            for (size_t w = 0; w < words; ++w) {
                takenBefore[w] = sum;
                sum += quint32(bitCount(taken[w]));
            }
            const size_t base = t->size();
            t->resizeRows(base + rows);
            for (size_t p = 0; p < used; ++p) {
                at.resize(m_selected[p].size());
                for (size_t k = 0; k < m_selected[p].size(); ++k) {
                    const quint32 pos = m_positions[p][m_selected[p][k]];
                    const quint64 below = taken[pos / 64] & ((quint64(1) << (pos % 64)) - 1);
                    at[k] = base + takenBefore[pos / 64] + size_t(bitCount(below));
                }
                t->placeRows(m_parts[p], m_selected[p].data(), at.data(), at.size());
            }
        }
        if (!keepGoing(qint64(t->size())))
            return false;
    }
    return true;
}

} // namespace

quint32 SyncRun::bucketWidth() const
{
    // Known users' uids fall in all buckets but the last, which takes the new ones too.
    return std::max<quint32>(1, (m_nextUid + RowSpill::Buckets - 2) / (RowSpill::Buckets - 1));
}

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
    std::vector<RowSpill*> sources{target.spill.get()};
    if (target.secondSpill)
        sources.push_back(target.secondSpill.get());
    SpillRanges spilled(
        sources, target.storedBlocks, m_remap, target.bucketWidth,
        [&](size_t source, size_t block, EventTable* out, std::vector<quint32>* positions,
            bool idsOnly) { return readSpilled(target, source, block, out, positions, idsOnly); });
    qint64 done = 0;
    const auto keepGoing = [&](qint64 rows) {
        if (!m_progress->update(done + rows)) {
            m_error = QStringLiteral("cancelled");
            return false;
        }
        return true;
    };
    m_progress->start(
        events ? QStringLiteral("Sorting events") : QStringLiteral("Sorting sessions"), 0);
    if (!spilled.plan(std::max<qint64>(1, m_options.memoryRows), m_nextUid, t.idText.size(),
                      keepGoing))
        return false;
    qint64 largest = 0;
    for (size_t r = 0; r < spilled.ranges(); ++r)
        largest = std::max(largest, spilled.rangeRows(r));
    t.clearRows();
    t.reserve(size_t(largest));
    m_progress->end();

    // Range by range: the range's rows merged as mergeEvents() does, then written.
    //
    // `changed` must be known before the old chunks go, and is only known range by range. The
    // old chunks stay until a range changes: every range before it left its stored rows as
    // they were (and no stored row moved: identity merges that move stored rows change the
    // first range already), so the new store begins with the same rows as the old one up to
    // there. The whole chunks of that prefix are kept, the rest of it is re-encoded from the
    // spill, and from then on every range is written. A re-sync of the same data writes
    // nothing.
    m_progress->start(events ? QStringLiteral("Writing events")
                             : QStringLiteral("Writing sessions"),
                      spilled.rows());
    CancelOnly cancelOnly(m_progress);
    EventChunks::StoreWriter writer(m_db, store, &cancelOnly);
    bool writing = false;
    qint64 unchangedRows = 0; // stored rows of the ranges before the first change
    qint64 survivors = 0;
    for (size_t r = 0; r < spilled.ranges(); ++r) {
        size_t storedHere = 0;
        bool dropped = false;
        if (!spilled.load(r, &t, &storedHere, &dropped, keepGoing))
            return false;
        done += spilled.rangeRows(r);
        bool changed = false;
        const std::vector<quint32> order = mergeEvents(&t, storedHere, m_remap, &changed);
        changed = changed || dropped || spilled.storedMoved();
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
        if (!keepGoing(0))
            return false;
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
