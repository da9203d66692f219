// Today (the home view) in the real main window, offscreen, against its CLI twin `pulsebook-cli
// today` on the same cache and scope: every line, every tile's count and change; a tile opens
// the book on exactly the accounts it counts; Enter on a line opens its account. And the
// keyboard-only walk of a CSM's morning: Today → an account → back → the book → export.
#include "AppContext.h"
#include "BookView.h"
#include "MainWindow.h"
#include "ResultView.h"
#include "Settings.h"
#include "TestSupport.h"
#include "TodayView.h"
#include "ViewRegistry.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include <memory>

using namespace pulsebook;

namespace {

QJsonArray cliRows(const QString& cache, const QStringList& extra)
{
    const test::CliRun run =
        test::runCli(QStringList{QStringLiteral("today"), QStringLiteral("--cache"), cache,
                                 QStringLiteral("--format"), QStringLiteral("json")} +
                     extra);
    if (run.exitCode != 0)
        qWarning() << run.err;
    return QJsonDocument::fromJson(run.out).object().value(u"rows").toArray();
}

struct Window
{
    QTemporaryDir dir;
    std::unique_ptr<Settings> settings;
    std::unique_ptr<MainWindow> window;
    TodayView* today = nullptr;

    void open(const QString& cache)
    {
        settings = std::make_unique<Settings>(dir.filePath(QStringLiteral("s.ini")));
        window = std::make_unique<MainWindow>();
        window->resize(1200, 800);
        window->show();
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        window->openWorkspace(cache);
        QCOMPARE(window->currentViewId(), QStringLiteral("today")); // home
        today = qobject_cast<TodayView*>(window->view(QStringLiteral("today")));
        QVERIFY(today);
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
        QTRY_COMPARE(w.window->currentViewId(), QStringLiteral("book"));
        auto* book = qobject_cast<BookView*>(w.window->view(QStringLiteral("book")));
        QTRY_VERIFY_WITH_TIMEOUT(book->isReady(), 30000);
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
        auto* person = w.window->findChild<QComboBox*>(QStringLiteral("scopePerson"));
        QVERIFY(person && person->count() > 2);
        const QString who = person->itemData(2).toString();
        person->setFocus();
        QTest::keyClick(person, Qt::Key_Down);
        QTest::keyClick(person, Qt::Key_Down);
        QCOMPARE(w.window->context()->scope().person, who);
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
            QTRY_COMPARE(w.window->currentViewId(), QStringLiteral("account"));
            QTRY_VERIFY_WITH_TIMEOUT(w.window->view(QStringLiteral("account"))->isReady(), 30000);
            QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget()
                                                        : w.window.get(),
                            Qt::Key_Left, Qt::AltModifier);
            QTRY_COMPARE(w.window->currentViewId(), QStringLiteral("today"));
        }
        QTest::keyClick(w.window.get(), Qt::Key_2, Qt::ControlModifier);
        QTRY_COMPARE(w.window->currentViewId(), QStringLiteral("book"));
        auto* book = qobject_cast<BookView*>(w.window->view(QStringLiteral("book")));
        QTRY_VERIFY_WITH_TIMEOUT(book->isReady(), 30000);
        const QString path = w.dir.filePath(QStringLiteral("walk.csv"));
        ResultView::setPathChooser([&](QWidget*, const QString&) { return path; });
        QSignalSpy done(book->table(), &ResultView::exportFinished);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_E, Qt::ControlModifier);
        QVERIFY(done.wait(20000));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), book->table()->proxy()->rowCount() + 1);
    }

private:
    test::SyncedCache m_demo;
};

QTEST_MAIN(TestTodayView)
#include "tst_todayview.moc"
