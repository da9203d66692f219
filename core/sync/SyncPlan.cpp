#include "SyncPlan.h"

#include "CsvReader.h"

#include <QDir>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace pulsebook {

namespace {

// The absent table whose required fields the header `names` has, most fields matched
// first; "" when none fits.
QString tableFitting(const QStringList& names, const QStringList& absent,
                     const ExportMapping& mapping)
{
    QString best;
    int bestCount = 0;
    for (const auto& spec : ExportFormat::files()) {
        const QString table = QLatin1String(spec.tableName);
        if (!absent.contains(table))
            continue;
        ExportFormat::Header h;
        int bad;
        QString problem;
        if (!ExportFormat::matchHeader(spec, names, mapping.columns.value(table), &h, &bad,
                                       &problem) ||
            !h.missing.isEmpty() || !h.unmatched.isEmpty())
            continue;
        const int count = int(std::count_if(h.columnField.begin(), h.columnField.end(),
                                            [](int f) { return f >= 0; }));
        if (count > bestCount) {
            best = table;
            bestCount = count;
        }
    }
    return best;
}

} // namespace

QString SyncPlan::blockingProblem() const
{
    for (const TablePlan& t : tables) {
        if (!t.headerError.isEmpty())
            return t.headerError;
        if (!t.unmatched.isEmpty())
            return QStringLiteral("%1:1:1: the mapping columns.%2.%3 names \"%4\", which the "
                                  "header does not have")
                .arg(t.path, t.tableName, t.unmatched.first(),
                     mapping.columns.value(t.tableName).value(t.unmatched.first()));
        if (!t.missing.isEmpty())
            return QStringLiteral("%1:1:1: missing required column \"%2\"")
                .arg(t.path, t.missing.first());
    }
    if (!tables.isEmpty())
        return QString();
    QString message = QStringLiteral("%1: no export files (expected events.csv, users.csv, "
                                     "accounts.csv, ...)")
                          .arg(folder);
    for (const IgnoredFile& f : ignored) {
        if (!f.suggestedTable.isEmpty())
            message += QStringLiteral("; %1 has the columns of %2: read it with --map %2=%1")
                           .arg(f.file, f.suggestedTable);
    }
    return message;
}

bool planExportFolder(const QString& folder, const ExportMapping& mapping, SyncPlan* plan,
                      QString* error)
{
    *plan = SyncPlan();
    plan->folder = folder;
    plan->mapping = mapping;
    const QDir dir(folder);
    if (!dir.exists()) {
        *error = QStringLiteral("%1: no such folder").arg(folder);
        return false;
    }
    const QStringList entries = dir.entryList(QDir::Files, QDir::Name);
    QSet<QString> used;               // lower-case names of the chosen files
    QHash<QString, QString> passedBy; // usual-name file -> why the mapping passed it by
    for (const auto& spec : ExportFormat::files()) {
        const QString table = QLatin1String(spec.tableName);
        QString match;
        const bool mapped = mapping.files.contains(table);
        // The usual names in the spec's order, so that "both events.csv and all_events.csv"
        // reads the same whatever the folder's order.
        for (const char* name : spec.files) {
            for (const QString& e : entries) {
                if (e.compare(QLatin1String(name), Qt::CaseInsensitive) != 0)
                    continue;
                if (mapped) {
                    passedBy.insert(e, QStringLiteral("files.%1 names %2 instead")
                                           .arg(table, mapping.files.value(table)));
                    continue;
                }
                if (!match.isEmpty()) {
                    *error = QStringLiteral("%1: both %2 and %3 hold %4: keep one")
                                 .arg(folder, match, e, table);
                    return false;
                }
                match = e;
            }
        }
        for (const QString& e : entries) {
            if (mapped && e.compare(mapping.files.value(table), Qt::CaseInsensitive) == 0) {
                match = e;
                passedBy.remove(e);
            }
        }
        // A mapped file missing from the folder is no error: a folder may bring only some of
        // the tables (the nightly events); the plan shows the table without a file.
        if (match.isEmpty()) {
            plan->absent.append(table);
            continue;
        }
        if (used.contains(match.toLower())) {
            *error = QStringLiteral("%1: %2 cannot hold two tables (%3 is the second)")
                         .arg(folder, match, table);
            return false;
        }
        used.insert(match.toLower());
        SyncPlan::TablePlan t;
        t.table = spec.table;
        t.tableName = table;
        t.file = match;
        t.path = dir.filePath(match);
        t.mapped = mapped;
        CsvReader reader;
        QStringList names;
        ExportFormat::Header h;
        int bad = 0;
        QString problem;
        if (!reader.open(t.path, &t.headerError) ||
            !ExportFormat::readHeaderNames(reader, &names, &t.headerError)) {
            // headerError says why
        } else if (!ExportFormat::matchHeader(spec, names, mapping.columns.value(table), &h, &bad,
                                              &problem)) {
            t.headerError = reader.fieldError(bad, problem);
        } else {
            for (const QString& name : names)
                t.columns.append({name, QString(), ExportFormat::Match::Canonical});
            for (size_t c = 0; c < spec.columns.size(); ++c) {
                const int f = h.columnField[c];
                if (f < 0)
                    continue;
                t.columns[f].field = QLatin1String(spec.columns[c].name);
                t.columns[f].match = h.columnMatch[c];
            }
            t.missing = h.missing;
            t.unmatched = h.unmatched;
            t.unread = h.unread;
        }
        plan->tables.append(t);
    }
    for (const QString& e : entries) {
        if (used.contains(e.toLower()))
            continue;
        SyncPlan::IgnoredFile f;
        f.file = e;
        if (passedBy.contains(e)) {
            f.reason = passedBy.value(e);
        } else if (!e.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) {
            f.reason = QStringLiteral("not a CSV file");
        } else {
            f.reason = QStringLiteral("no table has this file name");
            CsvReader reader;
            QStringList names;
            QString why;
            if (reader.open(dir.filePath(e), &why) &&
                ExportFormat::readHeaderNames(reader, &names, &why))
                f.suggestedTable = tableFitting(names, plan->absent, mapping);
        }
        plan->ignored.append(f);
    }
    return true;
}

} // namespace pulsebook
