#include "CsvWriter.h"

namespace pulsebook {

bool CsvWriter::open(const QString& path, QString* error)
{
    m_buffer.clear();
    m_rowStarted = false;
    if (!m_file.open(path, error))
        return false;
    m_buffer.reserve(1 << 16);
    return true;
}

std::string CsvWriter::escape(std::string_view value)
{
    std::string out;
    const bool formula =
        !value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' ||
                           value[0] == '@' || value[0] == '\t' || value[0] == '\r');
    const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
    if (quote)
        out.push_back('"');
    if (formula)
        out.push_back('\'');
    for (char c : value) {
        if (c == '"')
            out.push_back('"');
        // A NUL (kept by caches synced before NUL bytes were refused, or in a rejected record)
        // ends a cell early in many programs: show it as U+2400 SYMBOL FOR NULL instead.
        if (c == '\0')
            out.append("\xE2\x90\x80");
        else
            out.push_back(c);
    }
    if (quote)
        out.push_back('"');
    return out;
}

void CsvWriter::separator()
{
    if (m_rowStarted)
        m_buffer.push_back(',');
    m_rowStarted = true;
}

void CsvWriter::text(std::string_view value)
{
    separator();
    m_buffer += escape(value);
    flushIfFull();
}

void CsvWriter::text(const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    text(std::string_view(utf8.constData(), size_t(utf8.size())));
}

void CsvWriter::number(qint64 value)
{
    separator();
    m_buffer += std::to_string(value);
}

void CsvWriter::number(double value)
{
    separator();
    m_buffer += QByteArray::number(value, 'g', 15).toStdString();
}

void CsvWriter::empty()
{
    separator();
}

void CsvWriter::endRow()
{
    m_buffer.push_back('\n');
    m_rowStarted = false;
    flushIfFull();
}

void CsvWriter::writeBuffer()
{
    // A failed write is remembered by m_file and reported by finish().
    m_file.write(m_buffer.data(), m_buffer.size());
    m_buffer.clear();
}

void CsvWriter::flushIfFull()
{
    if (m_buffer.size() >= (1 << 16))
        writeBuffer();
}

bool CsvWriter::finish(QString* error)
{
    writeBuffer();
    return m_file.finish(error);
}

bool CsvWriter::commit(QString* error)
{
    writeBuffer();
    return m_file.commit(error);
}

} // namespace pulsebook
