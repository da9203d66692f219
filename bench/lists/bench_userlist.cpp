// Times the users list on a synced cache: the count, building the table (rollup, onboarding,
// decoded properties), the first sort (with the ID order), a re-sort by each column, a deep
// window and a find. A benchmark, never a timed test: build the bench_userlist target and run
//   bench_userlist CACHE [COLUMN ...]
#include "BenchClock.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/SortedList.h"
#include "analysis/UserList.h"
#include "cache/Cache.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <cstdio>
#include <ctime>

using namespace pulsebook;
using pulsebook::bench::cpuMs;
using pulsebook::bench::rssKb;

namespace {

qint64 cpuStart = 0;

void report(const char* what, const QElapsedTimer& timer)
{
    std::printf("%-40s %8lld ms wall %8lld ms cpu  rss %6ld MB\n", what, qint64(timer.elapsed()),
                cpuMs() - cpuStart, rssKb() / 1024);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: bench_userlist CACHE [COLUMN ...]\n");
        return 2;
    }
    QString error;
    Cache cache;
    QElapsedTimer timer;
    timer.start();
    if (!cache.open(args[1], false, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    AnalysisContext context;
    context.index = EventIndex::load(cache, nullptr, &error);
    if (!context.index) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    report("open + index", timer);
    const Workspace workspace = Workspace::defaults();
    context.workspace = &workspace;
    context.asOfMs = context.index->defaultAsOfMs();
    std::printf("%d users, %zu events\n", context.index->userCount(), context.index->eventCount());

    timer.restart();
    cpuStart = cpuMs();
    const std::vector<quint32> rows = UserList::rows(context);
    std::printf("count %zu\n", rows.size());
    report("count (row set)", timer);

    timer.restart();
    cpuStart = cpuMs();
    UserListParams params;
    params.columns =
        args.size() > 2 ? args.mid(2) : UserList::defaultColumns(*context.index, &workspace);
    auto table = UserList::build(context, params, &error);
    if (!table) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    report("build table (rollup, onboarding, columns)", timer);

    timer.restart();
    cpuStart = cpuMs();
    table->idRanks();
    report("ID order (once per table)", timer);

    timer.restart();
    cpuStart = cpuMs();
    auto list = SortedList::sort(table, rows, table->defaultSort(), nullptr, &error);
    report("first sort: last_seen desc", timer);

    for (int c = 0; c < table->columnCount(); ++c) {
        for (const bool descending : {false, true}) {
            timer.restart();
            cpuStart = cpuMs();
            auto resorted = SortedList::sort(table, rows, {c, descending}, nullptr, &error);
            const QByteArray what = (QStringLiteral("sort ") + table->columnName(c) +
                                     QLatin1String(descending ? " desc" : " asc"))
                                        .toUtf8();
            report(what.constData(), timer);
        }
    }

    timer.restart();
    cpuStart = cpuMs();
    qint64 cells = 0;
    for (int i = 0; i < 100; ++i) {
        const auto window = list->window(list->count() - 1 - qint64(i) * 997 % list->count(), 100);
        cells += qint64(window.size());
    }
    report("100 windows of 100 rows, anywhere", timer);

    timer.restart();
    cpuStart = cpuMs();
    const int u = table->findUser(context.index->userId(context.index->userCount() / 2));
    const qint64 position = list->rowOf(quint32(u));
    std::printf("find -> row %lld\n", position);
    report("find by ID + rowOf", timer);
    return cells > 0 ? 0 : 1;
}
