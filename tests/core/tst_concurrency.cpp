// Readers while a sync writes (issue 6, item 5; docs/architecture.md: WAL, so views read
// while a sync writes, and readers never see half a sync). A cache on disk holds export
// "before"; a sync writes export "after" into it, from another thread or another process,
// while this thread reads it again and again through connections of its own: the event index
// (EventIndex::load), an analysis on it (runRollup), and plain row counts in a read
// transaction. Every read must equal the state before the sync or the state after it, never a
// mix, and the sync must land.
//
// Stress runs show what happens at random interleavings; the exact interleaving that would
// expose a mix (the sync commits between two statements of one read) is then forced with an
// SQLite trace hook that stops a reader at a given statement until the writer has committed.
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Rollup.h"
#include "cache/Cache.h"
#include "cache/EventTable.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"
#include "workspace/Workspace.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <functional>
#include <thread>

using namespace pulsebook;

namespace {

// Big enough that the index loads on both cores through two connections (over 200,000
// events) and that a sync lasts some hundreds of milliseconds, so that reads overlap it.
constexpr qint64 BeforeUsers = 2000, BeforeEvents = 300000;
constexpr qint64 AfterUsers = 3000, AfterEvents = 600000;
constexpr int LockWaitMs = 30000; // the hook's waits: a guard, never reached when all is well

// What one read saw.
struct Reading
{
    QByteArray counts; // rows per table and sync log entries, in one read transaction
    QByteArray index;  // a digest of the whole index
    QByteArray rollup; // a digest of the rollup's account figures
};

// Rows per data table and the sync log's length, all in one read transaction.
QByteArray countsInOneTransaction(Database& db, QString* error)
{
    if (!db.exec("BEGIN", error))
        return {};
    QByteArray text;
    for (const char* sql :
         {"SELECT COUNT(*) FROM team", "SELECT COUNT(*) FROM accounts",
          "SELECT COUNT(*) FROM users", "SELECT COALESCE(SUM(events), 0) FROM session_chunks",
          "SELECT COALESCE(SUM(events), 0) FROM event_chunks",
          "SELECT COUNT(*) FROM campaign_touches", "SELECT COUNT(*) FROM user_migrations",
          "SELECT COUNT(*) FROM sync_log"}) {
        Statement s = db.prepare(sql, error);
        if (!s.isValid() || !s.step()) {
            if (error && error->isEmpty())
                *error = db.errorString();
            db.exec("ROLLBACK", nullptr);
            return {};
        }
        text += QByteArray::number(s.int64(0)) + ' ';
    }
    db.exec("COMMIT", nullptr);
    return text;
}

QByteArray rowCountsText(Cache& cache)
{
    QByteArray text;
    for (const auto& t : cache.rowCounts())
        text += t.table.toUtf8() + '=' + QByteArray::number(t.rows) + ' ';
    return text;
}

QByteArray indexDigest(const EventIndex& index)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto add = [&hash](qint64 v) {
        hash.addData(QByteArrayView(reinterpret_cast<const char*>(&v), sizeof v));
    };
    add(index.userCount());
    add(index.accountCount());
    add(index.typeCount());
    add(qint64(index.eventCount()));
    for (int u = 0; u < index.userCount(); ++u) {
        hash.addData(index.userId(u).toUtf8());
        add(index.userAccount(u));
        for (size_t e = index.eventBegin(u); e < index.eventEnd(u); ++e) {
            add(index.time(e));
            add(qint64(index.type(e)));
        }
        for (size_t s = index.sessionBegin(u); s < index.sessionEnd(u); ++s)
            add(index.sessionTime(s));
    }
    return hash.result().toHex().left(16);
}

QByteArray rollupDigest(const std::shared_ptr<const EventIndex>& index, QString* error)
{
    static const Workspace workspace = Workspace::defaults();
    AnalysisContext context;
    context.index = index;
    context.workspace = &workspace;
    context.asOfMs = index->defaultAsOfMs();
    RollupResult result;
    if (!runRollup(context, RollupParams(), &result, error))
        return {};
    QByteArray text;
    for (const auto& a : result.accounts)
        text += QByteArray::number(a.users) + ',' + QByteArray::number(a.wau) + ',' +
                QByteArray::number(a.mau) + ',' + QByteArray::number(a.lastActivityMs) + ';';
    for (qint64 k : result.accountKpiCounts)
        text += QByteArray::number(k) + ',';
    return QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex().left(16);
}

// One full read through a fresh connection, as a view opening the cache would do.
bool readAll(const QString& path, bool withIndex, Reading* out, QString* error)
{
    Cache cache;
    if (!cache.open(path, false, error))
        return false;
    out->counts = countsInOneTransaction(cache.db(), error);
    if (out->counts.isEmpty())
        return false;
    if (!withIndex)
        return true;
    const auto index = EventIndex::load(cache, nullptr, error);
    if (!index)
        return false;
    out->index = indexDigest(*index);
    out->rollup = rollupDigest(index, error);
    return !out->rollup.isEmpty();
}

// --- The hook: SQLite calls traceStatement() as each statement of a hooked connection starts.
// Armed, it stops the first statement whose SQL contains `g_match` on a thread other than the
// writer's, lets the writer commit, and waits for the commit before the statement goes on.
std::atomic<bool> g_armed{false};
const char* g_match = nullptr;
std::atomic<std::thread::id> g_writerThread;
QSemaphore g_mayCommit;
QSemaphore g_committed;
std::atomic<bool> g_fired{false};

int traceStatement(unsigned type, void*, void*, void* sql)
{
    if (type != SQLITE_TRACE_STMT || !g_armed.load() ||
        std::this_thread::get_id() == g_writerThread)
        return 0;
    if (!std::strstr(static_cast<const char*>(sql), g_match) || g_fired.exchange(true))
        return 0;
    g_mayCommit.release();
    g_committed.tryAcquire(1, LockWaitMs);
    return 0;
}

// Every connection opened from now on is hooked (the index's second connection too).
int hookConnection(sqlite3* db, const char**, const sqlite3_api_routines*)
{
    sqlite3_trace_v2(db, SQLITE_TRACE_STMT, traceStatement, nullptr);
    return SQLITE_OK;
}

// A sync on a thread of its own that commits only when the hook says so.
class HeldSync
{
public:
    HeldSync(const QString& cachePath, const QString& folder)
    {
        g_fired.store(false);
        g_mayCommit.acquire(g_mayCommit.available());
        g_committed.acquire(g_committed.available());
        m_thread = std::thread([this, cachePath, folder] {
            g_writerThread.store(std::this_thread::get_id());
            Cache cache;
            SyncOptions options;
            options.beforeCommit = [](Database&, QString* error) {
                if (g_mayCommit.tryAcquire(1, LockWaitMs))
                    return true;
                *error = QStringLiteral("the reader never reached its hooked statement");
                return false;
            };
            m_ok = cache.open(cachePath, false, &m_error) &&
                   syncExportFolder(cache, folder, options, nullptr, nullptr, &m_error);
            g_committed.release();
        });
    }
    ~HeldSync()
    {
        if (m_thread.joinable()) { // a failed test left early: let the writer end
            g_armed.store(false);
            g_mayCommit.release();
            m_thread.join();
        }
    }
    HeldSync(const HeldSync&) = delete;
    HeldSync& operator=(const HeldSync&) = delete;

    // Joins; true when the sync landed.
    bool finish(QString* error)
    {
        m_thread.join();
        g_armed.store(false);
        *error = m_error;
        return m_ok;
    }

private:
    std::thread m_thread;
    bool m_ok = false;
    QString m_error;
};

// Progress that notes when a sync reaches a stage, for the stress runs' report.
class StageProgress : public Progress
{
public:
    void start(const QString& stage, qint64) override
    {
        if (stage == QLatin1String("Writing events"))
            writing.store(true);
    }
    std::atomic<bool> writing{false};
};

} // namespace

class TestConcurrency : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void readersWhileThreadSyncs();
    void readersWhileProcessSyncs();
    void indexKeepsItsSnapshotAcrossCommit();
    void indexConnectionsKeepSnapshot_data();
    void indexConnectionsKeepSnapshot();
    void rollupOnHeldIndexUnchanged();
    void rowCountsAreOneSnapshot();
    void cleanupTestCase();

private:
    // A fresh copy of the "before" cache.
    QString beforeCopy(const QString& name);
    // Reads until `running` says the writer is done, then once more; every read must be one
    // of the two states, and the last one the state after.
    void readWhile(const QString& path, const std::function<bool()>& running, const char* what);

    QTemporaryDir m_tmp;
    QString m_beforeCache;
    QString m_afterExport;
    Reading m_before, m_after;
    QByteArray m_beforeRowCounts, m_afterRowCounts;
    QStringList m_figures;
};

void TestConcurrency::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QVERIFY(sqlite3_auto_extension(reinterpret_cast<void (*)()>(hookConnection)) == SQLITE_OK);
    QString error;
    const QString beforeExport = m_tmp.filePath(QStringLiteral("before"));
    m_afterExport = m_tmp.filePath(QStringLiteral("after"));
    DemoOptions options;
    options.users = BeforeUsers;
    options.events = BeforeEvents;
    options.seed = 7;
    QVERIFY2(generateDemo(beforeExport, options, nullptr, nullptr, &error), qPrintable(error));
    options.users = AfterUsers;
    options.events = AfterEvents;
    options.seed = 8;
    QVERIFY2(generateDemo(m_afterExport, options, nullptr, nullptr, &error), qPrintable(error));

    m_beforeCache = m_tmp.filePath(QStringLiteral("before.pulsebook"));
    {
        Cache cache;
        QVERIFY2(cache.open(m_beforeCache, true, &error), qPrintable(error));
        QVERIFY2(syncExportFolder(cache, beforeExport, SyncOptions(), nullptr, nullptr, &error),
                 qPrintable(error));
        m_beforeRowCounts = rowCountsText(cache);
    } // closed: the log is checkpointed into the file, which can now be copied
    QVERIFY2(readAll(m_beforeCache, true, &m_before, &error), qPrintable(error));
    const QString after = beforeCopy(QStringLiteral("after.pulsebook"));
    {
        Cache cache;
        QVERIFY2(cache.open(after, false, &error), qPrintable(error));
        QVERIFY2(syncExportFolder(cache, m_afterExport, SyncOptions(), nullptr, nullptr, &error),
                 qPrintable(error));
        m_afterRowCounts = rowCountsText(cache);
    }
    QVERIFY2(readAll(after, true, &m_after, &error), qPrintable(error));
    // Rows of team, accounts, users, sessions, events, touches, merges; sync log entries.
    const QList<QByteArray> beforeCounts = m_before.counts.split(' ');
    const QList<QByteArray> afterCounts = m_after.counts.split(' ');
    QCOMPARE(beforeCounts.value(4), QByteArray::number(BeforeEvents));
    QCOMPARE(beforeCounts.value(7), QByteArray("1"));
    QCOMPARE(afterCounts.value(7), QByteArray("2"));
    // Both exports number users and events from 1: the new events replace the old ones.
    QCOMPARE(afterCounts.value(4), QByteArray::number(AfterEvents));
    QVERIFY(m_after.counts != m_before.counts);
    QVERIFY(m_after.index != m_before.index);
    QVERIFY(m_after.rollup != m_before.rollup);
    qInfo("before: %s index %s rollup %s", m_before.counts.constData(), m_before.index.constData(),
          m_before.rollup.constData());
    qInfo("after:  %s index %s rollup %s", m_after.counts.constData(), m_after.index.constData(),
          m_after.rollup.constData());
}

QString TestConcurrency::beforeCopy(const QString& name)
{
    const QString path = m_tmp.filePath(name);
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
    if (!QFile::copy(m_beforeCache, path))
        return {};
    return path;
}

void TestConcurrency::readWhile(const QString& path, const std::function<bool()>& running,
                                const char* what)
{
    int reads = 0, indexReads = 0, duringWrite = 0, sawBefore = 0, sawAfter = 0;
    bool last = false;
    for (int i = 0; !last; ++i) {
        last = !running();
        // Mostly row counts, which are quick; every fourth read the index and the rollup too.
        const bool withIndex = last || i % 4 == 0;
        Reading r;
        QString error;
        QVERIFY2(readAll(path, withIndex, &r, &error),
                 qPrintable(QStringLiteral("read %1: %2").arg(i).arg(error)));
        const bool before =
            r.counts == m_before.counts &&
            (!withIndex || (r.index == m_before.index && r.rollup == m_before.rollup));
        const bool after = r.counts == m_after.counts &&
                           (!withIndex || (r.index == m_after.index && r.rollup == m_after.rollup));
        QVERIFY2(before || after,
                 qPrintable(QStringLiteral("read %1 saw a mix: %2 index %3 rollup %4")
                                .arg(i)
                                .arg(QString::fromLatin1(r.counts), QString::fromLatin1(r.index),
                                     QString::fromLatin1(r.rollup))));
        // The last read began after the writer was done: the sync landed.
        QVERIFY2(!last || after, "the read after the sync does not see it");
        ++reads;
        indexReads += withIndex;
        duringWrite += !last;
        sawBefore += before;
        sawAfter += after;
    }
    m_figures.append(QStringLiteral("%1: %2 reads (%3 with the index and the rollup), %4 of them "
                                    "while the sync ran; %5 saw the state before, %6 after, none "
                                    "a mix or an error")
                         .arg(QLatin1String(what))
                         .arg(reads)
                         .arg(indexReads)
                         .arg(duringWrite)
                         .arg(sawBefore)
                         .arg(sawAfter));
    qInfo("%s", qPrintable(m_figures.constLast()));
    QVERIFY2(duringWrite >= 3, qPrintable(m_figures.constLast()));
}

void TestConcurrency::readersWhileThreadSyncs()
{
    const QString path = beforeCopy(QStringLiteral("thread.pulsebook"));
    QVERIFY(!path.isEmpty());
    std::atomic<bool> done{false};
    bool ok = false;
    QString error;
    StageProgress progress;
    std::thread writer([&] {
        Cache cache;
        ok = cache.open(path, false, &error) &&
             syncExportFolder(cache, m_afterExport, SyncOptions(), &progress, nullptr, &error);
        done.store(true);
    });
    readWhile(
        path, [&] { return !done.load(); }, "sync on another thread");
    writer.join();
    QVERIFY2(ok, qPrintable(error));
    QVERIFY(progress.writing.load());
}

void TestConcurrency::readersWhileProcessSyncs()
{
    const QString path = beforeCopy(QStringLiteral("process.pulsebook"));
    QVERIFY(!path.isEmpty());
    QProcess sync;
    sync.start(QStringLiteral(PULSEBOOK_CLI_PATH),
               {QStringLiteral("sync"), m_afterExport, QStringLiteral("--cache"), path});
    QVERIFY(sync.waitForStarted());
    readWhile(
        path,
        [&] {
            sync.waitForFinished(0); // notices the exit
            return sync.state() != QProcess::NotRunning;
        },
        "sync in another process (pulsebook-cli)");
    QVERIFY(sync.state() == QProcess::NotRunning || sync.waitForFinished(60000));
    QCOMPARE(sync.exitStatus(), QProcess::NormalExit);
    QVERIFY2(sync.exitCode() == 0, sync.readAllStandardError().constData());
}

void TestConcurrency::indexKeepsItsSnapshotAcrossCommit()
{
    // The index has read the users; the sync commits before it reads the event chunks. Its
    // read transaction keeps it on the state before the sync; the next load sees the sync.
    const QString path = beforeCopy(QStringLiteral("held-index.pulsebook"));
    Cache cache;
    QString error;
    QVERIFY2(cache.open(path, false, &error), qPrintable(error));
    g_match = "SELECT chunk, events, length(data) FROM event_chunks";
    g_armed.store(true);
    HeldSync sync(path, m_afterExport);
    const auto index = EventIndex::load(cache, nullptr, &error);
    QVERIFY2(sync.finish(&error), qPrintable(error));
    QVERIFY(g_fired.load());
    QVERIFY2(index, qPrintable(error));
    QCOMPARE(indexDigest(*index), m_before.index);
    QCOMPARE(rollupDigest(index, &error), m_before.rollup);
    const auto next = EventIndex::load(cache, nullptr, &error);
    QVERIFY2(next, qPrintable(error));
    QCOMPARE(indexDigest(*next), m_after.index);
}

void TestConcurrency::indexConnectionsKeepSnapshot_data()
{
    QTest::addColumn<QByteArray>("statement");
    QTest::addColumn<QString>("file");
    // The second half of the chunks, read through a connection of its own: the first
    // statement of that kind on a thread other than the writer's, either half's (the other
    // half goes on meanwhile).
    QTest::newRow("second chunk connection")
        << QByteArray("SELECT data FROM event_chunks WHERE chunk BETWEEN")
        << QStringLiteral("second");
    // The users' rows, read on a thread and connection of their own (more than 1,000 users)
    // while the events decode.
    QTest::newRow("users connection")
        << QByteArray("SELECT uid, user_id, identity") << QStringLiteral("users");
}

void TestConcurrency::indexConnectionsKeepSnapshot()
{
    // The sync commits after the index's extra connection has checked it sees the same sync
    // as the first, before that connection reads a row: everything must still be read as it
    // was before the sync.
    QFETCH(QByteArray, statement);
    QFETCH(QString, file);
    const QString path = beforeCopy(QStringLiteral("held-%1.pulsebook").arg(file));
    Cache cache;
    QString error;
    QVERIFY2(cache.open(path, false, &error), qPrintable(error));
    g_match = statement.constData();
    g_armed.store(true);
    // Disarmed on every way out: g_match points into this test's data.
    const auto disarm = qScopeGuard([] { g_armed.store(false); });
    HeldSync sync(path, m_afterExport);
    const auto index = EventIndex::load(cache, nullptr, &error);
    QVERIFY2(sync.finish(&error), qPrintable(error));
    QVERIFY(g_fired.load());
    QVERIFY2(index, qPrintable(error));
    QCOMPARE(indexDigest(*index), m_before.index);
}

void TestConcurrency::rollupOnHeldIndexUnchanged()
{
    // An analysis runs on the index it was given: a sync that lands meanwhile changes neither
    // the index nor the result; a new index gives the new result.
    const QString path = beforeCopy(QStringLiteral("held-rollup.pulsebook"));
    Cache cache;
    QString error;
    QVERIFY2(cache.open(path, false, &error), qPrintable(error));
    const auto index = EventIndex::load(cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    {
        Cache writer;
        QVERIFY2(writer.open(path, false, &error), qPrintable(error));
        QVERIFY2(syncExportFolder(writer, m_afterExport, SyncOptions(), nullptr, nullptr, &error),
                 qPrintable(error));
    }
    QCOMPARE(rollupDigest(index, &error), m_before.rollup);
    QCOMPARE(indexDigest(*index), m_before.index);
    const auto next = EventIndex::load(cache, nullptr, &error);
    QVERIFY2(next, qPrintable(error));
    QCOMPARE(rollupDigest(next, &error), m_after.rollup);
}

void TestConcurrency::rowCountsAreOneSnapshot()
{
    // Cache::rowCounts() (the workspace summary the window shows, `pulsebook-cli info`) reads
    // one table after the other. The sync commits after it has counted team, accounts and
    // users and before it counts the sessions: the counts must still be all before or all
    // after the sync, not a mix.
    const QString path = beforeCopy(QStringLiteral("held-counts.pulsebook"));
    Cache cache;
    QString error;
    QVERIFY2(cache.open(path, false, &error), qPrintable(error));
    g_match = "FROM session_chunks";
    g_armed.store(true);
    HeldSync sync(path, m_afterExport);
    const QByteArray counts = rowCountsText(cache);
    QVERIFY2(sync.finish(&error), qPrintable(error));
    QVERIFY(g_fired.load());
    QVERIFY2(
        counts == m_beforeRowCounts || counts == m_afterRowCounts,
        qPrintable(QStringLiteral("a mix: %1\n  before: %2\n  after:  %3")
                       .arg(QString::fromLatin1(counts), QString::fromLatin1(m_beforeRowCounts),
                            QString::fromLatin1(m_afterRowCounts))));
}

void TestConcurrency::cleanupTestCase()
{
    g_armed.store(false);
    sqlite3_cancel_auto_extension(reinterpret_cast<void (*)()>(hookConnection));
    for (const QString& f : m_figures)
        qInfo("figure: %s", qPrintable(f));
}

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
