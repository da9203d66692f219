#include "CsvReader.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pulsebook {

namespace {

constexpr size_t InitialBuffer = size_t(1) << 20;
// How much of a file's start utf16Kind() looks at for UTF-16 without a BOM.
constexpr size_t StartBytes = 64;

enum class Parse { Complete, NeedMore, Error };

// Bytes that end an unquoted field.
struct Specials
{
    bool table[256] = {};
    constexpr Specials()
    {
        table[size_t(',')] = true;
        table[size_t('\n')] = true;
        table[size_t('\r')] = true;
    }
};
constexpr Specials specials;

// Index of the first invalid UTF-8 byte in [p, p + n), or n when the text is valid.
size_t invalidUtf8At(const unsigned char* p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        // ASCII fast path, 8 bytes at a time.
        while (i + 8 <= n) {
            quint64 w;
            std::memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len;
        quint32 cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and code points past U+10FFFF.
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return i;
        i += len;
    }
    return n;
}

// "UTF-16 (little-endian)" or "(big-endian)" when the file starts like UTF-16 text: a BOM, or
// (without one, `guess`) ASCII characters whose other byte is NUL, as a header's column names
// are. Empty for anything else.
QString utf16Kind(const unsigned char* p, size_t n, bool guess)
{
    if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        return QStringLiteral("UTF-16 (little-endian)");
    if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        return QStringLiteral("UTF-16 (big-endian)");
    n = std::min(n, StartBytes) & ~size_t(1);
    if (!guess || n < 4)
        return {};
    bool little = true;
    bool big = true;
    for (size_t i = 0; i < n; i += 2) {
        little = little && p[i] != 0 && p[i] < 0x80 && p[i + 1] == 0;
        big = big && p[i] == 0 && p[i + 1] != 0 && p[i + 1] < 0x80;
    }
    if (little)
        return QStringLiteral("UTF-16 (little-endian)");
    if (big)
        return QStringLiteral("UTF-16 (big-endian)");
    return {};
}

} // namespace

CsvReader::CsvReader() = default;

CsvReader::~CsvReader()
{
    if (m_file)
        std::fclose(m_file);
}

bool CsvReader::open(const QString& path, QString* error, const QString& displayName)
{
    m_name = displayName.isEmpty() ? path : displayName;
    m_file = std::fopen(QFile::encodeName(path).constData(), "rb");
    if (!m_file) {
        const QString reason = QString::fromLocal8Bit(std::strerror(errno));
        if (error)
            *error = QStringLiteral("%1: cannot open: %2").arg(m_name, reason);
        return false;
    }
    std::setvbuf(m_file, nullptr, _IONBF, 0);
    m_fileSize = QFileInfo(path).size();
    m_buf.resize(InitialBuffer);
    return true;
}

void CsvReader::openStream(ReadFunction read, const QString& displayName, qint64 firstLine)
{
    m_name = displayName;
    m_nextLine = firstLine;
    m_recordLine = firstLine;
    m_read = std::move(read);
    m_fileSize = 0;
    m_buf.resize(InitialBuffer);
}

bool CsvReader::openRange(const QString& path, qint64 begin, qint64 end, qint64 firstLine,
                          QString* error, const QString& displayName)
{
    if (!open(path, error, displayName))
        return false;
    if (begin > 0) {
        if (std::fseek(m_file, long(begin), SEEK_SET) != 0) {
            if (error)
                *error = QStringLiteral("%1: cannot seek").arg(m_name);
            return false;
        }
        m_atStart = false;
    }
    m_consumedBase = begin;
    m_rangeEnd = end;
    m_nextLine = firstLine;
    return true;
}

qint64 CsvReader::lineAt(const QString& path, qint64 end)
{
    FILE* f = std::fopen(QFile::encodeName(path).constData(), "rb");
    if (!f)
        return -1;
    std::vector<char> buf(size_t(1) << 20);
    qint64 line = 1;
    qint64 left = end;
    bool pendingCr = false;
    while (left > 0) {
        const size_t want = size_t(std::min<qint64>(left, qint64(buf.size())));
        const size_t got = std::fread(buf.data(), 1, want, f);
        if (got == 0)
            break;
        const char* p = buf.data();
        const char* stop = p + got;
        if (pendingCr) {
            if (*p != '\n')
                ++line; // the CR ended a line on its own
            pendingCr = false;
        }
        for (; p < stop; ++p) {
            if (*p == '\n') {
                ++line;
            } else if (*p == '\r') {
                if (p + 1 < stop) {
                    if (p[1] != '\n')
                        ++line;
                } else {
                    pendingCr = true;
                }
            }
        }
        left -= qint64(got);
    }
    if (pendingCr)
        ++line; // a CR right before `end`: `end` starts a new line either way
    std::fclose(f);
    return line;
}

bool CsvReader::fill()
{
    if (m_begin > 0) {
        std::memmove(m_buf.data(), m_buf.data() + m_begin, m_end - m_begin);
        m_consumedBase += qint64(m_begin);
        m_end -= m_begin;
        m_pos -= std::min(m_pos, m_begin);
        m_begin = 0;
    }
    if (m_end == m_buf.size()) {
        if (m_buf.size() >= MaxRecordBytes)
            return false;
        m_buf.resize(std::min(m_buf.size() * 2, MaxRecordBytes));
    }
    // The first fill reads at least 3 bytes (or to the end) so that a BOM is seen whole, even
    // from a stream that hands over a byte at a time.
    do {
        size_t got = 0;
        if (m_read) {
            QString why;
            const qint64 n = m_read(m_buf.data() + m_end, qint64(m_buf.size() - m_end), &why);
            if (n < 0) {
                m_eof = true;
                m_error = QStringLiteral("%1: %2").arg(m_name, why);
            }
            got = size_t(std::max<qint64>(n, 0));
        } else {
            got = std::fread(m_buf.data() + m_end, 1, m_buf.size() - m_end, m_file);
        }
        m_end += got;
        if (got == 0) {
            m_eof = true;
            // A failed read is not the end of the file: importing the part read so far would
            // silently drop the rest.
            if (m_file && std::ferror(m_file))
                m_error = QStringLiteral("%1: read error: %2")
                              .arg(m_name, QString::fromLocal8Bit(std::strerror(errno)));
        }
    } while (m_atStart && m_end < 3 && !m_eof);
    if (m_atStart) {
        m_atStart = false;
        if (m_end >= 3 && std::memcmp(m_buf.data(), "\xEF\xBB\xBF", 3) == 0)
            m_begin = 3;
        // Named for what it is, rather than "invalid UTF-8" or a missing column. Guessed from
        // the bytes only in a file, whose first read holds its first StartBytes: a stream may
        // have handed over just 3 (and a warehouse's text holds no NUL).
        const QString utf16 = utf16Kind(reinterpret_cast<const unsigned char*>(m_buf.data()), m_end,
                                        m_file != nullptr);
        if (!utf16.isEmpty() && m_error.isEmpty())
            m_error = QStringLiteral("%1:1:1: %2; save it as UTF-8").arg(m_name, utf16);
    }
    return true;
}

bool CsvReader::next()
{
    if ((!m_file && !m_read) || hasError() || position() >= m_rangeEnd)
        return false;
    for (;;) {
        if (m_begin == m_end && !m_eof) {
            if (!fill()) {
                setError(m_buf.data() + m_begin, QStringLiteral("record longer than 256 MB"));
                return false;
            }
            if (hasError())
                return false;
            continue;
        }
        if (m_begin == m_end && m_eof)
            return false;
        if (parseRecord())
            return true;
        if (hasError() || m_rangeStopped)
            return false;
        if (m_eof)
            return false; // only empty lines were left
        const size_t before = m_end - m_begin;
        if (!fill()) {
            setError(m_buf.data() + m_begin, QStringLiteral("record longer than 256 MB"));
            return false;
        }
        if (hasError())
            return false;
        if (m_eof && m_end - m_begin == before && before == 0)
            return false;
    }
}

// Parses one record starting at m_begin. Returns true when a whole record was read; false when
// more data is needed (no error set) or on an error (error set).
bool CsvReader::parseRecord()
{
    char* const buf = m_buf.data();
    const char* const end = buf + m_end;
    const char* p = buf + m_begin;
    qint64 line = m_nextLine;

    // Skip empty lines.
    while (p < end && (*p == '\n' || *p == '\r')) {
        if (*p == '\r') {
            if (p + 1 == end && !m_eof)
                return false;
            if (p + 1 < end && p[1] == '\n')
                ++p;
        }
        ++p;
        ++line;
        m_begin = size_t(p - buf);
        m_pos = m_begin; // empty lines count as read, so bytesRead() reaches the file size
        m_nextLine = line;
    }
    if (p == end)
        return false;
    if (m_consumedBase + (p - buf) >= m_rangeEnd) {
        m_rangeStopped = true; // the rest belongs to another reader
        return false;
    }

    const char* const recordStart = p;
    m_fields.clear();
    m_quoted.clear();
    m_fieldStart.clear();
    m_unescaped.clear();
    m_unescapedSpans.clear();
    m_recordLine = line;

    for (;;) {
        const char* fieldStart = p;
        m_fieldStart.push_back(size_t(p - buf));
        if (p < end && *p == '"') {
            // Quoted field: collect into m_unescaped only if it has doubled quotes.
            ++p;
            const char* chunk = p;
            bool escaped = false;
            size_t uOffset = m_unescaped.size();
            for (;;) {
                const void* q = std::memchr(p, '"', size_t(end - p));
                if (!q) {
                    if (!m_eof)
                        return false;
                    m_begin = size_t(recordStart - buf);
                    setError(fieldStart, QStringLiteral("unterminated quoted field"));
                    return false;
                }
                const char* quote = static_cast<const char*>(q);
                if (quote + 1 == end && !m_eof)
                    return false;
                if (quote + 1 < end && quote[1] == '"') {
                    if (!escaped) {
                        escaped = true;
                        uOffset = m_unescaped.size();
                    }
                    m_unescaped.append(chunk, size_t(quote + 1 - chunk));
                    p = quote + 2;
                    chunk = p;
                    continue;
                }
                // Count line breaks inside the field for later line numbers.
                for (const char* c = fieldStart; c < quote; ++c) {
                    if (*c == '\n' || (*c == '\r' && (c + 1 >= quote || c[1] != '\n')))
                        ++line;
                }
                if (escaped) {
                    m_unescaped.append(chunk, size_t(quote - chunk));
                    m_unescapedSpans.emplace_back(uOffset, m_unescaped.size() - uOffset);
                    m_fields.emplace_back(); // filled in below
                } else {
                    m_unescapedSpans.emplace_back(SIZE_MAX, 0);
                    m_fields.emplace_back(fieldStart + 1, size_t(quote - fieldStart - 1));
                }
                m_quoted.push_back(true);
                p = quote + 1;
                break;
            }
            if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
                m_begin = size_t(recordStart - buf);
                setError(p, QStringLiteral("unexpected character after closing quote"));
                return false;
            }
        } else {
            while (p < end && !specials.table[static_cast<unsigned char>(*p)])
                ++p;
            m_fields.emplace_back(fieldStart, size_t(p - fieldStart));
            m_unescapedSpans.emplace_back(SIZE_MAX, 0);
            m_quoted.push_back(false);
        }
        if (p == end) {
            if (!m_eof)
                return false;
            m_raw = std::string_view(recordStart, size_t(p - recordStart));
            m_begin = size_t(p - buf);
            break;
        }
        if (*p == ',') {
            ++p;
            continue;
        }
        // Line end: LF, CRLF or a lone CR.
        m_raw = std::string_view(recordStart, size_t(p - recordStart));
        if (*p == '\r') {
            if (p + 1 == end && !m_eof)
                return false;
            if (p + 1 < end && p[1] == '\n')
                ++p;
        }
        ++p;
        ++line;
        m_begin = size_t(p - buf);
        break;
    }
    m_nextLine = line;
    m_pos = m_begin;
    for (size_t i = 0; i < m_fields.size(); ++i) {
        const auto& span = m_unescapedSpans[i];
        if (span.first != SIZE_MAX)
            m_fields[i] = std::string_view(m_unescaped.data() + span.first, span.second);
    }
    const size_t bad =
        invalidUtf8At(reinterpret_cast<const unsigned char*>(m_raw.data()), m_raw.size());
    if (bad != m_raw.size()) {
        setError(m_raw.data() + bad, QStringLiteral("invalid UTF-8"));
        return false;
    }
    const void* nul = std::memchr(m_raw.data(), 0, m_raw.size());
    m_nulAt = nul ? size_t(static_cast<const char*>(nul) - m_raw.data()) : SIZE_MAX;
    return true;
}

QString CsvReader::nulError() const
{
    return m_nulAt == SIZE_MAX ? QString()
                               : errorAt(m_raw.data() + m_nulAt, QStringLiteral("NUL byte"));
}

QString CsvReader::errorAt(const char* at, const QString& reason) const
{
    // Count line breaks from the record's start to `at`.
    const char* p = m_raw.data() ? m_raw.data() : at;
    if (!m_fieldStart.empty())
        p = m_buf.data() + m_fieldStart.front();
    qint64 line = m_recordLine;
    const char* lineStart = p;
    for (const char* c = p; c < at; ++c) {
        if (*c == '\n' || (*c == '\r' && c + 1 < at && c[1] != '\n') ||
            (*c == '\r' && c + 1 == at)) {
            ++line;
            lineStart = c + 1;
        }
    }
    const qint64 column = qint64(at - lineStart) + 1;
    return QStringLiteral("%1:%2:%3: %4").arg(m_name).arg(line).arg(column).arg(reason);
}

void CsvReader::setError(const char* at, const QString& reason)
{
    m_error = errorAt(at, reason);
}

QString CsvReader::fieldError(int i, const QString& reason) const
{
    return errorAt(m_buf.data() + m_fieldStart[size_t(i)], reason);
}

QString CsvReader::recordError(const QString& reason) const
{
    return errorAt(m_raw.data() + m_raw.size(), reason);
}

} // namespace pulsebook
