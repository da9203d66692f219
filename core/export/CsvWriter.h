#pragma once

#include "OutputFile.h"

#include <QString>
#include <QtGlobal>

#include <string>
#include <string_view>

namespace pulsebook {

// Streams RFC 4180 CSV (UTF-8, LF) to a user-named file, through OutputFile: a new file gets
// mode 0600, an existing one is replaced whole only by commit(), and destroying
// the writer before that leaves it as it was. Text cells that a spreadsheet would run as a
// formula (starting with = + - @ tab or CR) are prefixed with ', and NUL bytes are written as
// U+2400 (␀).
class CsvWriter
{
public:
    bool open(const QString& path, QString* error);
    // Text cell: quoted when needed, neutralised when formula-like.
    void text(std::string_view value);
    void text(const QString& value);
    // Number cell: written as is, never neutralised ("-5" stays a number).
    void number(qint64 value);
    void number(double value);
    void empty();
    void endRow();
    // Writes out and syncs what is buffered; false with *error ("<path>: cannot write: <why>")
    // if anything failed to write. The old file is still in place.
    bool finish(QString* error);
    // finish(), then puts the file in place.
    bool commit(QString* error);

    // The cell as it would be written (quoting and neutralisation applied).
    static std::string escape(std::string_view value);

private:
    void separator();
    void flushIfFull();

    void writeBuffer();

    OutputFile m_file;
    std::string m_buffer;
    bool m_rowStarted = false;
};

} // namespace pulsebook
