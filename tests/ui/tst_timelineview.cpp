// The user timeline in the real main window, offscreen: opened with Ctrl+K and an e-mail, and
// from the account page's users (Enter); its sessions and events compared with `pulsebook-cli
// timeline --format json` for the same user; Ctrl+G "Go to" at, between and before sessions
// (hand-checked, and the CLI's --at); the chips, the range's empty state, the account link.
#include "MainWindow.h"
#include "ResultView.h"
#include "TestSupport.h"
#include "TimelineModel.h"
#include "TimelineView.h"
#include "WindowFixture.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace pulsebook;

namespace {

// A sailing school. b1's sessions, by hand:
//   row 1 s10  07-01 08:00 .. 08:20  Hoist Sail, Log Position
//   row 2 s11  07-03 16:00 .. 16:45  Hoist Sail, Drop Anchor, Log Position (os Android)
//   row 3      07-04 09:00           Log Position outside any session
//   row 4 s12  07-09 12:00 .. 12:05  Drop Anchor
// The latest event is 07-09 12:05: as of 2026-07-10T00:00Z.
const test::ExportFiles Export = {
    {QStringLiteral("accounts.csv"), "account_id,name,csm\nM3,Marlin Boats,Ines Ortega\n"},
    {QStringLiteral("users.csv"), "user_id,email,account_id,rank\n"
                                  "b1,Bo@Marlin.test,M3,captain\n"
                                  "b2,bea@marlin.test,M3,deckhand\n"},
    {QStringLiteral("sessions.csv"), "session_id,user_id,time,device_type,landing_page,os\n"
                                     "s10,b1,2026-07-01T08:00:00Z,Laptop,/harbour,Linux\n"
                                     "s11,b1,2026-07-03T16:00:00Z,Phone,/charts,Android\n"
                                     "s12,b1,2026-07-09T12:00:00Z,Laptop,/harbour,Linux\n"
                                     "s20,b2,2026-07-02T10:00:00Z,Phone,/charts,iOS\n"},
    {QStringLiteral("events.csv"), "event_id,user_id,session_id,time,event,path,title,knots\n"
                                   "1,b1,s10,2026-07-01T08:00:00Z,Hoist Sail,/harbour,Harbour,12\n"
                                   "2,b1,s10,2026-07-01T08:20:00Z,Log Position,/log,Log,\n"
                                   "3,b1,s11,2026-07-03T16:00:00Z,Hoist Sail,/charts,Charts,20\n"
                                   "4,b1,s11,2026-07-03T16:30:00Z,Drop Anchor,/bay,Bay,\n"
                                   "5,b1,s11,2026-07-03T16:45:00Z,Log Position,/log,Log,\n"
                                   "6,b1,,2026-07-04T09:00:00Z,Log Position,/log,Log,\n"
                                   "7,b1,s12,2026-07-09T12:00:00Z,Drop Anchor,/bay,Bay,\n"
                                   "8,b1,s12,2026-07-09T12:05:00Z,Drop Anchor,/bay,Bay,\n"
                                   "9,b2,s20,2026-07-02T10:00:00Z,Hoist Sail,/charts,Charts,8\n"},
};

qint64 ms(const QString& iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toMSecsSinceEpoch();
}

// `pulsebook-cli timeline --user b1 --format json` (plus `extra`): the rows, in order.
QJsonArray cliRows(const QString& cache, const QStringList& extra)
{
    return test::runCliRows(QStringList{QStringLiteral("timeline"), QStringLiteral("--cache"),
                                        cache, QStringLiteral("--user"), QStringLiteral("b1")} +
                            extra);
}

QString stripMarker(QString text)
{
    return text.startsWith(QStringLiteral("\u25C6 ")) ? text.mid(2) : text;
}

} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QString error;
        QVERIFY2(m_synced.load(Export, &error), qPrintable(error));
        m_w.open(m_synced.cachePath());
    }
    void cleanupTestCase() { m_w.close(); }

    void paletteEmailOpensTheTimeline();
    void matchesTheCli();
    void goToPicksTheSession();
    void chipsHighlight();
    void exportAndCopy();
    void rangeEmptyState();
    void accountLinkAndBack();

private:
    TimelineView* view() const { return m_w.window()->findChild<TimelineView*>(); }

    QTemporaryDir m_dir;
    test::SyncedCache m_synced;
    test::WindowFixture m_w;
};

void TestTimelineView::paletteEmailOpensTheTimeline()
{
    // Ctrl+K, the e-mail in another case, Enter.
    QLineEdit* edit = m_w.typeInPalette(QStringLiteral("bo@marlin"));
    QVERIFY(edit);
    QListView* list = m_w.paletteList();
    QTRY_VERIFY(list->model()->rowCount() > 0 &&
                list->model()->index(0, 0).data().toString().startsWith(QStringLiteral("User: ")));
    QTest::keyClick(edit, Qt::Key_Return);
    QTRY_COMPARE(m_w.window()->currentViewId(), QStringLiteral("user"));
    QVERIFY(view());
    QTRY_VERIFY_WITH_TIMEOUT(view()->isReady() && view()->data().timeline, 10000);
    QCOMPARE(view()->data().timeline->userId, QStringLiteral("b1"));
    QCOMPARE(m_w.window()->findChild<QLabel*>(QStringLiteral("userTitle"))->text(),
             QStringLiteral("Bo@Marlin.test (b1)"));
    new QAbstractItemModelTester(view()->model(),
                                 QAbstractItemModelTester::FailureReportingMode::QtTest, view());
    for (const char* name : {"userCard", "userSessions", "userEvents", "eventDetail"}) {
        auto* table = view()->findChild<ResultView*>(QLatin1String(name));
        QVERIFY2(table, name);
        test::WindowFixture::testModels(table, view());
    }
}

void TestTimelineView::matchesTheCli()
{
    TimelineModel* model = view()->model();
    const QJsonArray sessions =
        cliRows(m_synced.cachePath(), {QStringLiteral("--part"), QStringLiteral("sessions")});
    const QJsonArray events = cliRows(m_synced.cachePath(), {});
    QCOMPARE(sessions.size(), 4); // by hand: s10, s11, the run outside, s12
    QCOMPARE(events.size(), 8);
    QCOMPARE(model->rowCount(), sessions.size());
    int e = 0;
    for (int r = 0; r < model->rowCount(); ++r) {
        const QJsonObject s = sessions[r].toObject();
        const QModelIndex row = model->index(r, 0);
        QCOMPARE(row.data(TimelineModel::SessionIdRole).toString(),
                 s.value(QStringLiteral("session_id")).toString());
        QCOMPARE(row.data(TimelineModel::TimeRole).toLongLong(),
                 ms(s.value(QStringLiteral("start")).toString()));
        QCOMPARE(row.data(TimelineModel::EventCountRole).toLongLong(),
                 qint64(s.value(QStringLiteral("events")).toInt()));
        QCOMPARE(model->index(r, TimelineModel::DeviceColumn).data().toString(),
                 s.value(QStringLiteral("device_type")).toString());
        QCOMPARE(model->rowCount(row), s.value(QStringLiteral("events")).toInt());
        for (int c = 0; c < model->rowCount(row); ++c, ++e) {
            const QJsonObject ev = events[e].toObject();
            const QModelIndex child = model->index(c, 0, row);
            QCOMPARE(ev.value(QStringLiteral("row")).toInt(), r + 1);
            QCOMPARE(child.data(TimelineModel::EventIdRole).toString(),
                     ev.value(QStringLiteral("event_id")).toString());
            QCOMPARE(child.data(TimelineModel::TimeRole).toLongLong(),
                     ms(ev.value(QStringLiteral("time")).toString()));
            QCOMPARE(stripMarker(model->index(c, TimelineModel::WhatColumn, row).data().toString()),
                     ev.value(QStringLiteral("event")).toString());
            QCOMPARE(model->index(c, TimelineModel::PageColumn, row).data().toString(),
                     ev.value(QStringLiteral("path")).toString());
        }
    }
    QCOMPARE(e, 8);
    // Selecting event 4 (Drop Anchor in s11) shows its detail, every property.
    QTreeView* tree = view()->tree();
    tree->setCurrentIndex(model->index(1, 0, model->index(1, 0)));
    auto* detail = view()->findChild<ResultView*>(QStringLiteral("eventDetail"));
    QStringList lines;
    for (int r = 0; r < detail->model()->rowCount(); ++r)
        lines << detail->model()->text(r, 0) + QLatin1Char('=') + detail->model()->text(r, 1);
    QCOMPARE(lines, QStringList({QStringLiteral("time=2026-07-03 16:30:00"),
                                 QStringLiteral("event=Drop Anchor"), QStringLiteral("event_id=4"),
                                 QStringLiteral("session_id=s11"), QStringLiteral("path=/bay"),
                                 QStringLiteral("title=Bay")}));
}

void TestTimelineView::goToPicksTheSession()
{
    TimelineModel* model = view()->model();
    struct Case
    {
        const char* at;
        int row; // by hand (0-based)
    };
    const Case cases[] = {
        {"2026-07-03 16:10", 1}, // inside s11
        {"2026-07-05", 1},       // between: the run outside is no session; s11 before it
        {"2026-06-30", 0},       // before every session: the first
        {"2026-07-09 12:05", 3}, // s12's last event
    };
    for (const Case& c : cases) {
        view()->tree()->setFocus();
        QTest::keyClick(view()->tree(), Qt::Key_G, Qt::ControlModifier);
        auto* edit = view()->findChild<QLineEdit*>(QStringLiteral("goToEdit"));
        QVERIFY(edit->isVisible() && edit->hasFocus());
        edit->selectAll();
        QTest::keyClicks(edit, QLatin1String(c.at));
        QTest::keyClick(edit, Qt::Key_Return);
        const QModelIndex current = view()->tree()->currentIndex();
        QCOMPARE(current.parent(), QModelIndex());
        QCOMPARE(current.row(), c.row);
        // The CLI's --at picks the same row.
        const QJsonArray go =
            cliRows(m_synced.cachePath(), {QStringLiteral("--at"), QLatin1String(c.at)});
        QCOMPARE(go.size(), 1);
        QCOMPARE(go[0].toObject().value(QStringLiteral("row")).toInt(), c.row + 1);
        QCOMPARE(model->index(c.row, 0).data(TimelineModel::SessionIdRole).toString(),
                 go[0].toObject().value(QStringLiteral("session_id")).toString());
    }
    QVERIFY(view()
                ->findChild<QLabel*>(QStringLiteral("goToResult"))
                ->text()
                .contains(QStringLiteral("inside session s12")));
}

void TestTimelineView::chipsHighlight()
{
    // Most frequent: Drop Anchor 3, Log Position 3, Hoist Sail 2 (ties by name).
    auto* chip0 = view()->findChild<QToolButton*>(QStringLiteral("chip0"));
    auto* chip2 = view()->findChild<QToolButton*>(QStringLiteral("chip2"));
    QVERIFY(chip0 && chip2);
    QCOMPARE(chip0->text(), QStringLiteral("Drop Anchor · 3"));
    QCOMPARE(chip2->text(), QStringLiteral("Hoist Sail · 2"));
    chip2->setFocus();
    QTest::keyClick(chip2, Qt::Key_Space);
    QVERIFY(chip2->isChecked());
    TimelineModel* model = view()->model();
    QList<bool> rows;
    for (int r = 0; r < model->rowCount(); ++r)
        rows << model->index(r, 0).data(TimelineModel::HighlightRole).toBool();
    QCOMPARE(rows, QList<bool>({true, true, false, false})); // Hoist Sail: s10, s11
    const QModelIndex hoist = model->index(0, TimelineModel::WhatColumn, model->index(1, 0));
    QCOMPARE(hoist.data().toString(), QStringLiteral("\u25C6 Hoist Sail"));
    QVERIFY(hoist.data(Qt::AccessibleTextRole).toString().endsWith(QStringLiteral("highlighted")));
    QTest::keyClick(chip2, Qt::Key_Space);
    QVERIFY(!model->index(0, 0).data(TimelineModel::HighlightRole).toBool());
}

void TestTimelineView::exportAndCopy()
{
    // Ctrl+E in the tree writes the sessions through the tables' export: the CLI's --out file.
    const QString path = m_dir.filePath(QStringLiteral("sessions.csv"));
    const QString cliPath = m_dir.filePath(QStringLiteral("cli.csv"));
    QString title;
    ResultView::setPathChooser([&](QWidget*, const QString& t) {
        title = t;
        return path;
    });
    auto* sessions = view()->findChild<ResultView*>(QStringLiteral("userSessions"));
    QSignalSpy done(sessions, &ResultView::exportFinished);
    view()->tree()->setFocus();
    QTest::keyClick(view()->tree(), Qt::Key_E, Qt::ControlModifier);
    QVERIFY(done.wait(20000));
    QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
    QCOMPARE(title, QStringLiteral("Export 4 sessions (scope: Bo@Marlin.test (b1))"));
    const test::CliText cli = test::runCliText(
        {QStringLiteral("timeline"), QStringLiteral("--cache"), m_synced.cachePath(),
         QStringLiteral("--user"), QStringLiteral("b1"), QStringLiteral("--part"),
         QStringLiteral("sessions"), QStringLiteral("--out"), cliPath});
    QCOMPARE(cli.exitCode, 0);
    QCOMPARE(test::readFile(path), test::readFile(cliPath));

    // Ctrl+C copies the selected rows as shown: s11's row.
    TimelineModel* model = view()->model();
    view()->tree()->selectionModel()->select(
        model->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(view()->tree(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(),
             QStringLiteral("2026-07-03 16:00:00\ts11\t3\t45 min 00 s\tPhone\t/charts\n"));
}

void TestTimelineView::rangeEmptyState()
{
    auto* from = view()->findChild<QLineEdit*>(QStringLiteral("rangeFrom"));
    auto* empty = view()->findChild<QLabel*>(QStringLiteral("timelineEmpty"));
    from->setText(QStringLiteral("2026-07-04"));
    QTest::keyClick(from, Qt::Key_Return);
    // From 07-04: the run outside (07-04 09:00) and s12.
    QTRY_VERIFY_WITH_TIMEOUT(view()->isReady() && view()->model()->rowCount() == 2, 10000);
    QVERIFY(!empty->isVisible());
    from->setText(QStringLiteral("2026-07-09 13:00"));
    QTest::keyClick(from, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(view()->isReady() && view()->model()->rowCount() == 0, 10000);
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->text(), QStringLiteral("No sessions in this range"));
    QTest::mouseClick(view()->findChild<QPushButton*>(QStringLiteral("rangeAll")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(view()->isReady() && view()->model()->rowCount() == 4, 10000);
    QVERIFY(from->text().isEmpty());
}

void TestTimelineView::accountLinkAndBack()
{
    auto* link = view()->findChild<QPushButton*>(QStringLiteral("accountLink"));
    QCOMPARE(link->text(), QStringLiteral("Marlin Boats (M3)"));
    QTest::mouseClick(link, Qt::LeftButton);
    QTRY_COMPARE(m_w.window()->currentViewId(), QStringLiteral("account"));
    // The account page's users: Enter on b2 opens b2's timeline.
    auto* users = m_w.window()->findChild<ResultView*>(QStringLiteral("accountUsers"));
    QVERIFY(users);
    QTRY_VERIFY_WITH_TIMEOUT(users->proxy()->rowCount() == 2, 10000);
    int b2 = -1;
    for (int r = 0; r < users->proxy()->rowCount(); ++r) {
        if (users->proxy()->index(r, 0).data().toString() == QLatin1String("b2"))
            b2 = r;
    }
    QVERIFY(b2 >= 0);
    users->tree()->setFocus();
    users->tree()->setCurrentIndex(users->proxy()->index(b2, 0));
    QTest::keyClick(users->tree(), Qt::Key_Return);
    QTRY_COMPARE(m_w.window()->currentViewId(), QStringLiteral("user"));
    QTRY_VERIFY_WITH_TIMEOUT(view()->isReady() && view()->data().timeline &&
                                 view()->data().timeline->userId == QLatin1String("b2"),
                             10000);
    QCOMPARE(view()->model()->rowCount(), 1); // s20
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
