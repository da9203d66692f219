// The streaming CSV reader against hand-checked records and error positions; the reference
// parser and the random texts: tst_csvreader_reference.cpp (one binary).
#include "tst_csvreader.h"

void TestCsvReader::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
}

QString TestCsvReader::write(const QByteArray& content)
{
    const QString path = m_dir.filePath(QStringLiteral("t.csv"));
    if (!writeBytes(path, content))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestCsvReader::records_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Records>("expected");
    QTest::addColumn<QList<qint64>>("lines");

    using L = QList<qint64>;
    QTest::newRow("plain LF") << QByteArray("a,b,c\n1,2,3\n")
                              << recs({{"a", "b", "c"}, {"1", "2", "3"}}) << L{1, 2};
    QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n") << recs({{"a", "b"}, {"1", "2"}})
                          << L{1, 2};
    QTest::newRow("lone CR") << QByteArray("a,b\r1,2\r3,4")
                             << recs({{"a", "b"}, {"1", "2"}, {"3", "4"}}) << L{1, 2, 3};
    QTest::newRow("mixed line ends")
        << QByteArray("a\r\nb\nc\rd\n") << recs({{"a"}, {"b"}, {"c"}, {"d"}}) << L{1, 2, 3, 4};
    QTest::newRow("UTF-8 BOM skipped") << QByteArray("\xEF\xBB\xBFid,name\n1,x\n")
                                       << recs({{"id", "name"}, {"1", "x"}}) << L{1, 2};
    QTest::newRow("BOM-less") << QByteArray("id,name\n1,x\n") << recs({{"id", "name"}, {"1", "x"}})
                              << L{1, 2};
    QTest::newRow("BOM only") << QByteArray("\xEF\xBB\xBF") << Records{} << L{};
    QTest::newRow("BOM not at file start is text") << QByteArray("a\n\xEF\xBB\xBF"
                                                                 "b\n")
                                                   << recs({{"a"},
                                                            {"\xEF\xBB\xBF"
                                                             "b"}})
                                                   << L{1, 2};
    QTest::newRow("quoted fields")
        << QByteArray("\"a\",\"b,c\",d\n") << recs({{"a", "b,c", "d"}}) << L{1};
    QTest::newRow("doubled quotes")
        << QByteArray("\"say \"\"hi\"\"\",x\n") << recs({{"say \"hi\"", "x"}}) << L{1};
    QTest::newRow("only a doubled quote")
        << QByteArray("\"\"\"\",\"\"\"\"\"\"\"\"\n") << recs({{"\"", "\"\"\""}}) << L{1};
    QTest::newRow("embedded LF") << QByteArray("\"a\nb\",c\nd,e\n")
                                 << recs({{"a\nb", "c"}, {"d", "e"}}) << L{1, 3};
    QTest::newRow("embedded CRLF")
        << QByteArray("\"a\r\nb\",c\r\nd,e\r\n") << recs({{"a\r\nb", "c"}, {"d", "e"}}) << L{1, 3};
    QTest::newRow("embedded lone CR")
        << QByteArray("\"a\rb\",c\nd\n") << recs({{"a\rb", "c"}, {"d"}}) << L{1, 3};
    QTest::newRow("several embedded line ends")
        << QByteArray("h\n\"1\n2\r\n3\r4\",\"\n\"\ny\n")
        << recs({{"h"}, {"1\n2\r\n3\r4", "\n"}, {"y"}}) << L{1, 2, 7};
    QTest::newRow("embedded doubled quote and newline")
        << QByteArray("\"a\"\"\nb\"\nc\n") << recs({{"a\"\nb"}, {"c"}}) << L{1, 3};
    QTest::newRow("empty middle field") << QByteArray("a,,c\n") << recs({{"a", "", "c"}}) << L{1};
    QTest::newRow("trailing comma") << QByteArray("a,b,\n") << recs({{"a", "b", ""}}) << L{1};
    QTest::newRow("trailing comma at EOF") << QByteArray("a,b,") << recs({{"a", "b", ""}}) << L{1};
    QTest::newRow("leading comma") << QByteArray(",a\n") << recs({{"", "a"}}) << L{1};
    QTest::newRow("only a comma") << QByteArray(",\n") << recs({{"", ""}}) << L{1};
    QTest::newRow("empty quoted field")
        << QByteArray("\"\",x,\"\"\n") << recs({{"", "x", ""}}) << L{1};
    QTest::newRow("lone empty quoted field is a record")
        << QByteArray("\"\"\na\n") << recs({{""}, {"a"}}) << L{1, 2};
    QTest::newRow("empty lines skipped")
        << QByteArray("\n\na\n\n\nb\n\n\n") << recs({{"a"}, {"b"}}) << L{3, 6};
    QTest::newRow("empty CRLF and CR lines skipped")
        << QByteArray("\r\n\r\na\r\n\r\n\r\rb\r\n\r\n") << recs({{"a"}, {"b"}}) << L{3, 7};
    QTest::newRow("no newline at EOF")
        << QByteArray("a,b\nc,d") << recs({{"a", "b"}, {"c", "d"}}) << L{1, 2};
    QTest::newRow("quoted field at EOF") << QByteArray("a,\"b\"") << recs({{"a", "b"}}) << L{1};
    QTest::newRow("quote inside unquoted field is literal")
        << QByteArray("5\" monitor,a\"b\"c,d\"\n") << recs({{"5\" monitor", "a\"b\"c", "d\""}})
        << L{1};
    QTest::newRow("spaces kept") << QByteArray(" a , b \n") << recs({{" a ", " b "}}) << L{1};
    QTest::newRow("multi-byte UTF-8")
        << QByteArray("caf\xC3\xA9,\xE4\xB8\xAD\xE6\x96\x87,\xF0\x9F\x98\x80\n"
                      "\"\xC3\xBC,\xC3\xB6\"\n")
        << recs({{"caf\xC3\xA9", "\xE4\xB8\xAD\xE6\x96\x87", "\xF0\x9F\x98\x80"},
                 {"\xC3\xBC,\xC3\xB6"}})
        << L{1, 2};
    QTest::newRow("0 bytes") << QByteArray() << Records{} << L{};
    QTest::newRow("only line ends") << QByteArray("\n\r\n\r") << Records{} << L{};
    QTest::newRow("header only") << QByteArray("id,name,email\n") << recs({{"id", "name", "email"}})
                                 << L{1};
    QTest::newRow("header only without newline")
        << QByteArray("id,name") << recs({{"id", "name"}}) << L{1};
}

void TestCsvReader::records()
{
    QFETCH(QByteArray, input);
    QFETCH(Records, expected);
    QFETCH(QList<qint64>, lines);

    const Outcome out = readWithReader(write(input));
    QCOMPARE(out.error, QString());
    QCOMPARE(out.asStrings(), expected);
    QCOMPARE(out.lines, lines);
}

void TestCsvReader::errors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Records>("before");
    QTest::addColumn<QString>("error");

    QTest::newRow("unterminated quote")
        << QByteArray("a,b\nc,d\nxyz,\"abc\n") << recs({{"a", "b"}, {"c", "d"}})
        << QStringLiteral("t.csv:3:5: unterminated quoted field");
    QTest::newRow("unterminated quote at file start")
        << QByteArray("\"abc") << Records{}
        << QStringLiteral("t.csv:1:1: unterminated quoted field");
    QTest::newRow("unterminated after doubled quote")
        << QByteArray("x,\"a\"\"\n") << Records{}
        << QStringLiteral("t.csv:1:3: unterminated quoted field");
    QTest::newRow("unterminated over several lines")
        << QByteArray("a\n\"b\nc\r\nd\n") << recs({{"a"}})
        << QStringLiteral("t.csv:2:1: unterminated quoted field");
    QTest::newRow("unterminated after empty lines")
        << QByteArray("a\n\n\r\n  ,\"x") << recs({{"a"}})
        << QStringLiteral("t.csv:4:4: unterminated quoted field");
    // The BOM is not text: the first column of the first line is the byte after it.
    QTest::newRow("unterminated after BOM")
        << QByteArray("\xEF\xBB\xBF\"abc") << Records{}
        << QStringLiteral("t.csv:1:1: unterminated quoted field");
    QTest::newRow("character after closing quote")
        << QByteArray("a,\"b\"c,d\n") << Records{}
        << QStringLiteral("t.csv:1:6: unexpected character after closing quote");
    QTest::newRow("space after closing quote")
        << QByteArray("ok\n\"a\" ,b\n") << recs({{"ok"}})
        << QStringLiteral("t.csv:2:4: unexpected character after closing quote");
    QTest::newRow("character after multi-line quoted field")
        << QByteArray("x\n\"a\nbc\"d\n") << recs({{"x"}})
        << QStringLiteral("t.csv:3:4: unexpected character after closing quote");
    QTest::newRow("lone 0xFF") << QByteArray("ok\nab,c\xFF"
                                             "d\n")
                               << recs({{"ok"}}) << QStringLiteral("t.csv:2:5: invalid UTF-8");
    QTest::newRow("truncated 2-byte sequence before separator")
        << QByteArray("x,\xC3,y\n") << Records{} << QStringLiteral("t.csv:1:3: invalid UTF-8");
    QTest::newRow("truncated 2-byte sequence before letter")
        << QByteArray("\xC3"
                      "a\n")
        << Records{} << QStringLiteral("t.csv:1:1: invalid UTF-8");
    QTest::newRow("truncated 2-byte sequence at EOF")
        << QByteArray("ab\xC3") << Records{} << QStringLiteral("t.csv:1:3: invalid UTF-8");
    QTest::newRow("overlong C0 AF")
        << QByteArray("a,\xC0\xAF\n") << Records{} << QStringLiteral("t.csv:1:3: invalid UTF-8");
    QTest::newRow("overlong 3-byte E0 80 AF")
        << QByteArray("\xE0\x80\xAF\n") << Records{} << QStringLiteral("t.csv:1:1: invalid UTF-8");
    QTest::newRow("UTF-16 surrogate ED A0 80") << QByteArray("ab\xED\xA0\x80\n") << Records{}
                                               << QStringLiteral("t.csv:1:3: invalid UTF-8");
    QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80\n") << Records{}
                                    << QStringLiteral("t.csv:1:1: invalid UTF-8");
    QTest::newRow("lone continuation byte")
        << QByteArray("abc\x80\n") << Records{} << QStringLiteral("t.csv:1:4: invalid UTF-8");
    QTest::newRow("invalid UTF-8 after embedded LF")
        << QByteArray("h\n\"ab\ncd\xFF\"\n") << recs({{"h"}})
        << QStringLiteral("t.csv:3:3: invalid UTF-8");
    QTest::newRow("invalid UTF-8 after embedded CRLF and CR")
        << QByteArray("\"a\r\n\r\xFF\"\n") << Records{}
        << QStringLiteral("t.csv:3:1: invalid UTF-8");
    QTest::newRow("error on line 5 after quoted field on lines 2-3")
        << QByteArray("h1,h2\n\"a\nb\",c\nd,e\n\"bad\"x,y\n")
        << recs({{"h1", "h2"}, {"a\nb", "c"}, {"d", "e"}})
        << QStringLiteral("t.csv:5:6: unexpected character after closing quote");
    QTest::newRow("unterminated on line 5 after quoted field on lines 2-3")
        << QByteArray("h\n\"a\nb\"\nc\n1,\"open\n") << recs({{"h"}, {"a\nb"}, {"c"}})
        << QStringLiteral("t.csv:5:3: unterminated quoted field");
    QTest::newRow("CRLF: unterminated on line 5 after quoted field on lines 2-3")
        << QByteArray("h\r\n\"a\r\nb\"\r\nc\r\n1,\"open\r\n") << recs({{"h"}, {"a\r\nb"}, {"c"}})
        << QStringLiteral("t.csv:5:3: unterminated quoted field");
    QTest::newRow("CR: invalid UTF-8 on line 5 after quoted field on lines 2-3")
        << QByteArray("h\r\"a\rb\"\rc\r12\xFF\r") << recs({{"h"}, {"a\rb"}, {"c"}})
        << QStringLiteral("t.csv:5:3: invalid UTF-8");
}

void TestCsvReader::errors()
{
    QFETCH(QByteArray, input);
    QFETCH(Records, before);
    QFETCH(QString, error);

    CsvReader reader;
    QString openError;
    QVERIFY(reader.open(write(input), &openError, QStringLiteral("t.csv")));
    Records got;
    while (reader.next()) {
        QStringList fields;
        for (int i = 0; i < reader.fieldCount(); ++i)
            fields.append(QString::fromUtf8(bytes(reader.field(i))));
        got.append(fields);
    }
    QCOMPARE(got, before);
    QVERIFY(reader.hasError());
    QCOMPARE(reader.errorString(), error);
    // An error is final.
    QVERIFY(!reader.next());
    QCOMPARE(reader.errorString(), error);
}

void TestCsvReader::rawRecord_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArrayList>("raws");

    QTest::newRow("quotes kept, line ends dropped")
        << QByteArray("\"a,b\",\"c\"\"d\"\r\nx,y\n\n\"m\nn\"\rlast")
        << QByteArrayList{"\"a,b\",\"c\"\"d\"", "x,y", "\"m\nn\"", "last"};
    QTest::newRow("empty fields") << QByteArray(",,\n\"\"\n") << QByteArrayList{",,", "\"\""};
    QTest::newRow("after BOM") << QByteArray("\xEF\xBB\xBF"
                                             "id\n")
                               << QByteArrayList{"id"};
}

void TestCsvReader::rawRecord()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArrayList, raws);

    const Outcome out = readWithReader(write(input));
    QCOMPARE(out.error, QString());
    QCOMPARE(out.raws, raws);
}

void TestCsvReader::fieldQuoted()
{
    CsvReader reader;
    QVERIFY(reader.open(write("\"\",,\"a\",b,\"c\"\"\"\n"), nullptr));
    QVERIFY(reader.next());
    QCOMPARE(reader.fieldCount(), 5);
    const bool quoted[] = {true, false, true, false, true};
    const char* const values[] = {"", "", "a", "b", "c\""};
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(reader.fieldQuoted(i), quoted[i]);
        QCOMPARE(bytes(reader.field(i)), QByteArray(values[i]));
    }
    QVERIFY(!reader.next());
    QVERIFY(!reader.hasError());
}

void TestCsvReader::fieldAndRecordErrorPositions()
{
    // Line 1: "a<LF>   line 2: b",c,"d""e"   line 3: p,q   line 4: "x<CR><LF>   line 5: y",z
    CsvReader reader;
    QVERIFY(reader.open(write("\"a\nb\",c,\"d\"\"e\"\np,q\n\"x\r\ny\",z"), nullptr,
                        QStringLiteral("t.csv")));
    const QString x = QStringLiteral("x");
    QVERIFY(reader.next());
    QCOMPARE(reader.line(), 1);
    QCOMPARE(reader.fieldError(0, x), QStringLiteral("t.csv:1:1: x"));
    QCOMPARE(reader.fieldError(1, x), QStringLiteral("t.csv:2:4: x"));
    QCOMPARE(reader.fieldError(2, x), QStringLiteral("t.csv:2:6: x"));
    QCOMPARE(reader.recordError(x), QStringLiteral("t.csv:2:12: x"));

    QVERIFY(reader.next());
    QCOMPARE(reader.line(), 3);
    QCOMPARE(reader.fieldError(1, QStringLiteral("bad timestamp")),
             QStringLiteral("t.csv:3:3: bad timestamp"));
    QCOMPARE(reader.recordError(x), QStringLiteral("t.csv:3:4: x"));

    QVERIFY(reader.next());
    QCOMPARE(reader.line(), 4);
    QCOMPARE(bytes(reader.field(0)), QByteArray("x\r\ny"));
    QCOMPARE(reader.fieldError(1, x), QStringLiteral("t.csv:5:4: x"));
    QCOMPARE(reader.recordError(x), QStringLiteral("t.csv:5:5: x"));
    QVERIFY(!reader.next());
    QVERIFY(!reader.hasError());
    QCOMPARE(reader.displayName(), QStringLiteral("t.csv"));
}

void TestCsvReader::bytesReadAtEnd_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("records");

    QTest::newRow("LF") << QByteArray("a\nb\n") << 2;
    QTest::newRow("no final newline") << QByteArray("a\nb") << 2;
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF"
                                       "a\r\n")
                         << 1;
    QTest::newRow("BOM only") << QByteArray("\xEF\xBB\xBF") << 0;
    QTest::newRow("0 bytes") << QByteArray() << 0;
    QTest::newRow("trailing empty lines") << QByteArray("a\n\n\r\n\r") << 1;
    QTest::newRow("only empty lines") << QByteArray("\n\n") << 0;
}

void TestCsvReader::bytesReadAtEnd()
{
    QFETCH(QByteArray, input);
    QFETCH(int, records);

    CsvReader reader;
    QVERIFY(reader.open(write(input), nullptr));
    QCOMPARE(reader.fileSize(), input.size());
    int n = 0;
    while (reader.next())
        ++n;
    QVERIFY(!reader.hasError());
    QCOMPARE(n, records);
    QCOMPARE(reader.bytesRead(), input.size());
}

void TestCsvReader::openMissingFile()
{
    const QString path = m_dir.filePath(QStringLiteral("missing.csv"));
    CsvReader reader;
    QString error;
    QVERIFY(!reader.open(path, &error));
    QCOMPARE(error, path + QStringLiteral(": cannot open: No such file or directory"));
    QVERIFY(!reader.next());

    CsvReader named;
    QVERIFY(!named.open(path, &error, QStringLiteral("accounts.csv")));
    QCOMPARE(error, QStringLiteral("accounts.csv: cannot open: No such file or directory"));

    CsvReader unopened;
    QVERIFY(!unopened.next());
    QVERIFY(!unopened.hasError());
}

void TestCsvReader::readErrorIsReported()
{
    // A directory opens with fopen() on Linux but every read fails (EISDIR): that must be an
    // error, not an empty file, or a failing disk would import a silently truncated file.
    const QString path = m_dir.filePath(QStringLiteral("folder.csv"));
    QVERIFY(QDir().mkpath(path));
    CsvReader reader;
    QString error;
    if (!reader.open(path, &error, QStringLiteral("folder.csv"))) {
        QCOMPARE(error, QStringLiteral("folder.csv: cannot open: Is a directory"));
        return;
    }
    QVERIFY(!reader.next());
    QVERIFY(reader.hasError());
    QCOMPARE(reader.errorString(), QStringLiteral("folder.csv: read error: Is a directory"));
}

// A stream that fails (a warehouse connection lost) stops the reader with the stream's reason
// after the records it delivered whole; the unfinished record is not returned.
void TestCsvReader::streamErrorIsReported()
{
    const QByteArray text = "a,b\n1,2\n3,4";
    CsvReader reader;
    qsizetype at = 0;
    reader.openStream(
        [&](char* buffer, qint64 max, QString* error) -> qint64 {
            if (at >= 10) {
                *error = QStringLiteral("server closed the connection");
                return -1;
            }
            const qint64 n = std::min<qint64>(max, 10 - at);
            std::memcpy(buffer, text.constData() + at, size_t(n));
            at += n;
            return n;
        },
        QStringLiteral("heap.users"), 0);
    QVERIFY(reader.next());
    QCOMPARE(reader.line(), qint64(0)); // the header: line N is row N
    QVERIFY(reader.next());
    QCOMPARE(reader.line(), qint64(1));
    QCOMPARE(bytes(reader.field(1)), QByteArray("2"));
    QVERIFY(!reader.next());
    QVERIFY(reader.hasError());
    QCOMPARE(reader.errorString(), QStringLiteral("heap.users: server closed the connection"));
    QCOMPARE(reader.fileSize(), qint64(0));

    // A BOM handed over a byte at a time is still a BOM (found by fuzz_csvreader).
    for (int piece = 1; piece <= 3; ++piece) {
        const Outcome streamed = readWithStream("\xEF\xBB\xBFuser_id,email\n1,a\n", 0, piece);
        QVERIFY(streamed.error.isEmpty());
        QCOMPARE(streamed.records.size(), qsizetype(2));
        QCOMPARE(streamed.records[0][0], QByteArray("user_id"));
    }
}

void TestCsvReader::recordLargerThanBuffer()
{
    // 3,000,000 bytes unquoted, then a quoted field of 300,000 pieces "ab""cd,ef<LF>" (3 MB in
    // the file, 2.7 MB unescaped, 300,000 line ends).
    QByteArray big;
    big.reserve(3000000);
    while (big.size() < 3000000)
        big += "0123456789";
    QByteArray quotedRaw;
    QByteArray quotedValue;
    for (int i = 0; i < 300000; ++i) {
        quotedRaw += "ab\"\"cd,ef\n";
        quotedValue += "ab\"cd,ef\n";
    }
    QCOMPARE(quotedRaw.size(), 3000000);
    const QByteArray file =
        "id,blob\n1," + big + "\n2,\"" + quotedRaw + "\"\n3,end\n\xF0\x9F\x98\x80,\"\"\n";

    CsvReader reader;
    QVERIFY(reader.open(write(file), nullptr, QStringLiteral("t.csv")));
    QVERIFY(reader.next());
    QCOMPARE(bytes(reader.field(0)), QByteArray("id"));
    QVERIFY(reader.next());
    QCOMPARE(reader.line(), 2);
    QCOMPARE(reader.fieldCount(), 2);
    QCOMPARE(reader.field(1).size(), size_t(3000000));
    QVERIFY(bytes(reader.field(1)) == big);
    QVERIFY(reader.next());
    QCOMPARE(reader.line(), 3);
    QCOMPARE(reader.fieldCount(), 2);
    QCOMPARE(bytes(reader.field(0)), QByteArray("2"));
    QCOMPARE(reader.field(1).size(), size_t(2700000));
    QVERIFY(bytes(reader.field(1)) == quotedValue);
    QVERIFY(bytes(reader.rawRecord()) == "2,\"" + quotedRaw + '"');
    QVERIFY(reader.next());
    QCOMPARE(reader.line(), 300004);
    QCOMPARE(bytes(reader.field(1)), QByteArray("end"));
    QCOMPARE(reader.fieldError(1, QStringLiteral("x")), QStringLiteral("t.csv:300004:3: x"));
    QVERIFY(reader.next());
    QCOMPARE(reader.line(), 300005);
    QCOMPARE(bytes(reader.field(0)), QByteArray("\xF0\x9F\x98\x80"));
    QCOMPARE(reader.fieldError(1, QStringLiteral("x")), QStringLiteral("t.csv:300005:6: x"));
    QVERIFY(!reader.next());
    QVERIFY(!reader.hasError());
    QCOMPARE(reader.bytesRead(), file.size());
}

void TestCsvReader::bufferBoundaries()
{
    // The reader's first read is 1 MiB. A padding record of `size` bytes moves a tail full of
    // two-byte constructs (CRLF, doubled quotes, CR CR) across that boundary one byte at a time.
    // Tail lines: 2 "a""b  3 c",d  4 """"  5 e  6 (empty)  7 f
    const QByteArray tail = "\"a\"\"b\r\nc\",d\r\n\"\"\"\"\r\ne\r\rf";
    QCOMPARE(tail.size(), 23);
    const qsizetype mib = qsizetype(1) << 20;
    for (qsizetype size = mib - 26; size <= mib + 1; ++size) {
        const QByteArray padding = QByteArray(size - 1, 'p') + '\n';
        const Outcome out = readWithReader(write(padding + tail));
        const Outcome expected{{QByteArrayList{padding.left(size - 1)},
                                QByteArrayList{"a\"b\r\nc", "d"}, QByteArrayList{"\""},
                                QByteArrayList{"e"}, QByteArrayList{"f"}},
                               {1, 2, 4, 5, 7},
                               {padding.left(size - 1), "\"a\"\"b\r\nc\",d", "\"\"\"\"", "e", "f"},
                               {}};
        QVERIFY2(out == expected, qPrintable(QStringLiteral("padding %1").arg(size)));
    }
}

void TestCsvReader::streamingLargeFile()
{
    // 1,000,000 records of exactly 50 bytes: 8-digit id, a quoted field with a comma, a code and
    // padding, so that record and field boundaries cross the buffer edge at many offsets.
    const int count = 1000000;
    const QString path = m_dir.filePath(QStringLiteral("big.csv"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QByteArray chunk;
        for (int i = 0; i < count; ++i) {
            char record[64];
            const int n = std::snprintf(record, sizeof record, "%08d,\"u,%08d\",e%07d,", i, i,
                                        (i * 7) % 10000000);
            QByteArray line(record, n);
            line += QByteArray(49 - n, 'x') + '\n';
            chunk += line;
            if (chunk.size() >= (1 << 20)) {
                QCOMPARE(f.write(chunk), chunk.size());
                chunk.clear();
            }
        }
        QCOMPARE(f.write(chunk), chunk.size());
    }
    const qint64 fileSize = QFileInfo(path).size();
    QCOMPARE(fileSize, qint64(50000000));

    CsvReader reader;
    QVERIFY(reader.open(path, nullptr));
    QCOMPARE(reader.fileSize(), fileSize);
    int n = 0;
    int wrong = 0;
    qint64 lastBytesRead = 0;
    bool monotonic = true;
    while (reader.next()) {
        char id[16];
        std::snprintf(id, sizeof id, "%08d", n);
        if (reader.fieldCount() != 4 || reader.field(0) != std::string_view(id) ||
            reader.field(1).size() != 10 || reader.field(1).substr(2) != std::string_view(id) ||
            reader.line() != n + 1 || reader.field(3).size() != 18) {
            if (++wrong == 1)
                qWarning("first wrong record: %d", n);
        }
        monotonic =
            monotonic && reader.bytesRead() >= lastBytesRead && reader.bytesRead() <= fileSize;
        lastBytesRead = reader.bytesRead();
        ++n;
    }
    QVERIFY(!reader.hasError());
    QCOMPARE(n, count);
    QCOMPARE(wrong, 0);
    QVERIFY(monotonic);
    QCOMPARE(reader.bytesRead(), fileSize);
    QFile::remove(path);
}

QTEST_GUILESS_MAIN(TestCsvReader)
