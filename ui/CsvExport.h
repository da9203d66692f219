#pragma once

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
// thread and reports how it ended.
class CsvExport : public QObject
{
    Q_OBJECT

public:
    // Writes the file, reporting to `progress`; returns "" when written, else the error.
    using Writer = std::function<QString(Progress* progress)>;
    // Chooses the file an export writes to: tests answer it; the default is a file dialog.
    using PathChooser = std::function<QString(QWidget* parent, const QString& title)>;
    static void setPathChooser(PathChooser chooser);
    // Asks for the file ("" when the user cancelled), adding ".csv" to a new file's name.
    static QString choosePath(QWidget* parent, const QString& title);

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
    void finished(bool ok, const QString& pathOrError);

private:
    QWidget* m_dialogParent;
    QFutureWatcher<QString> m_watcher; // "" when written, else the error
    std::shared_ptr<PolledProgress> m_progress;
    QProgressDialog* m_dialog = nullptr;
    QString m_path;
};

} // namespace pulsebook
