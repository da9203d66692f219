#pragma once

#include "FieldParser.h"
#include "cache/StringPool.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace pulsebook {

class CsvReader;

// Where the columns of a chunk-stored file (events.csv, sessions.csv) are, by field index.
struct RowLayout
{
    int fieldCount = 0;
    int idField = -1;
    int userField = -1;
    int timeField = -1;
    int typeField = -1;    // events: the event name; -1 for sessions
    int sessionField = -1; // events: session_id (optional)
    std::vector<int> propertyFields;
    const char* idName = "event_id";
    FieldParser::DateOrder dateOrder = FieldParser::DateOrder::Unset;
    QStringList columnNames; // the header, for errors that name a column
};

// Rows as read, with strings interned in pools of their own, so that parts of one file can be
// parsed on several threads and joined afterwards.
struct ParsedRows
{
    std::vector<quint32> user; // id in `users`
    std::vector<qint64> time;
    std::vector<quint16> type; // id in `types` (0 for sessions)
    std::vector<qint64> id;    // numeric ID, or -(1 + id in `idText`)
    std::vector<qint64> session;
    std::vector<std::vector<quint32>> properties; // per property field: id in `values`, 0 none
    StringPool users;
    StringPool types;
    StringPool idText;
    StringPool values;
    // Room for `n` rows in every column, so that growing never holds two copies of a column
    // (pages not yet written cost no memory).
    void reserve(size_t n, size_t propertyColumns);
    // Drops the rows but keeps the pools, so ids given so far stay valid, and the counts.
    void clearRows();

    QString fatal;     // why parsing stopped for good (a limit of the file), if it did
    qint64 rows = 0;   // data rows read, bad ones included
    qint64 landed = 0; // good rows
};

// About how many rows a file of `bytes` holds, from the length of its first records
// (generous by 5%); 0 when the file cannot be read.
size_t estimateRows(const QString& path, qint64 bytes);

// Decides what happens to a bad row: false stops parsing (strict mode).
using RejectRow = std::function<bool(CsvReader& reader, const QString& message)>;
// Called every few thousand rows with the reader; false stops parsing (cancel).
using KeepGoing = std::function<bool(CsvReader& reader)>;

// Called when `out` holds a batch of rows; it takes them (usually with clearRows()).
// False stops parsing.
using BatchFull = std::function<bool(ParsedRows& out)>;

// Parses the rest of `reader` (to the end of its range) into `out`. With `batchFull`, that is
// called whenever `out` holds `batchRows` rows (the last, shorter batch is the caller's).
bool parseRows(CsvReader& reader, const RowLayout& layout, ParsedRows* out, const RejectRow& reject,
               const KeepGoing& keepGoing, const BatchFull& batchFull = {}, size_t batchRows = 0);

} // namespace pulsebook
