#pragma once

// The spill path of syncExportFolder (SyncOptions::memoryRows): with a threshold of a few rows,
// big-sync code runs on small exports and must leave exactly the cache the all-in-memory path
// leaves. Random exports are checked against the in-memory path; the hand-checked cases below
// them put duplicates of one event ID in different user ranges.
#include "Progress.h"
#include "SyncSupport.h"
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
using pulsebook::test::makeFolder;
using pulsebook::test::snapshot;
using pulsebook::test::Snapshot;
using pulsebook::test::StoredColumns;
using pulsebook::test::storedRows;
using pulsebook::test::TableState;
using pulsebook::test::writeFile;

namespace spillsynctest {

using Files = pulsebook::test::ExportFiles;

// The chunk layout: "chunk first_uid last_uid min_time max_time events" per chunk.
inline QStringList chunkLayout(Cache& cache, const char* table)
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

inline QString summaryText(const SyncSummary& s)
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

inline bool openSide(Side* side, const QTemporaryDir& tmp, const QString& name, QString* error)
{
    side->path = tmp.filePath(name);
    return side->cache.open(side->path, true, error);
}

// Syncs a new folder `name` holding `files` into the side's cache.
inline bool syncFiles(Side& side, const QTemporaryDir& tmp, const QString& name, const Files& files,
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
inline void syncBoth(Side& memory, Side& spill, const QString& folder, const QString& what)
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
        const QStringList rowsA = storedRows(memory.cache, store, StoredColumns::All);
        const QStringList rowsB = storedRows(spill.cache, store, StoredColumns::All);
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

} // namespace spillsynctest

using namespace spillsynctest;

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
