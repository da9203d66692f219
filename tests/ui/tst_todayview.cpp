// Today (the home view) in the real main window, offscreen, against its CLI twin `pulsebook-cli
// today` on the same cache and scope: every line, every tile's count and change; a tile opens
// the book on exactly the accounts it counts; Enter on a line opens its account. And the
// keyboard-only walk of a CSM's morning: Today → an account → back → the book → export.
#include "AppContext.h"
#include "BookView.h"
#include "MainWindow.h"
#include "ResultView.h"
#include "Snapshot.h"
#include "TestSupport.h"
#include "TodayStore.h"
#include "TodayView.h"
#include "ViewRegistry.h"
#include "WindowFixture.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QThreadPool>
#include <QToolButton>
#include <QTreeView>

using namespace pulsebook;

namespace {

QJsonObject cliToday(const QString& cache, const QStringList& extra)
{
    const test::CliRun run =
        test::runCli(QStringList{QStringLiteral("today"), QStringLiteral("--cache"), cache,
                                 QStringLiteral("--format"), QStringLiteral("json")} +
                     extra);
    if (run.exitCode != 0)
        qWarning() << run.err;
    return QJsonDocument::fromJson(run.out).object();
}

QJsonArray cliRows(const QString& cache, const QStringList& extra)
{
    return cliToday(cache, extra).value(u"rows").toArray();
}

// Holds every snapshot read back (Snapshot::setBeforeRead) while closed: the window then runs
// without the event index, deterministically. Open when destroyed.
class HeldSnapshot
{
public:
    HeldSnapshot()
    {
        Snapshot::setBeforeRead([this](const QString&) {
            m_gate.acquire();
            m_gate.release();
        });
    }
    ~HeldSnapshot()
    {
        open();
        Snapshot::setBeforeRead(nullptr);
    }
    void close() { m_gate.acquire(m_gate.available()); }
    void open() { m_gate.release(1 - std::min(m_gate.available(), 1)); }

    // Opens the gate when it goes out of scope: declared after a Window, before the window
    // waits for its snapshot read on the way out (a failed check returns early).
    struct OpenOnExit
    {
        HeldSnapshot* held;
        ~OpenOnExit() { held->open(); }
    };

private:
    QSemaphore m_gate{1};
};

// The tiles' texts, kind by kind.
QStringList tileTexts(const TodayView& view)
{
    QStringList texts;
    for (int k = 0; k < TodayKindCount; ++k)
        texts << view.tile(TodayKind(k))->text();
    return texts;
}

struct Window : test::WindowFixture
{
    TodayView* today = nullptr;

    // Opens `cache` in a new window; with `waitReady`, until Today is on screen. Not waiting for
    // the summary: Today (home) is checked from the first moment, its stored result before the
    // data (a spy made after this catches Today's first signal).
    void open(const QString& cache, bool waitReady = true)
    {
        WindowFixture::open(cache, {.waitForSummary = false});
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(window()->currentViewId(), QStringLiteral("today")); // home
        today = qobject_cast<TodayView*>(window()->view(QStringLiteral("today")));
        QVERIFY(today);
        if (waitReady)
            QTRY_VERIFY_WITH_TIMEOUT(today->isReady(), 60000);
        new QAbstractItemModelTester(today->lines()->model(),
                                     QAbstractItemModelTester::FailureReportingMode::QtTest, today);
    }
};

// The lines shown equal the CLI's, in the same order, cell by cell.
void compareLines(const TodayView& view, const QJsonArray& cli)
{
    const ResultTableModel& model = *view.lines()->model();
    const ResultTable& t = model.table();
    QCOMPARE(qsizetype(t.rows.size()), cli.size());
    const std::vector<int> shown = view.lines()->shownRows();
    QCOMPARE(qsizetype(shown.size()), cli.size());
    for (qsizetype i = 0; i < cli.size(); ++i) {
        const QJsonObject expected = cli.at(i).toObject();
        const ResultRow& row = t.rows[size_t(shown[size_t(i)])];
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const int c = t.columnOf(it.key());
            QVERIFY2(c >= 0, qPrintable(it.key()));
            const ListCell& cell = row[size_t(c)];
            if (it.value().isNull())
                QVERIFY(cell.isMissing());
            else if (it.value().isDouble())
                QCOMPARE(cell.number, it.value().toDouble());
            else
                QCOMPARE(cell.text, it.value().toString());
        }
    }
}

} // namespace

class TestTodayView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // A held snapshot read keeps a pool thread: room for the other workers.
        QThreadPool::globalInstance()->setMaxThreadCount(
            std::max(QThreadPool::globalInstance()->maxThreadCount(), 4));
        QString error;
        QVERIFY2(m_demo.loadDemo(&error), qPrintable(error));
    }

    void linesAndTilesEqualTheCli()
    {
        Window w;
        w.open(m_demo.cachePath());
        const QJsonArray lines = cliRows(m_demo.cachePath(), {});
        QVERIFY(lines.size() > 5);
        compareLines(*w.today, lines);

        // Every tile: its count and change over 30 days as `today --tiles` has them.
        const QJsonArray tiles = cliRows(m_demo.cachePath(), {QStringLiteral("--tiles")});
        // A row per count: onboarding counts users (shown big) and their accounts.
        QCOMPARE(tiles.size(), TodayKindCount + 1);
        for (const QJsonValue& v : tiles) {
            const QJsonObject tile = v.toObject();
            const QString id = tile.value(u"tile").toString();
            if (id == QLatin1String("onboarding") &&
                tile.value(u"counts").toString() == QLatin1String("accounts"))
                continue;
            auto* button = w.today->findChild<QToolButton*>(QStringLiteral("tile_") + id);
            QVERIFY2(button, qPrintable(id));
            const QStringList text = button->text().split(QLatin1Char('\n'));
            if (tile.value(u"now").isNull()) {
                QCOMPARE(text.value(0), QStringLiteral("–"));
                QVERIFY(!button->isEnabled());
                continue;
            }
            QCOMPARE(QLocale().toInt(text.value(0)), tile.value(u"now").toInt());
            QCOMPARE(text.value(1), tile.value(u"title").toString());
            if (!tile.value(u"change").isNull()) {
                const int change = tile.value(u"change").toInt();
                QVERIFY2(text.value(2).contains(change > 0   ? QStringLiteral("+%1").arg(change)
                                                : change < 0 ? QString::number(change)
                                                             : QStringLiteral("±0")),
                         qPrintable(text.value(2)));
            }
        }
    }

    // A tile opens the book on exactly the accounts it counts: those of its kind's lines.
    void aTileOpensItsList()
    {
        Window w;
        w.open(m_demo.cachePath());
        const QJsonArray lines = cliRows(m_demo.cachePath(), {});
        // Silent accounts (the demo has some; no renewal is due in it).
        QStringList silent;
        for (const QJsonValue& v : lines) {
            if (v.toObject().value(u"kind").toString() == QLatin1String("silent"))
                silent << v.toObject().value(u"account_id").toString();
        }
        QVERIFY(!silent.isEmpty());
        auto* tile = w.today->tile(TodayKind::Silent);
        tile->setFocus();
        QTest::keyClick(tile, Qt::Key_Space);
        QTRY_COMPARE(w.window()->currentViewId(), QStringLiteral("book"));
        auto* book = qobject_cast<BookView*>(w.window()->view(QStringLiteral("book")));
        w.waitReady(book);
        QStringList shown;
        for (const int r : book->table()->shownRows())
            shown << book->table()->model()->table().rows[size_t(r)][0].text;
        shown.sort();
        silent.sort();
        QCOMPARE(shown, silent);
        // Show All: every account of the scope again.
        auto* all = book->findChild<QPushButton*>(QStringLiteral("bookShowAll"));
        QVERIFY(all->isVisible());
        QTest::mouseClick(all, Qt::LeftButton);
        QCOMPARE(book->table()->proxy()->rowCount(), book->table()->model()->rowCount());
    }

    // The scope bar's person: Today equals `today --node PERSON`.
    void scopedToAPerson()
    {
        Window w;
        w.open(m_demo.cachePath());
        auto* person = w.window()->findChild<QComboBox*>(QStringLiteral("scopePerson"));
        QVERIFY(person && person->count() > 2);
        const QString who = person->itemData(2).toString();
        person->setFocus();
        QTest::keyClick(person, Qt::Key_Down);
        QTest::keyClick(person, Qt::Key_Down);
        QCOMPARE(w.window()->context()->scope().person, who);
        QTRY_VERIFY_WITH_TIMEOUT(!w.today->isReady(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(w.today->isReady(), 60000);
        compareLines(*w.today, cliRows(m_demo.cachePath(), {QStringLiteral("--node"), who}));
    }

    // By keyboard alone: Today, Enter on a line opens its account, Alt+Left comes back, Ctrl+2
    // goes to the book, Ctrl+E exports what it shows.
    void keyboardWalk()
    {
        Window w;
        w.open(m_demo.cachePath());
        QTreeView* tree = w.today->lines()->tree();
        // Tab from the window's start reaches the lines (every control is on the Tab chain).
        tree->setFocus(Qt::TabFocusReason);
        QVERIFY(tree->hasFocus());
        QTest::keyClick(tree, Qt::Key_Down); // the first line
        const int row = w.today->lines()->currentSourceRow();
        QVERIFY(row >= 0);
        const QString account = w.today->lines()->model()->text(
            row, w.today->lines()->model()->columnOf(QStringLiteral("account_id")));
        QVERIFY(!account.isEmpty());
        QSignalSpy navigate(w.today, &View::navigate);
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(navigate.size(), 1);
        QCOMPARE(navigate.at(0).at(1).toString(), account);
        if (findView(QStringLiteral("account"))) {
            QTRY_COMPARE(w.window()->currentViewId(), QStringLiteral("account"));
            w.waitReady(w.window()->view(QStringLiteral("account")));
            QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : w.window(),
                            Qt::Key_Left, Qt::AltModifier);
            QTRY_COMPARE(w.window()->currentViewId(), QStringLiteral("today"));
        }
        w.goByShortcut(Qt::Key_2, QStringLiteral("book"));
        auto* book = qobject_cast<BookView*>(w.window()->view(QStringLiteral("book")));
        w.waitReady(book);
        const QString path = w.dir().filePath(QStringLiteral("walk.csv"));
        ResultView::setPathChooser([&](QWidget*, const QString&) { return path; });
        QSignalSpy done(book->table(), &ResultView::exportFinished);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_E, Qt::ControlModifier);
        QVERIFY(done.wait(20000));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), book->table()->proxy()->rowCount() + 1);
    }

    // A launch on the same data, definitions and scope shows the result the previous one stored
    // before the event index is read: exactly the CLI's lines. After a change of definitions,
    // or a re-sync that brings new data, the stored result is not used: Today waits for the
    // data and shows the new lines.
    void storedResultAtLaunch()
    {
        test::SyncedCache own; // changed below
        QString error;
        QVERIFY2(own.loadDemo(&error), qPrintable(error));
        const QString cache = own.cachePath();
        const QString stored = TodayStore::fileFor(cache);
        QFile::remove(stored);
        HeldSnapshot held;

        // First launch: nothing stored; computed once the data is in, then stored.
        const QJsonArray first = cliRows(cache, {});
        QStringList firstTiles;
        {
            Window w;
            w.open(cache);
            QVERIFY(!w.today->isShowingStored());
            compareLines(*w.today, first);
            firstTiles = tileTexts(*w.today);
            QTRY_VERIFY(QFile::exists(stored)); // written after Today is drawn
        }

        // Second launch, the data held back: the stored result is on screen without it.
        {
            held.close();
            Window w;
            const HeldSnapshot::OpenOnExit reopen{&held};
            w.open(cache, false);
            QSignalSpy checked(w.today, &TodayView::storedResultChecked);
            QVERIFY(checked.wait(30000));
            QCOMPARE(checked.at(0).at(0).toBool(), true);
            QVERIFY(!w.window()->context()->snapshot()); // the index is not read
            QVERIFY(w.today->isReady());
            QVERIFY(w.today->isShowingStored());
            compareLines(*w.today, first);
            QCOMPARE(tileTexts(*w.today), firstTiles);
            // The data in: the same key, nothing recomputed.
            held.open();
            QTRY_VERIFY_WITH_TIMEOUT(w.window()->context()->snapshot() != nullptr, 30000);
            QVERIFY(w.today->isReady());
            QVERIFY(w.today->isShowingStored());
        }

        // A definitions change: users stuck at least 60 days instead of 7.
        const test::CliRun set = test::runCli(
            {QStringLiteral("workspace"), QStringLiteral("set"), QStringLiteral("today"),
             QStringLiteral("{\"onboarding_days\": 60}"), QStringLiteral("--cache"), cache});
        QVERIFY2(set.exitCode == 0, set.err.constData());
        const QJsonObject changedRun = cliToday(cache, {});
        const QJsonArray changed = changedRun.value(u"rows").toArray();
        QVERIFY(changed != first);
        launchNotFromStore(&held, cache, changed);

        // A re-sync with new data: the first user of the first onboarding line does every
        // step two days before as-of, so that line counts one user fewer (or goes).
        QJsonObject stuckLine;
        for (const QJsonValue& v : changed) {
            if (v.toObject().value(u"kind").toString() == QLatin1String("onboarding")) {
                stuckLine = v.toObject();
                break;
            }
        }
        QVERIFY(!stuckLine.isEmpty());
        const QString user = stuckLine.value(u"list").toString().section(QLatin1Char(','), 0, 0);
        const QString account = stuckLine.value(u"account_id").toString();
        const QDateTime asOf = QDateTime::fromString(
            changedRun.value(u"definition").toObject().value(u"as_of").toString(), Qt::ISODate);
        QVERIFY(asOf.isValid());
        const QString when =
            asOf.addDays(-2).toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        const QJsonArray steps =
            QJsonDocument::fromJson(
                test::runCli({QStringLiteral("workspace"), QStringLiteral("export"),
                              QStringLiteral("-"), QStringLiteral("--cache"), cache})
                    .out)
                .object()
                .value(u"onboarding_steps")
                .toArray();
        QVERIFY(!steps.isEmpty());
        const QString folder = own.dir.filePath(QStringLiteral("export"));
        QFile events(folder + QStringLiteral("/events.csv"));
        QVERIFY(events.open(QIODevice::Append));
        for (qsizetype i = 0; i < steps.size(); ++i) // event_id,user_id,session_id,time,event,..
            events.write(QStringLiteral("9900000%1,%2,,%3,%4,,,\n")
                             .arg(i)
                             .arg(user, when, steps.at(i).toString())
                             .toUtf8());
        events.close();
        const test::CliRun sync =
            test::runCli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache});
        QVERIFY2(sync.exitCode == 0, sync.err.constData());
        const QJsonArray resynced = cliRows(cache, {});
        qint64 before = stuckLine.value(u"count").toInteger(), after = 0;
        for (const QJsonValue& v : resynced) {
            const QJsonObject line = v.toObject();
            if (line.value(u"kind").toString() == QLatin1String("onboarding") &&
                line.value(u"account_id").toString() == account)
                after = line.value(u"count").toInteger();
        }
        QCOMPARE(after, before - 1);
        launchNotFromStore(&held, cache, resynced);
        QFile::remove(stored);
    }

private:
    // A launch on `cache` finds no stored result for its inputs: Today shows nothing until the
    // data is in, then the CLI's `lines`.
    void launchNotFromStore(HeldSnapshot* held, const QString& cache, const QJsonArray& lines)
    {
        held->close();
        Window w;
        const HeldSnapshot::OpenOnExit reopen{held};
        w.open(cache, false);
        QSignalSpy checked(w.today, &TodayView::storedResultChecked);
        QVERIFY(checked.wait(30000));
        QCOMPARE(checked.at(0).at(0).toBool(), false);
        QVERIFY(!w.today->isReady());
        QCOMPARE(w.today->lines()->model()->rowCount(), 0);
        held->open();
        QTRY_VERIFY_WITH_TIMEOUT(w.today->isReady(), 60000);
        QVERIFY(!w.today->isShowingStored());
        compareLines(*w.today, lines);
    }

    test::SyncedCache m_demo;
};

QTEST_MAIN(TestTodayView)
#include "tst_todayview.moc"
