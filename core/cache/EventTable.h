#pragma once

#include "StringPool.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <functional>
#include <limits>
#include <memory>
#include <unordered_map>
#include <vector>

namespace pulsebook {

class Database;
class Progress;

// Events in memory, one vector per column. Event and session IDs that are plain whole numbers
// are kept as their value (>= 0); other IDs as -(1 + id) of a text pool entry. Property values
// are ids of `values` (0 = missing), one column per property key.
struct EventTable
{
    static constexpr qint64 NoSession = std::numeric_limits<qint64>::min();

    struct PropertyColumn
    {
        quint32 key = 0; // property_keys.id in the cache
        std::vector<quint32> values;
    };

    std::vector<quint32> uid;
    std::vector<qint64> time;
    std::vector<quint16> type; // event_types.id: at most 65,535 event types (2 bytes a row)
    std::vector<qint64> eventId;
    std::vector<qint64> sessionId;
    std::vector<PropertyColumn> properties;
    // key -> index into properties (rebuilt by column() when properties changed otherwise).
    std::unordered_map<quint32, size_t> columnIndex;
    StringPool idText; // non-numeric event and session IDs
    StringPool values; // property values

    size_t size() const { return uid.size(); }
    void reserve(size_t n);
    void clear();
    // Drops the rows but keeps the string pools (and so the value ids) and the columns.
    void clearRows();
    // Appends rows `rows[0, n)` of `from`, whose IDs and values are ids of this table's pools
    // (property columns matched by key, created in `from`'s order when new).
    void appendRows(const EventTable& from, const quint32* rows, size_t n);
    // Copies row rows[i] of `from` to row at[i] of this table, for i < n (rows must exist;
    // property columns matched by key, created when new).
    void placeRows(const EventTable& from, const quint32* rows, const size_t* at, size_t n);
    // Grows or shrinks every column to `n` rows (new rows zero, properties "missing").
    void resizeRows(size_t n);
    // The column for property `key`, created (filled with "missing") if absent.
    // The column of property `key`, created full of "missing" if new; constant time.
    PropertyColumn& column(quint32 key);
    // The ID as text, as it came in.
    QByteArray idString(qint64 id) const;
    // docs/definitions.md order of IDs: numbers by value, before any other ID, which order as text.
    bool idLess(qint64 a, qint64 b) const;
};

// Events live in the cache as compressed column chunks of up to ChunkEvents events, sorted by
// (user, time, event ID): one transactional file, fast to write and to load. Sessions use the
// same layout (an EventTable whose eventId is the session ID, type 0, no sessionId).
namespace EventChunks {

constexpr size_t ChunkEvents = 65536;
// 2: property values are ids of the store's value dictionary (event_values, session_values).
constexpr quint8 FormatVersion = 2;

enum class Store { Events, Sessions };

// Appends every stored row to `table` (property keys and type ids are the cache's own).
bool load(Database& db, Store store, EventTable* table, Progress* progress, QString* error);
// Reads the stored rows one chunk at a time: `table` (with an empty value pool) holds only that
// chunk's rows when `chunkRead` is called; false from it stops with *error set by the caller.
bool loadEach(Database& db, Store store, EventTable* table, const std::function<bool()>& chunkRead,
              QString* error);
// Replaces the stored rows with `order` (indices into `table`, already sorted).
bool save(Database& db, Store store, const EventTable& table, const std::vector<quint32>& order,
          Progress* progress, QString* error);

// Writes a store in pieces: begin(), then rows in their final order with append() (from as many
// tables as needed), then finish(). Chunks hold ChunkEvents rows whatever the pieces, so the
// result is the same as one save() of all rows. Nothing is undone on failure: the caller's
// transaction is.
class StoreWriter
{
public:
    StoreWriter(Database& db, Store store, Progress* progress);
    ~StoreWriter();
    StoreWriter(const StoreWriter&) = delete;
    StoreWriter& operator=(const StoreWriter&) = delete;

    // Deletes the stored chunks after the longest prefix of whole chunks holding at most
    // `keepRows` rows (0: all of them), which stay as they are; *kept is that prefix's rows.
    bool begin(qint64 keepRows, qint64* kept, QString* error);
    // Appends `order[0, n)`, indices of `table` (whose non-numeric IDs are in `idText`).
    bool append(const EventTable& table, const StringPool& idText, const quint32* order, size_t n,
                QString* error);
    // Writes the last, partial chunk and the value dictionary.
    bool finish(const StringPool& values, QString* error);
    // Rows written or kept so far.
    qint64 rows() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};
// Number of stored rows.
qint64 count(Database& db, Store store);

QByteArray encode(const EventTable& table, const quint32* order, size_t n);
// Appends the rows of one chunk. Without `withIds` the event and session ID columns are
// skipped (left as NoSession): the analyses never need them.
// `valueCount` is the size of the value dictionary the chunk's value ids refer to (0: the
// table's pool, which load() fills from the dictionary).
bool decode(std::string_view blob, EventTable* table, QString* error, bool withIds = true,
            quint32 valueCount = 0);
// A chunk's property columns: (property key, value id of every row), in stored order.
using PropertyValues = std::vector<std::pair<quint32, std::vector<quint32>>>;
// Decodes only the user, time and type columns of a chunk of `n` rows into the arrays given
// (room for n each), stepping over the ID columns; *rest is the chunk's undecoded tail (the
// property columns, then the strings of text IDs) for decodeProperties(). False when the chunk
// is damaged or does not hold n rows.
bool decodeRows(std::string_view blob, size_t n, quint32* uids, qint64* times, quint16* types,
                std::string_view* rest);
// Appends the property columns of a tail from decodeRows() (n rows) to `columns`; false when
// damaged or when a value id exceeds `valueCount` (the size of the store's value dictionary).
bool decodeProperties(std::string_view rest, size_t n, quint32 valueCount, PropertyValues* columns);
// Reads the store's value dictionary into `values` (which must be empty): ids are kept.
bool readValues(Database& db, Store store, StringPool* values, QString* error);

} // namespace EventChunks
} // namespace pulsebook
