// A sync killed with SIGKILL leaves the cache exactly as it was (docs/architecture.md, the cache),
// and the exit codes of `pulsebook-cli sync`.
#include "SyncSupport.h"
#include "TestSupport.h"
#include "cache/Cache.h"
#include "cache/EventTable.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace pulsebook;
using pulsebook::test::snapshot;
using pulsebook::test::Snapshot;
using pulsebook::test::snapshotDiff;
using pulsebook::test::writeFile;

namespace {

// Big enough that a sync takes 3-6 s on the 2-core CI machine (about 4 s when this was
// written: 10M events, 950 MB of CSV in the temporary folder), so that each stage lasts long
// enough to be killed in. Sync keeps getting faster: re-measure when it drops under 3 s.
const QString DemoUsers = QStringLiteral("20000");
const QString DemoEvents = QStringLiteral("10000000");

// Guards against a hang only; nothing here asserts a duration.
constexpr int HangGuardMs = 180000;

QString cliPath()
{
    return QStringLiteral(PULSEBOOK_CLI_PATH);
}

struct Run
{
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;
};

Run runCli(const QStringList& arguments)
{
    QProcess p;
    p.start(cliPath(), arguments);
    Run r;
    if (!p.waitForStarted() || !p.waitForFinished(HangGuardMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "did not start or finish";
        return r;
    }
    r.exitCode = p.exitCode();
    r.status = p.exitStatus();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// A small export whose IDs cannot collide with the demo's (which are all numeric).
const QByteArray SmallTeam = "person,role,manager\nKim Kay,CSM,\n";
const QByteArray SmallUsers = "user_id,email\nk-user-1,k1@example.test\nk-user-2,k2@example.test\n";
const QByteArray SmallEvents = "event_id,user_id,time,event\n"
                               "k-e1,k-user-1,2026-01-05T10:00:00Z,Login\n"
                               "k-e2,k-user-1,2026-01-05T10:01:00Z,View Dashboard\n"
                               "k-e3,k-user-2,2026-01-06T09:00:00Z,Login\n";
constexpr qint64 SmallEventCount = 3;

} // namespace

class TestKillSync : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killWhileReadingEvents();
    void killWhileWritingEvents();
    void syncAfterKillsCompletes();
    void exitCodes();

private:
    // A new cache holding the small export; false on failure.
    bool smallCache(const QString& name, QString* path);
    void killDuring(const QString& stage, const QString& cacheName);
    qint64 demoCount(const char* what) const;

    QTemporaryDir m_tmp;
    QString m_demo;
    QString m_small;
    QString m_demoSummary; // what `pulsebook-cli demo` printed
    QString m_killedCache;
};

bool TestKillSync::smallCache(const QString& name, QString* path)
{
    *path = m_tmp.filePath(name);
    const Run r = runCli({QStringLiteral("sync"), m_small, QStringLiteral("--cache"), *path});
    if (r.exitCode != 0 || r.status != QProcess::NormalExit) {
        qWarning("small sync failed: %s", r.err.constData());
        return false;
    }
    return true;
}

qint64 TestKillSync::demoCount(const char* what) const
{
    // "Wrote DIR: 200 accounts, 22 team members, 20000 users, ... 5000000 events, ..."
    const QRegularExpression re(QStringLiteral("(\\d+) %1[,\\n]").arg(QLatin1String(what)));
    const auto m = re.match(m_demoSummary);
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

void TestKillSync::initTestCase()
{
    QVERIFY2(QFileInfo(cliPath()).isExecutable(), qPrintable(cliPath()));
    QVERIFY(m_tmp.isValid());
    m_demo = m_tmp.filePath(QStringLiteral("demo"));
    const Run demo = runCli({QStringLiteral("demo"), QStringLiteral("--out"), m_demo,
                             QStringLiteral("--users"), DemoUsers, QStringLiteral("--events"),
                             DemoEvents, QStringLiteral("--seed"), QStringLiteral("3")});
    QVERIFY2(demo.exitCode == 0, demo.err.constData());
    m_demoSummary = QString::fromUtf8(demo.out);
    QCOMPARE(demoCount("events"), DemoEvents.toLongLong());
    QCOMPARE(demoCount("users"), DemoUsers.toLongLong());
    QVERIFY(QFileInfo(m_demo + QStringLiteral("/events.csv")).size() > (qint64(100) << 20));

    m_small = m_tmp.filePath(QStringLiteral("small"));
    writeFile(m_small, QStringLiteral("team.csv"), SmallTeam);
    writeFile(m_small, QStringLiteral("users.csv"), SmallUsers);
    writeFile(m_small, QStringLiteral("events.csv"), SmallEvents);
}

void TestKillSync::killDuring(const QString& stage, const QString& cacheName)
{
    QString cache;
    QVERIFY(smallCache(cacheName, &cache));
    const Snapshot before = snapshot(cache, false);
    QCOMPARE(before.value(QStringLiteral("team")).rows, qint64(1));
    QCOMPARE(before.value(QStringLiteral("users")).rows, qint64(2));
    QCOMPARE(before.value(QStringLiteral("sync_log")).rows, qint64(1));
    QCOMPARE(before.value(QStringLiteral("event_chunks")).rows, qint64(1));

    QProcess sync;
    sync.setReadChannel(QProcess::StandardError);
    sync.start(cliPath(), {QStringLiteral("sync"), m_demo, QStringLiteral("--cache"), cache});
    QVERIFY(sync.waitForStarted());
    // stderr is not a terminal: one line per stage ("[ 1.8 s ...] Writing events...").
    QByteArray progress;
    const QByteArray wanted = stage.toUtf8();
    const QDeadlineTimer guard(HangGuardMs);
    while (!progress.contains(wanted) && sync.state() == QProcess::Running && !guard.hasExpired()) {
        sync.waitForReadyRead(20);
        progress += sync.readAllStandardError();
    }
    progress += sync.readAllStandardError();
    QVERIFY2(progress.contains(wanted), progress.constData());
    sync.kill(); // SIGKILL: no handler, no rollback, no cleanup
    QVERIFY(sync.waitForFinished(HangGuardMs));
    // Killed, not finished: the kill landed inside the sync.
    QCOMPARE(sync.exitStatus(), QProcess::CrashExit);
    QVERIFY2(!progress.contains("Committing"), progress.constData());

    {
        Cache c;
        QString error;
        QVERIFY2(c.open(cache, false, &error), qPrintable(error));
        Statement check = c.db().prepare("PRAGMA integrity_check", &error);
        QVERIFY2(check.isValid(), qPrintable(error));
        QVERIFY(check.step());
        QCOMPARE(check.text(0), QStringLiteral("ok"));
        QVERIFY(!check.step()); // one row: "ok" and nothing else
        QCOMPARE(EventChunks::count(c.db(), EventChunks::Store::Events), SmallEventCount);
    }
    // Every table, the sync log included, as before the killed sync.
    const Snapshot after = snapshot(cache, false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
    m_killedCache = cache;
}

void TestKillSync::killWhileReadingEvents()
{
    killDuring(QStringLiteral("Reading events.csv"), QStringLiteral("reading.pulsebook"));
}

void TestKillSync::killWhileWritingEvents()
{
    // The dangerous point: the old chunks are deleted and new ones half written.
    killDuring(QStringLiteral("Writing events"), QStringLiteral("writing.pulsebook"));
}

void TestKillSync::syncAfterKillsCompletes()
{
    QVERIFY(!m_killedCache.isEmpty());
    const Run r =
        runCli({QStringLiteral("sync"), m_demo, QStringLiteral("--cache"), m_killedCache});
    QVERIFY2(r.exitCode == 0 && r.status == QProcess::NormalExit, r.err.constData());
    const qint64 demoEvents = demoCount("events");
    QVERIFY2(
        r.out.contains(
            QStringLiteral("Events in the cache: %1\n").arg(demoEvents + SmallEventCount).toUtf8()),
        r.out.constData());

    Cache c;
    QString error;
    QVERIFY2(c.open(m_killedCache, false, &error), qPrintable(error));
    QMap<QString, qint64> rows;
    for (const auto& t : c.rowCounts())
        rows.insert(t.table, t.rows);
    QCOMPARE(rows.value(QStringLiteral("events")), demoEvents + SmallEventCount);
    QCOMPARE(rows.value(QStringLiteral("sessions")), demoCount("sessions"));
    QCOMPARE(rows.value(QStringLiteral("accounts")), demoCount("accounts"));
    QCOMPARE(rows.value(QStringLiteral("team")), demoCount("team members") + 1);
    QCOMPARE(rows.value(QStringLiteral("campaign_touches")), demoCount("campaign touches"));
    QCOMPARE(rows.value(QStringLiteral("user_migrations")), demoCount("identity merges"));
    QCOMPARE(c.syncLog().size(), 2); // the small sync and this one; the killed one left nothing
}

void TestKillSync::exitCodes()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString cache = tmp.filePath(QStringLiteral("codes.pulsebook"));

    // 0: success.
    const Run ok = runCli({QStringLiteral("sync"), m_small, QStringLiteral("--cache"), cache});
    QCOMPARE(ok.exitCode, 0);
    // The plan first (which column fills which field), then what landed.
    QVERIFY2(ok.out.startsWith("Plan for " + m_small.toUtf8() + ":\n"), ok.out.constData());
    QVERIFY2(ok.out.contains("\nSynced " + m_small.toUtf8() + " into " + cache.toUtf8() + " in "),
             ok.out.constData());
    QVERIFY2(ok.out.contains("Events in the cache: 3\n"), ok.out.constData());
    const Snapshot before = snapshot(cache, false);

    // 1: a bad row; the error names file, line and column, and the cache is unchanged.
    const QString bad = tmp.filePath(QStringLiteral("bad"));
    writeFile(bad, QStringLiteral("team.csv"), "person,role,manager\nLee Lo,CSM,\n");
    writeFile(bad, QStringLiteral("events.csv"),
              "event_id,user_id,time,event\n"
              "k-e9,k-user-1,2026-01-07T10:00:00Z,Login\n"
              "k-e10,k-user-1,2026-01-07T25:00:00Z,Login\n");
    const Run badRow = runCli({QStringLiteral("sync"), bad, QStringLiteral("--cache"), cache});
    QCOMPARE(badRow.exitCode, 1);
    QCOMPARE(badRow.status, QProcess::NormalExit);
    QVERIFY2(badRow.err.endsWith(bad.toUtf8() +
                                 "/events.csv:3:16: column \"time\": \"2026-01-07T25:00:00Z\": "
                                 "bad time of day (expected HH:MM[:SS[.fff]])\n"
                                 "The cache is unchanged.\n"),
             badRow.err.constData());
    // Standard output holds the plan only: nothing landed.
    QVERIFY2(badRow.out.startsWith("Plan for " + bad.toUtf8() + ":\n"), badRow.out.constData());
    QVERIFY2(!badRow.out.contains("Synced"), badRow.out.constData());
    const Snapshot after = snapshot(cache, false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));

    // 2: usage errors.
    const Run noFolder = runCli({QStringLiteral("sync"), QStringLiteral("--cache"), cache});
    QCOMPARE(noFolder.exitCode, 2);
    QVERIFY2(noFolder.err.startsWith("pulsebook-cli sync: give exactly one export folder\n"),
             noFolder.err.constData());
    const Run twoFolders =
        runCli({QStringLiteral("sync"), m_small, bad, QStringLiteral("--cache"), cache});
    QCOMPARE(twoFolders.exitCode, 2);
    const Run unknown = runCli({QStringLiteral("sync"), m_small, QStringLiteral("--bogus"),
                                QStringLiteral("--cache"), cache});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.startsWith("pulsebook-cli sync: Unknown option 'bogus'."),
             unknown.err.constData());
    const Run rejectsAlone =
        runCli({QStringLiteral("sync"), m_small, QStringLiteral("--rejects"),
                tmp.filePath(QStringLiteral("r.csv")), QStringLiteral("--cache"), cache});
    QCOMPARE(rejectsAlone.exitCode, 2);
    QVERIFY2(rejectsAlone.err.startsWith("pulsebook-cli sync: --rejects needs --skip-bad-rows\n"),
             rejectsAlone.err.constData());
    // None of the failed runs touched the cache.
    const Snapshot end = snapshot(cache, false);
    QVERIFY2(end == before, qPrintable(snapshotDiff(end, before)));
}

QTEST_GUILESS_MAIN(TestKillSync)
#include "tst_killsync.moc"
