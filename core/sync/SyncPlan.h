#pragma once

#include "ExportFormat.h"
#include "ExportMapping.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace pulsebook {

// What a sync of an export folder will do, read from the file names and headers only (no
// data): per table the file chosen and why, per column the field it fills or that it becomes a
// property, the required fields missing, and the files left alone with the reason. A
// presentation-neutral result: the CLI prints it (sync --dry-run), an import screen renders
// it; editing the mapping and planning again is how a user changes it.
struct SyncPlan
{
    struct Column
    {
        QString header;            // as written in the file
        QString field;             // the contract field it fills; empty: it becomes a property
        ExportFormat::Match match; // for a field: by its name, a synonym or the mapping
    };
    struct TablePlan
    {
        ExportFormat::Table table;
        QString tableName;
        QString file;          // the file's name in the folder
        QString path;          // the file's path
        bool mapped;           // chosen by the mapping's `files` rather than its usual name
        QList<Column> columns; // in the file's order
        QStringList missing;   // required fields no column fills
        QStringList unmatched; // mapped fields whose column the file lacks ("csm")
        QStringList unread;    // optional fields the mapping leaves without a column
        QString headerError;   // an unreadable header (empty file, duplicate column), if any
        bool ready() const
        {
            return missing.isEmpty() && unmatched.isEmpty() && headerError.isEmpty();
        }
    };
    struct IgnoredFile
    {
        QString file;
        QString reason;
        // For a CSV whose header has every required field of a table the folder lacks: the
        // table, so that "--map TABLE=FILE" (or the workspace's files.TABLE) would read it.
        QString suggestedTable;
    };

    QString folder;
    ExportMapping mapping;
    QList<TablePlan> tables; // in the order a sync reads them
    QList<IgnoredFile> ignored;
    QStringList absent; // tables without a file

    // The first problem that stops a sync of this plan ("" when there is none), in the form of
    // the sync's own errors ("accounts.csv:1:1: missing required column ...").
    QString blockingProblem() const;
};

// Plans the sync of `folder` with `mapping`. False with *error only when the folder does not
// exist or two files hold one table; problems of single files are part of the plan, and a
// file the mapping names but the folder lacks leaves its table without a file.
bool planExportFolder(const QString& folder, const ExportMapping& mapping, SyncPlan* plan,
                      QString* error);

} // namespace pulsebook
