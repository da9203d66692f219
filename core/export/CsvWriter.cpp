#include "CsvWriter.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pulsebook {

CsvWriter::~CsvWriter()
{
    if (m_file)
        std::fclose(m_file);
}

bool CsvWriter::open(const QString& path, QString* error)
{
    m_path = path;
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || !(m_file = ::fdopen(fd, "wb"))) {
        if (fd >= 0)
            ::close(fd);
        if (error)
            *error = QStringLiteral("%1: cannot write: %2")
                         .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    // Mode is set at creation; an existing file keeps its mode unless we tighten it.
    ::fchmod(fd, 0600);
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

void CsvWriter::flushIfFull()
{
    if (m_buffer.size() >= (1 << 16) && m_file) {
        if (std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size())
            m_failed = true;
        m_buffer.clear();
    }
}

bool CsvWriter::close(QString* error)
{
    if (!m_file)
        return false;
    if (!m_buffer.empty() &&
        std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size())
        m_failed = true;
    m_buffer.clear();
    if (std::fclose(m_file) != 0)
        m_failed = true;
    m_file = nullptr;
    if (m_failed && error)
        *error = QStringLiteral("%1: write failed").arg(m_path);
    return !m_failed;
}

} // namespace pulsebook
