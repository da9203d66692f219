#pragma once

#include <QString>
#include <QtGlobal>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <string_view>
#include <vector>

namespace pulsebook {

// Streaming RFC 4180 reader: constant memory whatever the file size (one buffer that holds at
// least the current record), UTF-8 with an optional BOM, quoted fields with doubled quotes and
// embedded newlines, LF or CRLF. Every error reads "file:line:column: reason". A UTF-16 file
// (with a BOM, or recognised by the NUL bytes of its first characters) is an error at 1:1.
class CsvReader
{
public:
    CsvReader();
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // Opens the file; `displayName` is what errors call it (defaults to the path).
    bool open(const QString& path, QString* error, const QString& displayName = {});

    // Reads what `read` delivers instead of a file (a warehouse's COPY stream): it fills up to
    // `max` bytes and returns how many, 0 at the end, or -1 with *error set. Lines are numbered
    // from `firstLine` (0 for a table whose header is made up: then line N is row N).
    using ReadFunction = std::function<qint64(char* buffer, qint64 max, QString* error)>;
    void openStream(ReadFunction read, const QString& displayName, qint64 firstLine = 1);

    // Reads only the records that start in [begin, end) of the file, the one at `begin` first
    // (a record that starts before `end` is read whole). Lines are numbered from `firstLine`.
    bool openRange(const QString& path, qint64 begin, qint64 end, qint64 firstLine, QString* error,
                   const QString& displayName = {});
    // Stops reading at `end` (records that start there or later are left alone).
    void limitTo(qint64 end) { m_rangeEnd = end; }
    // Reads on to the end of the file after a range ended.
    void extendToEnd()
    {
        m_rangeEnd = std::numeric_limits<qint64>::max();
        m_rangeStopped = false;
    }
    // File offset just past the last record read.
    qint64 position() const { return m_consumedBase + qint64(m_begin); }

    // Reads the next record. Returns false at the end of the file or on an error; hasError()
    // tells which. Completely empty lines are skipped.
    bool next();

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    int fieldCount() const { return int(m_fields.size()); }
    // The unescaped field: valid until the next call to next().
    std::string_view field(int i) const { return m_fields[size_t(i)]; }
    // Whether field i was quoted (an empty quoted field is still an empty field).
    bool fieldQuoted(int i) const { return m_quoted[size_t(i)]; }

    // The record as it stood in the file, without its line end (for rejects files).
    std::string_view rawRecord() const { return m_raw; }
    // 1-based physical line on which the current record starts.
    qint64 line() const { return m_recordLine; }
    // "file:line:column: reason" for field i of the current record (column counted in bytes).
    QString fieldError(int i, const QString& reason) const;
    // "file:line:column: reason" for a position that is past the last field (record end).
    QString recordError(const QString& reason) const;
    // A well-formed record that still must not land: "file:line:column: NUL byte" at its
    // first NUL (SQLite text would end there, and exports would carry it); empty when none.
    // The caller rejects the record like any other bad row.
    QString nulError() const;
    QString displayName() const { return m_name; }

    qint64 bytesRead() const { return m_consumedBase + qint64(m_pos); }
    qint64 fileSize() const { return m_fileSize; } // 0 for a stream

    // Longest record accepted; a longer one is an error rather than unbounded memory.
    static constexpr size_t MaxRecordBytes = size_t(256) << 20;

    // Physical lines (LF, CRLF or lone CR ends) in the first `end` bytes of a file, plus one:
    // the number of the line that starts at `end` when `end` starts a line. -1 on a read error.
    static qint64 lineAt(const QString& path, qint64 end);

private:
    bool fill();
    bool parseRecord();
    QString errorAt(const char* at, const QString& reason) const;
    void setError(const char* at, const QString& reason);

    FILE* m_file = nullptr;
    ReadFunction m_read; // instead of m_file
    QString m_name;
    qint64 m_fileSize = 0;
    std::vector<char> m_buf;
    size_t m_begin = 0; // start of unparsed data
    size_t m_pos = 0;   // end of the current record (consumed)
    size_t m_end = 0;   // end of valid data
    bool m_eof = false;
    qint64 m_rangeEnd = std::numeric_limits<qint64>::max();
    bool m_rangeStopped = false;
    bool m_atStart = true;
    qint64 m_consumedBase = 0; // file offset of m_buf[0]
    qint64 m_nextLine = 1;
    qint64 m_recordLine = 1;
    std::vector<std::string_view> m_fields;
    std::vector<bool> m_quoted;
    std::vector<size_t> m_fieldStart; // offset of each field's first byte in m_buf
    std::string m_unescaped;          // storage for fields with doubled quotes
    std::vector<std::pair<size_t, size_t>> m_unescapedSpans;
    std::string_view m_raw;
    size_t m_nulAt = SIZE_MAX; // offset of the first NUL in m_raw
    QString m_error;
};

} // namespace pulsebook
