// syncExportFolder on the whole hand-written export: what lands, timestamps, synonyms, resyncs
// and merges. Bad input: tst_exportsync_input.cpp; cancels and file modes:
// tst_exportsync_cancel.cpp (one binary).
#include "tst_exportsync.h"

bool TestExportSync::openCache(Cache* cache, const QTemporaryDir& tmp, const QString& name)
{
    QString error;
    const QString path = tmp.filePath(name.isEmpty() ? QStringLiteral("cache.pulsebook") : name);
    if (!cache->open(path, true, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

void TestExportSync::fullExport()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder = makeFolder(tmp, QStringLiteral("export"), mainExport());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));

    // Read in the order of the data contract: migrations before sessions and events.
    QCOMPARE(tablesText(summary),
             QStringLiteral("team:5/5/0 accounts:3/3/0 users:5/5/0 user_migrations:1/1/0 "
                            "sessions:4/4/0 events:13/13/0 campaign_touches:3/3/0"));
    QCOMPARE(summary.tables.at(5).file, folder + QStringLiteral("/events.csv"));
    QCOMPARE(summary.createdUsers, qint64(3)); // u6 (sessions), u7 (events), u8 (touches)
    QCOMPARE(summary.rejected, qint64(0));
    QVERIFY(summary.rejectsPath.isEmpty());
    QCOMPARE(summary.eventsInCache, qint64(13));
    QCOMPARE(summary.sessionsInCache, qint64(4));
    QVERIFY(summary.eventsRewritten);
    QCOMPARE(rowCountText(cache),
             QStringLiteral("team=5 accounts=3 users=8 sessions=4 events=13 campaign_touches=3 "
                            "user_migrations=1"));

    Database& db = cache.db();
    QCOMPARE(rows(db, "SELECT person, role, manager FROM team ORDER BY person", 3),
             QStringList({QStringLiteral("Cara Cole|CSM|Mia Moss"),
                          QStringLiteral("Carl Cruz|CSM|Mia Moss"),
                          QStringLiteral("Dan Diaz|Director|Vera Vance"),
                          QStringLiteral("Mia Moss|Manager|Dan Diaz"),
                          QStringLiteral("Vera Vance|VP|NULL")}));

    // renewal_date 2026-03-31 = 20543 days = 1774915200000 ms; 2025-12-01 = 1764547200000;
    // last_ebr 2025-06-15 = 1749945600000. Empty means NULL, never 0.
    QCOMPARE(rows(db,
                  "SELECT account_id, name, csm, renewal_date, typeof(arr), arr, sentiment, "
                  "has_success_plan, last_ebr, typeof(last_ebr), products_adopted, "
                  "metrics_group FROM accounts ORDER BY account_id",
                  12),
             QStringList({QStringLiteral("A1|Acme, Inc.|Cara Cole|1774915200000|real|120036.0|"
                                         "Green|1|NULL|null|2|NULL"),
                          QStringLiteral("A2|The \"Best\" Co|Carl Cruz|1764547200000|real|5000.0|"
                                         "Red|0|1749945600000|integer|3|NULL"),
                          QStringLiteral("A3|Globex|Cara Cole|NULL|null|NULL|NULL|NULL|NULL|null|"
                                         "NULL|NULL")}));
    {
        Statement arr = db.prepare("SELECT arr FROM accounts WHERE account_id = 'A1'", nullptr);
        QVERIFY(arr.step());
        QCOMPARE(arr.real(0), 120036.0);
    }
    // Extra columns are properties: {"<property_keys.id>": "value"}.
    QCOMPARE(rows(db,
                  "SELECT a.account_id, k.name, j.value FROM accounts a, json_each(a.properties) "
                  "j JOIN property_keys k ON k.id = CAST(j.key AS INTEGER) ORDER BY 1, 2",
                  3),
             QStringList({QStringLiteral("A1|tier|gold"), QStringLiteral("A3|tier|silver")}));
    QCOMPARE(rows(db, "SELECT properties IS NULL FROM accounts WHERE account_id = 'A2'", 1),
             QStringList({QStringLiteral("1")}));

    // joindate 2024-01-15 = 1705276800000, 2024-02-01 = 1706745600000,
    // 2024-03-01T12:00Z = 1709294400000, 2023-06-01 = 1685577600000.
    QCOMPARE(rows(db,
                  "SELECT u.user_id, u.identity, u.email, u.account_id, u.joindate, "
                  "u.from_events, t.user_id FROM users u LEFT JOIN users t ON t.uid = "
                  "u.merged_into ORDER BY u.user_id",
                  7),
             QStringList({QStringLiteral("u1|ann@acme.example|ann@acme.example|A1|1705276800000|0|"
                                         "NULL"),
                          QStringLiteral("u2|bob@acme.example|bob@acme.example|A1|1706745600000|0|"
                                         "NULL"),
                          QStringLiteral("u3|cy@best.example|cy@best.example|A2|NULL|0|NULL"),
                          QStringLiteral("u4|dee@globex.example|dee@globex.example|A3|"
                                         "1709294400000|0|NULL"),
                          QStringLiteral("u5|old-ann|ann.old@acme.example|A1|1685577600000|0|u1"),
                          QStringLiteral("u6|NULL|NULL|NULL|NULL|1|NULL"),
                          QStringLiteral("u7|NULL|NULL|NULL|NULL|1|NULL"),
                          QStringLiteral("u8|NULL|NULL|NULL|NULL|1|NULL")}));
    QCOMPARE(rows(db,
                  "SELECT u.user_id, k.name, j.value FROM users u, json_each(u.properties) j "
                  "JOIN property_keys k ON k.id = CAST(j.key AS INTEGER) ORDER BY 1, 2",
                  3),
             QStringList({QStringLiteral("u1|plan|pro"), QStringLiteral("u3|plan|free"),
                          QStringLiteral("u4|plan|pro")}));

    // Sessions are stored like events, by (user, time, ID); s3 belonged to u5, merged into u1.
    QCOMPARE(
        storedRows(cache, EventChunks::Store::Sessions),
        QStringList(
            {QStringLiteral("u1|%1|s3|browser=Firefox|device_type=desktop").arg(Jan10 + 8 * Hour),
             QStringLiteral("u1|%1|s1|browser=Chrome|device_type=desktop|"
                            "utm_source=newsletter")
                 .arg(Mar1 + 9 * Hour),
             QStringLiteral("u2|%1|s2|browser=Safari|device_type=mobile").arg(Mar1 + 10 * Hour),
             QStringLiteral("u6|%1|s4|browser=Chrome|device_type=tablet")
                 .arg(Mar1 + Day + 11 * Hour)}));

    QCOMPARE(rows(db,
                  "SELECT u.user_id, c.campaign, c.time, c.stage FROM campaign_touches c JOIN "
                  "users u ON u.uid = c.uid ORDER BY u.user_id, c.time",
                  4),
             QStringList({QStringLiteral("u1|spring|%1|delivered").arg(Mar1 + 8 * Hour),
                          QStringLiteral("u1|spring|%1|opened").arg(Mar1 + 8 * Hour + 30 * Minute),
                          QStringLiteral("u8|spring|%1|delivered").arg(Mar1 + 8 * Hour)}));
    // 2024-01-20 = 1705708800000.
    QCOMPARE(rows(db, "SELECT from_user_id, to_user_id, time FROM user_migrations", 3),
             QStringList({QStringLiteral("u5|u1|1705708800000")}));
    QCOMPARE(rows(db, "SELECT name FROM event_types ORDER BY name", 1),
             QStringList({QStringLiteral("export_csv"), QStringLiteral("login"),
                          QStringLiteral("logout"), QStringLiteral("view_dashboard")}));
    QCOMPARE(rows(db, "SELECT name FROM property_keys ORDER BY name", 1),
             QStringList({QStringLiteral("browser"), QStringLiteral("device_type"),
                          QStringLiteral("path"), QStringLiteral("plan"), QStringLiteral("tier"),
                          QStringLiteral("utm_source")}));

    QCOMPARE(storedEvents(cache), mainEvents());

    const auto log = cache.syncLog();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.at(0).mode, QStringLiteral("csv"));
    QCOMPARE(log.at(0).source, folder);
    QCOMPARE(log.at(0).rowsJson,
             QStringLiteral("{\"team\":5,\"accounts\":3,\"users\":5,\"user_migrations\":1,"
                            "\"sessions\":4,\"events\":13,\"campaign_touches\":3}"));
    QCOMPARE(log.at(0).rejected, qint64(0));
    QCOMPARE(log.at(0).createdUsers, qint64(3));
}

void TestExportSync::timestampForms()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"),
                   {{QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                   "1,u1,2024-03-10T09:15:30Z,a\n"
                                                   "2,u1,2024-03-10T09:15:30.250+02:00,a\n"
                                                   "3,u1,2024-03-10 09:15:30.125,a\n"
                                                   "4,u1,2024-03-10,a\n"
                                                   "5,u1,1710062130,a\n"
                                                   "6,u1,1710062130999,a\n"
                                                   "7,u1,2024-03-10T04:15:30-05:00,a\n"
                                                   "8,u1,2024-03-10T14:45:30+0530,a\n"
                                                   "9,u1,2024-03-10T09:15Z,a\n"
                                                   "10,u1,2024-03-10 09:15:30,a\n"}});
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));

    EventTable table;
    QVERIFY(EventChunks::load(cache.db(), EventChunks::Store::Events, &table, silentProgress(),
                              &error));
    QMap<QString, qint64> timeOf;
    for (size_t i = 0; i < table.size(); ++i)
        timeOf.insert(QString::fromUtf8(table.idString(table.eventId[i])), table.time[i]);
    QCOMPARE(timeOf.size(), 10);
    // 2024-03-10T00:00:00Z = 19792 days = 1710028800000; 09:15:30 adds 33330000.
    constexpr qint64 Mar10 = 1710028800000LL;
    constexpr qint64 At091530 = Mar10 + 33330000LL; // 1710062130000
    QCOMPARE(timeOf.value(QStringLiteral("1")), At091530);
    QCOMPARE(timeOf.value(QStringLiteral("2")),
             Mar10 + 7 * Hour + 15 * Minute + 30250); // 07:15:30.250Z
    QCOMPARE(timeOf.value(QStringLiteral("3")), At091530 + 125);
    QCOMPARE(timeOf.value(QStringLiteral("4")), Mar10);
    QCOMPARE(timeOf.value(QStringLiteral("5")), 1710062130000LL);
    QCOMPARE(timeOf.value(QStringLiteral("6")), 1710062130999LL);
    QCOMPARE(timeOf.value(QStringLiteral("7")), At091530);
    QCOMPARE(timeOf.value(QStringLiteral("8")), At091530);
    QCOMPARE(timeOf.value(QStringLiteral("9")), At091530 - 30000);
    QCOMPARE(timeOf.value(QStringLiteral("10")), At091530);
    QCOMPARE(QString::number(timeOf.value(QStringLiteral("2"))), QStringLiteral("1710054930250"));
}

void TestExportSync::synonyms_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QByteArrayList>("headers");

    // Heap Connect spellings: all_events.csv with event_table_name, company_id, join_date.
    QTest::newRow("heap") << QStringList{QStringLiteral("Team.csv"),
                                         QStringLiteral("accounts.csv"),
                                         QStringLiteral("users.csv"),
                                         QStringLiteral("USER_MIGRATIONS.csv"),
                                         QStringLiteral("sessions.csv"),
                                         QStringLiteral("all_events.csv"),
                                         QStringLiteral("campaign_touches.csv")}
                          << QByteArrayList{
                                 "Person,ROLE,Manager",
                                 "Company_ID,company_name,CSM,Renewal_Date,ARR,Sentiment,"
                                 "Has_Success_Plan,LAST_EBR,Products_Adopted,tier",
                                 "User_ID,Identity,EMAIL,company_id,join_date,plan",
                                 "From_User_ID,To_User_ID,Time",
                                 "SESSION_ID,User_Id,TIME,Device_Type,Browser,utm_source",
                                 "Event_ID,USER_ID,Time,event_table_name,Session_ID,path",
                                 "User_ID,Campaign,Time,Stage"};
    // Other spellings: event_name, account, account_name; surrounding spaces are trimmed.
    QTest::newRow("fivetran") << QStringList{QStringLiteral("team.csv"),
                                             QStringLiteral("Accounts.CSV"),
                                             QStringLiteral("users.csv"),
                                             QStringLiteral("user_migrations.csv"),
                                             QStringLiteral("sessions.csv"),
                                             QStringLiteral("EVENTS.csv"),
                                             QStringLiteral("campaign_touches.csv")}
                              << QByteArrayList{
                                     "person,role,manager",
                                     "account_id,Account_Name,csm,renewal_date,arr,sentiment,"
                                     "has_success_plan,last_ebr,products_adopted,tier",
                                     "user_id, identity ,email,Account,JoinDate,plan",
                                     "from_user_id,to_user_id,time",
                                     "session_id,user_id,time,device_type,browser,utm_source",
                                     "event_id,user_id,time,Event_Name,session_id,path",
                                     "user_id,campaign,time,stage"};
}

void TestExportSync::synonyms()
{
    QFETCH(QStringList, names);
    QFETCH(QByteArrayList, headers);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const Files canonical = mainExport();
    QCOMPARE(names.size(), canonical.size());
    Files renamed;
    for (qsizetype i = 0; i < canonical.size(); ++i)
        renamed.append({names.at(i), withHeader(canonical.at(i).second, headers.at(i))});

    QString error;
    {
        Cache a;
        QVERIFY(openCache(&a, tmp, QStringLiteral("canonical.pulsebook")));
        QVERIFY2(syncExportFolder(a, makeFolder(tmp, QStringLiteral("canonical"), canonical),
                                  SyncOptions(), nullptr, nullptr, &error),
                 qPrintable(error));
    }
    SyncSummary summary;
    {
        Cache b;
        QVERIFY(openCache(&b, tmp, QStringLiteral("synonyms.pulsebook")));
        QVERIFY2(syncExportFolder(b, makeFolder(tmp, QStringLiteral("synonyms"), renamed),
                                  SyncOptions(), nullptr, &summary, &error),
                 qPrintable(error));
        QCOMPARE(storedEvents(b), mainEvents());
    }
    QCOMPARE(summary.tables.at(5).file, tmp.filePath(QStringLiteral("synonyms/")) + names.at(5));
    QCOMPARE(tablesText(summary),
             QStringLiteral("team:5/5/0 accounts:3/3/0 users:5/5/0 user_migrations:1/1/0 "
                            "sessions:4/4/0 events:13/13/0 campaign_touches:3/3/0"));
    const Snapshot expected = snapshot(tmp.filePath(QStringLiteral("canonical.pulsebook")));
    const Snapshot actual = snapshot(tmp.filePath(QStringLiteral("synonyms.pulsebook")));
    QCOMPARE(expected.value(QStringLiteral("users")).rows, qint64(8));
    QVERIFY2(actual == expected, qPrintable(snapshotDiff(actual, expected)));
}

void TestExportSync::resyncIsIdempotent()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder = makeFolder(tmp, QStringLiteral("export"), mainExport());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    const QString path = cache.path();
    SyncSummary first, second;
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, SyncOptions(), nullptr, &first, &error),
             qPrintable(error));
    const Snapshot afterFirst = snapshot(path);
    QVERIFY2(syncExportFolder(cache, folder, SyncOptions(), nullptr, &second, &error),
             qPrintable(error));
    const Snapshot afterSecond = snapshot(path);

    QCOMPARE(first.createdUsers, qint64(3));
    QVERIFY(first.eventsRewritten);
    QCOMPARE(second.createdUsers, qint64(0));
    QVERIFY(!second.eventsRewritten);
    QCOMPARE(second.eventsInCache, qint64(13));
    QCOMPARE(tablesText(second), tablesText(first)); // every row read and upserted again
    QVERIFY2(afterSecond == afterFirst, qPrintable(snapshotDiff(afterSecond, afterFirst)));
    QCOMPARE(afterSecond.value(QStringLiteral("event_chunks")).rows, qint64(1));
    QCOMPARE(afterSecond.value(QStringLiteral("session_chunks")).rows, qint64(1));
    QCOMPARE(cache.syncLog().size(), 2);
    QCOMPARE(storedEvents(cache), mainEvents());
}

void TestExportSync::changedAndNewEvent()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path());

    // Event 4 moves from 10:02 to 10:30; event 14 is new.
    const QString update = makeFolder(
        tmp, QStringLiteral("update"),
        {{QStringLiteral("events.csv"), "event_id,user_id,time,event,session_id,path\n"
                                        "4,u2,2024-03-01T10:30:00Z,view_dashboard,s2,/dash\n"
                                        "14,u3,2024-03-03T12:05:00Z,logout,,\n"}});
    SyncSummary summary;
    QVERIFY2(syncExportFolder(cache, update, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.createdUsers, qint64(0));
    QVERIFY(summary.eventsRewritten);
    QCOMPARE(summary.eventsInCache, qint64(14));
    QCOMPARE(tablesText(summary), QStringLiteral("events:2/2/0"));

    QStringList expected = mainEvents();
    expected[8] =
        QStringLiteral("u2|%1|4|view_dashboard|s2|path=/dash").arg(Mar1 + 10 * Hour + 30 * Minute);
    expected.insert(
        10, QStringLiteral("u3|%1|14|logout|").arg(Mar1 + 2 * Day + 12 * Hour + 5 * Minute));
    QCOMPARE(storedEvents(cache), expected);

    // Nothing but the events changed.
    Snapshot after = snapshot(cache.path());
    QVERIFY(!(after.value(QStringLiteral("event_chunks")) ==
              before.value(QStringLiteral("event_chunks"))));
    after.remove(QStringLiteral("event_chunks"));
    Snapshot beforeRest = before;
    beforeRest.remove(QStringLiteral("event_chunks"));
    QVERIFY2(after == beforeRest, qPrintable(snapshotDiff(after, beforeRest)));
}

void TestExportSync::laterMergeMovesStoredRows()
{
    // The identity merge arrives in a later sync than the events and sessions it moves: the
    // cache ends up exactly as if it had come with them.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QString error;
    {
        Cache together;
        QVERIFY(openCache(&together, tmp, QStringLiteral("together.pulsebook")));
        QVERIFY2(syncExportFolder(together, makeFolder(tmp, QStringLiteral("all"), mainExport()),
                                  SyncOptions(), nullptr, nullptr, &error),
                 qPrintable(error));
    }
    Files withoutMerge = mainExport();
    withoutMerge.removeAt(3);
    QCOMPARE(withoutMerge.at(3).first, QStringLiteral("sessions.csv"));
    Cache cache;
    QVERIFY(openCache(&cache, tmp, QStringLiteral("later.pulsebook")));
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("data"), withoutMerge),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    QStringList unmerged = mainEvents();
    unmerged.move(0, 10); // u5's two events sort after u4's
    unmerged.move(0, 10);
    unmerged[9].replace(0, 2, QStringLiteral("u5"));
    unmerged[10].replace(0, 2, QStringLiteral("u5"));
    QCOMPARE(storedEvents(cache), unmerged);
    QCOMPARE(storedRows(cache, EventChunks::Store::Sessions).at(2),
             QStringLiteral("u5|%1|s3|browser=Firefox|device_type=desktop").arg(Jan10 + 8 * Hour));

    SyncSummary summary;
    QVERIFY2(syncExportFolder(cache,
                              makeFolder(tmp, QStringLiteral("merge"),
                                         {{QStringLiteral("user_migrations.csv"), MigrationsCsv}}),
                              SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    QVERIFY(summary.eventsRewritten);
    QCOMPARE(summary.eventsInCache, qint64(13));
    QCOMPARE(summary.sessionsInCache, qint64(4));
    QCOMPARE(summary.createdUsers, qint64(0));
    QCOMPARE(storedEvents(cache), mainEvents());
    QCOMPARE(rows(cache.db(),
                  "SELECT u.user_id, t.user_id FROM users u JOIN users t ON t.uid = u.merged_into",
                  2),
             QStringList({QStringLiteral("u5|u1")}));
    const Snapshot expected = snapshot(tmp.filePath(QStringLiteral("together.pulsebook")));
    const Snapshot actual = snapshot(cache.path());
    QVERIFY2(actual == expected, qPrintable(snapshotDiff(actual, expected)));
}

void TestExportSync::mergeOfUserFirstSeenInEvents()
{
    // anon-1 is in neither users.csv nor sessions.csv: it is first seen in events.csv, read
    // after sessions.csv, and its events still belong to u1.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"),
                   {{QStringLiteral("users.csv"), "user_id,email\nu1,u1@example.test\n"},
                    {QStringLiteral("user_migrations.csv"), "from_user_id,to_user_id\nanon-1,u1\n"},
                    {QStringLiteral("sessions.csv"), "session_id,user_id,time\n"
                                                     "s1,u1,2024-03-01T00:00:00Z\n"
                                                     "s2,anon-2,2024-03-01T00:00:00Z\n"},
                    {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                   "1,anon-1,2024-03-01T00:00:01Z,login\n"
                                                   "2,u1,2024-03-01T00:00:02Z,login\n"
                                                   "3,anon-2,2024-03-01T00:00:03Z,login\n"}});
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.createdUsers, qint64(2)); // anon-2 (sessions), anon-1 (events)
    QCOMPARE(storedEvents(cache),
             QStringList({QStringLiteral("u1|%1|1|login|").arg(Mar1 + 1000),
                          QStringLiteral("u1|%1|2|login|").arg(Mar1 + 2000),
                          QStringLiteral("anon-2|%1|3|login|").arg(Mar1 + 3000)}));
    QCOMPARE(rows(cache.db(),
                  "SELECT u.user_id, t.user_id FROM users u JOIN users t ON t.uid = u.merged_into",
                  2),
             QStringList({QStringLiteral("anon-1|u1")}));
}

QTEST_GUILESS_MAIN(TestExportSync)
