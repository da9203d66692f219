#pragma once

// Crash safety under SIGKILL at many points (issue 6, item 3): `pulsebook-cli sync` killed at
// random times spread over a whole sync, and `pulsebook-cli workspace import` killed at random
// times and while it writes. After every kill the cache opens, passes PRAGMA integrity_check
// and holds exactly the state before the killed command or exactly the state after it
// (docs/architecture.md, the cache: a sync is one transaction; Workspace::save is one transaction).
//
// Each kill runs on a copy of a cache that holds a sync of export "old"; the killed sync
// writes export "new", which shares IDs with it (both demo exports number their users and
// events from 1) but differs in every table. The two reference states are computed once, by
// an uninterrupted run, which also times the sync so that the kill points can be spread over
// it with a fixed seed.
#include "SyncSupport.h"
#include "TestSupport.h"
#include "cache/Cache.h"
#include "workspace/Workspace.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace pulsebook;
using pulsebook::test::snapshot;
using pulsebook::test::Snapshot;
using pulsebook::test::snapshotDiff;
using pulsebook::test::TableState;
using pulsebook::test::writeFile;

namespace crashloop {

// A cache's contents: every table but the sync log, whose rows record when each sync ran,
// and the sync log without those times.
struct State
{
    Snapshot tables;
    QStringList log;
    bool operator==(const State& o) const { return tables == o.tables && log == o.log; }
};

inline State stateOf(const QString& path)
{
    State state;
    state.tables = snapshot(path, true);
    Cache c;
    QString error;
    if (!c.open(path, false, &error)) {
        state.log.append(error);
        return state;
    }
    Statement s = c.db().prepare("SELECT source, mode, rows, rejected, created_users FROM "
                                 "sync_log ORDER BY id",
                                 &error);
    while (s.step()) {
        state.log.append(QStringLiteral("%1|%2|%3|%4|%5")
                             .arg(s.text(0), s.text(1), s.text(2))
                             .arg(s.int64(3))
                             .arg(s.int64(4)));
    }
    return state;
}

// "new" (1,000,000 events) is big enough that its sync lasts about a second on the 2-core
// machine (0.9 to 2 s when this was written, depending on what else ran), so that 20-odd kill
// points fall some 40 ms apart and every stage (reading, sorting, writing) gets some; small
// enough that the whole suite stays under a minute. "old" is small, so that copying it for
// each kill is cheap.
inline const QStringList OldDemo{QStringLiteral("--users"),  QStringLiteral("3000"),
                                 QStringLiteral("--events"), QStringLiteral("200000"),
                                 QStringLiteral("--seed"),   QStringLiteral("1")};
inline const QStringList NewDemo{QStringLiteral("--users"),  QStringLiteral("8000"),
                                 QStringLiteral("--events"), QStringLiteral("1000000"),
                                 QStringLiteral("--seed"),   QStringLiteral("2")};

// Kill points drawn at random (stratified over the calibrated duration, fixed seed), and the
// stage lines at which one more kill each is aimed.
constexpr int RandomSyncKills = 21;
constexpr int MinimumSyncKills = 20;
// A stage line and how long after it to kill, so that each stage gets a kill whatever the
// timing: the commit, the summary and the checkpoint into the file on close all come after
// "Committing". The last one lands inside the transaction, for syncAfterKillLands().
inline const std::pair<const char*, int> AimedKills[] = {
    {"Sorting events", 0}, {"Committing", 0}, {"Committing", 40}, {"Writing events", 0}};
// Random kill points fall in the first 90% of the calibrated duration: the rest (commit,
// summary, checkpoint) is short, aimed at above, and a faster run may be over by then.
constexpr double RandomSpan = 0.9;
constexpr int RandomImportKills = 24;
constexpr int AimedImportKills = 6;
constexpr int MinimumImportKills = 20;
constexpr quint32 Seed = 20241123;

// Segments per workspace document: about 1.5 MB of JSON, so that an import spends tens of
// milliseconds writing its transaction (about 2.5 MB of pretty-printed JSON in the cache).
constexpr int Segments = 20000;

// Guards against a hang only; nothing here asserts a duration.
constexpr int HangGuardMs = 120000;

inline QString cliPath()
{
    return QStringLiteral(PULSEBOOK_CLI_PATH);
}

struct Run
{
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0; // from "started" to "finished"
};

inline Run runCli(const QStringList& arguments)
{
    QProcess p;
    p.start(cliPath(), arguments);
    Run r;
    if (!p.waitForStarted()) {
        r.err = "did not start";
        return r;
    }
    QElapsedTimer clock;
    clock.start();
    if (!p.waitForFinished(HangGuardMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "did not finish";
        return r;
    }
    r.elapsedMs = clock.elapsed();
    r.exitCode = p.exitCode();
    r.status = p.exitStatus();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

inline QString stateDiff(const State& a, const State& b)
{
    QString diff = snapshotDiff(a.tables, b.tables);
    if (diff.isEmpty())
        diff = QStringLiteral("equal");
    if (a.log != b.log)
        diff += QStringLiteral("; sync logs differ: %1 against %2")
                    .arg(a.log.join(QLatin1Char(' ')), b.log.join(QLatin1Char(' ')));
    return diff;
}

// A cache file and its write-ahead log and shared-memory index.
inline void removeCache(const QString& path)
{
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
}

inline qint64 walBytes(const QString& path)
{
    return QFileInfo(path + QStringLiteral("-wal")).size();
}

// The stage a progress log was in when it ended: "[  0.9 s   134 MB] Sorting events..." ->
// "sorting"; "starting" before the first line.
inline QString lastStage(const QByteArray& progress)
{
    static const QRegularExpression line(QStringLiteral("\\] (\\w+)"));
    QString stage = QStringLiteral("starting");
    auto it = line.globalMatch(QString::fromUtf8(progress));
    while (it.hasNext())
        stage = it.next().captured(1).toLower();
    return stage;
}

// Tallies of where kills landed, for the report.
struct Tally
{
    int landed = 0;         // killed while running
    int finishedFirst = 0;  // had exited before the kill: the new state, and not counted
    int previous = 0;       // killed before the commit: the state before the command
    int previousInside = 0; // ... with uncommitted frames in the write-ahead log
    int next = 0;           // killed after the commit: the state after the command
    QMap<QString, int> stages;

    QString text() const
    {
        QStringList s;
        for (auto it = stages.begin(); it != stages.end(); ++it)
            s.append(QStringLiteral("%1 %2").arg(it.key()).arg(it.value()));
        return QStringLiteral("%1 kills landed: %2 before the commit (previous state; %3 of them "
                              "with uncommitted frames in the log), %4 after it (new state); by "
                              "stage: %5; %6 runs finished before their kill point")
            .arg(landed)
            .arg(previous)
            .arg(previousInside)
            .arg(next)
            .arg(s.join(QStringLiteral(", ")))
            .arg(finishedFirst);
    }
};

// A workspace document with `Segments` segments whose names and values carry `tag`.
inline QByteArray workspaceDocument(const QString& tag)
{
    QJsonObject segments;
    for (int i = 0; i < Segments; ++i) {
        segments.insert(
            QStringLiteral("%1 segment %2").arg(tag).arg(i, 5, 10, QLatin1Char('0')),
            QJsonObject{{QStringLiteral("property"), QStringLiteral("role")},
                        {QStringLiteral("op"), QStringLiteral("=")},
                        {QStringLiteral("value"), QStringLiteral("%1-%2").arg(tag).arg(i)}});
    }
    const QJsonObject root{
        {QStringLiteral("version"), 1},
        {QStringLiteral("kpi_events"), QJsonArray{QStringLiteral("Login")}},
        {QStringLiteral("onboarding_steps"), QJsonArray{QStringLiteral("Login")}},
        {QStringLiteral("segments"), segments},
        {QStringLiteral("campaigns"),
         QJsonObject{{QStringLiteral("key_event"), QStringLiteral("Login")}}},
        {QStringLiteral("scorecard"),
         QJsonObject{
             {QStringLiteral("columns"),
              QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("WAU")},
                                     {QStringLiteral("metric"), QStringLiteral("wau")},
                                     {QStringLiteral("direction"), QStringLiteral("higher")},
                                     {QStringLiteral("green"), 2},
                                     {QStringLiteral("yellow"), 1}}}}}},
        {QStringLiteral("health_score"),
         QJsonObject{{QStringLiteral("groups"),
                      QJsonArray{QJsonObject{
                          {QStringLiteral("name"), QStringLiteral("Usage")},
                          {QStringLiteral("weight"), 1},
                          {QStringLiteral("inputs"),
                           QJsonArray{QJsonObject{{QStringLiteral("metric"), QStringLiteral("mau")},
                                                  {QStringLiteral("zero"), 0},
                                                  {QStringLiteral("ten"), 2}}}}}}}}},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace crashloop

using namespace crashloop;

class TestCrashLoop : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void syncKilledAtRandomPoints();
    void syncAfterKillLands();
    void workspaceImportKilledAtRandomPoints();
    void cleanupTestCase();

private:
    // Opens the cache the way the app does, runs the integrity check, and says which reference
    // state the cache holds ("previous", "new" or "neither", with the differing tables).
    QString checkCache(const QString& path, const State& previous, const State& next);
    // One killed sync of the new export into a fresh copy of the old cache: killed after
    // `delayMs`, or as soon as the progress shows `stage` when it is set.
    void killSync(int delayMs, const QString& stage, Tally* tally);
    void killImport(const QString& cache, const QString& document, int delayMs, bool aimAtSave,
                    bool* holdsNew, Tally* tally);

    QTemporaryDir m_tmp;
    QString m_newExport;
    QString m_oldCache; // holds the old export only: copied before every kill
    QString m_killCache;
    State m_previous;
    State m_next;
    State m_firstWorkspace; // the small cache holding the first document
    State m_secondWorkspace;
    qint64 m_syncMs = 0;
    QStringList m_figures;
};
