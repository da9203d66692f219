#pragma once

// syncExportFolder against small hand-written exports: every expected value below was worked
// out by hand from the fixture text (epoch milliseconds, line:column positions, row counts).
#include "Progress.h"
#include "SyncSupport.h"
#include "TestSupport.h"
#include "cache/Cache.h"
#include "cache/EventTable.h"
#include "sync/ExportSync.h"

#include <QByteArrayList>
#include <QFileInfo>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace pulsebook;
using pulsebook::test::makeFolder;
using pulsebook::test::readFile;
using pulsebook::test::rows;
using pulsebook::test::snapshot;
using pulsebook::test::Snapshot;
using pulsebook::test::snapshotDiff;
using pulsebook::test::storedRows;
using pulsebook::test::TableState;
using pulsebook::test::writeFile;

namespace exportsynctest {

using Files = pulsebook::test::ExportFiles;

// 2024-03-01T00:00:00Z: 19723 days to 2024-01-01, + 31 + 29 days.
constexpr qint64 Mar1 = 1709251200000LL;
constexpr qint64 Minute = 60000LL;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
// 2024-01-10T00:00:00Z.
constexpr qint64 Jan10 = 1704844800000LL;

inline const QByteArray TeamCsv = "person,role,manager\n"
                                  "Vera Vance,VP,\n"
                                  "Dan Diaz,Director,Vera Vance\n"
                                  "Mia Moss,Manager,Dan Diaz\n"
                                  "Cara Cole,CSM,Mia Moss\n"
                                  "Carl Cruz,CSM,Mia Moss\n";

// `tier` is not a known column: it becomes an account property.
inline const QByteArray AccountsCsv =
    "account_id,name,csm,renewal_date,arr,sentiment,has_success_plan,last_ebr,products_adopted,"
    "tier\n"
    "A1,\"Acme, Inc.\",Cara Cole,2026-03-31,\"$120,036\",green,yes,,\"Analytics, Reports\",gold\n"
    "A2,\"The \"\"Best\"\" Co\",Carl Cruz,2025-12-01T00:00:00Z,5000,Red,no,2025-06-15,3,\n"
    "A3,Globex,Cara Cole,,,,,,,silver\n";

inline const QByteArray UsersCsv =
    "user_id,identity,email,account_id,joindate,plan\n"
    "u1,ann@acme.example,ann@acme.example,A1,2024-01-15,pro\n"
    "u2,bob@acme.example,bob@acme.example,A1,2024-02-01,\n"
    "u3,cy@best.example,cy@best.example,A2,,free\n"
    "u4,dee@globex.example,dee@globex.example,A3,2024-03-01T12:00:00Z,pro\n"
    "u5,old-ann,ann.old@acme.example,A1,2023-06-01,\n";

inline const QByteArray MigrationsCsv = "from_user_id,to_user_id,time\n"
                                        "u5,u1,2024-01-20T00:00:00Z\n";

// u6 is first seen here.
inline const QByteArray SessionsCsv = "session_id,user_id,time,device_type,browser,utm_source\n"
                                      "s1,u1,2024-03-01T09:00:00Z,desktop,Chrome,newsletter\n"
                                      "s2,u2,2024-03-01T10:00:00Z,mobile,Safari,\n"
                                      "s3,u5,2024-01-10T08:00:00Z,desktop,Firefox,\n"
                                      "s4,u6,2024-03-02T11:00:00Z,tablet,Chrome,\n";

// Four events of u1 share 09:05; u7 is in no other file; u5's events move to u1.
inline const QByteArray EventsCsv = "event_id,user_id,time,event,session_id,path\n"
                                    "10,u1,2024-03-01T09:05:00Z,login,s1,/home\n"
                                    "9,u1,2024-03-01T09:05:00Z,view_dashboard,s1,/dash\n"
                                    "abc,u1,2024-03-01T09:05:00Z,export_csv,s1,\n"
                                    "ab,u1,2024-03-01T09:05:00Z,logout,s1,/bye\n"
                                    "2,u1,2024-03-01T09:01:00Z,login,s1,/home\n"
                                    "3,u2,2024-03-01T10:01:00Z,login,s2,/home\n"
                                    "4,u2,2024-03-01T10:02:00Z,view_dashboard,s2,/dash\n"
                                    "5,u3,2024-03-03T12:00:00Z,login,,\n"
                                    "6,u4,2024-03-04T13:00:00Z,login,,/home\n"
                                    "7,u5,2024-01-10T08:01:00Z,login,s3,/home\n"
                                    "8,u5,2024-01-10T08:02:00Z,view_dashboard,s3,/dash\n"
                                    "11,u7,2024-03-05T14:00:00Z,login,,\n"
                                    "12,u6,2024-03-02T11:01:00Z,view_dashboard,s4,\n";

// u8 is first seen here.
inline const QByteArray TouchesCsv = "user_id,campaign,time,stage\n"
                                     "u1,spring,2024-03-01T08:00:00Z,delivered\n"
                                     "u1,spring,2024-03-01T08:30:00Z,Opened\n"
                                     "u8,spring,2024-03-01T08:00:00Z,delivered\n";

inline Files mainExport()
{
    return {{QStringLiteral("team.csv"), TeamCsv},
            {QStringLiteral("accounts.csv"), AccountsCsv},
            {QStringLiteral("users.csv"), UsersCsv},
            {QStringLiteral("user_migrations.csv"), MigrationsCsv},
            {QStringLiteral("sessions.csv"), SessionsCsv},
            {QStringLiteral("events.csv"), EventsCsv},
            {QStringLiteral("campaign_touches.csv"), TouchesCsv}};
}

// The main export's events as stored: by user, then time, then ID (numbers by value first).
inline QStringList mainEvents()
{
    const auto at = [](qint64 ms) {
        return QString::number(ms);
    };
    return {
        QStringLiteral("u1|%1|7|login|s3|path=/home").arg(at(Jan10 + 8 * Hour + 1 * Minute)),
        QStringLiteral("u1|%1|8|view_dashboard|s3|path=/dash")
            .arg(at(Jan10 + 8 * Hour + 2 * Minute)),
        QStringLiteral("u1|%1|2|login|s1|path=/home").arg(at(Mar1 + 9 * Hour + 1 * Minute)),
        QStringLiteral("u1|%1|9|view_dashboard|s1|path=/dash")
            .arg(at(Mar1 + 9 * Hour + 5 * Minute)),
        QStringLiteral("u1|%1|10|login|s1|path=/home").arg(at(Mar1 + 9 * Hour + 5 * Minute)),
        QStringLiteral("u1|%1|ab|logout|s1|path=/bye").arg(at(Mar1 + 9 * Hour + 5 * Minute)),
        QStringLiteral("u1|%1|abc|export_csv|s1").arg(at(Mar1 + 9 * Hour + 5 * Minute)),
        QStringLiteral("u2|%1|3|login|s2|path=/home").arg(at(Mar1 + 10 * Hour + 1 * Minute)),
        QStringLiteral("u2|%1|4|view_dashboard|s2|path=/dash")
            .arg(at(Mar1 + 10 * Hour + 2 * Minute)),
        QStringLiteral("u3|%1|5|login|").arg(at(Mar1 + 2 * Day + 12 * Hour)),
        QStringLiteral("u4|%1|6|login||path=/home").arg(at(Mar1 + 3 * Day + 13 * Hour)),
        QStringLiteral("u6|%1|12|view_dashboard|s4")
            .arg(at(Mar1 + 1 * Day + 11 * Hour + 1 * Minute)),
        QStringLiteral("u7|%1|11|login|").arg(at(Mar1 + 4 * Day + 14 * Hour)),
    };
}

// Replaces the header row (the first line) of a CSV text.
inline QByteArray withHeader(const QByteArray& csv, const QByteArray& header)
{
    return header + csv.mid(csv.indexOf('\n'));
}

// Every stored event as "user|time|event ID|type|session[|key=value...]", in stored order.
inline QStringList storedEvents(Cache& cache)
{
    return storedRows(cache, EventChunks::Store::Events);
}

inline QString rowCountText(Cache& cache)
{
    QStringList parts;
    for (const auto& t : cache.rowCounts())
        parts.append(QStringLiteral("%1=%2").arg(t.table).arg(t.rows));
    return parts.join(QLatin1Char(' '));
}

inline QString tablesText(const SyncSummary& summary)
{
    QStringList parts;
    for (const auto& t : summary.tables)
        parts.append(
            QStringLiteral("%1:%2/%3/%4").arg(t.table).arg(t.rows).arg(t.landed).arg(t.rejected));
    return parts.join(QLatin1Char(' '));
}

inline QFileDevice::Permissions modeBits(const QString& path)
{
    // ReadUser/WriteUser/ExeUser describe this process's access, not the file mode: leave them out.
    const auto userBits = QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser;
    return QFileInfo(path).permissions() & ~userBits;
}

// Says "stop" from update(): from call number `stopAt` on, or (when `stopStage` is set) in
// that stage. Records the stages it was shown.
class StoppingProgress : public Progress
{
public:
    explicit StoppingProgress(int stopAt, const QString& stopStage = {})
        : m_stopAt(stopAt), m_stopStage(stopStage)
    {}
    void start(const QString& stage, qint64 total) override
    {
        Q_UNUSED(total);
        m_stages.append(stage);
    }
    bool update(qint64 done) override
    {
        Q_UNUSED(done);
        ++m_updates;
        if (m_stopAt > 0 && m_updates >= m_stopAt)
            return false;
        return m_stopStage.isEmpty() || m_stages.isEmpty() || m_stages.last() != m_stopStage;
    }
    int updates() const { return m_updates; }
    QStringList stages() const { return m_stages; }

private:
    int m_stopAt;
    QString m_stopStage;
    int m_updates = 0;
    QStringList m_stages;
};

// A big events.csv (over the 64 MB from which sync parses on both cores): fixed-width rows
// "100000001,u0000,2024-03-01T00:00:00Z,login," (44 bytes, empty title), row i on line i + 2.
constexpr int BigRows = 1600000;
constexpr int BigRowBytes = 44;
inline const QByteArray BigHeader = "event_id,user_id,time,event,title\n";

inline QByteArray bigEvents()
{
    QByteArray csv = BigHeader;
    csv.reserve(BigHeader.size() + qsizetype(BigRows) * BigRowBytes + (4 << 20));
    char row[64];
    for (int i = 0; i < BigRows; ++i) {
        std::snprintf(row, sizeof row, "%09d,u%04d,2024-03-01T00:00:00Z,login,\n", 100000001 + i,
                      i % 10000);
        csv.append(row, BigRowBytes);
    }
    return csv;
}

// Overwrites `text` into row `row` at byte `column` (0-based) of the row.
inline void patchRow(QByteArray* csv, int row, int column, const QByteArray& text)
{
    csv->replace(BigHeader.size() + qsizetype(row) * BigRowBytes + column, text.size(), text);
}

} // namespace exportsynctest

using namespace exportsynctest;

class TestExportSync : public QObject
{
    Q_OBJECT

private slots:
    void fullExport();
    void timestampForms();
    void synonyms_data();
    void synonyms();
    void resyncIsIdempotent();
    void changedAndNewEvent();
    void laterMergeMovesStoredRows();
    void mergeOfUserFirstSeenInEvents();
    void strictBadInput_data();
    void strictBadInput();
    void skipBadRows();
    void skippedRowsThenFatalErrorLeavesNoRejects();
    void skippedUserThenSeenAgain();
    void bigFileBadRow_data();
    void bigFileBadRow();
    void bigFileSplitInsideQuotedField();
    void cacheFileMode();
    void cancelAfterFirstUpdate();
    void cancelWhileWritingEvents();
    void cancelBetweenFiles();
    void cancelledProgressAndFailureAreOutcomes();
    void emptyEventsFile();
    void headerOnlyEventsFile();

private:
    bool openCache(Cache* cache, const QTemporaryDir& tmp, const QString& name = {});
};
