// runCampaigns against hand-written exports (every expected value worked out by hand from the
// fixture text, as the comments say), and against a plain reference written from the
// definitions in Campaigns.h - straightforward loops over the rows of the export - on random
// small exports and on the demo data. The CLI is run once on the first fixture.
#include "EventScript.h"
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/Campaigns.h"
#include "analysis/EventIndex.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "sync/FieldParser.h"
#include "workspace/Workspace.h"

#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>

using namespace pulsebook;
using test::script::at;
using test::script::Day;
using test::script::Hour;
using test::script::T;

namespace {

using Data = test::SyncedCache;
using Files = test::ExportFiles;

const QByteArray TouchHeader = "user_id,campaign,time,stage\n";

// Rows of campaign_touches.csv from "u1: delivered@0d opened@1h" lines (times as in
// test::script::at: offsets from T).
QByteArray touchRows(const char* campaign, std::initializer_list<const char*> lines)
{
    QByteArray csv;
    for (const char* line : lines) {
        const QStringList words = QString::fromLatin1(line).split(QLatin1Char(' '));
        for (qsizetype w = 1; w < words.size(); ++w) {
            const qsizetype a = words[w].indexOf(QLatin1Char('@'));
            csv += words[0].chopped(1).toUtf8() + ',' + campaign + ',' +
                   FieldParser::formatTimestamp(at(words[w].mid(a + 1))).toUtf8() + ',' +
                   words[w].left(a).toUtf8() + '\n';
        }
    }
    return csv;
}

QString rate(double r)
{
    return std::isnan(r) ? QStringLiteral("-") : QString::number(r, 'g', 4);
}

QString share(const CampaignShare& s)
{
    return QStringLiteral("%1/%2 %3").arg(s.eligible).arg(s.converted).arg(rate(s.rate));
}

QString points(double p)
{
    return std::isnan(p) ? QStringLiteral("-") : QString::number(p, 'f', 2);
}

// Every figure of a campaign but its account rows, on one line.
QString describe(const CampaignMetrics& m)
{
    if (!m.sent)
        return m.name + QStringLiteral(" not sent");
    QString text =
        QStringLiteral("touched %1 clicked %2 | week0 %3 | month1 %4 | accounts %5, %6")
            .arg(m.touchedUsers)
            .arg(m.clickedUsers)
            .arg(share(m.week0), share(m.month1), share(m.week0Accounts), share(m.month1Accounts));
    static const char* const stages[] = {"delivered", "opened", "clicked"};
    for (size_t s = 0; s < 3; ++s)
        text += QStringLiteral(" | %1 %2 %3")
                    .arg(QLatin1String(stages[s]), share(m.stages[s]), points(m.liftPoints[s]));
    text += QStringLiteral(" | baseline %1 | low %2 touched %3")
                .arg(share(m.baseline), share(m.lowWau))
                .arg(m.lowWauTouched);
    if (!m.sendWeekOver)
        text += QStringLiteral(" | send week not over");
    return text;
}

QStringList describeAccounts(const EventIndex& index, const CampaignMetrics& m)
{
    QStringList lines;
    for (const CampaignAccount& a : m.accounts)
        lines.append(QStringLiteral("%1 clicked %2 week0 %3 month1 %4 wau %5%6")
                         .arg(index.accountId(a.account))
                         .arg(a.clickedUsers)
                         .arg(share(a.week0), share(a.month1))
                         .arg(a.wauAtSend)
                         .arg(a.lowWau ? QStringLiteral(" low") : QString()));
    return lines;
}

AnalysisContext contextOf(const Data& d, qint64 asOfMs, const Workspace* workspace)
{
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = asOfMs;
    context.workspace = workspace;
    return context;
}

Workspace fixtureWorkspace()
{
    Workspace w = Workspace::defaults();
    w.campaignKeyEvent = QStringLiteral("chart");
    w.lowWauThreshold = 2;
    return w;
}

// --- Fixture 1: click windows. Key event "chart"; "Launch" first sent at T; as_of T + 100d.
// u7 has no account, A5 has no users. WAU at T is 0 everywhere (no event in [T - 7d, T)).
const Files ClickExport = {
    {QStringLiteral("accounts.csv"), "account_id,name,csm\nA1,Acme,Maya\nA2,Globex,Li\n"
                                     "A3,Initech,Maya\nA4,Umbrella,Li\nA5,Empty,Li\n"},
    {QStringLiteral("users.csv"),
     "user_id,account_id\nu1,A1\nu2,A1\nu3,A2\nu4,A2\nu5,A3\nu6,A3\nu7,\nu8,A1\nu9,A4\n"},
    {QStringLiteral("events.csv"),
     test::script::eventsCsv({"u1: chart@2h chart@30d+2h",  // t = 2h: K at t; at t + 30d
                              "u2: chart@8d-1ms chart@61d", // t = 1d: t + 7d - 1ms; t + 60d
                              "u3: chart@2d-1ms chart@9d chart@32d-1ms", // t = 2d: t - 1ms,
                                                                         // t + 7d, t + 30d - 1ms
                              "u4: chart@46d",                           // t = 45d
                              "u5: chart@96d",               // t = 95d: window ends after as_of
                              "u7: chart@10d+1h",            // t = 10d
                              "u8: chart@100d",              // at as_of
                              "u9: login@-100d chart@7d"})}, // untouched by Launch
    {QStringLiteral("campaign_touches.csv"),
     TouchHeader +
         touchRows("Launch", {"u1: delivered@0d opened@1h clicked@2h clicked@5d",
                              "u2: delivered@1h clicked@1d", "u3: clicked@2d", "u4: clicked@45d",
                              "u5: clicked@95d", "u6: delivered@0d opened@1d", "u7: clicked@10d",
                              "u8: clicked@100d"}) +
         touchRows("Beta", {"u9: delivered@20d"})}};

// --- Fixture 2: influence by stage. "Revival" first sent at T; as_of T + 30d; no accounts.
const Files StageExport = {
    {QStringLiteral("users.csv"), "user_id\nd1\nd2\nd3\no1\no2\nc1\nc2\nc3\nb1\nb2\nb3\nb4\nb5\n"},
    {QStringLiteral("events.csv"),
     test::script::eventsCsv(
         {"d1: login@-10d chart@1d", "d2: chart@1h-90d chart@2d", "d3: chart@1d",
          "o1: chart@-90d-1ms chart@7d", "o2: login@-1d chart@2h", "c1: login@0d chart@8d-1ms",
          "c2: login@0d chart@26d", "c3: login@0d", "b1: login@-5d chart@3d", "b2: chart@-90d",
          "b3: login@-100d chart@-91d", "b4: login@1d", "b5: login@-1d chart@6d"})},
    {QStringLiteral("campaign_touches.csv"),
     TouchHeader +
         touchRows("Revival",
                   {"d1: delivered@0d clicked@31d", "d2: delivered@1h", "d3: delivered@0d",
                    "o1: delivered@0d opened@1d", "o2: delivered@2h opened@3h",
                    "c1: opened@1d clicked@1d+1m", "c2: clicked@25d",
                    "c3: delivered@1d opened@2d clicked@3d", "b5: delivered@30d"})}};

// --- Fixture 3: low-WAU accounts. "Nudge" first sent at T; as_of T + 10d; threshold 2.
const Files WauExport = {
    {QStringLiteral("accounts.csv"),
     "account_id,name\nL1,One\nL2,Two\nL3,Three\nL4,Four\nL5,Five\nL6,Six\nL8,Eight\n"},
    {QStringLiteral("users.csv"), "user_id,account_id\na1,L1\na2,L1\nb1,L2\nb2,L2\nc1,L3\nc2,L3\n"
                                  "d1,L4\ne1,L5\ne2,L5\nf1,L6\nh1,\n"},
    {QStringLiteral("events.csv"),
     test::script::eventsCsv({"a1: login@-7d chart@8d-1ms", "b1: login@-1ms",
                              "b2: login@-7d-1ms chart@7d", "c1: login@-3d chart@1d",
                              "c2: login@-1d", "e1: login@-2d login@-1d", "e2: login@0d chart@9d",
                              "f1: login@-1d", "h1: chart@1d"})},
    {QStringLiteral("campaign_touches.csv"),
     TouchHeader +
         touchRows("Nudge", {"a1: delivered@1d", "b2: delivered@0d", "c1: delivered@0d",
                             "e2: delivered@5d", "f1: delivered@10d", "h1: delivered@0d"})}};

// --- The reference: the rows of an export, and the definitions of Campaigns.h as plain loops.
struct Row
{
    qint64 time = 0;
    QString name; // the event, or the touch's campaign
    int stage = 0;
};

struct Rows
{
    QStringList accounts;               // accounts.csv
    QHash<QString, QString> accountOf;  // users.csv: user_id -> account_id
    QStringList users;                  // every user_id: users.csv, events, touches
    QHash<QString, QList<Row>> events;  // by user_id
    QHash<QString, QList<Row>> touches; // by user_id
    void addUser(const QString& id)
    {
        if (!users.contains(id))
            users.append(id);
    }
};

CampaignMetrics reference(const Rows& x, const AnalysisContext& context, const QString& campaign,
                          const QString& key, int threshold)
{
    const EventIndex& index = *context.index;
    const qint64 asOf = context.asOfMs;
    auto inFilter = [&](const QString& id) {
        const int u = index.userIndex(id);
        return u >= 0 && context.inSegment(u);
    };
    // An event of `id` in [from, to) before as_of, of any type when `name` is empty.
    auto did = [&](const QString& id, const QString& name, qint64 from, qint64 to) {
        for (const Row& e : x.events.value(id)) {
            if ((name.isEmpty() || e.name == name) && e.time >= from && e.time < to &&
                e.time < asOf)
                return true;
        }
        return false;
    };
    auto lapsed = [&](const QString& id, qint64 ms) {
        return !did(id, key, ms - 90 * Day, ms) &&
               did(id, QString(), std::numeric_limits<qint64>::min(), ms);
    };
    auto add = [](CampaignShare& s, bool converted) {
        ++s.eligible;
        s.converted += converted ? 1 : 0;
        s.rate = double(s.converted) / double(s.eligible);
    };
    auto accountOf = [&](const QString& id) {
        const QString a = x.accountOf.value(id);
        return x.accounts.contains(a) ? a : QString();
    };

    CampaignMetrics m;
    m.name = campaign;
    // First touch, highest stage and first click of each user, touches before as_of only.
    QHash<QString, qint64> first, click;
    QHash<QString, int> highest;
    for (const QString& id : x.users) {
        for (const Row& t : x.touches.value(id)) {
            if (t.name != campaign || t.time >= asOf)
                continue;
            if (!m.sent || t.time < m.firstSendMs)
                m.firstSendMs = t.time;
            m.sent = true;
            if (!inFilter(id))
                continue;
            if (!first.contains(id) || t.time < first[id])
                first[id] = t.time;
            highest[id] = std::max(highest.value(id, 0), t.stage);
            if (t.stage == 2 && (!click.contains(id) || t.time < click[id]))
                click[id] = t.time;
        }
    }
    if (!m.sent)
        return m;
    const qint64 s = m.firstSendMs;
    m.sendWeekOver = s + 7 * Day <= asOf;
    for (const QString& id : x.users) {
        if (!inFilter(id))
            continue;
        if (!first.contains(id)) {
            if (m.sendWeekOver && lapsed(id, s))
                add(m.baseline, did(id, key, s, s + 7 * Day));
            continue;
        }
        ++m.touchedUsers;
        const qint64 f = first[id];
        if (f + 7 * Day <= asOf && lapsed(id, f))
            add(m.stages[size_t(highest[id])], did(id, key, f, f + 7 * Day));
        if (!click.contains(id))
            continue;
        ++m.clickedUsers;
        const qint64 t = click[id];
        if (t + 7 * Day <= asOf)
            add(m.week0, did(id, key, t, t + 7 * Day));
        if (t + 60 * Day <= asOf)
            add(m.month1, did(id, key, t + 30 * Day, t + 60 * Day));
    }
    for (size_t i = 0; i < 3; ++i)
        m.liftPoints[i] = (m.stages[i].rate - m.baseline.rate) * 100.0;

    QStringList accounts = x.accounts;
    std::sort(accounts.begin(), accounts.end(), [&](const QString& a, const QString& b) {
        return index.accountIndex(a) < index.accountIndex(b);
    });
    for (const QString& a : accounts) {
        QStringList users;
        for (const QString& id : x.users) {
            if (accountOf(id) == a && inFilter(id))
                users.append(id);
        }
        if (users.isEmpty())
            continue;
        CampaignAccount row;
        bool touched = false, converted = false;
        for (const QString& id : users) {
            if (did(id, QString(), s - 7 * Day, s))
                ++row.wauAtSend;
            if (first.contains(id)) {
                touched = true;
                converted = converted || did(id, key, first[id], first[id] + 7 * Day);
            }
            if (!click.contains(id))
                continue;
            ++row.clickedUsers;
            const qint64 t = click[id];
            if (t + 7 * Day <= asOf)
                add(row.week0, did(id, key, t, t + 7 * Day));
            if (t + 60 * Day <= asOf)
                add(row.month1, did(id, key, t + 30 * Day, t + 60 * Day));
        }
        row.lowWau = row.wauAtSend < threshold;
        if (m.sendWeekOver && row.lowWau) {
            add(m.lowWau, converted);
            m.lowWauTouched += touched ? 1 : 0;
        }
        if (row.week0.eligible == 0)
            continue;
        row.account = index.accountIndex(a);
        add(m.week0Accounts, row.week0.converted > 0);
        if (row.month1.eligible > 0)
            add(m.month1Accounts, row.month1.converted > 0);
        m.accounts.push_back(row);
    }
    return m;
}

// Runs runCampaigns and the reference on every campaign, and compares every figure.
void compareWithReference(const Rows& x, const AnalysisContext& context, const QString& key,
                          int threshold)
{
    CampaignsParams params;
    params.keyEvent = key;
    params.lowWauThreshold = threshold;
    CampaignsResult r;
    QString error;
    QVERIFY2(runCampaigns(context, params, &r, &error), qPrintable(error));
    QCOMPARE(r.campaigns.size(), size_t(context.index->campaignNames().size()));
    for (const CampaignMetrics& m : r.campaigns) {
        const CampaignMetrics expected = reference(x, context, m.name, key, threshold);
        QCOMPARE(describe(m), describe(expected));
        QCOMPARE(m.firstSendMs, expected.firstSendMs);
        QCOMPARE(describeAccounts(*context.index, m), describeAccounts(*context.index, expected));
    }
}

// A random small export around the campaign windows: touches of every stage (some at or after
// as_of, some users touched twice), key events and logins at the window edges of every touch
// and first send, users without an account or with one missing from accounts.csv, users seen
// only in events or only in touches.
Files randomExport(quint32 seed, qint64* asOf, Rows* x)
{
    QRandomGenerator rng(seed);
    const int accountCount = 1 + int(rng.bounded(4));
    QByteArray accountsCsv = "account_id,name\n";
    for (int a = 0; a < accountCount; ++a) {
        x->accounts.append(QStringLiteral("A%1").arg(a));
        accountsCsv += x->accounts.back().toUtf8() + ",Name\n";
    }
    QByteArray usersCsv = "user_id,account_id\n";
    for (int u = 0, users = 2 + int(rng.bounded(12)); u < users; ++u) {
        const QString id = QStringLiteral("u%1").arg(u);
        const int a = int(rng.bounded(accountCount + 2));
        const QString account = a < accountCount    ? QStringLiteral("A%1").arg(a)
                                : a == accountCount ? QString()
                                                    : QStringLiteral("AX");
        x->addUser(id);
        x->accountOf.insert(id, account);
        usersCsv += id.toUtf8() + ',' + account.toUtf8() + '\n';
    }
    for (int e = int(rng.bounded(3)); e > 0; --e)
        x->addUser(QStringLiteral("e%1").arg(e));
    const QStringList touchedOnly =
        rng.bounded(2) ? QStringList{QStringLiteral("t1")} : QStringList();

    const int campaigns = 1 + int(rng.bounded(3));
    std::vector<qint64> sends;
    for (int c = 0; c < campaigns; ++c)
        sends.push_back(c == 0 ? T : T + qint64(rng.bounded(21)) * Day);
    switch (rng.bounded(4)) {
    case 0:
        *asOf = T + 7 * Day - qint64(rng.bounded(2)); // the first send's week just over or not
        break;
    default:
        *asOf = T + qint64(rng.bounded(100)) * Day + qint64(rng.bounded(24)) * Hour;
    }

    QByteArray touchesCsv = TouchHeader;
    static const char* const stageNames[] = {"delivered", "opened", "clicked"};
    QStringList touchUsers = x->users;
    touchUsers += touchedOnly;
    for (const QString& id : touchUsers) {
        for (int c = 0; c < campaigns; ++c) {
            if (rng.bounded(2) == 0)
                continue;
            const qint64 f =
                sends[size_t(c)] + (rng.bounded(3) == 0 ? 0 : qint64(rng.bounded(24 * 12)) * Hour);
            qint64 time = f;
            for (int n = 1 + int(rng.bounded(4)); n > 0; --n) {
                Row t{time, QStringLiteral("C%1").arg(c), int(rng.bounded(3))};
                if (rng.bounded(10) == 0)
                    t.time = *asOf + (rng.bounded(2) ? 0 : qint64(rng.bounded(30)) * Hour);
                x->touches[id].append(t);
                touchesCsv += id.toUtf8() + ',' + t.name.toUtf8() + ',' +
                              FieldParser::formatTimestamp(t.time).toUtf8() + ',' +
                              stageNames[t.stage] + '\n';
                time += rng.bounded(3) == 0 ? 0 : qint64(rng.bounded(72)) * Hour;
            }
        }
    }
    for (const QString& id : touchedOnly)
        x->addUser(id);

    static const qint64 offsets[] = {
        0,           -1,           1,        7 * Day - 1, 7 * Day,       30 * Day - 1,
        30 * Day,    60 * Day - 1, 60 * Day, -90 * Day,   -90 * Day - 1, -7 * Day,
        -7 * Day - 1};
    QByteArray eventsCsv = "event_id,user_id,time,event\n";
    qint64 eventId = 0;
    auto event = [&](const QString& id, qint64 time, const QString& name) {
        x->events[id].append({time, name, 0});
        eventsCsv += QByteArray::number(++eventId) + ',' + id.toUtf8() + ',' +
                     FieldParser::formatTimestamp(time).toUtf8() + ',' + name.toUtf8() + '\n';
    };
    event(x->users.first(), T - 200 * Day, QStringLiteral("chart"));
    event(x->users.first(), T - 200 * Day, QStringLiteral("login"));
    for (const QString& id : x->users) {
        std::vector<qint64> anchors = sends;
        anchors.push_back(*asOf);
        for (const Row& t : x->touches.value(id))
            anchors.push_back(t.time);
        for (int n = int(rng.bounded(9)); n > 0; --n) {
            const qint64 anchor = anchors[rng.bounded(quint32(anchors.size()))];
            const quint32 pick = rng.bounded(quint32(std::size(offsets)) + 2);
            const qint64 time = pick < std::size(offsets)
                                    ? anchor + offsets[pick]
                                    : anchor + (qint64(rng.bounded(190 * 24)) - 120 * 24) * Hour;
            event(id, time, rng.bounded(5) < 3 ? QStringLiteral("chart") : QStringLiteral("login"));
        }
    }
    return {{QStringLiteral("accounts.csv"), accountsCsv},
            {QStringLiteral("users.csv"), usersCsv},
            {QStringLiteral("events.csv"), eventsCsv},
            {QStringLiteral("campaign_touches.csv"), touchesCsv}};
}

struct CliRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

CliRun runCli(const QStringList& arguments)
{
    QProcess p;
    p.start(QStringLiteral(PULSEBOOK_CLI_PATH), arguments);
    CliRun r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestCampaigns : public QObject
{
    Q_OBJECT

private slots:
    void clickWindows();
    void pastAsOfIgnoresLaterTouchesAndEvents();
    void influenceByStage();
    void influenceInSegment();
    void lowWauAccounts();
    void lowWauAtTheSendWeekEdge();
    void errors();
    void matchesReference();
    void demoDataOnBothCores();
    void cli();
};

void TestCampaigns::clickWindows()
{
    Data d;
    QString error;
    QVERIFY2(d.load(ClickExport, &error), qPrintable(error));
    const Workspace workspace = fixtureWorkspace();
    CampaignsResult r;
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("100d")), &workspace), {}, &r, &error),
             qPrintable(error));
    QCOMPARE(r.keyEvent, QStringLiteral("chart"));
    QCOMPARE(r.lowWauThreshold, 2);
    QCOMPARE(r.definition.value(QStringLiteral("analysis")).toString(),
             QStringLiteral("campaigns"));
    QCOMPARE(r.definition.value(QStringLiteral("key_event")).toString(), QStringLiteral("chart"));
    QCOMPARE(r.campaigns.size(), size_t(2));
    QCOMPARE(r.campaigns[0].name, QStringLiteral("Beta"));
    const CampaignMetrics& m = r.campaigns[1];
    QCOMPARE(m.name, QStringLiteral("Launch"));
    QCOMPARE(m.firstSendMs, T);
    // Touched: u1..u7 (u8's click is at as_of: ignored). Clicked: all but u6 (delivered and
    // opened only).
    // Week 0, [t, t + 7d): u1 K at t; u2 K at t + 7d - 1ms; u3 no (t - 1ms and t + 7d);
    // u4 K at t + 1d; u7 K at t + 1h; u5 not eligible (t + 7d = 102d > as_of) -> 4 of 5.
    // Month 1, [t + 30d, t + 60d), eligible when t + 60d <= 100d: u1 (K at t + 30d), u2 (K at
    // t + 60d: no), u3 (K at t + 30d - 1ms: no), u7 (none) -> 1 of 4; u4 (105d) and u5 not.
    // Accounts, week 0: A1 (u1, u2) converted, A2 (u3 no, u4 yes) converted -> 2 of 2; A3's
    // only clicked user u5 is not eligible. Month 1: A1 (u1 yes), A2 (u3 no) -> 1 of 2.
    // Influence: nobody touched is lapsed (u3's K at t - 1ms is within 90 days before f; the
    // others have no event before f) -> 0/0 everywhere. Baseline: u9 is lapsed at T (login at
    // -100d, no K in [T - 90d, T)), its K at T + 7d is outside the week -> 1 of 1, 0 converted;
    // u8 has no event before T.
    // Low-WAU: A1..A4 (WAU 0 < 2; A5 has no users) -> 4; touched A1, A2, A3; converted A1 (u1
    // K at 2h), A2 (u4 K one day after its touch), A3 (u5 K at 96d, in [95d, as_of)) -> 3 of 4.
    QCOMPARE(describe(m), QStringLiteral("touched 7 clicked 6 | week0 5/4 0.8 | month1 4/1 0.25 | "
                                         "accounts 2/2 1, 2/1 0.5 | delivered 0/0 - - | opened "
                                         "0/0 - - | clicked 0/0 - - | baseline 1/0 0 | low 4/3 "
                                         "0.75 touched 3"));
    QCOMPARE(describeAccounts(*d.index, m),
             QStringList({QStringLiteral("A1 clicked 2 week0 2/2 1 month1 2/1 0.5 wau 0 low"),
                          QStringLiteral("A2 clicked 2 week0 2/1 0.5 month1 1/0 0 wau 0 low")}));
    // Beta, first sent at 20d to u9 only: u9 is not lapsed (K at 7d); the baseline has nobody
    // lapsed at 20d (u1, u2, u3, u7 did K within 90 days; u4, u5, u6, u8 have no event before).
    // Nobody has an event in [13d, 20d): A1..A4 are low-WAU, A4 touched, u9 no K in the week.
    QCOMPARE(describe(r.campaigns[0]),
             QStringLiteral("touched 1 clicked 0 | week0 0/0 - | month1 0/0 - | accounts 0/0 -, "
                            "0/0 - | delivered 0/0 - - | opened 0/0 - - | clicked 0/0 - - | "
                            "baseline 0/0 - | low 4/0 0 touched 1"));
    QCOMPARE(r.campaigns[0].firstSendMs, at(QStringLiteral("20d")));
}

void TestCampaigns::pastAsOfIgnoresLaterTouchesAndEvents()
{
    Data d;
    QString error;
    QVERIFY2(d.load(ClickExport, &error), qPrintable(error));
    const Workspace workspace = fixtureWorkspace();
    CampaignsParams params;
    params.campaign = QStringLiteral("Launch");
    CampaignsResult r;
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("50d")), &workspace), params, &r, &error),
             qPrintable(error));
    QCOMPARE(r.campaigns.size(), size_t(1));
    QCOMPARE(r.definition.value(QStringLiteral("campaign")).toString(), QStringLiteral("Launch"));
    const CampaignMetrics& m = r.campaigns[0];
    // As of 50d u5's touch (95d) is gone: touched u1, u2, u3, u4, u6, u7; clicked the same but
    // u6. Week 0: u1, u2, u3 (no), u7 -> 3 of 4; u4 (45d + 7d > 50d) is not eligible.
    // Month 1: nobody is eligible. Accounts: A1 converted, A2 (u3 alone eligible) not -> 1 of 2.
    // Baseline: u9 as before; u5, now untouched, has no event before T.
    // Low-WAU: A1..A4, touched A1, A2, A3 (u6); converted A1 (u1) and A2 (u4's K at 46d, in
    // [45d, as_of)); A3's u6 has no K and u5's K at 96d is after as_of -> 2 of 4.
    QCOMPARE(describe(m), QStringLiteral("touched 6 clicked 5 | week0 4/3 0.75 | month1 0/0 - | "
                                         "accounts 2/1 0.5, 0/0 - | delivered 0/0 - - | opened "
                                         "0/0 - - | clicked 0/0 - - | baseline 1/0 0 | low 4/2 "
                                         "0.5 touched 3"));
    QCOMPARE(describeAccounts(*d.index, m),
             QStringList({QStringLiteral("A1 clicked 2 week0 2/2 1 month1 0/0 - wau 0 low"),
                          QStringLiteral("A2 clicked 2 week0 1/0 0 month1 0/0 - wau 0 low")}));

    // Before the first send nothing is sent.
    QVERIFY2(runCampaigns(contextOf(d, T, &workspace), params, &r, &error), qPrintable(error));
    const CampaignMetrics& none = r.campaigns[0];
    QCOMPARE(describe(none), QStringLiteral("Launch not sent"));
    QVERIFY(none.accounts.empty());
    QCOMPARE(none.touchedUsers + none.week0.eligible + none.baseline.eligible, qint64(0));
    for (size_t s = 0; s < 3; ++s)
        QVERIFY(std::isnan(none.stages[s].rate) && std::isnan(none.liftPoints[s]));
    QVERIFY(std::isnan(none.week0.rate) && std::isnan(none.lowWau.rate));
}

void TestCampaigns::influenceByStage()
{
    Data d;
    QString error;
    QVERIFY2(d.load(StageExport, &error), qPrintable(error));
    const Workspace workspace = fixtureWorkspace();
    CampaignsResult r;
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("30d")), &workspace), {}, &r, &error),
             qPrintable(error));
    QCOMPARE(r.campaigns.size(), size_t(1));
    // Highest stage, first touch f, lapsed (no K in [f - 90d, f), an event before f):
    // delivered: d1 (its click at 31d is after as_of; f = 0, login before, K at 1d: yes);
    //   d2 not lapsed (K exactly at f - 90d); d3 never used the product before f -> 1 of 1.
    // opened: o1 (K at f - 90d - 1ms: lapsed; K at f + 7d: no), o2 (f = 2h, K at f: yes)
    //   -> 1 of 2.
    // clicked: c1 (f = 1d, K at f + 7d - 1ms: yes), c3 (no K); c2's week ends after as_of
    //   -> 1 of 2.
    // Baseline from s = 0: b1 (yes), b3 (K at -91d: lapsed; no), b5 (touched only at as_of;
    //   yes); b2 not lapsed (K at s - 90d), b4 no event before s -> 2 of 3.
    // Lifts: 100 - 66.67, 50 - 66.67, 50 - 66.67 points.
    // Week 0: c1 (t = 1d + 1m, K at 8d - 1ms: yes), c3 (no); c2 not eligible -> 1 of 2.
    QCOMPARE(describe(r.campaigns[0]),
             QStringLiteral("touched 8 clicked 3 | week0 2/1 0.5 | month1 0/0 - | accounts 0/0 -, "
                            "0/0 - | delivered 1/1 1 33.33 | opened 2/1 0.5 -16.67 | clicked 2/1 "
                            "0.5 -16.67 | baseline 3/2 0.6667 | low 0/0 - touched 0"));
}

void TestCampaigns::influenceInSegment()
{
    Data d;
    QString error;
    QVERIFY2(d.load(StageExport, &error), qPrintable(error));
    const Workspace workspace = fixtureWorkspace();
    AnalysisContext context = contextOf(d, at(QStringLiteral("30d")), &workspace);
    context.segment.assign(size_t(d.index->userCount()), 1);
    context.segment[size_t(d.index->userIndex(QStringLiteral("o2")))] = 0;
    context.segment[size_t(d.index->userIndex(QStringLiteral("b1")))] = 0;
    CampaignsResult r;
    QVERIFY2(runCampaigns(context, {}, &r, &error), qPrintable(error));
    // Without o2 and b1: opened o1 alone (0 of 1), baseline b3 and b5 (1 of 2); lifts 100 - 50,
    // 0 - 50, 50 - 50.
    QCOMPARE(describe(r.campaigns[0]),
             QStringLiteral("touched 7 clicked 3 | week0 2/1 0.5 | month1 0/0 - | accounts 0/0 -, "
                            "0/0 - | delivered 1/1 1 50.00 | opened 1/0 0 -50.00 | clicked 2/1 "
                            "0.5 0.00 | baseline 2/1 0.5 | low 0/0 - touched 0"));
    QCOMPARE(r.definition.contains(QStringLiteral("segment")), true);
}

void TestCampaigns::lowWauAccounts()
{
    Data d;
    QString error;
    QVERIFY2(d.load(WauExport, &error), qPrintable(error));
    const Workspace workspace = fixtureWorkspace();
    CampaignsResult r;
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("10d")), &workspace), {}, &r, &error),
             qPrintable(error));
    // WAU at s = 0, events in [-7d, 0): L1 1 (a1 exactly at -7d), L2 1 (b1 at -1ms; b2 at
    // -7d - 1ms is out), L3 2 (c1, c2), L4 0, L5 1 (e1 twice; e2 at s is out), L6 1; L8 has no
    // users. Below 2: L1, L2, L4, L5, L6 -> 5.
    // Touched: L1 (a1), L2 (b2), L5 (e2); f1's touch is at as_of; h1 has no account -> 3.
    // Converted: L1 (a1 K at f + 7d - 1ms), L5 (e2 K at 9d, in [5d, as_of)); b2's K is at
    // f + 7d -> 2 of 5.
    // Influence, delivered: a1 (yes), b2 (no), c1 (yes); e2's week ends after as_of, h1 has no
    // event before f -> 2 of 3. Baseline: b1, c2, e1, f1 lapsed, none did K -> 0 of 4.
    QCOMPARE(describe(r.campaigns[0]),
             QStringLiteral("touched 5 clicked 0 | week0 0/0 - | month1 0/0 - | accounts 0/0 -, "
                            "0/0 - | delivered 3/2 0.6667 66.67 | opened 0/0 - - | clicked 0/0 - "
                            "- | baseline 4/0 0 | low 5/2 0.4 touched 3"));

    // A threshold of 3 takes L3 (WAU 2) in, touched and converted by c1 (K at 1d) -> 3 of 6.
    CampaignsParams params;
    params.lowWauThreshold = 3;
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("10d")), &workspace), params, &r, &error),
             qPrintable(error));
    QCOMPARE(share(r.campaigns[0].lowWau), QStringLiteral("6/3 0.5"));
    QCOMPARE(r.campaigns[0].lowWauTouched, qint64(4));
}

void TestCampaigns::lowWauAtTheSendWeekEdge()
{
    Data d;
    QString error;
    QVERIFY2(d.load(WauExport, &error), qPrintable(error));
    const Workspace workspace = fixtureWorkspace();
    CampaignsResult r;
    // as_of = s + 7d: measured. No K before as_of in any touched user's week: a1's at 8d - 1ms,
    // b2's at 7d and e2's at 9d are at or after as_of -> 0 of 5. Influence: b2 (no), c1 (yes);
    // a1's week ends after as_of -> 1 of 2.
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("7d")), &workspace), {}, &r, &error),
             qPrintable(error));
    QCOMPARE(describe(r.campaigns[0]),
             QStringLiteral("touched 5 clicked 0 | week0 0/0 - | month1 0/0 - | accounts 0/0 -, "
                            "0/0 - | delivered 2/1 0.5 50.00 | opened 0/0 - - | clicked 0/0 - - "
                            "| baseline 4/0 0 | low 5/0 0 touched 3"));
    // 1 ms earlier the send week is not over: no baseline, no low-WAU figures; b2's and c1's
    // weeks are not over either.
    QVERIFY2(runCampaigns(contextOf(d, at(QStringLiteral("7d-1ms")), &workspace), {}, &r, &error),
             qPrintable(error));
    QCOMPARE(describe(r.campaigns[0]),
             QStringLiteral("touched 5 clicked 0 | week0 0/0 - | month1 0/0 - | accounts 0/0 -, "
                            "0/0 - | delivered 0/0 - - | opened 0/0 - - | clicked 0/0 - - | "
                            "baseline 0/0 - | low 0/0 - touched 0 | send week not over"));
}

void TestCampaigns::errors()
{
    Data d;
    QString error;
    QVERIFY2(d.load(ClickExport, &error), qPrintable(error));
    Workspace workspace = fixtureWorkspace();
    const AnalysisContext context = contextOf(d, at(QStringLiteral("100d")), &workspace);
    CampaignsResult r;
    CampaignsParams params;
    // A key event the data lacks (the shipped default, "View Chart", is not in this data) is
    // never done: nobody converts.
    workspace.campaignKeyEvent = Workspace::defaults().campaignKeyEvent;
    QVERIFY2(runCampaigns(context, {}, &r, &error), qPrintable(error));
    QVERIFY(!r.campaigns.empty());
    for (const CampaignMetrics& m : r.campaigns) {
        QCOMPARE(m.week0.converted, 0);
        QCOMPARE(m.month1.converted, 0);
    }
    workspace.campaignKeyEvent.clear();
    QVERIFY(!runCampaigns(context, {}, &r, &error));
    QCOMPARE(error, QStringLiteral("no campaign key event (the workspace's campaigns.key_event)"));
    workspace.campaignKeyEvent = QStringLiteral("chart");
    params = {};
    params.campaign = QStringLiteral("launch");
    QVERIFY(!runCampaigns(context, params, &r, &error));
    QCOMPARE(error, QStringLiteral("no campaign \"launch\""));

    Progress progress;
    progress.cancel();
    AnalysisContext cancelled = context;
    cancelled.progress = &progress;
    const Status status = runCampaigns(cancelled, {}, &r, &error);
    QVERIFY(status.isCancelled()); // typed: a cancel carries no text
    QVERIFY(status.error().isEmpty());
}

void TestCampaigns::matchesReference()
{
    for (quint32 seed = 1; seed <= 30; ++seed) {
        Rows x;
        qint64 asOf = 0;
        const Files files = randomExport(seed, &asOf, &x);
        Data d;
        QString error;
        QVERIFY2(d.load(files, &error), qPrintable(error));
        AnalysisContext context = contextOf(d, asOf, nullptr);
        QRandomGenerator rng(seed * 7919);
        if (seed % 2 == 0) {
            context.segment.resize(size_t(d.index->userCount()));
            for (auto& in : context.segment)
                in = char(rng.bounded(4) != 0);
        }
        const QString key = seed % 3 == 0 ? QStringLiteral("login") : QStringLiteral("chart");
        compareWithReference(x, context, key, 1 + int(rng.bounded(4)));
        if (QTest::currentTestFailed()) {
            qWarning("seed %u", seed);
            return;
        }
    }
}

void TestCampaigns::demoDataOnBothCores()
{
    Data d;
    QString error;
    QVERIFY2(d.loadDemo(&error), qPrintable(error));
    QVERIFY(d.index->campaignNames().size() >= 2);
    // The rows: events and users from the flat copy, touches (on the surviving user) from the
    // cache.
    const QString flatPath = d.dir.filePath(QStringLiteral("flat.sqlite"));
    QCOMPARE(test::writeFlatCopy(d.cachePath(), flatPath), QString());
    Rows x;
    {
        Database flat;
        QVERIFY2(flat.open(flatPath, false, &error), qPrintable(error));
        Statement users = flat.prepare("SELECT user_id, account_id FROM users", &error);
        QVERIFY2(users.isValid(), qPrintable(error));
        while (users.step()) {
            x.users.append(users.text(0));
            x.accountOf.insert(users.text(0), users.text(1));
        }
        Statement events =
            flat.prepare("SELECT user_id, time, event FROM events WHERE user >= 0", &error);
        QVERIFY2(events.isValid(), qPrintable(error));
        while (events.step())
            x.events[events.text(0)].append({events.int64(1), events.text(2), 0});
    }
    Database& cache = d.cache.db();
    Statement accounts = cache.prepare("SELECT account_id FROM accounts", &error);
    QVERIFY2(accounts.isValid(), qPrintable(error));
    while (accounts.step())
        x.accounts.append(accounts.text(0));
    Statement touches =
        cache.prepare("SELECT s.user_id, t.campaign, t.time, t.stage FROM campaign_touches t "
                      "JOIN users u ON u.uid = t.uid "
                      "JOIN users s ON s.uid = COALESCE(u.merged_into, t.uid)",
                      &error);
    QVERIFY2(touches.isValid(), qPrintable(error));
    qint64 touchCount = 0;
    while (touches.step()) {
        const QString stage = touches.text(3);
        x.touches[touches.text(0)].append({touches.int64(2), touches.text(1),
                                           stage == QLatin1String("clicked")  ? 2
                                           : stage == QLatin1String("opened") ? 1
                                                                              : 0});
        ++touchCount;
    }
    QVERIFY(touchCount > 1000);

    for (const qint64 back : {qint64(0), 40 * Day}) {
        AnalysisContext context = contextOf(d, d.index->defaultAsOfMs() - back, nullptr);
        if (back > 0) {
            context.segment.resize(size_t(d.index->userCount()));
            for (size_t u = 0; u < context.segment.size(); ++u)
                context.segment[u] = char(u % 3 != 0);
        }
        compareWithReference(x, context, QStringLiteral("View Chart"), 4);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestCampaigns::cli()
{
    if (!QFileInfo::exists(QStringLiteral(PULSEBOOK_CLI_PATH)))
        QSKIP("pulsebook-cli is not built");
    Data d;
    QString error;
    QVERIFY2(d.load(ClickExport, &error), qPrintable(error));
    QVERIFY2(fixtureWorkspace().save(d.cache, &error), qPrintable(error));
    const QStringList common = {QStringLiteral("campaigns"), QStringLiteral("--cache"),
                                d.cachePath(), QStringLiteral("--as-of"),
                                QStringLiteral("2026-11-11")}; // T + 100d
    CliRun run = runCli(common + QStringList{QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(run.exitCode, 0);
    // The figures of clickWindows(); Beta's rates have no eligible users.
    QCOMPARE(run.out,
             QStringLiteral("campaign,first_send,clicked_users,week0_eligible,week0_users,"
                            "week0_rate,month1_eligible,month1_users,month1_rate,"
                            "week0_account_rate,month1_account_rate,low_wau_accounts,"
                            "low_wau_touched,low_wau_converted,low_wau_rate\n"
                            "Beta,2026-08-23T00:00:00.000Z,0,0,0,,0,0,,,,4,1,0,0\n"
                            "Launch,2026-08-03T00:00:00.000Z,6,5,4,0.8,4,1,0.25,1,0.5,4,3,3,"
                            "0.75\n"));
    run = runCli(common + QStringList{QStringLiteral("--campaign"), QStringLiteral("Launch"),
                                      QStringLiteral("--by"), QStringLiteral("stage"),
                                      QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QStringLiteral("campaign,stage,users,converted,rate,lift_points\n"
                                     "Launch,delivered,0,0,,\n"
                                     "Launch,opened,0,0,,\n"
                                     "Launch,clicked,0,0,,\n"
                                     "Launch,untouched baseline,1,0,0,\n"));
    run = runCli(common + QStringList{QStringLiteral("--campaign"), QStringLiteral("Launch"),
                                      QStringLiteral("--by"), QStringLiteral("account"),
                                      QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QStringLiteral("campaign,account_id,account,csm,clicked_users,week0_eligible,"
                                     "week0_users,week0_converted,month1_eligible,month1_users,"
                                     "month1_converted,wau_at_send,low_wau\n"
                                     "Launch,A1,Acme,Maya,2,2,2,1,2,1,1,0,1\n"
                                     "Launch,A2,Globex,Li,2,2,1,1,1,0,0,0,1\n"));
    run = runCli(common + QStringList{QStringLiteral("--campaign"), QStringLiteral("Gamma")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("no campaign \"Gamma\"")), qPrintable(run.err));
    run = runCli(common + QStringList{QStringLiteral("--by"), QStringLiteral("user")});
    QCOMPARE(run.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCampaigns)
#include "tst_campaigns.moc"
