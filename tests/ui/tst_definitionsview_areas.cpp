// The Definitions view's product areas (see tst_definitionsview.h): an area renamed and its
// funnel built by keyboard, compared with `workspace export` and `areas`; a refused name or
// funnel in `workspace import`'s words.
#include "tst_definitionsview.h"

#include "AskUser.h"
#include "DefinitionsView.h"
#include "EventScript.h"
#include "FunnelStepsEditor.h"
#include "MainWindow.h"

#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace pulsebook;
using namespace definitionsviewtest;

namespace {

// The usability `pulsebook-cli areas` prints for each area over August 2026 ("" when none).
QMap<QString, QString> cliUsability(const QString& path)
{
    const test::CliText run = test::runCliText(
        {QStringLiteral("areas"), QStringLiteral("--cache"), path, QStringLiteral("--from"),
         QStringLiteral("2026-08-01"), QStringLiteral("--to"), QStringLiteral("2026-09-01"),
         QStringLiteral("--format"), QStringLiteral("csv")});
    QMap<QString, QString> usability;
    QStringList lines = run.out.trimmed().split(QLatin1Char('\n'));
    if (run.exitCode != 0 || !lines.takeFirst().endsWith(QLatin1String(",usability")))
        return usability;
    for (const QString& line : std::as_const(lines))
        usability.insert(line.section(QLatin1Char(','), 0, 0), line.section(QLatin1Char(','), -1));
    return usability;
}

// What `pulsebook-cli workspace import` says of `json` (its error lines, without "error: ").
QStringList cliImportErrors(const QTemporaryDir& dir, const QString& path, const QByteArray& json)
{
    test::writeFile(dir.path(), QStringLiteral("import.json"), json);
    const test::CliText run = test::runCliText(
        {QStringLiteral("workspace"), QStringLiteral("import"),
         dir.filePath(QStringLiteral("import.json")), QStringLiteral("--cache"), path});
    QStringList errors;
    for (const QString& line : run.err.split(QLatin1Char('\n'))) {
        if (line.contains(QLatin1String("error: $.")))
            errors.append(line.mid(line.indexOf(QLatin1String("error: $.")) + 7));
    }
    return run.exitCode == 0 ? QStringList{QStringLiteral("imported")} : errors;
}

// Presses Down on the focused combo box until it shows `name` (keyboard only).
bool chooseByKeyboard(QComboBox* combo, const QString& name)
{
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Home);
    for (int i = 0; i < combo->count() && combo->currentData().toString() != name; ++i)
        QTest::keyClick(combo, Qt::Key_Down);
    return combo->currentData().toString() == name;
}

// F2 on the selected area, the name typed over the old one, Enter.
// True once the editor has closed (the name committed).
bool renameByKeyboard(QListWidget* areas, const QString& name)
{
    areas->setFocus();
    QTest::keyClick(areas, Qt::Key_F2);
    QWidget* editor = QApplication::focusWidget();
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    if (name.isEmpty())
        QTest::keyClick(editor, Qt::Key_Delete);
    QTest::keyClicks(editor, name);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits on its next turn of the event loop, then closes the editor.
    return QTest::qWaitFor([editor = QPointer<QWidget>(editor)] { return !editor; }, 5000);
}

} // namespace

// Keyboard only: the suggested area renamed with F2, its funnel built from the combo (Alt+T
// adds, Alt+Up reorders), Ctrl+S; `workspace export` shows exactly that and `areas` gives
// the usability of the new funnel.
void TestDefinitionsView::renameAreaAndBuildFunnel()
{
    using namespace test::script;
    Data data;
    QString error;
    // Hand-checked usability of canvas.open -> canvas.share (sequential, 14 days): entrants
    // u1, u2, u3, u5 (u4 never opens); u1 shares 1 h after, u5 2 days after with a draw
    // between: completed. u2 shares 15 days after (outside the window), u3 only before
    // opening: not. 2 / 4 = 0.5.
    QVERIFY2(
        data.load(usersCsv(5),
                  eventsCsv({"u1: canvas.open@1h canvas.share@2h",
                             "u2: canvas.open@1h canvas.share@15d+1h",
                             "u3: canvas.share@1h canvas.open@2h", "u4: canvas.draw@1h signin@2h",
                             "u5: canvas.open@3d canvas.draw@3d+1h canvas.share@5d"}),
                  {}, &error),
        qPrintable(error));
    test::WindowFixture w;
    DefinitionsView* view = openDefinitions(w, data.cachePath);
    QVERIFY(view);
    QTest::keyClick(view, Qt::Key_3, Qt::AltModifier); // the tab "&3  Product Areas"
    auto* areas = view->findChild<QListWidget*>(QStringLiteral("productAreaList"));
    QTest::keyClick(view, Qt::Key_O, Qt::AltModifier); // "Pr&oduct areas:"
    QCOMPARE(QApplication::focusWidget(), areas);
    QCOMPARE(areas->count(), 1); // the suggestion: the prefix "canvas."
    QCOMPARE(areas->item(0)->text(), QStringLiteral("canvas (3 events)"));
    areas->setCurrentRow(0);
    QVERIFY(renameByKeyboard(areas, QStringLiteral("Whiteboard")));
    QCOMPARE(areas->item(0)->text(), QStringLiteral("Whiteboard (3 events)"));

    auto* steps = view->findChild<QListWidget*>(QStringLiteral("areaFunnelSteps"));
    auto* choice = view->findChild<QComboBox*>(QStringLiteral("areaFunnelChoice"));
    auto* problems = view->findChild<QLabel*>(QStringLiteral("productAreaProblems"));
    QTest::keyClick(view, Qt::Key_N, Qt::AltModifier); // "Activation fu&nnel"
    QCOMPARE(QApplication::focusWidget(), steps);
    QTest::keyClick(steps, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), choice);
    QVERIFY(chooseByKeyboard(choice, QStringLiteral("canvas.share")));
    // Counted as `pulsebook-cli events` counts: u1, u2, u3, u5 share once each.
    QCOMPARE(choice->currentText(), QStringLiteral("canvas.share (4 events, 4 users)"));
    QTest::keyClick(choice, Qt::Key_T, Qt::AltModifier); // "Add S&tep" (an animated click)
    QTRY_COMPARE(steps->item(0)->text(), QStringLiteral("1. canvas.share (4 events, 4 users)"));
    // One step is a funnel `workspace import` refuses: said at once, in its words.
    QVERIFY2(problems->text().contains(QStringLiteral(
                 "Error: $.product_areas[0].activation_funnel: a funnel needs 2 to 20 steps")),
             qPrintable(problems->text()));
    QVERIFY(chooseByKeyboard(choice, QStringLiteral("canvas.open")));
    QTest::keyClick(choice, Qt::Key_T, Qt::AltModifier);
    QTRY_COMPARE(steps->count(), 2);
    QVERIFY(problems->isHidden());
    QTest::keyClick(view, Qt::Key_N, Qt::AltModifier);
    QCOMPARE(steps->currentRow(), 1); // the step just added
    QTest::keyClick(steps, Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(steps->item(0)->text(), QStringLiteral("1. canvas.open (4 events, 4 users)"));
    QCOMPARE(steps->item(1)->text(), QStringLiteral("2. canvas.share (4 events, 4 users)"));
    QCOMPARE(steps->currentRow(), 0);
    QCOMPARE(areas->item(0)->text(), QStringLiteral("Whiteboard (3 events, a 2-step funnel)"));

    QSignalSpy finished(view, &DefinitionsView::finished);
    QTest::keyClick(steps, Qt::Key_S, Qt::ControlModifier);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().toBool(), true);
    const QJsonArray saved =
        exported(data.cachePath).value(QStringLiteral("product_areas")).toArray();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved[0][QStringLiteral("name")].toString(), QStringLiteral("Whiteboard"));
    QCOMPARE(strings(saved[0][QStringLiteral("activation_funnel")]),
             (QStringList{QStringLiteral("canvas.open"), QStringLiteral("canvas.share")}));
    QCOMPARE(strings(saved[0][QStringLiteral("events")]).size(), 3);
    QCOMPARE(cliUsability(data.cachePath),
             (QMap<QString, QString>{{QStringLiteral("Whiteboard"), QStringLiteral("0.5")}}));
}

// A name another area has (in another case) or no name, and a one-step funnel, are refused
// with `workspace import`'s words; Save stores nothing; leaving asks, and Discard drops them.
void TestDefinitionsView::refusedRenameAndFunnel()
{
    SyncedWindow w;
    const QByteArray areasJson = R"([{"name": "Reports", "events": ["Reports: Create",
        "Reports: View"]}, {"name": "Search", "events": ["Search"]}])";
    QCOMPARE(test::runCli({QStringLiteral("workspace"), QStringLiteral("set"),
                           QStringLiteral("product_areas"), QString::fromUtf8(areasJson),
                           QStringLiteral("--cache"), w.path})
                 .exitCode,
             0);
    // What the command line says of the same definitions.
    QCOMPARE(
        cliImportErrors(w.dir(), w.path, R"({"product_areas": [{"name": "Reports", "events":
                ["Reports: View"]}, {"name": "reports", "events": ["Search"]}]})"),
        QStringList{QStringLiteral("$.product_areas[1].name: another area is named \"Reports\"")});
    QCOMPARE(cliImportErrors(w.dir(), w.path, R"({"product_areas": [{"name": "Reports", "events":
                ["Reports: View"], "activation_funnel": ["Reports: View"]}]})"),
             QStringList{QStringLiteral(
                 "$.product_areas[0].activation_funnel: a funnel needs 2 to 20 steps")});
    const auto before = test::snapshot(w.path);
    DefinitionsView* view = openDefinitions(w, w.path);
    QVERIFY(view);
    view->activate(QStringLiteral("areas"));
    auto* areas = view->findChild<QListWidget*>(QStringLiteral("productAreaList"));
    auto* problems = view->findChild<QLabel*>(QStringLiteral("productAreaProblems"));
    QCOMPARE(areas->count(), 2);
    areas->setCurrentRow(1);
    QVERIFY(renameByKeyboard(areas, QStringLiteral("reports")));
    QCOMPARE(areas->item(1)->text(), QStringLiteral("Search (1 event)"));
    QVERIFY2(problems->text().contains(
                 QStringLiteral("Not renamed to “reports”: $.product_areas[1].name: another "
                                "area is named &quot;Reports&quot;")),
             qPrintable(problems->text()));
    QVERIFY(renameByKeyboard(areas, QString()));
    QCOMPARE(areas->item(1)->text(), QStringLiteral("Search (1 event)"));
    QVERIFY2(problems->text().contains(QStringLiteral("$.product_areas[1].name: expected a name")),
             qPrintable(problems->text()));

    areas->setCurrentRow(0);
    QVERIFY(problems->isHidden()); // Reports is fine
    auto* choice = view->findChild<QComboBox*>(QStringLiteral("areaFunnelChoice"));
    QVERIFY(chooseByKeyboard(choice, QStringLiteral("Reports: View")));
    QTest::keyClick(view->findChild<QPushButton*>(QStringLiteral("areaFunnelAdd")), Qt::Key_Space);
    const QString oneStep =
        QStringLiteral("$.product_areas[0].activation_funnel: a funnel needs 2 to 20 steps");
    QVERIFY2(problems->text().contains(oneStep), qPrintable(problems->text()));
    QSignalSpy finished(view, &DefinitionsView::finished);
    view->save();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().toBool(), false);
    QCOMPARE(problemTexts(view), QStringList{QStringLiteral("Error: ") + oneStep});
    QCOMPARE(test::snapshot(w.path), before);

    // Leaving with the edit: Save fails again, the view stays; Discard leaves without it.
    setAskAnswerer([](const QString&, const QString&) { return QMessageBox::Save; });
    QVERIFY(!w.window()->showView(QStringLiteral("today")));
    QVERIFY(finished.wait(10000));
    QCOMPARE(w.window()->currentViewId(), QStringLiteral("definitions"));
    setAskAnswerer([](const QString&, const QString&) { return QMessageBox::Discard; });
    QVERIFY(w.window()->showView(QStringLiteral("today")));
    setAskAnswerer(nullptr);
    QCOMPARE(w.window()->currentViewId(), QStringLiteral("today"));
    QCOMPARE(test::snapshot(w.path), before);
    QCOMPARE(view->findChild<FunnelStepsEditor*>()->steps(), QStringList());
}
