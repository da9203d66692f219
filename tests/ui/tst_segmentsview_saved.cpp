// The segments view's saved segments (see tst_segmentsview.h): a save shows in `workspace
// export` and `segment --name` counts it; a delete after asking; unsaved changes are asked about
// before another segment or view.
#include "tst_segmentsview.h"

#include "AppContext.h"
#include "AskUser.h"
#include "MainWindow.h"
#include "SegmentEditor.h"
#include "SegmentEditorGroup.h"
#include "SegmentListModel.h"
#include "SegmentsView.h"

#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"

#include <QCheckBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace pulsebook;
using namespace segmentsviewtest;

void TestSegmentsView::saveShowsInWorkspaceExport()
{
    QVERIFY(open());
    QTest::mouseClick(child<QPushButton>(m_view, "segmentNew"), Qt::LeftButton);
    // New focuses the name, selected: typing replaces it.
    auto* name = child<QLineEdit>(m_view, "segmentName");
    QVERIFY(name->hasFocus());
    QTest::keyClicks(name, QStringLiteral("Canadian parcels"));
    QPlainTextEdit* text = m_view->editor()->textEdit();
    text->setPlainText(Built);
    QVERIFY(m_view->isDirty());
    QSignalSpy stored(m_view, &SegmentsView::stored);
    QTest::keyClick(text, Qt::Key_S, Qt::ControlModifier);
    QVERIFY(stored.wait(10000));
    QVERIFY2(stored.at(0).at(0).toBool(),
             qPrintable(child<QLabel>(m_view, "segmentStatus")->text()));
    QVERIFY(!m_view->isDirty());
    QCOMPARE(m_view->savedName(), QStringLiteral("Canadian parcels"));

    const QString file = m_dir.filePath(QStringLiteral("w.json"));
    QCOMPARE(test::runCli({QStringLiteral("workspace"), QStringLiteral("export"), file,
                           QStringLiteral("--cache"), m_cache})
                 .exitCode,
             0);
    const QJsonObject segments = QJsonDocument::fromJson(test::readFile(file))
                                     .object()
                                     .value(QStringLiteral("segments"))
                                     .toObject();
    Segment parsed;
    QString error;
    QVERIFY(SegmentParser::parse(Built, &parsed, &error));
    QCOMPARE(segments.value(QStringLiteral("Canadian parcels")), parsed.toJson());
    QCOMPARE(cliCount({QStringLiteral("--cache"), m_cache, QStringLiteral("--name"),
                       QStringLiteral("Canadian parcels")}),
             3);

    // Delete, after asking: No keeps it, Yes removes it from the workspace.
    QString asked;
    setAskAnswerer([&](const QString&, const QString& question) {
        asked = question;
        return QMessageBox::No;
    });
    m_view->deleteSegment();
    QVERIFY(asked.contains(QStringLiteral("Canadian parcels")));
    QCOMPARE(m_view->savedName(), QStringLiteral("Canadian parcels"));
    setAskAnswerer([](const QString&, const QString&) { return QMessageBox::Yes; });
    stored.clear();
    QListView* list = child<QListView>(m_view, "segmentsList");
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Delete);
    QVERIFY(stored.wait(10000));
    QVERIFY(stored.at(0).at(0).toBool());
    QCOMPARE(m_view->list()->rowOf(QStringLiteral("Canadian parcels")), -1);
    QCOMPARE(test::runCli({QStringLiteral("workspace"), QStringLiteral("export"), file,
                           QStringLiteral("--cache"), m_cache})
                 .exitCode,
             0);
    QVERIFY(!QJsonDocument::fromJson(test::readFile(file))
                 .object()
                 .value(QStringLiteral("segments"))
                 .toObject()
                 .contains(QStringLiteral("Canadian parcels")));
}

void TestSegmentsView::unsavedChangesAreAskedAbout()
{
    QVERIFY(open());
    const QString first = m_view->savedName();
    QVERIFY(!first.isEmpty());
    const QString saved = m_view->editor()->text();
    auto* root = m_view->editor()->root();
    auto* negate = child<QCheckBox>(root, "groupNot");
    negate->setFocus();
    QTest::keyClick(negate, Qt::Key_Space);
    QVERIFY(m_view->isDirty());
    QCOMPARE(m_view->list()->rows().value(m_view->list()->rowOf(first)).unsaved, true);

    // Another segment: Cancel stays on this one, with its changes.
    int asked = 0;
    setAskAnswerer([&](const QString&, const QString&) {
        ++asked;
        return QMessageBox::Cancel;
    });
    const QString other = m_view->list()->rows().value(1).name;
    QListView* list = child<QListView>(m_view, "segmentsList");
    list->setCurrentIndex(m_view->list()->index(1, 0));
    QCOMPARE(asked, 1);
    QCOMPARE(m_view->savedName(), first);
    QVERIFY(m_view->isDirty());
    QCOMPARE(list->currentIndex().row(), m_view->list()->rowOf(first));
    // Leaving the view: Cancel stays too.
    QVERIFY(!m_w.window()->showView(QStringLiteral("overview")));
    QCOMPARE(asked, 2);
    QCOMPARE(m_w.window()->currentViewId(), QStringLiteral("segments"));
    // Discard goes, and the segment is as saved again.
    setAskAnswerer([&](const QString&, const QString&) {
        ++asked;
        return QMessageBox::Discard;
    });
    QVERIFY(m_w.window()->showView(QStringLiteral("overview")));
    QCOMPARE(asked, 3);
    QVERIFY(!m_view->isDirty());
    QCOMPARE(m_view->editor()->text(), saved);
    QVERIFY(m_w.window()->showView(QStringLiteral("segments")));
    // Without changes, nothing is asked.
    list->setCurrentIndex(m_view->list()->index(1, 0));
    QCOMPARE(asked, 3);
    QCOMPARE(m_view->savedName(), other);
}
