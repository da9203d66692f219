// The command palette (Ctrl+K) in the real main window, offscreen: finding an account by name
// and a user by e-mail, Down+Enter, Esc, going to a view, running a command, recent picks.
#include "AccountView.h"
#include "CommandPalette.h"
#include "MainWindow.h"
#include "PaletteModel.h"
#include "Settings.h"
#include "TestSupport.h"
#include "TimelineView.h"
#include "ViewRegistry.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace pulsebook;

namespace {

// Two accounts, three users; u1 has a session.
const test::ExportFiles Export = {
    {QStringLiteral("accounts.csv"), "account_id,name,csm\n"
                                     "A17,Acme Corp,Maya Patel\n"
                                     "A2,Globex,Sam Lee\n"},
    {QStringLiteral("users.csv"), "user_id,email,account_id\n"
                                  "u1,ann@example.com,A17\n"
                                  "u2,bob@example.com,A17\n"
                                  "u3,carol@globex.com,A2\n"},
    {QStringLiteral("sessions.csv"), "session_id,user_id,time\ns1,u1,2026-10-30T10:00:00Z\n"},
    {QStringLiteral("events.csv"),
     "event_id,user_id,time,event\n1,u1,2026-10-30T10:05:00Z,Login\n"},
};

// The main window with a synced workspace open, and temporary settings.
struct Fixture
{
    QTemporaryDir dir;
    test::SyncedCache synced;
    std::unique_ptr<Settings> settings;
    std::unique_ptr<MainWindow> window;
    CommandPalette* palette = nullptr;
    QLineEdit* edit = nullptr;
    QListView* list = nullptr;

    void open()
    {
        settings = std::make_unique<Settings>(dir.filePath(QStringLiteral("s.ini")));
        QString error;
        QVERIFY2(synced.load(Export, &error), qPrintable(error));
        window = std::make_unique<MainWindow>();
        window->show();
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QSignalSpy shown(window.get(), &MainWindow::summaryShown);
        window->openWorkspace(synced.cachePath());
        QVERIFY(shown.wait(10000));
        palette = window->findChild<CommandPalette*>(QStringLiteral("commandPalette"));
        edit = window->findChild<QLineEdit*>(QStringLiteral("paletteEdit"));
        list = window->findChild<QListView*>(QStringLiteral("paletteList"));
        QVERIFY(palette && edit && list);
        new QAbstractItemModelTester(
            list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, palette);
    }

    // Ctrl+K on the window, then `text` typed into the palette.
    void type(const QString& text)
    {
        QTest::keyClick(window.get(), Qt::Key_K, Qt::ControlModifier);
        QVERIFY(palette->isVisible());
        QVERIFY(edit->hasFocus());
        QCOMPARE(edit->text(), QString());
        QTest::keyClicks(edit, text);
    }

    QStringList rows() const
    {
        QStringList out;
        for (int r = 0; r < list->model()->rowCount(); ++r)
            out << list->model()->index(r, 0).data().toString();
        return out;
    }
};

} // namespace

class TestPalette : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void findsAccountByName()
    {
        Fixture f;
        f.open();
        if (QTest::currentTestFailed())
            return;
        f.type(QStringLiteral("acme"));
        QTRY_COMPARE(f.rows(), QStringList{QStringLiteral("Account: Acme Corp (A17)")});
        const QModelIndex first = f.list->model()->index(0, 0);
        QCOMPARE(first.data(Qt::AccessibleTextRole).toString(),
                 QStringLiteral("Account: Acme Corp (A17), CSM Maya Patel"));
        QTest::keyClick(f.edit, Qt::Key_Return);
        QVERIFY(!f.palette->isVisible());
        // The account page opens on the account picked.
        QTRY_COMPARE(f.window->currentViewId(), QStringLiteral("account"));
        auto* page = f.window->findChild<AccountView*>();
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(page->isReady(), 10000);
        QCOMPARE(page->accountId(), QStringLiteral("A17"));
    }

    void findsUserByEmail()
    {
        Fixture f;
        f.open();
        if (QTest::currentTestFailed())
            return;
        f.type(QStringLiteral("ANN@"));
        QTRY_COMPARE(f.rows(), QStringList{QStringLiteral("User: ann@example.com (u1)")});
        QTest::keyClick(f.edit, Qt::Key_Enter);
        // The user timeline opens on the user picked.
        QTRY_COMPARE(f.window->currentViewId(), QStringLiteral("user"));
        auto* timeline = f.window->findChild<TimelineView*>();
        QVERIFY(timeline);
        QTRY_VERIFY_WITH_TIMEOUT(timeline->isReady() && timeline->data().timeline, 10000);
        QCOMPARE(timeline->data().timeline->userId, QStringLiteral("u1"));
    }

    void downEnterPicksTheSecond()
    {
        Fixture f;
        f.open();
        if (QTest::currentTestFailed())
            return;
        f.type(QStringLiteral("example.com"));
        QTRY_COMPARE(f.rows(), (QStringList{QStringLiteral("User: ann@example.com (u1)"),
                                            QStringLiteral("User: bob@example.com (u2)")}));
        QCOMPARE(f.list->currentIndex().row(), 0);
        QTest::keyClick(f.edit, Qt::Key_Down);
        QCOMPARE(f.list->currentIndex().row(), 1);
        QVERIFY(f.edit->hasFocus()); // the list moved, the focus stayed
        QTest::keyClick(f.edit, Qt::Key_Return);
        QTRY_COMPARE(f.window->currentViewId(), QStringLiteral("user"));
        auto* timeline = f.window->findChild<TimelineView*>();
        QVERIFY(timeline);
        QTRY_VERIFY_WITH_TIMEOUT(timeline->isReady() && timeline->data().timeline &&
                                     timeline->data().timeline->userId == QLatin1String("u2"),
                                 10000);
        // The pick comes first next time, with an empty query.
        QTest::keyClick(f.window.get(), Qt::Key_K, Qt::ControlModifier);
        QCOMPARE(f.rows().value(0), QStringLiteral("User: bob@example.com (u2)"));
        QTest::keyClick(f.edit, Qt::Key_Escape);
    }

    void escClosesAndChangesNothing()
    {
        Fixture f;
        f.open();
        if (QTest::currentTestFailed())
            return;
        auto* sidebar = f.window->findChild<QListWidget*>(QStringLiteral("sidebar"));
        sidebar->setFocus();
        QTRY_VERIFY(sidebar->hasFocus());
        const QString view = f.window->currentViewId();
        QSignalSpy shown(f.window.get(), &MainWindow::viewShown);
        f.type(QStringLiteral("glob"));
        QTRY_COMPARE(f.rows(), (QStringList{QStringLiteral("Account: Globex (A2)"),
                                            QStringLiteral("User: carol@globex.com (u3)")}));
        QTest::keyClick(f.edit, Qt::Key_Escape);
        QVERIFY(!f.palette->isVisible());
        QVERIFY(sidebar->hasFocus()); // the focus is back where it was
        QCOMPARE(f.window->currentViewId(), view);
        QTest::qWait(50);
        QVERIFY(!f.window->statusBar()->currentMessage().startsWith(QLatin1String("Account")));
        QCOMPARE(shown.size(), 0);
        QVERIFY(
            Settings::instance()
                .forWorkspace(Settings::Key::PaletteRecentByWorkspace, f.window->workspacePath())
                .toStringList()
                .isEmpty());
    }

    void goesToAView()
    {
        Fixture f;
        f.open();
        if (QTest::currentTestFailed())
            return;
        const bool definitions = findView(QStringLiteral("definitions"));
        const QString target =
            definitions ? QStringLiteral("definitions") : QStringLiteral("overview");
        if (!definitions) // the overview is on screen: start from another view
            QVERIFY(f.window->showView(QStringLiteral("first-run")));
        f.type(definitions ? QStringLiteral("defi") : QStringLiteral("over"));
        QCOMPARE(f.rows().value(0), definitions ? QStringLiteral("Go to Definitions")
                                                : QStringLiteral("Go to Overview"));
        QSignalSpy shown(f.window.get(), &MainWindow::viewShown);
        QTest::keyClick(f.edit, Qt::Key_Return);
        QCOMPARE(shown.size(), 1);
        QCOMPARE(f.window->currentViewId(), target);
    }

    void runsACommand()
    {
        Fixture f;
        f.open();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!Settings::instance().get(Settings::Key::SkipBadRows).toBool());
        f.type(QStringLiteral("skip bad"));
        QCOMPARE(f.rows().value(0), QStringLiteral("Skip Bad Rows When Syncing"));
        QCOMPARE(f.list->model()->index(0, 0).data(PaletteModel::DetailRole).toString(),
                 QStringLiteral("Off"));
        QTest::keyClick(f.edit, Qt::Key_Return);
        QVERIFY(Settings::instance().get(Settings::Key::SkipBadRows).toBool());
        // Commands show their shortcut; the palette's own action is not listed.
        QTest::keyClick(f.window.get(), Qt::Key_K, Qt::ControlModifier);
        QCOMPARE(f.rows().value(0), QStringLiteral("Skip Bad Rows When Syncing")); // recent
        const int sync = int(f.rows().indexOf(QStringLiteral("Sync Export Folder…")));
        QVERIFY(sync > 0);
        QCOMPARE(f.list->model()->index(sync, 0).data(PaletteModel::DetailRole).toString(),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S).toString(QKeySequence::NativeText));
        QVERIFY(!f.rows().contains(QStringLiteral("Command Palette…")));
    }

    void accessibleNames()
    {
        Fixture f;
        f.open();
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(f.edit->accessibleName(), QStringLiteral("Command palette"));
        QCOMPARE(f.list->accessibleName(), QStringLiteral("Palette results"));
    }

    void fuzzyScore()
    {
        QCOMPARE(PaletteModel::fuzzyScore(QStringLiteral("Go to Overview"), QStringLiteral("xyz")),
                 -1);
        QVERIFY(PaletteModel::fuzzyScore(QStringLiteral("Sync Export Folder…"),
                                         QStringLiteral("sef")) > 0);
        // A prefix beats the same letters inside a word; word starts beat scattered letters.
        QVERIFY(PaletteModel::fuzzyScore(QStringLiteral("Refresh"), QStringLiteral("ref")) >
                PaletteModel::fuzzyScore(QStringLiteral("Preferences…"), QStringLiteral("ref")));
        QVERIFY(
            PaletteModel::fuzzyScore(QStringLiteral("Sync Export Folder…"), QStringLiteral("sef")) >
            PaletteModel::fuzzyScore(QStringLiteral("session efficacy"), QStringLiteral("sef")));
        // A word start that would leave the rest unmatched is not taken: "xa yb a" has "ab".
        QVERIFY(PaletteModel::fuzzyScore(QStringLiteral("xa yb a"), QStringLiteral("ab")) > 0);
    }
};

QTEST_MAIN(TestPalette)
#include "tst_palette.moc"
