// Files and disks (issue 11, items 1, 4, 5 and 7's rejects side): what pulsebook-cli does to
// the files a user names. A new file is created 0600; an existing file keeps its mode, owner,
// and (until the new one is complete) its contents; devices and FIFOs are written through and
// never changed; what cannot be written safely is refused with the reason; a full disk or a
// failed, cancelled sync leaves the old file and no temporary file; output that does not reach
// stdout is an error. Every run is a real pulsebook-cli process on real files; the disk-full
// cases mount a small tmpfs (root only; skipped otherwise).
#include "CliRun.h"
#include "Progress.h"
#include "TestSupport.h"
#include "cache/Cache.h"
#include "sync/ExportSync.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace pulsebook;
using pulsebook::test::CliOptions;
using pulsebook::test::CliRun;
using pulsebook::test::readFile;
using pulsebook::test::runCli;
using pulsebook::test::writeFile;

namespace {

const QByteArray UsersCsv = "user_id,email\nu1,ann@example.test\nu2,bob@example.test\n";
const QByteArray EventsCsv = "event_id,user_id,time,event\n1,u1,2026-01-05T10:00:00Z,Login\n"
                             "2,u2,2026-01-06T10:00:00Z,Login\n";
// A row that --skip-bad-rows sends to the rejects file (line 4 of events.csv).
const QByteArray BadEvent = "3,u2,yesterday,Login\n";
// `segment --where 'did "Login"'` on that cache, worked out by hand: both users, no account,
// their last event.
const QByteArray Members = "user_id,email,account_id,account,csm,last_event\n"
                           "u1,ann@example.test,,,,2026-01-05T10:00:00.000Z\n"
                           "u2,bob@example.test,,,,2026-01-06T10:00:00.000Z\n";
const QByteArray OldContent = "the user's own file\n";
constexpr uid_t NobodyId = 65534;

QByteArray native(const QString& path)
{
    return QFile::encodeName(path);
}

// What lstat says about a path, for before/after comparisons.
struct FileState
{
    bool exists = false;
    mode_t type = 0;
    int mode = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    ino_t inode = 0;
    dev_t device = 0; // of a device node
    bool operator==(const FileState&) const = default;
};

FileState stateOf(const QString& path)
{
    struct stat st;
    FileState s;
    if (::lstat(native(path).constData(), &st) != 0)
        return s;
    s.exists = true;
    s.type = st.st_mode & S_IFMT;
    s.mode = int(st.st_mode & 07777);
    s.uid = st.st_uid;
    s.gid = st.st_gid;
    s.inode = st.st_ino;
    s.device = st.st_rdev;
    return s;
}

char* toString(const FileState& s)
{
    return qstrdup(QStringLiteral("exists %1 type %2 mode %3 owner %4:%5 inode %6 device %7")
                       .arg(int(s.exists))
                       .arg(s.type, 0, 8)
                       .arg(s.mode, 4, 8, QLatin1Char('0'))
                       .arg(s.uid)
                       .arg(s.gid)
                       .arg(s.inode)
                       .arg(s.device)
                       .toUtf8()
                       .constData());
}

// Everything in a folder, hidden files, devices and broken links included, sorted.
QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

void setMode(const QString& path, int mode)
{
    QVERIFY(::chmod(native(path).constData(), mode_t(mode)) == 0);
}

// A tmpfs of 64 KB at `dir`, unmounted when this goes out of scope.
struct SmallDisk
{
    QString dir;
    bool mounted = false;
    QString why;

    explicit SmallDisk(const QString& at) : dir(at)
    {
        QDir().mkpath(dir);
        if (::geteuid() != 0) {
            why = QStringLiteral("mounting a tmpfs needs root");
            return;
        }
        mounted = ::mount("tmpfs", native(dir).constData(), "tmpfs", 0, "size=64k") == 0;
        if (!mounted)
            why = QStringLiteral("mount -t tmpfs failed: %1")
                      .arg(QString::fromLocal8Bit(std::strerror(errno)));
    }
    ~SmallDisk()
    {
        if (mounted)
            ::umount2(native(dir).constData(), MNT_DETACH);
    }
    // Fills the disk with `filler` until a write fails with ENOSPC; true when it did.
    bool fill() const
    {
        const int fd = ::open(native(dir + QStringLiteral("/filler")).constData(),
                              O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0)
            return false;
        const QByteArray block(4096, 'f');
        int failure = 0;
        for (int i = 0; i < 1024 && !failure; ++i) {
            if (::write(fd, block.constData(), size_t(block.size())) < 0)
                failure = errno;
        }
        // The last page may hold a little more: top it up byte by byte.
        while (!failure) {
            if (::write(fd, "f", 1) < 0)
                failure = errno;
        }
        ::close(fd);
        return failure == ENOSPC;
    }
};

// Cancels a sync as soon as it reaches events.csv, after users.csv had a rejected row.
class CancelAtEvents : public Progress
{
public:
    void start(const QString& stage, qint64) override
    {
        if (stage.contains(QLatin1String("events.csv")))
            cancel();
    }
};

} // namespace

class TestOutputFiles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void newFileIs0600();
    void existingFileKeepsModeAndOwner_data();
    void existingFileKeepsModeAndOwner();
    void readOnlyFileRefused();
    void symlinkReplacesItsTarget();
    void hardLinkedFileWrittenInPlace();
    void refused_data();
    void refused();
    void devicesWrittenThrough();
    void fifoWrittenThrough();
    void otherWritersKeepMode();

    void diskFullExport();
    void diskFullRejects();
    void failedOrCancelledSyncKeepsRejectsFile_data();
    void failedOrCancelledSyncKeepsRejectsFile();

    void stdoutErrors_data();
    void stdoutErrors();
    void stdoutStillWhole();

private:
    // `segment --where 'did "Login"' --out path`.
    CliRun exportTo(const QString& path, const CliOptions& options = {}) const;
    // A fresh, empty folder in the suite's temporary folder.
    QString folder(const QString& name) const;

    QTemporaryDir m_tmp;
    QString m_cache;
    QString m_export;  // a good export
    QString m_withBad; // the same with one bad event row
};

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

QTEST_GUILESS_MAIN(TestOutputFiles)
#include "tst_outputfiles.moc"
