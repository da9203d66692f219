#pragma once

// The segments view's tests, one binary: tst_segmentsview.cpp (the editor: widgets, text, count,
// completion, keyboard), tst_segmentsview_saved.cpp (saving, deleting, unsaved changes), and
// what they share.
#include "TestSupport.h"
#include "WindowFixture.h"

#include <QObject>
#include <QTemporaryDir>
#include <QWidget>

namespace pulsebook {
class SegmentsView;
}

namespace segmentsviewtest {

// The segment worked out by hand beside the export in tst_segmentsview.cpp: w2, w4, w6.
inline const QString Built =
    QStringLiteral("did \"Track Parcel\" at least 2 times within 14d and "
                   "(account.\"Billing Country\" = \"Canada\" or \"Plan Name\" "
                   "is not set)");

template <typename T> T* child(QWidget* parent, const char* name)
{
    T* w = parent->findChild<T*>(QLatin1String(name));
    if (!w)
        qWarning("no %s", name);
    return w;
}

// The users `pulsebook-cli segment ARGUMENTS --count` counts (negative when it fails).
qint64 cliCount(const QStringList& arguments);

} // namespace segmentsviewtest

class TestSegmentsView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void builtWithWidgetsMatchesTheCli();
    void typedTextRebuildsTheWidgets_data();
    void typedTextRebuildsTheWidgets();
    void parseErrorKeepsTheWidgets();
    void countFollowsTheScope();
    void saveShowsInWorkspaceExport();
    void unsavedChangesAreAskedAbout();
    void valuesAreCompletedFromTheData();
    void keyboardReachesEveryPart();

private:
    // Opens the workspace in a new window and shows the segments view, ready.
    bool open();

    QTemporaryDir m_dir;
    pulsebook::test::SyncedCache m_synced;
    QString m_cache;
    pulsebook::test::WindowFixture m_w;
    pulsebook::SegmentsView* m_view = nullptr;
};
