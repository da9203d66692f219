// Today (docs/definitions.md, "Today"): every kind of line on a hand-built book synced twice,
// with its boundaries (a renewal in exactly 90 days, a user who joined exactly 7 days ago, WAU
// fallen by exactly a third), the tiles and their change over 30 days, the workspace's
// thresholds and their errors, the sync log's migration, and the CLI twin on the same cache.
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/Today.h"
#include "cache/Database.h"
#include "present/TodayTables.h"
#include "sync/ExportSync.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

using namespace pulsebook;

namespace {

// 2025-06-01T00:00:00Z, the as-of time of the second sync (its latest event is on 2025-05-31).
constexpr qint64 T = 1748736000000LL;
constexpr qint64 Day = 86400000LL;

// An event "on day d" is at T - d days + 12 h. The window of 7 days before X = T - j days,
// [X - 7 d, X), holds the events of days j + 1 .. j + 7: as of T days 1-7, a week ago (T - 7)
// days 8-14, as of the first sync (T - 10, below) days 11-17, and the four weeks before T days
// 8-14, 15-21, 22-28, 29-35.
QString on(int d)
{
    return QDateTime::fromMSecsSinceEpoch(T - d * Day + Day / 2, Qt::UTC).toString(Qt::ISODate);
}

struct Activity
{
    const char* user;
    std::vector<int> days;
    bool onboarded; // both steps done on their first (largest) day
};

// Weekly seats = WAU: Green from 2, Yellow 1, Red 0. Health = 10 x WAU / 4 (clamped): WAU 0 ->
// 0 (Red band), 1 -> 2.5 (Red), 2 -> 5.0 (Yellow), 3 -> 7.5 (Green).
const std::vector<Activity> Book = {
    {"k1a", {16}, true}, // Kestrel: WAU T 0, first sync 2, a week ago 0; weeks 0,2,0,0
    {"k1b", {16}, true},
    {"h1", {9}, true}, // Heron: WAU T 0, first sync 0, a week ago 2; weeks 2,0,0,0
    {"h2", {9}, true},
    {"o1", {2, 9, 11, 16, 23, 30}, true}, // Osprey: WAU 1 everywhere; day 11 ends the first sync
    {"e1", {1, 8, 15, 22, 29}, true},     // Egret: WAU 2 everywhere
    {"e2", {1, 8, 15, 22, 29}, true},
    {"w1", {1, 8, 15, 22, 29}, true}, // Wren: WAU T 2, else 3: fell by exactly a third
    {"w2", {1, 8, 15, 22, 29}, true},
    {"w3", {8, 15, 22, 29}, true},
    {"g3", {1, 8, 15, 22, 29}, true}, // Gannet: WAU T 3 (g1, g2, g3), else 1
    {"g1", {6}, false},               // only Verify Email; joined exactly 7 days ago
    {"g2", {5}, false},               // only Verify Email; joined 6 days ago
    {"t1", {40}, true},               // Tern: last activity 2025-04-22, silent
};

QByteArray eventsCsv(int fromDay)
{
    QByteArray csv = "event_id,user_id,time,event\n";
    int id = 1;
    auto add = [&](const char* user, int d, const char* event) {
        csv += QStringLiteral("%1,%2,%3,%4\n")
                   .arg(id++)
                   .arg(QLatin1String(user), on(d), QLatin1String(event))
                   .toUtf8();
    };
    for (const Activity& a : Book) {
        for (const int d : a.days) {
            if (d < fromDay)
                continue;
            add(a.user, d, "Verify Email");
            if (a.onboarded && d == *std::max_element(a.days.begin(), a.days.end()))
                add(a.user, d, "Import Ledger");
            add(a.user, d, "Open Ledger");
        }
    }
    return csv;
}

const QByteArray Team = "person,role,manager\nRuth,Manager,\nMaya,CSM,Ruth\nOmar,CSM,Ruth\n";
// Kestrel renewed before as-of; Heron renews in 20 days, Osprey in exactly 90, Plover in 91,
// Egret in 10 (Green).
const QByteArray Accounts = "account_id,name,csm,renewal_date\n"
                            "K1,Kestrel,Maya,2025-05-01\n"
                            "K2,Heron,Maya,2025-06-21\n"
                            "K3,Osprey,Maya,2025-08-30\n"
                            "K4,Plover,Maya,2025-08-31\n"
                            "K5,Egret,Maya,2025-06-11\n"
                            "K6,Wren,Maya,\n"
                            "K8,Gannet,Omar,\n"
                            "K9,Tern,Maya,\n";
// g4 joined long ago and never did anything.
const QByteArray Users = "user_id,account_id,joindate\n"
                         "k1a,K1,\nk1b,K1,\nh1,K2,\nh2,K2,\no1,K3,\ne1,K5,\ne2,K5,\n"
                         "w1,K6,\nw2,K6,\nw3,K6,\ng1,K8,2025-05-25\ng2,K8,2025-05-26\n"
                         "g3,K8,\ng4,K8,2025-04-01\nt1,K9,\n";

const char* const Definitions = R"({"time_zone": "UTC",
    "onboarding_steps": ["Verify Email", "Import Ledger"],
    "kpi_events": ["Open Ledger"],
    "scorecard": {"silent_days": 30, "columns": [
        {"name": "Weekly seats", "metric": "wau", "direction": "higher", "green": 2,
         "yellow": 1, "key": true},
        {"name": "Days to renewal", "metric": "days_to_renewal"}]},
    "health_score": {"groups": [{"name": "Use", "weight": 1,
        "inputs": [{"metric": "wau", "zero": 0, "ten": 4}]}]}})";

} // namespace

class TestToday : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void lines();
    void tiles();
    void node();
    void segmentAndCancel();
    void thresholds();
    void badThresholds();
    void exportAndSet();
    void noPreviousSync();
    void oldCacheMigrates();
    void cli();

private:
    bool workspace(Workspace* out, const QJsonObject& today = {});
    TodayResult run(const Workspace& w, const QString& node = {});
    QStringList lineTexts(const TodayResult& r);

    QTemporaryDir m_dir;
    QString m_cache;
    std::shared_ptr<const EventIndex> m_index;
};

void TestToday::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_cache = m_dir.filePath(QStringLiteral("today.pulsebook"));
    // The first sync holds days 11 and earlier: its latest event is on 2025-05-21, so its data
    // was as of 2025-05-22 (T - 10). The second adds the rest.
    for (const int from : {11, 0}) {
        const QString folder = m_dir.filePath(QStringLiteral("export%1").arg(from));
        test::writeFile(folder, QStringLiteral("team.csv"), Team);
        test::writeFile(folder, QStringLiteral("accounts.csv"), Accounts);
        test::writeFile(folder, QStringLiteral("users.csv"), Users);
        test::writeFile(folder, QStringLiteral("events.csv"), eventsCsv(from));
        Cache cache;
        QString error;
        QVERIFY2(cache.open(m_cache, true, &error), qPrintable(error));
        QVERIFY2(syncExportFolder(cache, folder, {}, nullptr, nullptr, &error).isDone(),
                 qPrintable(error));
    }
    Cache cache;
    QString error;
    QVERIFY2(cache.open(m_cache, false, &error), qPrintable(error));
    const QList<SyncLogEntry> log = cache.syncLog();
    QCOMPARE(log.size(), 2);
    QCOMPARE(log[0].latestEventMs, T - Day + Day / 2);      // day 1
    QCOMPARE(log[1].latestEventMs, T - 11 * Day + Day / 2); // day 11
    m_index = EventIndex::load(cache, nullptr, &error);
    QVERIFY2(m_index, qPrintable(error));
    QCOMPARE(m_index->defaultAsOfMs(), T);
    QCOMPARE(m_index->previousSyncLatestEventMs(), T - 11 * Day + Day / 2);
    Workspace w;
    QVERIFY2(workspace(&w), "the fixture's workspace");
    QVERIFY2(w.save(cache, &error), qPrintable(error)); // for the CLI
}

bool TestToday::workspace(Workspace* out, const QJsonObject& today)
{
    QJsonObject doc = QJsonDocument::fromJson(QByteArray(Definitions)).object();
    if (!today.isEmpty())
        doc.insert(QStringLiteral("today"), today);
    QString error;
    const bool ok = Workspace::fromJson(QJsonDocument(doc).toJson(), out, &error);
    if (!ok)
        qWarning("%s", qPrintable(error));
    return ok;
}

TodayResult TestToday::run(const Workspace& w, const QString& node)
{
    AnalysisContext context;
    context.index = m_index;
    context.workspace = &w;
    context.asOfMs = T;
    context.calendar = Calendar(w.timeZone);
    TodayParams params;
    params.node = node;
    TodayResult r;
    QString error;
    if (!runToday(context, params, &r, &error))
        qWarning("runToday: %s", qPrintable(error));
    return r;
}

QStringList TestToday::lineTexts(const TodayResult& r)
{
    QStringList out;
    for (const TodayLine& l : r.lines)
        out << QStringLiteral("%1 | %2 | %3 | %4")
                   .arg(todayKindId(l.kind), l.accountId, l.text, l.list.join(QLatin1Char(',')));
    return out;
}

void TestToday::lines()
{
    Workspace w;
    QVERIFY(workspace(&w));
    const TodayResult r = run(w);
    QCOMPARE(r.lastSyncAsOfMs, T - 10 * Day); // midnight after day 11's event
    const QStringList expected = {
        // First sync (T - 10, days 11-17) -> T (days 1-7): Kestrel WAU 2 -> 0 (Green -> Red,
        // health 5.0 -> 0.0); Wren 3 -> 2 (Green both, health 7.5 -> 5.0: a band down only).
        QStringLiteral("since_last_sync | K1 | Kestrel turned Red and fell from health band "
                       "Yellow to Red (5.00 -> 0.00) since the last sync (2025-05-22): Weekly "
                       "seats: Green -> Red | K1"),
        QStringLiteral("since_last_sync | K6 | Wren fell from health band Green to Yellow (7.50 "
                       "-> 5.00) since the last sync (2025-05-22) | K6"),
        // A week ago (days 8-14) -> T: Heron 2 -> 0, Wren 3 -> 2; Gannet 1 -> 3 got better.
        QStringLiteral("since_week_ago | K2 | Heron turned Red and fell from health band Yellow "
                       "to Red (5.00 -> 0.00) since a week ago (2025-05-25): Weekly seats: Green "
                       "-> Red | K2"),
        QStringLiteral("since_week_ago | K6 | Wren fell from health band Green to Yellow (7.50 "
                       "-> 5.00) since a week ago (2025-05-25) | K6"),
        // Heron 2025-06-21 - 2025-06-01 = 20 days, Red; Osprey exactly 90 days, Yellow (WAU
        // 1); Plover 91 days; Egret 10 days but Green; Kestrel's renewal has passed.
        QStringLiteral("renewal | K2 | Heron renews in 20 days (2025-06-21) and its status is "
                       "Red | K2"),
        QStringLiteral("renewal | K3 | Osprey renews in 90 days (2025-08-30) and its status is "
                       "Yellow | K3"),
        // No event in days 1-30: Plover has no users, Tern's last is day 40 (2025-04-22).
        QStringLiteral("silent | K4 | Plover is silent: no CSM contact and no usage in 30 days "
                       "(no activity ever) | K4"),
        QStringLiteral("silent | K9 | Tern is silent: no CSM contact and no usage in 30 days "
                       "(last activity 2025-04-22) | K9"),
        // g1 joined 2025-05-25 = T - 7 days exactly, g4 2025-04-01; g2 only 6 days ago; g3
        // and every other user did both steps.
        QStringLiteral("onboarding | K8 | Gannet: 2 of its users joined 7 or more days ago and "
                       "still miss onboarding steps | g1,g4"),
        // Previous four weeks' WAU (days 8-14, 15-21, 22-28, 29-35) against WAU now:
        // Kestrel 0,2,0,0 (mean 0.5) -> 0 and Heron 2,0,0,0 -> 0 fell 100%; Wren 3,3,3,3 -> 2
        // fell (12 - 4 x 2) / 12 = exactly a third. Osprey, Egret steady; Gannet rose; Tern
        // and Plover had 0 (never counts).
        QStringLiteral("wau_drop | K1 | Kestrel: weekly active users fell 100% to 0 from a mean "
                       "of 0.5 over the previous 4 weeks | K1"),
        QStringLiteral("wau_drop | K2 | Heron: weekly active users fell 100% to 0 from a mean of "
                       "0.5 over the previous 4 weeks | K2"),
        QStringLiteral("wau_drop | K6 | Wren: weekly active users fell 33% to 2 from a mean of "
                       "3.0 over the previous 4 weeks | K6"),
    };
    QCOMPARE(lineTexts(r), expected);
    QCOMPARE(r.lines[8].listOf, TodayLine::ListOf::Users);
    QCOMPARE(r.lines[0].account, m_index->accountIndex(QStringLiteral("K1")));
}

void TestToday::tiles()
{
    Workspace w;
    QVERIFY(workspace(&w));
    const TodayResult r = run(w);
    // As of T - 30 = 2025-05-02 only Tern's day-40 event has happened:
    // - since the sync (T - 40 -> T - 30): every WAU 0 at both: 0;
    // - since a week ago (T - 37, days 38-44 -> T - 30, days 31-37): Tern 1 -> 0, Yellow ->
    //   Red: 1;
    // - renewals from 2025-05-02: Heron 50 days and Egret 40 days, both Red then (WAU 0): 2;
    // - silent (no event in days 31-60): everyone but Tern, Kestrel..Wren, Gannet: 7;
    // - stuck (joined by 2025-04-25, a step missing on 2025-05-02): g4 only (t1 joined on day
    //   40 and did both steps then): 1 user, 1 account;
    // - WAU drops: Tern 1 in the week of days 38-44, 0 now: 1.
    QStringList got;
    for (const TodayTile& t : r.tiles)
        got << QStringLiteral("%1 %2/%3 %4/%5")
                   .arg(todayKindId(t.kind))
                   .arg(t.accounts)
                   .arg(t.accountsMonthAgo)
                   .arg(t.users)
                   .arg(t.usersMonthAgo);
    QCOMPARE(
        got,
        QStringList({QStringLiteral("since_last_sync 2/0 -1/-1"),
                     QStringLiteral("since_week_ago 2/1 -1/-1"),
                     QStringLiteral("renewal 2/2 -1/-1"), QStringLiteral("silent 2/7 -1/-1"),
                     QStringLiteral("onboarding 1/1 2/1"), QStringLiteral("wau_drop 3/1 -1/-1")}));
    QCOMPARE(r.tiles[4].userIds, QStringList({QStringLiteral("g1"), QStringLiteral("g4")}));
    QCOMPARE(r.tiles[5].accountIds,
             QStringList({QStringLiteral("K1"), QStringLiteral("K2"), QStringLiteral("K6")}));

    AnalysisContext context;
    context.index = m_index;
    context.asOfMs = T;
    const ResultTable table = todayTilesTable(context, r);
    QCOMPARE(table.columnIds(),
             QStringList({QStringLiteral("tile"), QStringLiteral("title"), QStringLiteral("counts"),
                          QStringLiteral("now"), QStringLiteral("30_days_ago"),
                          QStringLiteral("change")}));
    QCOMPARE(table.rows.size(), size_t(7));  // onboarding has a users and an accounts row
    QCOMPARE(table.rows[3][5].number, -5.0); // silent 2 - 7
    QCOMPARE(table.rows[4][2].text, QStringLiteral("users"));
    QCOMPARE(table.rows[4][5].number, 1.0); // stuck users 2 - 1
}

void TestToday::node()
{
    Workspace w;
    QVERIFY(workspace(&w));
    // Omar has Gannet only.
    const TodayResult r = run(w, QStringLiteral("Omar"));
    QCOMPARE(lineTexts(r), QStringList({QStringLiteral(
                               "onboarding | K8 | Gannet: 2 of its users joined 7 or more days "
                               "ago and still miss onboarding steps | g1,g4")}));
    AnalysisContext context;
    context.index = m_index;
    context.workspace = &w;
    context.asOfMs = T;
    TodayParams params;
    params.node = QStringLiteral("Nobody");
    TodayResult none;
    QString error;
    QVERIFY(!runToday(context, params, &none, &error));
    QCOMPARE(error, QStringLiteral("nobody named \"Nobody\" in the team"));
}

void TestToday::segmentAndCancel()
{
    Workspace w;
    QVERIFY(workspace(&w));
    AnalysisContext context;
    context.index = m_index;
    context.workspace = &w;
    context.asOfMs = T;
    // A segment of g1 alone: Gannet is the only account with a user in it, and only g1 of its
    // stuck users is listed (its figures stay those of all its users: no other line).
    context.segment.assign(size_t(m_index->userCount()), 0);
    context.segment[size_t(m_index->userIndex(QStringLiteral("g1")))] = 1;
    TodayResult r;
    QString error;
    QVERIFY2(runToday(context, {}, &r, &error), qPrintable(error));
    QCOMPARE(lineTexts(r), QStringList({QStringLiteral(
                               "onboarding | K8 | Gannet: 1 of its users joined 7 or more days "
                               "ago and still miss onboarding steps | g1")}));
    Progress cancelled;
    cancelled.cancel();
    context.progress = &cancelled;
    const Status status = runToday(context, {}, &r, &error);
    QVERIFY(status.isCancelled()); // typed: a cancel carries no text
    QVERIFY(status.error().isEmpty());
}

void TestToday::thresholds()
{
    // 89 days: Osprey (90) goes; 8 days: g1 (7) goes; 0.34: Wren's third goes.
    Workspace w;
    QVERIFY(workspace(&w, QJsonObject{{QStringLiteral("renewal_days"), 89},
                                      {QStringLiteral("onboarding_days"), 8},
                                      {QStringLiteral("wau_drop"), 0.34}}));
    QCOMPARE(w.today.wauWeeks, 4); // a key left out keeps its default
    const TodayResult r = run(w);
    QStringList kinds;
    for (const TodayLine& l : r.lines)
        kinds << todayKindId(l.kind) + QLatin1Char(' ') + l.accountId + QLatin1Char(' ') +
                     l.list.join(QLatin1Char(','));
    QCOMPARE(kinds,
             QStringList(
                 {QStringLiteral("since_last_sync K1 K1"), QStringLiteral("since_last_sync K6 K6"),
                  QStringLiteral("since_week_ago K2 K2"), QStringLiteral("since_week_ago K6 K6"),
                  QStringLiteral("renewal K2 K2"), QStringLiteral("silent K4 K4"),
                  QStringLiteral("silent K9 K9"), QStringLiteral("onboarding K8 g4"),
                  QStringLiteral("wau_drop K1 K1"), QStringLiteral("wau_drop K2 K2")}));
    // One week compared: Kestrel had 0 the week before (never counts); Heron 2 -> 0; Wren 3
    // -> 2 is a third.
    Workspace oneWeek;
    QVERIFY(workspace(&oneWeek, QJsonObject{{QStringLiteral("wau_weeks"), 1}}));
    QStringList drops;
    for (const TodayLine& l : run(oneWeek).lines) {
        if (l.kind == TodayKind::WauDrop)
            drops << l.text;
    }
    QCOMPARE(drops, QStringList({QStringLiteral("Heron: weekly active users fell 100% to 0 from "
                                                "a mean of 2.0 over the previous 1 week"),
                                 QStringLiteral("Wren: weekly active users fell 33% to 2 from a "
                                                "mean of 3.0 over the previous 1 week")}));
}

void TestToday::badThresholds()
{
    const QByteArray json = R"({"today": {"renewal_days": -1, "onboarding_days": 2.5,
        "wau_drop": 0, "wau_weeks": 53, "weeks": 4}})";
    Workspace w;
    QStringList problems;
    QVERIFY(!Workspace::parse(json, &w, &problems));
    QCOMPARE(problems,
             QStringList({QStringLiteral("$.today.weeks: unknown key (expected one of "
                                         "renewal_days, onboarding_days, wau_drop, wau_weeks)"),
                          QStringLiteral("$.today.renewal_days: expected a whole number from 0 "
                                         "to 3650"),
                          QStringLiteral("$.today.onboarding_days: expected a whole number from "
                                         "0 to 3650"),
                          QStringLiteral("$.today.wau_weeks: expected a whole number from 1 to "
                                         "52"),
                          QStringLiteral("$.today.wau_drop: expected a share above 0 and at most "
                                         "1 (0.333 is a third)")}));
    QCOMPARE(w.today.renewalDays, 90); // unchanged: the defaults
    QVERIFY(!Workspace::parse(R"({"today": 7})", &w, &(problems = {})));
    QCOMPARE(problems, QStringList({QStringLiteral("$.today: expected an object")}));
}

void TestToday::exportAndSet()
{
    const QString copy = m_dir.filePath(QStringLiteral("set.pulsebook"));
    QVERIFY(QFile::copy(m_cache, copy));
    const test::CliText set = test::runCliText(
        {QStringLiteral("workspace"), QStringLiteral("set"), QStringLiteral("today"),
         QStringLiteral(R"({"renewal_days": 30})"), QStringLiteral("--cache"), copy});
    QCOMPARE(set.exitCode, 0);
    const test::CliText out =
        test::runCliText({QStringLiteral("workspace"), QStringLiteral("export"),
                          QStringLiteral("-"), QStringLiteral("--cache"), copy});
    QCOMPARE(out.exitCode, 0);
    const QJsonObject today = QJsonDocument::fromJson(out.out.toUtf8())
                                  .object()
                                  .value(QStringLiteral("today"))
                                  .toObject();
    QCOMPARE(today.value(QStringLiteral("renewal_days")).toInt(), 30);
    QCOMPARE(today.value(QStringLiteral("onboarding_days")).toInt(), 7);
    QCOMPARE(today.value(QStringLiteral("wau_weeks")).toInt(), 4);
    QCOMPARE(today.value(QStringLiteral("wau_drop")).toDouble(), 1.0 / 3);
    const test::CliText bad = test::runCliText(
        {QStringLiteral("workspace"), QStringLiteral("set"), QStringLiteral("today"),
         QStringLiteral(R"({"wau_drop": 1.5})"), QStringLiteral("--cache"), copy});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.err.contains(QStringLiteral("$.today.wau_drop: expected a share above 0 and at "
                                             "most 1")),
             qPrintable(bad.err));
}

void TestToday::noPreviousSync()
{
    // One sync only: "since the last sync" says so, and its tile has no count.
    test::SyncedCache one;
    QString error;
    QVERIFY2(one.load({{QStringLiteral("team.csv"), Team},
                       {QStringLiteral("accounts.csv"), Accounts},
                       {QStringLiteral("users.csv"), Users},
                       {QStringLiteral("events.csv"), eventsCsv(0)}},
                      &error),
             qPrintable(error));
    QCOMPARE(one.index->previousSyncLatestEventMs(), -1);
    Workspace w;
    QVERIFY(workspace(&w));
    AnalysisContext context;
    context.index = one.index;
    context.workspace = &w;
    context.asOfMs = T;
    TodayResult r;
    QVERIFY2(runToday(context, {}, &r, &error), qPrintable(error));
    QCOMPARE(r.lastSyncAsOfMs, -1);
    QCOMPARE(r.lines.front().account, -1);
    QCOMPARE(r.lines.front().text,
             QStringLiteral("No previous sync recorded the as-of time of its data: nothing to "
                            "compare with until the next sync"));
    QVERIFY(!r.tiles.front().known);
    QCOMPARE(r.tiles[1].accounts, 2); // the rest as before
}

void TestToday::oldCacheMigrates()
{
    // A schema 2 cache: the sync log has no latest_event_ms and no trigger fills it.
    const QString path = m_dir.filePath(QStringLiteral("v2.pulsebook"));
    QVERIFY(QFile::copy(m_cache, path));
    QString error;
    {
        Database db;
        QVERIFY(db.open(path, false, &error));
        QVERIFY2(db.exec("DROP TRIGGER sync_log_latest_event; "
                         "ALTER TABLE sync_log DROP COLUMN latest_event_ms; "
                         "UPDATE schema_version SET version = 2",
                         &error),
                 qPrintable(error));
    }
    Cache cache;
    QVERIFY2(cache.open(path, false, &error), qPrintable(error));
    QCOMPARE(cache.schemaVersion(), 3);
    QList<SyncLogEntry> log = cache.syncLog();
    QCOMPARE(log.size(), 2);
    QCOMPARE(log[0].latestEventMs, -1); // not known for syncs before the migration
    QCOMPARE(log[1].latestEventMs, -1);
    auto index = EventIndex::load(cache, nullptr, &error);
    QVERIFY(index);
    QCOMPARE(index->previousSyncLatestEventMs(), -1);
    // The next sync records its own; the one before it stays unknown.
    QVERIFY2(syncExportFolder(cache, m_dir.filePath(QStringLiteral("export0")), {}, nullptr,
                              nullptr, &error)
                 .isDone(),
             qPrintable(error));
    log = cache.syncLog();
    QCOMPARE(log.size(), 3);
    QCOMPARE(log[0].latestEventMs, T - Day + Day / 2);
    index = EventIndex::load(cache, nullptr, &error);
    QCOMPARE(index->previousSyncLatestEventMs(), -1);
}

void TestToday::cli()
{
    const test::CliText json =
        test::runCliText({QStringLiteral("today"), QStringLiteral("--cache"), m_cache,
                          QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray rows =
        QJsonDocument::fromJson(json.out.toUtf8()).object().value(QStringLiteral("rows")).toArray();
    Workspace w;
    QVERIFY(workspace(&w));
    const TodayResult r = run(w);
    QCOMPARE(rows.size(), qsizetype(r.lines.size()));
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonObject row = rows[i].toObject();
        const TodayLine& line = r.lines[size_t(i)];
        QCOMPARE(row.value(QStringLiteral("kind")).toString(), todayKindId(line.kind));
        QCOMPARE(row.value(QStringLiteral("account_id")).toString(), line.accountId);
        QCOMPARE(row.value(QStringLiteral("line")).toString(), line.text);
        QCOMPARE(row.value(QStringLiteral("list")).toString(),
                 line.list.join(QStringLiteral(", ")));
    }
    QCOMPARE(rows[8].toObject().value(QStringLiteral("list")).toString(), QStringLiteral("g1, g4"));
    const test::CliText text =
        test::runCliText({QStringLiteral("today"), QStringLiteral("--cache"), m_cache,
                          QStringLiteral("--node"), QStringLiteral("Omar")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.startsWith(QStringLiteral("Today as of 2025-06-01 for Omar; the last "
                                                "sync's data: as of 2025-05-22\n")),
             qPrintable(text.out));
    // The tiles (Gannet was silent 30 days ago: no event before 2025-05-02), then the lines;
    // columns aligned with spaces.
    QStringList printed;
    for (const QString& line : text.out.split(QLatin1Char('\n')))
        printed << line.simplified();
    QCOMPARE(
        printed.mid(1),
        QStringList({QStringLiteral("tile title counts now 30_days_ago change"),
                     QStringLiteral("since_last_sync Worse since the last sync accounts 0 0 0"),
                     QStringLiteral("since_week_ago Worse since a week ago accounts 0 0 0"),
                     QStringLiteral("renewal Renewing, not Green accounts 0 0 0"),
                     QStringLiteral("silent Silent accounts accounts 0 1 -1"),
                     QStringLiteral("onboarding Stuck in onboarding users 2 1 1"),
                     QStringLiteral("onboarding Stuck in onboarding accounts 1 1 0"),
                     QStringLiteral("wau_drop Weekly active users fell accounts 0 0 0"), QString(),
                     QStringLiteral("kind account_id account line list_of count list"),
                     QStringLiteral("onboarding K8 Gannet Gannet: 2 of its users joined 7 or more "
                                    "days ago and still miss onboarding steps users 2 g1, g4"),
                     QString()}));
    const test::CliText tiles = test::runCliText(
        {QStringLiteral("today"), QStringLiteral("--cache"), m_cache, QStringLiteral("--tiles"),
         QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(tiles.exitCode, 0);
    QCOMPARE(tiles.out.split(QLatin1Char('\n')).value(4),
             QStringLiteral("silent,Silent accounts,accounts,2,7,-5"));
}

QTEST_GUILESS_MAIN(TestToday)
#include "tst_today.moc"
