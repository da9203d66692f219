#include "StringPool.h"

#include <cstring>

namespace pulsebook {

StringPool::StringPool()
{
    clear();
}

void StringPool::clear()
{
    m_arena.clear();
    m_offsets.assign(1, 0);
    m_slots.assign(1024, 0);
    m_mask = 1023;
}

quint64 StringPool::hash(std::string_view text)
{
    // FNV-1a over 8-byte words, then a final mix: fast on short keys, good enough spread.
    quint64 h = 0xcbf29ce484222325ULL ^ text.size();
    size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        quint64 w;
        std::memcpy(&w, text.data() + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    for (; i < text.size(); ++i)
        h = (h ^ static_cast<unsigned char>(text[i])) * 0x100000001b3ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

quint32 StringPool::find(std::string_view text) const
{
    for (quint64 slot = hash(text) & m_mask;; slot = (slot + 1) & m_mask) {
        const quint32 id = m_slots[slot];
        if (id == 0)
            return 0;
        if (at(id) == text)
            return id;
    }
}

quint32 StringPool::intern(std::string_view text)
{
    quint64 slot = hash(text) & m_mask;
    for (;; slot = (slot + 1) & m_mask) {
        const quint32 id = m_slots[slot];
        if (id == 0)
            break;
        if (at(id) == text)
            return id;
    }
    m_arena.insert(m_arena.end(), text.begin(), text.end());
    m_offsets.push_back(m_arena.size());
    const quint32 id = quint32(m_offsets.size() - 1);
    m_slots[slot] = id;
    if (quint64(id) * 2 > m_mask)
        grow();
    return id;
}

void StringPool::grow()
{
    const quint64 capacity = (m_mask + 1) * 2;
    m_slots.assign(capacity, 0);
    m_mask = capacity - 1;
    for (quint32 id = 1; id <= size(); ++id) {
        quint64 slot = hash(at(id)) & m_mask;
        while (m_slots[slot] != 0)
            slot = (slot + 1) & m_mask;
        m_slots[slot] = id;
    }
}

QString StringPool::qstring(quint32 id) const
{
    const auto v = at(id);
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

} // namespace pulsebook
