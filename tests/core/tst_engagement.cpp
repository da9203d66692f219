// runEngagement against a hand-built export (every expected value worked out by hand, as the
// comments say) and against a reference written as plain SQL over test::writeFlatCopy, from
// docs/definitions.md's "Engagement matrix", on random small workspaces.
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/Engagement.h"
#include "analysis/EventIndex.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace pulsebook;

namespace {

using Files = test::ExportFiles;

constexpr qint64 Minute = 60000LL;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

qint64 ms(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

using Data = test::SyncedCache;

// Range [Feb 1, Feb 15) 2024, as_of Feb 10. Per type, who does it how often:
//   a: u1..u9, 3 times each       b: u1, u2, 5 times each    c: u4..u10 once
//   d: u1..u3 once                e: u1..u5, twice each      f: u6..u10: 2, 2, 4, 6, 6 times
// u1's first event is at exactly Feb 1 00:00; events come in pairs with equal timestamps.
// Outside: g by u10 at as_of, a by u11 1 ms before the range.
Files handExport()
{
    struct Usage
    {
        char type;
        int firstUser, lastUser;
        QList<int> times; // per user, or one value for all
    };
    const QList<Usage> usage = {{'a', 1, 9, {3}}, {'b', 1, 2, {5}}, {'c', 4, 10, {1}},
                                {'d', 1, 3, {1}}, {'e', 1, 5, {2}}, {'f', 6, 10, {2, 2, 4, 6, 6}}};
    const qint64 feb1 = ms("2024-02-01T00:00:00Z");
    QByteArray csv = "event_id,user_id,time,event\n";
    int id = 0;
    for (int u = 1; u <= 10; ++u) {
        int k = 0;
        for (const Usage& x : usage) {
            if (u < x.firstUser || u > x.lastUser)
                continue;
            const int n = x.times.size() == 1 ? x.times[0] : x.times[u - x.firstUser];
            for (int i = 0; i < n; ++i, ++k) {
                const qint64 time = feb1 + (u - 1) * Hour + (k / 2) * Minute;
                csv += QByteArray::number(++id) + ",u" + QByteArray::number(u) + "," +
                       QByteArray::number(time) + "," + QByteArray(1, x.type) + "\n";
            }
        }
    }
    csv += "1000,u10,2024-02-10T00:00:00Z,g\n"
           "1001,u11,2024-01-31T23:59:59.999Z,a\n";
    return {{QStringLiteral("events.csv"), csv}};
}

// "event users events breadth frequency quadrant" per row.
QStringList describe(const EngagementResult& r)
{
    QStringList lines;
    for (const auto& e : r.events)
        lines.append(QStringLiteral("%1 %2 %3 %4 %5 %6")
                         .arg(e.event)
                         .arg(e.users)
                         .arg(e.events)
                         .arg(e.breadth, 0, 'g', 4)
                         .arg(e.frequency, 0, 'g', 4)
                         .arg(engagementQuadrantName(e.quadrant)));
    return lines;
}

QStringList lines(std::initializer_list<const char*> texts)
{
    QStringList result;
    for (const char* t : texts)
        result.append(QLatin1String(t));
    return result;
}

// A random small export: users first seen in events, equal timestamps, events at as_of.
Files randomExport(quint32 seed, qint64 asOf)
{
    QRandomGenerator rng(seed);
    QByteArray csv = "event_id,user_id,time,event\n";
    qint64 id = 0;
    const int types = 1 + int(rng.bounded(7));
    for (int u = 0, users = 1 + int(rng.bounded(15)); u < users; ++u) {
        qint64 time = asOf;
        for (int n = int(rng.bounded(15)) + (u == 0 ? 1 : 0); n > 0; --n) {
            switch (rng.bounded(6)) {
            case 0:
                time = asOf;
                break;
            case 1:
                break; // equal to the previous event's time
            default:
                time = asOf - qint64(rng.bounded(60 * 24)) * Hour + Day;
                break;
            }
            ++id;
            csv += QByteArray::number(id) + ",u" + QByteArray::number(u) + "," +
                   QByteArray::number(time) + "," + QByteArray(1, char('a' + rng.bounded(types))) +
                   "\n";
        }
    }
    return {{QStringLiteral("events.csv"), csv}};
}

// Runs runEngagement and a reference written as plain SQL from docs/definitions.md over the flat
// copy of d's cache, and compares every figure.
void compareWithReference(Data& d, const AnalysisContext& context, const EngagementParams& params)
{
    QString error;
    EngagementResult r;
    QVERIFY2(runEngagement(context, params, &r, &error), qPrintable(error));

    const QString flat = d.dir.filePath(QStringLiteral("flat.sqlite"));
    if (!QFileInfo::exists(flat)) // one copy per cache: the tables below are temporary
        QCOMPARE(test::writeFlatCopy(d.cachePath(), flat), QString());
    Database db;
    QVERIFY2(db.open(flat, false, &error), qPrintable(error));
    QVERIFY(db.exec("CREATE TEMP TABLE seg(user INTEGER PRIMARY KEY)", &error));
    Statement insert = db.prepare("INSERT INTO seg VALUES (?)", &error);
    for (int u = 0; u < d.index->userCount(); ++u) {
        if (context.inSegment(u)) {
            insert.bind(1, qint64(u));
            QVERIFY(insert.run(&error));
        }
    }
    // ?1 from, ?2 to, ?3 as_of. Medians: the middle row, or the mean of the two middle
    // rows; quadrants: "high" at or above the median.
    const char* const sql =
        "WITH r AS (SELECT user, event FROM events WHERE time >= ?1 AND time < ?2 "
        "  AND time < ?3 AND user IN (SELECT user FROM seg)), "
        "active AS (SELECT COUNT(DISTINCT user) AS n FROM r), "
        "t AS (SELECT event, COUNT(DISTINCT user) AS users, COUNT(*) AS events, "
        "  CAST(COUNT(DISTINCT user) AS REAL) / (SELECT n FROM active) AS breadth, "
        "  CAST(COUNT(*) AS REAL) / COUNT(DISTINCT user) AS frequency FROM r GROUP BY event), "
        "bm AS (SELECT AVG(breadth) AS m FROM (SELECT breadth, ROW_NUMBER() OVER "
        "  (ORDER BY breadth) AS i, COUNT(*) OVER () AS n FROM t) "
        "  WHERE i IN ((n + 1) / 2, (n + 2) / 2)), "
        "fm AS (SELECT AVG(frequency) AS m FROM (SELECT frequency, ROW_NUMBER() OVER "
        "  (ORDER BY frequency) AS i, COUNT(*) OVER () AS n FROM t) "
        "  WHERE i IN ((n + 1) / 2, (n + 2) / 2)) "
        "SELECT event, users, events, breadth, frequency, "
        "  CASE WHEN breadth >= (SELECT m FROM bm) THEN "
        "    CASE WHEN frequency >= (SELECT m FROM fm) THEN 'core' ELSE 'casual' END "
        "  ELSE CASE WHEN frequency >= (SELECT m FROM fm) THEN 'power' ELSE 'niche' END END, "
        "  (SELECT n FROM active), (SELECT m FROM bm), (SELECT m FROM fm) "
        "FROM t ORDER BY event";
    Statement s = db.prepare(sql, &error);
    QVERIFY2(s.isValid(), qPrintable(error));
    s.bind(1, params.fromMs);
    s.bind(2, params.toMs);
    s.bind(3, context.asOfMs);
    size_t row = 0;
    while (s.step()) {
        QVERIFY(row < r.events.size());
        const EngagementEvent& e = r.events[row++];
        QCOMPARE(e.event, s.text(0));
        QCOMPARE(e.users, s.int64(1));
        QCOMPARE(e.events, s.int64(2));
        QCOMPARE(e.breadth, s.real(3));
        QCOMPARE(e.frequency, s.real(4));
        QCOMPARE(engagementQuadrantName(e.quadrant), s.text(5));
        QCOMPARE(r.activeUsers, s.int64(6));
        QCOMPARE(r.breadthMedian, s.real(7));
        QCOMPARE(r.frequencyMedian, s.real(8));
    }
    QCOMPARE(row, r.events.size());
    if (row == 0) {
        Statement active = db.prepare("SELECT COUNT(DISTINCT user) FROM events WHERE time >= "
                                      "?1 AND time < ?2 AND time < ?3 AND user IN "
                                      "(SELECT user FROM seg)",
                                      &error);
        active.bind(1, params.fromMs);
        active.bind(2, params.toMs);
        active.bind(3, context.asOfMs);
        QVERIFY(active.step());
        QCOMPARE(r.activeUsers, active.int64(0));
    }
}

} // namespace

class TestEngagement : public QObject
{
    Q_OBJECT

private slots:
    void medianSplitWithEvenTypeCount();
    void segmentFilter();
    void emptyRangesAndCache();
    void matchesReferenceSql();
    void demoDataOnBothCores();
};

void TestEngagement::medianSplitWithEvenTypeCount()
{
    Data d;
    QString error;
    QVERIFY2(d.load(handExport(), &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = ms("2024-02-10T00:00:00Z");
    EngagementResult r;
    const EngagementParams params{ms("2024-02-01T00:00:00Z"), ms("2024-02-15T00:00:00Z")};
    QVERIFY2(runEngagement(context, params, &r, &error), qPrintable(error));
    QCOMPARE(r.activeUsers, 10); // u1..u10; u11 is 1 ms early, u10's g is at as_of
    // Six types (g does not occur in the range). Breadths .2 .3 .5 .5 .7 .9: median .5, and
    // e and f sit at it ("high"). Frequencies 1 1 2 3 4 5: median (2 + 3) / 2 = 2.5; f's
    // (2 + 2 + 4 + 6 + 6) / 5 = 4.
    QCOMPARE(r.breadthMedian, 0.5);
    QCOMPARE(r.frequencyMedian, 2.5);
    QCOMPARE(describe(r), lines({"a 9 27 0.9 3 core", "b 2 10 0.2 5 power", "c 7 7 0.7 1 casual",
                                 "d 3 3 0.3 1 niche", "e 5 10 0.5 2 casual", "f 5 20 0.5 4 core"}));
    QCOMPARE(r.definition.value(QStringLiteral("from")).toString(),
             QStringLiteral("2024-02-01T00:00:00.000Z"));

    Progress progress;
    progress.cancel();
    context.progress = &progress;
    const Status status = runEngagement(context, params, &r, &error);
    QVERIFY(status.isCancelled()); // typed: a cancel carries no text
    QVERIFY(status.error().isEmpty());
}

void TestEngagement::segmentFilter()
{
    Data d;
    QString error;
    QVERIFY2(d.load(handExport(), &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = ms("2024-02-10T00:00:00Z");
    context.segment.assign(size_t(d.index->userCount()), 0);
    for (const char* id : {"u1", "u2", "u3"})
        context.segment[size_t(d.index->userIndex(QLatin1String(id)))] = 1;
    EngagementResult r;
    QVERIFY2(runEngagement(context, {ms("2024-02-01T00:00:00Z"), ms("2024-02-15T00:00:00Z")}, &r,
                           &error),
             qPrintable(error));
    // u1..u3 do a, b (u1, u2), d and e. Breadths 1 2/3 1 1: median 1. Frequencies 3 5 1 2:
    // median 2.5.
    QCOMPARE(r.activeUsers, 3);
    QCOMPARE(r.breadthMedian, 1.0);
    QCOMPARE(r.frequencyMedian, 2.5);
    QCOMPARE(describe(r), lines({"a 3 9 1 3 core", "b 2 10 0.6667 5 power", "d 3 3 1 1 casual",
                                 "e 3 6 1 2 casual"}));
}

void TestEngagement::emptyRangesAndCache()
{
    Data d;
    QString error;
    QVERIFY2(d.load(handExport(), &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = ms("2024-02-10T00:00:00Z");
    EngagementResult r;
    // A range starting at as_of: nothing counts.
    QVERIFY2(runEngagement(context, {context.asOfMs, context.asOfMs + 10 * Day}, &r, &error),
             qPrintable(error));
    QCOMPARE(r.activeUsers, 0);
    QVERIFY(r.events.empty());
    QVERIFY(std::isnan(r.breadthMedian));
    QVERIFY(std::isnan(r.frequencyMedian));
    QVERIFY(!runEngagement(context, {context.asOfMs, context.asOfMs}, &r, &error));
    QCOMPARE(error, QStringLiteral("empty range: \"from\" must be before \"to\""));

    Data empty;
    QVERIFY2(empty.load({}, &error), qPrintable(error));
    context.index = empty.index;
    QVERIFY2(runEngagement(context, {0, context.asOfMs}, &r, &error), qPrintable(error));
    QCOMPARE(r.activeUsers, 0);
    QVERIFY(r.events.empty());
    QVERIFY(std::isnan(r.breadthMedian));
}

void TestEngagement::matchesReferenceSql()
{
    const qint64 asOf = ms("2024-03-01T00:00:00Z");
    for (quint32 seed = 1; seed <= 20; ++seed) {
        Data d;
        QString error;
        QVERIFY2(d.load(randomExport(seed, asOf), &error), qPrintable(error));
        QRandomGenerator rng(seed * 65537);
        AnalysisContext context;
        context.index = d.index;
        context.asOfMs = asOf;
        if (seed % 2 == 0) {
            context.segment.resize(size_t(d.index->userCount()));
            for (auto& in : context.segment)
                in = char(rng.bounded(2));
        }
        EngagementParams params;
        params.fromMs = asOf - qint64(rng.bounded(60 * 24)) * Hour;
        params.toMs = params.fromMs + qint64(1 + rng.bounded(60 * 24)) * Hour;
        compareWithReference(d, context, params);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestEngagement::demoDataOnBothCores()
{
    Data d;
    QString error;
    QVERIFY2(d.loadDemo(&error), qPrintable(error));
    QCOMPARE(d.index->eventCount(), size_t(250000));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = d.index->defaultAsOfMs() - 10 * Day;
    context.segment.resize(size_t(d.index->userCount()));
    for (size_t u = 0; u < context.segment.size(); ++u)
        context.segment[u] = char(u % 3 != 0);
    compareWithReference(d, context, {context.asOfMs - 45 * Day, context.asOfMs + 5 * Day});
    context.segment.clear();
    compareWithReference(d, context, {context.asOfMs - 200 * Day, context.asOfMs});
}

QTEST_GUILESS_MAIN(TestEngagement)
#include "tst_engagement.moc"
