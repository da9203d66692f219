#pragma once

// Caches and disks (issue 11): damaged schema versions, files that are not caches, read-only
// folders and the -wal/-shm files a read leaves, a full disk, two first syncs at once, and
// big "in" lists. Each case asserts its exact outcome; pulsebook-cli runs as a user runs it.
// The cases that need root (mounts, other users) skip with the reason elsewhere.
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"
#include "cache/Cache.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <chrono>
#include <future>
#include <set>

#include <pwd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace pulsebook;
using test::runCli;

namespace cachesdiskstest {

inline test::CliOptions asUser(const QString& user)
{
    test::CliOptions options;
    options.asUser = user;
    return options;
}

inline const QByteArray SmallUsers = "user_id,email\nu1,ann@example.test\nu2,bob@example.test\n";
inline const QByteArray SmallEvents = "event_id,user_id,time,event\n"
                                      "1,u1,2026-10-30T10:00:00Z,Login\n"
                                      "2,u2,2026-10-31T09:00:00Z,Login\n";

inline QString smallExport(const QString& parent)
{
    const QString dir = parent + QStringLiteral("/small");
    test::writeFile(dir, QStringLiteral("users.csv"), SmallUsers);
    test::writeFile(dir, QStringLiteral("events.csv"), SmallEvents);
    return dir;
}

// Standard error without the progress lines ("[   0.1 s    20 MB] Reading users.csv...").
inline QString messages(const QByteArray& err)
{
    QString out;
    for (const QByteArray& line : err.split('\n')) {
        if (!line.isEmpty() && !line.startsWith('['))
            out += QString::fromUtf8(line) + QLatin1Char('\n');
    }
    return out;
}

inline QByteArray sha256(const QString& path)
{
    return QCryptographicHash::hash(test::readFile(path), QCryptographicHash::Sha256).toHex();
}

// A cache holding the small export, closed (its WAL checkpointed and removed).
inline bool makeCache(const QString& path, const QString& exportDir, QString* error)
{
    Cache cache;
    return cache.open(path, true, error) &&
           syncExportFolder(cache, exportDir, SyncOptions(), nullptr, nullptr, error);
}

struct Owner
{
    uid_t uid = 0;
    mode_t mode = 0;
    qint64 size = -1; // -1: no such file
};

inline Owner ownerOf(const QString& path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return {st.st_uid, mode_t(st.st_mode & 07777), qint64(st.st_size)};
}

inline uid_t uidOf(const char* user)
{
    const passwd* pw = ::getpwnam(user);
    return pw ? pw->pw_uid : uid_t(-1);
}

// Mounts on construction, unmounts on destruction; `error` says why it could not.
struct Mount
{
    QString target;
    QString error;
    Mount(const QString& source, const QString& where, const char* type, unsigned long flags,
          const QByteArray& data)
    {
        if (::geteuid() != 0) {
            error = QStringLiteral("needs root to mount");
            return;
        }
        if (::mount(QFile::encodeName(source).constData(), QFile::encodeName(where).constData(),
                    type, flags, data.isEmpty() ? nullptr : data.constData()) != 0) {
            error = QStringLiteral("mount failed: %1").arg(QString::fromLocal8Bit(strerror(errno)));
            return;
        }
        target = where;
    }
    ~Mount()
    {
        if (!target.isEmpty())
            ::umount2(QFile::encodeName(target).constData(), MNT_DETACH);
    }
    bool ok() const { return !target.isEmpty(); }
};

inline std::vector<char> members(const EventIndex& index, const QJsonValue& json)
{
    Segment segment;
    QString error;
    if (!Segment::fromJson(json, QStringLiteral("$"), &segment, &error))
        qFatal("%s", qPrintable(error));
    AnalysisContext context;
    context.index = std::shared_ptr<const EventIndex>(&index, [](const EventIndex*) {});
    context.asOfMs = index.defaultAsOfMs();
    std::vector<char> out;
    if (!segment.evaluate(context, {}, &out, &error))
        qFatal("%s", qPrintable(error));
    return out;
}

} // namespace cachesdiskstest

using namespace cachesdiskstest;

class TestCachesDisks : public QObject
{
    Q_OBJECT

private slots:
    void unknownSchemaVersions_data();
    void unknownSchemaVersions();
    void readCommandsRefuseNonCaches_data();
    void readCommandsRefuseNonCaches();
    void readOnlyFolder();
    void readsLeaveFilesTheOwnerCanUse();
    void diskFull();
    void firstSyncsWaitForEachOther();
    void firstSyncsRaceThroughTheCli();
    void inListMeansOrOfEquals();
    void bigInListMatchesReference();

private:
    QTemporaryDir m_dir;
};
