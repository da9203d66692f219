// The window's timings on a real workspace (bench/gui/run): open to the first view drawn, each
// view switch until the view says its data is on screen, and the longest GUI-thread stall (an
// event-loop probe) while opening, switching and, with --sync DIR, while a sync of DIR runs.
// A benchmark, never a test: nothing in CI runs it.
#include "AppContext.h"
#include "BookView.h"
#include "ListWindowModel.h"
#include "MainWindow.h"
#include "ResultView.h"
#include "SegmentEditor.h"
#include "SegmentsView.h"
#include "Settings.h"
#include "SyncController.h"
#include "TodayView.h"
#include "UsersView.h"
#include "View.h"
#include "ViewRegistry.h"

#include "Snapshot.h"
#include "analysis/Timeline.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHeaderView>
#include <QKeyEvent>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace pulsebook;

namespace {

// Ticks every 2 ms on the GUI thread and keeps the longest gap between two ticks: what a user
// would feel as a freeze.
class StallProbe : public QObject
{
public:
    StallProbe()
    {
        m_timer.setInterval(2);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0)
                m_worst = std::max(m_worst, now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_worst = 0;
        m_last = -1;
        m_clock.start();
        m_timer.start();
    }
    double stopMs()
    {
        m_timer.stop();
        return double(m_worst) / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_worst = 0;
};

// The process's resident memory in MB (VmRSS), -1 when unknown.
double rssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

// The calling thread's CPU time in ms.
double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// Runs the event loop until `done` returns true (checked every turn) or 10 minutes pass.
bool waitFor(const std::function<bool()>& done)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > 600000)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    }
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    // The app's names and version (its cache folder): the launches bench/gui/run made before
    // leave Today's stored result there (TodayStore).
    QApplication::setApplicationName(QStringLiteral("pulsebook"));
    QApplication::setOrganizationName(QStringLiteral("Pulsebook"));
    QApplication::setApplicationVersion(QStringLiteral(PULSEBOOK_VERSION));
    const QStringList args = app.arguments().mid(1);
    if (args.isEmpty()) {
        std::fputs("usage: bench_window WORKSPACE [--sync DIR]\n", stderr);
        return 2;
    }
    QTemporaryDir scratch;
    Settings settings(scratch.filePath(QStringLiteral("settings.ini")));
    const QString workspace = args.first();
    const int syncAt = args.indexOf(QStringLiteral("--sync"));
    const QString syncDir = syncAt > 0 ? args.value(syncAt + 1) : QString();

    StallProbe probe;
    QElapsedTimer clock;
    clock.start();
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QCoreApplication::processEvents(); // the first-run page is drawn: the stalls count from here
    probe.start();
    bool shown = false;
    QObject::connect(&window, &MainWindow::summaryShown, [&] { shown = true; });
    qint64 snapshotNs = -1;
    QObject::connect(window.context(), &AppContext::snapshotChanged,
                     [&] { snapshotNs = clock.nsecsElapsed(); });
    window.openWorkspace(workspace);
    // Today (home) first: from its stored result when the last run left one for these inputs.
    if (auto* today = qobject_cast<TodayView*>(window.view(QStringLiteral("today")))) {
        waitFor([&] { return today->isReady(); });
        window.repaint();
        std::printf("window made, open to Today drawn (%s)\t%.1f ms\tworst stall %.1f ms\n",
                    today->isShowingStored() ? "its stored result" : "computed",
                    double(clock.nsecsElapsed()) / 1e6, probe.stopMs());
        probe.start();
    }
    waitFor([&] { return shown; });
    window.repaint();
    std::printf("window made, open to overview drawn\t%.1f ms\tworst stall %.1f ms\n",
                double(clock.nsecsElapsed()) / 1e6, probe.stopMs());
    // The views' data (the event index and the definitions) is read on a worker meanwhile.
    probe.start();
    waitFor([&] { return snapshotNs >= 0; });
    std::printf("window made, open to the views' data read\t%.1f ms\tworst stall %.1f ms\n",
                double(snapshotNs) / 1e6, probe.stopMs());
    // A user reads Today for a moment before switching: the book is prepared meanwhile
    // (BookView::prefetch), as on an idle GUI.
    probe.start();
    QElapsedTimer idle;
    idle.start();
    waitFor([&] { return idle.elapsed() >= 2000; });
    std::printf("two seconds on Today after the data is read\tworst stall %.1f ms\n",
                probe.stopMs());

    for (const ViewInfo& info : viewRegistry()) {
        if (!info.inSidebar)
            continue;
        for (int pass = 0; pass < 2; ++pass) { // the first visit builds the view, the second not
            window.showView(QStringLiteral("overview"));
            probe.start();
            clock.restart();
            window.showView(info.id);
            View* v = window.view(info.id);
            const bool ready = waitFor([&] { return v->isReady(); });
            window.repaint();
            std::printf("switch to %s (%s)\t%.1f ms\tworst stall %.1f ms%s\n", qPrintable(info.id),
                        pass == 0 ? "first" : "again", double(clock.nsecsElapsed()) / 1e6,
                        probe.stopMs(), ready ? "" : "\t(never ready)");
        }
    }

    // The book: scrolled from top to bottom a page at a time, then the scope changed to the
    // first person of the team, then an account opened from its first row.
    if (auto* book = qobject_cast<BookView*>(window.view(QStringLiteral("book")))) {
        window.showView(QStringLiteral("book"));
        waitFor([&] { return book->isReady(); });
        QTreeView* tree = book->table()->tree();
        QScrollBar* bar = tree->verticalScrollBar();
        probe.start();
        clock.restart();
        int pages = 0;
        for (bar->setValue(0); bar->value() < bar->maximum(); ++pages) {
            bar->setValue(bar->value() + bar->pageStep());
            tree->repaint();
            QCoreApplication::processEvents();
        }
        std::printf("scroll the book (%d rows, %d pages)\t%.1f ms\tworst stall %.1f ms\n",
                    book->table()->proxy()->rowCount(), pages, double(clock.nsecsElapsed()) / 1e6,
                    probe.stopMs());
        const QString account = book->table()->model()->rowCount() > 0
                                    ? book->table()->model()->table().rows[0][0].text
                                    : QString();
        const auto team = window.context()->summary().team;
        if (!team.isEmpty()) {
            probe.start();
            clock.restart();
            Scope scope = window.context()->scope();
            scope.person = team.first().person;
            window.context()->setScope(scope);
            waitFor([&] { return book->isReady(); });
            window.repaint();
            std::printf("scope to %s, the book again\t%.1f ms\tworst stall %.1f ms\n",
                        qPrintable(scope.person), double(clock.nsecsElapsed()) / 1e6,
                        probe.stopMs());
        }
        if (findView(QStringLiteral("account")) && !account.isEmpty()) {
            for (int pass = 0; pass < 2; ++pass) {
                window.showView(QStringLiteral("book"));
                probe.start();
                clock.restart();
                window.showView(QStringLiteral("account"), account);
                View* v = window.view(QStringLiteral("account"));
                waitFor([&] { return v->isReady(); });
                window.repaint();
                std::printf("open account %s (%s)\t%.1f ms\tworst stall %.1f ms\n",
                            qPrintable(account), pass == 0 ? "first" : "again",
                            double(clock.nsecsElapsed()) / 1e6, probe.stopMs());
            }
        }
    }

    // The users list (scope: everyone): a scope change that rebuilds it (the as-of date, then
    // back: the table of columns is computed again, as on a first open) until the exact count
    // is on screen and until the sorted rows are drawn; scrolled from top to bottom ten pages at
    // a time (every step drawn, placeholders or not), with the memory before and after;
    // re-sorted by another column.
    if (auto* users = qobject_cast<UsersView*>(window.view(QStringLiteral("users")))) {
        window.showView(QStringLiteral("users"));
        Scope everyone = window.context()->scope();
        everyone.person.clear();
        window.context()->setScope(everyone);
        waitFor([&] { return users->isReady(); });
        qint64 countedNs = -1;
        QObject::connect(users, &UsersView::countShown, [&](qint64) {
            window.repaint();
            countedNs = clock.nsecsElapsed();
        });
        const QDate asOf = QDate::fromString(window.context()->summary().asOfDate, Qt::ISODate);
        for (const QDate date : {asOf.addDays(-1), QDate()}) {
            Scope scope = everyone;
            scope.asOf = date;
            countedNs = -1;
            probe.start();
            clock.restart();
            window.context()->setScope(scope);
            waitFor([&] { return countedNs >= 0 && users->isReady(); });
            window.repaint();
            std::printf("users list as of %s: %lld users, count on screen\t%.1f ms\tsorted and "
                        "drawn %.1f ms\tworst stall %.1f ms\n",
                        qPrintable(date.isValid() ? date.toString(Qt::ISODate)
                                                  : QStringLiteral("the data's date")),
                        static_cast<long long>(users->count()), double(countedNs) / 1e6,
                        double(clock.nsecsElapsed()) / 1e6, probe.stopMs());
        }
        QTableView* table = users->table();
        QScrollBar* bar = table->verticalScrollBar();
        const double before = rssMb();
        probe.start();
        clock.restart();
        int pages = 0;
        // The GUI thread's own CPU time per step too: on a shared machine a wall-time stall may
        // be another process's turn on the core, the CPU time is ours.
        double worstCpuMs = 0;
        for (bar->setValue(0); bar->value() < bar->maximum(); ++pages) {
            const double cpu = threadCpuMs();
            bar->setValue(bar->value() + 10 * bar->pageStep());
            table->repaint();
            QCoreApplication::processEvents();
            worstCpuMs = std::max(worstCpuMs, threadCpuMs() - cpu);
        }
        waitFor([&] { return users->model()->isLoaded(users->model()->rowCount() - 1); });
        table->repaint();
        std::printf("users list: scroll top to bottom (%d rows, %d steps of 10 pages)\t%.1f ms"
                    "\tworst stall %.1f ms (GUI thread CPU %.1f ms)\tRSS %.0f -> %.0f MB\n",
                    users->model()->rowCount(), pages, double(clock.nsecsElapsed()) / 1e6,
                    probe.stopMs(), worstCpuMs, before, rssMb());
        const int sessions = int(users->columns().indexOf(QStringLiteral("sessions_30d")));
        for (const Qt::SortOrder order : {Qt::DescendingOrder, Qt::AscendingOrder}) {
            probe.start();
            clock.restart();
            table->horizontalHeader()->setSortIndicator(std::max(0, sessions), order);
            waitFor([&] { return users->isReady(); });
            window.repaint();
            std::printf("users list: re-sort by %s %s\t%.1f ms\tworst stall %.1f ms\n",
                        qPrintable(users->columns().value(std::max(0, sessions))),
                        order == Qt::DescendingOrder ? "desc" : "asc",
                        double(clock.nsecsElapsed()) / 1e6, probe.stopMs());
        }
    }

    // The user timeline: the most active user (the view made on the first visit), the first
    // user, then the most active again (the view made, another user on screen).
    if (const auto snapshot = window.context()->snapshot();
        snapshot && findView(QStringLiteral("user"))) {
        AnalysisContext context;
        QString error;
        if (snapshot->context(Scope(), &context, &error)) {
            const int busiest = mostActiveUser(context);
            const int users[] = {busiest, 0, busiest};
            for (int pass = 0; pass < 3 && busiest >= 0; ++pass) {
                const QString id = snapshot->index->userId(users[pass]);
                window.showView(QStringLiteral("overview"));
                probe.start();
                clock.restart();
                window.showView(QStringLiteral("user"), id);
                View* v = window.view(QStringLiteral("user"));
                waitFor([&] { return v->isReady(); });
                window.repaint();
                std::printf("timeline of %s, %zu events (%s)\t%.1f ms\tworst stall %.1f ms\n",
                            qPrintable(id),
                            size_t(context.eventsEndAsOf(users[pass]) -
                                   snapshot->index->eventBegin(users[pass])),
                            pass == 0 ? "first" : "again", double(clock.nsecsElapsed()) / 1e6,
                            probe.stopMs());
            }
        }
    }

    // The segment editor: typed text, a key at a time as a user types it, then the time from the
    // last keystroke to the live count shown (SegmentsView::CountDelayMs of debounce included),
    // and the longest stall while typing and counting.
    if (auto* segments = qobject_cast<SegmentsView*>(window.view(QStringLiteral("segments")))) {
        window.showView(QStringLiteral("segments"));
        waitFor([&] { return segments->isReady() && !segments->isCountPending(); });
        QPlainTextEdit* text = segments->editor()->textEdit();
        text->setFocus();
        const QStringList typed = {
            QStringLiteral("did \"Run Query\" at least 3 times within 30d"),
            QStringLiteral("did \"Login\" within 7d and not did \"Save Report\" within 30d"),
            QStringLiteral("(did \"Login\" within 14d or did \"Run Query\" within 14d) and email "
                           "contains \"a\""),
            QStringLiteral("account.csm = \"Maya Patel\" and did \"View Chart\" at least 2 times"),
            QStringLiteral("not did \"Connect Data Source\" and did \"Login\" within 90d")};
        std::vector<double> times;
        for (const QString& t : typed) {
            text->clear();
            waitFor([&] { return !segments->isCountPending(); });
            probe.start();
            for (const QChar c : t) {
                QKeyEvent press(QEvent::KeyPress, Qt::Key_unknown, Qt::NoModifier, QString(c));
                QCoreApplication::sendEvent(text, &press);
                QCoreApplication::processEvents();
            }
            clock.restart();
            waitFor([&] { return !segments->isCountPending(); });
            window.repaint();
            times.push_back(double(clock.nsecsElapsed()) / 1e6);
            std::printf("segment count, last keystroke to %lld users shown\t%.1f ms (%.1f ms after "
                        "the %d ms debounce)\tworst stall %.1f ms\t%s\n",
                        static_cast<long long>(segments->shownCount()), times.back(),
                        times.back() - SegmentsView::CountDelayMs, SegmentsView::CountDelayMs,
                        probe.stopMs(), qPrintable(t));
        }
        std::sort(times.begin(), times.end());
        std::printf("segment count, last keystroke to count shown (median of %zu)\t%.1f ms\n",
                    times.size(), times[times.size() / 2]);
    }

    if (!syncDir.isEmpty()) {
        // A sync of DIR into a new cache beside the scratch settings, the window on the
        // workspace meanwhile: the GUI thread only polls the progress.
        bool finished = false;
        QString error;
        QObject::connect(window.context()->sync(), &SyncController::finished,
                         [&](const SyncSummary&, const Status& status) {
                             finished = true;
                             error = status.isCancelled() ? QStringLiteral("cancelled")
                                                          : status.error();
                         });
        probe.start();
        clock.restart();
        window.context()->sync()->start(scratch.filePath(QStringLiteral("sync.pulsebook")), syncDir,
                                        {});
        waitFor([&] { return finished; });
        std::printf("sync of %s while the window runs\t%.1f s\tworst stall %.1f ms%s\n",
                    qPrintable(syncDir), double(clock.nsecsElapsed()) / 1e9, probe.stopMs(),
                    error.isEmpty()
                        ? ""
                        : qPrintable(QStringLiteral("\t(failed: ") + error + QLatin1Char(')')));
    }
    return 0;
}
