// Calendar days, weeks and months in a time zone, typed dates and durations, and the order of
// IDs (docs/definitions.md, "The time zone", "Durations", "ID order"). Every instant below is
// worked out by hand from the zones' offsets: New York is UTC-4 in summer (EDT) and UTC-5 in
// winter (EST), with the 2026 changes on March 8 and November 1; Kolkata is UTC+5:30 all year.
#include "analysis/Calendar.h"
#include "sync/FieldParser.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace pulsebook;

namespace {

qint64 ms(const char* iso)
{
    qint64 v = 0;
    QString reason;
    if (!FieldParser::timestamp(iso, &v, &reason))
        qFatal("bad test timestamp %s", iso);
    return v;
}

constexpr qint64 HourMs = 3600000;

} // namespace

class TestCalendar : public QObject
{
    Q_OBJECT

private slots:
    void utcBuckets();
    void newYorkAcrossDaylightSaving();
    void kolkataAheadOfUtc();
    void midnightSkipped();
    void typedDates();
    void durations();
    void idOrder();
    void exactAmounts();
};

void TestCalendar::utcBuckets()
{
    const Calendar utc;
    QCOMPARE(utc.zoneName(), QStringLiteral("UTC"));
    // 2024-03-01 was a Friday: its ISO week starts on Monday 2024-02-26.
    QCOMPARE(utc.bucketStart(ms("2024-03-01T15:00:00Z"), Calendar::Unit::Week),
             ms("2024-02-26T00:00:00Z"));
    QCOMPARE(utc.bucketStart(ms("2024-03-01T15:00:00Z"), Calendar::Unit::Month),
             ms("2024-03-01T00:00:00Z"));
    QCOMPARE(utc.nextBucket(ms("2024-02-01T00:00:00Z"), Calendar::Unit::Month),
             ms("2024-03-01T00:00:00Z"));
    QCOMPARE(utc.bucketStart(ms("1969-12-31T23:59:59.999Z"), Calendar::Unit::Day),
             ms("1969-12-31T00:00:00Z"));
    QCOMPARE(utc.midnightAfter(ms("2026-10-31T23:59:59Z")), ms("2026-11-01T00:00:00Z"));
    // An unknown zone is UTC (the workspace refuses one on import).
    QCOMPARE(Calendar(QStringLiteral("Mars/Olympus")).zoneName(), QStringLiteral("UTC"));
}

void TestCalendar::newYorkAcrossDaylightSaving()
{
    const Calendar ny(QStringLiteral("America/New_York"));
    QCOMPARE(ny.zoneName(), QStringLiteral("America/New_York"));
    // Nov 1, 2026: clocks go back at 02:00 EDT, so the day is 25 hours long.
    const qint64 nov1 = ny.midnight(QDate(2026, 11, 1));
    const qint64 nov2 = ny.midnight(QDate(2026, 11, 2));
    QCOMPARE(nov1, ms("2026-11-01T04:00:00Z"));
    QCOMPARE(nov2, ms("2026-11-02T05:00:00Z"));
    QCOMPARE(nov2 - nov1, 25 * HourMs);
    QCOMPARE(ny.nextBucket(nov1, Calendar::Unit::Day), nov2);
    // Mar 8, 2026: clocks go forward at 02:00 EST, a 23-hour day.
    QCOMPARE(ny.midnight(QDate(2026, 3, 8)), ms("2026-03-08T05:00:00Z"));
    QCOMPARE(ny.midnight(QDate(2026, 3, 9)) - ny.midnight(QDate(2026, 3, 8)), 23 * HourMs);
    // 2026-11-05T03:00Z is Wednesday Nov 4, 22:00 EST: its week starts Monday Nov 2 (EST), its
    // month on Nov 1 (still EDT), and the next month on Dec 1 (EST).
    QCOMPARE(ny.bucketStart(ms("2026-11-05T03:00:00Z"), Calendar::Unit::Day),
             ms("2026-11-04T05:00:00Z"));
    QCOMPARE(ny.bucketStart(ms("2026-11-05T03:00:00Z"), Calendar::Unit::Week),
             ms("2026-11-02T05:00:00Z"));
    QCOMPARE(ny.bucketStart(ms("2026-11-05T03:00:00Z"), Calendar::Unit::Month),
             ms("2026-11-01T04:00:00Z"));
    QCOMPARE(ny.nextBucket(ms("2026-11-01T04:00:00Z"), Calendar::Unit::Month),
             ms("2026-12-01T05:00:00Z"));
    // A week holding the change: Monday Oct 26 (EDT) to Monday Nov 2 (EST), 7 days + 1 hour.
    QCOMPARE(ny.nextBucket(ms("2026-10-26T04:00:00Z"), Calendar::Unit::Week),
             ms("2026-11-02T05:00:00Z"));
    // 03:00Z on Oct 5 is still Oct 4 in New York.
    QCOMPARE(ny.date(ms("2026-10-05T03:00:00Z")), QDate(2026, 10, 4));
    QCOMPARE(ny.midnightAfter(ms("2026-10-12T02:00:00Z")), ms("2026-10-12T04:00:00Z"));
}

void TestCalendar::kolkataAheadOfUtc()
{
    const Calendar in(QStringLiteral("Asia/Kolkata"));
    // 19:00Z on Oct 4 is 00:30 on Oct 5 in Kolkata.
    QCOMPARE(in.date(ms("2026-10-04T19:00:00Z")), QDate(2026, 10, 5));
    QCOMPARE(in.bucketStart(ms("2026-10-04T19:00:00Z"), Calendar::Unit::Day),
             ms("2026-10-04T18:30:00Z"));
    // Monday Oct 5 starts at 18:30Z on Sunday Oct 4.
    QCOMPARE(in.bucketStart(ms("2026-10-04T19:00:00Z"), Calendar::Unit::Week),
             ms("2026-10-04T18:30:00Z"));
    QCOMPARE(in.bucketStart(ms("2026-10-04T18:29:59.999Z"), Calendar::Unit::Week),
             ms("2026-09-27T18:30:00Z"));
    QCOMPARE(in.midnightAfter(ms("2026-10-12T02:00:00Z")), ms("2026-10-12T18:30:00Z"));
}

void TestCalendar::midnightSkipped()
{
    // São Paulo moved its clocks from 00:00 to 01:00 on 2018-11-04: that day began at 01:00
    // local (UTC-2), 03:00Z, and the day before was 23 hours long.
    const Calendar sp(QStringLiteral("America/Sao_Paulo"));
    QCOMPARE(sp.midnight(QDate(2018, 11, 4)), ms("2018-11-04T03:00:00Z"));
    QCOMPARE(sp.midnight(QDate(2018, 11, 3)), ms("2018-11-03T03:00:00Z"));
    QCOMPARE(sp.nextBucket(ms("2018-11-03T03:00:00Z"), Calendar::Unit::Day),
             ms("2018-11-04T03:00:00Z"));
    QCOMPARE(sp.date(ms("2018-11-04T03:00:00Z")), QDate(2018, 11, 4));
}

void TestCalendar::typedDates()
{
    const Calendar ny(QStringLiteral("America/New_York"));
    const Calendar in(QStringLiteral("Asia/Kolkata"));
    qint64 v = 0;
    QString reason;
    QVERIFY(ny.typedTime(QStringLiteral("2026-11-01"), &v, &reason));
    QCOMPARE(v, ms("2026-11-01T04:00:00Z"));
    QVERIFY(in.typedTime(QStringLiteral(" 2026-11-01 "), &v, &reason));
    QCOMPARE(v, ms("2026-10-31T18:30:00Z"));
    QVERIFY(Calendar().typedTime(QStringLiteral("2026-11-01"), &v, &reason));
    QCOMPARE(v, ms("2026-11-01T00:00:00Z"));
    // A time with a zone or offset is that instant, whatever the calendar.
    QVERIFY(in.typedTime(QStringLiteral("2026-11-01T09:00:00Z"), &v, &reason));
    QCOMPARE(v, ms("2026-11-01T09:00:00Z"));
    QVERIFY(ny.typedTime(QStringLiteral("2026-11-01T09:00:00+05:30"), &v, &reason));
    QCOMPARE(v, ms("2026-11-01T03:30:00Z"));
    QVERIFY(!ny.typedTime(QStringLiteral("2026-02-30"), &v, &reason));
    QCOMPARE(reason, QStringLiteral("no such date"));
    QVERIFY(!ny.typedTime(QStringLiteral("soon"), &v, &reason));
}

void TestCalendar::durations()
{
    const struct
    {
        const char* text;
        qint64 ms;
    } good[] = {{"15s", 15000},           {"30m", 1800000},         {"36h", 36 * HourMs},
                {"14d", 14 * 86400000LL}, {"2w", 14 * 86400000LL},  {"1W", 7 * 86400000LL},
                {" 7d ", 7 * 86400000LL}, {"90 d", 90 * 86400000LL}};
    for (const auto& g : good) {
        qint64 v = 0;
        QVERIFY2(parseDuration(QLatin1String(g.text), &v, nullptr), g.text);
        QCOMPARE(v, g.ms);
    }
    for (const char* bad : {"", "0d", "-1d", "14", "d", "1.5h", "2y", "14dd", "99999999999w"}) {
        qint64 v = -7;
        QString reason;
        QVERIFY2(!parseDuration(QLatin1String(bad), &v, &reason), bad);
        QCOMPARE(v, qint64(-7));
        QVERIFY(reason.contains(QStringLiteral("15s, 30m, 12h, 14d or 2w")));
    }
}

void TestCalendar::idOrder()
{
    // Whole numbers by value first, then the rest as text (UTF-8 bytes): "007" and "9a" are
    // text, "é" sorts after every ASCII letter.
    QStringList ids = {QStringLiteral("9a"),  QStringLiteral("a"), QStringLiteral("10"),
                       QStringLiteral("007"), QStringLiteral("2"), QStringLiteral("\u00e9"),
                       QStringLiteral("0"),   QStringLiteral("B")};
    std::sort(ids.begin(), ids.end(), FieldParser::idLess);
    QCOMPARE(ids, (QStringList{QStringLiteral("0"), QStringLiteral("2"), QStringLiteral("10"),
                               QStringLiteral("007"), QStringLiteral("9a"), QStringLiteral("B"),
                               QStringLiteral("a"), QStringLiteral("\u00e9")}));
    QVERIFY(!FieldParser::idLess(QStringLiteral("10"), QStringLiteral("10")));
    QVERIFY(FieldParser::idLess(QStringLiteral("999999999999999999"), QStringLiteral("0a")));
    // Beyond the BMP: UTF-8 puts U+1F600 (a surrogate pair in UTF-16, 0xD83D 0xDE00) after
    // U+FFFD (0xFFFD), where UTF-16's own order would put it before.
    QVERIFY(FieldParser::idLess(QStringLiteral("\uFFFD"), QStringLiteral("\U0001F600")));
    QVERIFY(!FieldParser::idLess(QStringLiteral("\U0001F600"), QStringLiteral("\uFFFD")));
    QVERIFY(FieldParser::idLess(QStringLiteral("\uD7FF"), QStringLiteral("\U00010000")));

    // Against a plain reference (UTF-8 bytes and numericId): random IDs from digits, letters,
    // U+00E9, U+D7FF, U+E000, U+FFFD and U+1F600, every pair both ways.
    const auto reference = [](const QString& a, const QString& b) {
        const QByteArray x = a.toUtf8(), y = b.toUtf8();
        qint64 vx = 0, vy = 0;
        const bool nx =
            FieldParser::numericId(std::string_view(x.constData(), size_t(x.size())), &vx);
        const bool ny =
            FieldParser::numericId(std::string_view(y.constData(), size_t(y.size())), &vy);
        if (nx != ny)
            return nx;
        return nx ? vx < vy : x < y;
    };
    const QStringList parts = {QStringLiteral("0"),      QStringLiteral("1"),
                               QStringLiteral("9"),      QStringLiteral("a"),
                               QStringLiteral("Z"),      QStringLiteral("\u00e9"),
                               QStringLiteral("\uD7FF"), QStringLiteral("\uE000"),
                               QStringLiteral("\uFFFD"), QStringLiteral("\U0001F600")};
    QRandomGenerator random(14);
    QStringList randomIds;
    for (int i = 0; i < 300; ++i) {
        QString id;
        const int length = 1 + random.bounded(4);
        for (int k = 0; k < length; ++k)
            id += parts[random.bounded(int(parts.size()))];
        randomIds.append(id);
    }
    int checked = 0;
    for (const QString& a : std::as_const(randomIds)) {
        for (const QString& b : std::as_const(randomIds)) {
            QVERIFY2(FieldParser::idLess(a, b) == reference(a, b),
                     (a.toUtf8().toHex() + " vs " + b.toUtf8().toHex()).constData());
            ++checked;
        }
    }
    QCOMPARE(checked, 300 * 300);
}

void TestCalendar::exactAmounts()
{
    // Amounts with cents read as the nearest double, as strtod would: the typed "0.55" must
    // equal the literal 0.55, or hand-checked rates drift.
    for (const char* text : {"0.55", "0.1", "2277.50", "$2,277.50", "0.123456789", "1,200.07"}) {
        double v = 0;
        QVERIFY2(FieldParser::money(text, &v, nullptr), text);
        QString plain = QString::fromLatin1(text);
        plain.remove(QLatin1Char('$')).remove(QLatin1Char(','));
        QCOMPARE(v, plain.toDouble());
    }
}

QTEST_GUILESS_MAIN(TestCalendar)
#include "tst_calendar.moc"
