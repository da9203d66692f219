#include "EventTable.h"

#include <algorithm>

// The chunk store: decoding a chunk (EventChunks.cpp encodes, loads and writes them).

namespace pulsebook {

namespace EventChunks {

namespace {

qint64 unzigzag(quint64 v)
{
    return qint64(v >> 1) ^ -qint64(v & 1);
}

class Reader
{
public:
    explicit Reader(std::string_view data) : m_p(data.data()), m_end(data.data() + data.size()) {}
    bool varint(quint64* v)
    {
        quint64 result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p >= m_end)
                return false;
            const quint8 b = quint8(*m_p++);
            result |= quint64(b & 0x7F) << shift;
            if (!(b & 0x80)) {
                *v = result;
                return true;
            }
        }
        return false;
    }
    bool skipVarints(size_t n)
    {
        while (n > 0) {
            if (m_p >= m_end)
                return false;
            n -= (quint8(*m_p++) & 0x80) == 0;
        }
        return true;
    }
    bool bytes(size_t n, std::string_view* out)
    {
        if (size_t(m_end - m_p) < n)
            return false;
        *out = std::string_view(m_p, n);
        m_p += n;
        return true;
    }
    bool atEnd() const { return m_p == m_end; }
    std::string_view remaining() const { return std::string_view(m_p, size_t(m_end - m_p)); }

private:
    const char* m_p;
    const char* m_end;
};

bool corrupt(QString* error)
{
    if (error)
        *error = QStringLiteral("event chunk is damaged");
    return false;
}

// The version byte and the row count.
bool readHeader(Reader& r, size_t* n)
{
    std::string_view version;
    quint64 n64;
    if (!r.bytes(1, &version) || quint8(version[0]) != FormatVersion || !r.varint(&n64) ||
        n64 > ChunkEvents * 16)
        return false;
    *n = size_t(n64);
    return true;
}

// The user, time and type columns of n rows.
bool readRows(Reader& r, size_t n, quint32* uids, qint64* times, quint16* types)
{
    quint32 uid = 0;
    qint64 time = 0;
    quint64 v;
    for (size_t i = 0; i < n; ++i) {
        if (!r.varint(&v))
            return false;
        const bool sameUser = v == 0 && i > 0;
        uid += quint32(v);
        if (!r.varint(&v))
            return false;
        time = unzigzag(v) + (sameUser ? time : 0);
        uids[i] = uid;
        times[i] = time;
    }
    for (size_t i = 0; i < n; ++i) {
        if (!r.varint(&v) || v > 0xFFFF)
            return false;
        types[i] = quint16(v);
    }
    return true;
}

// The property columns of n rows: (key, value ids of the store's dictionary), each id checked
// against `valueCount`.
bool readPropertyColumns(Reader& r, size_t n, quint32 valueCount, PropertyValues* props)
{
    quint64 columns;
    if (!r.varint(&columns) || columns > 100000)
        return false;
    quint64 v;
    for (quint64 c = 0; c < columns; ++c) {
        quint64 key;
        if (!r.varint(&key) || key == 0 || key > 0xFFFFFFFFULL)
            return false;
        std::vector<quint32> values(n);
        for (size_t i = 0; i < n; ++i) {
            if (!r.varint(&v) || v > valueCount)
                return false;
            values[i] = quint32(v);
        }
        props->emplace_back(quint32(key), std::move(values));
    }
    return true;
}

} // namespace

bool decode(std::string_view blob, EventTable* t, QString* error, bool withIds, quint32 valueCount)
{
    Reader r(blob);
    size_t n = 0;
    if (!readHeader(r, &n))
        return corrupt(error);
    const size_t base = t->size();
    t->uid.resize(base + n);
    t->time.resize(base + n);
    t->type.resize(base + n);
    t->eventId.resize(base + n);
    t->sessionId.resize(base + n);
    for (auto& c : t->properties)
        c.values.resize(base + n, 0);
    if (!readRows(r, n, &t->uid[base], &t->time[base], &t->type[base]))
        return corrupt(error);
    // IDs refer to local strings, which come last: keep the local ids, resolve after.
    std::vector<std::pair<size_t, quint32>> textIds; // (position in eventId/sessionId, local)
    quint64 v;
    for (int column = 0; column < 2; ++column) {
        auto& ids = column == 0 ? t->eventId : t->sessionId;
        if (!withIds) {
            // Step over the column: n varints end in n bytes without the high bit.
            if (!r.skipVarints(n))
                return corrupt(error);
            std::fill(ids.begin() + std::ptrdiff_t(base), ids.end(), EventTable::NoSession);
            continue;
        }
        qint64 prev = 0;
        for (size_t i = 0; i < n; ++i) {
            if (!r.varint(&v))
                return corrupt(error);
            if (v == 1) {
                ids[base + i] = EventTable::NoSession;
            } else if ((v & 1) == 0) {
                prev += unzigzag(v >> 1);
                ids[base + i] = prev;
            } else if ((v & 3) == 3) {
                textIds.emplace_back(size_t(column) * n + i, quint32(v >> 2));
            } else {
                return corrupt(error);
            }
        }
    }
    // Value ids are the dictionary's (loaded into t->values before any chunk).
    PropertyValues props;
    if (!readPropertyColumns(r, n, valueCount > 0 ? valueCount : t->values.size(), &props))
        return corrupt(error);
    quint64 count;
    if (!r.varint(&count) || count > blob.size())
        return corrupt(error);
    std::vector<std::string_view> strings(size_t(count) + 1);
    for (quint64 i = 1; i <= count; ++i) {
        quint64 len;
        if (!r.varint(&len) || !r.bytes(size_t(len), &strings[size_t(i)]))
            return corrupt(error);
    }
    if (!r.atEnd())
        return corrupt(error);
    for (const auto& [pos, local] : textIds) {
        if (local == 0 || local > count)
            return corrupt(error);
        auto& ids = pos >= n ? t->sessionId : t->eventId;
        const size_t i = pos >= n ? pos - n : pos;
        ids[base + i] = -qint64(t->idText.intern(strings[local])) - 1;
    }
    for (auto& [key, ids] : props) {
        auto& column = t->column(key);
        column.values.resize(base, 0);
        column.values.insert(column.values.end(), ids.begin(), ids.end());
    }
    return true;
}

bool decodeRows(std::string_view blob, size_t n, quint32* uids, qint64* times, quint16* types,
                std::string_view* rest)
{
    Reader r(blob);
    size_t stored = 0;
    if (!readHeader(r, &stored) || stored != n || !readRows(r, n, uids, times, types) ||
        !r.skipVarints(2 * n))
        return false;
    *rest = r.remaining();
    return true;
}

bool decodeProperties(std::string_view rest, size_t n, quint32 valueCount, PropertyValues* columns)
{
    Reader r(rest);
    return readPropertyColumns(r, n, valueCount, columns);
}

} // namespace EventChunks
} // namespace pulsebook
