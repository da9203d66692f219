#pragma once

#include "cache/Cache.h"
#include "sync/ExportSync.h"

#include <QWidget>

#include <functional>

class QGridLayout;
class QLabel;
class QPushButton;

namespace pulsebook {

// What the last sync of the import view did: rows per table, users created, "N rejected — Open
// rejects file"; or the error (`file:line:column: reason`, selectable, with Copy) and "The
// workspace is unchanged". Object names: syncOutcome (the heading), summaryRows, createdUsers,
// rejectedRows, openRejects, syncError, copyError.
class SyncResultPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SyncResultPanel(QWidget* parent = nullptr);

    void showSummary(const SyncSummary& summary, const QString& mappingError);
    // A sync from the workspace's log (the `sync-summary` screenshot).
    void showLogEntry(const SyncLogEntry& entry, const QString& rejectsPath);
    void showError(const QString& error);
    void showCancelled();

    // Test seam: opens the rejects file (default QDesktopServices::openUrl).
    void setFileOpener(std::function<void(const QString& path)> open) { m_open = std::move(open); }

private:
    struct Row
    {
        QString table;
        qint64 rows;
    };
    void showRows(const QString& heading, const QList<Row>& rows, qint64 createdUsers,
                  qint64 rejected, const QString& rejectsPath, const QStringList& notes);
    void setHeading(const QString& text, bool problem);

    QLabel* m_heading;
    QWidget* m_rowsBox;
    QGridLayout* m_rows;
    QLabel* m_created;
    QWidget* m_rejectsRow;
    QLabel* m_rejected;
    QPushButton* m_openRejects;
    QLabel* m_notes;
    QWidget* m_errorBox;
    QLabel* m_error;
    QPushButton* m_copy;
    std::function<void(const QString&)> m_open;
};

} // namespace pulsebook
