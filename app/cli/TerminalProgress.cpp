#include "TerminalProgress.h"

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace pulsebook {

namespace {
TerminalProgress* g_interruptTarget = nullptr;

extern "C" void onInterrupt(int)
{
    if (g_interruptTarget)
        g_interruptTarget->cancel(); // an atomic store: safe in a signal handler
}
// Resident memory now, for the log lines of a non-interactive run.
long long residentMegabytes()
{
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f)
        return 0;
    long long pages = 0, resident = 0;
    if (std::fscanf(f, "%lld %lld", &pages, &resident) != 2)
        resident = 0;
    std::fclose(f);
    return resident * (::sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

} // namespace

TerminalProgress::TerminalProgress() : m_tty(::isatty(STDERR_FILENO) == 1)
{
    m_clock.start();
}

TerminalProgress::~TerminalProgress()
{
    if (g_interruptTarget == this) {
        std::signal(SIGINT, SIG_DFL);
        g_interruptTarget = nullptr;
    }
}

void TerminalProgress::cancelOnInterrupt()
{
    g_interruptTarget = this;
    std::signal(SIGINT, onInterrupt);
}

void TerminalProgress::start(const QString& stage, qint64 total)
{
    m_stage = stage;
    m_total = total;
    m_lastDraw = -1;
    if (!m_tty) {
        std::fprintf(stderr, "[%6.1f s %5lld MB] %s...\n", double(m_clock.elapsed()) / 1000.0,
                     residentMegabytes(), qPrintable(stage));
        std::fflush(stderr);
    } else {
        draw(0, true);
    }
}

bool TerminalProgress::update(qint64 done)
{
    const qint64 now = m_clock.elapsed();
    if (m_tty && now - m_lastDraw >= 100)
        draw(done, false);
    return !isCancelled();
}

void TerminalProgress::end()
{
    if (m_tty) {
        draw(m_total, true);
        std::fputc('\n', stderr);
        std::fflush(stderr);
    }
}

void TerminalProgress::draw(qint64 done, bool force)
{
    Q_UNUSED(force);
    m_lastDraw = m_clock.elapsed();
    constexpr int width = 30;
    if (m_total > 0) {
        const double f = std::min(1.0, double(done) / double(m_total));
        const int filled = int(f * width);
        std::fprintf(stderr, "\r%-28.28s [%.*s%*s] %3d%%", qPrintable(m_stage), filled,
                     "##############################", width - filled, "", int(f * 100));
    } else {
        std::fprintf(stderr, "\r%-28.28s ...", qPrintable(m_stage));
    }
    std::fflush(stderr);
}

} // namespace pulsebook
