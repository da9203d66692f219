#include "OutputFile.h"

#include <QFile>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pulsebook {

namespace {

// The folder part of a path ("." for a bare name, "/" for a file in the root).
QByteArray folderOf(const QByteArray& path)
{
    const qsizetype slash = path.lastIndexOf('/');
    if (slash < 0)
        return QByteArrayLiteral(".");
    return slash == 0 ? QByteArrayLiteral("/") : path.left(slash);
}

// The kernel's fs.protected_symlinks rule, applied before we resolve a link ourselves (a
// rename does not go through the kernel's check): in a sticky world-writable folder such as
// /tmp, follow a link only when it is ours or the folder owner's. Otherwise anyone could point
// /tmp/report.csv at a file of ours (or root's) and have the export replace it.
bool mayFollow(const QByteArray& link, const struct stat& linkStat)
{
    struct stat folder;
    if (::stat(folderOf(link).constData(), &folder) != 0)
        return false;
    const bool shared = (folder.st_mode & S_ISVTX) && (folder.st_mode & S_IWOTH);
    return !shared || linkStat.st_uid == ::geteuid() || linkStat.st_uid == folder.st_uid;
}

} // namespace

OutputFile::~OutputFile()
{
    discard();
}

bool OutputFile::fail(const QString& reason, QString* error)
{
    discard();
    if (error)
        *error = QStringLiteral("%1: %2").arg(m_path, reason);
    return false;
}

bool OutputFile::failErrno(int code, QString* error)
{
    return fail(QStringLiteral("cannot write: %1").arg(QString::fromLocal8Bit(std::strerror(code))),
                error);
}

bool OutputFile::open(const QString& path, QString* error)
{
    discard();
    m_path = path;
    m_writeErrno = 0;
    m_finished = false;
    const QByteArray native = QFile::encodeName(path);
    if (native.isEmpty())
        return fail(QStringLiteral("no file name"), error);
    struct stat st;
    if (::lstat(native.constData(), &st) != 0) {
        if (errno != ENOENT)
            return failErrno(errno, error);
        return openTemporary(native, false, 0600, 0, 0, error);
    }
    QByteArray target = native;
    if (S_ISLNK(st.st_mode)) {
        if (!mayFollow(native, st))
            return fail(QStringLiteral("is a symbolic link in a shared folder (sticky, "
                                       "world-writable) owned by another user: not followed"),
                        error);
        if (::stat(native.constData(), &st) != 0) {
            if (errno == ENOENT)
                return fail(QStringLiteral("is a symbolic link to a missing file: not written"),
                            error);
            return failErrno(errno, error);
        }
        if (S_ISREG(st.st_mode)) {
            char* real = ::realpath(native.constData(), nullptr);
            if (!real)
                return failErrno(errno, error);
            target = QByteArray(real);
            std::free(real);
        }
    }
    if (S_ISDIR(st.st_mode))
        return fail(QStringLiteral("is a folder, not a file"), error);
    if (S_ISBLK(st.st_mode))
        return fail(QStringLiteral("is a block device: not written"), error);
    if (S_ISSOCK(st.st_mode))
        return fail(QStringLiteral("is a socket: not written"), error);
    if (!S_ISREG(st.st_mode)) // a character device or a FIFO: the data goes to it as it comes
        return openInPlace(native, O_WRONLY | O_NOCTTY | O_CLOEXEC, error);
    if (st.st_nlink > 1) // a rename would split the links: write the file they share
        return openInPlace(target, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC, error);
    return openTemporary(target, true, st.st_mode & 07777, st.st_uid, st.st_gid, error);
}

bool OutputFile::openTemporary(const QByteArray& target, bool replaces, mode_t mode, uid_t uid,
                               gid_t gid, QString* error)
{
    // A rename would replace a file we may not write (as `>` would refuse to).
    if (replaces && ::access(target.constData(), W_OK) != 0)
        return failErrno(errno, error);
    const QByteArray folder = folderOf(target);
    // Hidden, named after the target (so a user who sees one after a crash knows what it was),
    // short enough for NAME_MAX.
    const QByteArray name = target.mid(target.lastIndexOf('/') + 1).left(200);
    QByteArray pattern = folder + "/." + name + ".XXXXXX";
    const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0) {
        // A folder we may not write to, holding a file we may: write the file itself.
        if (replaces && (errno == EACCES || errno == EPERM))
            return openInPlace(target, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC, error);
        return failErrno(errno, error);
    }
    m_fd = fd;
    m_temporary = pattern;
    m_target = target;
    if (!replaces)
        return ::fchmod(fd, 0600) == 0 || failErrno(errno, error);
    struct stat created;
    if (::fstat(fd, &created) != 0)
        return failErrno(errno, error);
    // Owner before mode: a chown clears the set-user-ID and set-group-ID bits.
    if ((created.st_uid != uid || created.st_gid != gid) && ::fchown(fd, uid, gid) != 0) {
        // Replacing would give the file to us: keep its owner by writing it in place.
        discard();
        return openInPlace(target, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC, error);
    }
    return ::fchmod(fd, mode) == 0 || failErrno(errno, error);
}

bool OutputFile::openInPlace(const QByteArray& target, int flags, QString* error)
{
    int fd;
    do {
        fd = ::open(target.constData(), flags);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return failErrno(errno, error);
    m_fd = fd;
    m_target = target;
    return true;
}

bool OutputFile::write(const char* data, size_t size)
{
    if (m_fd < 0 || m_writeErrno)
        return false;
    while (size > 0) {
        const ssize_t n = ::write(m_fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            m_writeErrno = errno;
            return false;
        }
        data += n;
        size -= size_t(n);
    }
    return true;
}

bool OutputFile::finish(QString* error)
{
    if (m_finished)
        return true;
    if (m_fd < 0)
        return fail(QStringLiteral("cannot write: not open"), error);
    if (m_writeErrno)
        return failErrno(m_writeErrno, error);
    // Devices and pipes cannot be synced (EINVAL); everything else must reach the disk before
    // it replaces the old file.
    if (::fsync(m_fd) != 0 && errno != EINVAL && errno != EROFS)
        return failErrno(errno, error);
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0 && errno != EINTR) // NFS reports a full disk here
        return failErrno(errno, error);
    m_finished = true;
    return true;
}

bool OutputFile::commit(QString* error)
{
    if (!finish(error))
        return false;
    if (m_temporary.isEmpty())
        return true;
    if (::rename(m_temporary.constData(), m_target.constData()) != 0)
        return failErrno(errno, error);
    m_temporary.clear();
    // The rename itself must survive a power cut, too.
    const int folder = ::open(folderOf(m_target).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder >= 0) {
        ::fsync(folder);
        ::close(folder);
    }
    return true;
}

void OutputFile::discard()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    if (!m_temporary.isEmpty())
        ::unlink(m_temporary.constData());
    m_temporary.clear();
}

bool OutputFile::writeAll(const QString& path, const QByteArray& data, QString* error)
{
    OutputFile file;
    if (!file.open(path, error))
        return false;
    file.write(data.constData(), size_t(data.size()));
    return file.commit(error);
}

} // namespace pulsebook
