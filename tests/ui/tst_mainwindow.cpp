// The main window, offscreen: opening a workspace, syncing from the window, a bad sync and a
// cancelled one leaving the workspace unchanged.
#include "MainWindow.h"
#include "Settings.h"
#include "TestSupport.h"
#include "cache/Cache.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"
#include "workspace/Workspace.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace pulsebook;

namespace {

// Two users in users.csv, three events of which one belongs to a third user.
void writeSmallExport(const QString& dir)
{
    test::writeFile(dir, QStringLiteral("users.csv"),
                    "user_id,email,account_id\n"
                    "u1,ann@example.com,A1\n"
                    "u2,bob@example.com,A1\n");
    test::writeFile(dir, QStringLiteral("events.csv"),
                    "event_id,user_id,time,event\n"
                    "1,u1,2026-10-30T10:00:00Z,Login\n"
                    "2,u2,2026-10-31T09:00:00Z,Login\n"
                    "3,u3,2026-10-31T23:59:59Z,Run Query\n");
}

QString rowsOf(QMainWindow& window, const QString& title)
{
    if (auto* main = qobject_cast<MainWindow*>(&window))
        main->view(QStringLiteral("overview")); // made on first use (Today is home)
    auto* table = window.findChild<QTableWidget*>(QStringLiteral("rowCounts"));
    if (!table)
        return QStringLiteral("no table");
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->item(r, 0)->text() == title)
            return table->item(r, 1)->text();
    }
    return QStringLiteral("no row");
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

    // Each test starts from fresh settings: the view a sync opened (the set-up) is not the next
    // test's last view.
    QTemporaryDir m_settingsDir;
    std::unique_ptr<Settings> m_settings;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void init()
    {
        QFile::remove(m_settingsDir.filePath(QStringLiteral("s.ini")));
        m_settings.reset(new Settings(m_settingsDir.filePath(QStringLiteral("s.ini"))));
    }
    void cleanup() { m_settings.reset(); }

    void opensWorkspaceAndShowsRowCounts()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("export"));
        writeSmallExport(folder);
        const QString path = dir.filePath(QStringLiteral("w.pulsebook"));
        {
            Cache cache;
            QString error;
            QVERIFY2(cache.open(path, true, &error), qPrintable(error));
            QVERIFY2(syncExportFolder(cache, folder, {}, nullptr, nullptr, &error),
                     qPrintable(error));
        }
        MainWindow window;
        window.show();
        QSignalSpy shown(&window, &MainWindow::summaryShown);
        window.openWorkspace(path);
        QVERIFY(shown.wait(10000));
        QCOMPARE(rowsOf(window, QStringLiteral("Users")), QStringLiteral("3"));
        QCOMPARE(rowsOf(window, QStringLiteral("Events")), QStringLiteral("3"));
        QCOMPARE(rowsOf(window, QStringLiteral("Accounts")), QStringLiteral("0"));
        // The latest event is on Oct 31: data as of the midnight that ends it.
        window.view(QStringLiteral("overview"));
        auto* asOf = window.findChild<QLabel*>(QStringLiteral("asOfLabel"));
        QVERIFY(asOf);
        QVERIFY2(asOf->text().startsWith(QStringLiteral("Data as of 2026-11-01 (UTC)")),
                 qPrintable(asOf->text()));
        auto* log = window.findChild<QTreeWidget*>(QStringLiteral("syncLog"));
        QCOMPARE(log->topLevelItemCount(), 1);
        QCOMPARE(log->topLevelItem(0)->text(2), QStringLiteral("5")); // 2 users + 3 events
        QCOMPARE(log->topLevelItem(0)->text(4), QStringLiteral("1")); // u3
    }

    // The as-of time follows the workspace's time zone, as the CLI's does: the latest event
    // (2026-10-31T23:59:59Z) is 05:29:59 on Nov 1 in Kolkata (UTC+5:30), so the data is as of
    // the local midnight that ends Nov 1, 2026-11-01T18:30:00Z (info --format json says so too).
    void asOfInTheWorkspaceTimeZone()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("export"));
        writeSmallExport(folder);
        const QString path = dir.filePath(QStringLiteral("w.pulsebook"));
        {
            Cache cache;
            QString error;
            QVERIFY2(cache.open(path, true, &error), qPrintable(error));
            QVERIFY2(syncExportFolder(cache, folder, {}, nullptr, nullptr, &error),
                     qPrintable(error));
            Workspace workspace;
            workspace.timeZone = QStringLiteral("Asia/Kolkata");
            QVERIFY2(workspace.save(cache, &error, {QStringLiteral("time_zone")}),
                     qPrintable(error));
        }
        MainWindow window;
        window.show();
        QSignalSpy shown(&window, &MainWindow::summaryShown);
        window.openWorkspace(path);
        QVERIFY(shown.wait(10000));
        window.view(QStringLiteral("overview"));
        auto* asOf = window.findChild<QLabel*>(QStringLiteral("asOfLabel"));
        QVERIFY(asOf);
        QVERIFY2(asOf->text().startsWith(QStringLiteral("Data as of 2026-11-02 (Asia/Kolkata)")),
                 qPrintable(asOf->text()));
        const test::CliText info =
            test::runCliText({QStringLiteral("info"), QStringLiteral("--cache"), path,
                              QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(info.exitCode, 0);
        QVERIFY2(info.out.contains(QStringLiteral("\"2026-11-01T18:30:00.000Z\"")),
                 qPrintable(info.out));
    }

    void syncsFromTheWindow()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("export"));
        writeSmallExport(folder);
        const QString path = dir.filePath(QStringLiteral("new.pulsebook"));
        MainWindow window;
        window.show();
        QSignalSpy shown(&window, &MainWindow::summaryShown);
        QSignalSpy finished(&window, &MainWindow::syncFinished);
        window.openWorkspace(path, true);
        QVERIFY(shown.wait(10000));
        QCOMPARE(rowsOf(window, QStringLiteral("Events")), QStringLiteral("0"));
        window.syncFolder(folder);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY(shown.wait(10000));
        QCOMPARE(rowsOf(window, QStringLiteral("Events")), QStringLiteral("3"));
        QVERIFY2(window.statusBar()->currentMessage().contains(
                     QStringLiteral("3 events in the workspace, 1 user(s) first seen in events")),
                 qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(!window.findChild<QWidget*>(QStringLiteral("syncPanel"))->isVisible());
    }

    void badSyncChangesNothing()
    {
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("good"));
        writeSmallExport(good);
        const QString bad = dir.filePath(QStringLiteral("bad"));
        test::writeFile(bad, QStringLiteral("events.csv"),
                        "event_id,user_id,time,event\n"
                        "9,u9,2026-10-30T10:00:00Z,Login\n"
                        "10,u9,yesterday,Login\n");
        const QString path = dir.filePath(QStringLiteral("w.pulsebook"));
        MainWindow window;
        window.show();
        QSignalSpy shown(&window, &MainWindow::summaryShown);
        QSignalSpy finished(&window, &MainWindow::syncFinished);
        window.openWorkspace(path, true);
        QVERIFY(shown.wait(10000));
        window.syncFolder(good);
        QVERIFY(finished.wait(20000));
        QVERIFY(shown.wait(10000));
        const auto before = test::snapshot(path);
        window.syncFolder(bad);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.last().first().toBool(), false);
        QCOMPARE(window.statusBar()->currentMessage(),
                 QStringLiteral("Sync failed: the workspace is unchanged."));
        QCOMPARE(test::snapshot(path), before);
        QCOMPARE(rowsOf(window, QStringLiteral("Events")), QStringLiteral("3"));
    }

    void cancelLeavesWorkspaceAsItWas()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("demo"));
        DemoOptions options;
        options.users = 2000;
        options.events = 300000;
        QString error;
        QVERIFY2(generateDemo(folder, options, nullptr, nullptr, &error), qPrintable(error));
        const QString path = dir.filePath(QStringLiteral("w.pulsebook"));
        MainWindow window;
        window.show();
        QSignalSpy shown(&window, &MainWindow::summaryShown);
        QSignalSpy finished(&window, &MainWindow::syncFinished);
        window.openWorkspace(path, true);
        QVERIFY(shown.wait(10000));
        const auto before = test::snapshot(path);
        window.syncFolder(folder);
        auto* cancel = window.findChild<QPushButton*>(QStringLiteral("cancelSync"));
        QVERIFY(cancel && cancel->isVisible() && cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toBool(), false);
        QCOMPARE(window.statusBar()->currentMessage(),
                 QStringLiteral("Sync cancelled: the workspace is unchanged."));
        QCOMPARE(test::snapshot(path), before);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
