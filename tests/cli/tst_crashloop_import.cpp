// tst_crashloop, continued: a sync after a kill lands, and workspace imports killed at random
// points.
#include "tst_crashloop.h"

void TestCrashLoop::syncAfterKillLands()
{
    // The last killed cache (killed while writing events): a sync of the new export completes
    // on it and lands exactly the new state. This also shows that the reference state is
    // reproducible (the sync is deterministic).
    QVERIFY(stateOf(m_killCache) == m_previous);
    const Run r =
        runCli({QStringLiteral("sync"), m_newExport, QStringLiteral("--cache"), m_killCache});
    QVERIFY2(r.exitCode == 0 && r.status == QProcess::NormalExit, r.err.constData());
    const State state = stateOf(m_killCache);
    QVERIFY2(state == m_next, qPrintable(stateDiff(state, m_next)));
}

void TestCrashLoop::killImport(const QString& cache, const QString& document, int delayMs,
                               bool aimAtSave, bool* holdsNew, Tally* tally)
{
    QCOMPARE(walBytes(cache), qint64(0));
    QProcess import;
    import.start(cliPath(), {QStringLiteral("workspace"), QStringLiteral("import"), document,
                             QStringLiteral("--cache"), cache});
    QVERIFY(import.waitForStarted());
    if (aimAtSave) {
        // The first frame in the write-ahead log: the save's transaction is being written.
        const QDeadlineTimer guard(HangGuardMs);
        while (walBytes(cache) == 0 && import.state() == QProcess::Running && !guard.hasExpired())
            QThread::usleep(200);
    } else {
        QThread::msleep(ulong(delayMs));
    }
    import.kill();
    QVERIFY(import.waitForFinished(HangGuardMs));
    const bool killed = import.exitStatus() == QProcess::CrashExit;
    if (killed)
        ++tally->landed;
    else
        ++tally->finishedFirst;
    if (!killed)
        QVERIFY2(import.exitCode() == 0, import.readAllStandardError().constData());
    const qint64 wal = walBytes(cache);
    // Which document is the stored one, read the way `workspace export` reads it.
    Workspace stored;
    {
        Cache c;
        QString error;
        QVERIFY2(c.open(cache, false, &error), qPrintable(error));
        QVERIFY2(Workspace::load(c, &stored, &error), qPrintable(error));
    }
    Workspace wanted;
    QString error;
    QVERIFY(Workspace::fromJson(test::readFile(document), &wanted, &error));
    // Before: the other document; after: this one. Checked on the whole cache, too.
    const QString state = checkCache(cache, *holdsNew ? m_secondWorkspace : m_firstWorkspace,
                                     *holdsNew ? m_firstWorkspace : m_secondWorkspace);
    QVERIFY2(state == QLatin1String("previous") || state == QLatin1String("new"),
             qPrintable(QStringLiteral("import killed at %1 ms: %2").arg(delayMs).arg(state)));
    // An import stores the keys its document defines (the others follow the defaults): the
    // stored workspace holds this document when those keys read back as the document has them.
    const QJsonObject storedKeys = QJsonDocument::fromJson(stored.toJson()).object();
    const QJsonObject wantedKeys = QJsonDocument::fromJson(wanted.toJson()).object();
    const QJsonObject documentKeys = QJsonDocument::fromJson(test::readFile(document)).object();
    bool holdsDocument = true;
    for (auto it = documentKeys.begin(); it != documentKeys.end(); ++it)
        holdsDocument = holdsDocument && storedKeys.value(it.key()) == wantedKeys.value(it.key());
    QCOMPARE(holdsDocument, state == QLatin1String("new"));
    if (state == QLatin1String("new"))
        *holdsNew = !*holdsNew;
    if (!killed)
        return;
    if (state == QLatin1String("previous")) {
        ++tally->previous;
        if (wal > 0)
            ++tally->previousInside;
    } else {
        ++tally->next;
    }
    ++tally->stages[aimAtSave ? QStringLiteral("aimed at the save") : QStringLiteral("random")];
}

void TestCrashLoop::workspaceImportKilledAtRandomPoints()
{
    // A small cache whose users have a role, so that the documents' segments validate.
    const QString folder = m_tmp.filePath(QStringLiteral("small"));
    writeFile(
        folder, QStringLiteral("users.csv"),
        "user_id,email,role\nk-user-1,k1@example.test,admin\nk-user-2,k2@example.test,viewer\n");
    writeFile(folder, QStringLiteral("events.csv"),
              "event_id,user_id,time,event\n"
              "k-e1,k-user-1,2026-01-05T10:00:00Z,Login\n"
              "k-e2,k-user-2,2026-01-06T09:00:00Z,Login\n");
    const QString cache = m_tmp.filePath(QStringLiteral("workspace.pulsebook"));
    Run r = runCli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString first = m_tmp.filePath(QStringLiteral("first.json"));
    const QString second = m_tmp.filePath(QStringLiteral("second.json"));
    writeFile(m_tmp.path(), QStringLiteral("first.json"),
              workspaceDocument(QStringLiteral("first")));
    writeFile(m_tmp.path(), QStringLiteral("second.json"),
              workspaceDocument(QStringLiteral("second")));

    // Reference states and the time an import takes here.
    const auto import = [&](const QString& document) {
        return runCli({QStringLiteral("workspace"), QStringLiteral("import"), document,
                       QStringLiteral("--cache"), cache});
    };
    r = import(first);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    m_firstWorkspace = stateOf(cache);
    r = import(second);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    m_secondWorkspace = stateOf(cache);
    QCOMPARE(stateDiff(m_firstWorkspace, m_secondWorkspace), QStringLiteral("tables differ: meta"));
    r = import(first);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const qint64 importMs = qMax<qint64>(1, r.elapsedMs);
    QVERIFY(stateOf(cache) == m_firstWorkspace);

    QRandomGenerator random(Seed + 1);
    Tally tally;
    bool holdsSecond = false;
    for (int i = 0; i < RandomImportKills + AimedImportKills; ++i) {
        const bool aimed = i >= RandomImportKills;
        const int delay =
            aimed ? 0 : int((i + random.generateDouble()) * double(importMs) / RandomImportKills);
        killImport(cache, holdsSecond ? first : second, delay, aimed, &holdsSecond, &tally);
        if (QTest::currentTestFailed())
            return;
    }
    // Should the machine run much faster than when calibrated, more points early on.
    for (int extra = 0; tally.landed < MinimumImportKills + 2 && extra < RandomImportKills;
         ++extra) {
        killImport(cache, holdsSecond ? first : second,
                   int(random.generateDouble() * 0.5 * double(importMs)), false, &holdsSecond,
                   &tally);
        if (QTest::currentTestFailed())
            return;
    }
    m_figures.append(QStringLiteral("workspace import (%1 segments, %2 random kill points over "
                                    "%3 ms + %4 aimed at the first log frame): %5")
                         .arg(Segments)
                         .arg(RandomImportKills)
                         .arg(importMs)
                         .arg(AimedImportKills)
                         .arg(tally.text()));
    qInfo("%s", qPrintable(m_figures.constLast()));
    QVERIFY2(tally.landed >= MinimumImportKills, qPrintable(tally.text()));
    QVERIFY2(tally.previousInside >= 1, qPrintable(tally.text()));
}

void TestCrashLoop::cleanupTestCase()
{
    for (const QString& f : m_figures)
        qInfo("figure: %s", qPrintable(f));
}
