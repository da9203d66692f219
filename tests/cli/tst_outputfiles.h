#pragma once

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

namespace outputfiles {

inline const QByteArray UsersCsv = "user_id,email\nu1,ann@example.test\nu2,bob@example.test\n";
inline const QByteArray EventsCsv = "event_id,user_id,time,event\n1,u1,2026-01-05T10:00:00Z,Login\n"
                                    "2,u2,2026-01-06T10:00:00Z,Login\n";
// A row that --skip-bad-rows sends to the rejects file (line 4 of events.csv).
inline const QByteArray BadEvent = "3,u2,yesterday,Login\n";
// `segment --where 'did "Login"'` on that cache, worked out by hand: both users, no account,
// their last event.
inline const QByteArray Members = "user_id,email,account_id,account,csm,last_event\n"
                                  "u1,ann@example.test,,,,2026-01-05T10:00:00.000Z\n"
                                  "u2,bob@example.test,,,,2026-01-06T10:00:00.000Z\n";
inline const QByteArray OldContent = "the user's own file\n";
constexpr uid_t NobodyId = 65534;

inline QByteArray native(const QString& path)
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

inline FileState stateOf(const QString& path)
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

inline char* toString(const FileState& s)
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
inline QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

inline void setMode(const QString& path, int mode)
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

} // namespace outputfiles

using namespace outputfiles;

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
