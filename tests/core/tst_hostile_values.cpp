// Hostile values and names: conflicting duplicates, timestamp boundaries, negative ARR, the year
// 9999, SQL-like names, a hundred thousand columns.
#include "tst_hostile.h"

void TestHostile::duplicateIdsWithConflictingValues()
{
    // README, "Rules of the sync": rows are upserted by their ID; a later copy with other
    // content replaces the earlier one, whole (an empty field in it clears the stored value).
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder = makeFolder(
        f.tmp.path(), QStringLiteral("duplicates"),
        {{QStringLiteral("team.csv"),
          "person,role,manager\nAnn,CSM,Bob\nBob,Manager,\nAnn,Manager,\n"},
         {QStringLiteral("accounts.csv"), "account_id,name,arr\nA1,Acme,100\nA1,Acme Two,200\n"},
         {QStringLiteral("users.csv"),
          "user_id,email,account_id\nu1,a@x,A1\nu2,b@x,A1\nu1,a2@x,\n"},
         {QStringLiteral("user_migrations.csv"),
          "from_user_id,to_user_id,time\nu3,u1,2024-01-01\nu3,u2,2024-01-02\n"},
         {QStringLiteral("sessions.csv"),
          "session_id,user_id,time\ns1,u1,2024-03-01T00:00:00Z\ns1,u2,2024-03-02T00:00:00Z\n"},
         {QStringLiteral("events.csv"), "event_id,user_id,time,event,path\n"
                                        "1,u1,2024-03-01T00:00:00Z,login,/a\n"
                                        "2,u2,2024-03-01T00:00:00Z,login,/b\n"
                                        "1,u2,2024-03-03T00:00:00Z,logout,/c\n"
                                        "1,u2,2024-03-03T00:00:00Z,logout,/c\n"},
         {QStringLiteral("campaign_touches.csv"),
          "user_id,campaign,time,stage,variant\n"
          "u1,c,2024-03-01T00:00:00Z,delivered,A\nu1,c,2024-03-01T00:00:00Z,delivered,B\n"}});
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    ++m_inputs;
    QCOMPARE(rows(f.cache, "SELECT person, role, manager FROM team ORDER BY person", 3),
             QStringList({QStringLiteral("Ann|Manager|NULL"), QStringLiteral("Bob|Manager|NULL"),
                          QStringLiteral("Kim Kay|CSM|NULL")}));
    QCOMPARE(rows(f.cache, "SELECT account_id, name, arr FROM accounts", 3),
             QStringList({QStringLiteral("A1|Acme Two|200.0")}));
    QCOMPARE(rows(f.cache,
                  "SELECT user_id, email, account_id FROM users WHERE user_id LIKE 'u%' "
                  "ORDER BY user_id",
                  3),
             QStringList({QStringLiteral("u1|a2@x|NULL"), QStringLiteral("u2|b@x|A1")}));
    QCOMPARE(rows(f.cache, "SELECT from_user_id, to_user_id, time FROM user_migrations", 3),
             QStringList({QStringLiteral("u3|u2|1704153600000")})); // 2024-01-02
    const qint64 variant =
        f.cache.db().scalar("SELECT id FROM property_keys WHERE name = 'variant'");
    QCOMPARE(rows(f.cache, "SELECT campaign, stage, properties FROM campaign_touches", 3),
             QStringList({QStringLiteral("c|delivered|{\"%1\":\"B\"}").arg(variant)}));
    QCOMPARE(summary.eventsInCache, qint64(3)); // k-e1, 1, 2
    QCOMPARE(summary.sessionsInCache, qint64(1));
    const auto index = EventIndex::load(f.cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    const int u1 = index->userIndex(QStringLiteral("u1"));
    const int u2 = index->userIndex(QStringLiteral("u2"));
    QCOMPARE(index->eventEnd(u1) - index->eventBegin(u1), size_t(0));
    QCOMPARE(index->eventEnd(u2) - index->eventBegin(u2), size_t(2));
    const size_t last = index->eventBegin(u2) + 1;
    QCOMPARE(index->typeName(index->type(last)), QStringLiteral("logout"));
    QCOMPARE(index->time(last), 1709424000000LL); // 2024-03-03
    QCOMPARE(index->eventValueText(index->eventPropertyValue(
                 index->eventPropertyColumn(QStringLiteral("path")), last)),
             QStringLiteral("/c"));
    QCOMPARE(index->sessionEnd(u1) - index->sessionBegin(u1), size_t(0));
    QCOMPARE(index->sessionEnd(u2) - index->sessionBegin(u2), size_t(1));
    QCOMPARE(index->sessionTime(index->sessionBegin(u2)), 1709337600000LL); // 2024-03-02
}

void TestHostile::duplicateEventAcrossSyncs()
{
    // The same event_id in a later sync with other content replaces the stored event.
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder =
        makeFolder(f.tmp.path(), QStringLiteral("again"),
                   {{QStringLiteral("events.csv"),
                     "event_id,user_id,time,event\nk-e1,k2,2026-02-01T00:00:00Z,Logout\n"}});
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    ++m_inputs;
    QCOMPARE(summary.eventsInCache, qint64(1));
    QVERIFY(summary.eventsRewritten);
    const auto index = EventIndex::load(f.cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    QCOMPARE(index->eventCount(), size_t(1));
    const int k2 = index->userIndex(QStringLiteral("k2"));
    QCOMPARE(index->eventEnd(k2) - index->eventBegin(k2), size_t(1));
    QCOMPARE(index->typeName(index->type(index->eventBegin(k2))), QStringLiteral("Logout"));
}

void TestHostile::timestampBoundaries()
{
    // The first and last instants accepted, and epoch seconds past 100,000,000,000 (year
    // 5138 and later), which the data contract reads as milliseconds (FieldParser.h).
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder = makeFolder(
        f.tmp.path(), QStringLiteral("bounds"),
        {{QStringLiteral("events.csv"), EventsHeader + "1,u1,1900-01-01T00:00:00Z,login\n"
                                                       "2,u1,-2208988800,login\n"
                                                       "3,u1,9999-12-31T23:59:59.999Z,login\n"
                                                       "4,u1,253402300799999,login\n"
                                                       "5,u1,253402300800,login\n"}});
    // 253,402,300,800 ms: 2932 days (1970-1977 and 10 days: 1978-01-11) and 77,500.8 s.
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    m_inputs += 5;
    const auto index = EventIndex::load(f.cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    const int u = index->userIndex(QStringLiteral("u1"));
    QStringList times;
    for (size_t e = index->eventBegin(u); e < index->eventEnd(u); ++e)
        times.append(FieldParser::formatTimestamp(index->time(e)));
    QCOMPARE(times, QStringList({QStringLiteral("1900-01-01T00:00:00.000Z"),
                                 QStringLiteral("1900-01-01T00:00:00.000Z"),
                                 QStringLiteral("1978-01-11T21:31:40.800Z"),
                                 QStringLiteral("9999-12-31T23:59:59.999Z"),
                                 QStringLiteral("9999-12-31T23:59:59.999Z")}));
}

void TestHostile::negativeArrSkipped()
{
    // With --skip-bad-rows a negative ARR sends its row to the rejects file; the rest lands.
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder =
        makeFolder(f.tmp.path(), QStringLiteral("arr"),
                   {{QStringLiteral("accounts.csv"), "account_id,name,arr\nA1,Acme,\"$1,000\"\n"
                                                     "A2,Globex,-$5\nA3,Initech,0\n"}});
    SyncSummary summary;
    QString error;
    QVERIFY2(f.syncSkipping(folder, &summary, &error), qPrintable(error));
    ++m_inputs;
    QCOMPARE(summary.rejected, qint64(1));
    QCOMPARE(rows(f.cache, "SELECT account_id, arr FROM accounts ORDER BY account_id", 2),
             QStringList({QStringLiteral("A1|1000.0"), QStringLiteral("A3|0.0")}));
    QCOMPARE(readFile(f.rejectsPath()),
             "file,line,reason,record\n" + folder.toUtf8() +
                 "/accounts.csv,3,\"column \"\"arr\"\": \"\"-$5\"\": negative amount\","
                 "\"A2,Globex,-$5\"\n");
}

void TestHostile::datesInYear9999()
{
    // The last year the contract accepts: it lands, and "as of" is the midnight that ends
    // 9999-12-31, in year 10000.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder = makeFolder(
        tmp.path(), QStringLiteral("export"),
        {{QStringLiteral("team.csv"), "person,role,manager\nKim,CSM,\n"},
         {QStringLiteral("accounts.csv"),
          "account_id,name,csm,renewal_date,arr\nA1,Acme,Kim,9999-12-31,100\n"},
         {QStringLiteral("users.csv"), "user_id,email,account_id,joindate\nu1,a@x,A1,9999-12-31\n"
                                       "u2,b@x,A1,2024-01-01\n"},
         {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                        "1,u1,9999-12-31T23:59:59.999Z,Login\n"
                                        "2,u2,9999-12-25T00:00:00Z,Login\n"}});
    const QString cache = tmp.filePath(QStringLiteral("c.pulsebook"));
    Run r = cli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    ++m_inputs;
    {
        Cache c;
        QString error;
        QVERIFY2(c.open(cache, false, &error), qPrintable(error));
        const auto index = EventIndex::load(c, nullptr, &error);
        QVERIFY2(index, qPrintable(error));
        QCOMPARE(index->defaultAsOfMs(), FieldParser::MaxTimeMs + 1);
        QCOMPARE(FieldParser::formatTimestamp(index->defaultAsOfMs()),
                 QStringLiteral("10000-01-01T00:00:00.000Z"));
        QCOMPARE(FieldParser::formatDate(
                     index->accountProperty(0, QStringLiteral("renewal_date")).toLongLong()),
                 QStringLiteral("9999-12-31"));
    }
    r = cli({QStringLiteral("info"), QStringLiteral("--cache"), cache});
    QVERIFY2(r.out.contains("Data as of: 10000-01-01T00:00:00.000Z\n"), r.out.constData());
    writeFile(tmp.path(), QStringLiteral("ws.json"),
              R"({"kpi_events": ["Login"], "onboarding_steps": ["Login"],
                  "campaigns": {"key_event": "Login"},
                  "scorecard": {"columns": [{"name": "WAU", "metric": "wau", "direction": "higher",
                                             "green": 2, "yellow": 1}]},
                  "health_score": {"groups": [{"name": "Usage", "weight": 1,
                      "inputs": [{"metric": "mau", "zero": 0, "ten": 2}]}]}})");
    r = cli({QStringLiteral("workspace"), QStringLiteral("import"),
             tmp.filePath(QStringLiteral("ws.json")), QStringLiteral("--cache"), cache});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // The last 7 days of year 9999 hold both events (12-25 and 12-31): WAU 2 as of
    // 10000-01-01. Weeks start on Monday: 9999-12-20 (u2 on Saturday the 25th) and 12-27.
    r = cli({QStringLiteral("rollup"), QStringLiteral("--by"), QStringLiteral("account"),
             QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--cache"), cache});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("account_id,account,csm,users,active_users_30d,wau,mau,"
                               "last_activity,Login (30d)\n"
                               "A1,Acme,Kim,2,2,2,2,9999-12-31T23:59:59.999Z,2\n"));
    r = cli({QStringLiteral("trend"), QStringLiteral("--bucket"), QStringLiteral("week"),
             QStringLiteral("--from"), QStringLiteral("9999-12-20"), QStringLiteral("--format"),
             QStringLiteral("csv"), QStringLiteral("--cache"), cache});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("bucket,events\n9999-12-20,1\n9999-12-27,1\n"));
    for (const char* command :
         {"scorecard", "managers", "health", "onboarding", "campaigns", "engagement", "efficacy"}) {
        r = cli({QLatin1String(command), QStringLiteral("--format"), QStringLiteral("csv"),
                 QStringLiteral("--cache"), cache});
        QVERIFY2(r.exitCode == 0,
                 qPrintable(QLatin1String(command) + QLatin1Char(' ') + QString::fromUtf8(r.err)));
    }
}

void TestHostile::sqlLikeNames()
{
    // Column names and values that look like SQL become properties and values like any
    // other, stored as they are, and the tables stay whole.
    const QString userColumn = QStringLiteral("x'); DROP TABLE users; --");
    const QString eventColumn = QStringLiteral("x\"); DROP TABLE event_chunks; --");
    const QString accountColumn = QStringLiteral("'; DELETE FROM accounts; --");
    const QString value = QStringLiteral("'); DROP TABLE users; --");
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder = makeFolder(
        f.tmp.path(), QStringLiteral("sql"),
        {{QStringLiteral("accounts.csv"), "account_id,name,\"'; DELETE FROM accounts; --\"\n"
                                          "A1,Acme,\"' OR 1=1 --\"\n"},
         {QStringLiteral("users.csv"), "user_id,account_id,\"x'); DROP TABLE users; --\"\n"
                                       "u1,A1,\"'); DROP TABLE users; --\"\nu2,A1,plain\n"},
         {QStringLiteral("events.csv"),
          "event_id,user_id,time,event,\"x\"\"); DROP TABLE event_chunks; --\"\n"
          "1,u1,2024-03-01T00:00:00Z,\"Robert'); DROP TABLE students;--\",\"1; SELECT 1\"\n"}});
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    m_inputs += 4;
    // Sorted by bytes: ' (0x27) before x; x" before x'.
    QCOMPARE(rows(f.cache, "SELECT name FROM property_keys ORDER BY name"),
             QStringList({accountColumn, eventColumn, userColumn}));
    QCOMPARE(rows(f.cache, "SELECT COUNT(*) FROM users"), QStringList{QStringLiteral("3")});
    QCOMPARE(rows(f.cache, "SELECT COUNT(*) FROM accounts"), QStringList{QStringLiteral("1")});
    const auto index = EventIndex::load(f.cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    QCOMPARE(index->eventCount(), size_t(2));
    const int u1 = index->userIndex(QStringLiteral("u1"));
    QVERIFY(index->userPropertyNames().contains(userColumn));
    QCOMPARE(index->userProperty(u1, userColumn).toString(), value);
    QCOMPARE(index->accountProperty(0, accountColumn).toString(), QStringLiteral("' OR 1=1 --"));
    const int column = index->eventPropertyColumn(eventColumn);
    QVERIFY(column >= 0);
    QCOMPARE(index->eventValueText(index->eventPropertyValue(column, index->eventBegin(u1))),
             QStringLiteral("1; SELECT 1"));
    QCOMPARE(index->typeName(index->type(index->eventBegin(u1))),
             QStringLiteral("Robert'); DROP TABLE students;--"));

    // A segment on the property finds u1 by the value, in the JSON form a workspace stores.
    Segment segment;
    QVERIFY2(Segment::fromJson(QJsonObject{{QStringLiteral("property"), userColumn},
                                           {QStringLiteral("op"), QStringLiteral("=")},
                                           {QStringLiteral("value"), value}},
                               QStringLiteral("$"), &segment, &error),
             qPrintable(error));
    QVERIFY2(segment.validate(*index, {}, QStringLiteral("$"), &error), qPrintable(error));
    AnalysisContext context;
    context.index = index;
    context.asOfMs = index->defaultAsOfMs();
    std::vector<char> members;
    QVERIFY2(segment.evaluate(context, {}, &members, &error), qPrintable(error));
    QCOMPARE(int(std::count(members.begin(), members.end(), 1)), 1);
    QCOMPARE(int(members[size_t(u1)]), 1);
}

void TestHostile::hundredThousandColumnsOfUsers()
{
    // users.csv with 100,000 columns: 99,998 extra columns, each a user property. Lands, and
    // the last property reads back, each step within the 10 s hang guard: reading a 1.2 MB
    // header and one row, and loading an index of two users, is work for milliseconds.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QByteArray header = "user_id,email";
    QByteArray row = "u1,u1@example.test";
    for (int c = 2; c < 100000; ++c) {
        header += ",c" + QByteArray::number(c);
        row += ",v" + QByteArray::number(c);
    }
    const QString folder = makeFolder(tmp.path(), QStringLiteral("wide"),
                                      {{QStringLiteral("users.csv"), header + "\n" + row + "\n"},
                                       {QStringLiteral("events.csv"), EventsHeader + GoodEvent}});
    const QString cache = tmp.filePath(QStringLiteral("c.pulsebook"));
    ++m_inputs;
    QElapsedTimer clock;
    clock.start();
    Run r = cli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache});
    QVERIFY2(
        r.exitCode == 0,
        qPrintable(
            QStringLiteral("%1 (after %2 ms)").arg(QString::fromUtf8(r.err)).arg(clock.elapsed())));
    {
        Cache c;
        QString error;
        QVERIFY(c.open(cache, false, &error));
        QCOMPARE(c.db().scalar("SELECT COUNT(*) FROM property_keys"), qint64(99998));
    }
    clock.restart();
    r = cli({QStringLiteral("segment"), QStringLiteral("--where"),
             QStringLiteral("c99999 = \"v99999\""), QStringLiteral("--count"),
             QStringLiteral("--cache"), cache});
    QVERIFY2(
        r.exitCode == 0,
        qPrintable(
            QStringLiteral("%1 (after %2 ms)").arg(QString::fromUtf8(r.err)).arg(clock.elapsed())));
    QCOMPARE(r.out, QByteArray("users\n    1\n"));
}

void TestHostile::hundredThousandColumnsOfEvents()
{
    // events.csv with 100,000 columns: 99,996 event properties, one event. Within the hang
    // guard as above.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QByteArray header = "event_id,user_id,time,event";
    QByteArray row = "1,u1,2024-03-01T00:00:00Z,login";
    for (int c = 4; c < 100000; ++c) {
        header += ",c" + QByteArray::number(c);
        row += ",v" + QByteArray::number(c);
    }
    const QString folder = makeFolder(tmp.path(), QStringLiteral("wide"),
                                      {{QStringLiteral("events.csv"), header + "\n" + row + "\n"}});
    const QString cache = tmp.filePath(QStringLiteral("c.pulsebook"));
    ++m_inputs;
    QElapsedTimer clock;
    clock.start();
    Run r =
        cli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache}, WideHangGuardMs);
    QVERIFY2(
        r.exitCode == 0,
        qPrintable(
            QStringLiteral("%1 (after %2 ms)").arg(QString::fromUtf8(r.err)).arg(clock.elapsed())));
    clock.restart();
    r = cli({QStringLiteral("trend"), QStringLiteral("--group-by"), QStringLiteral("event.c99999"),
             QStringLiteral("--from"), QStringLiteral("2024-03-01"), QStringLiteral("--format"),
             QStringLiteral("csv"), QStringLiteral("--cache"), cache},
            WideHangGuardMs);
    QVERIFY2(
        r.exitCode == 0,
        qPrintable(
            QStringLiteral("%1 (after %2 ms)").arg(QString::fromUtf8(r.err)).arg(clock.elapsed())));
    QCOMPARE(r.out, QByteArray("bucket,group,events\n2024-03-01,v99999,1\n"));
}
