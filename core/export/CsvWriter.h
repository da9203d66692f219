#pragma once

#include <QString>
#include <QtGlobal>

#include <cstdio>
#include <string>
#include <string_view>

namespace pulsebook {

// Streams RFC 4180 CSV (UTF-8, LF) to a file created with mode 0600. Text cells that a
// spreadsheet would run as a formula (starting with = + - @ tab or CR) are prefixed with '.
class CsvWriter
{
public:
    CsvWriter() = default;
    ~CsvWriter();
    CsvWriter(const CsvWriter&) = delete;
    CsvWriter& operator=(const CsvWriter&) = delete;

    bool open(const QString& path, QString* error);
    // Text cell: quoted when needed, neutralised when formula-like.
    void text(std::string_view value);
    void text(const QString& value);
    // Number cell: written as is, never neutralised ("-5" stays a number).
    void number(qint64 value);
    void number(double value);
    void empty();
    void endRow();
    // Flushes and closes; false with *error if anything failed to write.
    bool close(QString* error);

    // The cell as it would be written (quoting and neutralisation applied).
    static std::string escape(std::string_view value);

private:
    void separator();
    void flushIfFull();

    FILE* m_file = nullptr;
    QString m_path;
    std::string m_buffer;
    bool m_rowStarted = false;
    bool m_failed = false;
};

} // namespace pulsebook
