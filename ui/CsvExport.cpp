#include "CsvExport.h"

#include "PolledProgress.h"
#include "Settings.h"

#include <QDate>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace pulsebook {

namespace {

CsvExport::PathChooser& pathChooser()
{
    static CsvExport::PathChooser chooser;
    return chooser;
}

QString askForPath(QWidget* parent, const QString& title, const QString& name)
{
    Settings& settings = Settings::instance();
    QString folder = settings.get(Settings::Key::LastCsvFolder).toString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    const QString suggested = QStringLiteral("%1 %2.csv")
                                  .arg(name.isEmpty() ? QStringLiteral("pulsebook") : name,
                                       QDate::currentDate().toString(Qt::ISODate));
    const QString path = QFileDialog::getSaveFileName(
        parent, title, QDir(folder).filePath(suggested), QObject::tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        settings.set(Settings::Key::LastCsvFolder, QFileInfo(path).absolutePath());
    return path;
}

} // namespace

void CsvExport::setPathChooser(PathChooser chooser)
{
    pathChooser() = std::move(chooser);
}

QString CsvExport::choosePath(QWidget* parent, const QString& title, const QString& name)
{
    QString path = pathChooser() ? pathChooser()(parent, title) : askForPath(parent, title, name);
    if (!path.isEmpty() && !path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) &&
        !QFileInfo(path).exists())
        path += QStringLiteral(".csv");
    return path;
}

CsvExport::CsvExport(QWidget* dialogParent) : QObject(dialogParent), m_dialogParent(dialogParent)
{
    connect(&m_watcher, &QFutureWatcher<Status>::finished, this, [this] {
        if (m_dialog) {
            m_dialog->deleteLater();
            m_dialog = nullptr;
        }
        const Status status = m_watcher.result();
        m_progress.reset();
        report(status);
        if (status.isCancelled())
            emit cancelled();
        else
            emit finished(status.isDone(), status.isDone() ? m_path : status.error());
    });
}

void CsvExport::report(const Status& status)
{
    const QString file = QFileInfo(m_path).fileName();
    if (status.isFailed()) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Export failed"),
                                    tr("Could not export to %1.").arg(m_path), QMessageBox::Ok,
                                    m_dialogParent);
        box->setObjectName(QStringLiteral("exportError"));
        box->setInformativeText(tr("%1\n\nNo file was changed: an existing %2 is as it was.")
                                    .arg(status.error(), file));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setWindowModality(Qt::WindowModal);
        box->open();
    }
    auto* window = qobject_cast<QMainWindow*>(m_dialogParent ? m_dialogParent->window() : nullptr);
    if (!window)
        return;
    if (status.isDone())
        window->statusBar()->showMessage(tr("Exported to %1").arg(m_path), 10000);
    else if (status.isCancelled())
        window->statusBar()->showMessage(tr("Export cancelled: %1 was not written.").arg(file),
                                         10000);
    else
        window->statusBar()->showMessage(tr("Export failed: %1").arg(status.error()), 10000);
}

CsvExport::~CsvExport()
{
    cancel();
    m_watcher.waitForFinished();
}

void CsvExport::start(const QString& title, const QString& path, Writer write)
{
    if (isRunning())
        return;
    m_path = path;
    m_progress = std::make_shared<PolledProgress>();
    m_dialog = new QProgressDialog(title, tr("Cancel"), 0, 1000, m_dialogParent);
    m_dialog->setObjectName(QStringLiteral("exportProgress"));
    m_dialog->setWindowModality(Qt::WindowModal);
    m_dialog->setMinimumDuration(300);
    auto* poll = new QTimer(m_dialog);
    std::shared_ptr<PolledProgress> progress = m_progress;
    connect(poll, &QTimer::timeout, m_dialog, [this, progress] {
        if (m_dialog && progress->fraction() >= 0)
            m_dialog->setValue(int(progress->fraction() * 1000));
    });
    connect(m_dialog, &QProgressDialog::canceled, this, [progress] { progress->cancel(); });
    poll->start(100);
    m_watcher.setFuture(
        QtConcurrent::run([write = std::move(write), progress] { return write(progress.get()); }));
}

void CsvExport::cancel()
{
    if (m_progress)
        m_progress->cancel();
}

} // namespace pulsebook
