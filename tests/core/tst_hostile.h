#pragma once

// Hostile input (issue 6, item 4): each input with its exact outcome, worked out by hand from
// the bytes below (line:column positions count bytes from 1), no crash, no hang (the QtTest
// watchdog, QTEST_FUNCTION_TIMEOUT in tests/CMakeLists.txt, and hang guards on the command
// line runs), and no partial write: a failed sync leaves every table, the sync log included,
// as it was. Exports run through pulsebook-cli as a user runs them, and no cell that a
// spreadsheet would run as a formula may come out of them.
#include "SyncSupport.h"
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Segment.h"
#include "cache/Cache.h"
#include "sync/CsvReader.h"
#include "sync/ExportSync.h"
#include "sync/FieldParser.h"

#include <QByteArrayList>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace pulsebook;
using pulsebook::test::makeFolder;
using pulsebook::test::readFile;
using pulsebook::test::rows;
using pulsebook::test::snapshot;
using pulsebook::test::Snapshot;
using pulsebook::test::snapshotDiff;
using pulsebook::test::TableState;
using pulsebook::test::writeFile;

namespace hostiletest {

using Files = pulsebook::test::ExportFiles;

// A good export in the cache before every failing sync.
inline const Files BaseExport = {
    {QStringLiteral("team.csv"), "person,role,manager\nKim Kay,CSM,\n"},
    {QStringLiteral("users.csv"), "user_id,email\nk1,k1@example.test\n"},
    {QStringLiteral("events.csv"),
     "event_id,user_id,time,event\nk-e1,k1,2026-01-05T10:00:00Z,Login\n"},
};
// Good files that a failing sync reads before events.csv: they would show a partial write.
inline const QByteArray FillerTeam = "person,role,manager\nZed Zane,CSM,Kim Kay\n";
inline const QByteArray FillerUsers = "user_id,email\nu99,u99@example.test\n";

inline const QByteArray EventsHeader = "event_id,user_id,time,event\n";
inline const QByteArray GoodEvent = "1,u1,2024-03-01T00:00:00Z,login\n";
inline const QString TimeRange = QStringLiteral("time out of range (years 1900 to 9999)");
inline const QString NotATimestamp =
    QStringLiteral("not a timestamp (expected ISO-8601, YYYY-MM-DD HH:MM:SS or epoch)");

// Watchdog for command-line runs (a hang guard, not a timing): every run here takes well under
// a second when nothing is wrong.
constexpr int HangGuardMs = 10000;
// The same for the 100,000-column file, whose sync also prints a 100,000-line plan: about 1.5 s
// in a release build, about 10 s under ASan on the loaded 2-core CI box.
constexpr int WideHangGuardMs = 60000;

// `text` with every ~ turned into a NUL byte.
inline QByteArray withNul(QByteArray text)
{
    return text.replace('~', '\0');
}

// A cache holding BaseExport, in its own temporary folder.
struct Fixture
{
    QTemporaryDir tmp;
    Cache cache;
    Snapshot before;

    bool prepare()
    {
        QString error;
        if (!tmp.isValid() ||
            !cache.open(tmp.filePath(QStringLiteral("cache.pulsebook")), true, &error) ||
            !syncExportFolder(cache, makeFolder(tmp.path(), QStringLiteral("base"), BaseExport),
                              SyncOptions(), nullptr, nullptr, &error)) {
            qWarning("fixture: %s", qPrintable(error));
            return false;
        }
        before = snapshot(cache.path(), false);
        return before.value(QStringLiteral("sync_log")).rows == 1;
    }

    // Where syncSkipping() writes the rejected rows.
    QString rejectsPath() const { return tmp.filePath(QStringLiteral("rejects.csv")); }

    // Syncs `folder` into the cache with skipBadRows, the rejects going to rejectsPath().
    bool syncSkipping(const QString& folder, SyncSummary* summary, QString* error)
    {
        SyncOptions options;
        options.skipBadRows = true;
        options.rejectsPath = rejectsPath();
        return syncExportFolder(cache, folder, options, nullptr, summary, error).isDone();
    }
};

struct Run
{
    int exitCode = -1; // -2: crashed; -3: still running after the hang guard
    QByteArray out;
    QByteArray err;
};

inline Run cli(const QStringList& arguments, int guardMs = HangGuardMs)
{
    QProcess p;
    p.start(QStringLiteral(PULSEBOOK_CLI_PATH), arguments);
    Run r;
    if (!p.waitForStarted())
        return r;
    if (!p.waitForFinished(guardMs)) {
        p.kill();
        p.waitForFinished();
        r.exitCode = -3;
        r.err = "still running after the hang guard; killed";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// The cells of a CSV file, header included, read back with the sync's own reader.
inline QList<QStringList> csvCells(const QString& path, QString* error)
{
    QList<QStringList> result;
    CsvReader reader;
    if (!reader.open(path, error))
        return result;
    while (reader.next()) {
        QStringList cells;
        for (int i = 0; i < reader.fieldCount(); ++i) {
            const auto f = reader.field(i);
            cells.append(QString::fromUtf8(f.data(), qsizetype(f.size())));
        }
        result.append(cells);
    }
    if (reader.hasError())
        *error = reader.errorString();
    return result;
}

// README.md, "Files the CLI writes": a text cell starting with = + - @ tab or CR must be prefixed
// with '; numbers stay numbers (only a minus sign can start one). Returns the offending cells.
inline QStringList formulaCells(const QList<QStringList>& cells)
{
    QStringList bad;
    for (qsizetype r = 0; r < cells.size(); ++r) {
        for (const QString& cell : cells[r]) {
            if (cell.isEmpty() || !QStringLiteral("=+-@\t\r").contains(cell.front()))
                continue;
            bool number = false;
            if (cell.front() == QLatin1Char('-'))
                cell.toDouble(&number);
            if (!number)
                bad.append(QStringLiteral("row %1: \"%2\"").arg(r).arg(cell));
        }
    }
    return bad;
}

inline int countNeutralised(const QList<QStringList>& cells)
{
    int n = 0;
    for (const auto& row : cells) {
        for (const QString& cell : row) {
            if (cell.size() > 1 && cell.front() == QLatin1Char('\'') &&
                QStringLiteral("=+-@\t\r").contains(cell.at(1)))
                ++n;
        }
    }
    return n;
}

} // namespace hostiletest

using namespace hostiletest;

class TestHostile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void strictBadInput_data();
    void strictBadInput();
    void randomGarbage();

    void headerOnlyFiles();
    void tenMegabyteFields();
    void nulBytesRejected();
    void mixedLineEndings();
    void duplicateIdsWithConflictingValues();
    void duplicateEventAcrossSyncs();
    void timestampBoundaries();
    void negativeArrSkipped();
    void datesInYear9999();
    void sqlLikeNames();
    void hundredThousandColumnsOfUsers();
    void hundredThousandColumnsOfEvents();

    void formulaCellsNeutralisedInEveryExport();
    void rejectsFileNeutralised();
    void negativeNumbersStayNumbersOnStandardOutput();

    void cleanupTestCase();

private:
    QTemporaryDir m_tmp;
    int m_inputs = 0; // hostile inputs tried, for the report
    int m_exports = 0;
};
