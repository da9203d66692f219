#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

class QLineEdit;
class QListView;
class QObject;

namespace pulsebook {
class MainWindow;
class ResultView;
class Settings;
class View;
} // namespace pulsebook

namespace pulsebook::test {

// How WindowFixture::open opens the window.
struct WindowOptions
{
    // The settings file; empty: s.ini in WindowFixture::dir(), a new one with each fixture.
    QString settingsFile{};
    // The view the window starts on, as when it was the last one shown; empty: the default.
    QString lastView{};
    // A new workspace at `cache` (MainWindow::openWorkspace's `create`).
    bool create = false;
    // Wait for the workspace's summary; false: back as soon as the workspace is asked to
    // open, before the window handles any event (for a test that must see what comes first).
    bool waitForSummary = true;
};

// The main window as the GUI tests drive it: a real MainWindow, offscreen, on a cache, with a
// settings file of the test's own. The checks below fail the test (QVERIFY), as a user would
// see them fail; a caller that cannot go on after one asks QTest::currentTestFailed().
class WindowFixture
{
public:
    // WindowOptions is outside: a default argument `{}` cannot use the member initializers of a
    // class nested in one not yet complete.
    using Options = WindowOptions;

    WindowFixture();
    ~WindowFixture();
    WindowFixture(const WindowFixture&) = delete;
    WindowFixture& operator=(const WindowFixture&) = delete;

    // Opens `cache` in a new 1200 × 800 window, shown and active, and waits for the workspace's
    // summary (a hang guard of 30 s, not a timing) unless told not to.
    void open(const QString& cache, const Options& options = {});
    // The window, then its settings.
    void close();

    MainWindow* window() const { return m_window.get(); }
    // A folder of the test's own, removed with the fixture.
    const QTemporaryDir& dir() const { return m_dir; }

    // Ctrl+`key` (the sidebar's entries), then waits for `viewId` to be the current view.
    void goByShortcut(Qt::Key key, const QString& viewId);
    // The View menu's action `actionName` (its objectName), as from the menu, then waits for
    // `viewId` to be the current view.
    void goByAction(const QString& actionName, const QString& viewId);
    // Ctrl+K, then `text` typed into the command palette's field (which has the focus): the
    // field, for the Enter that follows.
    QLineEdit* typeInPalette(const QString& text);
    // The command palette's list of matches.
    QListView* paletteList() const;
    // Picks `person` in the scope bar by keyboard and waits for `view` to recompute.
    void choosePerson(const QString& person, View* view);

    // Waits for `view` to show its figures (a hang guard of 30 s).
    static void waitReady(View* view);
    // Waits for `view` to start recomputing (after a change of scope or option), then to finish.
    static void waitRecomputed(View* view);
    // A QAbstractItemModelTester on `table`'s model and on its proxy, living with `owner`.
    static void testModels(ResultView* table, QObject* owner);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace pulsebook::test
