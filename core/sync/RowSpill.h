#pragma once

#include <QString>
#include <QTemporaryFile>
#include <QtGlobal>

#include <limits>
#include <vector>

namespace pulsebook {

struct EventTable;
struct ParsedRows;

// Rows in arrival order in a private temporary file, so that a big sync need not hold them in
// memory: blocks of fixed-width columns (uid, time, type, event ID, session ID, then one column
// of value ids per property key), read back whole or as just the user and ID columns.
class RowSpill
{
public:
    // Rows appended together form a batch; a batch split by user bucket is several blocks, each
    // in arrival order, with every row's position in the batch.
    struct Block
    {
        qint64 offset = 0; // in the file
        size_t rows = 0;
        size_t batch = 0;
        size_t batchRows = 0;
        bool positions = false;
        std::vector<quint32> keys; // property keys, in column order
    };
    static constexpr int Buckets = 64;

    // Opens a file of mode 0600 in `folder`, or in QDir::tempPath() when that fails. On Linux
    // it has no name (O_TMPFILE), so even a killed process leaves nothing behind; elsewhere it
    // is removed when this object goes.
    bool open(const QString& folder, QString* error);
    // Appends the rows of `rows` as one block (its property columns that hold a value).
    bool append(const EventTable& rows, QString* error);
    // Appends the rows of `rows` as one batch; `keys` names its property columns. With
    // `bucketOfRow` (< Buckets each), one block per bucket, so that a reader who wants only
    // some users' rows can skip the others.
    bool append(const ParsedRows& rows, const std::vector<quint32>& keys,
                const std::vector<quint8>* bucketOfRow, QString* error);
    // Replaces the rows of `out` with block `index`, its property columns with the block's, and
    // `positions` with each row's position in its batch. With `idsOnly` only uid and eventId
    // are read (the other columns are left empty).
    bool read(size_t index, EventTable* out, std::vector<quint32>* positions, bool idsOnly,
              QString* error);

    const std::vector<Block>& blocks() const { return m_blocks; }
    qint64 rows() const { return m_rows; }
    // The range of the numeric IDs written (none when lowId() > highId()).
    qint64 lowId() const { return m_lowId; }
    qint64 highId() const { return m_highId; }

private:
    // Appends rows `order[0, n)` (all rows in order when null) of the columns as one block.
    bool appendColumns(size_t n, const quint32* order, const quint32* uid, const qint64* time,
                       const quint16* type, const qint64* id, const qint64* session,
                       const std::vector<quint32>& keys, const std::vector<const quint32*>& values,
                       QString* error);
    template <typename T>
    bool writeColumn(const T* column, const quint32* order, size_t n, QString* error);
    bool write(const void* data, size_t bytes, QString* error);
    bool readAt(qint64 offset, void* data, size_t bytes, QString* error);
    bool fail(QString* error);

    QTemporaryFile m_file;
    std::vector<Block> m_blocks;
    size_t m_batches = 0;
    size_t m_batchRows = 0; // of the batch being appended
    std::vector<char> m_gather;
    qint64 m_rows = 0;
    qint64 m_end = 0;
    bool m_flushed = true;
    qint64 m_lowId = std::numeric_limits<qint64>::max();
    qint64 m_highId = std::numeric_limits<qint64>::min();
};

} // namespace pulsebook
