// The window's shell, offscreen and driven as a user would: the first run (the demo workspace
// generated once, with Cancel), the sidebar and its history (Alt+Left/Right), the scope bar
// remembered per workspace, the freshness mark, the settings registry's migration, and
// `pulsebook --screenshot`.
#include "AppContext.h"
#include "CliRun.h"
#include "FirstRunView.h"
#include "MainWindow.h"
#include "ScopeBar.h"
#include "Settings.h"
#include "TestConfig.h"
#include "TestSupport.h"
#include "ViewRegistry.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "sync/ExportSync.h"
#include "workspace/Workspace.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace pulsebook;

namespace {

QString canonicalExport()
{
    return QStringLiteral(PULSEBOOK_TEST_DATA_DIR "/exports/canonical");
}

// A workspace synced from the canonical export (a team of VP -> director -> lead -> CSMs).
QString syncedWorkspace(const QTemporaryDir& dir, const QString& name = QStringLiteral("w"))
{
    const QString path = dir.filePath(name + QStringLiteral(".pulsebook"));
    Cache cache;
    QString error;
    if (!cache.open(path, true, &error) ||
        !syncExportFolder(cache, canonicalExport(), {}, nullptr, nullptr, &error))
        qFatal("cannot make the test workspace: %s", qPrintable(error));
    return path;
}

QString rowsOf(MainWindow& window, const QString& title)
{
    window.view(QStringLiteral("overview")); // made on first use
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

class TestShell : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void init()
    {
        m_settingsDir.reset(new QTemporaryDir);
        m_settings.reset(new Settings(m_settingsDir->filePath(QStringLiteral("settings.ini"))));
    }

    void cleanup()
    {
        m_settings.reset();
        m_settingsDir.reset();
    }

    // A first run shows the empty state; "Open the Demo Workspace" generates and syncs it once
    // (with progress), opens it, and a second click opens the same file without regenerating.
    void firstRunOpensTheDemoWorkspace()
    {
        MainWindow window;
        window.show();
        QCOMPARE(window.currentViewId(), QStringLiteral("first-run"));
        QVERIFY(!window.findChild<QListWidget*>(QStringLiteral("sidebar"))->isVisible());
        auto* first = window.findChild<FirstRunView*>();
        QVERIFY(first);
        DemoOptions small;
        small.users = 120;
        small.events = 4000;
        first->setDemoOptions(small);
        // Under QStandardPaths' test mode: a folder of the tests' own (~/.qttest).
        QDir demoDir = QFileInfo(first->demoWorkspacePath()).absoluteDir();
        QVERIFY(demoDir.absolutePath().contains(QStringLiteral(".qttest")));
        demoDir.removeRecursively();
        auto removeDemo = qScopeGuard([&] { demoDir.removeRecursively(); });

        QSignalSpy shown(&window, &MainWindow::summaryShown);
        auto* openDemo = window.findChild<QPushButton*>(QStringLiteral("openDemo"));
        QVERIFY(openDemo && openDemo->isVisible());
        QTest::mouseClick(openDemo, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.currentViewId() == QLatin1String("today"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(rowsOf(window, QStringLiteral("Events")), QStringLiteral("4,000"),
                                  10000);
        QCOMPARE(window.workspacePath(), first->demoWorkspacePath());
        // It comes set up: the shipped definitions are stored (no set-up screen).
        const test::CliText exported = test::runCliText(
            {QStringLiteral("workspace"), QStringLiteral("export"), QStringLiteral("-"),
             QStringLiteral("--cache"), window.workspacePath()});
        QCOMPARE(exported.exitCode, 0);
        const QJsonObject stored = QJsonDocument::fromJson(exported.out.toUtf8()).object();
        QCOMPARE(stored.value(QStringLiteral("kpi_events")).toArray().size(),
                 Workspace::defaults().kpiEvents.size());
        QCOMPARE(window.currentViewId(), QStringLiteral("today"));
        QVERIFY(window.findChild<QListWidget*>(QStringLiteral("sidebar"))->isVisible());
        // The same counts as the CLI reads from that file.
        const test::CliText info = test::runCliText(
            {QStringLiteral("info"), QStringLiteral("--cache"), window.workspacePath()});
        QCOMPARE(info.exitCode, 0);
        QVERIFY2(info.out.contains(QRegularExpression(QStringLiteral("events\\s+4,?000"))),
                 qPrintable(info.out));

        // Generated once: the second time the file is opened as it is.
        const QDateTime made = QFileInfo(first->demoWorkspacePath()).lastModified();
        MainWindow again;
        again.show();
        auto* first2 = again.findChild<FirstRunView*>();
        first2->setDemoOptions(small);
        QTest::mouseClick(again.findChild<QPushButton*>(QStringLiteral("openDemo")),
                          Qt::LeftButton);
        QCOMPARE(again.currentViewId(), QStringLiteral("today"));
        QCOMPARE(QFileInfo(first2->demoWorkspacePath()).lastModified(), made);
        // The recent list has it, once.
        QCOMPARE(Settings::instance().recentWorkspaces(),
                 QStringList{QFileInfo(first->demoWorkspacePath()).absoluteFilePath()});
    }

    // Cancel while the demo is generated: no workspace file, the window stays on the first run.
    void cancellingTheDemoSavesNothing()
    {
        MainWindow window;
        window.show();
        auto* first = window.findChild<FirstRunView*>();
        DemoOptions big;
        big.users = 3000;
        big.events = 3000000;
        first->setDemoOptions(big);
        QDir demoDir = QFileInfo(first->demoWorkspacePath()).absoluteDir();
        QVERIFY(demoDir.absolutePath().contains(QStringLiteral(".qttest")));
        demoDir.removeRecursively();
        auto removeDemo = qScopeGuard([&] { demoDir.removeRecursively(); });
        QSignalSpy failed(first, &FirstRunView::demoFailed);
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("openDemo")),
                          Qt::LeftButton);
        auto* cancel = window.findChild<QPushButton*>(QStringLiteral("cancelDemo"));
        QVERIFY(cancel->isVisible() && cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(failed.wait(30000));
        QVERIFY(failed.first().at(0).toBool()); // cancelled, a typed outcome
        QVERIFY(failed.first().at(1).toString().isEmpty());
        QVERIFY(!QFile::exists(first->demoWorkspacePath()));
        QCOMPARE(window.currentViewId(), QStringLiteral("first-run"));
        QVERIFY(window.findChild<QPushButton*>(QStringLiteral("openDemo"))->isEnabled());
        QCOMPARE(window.findChild<QLabel*>(QStringLiteral("firstRunError"))->text(),
                 QStringLiteral("Cancelled: nothing was saved."));
    }

    // Back and forward (Alt+Left / Alt+Right) walk the views shown, as a browser does.
    void historyWalksBackAndForward()
    {
        QTemporaryDir dir;
        const QString path = syncedWorkspace(dir);
        MainWindow window;
        window.show();
        window.activateWindow(); // shortcuts go to the active window
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.openWorkspace(path);
        QCOMPARE(window.currentViewId(), QStringLiteral("today"));
        QVERIFY(window.showView(QStringLiteral("first-run")));
        QCOMPARE(window.currentViewId(), QStringLiteral("first-run"));
        QTest::keyClick(&window, Qt::Key_Left, Qt::AltModifier);
        QCOMPARE(window.currentViewId(), QStringLiteral("today"));
        QTest::keyClick(&window, Qt::Key_Left, Qt::AltModifier); // nothing further back
        QCOMPARE(window.currentViewId(), QStringLiteral("today"));
        QTest::keyClick(&window, Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(window.currentViewId(), QStringLiteral("first-run"));
        // Ctrl+1: the sidebar's first view, Today (home).
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.currentViewId(), QStringLiteral("today"));
        QVERIFY(!window.showView(QStringLiteral("no-such-view")));
    }

    // The scope bar lists the team as a tree (by the manager links), takes a choice by keyboard,
    // and the scope comes back when the workspace is opened again; "me" makes "My accounts".
    void scopeBarIsRememberedPerWorkspace()
    {
        QTemporaryDir dir;
        const QString path = syncedWorkspace(dir);
        const QString other = syncedWorkspace(dir, QStringLiteral("other"));
        {
            MainWindow window;
            window.show();
            QSignalSpy shown(&window, &MainWindow::summaryShown);
            window.openWorkspace(path);
            QVERIFY(shown.wait(10000));
            auto* person = window.findChild<QComboBox*>(QStringLiteral("scopePerson"));
            QVERIFY(person && person->isVisible());
            QCOMPARE(person->itemText(0), QStringLiteral("All accounts"));
            QCOMPARE(person->itemText(1), QStringLiteral("Dana Reyes — VP, Customer Success"));
            QCOMPARE(person->itemText(2),
                     QStringLiteral("   Omar Haddad — Director, Customer Success"));
            QCOMPARE(person->itemText(3), QStringLiteral("      Lena Brandt — Team Lead"));
            const int lena = person->findData(QStringLiteral("Lena Brandt"));
            person->setFocus();
            for (int i = 0; i < lena; ++i)
                QTest::keyClick(person, Qt::Key_Down);
            QCOMPARE(window.context()->scope().person, QStringLiteral("Lena Brandt"));
            auto* asOf = window.findChild<QDateEdit*>(QStringLiteral("scopeAsOf"));
            QCOMPARE(asOf->text(), QStringLiteral("Latest data"));
            asOf->setDate(QDate(2026, 10, 1));
            QCOMPARE(window.context()->scope().asOf, QDate(2026, 10, 1));
            QVERIFY2(window.freshnessText().startsWith(QStringLiteral("Figures as of 10/1/26")),
                     qPrintable(window.freshnessText()));
            window.openWorkspace(other); // another workspace: its own scope, all accounts
            QCOMPARE(window.context()->scope(), Scope());
            window.context()->setMe(QStringLiteral("Priya Nair"));
            QVERIFY(shown.wait(10000));
        }
        MainWindow window;
        window.show();
        QSignalSpy shown(&window, &MainWindow::summaryShown);
        window.openWorkspace(path);
        QVERIFY(shown.wait(10000));
        QCOMPARE(window.context()->scope().person, QStringLiteral("Lena Brandt"));
        QCOMPARE(window.context()->scope().asOf, QDate(2026, 10, 1));
        auto* person = window.findChild<QComboBox*>(QStringLiteral("scopePerson"));
        QCOMPARE(person->currentData().toString(), QStringLiteral("Lena Brandt"));
        // The other workspace opens scoped to "me" (scoped by default).
        window.openWorkspace(other);
        QVERIFY(shown.wait(10000));
        QCOMPARE(window.context()->scope().person, QStringLiteral("Priya Nair"));
        QCOMPARE(person->itemText(0), QStringLiteral("My accounts (Priya Nair)"));
        QCOMPARE(person->currentIndex(), 0);
    }

    // The status bar says how fresh the data is, and marks it stale a day after its last sync.
    void freshnessAndStaleMark()
    {
        QTemporaryDir dir;
        const QString path = syncedWorkspace(dir);
        qint64 latest = 0;
        {
            Cache cache;
            QString error;
            QVERIFY(cache.open(path, false, &error));
            latest = cache.latestEventMs();
        }
        MainWindow window;
        window.show();
        QSignalSpy shown(&window, &MainWindow::summaryShown);
        window.openWorkspace(path);
        QVERIFY(shown.wait(10000));
        // The data is as of the UTC midnight after the latest event.
        const QDate asOf = QDateTime::fromMSecsSinceEpoch(latest, Qt::UTC).date().addDays(1);
        const QString date = QLocale().toString(asOf, QLocale::ShortFormat);
        QCOMPARE(window.freshnessText(),
                 QStringLiteral("Data as of %1 · synced just now").arg(date));
        QCOMPARE(window.findChild<QLabel*>(QStringLiteral("freshness"))->text(),
                 window.freshnessText());
        {
            Cache cache;
            QString error;
            QVERIFY(cache.open(path, false, &error));
            const qint64 threeDaysAgo =
                QDateTime::currentMSecsSinceEpoch() - 3 * 86400000LL - 60000;
            Statement s = cache.db().prepare("UPDATE sync_log SET finished_ms = ?", &error);
            QVERIFY2(s.isValid(), qPrintable(error));
            s.bind(1, threeDaysAgo);
            QVERIFY2(s.run(&error), qPrintable(error));
        }
        QTest::keyClick(&window, Qt::Key_F5); // Refresh
        QVERIFY(shown.wait(10000));
        QCOMPARE(window.freshnessText(),
                 QStringLiteral("⚠ Stale: Data as of %1 · synced 3 days ago").arg(date));
    }

    // A workspace file dropped on the window opens it; a dropped folder is imported into the open
    // workspace (here: synced, the import screen being a later view).
    void dropsOpenAndImport()
    {
        QTemporaryDir dir;
        const QString path = syncedWorkspace(dir);
        MainWindow window;
        window.show();
        auto drop = [&](const QString& file) {
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(file)});
            QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                                  Qt::NoModifier);
            QCoreApplication::sendEvent(&window, &enter);
            if (!enter.isAccepted())
                return false;
            QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QCoreApplication::sendEvent(&window, &drop);
            return true;
        };
        QVERIFY(
            !drop(dir.filePath(QStringLiteral("notes.txt")))); // neither a folder nor a workspace
        QVERIFY(drop(path));
        QTRY_COMPARE(window.workspacePath(), path);
        QCOMPARE(window.currentViewId(), QStringLiteral("today"));
        QTRY_COMPARE(rowsOf(window, QStringLiteral("Accounts")), QStringLiteral("3"));

        // A folder dropped on an open workspace goes to the import screen when there is one,
        // else straight into a sync.
        const QString fresh = dir.filePath(QStringLiteral("fresh.pulsebook"));
        window.openWorkspace(fresh, true);
        QSignalSpy synced(&window, &MainWindow::syncFinished);
        QVERIFY(drop(canonicalExport()));
        if (findView(QStringLiteral("import"))) {
            QTRY_COMPARE(window.currentViewId(), QStringLiteral("import"));
        } else {
            QVERIFY(synced.wait(20000));
            QCOMPARE(synced.first().first().toBool(), true);
            QTRY_COMPARE(rowsOf(window, QStringLiteral("Accounts")), QStringLiteral("3"));
        }
    }

    // Version 1 kept only the last workspace: migration starts the recent list with it. A file
    // from a newer Pulsebook is read, never rewritten to the older layout.
    void settingsMigrate()
    {
        QTemporaryDir dir;
        const QString v1 = dir.filePath(QStringLiteral("v1.ini"));
        {
            QSettings raw(v1, QSettings::IniFormat);
            raw.setValue(QStringLiteral("meta/version"), 1);
            raw.setValue(QStringLiteral("workspace/last"), QStringLiteral("/data/acme.pulsebook"));
            raw.setValue(QStringLiteral("sync/skipBadRows"), true);
        }
        {
            Settings s(v1);
            QCOMPARE(s.version(), 2);
            QCOMPARE(s.recentWorkspaces(), QStringList{QStringLiteral("/data/acme.pulsebook")});
            QCOMPARE(s.get(Settings::Key::SkipBadRows).toBool(), true);
            QCOMPARE(s.get(Settings::Key::LastView).toString(), QString()); // the default
            s.addRecentWorkspace(QStringLiteral("/data/beta.pulsebook"));
            s.addRecentWorkspace(QStringLiteral("/data/acme.pulsebook"));
            QCOMPARE(s.recentWorkspaces(), (QStringList{QStringLiteral("/data/acme.pulsebook"),
                                                        QStringLiteral("/data/beta.pulsebook")}));
            for (int i = 0; i < 12; ++i)
                s.addRecentWorkspace(QStringLiteral("/data/%1.pulsebook").arg(i));
            QCOMPARE(s.recentWorkspaces().size(), Settings::MaxRecent);
            QCOMPARE(s.recentWorkspaces().first(), QStringLiteral("/data/11.pulsebook"));
        }
        const QString v9 = dir.filePath(QStringLiteral("v9.ini"));
        {
            QSettings raw(v9, QSettings::IniFormat);
            raw.setValue(QStringLiteral("meta/version"), 9);
            raw.setValue(QStringLiteral("workspace/last"), QStringLiteral("/data/acme.pulsebook"));
            raw.setValue(QStringLiteral("future/key"), 42);
        }
        {
            Settings s(v9);
            QCOMPARE(s.version(), 9);
            QCOMPARE(s.get(Settings::Key::LastWorkspace).toString(),
                     QStringLiteral("/data/acme.pulsebook"));
        }
        QSettings raw(v9, QSettings::IniFormat);
        QCOMPARE(raw.value(QStringLiteral("meta/version")).toInt(), 9);
        QCOMPARE(raw.value(QStringLiteral("future/key")).toInt(), 42);
        QVERIFY(!raw.contains(QStringLiteral("workspace/recent")));
    }

    // `pulsebook --screenshot list` names the views; `--screenshot first-run` writes a 1200x800
    // PNG; an unknown view or a view that needs a workspace without one fails with the reason.
    void screenshots()
    {
        QTemporaryDir dir;
        test::CliOptions gui;
        gui.program = QStringLiteral(PULSEBOOK_GUI_PATH);
        gui.environment = {QStringLiteral("QT_QPA_PLATFORM=offscreen"),
                           QStringLiteral("XDG_CONFIG_HOME=") + dir.filePath(QStringLiteral("cfg")),
                           QStringLiteral("XDG_DATA_HOME=") + dir.filePath(QStringLiteral("data"))};
        const test::CliText list =
            test::runCliText({QStringLiteral("--screenshot"), QStringLiteral("list")}, gui);
        QCOMPARE(list.exitCode, 0);
        const QStringList names = list.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(names.contains(QStringLiteral("first-run")) &&
                     names.contains(QStringLiteral("overview")),
                 qPrintable(list.out));

        const QString png = dir.filePath(QStringLiteral("first-run.png"));
        const test::CliText shot = test::runCliText(
            {QStringLiteral("--screenshot"), QStringLiteral("first-run"), png}, gui);
        QCOMPARE(shot.exitCode, 0);
        QImage image(png);
        QCOMPARE(image.size(), QSize(1200, 800));

        const QString path = syncedWorkspace(dir);
        const QString overview = dir.filePath(QStringLiteral("overview.png"));
        const test::CliText shot2 = test::runCliText(
            {QStringLiteral("--screenshot"), QStringLiteral("overview"), overview, path}, gui);
        QCOMPARE(shot2.exitCode, 0);
        QCOMPARE(QImage(overview).size(), QSize(1200, 800));

        const test::CliText unknown =
            test::runCliText({QStringLiteral("--screenshot"), QStringLiteral("nope"), png}, gui);
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QStringLiteral("unknown view 'nope' (known: ")),
                 qPrintable(unknown.err));
        const test::CliText needs = test::runCliText(
            {QStringLiteral("--screenshot"), QStringLiteral("overview"), png}, gui);
        QCOMPARE(needs.exitCode, 2);
        QVERIFY2(needs.err.contains(QStringLiteral("needs a workspace")), qPrintable(needs.err));
    }

private:
    std::unique_ptr<QTemporaryDir> m_settingsDir;
    std::unique_ptr<Settings> m_settings;
};

QTEST_MAIN(TestShell)
#include "tst_shell.moc"
