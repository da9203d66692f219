// The streaming CSV reader against an independent RFC 4180 reference parser on random valid and
// damaged texts.
#include "tst_csvreader.h"

namespace {

// Length of the well-formed UTF-8 sequence at s[i] (Unicode table 3-7), or 0 if ill-formed.
int wellFormedLength(const QByteArray& s, qsizetype i)
{
    auto at = [&](qsizetype k) {
        return k < s.size() ? uchar(s[k]) : -1;
    };
    auto in = [](int b, int lo, int hi) {
        return b >= lo && b <= hi;
    };
    const int b0 = at(i);
    if (b0 <= 0x7F)
        return 1;
    if (in(b0, 0xC2, 0xDF))
        return in(at(i + 1), 0x80, 0xBF) ? 2 : 0;
    int lo = 0x80, hi = 0xBF;
    if (b0 == 0xE0)
        lo = 0xA0;
    else if (b0 == 0xED)
        hi = 0x9F;
    else if (b0 == 0xF0)
        lo = 0x90;
    else if (b0 == 0xF4)
        hi = 0x8F;
    if (in(b0, 0xE0, 0xEF))
        return in(at(i + 1), lo, hi) && in(at(i + 2), 0x80, 0xBF) ? 3 : 0;
    if (in(b0, 0xF0, 0xF4))
        return in(at(i + 1), lo, hi) && in(at(i + 2), 0x80, 0xBF) && in(at(i + 3), 0x80, 0xBF) ? 4
                                                                                               : 0;
    return 0;
}

Outcome referenceParse(const QByteArray& text)
{
    Outcome out;
    const qsizetype n = text.size();
    qsizetype pos = 0;
    qint64 line = 1;
    qsizetype lineStart = 0;
    auto error = [&](qint64 l, qsizetype column, const char* reason) {
        out.error =
            QStringLiteral("t.csv:%1:%2: %3").arg(l).arg(column).arg(QString::fromLatin1(reason));
    };
    auto isBreak = [&](qsizetype k) {
        return text[k] == '\n' || (text[k] == '\r' && (k + 1 >= n || text[k + 1] != '\n'));
    };
    auto endLine = [&] {
        pos += (text[pos] == '\r' && pos + 1 < n && text[pos + 1] == '\n') ? 2 : 1;
        ++line;
        lineStart = pos;
    };

    while (pos < n) {
        if (text[pos] == '\n' || text[pos] == '\r') {
            endLine(); // an empty line
            continue;
        }
        const qsizetype recordStart = pos;
        const qint64 recordLine = line;
        enum { FieldStart, Unquoted, Quoted, AfterQuote } state = FieldStart;
        QByteArrayList fields;
        QByteArray field;
        qint64 quoteLine = 0;
        qsizetype quoteColumn = 0;
        qsizetype recordEnd = -1;
        while (recordEnd < 0) {
            if (pos == n) {
                if (state == Quoted) {
                    error(quoteLine, quoteColumn, "unterminated quoted field");
                    return out;
                }
                fields.append(field);
                recordEnd = n;
                break;
            }
            const char c = text[pos];
            switch (state) {
            case FieldStart:
                if (c == '"') {
                    quoteLine = line;
                    quoteColumn = pos - lineStart + 1;
                    state = Quoted;
                    ++pos;
                } else {
                    state = Unquoted;
                }
                break;
            case Unquoted:
            case AfterQuote:
                if (c == ',') {
                    fields.append(field);
                    field.clear();
                    state = FieldStart;
                    ++pos;
                } else if (c == '\r' || c == '\n') {
                    fields.append(field);
                    recordEnd = pos;
                    endLine();
                } else if (state == AfterQuote && c == '"') {
                    field += '"';
                    state = Quoted;
                    ++pos;
                } else if (state == AfterQuote) {
                    error(line, pos - lineStart + 1, "unexpected character after closing quote");
                    return out;
                } else {
                    field += c;
                    ++pos;
                }
                break;
            case Quoted:
                if (c == '"') {
                    state = AfterQuote;
                } else {
                    field += c;
                    if (isBreak(pos)) {
                        ++line;
                        lineStart = pos + 1;
                    }
                }
                ++pos;
                break;
            }
        }
        // The whole record must be UTF-8; report the first ill-formed sequence.
        const QByteArray raw = text.mid(recordStart, recordEnd - recordStart);
        for (qsizetype i = 0; i < raw.size();) {
            const int len = wellFormedLength(raw, i);
            if (len > 0) {
                i += len;
                continue;
            }
            qint64 l = recordLine;
            qsizetype start = 0;
            for (qsizetype k = 0; k < i; ++k) {
                if (isBreak(recordStart + k)) {
                    ++l;
                    start = k + 1;
                }
            }
            error(l, i - start + 1, "invalid UTF-8");
            return out;
        }
        out.records.append(fields);
        out.lines.append(recordLine);
        out.raws.append(raw);
    }
    return out;
}

// A deterministic random source: mt19937's output is fixed by the standard, and only its raw
// output is used (distributions differ between standard libraries).
struct Random
{
    std::mt19937 engine;
    explicit Random(unsigned seed) : engine(seed) {}
    int below(int n) { return int(engine() % unsigned(n)); }
    bool chance(int percent) { return below(100) < percent; }
    template <typename T> const T& pick(std::initializer_list<T> items)
    {
        return items.begin()[below(int(items.size()))];
    }
};

// A valid CSV text and the records it is meant to hold.
struct Generated
{
    QByteArray text;
    QList<QByteArrayList> records;
};

Generated generateValid(Random& rnd)
{
    static const char* const plain[] = {
        "a", "b", "Z", "7", " ", "\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "x\"y"};
    static const char* const lineEnds[] = {"\n", "\r\n", "\r"};
    Generated g;
    auto emptyLines = [&] {
        for (int k = rnd.below(4) - 1; k > 0; --k)
            g.text += lineEnds[rnd.below(3)];
    };
    emptyLines();
    const int recordCount = rnd.below(7);
    for (int r = 0; r < recordCount; ++r) {
        const int fieldCount = 1 + rnd.below(4);
        QByteArrayList fields;
        for (int f = 0; f < fieldCount; ++f) {
            if (f > 0)
                g.text += ',';
            QByteArray value;
            // A lone empty unquoted field would be an empty line, which is skipped.
            const bool quoted = rnd.chance(40);
            const int tokens = rnd.below(5) + (fieldCount == 1 && !quoted ? 1 : 0);
            QByteArray encoded;
            for (int t = 0; t < tokens; ++t) {
                if (quoted && rnd.chance(35)) {
                    const char* special = rnd.pick({",", "\r", "\n", "\r\n", "\""});
                    value += special;
                    encoded += (special[0] == '"') ? QByteArray("\"\"") : QByteArray(special);
                } else {
                    const int k = rnd.below(int(std::size(plain)));
                    // An unquoted field may not start with a quote.
                    const char* token = (!quoted && t == 0 && k == 8) ? "q" : plain[k];
                    value += token;
                    encoded += quoted ? QByteArray(token).replace('"', "\"\"") : QByteArray(token);
                }
            }
            g.text += quoted ? '"' + encoded + '"' : encoded;
            fields.append(value);
        }
        g.records.append(fields);
        if (r + 1 < recordCount || rnd.chance(70)) {
            g.text += lineEnds[rnd.below(3)];
            emptyLines();
        }
    }
    return g;
}

// Flips a few bytes of a valid text into quotes, separators, line ends or invalid UTF-8.
QByteArray mutate(Random& rnd, QByteArray text)
{
    static const char noise[] = {'"',    ',',    '\r',   '\n',   'q',    '\xFF', '\xC3',
                                 '\x80', '\xC0', '\xED', '\xA0', '\xF4', '\x90', '\xE2'};
    const int count = 1 + rnd.below(3);
    for (int k = 0; k < count; ++k) {
        const char c = noise[rnd.below(int(sizeof noise))];
        const int at = rnd.below(int(text.size()) + 1);
        if (at < text.size() && rnd.chance(50))
            text[at] = c;
        else
            text.insert(at, c);
    }
    return text;
}

QByteArray randomBytes(Random& rnd)
{
    static const char alphabet[] = {'a', '"', ',', '\r', '\n', '\xC3', '\xA9', '\xFF', ' '};
    QByteArray text;
    for (int k = rnd.below(40); k > 0; --k)
        text += alphabet[rnd.below(int(sizeof alphabet))];
    return text;
}

} // namespace

void TestCsvReader::matchesReferenceOnValidText()
{
    Random rnd(20261101);
    int records = 0;
    int multiLine = 0;
    for (int i = 0; i < 2000; ++i) {
        const Generated g = generateValid(rnd);
        const Outcome reference = referenceParse(g.text);
        // The reference agrees with what the generator meant, so it is worth comparing with.
        QVERIFY2(reference.error.isEmpty() && reference.records == g.records,
                 qPrintable(
                     QStringLiteral("case %1: reference parser disagrees with generator\n").arg(i) +
                     QString::fromUtf8(reference.describe())));
        const Outcome got = readWithReader(write(g.text));
        QVERIFY2(got == reference,
                 ("case " + QByteArray::number(i) + " text=" + g.text.toPercentEncoding() +
                  "\nreader:\n" + got.describe() + "reference:\n" + reference.describe())
                     .constData());
        const Outcome streamed = readWithStream(g.text, quint32(i), 1 + i % 9);
        QVERIFY2(streamed == reference,
                 ("case " + QByteArray::number(i) + " text=" + g.text.toPercentEncoding() +
                  "\nstream:\n" + streamed.describe() + "reference:\n" + reference.describe())
                     .constData());
        records += int(reference.records.size());
        for (qsizetype r = 1; r < reference.lines.size(); ++r)
            multiLine += reference.lines[r] > reference.lines[r - 1] + 1 ? 1 : 0;
    }
    // The generated texts really exercise the reader.
    QVERIFY(records > 4000);
    QVERIFY(multiLine > 500);
}

void TestCsvReader::matchesReferenceOnDamagedText()
{
    Random rnd(4180);
    int unterminated = 0, unexpected = 0, utf8 = 0, clean = 0;
    for (int i = 0; i < 3000; ++i) {
        const QByteArray text = i < 2000 ? mutate(rnd, generateValid(rnd).text) : randomBytes(rnd);
        const Outcome reference = referenceParse(text);
        const Outcome got = readWithReader(write(text));
        QVERIFY2(got == reference,
                 ("case " + QByteArray::number(i) + " text=" + text.toPercentEncoding() +
                  "\nreader:\n" + got.describe() + "reference:\n" + reference.describe())
                     .constData());
        const Outcome streamed = readWithStream(text, quint32(i), 1 + i % 9);
        QVERIFY2(streamed == reference,
                 ("case " + QByteArray::number(i) + " text=" + text.toPercentEncoding() +
                  "\nstream:\n" + streamed.describe() + "reference:\n" + reference.describe())
                     .constData());
        if (reference.error.endsWith(QLatin1String("unterminated quoted field")))
            ++unterminated;
        else if (reference.error.endsWith(
                     QLatin1String("unexpected character after closing quote")))
            ++unexpected;
        else if (reference.error.endsWith(QLatin1String("invalid UTF-8")))
            ++utf8;
        else if (reference.error.isEmpty())
            ++clean;
    }
    QVERIFY(unterminated > 100);
    QVERIFY(unexpected > 100);
    QVERIFY(utf8 > 100);
    QVERIFY(clean > 100);
    QCOMPARE(unterminated + unexpected + utf8 + clean, 3000);
}
