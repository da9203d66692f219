#include "RowSpill.h"

#include "RowParser.h"
#include "cache/EventTable.h"

#include <QDir>

#include <algorithm>

namespace pulsebook {

bool RowSpill::open(const QString& folder, QString* error)
{
    // The cache's folder first: it is where the user expects a sync to need room.
    for (const QString& dir : {folder, QDir::tempPath()}) {
        if (dir.isEmpty())
            continue;
        m_file.setFileTemplate(QDir(dir).filePath(QStringLiteral("pulsebook-sync-XXXXXX")));
        // fileName() is never asked for, which lets Qt keep the file unnamed (O_TMPFILE).
        if (m_file.open())
            return true;
    }
    if (error)
        *error = QStringLiteral("cannot create a temporary file in %1 or %2: %3")
                     .arg(folder, QDir::tempPath(), m_file.errorString());
    return false;
}

bool RowSpill::fail(QString* error)
{
    if (error)
        *error = QStringLiteral("temporary sync file: %1").arg(m_file.errorString());
    return false;
}

bool RowSpill::write(const void* data, size_t bytes, QString* error)
{
    if (bytes == 0)
        return true;
    if (m_file.write(static_cast<const char*>(data), qint64(bytes)) != qint64(bytes))
        return fail(error);
    m_end += qint64(bytes);
    m_flushed = false;
    return true;
}

bool RowSpill::readAt(qint64 offset, void* data, size_t bytes, QString* error)
{
    if (bytes == 0)
        return true;
    if (!m_flushed) {
        if (!m_file.flush())
            return fail(error);
        m_flushed = true;
    }
    if (!m_file.seek(offset))
        return fail(error);
    char* p = static_cast<char*>(data);
    qint64 left = qint64(bytes);
    while (left > 0) {
        const qint64 got = m_file.read(p, left);
        if (got <= 0) {
            if (error)
                *error = QStringLiteral("temporary sync file: short read");
            return false;
        }
        p += got;
        left -= got;
    }
    return true;
}

template <typename T>
bool RowSpill::writeColumn(const T* column, const quint32* order, size_t n, QString* error)
{
    if (!order)
        return write(column, n * sizeof(T), error);
    // Gathered a piece at a time: the buffer stays small whatever the block.
    constexpr size_t Piece = 8192;
    m_gather.resize(Piece * sizeof(T));
    T* buffer = reinterpret_cast<T*>(m_gather.data());
    for (size_t at = 0; at < n; at += Piece) {
        const size_t count = std::min(Piece, n - at);
        for (size_t i = 0; i < count; ++i)
            buffer[i] = column[order[at + i]];
        if (!write(buffer, count * sizeof(T), error))
            return false;
    }
    return true;
}

bool RowSpill::appendColumns(size_t n, const quint32* order, const quint32* uid, const qint64* time,
                             const quint16* type, const qint64* id, const qint64* session,
                             const std::vector<quint32>& keys,
                             const std::vector<const quint32*>& values, QString* error)
{
    if (n == 0)
        return true;
    if (!m_flushed || m_file.pos() != m_end) {
        // A read moved the position: append at the end.
        if (!m_file.seek(m_end))
            return fail(error);
    }
    Block block;
    block.offset = m_end;
    block.rows = n;
    block.batch = m_batches;
    block.batchRows = m_batchRows;
    block.positions = order != nullptr;
    block.keys = keys;
    if (!writeColumn(uid, order, n, error) || !writeColumn(time, order, n, error) ||
        !writeColumn(type, order, n, error) || !writeColumn(id, order, n, error) ||
        !writeColumn(session, order, n, error))
        return false;
    for (const quint32* v : values) {
        if (!writeColumn(v, order, n, error))
            return false;
    }
    if (order && !write(order, n * sizeof(quint32), error))
        return false;
    for (size_t i = 0; i < n; ++i) {
        const qint64 v = id[order ? order[i] : i];
        if (v >= 0) {
            m_lowId = std::min(m_lowId, v);
            m_highId = std::max(m_highId, v);
        }
    }
    m_blocks.push_back(std::move(block));
    m_rows += qint64(n);
    return true;
}

bool RowSpill::append(const EventTable& t, QString* error)
{
    // Only the columns with a value here: a table collects every column it has seen.
    std::vector<quint32> keys;
    std::vector<const quint32*> values;
    for (const auto& c : t.properties) {
        if (std::any_of(c.values.begin(), c.values.end(), [](quint32 v) { return v != 0; })) {
            keys.push_back(c.key);
            values.push_back(c.values.data());
        }
    }
    m_batchRows = t.size();
    const bool ok = appendColumns(t.size(), nullptr, t.uid.data(), t.time.data(), t.type.data(),
                                  t.eventId.data(), t.sessionId.data(), keys, values, error);
    ++m_batches;
    return ok;
}

bool RowSpill::append(const ParsedRows& p, const std::vector<quint32>& keys,
                      const std::vector<quint8>* bucketOfRow, QString* error)
{
    std::vector<const quint32*> values;
    for (const auto& c : p.properties)
        values.push_back(c.data());
    const size_t n = p.user.size();
    m_batchRows = n;
    bool ok = true;
    if (!bucketOfRow) {
        ok = appendColumns(n, nullptr, p.user.data(), p.time.data(), p.type.data(), p.id.data(),
                           p.session.data(), keys, values, error);
    } else {
        // A counting sort by bucket; within a bucket the rows stay in arrival order.
        std::vector<quint32> start(Buckets + 1, 0);
        for (quint8 b : *bucketOfRow)
            ++start[size_t(b) + 1];
        for (int b = 0; b < Buckets; ++b)
            start[size_t(b) + 1] += start[size_t(b)];
        std::vector<quint32> order(n);
        {
            std::vector<quint32> next(start.begin(), start.end() - 1);
            for (size_t i = 0; i < n; ++i)
                order[next[(*bucketOfRow)[i]]++] = quint32(i);
        }
        for (int b = 0; b < Buckets && ok; ++b) {
            const size_t first = start[size_t(b)];
            ok = appendColumns(start[size_t(b) + 1] - first, order.data() + first, p.user.data(),
                               p.time.data(), p.type.data(), p.id.data(), p.session.data(), keys,
                               values, error);
        }
    }
    ++m_batches;
    return ok;
}

bool RowSpill::read(size_t index, EventTable* out, std::vector<quint32>* positions, bool idsOnly,
                    QString* error)
{
    const Block& b = m_blocks[index];
    const size_t n = b.rows;
    out->clearRows();
    out->properties.clear();
    out->columnIndex.clear();
    out->uid.resize(n);
    out->eventId.resize(n);
    const qint64 uidAt = b.offset;
    const qint64 timeAt = uidAt + qint64(n * sizeof(quint32));
    const qint64 typeAt = timeAt + qint64(n * sizeof(qint64));
    const qint64 idAt = typeAt + qint64(n * sizeof(quint16));
    const qint64 sessionAt = idAt + qint64(n * sizeof(qint64));
    const qint64 valuesAt = sessionAt + qint64(n * sizeof(qint64));
    positions->resize(n);
    if (b.positions) {
        const qint64 positionsAt = valuesAt + qint64(b.keys.size() * n * sizeof(quint32));
        if (!readAt(positionsAt, positions->data(), n * sizeof(quint32), error))
            return false;
    } else {
        for (size_t i = 0; i < n; ++i)
            (*positions)[i] = quint32(i);
    }
    if (!readAt(uidAt, out->uid.data(), n * sizeof(quint32), error) ||
        !readAt(idAt, out->eventId.data(), n * sizeof(qint64), error))
        return false;
    if (idsOnly)
        return true;
    out->time.resize(n);
    out->type.resize(n);
    out->sessionId.resize(n);
    if (!readAt(timeAt, out->time.data(), n * sizeof(qint64), error) ||
        !readAt(typeAt, out->type.data(), n * sizeof(quint16), error) ||
        !readAt(sessionAt, out->sessionId.data(), n * sizeof(qint64), error))
        return false;
    out->properties.resize(b.keys.size());
    for (size_t k = 0; k < b.keys.size(); ++k) {
        out->properties[k].key = b.keys[k];
        out->properties[k].values.resize(n);
        if (!readAt(valuesAt + qint64(k * n * sizeof(quint32)), out->properties[k].values.data(),
                    n * sizeof(quint32), error))
            return false;
    }
    return true;
}

} // namespace pulsebook
