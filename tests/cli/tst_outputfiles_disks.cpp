// tst_outputfiles, continued: a full disk, a failed or cancelled sync's rejects file, and stdout
// errors.
#include "tst_outputfiles.h"

void TestOutputFiles::diskFullExport()
{
    SmallDisk disk(m_tmp.filePath(QStringLiteral("full-export")));
    if (!disk.mounted)
        QSKIP(qPrintable(disk.why));
    const QString out = disk.dir + QStringLiteral("/members.csv");
    writeFile(disk.dir, QStringLiteral("members.csv"), OldContent);
    setMode(out, 0640);
    QVERIFY(disk.fill());
    const FileState before = stateOf(out);
    const CliRun r = exportTo(out);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, "Writing 2 rows to " + native(out) + "\npulsebook-cli segment: " + native(out) +
                        ": cannot write: No space left on device\n");
    QCOMPARE(readFile(out), OldContent);
    QCOMPARE(stateOf(out), before);
    QCOMPARE(entries(disk.dir),
             (QStringList{QStringLiteral("filler"), QStringLiteral("members.csv")}));
}

void TestOutputFiles::diskFullRejects()
{
    // The rejects file is written out before the cache commits: a full disk fails the sync,
    // the cache and the old rejects file stay as they were.
    SmallDisk disk(m_tmp.filePath(QStringLiteral("full-rejects")));
    if (!disk.mounted)
        QSKIP(qPrintable(disk.why));
    const QString rejects = disk.dir + QStringLiteral("/rejects.csv");
    writeFile(disk.dir, QStringLiteral("rejects.csv"), OldContent);
    QVERIFY(disk.fill());
    const QString cache =
        folder(QStringLiteral("full-rejects-cache")) + QStringLiteral("/cache.pulsebook");
    QVERIFY(QFile::copy(m_cache, cache));
    const auto cacheBefore = test::snapshot(cache, false);
    const FileState before = stateOf(rejects);
    const CliRun r =
        runCli({QStringLiteral("sync"), m_withBad, QStringLiteral("--cache"), cache,
                QStringLiteral("--skip-bad-rows"), QStringLiteral("--rejects"), rejects});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.endsWith(native(rejects) +
                            ": cannot write: No space left on device\nThe cache is unchanged.\n"),
             r.err.constData());
    QCOMPARE(readFile(rejects), OldContent);
    QCOMPARE(stateOf(rejects), before);
    QCOMPARE(entries(disk.dir),
             (QStringList{QStringLiteral("filler"), QStringLiteral("rejects.csv")}));
    QVERIFY(test::snapshot(cache, false) == cacheBefore);
}

void TestOutputFiles::failedOrCancelledSyncKeepsRejectsFile_data()
{
    QTest::addColumn<bool>("cancel"); // else: fails just before the commit
    QTest::newRow("cancelled at events.csv") << true;
    QTest::newRow("failed before the commit") << false;
}

void TestOutputFiles::failedOrCancelledSyncKeepsRejectsFile()
{
    // A bad row in users.csv has gone to the (temporary) rejects file before the sync stops.
    // The existing rejects file from an earlier sync stays, whole, and nothing is left beside it.
    QFETCH(bool, cancel);
    const QString dir = folder(QStringLiteral("stopped"));
    const QString input = dir + QStringLiteral("/export");
    writeFile(input, QStringLiteral("users.csv"), UsersCsv + "u3,c@x,extra\n");
    writeFile(input, QStringLiteral("events.csv"), EventsCsv);
    const QString rejectsDir = dir + QStringLiteral("/rejects");
    const QString rejects = rejectsDir + QStringLiteral("/rejects.csv");
    writeFile(rejectsDir, QStringLiteral("rejects.csv"), OldContent);
    setMode(rejects, 0644);
    const FileState before = stateOf(rejects);
    Cache cache;
    QString error;
    QVERIFY2(cache.open(dir + QStringLiteral("/cache.pulsebook"), true, &error), qPrintable(error));
    SyncOptions options;
    options.skipBadRows = true;
    options.rejectsPath = rejects;
    CancelAtEvents progress;
    if (!cancel) {
        options.beforeCommit = [](Database&, QString* why) {
            *why = QStringLiteral("stopped before the commit");
            return false;
        };
    }
    SyncSummary summary;
    const Status status =
        syncExportFolder(cache, input, options, cancel ? &progress : nullptr, &summary, &error);
    QCOMPARE(status.outcome(), cancel ? Outcome::Cancelled : Outcome::Failed);
    QCOMPARE(error, cancel ? QString() : QStringLiteral("stopped before the commit"));
    QCOMPARE(summary.rejected, qint64(1));
    QCOMPARE(summary.rejectsPath, QString());
    QCOMPARE(readFile(rejects), OldContent);
    QCOMPARE(stateOf(rejects), before);
    QCOMPARE(entries(rejectsDir), QStringList{QStringLiteral("rejects.csv")});

    // The same sync, let through, replaces it (mode kept) with the one rejected row.
    options.beforeCommit = nullptr;
    QVERIFY2(syncExportFolder(cache, input, options, nullptr, &summary, &error), qPrintable(error));
    QCOMPARE(summary.rejectsPath, rejects);
    QCOMPARE(readFile(rejects),
             "file,line,reason,record\n" + native(input) +
                 "/users.csv,4,\"expected 2 fields, found 3\",\"u3,c@x,extra\"\n");
    QCOMPARE(stateOf(rejects).mode, 0644);
}

void TestOutputFiles::stdoutErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("closed"); // stdout closed, else /dev/full
    QTest::addColumn<QByteArray>("reason");
    const QStringList info = {QStringLiteral("info")};
    const QStringList csv = {QStringLiteral("segment"), QStringLiteral("--where"),
                             QStringLiteral("did \"Login\""), QStringLiteral("--format"),
                             QStringLiteral("csv")};
    // About 10 KB: more than stdio's buffer, so the first failed write is not the last.
    const QStringList workspace = {QStringLiteral("workspace"), QStringLiteral("export"),
                                   QStringLiteral("-")};
    const QByteArray full = "No space left on device";
    const QByteArray closed = "Bad file descriptor";
    QTest::newRow("info > /dev/full") << info << false << full;
    QTest::newRow("info >&-") << info << true << closed;
    QTest::newRow("segment --format csv > /dev/full") << csv << false << full;
    QTest::newRow("segment --format csv >&-") << csv << true << closed;
    QTest::newRow("workspace export - > /dev/full") << workspace << false << full;
    QTest::newRow("workspace export - >&-") << workspace << true << closed;
    QTest::newRow("--version > /dev/full")
        << QStringList{QStringLiteral("--version")} << false << full;
}

void TestOutputFiles::stdoutErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, closed);
    QFETCH(QByteArray, reason);
    if (arguments.size() > 1 || arguments.first() == QLatin1String("info"))
        arguments << QStringLiteral("--cache") << m_cache;
    CliOptions options;
    if (closed)
        options.childSetup = [] {
            ::close(STDOUT_FILENO);
        };
    else
        options.stdoutFile = QStringLiteral("/dev/full");
    const CliRun r = runCli(arguments, options);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, "pulsebook-cli: cannot write output: " + reason + "\n");
}

void TestOutputFiles::stdoutStillWhole()
{
    // Routing stdout through the error-watching stream loses nothing when it works.
    const CliRun r = runCli({QStringLiteral("segment"), QStringLiteral("--where"),
                             QStringLiteral("did \"Login\""), QStringLiteral("--format"),
                             QStringLiteral("csv"), QStringLiteral("--cache"), m_cache});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, Members);
    QCOMPARE(r.err, QByteArray());
}
