// tst_outputfiles (see tst_outputfiles.h): new and existing files, links, refused paths, devices
// and FIFOs.
#include "tst_outputfiles.h"

void TestOutputFiles::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_export = m_tmp.filePath(QStringLiteral("export"));
    writeFile(m_export, QStringLiteral("users.csv"), UsersCsv);
    writeFile(m_export, QStringLiteral("events.csv"), EventsCsv);
    m_withBad = m_tmp.filePath(QStringLiteral("with-bad"));
    writeFile(m_withBad, QStringLiteral("users.csv"), UsersCsv);
    writeFile(m_withBad, QStringLiteral("events.csv"), EventsCsv + BadEvent);
    m_cache = m_tmp.filePath(QStringLiteral("cache.pulsebook"));
    const CliRun r = runCli({QStringLiteral("sync"), m_export, QStringLiteral("--cache"), m_cache});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

CliRun TestOutputFiles::exportTo(const QString& path, const CliOptions& options) const
{
    return runCli({QStringLiteral("segment"), QStringLiteral("--where"),
                   QStringLiteral("did \"Login\""), QStringLiteral("--cache"), m_cache,
                   QStringLiteral("--out"), path},
                  options);
}

QString TestOutputFiles::folder(const QString& name) const
{
    const QString dir = m_tmp.filePath(name);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    return dir;
}

void TestOutputFiles::newFileIs0600()
{
    // Under umask 0, so that 0600 cannot be the umask's doing.
    const QString dir = folder(QStringLiteral("new"));
    const QString out = dir + QStringLiteral("/members.csv");
    CliOptions options;
    options.childSetup = [] {
        ::umask(0);
    };
    const CliRun r = exportTo(out, options);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.err, "Writing 2 rows to " + native(out) + "\n");
    QCOMPARE(readFile(out), Members);
    QCOMPARE(stateOf(out).mode, 0600);
    QCOMPARE(entries(dir), QStringList{QStringLiteral("members.csv")});
}

void TestOutputFiles::existingFileKeepsModeAndOwner_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("nobody"); // owned by uid and gid 65534 (needs root)
    QTest::newRow("0644") << 0644 << false;
    QTest::newRow("0600") << 0600 << false;
    QTest::newRow("0755 (executable)") << 0755 << false;
    QTest::newRow("0640, owned by nobody:nogroup") << 0640 << true;
    QTest::newRow("2664 (set-group-ID), owned by nobody:nogroup") << 02664 << true;
}

void TestOutputFiles::existingFileKeepsModeAndOwner()
{
    QFETCH(int, mode);
    QFETCH(bool, nobody);
    if (nobody && ::geteuid() != 0)
        QSKIP("giving a file to another user needs root");
    const QString dir = folder(QStringLiteral("existing"));
    const QString out = dir + QStringLiteral("/members.csv");
    writeFile(dir, QStringLiteral("members.csv"), OldContent);
    if (nobody)
        QVERIFY(::chown(native(out).constData(), NobodyId, NobodyId) == 0);
    setMode(out, mode); // after the chown, which clears set-group-ID
    const FileState before = stateOf(out);
    QCOMPARE(before.mode, mode);

    const CliRun r = exportTo(out);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(readFile(out), Members);
    const FileState after = stateOf(out);
    QCOMPARE(after.mode, mode);
    QCOMPARE(after.uid, before.uid);
    QCOMPARE(after.gid, before.gid);
    // Replaced by a complete new file (renamed in), not rewritten in place.
    QVERIFY(after.inode != before.inode);
    QCOMPARE(entries(dir), QStringList{QStringLiteral("members.csv")});
}

void TestOutputFiles::readOnlyFileRefused()
{
    // A file its owner made read-only is not replaced behind their back (as `>` refuses).
    // Root may write anything, so this needs another user: run as nobody.
    if (::geteuid() != 0)
        QSKIP("running the CLI as another user needs root");
    const QString dir = folder(QStringLiteral("read-only"));
    QVERIFY(::chmod(native(dir).constData(), 0777) == 0);
    QVERIFY(::chmod(native(m_tmp.path()).constData(), 0755) == 0);
    const QString out = dir + QStringLiteral("/members.csv");
    writeFile(dir, QStringLiteral("members.csv"), OldContent);
    QVERIFY(::chown(native(out).constData(), NobodyId, NobodyId) == 0);
    setMode(out, 0444);
    // The cache must be readable by nobody: a copy of its own.
    const QString cache = dir + QStringLiteral("/cache.pulsebook");
    QVERIFY(QFile::copy(m_cache, cache));
    QVERIFY(::chown(native(cache).constData(), NobodyId, NobodyId) == 0);
    const FileState before = stateOf(out);
    CliOptions options;
    options.childSetup = [] {
        if (::setgid(NobodyId) != 0 || ::setuid(NobodyId) != 0)
            ::_exit(99);
    };
    const CliRun r = runCli({QStringLiteral("segment"), QStringLiteral("--where"),
                             QStringLiteral("did \"Login\""), QStringLiteral("--cache"), cache,
                             QStringLiteral("--out"), out},
                            options);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, "Writing 2 rows to " + native(out) + "\npulsebook-cli segment: " + native(out) +
                        ": cannot write: Permission denied\n");
    QCOMPARE(stateOf(out), before);
    QCOMPARE(readFile(out), OldContent);
    // A read-only connection cannot remove the cache's -wal and -shm when it closes (they are
    // its owner's, with its mode: docs/reliability.md, "Read-only caches"); nothing else is left.
    QStringList left = entries(dir);
    left.removeAll(QStringLiteral("cache.pulsebook-wal"));
    left.removeAll(QStringLiteral("cache.pulsebook-shm"));
    QCOMPARE(left, (QStringList{QStringLiteral("cache.pulsebook"), QStringLiteral("members.csv")}));
}

void TestOutputFiles::symlinkReplacesItsTarget()
{
    // The link stays a link to the same name; its target gets the export and keeps its mode.
    const QString dir = folder(QStringLiteral("link"));
    const QString target = dir + QStringLiteral("/target.csv");
    const QString link = dir + QStringLiteral("/link.csv");
    writeFile(dir, QStringLiteral("target.csv"), OldContent);
    setMode(target, 0644);
    QVERIFY(::symlink("target.csv", native(link).constData()) == 0);
    const FileState linkBefore = stateOf(link);
    const CliRun r = exportTo(link);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(stateOf(link), linkBefore);
    QCOMPARE(QFile::symLinkTarget(link), target);
    QCOMPARE(readFile(target), Members);
    QCOMPARE(stateOf(target).mode, 0644);
    QCOMPARE(entries(dir), (QStringList{QStringLiteral("link.csv"), QStringLiteral("target.csv")}));
}

void TestOutputFiles::hardLinkedFileWrittenInPlace()
{
    // A rename would split the two names into two files: the one file both name is written
    // (the documented case where a failed write could leave a partial file).
    const QString dir = folder(QStringLiteral("hard-link"));
    const QString first = dir + QStringLiteral("/first.csv");
    const QString second = dir + QStringLiteral("/second.csv");
    writeFile(dir, QStringLiteral("first.csv"), OldContent.repeated(10)); // longer than Members
    setMode(first, 0640);
    QVERIFY(::link(native(first).constData(), native(second).constData()) == 0);
    const FileState before = stateOf(first);
    const CliRun r = exportTo(second);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(stateOf(first), before); // same inode, mode and owner
    QCOMPARE(stateOf(second), before);
    QCOMPARE(readFile(first), Members); // truncated first: no tail of the old content
    QCOMPARE(entries(dir),
             (QStringList{QStringLiteral("first.csv"), QStringLiteral("second.csv")}));
}

void TestOutputFiles::refused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("reason");
    QTest::newRow("folder") << QStringLiteral("folder")
                            << QStringLiteral("is a folder, not a file");
    QTest::newRow("dangling link") << QStringLiteral("dangling")
                                   << QStringLiteral("is a symbolic link to a missing file: not "
                                                     "written");
    QTest::newRow("block device") << QStringLiteral("block")
                                  << QStringLiteral("is a block device: not written");
    QTest::newRow("another user's link in a sticky folder")
        << QStringLiteral("sticky")
        << QStringLiteral("is a symbolic link in a shared folder (sticky, world-writable) owned "
                          "by another user: not followed");
}

void TestOutputFiles::refused()
{
    QFETCH(QString, kind);
    QFETCH(QString, reason);
    const QString dir = folder(QStringLiteral("refused"));
    QString out = dir + QStringLiteral("/out.csv");
    QString victim; // a file the refused write would have replaced
    if (kind == QLatin1String("folder")) {
        QVERIFY(QDir().mkpath(out));
    } else if (kind == QLatin1String("dangling")) {
        QVERIFY(::symlink("missing.csv", native(out).constData()) == 0);
    } else if (kind == QLatin1String("block")) {
        if (::geteuid() != 0)
            QSKIP("mknod needs root");
        // Loop device 7:0 (never opened: refused on its type).
        QVERIFY(::mknod(native(out).constData(), S_IFBLK | 0600, makedev(7, 0)) == 0);
    } else {
        if (::geteuid() != 0)
            QSKIP("giving a link to another user needs root");
        // As in /tmp: someone else plants report.csv -> our file; we export to report.csv.
        victim = dir + QStringLiteral("/ours.csv");
        writeFile(dir, QStringLiteral("ours.csv"), OldContent);
        const QString shared = dir + QStringLiteral("/shared");
        QVERIFY(QDir().mkpath(shared));
        QVERIFY(::chmod(native(shared).constData(), 01777) == 0);
        out = shared + QStringLiteral("/report.csv");
        QVERIFY(::symlink(native(victim).constData(), native(out).constData()) == 0);
        QVERIFY(::lchown(native(out).constData(), NobodyId, NobodyId) == 0);
    }
    const FileState before = stateOf(out);
    const QStringList listing = entries(QFileInfo(out).path());
    const CliRun r = exportTo(out);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(
        QString::fromUtf8(r.err),
        QStringLiteral("Writing 2 rows to %1\npulsebook-cli segment: %1: %2\n").arg(out, reason));
    QCOMPARE(stateOf(out), before);
    QCOMPARE(entries(QFileInfo(out).path()), listing);
    if (!victim.isEmpty())
        QCOMPARE(readFile(victim), OldContent);
}

void TestOutputFiles::devicesWrittenThrough()
{
    // Our own nodes of /dev/null (1,3) and /dev/full (1,7) with mode 0640, so that a defect
    // could not break the real ones for everyone: written to, never chmod-ed or replaced.
    if (::geteuid() != 0)
        QSKIP("mknod needs root");
    const QString dir = folder(QStringLiteral("devices"));
    const QString null = dir + QStringLiteral("/null");
    const QString full = dir + QStringLiteral("/full");
    QVERIFY(::mknod(native(null).constData(), S_IFCHR | 0640, makedev(1, 3)) == 0);
    QVERIFY(::mknod(native(full).constData(), S_IFCHR | 0640, makedev(1, 7)) == 0);
    const int probe = ::open(native(null).constData(), O_WRONLY);
    if (probe < 0)
        QSKIP("device nodes do not open here (a nodev mount)");
    ::close(probe);
    const FileState nullBefore = stateOf(null);
    const FileState fullBefore = stateOf(full);
    QCOMPARE(nullBefore.mode, 0640);

    CliRun r = exportTo(null);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(stateOf(null), nullBefore);

    r = exportTo(full);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, "Writing 2 rows to " + native(full) + "\npulsebook-cli segment: " +
                        native(full) + ": cannot write: No space left on device\n");
    QCOMPARE(stateOf(full), fullBefore);

    // A rejects file on a device: the sync lands, the node stays as it was.
    const QString cache = dir + QStringLiteral("/cache.pulsebook");
    r = runCli({QStringLiteral("sync"), m_withBad, QStringLiteral("--cache"), cache,
                QStringLiteral("--skip-bad-rows"), QStringLiteral("--rejects"), null});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.endsWith("Rejected rows: 1, listed in " + native(null) + "\n"),
             r.out.constData());
    QCOMPARE(stateOf(null), nullBefore);
    QCOMPARE(entries(dir), (QStringList{QStringLiteral("cache.pulsebook"), QStringLiteral("full"),
                                        QStringLiteral("null")}));
}

void TestOutputFiles::fifoWrittenThrough()
{
    const QString dir = folder(QStringLiteral("fifo"));
    const QString fifo = dir + QStringLiteral("/pipe");
    QVERIFY(::mkfifo(native(fifo).constData(), 0644) == 0);
    const FileState before = stateOf(fifo);
    QProcess reader;
    reader.start(QStringLiteral("cat"), {fifo});
    QVERIFY(reader.waitForStarted());
    const CliRun r = exportTo(fifo);
    QVERIFY(reader.waitForFinished(10000));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(reader.readAllStandardOutput(), Members);
    QCOMPARE(stateOf(fifo), before);
    QCOMPARE(entries(dir), QStringList{QStringLiteral("pipe")});
}

void TestOutputFiles::otherWritersKeepMode()
{
    // The same rules for the other files the CLI writes: workspace export, --sidecar, the
    // demo's files, the rejects file.
    const QString dir = folder(QStringLiteral("others"));
    const QString json = dir + QStringLiteral("/workspace.json");
    writeFile(dir, QStringLiteral("workspace.json"), OldContent);
    setMode(json, 0640);
    CliRun r = runCli({QStringLiteral("workspace"), QStringLiteral("export"), json,
                       QStringLiteral("--cache"), m_cache});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(readFile(json).startsWith("{"));
    QCOMPARE(stateOf(json).mode, 0640);

    const QString out = dir + QStringLiteral("/members.csv");
    writeFile(dir, QStringLiteral("members.csv.json"), OldContent);
    setMode(out + QStringLiteral(".json"), 0644);
    CliOptions umask0;
    umask0.childSetup = [] {
        ::umask(0);
    };
    r = runCli({QStringLiteral("segment"), QStringLiteral("--where"),
                QStringLiteral("did \"Login\""), QStringLiteral("--cache"), m_cache,
                QStringLiteral("--out"), out, QStringLiteral("--sidecar")},
               umask0);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(stateOf(out).mode, 0600);                           // new
    QCOMPARE(stateOf(out + QStringLiteral(".json")).mode, 0644); // existing
    QVERIFY(readFile(out + QStringLiteral(".json")).contains("\"rows\": 2"));

    const QString demo = dir + QStringLiteral("/demo");
    writeFile(demo, QStringLiteral("events.csv"), OldContent);
    setMode(demo + QStringLiteral("/events.csv"), 0644);
    r = runCli({QStringLiteral("demo"), QStringLiteral("--out"), demo, QStringLiteral("--users"),
                QStringLiteral("10"), QStringLiteral("--events"), QStringLiteral("100")},
               umask0);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(readFile(demo + QStringLiteral("/events.csv")).startsWith("event_id,"));
    QCOMPARE(stateOf(demo + QStringLiteral("/events.csv")).mode, 0644);
    QCOMPARE(stateOf(demo + QStringLiteral("/users.csv")).mode, 0600);
    QCOMPARE(entries(demo).size(), 7);
}

QTEST_GUILESS_MAIN(TestOutputFiles)
