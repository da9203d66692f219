// pulsebook-cli: the command-line face of pulsebook_core. Exit codes: 0 ok, 1 bad input or a
// failed operation, 2 usage.
#include "CliCommands.h"

#include <QCoreApplication>
#include <QStringList>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

using namespace pulsebook;

namespace {

// Started with stdin, stdout or stderr closed (`>&-`), the next file we open would take that
// number and printf would write into it. Hold each closed one with /dev/null opened read-only:
// nothing else can take it, and a write to it still fails (EBADF), so checkOutput() reports
// it instead of the output vanishing.
void holdClosedStandardFiles()
{
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            const int held = ::open("/dev/null", O_RDONLY);
            if (held >= 0 && held != fd) {
                ::dup2(held, fd);
                ::close(held);
            }
        }
    }
}

// The reason the first write to stdout failed (0: none failed). stdio keeps only a flag, and
// errno is long overwritten when the command ends.
int stdoutErrno = 0;

ssize_t writeStdout(void*, const char* data, size_t size)
{
    const size_t total = size;
    while (size > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            if (!stdoutErrno)
                stdoutErrno = errno;
            return -1;
        }
        data += n;
        size -= size_t(n);
    }
    return ssize_t(total);
}

// Routes stdout through writeStdout(), which remembers why a write failed (glibc lets a
// program assign stdout). Line-buffered on a terminal, as before, so output and the progress
// lines on stderr keep their order.
void watchStdout()
{
    FILE* watched = ::fopencookie(nullptr, "w", {nullptr, writeStdout, nullptr, nullptr});
    if (!watched)
        return;
    std::setvbuf(watched, nullptr, ::isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
    stdout = watched;
}

// Output that did not reach stdout (a full disk, a closed stdout) is a failure, not a silent
// exit 0: flush what is buffered and check that every write so far succeeded.
int checkOutput(int code)
{
    if (std::fflush(stdout) == 0 && !std::ferror(stdout))
        return code;
    std::fprintf(stderr, "pulsebook-cli: cannot write output: %s\n",
                 std::strerror(stdoutErrno ? stdoutErrno : EIO));
    return code == cli::ExitOk ? cli::ExitBadInput : code;
}

} // namespace

int main(int argc, char* argv[])
{
    holdClosedStandardFiles();
    watchStdout();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pulsebook"));
    QCoreApplication::setOrganizationName(QStringLiteral("Pulsebook"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PULSEBOOK_VERSION));

    const QStringList args = app.arguments();
    if (args.size() < 2 || args.at(1) == QLatin1String("--help") ||
        args.at(1) == QLatin1String("-h") || args.at(1) == QLatin1String("help")) {
        std::fputs(qPrintable(cli::usage()), args.size() < 2 ? stderr : stdout);
        return checkOutput(args.size() < 2 ? cli::ExitUsage : cli::ExitOk);
    }
    if (args.at(1) == QLatin1String("--version")) {
        std::printf("pulsebook-cli %s\n", PULSEBOOK_VERSION);
        return checkOutput(cli::ExitOk);
    }
    return checkOutput(cli::run(args.at(1), args.mid(1)));
}
