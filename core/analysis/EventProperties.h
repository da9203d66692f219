#pragma once

#include "LargeArray.h"
#include "cache/StringPool.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <atomic>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace pulsebook {

// The event property columns of an EventIndex (path, title, referrer, extra columns), decoded on
// first use (docs/architecture.md, "Opening a cache"). Opening the index keeps each event
// chunk's undecoded property part (a copy of its bytes, read in the index's snapshot) and the
// value dictionary; the first analysis that asks for a property decodes every column, on both
// cores, once. Safe to call from any thread: the first caller decodes, the others wait.
class EventProperties
{
public:
    // The undecoded property parts of a contiguous range of chunks, as read by one worker:
    // each chunk's tail from EventChunks::decodeRows(), copied end to end into one buffer
    // (reserved for the part's chunks up front, so nothing is copied twice as it grows).
    struct Part
    {
        struct Chunk
        {
            size_t firstEvent = 0; // index of the chunk's first event in the whole index
            size_t rows = 0;
            size_t offset = 0; // of its bytes in the part's buffer
            size_t size = 0;
        };
        std::vector<Chunk> chunks;
        LargeArray<char> bytes;

        void add(size_t firstEvent, size_t rows, std::string_view tail)
        {
            chunks.push_back({firstEvent, rows, bytes.size(), tail.size()});
            bytes.insert(bytes.end(), tail.begin(), tail.end());
        }
        std::string_view bytesOf(const Chunk& chunk) const
        {
            return std::string_view(bytes.data() + chunk.offset, chunk.size);
        }
    };

    struct Columns
    {
        QStringList names;
        std::vector<std::vector<quint32>> values; // [column][event], 0 = none
        std::vector<QString> texts;               // value id -> text; texts[0] is empty
        QString error;                            // a damaged chunk: no columns then
    };

    EventProperties() = default;
    // `events`: the index's events; `dictionary`: the store's value dictionary (ids kept);
    // `keyNames`: property key id -> name.
    EventProperties(size_t events, std::vector<Part> parts, StringPool dictionary,
                    QHash<int, QString> keyNames);
    EventProperties(const EventProperties&) = delete;
    EventProperties& operator=(const EventProperties&) = delete;

    // The columns, decoded on the first call.
    const Columns& columns() const
    {
        if (!m_decoded.load(std::memory_order_acquire))
            decode();
        return m_columns;
    }
    bool isDecoded() const { return m_decoded.load(std::memory_order_acquire); }

private:
    void decode() const;

    mutable std::mutex m_mutex;
    mutable std::atomic<bool> m_decoded{false};
    mutable Columns m_columns;
    // Released once decoded.
    mutable std::vector<Part> m_parts;
    mutable StringPool m_dictionary;
    size_t m_events = 0;
    QHash<int, QString> m_keyNames;
};

} // namespace pulsebook
