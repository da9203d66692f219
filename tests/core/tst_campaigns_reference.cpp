// Campaign metrics against a plain reference on random exports, on the demo data with both cores,
// and through pulsebook-cli campaigns.
#include "tst_campaigns.h"

namespace {

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

// pulsebook-cli as a user runs it, with a hang guard of two minutes.
test::CliText runCli(const QStringList& arguments)
{
    test::CliOptions options;
    options.guardMs = 120000;
    return test::runCliText(arguments, options);
}

} // namespace

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
    // Campaign Launch broken down `by` stage or account, as CSV.
    const auto launchBy = [&common](const QString& by) {
        return runCli(common + QStringList{QStringLiteral("--campaign"), QStringLiteral("Launch"),
                                           QStringLiteral("--by"), by, QStringLiteral("--format"),
                                           QStringLiteral("csv")});
    };
    test::CliText run =
        runCli(common + QStringList{QStringLiteral("--format"), QStringLiteral("csv")});
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
    run = launchBy(QStringLiteral("stage"));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QStringLiteral("campaign,stage,users,converted,rate,lift_points\n"
                                     "Launch,delivered,0,0,,\n"
                                     "Launch,opened,0,0,,\n"
                                     "Launch,clicked,0,0,,\n"
                                     "Launch,untouched baseline,1,0,0,\n"));
    run = launchBy(QStringLiteral("account"));
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
