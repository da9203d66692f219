#include "EventTable.h"

#include "Database.h"
#include "Progress.h"

#include <cstring>
#include <thread>

// The chunk store: encoding, decoding, loading and writing EventChunks.

namespace pulsebook {

namespace EventChunks {

namespace {

// An output buffer written through a raw pointer: callers reserve room for a column first.
class Writer
{
public:
    void reserve(size_t extra)
    {
        if (m_buf.size() - m_len < extra)
            m_buf.resize(std::max(m_buf.size() * 2, m_len + extra));
    }
    void byte(char c) { m_buf[m_len++] = c; }
    void bytes(const char* p, size_t n)
    {
        reserve(n);
        std::memcpy(m_buf.data() + m_len, p, n);
        m_len += n;
    }
    void varint(quint64 v)
    {
        char* p = m_buf.data() + m_len;
        while (v >= 0x80) {
            *p++ = char(v | 0x80);
            v >>= 7;
        }
        *p++ = char(v);
        m_len = size_t(p - m_buf.data());
    }
    QByteArray take() const { return QByteArray(m_buf.data(), qsizetype(m_len)); }
    void clear() { m_len = 0; }

private:
    std::vector<char> m_buf;
    size_t m_len = 0;
};

void putVarint(Writer* out, quint64 v)
{
    out->varint(v);
}

quint64 zigzag(qint64 v)
{
    return (quint64(v) << 1) ^ quint64(v >> 63);
}

// Encodes chunks. Values and non-numeric IDs go into a chunk-local string table, so a chunk
// decodes on its own; global ids map to local ones through arrays, not hashing (this is the
// hot loop of writing ten million events).
class ChunkEncoder
{
public:
    ChunkEncoder() = default;
    ChunkEncoder(const EventTable& t, const StringPool& idText) { bind(t, idText); }

    // Encodes rows of `t`, whose non-numeric IDs are ids of `idText`, from now on.
    void bind(const EventTable& t, const StringPool& idText)
    {
        m_t = &t;
        m_ids = &idText;
        if (m_idLocal.size() < size_t(idText.size()) + 1)
            m_idLocal.resize(size_t(idText.size()) + 1, 0);
    }
    QByteArray encode(const quint32* order, size_t n);

private:
    quint32 local(std::vector<quint32>& map, std::vector<quint32>& touched, quint32 global,
                  std::string_view text)
    {
        quint32& l = map[global];
        if (l == 0) {
            m_strings.push_back(text);
            l = quint32(m_strings.size());
            touched.push_back(global);
        }
        return l;
    }
    // IDs: numeric as an even zigzag delta from the previous numeric ID; 1 for none; text as
    // (local id << 2) | 3.
    void putId(Writer* out, qint64 id, qint64* previous)
    {
        if (id == EventTable::NoSession) {
            putVarint(out, 1);
            return;
        }
        if (id >= 0) {
            putVarint(out, zigzag(id - *previous) << 1);
            *previous = id;
            return;
        }
        const quint32 g = quint32(-(id + 1));
        putVarint(out, (quint64(local(m_idLocal, m_touchedIds, g, m_ids->at(g))) << 2) | 3);
    }

    const EventTable* m_t = nullptr;
    const StringPool* m_ids = nullptr;
    std::vector<quint32> m_idLocal;
    std::vector<quint32> m_touchedIds;
    std::vector<std::string_view> m_strings;
    Writer m_out;
};

QByteArray ChunkEncoder::encode(const quint32* order, size_t n)
{
    const EventTable& t = *m_t;
    Writer& out = m_out;
    out.clear();
    out.reserve(64 + n * 20);
    out.byte(char(FormatVersion));
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
    out.reserve(n * 25);
    for (size_t i = 0; i < n; ++i)
        putVarint(&out, t.type[order[i]]);
    qint64 prevId = 0;
    for (size_t i = 0; i < n; ++i)
        putId(&out, t.eventId[order[i]], &prevId);
    prevId = 0;
    for (size_t i = 0; i < n; ++i)
        putId(&out, t.sessionId[order[i]], &prevId);
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
    out.reserve(10 + present.size() * (10 + n * 5));
    putVarint(&out, present.size());
    for (const auto* c : present) {
        putVarint(&out, c->key);
        for (size_t i = 0; i < n; ++i) {
            const quint32 v = c->values[order[i]];
            putVarint(&out, v); // an id of the store's value dictionary
        }
    }
    out.reserve(10);
    putVarint(&out, m_strings.size());
    for (const auto& str : m_strings) {
        out.reserve(10);
        putVarint(&out, str.size());
        out.bytes(str.data(), str.size());
    }
    // Ready for the next chunk.
    for (quint32 g : m_touchedIds)
        m_idLocal[g] = 0;
    m_touchedIds.clear();
    m_strings.clear();
    return out.take();
}

} // namespace

QByteArray encode(const EventTable& t, const quint32* order, size_t n)
{
    return ChunkEncoder(t, t.idText).encode(order, n);
}

namespace {

const char* tableName(Store store)
{
    return store == Store::Events ? "event_chunks" : "session_chunks";
}

const char* valuesTableName(Store store)
{
    return store == Store::Events ? "event_values" : "session_values";
}

// %T: the store's chunk table; %V: its value dictionary.
QByteArray sql(const char* pattern, Store store)
{
    return QByteArray(pattern)
        .replace("%T", tableName(store))
        .replace("%V", valuesTableName(store));
}

} // namespace

bool readValues(Database& db, Store store, StringPool* values, QString* error)
{
    Statement s = db.prepare(sql("SELECT id, text FROM %V ORDER BY id", store).constData(), error);
    if (!s.isValid())
        return false;
    while (s.step()) {
        if (values->intern(s.textView(1)) != quint32(s.int64(0))) {
            if (error)
                *error = QStringLiteral("the value dictionary is damaged");
            return false;
        }
    }
    return !s.hasError();
}

namespace {

// Reads the store's value dictionary into `table` (whose pool must be empty: chunks refer to
// the dictionary's ids, which the pool then keeps), then decodes the chunks in order into it,
// calling `chunkRead` after each (false stops: *error is then the caller's to set). Without
// `keepRows` each chunk replaces the previous one's rows.
bool readChunks(Database& db, Store store, EventTable* table, bool keepRows,
                const std::function<bool()>& chunkRead, QString* error)
{
    if (table->values.size() != 0) {
        if (error)
            *error = QStringLiteral("internal: reading chunks needs an empty value pool");
        return false;
    }
    if (!readValues(db, store, &table->values, error))
        return false;
    Statement s = db.prepare(sql("SELECT data FROM %T ORDER BY chunk", store).constData(), error);
    if (!s.isValid())
        return false;
    while (s.step()) {
        if (!keepRows)
            table->clearRows();
        if (!decode(s.blobView(0), table, error) || !chunkRead())
            return false;
    }
    if (s.hasError()) {
        if (error)
            *error = s.errorString();
        return false;
    }
    return true;
}

} // namespace

bool load(Database& db, Store store, EventTable* table, Progress* progress, QString* error)
{
    const qint64 total = count(db, store);
    if (total == 0)
        return true;
    table->reserve(table->size() + size_t(total));
    progress->start(store == Store::Events ? QStringLiteral("Reading cached events")
                                           : QStringLiteral("Reading cached sessions"),
                    total);
    const bool ok = readChunks(
        db, store, table, true,
        [&] {
            if (progress->update(qint64(table->size())))
                return true;
            if (error)
                *error = QStringLiteral("cancelled");
            return false;
        },
        error);
    progress->end();
    return ok;
}

bool loadEach(Database& db, Store store, EventTable* table, const std::function<bool()>& chunkRead,
              QString* error)
{
    if (count(db, store) == 0)
        return true;
    return readChunks(db, store, table, false, chunkRead, error);
}

bool save(Database& db, Store store, const EventTable& table, const std::vector<quint32>& order,
          Progress* progress, QString* error)
{
    progress->start(store == Store::Events ? QStringLiteral("Writing events")
                                           : QStringLiteral("Writing sessions"),
                    qint64(order.size()));
    StoreWriter writer(db, store, progress);
    qint64 kept = 0;
    if (!writer.begin(0, &kept, error) ||
        !writer.append(table, table.idText, order.data(), order.size(), error) ||
        !writer.finish(table.values, error))
        return false;
    progress->end();
    return true;
}

struct StoreWriter::Impl
{
    Impl(Database& database, Store s, Progress* p) : db(database), store(s), progress(p) {}

    // Encodes and inserts `order[0, n)` of `t` as chunks of ChunkEvents rows (the last one
    // may be shorter), both cores encoding.
    bool write(const EventTable& t, const StringPool& idText, const quint32* order, size_t n,
               QString* error);

    Database& db;
    Store store;
    Progress* progress;
    Statement insert;
    ChunkEncoder encoders[2];
    // The rows of the next chunk, when the rows appended so far do not fill it yet. Their
    // IDs are ids of pendingIds (every append() passes the same, growing pool).
    EventTable pending;
    const StringPool* pendingIds = nullptr;
    std::vector<quint32> identity;
    qint64 rows = 0;
};

StoreWriter::StoreWriter(Database& db, Store store, Progress* progress)
    : d(std::make_unique<Impl>(db, store, progress))
{}

StoreWriter::~StoreWriter() = default;

qint64 StoreWriter::rows() const
{
    return d->rows;
}

bool StoreWriter::begin(qint64 keepRows, qint64* kept, QString* error)
{
    *kept = 0;
    qint64 lastKept = 0;
    if (keepRows > 0) {
        Statement s = d->db.prepare(
            sql("SELECT chunk, events FROM %T ORDER BY chunk", d->store).constData(), error);
        if (!s.isValid())
            return false;
        while (s.step() && *kept + s.int64(1) <= keepRows) {
            *kept += s.int64(1);
            lastKept = s.int64(0);
        }
        if (s.hasError()) {
            if (error)
                *error = s.errorString();
            return false;
        }
    }
    Statement remove =
        d->db.prepare(sql("DELETE FROM %T WHERE chunk > ?", d->store).constData(), error);
    if (!remove.isValid())
        return false;
    remove.bind(1, lastKept);
    if (!remove.run(error))
        return false;
    d->insert =
        d->db.prepare(sql("INSERT INTO %T(first_uid, last_uid, min_time, max_time, events, data) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
                          d->store)
                          .constData(),
                      error);
    d->rows = *kept;
    return d->insert.isValid();
}

bool StoreWriter::append(const EventTable& table, const StringPool& idText, const quint32* order,
                         size_t n, QString* error)
{
    d->pendingIds = &idText;
    size_t done = 0;
    if (d->pending.size() > 0) {
        done = std::min(n, ChunkEvents - d->pending.size());
        d->pending.appendRows(table, order, done);
        if (d->pending.size() < ChunkEvents)
            return true;
        if (d->identity.size() < ChunkEvents) {
            d->identity.resize(ChunkEvents);
            for (size_t i = 0; i < ChunkEvents; ++i)
                d->identity[i] = quint32(i);
        }
        if (!d->write(d->pending, idText, d->identity.data(), ChunkEvents, error))
            return false;
        d->pending.clearRows();
    }
    const size_t whole = (n - done) / ChunkEvents * ChunkEvents;
    if (!d->write(table, idText, order + done, whole, error))
        return false;
    done += whole;
    d->pending.appendRows(table, order + done, n - done);
    return true;
}

bool StoreWriter::finish(const StringPool& values, QString* error)
{
    if (d->pending.size() > 0) {
        std::vector<quint32> order(d->pending.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = quint32(i);
        if (!d->write(d->pending, *d->pendingIds, order.data(), order.size(), error))
            return false;
        d->pending.clearRows();
    }
    if (!d->db.exec(sql("DELETE FROM %V", d->store).constData(), error))
        return false;
    Statement value =
        d->db.prepare(sql("INSERT INTO %V(id, text) VALUES (?, ?)", d->store).constData(), error);
    if (!value.isValid())
        return false;
    for (quint32 v = 1; v <= values.size(); ++v) {
        value.bind(1, qint64(v));
        value.bind(2, values.at(v));
        if (!value.run(error))
            return false;
    }
    return true;
}

bool StoreWriter::Impl::write(const EventTable& table, const StringPool& idText,
                              const quint32* order, size_t total, QString* error)
{
    if (total == 0)
        return true;
    // Chunks encode independently: both cores encode a batch, then it is written in order.
    constexpr size_t Batch = 2;
    encoders[0].bind(table, idText);
    encoders[1].bind(table, idText);
    const size_t chunks = (total + ChunkEvents - 1) / ChunkEvents;
    std::vector<QByteArray> encoded(Batch);
    auto encodeRange = [&](int worker, size_t first, size_t last) {
        for (size_t c = first + size_t(worker); c < last; c += 2) {
            const size_t begin = c * ChunkEvents;
            const size_t n = std::min(ChunkEvents, total - begin);
            encoded[c - first] = encoders[worker].encode(order + begin, n);
        }
    };
    for (size_t first = 0; first < chunks; first += Batch) {
        const size_t last = std::min(chunks, first + Batch);
        if (last - first > 1) {
            std::thread other(encodeRange, 1, first, last);
            encodeRange(0, first, last);
            other.join();
        } else {
            encodeRange(0, first, last);
        }
        for (size_t c = first; c < last; ++c) {
            const size_t begin = c * ChunkEvents;
            const size_t n = std::min(ChunkEvents, total - begin);
            const quint32* chunk = order + begin;
            qint64 minTime = table.time[chunk[0]];
            qint64 maxTime = minTime;
            for (size_t i = 1; i < n; ++i) {
                minTime = std::min(minTime, table.time[chunk[i]]);
                maxTime = std::max(maxTime, table.time[chunk[i]]);
            }
            const QByteArray& data = encoded[c - first];
            insert.bind(1, qint64(table.uid[chunk[0]]));
            insert.bind(2, qint64(table.uid[chunk[n - 1]]));
            insert.bind(3, minTime);
            insert.bind(4, maxTime);
            insert.bind(5, qint64(n));
            insert.bindBlob(6, data.constData(), data.size());
            if (!insert.run(error))
                return false;
            rows += qint64(n);
            if (!progress->update(rows)) {
                if (error)
                    *error = QStringLiteral("cancelled");
                return false;
            }
        }
    }
    return true;
}

qint64 count(Database& db, Store store)
{
    return db.scalar(sql("SELECT COALESCE(SUM(events), 0) FROM %T", store).constData());
}

} // namespace EventChunks
} // namespace pulsebook
