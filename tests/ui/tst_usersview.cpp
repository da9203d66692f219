// The users list in the real main window, offscreen, against `pulsebook-cli segment --all` (the
// list's CLI twin: the same scope, columns and order) on the same cache: the count, the first
// window cell by cell, a re-sort, the scope bar's person, a segment it was opened on; the last
// row of a 100,000-user list; find by e-mail; a column chosen from the header's menu and
// remembered; Ctrl+C; Ctrl+E writing exactly the list; QAbstractItemModelTester on the lazy
// model while its windows arrive. Hand-checked orders on an export that is not the demo's
// (tests/data/nondemo).
#include "AppContext.h"
#include "CsvExport.h"
#include "ListWindowModel.h"
#include "MainWindow.h"
#include "ResultView.h"
#include "Settings.h"
#include "TestSupport.h"
#include "UsersView.h"
#include "WindowFixture.h"

#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace pulsebook;

namespace {

// `pulsebook-cli segment --all --format json` (plus `extra`): the rows, in order.
QJsonArray cliList(const QString& cache, const QStringList& extra = {})
{
    return test::runCliRows(QStringList{QStringLiteral("segment"), QStringLiteral("--all"),
                                        QStringLiteral("--cache"), cache} +
                            extra);
}

// A cache synced from a demo export of `users` users and `events` events.
bool makeDemo(const QString& dir, int users, qint64 events, QString* error)
{
    const QString folder = dir + QStringLiteral("/export");
    DemoOptions options;
    options.users = users;
    options.events = events;
    Cache cache;
    return generateDemo(folder, options, nullptr, nullptr, error) &&
           cache.open(dir + QStringLiteral("/cache.pulsebook"), true, error) &&
           syncExportFolder(cache, folder, {}, nullptr, nullptr, error);
}

struct Window : test::WindowFixture
{
    UsersView* users = nullptr;
    QTableView* table = nullptr;
    ListWindowModel* model = nullptr;

    // Opens `cache` with the settings file `settingsFile` (a new one when empty) and goes to
    // the users list by its shortcut. `big`: the window opens on the users list (as when it was
    // the last view shown), so that Today is never computed, and without the model tester, which
    // walks every cell of the model on each dataChanged (1.5 million for 100,000 users, at every
    // window read); the other tests run it.
    void open(const QString& cache, const QString& settingsFile = QString(), bool big = false)
    {
        WindowFixture::open(cache, {settingsFile, big ? QStringLiteral("users") : QString()});
        // The sidebar's third entry, after Today and the book: Ctrl+3.
        goByShortcut(Qt::Key_3, QStringLiteral("users"));
        users = qobject_cast<UsersView*>(window()->view(QStringLiteral("users")));
        QVERIFY(users);
        table = users->table();
        model = users->model();
        // Installed before the first rows: it checks the model through placeholders, the
        // list's arrival and every window that arrives later.
        if (!big)
            new QAbstractItemModelTester(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest, users);
        waitReady();
    }

    void waitReady() { WindowFixture::waitReady(users); }

    // The cell as the view shows it; the row's window is read first.
    QVariant cell(int row, const QString& column, int role = ListWindowModel::CellRole) const
    {
        const QModelIndex index = model->index(row, int(users->columns().indexOf(column)));
        if (!model->isLoaded(row))
            model->data(index); // asks for the window
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded(row), 10000);
        }();
        return model->data(index, role);
    }
    QString userId(int row) const { return cell(row, QStringLiteral("user_id")).toString(); }
};

// The first `rows` rows the view shows equal the CLI's, column by column: texts, numbers, and
// times (the CLI prints ISO UTC, the view's cell holds UTC ms).
void compareRows(const Window& w, const QJsonArray& cli, int rows)
{
    QVERIFY(cli.size() >= rows);
    for (int r = 0; r < rows; ++r) {
        const QJsonObject expected = cli[r].toObject();
        QCOMPARE(expected.size(), w.users->columns().size());
        for (const QString& column : w.users->columns()) {
            QVERIFY2(expected.contains(column), qPrintable(column));
            const QJsonValue value = expected.value(column);
            const QVariant shown = w.cell(r, column);
            const QString where = QStringLiteral("row %1 %2").arg(r).arg(column);
            if (value.isNull())
                QVERIFY2(!shown.isValid(), qPrintable(where));
            else if (value.isDouble())
                QVERIFY2(shown.toDouble() == value.toDouble(), qPrintable(where));
            else if (shown.typeId() == QMetaType::LongLong)
                QCOMPARE(QDateTime::fromMSecsSinceEpoch(shown.toLongLong(), QTimeZone::utc()),
                         QDateTime::fromString(value.toString(), Qt::ISODateWithMs));
            else
                QCOMPARE(shown.toString(), value.toString());
        }
    }
}

// Answers the columns menu about to open: toggles `column` (an action's tooltip is its id).
void toggleInNextMenu(const QString& column)
{
    QTimer::singleShot(0, [column] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        QVERIFY(menu);
        for (QAction* action : menu->actions()) {
            if (action->toolTip() == column)
                action->trigger();
        }
        menu->close();
    });
}

QStringList ids(const QJsonArray& rows)
{
    QStringList out;
    for (const QJsonValue& v : rows)
        out << v.toObject().value(u"user_id").toString();
    return out;
}

} // namespace

class TestUsersView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QString error;
        QVERIFY2(m_demo.loadDemo(&error), qPrintable(error));
    }

    // The default list (newest activity first) equals the CLI's: count, first window, order.
    void equalsTheCli()
    {
        Window w;
        w.open(m_demo.cachePath());
        const QJsonArray cli = cliList(m_demo.cachePath());
        QVERIFY(cli.size() > 1000);
        QCOMPARE(w.users->count(), qint64(cli.size()));
        QCOMPARE(w.model->rowCount(), cli.size());
        QCOMPARE(w.users->findChild<QLabel*>(QStringLiteral("usersCount"))->text(),
                 QStringLiteral("%1 users").arg(QLocale().toString(qint64(cli.size()))));
        QCOMPARE(w.users->columns().first(), QStringLiteral("user_id"));
        QVERIFY(w.users->columns().contains(QStringLiteral("sessions_30d")));
        compareRows(w, cli, 300); // more than one window of 256
        // The header shows the order: last_event, descending.
        const int lastEvent = int(w.users->columns().indexOf(QStringLiteral("last_event")));
        QCOMPARE(w.table->horizontalHeader()->sortIndicatorSection(), lastEvent);
        QCOMPARE(w.table->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        // A row deep in the list, as the CLI has it.
        QCOMPARE(w.userId(1500), cli[1500].toObject().value(u"user_id").toString());
    }

    // A header click re-sorts in core; a second click reverses; both equal the CLI's order.
    void resortByAnotherColumn()
    {
        Window w;
        w.open(m_demo.cachePath());
        const int sessions = int(w.users->columns().indexOf(QStringLiteral("sessions_30d")));
        QVERIFY(sessions > 0);
        QHeaderView* header = w.table->horizontalHeader();
        const QPoint at(header->sectionViewportPosition(sessions) + 5, header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
        w.waitReady();
        QTRY_COMPARE(w.model->list()->sortKey().column, sessions);
        const bool descending = header->sortIndicatorOrder() == Qt::DescendingOrder;
        QCOMPARE(w.model->list()->sortKey().descending, descending);
        const QString order = descending ? QStringLiteral(":desc") : QString();
        compareRows(w,
                    cliList(m_demo.cachePath(),
                            {QStringLiteral("--sort"), QStringLiteral("sessions_30d") + order}),
                    50);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
        QTRY_COMPARE(w.model->list()->sortKey().descending, !descending);
        w.waitReady();
        const QString reversed = !descending ? QStringLiteral(":desc") : QStringLiteral(":asc");
        compareRows(w,
                    cliList(m_demo.cachePath(),
                            {QStringLiteral("--sort"), QStringLiteral("sessions_30d") + reversed}),
                    50);
    }

    // The scope bar's person: the users of their accounts (`--node`), and its as-of date.
    void followsTheScope()
    {
        Window w;
        w.open(m_demo.cachePath());
        const qint64 all = w.users->count();
        auto* person = w.window()->findChild<QComboBox*>(QStringLiteral("scopePerson"));
        QVERIFY(person && person->count() > 2);
        const QString csm = person->itemData(person->count() - 1).toString();
        person->setCurrentIndex(person->count() - 1);
        QCOMPARE(w.window()->context()->scope().person, csm);
        w.waitRecomputed(w.users);
        const QJsonArray cli = cliList(m_demo.cachePath(), {QStringLiteral("--node"), csm});
        QVERIFY(!cli.isEmpty());
        QVERIFY(cli.size() < all);
        QCOMPARE(w.users->count(), qint64(cli.size()));
        compareRows(w, cli, std::min(int(cli.size()), 100));

        auto* asOf = w.window()->findChild<QDateEdit*>(QStringLiteral("scopeAsOf"));
        asOf->setDate(QDate(2026, 9, 15));
        w.waitRecomputed(w.users);
        const QJsonArray before =
            cliList(m_demo.cachePath(), {QStringLiteral("--node"), csm, QStringLiteral("--as-of"),
                                         QStringLiteral("2026-09-15")});
        QVERIFY(ids(before) != ids(cli) || before != cli); // the date changed the figures
        QCOMPARE(w.users->count(), qint64(before.size()));
        compareRows(w, before, std::min(int(before.size()), 100));
    }

    // Opened on a segment (the segment editor's way in): its users only, until Show All Users.
    void openedOnASegment()
    {
        Window w;
        w.open(m_demo.cachePath());
        const qint64 all = w.users->count();
        const QJsonArray cli = cliList(m_demo.cachePath(), {});
        // A segment by expression: the users active in the last 7 days.
        const QString where = QStringLiteral("did \"Login\" within 7d");
        int exitCode = -1;
        const QJsonArray members = test::runCliRows(
            {QStringLiteral("segment"), QStringLiteral("--where"), where, QStringLiteral("--sort"),
             QStringLiteral("last_event:desc"), QStringLiteral("--cache"), m_demo.cachePath()},
            &exitCode);
        QCOMPARE(exitCode, 0); // the CLI's error is in the warning before
        QVERIFY(!members.isEmpty());
        QVERIFY(members.size() < cli.size());
        QVERIFY(
            w.window()->showView(QStringLiteral("users"),
                                 QVariantMap{{QStringLiteral("segment"), where},
                                             {QStringLiteral("title"), QStringLiteral("Active")}}));
        QTRY_COMPARE_WITH_TIMEOUT(w.users->count(), qint64(members.size()), 20000);
        w.waitReady();
        compareRows(w, members, std::min(int(members.size()), 100));
        QVERIFY(w.users->exportTitle().contains(QStringLiteral("Active")));
        auto* showAll = w.users->findChild<QPushButton*>(QStringLiteral("usersShowAll"));
        QVERIFY(showAll->isVisible());
        QTest::mouseClick(showAll, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(w.users->count(), all, 20000);
        QVERIFY(!showAll->isVisible());
    }

    // Find by e-mail (and by ID) selects the user and scrolls to them; Ctrl+C copies rows.
    void findAndCopy()
    {
        Window w;
        w.open(m_demo.cachePath());
        const QJsonArray cli = cliList(m_demo.cachePath());
        const QJsonObject target = cli[1234].toObject();
        const QString email = target.value(u"email").toString();
        QVERIFY(email.contains(QLatin1Char('@')));
        auto* search = w.users->findChild<QLineEdit*>(QStringLiteral("usersSearch"));
        w.table->setFocus();
        QTest::keyClick(w.table, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(search->hasFocus());
        QSignalSpy found(w.users, &UsersView::found);
        QTest::keyClicks(search, email.toUpper()); // e-mails match without regard to case
        QTest::keyClick(search, Qt::Key_Return);
        QVERIFY(found.wait(10000));
        QCOMPARE(found.at(0).at(0).toLongLong(), qint64(1234));
        QCOMPARE(w.table->currentIndex().row(), 1234);
        QCOMPARE(w.table->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(w.userId(1234), target.value(u"user_id").toString());
        // Nobody by that name.
        search->setText(QStringLiteral("nobody@nowhere.example"));
        QTest::keyClick(search, Qt::Key_Return);
        QVERIFY(found.wait(10000));
        QCOMPARE(found.at(1).at(0).toLongLong(), qint64(-2));

        // Rows 3..5 selected, Ctrl+C: their shown cells, tab-separated.
        w.table->setFocus();
        w.table->selectionModel()->select(
            QItemSelection(w.model->index(3, 0), w.model->index(5, w.model->columnCount() - 1)),
            QItemSelectionModel::ClearAndSelect);
        QSignalSpy copied(w.users, &UsersView::copied);
        QTest::keyClick(w.table, Qt::Key_C, Qt::ControlModifier);
        QVERIFY(copied.wait(10000));
        const QStringList lines = copied.at(0).at(0).toString().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 4); // three rows and the last newline
        for (int i = 0; i < 3; ++i) {
            const QStringList cells = lines[i].split(QLatin1Char('\t'));
            QCOMPARE(cells.size(), w.users->columns().size());
            QCOMPARE(cells[0], cli[3 + i].toObject().value(u"user_id").toString());
            QCOMPARE(cells[1], cli[3 + i].toObject().value(u"email").toString());
        }
        QCOMPARE(QApplication::clipboard()->text(), copied.at(0).at(0).toString());
    }

    // Enter on a user opens their timeline (view "user") with the user's ID.
    void enterOpensTheTimeline()
    {
        Window w;
        w.open(m_demo.cachePath());
        QSignalSpy navigate(w.users, &View::navigate);
        w.table->setFocus();
        w.table->setCurrentIndex(w.model->index(2, 0));
        QTest::keyClick(w.table, Qt::Key_Return);
        QCOMPARE(navigate.size(), 1);
        QCOMPARE(navigate.at(0).at(0).toString(), QStringLiteral("user"));
        QCOMPARE(navigate.at(0).at(1).toString(), w.userId(2));
        QTRY_COMPARE(w.window()->currentViewId(), QStringLiteral("user"));
    }

    // A column from the header's menu appears, is remembered for the next window, and the
    // export writes exactly the list: every row, its order, its columns (the CLI's --out file).
    void columnsAndExport()
    {
        QTemporaryDir dir;
        const QString settingsFile = dir.filePath(QStringLiteral("settings.ini"));
        {
            Window w;
            w.open(m_demo.cachePath(), settingsFile);
            const QString column = QStringLiteral("account.name");
            QVERIFY(w.users->availableColumns().contains(column));
            QVERIFY(!w.users->columns().contains(column));
            // The header's context menu, answered when it is up.
            toggleInNextMenu(column);
            QHeaderView* header = w.table->horizontalHeader();
            emit header->customContextMenuRequested(QPoint(10, 5));
            QVERIFY(w.users->columns().contains(column));
            w.waitReady();
            QCOMPARE(w.model
                         ->headerData(int(w.users->columns().indexOf(column)), Qt::Horizontal,
                                      Qt::ToolTipRole)
                         .toString(),
                     column);
            QVERIFY(w.cell(0, column).toString().size() > 0);
            // The same menu from the keyboard (the Columns… button): sessions_90d taken away.
            toggleInNextMenu(QStringLiteral("sessions_90d"));
            auto* columns = w.users->findChild<QPushButton*>(QStringLiteral("usersColumns"));
            columns->setFocus();
            QTest::keyClick(columns, Qt::Key_Space);
            QVERIFY(!w.users->columns().contains(QStringLiteral("sessions_90d")));
            w.waitReady();
            QCOMPARE(w.model->columnCount(), w.users->columns().size());
            QCOMPARE(Settings::instance().get(Settings::Key::UserListColumns).toStringList(),
                     w.users->columns());
            // Sorted by it, then exported with Ctrl+E.
            const int c = int(w.users->columns().indexOf(column));
            w.table->horizontalHeader()->setSortIndicator(c, Qt::AscendingOrder);
            QTRY_COMPARE(w.model->list()->sortKey().column, c);
            w.waitReady();
            const QString path = dir.filePath(QStringLiteral("users.csv"));
            QString title;
            CsvExport::setPathChooser([&](QWidget*, const QString& t) {
                title = t;
                return path;
            });
            QSignalSpy done(w.users, &UsersView::exportFinished);
            w.window()->activateWindow(); // the menu had it
            QVERIFY(QTest::qWaitForWindowActive(w.window()));
            w.table->setFocus();
            QTest::keyClick(w.table, Qt::Key_E, Qt::ControlModifier);
            QVERIFY(done.wait(20000));
            QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
            QCOMPARE(title, QStringLiteral("Export %1 users (scope: all accounts)")
                                .arg(QLocale().toString(w.users->count())));
            const QString cliPath = dir.filePath(QStringLiteral("cli.csv"));
            const test::CliRun run = test::runCli(
                {QStringLiteral("segment"), QStringLiteral("--all"), QStringLiteral("--cache"),
                 m_demo.cachePath(), QStringLiteral("--columns"),
                 w.users->columns().join(QLatin1Char(',')), QStringLiteral("--sort"), column,
                 QStringLiteral("--out"), cliPath});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            const QByteArray written = test::readFile(path);
            QCOMPARE(written, test::readFile(cliPath));
            const QList<QByteArray> lines = written.split('\n');
            QCOMPARE(lines.size(), w.users->count() + 2); // header, rows, the final newline
            QCOMPARE(QString::fromUtf8(lines[0]), w.users->columns().join(QLatin1Char(',')));
            for (const int r : {0, 1, 999, int(w.users->count() - 1)})
                QVERIFY(lines[r + 1].startsWith(w.userId(r).toUtf8() + ','));
        }
        // A new window with the same settings shows the chosen column.
        Window again;
        again.open(m_demo.cachePath(), settingsFile);
        QVERIFY(again.users->columns().contains(QStringLiteral("account.name")));
    }

    // 100,000 users: the last row shows the CLI's last user; scrolling keeps a bounded number
    // of windows in memory.
    void lastRowOfAHundredThousand()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY2(makeDemo(dir.path(), 100000, 200000, &error), qPrintable(error));
        const QString cache = dir.filePath(QStringLiteral("cache.pulsebook"));
        Window w;
        w.open(cache, QString(), true);
        QVERIFY(w.users->count() >= 99000); // merged identities leave a few out
        const QString cliPath = dir.filePath(QStringLiteral("all.csv"));
        const test::CliRun run =
            test::runCli({QStringLiteral("segment"), QStringLiteral("--all"),
                          QStringLiteral("--cache"), cache, QStringLiteral("--out"), cliPath});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QList<QByteArray> lines = test::readFile(cliPath).split('\n');
        lines.removeLast(); // after the final newline
        QCOMPARE(qint64(lines.size() - 1), w.users->count());
        // A row far down is a placeholder, "…" greyed, until its window is read on a worker.
        const int far = w.model->rowCount() / 2;
        const QModelIndex farIndex = w.model->index(far, 0);
        QVERIFY(!w.model->isLoaded(far));
        QCOMPARE(w.model->data(farIndex).toString(), QStringLiteral("…"));
        QVERIFY(w.model->data(farIndex, Qt::ForegroundRole).isValid());
        QVERIFY(!w.model->data(farIndex, ListWindowModel::CellRole).isValid());
        QTRY_VERIFY_WITH_TIMEOUT(w.model->isLoaded(far), 10000); // that data() asked for it
        QCOMPARE(w.model->data(farIndex).toString().toUtf8(), lines[far + 1].split(',').first());
        QVERIFY(!w.model->data(farIndex, Qt::ForegroundRole).isValid());
        // Scroll through the list a page at a time for a stretch, then to the very end.
        QScrollBar* bar = w.table->verticalScrollBar();
        for (int step = 0; step < 40; ++step) {
            bar->setValue(bar->value() + bar->pageStep() * 10);
            QCoreApplication::processEvents();
        }
        w.table->setFocus();
        QTest::keyClick(w.table, Qt::Key_End, Qt::ControlModifier);
        const int last = w.model->rowCount() - 1;
        QTRY_COMPARE_WITH_TIMEOUT(w.table->currentIndex().row(), last, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(w.model->isLoaded(last), 10000);
        QCOMPARE(w.model->data(w.model->index(last, 0)).toString().toUtf8(),
                 lines.last().split(',').first());
        QVERIFY(w.model->windowsInMemory() <= ListWindowModel::MaxWindows);
    }

    // An export that is not the demo's: six users, orders worked out by hand from events.csv.
    void anExportThatIsNotTheDemo()
    {
        QTemporaryDir dir;
        const QString cache = dir.filePath(QStringLiteral("nd.pulsebook"));
        const test::CliRun sync =
            test::runCli({QStringLiteral("sync"), test::dataPath(QStringLiteral("nondemo")),
                          QStringLiteral("--cache"), cache});
        QVERIFY2(sync.exitCode == 0, sync.err.constData());
        Window w;
        w.open(cache);
        // Last events: u5 10-31 23:00, u6 10-15 13:00, u4 10-10 10:30, u3 10-05 16:00,
        // u1 10-01 12:00, u2 09-25 14:10.
        QCOMPARE(w.users->count(), qint64(6));
        QStringList order;
        for (int r = 0; r < 6; ++r)
            order << w.userId(r);
        QCOMPARE(order,
                 QStringList({QStringLiteral("u5"), QStringLiteral("u6"), QStringLiteral("u4"),
                              QStringLiteral("u3"), QStringLiteral("u1"), QStringLiteral("u2")}));
        QCOMPARE(w.cell(0, QStringLiteral("last_event"), Qt::DisplayRole).toString(),
                 QStringLiteral("2026-10-31 23:00"));
        compareRows(w, cliList(cache), 6);
        // Rosa Diaz's accounts (ACME): u3, u1, u2.
        auto* person = w.window()->findChild<QComboBox*>(QStringLiteral("scopePerson"));
        person->setCurrentIndex(person->findData(QStringLiteral("Rosa Diaz")));
        w.waitRecomputed(w.users);
        QCOMPARE(w.users->count(), qint64(3));
        QCOMPARE(w.userId(0) + w.userId(1) + w.userId(2), QStringLiteral("u3u1u2"));
        // Find by ID; u6 is not Rosa's.
        QSignalSpy found(w.users, &UsersView::found);
        w.users->findUser(QStringLiteral("u2"));
        QVERIFY(found.wait(5000));
        QCOMPARE(found.at(0).at(0).toLongLong(), qint64(2));
        w.users->findUser(QStringLiteral("FAY@solo.example"));
        QVERIFY(found.wait(5000));
        QCOMPARE(found.at(1).at(0).toLongLong(), qint64(-1));
    }

private:
    test::SyncedCache m_demo;
};

QTEST_MAIN(TestUsersView)
#include "tst_usersview.moc"
