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
using pulsebook::test::TableState;
using pulsebook::test::writeFile;

namespace {

using Snapshot = QMap<QString, TableState>;

// A cache's contents: every table but the sync log, whose rows record when each sync ran,
// and the sync log without those times.
struct State
{
    Snapshot tables;
    QStringList log;
    bool operator==(const State& o) const { return tables == o.tables && log == o.log; }
};

State stateOf(const QString& path)
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
const QStringList OldDemo{QStringLiteral("--users"),  QStringLiteral("3000"),
                          QStringLiteral("--events"), QStringLiteral("200000"),
                          QStringLiteral("--seed"),   QStringLiteral("1")};
const QStringList NewDemo{QStringLiteral("--users"),  QStringLiteral("8000"),
                          QStringLiteral("--events"), QStringLiteral("1000000"),
                          QStringLiteral("--seed"),   QStringLiteral("2")};

// Kill points drawn at random (stratified over the calibrated duration, fixed seed), and the
// stage lines at which one more kill each is aimed.
constexpr int RandomSyncKills = 21;
constexpr int MinimumSyncKills = 20;
// A stage line and how long after it to kill, so that each stage gets a kill whatever the
// timing: the commit, the summary and the checkpoint into the file on close all come after
// "Committing". The last one lands inside the transaction, for syncAfterKillLands().
const std::pair<const char*, int> AimedKills[] = {
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

QString cliPath()
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

Run runCli(const QStringList& arguments)
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

QString snapshotDiff(const Snapshot& a, const Snapshot& b)
{
    QStringList differ;
    QStringList tables = a.keys() + b.keys();
    tables.removeDuplicates();
    for (const QString& t : tables) {
        if (!a.contains(t) || !b.contains(t) || !(a.value(t) == b.value(t)))
            differ.append(t);
    }
    return differ.isEmpty() ? QStringLiteral("equal")
                            : QStringLiteral("tables differ: ") + differ.join(QLatin1Char(','));
}

QString stateDiff(const State& a, const State& b)
{
    QString diff = snapshotDiff(a.tables, b.tables);
    if (a.log != b.log)
        diff += QStringLiteral("; sync logs differ: %1 against %2")
                    .arg(a.log.join(QLatin1Char(' ')), b.log.join(QLatin1Char(' ')));
    return diff;
}

// A cache file and its write-ahead log and shared-memory index.
void removeCache(const QString& path)
{
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
}

qint64 walBytes(const QString& path)
{
    return QFileInfo(path + QStringLiteral("-wal")).size();
}

// The stage a progress log was in when it ended: "[  0.9 s   134 MB] Sorting events..." ->
// "sorting"; "starting" before the first line.
QString lastStage(const QByteArray& progress)
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
QByteArray workspaceDocument(const QString& tag)
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

} // namespace

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

void TestCrashLoop::initTestCase()
{
    QVERIFY2(QFileInfo(cliPath()).isExecutable(), qPrintable(cliPath()));
    QVERIFY(m_tmp.isValid());
    const QString oldExport = m_tmp.filePath(QStringLiteral("old"));
    m_newExport = m_tmp.filePath(QStringLiteral("new"));
    for (const auto& [folder, options] :
         {std::pair{oldExport, OldDemo}, std::pair{m_newExport, NewDemo}}) {
        const Run demo =
            runCli(QStringList{QStringLiteral("demo"), QStringLiteral("--out"), folder} + options);
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
    }
    m_oldCache = m_tmp.filePath(QStringLiteral("old.pulsebook"));
    const Run old =
        runCli({QStringLiteral("sync"), oldExport, QStringLiteral("--cache"), m_oldCache});
    QVERIFY2(old.exitCode == 0 && old.status == QProcess::NormalExit, old.err.constData());
    // A clean exit checkpoints the log into the file: copying the file copies the cache.
    QCOMPARE(walBytes(m_oldCache), qint64(0));
    m_previous = stateOf(m_oldCache);
    QCOMPARE(m_previous.log.size(), 1);

    // The calibration run: the new state, and how long a whole sync takes here.
    const QString calibration = m_tmp.filePath(QStringLiteral("calibration.pulsebook"));
    QVERIFY(QFile::copy(m_oldCache, calibration));
    const Run sync =
        runCli({QStringLiteral("sync"), m_newExport, QStringLiteral("--cache"), calibration});
    QVERIFY2(sync.exitCode == 0 && sync.status == QProcess::NormalExit, sync.err.constData());
    QVERIFY2(sync.out.contains("Events in the cache: 1000000\n"), sync.out.constData());
    m_syncMs = sync.elapsedMs;
    m_next = stateOf(calibration);
    QCOMPARE(m_next.log.size(), 2);
    // The two states differ in every data table but team (the demo team is fixed), so a mix
    // of them matches neither.
    for (const char* table : {"accounts", "users", "event_chunks", "session_chunks",
                              "campaign_touches", "user_migrations"}) {
        QVERIFY2(!(m_previous.tables.value(QLatin1String(table)) ==
                   m_next.tables.value(QLatin1String(table))),
                 table);
    }
    m_figures.append(
        QStringLiteral("uninterrupted sync of 1,000,000 events over 200,000: %1 ms").arg(m_syncMs));
    m_killCache = m_tmp.filePath(QStringLiteral("killed.pulsebook"));
}

QString TestCrashLoop::checkCache(const QString& path, const State& previous, const State& next)
{
    {
        Cache c;
        QString error;
        if (!c.open(path, false, &error))
            return QStringLiteral("does not open: ") + error;
        Statement check = c.db().prepare("PRAGMA integrity_check", &error);
        if (!check.isValid())
            return QStringLiteral("integrity_check: ") + error;
        QStringList result;
        while (check.step())
            result.append(check.text(0));
        if (result != QStringList{QStringLiteral("ok")})
            return QStringLiteral("integrity_check: ") + result.join(QLatin1Char('\n'));
    }
    const State state = stateOf(path);
    if (state == previous)
        return QStringLiteral("previous");
    if (state == next)
        return QStringLiteral("new");
    return QStringLiteral("neither: against the previous state %1; against the new state %2")
        .arg(stateDiff(state, previous), stateDiff(state, next));
}

void TestCrashLoop::killSync(int delayMs, const QString& stage, Tally* tally)
{
    removeCache(m_killCache);
    QVERIFY(QFile::copy(m_oldCache, m_killCache));
    QProcess sync;
    sync.start(cliPath(),
               {QStringLiteral("sync"), m_newExport, QStringLiteral("--cache"), m_killCache});
    QVERIFY(sync.waitForStarted());
    QByteArray progress;
    if (stage.isEmpty()) {
        QThread::msleep(ulong(delayMs));
    } else {
        // stderr is not a terminal: one line per stage, written when the stage starts.
        const QByteArray wanted = "] " + stage.toUtf8() + "...";
        const QDeadlineTimer guard(HangGuardMs);
        while (!progress.contains(wanted) && sync.state() == QProcess::Running &&
               !guard.hasExpired()) {
            sync.waitForReadyRead(5);
            progress += sync.readAllStandardError();
        }
        QVERIFY2(progress.contains(wanted), progress.constData());
        QThread::msleep(ulong(delayMs));
    }
    sync.kill(); // SIGKILL: no handler, no rollback, no cleanup
    QVERIFY(sync.waitForFinished(HangGuardMs));
    progress += sync.readAllStandardError();
    const bool killed = sync.exitStatus() == QProcess::CrashExit;
    if (killed) {
        ++tally->landed;
    } else {
        ++tally->finishedFirst;
        QCOMPARE(sync.exitCode(), 0);
    }
    const qint64 wal = walBytes(m_killCache);
    const QString state = checkCache(m_killCache, m_previous, m_next);
    QVERIFY2(state == QLatin1String("previous") || state == QLatin1String("new"),
             qPrintable(QStringLiteral("kill at %1 ms / stage %2: %3")
                            .arg(delayMs)
                            .arg(stage.isEmpty() ? lastStage(progress) : stage, state)));
    if (!killed) {
        QCOMPARE(state, QStringLiteral("new"));
        return;
    }
    if (state == QLatin1String("previous")) {
        ++tally->previous;
        if (wal > 0)
            ++tally->previousInside;
        ++tally->stages[lastStage(progress)];
    } else {
        // Only a commit makes the new state, and "Committing" is the last stage line.
        ++tally->next;
        ++tally->stages[QStringLiteral("after commit")];
    }
}

void TestCrashLoop::syncKilledAtRandomPoints()
{
    QVERIFY(m_syncMs > 0);
    QRandomGenerator random(Seed);
    Tally tally;
    // One kill point in each of RandomSyncKills equal slices of the calibrated duration, then
    // the aimed ones.
    for (int i = 0; i < RandomSyncKills; ++i) {
        const int delay =
            int((i + random.generateDouble()) * RandomSpan * double(m_syncMs) / RandomSyncKills);
        killSync(delay, QString(), &tally);
        if (QTest::currentTestFailed())
            return;
    }
    // Should the machine run much faster than when calibrated, more points early on, until
    // the random points alone make the minimum.
    for (int extra = 0; tally.landed < MinimumSyncKills && extra < RandomSyncKills; ++extra) {
        killSync(int(random.generateDouble() * 0.5 * double(m_syncMs)), QString(), &tally);
        if (QTest::currentTestFailed())
            return;
    }
    for (const auto& [stage, delay] : AimedKills) {
        killSync(delay, QLatin1String(stage), &tally);
        if (QTest::currentTestFailed())
            return;
    }
    m_figures.append(QStringLiteral("sync (%1 random + %2 aimed kill points over %3 ms): %4")
                         .arg(RandomSyncKills)
                         .arg(std::size(AimedKills))
                         .arg(m_syncMs)
                         .arg(tally.text()));
    qInfo("%s", qPrintable(m_figures.constLast()));
    QVERIFY2(tally.landed >= MinimumSyncKills, qPrintable(tally.text()));
    // Kills inside the transaction are the point of the exercise, in every stage.
    QVERIFY2(tally.previousInside >= 1, qPrintable(tally.text()));
    for (const char* stage : {"reading", "sorting", "writing"})
        QVERIFY2(tally.stages.value(QLatin1String(stage)) >= 1, qPrintable(tally.text()));
    QVERIFY2(tally.stages.value(QStringLiteral("committing")) +
                     tally.stages.value(QStringLiteral("after commit")) >=
                 1,
             qPrintable(tally.text()));
}

void TestCrashLoop::syncAfterKillLands()
{
    // The last killed cache (killed while writing events): a sync of the new export completes
    // on it and lands exactly the new state. This also shows that the reference state is
    // reproducible (the sync is deterministic).
    QVERIFY(stateOf(m_killCache) == m_previous);
    const Run r =
        runCli({QStringLiteral("sync"), m_newExport, QStringLiteral("--cache"), m_killCache});
    QVERIFY2(r.exitCode == 0 && r.status == QProcess::NormalExit, r.err.constData());
    const State state = stateOf(m_killCache);
    QVERIFY2(state == m_next, qPrintable(stateDiff(state, m_next)));
}

void TestCrashLoop::killImport(const QString& cache, const QString& document, int delayMs,
                               bool aimAtSave, bool* holdsNew, Tally* tally)
{
    QCOMPARE(walBytes(cache), qint64(0));
    QProcess import;
    import.start(cliPath(), {QStringLiteral("workspace"), QStringLiteral("import"), document,
                             QStringLiteral("--cache"), cache});
    QVERIFY(import.waitForStarted());
    if (aimAtSave) {
        // The first frame in the write-ahead log: the save's transaction is being written.
        const QDeadlineTimer guard(HangGuardMs);
        while (walBytes(cache) == 0 && import.state() == QProcess::Running && !guard.hasExpired())
            QThread::usleep(200);
    } else {
        QThread::msleep(ulong(delayMs));
    }
    import.kill();
    QVERIFY(import.waitForFinished(HangGuardMs));
    const bool killed = import.exitStatus() == QProcess::CrashExit;
    if (killed)
        ++tally->landed;
    else
        ++tally->finishedFirst;
    if (!killed)
        QVERIFY2(import.exitCode() == 0, import.readAllStandardError().constData());
    const qint64 wal = walBytes(cache);
    // Which document is the stored one, read the way `workspace export` reads it.
    Workspace stored;
    {
        Cache c;
        QString error;
        QVERIFY2(c.open(cache, false, &error), qPrintable(error));
        QVERIFY2(Workspace::load(c, &stored, &error), qPrintable(error));
    }
    Workspace wanted;
    QString error;
    QVERIFY(Workspace::fromJson(test::readFile(document), &wanted, &error));
    // Before: the other document; after: this one. Checked on the whole cache, too.
    const QString state = checkCache(cache, *holdsNew ? m_secondWorkspace : m_firstWorkspace,
                                     *holdsNew ? m_firstWorkspace : m_secondWorkspace);
    QVERIFY2(state == QLatin1String("previous") || state == QLatin1String("new"),
             qPrintable(QStringLiteral("import killed at %1 ms: %2").arg(delayMs).arg(state)));
    // An import stores the keys its document defines (the others follow the defaults): the
    // stored workspace holds this document when those keys read back as the document has them.
    const QJsonObject storedKeys = QJsonDocument::fromJson(stored.toJson()).object();
    const QJsonObject wantedKeys = QJsonDocument::fromJson(wanted.toJson()).object();
    const QJsonObject documentKeys = QJsonDocument::fromJson(test::readFile(document)).object();
    bool holdsDocument = true;
    for (auto it = documentKeys.begin(); it != documentKeys.end(); ++it)
        holdsDocument = holdsDocument && storedKeys.value(it.key()) == wantedKeys.value(it.key());
    QCOMPARE(holdsDocument, state == QLatin1String("new"));
    if (state == QLatin1String("new"))
        *holdsNew = !*holdsNew;
    if (!killed)
        return;
    if (state == QLatin1String("previous")) {
        ++tally->previous;
        if (wal > 0)
            ++tally->previousInside;
    } else {
        ++tally->next;
    }
    ++tally->stages[aimAtSave ? QStringLiteral("aimed at the save") : QStringLiteral("random")];
}

void TestCrashLoop::workspaceImportKilledAtRandomPoints()
{
    // A small cache whose users have a role, so that the documents' segments validate.
    const QString folder = m_tmp.filePath(QStringLiteral("small"));
    writeFile(
        folder, QStringLiteral("users.csv"),
        "user_id,email,role\nk-user-1,k1@example.test,admin\nk-user-2,k2@example.test,viewer\n");
    writeFile(folder, QStringLiteral("events.csv"),
              "event_id,user_id,time,event\n"
              "k-e1,k-user-1,2026-01-05T10:00:00Z,Login\n"
              "k-e2,k-user-2,2026-01-06T09:00:00Z,Login\n");
    const QString cache = m_tmp.filePath(QStringLiteral("workspace.pulsebook"));
    Run r = runCli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString first = m_tmp.filePath(QStringLiteral("first.json"));
    const QString second = m_tmp.filePath(QStringLiteral("second.json"));
    writeFile(m_tmp.path(), QStringLiteral("first.json"),
              workspaceDocument(QStringLiteral("first")));
    writeFile(m_tmp.path(), QStringLiteral("second.json"),
              workspaceDocument(QStringLiteral("second")));

    // Reference states and the time an import takes here.
    const auto import = [&](const QString& document) {
        return runCli({QStringLiteral("workspace"), QStringLiteral("import"), document,
                       QStringLiteral("--cache"), cache});
    };
    r = import(first);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    m_firstWorkspace = stateOf(cache);
    r = import(second);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    m_secondWorkspace = stateOf(cache);
    QCOMPARE(stateDiff(m_firstWorkspace, m_secondWorkspace), QStringLiteral("tables differ: meta"));
    r = import(first);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const qint64 importMs = qMax<qint64>(1, r.elapsedMs);
    QVERIFY(stateOf(cache) == m_firstWorkspace);

    QRandomGenerator random(Seed + 1);
    Tally tally;
    bool holdsSecond = false;
    for (int i = 0; i < RandomImportKills + AimedImportKills; ++i) {
        const bool aimed = i >= RandomImportKills;
        const int delay =
            aimed ? 0 : int((i + random.generateDouble()) * double(importMs) / RandomImportKills);
        killImport(cache, holdsSecond ? first : second, delay, aimed, &holdsSecond, &tally);
        if (QTest::currentTestFailed())
            return;
    }
    // Should the machine run much faster than when calibrated, more points early on.
    for (int extra = 0; tally.landed < MinimumImportKills + 2 && extra < RandomImportKills;
         ++extra) {
        killImport(cache, holdsSecond ? first : second,
                   int(random.generateDouble() * 0.5 * double(importMs)), false, &holdsSecond,
                   &tally);
        if (QTest::currentTestFailed())
            return;
    }
    m_figures.append(QStringLiteral("workspace import (%1 segments, %2 random kill points over "
                                    "%3 ms + %4 aimed at the first log frame): %5")
                         .arg(Segments)
                         .arg(RandomImportKills)
                         .arg(importMs)
                         .arg(AimedImportKills)
                         .arg(tally.text()));
    qInfo("%s", qPrintable(m_figures.constLast()));
    QVERIFY2(tally.landed >= MinimumImportKills, qPrintable(tally.text()));
    QVERIFY2(tally.previousInside >= 1, qPrintable(tally.text()));
}

void TestCrashLoop::cleanupTestCase()
{
    for (const QString& f : m_figures)
        qInfo("figure: %s", qPrintable(f));
}

QTEST_GUILESS_MAIN(TestCrashLoop)
#include "tst_crashloop.moc"
