// syncExportFolder against small hand-written exports: every expected value below was worked
// out by hand from the fixture text (epoch milliseconds, line:column positions, row counts).
#include "Progress.h"
#include "TestSupport.h"
#include "cache/Cache.h"
#include "cache/EventTable.h"
#include "sync/ExportSync.h"

#include <QByteArrayList>
#include <QFileInfo>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace pulsebook;
using pulsebook::test::readFile;
using pulsebook::test::snapshot;
using pulsebook::test::TableState;
using pulsebook::test::writeFile;

namespace {

using Snapshot = QMap<QString, TableState>;
using Files = QList<QPair<QString, QByteArray>>;

// 2024-03-01T00:00:00Z: 19723 days to 2024-01-01, + 31 + 29 days.
constexpr qint64 Mar1 = 1709251200000LL;
constexpr qint64 Minute = 60000LL;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
// 2024-01-10T00:00:00Z.
constexpr qint64 Jan10 = 1704844800000LL;

const QByteArray TeamCsv = "person,role,manager\n"
                           "Vera Vance,VP,\n"
                           "Dan Diaz,Director,Vera Vance\n"
                           "Mia Moss,Manager,Dan Diaz\n"
                           "Cara Cole,CSM,Mia Moss\n"
                           "Carl Cruz,CSM,Mia Moss\n";

// `tier` is not a known column: it becomes an account property.
const QByteArray AccountsCsv =
    "account_id,name,csm,renewal_date,arr,sentiment,has_success_plan,last_ebr,products_adopted,"
    "tier\n"
    "A1,\"Acme, Inc.\",Cara Cole,2026-03-31,\"$120,036\",green,yes,,\"Analytics, Reports\",gold\n"
    "A2,\"The \"\"Best\"\" Co\",Carl Cruz,2025-12-01T00:00:00Z,5000,Red,no,2025-06-15,3,\n"
    "A3,Globex,Cara Cole,,,,,,,silver\n";

const QByteArray UsersCsv = "user_id,identity,email,account_id,joindate,plan\n"
                            "u1,ann@acme.example,ann@acme.example,A1,2024-01-15,pro\n"
                            "u2,bob@acme.example,bob@acme.example,A1,2024-02-01,\n"
                            "u3,cy@best.example,cy@best.example,A2,,free\n"
                            "u4,dee@globex.example,dee@globex.example,A3,2024-03-01T12:00:00Z,pro\n"
                            "u5,old-ann,ann.old@acme.example,A1,2023-06-01,\n";

const QByteArray MigrationsCsv = "from_user_id,to_user_id,time\n"
                                 "u5,u1,2024-01-20T00:00:00Z\n";

// u6 is first seen here.
const QByteArray SessionsCsv = "session_id,user_id,time,device_type,browser,utm_source\n"
                               "s1,u1,2024-03-01T09:00:00Z,desktop,Chrome,newsletter\n"
                               "s2,u2,2024-03-01T10:00:00Z,mobile,Safari,\n"
                               "s3,u5,2024-01-10T08:00:00Z,desktop,Firefox,\n"
                               "s4,u6,2024-03-02T11:00:00Z,tablet,Chrome,\n";

// Four events of u1 share 09:05; u7 is in no other file; u5's events move to u1.
const QByteArray EventsCsv = "event_id,user_id,time,event,session_id,path\n"
                             "10,u1,2024-03-01T09:05:00Z,login,s1,/home\n"
                             "9,u1,2024-03-01T09:05:00Z,view_dashboard,s1,/dash\n"
                             "abc,u1,2024-03-01T09:05:00Z,export_csv,s1,\n"
                             "ab,u1,2024-03-01T09:05:00Z,logout,s1,/bye\n"
                             "2,u1,2024-03-01T09:01:00Z,login,s1,/home\n"
                             "3,u2,2024-03-01T10:01:00Z,login,s2,/home\n"
                             "4,u2,2024-03-01T10:02:00Z,view_dashboard,s2,/dash\n"
                             "5,u3,2024-03-03T12:00:00Z,login,,\n"
                             "6,u4,2024-03-04T13:00:00Z,login,,/home\n"
                             "7,u5,2024-01-10T08:01:00Z,login,s3,/home\n"
                             "8,u5,2024-01-10T08:02:00Z,view_dashboard,s3,/dash\n"
                             "11,u7,2024-03-05T14:00:00Z,login,,\n"
                             "12,u6,2024-03-02T11:01:00Z,view_dashboard,s4,\n";

// u8 is first seen here.
const QByteArray TouchesCsv = "user_id,campaign,time,stage\n"
                              "u1,spring,2024-03-01T08:00:00Z,delivered\n"
                              "u1,spring,2024-03-01T08:30:00Z,Opened\n"
                              "u8,spring,2024-03-01T08:00:00Z,delivered\n";

Files mainExport()
{
    return {{QStringLiteral("team.csv"), TeamCsv},
            {QStringLiteral("accounts.csv"), AccountsCsv},
            {QStringLiteral("users.csv"), UsersCsv},
            {QStringLiteral("user_migrations.csv"), MigrationsCsv},
            {QStringLiteral("sessions.csv"), SessionsCsv},
            {QStringLiteral("events.csv"), EventsCsv},
            {QStringLiteral("campaign_touches.csv"), TouchesCsv}};
}

// The main export's events as stored: by user, then time, then ID (numbers by value first).
QStringList mainEvents()
{
    const auto at = [](qint64 ms) {
        return QString::number(ms);
    };
    return {
        QStringLiteral("u1|%1|7|login|s3|path=/home").arg(at(Jan10 + 8 * Hour + 1 * Minute)),
        QStringLiteral("u1|%1|8|view_dashboard|s3|path=/dash")
            .arg(at(Jan10 + 8 * Hour + 2 * Minute)),
        QStringLiteral("u1|%1|2|login|s1|path=/home").arg(at(Mar1 + 9 * Hour + 1 * Minute)),
        QStringLiteral("u1|%1|9|view_dashboard|s1|path=/dash")
            .arg(at(Mar1 + 9 * Hour + 5 * Minute)),
        QStringLiteral("u1|%1|10|login|s1|path=/home").arg(at(Mar1 + 9 * Hour + 5 * Minute)),
        QStringLiteral("u1|%1|ab|logout|s1|path=/bye").arg(at(Mar1 + 9 * Hour + 5 * Minute)),
        QStringLiteral("u1|%1|abc|export_csv|s1").arg(at(Mar1 + 9 * Hour + 5 * Minute)),
        QStringLiteral("u2|%1|3|login|s2|path=/home").arg(at(Mar1 + 10 * Hour + 1 * Minute)),
        QStringLiteral("u2|%1|4|view_dashboard|s2|path=/dash")
            .arg(at(Mar1 + 10 * Hour + 2 * Minute)),
        QStringLiteral("u3|%1|5|login|").arg(at(Mar1 + 2 * Day + 12 * Hour)),
        QStringLiteral("u4|%1|6|login||path=/home").arg(at(Mar1 + 3 * Day + 13 * Hour)),
        QStringLiteral("u6|%1|12|view_dashboard|s4")
            .arg(at(Mar1 + 1 * Day + 11 * Hour + 1 * Minute)),
        QStringLiteral("u7|%1|11|login|").arg(at(Mar1 + 4 * Day + 14 * Hour)),
    };
}

// Replaces the header row (the first line) of a CSV text.
QByteArray withHeader(const QByteArray& csv, const QByteArray& header)
{
    return header + csv.mid(csv.indexOf('\n'));
}

QString makeFolder(const QTemporaryDir& tmp, const QString& name, const Files& files)
{
    const QString folder = tmp.filePath(name);
    for (const auto& [file, content] : files)
        writeFile(folder, file, content);
    return folder;
}

// The rows of `sql` as "a|b|..." ('NULL' for NULL); `columns` cells per row.
QStringList rows(Database& db, const char* sql, int columns)
{
    QString error;
    Statement s = db.prepare(sql, &error);
    if (!s.isValid())
        return {QStringLiteral("SQL error: ") + error};
    QStringList result;
    while (s.step()) {
        QStringList cells;
        for (int c = 0; c < columns; ++c)
            cells.append(s.isNull(c) ? QStringLiteral("NULL") : s.text(c));
        result.append(cells.join(QLatin1Char('|')));
    }
    return result;
}

// Rows of an event-chunk store with the dictionary ids resolved: "user|time|ID|...|key=value".
QStringList storedRows(Cache& cache, EventChunks::Store store)
{
    EventTable table;
    QString error;
    if (!EventChunks::load(cache.db(), store, &table, silentProgress(), &error))
        return {QStringLiteral("load failed: ") + error};
    QHash<qint64, QString> users, types, keys;
    const auto names = [&](const char* sql, QHash<qint64, QString>* out) {
        Statement s = cache.db().prepare(sql, nullptr);
        while (s.step())
            out->insert(s.int64(0), s.text(1));
    };
    names("SELECT uid, user_id FROM users", &users);
    names("SELECT id, name FROM event_types", &types);
    names("SELECT id, name FROM property_keys", &keys);
    QStringList result;
    for (size_t i = 0; i < table.size(); ++i) {
        QStringList cells = {users.value(table.uid[i]), QString::number(table.time[i]),
                             QString::fromUtf8(table.idString(table.eventId[i]))};
        if (store == EventChunks::Store::Events) {
            cells.append(types.value(table.type[i]));
            cells.append(table.sessionId[i] == EventTable::NoSession
                             ? QString()
                             : QString::fromUtf8(table.idString(table.sessionId[i])));
        }
        QStringList properties;
        for (const auto& column : table.properties) {
            if (column.values[i] != 0)
                properties.append(keys.value(column.key) + QLatin1Char('=') +
                                  table.values.qstring(column.values[i]));
        }
        properties.sort();
        result.append((cells + properties).join(QLatin1Char('|')));
    }
    return result;
}

// Every stored event as "user|time|event ID|type|session[|key=value...]", in stored order.
QStringList storedEvents(Cache& cache)
{
    return storedRows(cache, EventChunks::Store::Events);
}

QString rowCountText(Cache& cache)
{
    QStringList parts;
    for (const auto& t : cache.rowCounts())
        parts.append(QStringLiteral("%1=%2").arg(t.table).arg(t.rows));
    return parts.join(QLatin1Char(' '));
}

QString tablesText(const SyncSummary& summary)
{
    QStringList parts;
    for (const auto& t : summary.tables)
        parts.append(
            QStringLiteral("%1:%2/%3/%4").arg(t.table).arg(t.rows).arg(t.landed).arg(t.rejected));
    return parts.join(QLatin1Char(' '));
}

// Names of the tables whose rows differ between two snapshots (empty when equal).
QString snapshotDiff(const Snapshot& a, const Snapshot& b)
{
    QStringList differ;
    QStringList tables = a.keys() + b.keys();
    tables.removeDuplicates();
    for (const QString& t : tables) {
        if (!a.contains(t) || !b.contains(t) || !(a.value(t) == b.value(t)))
            differ.append(t);
    }
    return differ.isEmpty() ? QString()
                            : QStringLiteral("tables differ: ") + differ.join(QLatin1Char(','));
}

QFileDevice::Permissions modeBits(const QString& path)
{
    // ReadUser/WriteUser/ExeUser describe this process's access, not the file mode: leave them out.
    const auto userBits = QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser;
    return QFileInfo(path).permissions() & ~userBits;
}

// Says "stop" from update(): from call number `stopAt` on, or (when `stopStage` is set) in
// that stage. Records the stages it was shown.
class StoppingProgress : public Progress
{
public:
    explicit StoppingProgress(int stopAt, const QString& stopStage = {})
        : m_stopAt(stopAt), m_stopStage(stopStage)
    {}
    void start(const QString& stage, qint64 total) override
    {
        Q_UNUSED(total);
        m_stages.append(stage);
    }
    bool update(qint64 done) override
    {
        Q_UNUSED(done);
        ++m_updates;
        if (m_stopAt > 0 && m_updates >= m_stopAt)
            return false;
        return m_stopStage.isEmpty() || m_stages.isEmpty() || m_stages.last() != m_stopStage;
    }
    int updates() const { return m_updates; }
    QStringList stages() const { return m_stages; }

private:
    int m_stopAt;
    QString m_stopStage;
    int m_updates = 0;
    QStringList m_stages;
};

// A big events.csv (over the 64 MB from which sync parses on both cores): fixed-width rows
// "100000001,u0000,2024-03-01T00:00:00Z,login," (44 bytes, empty title), row i on line i + 2.
constexpr int BigRows = 1600000;
constexpr int BigRowBytes = 44;
const QByteArray BigHeader = "event_id,user_id,time,event,title\n";

QByteArray bigEvents()
{
    QByteArray csv = BigHeader;
    csv.reserve(BigHeader.size() + qsizetype(BigRows) * BigRowBytes + (4 << 20));
    char row[64];
    for (int i = 0; i < BigRows; ++i) {
        std::snprintf(row, sizeof row, "%09d,u%04d,2024-03-01T00:00:00Z,login,\n", 100000001 + i,
                      i % 10000);
        csv.append(row, BigRowBytes);
    }
    return csv;
}

// Overwrites `text` into row `row` at byte `column` (0-based) of the row.
void patchRow(QByteArray* csv, int row, int column, const QByteArray& text)
{
    csv->replace(BigHeader.size() + qsizetype(row) * BigRowBytes + column, text.size(), text);
}
} // namespace

class TestExportSync : public QObject
{
    Q_OBJECT

private slots:
    void fullExport();
    void timestampForms();
    void synonyms_data();
    void synonyms();
    void resyncIsIdempotent();
    void changedAndNewEvent();
    void laterMergeMovesStoredRows();
    void mergeOfUserFirstSeenInEvents();
    void strictBadInput_data();
    void strictBadInput();
    void skipBadRows();
    void skippedRowsThenFatalErrorLeavesNoRejects();
    void skippedUserThenSeenAgain();
    void bigFileBadRow_data();
    void bigFileBadRow();
    void bigFileSplitInsideQuotedField();
    void cacheFileMode();
    void cancelAfterFirstUpdate();
    void cancelWhileWritingEvents();
    void cancelBetweenFiles();
    void cancelledProgressAndFailureAreOutcomes();
    void emptyEventsFile();
    void headerOnlyEventsFile();

private:
    bool openCache(Cache* cache, const QTemporaryDir& tmp, const QString& name = {});
};

bool TestExportSync::openCache(Cache* cache, const QTemporaryDir& tmp, const QString& name)
{
    QString error;
    const QString path = tmp.filePath(name.isEmpty() ? QStringLiteral("cache.pulsebook") : name);
    if (!cache->open(path, true, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

void TestExportSync::fullExport()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder = makeFolder(tmp, QStringLiteral("export"), mainExport());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));

    // Read in the order of the data contract: migrations before sessions and events.
    QCOMPARE(tablesText(summary),
             QStringLiteral("team:5/5/0 accounts:3/3/0 users:5/5/0 user_migrations:1/1/0 "
                            "sessions:4/4/0 events:13/13/0 campaign_touches:3/3/0"));
    QCOMPARE(summary.tables.at(5).file, folder + QStringLiteral("/events.csv"));
    QCOMPARE(summary.createdUsers, qint64(3)); // u6 (sessions), u7 (events), u8 (touches)
    QCOMPARE(summary.rejected, qint64(0));
    QVERIFY(summary.rejectsPath.isEmpty());
    QCOMPARE(summary.eventsInCache, qint64(13));
    QCOMPARE(summary.sessionsInCache, qint64(4));
    QVERIFY(summary.eventsRewritten);
    QCOMPARE(rowCountText(cache),
             QStringLiteral("team=5 accounts=3 users=8 sessions=4 events=13 campaign_touches=3 "
                            "user_migrations=1"));

    Database& db = cache.db();
    QCOMPARE(rows(db, "SELECT person, role, manager FROM team ORDER BY person", 3),
             QStringList({QStringLiteral("Cara Cole|CSM|Mia Moss"),
                          QStringLiteral("Carl Cruz|CSM|Mia Moss"),
                          QStringLiteral("Dan Diaz|Director|Vera Vance"),
                          QStringLiteral("Mia Moss|Manager|Dan Diaz"),
                          QStringLiteral("Vera Vance|VP|NULL")}));

    // renewal_date 2026-03-31 = 20543 days = 1774915200000 ms; 2025-12-01 = 1764547200000;
    // last_ebr 2025-06-15 = 1749945600000. Empty means NULL, never 0.
    QCOMPARE(rows(db,
                  "SELECT account_id, name, csm, renewal_date, typeof(arr), arr, sentiment, "
                  "has_success_plan, last_ebr, typeof(last_ebr), products_adopted, "
                  "metrics_group FROM accounts ORDER BY account_id",
                  12),
             QStringList({QStringLiteral("A1|Acme, Inc.|Cara Cole|1774915200000|real|120036.0|"
                                         "Green|1|NULL|null|2|NULL"),
                          QStringLiteral("A2|The \"Best\" Co|Carl Cruz|1764547200000|real|5000.0|"
                                         "Red|0|1749945600000|integer|3|NULL"),
                          QStringLiteral("A3|Globex|Cara Cole|NULL|null|NULL|NULL|NULL|NULL|null|"
                                         "NULL|NULL")}));
    {
        Statement arr = db.prepare("SELECT arr FROM accounts WHERE account_id = 'A1'", nullptr);
        QVERIFY(arr.step());
        QCOMPARE(arr.real(0), 120036.0);
    }
    // Extra columns are properties: {"<property_keys.id>": "value"}.
    QCOMPARE(rows(db,
                  "SELECT a.account_id, k.name, j.value FROM accounts a, json_each(a.properties) "
                  "j JOIN property_keys k ON k.id = CAST(j.key AS INTEGER) ORDER BY 1, 2",
                  3),
             QStringList({QStringLiteral("A1|tier|gold"), QStringLiteral("A3|tier|silver")}));
    QCOMPARE(rows(db, "SELECT properties IS NULL FROM accounts WHERE account_id = 'A2'", 1),
             QStringList({QStringLiteral("1")}));

    // joindate 2024-01-15 = 1705276800000, 2024-02-01 = 1706745600000,
    // 2024-03-01T12:00Z = 1709294400000, 2023-06-01 = 1685577600000.
    QCOMPARE(rows(db,
                  "SELECT u.user_id, u.identity, u.email, u.account_id, u.joindate, "
                  "u.from_events, t.user_id FROM users u LEFT JOIN users t ON t.uid = "
                  "u.merged_into ORDER BY u.user_id",
                  7),
             QStringList({QStringLiteral("u1|ann@acme.example|ann@acme.example|A1|1705276800000|0|"
                                         "NULL"),
                          QStringLiteral("u2|bob@acme.example|bob@acme.example|A1|1706745600000|0|"
                                         "NULL"),
                          QStringLiteral("u3|cy@best.example|cy@best.example|A2|NULL|0|NULL"),
                          QStringLiteral("u4|dee@globex.example|dee@globex.example|A3|"
                                         "1709294400000|0|NULL"),
                          QStringLiteral("u5|old-ann|ann.old@acme.example|A1|1685577600000|0|u1"),
                          QStringLiteral("u6|NULL|NULL|NULL|NULL|1|NULL"),
                          QStringLiteral("u7|NULL|NULL|NULL|NULL|1|NULL"),
                          QStringLiteral("u8|NULL|NULL|NULL|NULL|1|NULL")}));
    QCOMPARE(rows(db,
                  "SELECT u.user_id, k.name, j.value FROM users u, json_each(u.properties) j "
                  "JOIN property_keys k ON k.id = CAST(j.key AS INTEGER) ORDER BY 1, 2",
                  3),
             QStringList({QStringLiteral("u1|plan|pro"), QStringLiteral("u3|plan|free"),
                          QStringLiteral("u4|plan|pro")}));

    // Sessions are stored like events, by (user, time, ID); s3 belonged to u5, merged into u1.
    QCOMPARE(
        storedRows(cache, EventChunks::Store::Sessions),
        QStringList(
            {QStringLiteral("u1|%1|s3|browser=Firefox|device_type=desktop").arg(Jan10 + 8 * Hour),
             QStringLiteral("u1|%1|s1|browser=Chrome|device_type=desktop|"
                            "utm_source=newsletter")
                 .arg(Mar1 + 9 * Hour),
             QStringLiteral("u2|%1|s2|browser=Safari|device_type=mobile").arg(Mar1 + 10 * Hour),
             QStringLiteral("u6|%1|s4|browser=Chrome|device_type=tablet")
                 .arg(Mar1 + Day + 11 * Hour)}));

    QCOMPARE(rows(db,
                  "SELECT u.user_id, c.campaign, c.time, c.stage FROM campaign_touches c JOIN "
                  "users u ON u.uid = c.uid ORDER BY u.user_id, c.time",
                  4),
             QStringList({QStringLiteral("u1|spring|%1|delivered").arg(Mar1 + 8 * Hour),
                          QStringLiteral("u1|spring|%1|opened").arg(Mar1 + 8 * Hour + 30 * Minute),
                          QStringLiteral("u8|spring|%1|delivered").arg(Mar1 + 8 * Hour)}));
    // 2024-01-20 = 1705708800000.
    QCOMPARE(rows(db, "SELECT from_user_id, to_user_id, time FROM user_migrations", 3),
             QStringList({QStringLiteral("u5|u1|1705708800000")}));
    QCOMPARE(rows(db, "SELECT name FROM event_types ORDER BY name", 1),
             QStringList({QStringLiteral("export_csv"), QStringLiteral("login"),
                          QStringLiteral("logout"), QStringLiteral("view_dashboard")}));
    QCOMPARE(rows(db, "SELECT name FROM property_keys ORDER BY name", 1),
             QStringList({QStringLiteral("browser"), QStringLiteral("device_type"),
                          QStringLiteral("path"), QStringLiteral("plan"), QStringLiteral("tier"),
                          QStringLiteral("utm_source")}));

    QCOMPARE(storedEvents(cache), mainEvents());

    const auto log = cache.syncLog();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.at(0).mode, QStringLiteral("csv"));
    QCOMPARE(log.at(0).source, folder);
    QCOMPARE(log.at(0).rowsJson,
             QStringLiteral("{\"team\":5,\"accounts\":3,\"users\":5,\"user_migrations\":1,"
                            "\"sessions\":4,\"events\":13,\"campaign_touches\":3}"));
    QCOMPARE(log.at(0).rejected, qint64(0));
    QCOMPARE(log.at(0).createdUsers, qint64(3));
}

void TestExportSync::timestampForms()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"),
                   {{QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                   "1,u1,2024-03-10T09:15:30Z,a\n"
                                                   "2,u1,2024-03-10T09:15:30.250+02:00,a\n"
                                                   "3,u1,2024-03-10 09:15:30.125,a\n"
                                                   "4,u1,2024-03-10,a\n"
                                                   "5,u1,1710062130,a\n"
                                                   "6,u1,1710062130999,a\n"
                                                   "7,u1,2024-03-10T04:15:30-05:00,a\n"
                                                   "8,u1,2024-03-10T14:45:30+0530,a\n"
                                                   "9,u1,2024-03-10T09:15Z,a\n"
                                                   "10,u1,2024-03-10 09:15:30,a\n"}});
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));

    EventTable table;
    QVERIFY(EventChunks::load(cache.db(), EventChunks::Store::Events, &table, silentProgress(),
                              &error));
    QMap<QString, qint64> timeOf;
    for (size_t i = 0; i < table.size(); ++i)
        timeOf.insert(QString::fromUtf8(table.idString(table.eventId[i])), table.time[i]);
    QCOMPARE(timeOf.size(), 10);
    // 2024-03-10T00:00:00Z = 19792 days = 1710028800000; 09:15:30 adds 33330000.
    constexpr qint64 Mar10 = 1710028800000LL;
    constexpr qint64 At091530 = Mar10 + 33330000LL; // 1710062130000
    QCOMPARE(timeOf.value(QStringLiteral("1")), At091530);
    QCOMPARE(timeOf.value(QStringLiteral("2")),
             Mar10 + 7 * Hour + 15 * Minute + 30250); // 07:15:30.250Z
    QCOMPARE(timeOf.value(QStringLiteral("3")), At091530 + 125);
    QCOMPARE(timeOf.value(QStringLiteral("4")), Mar10);
    QCOMPARE(timeOf.value(QStringLiteral("5")), 1710062130000LL);
    QCOMPARE(timeOf.value(QStringLiteral("6")), 1710062130999LL);
    QCOMPARE(timeOf.value(QStringLiteral("7")), At091530);
    QCOMPARE(timeOf.value(QStringLiteral("8")), At091530);
    QCOMPARE(timeOf.value(QStringLiteral("9")), At091530 - 30000);
    QCOMPARE(timeOf.value(QStringLiteral("10")), At091530);
    QCOMPARE(QString::number(timeOf.value(QStringLiteral("2"))), QStringLiteral("1710054930250"));
}

void TestExportSync::synonyms_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QByteArrayList>("headers");

    // Heap Connect spellings: all_events.csv with event_table_name, company_id, join_date.
    QTest::newRow("heap") << QStringList{QStringLiteral("Team.csv"),
                                         QStringLiteral("accounts.csv"),
                                         QStringLiteral("users.csv"),
                                         QStringLiteral("USER_MIGRATIONS.csv"),
                                         QStringLiteral("sessions.csv"),
                                         QStringLiteral("all_events.csv"),
                                         QStringLiteral("campaign_touches.csv")}
                          << QByteArrayList{
                                 "Person,ROLE,Manager",
                                 "Company_ID,company_name,CSM,Renewal_Date,ARR,Sentiment,"
                                 "Has_Success_Plan,LAST_EBR,Products_Adopted,tier",
                                 "User_ID,Identity,EMAIL,company_id,join_date,plan",
                                 "From_User_ID,To_User_ID,Time",
                                 "SESSION_ID,User_Id,TIME,Device_Type,Browser,utm_source",
                                 "Event_ID,USER_ID,Time,event_table_name,Session_ID,path",
                                 "User_ID,Campaign,Time,Stage"};
    // Other spellings: event_name, account, account_name; surrounding spaces are trimmed.
    QTest::newRow("fivetran") << QStringList{QStringLiteral("team.csv"),
                                             QStringLiteral("Accounts.CSV"),
                                             QStringLiteral("users.csv"),
                                             QStringLiteral("user_migrations.csv"),
                                             QStringLiteral("sessions.csv"),
                                             QStringLiteral("EVENTS.csv"),
                                             QStringLiteral("campaign_touches.csv")}
                              << QByteArrayList{
                                     "person,role,manager",
                                     "account_id,Account_Name,csm,renewal_date,arr,sentiment,"
                                     "has_success_plan,last_ebr,products_adopted,tier",
                                     "user_id, identity ,email,Account,JoinDate,plan",
                                     "from_user_id,to_user_id,time",
                                     "session_id,user_id,time,device_type,browser,utm_source",
                                     "event_id,user_id,time,Event_Name,session_id,path",
                                     "user_id,campaign,time,stage"};
}

void TestExportSync::synonyms()
{
    QFETCH(QStringList, names);
    QFETCH(QByteArrayList, headers);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const Files canonical = mainExport();
    QCOMPARE(names.size(), canonical.size());
    Files renamed;
    for (qsizetype i = 0; i < canonical.size(); ++i)
        renamed.append({names.at(i), withHeader(canonical.at(i).second, headers.at(i))});

    QString error;
    {
        Cache a;
        QVERIFY(openCache(&a, tmp, QStringLiteral("canonical.pulsebook")));
        QVERIFY2(syncExportFolder(a, makeFolder(tmp, QStringLiteral("canonical"), canonical),
                                  SyncOptions(), nullptr, nullptr, &error),
                 qPrintable(error));
    }
    SyncSummary summary;
    {
        Cache b;
        QVERIFY(openCache(&b, tmp, QStringLiteral("synonyms.pulsebook")));
        QVERIFY2(syncExportFolder(b, makeFolder(tmp, QStringLiteral("synonyms"), renamed),
                                  SyncOptions(), nullptr, &summary, &error),
                 qPrintable(error));
        QCOMPARE(storedEvents(b), mainEvents());
    }
    QCOMPARE(summary.tables.at(5).file, tmp.filePath(QStringLiteral("synonyms/")) + names.at(5));
    QCOMPARE(tablesText(summary),
             QStringLiteral("team:5/5/0 accounts:3/3/0 users:5/5/0 user_migrations:1/1/0 "
                            "sessions:4/4/0 events:13/13/0 campaign_touches:3/3/0"));
    const Snapshot expected = snapshot(tmp.filePath(QStringLiteral("canonical.pulsebook")));
    const Snapshot actual = snapshot(tmp.filePath(QStringLiteral("synonyms.pulsebook")));
    QCOMPARE(expected.value(QStringLiteral("users")).rows, qint64(8));
    QVERIFY2(actual == expected, qPrintable(snapshotDiff(actual, expected)));
}

void TestExportSync::resyncIsIdempotent()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder = makeFolder(tmp, QStringLiteral("export"), mainExport());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    const QString path = cache.path();
    SyncSummary first, second;
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, SyncOptions(), nullptr, &first, &error),
             qPrintable(error));
    const Snapshot afterFirst = snapshot(path);
    QVERIFY2(syncExportFolder(cache, folder, SyncOptions(), nullptr, &second, &error),
             qPrintable(error));
    const Snapshot afterSecond = snapshot(path);

    QCOMPARE(first.createdUsers, qint64(3));
    QVERIFY(first.eventsRewritten);
    QCOMPARE(second.createdUsers, qint64(0));
    QVERIFY(!second.eventsRewritten);
    QCOMPARE(second.eventsInCache, qint64(13));
    QCOMPARE(tablesText(second), tablesText(first)); // every row read and upserted again
    QVERIFY2(afterSecond == afterFirst, qPrintable(snapshotDiff(afterSecond, afterFirst)));
    QCOMPARE(afterSecond.value(QStringLiteral("event_chunks")).rows, qint64(1));
    QCOMPARE(afterSecond.value(QStringLiteral("session_chunks")).rows, qint64(1));
    QCOMPARE(cache.syncLog().size(), 2);
    QCOMPARE(storedEvents(cache), mainEvents());
}

void TestExportSync::changedAndNewEvent()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path());

    // Event 4 moves from 10:02 to 10:30; event 14 is new.
    const QString update = makeFolder(
        tmp, QStringLiteral("update"),
        {{QStringLiteral("events.csv"), "event_id,user_id,time,event,session_id,path\n"
                                        "4,u2,2024-03-01T10:30:00Z,view_dashboard,s2,/dash\n"
                                        "14,u3,2024-03-03T12:05:00Z,logout,,\n"}});
    SyncSummary summary;
    QVERIFY2(syncExportFolder(cache, update, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.createdUsers, qint64(0));
    QVERIFY(summary.eventsRewritten);
    QCOMPARE(summary.eventsInCache, qint64(14));
    QCOMPARE(tablesText(summary), QStringLiteral("events:2/2/0"));

    QStringList expected = mainEvents();
    expected[8] =
        QStringLiteral("u2|%1|4|view_dashboard|s2|path=/dash").arg(Mar1 + 10 * Hour + 30 * Minute);
    expected.insert(
        10, QStringLiteral("u3|%1|14|logout|").arg(Mar1 + 2 * Day + 12 * Hour + 5 * Minute));
    QCOMPARE(storedEvents(cache), expected);

    // Nothing but the events changed.
    Snapshot after = snapshot(cache.path());
    QVERIFY(!(after.value(QStringLiteral("event_chunks")) ==
              before.value(QStringLiteral("event_chunks"))));
    after.remove(QStringLiteral("event_chunks"));
    Snapshot beforeRest = before;
    beforeRest.remove(QStringLiteral("event_chunks"));
    QVERIFY2(after == beforeRest, qPrintable(snapshotDiff(after, beforeRest)));
}

void TestExportSync::laterMergeMovesStoredRows()
{
    // The identity merge arrives in a later sync than the events and sessions it moves: the
    // cache ends up exactly as if it had come with them.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QString error;
    {
        Cache together;
        QVERIFY(openCache(&together, tmp, QStringLiteral("together.pulsebook")));
        QVERIFY2(syncExportFolder(together, makeFolder(tmp, QStringLiteral("all"), mainExport()),
                                  SyncOptions(), nullptr, nullptr, &error),
                 qPrintable(error));
    }
    Files withoutMerge = mainExport();
    withoutMerge.removeAt(3);
    QCOMPARE(withoutMerge.at(3).first, QStringLiteral("sessions.csv"));
    Cache cache;
    QVERIFY(openCache(&cache, tmp, QStringLiteral("later.pulsebook")));
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("data"), withoutMerge),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    QStringList unmerged = mainEvents();
    unmerged.move(0, 10); // u5's two events sort after u4's
    unmerged.move(0, 10);
    unmerged[9].replace(0, 2, QStringLiteral("u5"));
    unmerged[10].replace(0, 2, QStringLiteral("u5"));
    QCOMPARE(storedEvents(cache), unmerged);
    QCOMPARE(storedRows(cache, EventChunks::Store::Sessions).at(2),
             QStringLiteral("u5|%1|s3|browser=Firefox|device_type=desktop").arg(Jan10 + 8 * Hour));

    SyncSummary summary;
    QVERIFY2(syncExportFolder(cache,
                              makeFolder(tmp, QStringLiteral("merge"),
                                         {{QStringLiteral("user_migrations.csv"), MigrationsCsv}}),
                              SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    QVERIFY(summary.eventsRewritten);
    QCOMPARE(summary.eventsInCache, qint64(13));
    QCOMPARE(summary.sessionsInCache, qint64(4));
    QCOMPARE(summary.createdUsers, qint64(0));
    QCOMPARE(storedEvents(cache), mainEvents());
    QCOMPARE(rows(cache.db(),
                  "SELECT u.user_id, t.user_id FROM users u JOIN users t ON t.uid = u.merged_into",
                  2),
             QStringList({QStringLiteral("u5|u1")}));
    const Snapshot expected = snapshot(tmp.filePath(QStringLiteral("together.pulsebook")));
    const Snapshot actual = snapshot(cache.path());
    QVERIFY2(actual == expected, qPrintable(snapshotDiff(actual, expected)));
}

void TestExportSync::mergeOfUserFirstSeenInEvents()
{
    // anon-1 is in neither users.csv nor sessions.csv: it is first seen in events.csv, read
    // after sessions.csv, and its events still belong to u1.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"),
                   {{QStringLiteral("users.csv"), "user_id,email\nu1,u1@example.test\n"},
                    {QStringLiteral("user_migrations.csv"), "from_user_id,to_user_id\nanon-1,u1\n"},
                    {QStringLiteral("sessions.csv"), "session_id,user_id,time\n"
                                                     "s1,u1,2024-03-01T00:00:00Z\n"
                                                     "s2,anon-2,2024-03-01T00:00:00Z\n"},
                    {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                   "1,anon-1,2024-03-01T00:00:01Z,login\n"
                                                   "2,u1,2024-03-01T00:00:02Z,login\n"
                                                   "3,anon-2,2024-03-01T00:00:03Z,login\n"}});
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.createdUsers, qint64(2)); // anon-2 (sessions), anon-1 (events)
    QCOMPARE(storedEvents(cache),
             QStringList({QStringLiteral("u1|%1|1|login|").arg(Mar1 + 1000),
                          QStringLiteral("u1|%1|2|login|").arg(Mar1 + 2000),
                          QStringLiteral("anon-2|%1|3|login|").arg(Mar1 + 3000)}));
    QCOMPARE(rows(cache.db(),
                  "SELECT u.user_id, t.user_id FROM users u JOIN users t ON t.uid = u.merged_into",
                  2),
             QStringList({QStringLiteral("anon-1|u1")}));
}

void TestExportSync::strictBadInput_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QByteArrayList>("contents");
    QTest::addColumn<QString>("expected"); // %1 is the folder

    // team.csv and users.csv come before events.csv: they would change the cache if the bad
    // row did not roll the whole sync back.
    const QByteArray team = "person,role,manager\nZed Zane,CSM,Mia Moss\n";
    const QByteArray users = "user_id,email\nu99,u99@example.test\n";
    const QByteArray header = "event_id,user_id,time,event\n";
    const QByteArray good = "1,u1,2024-03-01T00:00:00Z,login\n";
    const QStringList eventsFolder = {QStringLiteral("team.csv"), QStringLiteral("users.csv"),
                                      QStringLiteral("events.csv")};
    const auto events = [&](const char* name, const QByteArray& body, const char* expected) {
        QTest::newRow(name) << eventsFolder << QByteArrayList{team, users, body}
                            << QString::fromUtf8(expected);
    };
    // "2,u1,2024-03-01T00:00:00Z" is 25 bytes: the record ends at column 26.
    events("wrong field count (too few)", header + good + "2,u1,2024-03-01T00:00:00Z\n",
           "%1/events.csv:3:26: expected 4 fields, found 3");
    events("wrong field count (too many)", header + good + "2,u1,2024-03-01T00:00:00Z,login,x\n",
           "%1/events.csv:3:34: expected 4 fields, found 5");
    events("unterminated quote", header + good + "2,\"u1,2024-03-01T00:00:00Z,login\n",
           "%1/events.csv:3:3: unterminated quoted field");
    events("character after closing quote", header + good + "2,\"u1\"x,2024-03-01,login\n",
           "%1/events.csv:3:7: unexpected character after closing quote");
    events("bad timestamp", header + good + "2,u1,yesterday,login\n",
           "%1/events.csv:3:6: column \"time\": \"yesterday\": not a timestamp (expected "
           "ISO-8601, YYYY-MM-DD HH:MM:SS or epoch)");
    events("no such date", header + good + "2,u1,2024-02-30T00:00:00Z,login\n",
           "%1/events.csv:3:6: column \"time\": \"2024-02-30T00:00:00Z\": no such date");
    events("bad time after a two-line field",
           "event_id,user_id,time,event,title\n"
           "1,u1,2024-03-01T00:00:00Z,login,\"two\nlines\"\n"
           "2,u1,2024-03-01T25:00:00Z,login,x\n",
           "%1/events.csv:4:6: column \"time\": \"2024-03-01T25:00:00Z\": bad time of day "
           "(expected HH:MM[:SS[.fff]])");
    events("bad time, CRLF",
           "event_id,user_id,time,event\r\n1,u1,2024-03-01T00:00:00Z,login\r\n"
           "2,u1,2024-03-01T10:00:00Q,login\r\n",
           "%1/events.csv:3:6: column \"time\": \"2024-03-01T10:00:00Q\": unexpected text "
           "after the time");
    events("invalid UTF-8",
           header + good +
               "2,u\xff"
               "1,2024-03-01T00:00:00Z,login\n",
           "%1/events.csv:3:4: invalid UTF-8");
    events("missing required column", "event_id,user_id,time\n1,u1,2024-03-01T00:00:00Z\n",
           "%1/events.csv:1:1: missing required column \"event\"");
    // "event_id,user_id,time,event," is 28 bytes.
    events("duplicate header", "event_id,user_id,time,event,User_ID\n1,u1,2024-03-01,login,u1\n",
           "%1/events.csv:1:29: duplicate column \"User_ID\"");
    events("synonym duplicate", "event_id,user_id,time,event,event_name\n1,u1,2024-03-01,a,a\n",
           "%1/events.csv:1:29: duplicate column \"event_name\" (same as \"event\")");
    events("empty user_id", header + good + "2,,2024-03-01T00:00:00Z,login\n",
           "%1/events.csv:3:3: empty user_id");
    events("empty event name", header + good + "2,u1,2024-03-01T00:00:00Z,\n",
           "%1/events.csv:3:27: empty event name");

    const QStringList accountsFolder = {QStringLiteral("team.csv"), QStringLiteral("accounts.csv")};
    const QByteArray accountsHeader = "account_id,name,sentiment,arr,has_success_plan\n";
    const QByteArray goodAccount = "A1,Acme,Green,\"$1,000\",yes\n";
    const auto accounts = [&](const char* name, const QByteArray& row, const char* expected) {
        QTest::newRow(name) << accountsFolder
                            << QByteArrayList{team, accountsHeader + goodAccount + row}
                            << QString::fromUtf8(expected);
    };
    accounts("bad sentiment", "A9,Foo,Purple,100,yes\n",
             "%1/accounts.csv:3:8: column \"sentiment\": \"Purple\": sentiment must be Green, "
             "Yellow or Red");
    accounts("negative ARR", "A9,Foo,Green,-$5,yes\n",
             "%1/accounts.csv:3:14: column \"arr\": \"-$5\": negative amount");
    accounts("bad boolean", "A9,Foo,Green,100,maybe\n",
             "%1/accounts.csv:3:18: column \"has_success_plan\": \"maybe\": not a boolean "
             "(expected true/false, yes/no, y/n or 1/0)");

    QTest::newRow("events.csv and all_events.csv")
        << QStringList{QStringLiteral("events.csv"), QStringLiteral("all_events.csv")}
        << QByteArrayList{header + good, header + good}
        << QStringLiteral("%1: both events.csv and all_events.csv hold events: keep one");
    QTest::newRow("no export files")
        << QStringList{QStringLiteral("readme.txt"), QStringLiteral("event.csv")}
        << QByteArrayList{"hello\n", header + good}
        << QStringLiteral("%1: no export files (expected events.csv, users.csv, accounts.csv, "
                          "...); event.csv has the columns of events: read it with --map "
                          "events=event.csv");
}

void TestExportSync::strictBadInput()
{
    QFETCH(QStringList, names);
    QFETCH(QByteArrayList, contents);
    QFETCH(QString, expected);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("good"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path(), false);
    QCOMPARE(before.value(QStringLiteral("sync_log")).rows, qint64(1));

    Files files;
    for (qsizetype i = 0; i < names.size(); ++i)
        files.append({names.at(i), contents.at(i)});
    const QString bad = makeFolder(tmp, QStringLiteral("bad"), files);
    SyncSummary summary;
    QVERIFY(!syncExportFolder(cache, bad, SyncOptions(), nullptr, &summary, &error));
    QCOMPARE(error, expected.arg(bad));
    // Nothing changed, not even the sync log.
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
    QVERIFY(summary.rejectsPath.isEmpty());
    QVERIFY(!QFileInfo::exists(cache.path() + QStringLiteral(".rejects.csv")));

    // The connection is still usable: the same good export syncs again.
    QVERIFY2(syncExportFolder(cache, tmp.filePath(QStringLiteral("good")), SyncOptions(), nullptr,
                              &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.eventsInCache, qint64(13));
}

void TestExportSync::skipBadRows()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"),
                   {{QStringLiteral("events.csv"),
                     "event_id,user_id,time,event\n"     // line 1
                     "1,u1,2024-03-01T00:00:01Z,login\n" // 2
                     "2,u1,2024-03-01T00:00:02Z,login\n" // 3
                     "3,u1,not-a-time,login\n"           // 4: bad time
                     "4,u2,2024-03-01T00:00:04Z,view\n"  // 5
                     "5,u2,2024-03-01T00:00:05Z\n"       // 6: three fields
                     "6,u2,2024-03-01T00:00:06Z,view\n"  // 7
                     "=7,,2024-03-01T00:00:07Z,login\n"  // 8: empty user_id, formula-like record
                     "8,u3,2024-03-01T00:00:08Z,login\n" // 9
                     "9,u3,2024-03-01T00:00:09Z,login\n" // 10
                     "10,u3,2024-03-01T00:00:10Z,logout\n"}}); // 11
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    SyncOptions options;
    options.skipBadRows = true;
    options.rejectsPath = tmp.filePath(QStringLiteral("rejects.csv"));
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, options, nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(tablesText(summary), QStringLiteral("events:10/7/3"));
    QCOMPARE(summary.rejected, qint64(3));
    QCOMPARE(summary.rejectsPath, options.rejectsPath);
    QCOMPARE(summary.createdUsers, qint64(3));
    QCOMPARE(summary.eventsInCache, qint64(7));

    const QString s = QStringLiteral("u%1|%2|%3|%4|");
    QCOMPARE(storedEvents(cache),
             QStringList({s.arg(1).arg(Mar1 + 1000).arg(1).arg(QStringLiteral("login")),
                          s.arg(1).arg(Mar1 + 2000).arg(2).arg(QStringLiteral("login")),
                          s.arg(2).arg(Mar1 + 4000).arg(4).arg(QStringLiteral("view")),
                          s.arg(2).arg(Mar1 + 6000).arg(6).arg(QStringLiteral("view")),
                          s.arg(3).arg(Mar1 + 8000).arg(8).arg(QStringLiteral("login")),
                          s.arg(3).arg(Mar1 + 9000).arg(9).arg(QStringLiteral("login")),
                          s.arg(3).arg(Mar1 + 10000).arg(10).arg(QStringLiteral("logout"))}));

    const QString file = folder + QStringLiteral("/events.csv");
    const QByteArray expected =
        "file,line,reason,record\n" + file.toUtf8() +
        ",4,\"column \"\"time\"\": \"\"not-a-time\"\": not a timestamp (expected ISO-8601, "
        "YYYY-MM-DD HH:MM:SS or epoch)\","
        "\"3,u1,not-a-time,login\"\n" +
        file.toUtf8() + ",6,\"expected 4 fields, found 3\",\"5,u2,2024-03-01T00:00:05Z\"\n" +
        file.toUtf8() + ",8,empty user_id,\"'=7,,2024-03-01T00:00:07Z,login\"\n";
    QCOMPARE(readFile(options.rejectsPath), expected);
    QCOMPARE(modeBits(options.rejectsPath), QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    const auto log = cache.syncLog();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.at(0).rejected, qint64(3));
    QCOMPARE(log.at(0).rowsJson, QStringLiteral("{\"events\":7}"));
}

void TestExportSync::skippedRowsThenFatalErrorLeavesNoRejects()
{
    // A rejected row, then a record whose end is unknown: the sync fails as a whole, and a
    // rejects file describing a sync that did not happen is removed.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"),
                   {{QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                   "1,u1,2024-03-01T00:00:01Z,login\n"
                                                   "2,u1,never,login\n"
                                                   "3,\"u1,2024-03-01T00:00:03Z,login\n"}});
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    const Snapshot before = snapshot(cache.path(), false);
    SyncOptions options;
    options.skipBadRows = true;
    options.rejectsPath = tmp.filePath(QStringLiteral("rejects.csv"));
    SyncSummary summary;
    QString error;
    QVERIFY(!syncExportFolder(cache, folder, options, nullptr, &summary, &error));
    QCOMPARE(error, folder + QStringLiteral("/events.csv:4:3: unterminated quoted field"));
    QVERIFY(summary.rejectsPath.isEmpty());
    QVERIFY(!QFileInfo::exists(options.rejectsPath));
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
}

void TestExportSync::skippedUserThenSeenAgain()
{
    // u1's users.csv row is rejected; u1 then turns up again (in users.csv and in events.csv)
    // after u2 got its uid: u2 must keep it.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"),
                   {{QStringLiteral("users.csv"), "user_id,email,joindate\n"
                                                  "u1,u1@example.test,not-a-date\n"
                                                  "u2,u2@example.test,2024-03-01\n"
                                                  "u3,u3@example.test,also-not-a-date\n"
                                                  "u4,u4@example.test,2024-03-01\n"
                                                  "u3,u3@example.test,2024-03-01\n"},
                    {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                   "1,u1,2024-03-01T00:00:01Z,login\n"
                                                   "2,u2,2024-03-01T00:00:02Z,login\n"
                                                   "3,u3,2024-03-01T00:00:03Z,login\n"
                                                   "4,u4,2024-03-01T00:00:04Z,login\n"}});
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    SyncOptions options;
    options.skipBadRows = true;
    options.rejectsPath = tmp.filePath(QStringLiteral("rejects.csv"));
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, options, nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(tablesText(summary), QStringLiteral("users:5/3/2 events:4/4/0"));
    QCOMPARE(summary.createdUsers, qint64(1)); // u1
    QCOMPARE(rows(cache.db(),
                  "SELECT user_id, email, joindate, from_events FROM users ORDER BY user_id", 4),
             QStringList({QStringLiteral("u1|NULL|NULL|1"),
                          QStringLiteral("u2|u2@example.test|%1|0").arg(Mar1),
                          QStringLiteral("u3|u3@example.test|%1|0").arg(Mar1),
                          QStringLiteral("u4|u4@example.test|%1|0").arg(Mar1)}));
    QCOMPARE(storedEvents(cache), QStringList({QStringLiteral("u2|%1|2|login|").arg(Mar1 + 2000),
                                               QStringLiteral("u4|%1|4|login|").arg(Mar1 + 4000),
                                               QStringLiteral("u3|%1|3|login|").arg(Mar1 + 3000),
                                               QStringLiteral("u1|%1|1|login|").arg(Mar1 + 1000)}));
}

void TestExportSync::bigFileBadRow_data()
{
#define BadTime "column \"time\": \"2024-13-01T00:00:00Z\": no such date"
    QTest::addColumn<QList<int>>("badRows"); // rows given a bad time ("2024-13-01...")
    QTest::addColumn<int>("utf8Row");        // row whose user ID gets an invalid byte, or -1
    QTest::addColumn<QString>("expected");

    // Time starts at byte 16 of a row (column 17), the user ID's "u" at byte 10 (column 11).
    QTest::newRow("bad time, second half")
        << QList<int>{1500000} << -1 << QStringLiteral("%1:1500002:17: " BadTime);
    QTest::newRow("bad times, both halves: the first one")
        << QList<int>{100000, 1500000} << -1 << QStringLiteral("%1:100002:17: " BadTime);
    // The file is 34 + 1600000 * 44 bytes; its middle, 35200017, is in row 799999, so the
    // second core starts at row 800000 (line 800002).
    QTest::newRow("bad time, last row before the split")
        << QList<int>{BigRows / 2 - 1} << -1 << QStringLiteral("%1:800001:17: " BadTime);
    QTest::newRow("bad time, first row after the split")
        << QList<int>{BigRows / 2} << -1 << QStringLiteral("%1:800002:17: " BadTime);
    QTest::newRow("invalid UTF-8, first half")
        << QList<int>{} << 200000 << QStringLiteral("%1:200002:11: invalid UTF-8");
    QTest::newRow("invalid UTF-8, second half")
        << QList<int>{} << 1400000 << QStringLiteral("%1:1400002:11: invalid UTF-8");
    QTest::newRow("invalid UTF-8 first, bad time later")
        << QList<int>{1500000} << 200000 << QStringLiteral("%1:200002:11: invalid UTF-8");
#undef BadTime
}

void TestExportSync::bigFileBadRow()
{
    QFETCH(QList<int>, badRows);
    QFETCH(int, utf8Row);
    QFETCH(QString, expected);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QByteArray csv = bigEvents();
    QVERIFY(csv.size() > (qint64(64) << 20));
    for (int row : badRows)
        patchRow(&csv, row, 16, "2024-13-01T00:00:00Z");
    if (utf8Row >= 0)
        patchRow(&csv, utf8Row, 10, "\xff");
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"), {{QStringLiteral("events.csv"), csv}});
    csv.clear();
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    const Snapshot before = snapshot(cache.path(), false);
    QString error;
    QVERIFY(!syncExportFolder(cache, folder, SyncOptions(), nullptr, nullptr, &error));
    QCOMPARE(error, expected.arg(folder + QStringLiteral("/events.csv")));
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
}

void TestExportSync::bigFileSplitInsideQuotedField()
{
    // The middle of the file falls inside a quoted title with 300000 line breaks: the split
    // between the cores is not between records, and line numbers after it must still count
    // those breaks.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QByteArray csv = bigEvents();
    const int middleRow = BigRows / 2;
    QByteArray title = "\"";
    for (int i = 0; i < 300000; ++i)
        title += "ab\n";
    title += "\"";
    // Row middleRow ends in "login,\n": put the title before its line end.
    csv.insert(BigHeader.size() + qsizetype(middleRow + 1) * BigRowBytes - 1, title);
    const qint64 titleStart = BigHeader.size() + qint64(middleRow + 1) * BigRowBytes - 1;
    QVERIFY(csv.size() / 2 > titleStart && csv.size() / 2 < titleStart + title.size());
    const QString good =
        makeFolder(tmp, QStringLiteral("good"), {{QStringLiteral("events.csv"), csv}});
    // Row BigRows - 10 comes after the title, on line BigRows - 10 + 2 + 300000.
    QByteArray bad = csv;
    bad.replace(BigHeader.size() + qsizetype(BigRows - 10) * BigRowBytes + title.size() + 16, 20,
                "2024-13-01T00:00:00Z");
    const QString badFolder =
        makeFolder(tmp, QStringLiteral("bad"), {{QStringLiteral("events.csv"), bad}});
    csv.clear();
    bad.clear();

    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY(!syncExportFolder(cache, badFolder, SyncOptions(), nullptr, nullptr, &error));
    QCOMPARE(error,
             badFolder +
                 QStringLiteral("/events.csv:%1:17: column \"time\": \"2024-13-01T00:00:00Z\": no "
                                "such date")
                     .arg(BigRows - 10 + 2 + 300000));

    SyncSummary summary;
    QVERIFY2(syncExportFolder(cache, good, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(tablesText(summary), QStringLiteral("events:%1/%1/0").arg(BigRows));
    QCOMPARE(summary.eventsInCache, qint64(BigRows));
    QCOMPARE(summary.createdUsers, qint64(10000));
    EventTable table;
    QVERIFY(EventChunks::load(cache.db(), EventChunks::Store::Events, &table, silentProgress(),
                              &error));
    QCOMPARE(table.size(), size_t(BigRows));
    QCOMPARE(table.properties.size(), size_t(1));
    qint64 titled = 0;
    for (size_t i = 0; i < table.size(); ++i) {
        const quint32 v = table.properties[0].values[i];
        if (v == 0)
            continue;
        ++titled;
        QCOMPARE(table.eventId[i], qint64(100000001 + middleRow));
        QCOMPARE(table.values.at(v).size(), size_t(3 * 300000));
    }
    QCOMPARE(titled, qint64(1));
}

void TestExportSync::cacheFileMode()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    const QString path = tmp.filePath(QStringLiteral("cache.pulsebook"));
    QCOMPARE(modeBits(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    QCOMPARE(modeBits(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // The write-ahead log holds the same e-mail addresses until it is checkpointed.
    const QString wal = path + QStringLiteral("-wal");
    QVERIFY(QFileInfo::exists(wal));
    QCOMPARE(modeBits(wal), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void TestExportSync::cancelAfterFirstUpdate()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path(), false);

    // The whole export again with one more event: update() says "stop" from its second call on.
    Files changed = mainExport();
    changed[5].second += "14,u3,2024-03-03T12:05:00Z,logout,,\n";
    StoppingProgress progress(2);
    SyncSummary summary;
    const Status status =
        syncExportFolder(cache, makeFolder(tmp, QStringLiteral("update"), changed), SyncOptions(),
                         &progress, &summary, &error);
    QCOMPARE(status.outcome(), Outcome::Cancelled);
    QVERIFY(status.error().isEmpty());
    QVERIFY(error.isEmpty());        // a cancel is an outcome, not an error text
    QCOMPARE(progress.updates(), 2); // nothing went on after the "stop"
    QCOMPARE(progress.stages().first(), QStringLiteral("Reading team.csv"));
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
    QCOMPARE(storedEvents(cache), mainEvents());
}

void TestExportSync::cancelWhileWritingEvents()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path(), false);

    // A new event makes the sync rewrite the event chunks: stop inside that write.
    const QString update =
        makeFolder(tmp, QStringLiteral("update"),
                   {{QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                   "14,u3,2024-03-03T12:05:00Z,logout\n"}});
    StoppingProgress progress(0, QStringLiteral("Writing events"));
    SyncSummary summary;
    const Status status =
        syncExportFolder(cache, update, SyncOptions(), &progress, &summary, &error);
    QCOMPARE(status.outcome(), Outcome::Cancelled);
    QVERIFY(error.isEmpty());
    QCOMPARE(progress.stages().last(), QStringLiteral("Writing events"));
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
    QCOMPARE(storedEvents(cache), mainEvents());
}

void TestExportSync::cancelBetweenFiles()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path(), false);

    // No events: the only updates are the ends of team.csv (1) and accounts.csv (2, "stop").
    const QString update = makeFolder(
        tmp, QStringLiteral("update"),
        {{QStringLiteral("team.csv"), "person,role,manager\nZed Zane,CSM,Mia Moss\n"},
         {QStringLiteral("accounts.csv"), "account_id,name,csm\nA4,Initech,Zed Zane\n"}});
    StoppingProgress progress(2);
    const Status status =
        syncExportFolder(cache, update, SyncOptions(), &progress, nullptr, &error);
    QCOMPARE(status.outcome(), Outcome::Cancelled);
    QVERIFY(error.isEmpty());
    QCOMPARE(progress.updates(), 2);
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
}

void TestExportSync::cancelledProgressAndFailureAreOutcomes()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path(), false);
    Files changed = mainExport();
    changed[5].second += "14,u3,2024-03-03T12:05:00Z,logout,,\n";
    const QString update = makeFolder(tmp, QStringLiteral("update"), changed);

    // Cancelled as the GUI does it (Progress::cancel(), here before the sync starts).
    Progress cancelled;
    cancelled.cancel();
    const Status stopped =
        syncExportFolder(cache, update, SyncOptions(), &cancelled, nullptr, &error);
    QVERIFY(!stopped);
    QVERIFY(stopped.isCancelled());
    QVERIFY(!stopped.isFailed());
    QVERIFY(error.isEmpty());
    Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));

    // A failure whose text is "cancelled" (a file of that name that is not there) is a
    // failure: the outcome, not the text, says what happened.
    const Status failed = syncExportFolder(cache, tmp.filePath(QStringLiteral("cancelled")),
                                           SyncOptions(), nullptr, nullptr, &error);
    QCOMPARE(failed.outcome(), Outcome::Failed);
    QCOMPARE(failed.error(), error);
    QVERIFY(failed.error().startsWith(tmp.filePath(QStringLiteral("cancelled"))));
    after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));

    // And the same sync, not cancelled, is done.
    const Status done = syncExportFolder(cache, update, SyncOptions(), nullptr, nullptr, &error);
    QCOMPARE(done.outcome(), Outcome::Done);
}

void TestExportSync::emptyEventsFile()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path(), false);
    const QString folder =
        makeFolder(tmp, QStringLiteral("empty"), {{QStringLiteral("events.csv"), QByteArray()}});
    QVERIFY(!syncExportFolder(cache, folder, SyncOptions(), nullptr, nullptr, &error));
    QCOMPARE(error, folder + QStringLiteral("/events.csv:1:1: empty file (expected a header row)"));
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
}

void TestExportSync::headerOnlyEventsFile()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"),
                   {{QStringLiteral("events.csv"), "\xEF\xBB\xBF"
                                                   "event_id,user_id,time,event\r\n"}});
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(tablesText(summary), QStringLiteral("events:0/0/0"));
    QCOMPARE(summary.eventsInCache, qint64(0));
    QCOMPARE(summary.createdUsers, qint64(0));
    QCOMPARE(rowCountText(cache),
             QStringLiteral("team=0 accounts=0 users=0 sessions=0 events=0 campaign_touches=0 "
                            "user_migrations=0"));
    QCOMPARE(cache.syncLog().size(), 1);
}

QTEST_GUILESS_MAIN(TestExportSync)
#include "tst_exportsync.moc"
