// EventIndex: reading the events and sessions from their chunks (EventIndex.cpp reads the rest).
#include "EventIndex.h"

#include "Progress.h"
#include "cache/Database.h"
#include "cache/EventTable.h"

#include <algorithm>
#include <thread>

namespace pulsebook {

bool EventIndex::readChunks(Database& db, size_t users, const std::vector<int>& userOfUid,
                            const std::vector<int>& typeOfId, const QHash<int, QString>& keyNames,
                            Progress* progress, const std::function<void(const char*)>& phase,
                            QString* error)
{
    auto cancelled = [&] {
        return progress->isCancelled();
    }; // no text: load() tells
    // Events and sessions, a chunk at a time (chunks are sorted by (uid, time, ID) already),
    // on both cores: each decodes a contiguous half of the chunks into its place in the arrays.
    // Only the user, time and type columns are decoded here: the event property columns stay
    // as the chunks hold them until an analysis asks for one (EventProperties), and the
    // sessions' properties are not kept.
    m_userStart.assign(users + 1, 0);
    m_sessionStart.assign(users + 1, 0);
    for (int store = 0; store < 2; ++store) {
        const bool events = store == 0;
        // Chunk ids and sizes first (the blobs stay on disk): each part then streams its
        // range of chunks through a connection of its own, decoding as it reads.
        std::vector<qint64> chunkIds;
        std::vector<size_t> offset{0};
        std::vector<size_t> blobEnd{0}; // running total of the chunks' sizes in bytes
        {
            Statement s = db.prepare(
                events ? "SELECT chunk, events, length(data) FROM event_chunks ORDER BY chunk"
                       : "SELECT chunk, events, 0 FROM session_chunks ORDER BY chunk",
                error);
            if (!s.isValid())
                return false;
            while (s.step()) {
                chunkIds.push_back(s.int64(0));
                offset.push_back(offset.back() + size_t(s.int64(1)));
                blobEnd.push_back(blobEnd.back() + size_t(std::max<qint64>(s.int64(2), 0)));
            }
            if (s.hasError()) {
                *error = s.errorString();
                return false;
            }
        }
        if (cancelled())
            return false;
        const size_t total = offset.back();
        LargeArray<qint64>& times = events ? m_time : m_sessionTime;
        times.resize(total);
        if (events)
            m_type.resize(total);
        std::vector<size_t>& start = events ? m_userStart : m_sessionStart;

        struct Part
        {
            std::vector<quint32> uids; // of the chunk being decoded
            std::vector<quint16> types;
            EventProperties::Part properties;
            std::vector<size_t> perUser;
            QString error;
        };
        Part parts[2];
        const size_t middle =
            size_t(std::lower_bound(offset.begin(), offset.end(), total / 2) - offset.begin());
        const size_t splitChunk = std::min(middle, chunkIds.size());
        auto decodePart = [&](int p, Database* connection, size_t firstChunk, size_t lastChunk) {
            Part& part = parts[p];
            part.perUser.assign(users + 1, 0);
            if (firstChunk >= lastChunk)
                return;
            Statement read = connection->prepare(
                events
                    ? "SELECT data FROM event_chunks WHERE chunk BETWEEN ? AND ? ORDER BY chunk"
                    : "SELECT data FROM session_chunks WHERE chunk BETWEEN ? AND ? ORDER BY chunk",
                &part.error);
            if (!read.isValid())
                return;
            // The property tails are shorter than their chunks: one buffer holds them all.
            if (events)
                part.properties.bytes.reserve(blobEnd[lastChunk] - blobEnd[firstChunk]);
            read.bind(1, chunkIds[firstChunk]);
            read.bind(2, chunkIds[lastChunk - 1]);
            for (size_t c = firstChunk; c < lastChunk; ++c) {
                if (!read.step()) {
                    part.error = read.hasError()
                                     ? read.errorString()
                                     : QStringLiteral("event chunks changed while read");
                    return;
                }
                const size_t n = offset[c + 1] - offset[c];
                part.uids.resize(n);
                part.types.resize(n);
                std::string_view tail;
                if (!EventChunks::decodeRows(read.blobView(0), n, part.uids.data(),
                                             times.data() + offset[c], part.types.data(), &tail)) {
                    part.error = QStringLiteral("event chunk %1 is damaged").arg(c);
                    return;
                }
                for (size_t i = 0; i < n; ++i) {
                    const quint32 uid = part.uids[i];
                    const int u = uid < userOfUid.size() ? userOfUid[uid] : -1;
                    if (u < 0) {
                        part.error = QStringLiteral("events of an unknown user (uid %1)").arg(uid);
                        return;
                    }
                    ++part.perUser[size_t(u) + 1];
                }
                if (events) {
                    for (size_t i = 0; i < n; ++i) {
                        const quint32 id = part.types[i];
                        m_type[offset[c] + i] =
                            quint16(id < typeOfId.size() && typeOfId[id] >= 0 ? typeOfId[id] : 0);
                    }
                    part.properties.add(offset[c], n, tail);
                }
                if (progress->isCancelled())
                    return;
            }
        };
        // The second part reads through its own connection, in a read transaction that must
        // see the same snapshot as ours (the same last sync); else it reads on ours, after.
        Database second;
        bool parallel = total > 200000;
        if (parallel) {
            parallel = second.openLike(db, nullptr) && second.exec("BEGIN", nullptr) &&
                       second.scalar("SELECT COALESCE(MAX(id), 0) FROM sync_log", -1) ==
                           db.scalar("SELECT COALESCE(MAX(id), 0) FROM sync_log", -2);
        }
        if (parallel) {
            std::thread other(decodePart, 1, &second, splitChunk, chunkIds.size());
            decodePart(0, &db, 0, splitChunk);
            other.join();
            second.exec("COMMIT", nullptr);
        } else {
            decodePart(0, &db, 0, splitChunk);
            decodePart(1, &db, splitChunk, chunkIds.size());
        }
        phase(events ? "events decoded" : "sessions decoded");
        for (const Part& part : parts) {
            if (!part.error.isEmpty()) {
                *error = part.error;
                return false;
            }
        }
        if (cancelled())
            return false;
        for (const Part& part : parts) {
            for (size_t u = 0; u <= users; ++u)
                start[u] += part.perUser[u];
        }
        for (size_t u = 1; u <= users; ++u)
            start[u] += start[u - 1];
        if (!events)
            continue;
        // Property values are ids of the store's dictionary, the same in every chunk; it is
        // read now, in this snapshot, and turned into text with the columns.
        StringPool dictionary;
        if (!EventChunks::readValues(db, EventChunks::Store::Events, &dictionary, error))
            return false;
        std::vector<EventProperties::Part> properties;
        for (Part& part : parts)
            properties.push_back(std::move(part.properties));
        m_eventProperties = std::make_unique<EventProperties>(total, std::move(properties),
                                                              std::move(dictionary), keyNames);
        phase("dictionary read");
    }
    return true;
}

} // namespace pulsebook
