#include "EventProperties.h"

#include "cache/EventTable.h"

#include <thread>
#include <unordered_map>

namespace pulsebook {

EventProperties::EventProperties(size_t events, std::vector<Part> parts, StringPool dictionary,
                                 QHash<int, QString> keyNames)
    : m_parts(std::move(parts)), m_dictionary(std::move(dictionary)), m_events(events),
      m_keyNames(std::move(keyNames))
{}

void EventProperties::decode() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_decoded.load(std::memory_order_relaxed))
        return;
    // Each part decodes its chunks into columns of its own range of events, on a thread each;
    // the columns are then laid end to end, in key order of first appearance.
    struct Decoded
    {
        size_t firstEvent = 0, events = 0;
        EventChunks::PropertyValues columns; // key -> values of the part's events
        std::unordered_map<quint32, size_t> columnOfKey;
        bool ok = true;
    };
    std::vector<Decoded> decoded(m_parts.size());
    const quint32 valueCount = m_dictionary.size();
    auto decodePart = [&](size_t p) {
        const Part& part = m_parts[p];
        Decoded& out = decoded[p];
        if (part.chunks.empty())
            return;
        out.firstEvent = part.chunks.front().firstEvent;
        out.events = part.chunks.back().firstEvent + part.chunks.back().rows - out.firstEvent;
        EventChunks::PropertyValues chunkColumns;
        for (const Part::Chunk& chunk : part.chunks) {
            chunkColumns.clear();
            if (!EventChunks::decodeProperties(part.bytesOf(chunk), chunk.rows, valueCount,
                                               &chunkColumns)) {
                out.ok = false;
                return;
            }
            for (const auto& [key, values] : chunkColumns) {
                auto at = out.columnOfKey.find(key);
                if (at == out.columnOfKey.end()) {
                    out.columns.emplace_back(key, std::vector<quint32>(out.events, 0));
                    at = out.columnOfKey.emplace(key, out.columns.size() - 1).first;
                }
                std::copy(values.begin(), values.end(),
                          out.columns[at->second].second.begin() +
                              std::ptrdiff_t(chunk.firstEvent - out.firstEvent));
            }
        }
    };
    std::vector<std::thread> threads;
    for (size_t p = 1; p < m_parts.size(); ++p)
        threads.emplace_back(decodePart, p);
    if (!m_parts.empty())
        decodePart(0);
    for (std::thread& t : threads)
        t.join();

    Columns& c = m_columns;
    bool ok = true;
    for (const Decoded& d : decoded)
        ok = ok && d.ok;
    if (!ok) {
        c.error = QStringLiteral("an event chunk's properties are damaged");
    } else {
        QHash<QString, qsizetype> columnOfName;
        for (Decoded& d : decoded) {
            for (auto& [key, values] : d.columns) {
                const QString name = m_keyNames.value(int(key));
                qsizetype column = columnOfName.value(name, -1);
                if (column < 0) {
                    c.names.append(name);
                    c.values.emplace_back(m_events, 0);
                    column = c.names.size() - 1;
                    columnOfName.insert(name, column);
                }
                std::copy(values.begin(), values.end(),
                          c.values[size_t(column)].begin() + std::ptrdiff_t(d.firstEvent));
                std::vector<quint32>().swap(values);
            }
        }
        c.texts.reserve(size_t(valueCount) + 1);
        c.texts.emplace_back();
        for (quint32 v = 1; v <= valueCount; ++v)
            c.texts.push_back(m_dictionary.qstring(v));
    }
    std::vector<Part>().swap(m_parts);
    m_dictionary.clear();
    m_decoded.store(true, std::memory_order_release);
}

} // namespace pulsebook
