// Tests of the value forms of the data contract (README.md, "What a sync reads"): timestamps,
// booleans, money, counts, product counts and numeric IDs. Every epoch value was computed by hand
// and checked with `date -u -d <time> +%s`.

#include "sync/FieldParser.h"

#include <QDate>
#include <QTest>

#include <random>
#include <string_view>

namespace FieldParser = pulsebook::FieldParser;

namespace {

std::string_view view(const QByteArray& b)
{
    return std::string_view(b.constData(), size_t(b.size()));
}

const QString NotATimestamp =
    QStringLiteral("not a timestamp (expected ISO-8601, YYYY-MM-DD HH:MM:SS or epoch)");
const QString OutOfRange = QStringLiteral("time out of range (years 1900 to 9999)");
const QString NoSuchDate = QStringLiteral("no such date");
const QString BadTimeOfDay = QStringLiteral("bad time of day (expected HH:MM[:SS[.fff]])");
const QString BadFraction = QStringLiteral("bad fraction of a second");
const QString BadOffset = QStringLiteral("bad UTC offset (expected Z, +HH:MM, +HHMM or +HH)");
const QString AfterDate = QStringLiteral("unexpected text after the date");
const QString AfterTime = QStringLiteral("unexpected text after the time");
const QString NotABoolean =
    QStringLiteral("not a boolean (expected true/false, yes/no, y/n or 1/0)");
const QString NotAnAmount =
    QStringLiteral("not an amount (expected a number such as 120036 or $120,036)");
const QString MisplacedSeparator = QStringLiteral("not an amount (misplaced thousands separator)");
const QString NotAWholeCount = QStringLiteral("not a count (expected a whole number)");

} // namespace

class TestFieldParser : public QObject
{
    Q_OBJECT

private slots:
    void timestamp_data();
    void timestamp();
    void timestampWithoutReason();
    void boolean_data();
    void boolean();
    void money_data();
    void money();
    void count_data();
    void count();
    void productCount_data();
    void productCount();
    void numericId_data();
    void numericId();
    void civilDays_data();
    void civilDays();
    void civilDaysRoundTrip();
    void format_data();
    void format();
    void formatParseRoundTrip();
};

void TestFieldParser::timestamp_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("reason");

    auto ok = [](const char* tag, const char* text, qint64 ms) {
        QTest::newRow(tag) << QByteArray(text) << true << ms << QString();
    };
    auto bad = [](const char* tag, const char* text, const QString& reason) {
        QTest::newRow(tag) << QByteArray(text) << false << qint64(0) << reason;
    };

    // 2026-11-01T00:00:00Z = 1793491200 s.
    ok("ISO Z", "2026-11-01T00:00:00Z", 1793491200000LL);
    ok("offset +02:00", "2026-11-01T00:00:00+02:00", 1793484000000LL);
    ok("offset -0530", "2026-11-01T12:00:00-0530", 1793554200000LL);
    ok("offset +05", "2026-11-01T12:00:00+05", 1793516400000LL);
    ok("offset crosses midnight", "2026-11-01T01:00:00+02:00", 1793487600000LL);
    ok("offset -00:00", "2026-11-01T00:00:00-00:00", 1793491200000LL);
    ok("fraction .5", "2026-11-01T00:00:00.5Z", 1793491200500LL);
    ok("fraction .123", "2026-11-01T00:00:00.123Z", 1793491200123LL);
    ok("fraction .123456 truncated", "2026-11-01T00:00:00.123456Z", 1793491200123LL);
    ok("fraction .9999 truncated, not rounded", "2026-11-01T00:00:00.9999Z", 1793491200999LL);
    ok("fraction with offset", "2026-11-01T12:00:00.250-05:30", 1793554200250LL);
    ok("space form is UTC", "2026-11-01 12:34:56", 1793536496000LL);
    ok("space form with ms is UTC", "2026-11-01 12:34:56.789", 1793536496789LL);
    ok("no seconds", "2026-11-01T12:34Z", 1793536440000LL);
    ok("date only", "2026-11-01", 1793491200000LL);
    ok("lowercase t and z", "2026-11-01t00:00:00z", 1793491200000LL);
    ok("surrounding blanks", " 2026-11-01T00:00:00Z\t", 1793491200000LL);
    ok("UTC suffix", "2026-11-01T00:00:00 UTC", 1793491200000LL);
    ok("leap second lands on :59", "2016-12-31T23:59:60Z", 1483228799000LL);
    ok("epoch seconds", "1793491200", 1793491200000LL);
    ok("epoch milliseconds", "1793491200000", 1793491200000LL);
    // |value| >= 100,000,000,000 is milliseconds: the largest seconds value is year 5138.
    ok("largest epoch seconds", "99999999999", 99999999999000LL);
    ok("smallest epoch milliseconds", "100000000000", 100000000000LL);
    ok("epoch zero", "0", 0);
    ok("negative epoch seconds", "-86400", -86400000LL);
    ok("leap day 2024", "2024-02-29", 1709164800000LL);
    ok("end of leap day 2024", "2024-02-29T23:59:59.999Z", 1709251199999LL);
    ok("leap day 2000", "2000-02-29", 951782400000LL);
    ok("latest instant", "9999-12-31T23:59:59.999Z", 253402300799999LL);
    ok("earliest instant", "1900-01-01T00:00:00Z", -2208988800000LL);
    ok("earliest date", "1900-01-01", -2208988800000LL);

    bad("no Feb 29 in 2023", "2023-02-29", NoSuchDate);
    bad("no Feb 29 in 1900", "1900-02-29", NoSuchDate);
    bad("month 13", "2026-13-01", NoSuchDate);
    bad("month 0", "2026-00-10", NoSuchDate);
    bad("April 31", "2026-04-31", NoSuchDate);
    bad("day 0", "2026-11-00", NoSuchDate);
    bad("hour 24", "2026-11-01T24:00:00Z", BadTimeOfDay);
    bad("minute 60", "2026-11-01T12:60:00Z", BadTimeOfDay);
    bad("second 61", "2026-11-01T12:00:61Z", BadTimeOfDay);
    bad("no minutes", "2026-11-01T12", BadTimeOfDay);
    bad("nothing after T", "2026-11-01T", BadTimeOfDay);
    bad("garbage", "garbage", NotATimestamp);
    // Slash dates are read (M/D/YYYY, D/M/YYYY; tst_realexports), but not year first, and
    // not an ambiguous one without the workspace's date_order.
    bad("slashes", "2026/11/01", QStringLiteral("not a date (expected M/D/YYYY or D/M/YYYY)"));
    bad("US date", "11/01/2026",
        QStringLiteral("ambiguous date (month or day first?): set the workspace's date_order to "
                       "MDY or DMY"));
    bad("fractional epoch", "1793491200.5", NotATimestamp);
    bad("19-digit epoch", "1793491200000000000", NotATimestamp);
    bad("blank", "  ", QStringLiteral("empty time"));
    bad("1899", "1899-12-31T23:59:59Z", OutOfRange);
    bad("1899 date", "1899-12-31", OutOfRange);
    bad("offset pushes into 1899", "1900-01-01T00:00:00+00:01", OutOfRange);
    bad("offset pushes past 9999", "9999-12-31T23:59:59.999-00:01", OutOfRange);
    bad("epoch ms before 1900", "-2208988800001", OutOfRange);
    bad("epoch ms after 9999", "253402300800000", OutOfRange);
    bad("text after date", "2026-11-01X", AfterDate);
    bad("text after time", "2026-11-01T00:00:00Q", AfterTime);
    bad("double Z", "2026-11-01T00:00:00ZZ", AfterTime);
    bad("empty fraction", "2026-11-01T00:00:00.Z", BadFraction);
    bad("one-digit offset", "2026-11-01T00:00:00+2", BadOffset);
    bad("offset colon without minutes", "2026-11-01T00:00:00+05:", BadOffset);
    bad("offset hour 24", "2026-11-01T00:00:00+24:00", BadOffset);
    bad("offset minute 60", "2026-11-01T00:00:00+05:60", BadOffset);
    bad("offset with seconds", "2026-11-01T00:00:00+05:30:00", BadOffset);
}

void TestFieldParser::timestamp()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(qint64, ms);
    QFETCH(QString, reason);

    qint64 got = -1;
    QString why;
    QCOMPARE(FieldParser::timestamp(view(text), &got, &why), ok);
    if (ok) {
        QCOMPARE(got, ms);
        QCOMPARE(why, QString());
    } else {
        QCOMPARE(why, reason);
    }
}

void TestFieldParser::timestampWithoutReason()
{
    qint64 ms = 0;
    QVERIFY(!FieldParser::timestamp("garbage", &ms, nullptr));
    QVERIFY(FieldParser::timestamp("1970-01-02", &ms, nullptr));
    QCOMPARE(ms, 86400000LL);
}

void TestFieldParser::boolean_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("value");

    const char* const yes[] = {"true", "TRUE", "True", "yes", "YES", "Yes", "y", "Y", "1", " yes "};
    const char* const no[] = {"false", "FALSE", "fAlSe", "no", "NO", "No", "n", "N", "0"};
    for (const char* t : yes)
        QTest::newRow(t) << QByteArray(t) << true << true;
    for (const char* t : no)
        QTest::newRow(t) << QByteArray(t) << true << false;
    for (const char* t : {"maybe", "2", "tru", "yess", "on", "-1", "1.0"})
        QTest::newRow(t) << QByteArray(t) << false << false;
}

void TestFieldParser::boolean()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(bool, value);

    bool got = !value;
    QString why;
    QCOMPARE(FieldParser::boolean(view(text), &got, &why), ok);
    if (ok)
        QCOMPARE(got, value);
    else
        QCOMPARE(why, NotABoolean);
}

void TestFieldParser::money_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("reason");

    auto ok = [](const char* tag, const char* text, double v) {
        QTest::newRow(tag) << QByteArray(text) << true << v << QString();
    };
    auto bad = [](const char* tag, const char* text, const QString& reason) {
        QTest::newRow(tag) << QByteArray(text) << false << 0.0 << reason;
    };
    ok("plain", "120036", 120036);
    ok("dollar and separator", "$120,036", 120036);
    ok("cents", "$1,234.50", 1234.5);
    ok("negative", "-5", -5);
    ok("euro",
       "\xE2\x82\xAC"
       "99",
       99);
    ok("pound millions",
       "\xC2\xA3"
       "1,000,000",
       1000000);
    ok("minus before sign", "-$5.25", -5.25);
    ok("minus after sign", "$-5.25", -5.25);
    ok("zero", "0", 0);
    ok("blanks", " 42 ", 42);
    ok("largest", "1000000000000000", 1e15);
    bad("comma as decimal", "12,34", NotAnAmount);
    bad("letters", "abc", NotAnAmount);
    bad("four digits after separator", "1,2345", NotAnAmount);
    bad("short group before point", "1,23.5", MisplacedSeparator);
    bad("short last group", "1,234,56", NotAnAmount);
    bad("leading separator", ",123", NotAnAmount);
    bad("two points", "1.2.3", NotAnAmount);
    bad("sign only", "$", NotAnAmount);
    bad("exponent", "1e5", NotAnAmount);
    bad("double minus", "--5", NotAnAmount);
    bad("too large", "10000000000000000", QStringLiteral("amount out of range"));
}

void TestFieldParser::money()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(double, value);
    QFETCH(QString, reason);

    double got = -123.0;
    QString why;
    QCOMPARE(FieldParser::money(view(text), &got, &why), ok);
    if (ok)
        QCOMPARE(got, value);
    else
        QCOMPARE(why, reason);
}

void TestFieldParser::count_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("reason");

    QTest::newRow("3") << QByteArray("3") << true << qint64(3) << QString();
    QTest::newRow("1,200") << QByteArray("1,200") << true << qint64(1200) << QString();
    QTest::newRow("0") << QByteArray("0") << true << qint64(0) << QString();
    QTest::newRow("blanks") << QByteArray(" 7 ") << true << qint64(7) << QString();
    QTest::newRow("-1") << QByteArray("-1") << false << qint64(0)
                        << QStringLiteral("not a count (negative)");
    QTest::newRow("2.5") << QByteArray("2.5") << false << qint64(0) << NotAWholeCount;
    QTest::newRow("dollars") << QByteArray("$5") << false << qint64(0) << NotAWholeCount;
    QTest::newRow("letters") << QByteArray("abc") << false << qint64(0) << NotAWholeCount;
    QTest::newRow("bad separator") << QByteArray("1,20") << false << qint64(0) << NotAWholeCount;
}

void TestFieldParser::count()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(qint64, value);
    QFETCH(QString, reason);

    qint64 got = -1;
    QString why;
    QCOMPARE(FieldParser::count(view(text), &got, &why), ok);
    if (ok)
        QCOMPARE(got, value);
    else
        QCOMPARE(why, reason);
}

void TestFieldParser::productCount_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("value");

    QTest::newRow("count") << QByteArray("3") << true << qint64(3);
    QTest::newRow("zero") << QByteArray("0") << true << qint64(0);
    QTest::newRow("two names") << QByteArray("Analytics, Reports") << true << qint64(2);
    QTest::newRow("one name") << QByteArray("Analytics") << true << qint64(1);
    QTest::newRow("empty items ignored")
        << QByteArray("Analytics,, Reports , ") << true << qint64(2);
    // A comma makes it a list, never a thousands separator: nobody has 1,200 products.
    QTest::newRow("comma means list") << QByteArray("1,200") << true << qint64(2);
    QTest::newRow("only commas") << QByteArray(" , ,") << false << qint64(0);
}

void TestFieldParser::productCount()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(qint64, value);

    qint64 got = -1;
    QString why;
    QCOMPARE(FieldParser::productCount(view(text), &got, &why), ok);
    if (ok)
        QCOMPARE(got, value);
    else
        QCOMPARE(why, QStringLiteral("not a product count or list"));
}

void TestFieldParser::numericId_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("value");

    QTest::newRow("0") << QByteArray("0") << true << qint64(0);
    QTest::newRow("123") << QByteArray("123") << true << qint64(123);
    QTest::newRow("18 digits") << QByteArray("999999999999999999") << true
                               << qint64(999999999999999999LL);
    QTest::newRow("leading zero") << QByteArray("007") << false << qint64(0);
    QTest::newRow("00") << QByteArray("00") << false << qint64(0);
    QTest::newRow("negative") << QByteArray("-5") << false << qint64(0);
    QTest::newRow("letter") << QByteArray("12a") << false << qint64(0);
    QTest::newRow("19 digits") << QByteArray("1000000000000000000") << false << qint64(0);
    QTest::newRow("empty") << QByteArray() << false << qint64(0);
    QTest::newRow("space") << QByteArray(" 1") << false << qint64(0);
}

void TestFieldParser::numericId()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(qint64, value);

    qint64 got = -1;
    QCOMPARE(FieldParser::numericId(view(text), &got), ok);
    QCOMPARE(got, ok ? value : qint64(-1));
}

void TestFieldParser::civilDays_data()
{
    QTest::addColumn<qint64>("year");
    QTest::addColumn<uint>("month");
    QTest::addColumn<uint>("day");
    QTest::addColumn<qint64>("days");

    // days = epoch seconds / 86400, from `date -u -d <date> +%s`.
    QTest::newRow("epoch") << qint64(1970) << 1u << 1u << qint64(0);
    QTest::newRow("day before epoch") << qint64(1969) << 12u << 31u << qint64(-1);
    QTest::newRow("2026-11-01") << qint64(2026) << 11u << 1u << qint64(20758);
    QTest::newRow("2024-02-29") << qint64(2024) << 2u << 29u << qint64(19782);
    QTest::newRow("2000-03-01") << qint64(2000) << 3u << 1u << qint64(11017);
    QTest::newRow("1900-01-01") << qint64(1900) << 1u << 1u << qint64(-25567);
    QTest::newRow("9999-12-31") << qint64(9999) << 12u << 31u << qint64(2932896);
}

void TestFieldParser::civilDays()
{
    QFETCH(qint64, year);
    QFETCH(uint, month);
    QFETCH(uint, day);
    QFETCH(qint64, days);

    QCOMPARE(FieldParser::daysFromCivil(year, month, day), days);
    qint64 y = 0;
    unsigned m = 0, d = 0;
    FieldParser::civilFromDays(days, &y, &m, &d);
    QCOMPARE(y, year);
    QCOMPARE(m, month);
    QCOMPARE(d, day);
}

void TestFieldParser::civilDaysRoundTrip()
{
    // Every 29th day from 1900-01-01 (-25567) to 9999-12-31 (2932896), checked against QDate,
    // an independent implementation (Julian day 2440588 is 1970-01-01).
    const qint64 first = -25567;
    const qint64 last = 2932896;
    const qint64 unixEpochJulianDay = 2440588;
    int checked = 0;
    for (qint64 days = first; days <= last; days += 29) {
        qint64 y = 0;
        unsigned m = 0, d = 0;
        FieldParser::civilFromDays(days, &y, &m, &d);
        const QDate expected = QDate::fromJulianDay(days + unixEpochJulianDay);
        if (y != expected.year() || int(m) != expected.month() || int(d) != expected.day())
            QFAIL(qPrintable(QStringLiteral("civilFromDays(%1) = %2-%3-%4, QDate says %5")
                                 .arg(days)
                                 .arg(y)
                                 .arg(m)
                                 .arg(d)
                                 .arg(expected.toString(Qt::ISODate))));
        if (FieldParser::daysFromCivil(y, m, d) != days ||
            QDate(int(y), int(m), int(d)).toJulianDay() - unixEpochJulianDay != days)
            QFAIL(qPrintable(
                QStringLiteral("daysFromCivil(%1-%2-%3) != %4").arg(y).arg(m).arg(d).arg(days)));
        ++checked;
    }
    // (2932896 - -25567) / 29 = 102015.9..., so 102016 days.
    QCOMPARE(checked, 102016);
}

void TestFieldParser::format_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("timestamp");
    QTest::addColumn<QString>("date");

    QTest::newRow("2026-11-01 with ms")
        << qint64(1793491200123LL) << QStringLiteral("2026-11-01T00:00:00.123Z")
        << QStringLiteral("2026-11-01");
    QTest::newRow("space form value")
        << qint64(1793536496789LL) << QStringLiteral("2026-11-01T12:34:56.789Z")
        << QStringLiteral("2026-11-01");
    QTest::newRow("epoch") << qint64(0) << QStringLiteral("1970-01-01T00:00:00.000Z")
                           << QStringLiteral("1970-01-01");
    QTest::newRow("1 ms before epoch")
        << qint64(-1) << QStringLiteral("1969-12-31T23:59:59.999Z") << QStringLiteral("1969-12-31");
    QTest::newRow("one day before epoch")
        << qint64(-86400000LL) << QStringLiteral("1969-12-31T00:00:00.000Z")
        << QStringLiteral("1969-12-31");
    QTest::newRow("1 ms more before epoch")
        << qint64(-86400001LL) << QStringLiteral("1969-12-30T23:59:59.999Z")
        << QStringLiteral("1969-12-30");
    QTest::newRow("earliest") << FieldParser::MinTimeMs
                              << QStringLiteral("1900-01-01T00:00:00.000Z")
                              << QStringLiteral("1900-01-01");
    QTest::newRow("latest") << FieldParser::MaxTimeMs << QStringLiteral("9999-12-31T23:59:59.999Z")
                            << QStringLiteral("9999-12-31");
}

void TestFieldParser::format()
{
    QFETCH(qint64, ms);
    QFETCH(QString, timestamp);
    QFETCH(QString, date);

    QCOMPARE(FieldParser::formatTimestamp(ms), timestamp);
    QCOMPARE(FieldParser::formatDate(ms), date);
}

void TestFieldParser::formatParseRoundTrip()
{
    // Parsing what formatTimestamp writes gives the same instant back, over the whole range;
    // formatDate parses back to that day's midnight.
    std::mt19937_64 rnd(1793491200);
    const quint64 span = quint64(FieldParser::MaxTimeMs - FieldParser::MinTimeMs) + 1;
    for (int i = 0; i < 20000; ++i) {
        const qint64 ms = FieldParser::MinTimeMs + qint64(rnd() % span);
        const QByteArray text = FieldParser::formatTimestamp(ms).toLatin1();
        qint64 back = 0;
        QString why;
        if (!FieldParser::timestamp(view(text), &back, &why) || back != ms)
            QFAIL(qPrintable(QStringLiteral("%1 -> %2 -> %3 %4")
                                 .arg(ms)
                                 .arg(QString::fromLatin1(text))
                                 .arg(back)
                                 .arg(why)));
        const qint64 midnight = ms - (((ms % 86400000) + 86400000) % 86400000);
        const QByteArray day = FieldParser::formatDate(ms).toLatin1();
        if (!FieldParser::timestamp(view(day), &back, &why) || back != midnight)
            QFAIL(qPrintable(QStringLiteral("date of %1 -> %2 -> %3 %4")
                                 .arg(ms)
                                 .arg(QString::fromLatin1(day))
                                 .arg(back)
                                 .arg(why)));
    }
}

QTEST_GUILESS_MAIN(TestFieldParser)
#include "tst_fieldparser.moc"
