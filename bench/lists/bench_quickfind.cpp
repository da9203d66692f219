// Times the command palette's quick find on a synced cache: building the index (once per
// workspace), queries of each kind, and SQLite's LIKE over the users table for comparison. A
// benchmark, never a timed test: build the bench_quickfind target and run
//   bench_quickfind CACHE [QUERY ...]
#include "BenchClock.h"
#include "analysis/QuickFind.h"
#include "cache/Cache.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace pulsebook;
using pulsebook::bench::cpuMs;
using pulsebook::bench::rssKb;

namespace {

// The median wall time of `runs` calls of `f`, in microseconds.
template <typename F> qint64 medianUs(int runs, F f)
{
    std::vector<qint64> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        f();
        times.push_back(timer.nsecsElapsed() / 1000);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: bench_quickfind CACHE [QUERY ...]\n");
        return 2;
    }
    const QString path = args[1];
    QStringList queries = args.mid(2);
    if (queries.isEmpty())
        queries = {QStringLiteral("100123"),  QStringLiteral("1001234"), QStringLiteral("james.d"),
                   QStringLiteral("redwood"), QStringLiteral("A0254"),   QStringLiteral("@beacon"),
                   QStringLiteral("e"),       QStringLiteral("zzzz"),    QStringLiteral("xq@")};

    const long rssBefore = rssKb();
    const qint64 cpuBefore = cpuMs();
    QElapsedTimer timer;
    timer.start();
    QString error;
    const auto find = QuickFind::load(path, &error);
    if (!find) {
        std::fprintf(stderr, "bench_quickfind: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("index: %lld accounts, %lld users: %lld ms wall, %lld ms cpu, +%ld MB rss\n",
                qint64(find->accountCount()), qint64(find->userCount()), qint64(timer.elapsed()),
                cpuMs() - cpuBefore, (rssKb() - rssBefore) / 1024);

    Cache cache;
    if (!cache.openForReading(path, &error)) {
        std::fprintf(stderr, "bench_quickfind: %s\n", qPrintable(error));
        return 1;
    }
    Statement like = cache.db().prepare(
        "SELECT uid FROM users WHERE user_id LIKE ?1 OR email LIKE ?1 LIMIT 6", &error);
    Statement likeAll = cache.db().prepare(
        "SELECT count(*) FROM users WHERE user_id LIKE ?1 OR email LIKE ?1", &error);
    std::printf("%-12s %8s %8s %10s %12s %14s\n", "query", "accounts", "users", "find us",
                "LIKE 6 us", "LIKE all us");
    for (const QString& q : std::as_const(queries)) {
        QuickFindResult r;
        const qint64 us = medianUs(9, [&] { r = find->find(q, 6); });
        const QString pattern = QLatin1Char('%') + q + QLatin1Char('%');
        const qint64 likeUs = medianUs(3, [&] {
            like.bind(1, pattern);
            while (like.step()) {
            }
            like.reset();
        });
        const qint64 likeAllUs = medianUs(3, [&] {
            likeAll.bind(1, pattern);
            likeAll.step();
            likeAll.reset();
        });
        std::printf("%-12s %8lld %8lld %10lld %12lld %14lld\n", qPrintable(q),
                    qint64(r.accounts.size()), qint64(r.users.size()), us, likeUs, likeAllUs);
    }
    return 0;
}
