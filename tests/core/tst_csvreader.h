#pragma once

// Tests of the streaming CSV reader against hand-checked records, error positions
// ("file:line:column: reason", column = 1-based byte offset in the physical line) and an
// independent RFC 4180 reference parser written here.
#include "sync/CsvReader.h"

#include <QByteArrayList>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <initializer_list>
#include <random>
#include <string>

using pulsebook::CsvReader;

namespace csvreadertest {

using Records = QList<QStringList>;

// Builds expected records from UTF-8 literals.
inline Records recs(std::initializer_list<std::initializer_list<const char*>> rows)
{
    Records out;
    for (const auto& row : rows) {
        QStringList fields;
        for (const char* f : row)
            fields.append(QString::fromUtf8(f));
        out.append(fields);
    }
    return out;
}

inline QByteArray bytes(std::string_view v)
{
    return QByteArray(v.data(), qsizetype(v.size()));
}

// Everything a reader produced for one file: fields as bytes, the line and raw text of each
// record, and the error (empty when the file was read to its end).
struct Outcome
{
    QList<QByteArrayList> records;
    QList<qint64> lines;
    QByteArrayList raws;
    QString error;

    bool operator==(const Outcome& o) const = default;

    Records asStrings() const
    {
        Records out;
        for (const QByteArrayList& r : records) {
            QStringList fields;
            for (const QByteArray& f : r)
                fields.append(QString::fromUtf8(f));
            out.append(fields);
        }
        return out;
    }

    QByteArray describe() const
    {
        QByteArray s;
        for (qsizetype i = 0; i < records.size(); ++i) {
            s += "  line " + QByteArray::number(lines.value(i)) +
                 " raw=" + raws.value(i).toPercentEncoding() + " fields=";
            for (const QByteArray& f : records[i])
                s += '[' + f.toPercentEncoding() + ']';
            s += '\n';
        }
        s += "  error: " + error.toUtf8() + '\n';
        return s;
    }
};

inline bool writeBytes(const QString& path, const QByteArray& content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(content) == content.size();
}

// Every record the reader gives, then its error.
inline void readRecords(CsvReader& reader, Outcome* out)
{
    // The cap turns a reader that never ends into a failure rather than a hang.
    while (out->records.size() < 100000 && reader.next()) {
        QByteArrayList fields;
        for (int i = 0; i < reader.fieldCount(); ++i)
            fields.append(bytes(reader.field(i)));
        out->records.append(fields);
        out->lines.append(reader.line());
        out->raws.append(bytes(reader.rawRecord()));
    }
    out->error = reader.errorString();
}

inline Outcome readWithReader(const QString& path)
{
    Outcome out;
    CsvReader reader;
    QString error;
    if (!reader.open(path, &error, QStringLiteral("t.csv"))) {
        out.error = error;
        return out;
    }
    readRecords(reader, &out);
    return out;
}

// The same through a stream that hands over `text` in pieces of 1 to `maxPiece` bytes.
inline Outcome readWithStream(const QByteArray& text, quint32 seed, int maxPiece)
{
    Outcome out;
    CsvReader reader;
    qsizetype at = 0;
    quint32 state = seed | 1;
    reader.openStream(
        [&](char* buffer, qint64 max, QString*) -> qint64 {
            state = state * 1664525u + 1013904223u;
            const qint64 piece = 1 + qint64((state >> 8) % quint32(maxPiece));
            const qint64 n = std::min({max, piece, qint64(text.size() - at)});
            std::memcpy(buffer, text.constData() + at, size_t(n));
            at += n;
            return n;
        },
        QStringLiteral("t.csv"));
    readRecords(reader, &out);
    return out;
}

// ---- An independent reference: a plain char-by-char RFC 4180 state machine ----

} // namespace csvreadertest

using namespace csvreadertest;

class TestCsvReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void records_data();
    void records();
    void errors_data();
    void errors();
    void rawRecord_data();
    void rawRecord();
    void fieldQuoted();
    void fieldAndRecordErrorPositions();
    void bytesReadAtEnd_data();
    void bytesReadAtEnd();
    void openMissingFile();
    void readErrorIsReported();
    void streamErrorIsReported();
    void recordLargerThanBuffer();
    void bufferBoundaries();
    void streamingLargeFile();
    void matchesReferenceOnValidText();
    void matchesReferenceOnDamagedText();

private:
    QString write(const QByteArray& content);

    QTemporaryDir m_dir;
};
