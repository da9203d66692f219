// The demo generator: determinism, exact row counts, headers, the team hierarchy, event times
// and the links between sessions and events. The other files' rules: tst_demogenerator_rows.cpp.
#include "tst_demogenerator.h"

DemoOptions TestDemoGenerator::smallSet(quint64 seed) const
{
    DemoOptions o;
    o.users = 1000;
    o.events = 20000;
    o.seed = seed;
    return o;
}

void TestDemoGenerator::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_dir = m_tmp.filePath(QStringLiteral("demo"));
    QString error;
    QVERIFY2(generateDemo(m_dir, smallSet(), nullptr, &m_summary, &error), qPrintable(error));
    for (const char* name : DemoFiles) {
        Table t;
        QVERIFY2(parseCsv(readAll(QDir(m_dir).filePath(QLatin1String(name))), &t), name);
        QVERIFY2(!t.needlessQuotes, name);
        m_tables.insert(QLatin1String(name), t);
    }
}

void TestDemoGenerator::asOfIsNovemberFirst()
{
    const QDateTime novemberFirst(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc());
    QCOMPARE(DemoOptions().asOfMs, novemberFirst.toMSecsSinceEpoch());
    QCOMPARE(DemoOptions().asOfMs, Q_INT64_C(1793491200000));
}

void TestDemoGenerator::sameOptionsGiveSameBytes()
{
    QTemporaryDir other;
    DemoSummary summary;
    QString error;
    QVERIFY2(generateDemo(other.path(), smallSet(), nullptr, &summary, &error), qPrintable(error));
    for (const char* name : DemoFiles) {
        const QByteArray a = readAll(QDir(m_dir).filePath(QLatin1String(name)));
        QVERIFY2(!a.isEmpty(), name);
        QVERIFY2(a == readAll(QDir(other.path()).filePath(QLatin1String(name))), name);
    }
    QCOMPARE(summary.sessions, m_summary.sessions);
    QCOMPARE(summary.campaignTouches, m_summary.campaignTouches);
}

void TestDemoGenerator::otherSeedDiffers()
{
    QTemporaryDir other;
    QString error;
    QVERIFY2(generateDemo(other.path(), smallSet(8), nullptr, nullptr, &error), qPrintable(error));
    for (const char* name : {"accounts.csv", "users.csv", "sessions.csv", "events.csv"})
        QVERIFY2(readAll(QDir(m_dir).filePath(QLatin1String(name))) !=
                     readAll(QDir(other.path()).filePath(QLatin1String(name))),
                 name);
    // The team is fixed: documentation refers to its people by name.
    QCOMPARE(readAll(QDir(other.path()).filePath(QStringLiteral("team.csv"))),
             readAll(QDir(m_dir).filePath(QStringLiteral("team.csv"))));
}

void TestDemoGenerator::rowCounts()
{
    QCOMPARE(m_tables[QStringLiteral("events.csv")].rows.size(), 20000);
    QCOMPARE(m_summary.events, 20000);
    QCOMPARE(m_tables[QStringLiteral("accounts.csv")].rows.size(), 10); // round(1000 / 100)
    QCOMPARE(m_summary.accounts, 10);
    QCOMPARE(m_tables[QStringLiteral("users.csv")].rows.size(), 1000);
    QCOMPARE(m_summary.users, 1000);
    QCOMPARE(m_tables[QStringLiteral("team.csv")].rows.size(), 22);
    QCOMPARE(m_summary.teamMembers, 22);
    QCOMPARE(m_tables[QStringLiteral("user_migrations.csv")].rows.size(), 2); // 0.2% of 1000
    QCOMPARE(m_summary.migrations, 2);
    QCOMPARE(m_tables[QStringLiteral("sessions.csv")].rows.size(), m_summary.sessions);
    QCOMPARE(m_tables[QStringLiteral("campaign_touches.csv")].rows.size(),
             m_summary.campaignTouches);
    // Sessions hold 3 to 15 events.
    QVERIFY(m_summary.sessions >= 20000 / 15 && m_summary.sessions <= 20000 / 3);
}

void TestDemoGenerator::headers()
{
    const QHash<QString, QByteArray> expected = {
        {QStringLiteral("team.csv"), "person,role,manager"},
        {QStringLiteral("accounts.csv"),
         "account_id,name,csm,metrics_group,renewal_date,arr,sentiment,has_success_plan,"
         "last_success_plan_update,last_ebr,last_exec_sponsor_activity,last_champion_activity,"
         "last_exec_meeting,open_new_arr,wins_past_year,products_adopted,renewal_outcome,"
         "industry,region"},
        {QStringLiteral("users.csv"),
         "user_id,identity,email,account_id,joindate,last_modified,name,role"},
        {QStringLiteral("sessions.csv"),
         "session_id,user_id,time,device_type,browser,platform,country,referrer,landing_page,"
         "utm_source,utm_campaign"},
        {QStringLiteral("events.csv"),
         "event_id,user_id,session_id,time,event,path,title,referrer"},
        {QStringLiteral("campaign_touches.csv"), "user_id,campaign,time,stage"},
        {QStringLiteral("user_migrations.csv"), "from_user_id,to_user_id,time"},
    };
    for (auto it = expected.begin(); it != expected.end(); ++it)
        QCOMPARE(m_tables[it.key()].header.join(','), it.value());
}

void TestDemoGenerator::teamHierarchy()
{
    const Table& team = m_tables[QStringLiteral("team.csv")];
    QHash<QByteArray, QByteArray> roleOf, managerOf;
    QHash<QByteArray, int> roles;
    for (const auto& r : team.rows) {
        roleOf.insert(r[0], r[1]);
        managerOf.insert(r[0], r[2]);
        ++roles[r[1]];
    }
    QCOMPARE(roles.value("VP"), 1);
    QCOMPARE(roles.value("Director"), 2);
    QCOMPARE(roles.value("Manager"), 4);
    QCOMPARE(roles.value("CSM"), 15);
    QCOMPARE(roles.size(), 4);
    QCOMPARE(roleOf.value("Maya Patel"), QByteArray("CSM"));
    const QHash<QByteArray, QByteArray> reportsTo = {
        {"Director", "VP"}, {"Manager", "Director"}, {"CSM", "Manager"}};
    QHash<QByteArray, int> reports;
    for (const auto& r : team.rows) {
        if (r[1] == "VP") {
            QVERIFY(r[2].isEmpty());
            continue;
        }
        QCOMPARE(roleOf.value(r[2]), reportsTo.value(r[1]));
        ++reports[r[2]];
    }
    for (auto it = roleOf.begin(); it != roleOf.end(); ++it)
        if (it.value() == "Director")
            QCOMPARE(reports.value(it.key()), 2);
    // Every account's CSM is a CSM of the team; Maya Patel owns the first account.
    const Table& accounts = m_tables[QStringLiteral("accounts.csv")];
    for (const auto& r : accounts.rows)
        QCOMPARE(roleOf.value(r[accounts.column("csm")]), QByteArray("CSM"));
    QCOMPARE(accounts.rows[0][accounts.column("account_id")], QByteArray("A0001"));
    QCOMPARE(accounts.rows[0][accounts.column("csm")], QByteArray("Maya Patel"));
}

void TestDemoGenerator::eventTimesInWindow()
{
    const Table& events = m_tables[QStringLiteral("events.csv")];
    const qint64 asOf = DemoOptions().asOfMs;
    const int time = events.column("time");
    qint64 latest = 0;
    for (const auto& r : events.rows) {
        const qint64 t = parseEventTime(r[time]);
        QVERIFY2(t > 0, r[time].constData());
        QVERIFY2(t < asOf, r[time].constData());
        QVERIFY2(t >= asOf - 180 * Q_INT64_C(86400000), r[time].constData());
        latest = std::max(latest, t);
    }
    // The latest event is on Oct 31, so the default as-of time of a sync is Nov 1 too.
    QVERIFY(latest >= asOf - Q_INT64_C(86400000));
}

void TestDemoGenerator::sessionsMatchEvents()
{
    const Table& sessions = m_tables[QStringLiteral("sessions.csv")];
    const Table& events = m_tables[QStringLiteral("events.csv")];
    QHash<QByteArray, QByteArray> userOf;
    QHash<QByteArray, qint64> startOf;
    for (const auto& r : sessions.rows) {
        QVERIFY(!userOf.contains(r[0]));
        userOf.insert(r[0], r[1]);
        startOf.insert(r[0], parseEventTime(r[2]));
    }
    QHash<QByteArray, qint64> firstTime;
    QHash<QByteArray, QByteArray> firstEvent;
    QHash<QByteArray, int> length;
    int logins = 0;
    for (const auto& r : events.rows) {
        const QByteArray& session = r[events.column("session_id")];
        QVERIFY2(userOf.contains(session), session.constData());
        QCOMPARE(userOf.value(session), r[events.column("user_id")]);
        const qint64 t = parseEventTime(r[events.column("time")]);
        if (!firstTime.contains(session) || t < firstTime.value(session)) {
            firstTime.insert(session, t);
            firstEvent.insert(session, r[events.column("event")]);
        }
        ++length[session];
        logins += r[events.column("event")] == "Login" ? 1 : 0;
    }
    QCOMPARE(firstTime.size(), userOf.size()); // no session without events
    for (auto it = firstTime.begin(); it != firstTime.end(); ++it) {
        QCOMPARE(it.value(), startOf.value(it.key()));
        QCOMPARE(firstEvent.value(it.key()), QByteArray("Login"));
        QVERIFY(length.value(it.key()) >= 3 && length.value(it.key()) <= 15);
    }
    QCOMPARE(logins, int(sessions.rows.size())); // exactly one Login per session
}

void TestDemoGenerator::eventIdsUniqueAndKpisPresent()
{
    const Table& events = m_tables[QStringLiteral("events.csv")];
    QSet<QByteArray> ids;
    QHash<QByteArray, int> count;
    for (const auto& r : events.rows) {
        ids.insert(r[0]);
        ++count[r[events.column("event")]];
    }
    QCOMPARE(ids.size(), 20000);
    for (const char* kpi : {"Login", "Run Query", "View Chart", "Save Report", "Group By",
                            "Contact Support", "View Documentation"})
        QVERIFY2(count.value(kpi) > 0, kpi);
    QVERIFY(count.size() >= 20 && count.size() <= 25);
    // Skewed like real usage: queries and charts common, support tickets rare.
    QVERIFY(count.value("Run Query") > 10 * count.value("Contact Support"));
    QVERIFY(count.value("View Chart") > count.value("Save Report"));
}

QTEST_GUILESS_MAIN(TestDemoGenerator)
