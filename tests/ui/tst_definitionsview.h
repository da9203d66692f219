#pragma once

// The Definitions view's tests, one binary: tst_definitionsview.cpp (the set-up, the event
// list, import and export), tst_definitionsview_areas.cpp (the product areas), and what they share.
#include "TestSupport.h"
#include "WindowFixture.h"

#include <QJsonObject>
#include <QObject>
#include <QTemporaryDir>

namespace pulsebook {
class DefinitionsView;
}

namespace definitionsviewtest {

// A workspace synced outside the window (as `pulsebook-cli sync` would): two team members, four
// users, six event names ("Onboarding: ..." and "Reports: ..." among them).
QString syncedWorkspace(const QTemporaryDir& dir);
// `pulsebook-cli workspace export -` of `path`; empty when it fails.
QJsonObject exported(const QString& path);
// A JSON array of strings as a list.
QStringList strings(const QJsonValue& value);
// The lines of the view's problem list.
QStringList problemTexts(QWidget* view);
// `path` opened in `w`, the Definitions view shown, its data on screen; null if not.
pulsebook::DefinitionsView* openDefinitions(pulsebook::test::WindowFixture& w, const QString& path);

// A window of the test's own with a workspace synced outside it (syncedWorkspace) in its folder.
struct SyncedWindow : pulsebook::test::WindowFixture
{
    const QString path = syncedWorkspace(dir());
};

} // namespace definitionsviewtest

class TestDefinitionsView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void model();
    void setupAfterTheFirstSync();
    void countsEqualTheCli();
    void unseenEventWarnsAndSaves();
    void badImportChangesNothing();
    void renameAreaAndBuildFunnel();
    void refusedRenameAndFunnel();
    void exportEqualsTheCli();
};
