// libFuzzer target: CsvReader on arbitrary bytes (issue 6, item 1).
//
// The input is the whole file. It is read three ways, which must agree record for record:
//   - in one pass, every record checked against the bytes (its raw text is where the reader
//     says, its fields re-quoted give that raw text back, line numbers and the line:column of
//     every error point at the right byte, the reader ends at the file's end);
//   - in two ranges split as the two-core sync splits a big events.csv (after the first line
//     break past a point chosen by the input's hash; openRange + limitTo + lineAt, and
//     extendToEnd when the split fell inside a record);
//   - as a stream (the warehouse sync's COPY) handed over in pieces of 1 to 16 bytes chosen by
//     the input's hash;
//   - now and then (1 input in 32) behind 1 MB of padding so that the input straddles the
//     reader's buffer refill, or behind a 2 MB record so that the buffer grows as well:
//     inputs this small never reach those paths otherwise.
#define FUZZ_TARGET_NAME "fuzz_csvreader"
#include "FuzzSupport.h"

#include "sync/CsvReader.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <limits>
#include <vector>

using namespace pulsebook;
using pulsebook::fuzz::escaped;

namespace {

const QString Name = QStringLiteral("in.csv");
constexpr size_t ReaderBuffer = size_t(1) << 20; // CsvReader.cpp's InitialBuffer

struct Record
{
    qint64 line = 0;
    std::vector<std::string> fields;
    std::vector<bool> quoted;
    std::string raw;
    qint64 end = 0; // position() after the record
    QString firstFieldError, lastFieldError, recordError, nulError;
};

struct Reading
{
    std::vector<Record> records;
    QString error;
    qint64 end = 0; // position() when next() returned false
};

// A "file:line:column: reason" error taken apart.
struct Where
{
    qint64 line = 0;
    qint64 column = 0;
    QString reason;
};

Where parseError(const QString& error)
{
    static const QRegularExpression form(QStringLiteral("^in\\.csv:(\\d+):(\\d+): (.+)$"),
                                         QRegularExpression::DotMatchesEverythingOption);
    const auto m = form.match(error);
    FUZZ_CHECK(m.hasMatch(),
               QStringLiteral("error not of the form in.csv:L:C: reason: %1").arg(error));
    return {m.captured(1).toLongLong(), m.captured(2).toLongLong(), m.captured(3)};
}

// `errors`: also forms the errors of each record (they scan the record: skipped for the
// padded readings, whose records are up to 2 MB).
void readOn(CsvReader& r, Reading* out, bool errors = true)
{
    while (r.next()) {
        Record rec;
        rec.line = r.line();
        const int n = r.fieldCount();
        FUZZ_CHECK(n >= 1, QStringLiteral("a record without fields"));
        FUZZ_CHECK(!r.hasError(), QStringLiteral("next() returned a record and an error"));
        for (int i = 0; i < n; ++i) {
            rec.fields.emplace_back(r.field(i));
            rec.quoted.push_back(r.fieldQuoted(i));
        }
        rec.raw = std::string(r.rawRecord());
        rec.end = r.position();
        if (errors) {
            rec.firstFieldError = r.fieldError(0, QStringLiteral("first"));
            rec.lastFieldError = r.fieldError(n - 1, QStringLiteral("last"));
            rec.recordError = r.recordError(QStringLiteral("end"));
            rec.nulError = r.nulError();
        }
        out->records.push_back(std::move(rec));
    }
    FUZZ_CHECK(!r.next(), QStringLiteral("next() read on after returning false"));
    out->error = r.errorString();
    out->end = r.position();
}

Reading readFile(const QString& path, bool errors = true)
{
    CsvReader r;
    QString error;
    FUZZ_CHECK(r.open(path, &error, Name), error);
    Reading out;
    readOn(r, &out, errors);
    FUZZ_CHECK(r.fileSize() == QFileInfo(path).size(), QStringLiteral("fileSize() is wrong"));
    return out;
}

// Where each physical line starts (LF, CRLF or a lone CR ends a line), as CsvReader counts.
struct Lines
{
    std::string_view data;
    size_t bom = 0;
    std::vector<size_t> starts; // starts[k]: offset of line k + 1

    explicit Lines(std::string_view bytes) : data(bytes)
    {
        bom = data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
        starts.push_back(0);
        for (size_t j = 0; j < data.size(); ++j) {
            if (data[j] == '\n' ||
                (data[j] == '\r' && (j + 1 == data.size() || data[j + 1] != '\n')))
                starts.push_back(j + 1);
        }
    }
    // 1-based line of the byte at `offset`.
    qint64 lineOf(size_t offset) const
    {
        return qint64(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin());
    }
    // The byte a line:column names (columns count bytes, from after a BOM on line 1).
    size_t offsetOf(const Where& w) const
    {
        FUZZ_CHECK(
            w.line >= 1 && w.line <= qint64(starts.size()) && w.column >= 1,
            QStringLiteral("line %1 column %2 is not in the file").arg(w.line).arg(w.column));
        const size_t start = w.line == 1 ? bom : starts[size_t(w.line - 1)];
        return start + size_t(w.column - 1);
    }
};

// The field as it would stand in a file.
std::string quote(const std::string& field, bool quoted)
{
    if (!quoted)
        return field;
    std::string out = "\"";
    for (char c : field) {
        out += c;
        if (c == '"')
            out += '"';
    }
    return out + '"';
}

// Every record of a one-pass reading against the file's bytes.
void checkReading(const Lines& lines, const Reading& reading)
{
    const std::string_view data = lines.data;
    size_t pos = lines.bom;
    for (size_t i = 0; i < reading.records.size(); ++i) {
        const Record& rec = reading.records[i];
        const QString which = QStringLiteral("record %1").arg(i + 1);
        // Empty lines before it are skipped.
        while (pos < data.size() && (data[pos] == '\n' || data[pos] == '\r'))
            ++pos;
        const size_t start = pos;
        FUZZ_CHECK(data.substr(start, rec.raw.size()) == rec.raw,
                   QStringLiteral("%1: raw text %2 is not the file's at offset %3")
                       .arg(which, escaped(rec.raw))
                       .arg(start));
        FUZZ_CHECK(rec.line == lines.lineOf(start),
                   QStringLiteral("%1 starts on line %2, the reader says %3")
                       .arg(which)
                       .arg(lines.lineOf(start))
                       .arg(rec.line));
        // Fields re-quoted give the raw text back; unquoted ones hold no separator.
        std::string rebuilt;
        std::vector<size_t> fieldStart;
        for (size_t f = 0; f < rec.fields.size(); ++f) {
            if (f > 0)
                rebuilt += ',';
            fieldStart.push_back(start + rebuilt.size());
            const std::string& field = rec.fields[f];
            if (!rec.quoted[f])
                FUZZ_CHECK(field.find_first_of(",\r\n") == std::string::npos &&
                               (field.empty() || field[0] != '"'),
                           QStringLiteral("%1: unquoted field %2 holds a separator or starts "
                                          "with a quote")
                               .arg(which, escaped(field)));
            rebuilt += quote(field, rec.quoted[f]);
        }
        FUZZ_CHECK(rebuilt == rec.raw, QStringLiteral("%1: fields %2 do not make raw text %3")
                                           .arg(which, escaped(rebuilt), escaped(rec.raw)));
        // The line end, and where the reader stands after it.
        size_t after = start + rec.raw.size();
        if (after < data.size()) {
            FUZZ_CHECK(data[after] == '\n' || data[after] == '\r',
                       QStringLiteral("%1 is not followed by a line end").arg(which));
            after += data.substr(after, 2) == "\r\n" ? 2 : 1;
        }
        FUZZ_CHECK(
            rec.end == qint64(after),
            QStringLiteral("%1: position() %2, expected %3").arg(which).arg(rec.end).arg(after));
        // Errors about the record point at its bytes.
        FUZZ_CHECK(lines.offsetOf(parseError(rec.firstFieldError)) == fieldStart.front(),
                   QStringLiteral("%1: fieldError(0) %2 misses offset %3")
                       .arg(which, rec.firstFieldError)
                       .arg(fieldStart.front()));
        FUZZ_CHECK(lines.offsetOf(parseError(rec.lastFieldError)) == fieldStart.back(),
                   QStringLiteral("%1: fieldError(last) %2 misses offset %3")
                       .arg(which, rec.lastFieldError)
                       .arg(fieldStart.back()));
        FUZZ_CHECK(lines.offsetOf(parseError(rec.recordError)) == start + rec.raw.size(),
                   QStringLiteral("%1: recordError() %2 misses offset %3")
                       .arg(which, rec.recordError)
                       .arg(start + rec.raw.size()));
        // A NUL byte makes the record a bad row, named at the first one.
        const size_t nul = rec.raw.find('\0');
        FUZZ_CHECK(nul == std::string::npos
                       ? rec.nulError.isEmpty()
                       : lines.offsetOf(parseError(rec.nulError)) == start + nul &&
                             parseError(rec.nulError).reason == QLatin1String("NUL byte"),
                   QStringLiteral("%1: nulError() \"%2\" for a NUL at %3")
                       .arg(which, rec.nulError)
                       .arg(qint64(nul)));
        pos = after;
    }
    if (reading.error.isEmpty()) {
        while (pos < data.size() && (data[pos] == '\n' || data[pos] == '\r'))
            ++pos;
        FUZZ_CHECK(pos == data.size(),
                   QStringLiteral("the reader stopped at %1 of %2 bytes without an error")
                       .arg(pos)
                       .arg(data.size()));
        FUZZ_CHECK(reading.end == qint64(data.size()),
                   QStringLiteral("position() at the end is %1, not the file size %2")
                       .arg(reading.end)
                       .arg(data.size()));
        return;
    }
    // The error names the offending byte, in the record after the last one read.
    const Where w = parseError(reading.error);
    const size_t at = lines.offsetOf(w);
    FUZZ_CHECK(at >= pos && at < data.size(),
               QStringLiteral("error %1 points at byte %2, outside the unread part [%3, %4)")
                   .arg(reading.error)
                   .arg(at)
                   .arg(pos)
                   .arg(data.size()));
    const unsigned char c = static_cast<unsigned char>(data[at]);
    if (w.reason == QLatin1String("unterminated quoted field")) {
        FUZZ_CHECK(c == '"', QStringLiteral("%1: no quote there").arg(reading.error));
    } else if (w.reason == QLatin1String("unexpected character after closing quote")) {
        FUZZ_CHECK(at > 0 && data[at - 1] == '"' && c != ',' && c != '\r' && c != '\n',
                   QStringLiteral("%1: not a character after a quote").arg(reading.error));
    } else if (w.reason == QLatin1String("invalid UTF-8")) {
        FUZZ_CHECK(c >= 0x80, QStringLiteral("%1: an ASCII byte there").arg(reading.error));
    } else if (w.reason.startsWith(QLatin1String("UTF-16 "))) {
        // Said of the file as a whole, before any record: a BOM, or NUL as every other byte.
        FUZZ_CHECK(at == 0 && reading.records.empty() && data.size() >= 2 &&
                       (data.substr(0, 2) == "\xFF\xFE" || data.substr(0, 2) == "\xFE\xFF" ||
                        data[0] == '\0' || data[1] == '\0'),
                   QStringLiteral("%1: not the start of a UTF-16 file").arg(reading.error));
    } else {
        FUZZ_CHECK(false, QStringLiteral("unexpected error %1").arg(reading.error));
    }
}

bool sameRecord(const Record& a, const Record& b, qint64 lineShift, qint64 offsetShift)
{
    return a.line + lineShift == b.line && a.fields == b.fields && a.quoted == b.quoted &&
           a.raw == b.raw && a.end + offsetShift == b.end;
}

// `other` read the same records as `whole` (from record `skip` of other), shifted.
void checkSame(const char* how, const Reading& whole, const Reading& other, size_t skip,
               qint64 lineShift, qint64 offsetShift)
{
    FUZZ_CHECK(other.records.size() == whole.records.size() + skip,
               QStringLiteral("%1: %2 records, one pass read %3")
                   .arg(QLatin1String(how))
                   .arg(other.records.size() - skip)
                   .arg(whole.records.size()));
    for (size_t i = 0; i < whole.records.size(); ++i) {
        FUZZ_CHECK(sameRecord(whole.records[i], other.records[i + skip], lineShift, offsetShift),
                   QStringLiteral("%1: record %2 differs from one pass: %3 on line %4 vs %5 on "
                                  "line %6")
                       .arg(QLatin1String(how))
                       .arg(i + 1)
                       .arg(escaped(other.records[i + skip].raw))
                       .arg(other.records[i + skip].line)
                       .arg(escaped(whole.records[i].raw))
                       .arg(whole.records[i].line));
    }
    if (whole.error.isEmpty() || other.error.isEmpty()) {
        FUZZ_CHECK(whole.error == other.error,
                   QStringLiteral("%1: error \"%2\", one pass \"%3\"")
                       .arg(QLatin1String(how), other.error, whole.error));
        return;
    }
    const Where a = parseError(whole.error);
    const Where b = parseError(other.error);
    FUZZ_CHECK(a.line + lineShift == b.line && a.column == b.column && a.reason == b.reason,
               QStringLiteral("%1: error \"%2\", one pass \"%3\"")
                   .arg(QLatin1String(how), other.error, whole.error));
}

// Two readers, split like the sync splits a big file: after the first LF at or past `middle`.
void checkSplit(const QString& path, const Lines& lines, const Reading& whole, size_t middle)
{
    const std::string_view data = lines.data;
    const size_t newline = data.find('\n', middle);
    if (newline == std::string_view::npos)
        return;
    const qint64 split = qint64(newline + 1);
    CsvReader first;
    QString error;
    FUZZ_CHECK(first.open(path, &error, Name), error);
    first.limitTo(split);
    Reading both;
    readOn(first, &both, false);
    if (!both.error.isEmpty()) {
        checkSame("first range (error)", whole, both, 0, 0, 0);
        return;
    }
    if (both.end != split) {
        // The split fell inside a record: the first reader reads on alone.
        first.extendToEnd();
        readOn(first, &both, false);
        checkSame("first range extended", whole, both, 0, 0, 0);
        return;
    }
    const qint64 line = CsvReader::lineAt(path, split);
    FUZZ_CHECK(line == lines.lineOf(size_t(split)),
               QStringLiteral("lineAt(%1) = %2").arg(split).arg(line));
    CsvReader second;
    FUZZ_CHECK(
        second.openRange(path, split, std::numeric_limits<qint64>::max(), line, &error, Name),
        error);
    readOn(second, &both, false);
    checkSame("two ranges", whole, both, 0, 0, 0);
}

// The bytes as a stream in pieces of 1 to 16 bytes (sizes drawn from `seed`).
void checkStream(std::string_view data, const Reading& whole, quint64 seed)
{
    CsvReader r;
    size_t at = 0;
    r.openStream(
        [&](char* buffer, qint64 max, QString*) -> qint64 {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            const size_t piece = 1 + size_t(seed >> 60);
            const size_t n = std::min({size_t(max), piece, data.size() - at});
            std::copy_n(data.data() + at, n, buffer);
            at += n;
            return qint64(n);
        },
        Name);
    Reading streamed;
    readOn(r, &streamed, false);
    checkSame("stream", whole, streamed, 0, 0, 0);
}

// What CsvReader::lineAt(path, end) promises: line breaks before `end`, plus one, where a CR
// right before `end` counts even when a LF follows it.
qint64 expectedLineAt(std::string_view bytes, size_t end)
{
    qint64 line = 1;
    for (size_t j = 0; j < end; ++j) {
        if (bytes[j] == '\n' ||
            (bytes[j] == '\r' && (j + 1 == end || j + 1 == bytes.size() || bytes[j + 1] != '\n')))
            ++line;
    }
    return line;
}

void checkLineAt(const QString& path, std::string_view bytes, size_t end)
{
    const qint64 line = CsvReader::lineAt(path, qint64(end));
    FUZZ_CHECK(line == expectedLineAt(bytes, end), QStringLiteral("lineAt(%1) = %2, expected %3")
                                                       .arg(end)
                                                       .arg(line)
                                                       .arg(expectedLineAt(bytes, end)));
}

// The input behind `prefix` (which adds `extraRecords` records and `lineShift` lines).
void checkPadded(std::string_view data, const Reading& whole, const std::string& prefix,
                 size_t extraRecords, qint64 lineShift)
{
    const QString path = fuzz::scratch().filePath(QStringLiteral("padded.csv"));
    std::string bytes = prefix;
    bytes.append(data);
    fuzz::writeFile(path, bytes.data(), bytes.size());
    const Reading padded = readFile(path, false);
    checkSame("behind padding", whole, padded, extraRecords, lineShift, qint64(prefix.size()));
    // lineAt() reads in 1 MB blocks: a CR at a block's end is decided by the next block.
    for (size_t end : {ReaderBuffer, 2 * ReaderBuffer}) {
        if (end <= bytes.size())
            checkLineAt(path, bytes, end);
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    const std::string_view data = fuzz::view(bytes, size);
    const QString path = fuzz::scratch().filePath(Name);
    fuzz::writeFile(path, bytes, size);

    const Reading whole = readFile(path);
    const Lines lines(data);
    checkReading(lines, whole);

    // The sync splits at the middle; any point will do here. Each reader and each lineAt()
    // allocates a 1 MB buffer, which is most of the time an input takes: one split per input,
    // and lineAt() at a chosen offset for 1 input in 4.
    const quint64 h = fuzz::hashBytes(data);
    if (size >= 2)
        checkSplit(path, lines, whole, size_t(h >> 32) % size);
    if ((h >> 40) % 4 == 0)
        checkLineAt(path, data, size_t(h >> 16) % (size + 1));
    // A stream guesses no UTF-16 without a BOM (it may have handed over only 3 bytes).
    if (!whole.error.contains(QLatin1String(": UTF-16 (")))
        checkStream(data, whole, h);

    // A BOM is only a BOM at the start of the file: behind padding it is data. So is a UTF-16
    // start, which ends the whole reading at once: nothing to compare with.
    if (lines.bom == 0 && !whole.error.contains(QLatin1String(": UTF-16 (")) && h % 32 == 0) {
        const size_t k = size_t((h >> 8) % (size + 1)); // the input's byte at the boundary
        if ((h >> 4) % 2 == 0) {
            checkPadded(data, whole, std::string(ReaderBuffer - k, '\n'), 0,
                        qint64(ReaderBuffer - k));
        } else {
            // One record longer than the buffer: it grows to 2 MB, then refills.
            checkPadded(data, whole, std::string(2 * ReaderBuffer - k - 1, 'x') + '\n', 1, 1);
        }
    }
    return 0;
}
