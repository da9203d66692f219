// runTrend against a hand-written export (every expected value worked out by hand from the
// fixture text, as the comments say) and against a reference written as plain SQL over
// test::writeFlatCopy, from docs/definitions.md's "Trend", on random small workspaces.
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Trend.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

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

// Weeks start on Monday: 2024-01-29, 2024-02-05 and 2024-02-12 are Mondays. The hand tests
// run over [2024-01-31 (a Wednesday), 2024-02-14) with as_of 2024-02-13, so the week buckets
// are Jan 29 (across the month boundary), Feb 5 and Feb 12.
const Files HandExport = {
    {QStringLiteral("accounts.csv"), "account_id,name,tier\nA1,Acme,gold\nA2,Globex,silver\n"},
    {QStringLiteral("users.csv"), "user_id,account_id,plan\nu1,A1,pro\nu2,A1,free\nu3,A2,pro\n"
                                  "u4,,\n"},
    {QStringLiteral("events.csv"), "event_id,user_id,time,event,path\n"
                                   "1,u1,2024-01-29T12:00:00Z,view,/a\n"          // before from
                                   "2,u1,2024-01-31T00:00:00Z,view,/a\n"          // at from
                                   "3,u1,2024-02-01T10:00:00Z,view,/b\n"          //
                                   "4,u1,2024-02-05T00:00:00Z,view,/a\n"          // a Monday, 00:00
                                   "5,u1,2024-02-05T00:00:00Z,click,/a\n"         //
                                   "6,u2,2024-02-01T10:00:00Z,view,/a\n"          // = u1's event 3
                                   "7,u2,2024-02-01T10:00:00Z,view,/a\n"          // = its event 6
                                   "8,u2,2024-02-12T09:00:00Z,view,/c\n"          //
                                   "9,u3,2024-02-06T10:00:00Z,view,/b\n"          //
                                   "10,u3,2024-02-06T10:00:00Z,view,/c\n"         //
                                   "11,u3,2024-02-13T00:00:00Z,view,/a\n"         // at as_of
                                   "12,u3,2024-02-14T00:00:00Z,view,/a\n"         // at to
                                   "13,u4,2024-02-07T10:00:00Z,view,\n"           // no path
                                   "14,u4,2024-02-04T23:59:59.999Z,click,/a\n"}}; // a Sunday

// "group:total:v1,v2,..." per series.
QStringList describe(const TrendResult& r)
{
    QStringList lines;
    for (const auto& s : r.series) {
        QStringList values;
        for (qint64 v : s.values)
            values.append(QString::number(v));
        lines.append(QStringLiteral("%1:%2:%3")
                         .arg(s.group)
                         .arg(s.total)
                         .arg(values.join(QLatin1Char(','))));
    }
    return lines;
}

QStringList lines(std::initializer_list<const char*> texts)
{
    QStringList result;
    for (const char* t : texts)
        result.append(QLatin1String(t));
    return result;
}

// A random small export: plan and tier properties (sometimes missing), users with and without
// accounts, users first seen in events, paths (sometimes missing), equal timestamps.
Files randomExport(quint32 seed, qint64 asOf, QList<QPair<QString, QString>>* tiers)
{
    QRandomGenerator rng(seed);
    const char* const tierNames[] = {"gold", "silver", ""};
    const int accounts = 1 + int(rng.bounded(4));
    QByteArray accountsCsv = "account_id,name,tier\n";
    for (int a = 0; a < accounts; ++a) {
        const QByteArray tier = a == 0 ? "gold" : tierNames[rng.bounded(3)];
        tiers->append({QStringLiteral("A%1").arg(a), QString::fromLatin1(tier)});
        accountsCsv += "A" + QByteArray::number(a) + ",Name," + tier + "\n";
    }
    const char* const plans[] = {"free", "pro", ""};
    QByteArray usersCsv = "user_id,account_id,plan\n";
    QByteArrayList userIds;
    for (int u = 0, users = 1 + int(rng.bounded(12)); u < users; ++u) {
        const int a = int(rng.bounded(accounts + 2));
        userIds.append("u" + QByteArray::number(u));
        usersCsv +=
            userIds.back() + "," +
            (a < accounts ? "A" + QByteArray::number(a) : QByteArray(a == accounts ? "" : "AX")) +
            "," + (u == 0 ? "pro" : plans[rng.bounded(3)]) + "\n";
    }
    for (int e = int(rng.bounded(4)); e > 0; --e)
        userIds.append("e" + QByteArray::number(e));
    const char* const paths[] = {"/x", "/y", "/z", ""};
    QByteArray eventsCsv = "event_id,user_id,time,event,path\n";
    qint64 id = 0;
    for (const QByteArray& user : userIds) {
        qint64 time = asOf;
        for (int n = int(rng.bounded(14)) + (user == userIds.first() ? 1 : 0); n > 0; --n) {
            if (rng.bounded(5) != 0) // else equal to the previous event's time
                time = asOf - qint64(rng.bounded(100 * 24 * 4)) * Hour / 4 + 2 * Day;
            ++id;
            eventsCsv += QByteArray::number(id) + "," + user + "," + QByteArray::number(time) +
                         "," + QByteArray(1, char('a' + rng.bounded(3))) + "," +
                         (id == 1 ? "/x" : paths[rng.bounded(4)]) + "\n";
        }
    }
    return {{QStringLiteral("accounts.csv"), accountsCsv},
            {QStringLiteral("users.csv"), usersCsv},
            {QStringLiteral("events.csv"), eventsCsv}};
}

// Runs runTrend and a reference written as plain SQL from docs/definitions.md over the flat copy of
// d's cache, and compares the buckets and every series. Groupings: none, a property of
// users.csv's extra columns, "account.<x>" with the values given, "event.<column>", "segment".
void compareWithReference(Data& d, const AnalysisContext& context, const TrendParams& params,
                          const QList<QPair<QString, QString>>& accountValues)
{
    QString error;
    TrendResult r;
    QVERIFY2(runTrend(context, params, &r, &error), qPrintable(error));
    const QString flat = d.dir.filePath(QStringLiteral("flat.sqlite"));
    if (!QFileInfo::exists(flat)) // one copy per cache: the tables below are temporary
        QCOMPARE(test::writeFlatCopy(d.cachePath(), flat), QString());
    Database db;
    QVERIFY2(db.open(flat, false, &error), qPrintable(error));
    QVERIFY(db.exec("CREATE TEMP TABLE seg(user INTEGER PRIMARY KEY)", &error));
    QVERIFY(db.exec("CREATE TEMP TABLE accounts(account_id TEXT PRIMARY KEY, value TEXT)", &error));
    Statement insert = db.prepare("INSERT INTO seg VALUES (?)", &error);
    for (int u = 0; u < d.index->userCount(); ++u) {
        if (context.inSegment(u)) {
            insert.bind(1, qint64(u));
            QVERIFY(insert.run(&error));
        }
    }
    Statement insertAccount = db.prepare("INSERT INTO accounts VALUES (?, ?)", &error);
    for (const auto& [id, value] : accountValues) {
        insertAccount.bind(1, id);
        insertAccount.bind(2, value);
        QVERIFY(insertAccount.run(&error));
    }
    // Buckets from SQLite's calendar: weeks from the Monday on or before, months from the 1st.
    // ?1 = from, ?2 = to.
    const char* const startSql[] = {"date(?1 / 1000, 'unixepoch')",
                                    "date(?1 / 1000, 'unixepoch', '-6 days', 'weekday 1')",
                                    "date(?1 / 1000, 'unixepoch', 'start of month')"};
    const char* const stepSql[] = {"'+1 day'", "'+7 days'", "'+1 month'"};
    const int bucket = static_cast<int>(params.bucket);
    const QByteArray buckets =
        QByteArray("CREATE TEMP TABLE b AS WITH RECURSIVE b(start) AS (SELECT ") +
        startSql[bucket] + " UNION ALL SELECT date(start, " + stepSql[bucket] +
        ") FROM b WHERE CAST(strftime('%s', start, " + stepSql[bucket] +
        ") AS INTEGER) * 1000 < ?2) "
        "SELECT CAST(strftime('%s', start) AS INTEGER) * 1000 AS start FROM b";
    Statement makeBuckets = db.prepare(buckets.constData(), &error);
    QVERIFY2(makeBuckets.isValid(), qPrintable(error));
    makeBuckets.bind(1, params.fromMs);
    makeBuckets.bind(2, params.toMs);
    QVERIFY2(makeBuckets.run(&error), qPrintable(error));
    QVERIFY(db.exec("CREATE INDEX b_start ON b(start)", &error));
    std::vector<qint64> starts;
    Statement readBuckets = db.prepare("SELECT start FROM b ORDER BY start", &error);
    while (readBuckets.step())
        starts.push_back(readBuckets.int64(0));
    QCOMPARE(r.bucketStarts, starts);

    // The group of an event; ?6 = the JSON path of a user property.
    QByteArray group = "'all'";
    const QString& by = params.groupBy;
    if (by == QLatin1String("segment"))
        group = "CASE WHEN e.user IN (SELECT user FROM seg) THEN 'in segment' "
                "ELSE 'not in segment' END";
    else if (by.startsWith(QLatin1String("event.")))
        group = "COALESCE(NULLIF(e.\"" + by.mid(6).toUtf8() + "\", ''), '(none)')";
    else if (by.startsWith(QLatin1String("account.")))
        group = "COALESCE(NULLIF(a.value, ''), '(none)')";
    else if (!by.isEmpty())
        group = "COALESCE(NULLIF(json_extract(u.properties, ?6), ''), '(none)')";
    // The events that count, with their group and bucket. ?1 from, ?2 to, ?3 as_of, ?4 event
    // ('' = any), ?5 = 1 when the segment groups instead of filtering.
    Statement makeEvents = db.prepare(
        ("CREATE TEMP TABLE te AS SELECT e.user AS user, " + group +
         " AS grp, (SELECT MAX(start) FROM b WHERE b.start <= e.time) AS bucket "
         "FROM events e JOIN users u ON u.user = e.user "
         "LEFT JOIN accounts a ON a.account_id = u.account_id "
         "WHERE e.time >= ?1 AND e.time < ?2 AND e.time < ?3 AND (?4 = '' OR e.event = ?4) "
         "AND (?5 = 1 OR e.user IN (SELECT user FROM seg))")
            .constData(),
        &error);
    QVERIFY2(makeEvents.isValid(), qPrintable(error));
    makeEvents.bind(1, params.fromMs);
    makeEvents.bind(2, params.toMs);
    makeEvents.bind(3, context.asOfMs);
    makeEvents.bind(4, params.event);
    makeEvents.bind(5, qint64(by == QLatin1String("segment") ? 1 : 0));
    makeEvents.bind(6, QStringLiteral("$.\"%1\"").arg(by));
    QVERIFY2(makeEvents.run(&error), qPrintable(error));

    // Top K groups by total (ties by name), then "other": every other group's events, or the
    // distinct users of every other group in the bucket.
    const QByteArray measure = params.measure == TrendMeasure::Count
                                   ? QByteArray("COUNT(*)")
                                   : QByteArray("COUNT(DISTINCT user)");
    QVERIFY(db.exec("CREATE TEMP TABLE top(grp TEXT PRIMARY KEY, total INTEGER, rank INTEGER)",
                    &error));
    Statement top =
        db.prepare(("INSERT INTO top SELECT grp, " + measure + ", ROW_NUMBER() OVER (ORDER BY " +
                    measure + " DESC, grp) FROM te GROUP BY grp")
                       .constData(),
                   &error);
    QVERIFY2(top.run(&error), qPrintable(error));
    QVERIFY(db.exec("CREATE TEMP TABLE other AS SELECT * FROM top WHERE 0", &error));
    Statement others = db.prepare("INSERT INTO other SELECT * FROM top WHERE rank > ?1", &error);
    others.bind(1, qint64(params.topK));
    QVERIFY2(others.run(&error), qPrintable(error));
    auto line = [&](const QString& name, qint64 total, const QByteArray& where) {
        std::vector<qint64> values(starts.size(), 0);
        Statement s = db.prepare(
            ("SELECT bucket, " + measure + " FROM te WHERE " + where + " GROUP BY bucket")
                .constData(),
            nullptr);
        s.bind(1, name);
        while (s.step())
            values[size_t(std::find(starts.begin(), starts.end(), s.int64(0)) - starts.begin())] =
                s.int64(1);
        QStringList texts;
        for (qint64 v : values)
            texts.append(QString::number(v));
        return QStringLiteral("%1:%2:%3").arg(name).arg(total).arg(texts.join(QLatin1Char(',')));
    };
    QStringList expected;
    Statement kept =
        db.prepare("SELECT grp, total FROM top WHERE rank <= ?1 ORDER BY rank", &error);
    kept.bind(1, qint64(params.topK));
    while (kept.step())
        expected.append(line(kept.text(0), kept.int64(1), "grp = ?1"));
    if (db.scalar("SELECT COUNT(*) FROM other") > 0) {
        const QByteArray rest = "grp IN (SELECT grp FROM other) AND ?1 = 'other'";
        Statement total =
            db.prepare(("SELECT " + measure + " FROM te WHERE " + rest).constData(), &error);
        total.bind(1, QStringLiteral("other"));
        QVERIFY(total.step());
        expected.append(line(QStringLiteral("other"), total.int64(0), rest));
    }
    // Without grouping there is always the one series.
    if (by.isEmpty() && expected.isEmpty())
        expected.append(line(QStringLiteral("all"), 0, "grp = ?1"));
    QCOMPARE(describe(r), expected);
}

} // namespace

class TestTrend : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void bucketStarts();
    void weekBucketsAcrossMonthBoundary();
    void dayAndMonthBuckets();
    void groupByEventPropertyTopK();
    void uniqueUsersOther();
    void groupByUserAndAccountProperty();
    void segment();
    void errors();
    void emptyCache();
    void matchesReferenceSql();
    void demoDataOnBothCores();

private:
    std::unique_ptr<Data> m_data;
    AnalysisContext m_context;
    TrendParams m_params;
};

void TestTrend::init()
{
    m_data = std::make_unique<Data>();
    QString error;
    QVERIFY2(m_data->load(HandExport, &error), qPrintable(error));
    m_context = AnalysisContext();
    m_context.index = m_data->index;
    m_context.asOfMs = ms("2024-02-13T00:00:00Z");
    m_params = TrendParams();
    m_params.event = QStringLiteral("view");
    m_params.bucket = TrendBucket::Week;
    m_params.fromMs = ms("2024-01-31T00:00:00Z");
    m_params.toMs = ms("2024-02-14T00:00:00Z");
}

void TestTrend::bucketStarts()
{
    // 2024-03-01 is a Friday: its week starts Monday 2024-02-26.
    QCOMPARE(Calendar().bucketStart(ms("2024-03-01T15:00:00Z"), calendarUnit(TrendBucket::Week)),
             ms("2024-02-26T00:00:00Z"));
    QCOMPARE(Calendar().bucketStart(ms("2024-02-26T00:00:00Z"), calendarUnit(TrendBucket::Week)),
             ms("2024-02-26T00:00:00Z"));
    // A Sunday's last millisecond still belongs to the week before.
    QCOMPARE(
        Calendar().bucketStart(ms("2024-03-03T23:59:59.999Z"), calendarUnit(TrendBucket::Week)),
        ms("2024-02-26T00:00:00Z"));
    // Before 1970: 1969-12-31 is a Wednesday, its Monday 1969-12-29 (-3 days).
    QCOMPARE(Calendar().bucketStart(-12 * Hour, calendarUnit(TrendBucket::Week)), -3 * Day);
    QCOMPARE(Calendar().bucketStart(-1, calendarUnit(TrendBucket::Day)), -Day);
    QCOMPARE(Calendar().bucketStart(ms("2024-02-29T23:59:00Z"), calendarUnit(TrendBucket::Month)),
             ms("2024-02-01T00:00:00Z"));
    QCOMPARE(Calendar().nextBucket(ms("2023-12-01T00:00:00Z"), calendarUnit(TrendBucket::Month)),
             ms("2024-01-01T00:00:00Z"));
}

void TestTrend::weekBucketsAcrossMonthBoundary()
{
    TrendResult r;
    QString error;
    QVERIFY2(runTrend(m_context, m_params, &r, &error), qPrintable(error));
    QCOMPARE(r.bucketStarts,
             std::vector<qint64>({ms("2024-01-29T00:00:00Z"), ms("2024-02-05T00:00:00Z"),
                                  ms("2024-02-12T00:00:00Z")}));
    // Week of Jan 29: views 2, 3, 6, 7 (1 is before from). Feb 5: 4, 9, 10, 13. Feb 12: 8
    // (11 is at as_of, 12 at to).
    QCOMPARE(describe(r), lines({"all:9:4,4,1"}));
    // Any event adds the clicks 14 (Sunday Feb 4, week of Jan 29) and 5 (Monday Feb 5).
    m_params.event.clear();
    QVERIFY2(runTrend(m_context, m_params, &r, &error), qPrintable(error));
    QCOMPARE(describe(r), lines({"all:11:5,5,1"}));
    // Unique users of view: {u1, u2}, {u1, u3, u4}, {u2}; 4 over the range.
    m_params.event = QStringLiteral("view");
    m_params.measure = TrendMeasure::UniqueUsers;
    QVERIFY2(runTrend(m_context, m_params, &r, &error), qPrintable(error));
    QCOMPARE(describe(r), lines({"all:4:2,3,1"}));
    QCOMPARE(r.definition.value(QStringLiteral("bucket")).toString(), QStringLiteral("week"));
    QCOMPARE(r.definition.value(QStringLiteral("measure")).toString(),
             QStringLiteral("unique users"));
}

void TestTrend::dayAndMonthBuckets()
{
    TrendResult r;
    QString error;
    // Days from Feb 1 10:00 (views 3, 6, 7 at exactly 10:00 count) to 1 ms into Feb 2.
    m_params.bucket = TrendBucket::Day;
    m_params.fromMs = ms("2024-02-01T10:00:00Z");
    m_params.toMs = ms("2024-02-02T00:00:00.001Z");
    QVERIFY2(runTrend(m_context, m_params, &r, &error), qPrintable(error));
    QCOMPARE(r.bucketStarts,
             std::vector<qint64>({ms("2024-02-01T00:00:00Z"), ms("2024-02-02T00:00:00Z")}));
    QCOMPARE(describe(r), lines({"all:3:3,0"}));
    // Months: January holds view 2 only; February views 3, 4, 6, 7, 8, 9, 10, 13.
    m_params.bucket = TrendBucket::Month;
    m_params.fromMs = ms("2024-01-31T00:00:00Z");
    m_params.toMs = ms("2024-02-14T00:00:00Z");
    QVERIFY2(runTrend(m_context, m_params, &r, &error), qPrintable(error));
    QCOMPARE(r.bucketStarts,
             std::vector<qint64>({ms("2024-01-01T00:00:00Z"), ms("2024-02-01T00:00:00Z")}));
    QCOMPARE(describe(r), lines({"all:9:1,8"}));
}

void TestTrend::groupByEventPropertyTopK()
{
    TrendResult r;
    QString error;
    m_params.groupBy = QStringLiteral("event.path");
    m_params.topK = 2;
    QVERIFY2(runTrend(m_context, m_params, &r, &error), qPrintable(error));
    // Totals: /a 4 (2, 6, 7, 4), /b 2 (3, 9), /c 2 (10, 8), (none) 1 (13). /b beats /c on
    // the tie by name; other = /c + (none).
    QCOMPARE(describe(r), lines({"/a:4:3,1,0", "/b:2:1,1,0", "other:3:0,2,1"}));
    QVERIFY(r.series.back().other);
    // Top 4 keeps every group: no "other".
    m_params.topK = 4;
    QVERIFY2(runTrend(m_context, m_params, &r, &error), qPrintable(error));
    QCOMPARE(describe(r), lines({"/a:4:3,1,0", "/b:2:1,1,0", "/c:2:0,1,1", "(none):1:0,1,0"}));
}

void TestTrend::uniqueUsersOther()
{
    TrendResult r;
    QString error;
    m_params.groupBy = QStringLiteral("event.path");
    m_params.measure = TrendMeasure::UniqueUsers;
    m_params.topK = 1;
    QVERIFY2(runTrend(m_context, m_params, &r, &error), qPrintable(error));
    // Distinct users: /a {u1, u2}, /b {u1, u3}, /c {u2, u3}, (none) {u4}: /a wins the tie by
    // name. Other, week of Feb 5: u3 (on /b and /c) and u4 = 2 users, not 3; over the range
    // u1, u2, u3, u4 = 4.
    QCOMPARE(describe(r), lines({"/a:2:2,1,0", "other:4:1,2,1"}));
}

void TestTrend::groupByUserAndAccountProperty()
{
    TrendResult r;
    QString error;
    m_params.groupBy = QStringLiteral("plan");
    QVERIFY2(runTrend(m_context, m_params, &r, &error), qPrintable(error));
    // pro = u1 (2, 3 | 4) + u3 (9, 10); free = u2 (6, 7 | 8); (none) = u4 (13).
    QCOMPARE(describe(r), lines({"pro:5:2,3,0", "free:3:2,0,1", "(none):1:0,1,0"}));
    m_params.groupBy = QStringLiteral("account.tier");
    m_params.measure = TrendMeasure::UniqueUsers;
    QVERIFY2(runTrend(m_context, m_params, &r, &error), qPrintable(error));
    // gold = A1 (u1, u2), silver = A2 (u3), (none) = u4 without account.
    QCOMPARE(describe(r), lines({"gold:2:2,1,1", "(none):1:0,1,0", "silver:1:0,1,0"}));
}

void TestTrend::segment()
{
    TrendResult r;
    QString error;
    m_context.segment.assign(size_t(m_data->index->userCount()), 0);
    m_context.segment[size_t(m_data->index->userIndex(QStringLiteral("u1")))] = 1;
    m_context.segment[size_t(m_data->index->userIndex(QStringLiteral("u3")))] = 1;
    // As a filter: u1 (2, 3 | 4) and u3 (9, 10) only.
    QVERIFY2(runTrend(m_context, m_params, &r, &error), qPrintable(error));
    QCOMPARE(describe(r), lines({"all:5:2,3,0"}));
    // As the grouping: everyone counts, split by the segment.
    m_params.groupBy = QStringLiteral("segment");
    QVERIFY2(runTrend(m_context, m_params, &r, &error), qPrintable(error));
    QCOMPARE(describe(r), lines({"in segment:5:2,3,0", "not in segment:4:2,1,1"}));
}

void TestTrend::errors()
{
    TrendResult r;
    QString error;
    m_params.event = QStringLiteral("nope");
    QVERIFY(!runTrend(m_context, m_params, &r, &error));
    QCOMPARE(error, QStringLiteral("unknown event \"nope\""));
    m_params.event.clear();
    for (const char* group : {"nope", "account.nope", "event.nope"}) {
        m_params.groupBy = QLatin1String(group);
        QVERIFY(!runTrend(m_context, m_params, &r, &error));
        QCOMPARE(error, QStringLiteral("unknown property \"%1\"").arg(QLatin1String(group)));
    }
    m_params.groupBy.clear();
    m_params.toMs = m_params.fromMs;
    QVERIFY(!runTrend(m_context, m_params, &r, &error));
    QCOMPARE(error, QStringLiteral("empty range: \"from\" must be before \"to\""));
    m_params.toMs = m_params.fromMs + 1000 * Day;
    m_params.topK = 0;
    QVERIFY(!runTrend(m_context, m_params, &r, &error));
    QCOMPARE(error, QStringLiteral("top K must be at least 1"));
}

void TestTrend::emptyCache()
{
    Data d;
    QString error;
    QVERIFY2(d.load({}, &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = ms("2024-03-01T00:00:00Z");
    TrendParams params;
    params.bucket = TrendBucket::Month;
    params.fromMs = ms("2024-01-01T00:00:00Z");
    params.toMs = ms("2024-03-01T00:00:00Z");
    TrendResult r;
    QVERIFY2(runTrend(context, params, &r, &error), qPrintable(error));
    QCOMPARE(r.bucketStarts.size(), size_t(2));
    QCOMPARE(describe(r), lines({"all:0:0,0"}));
    params.groupBy = QStringLiteral("segment");
    QVERIFY2(runTrend(context, params, &r, &error), qPrintable(error));
    QVERIFY(r.series.empty());
}

void TestTrend::matchesReferenceSql()
{
    const qint64 asOf = ms("2024-03-01T00:00:00Z");
    const char* const groupings[] = {"", "plan", "account.tier", "event.path", "segment"};
    for (quint32 seed = 1; seed <= 20; ++seed) {
        Data d;
        QList<QPair<QString, QString>> tiers;
        QString error;
        QVERIFY2(d.load(randomExport(seed, asOf, &tiers), &error), qPrintable(error));
        QRandomGenerator rng(seed * 31337);
        AnalysisContext context;
        context.index = d.index;
        context.asOfMs = asOf;
        if (rng.bounded(2) == 0) {
            context.segment.resize(size_t(d.index->userCount()));
            for (auto& in : context.segment)
                in = char(rng.bounded(2));
        }
        TrendParams params;
        const char* const events[] = {"", "a", "b"};
        params.event = QLatin1String(events[rng.bounded(3)]);
        params.measure = rng.bounded(2) ? TrendMeasure::Count : TrendMeasure::UniqueUsers;
        params.bucket = TrendBucket(rng.bounded(3));
        params.fromMs = asOf - qint64(rng.bounded(100 * 24)) * Hour;
        params.toMs = params.fromMs + qint64(1 + rng.bounded(120 * 24)) * Hour;
        params.groupBy = QLatin1String(groupings[seed % 5]);
        params.topK = 1 + int(rng.bounded(3));
        compareWithReference(d, context, params, tiers);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestTrend::demoDataOnBothCores()
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
    QList<QPair<QString, QString>> regions;
    for (int a = 0; a < d.index->accountCount(); ++a)
        regions.append({d.index->accountId(a),
                        d.index->accountProperty(a, QStringLiteral("region")).toString()});
    TrendParams params;
    params.fromMs = context.asOfMs - 61 * Day - 5 * Hour;
    params.toMs = context.asOfMs + 5 * Day;
    params.bucket = TrendBucket::Week;
    params.measure = TrendMeasure::UniqueUsers;
    params.groupBy = QStringLiteral("event.path");
    params.topK = 5;
    compareWithReference(d, context, params, regions);
    params.event = d.index->typeName(0);
    params.measure = TrendMeasure::Count;
    params.bucket = TrendBucket::Day;
    params.groupBy = QStringLiteral("account.region");
    params.topK = 3;
    compareWithReference(d, context, params, regions);
    params.event.clear();
    params.measure = TrendMeasure::UniqueUsers;
    params.bucket = TrendBucket::Month;
    params.groupBy = QStringLiteral("segment");
    compareWithReference(d, context, params, regions);
}

QTEST_GUILESS_MAIN(TestTrend)
#include "tst_trend.moc"
