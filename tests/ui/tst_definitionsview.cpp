// The Definitions view, offscreen in the real main window: the set-up after the first sync
// (suggestions checked, who are you, Ctrl+S), the event list against `pulsebook-cli events`, an
// event the data lacks (a warning with did-you-mean, saved anyway), a bad import (nothing
// changes, every problem listed) and the export's bytes against `workspace export`. The product
// areas: tst_definitionsview_areas.cpp.
#include "tst_definitionsview.h"

#include "AppContext.h"
#include "DefinitionsView.h"
#include "EventListModel.h"
#include "EventPicker.h"
#include "MainWindow.h"
#include "cache/Cache.h"
#include "sync/ExportSync.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>

using namespace pulsebook;

namespace definitionsviewtest {

// Two team members, four users, six event names: "Onboarding: ..." are the onboarding steps
// the suggestions find, "Reports: ..." a product area.
static void writeExport(const QString& dir)
{
    test::writeFile(dir, QStringLiteral("team.csv"),
                    "person,role,manager\n"
                    "Dana Lee,VP Customer Success,\n"
                    "Sam Park,CSM,Dana Lee\n");
    test::writeFile(dir, QStringLiteral("accounts.csv"),
                    "account_id,name,csm\n"
                    "A1,Acme,Sam Park\n"
                    "A2,Globex,Dana Lee\n");
    test::writeFile(dir, QStringLiteral("users.csv"),
                    "user_id,email,account_id\n"
                    "u1,ann@example.com,A1\n"
                    "u2,bob@example.com,A1\n"
                    "u3,cy@example.com,A2\n"
                    "u4,di@example.com,A2\n");
    test::writeFile(dir, QStringLiteral("events.csv"),
                    "event_id,user_id,time,event\n"
                    "1,u1,2026-10-01T09:00:00Z,Login\n"
                    "2,u1,2026-10-01T10:00:00Z,Onboarding: Connect Data\n"
                    "3,u1,2026-10-02T09:00:00Z,Reports: Create\n"
                    "4,u1,2026-10-03T09:00:00Z,Reports: View\n"
                    "5,u2,2026-10-05T09:00:00Z,Login\n"
                    "6,u2,2026-10-05T11:00:00Z,Onboarding: Connect Data\n"
                    "7,u2,2026-10-06T09:00:00Z,Onboarding: Invite Team\n"
                    "8,u2,2026-10-07T09:00:00Z,Reports: View\n"
                    "9,u3,2026-10-10T09:00:00Z,Login\n"
                    "10,u3,2026-10-11T09:00:00Z,Reports: View\n"
                    "11,u4,2026-10-20T09:00:00Z,Login\n"
                    "12,u4,2026-10-21T09:00:00Z,Search\n");
}

QString syncedWorkspace(const QTemporaryDir& dir)
{
    const QString folder = dir.filePath(QStringLiteral("export"));
    writeExport(folder);
    const QString path = dir.filePath(QStringLiteral("w.pulsebook"));
    Cache cache;
    QString error;
    if (!cache.open(path, true, &error) ||
        !syncExportFolder(cache, folder, {}, nullptr, nullptr, &error))
        qWarning("sync failed: %s", qPrintable(error));
    return path;
}

QJsonObject exported(const QString& path)
{
    const test::CliRun run = test::runCli({QStringLiteral("workspace"), QStringLiteral("export"),
                                           QStringLiteral("-"), QStringLiteral("--cache"), path});
    return run.exitCode == 0 ? QJsonDocument::fromJson(run.out).object() : QJsonObject();
}

QStringList strings(const QJsonValue& value)
{
    QStringList list;
    for (const QJsonValue& v : value.toArray())
        list.append(v.toString());
    return list;
}

QStringList problemTexts(QWidget* view)
{
    QStringList texts;
    auto* list = view->findChild<QListWidget*>(QStringLiteral("definitionProblems"));
    for (int i = 0; list && i < list->count(); ++i)
        texts.append(list->item(i)->text());
    return texts;
}

DefinitionsView* openDefinitions(test::WindowFixture& w, const QString& path)
{
    w.open(path);
    if (QTest::currentTestFailed() || !w.window()->showView(QStringLiteral("definitions")))
        return nullptr;
    auto* view = qobject_cast<DefinitionsView*>(w.window()->view(QStringLiteral("definitions")));
    if (view && !QTest::qWaitFor([view] { return view->isReady(); }, 10000))
        return nullptr;
    return view;
}

} // namespace definitionsviewtest

using namespace definitionsviewtest;

void TestDefinitionsView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestDefinitionsView::model()
{
    EventListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &EventListModel::checkedChanged);
    model.setEvents(
        {{QStringLiteral("Login"), 4, 3, 0, 1000}, {QStringLiteral("Search"), 1, 1, 0, 2000}});
    model.setChecked({QStringLiteral("Search"), QStringLiteral("Launch")});
    QCOMPARE(model.rowCount(), 3); // Launch: not in the data
    QCOMPARE(model.index(2, EventListModel::Note).data().toString(),
             QStringLiteral("not in the data"));
    QCOMPARE(model.index(2, EventListModel::Events).data().toString(), QStringLiteral("0"));
    QVERIFY(model.setData(model.index(0, EventListModel::Name), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(model.checked(), (QStringList{QStringLiteral("Search"), QStringLiteral("Launch"),
                                           QStringLiteral("Login")}));
    model.moveChecked(2, 0);
    model.addName(QStringLiteral("Beta"));
    QCOMPARE(model.checked(), (QStringList{QStringLiteral("Login"), QStringLiteral("Search"),
                                           QStringLiteral("Launch"), QStringLiteral("Beta")}));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(changed.count(), 4);
    model.setSuggested({QStringLiteral("Login")});
    QCOMPARE(model.index(0, EventListModel::Note).data().toString(), QStringLiteral("suggested"));
    // Setting the events again keeps the checked names and their extra rows.
    model.setEvents({{QStringLiteral("Login"), 5, 3, 0, 1000}});
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(0, EventListModel::Events).data(EventListModel::SortRole).toLongLong(), 5);
}

// The first sync in the window opens the set-up with the suggestions checked; the user
// unchecks one with the keyboard, says who they are and saves with Ctrl+S.
void TestDefinitionsView::setupAfterTheFirstSync()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("export"));
    writeExport(folder);
    const QString path = dir.filePath(QStringLiteral("new.pulsebook"));
    test::WindowFixture fixture;
    fixture.open(path, {.create = true});
    if (QTest::currentTestFailed())
        return;
    MainWindow& window = *fixture.window();
    QCOMPARE(window.currentViewId(), QStringLiteral("today")); // no data: no set-up
    window.syncFolder(folder);
    QTRY_COMPARE_WITH_TIMEOUT(window.currentViewId(), QStringLiteral("definitions"), 20000);
    auto* view = qobject_cast<DefinitionsView*>(window.view(QStringLiteral("definitions")));
    QVERIFY(view);
    QTRY_VERIFY_WITH_TIMEOUT(view->isReady(), 10000);
    QVERIFY(view->isSetupMode());
    QCOMPARE(view->findChild<QLabel*>(QStringLiteral("definitionsTitle"))->text(),
             QStringLiteral("Set up your workspace: 3 steps"));

    // The suggestions, checked (README.md, "Suggestions from the data"): KPI events by users
    // (ties by name) without onboarding events; onboarding steps in the order new users do
    // them; the one prefix with 2 events.
    auto* kpi = view->findChild<EventPicker*>(QStringLiteral("kpiPicker"));
    QVERIFY(kpi);
    QCOMPARE(kpi->model()->checked(),
             (QStringList{QStringLiteral("Login"), QStringLiteral("Reports: View"),
                          QStringLiteral("Reports: Create"), QStringLiteral("Search")}));
    QCOMPARE(kpi->model()
                 ->index(kpi->model()->rowOf(QStringLiteral("Search")), EventListModel::Note)
                 .data()
                 .toString(),
             QStringLiteral("suggested"));
    auto* order = view->findChild<QListWidget*>(QStringLiteral("onboardingOrder"));
    QCOMPARE(order->count(), 2);
    QCOMPARE(order->item(0)->text(), QStringLiteral("1. Onboarding: Connect Data"));
    QCOMPARE(order->item(1)->text(), QStringLiteral("2. Onboarding: Invite Team"));
    QTest::keyClick(view, Qt::Key_2, Qt::AltModifier); // the tab; Alt+Down, Alt+Up move
    order->setFocus();
    order->setCurrentRow(0);
    QTest::keyClick(order, Qt::Key_Down, Qt::AltModifier);
    QCOMPARE(order->item(1)->text(), QStringLiteral("2. Onboarding: Connect Data"));
    QTest::keyClick(order, Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(order->item(0)->text(), QStringLiteral("1. Onboarding: Connect Data"));
    auto* areas = view->findChild<QListWidget*>(QStringLiteral("productAreaList"));
    QCOMPARE(areas->count(), 1);
    QCOMPARE(areas->item(0)->text(), QStringLiteral("Reports (2 events)"));

    // Uncheck "Search": find it, then Space on the list.
    auto* find = view->findChild<QLineEdit*>(QStringLiteral("kpiFind"));
    auto* list = view->findChild<QTreeView*>(QStringLiteral("kpiEvents"));
    QTest::keyClicks(find, QStringLiteral("search"));
    QCOMPARE(list->model()->rowCount(), 1);
    list->setFocus();
    list->setCurrentIndex(list->model()->index(0, 0));
    QTest::keyClick(list, Qt::Key_Space);
    QCOMPARE(kpi->model()->checked(),
             (QStringList{QStringLiteral("Login"), QStringLiteral("Reports: View"),
                          QStringLiteral("Reports: Create")}));

    // Who are you: the combo lists the team by name; Sam Park makes "My accounts".
    auto* me = view->findChild<QComboBox*>(QStringLiteral("whoAreYou"));
    QTRY_COMPARE(me->count(), 3);
    QCOMPARE(me->itemText(2), QStringLiteral("Sam Park — CSM"));
    me->setFocus();
    QTest::keyClick(me, Qt::Key_Down);
    QTest::keyClick(me, Qt::Key_Down);
    QCOMPARE(window.context()->me(), QStringLiteral("Sam Park"));
    auto* scope = window.findChild<QComboBox*>(QStringLiteral("scopePerson"));
    QCOMPARE(scope->currentText(), QStringLiteral("My accounts (Sam Park)"));

    QSignalSpy finished(view, &DefinitionsView::finished);
    QTest::keyClick(list, Qt::Key_S, Qt::ControlModifier);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().toBool(), true);
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->isReady(), 10000);
    QVERIFY(!view->isSetupMode());
    QCOMPARE(view->findChild<QLabel*>(QStringLiteral("definitionsTitle"))->text(),
             QStringLiteral("Definitions"));

    const QJsonObject w = exported(path);
    QCOMPARE(strings(w.value(QStringLiteral("kpi_events"))),
             (QStringList{QStringLiteral("Login"), QStringLiteral("Reports: View"),
                          QStringLiteral("Reports: Create")}));
    QCOMPARE(strings(w.value(QStringLiteral("onboarding_steps"))),
             (QStringList{QStringLiteral("Onboarding: Connect Data"),
                          QStringLiteral("Onboarding: Invite Team")}));
    const QJsonArray areaList = w.value(QStringLiteral("product_areas")).toArray();
    QCOMPARE(areaList.size(), 1);
    QCOMPARE(areaList[0][QStringLiteral("name")].toString(), QStringLiteral("Reports"));
    QCOMPARE(strings(areaList[0][QStringLiteral("events")]),
             (QStringList{QStringLiteral("Reports: Create"), QStringLiteral("Reports: View")}));
}

// The list's counts and users are `pulsebook-cli events`' for the same cache.
void TestDefinitionsView::countsEqualTheCli()
{
    SyncedWindow w;
    DefinitionsView* view = openDefinitions(w, w.path);
    QVERIFY(view);
    EventListModel* model = view->findChild<EventPicker*>(QStringLiteral("kpiPicker"))->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const test::CliText events =
        test::runCliText({QStringLiteral("events"), QStringLiteral("--cache"), w.path,
                          QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(events.exitCode, 0);
    QStringList lines = events.out.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.takeFirst(), QStringLiteral("event,events,users,first_seen,last_seen"));
    QCOMPARE(lines.size(), 6);
    QCOMPARE(model->rowCount(), 6);
    for (const QString& line : lines) {
        const QStringList cells = line.split(QLatin1Char(','));
        const int row = model->rowOf(cells[0]);
        QVERIFY2(row >= 0, qPrintable(cells[0]));
        QCOMPARE(
            model->index(row, EventListModel::Events).data(EventListModel::SortRole).toLongLong(),
            cells[1].toLongLong());
        QCOMPARE(
            model->index(row, EventListModel::Users).data(EventListModel::SortRole).toLongLong(),
            cells[2].toLongLong());
    }
    // Hand-checked: Login 4 events by 4 users, Reports: View 3 by 3, last on Oct 11.
    const int login = model->rowOf(QStringLiteral("Login"));
    QCOMPARE(model->index(login, EventListModel::Events).data().toString(), QStringLiteral("4"));
    const int view3 = model->rowOf(QStringLiteral("Reports: View"));
    QCOMPARE(model->index(view3, EventListModel::Users).data().toString(), QStringLiteral("3"));
    QCOMPARE(model->index(view3, EventListModel::LastSeen).data().toString(),
             QStringLiteral("2026-10-11"));
}

// A KPI event the data lacks: a warning naming the close name, and it is saved.
void TestDefinitionsView::unseenEventWarnsAndSaves()
{
    SyncedWindow w;
    QCOMPARE(test::runCli({QStringLiteral("workspace"), QStringLiteral("set"),
                           QStringLiteral("kpi_events"), QStringLiteral("Login"),
                           QStringLiteral("--cache"), w.path})
                 .exitCode,
             0);
    DefinitionsView* view = openDefinitions(w, w.path);
    QVERIFY(view);
    QVERIFY(!view->isSetupMode()); // kpi_events is stored
    QTest::keyClicks(view->findChild<QLineEdit*>(QStringLiteral("kpiFind")),
                     QStringLiteral("Reports: Veiw"));
    auto* add = view->findChild<QPushButton*>(QStringLiteral("kpiAdd"));
    QCOMPARE(add->text(), QStringLiteral("Add as a New Name"));
    QTest::mouseClick(add, Qt::LeftButton);
    QSignalSpy finished(view, &DefinitionsView::finished);
    QTest::mouseClick(view->findChild<QPushButton*>(QStringLiteral("definitionsSave")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().toBool(), true);
    const QString warning = QStringLiteral("Warning: $.kpi_events[1]: \"Reports: Veiw\": no "
                                           "such event; did you mean \"Reports: View\"?");
    QCOMPARE(problemTexts(view), QStringList{warning});
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->isReady(), 10000);
    QCOMPARE(problemTexts(view), QStringList{warning}); // still there after the reload
    QCOMPARE(strings(exported(w.path).value(QStringLiteral("kpi_events"))),
             (QStringList{QStringLiteral("Login"), QStringLiteral("Reports: Veiw")}));
}

// A bad file changes nothing and lists every problem at once.
void TestDefinitionsView::badImportChangesNothing()
{
    SyncedWindow w;
    DefinitionsView* view = openDefinitions(w, w.path);
    QVERIFY(view);
    const auto before = test::snapshot(w.path);
    const QString bad = w.dir().filePath(QStringLiteral("bad.json"));
    test::writeFile(w.dir().path(), QStringLiteral("bad.json"),
                    R"({"kpi_events": "Login", "onboarding_steps": ["Login", 3],
                        "product_areas": [{"name": "Reports", "events": ["Reports: Veiw"]}]})");
    QSignalSpy finished(view, &DefinitionsView::finished);
    view->importFrom(bad);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().toBool(), false);
    const QStringList problems = problemTexts(view);
    QCOMPARE(problems.size(), 3);
    QVERIFY2(problems[0].startsWith(QStringLiteral("Error: $.kpi_events: ")),
             qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY2(problems[1].startsWith(QStringLiteral("Error: $.onboarding_steps[1]: ")),
             qPrintable(problems.join(QLatin1Char('\n'))));
    QCOMPARE(problems[2], QStringLiteral("Warning: $.product_areas[0].events[0]: \"Reports: "
                                         "Veiw\": no such event; did you mean \"Reports: "
                                         "View\"?"));
    QCOMPARE(view->findChild<QLabel*>(QStringLiteral("definitionsStatus"))->text(),
             QStringLiteral("Nothing was saved: 2 errors below."));
    QCOMPARE(test::snapshot(w.path), before);
    QVERIFY(view->isSetupMode()); // still never set
}

// Export writes the bytes `pulsebook-cli workspace export` writes.
void TestDefinitionsView::exportEqualsTheCli()
{
    SyncedWindow w;
    DefinitionsView* view = openDefinitions(w, w.path);
    QVERIFY(view);
    const QString file = w.dir().filePath(QStringLiteral("mine.json"));
    QString error;
    QVERIFY2(view->exportTo(file, &error), qPrintable(error));
    const test::CliRun cli = test::runCli({QStringLiteral("workspace"), QStringLiteral("export"),
                                           QStringLiteral("-"), QStringLiteral("--cache"), w.path});
    QCOMPARE(cli.exitCode, 0);
    QCOMPARE(test::readFile(file), cli.out);
}

QTEST_MAIN(TestDefinitionsView)
