#include "EventTable.h"

#include "Database.h"
#include "Progress.h"

#include <cstring>

namespace pulsebook {

void EventTable::reserve(size_t n)
{
    uid.reserve(n);
    time.reserve(n);
    type.reserve(n);
    eventId.reserve(n);
    sessionId.reserve(n);
}

void EventTable::clear()
{
    uid.clear();
    time.clear();
    type.clear();
    eventId.clear();
    sessionId.clear();
    properties.clear();
    idText.clear();
    values.clear();
}

EventTable::PropertyColumn& EventTable::column(quint32 key)
{
    for (auto& c : properties) {
        if (c.key == key)
            return c;
    }
    properties.push_back({key, std::vector<quint32>(size(), 0)});
    return properties.back();
}

QByteArray EventTable::idString(qint64 id) const
{
    if (id >= 0)
        return QByteArray::number(id);
    const auto v = idText.at(quint32(-(id + 1)));
    return QByteArray(v.data(), qsizetype(v.size()));
}

bool EventTable::idLess(qint64 a, qint64 b) const
{
    if (a >= 0 || b >= 0) {
        if (a >= 0 && b >= 0)
            return a < b;
        return a >= 0; // numbers first
    }
    return idText.at(quint32(-(a + 1))) < idText.at(quint32(-(b + 1)));
}

namespace EventChunks {

namespace {

constexpr quint8 FormatVersion = 1;

void putVarint(QByteArray* out, quint64 v)
{
    char buf[10];
    int n = 0;
    while (v >= 0x80) {
        buf[n++] = char(v | 0x80);
        v >>= 7;
    }
    buf[n++] = char(v);
    out->append(buf, n);
}

quint64 zigzag(qint64 v)
{
    return (quint64(v) << 1) ^ quint64(v >> 63);
}

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
    bool bytes(size_t n, std::string_view* out)
    {
        if (size_t(m_end - m_p) < n)
            return false;
        *out = std::string_view(m_p, n);
        m_p += n;
        return true;
    }
    bool atEnd() const { return m_p == m_end; }

private:
    const char* m_p;
    const char* m_end;
};

// A chunk-local string table: values and non-numeric IDs are stored once per chunk.
class LocalStrings
{
public:
    quint32 add(std::string_view s)
    {
        const quint32 id = m_pool.intern(s);
        return id;
    }
    void write(QByteArray* out) const
    {
        putVarint(out, m_pool.size());
        for (quint32 i = 1; i <= m_pool.size(); ++i) {
            const auto s = m_pool.at(i);
            putVarint(out, s.size());
            out->append(s.data(), qsizetype(s.size()));
        }
    }

private:
    StringPool m_pool;
};

// IDs: numeric as zigzag delta + 1 from the previous numeric ID; text as 0 then the local id.
void putId(QByteArray* out, qint64 id, const EventTable& table, LocalStrings* strings,
           qint64* previous)
{
    if (id == EventTable::NoSession) {
        putVarint(out, 1);
        return;
    }
    if (id >= 0) {
        putVarint(out, (zigzag(id - *previous) << 1) | 0); // even: numeric
        *previous = id;
        return;
    }
    const quint32 local = strings->add(table.idText.at(quint32(-(id + 1))));
    putVarint(out, (quint64(local) << 2) | 3); // ...11: text
}

} // namespace

QByteArray encode(const EventTable& t, const quint32* order, size_t n)
{
    QByteArray out;
    out.reserve(qsizetype(n * 12 + 64));
    LocalStrings strings;
    out.append(char(FormatVersion));
    putVarint(&out, n);
    // Columns one after another: each compresses well on its own.
    quint32 prevUid = 0;
    qint64 prevTime = 0;
    for (size_t i = 0; i < n; ++i) {
        const quint32 e = order[i];
        putVarint(&out, t.uid[e] - prevUid);
        putVarint(&out, zigzag(t.time[e] - (t.uid[e] == prevUid && i > 0 ? prevTime : 0)));
        prevUid = t.uid[e];
        prevTime = t.time[e];
    }
    for (size_t i = 0; i < n; ++i)
        putVarint(&out, t.type[order[i]]);
    qint64 prevId = 0;
    for (size_t i = 0; i < n; ++i)
        putId(&out, t.eventId[order[i]], t, &strings, &prevId);
    prevId = 0;
    for (size_t i = 0; i < n; ++i)
        putId(&out, t.sessionId[order[i]], t, &strings, &prevId);
    // Property columns that have at least one value in this chunk.
    std::vector<const EventTable::PropertyColumn*> present;
    for (const auto& c : t.properties) {
        for (size_t i = 0; i < n; ++i) {
            if (c.values[order[i]] != 0) {
                present.push_back(&c);
                break;
            }
        }
    }
    putVarint(&out, present.size());
    for (const auto* c : present) {
        putVarint(&out, c->key);
        for (size_t i = 0; i < n; ++i) {
            const quint32 v = c->values[order[i]];
            putVarint(&out, v == 0 ? 0 : strings.add(t.values.at(v)));
        }
    }
    strings.write(&out);
    return out;
}

bool decode(std::string_view blob, EventTable* t, QString* error)
{
    auto corrupt = [&] {
        if (error)
            *error = QStringLiteral("event chunk is damaged");
        return false;
    };
    Reader r(blob);
    std::string_view version;
    if (!r.bytes(1, &version) || quint8(version[0]) != FormatVersion)
        return corrupt();
    quint64 n64;
    if (!r.varint(&n64) || n64 > ChunkEvents * 16)
        return corrupt();
    const size_t n = size_t(n64);
    const size_t base = t->size();
    t->uid.resize(base + n);
    t->time.resize(base + n);
    t->type.resize(base + n);
    t->eventId.resize(base + n);
    t->sessionId.resize(base + n);
    for (auto& c : t->properties)
        c.values.resize(base + n, 0);

    quint32 uid = 0;
    qint64 time = 0;
    quint64 v;
    for (size_t i = 0; i < n; ++i) {
        if (!r.varint(&v))
            return corrupt();
        const bool sameUser = v == 0 && i > 0;
        uid += quint32(v);
        if (!r.varint(&v))
            return corrupt();
        time = unzigzag(v) + (sameUser ? time : 0);
        t->uid[base + i] = uid;
        t->time[base + i] = time;
    }
    for (size_t i = 0; i < n; ++i) {
        if (!r.varint(&v))
            return corrupt();
        t->type[base + i] = quint32(v);
    }
    // IDs refer to local strings, which come last: keep the local ids, resolve after.
    std::vector<std::pair<size_t, quint32>> textIds; // (position in eventId/sessionId, local)
    for (int column = 0; column < 2; ++column) {
        auto& ids = column == 0 ? t->eventId : t->sessionId;
        qint64 prev = 0;
        for (size_t i = 0; i < n; ++i) {
            if (!r.varint(&v))
                return corrupt();
            if (v == 1) {
                ids[base + i] = EventTable::NoSession;
            } else if ((v & 1) == 0) {
                prev += unzigzag(v >> 1);
                ids[base + i] = prev;
            } else if ((v & 3) == 3) {
                textIds.emplace_back(size_t(column) * n + i, quint32(v >> 2));
            } else {
                return corrupt();
            }
        }
    }
    quint64 columns;
    if (!r.varint(&columns) || columns > 100000)
        return corrupt();
    std::vector<std::pair<quint32, std::vector<quint32>>> props; // (key, local value ids)
    for (quint64 c = 0; c < columns; ++c) {
        quint64 key;
        if (!r.varint(&key) || key == 0 || key > 0xFFFFFFFFULL)
            return corrupt();
        std::vector<quint32> local(n);
        for (size_t i = 0; i < n; ++i) {
            if (!r.varint(&v) || v > 0xFFFFFFFFULL)
                return corrupt();
            local[i] = quint32(v);
        }
        props.emplace_back(quint32(key), std::move(local));
    }
    quint64 count;
    if (!r.varint(&count) || count > blob.size())
        return corrupt();
    std::vector<std::string_view> strings(size_t(count) + 1);
    for (quint64 i = 1; i <= count; ++i) {
        quint64 len;
        if (!r.varint(&len) || !r.bytes(size_t(len), &strings[size_t(i)]))
            return corrupt();
    }
    if (!r.atEnd())
        return corrupt();
    for (const auto& [pos, local] : textIds) {
        if (local == 0 || local > count)
            return corrupt();
        auto& ids = pos >= n ? t->sessionId : t->eventId;
        const size_t i = pos >= n ? pos - n : pos;
        ids[base + i] = -qint64(t->idText.intern(strings[local])) - 1;
    }
    std::vector<quint32> valueIds(size_t(count) + 1, 0); // local id -> t->values id
    for (auto& [key, local] : props) {
        auto& column = t->column(key);
        column.values.resize(base + n, 0);
        for (size_t i = 0; i < n; ++i) {
            const quint32 l = local[i];
            if (l == 0)
                continue;
            if (l > count)
                return corrupt();
            if (valueIds[l] == 0)
                valueIds[l] = t->values.intern(strings[l]);
            column.values[base + i] = valueIds[l];
        }
    }
    return true;
}

bool load(Database& db, EventTable* table, Progress* progress, QString* error)
{
    const qint64 total = count(db);
    if (total == 0)
        return true;
    table->reserve(table->size() + size_t(total));
    Statement s = db.prepare("SELECT data FROM event_chunks ORDER BY chunk", error);
    if (!s.isValid())
        return false;
    progress->start(QStringLiteral("Reading cached events"), total);
    while (s.step()) {
        if (!decode(s.blobView(0), table, error))
            return false;
        if (!progress->update(qint64(table->size()))) {
            if (error)
                *error = QStringLiteral("cancelled");
            return false;
        }
    }
    progress->end();
    if (s.hasError()) {
        if (error)
            *error = s.errorString();
        return false;
    }
    return true;
}

bool save(Database& db, const EventTable& table, const std::vector<quint32>& order,
          Progress* progress, QString* error)
{
    if (!db.exec("DELETE FROM event_chunks", error))
        return false;
    Statement insert = db.prepare(
        "INSERT INTO event_chunks(first_uid, last_uid, min_time, max_time, events, data) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        error);
    if (!insert.isValid())
        return false;
    progress->start(QStringLiteral("Writing events"), qint64(order.size()));
    for (size_t begin = 0; begin < order.size(); begin += ChunkEvents) {
        const size_t n = std::min(ChunkEvents, order.size() - begin);
        const quint32* chunk = order.data() + begin;
        qint64 minTime = table.time[chunk[0]];
        qint64 maxTime = minTime;
        for (size_t i = 1; i < n; ++i) {
            minTime = std::min(minTime, table.time[chunk[i]]);
            maxTime = std::max(maxTime, table.time[chunk[i]]);
        }
        const QByteArray data = encode(table, chunk, n);
        insert.bind(1, qint64(table.uid[chunk[0]]));
        insert.bind(2, qint64(table.uid[chunk[n - 1]]));
        insert.bind(3, minTime);
        insert.bind(4, maxTime);
        insert.bind(5, qint64(n));
        insert.bindBlob(6, data.constData(), data.size());
        if (!insert.run(error))
            return false;
        if (!progress->update(qint64(begin + n))) {
            if (error)
                *error = QStringLiteral("cancelled");
            return false;
        }
    }
    progress->end();
    return true;
}

qint64 count(Database& db)
{
    return db.scalar("SELECT COALESCE(SUM(events), 0) FROM event_chunks");
}

} // namespace EventChunks
} // namespace pulsebook
