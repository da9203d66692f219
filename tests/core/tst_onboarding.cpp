// runOnboarding against hand-written exports (every expected value worked out by hand from the
// fixture text, as the comments say) and against a reference written as plain SQL over
// test::writeFlatCopy, from docs/definitions.md's "Onboarding gaps", on random small workspaces.
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Onboarding.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "present/UsageTables.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace pulsebook;

namespace {

using Files = test::ExportFiles;

// 2024-03-01T00:00:00Z.
constexpr qint64 AsOf = 1709251200000LL;
constexpr qint64 Hour = 3600000LL;

using Data = test::SyncedCache;

const QByteArray AccountsCsv = "account_id,name\n"
                               "A1,Acme\n"
                               "A2,Globex\n"
                               "A3,Initech\n"; // no users

// u4 has no account; u5 has no events at all; u6 is first seen in events.
const QByteArray UsersCsv = "user_id,account_id\n"
                            "u1,A1\n"
                            "u2,A1\n"
                            "u3,A2\n"
                            "u4,\n"
                            "u5,A2\n";

// Steps: signup (0), create_project (1), invite (2). as_of = 2024-03-01T00:00:00Z.
const QByteArray EventsCsv = "event_id,user_id,time,event\n"
                             "1,u1,2024-01-05T10:00:00Z,signup\n"
                             "2,u1,2024-01-06T10:00:00Z,create_project\n"
                             "3,u1,2024-02-29T23:59:59.999Z,invite\n" // last ms before as_of
                             "4,u2,2024-01-10T09:00:00Z,signup\n"
                             "5,u2,2024-03-01T00:00:00Z,create_project\n" // at as_of: not counted
                             "6,u2,2024-03-05T00:00:00Z,invite\n"         // after as_of
                             "7,u3,2024-02-01T12:00:00Z,signup\n"
                             "8,u3,2024-02-01T12:00:00Z,invite\n" // equal timestamps
                             "9,u4,2024-02-02T08:00:00Z,login\n"
                             "10,u6,2024-02-03T08:00:00Z,invite\n"
                             "11,u6,2024-02-03T08:00:00Z,signup\n"
                             "12,u6,2024-02-03T08:00:00Z,create_project\n";

Files handExport()
{
    return {{QStringLiteral("accounts.csv"), AccountsCsv},
            {QStringLiteral("users.csv"), UsersCsv},
            {QStringLiteral("events.csv"), EventsCsv}};
}

// Mode and steps, every team member's accounts.
OnboardingParams params(OnboardingMode mode, const QStringList& steps)
{
    OnboardingParams p;
    p.mode = mode;
    p.steps = steps;
    return p;
}

const QStringList Steps = {QStringLiteral("signup"), QStringLiteral("create_project"),
                           QStringLiteral("invite")};

// "u2: 1 2" per matching user, by user number.
QStringList describe(const EventIndex& index, const OnboardingResult& r)
{
    QStringList lines;
    for (const auto& m : r.matching) {
        QStringList steps;
        for (int s : m.missingSteps())
            steps.append(QString::number(s));
        lines.append(index.userId(m.user) + QStringLiteral(": ") + steps.join(QLatin1Char(' ')));
    }
    return lines;
}

// A random small export: accounts (some without users), users with and without an account
// (and with an account missing from accounts.csv), users first seen in events, events with
// equal timestamps and times exactly at as_of and its window edges.
Files randomExport(quint32 seed)
{
    QRandomGenerator rng(seed);
    const int accounts = 1 + int(rng.bounded(4));
    QByteArray accountsCsv = "account_id,name\n";
    for (int a = 0; a < accounts; ++a) {
        accountsCsv += "A" + QByteArray::number(a) + ",Name\n";
    }
    QByteArray usersCsv = "user_id,account_id\n";
    QByteArrayList userIds;
    const int users = 1 + int(rng.bounded(12));
    for (int u = 0; u < users; ++u) {
        const int a = int(rng.bounded(accounts + 2));
        const QByteArray account =
            a < accounts ? "A" + QByteArray::number(a) : QByteArray(a == accounts ? "" : "AX");
        userIds.append("u" + QByteArray::number(u));
        usersCsv += userIds.back() + "," + account + "\n";
    }
    for (int e = int(rng.bounded(4)); e > 0; --e)
        userIds.append("e" + QByteArray::number(e));
    QByteArray eventsCsv = "event_id,user_id,time,event\n";
    qint64 id = 0;
    for (const QByteArray& user : userIds) {
        qint64 time = AsOf - 10 * 24 * Hour;
        for (int n = int(rng.bounded(8)) + (user == userIds.first() ? 1 : 0); n > 0; --n) {
            switch (rng.bounded(6)) {
            case 0:
                time = AsOf;
                break;
            case 1:
                time = AsOf - 1;
                break;
            case 2:
                break; // equal to the previous event's time
            default:
                time = AsOf - qint64(rng.bounded(60 * 24)) * Hour + 3 * 24 * Hour;
                break;
            }
            const char type = char('a' + rng.bounded(5));
            eventsCsv += QByteArray::number(++id) + "," + user + "," + QByteArray::number(time) +
                         "," + QByteArray(1, type) + "\n";
        }
    }
    return {{QStringLiteral("accounts.csv"), accountsCsv},
            {QStringLiteral("users.csv"), usersCsv},
            {QStringLiteral("events.csv"), eventsCsv}};
}

// Runs runOnboarding and a reference written as plain SQL from docs/definitions.md over the flat
// copy of d's cache, and compares every figure.
void compareWithReference(Data& d, const AnalysisContext& context, const OnboardingParams& params)
{
    QString error;
    OnboardingResult r;
    QVERIFY2(runOnboarding(context, params, &r, &error), qPrintable(error));
    const bool all = params.mode == OnboardingMode::All;
    const QString flat = d.dir.filePath(QStringLiteral("flat.sqlite"));
    if (!QFileInfo::exists(flat)) // one copy per cache: the tables below are temporary
        QCOMPARE(test::writeFlatCopy(d.cachePath(), flat), QString());
    Database db;
    QVERIFY2(db.open(flat, false, &error), qPrintable(error));
    QVERIFY(db.exec("CREATE TEMP TABLE seg(user INTEGER PRIMARY KEY)", &error));
    QVERIFY(db.exec("CREATE TEMP TABLE steps(i INTEGER, name TEXT)", &error));
    QVERIFY(db.exec("CREATE TEMP TABLE accounts(account_id TEXT PRIMARY KEY)", &error));
    Statement insert = db.prepare("INSERT INTO seg VALUES (?)", &error);
    for (int u = 0; u < d.index->userCount(); ++u) {
        if (context.inSegment(u)) {
            insert.bind(1, qint64(u));
            QVERIFY(insert.run(&error));
        }
    }
    Statement insertStep = db.prepare("INSERT INTO steps VALUES (?, ?)", &error);
    for (int i = 0; i < params.steps.size(); ++i) {
        insertStep.bind(1, qint64(i));
        insertStep.bind(2, params.steps[i]);
        QVERIFY(insertStep.run(&error));
    }
    Statement insertAccount = db.prepare("INSERT INTO accounts VALUES (?)", &error);
    for (int a = 0; a < d.index->accountCount(); ++a) {
        insertAccount.bind(1, d.index->accountId(a));
        QVERIFY(insertAccount.run(&error));
    }
    // A step is missing when the user has no event of it before as_of; a user matches "any"
    // with >= 1 missing step, "all" with every step missing.
    const char* const missingSql =
        "CREATE TEMP TABLE m AS SELECT u.user, u.account_id, "
        " (SELECT group_concat(i, ' ') FROM (SELECT s.i FROM steps s WHERE NOT EXISTS "
        "   (SELECT 1 FROM events e WHERE e.user = u.user AND e.event = s.name "
        "    AND e.time < ?1) ORDER BY s.i)) AS missing, "
        " (SELECT COUNT(*) FROM steps s WHERE NOT EXISTS (SELECT 1 FROM events e "
        "   WHERE e.user = u.user AND e.event = s.name AND e.time < ?1)) AS n "
        "FROM users u WHERE u.user IN (SELECT user FROM seg)";
    Statement m = db.prepare(missingSql, &error);
    m.bind(1, context.asOfMs);
    QVERIFY2(m.run(&error), qPrintable(error));
    const qint64 stepCount = params.steps.size();
    QStringList expected;
    Statement users = db.prepare(all ? "SELECT user, missing FROM m WHERE n = ?1 ORDER BY user"
                                     : "SELECT user, missing FROM m WHERE n >= 1 ORDER BY user",
                                 &error);
    users.bind(1, stepCount);
    while (users.step())
        expected.append(users.text(0) + QStringLiteral(": ") + users.text(1));
    QStringList actual;
    for (const auto& u : r.matching) {
        QStringList s;
        for (int i : u.missingSteps())
            s.append(QString::number(i));
        actual.append(QString::number(u.user) + QStringLiteral(": ") + s.join(QLatin1Char(' ')));
    }
    QCOMPARE(actual, expected);

    Statement accounts =
        db.prepare(all ? "SELECT a.account_id, COUNT(m.user), COALESCE(SUM(m.n = 0), 0), "
                         "COALESCE(SUM(m.n = ?1), 0) FROM accounts a LEFT JOIN m ON m.account_id = "
                         "a.account_id GROUP BY a.account_id ORDER BY a.account_id"
                       : "SELECT a.account_id, COUNT(m.user), COALESCE(SUM(m.n = 0), 0), "
                         "COALESCE(SUM(m.n >= 1), 0) FROM accounts a LEFT JOIN m ON "
                         "m.account_id = a.account_id GROUP BY a.account_id ORDER BY a.account_id",
                   &error);
    accounts.bind(1, stepCount);
    int rows = 0;
    while (accounts.step()) {
        ++rows;
        const OnboardingAccount& a = r.accounts[size_t(d.index->accountIndex(accounts.text(0)))];
        QCOMPARE(a.users, accounts.int64(1));
        QCOMPARE(a.completedUsers, accounts.int64(2));
        QCOMPARE(a.matchingUsers, accounts.int64(3));
        if (a.users == 0)
            QVERIFY(std::isnan(a.rate));
        else
            QCOMPARE(a.rate, double(accounts.int64(2)) / double(accounts.int64(1)));
    }
    QCOMPARE(rows, int(r.accounts.size()));
    QCOMPARE(r.users, db.scalar("SELECT COUNT(*) FROM m"));
    QCOMPARE(r.completedUsers, db.scalar("SELECT COUNT(*) FROM m WHERE n = 0"));
}

} // namespace

class TestOnboarding : public QObject
{
    Q_OBJECT

private slots:
    void modeAny();
    void modeAll();
    void segmentFilter();
    void workspaceStepsAndErrors();
    void emptyCache();
    void cancelled();
    void stepsDonePerUser();
    void teamNode();
    void matchesReferenceSql();
    void demoDataOnBothCores();
};

void TestOnboarding::modeAny()
{
    Data d;
    QString error;
    QVERIFY2(d.load(handExport(), &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = AsOf;
    OnboardingResult r;
    QVERIFY2(runOnboarding(context, params(OnboardingMode::Any, Steps), &r, &error),
             qPrintable(error));
    // u1 did all three (invite 1 ms before as_of); u2's create_project is at as_of and its
    // invite after it; u3 misses create_project; u4 only logged in; u5 has no events; u6 (first
    // seen in events, no account) did all three at one timestamp.
    QCOMPARE(describe(*d.index, r),
             QStringList({QStringLiteral("u2: 1 2"), QStringLiteral("u3: 1"),
                          QStringLiteral("u4: 0 1 2"), QStringLiteral("u5: 0 1 2")}));
    QCOMPARE(r.users, 6);
    QCOMPARE(r.completedUsers, 2); // u1, u6
    QCOMPARE(int(r.accounts.size()), 3);
    const OnboardingAccount& a1 = r.accounts[size_t(d.index->accountIndex(QStringLiteral("A1")))];
    QCOMPARE(a1.users, 2); // u1, u2
    QCOMPARE(a1.completedUsers, 1);
    QCOMPARE(a1.rate, 0.5);
    QCOMPARE(a1.matchingUsers, 1);
    const OnboardingAccount& a2 = r.accounts[size_t(d.index->accountIndex(QStringLiteral("A2")))];
    QCOMPARE(a2.users, 2); // u3, u5
    QCOMPARE(a2.completedUsers, 0);
    QCOMPARE(a2.rate, 0.0);
    QCOMPARE(a2.matchingUsers, 2);
    const OnboardingAccount& a3 = r.accounts[size_t(d.index->accountIndex(QStringLiteral("A3")))];
    QCOMPARE(a3.users, 0);
    QVERIFY(std::isnan(a3.rate)); // blank, not 0
    QCOMPARE(r.definition.value(QStringLiteral("mode")).toString(), QStringLiteral("any"));
    QCOMPARE(r.definition.value(QStringLiteral("as_of")).toString(),
             QStringLiteral("2024-03-01T00:00:00.000Z"));
}

void TestOnboarding::modeAll()
{
    Data d;
    QString error;
    QVERIFY2(d.load(handExport(), &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = AsOf;
    OnboardingResult r;
    QVERIFY2(runOnboarding(context, params(OnboardingMode::All, Steps), &r, &error),
             qPrintable(error));
    // Only u4 (login only) and u5 (no events) miss every step.
    QCOMPARE(describe(*d.index, r),
             QStringList({QStringLiteral("u4: 0 1 2"), QStringLiteral("u5: 0 1 2")}));
    QCOMPARE(r.accounts[size_t(d.index->accountIndex(QStringLiteral("A1")))].matchingUsers, 0);
    QCOMPARE(r.accounts[size_t(d.index->accountIndex(QStringLiteral("A2")))].matchingUsers, 1);
    // The rates do not depend on the mode.
    QCOMPARE(r.accounts[size_t(d.index->accountIndex(QStringLiteral("A1")))].rate, 0.5);

    // With as_of a day later, u2's create_project (at the old as_of) counts: only invite is
    // missing, so u2 still matches "any" but with one step.
    context.asOfMs = AsOf + 24 * Hour;
    QVERIFY2(runOnboarding(context, params(OnboardingMode::Any, Steps), &r, &error),
             qPrintable(error));
    QCOMPARE(describe(*d.index, r).first(), QStringLiteral("u2: 2"));
}

void TestOnboarding::segmentFilter()
{
    Data d;
    QString error;
    QVERIFY2(d.load(handExport(), &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = AsOf;
    context.segment.assign(size_t(d.index->userCount()), 0);
    for (const char* id : {"u1", "u3", "u5"})
        context.segment[size_t(d.index->userIndex(QLatin1String(id)))] = 1;
    context.segmentName = QStringLiteral("picked");
    OnboardingResult r;
    QVERIFY2(runOnboarding(context, params(OnboardingMode::Any, Steps), &r, &error),
             qPrintable(error));
    QCOMPARE(describe(*d.index, r),
             QStringList({QStringLiteral("u3: 1"), QStringLiteral("u5: 0 1 2")}));
    QCOMPARE(r.users, 3);
    QCOMPARE(r.completedUsers, 1); // u1
    const OnboardingAccount& a1 = r.accounts[size_t(d.index->accountIndex(QStringLiteral("A1")))];
    QCOMPARE(a1.users, 1);
    QCOMPARE(a1.rate, 1.0);
    QCOMPARE(r.accounts[size_t(d.index->accountIndex(QStringLiteral("A2")))].users, 2);
    QCOMPARE(r.definition.value(QStringLiteral("segment")).toString(), QStringLiteral("picked"));
}

void TestOnboarding::workspaceStepsAndErrors()
{
    Data d;
    QString error;
    QVERIFY2(d.load(handExport(), &error), qPrintable(error));
    Workspace workspace;
    workspace.onboardingSteps = {QStringLiteral("invite")};
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = AsOf;
    context.workspace = &workspace;
    OnboardingResult r;
    // No steps given: the workspace's. invite is missing for u2 (after as_of), u4 and u5.
    QVERIFY2(runOnboarding(context, {}, &r, &error), qPrintable(error));
    QCOMPARE(r.steps, QStringList({QStringLiteral("invite")}));
    QCOMPARE(describe(*d.index, r), QStringList({QStringLiteral("u2: 0"), QStringLiteral("u4: 0"),
                                                 QStringLiteral("u5: 0")}));

    // A step the data lacks (about to launch) is never done: everybody misses it.
    QVERIFY2(
        runOnboarding(context, params(OnboardingMode::Any, {QStringLiteral("nope")}), &r, &error),
        qPrintable(error));
    QCOMPARE(r.completedUsers, 0);
    QCOMPARE(qsizetype(r.matching.size()), qsizetype(r.users));
    QCOMPARE(r.users, d.index->userCount());
    // Names match without regard to case: "INVITE" is invite (u2, u4, u5 miss it).
    QVERIFY2(
        runOnboarding(context, params(OnboardingMode::Any, {QStringLiteral("INVITE")}), &r, &error),
        qPrintable(error));
    QCOMPARE(describe(*d.index, r), QStringList({QStringLiteral("u2: 0"), QStringLiteral("u4: 0"),
                                                 QStringLiteral("u5: 0")}));
    QVERIFY(!runOnboarding(
        context, params(OnboardingMode::Any, {QStringLiteral("signup"), QStringLiteral("signup")}),
        &r, &error));
    QCOMPARE(error, QStringLiteral("step \"signup\" is listed twice"));
    workspace.onboardingSteps.clear();
    QVERIFY(!runOnboarding(context, {}, &r, &error));
    QCOMPARE(error, QStringLiteral("no onboarding steps"));
}

void TestOnboarding::emptyCache()
{
    Data d;
    QString error;
    QVERIFY2(d.load({}, &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = AsOf;
    OnboardingResult r;
    // No event types at all: no user, nothing to miss.
    QVERIFY2(runOnboarding(context, params(OnboardingMode::Any, Steps), &r, &error),
             qPrintable(error));
    QCOMPARE(r.users, 0);
    QVERIFY(r.matching.empty());

    // Accounts without any user or event: every rate is blank.
    Data accountsOnly;
    QVERIFY2(accountsOnly.load({{QStringLiteral("accounts.csv"), AccountsCsv},
                                {QStringLiteral("events.csv"),
                                 "event_id,user_id,time,event\n1,u9,2024-01-01,signup\n"}},
                               &error),
             qPrintable(error));
    context.index = accountsOnly.index;
    QVERIFY2(
        runOnboarding(context, params(OnboardingMode::Any, {QStringLiteral("signup")}), &r, &error),
        qPrintable(error));
    QCOMPARE(r.users, 1);
    QCOMPARE(r.completedUsers, 1);
    QVERIFY(r.matching.empty());
    QCOMPARE(int(r.accounts.size()), 3);
    for (const auto& account : r.accounts) {
        QCOMPARE(account.users, 0);
        QVERIFY(std::isnan(account.rate));
    }
}

void TestOnboarding::cancelled()
{
    Data d;
    QString error;
    QVERIFY2(d.load(handExport(), &error), qPrintable(error));
    Progress progress;
    progress.cancel();
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = AsOf;
    context.progress = &progress;
    OnboardingResult r;
    const Status status = runOnboarding(context, params(OnboardingMode::Any, Steps), &r, &error);
    QVERIFY(status.isCancelled()); // typed: a cancel carries no text
    QVERIFY(status.error().isEmpty());
}

// When each step was first done, for one account's users: the account view's ✔/✖ table.
void TestOnboarding::stepsDonePerUser()
{
    Data d;
    QString error;
    QVERIFY2(d.load(handExport(), &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = AsOf;
    const auto at = [](const char* iso) {
        return QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
    };
    QStringList steps;
    std::vector<OnboardingStepsDone> users;
    QVERIFY2(onboardingStepsDone(context, d.index->accountIndex(QStringLiteral("A1")), Steps,
                                 &steps, &users, &error),
             qPrintable(error));
    QCOMPARE(steps, Steps);
    QCOMPARE(int(users.size()), 2);
    // u1 did all three, invite 1 ms before as_of.
    QCOMPARE(d.index->userId(users[0].user), QStringLiteral("u1"));
    QCOMPARE(users[0].doneMs,
             (std::vector<qint64>{at("2024-01-05T10:00:00Z"), at("2024-01-06T10:00:00Z"),
                                  at("2024-02-29T23:59:59.999Z")}));
    QCOMPARE(users[0].doneCount(), 3);
    // u2: create_project at as_of and invite after it do not count.
    QCOMPARE(d.index->userId(users[1].user), QStringLiteral("u2"));
    QCOMPARE(users[1].doneMs, (std::vector<qint64>{at("2024-01-10T09:00:00Z"), -1, -1}));
    QCOMPARE(users[1].doneCount(), 1);
    // A2: u3 did signup and invite at one time; u5 has no events.
    QVERIFY(onboardingStepsDone(context, d.index->accountIndex(QStringLiteral("A2")), Steps, &steps,
                                &users, &error));
    QCOMPARE(int(users.size()), 2);
    const qint64 u3 = at("2024-02-01T12:00:00Z");
    QCOMPARE(users[0].doneMs, (std::vector<qint64>{u3, -1, u3}));
    QCOMPARE(users[1].doneMs, (std::vector<qint64>{-1, -1, -1}));
    QCOMPARE(users[1].doneCount(), 0);
    // The table: user columns, steps done, a Done column per step titled with the event.
    const ResultTable table = onboardingStepsTable(context, steps, users);
    QCOMPARE(table.columns.back().id, QStringLiteral("step:invite"));
    QCOMPARE(table.columns.back().title, QStringLiteral("invite"));
    QCOMPARE(table.columns.back().kind, ValueKind::Done);
    QCOMPARE(table.rows[0][size_t(table.columnOf(QStringLiteral("steps_done")))].number, 2.0);
    QVERIFY(
        table.rows[0][size_t(table.columnOf(QStringLiteral("step:create_project")))].isMissing());
    QCOMPARE(table.rows[0].back().timeMs, u3);
    // Errors: an account out of range, a repeated step.
    QVERIFY(!onboardingStepsDone(context, 99, Steps, &steps, &users, &error));
    QCOMPARE(error, QStringLiteral("no such account"));
    QVERIFY(!onboardingStepsDone(context, 0, {QStringLiteral("signup"), QStringLiteral("signup")},
                                 &steps, &users, &error));
    QCOMPARE(error, QStringLiteral("step \"signup\" is listed twice"));
}

// A person of the team: only their accounts (and those of everyone below them) and their users.
void TestOnboarding::teamNode()
{
    Files files = handExport();
    files[0].second = "account_id,name,csm\n"
                      "A1,Acme,Ann\n"
                      "A2,Globex,Bob\n"
                      "A3,Initech,Ann\n";
    files.append({QStringLiteral("team.csv"), "person,role,manager\n"
                                              "Mia,Manager,\n"
                                              "Ann,CSM,Mia\n"
                                              "Bob,CSM,Mia\n"});
    Data d;
    QString error;
    QVERIFY2(d.load(files, &error), qPrintable(error));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = AsOf;
    OnboardingResult r;
    OnboardingParams params = ::params(OnboardingMode::Any, Steps);
    params.node = QStringLiteral("Ann");
    QVERIFY2(runOnboarding(context, params, &r, &error), qPrintable(error));
    // Ann: A1 (u1 done, u2 missing create_project and invite) and A3 (no users).
    QCOMPARE(describe(*d.index, r), QStringList{QStringLiteral("u2: 1 2")});
    QCOMPARE(r.users, 2);
    QCOMPARE(r.completedUsers, 1);
    QCOMPARE(int(r.accounts.size()), 2);
    QCOMPARE(d.index->accountId(r.accounts[0].account), QStringLiteral("A1"));
    QCOMPARE(d.index->accountId(r.accounts[1].account), QStringLiteral("A3"));
    QCOMPARE(r.definition.value(u"node").toString(), QStringLiteral("Ann"));
    // Mia manages both: u1, u2, u3, u5; u4 and u6 have no account and do not count.
    params.node = QStringLiteral("Mia");
    QVERIFY(runOnboarding(context, params, &r, &error));
    QCOMPARE(describe(*d.index, r), QStringList({QStringLiteral("u2: 1 2"), QStringLiteral("u3: 1"),
                                                 QStringLiteral("u5: 0 1 2")}));
    QCOMPARE(r.users, 4);
    QCOMPARE(r.completedUsers, 1);
    QCOMPARE(int(r.accounts.size()), 3);
    params.node = QStringLiteral("Nobody");
    QVERIFY(!runOnboarding(context, params, &r, &error));
    QCOMPARE(error, QStringLiteral("nobody named \"Nobody\" in the team"));
}

void TestOnboarding::matchesReferenceSql()
{
    for (quint32 seed = 1; seed <= 20; ++seed) {
        Data d;
        QString error;
        QVERIFY2(d.load(randomExport(seed), &error), qPrintable(error));
        QRandomGenerator rng(seed * 7919);
        OnboardingParams params;
        for (int t = 0; t < d.index->typeCount(); ++t) {
            if (params.steps.isEmpty() || rng.bounded(2) == 0)
                params.steps.append(d.index->typeName(t));
        }
        params.mode = rng.bounded(2) == 0 ? OnboardingMode::All : OnboardingMode::Any;
        AnalysisContext context;
        context.index = d.index;
        context.asOfMs = AsOf;
        if (seed % 2 == 0) {
            context.segment.resize(size_t(d.index->userCount()));
            for (auto& in : context.segment)
                in = char(rng.bounded(2));
        }
        compareWithReference(d, context, params);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestOnboarding::demoDataOnBothCores()
{
    Data d;
    QString error;
    QVERIFY2(d.loadDemo(&error), qPrintable(error));
    QCOMPARE(d.index->eventCount(), size_t(250000));
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = d.index->defaultAsOfMs() - 20 * 24 * Hour;
    context.segment.resize(size_t(d.index->userCount()));
    for (size_t u = 0; u < context.segment.size(); ++u)
        context.segment[u] = char(u % 3 != 0);
    for (const OnboardingMode mode : {OnboardingMode::Any, OnboardingMode::All}) {
        OnboardingParams params;
        params.mode = mode;
        for (int t = 0; t < d.index->typeCount(); t += 4)
            params.steps.append(d.index->typeName(t));
        compareWithReference(d, context, params);
    }
}

QTEST_GUILESS_MAIN(TestOnboarding)
#include "tst_onboarding.moc"
