#pragma once

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <sys/types.h>

namespace pulsebook {

// A file the user named (an export, a rejects file, a demo folder's files), written so that
// nothing but that file's contents changes, and only once it is complete:
// - a new file is created with mode 0600 (exports hold e-mail addresses);
// - an existing regular file is replaced whole: the data goes to a hidden temporary file beside
//   it, which takes the old file's mode (and owner and group, when run as root), is synced and
//   renamed over it by commit(). Until then, after a failure, and when the object is destroyed
//   without commit() (a cancel), the old file is intact and no temporary file is left;
// - a symbolic link to a regular file replaces the link's target; the link stays;
// - a character device or FIFO (/dev/null, a terminal, a named pipe) is written straight
//   through: never truncated, chmod-ed, renamed over or removed;
// - a folder, block device, socket, dangling link, or a link in a sticky world-writable folder
//   (such as /tmp) owned by another user is refused, with the reason;
// - an existing regular file that cannot be replaced without changing its owner (not root, the
//   file is another user's), that has other hard links, or whose folder is not writable is
//   written in place (truncated), like a shell's `>` does: the one case where a failed write
//   leaves a partial file.
// Errors read "<path>: <reason>" with the system's reason ("No space left on device").
// Every `error` argument may be null.
class OutputFile
{
public:
    OutputFile() = default;
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    bool open(const QString& path, QString* error);
    // Appends data; false once any write has failed (finish() or commit() reports why).
    bool write(const char* data, size_t size);
    // Syncs what was written to disk; false with the first write error. The old file is still
    // in place.
    bool finish(QString* error);
    // finish(), then puts the new file in place.
    bool commit(QString* error);
    // Drops what was written: removes the temporary file. Called by the destructor.
    void discard();

    // The path as the user named it.
    QString path() const { return m_path; }

    // open(), write(data), commit() in one call.
    static bool writeAll(const QString& path, const QByteArray& data, QString* error);

private:
    bool fail(const QString& reason, QString* error);
    bool failErrno(int code, QString* error);
    // A temporary file beside `target`; `replaces` says whether `target` exists, and then the
    // temporary file takes its mode, owner and group (else in place, see above).
    bool openTemporary(const QByteArray& target, bool replaces, mode_t mode, uid_t uid, gid_t gid,
                       QString* error);
    bool openInPlace(const QByteArray& target, int flags, QString* error);

    QString m_path;
    QByteArray m_target;    // what commit() replaces (a link resolved)
    QByteArray m_temporary; // empty when writing straight to the target
    int m_fd = -1;
    int m_writeErrno = 0;
    bool m_finished = false;
};

} // namespace pulsebook
