// tst_crashloop (see tst_crashloop.h): the set-up, and syncs killed at random points.
#include "tst_crashloop.h"

void TestCrashLoop::initTestCase()
{
    QVERIFY2(QFileInfo(cliPath()).isExecutable(), qPrintable(cliPath()));
    QVERIFY(m_tmp.isValid());
    const QString oldExport = m_tmp.filePath(QStringLiteral("old"));
    m_newExport = m_tmp.filePath(QStringLiteral("new"));
    for (const auto& [folder, options] :
         {std::pair{oldExport, OldDemo}, std::pair{m_newExport, NewDemo}}) {
        const Run demo =
            runCli(QStringList{QStringLiteral("demo"), QStringLiteral("--out"), folder} + options);
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
    }
    m_oldCache = m_tmp.filePath(QStringLiteral("old.pulsebook"));
    const Run old =
        runCli({QStringLiteral("sync"), oldExport, QStringLiteral("--cache"), m_oldCache});
    QVERIFY2(old.exitCode == 0 && old.status == QProcess::NormalExit, old.err.constData());
    // A clean exit checkpoints the log into the file: copying the file copies the cache.
    QCOMPARE(walBytes(m_oldCache), qint64(0));
    m_previous = stateOf(m_oldCache);
    QCOMPARE(m_previous.log.size(), 1);

    // The calibration run: the new state, and how long a whole sync takes here.
    const QString calibration = m_tmp.filePath(QStringLiteral("calibration.pulsebook"));
    QVERIFY(QFile::copy(m_oldCache, calibration));
    const Run sync =
        runCli({QStringLiteral("sync"), m_newExport, QStringLiteral("--cache"), calibration});
    QVERIFY2(sync.exitCode == 0 && sync.status == QProcess::NormalExit, sync.err.constData());
    QVERIFY2(sync.out.contains("Events in the cache: 1000000\n"), sync.out.constData());
    m_syncMs = sync.elapsedMs;
    m_next = stateOf(calibration);
    QCOMPARE(m_next.log.size(), 2);
    // The two states differ in every data table but team (the demo team is fixed), so a mix
    // of them matches neither.
    for (const char* table : {"accounts", "users", "event_chunks", "session_chunks",
                              "campaign_touches", "user_migrations"}) {
        QVERIFY2(!(m_previous.tables.value(QLatin1String(table)) ==
                   m_next.tables.value(QLatin1String(table))),
                 table);
    }
    m_figures.append(
        QStringLiteral("uninterrupted sync of 1,000,000 events over 200,000: %1 ms").arg(m_syncMs));
    m_killCache = m_tmp.filePath(QStringLiteral("killed.pulsebook"));
}

QString TestCrashLoop::checkCache(const QString& path, const State& previous, const State& next)
{
    {
        Cache c;
        QString error;
        if (!c.open(path, false, &error))
            return QStringLiteral("does not open: ") + error;
        Statement check = c.db().prepare("PRAGMA integrity_check", &error);
        if (!check.isValid())
            return QStringLiteral("integrity_check: ") + error;
        QStringList result;
        while (check.step())
            result.append(check.text(0));
        if (result != QStringList{QStringLiteral("ok")})
            return QStringLiteral("integrity_check: ") + result.join(QLatin1Char('\n'));
    }
    const State state = stateOf(path);
    if (state == previous)
        return QStringLiteral("previous");
    if (state == next)
        return QStringLiteral("new");
    return QStringLiteral("neither: against the previous state %1; against the new state %2")
        .arg(stateDiff(state, previous), stateDiff(state, next));
}

void TestCrashLoop::killSync(int delayMs, const QString& stage, Tally* tally)
{
    removeCache(m_killCache);
    QVERIFY(QFile::copy(m_oldCache, m_killCache));
    QProcess sync;
    sync.start(cliPath(),
               {QStringLiteral("sync"), m_newExport, QStringLiteral("--cache"), m_killCache});
    QVERIFY(sync.waitForStarted());
    QByteArray progress;
    if (stage.isEmpty()) {
        QThread::msleep(ulong(delayMs));
    } else {
        // stderr is not a terminal: one line per stage, written when the stage starts.
        const QByteArray wanted = "] " + stage.toUtf8() + "...";
        const QDeadlineTimer guard(HangGuardMs);
        while (!progress.contains(wanted) && sync.state() == QProcess::Running &&
               !guard.hasExpired()) {
            sync.waitForReadyRead(5);
            progress += sync.readAllStandardError();
        }
        QVERIFY2(progress.contains(wanted), progress.constData());
        QThread::msleep(ulong(delayMs));
    }
    sync.kill(); // SIGKILL: no handler, no rollback, no cleanup
    QVERIFY(sync.waitForFinished(HangGuardMs));
    progress += sync.readAllStandardError();
    const bool killed = sync.exitStatus() == QProcess::CrashExit;
    if (killed) {
        ++tally->landed;
    } else {
        ++tally->finishedFirst;
        QCOMPARE(sync.exitCode(), 0);
    }
    const qint64 wal = walBytes(m_killCache);
    const QString state = checkCache(m_killCache, m_previous, m_next);
    QVERIFY2(state == QLatin1String("previous") || state == QLatin1String("new"),
             qPrintable(QStringLiteral("kill at %1 ms / stage %2: %3")
                            .arg(delayMs)
                            .arg(stage.isEmpty() ? lastStage(progress) : stage, state)));
    if (!killed) {
        QCOMPARE(state, QStringLiteral("new"));
        return;
    }
    if (state == QLatin1String("previous")) {
        ++tally->previous;
        if (wal > 0)
            ++tally->previousInside;
        ++tally->stages[lastStage(progress)];
    } else {
        // Only a commit makes the new state, and "Committing" is the last stage line.
        ++tally->next;
        ++tally->stages[QStringLiteral("after commit")];
    }
}

void TestCrashLoop::syncKilledAtRandomPoints()
{
    QVERIFY(m_syncMs > 0);
    QRandomGenerator random(Seed);
    Tally tally;
    // One kill point in each of RandomSyncKills equal slices of the calibrated duration, then
    // the aimed ones.
    for (int i = 0; i < RandomSyncKills; ++i) {
        const int delay =
            int((i + random.generateDouble()) * RandomSpan * double(m_syncMs) / RandomSyncKills);
        killSync(delay, QString(), &tally);
        if (QTest::currentTestFailed())
            return;
    }
    // Should the machine run much faster than when calibrated, more points early on, until
    // the random points alone make the minimum.
    for (int extra = 0; tally.landed < MinimumSyncKills && extra < RandomSyncKills; ++extra) {
        killSync(int(random.generateDouble() * 0.5 * double(m_syncMs)), QString(), &tally);
        if (QTest::currentTestFailed())
            return;
    }
    for (const auto& [stage, delay] : AimedKills) {
        killSync(delay, QLatin1String(stage), &tally);
        if (QTest::currentTestFailed())
            return;
    }
    m_figures.append(QStringLiteral("sync (%1 random + %2 aimed kill points over %3 ms): %4")
                         .arg(RandomSyncKills)
                         .arg(std::size(AimedKills))
                         .arg(m_syncMs)
                         .arg(tally.text()));
    qInfo("%s", qPrintable(m_figures.constLast()));
    QVERIFY2(tally.landed >= MinimumSyncKills, qPrintable(tally.text()));
    // Kills inside the transaction are the point of the exercise, in every stage.
    QVERIFY2(tally.previousInside >= 1, qPrintable(tally.text()));
    for (const char* stage : {"reading", "sorting", "writing"})
        QVERIFY2(tally.stages.value(QLatin1String(stage)) >= 1, qPrintable(tally.text()));
    QVERIFY2(tally.stages.value(QStringLiteral("committing")) +
                     tally.stages.value(QStringLiteral("after commit")) >=
                 1,
             qPrintable(tally.text()));
}

QTEST_GUILESS_MAIN(TestCrashLoop)
