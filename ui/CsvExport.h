#pragma once

#include "Outcome.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QProgressDialog;
class QWidget;

namespace pulsebook {

class PolledProgress;
class Progress;

// An export to a CSV file on a worker, with a progress dialog and Cancel: the plumbing every
// table of the window shares (ResultView's rows, the users list's whole list). The writing
// itself is core's (TableCsv, ListCsv); this only chooses the file, runs the writer off the GUI
// thread and reports how it ended: to the caller (finished / cancelled) and to the user (the
// window's status bar says where the file went or that nothing was written; a failure opens a
// message box with the reason).
class CsvExport : public QObject
{
    Q_OBJECT

public:
    // Writes the file, reporting to `progress`; Cancelled when `progress` was cancelled.
    using Writer = std::function<Status(Progress* progress)>;
    // Chooses the file an export writes to: tests answer it; none (the default, or nullptr) is
    // a file dialog.
    using PathChooser = std::function<QString(QWidget* parent, const QString& title)>;
    static void setPathChooser(PathChooser chooser);
    // Asks for the file ("" when the user cancelled), adding ".csv" to a new file's name. The
    // dialog starts in the folder of the last export (Documents the first time) with the name
    // "`name` YYYY-MM-DD.csv" (today's date) filled in.
    static QString choosePath(QWidget* parent, const QString& title, const QString& name);

    // `dialogParent` owns the progress dialog (window-modal over it).
    explicit CsvExport(QWidget* dialogParent);
    // Cancels a running export and waits for its worker.
    ~CsvExport() override;

    // Runs `write` on a worker under a progress dialog titled `title`; finished() follows.
    // Does nothing while an export runs.
    void start(const QString& title, const QString& path, Writer write);
    bool isRunning() const { return m_watcher.isRunning(); }
    void cancel();

signals:
    // Written (ok: the path) or failed (the reason); a cancel emits cancelled() instead.
    void finished(bool ok, const QString& pathOrError);
    void cancelled();

private:
    QWidget* m_dialogParent;
    void report(const Status& status);

    QFutureWatcher<Status> m_watcher;
    std::shared_ptr<PolledProgress> m_progress;
    QProgressDialog* m_dialog = nullptr;
    QString m_path;
};

} // namespace pulsebook
