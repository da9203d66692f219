#pragma once

#include <QVariant>
#include <QWidget>

#include <functional>
#include <memory>

class QLabel;

namespace pulsebook {

class AppContext;
struct Snapshot;

// A page of the main window (the sidebar lists them). A view reads the open workspace through the
// AppContext, loads its data off the GUI thread, and says when its data is on screen (ready()):
// `pulsebook --screenshot` and the GUI tests wait for that signal, never for a timer.
class View : public QWidget
{
    Q_OBJECT

public:
    View(AppContext* context, QWidget* parent = nullptr);

    AppContext* context() const { return m_context; }
    // True once the view's current data is on screen; false while it loads.
    bool isReady() const { return m_ready; }

    // The view became the current page, with the argument it was opened with (an account ID, a
    // folder...). Views load lazily here; the default does nothing.
    virtual void activate(const QVariant& argument);
    // Puts the view in the state `--screenshot NAME` shows (a view may have several, the import
    // view's "import-plan" and "sync-summary"); ready() follows. False with *error when it cannot
    // (no workspace open, no sync yet). The default accepts the view's own name.
    virtual bool prepareScreenshot(const QString& name, QString* error);
    // Asked before the main window leaves the view (for another view, another workspace, or to
    // quit): true when it may go now; false when not, or not yet: the view then calls `proceed`
    // once it may (after saving what the user chose to save). The default: true.
    virtual bool confirmLeave(const std::function<void()>& proceed);

signals:
    // The view's data is on screen.
    void ready();
    // Asks the main window to show another view (recorded in the back/forward history).
    void navigate(const QString& viewId, const QVariant& argument = QVariant());

protected:
    // Call when loading starts / when the result is on screen.
    void setLoading();
    void setReady();

    // For a view computed from the data and the scope bar: reload() runs again when a new
    // snapshot lands or the scope changes — at once when the view is shown, else at its next
    // activate() (reloadIfStale()).
    void followDataAndScope();
    void reloadIfStale();
    // The view's analysis: start it on a worker (beginReload() first). The default does nothing.
    virtual void reload();
    // Starts a reload: null while no snapshot is in yet (snapshotChanged follows); else the
    // view is marked fresh and loading, `greyed` is disabled (the old result stays on screen,
    // greyed, until the new one lands) and `status` says "Updating…".
    std::shared_ptr<const Snapshot> beginReload(QWidget* greyed, QLabel* status);

private:
    AppContext* m_context;
    bool m_ready = false;
    bool m_stale = true; // the data or the scope changed since the last reload
};

} // namespace pulsebook
