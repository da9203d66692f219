// runProductAreas against a hand-written export (every expected value worked out by hand from
// the fixture text, as the comments say) and against a reference written as plain SQL over
// test::writeFlatCopy, from docs/definitions.md's "Core metrics of a product area" and "Funnel", on
// random small workspaces.
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/ProductAreas.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace pulsebook;

namespace {

using Files = test::ExportFiles;

constexpr qint64 Hour = 3600000LL;
constexpr qint64 Day = 24 * Hour;

qint64 ms(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

using Data = test::SyncedCache;

// Range [2024-02-01, 2024-02-15): two weeks. Reports = view, create, share with the funnel
// create -> share; Admin = invite.
const Files HandExport = {
    {QStringLiteral("events.csv"),
     "event_id,user_id,time,event\n"
     "1,u1,2024-02-01T10:00:00Z,report_view\n"
     "2,u1,2024-02-01T11:00:00Z,report_view\n"      // the same day
     "3,u1,2024-02-03T00:00:00Z,report_create\n"    // entry
     "4,u1,2024-02-10T00:00:00Z,report_share\n"     // completes
     "5,u2,2024-02-14T23:00:00Z,report_create\n"    // entry in the range's last hour
     "6,u2,2024-02-28T23:00:00Z,report_share\n"     // exactly 14 days later, after `to`: completes
     "8,u3,2024-02-02T10:00:00Z,report_create\n"    // entry
     "7,u3,2024-02-02T10:00:00Z,report_share\n"     // same time, but ID 7 is before the entry
     "9,u3,2024-02-16T10:00:00.001Z,report_share\n" // 14 days + 1 ms: too late
     "10,u4,2024-02-05T09:00:00Z,invite\n"
     "11,u4,2024-02-06T09:00:00Z,invite\n"
     "20,u4,2024-02-07T12:00:00Z,report_create\n"
     "21,u4,2024-02-07T12:00:00Z,report_share\n"   // same time, ID after the entry: completes
     "30,u5,2024-02-03T08:00:00Z,login\n"          // active, in no area
     "40,u7,2024-02-01T00:00:00Z,report_create\n"  // entry: no share within 14 days
     "41,u7,2024-02-10T00:00:00Z,report_create\n"  // a later entry
     "42,u7,2024-02-20T00:00:00Z,report_share\n"   // completes from the later entry
     "31,u6,2024-01-31T10:00:00Z,report_view\n"}}; // before the range: not active

QList<ProductArea> handAreas()
{
    return {{QStringLiteral("Reports"),
             {QStringLiteral("report_view"), QStringLiteral("report_create"),
              QStringLiteral("report_share")},
             {QStringLiteral("report_create"), QStringLiteral("report_share")}},
            {QStringLiteral("Admin"), {QStringLiteral("invite")}, {}}};
}

// "name users breadth depth frequency entrants completed usability".
QString describe(const ProductAreaMetrics& m)
{
    return QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8")
        .arg(m.name)
        .arg(m.areaUsers)
        .arg(m.breadth, 0, 'g', 4)
        .arg(m.depth, 0, 'g', 4)
        .arg(m.frequency, 0, 'g', 4)
        .arg(m.funnelEntrants)
        .arg(m.funnelCompleted)
        .arg(m.usability, 0, 'g', 4);
}

// A random small export: numeric event IDs (so "after" is (time, ID)), equal timestamps,
// events at as_of and at the funnel window's edge.
Files randomExport(quint32 seed, qint64 asOf)
{
    QRandomGenerator rng(seed);
    QByteArray csv = "event_id,user_id,time,event\n";
    qint64 id = 0;
    const int types = 2 + int(rng.bounded(2));
    for (int u = 0, users = 2 + int(rng.bounded(12)); u < users; ++u) {
        qint64 time = asOf;
        QList<qint64> earlier;
        for (int n = 2 + int(rng.bounded(25)); n > 0; --n) {
            switch (rng.bounded(6)) {
            case 0:
                time = asOf;
                break;
            case 1: // at the conversion window's edge from an earlier event, or 1 ms past it
                if (!earlier.isEmpty())
                    time = earlier[rng.bounded(earlier.size())] + 14 * Day + rng.bounded(2);
                break;
            case 2:
                break; // equal to the previous event's time
            default:
                time = asOf - qint64(rng.bounded(45 * 24)) * Hour + Day;
                break;
            }
            earlier.append(time);
            ++id;
            csv += QByteArray::number(id) + ",u" + QByteArray::number(u) + "," +
                   QByteArray::number(time) + "," + QByteArray(1, char('a' + rng.bounded(types))) +
                   "\n";
        }
    }
    return {{QStringLiteral("events.csv"), csv}};
}

// Runs runProductAreas and a reference written as plain SQL from docs/definitions.md over the flat
// copy of d's cache, and compares every figure.
void compareWithReference(Data& d, const AnalysisContext& context, const ProductAreasParams& params)
{
    QString error;
    ProductAreasResult r;
    QVERIFY2(runProductAreas(context, params, &r, &error), qPrintable(error));

    const QString flat = d.dir.filePath(QStringLiteral("flat.sqlite"));
    if (!QFileInfo::exists(flat)) // one copy per cache: the tables below are temporary
        QCOMPARE(test::writeFlatCopy(d.cachePath(), flat), QString());
    Database db;
    QVERIFY2(db.open(flat, false, &error), qPrintable(error));
    QVERIFY(db.exec("CREATE TEMP TABLE seg(user INTEGER PRIMARY KEY)", &error));
    QVERIFY(db.exec("CREATE TEMP TABLE area_events(name TEXT)", &error));
    Statement insert = db.prepare("INSERT INTO seg VALUES (?)", &error);
    for (int u = 0; u < d.index->userCount(); ++u) {
        if (context.inSegment(u)) {
            insert.bind(1, qint64(u));
            QVERIFY(insert.run(&error));
        }
    }
    // Weeks: the range up to as_of, in days / 7.
    const double weeks =
        double(std::min(params.toMs, context.asOfMs) - params.fromMs) / (7.0 * Day);
    for (int a = 0; a < params.areas.size(); ++a) {
        const ProductArea& area = params.areas[a];
        QVERIFY(db.exec("DELETE FROM area_events", &error));
        Statement addEvent = db.prepare("INSERT INTO area_events VALUES (?)", &error);
        for (const QString& name : area.events) {
            addEvent.bind(1, name);
            QVERIFY(addEvent.run(&error));
        }
        // ?1 from, ?2 to, ?3 as_of, ?4 weeks.
        Statement s = db.prepare(
            "WITH r AS (SELECT user, event, time FROM events WHERE time >= ?1 AND time < ?2 "
            "  AND time < ?3 AND user IN (SELECT user FROM seg)), "
            "per AS (SELECT user, COUNT(DISTINCT event) AS d, "
            "  COUNT(DISTINCT time / 86400000) AS days FROM r "
            "  WHERE event IN (SELECT name FROM area_events) GROUP BY user) "
            "SELECT (SELECT COUNT(DISTINCT user) FROM r), COUNT(*), "
            "  AVG(CAST(d AS REAL) / (SELECT COUNT(DISTINCT name) FROM area_events)), "
            "  AVG(days / ?4) FROM per",
            &error);
        QVERIFY2(s.isValid(), qPrintable(error));
        s.bind(1, params.fromMs);
        s.bind(2, params.toMs);
        s.bind(3, context.asOfMs);
        s.bind(4, weeks);
        QVERIFY(s.step());
        const ProductAreaMetrics& m = r.areas[size_t(a)];
        QCOMPARE(r.activeUsers, s.int64(0));
        QCOMPARE(m.areaUsers, s.int64(1));
        if (s.int64(0) == 0)
            QVERIFY(std::isnan(m.breadth));
        else
            QCOMPARE(m.breadth, double(s.int64(1)) / double(s.int64(0)));
        if (s.isNull(2)) {
            QVERIFY(std::isnan(m.depth));
            QVERIFY(std::isnan(m.frequency));
        } else {
            QVERIFY2(std::abs(m.depth - s.real(2)) < 1e-9, qPrintable(describe(m)));
            QVERIFY2(std::abs(m.frequency - s.real(3)) < 1e-9, qPrintable(describe(m)));
        }
        if (area.activationFunnel.isEmpty()) {
            QVERIFY(std::isnan(m.usability));
            continue;
        }
        // Sequential funnel: each step an event of the step after the previous step's
        // event in (time, ID) order, within 14 days of the entry and before as_of.
        QByteArray joins;
        const int k = int(area.activationFunnel.size());
        for (int j = 2; j <= k; ++j) {
            const QByteArray sj = "s" + QByteArray::number(j);
            const QByteArray prev = "s" + QByteArray::number(j - 1);
            joins += " JOIN events " + sj + " ON " + sj + ".user = s1.user AND " + sj +
                     ".event = ?" + QByteArray::number(3 + j) + " AND (" + sj + ".time > " + prev +
                     ".time OR (" + sj + ".time = " + prev + ".time AND " + sj + ".numeric_id > " +
                     prev + ".numeric_id)) AND " + sj + ".time <= s1.time + 14 * 86400000 AND " +
                     sj + ".time < ?3";
        }
        const QByteArray entries = " WHERE s1.event = ?4 AND s1.time >= ?1 AND s1.time < ?2 "
                                   "AND s1.time < ?3 AND s1.user IN (SELECT user FROM seg)";
        for (int pass = 0; pass < 2; ++pass) {
            const QByteArray sql = "SELECT COUNT(DISTINCT s1.user) FROM events s1" +
                                   (pass == 0 ? QByteArray() : joins) + entries;
            Statement f = db.prepare(sql.constData(), &error);
            QVERIFY2(f.isValid(), qPrintable(error));
            f.bind(1, params.fromMs);
            f.bind(2, params.toMs);
            f.bind(3, context.asOfMs);
            for (int j = 1; j <= k; ++j)
                f.bind(3 + j, area.activationFunnel[j - 1]);
            QVERIFY(f.step());
            QCOMPARE(pass == 0 ? m.funnelEntrants : m.funnelCompleted, f.int64(0));
        }
        if (m.funnelEntrants == 0)
            QVERIFY(std::isnan(m.usability));
        else
            QCOMPARE(m.usability, double(m.funnelCompleted) / double(m.funnelEntrants));
    }
}

} // namespace

class TestProductAreas : public QObject
{
    Q_OBJECT

private slots:
    void coreMetrics();
    void asOfInsideTheRange();
    void segmentFilter();
    void errors();
    void emptyCache();
    void matchesReferenceSql();
    void demoDataOnBothCores();
};

void TestProductAreas::coreMetrics()
{
    Data d;
    QString error;
    QVERIFY2(d.load(HandExport, &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = ms("2024-03-01T00:00:00Z");
    Workspace workspace;
    workspace.productAreas = handAreas();
    context.workspace = &workspace;
    ProductAreasParams params;
    params.fromMs = ms("2024-02-01T00:00:00Z");
    params.toMs = ms("2024-02-15T00:00:00Z");
    ProductAreasResult r;
    QVERIFY2(runProductAreas(context, params, &r, &error), qPrintable(error));
    QCOMPARE(r.activeUsers, 6); // u1..u5, u7
    QCOMPARE(r.weeks, 2.0);
    QCOMPARE(int(r.areas.size()), 2);
    // Reports: u1..u4 and u7 of 6 active. Distinct events 3 + 1 + 2 + 2 + 1 = 9 of 5 x 3;
    // active days 3 (Feb 1, 3, 10) + 1 + 1 + 1 + 2 (Feb 1, 10) = 8, / 5 users / 2 weeks = 0.8.
    // Funnel: 5 entrants; u1, u2, u4 and u7 (from its second entry) complete.
    QCOMPARE(describe(r.areas[0]), QStringLiteral("Reports 5 0.8333 0.6 0.8 5 4 0.8"));
    // Admin: u4 alone, 2 days in 2 weeks; no funnel: usability blank.
    QCOMPARE(describe(r.areas[1]), QStringLiteral("Admin 1 0.1667 1 1 0 0 nan"));
    QVERIFY(std::isnan(r.areas[1].usability));
    QCOMPARE(r.definition.value(QStringLiteral("conversion_window_days")).toInt(), 14);
}

void TestProductAreas::asOfInsideTheRange()
{
    Data d;
    QString error;
    QVERIFY2(d.load(HandExport, &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = ms("2024-02-08T00:00:00Z");
    ProductAreasParams params;
    params.fromMs = ms("2024-02-01T00:00:00Z");
    params.toMs = ms("2024-02-15T00:00:00Z");
    params.areas = handAreas();
    ProductAreasResult r;
    QVERIFY2(runProductAreas(context, params, &r, &error), qPrintable(error));
    // Only [Feb 1, Feb 8) counts: one week. Active: u1, u3, u4, u5, u7 (u2's events are
    // later).
    QCOMPARE(r.activeUsers, 5);
    QCOMPARE(r.weeks, 1.0);
    // Reports: u1 (view, create; Feb 1, 3), u3 (share, create; Feb 2), u4 (create, share;
    // Feb 7), u7 (create; Feb 1): depth 7 / 12, frequency 5 / 4. Only u4 completes: u1's and
    // u7's shares are after as_of.
    QCOMPARE(describe(r.areas[0]), QStringLiteral("Reports 4 0.8 0.5833 1.25 4 1 0.25"));
    QCOMPARE(describe(r.areas[1]), QStringLiteral("Admin 1 0.2 1 2 0 0 nan"));
}

void TestProductAreas::segmentFilter()
{
    Data d;
    QString error;
    QVERIFY2(d.load(HandExport, &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = ms("2024-03-01T00:00:00Z");
    context.segment.assign(size_t(d.index->userCount()), 0);
    context.segment[size_t(d.index->userIndex(QStringLiteral("u1")))] = 1;
    context.segment[size_t(d.index->userIndex(QStringLiteral("u5")))] = 1;
    ProductAreasParams params;
    params.fromMs = ms("2024-02-01T00:00:00Z");
    params.toMs = ms("2024-02-15T00:00:00Z");
    params.areas = handAreas();
    ProductAreasResult r;
    QVERIFY2(runProductAreas(context, params, &r, &error), qPrintable(error));
    QCOMPARE(r.activeUsers, 2);
    QCOMPARE(describe(r.areas[0]), QStringLiteral("Reports 1 0.5 1 1.5 1 1 1"));
    QCOMPARE(describe(r.areas[1]), QStringLiteral("Admin 0 0 nan nan 0 0 nan"));
}

void TestProductAreas::errors()
{
    Data d;
    QString error;
    QVERIFY2(d.load(HandExport, &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = ms("2024-03-01T00:00:00Z");
    ProductAreasParams params;
    params.fromMs = ms("2024-02-01T00:00:00Z");
    params.toMs = ms("2024-02-15T00:00:00Z");
    ProductAreasResult r;
    // Events the data lacks (about to launch): nobody uses the area; a funnel naming one has no
    // usability figure.
    params.areas = {{QStringLiteral("X"), {QStringLiteral("nope")}, {}}};
    QVERIFY2(runProductAreas(context, params, &r, &error), qPrintable(error));
    QCOMPARE(r.areas.size(), size_t(1));
    QCOMPARE(r.areas[0].areaUsers, 0);
    params.areas = {{QStringLiteral("X"),
                     {QStringLiteral("invite")},
                     {QStringLiteral("invite"), QStringLiteral("nope2")}}};
    QVERIFY2(runProductAreas(context, params, &r, &error), qPrintable(error));
    QVERIFY(std::isnan(r.areas[0].usability));
    params.areas = {{QStringLiteral("X"), {QStringLiteral("invite")}, {QStringLiteral("invite")}}};
    QVERIFY(!runProductAreas(context, params, &r, &error));
    QCOMPARE(error, QStringLiteral("product area \"X\": an activation funnel has 2 to 20 steps"));
    params.areas = {{QStringLiteral("X"), {}, {}}};
    QVERIFY(!runProductAreas(context, params, &r, &error));
    QCOMPARE(error, QStringLiteral("product area \"X\" has no events"));
    params.areas = handAreas();
    params.toMs = params.fromMs;
    QVERIFY(!runProductAreas(context, params, &r, &error));
    QCOMPARE(error, QStringLiteral("empty range: \"from\" must be before \"to\""));
    params.toMs = params.fromMs + Day;
    Progress progress;
    progress.cancel();
    context.progress = &progress;
    const Status status = runProductAreas(context, params, &r, &error);
    QVERIFY(status.isCancelled()); // typed: a cancel carries no text
    QVERIFY(status.error().isEmpty());
}

void TestProductAreas::emptyCache()
{
    Data d;
    QString error;
    QVERIFY2(d.load({}, &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = ms("2024-03-01T00:00:00Z");
    ProductAreasParams params;
    params.fromMs = ms("2024-02-01T00:00:00Z");
    params.toMs = ms("2024-02-15T00:00:00Z");
    ProductAreasResult r;
    // No areas anywhere: an empty result.
    QVERIFY2(runProductAreas(context, params, &r, &error), qPrintable(error));
    QCOMPARE(r.activeUsers, 0);
    QVERIFY(r.areas.empty());
    // Areas before the data has their events: nobody uses them.
    params.areas = handAreas();
    QVERIFY2(runProductAreas(context, params, &r, &error), qPrintable(error));
    QCOMPARE(r.areas.size(), size_t(handAreas().size()));
    for (const auto& a : r.areas)
        QCOMPARE(a.areaUsers, 0);
}

void TestProductAreas::matchesReferenceSql()
{
    const qint64 asOf = ms("2024-03-01T00:00:00Z");
    for (quint32 seed = 1; seed <= 20; ++seed) {
        Data d;
        QString error;
        QVERIFY2(d.load(randomExport(seed, asOf), &error), qPrintable(error));
        QRandomGenerator rng(seed * 2654435761u);
        AnalysisContext context;
        context.index = d.index;
        context.asOfMs = asOf;
        if (seed % 2 == 0) {
            context.segment.resize(size_t(d.index->userCount()));
            for (auto& in : context.segment)
                in = char(rng.bounded(2));
        }
        ProductAreasParams params;
        params.fromMs = asOf - qint64(rng.bounded(50 * 24)) * Hour;
        params.toMs = params.fromMs + qint64(1 + rng.bounded(50 * 24)) * Hour;
        const int types = d.index->typeCount();
        for (int a = 0, areas = 1 + int(rng.bounded(2)); a < areas; ++a) {
            ProductArea area;
            area.name = QStringLiteral("area%1").arg(a);
            for (int t = 0; t < types; ++t) {
                if (area.events.isEmpty() || rng.bounded(2) == 0)
                    area.events.append(d.index->typeName(t));
            }
            for (int s = rng.bounded(3) == 0 ? 0 : 2 + int(rng.bounded(2)); s > 0; --s)
                area.activationFunnel.append(d.index->typeName(int(rng.bounded(types))));
            params.areas.append(area);
        }
        compareWithReference(d, context, params);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestProductAreas::demoDataOnBothCores()
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
    ProductAreasParams params;
    params.fromMs = context.asOfMs - 40 * Day - 7 * Hour;
    params.toMs = context.asOfMs + 3 * Day;
    const int types = d.index->typeCount();
    for (int a = 0; a < 3; ++a) {
        ProductArea area;
        area.name = QStringLiteral("area%1").arg(a);
        for (int t = a; t < types; t += 3)
            area.events.append(d.index->typeName(t));
        area.activationFunnel = {d.index->typeName(a), d.index->typeName(a + 1)};
        if (a == 2)
            area.activationFunnel.append(d.index->typeName(a + 3));
        params.areas.append(area);
    }
    compareWithReference(d, context, params);
}

QTEST_GUILESS_MAIN(TestProductAreas)
#include "tst_productareas.moc"
