// The spill path of syncExportFolder (SyncOptions::memoryRows): with a threshold of a few rows,
// big-sync code runs on small exports and must leave exactly the cache the all-in-memory path
// leaves. Random exports are checked against the in-memory path; the hand-checked cases below
// them put duplicates of one event ID in different user ranges.
#include "Progress.h"
#include "TestSupport.h"
#include "cache/Cache.h"
#include "cache/EventTable.h"
#include "sync/ExportSync.h"

#include <QDir>
#include <QHash>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace pulsebook;
using pulsebook::test::snapshot;
using pulsebook::test::TableState;
using pulsebook::test::writeFile;

namespace {

using Snapshot = QMap<QString, TableState>;
using Files = QList<QPair<QString, QByteArray>>;

QString makeFolder(const QTemporaryDir& tmp, const QString& name, const Files& files)
{
    const QString dir = tmp.filePath(name);
    for (const auto& [file, content] : files)
        writeFile(dir, file, content);
    return dir;
}

// Rows of a chunk store in stored order, ids resolved: "user|time|ID|type|session|key=value...".
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
                             QString::fromUtf8(table.idString(table.eventId[i])),
                             types.value(table.type[i]),
                             table.sessionId[i] == EventTable::NoSession
                                 ? QString()
                                 : QString::fromUtf8(table.idString(table.sessionId[i]))};
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

// The chunk layout: "chunk first_uid last_uid min_time max_time events" per chunk.
QStringList chunkLayout(Cache& cache, const char* table)
{
    Statement s = cache.db().prepare(
        QByteArray("SELECT chunk, first_uid, last_uid, min_time, max_time, events FROM ")
            .append(table)
            .append(" ORDER BY chunk")
            .constData(),
        nullptr);
    QStringList result;
    while (s.step()) {
        QStringList cells;
        for (int c = 0; c < 6; ++c)
            cells.append(QString::number(s.int64(c)));
        result.append(cells.join(QLatin1Char(' ')));
    }
    return result;
}

QString summaryText(const SyncSummary& s)
{
    QStringList parts;
    for (const auto& t : s.tables)
        parts.append(
            QStringLiteral("%1:%2/%3/%4").arg(t.table).arg(t.rows).arg(t.landed).arg(t.rejected));
    parts.append(QStringLiteral("created=%1 events=%2 sessions=%3 rewritten=%4")
                     .arg(s.createdUsers)
                     .arg(s.eventsInCache)
                     .arg(s.sessionsInCache)
                     .arg(s.eventsRewritten));
    return parts.join(QLatin1Char(' '));
}

// One side of a comparison: a cache and the options it is synced with.
struct Side
{
    Cache cache;
    SyncOptions options;
    QString path;
};

bool openSide(Side* side, const QTemporaryDir& tmp, const QString& name, QString* error)
{
    side->path = tmp.filePath(name);
    return side->cache.open(side->path, true, error);
}

// Syncs a new folder `name` holding `files` into the side's cache.
bool syncFiles(Side& side, const QTemporaryDir& tmp, const QString& name, const Files& files,
               SyncSummary* summary, QString* error)
{
    return syncExportFolder(side.cache, makeFolder(tmp, name, files), side.options, nullptr,
                            summary, error)
        .isDone();
}

// A random export. Event IDs are numbers (dense or sparse), text, or both; some events come
// twice, unchanged or with other content (a later time, another user, another property);
// some users appear only in events; some identities merge, in chains.
struct Generator
{
    explicit Generator(quint32 seed) : rng(seed) {}

    int pick(int n) { return int(rng.bounded(n)); }
    bool chance(int percent) { return pick(100) < percent; }

    QByteArray user()
    {
        // u1..uN are in users.csv; x1..x6 only in events and sessions.
        return chance(8) ? "x" + QByteArray::number(1 + pick(6))
                         : "u" + QByteArray::number(1 + pick(users));
    }
    QByteArray eventId()
    {
        ++nextId;
        switch (idMode) {
        case 0: // dense numbers
            return QByteArray::number(nextId);
        case 1: // sparse numbers: over 4 values per event, the sorted-list fallback
            return QByteArray::number(qint64(nextId) * 1000003 + pick(1000));
        case 2: // text
            return "e-" + QByteArray::number(nextId);
        default: // both
            return chance(50) ? QByteArray::number(nextId) : "e" + QByteArray::number(nextId);
        }
    }
    QByteArray time() { return QByteArray::number(1700000000 + pick(200000)); }
    QByteArray eventRow()
    {
        static const char* names[] = {"login", "view", "export", "share", "logout", "search"};
        // A quoted line break: where it falls in the middle, the two-core split is not clean.
        static const char* paths[] = {"", "/home", "/dash", "\"/two\nlines\"", "/reports"};
        QByteArray session = chance(30) ? QByteArray() : QByteArray::number(5000 + pick(40));
        if (chance(10))
            session = "s-" + QByteArray::number(pick(20));
        const QByteArray plan = chance(40) ? QByteArray() : "p" + QByteArray::number(pick(4));
        return eventId() + ',' + user() + ',' + time() + ',' + names[pick(6)] + ',' + session +
               ',' + paths[pick(5)] + ',' + plan;
    }
    // A copy of `row` (fields: id,user,time,event,session,path,plan) with other content.
    QByteArray changed(const QByteArray& row)
    {
        QList<QByteArray> f = row.split(',');
        switch (pick(4)) {
        case 0:
            f[1] = user(); // the event moves to another user
            break;
        case 1:
            f[2] = time();
            break;
        case 2:
            f[6] = "p" + QByteArray::number(pick(9));
            break;
        default:
            f[3] = "renamed";
            break;
        }
        return f.join(',');
    }
    // `n` events, with duplicates of earlier rows of `pool` (and of these) mixed in.
    QByteArray events(int n, QList<QByteArray>* pool)
    {
        QByteArray csv = "event_id,user_id,time,event,session_id,path,plan\n";
        for (int i = 0; i < n; ++i) {
            QByteArray row;
            if (!pool->isEmpty() && chance(25)) {
                const QByteArray& earlier = pool->at(pick(int(pool->size())));
                row = chance(100 - changedPercent) ? earlier : changed(earlier);
            } else {
                row = eventRow();
            }
            pool->append(row);
            csv += row + '\n';
        }
        return csv;
    }
    QByteArray usersCsv()
    {
        QByteArray csv = "user_id,account_id,role\n";
        for (int u = 1; u <= users; ++u)
            csv += "u" + QByteArray::number(u) + ",A" + QByteArray::number(u % 3) + ",r" +
                   QByteArray::number(u % 2) + '\n';
        return csv;
    }
    QByteArray sessions(int n)
    {
        QByteArray csv = "session_id,user_id,time,device_type,country\n";
        for (int i = 0; i < n; ++i) {
            const QByteArray id = chance(20) ? "s-" + QByteArray::number(pick(n))
                                             : QByteArray::number(5000 + pick(n));
            csv += id + ',' + user() + ',' + time() + ',' + (chance(50) ? "desktop" : "mobile") +
                   ',' + (chance(30) ? QByteArray() : "c" + QByteArray::number(pick(5))) + '\n';
        }
        return csv;
    }
    // Merges among users (chains, from and into users seen only in events), in both uid
    // directions, never a cycle: always from a user with a higher rank (a fixed random number
    // per user) to one with a lower rank.
    QByteArray migrations(int n)
    {
        QByteArray csv = "from_user_id,to_user_id,time\n";
        const auto rank = [](const QByteArray& user) {
            return qHash(user, 7) % 1000;
        };
        for (int i = 0; i < n; ++i) {
            QByteArray a = user(), b = user();
            if (a == b || rank(a) == rank(b))
                continue;
            if (rank(a) < rank(b))
                std::swap(a, b);
            csv += a + ',' + b + ",2024-01-01\n";
        }
        return csv;
    }

    QRandomGenerator rng;
    int users = 30;
    int idMode = 0;
    int changedPercent = 50; // of the duplicates
    qint64 nextId = 0;
};

// Syncs `folder` into both sides and compares the caches: every table (with the chunks) and
// the decoded rows of both stores, and the summaries.
void syncBoth(Side& memory, Side& spill, const QString& folder, const QString& what)
{
    SyncSummary a, b;
    QString errorA, errorB;
    const bool okA =
        syncExportFolder(memory.cache, folder, memory.options, nullptr, &a, &errorA).isDone();
    const bool okB =
        syncExportFolder(spill.cache, folder, spill.options, nullptr, &b, &errorB).isDone();
    QVERIFY2(okA, qPrintable(what + QLatin1String(": ") + errorA));
    QVERIFY2(okB, qPrintable(what + QLatin1String(": ") + errorB));
    QCOMPARE(summaryText(b), summaryText(a));
    for (auto store : {EventChunks::Store::Events, EventChunks::Store::Sessions}) {
        const QStringList rowsA = storedRows(memory.cache, store);
        const QStringList rowsB = storedRows(spill.cache, store);
        for (qsizetype i = 0; i < std::min(rowsA.size(), rowsB.size()); ++i)
            QVERIFY2(rowsA[i] == rowsB[i], qPrintable(QStringLiteral("%1: row %2: %3 (in memory) "
                                                                     "vs %4 (spilled)")
                                                          .arg(what)
                                                          .arg(i)
                                                          .arg(rowsA[i], rowsB[i])));
        QCOMPARE(rowsB.size(), rowsA.size());
    }
    QCOMPARE(chunkLayout(spill.cache, "event_chunks"), chunkLayout(memory.cache, "event_chunks"));
    QCOMPARE(chunkLayout(spill.cache, "session_chunks"),
             chunkLayout(memory.cache, "session_chunks"));
    const Snapshot snapA = snapshot(memory.path);
    const Snapshot snapB = snapshot(spill.path);
    for (auto it = snapA.constBegin(); it != snapA.constEnd(); ++it)
        QVERIFY2(snapB.value(it.key()) == it.value(),
                 qPrintable(QStringLiteral("%1: table %2 differs").arg(what, it.key())));
    QCOMPARE(snapB.keys(), snapA.keys());
}

// Says "stop" from update() once it is in stage `stopStage`.
class StoppingProgress : public Progress
{
public:
    explicit StoppingProgress(const QString& stopStage) : m_stopStage(stopStage) {}
    void start(const QString& stage, qint64 total) override
    {
        Q_UNUSED(total);
        m_stages.append(stage);
    }
    bool update(qint64 done) override
    {
        Q_UNUSED(done);
        return m_stages.isEmpty() || m_stages.last() != m_stopStage;
    }
    QStringList stages() const { return m_stages; }

private:
    QString m_stopStage;
    QStringList m_stages;
};

} // namespace

class TestSpillSync : public QObject
{
    Q_OBJECT

private slots:
    void sameCacheAsInMemory_data();
    void sameCacheAsInMemory();
    void duplicateMovesToAnotherRange();
    void identicalCopyAfterAnotherUsersCopy();
    void resyncWritesNothing();
    void mergeMovesStoredRowsToAnotherRange();
    void mergeMovesStoredRowsToALaterRange();
    void keepsUnchangedChunks();
    void cancelLeavesCacheAsItWas_data();
    void cancelLeavesCacheAsItWas();
};

void TestSpillSync::sameCacheAsInMemory_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("idMode");
    QTest::addColumn<qint64>("memoryRows");
    QTest::addColumn<bool>("twoCores");
    for (quint32 seed = 1; seed <= 24; ++seed) {
        const int idMode = int(seed % 4);
        const qint64 memoryRows = QList<qint64>{3, 40, 150, 700}.at(qsizetype(seed / 4 % 4));
        const bool twoCores = seed % 3 != 0;
        QTest::addRow("seed %u ids %d memory %lld %s", seed, idMode, memoryRows,
                      twoCores ? "two cores" : "one core")
            << seed << idMode << memoryRows << twoCores;
    }
}

void TestSpillSync::sameCacheAsInMemory()
{
    QFETCH(quint32, seed);
    QFETCH(int, idMode);
    QFETCH(qint64, memoryRows);
    QFETCH(bool, twoCores);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side memory, spill;
    QString error;
    QVERIFY2(openSide(&memory, tmp, QStringLiteral("memory.cache"), &error), qPrintable(error));
    QVERIFY2(openSide(&spill, tmp, QStringLiteral("spill.cache"), &error), qPrintable(error));
    spill.options.memoryRows = memoryRows;
    if (twoCores)
        spill.options.splitBytes = 1; // every file read by both cores
    // Some exports have a bad row: strict mode stops at it, skip mode (on one core) lands the
    // rest.
    const bool badRow = seed % 5 == 0;
    memory.options.skipBadRows = spill.options.skipBadRows = badRow && seed % 2 == 0;

    Generator g(seed);
    g.idMode = idMode;
    g.users = 10 + g.pick(40);
    QList<QByteArray> pool;
    const int events = 200 + g.pick(1200);
    QByteArray eventsCsv = g.events(events, &pool);
    if (badRow)
        eventsCsv += "1,u1,not a time,login,,,\n" + g.events(20, &pool).mid(49);
    const QString first = makeFolder(tmp, QStringLiteral("first"),
                                     {{QStringLiteral("users.csv"), g.usersCsv()},
                                      {QStringLiteral("user_migrations.csv"), g.migrations(3)},
                                      {QStringLiteral("sessions.csv"), g.sessions(events / 5)},
                                      {QStringLiteral("events.csv"), eventsCsv}});
    if (badRow && !memory.options.skipBadRows) {
        // Strict: both stop at the bad row and the caches stay empty; go on without it.
        QString errorA, errorB;
        QVERIFY(!syncExportFolder(memory.cache, first, memory.options, nullptr, nullptr, &errorA));
        QVERIFY(!syncExportFolder(spill.cache, first, spill.options, nullptr, nullptr, &errorB));
        QCOMPARE(errorB, errorA);
        QVERIFY(snapshot(spill.path) == snapshot(memory.path));
        memory.options.skipBadRows = spill.options.skipBadRows = true;
    }
    syncBoth(memory, spill, first, QStringLiteral("first sync"));
    if (QTest::currentTestFailed())
        return;

    // The same folder again: nothing changes, nothing is rewritten.
    syncBoth(memory, spill, first, QStringLiteral("same again"));
    if (QTest::currentTestFailed())
        return;

    // An incremental-style export: some of the old events again (some changed), new ones, and
    // new merges that move stored rows.
    const QString second =
        makeFolder(tmp, QStringLiteral("second"),
                   {{QStringLiteral("user_migrations.csv"), g.migrations(3)},
                    {QStringLiteral("sessions.csv"), g.sessions(events / 10)},
                    {QStringLiteral("events.csv"), g.events(events / 2, &pool)}});
    syncBoth(memory, spill, second, QStringLiteral("second sync"));
    if (QTest::currentTestFailed())
        return;

    // Only events, all seen before: ranges change here and there, or not at all.
    QByteArray repeat = "event_id,user_id,time,event,session_id,path,plan\n";
    for (int i = 0; i < 30; ++i) {
        const QByteArray& row = pool.at(g.pick(int(pool.size())));
        repeat += (g.chance(20) ? g.changed(row) : row) + '\n';
    }
    syncBoth(memory, spill,
             makeFolder(tmp, QStringLiteral("third"), {{QStringLiteral("events.csv"), repeat}}),
             QStringLiteral("third sync"));
    if (QTest::currentTestFailed())
        return;

    // A header and no events: the stored ones stay.
    syncBoth(memory, spill,
             makeFolder(tmp, QStringLiteral("empty"),
                        {{QStringLiteral("events.csv"),
                          "event_id,user_id,time,event,session_id,path,plan\n"}}),
             QStringLiteral("no events"));
    if (QTest::currentTestFailed())
        return;

    // Only merges: the stores are not read from the folder, but their rows move.
    syncBoth(memory, spill,
             makeFolder(tmp, QStringLiteral("fourth"),
                        {{QStringLiteral("user_migrations.csv"), g.migrations(4)}}),
             QStringLiteral("merges only"));
}

// Memory for 2 events: u1's 3 events, then u2's, are ranges of their own. Event 7 is stored
// with u1 and comes again with u2 (other content): it leaves u1's range for u2's.
void TestSpillSync::duplicateMovesToAnotherRange()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side side;
    QString error;
    QVERIFY2(openSide(&side, tmp, QStringLiteral("cache"), &error), qPrintable(error));
    side.options.memoryRows = 2;
    const QByteArray users = "user_id\nu1\nu2\n";
    SyncSummary summary;
    QVERIFY2(syncFiles(side, tmp, QStringLiteral("a"),
                       {{QStringLiteral("users.csv"), users},
                        {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                       "7,u1,100,login\n"
                                                       "8,u1,200,view\n"
                                                       "9,u2,300,login\n"}},
                       &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.eventsInCache, qint64(3));
    QVERIFY(summary.eventsRewritten);
    QVERIFY2(syncFiles(side, tmp, QStringLiteral("b"),
                       {{QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                       "7,u2,150,login\n"}},
                       &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.eventsInCache, qint64(3));
    QVERIFY(summary.eventsRewritten);
    QCOMPARE(storedRows(side.cache, EventChunks::Store::Events),
             QStringList({QStringLiteral("u1|200000|8|view|"), QStringLiteral("u2|150000|7|login|"),
                          QStringLiteral("u2|300000|9|login|")}));
}

// Event 5 arrives with u1, then with u2, then with u1 again exactly as the first time: the
// last copy wins, in u1's range; u2's range drops its copy.
void TestSpillSync::identicalCopyAfterAnotherUsersCopy()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side side;
    QString error;
    QVERIFY2(openSide(&side, tmp, QStringLiteral("cache"), &error), qPrintable(error));
    side.options.memoryRows = 1;
    SyncSummary summary;
    QVERIFY2(syncFiles(side, tmp, QStringLiteral("a"),
                       {{QStringLiteral("events.csv"), "event_id,user_id,time,event,plan\n"
                                                       "5,u1,100,login,gold\n"
                                                       "6,u2,100,login,\n"
                                                       "5,u2,100,login,gold\n"
                                                       "5,u1,100,login,gold\n"}},
                       &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.eventsInCache, qint64(2));
    QCOMPARE(storedRows(side.cache, EventChunks::Store::Events),
             QStringList({QStringLiteral("u1|100000|5|login||plan=gold"),
                          QStringLiteral("u2|100000|6|login|")}));
}

// A second sync of the same big-sync data (with identical duplicates, but none that differ:
// those replace each other again) changes nothing, not even the chunks' rows.
void TestSpillSync::resyncWritesNothing()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side side;
    QString error;
    QVERIFY2(openSide(&side, tmp, QStringLiteral("cache"), &error), qPrintable(error));
    side.options.memoryRows = 10;
    side.options.splitBytes = 1;
    Generator g(99);
    g.changedPercent = 0;
    QList<QByteArray> pool;
    const QString folder = makeFolder(tmp, QStringLiteral("a"),
                                      {{QStringLiteral("users.csv"), g.usersCsv()},
                                       {QStringLiteral("sessions.csv"), g.sessions(100)},
                                       {QStringLiteral("events.csv"), g.events(500, &pool)}});
    SyncSummary summary;
    QVERIFY2(syncExportFolder(side.cache, folder, side.options, nullptr, &summary, &error),
             qPrintable(error));
    QVERIFY(summary.eventsRewritten);
    const Snapshot before = snapshot(side.path);
    const qint64 events = summary.eventsInCache;
    QVERIFY2(syncExportFolder(side.cache, folder, side.options, nullptr, &summary, &error),
             qPrintable(error));
    QVERIFY(!summary.eventsRewritten);
    QCOMPARE(summary.eventsInCache, events);
    QVERIFY(snapshot(side.path) == before);
}

// u3 merges into u1 after u3's events are stored: they move to u1's range (an earlier one).
void TestSpillSync::mergeMovesStoredRowsToAnotherRange()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side side;
    QString error;
    QVERIFY2(openSide(&side, tmp, QStringLiteral("cache"), &error), qPrintable(error));
    side.options.memoryRows = 2;
    SyncSummary summary;
    QVERIFY2(syncFiles(side, tmp, QStringLiteral("a"),
                       {{QStringLiteral("users.csv"), "user_id\nu1\nu2\nu3\n"},
                        {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                       "1,u1,100,login\n"
                                                       "2,u2,100,login\n"
                                                       "3,u3,50,login\n"
                                                       "4,u3,300,view\n"}},
                       &summary, &error),
             qPrintable(error));
    QVERIFY2(
        syncFiles(side, tmp, QStringLiteral("b"),
                  {{QStringLiteral("user_migrations.csv"), "from_user_id,to_user_id\nu3,u1\n"}},
                  &summary, &error),
        qPrintable(error));
    QVERIFY(summary.eventsRewritten);
    QCOMPARE(summary.eventsInCache, qint64(4));
    QCOMPARE(
        storedRows(side.cache, EventChunks::Store::Events),
        QStringList({QStringLiteral("u1|50000|3|login|"), QStringLiteral("u1|100000|1|login|"),
                     QStringLiteral("u1|300000|4|view|"), QStringLiteral("u2|100000|2|login|")}));
}

// u1 merges into u3 after u1's event is stored: it moves to the last range, after u2's range,
// which keeps its stored rows as they were (the first chunk must be rewritten all the same).
void TestSpillSync::mergeMovesStoredRowsToALaterRange()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side side;
    QString error;
    QVERIFY2(openSide(&side, tmp, QStringLiteral("cache"), &error), qPrintable(error));
    side.options.memoryRows = 2;
    SyncSummary summary;
    QVERIFY2(syncFiles(side, tmp, QStringLiteral("a"),
                       {{QStringLiteral("users.csv"), "user_id\nu1\nu2\nu3\n"},
                        {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                       "1,u1,100,login\n"
                                                       "2,u2,100,login\n"
                                                       "3,u3,50,login\n"}},
                       &summary, &error),
             qPrintable(error));
    QVERIFY2(
        syncFiles(side, tmp, QStringLiteral("b"),
                  {{QStringLiteral("user_migrations.csv"), "from_user_id,to_user_id\nu1,u3\n"}},
                  &summary, &error),
        qPrintable(error));
    QVERIFY(summary.eventsRewritten);
    QCOMPARE(summary.eventsInCache, qint64(3));
    QCOMPARE(storedRows(side.cache, EventChunks::Store::Events),
             QStringList({QStringLiteral("u2|100000|2|login|"), QStringLiteral("u3|50000|3|login|"),
                          QStringLiteral("u3|100000|1|login|")}));
}

// Over 65,536 stored events, a sync that only adds events of the last users keeps the first
// chunks as they were (they hold the ranges before the first change) and rewrites the rest.
void TestSpillSync::keepsUnchangedChunks()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side memory, spill;
    QString error;
    QVERIFY2(openSide(&memory, tmp, QStringLiteral("memory.cache"), &error), qPrintable(error));
    QVERIFY2(openSide(&spill, tmp, QStringLiteral("spill.cache"), &error), qPrintable(error));
    spill.options.memoryRows = 30000;
    spill.options.splitBytes = 1;
    // u1..u200, 1,000 events each, in time order (users interleaved), with properties.
    QByteArray events = "event_id,user_id,time,event,plan\n";
    for (int i = 0; i < 200000; ++i)
        events += QByteArray::number(i + 1) + ",u" + QByteArray::number(1 + i % 200) + ',' +
                  QByteArray::number(1700000000 + i) + (i % 3 ? ",view," : ",login,p") +
                  QByteArray::number(i % 7) + '\n';
    QByteArray users = "user_id\n";
    for (int u = 1; u <= 200; ++u)
        users += "u" + QByteArray::number(u) + '\n';
    syncBoth(
        memory, spill,
        makeFolder(tmp, QStringLiteral("a"),
                   {{QStringLiteral("users.csv"), users}, {QStringLiteral("events.csv"), events}}),
        QStringLiteral("first sync"));
    if (QTest::currentTestFailed())
        return;
    const auto firstChunk = [](Cache& cache) {
        Statement s = cache.db().prepare("SELECT data FROM event_chunks WHERE chunk = 1", nullptr);
        return s.step() ? QByteArray(s.blobView(0).data(), qsizetype(s.blobView(0).size()))
                        : QByteArray();
    };
    const QByteArray chunkBefore = firstChunk(spill.cache);
    QVERIFY(!chunkBefore.isEmpty());
    // New events of u199 and u200, and one old event of u200 again, unchanged.
    QByteArray more = "event_id,user_id,time,event,plan\n"
                      "200000,u200,1700199999,view,p5\n";
    for (int i = 0; i < 50; ++i)
        more += QByteArray::number(300000 + i) + ",u" + QByteArray::number(199 + i % 2) + ',' +
                QByteArray::number(1700300000 + i) + ",share,\n";
    syncBoth(memory, spill,
             makeFolder(tmp, QStringLiteral("b"), {{QStringLiteral("events.csv"), more}}),
             QStringLiteral("second sync"));
    QCOMPARE(firstChunk(spill.cache), chunkBefore);
    QCOMPARE(EventChunks::count(spill.cache.db(), EventChunks::Store::Events), qint64(200050));
}

void TestSpillSync::cancelLeavesCacheAsItWas_data()
{
    QTest::addColumn<QString>("stage");
    QTest::newRow("reading") << QStringLiteral("Reading events.csv");
    QTest::newRow("writing") << QStringLiteral("Writing events");
}

// A spilling sync stopped while it reads or writes events: the cache is as it was, and no
// temporary file is left in its folder.
void TestSpillSync::cancelLeavesCacheAsItWas()
{
    QFETCH(QString, stage);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(QDir(tmp.path()).mkdir(QStringLiteral("cache")));
    Side side;
    QString error;
    QVERIFY2(openSide(&side, tmp, QStringLiteral("cache/cache.sqlite"), &error), qPrintable(error));
    side.options.memoryRows = 100;
    side.options.splitBytes = 1;
    Generator g(7);
    QList<QByteArray> pool;
    QVERIFY2(syncExportFolder(side.cache,
                              makeFolder(tmp, QStringLiteral("a"),
                                         {{QStringLiteral("users.csv"), g.usersCsv()},
                                          {QStringLiteral("events.csv"), g.events(40000, &pool)}}),
                              side.options, nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(side.path, false);
    const QStringList files = QDir(tmp.filePath(QStringLiteral("cache"))).entryList(QDir::Files);
    StoppingProgress progress(stage);
    const Status status =
        syncExportFolder(side.cache,
                         makeFolder(tmp, QStringLiteral("b"),
                                    {{QStringLiteral("events.csv"), g.events(40000, &pool)}}),
                         side.options, &progress, nullptr, &error);
    QCOMPARE(status.outcome(), Outcome::Cancelled);
    QCOMPARE(progress.stages().last(), stage);
    QVERIFY(snapshot(side.path, false) == before);
    QCOMPARE(QDir(tmp.filePath(QStringLiteral("cache"))).entryList(QDir::Files), files);
}

QTEST_GUILESS_MAIN(TestSpillSync)
#include "tst_spillsync.moc"
