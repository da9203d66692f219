#pragma once

#include <QString>
#include <QtGlobal>

#include <string_view>
#include <vector>

namespace pulsebook {

// Interned UTF-8 strings with dense 1-based ids (0 is "none"). Lookup by string_view without
// allocating: the hot path of a sync maps millions of repeated values to small integers.
class StringPool
{
public:
    StringPool();

    // The id of `text`, adding it if new.
    quint32 intern(std::string_view text);
    // The id of `text`, or 0 when absent.
    quint32 find(std::string_view text) const;
    std::string_view at(quint32 id) const
    {
        return std::string_view(m_arena.data() + m_offsets[id - 1],
                                size_t(m_offsets[id] - m_offsets[id - 1]));
    }
    QString qstring(quint32 id) const;
    quint32 size() const { return quint32(m_offsets.size() - 1); }
    void clear();

private:
    static quint64 hash(std::string_view text);
    void grow();

    std::vector<char> m_arena;
    std::vector<quint64> m_offsets; // m_offsets[i] .. m_offsets[i+1] is id i+1
    std::vector<quint32> m_slots;   // open addressing, 0 = empty
    quint64 m_mask = 0;
};

} // namespace pulsebook
