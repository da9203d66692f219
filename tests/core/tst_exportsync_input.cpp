// syncExportFolder on bad input: strict errors at their line:column, skipped rows and their
// rejects, big files with a bad row or a split quoted field.
#include "tst_exportsync.h"

void TestExportSync::strictBadInput_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QByteArrayList>("contents");
    QTest::addColumn<QString>("expected"); // %1 is the folder

    // team.csv and users.csv come before events.csv: they would change the cache if the bad
    // row did not roll the whole sync back.
    const QByteArray team = "person,role,manager\nZed Zane,CSM,Mia Moss\n";
    const QByteArray users = "user_id,email\nu99,u99@example.test\n";
    const QByteArray header = "event_id,user_id,time,event\n";
    const QByteArray good = "1,u1,2024-03-01T00:00:00Z,login\n";
    const QStringList eventsFolder = {QStringLiteral("team.csv"), QStringLiteral("users.csv"),
                                      QStringLiteral("events.csv")};
    const auto events = [&](const char* name, const QByteArray& body, const char* expected) {
        QTest::newRow(name) << eventsFolder << QByteArrayList{team, users, body}
                            << QString::fromUtf8(expected);
    };
    // "2,u1,2024-03-01T00:00:00Z" is 25 bytes: the record ends at column 26.
    events("wrong field count (too few)", header + good + "2,u1,2024-03-01T00:00:00Z\n",
           "%1/events.csv:3:26: expected 4 fields, found 3");
    events("wrong field count (too many)", header + good + "2,u1,2024-03-01T00:00:00Z,login,x\n",
           "%1/events.csv:3:34: expected 4 fields, found 5");
    events("unterminated quote", header + good + "2,\"u1,2024-03-01T00:00:00Z,login\n",
           "%1/events.csv:3:3: unterminated quoted field");
    events("character after closing quote", header + good + "2,\"u1\"x,2024-03-01,login\n",
           "%1/events.csv:3:7: unexpected character after closing quote");
    events("bad timestamp", header + good + "2,u1,yesterday,login\n",
           "%1/events.csv:3:6: column \"time\": \"yesterday\": not a timestamp (expected "
           "ISO-8601, YYYY-MM-DD HH:MM:SS or epoch)");
    events("no such date", header + good + "2,u1,2024-02-30T00:00:00Z,login\n",
           "%1/events.csv:3:6: column \"time\": \"2024-02-30T00:00:00Z\": no such date");
    events("bad time after a two-line field",
           "event_id,user_id,time,event,title\n"
           "1,u1,2024-03-01T00:00:00Z,login,\"two\nlines\"\n"
           "2,u1,2024-03-01T25:00:00Z,login,x\n",
           "%1/events.csv:4:6: column \"time\": \"2024-03-01T25:00:00Z\": bad time of day "
           "(expected HH:MM[:SS[.fff]])");
    events("bad time, CRLF",
           "event_id,user_id,time,event\r\n1,u1,2024-03-01T00:00:00Z,login\r\n"
           "2,u1,2024-03-01T10:00:00Q,login\r\n",
           "%1/events.csv:3:6: column \"time\": \"2024-03-01T10:00:00Q\": unexpected text "
           "after the time");
    events("invalid UTF-8",
           header + good +
               "2,u\xff"
               "1,2024-03-01T00:00:00Z,login\n",
           "%1/events.csv:3:4: invalid UTF-8");
    events("missing required column", "event_id,user_id,time\n1,u1,2024-03-01T00:00:00Z\n",
           "%1/events.csv:1:1: missing required column \"event\"");
    // "event_id,user_id,time,event," is 28 bytes.
    events("duplicate header", "event_id,user_id,time,event,User_ID\n1,u1,2024-03-01,login,u1\n",
           "%1/events.csv:1:29: duplicate column \"User_ID\"");
    events("synonym duplicate", "event_id,user_id,time,event,event_name\n1,u1,2024-03-01,a,a\n",
           "%1/events.csv:1:29: duplicate column \"event_name\" (same as \"event\")");
    events("empty user_id", header + good + "2,,2024-03-01T00:00:00Z,login\n",
           "%1/events.csv:3:3: empty user_id");
    events("empty event name", header + good + "2,u1,2024-03-01T00:00:00Z,\n",
           "%1/events.csv:3:27: empty event name");

    const QStringList accountsFolder = {QStringLiteral("team.csv"), QStringLiteral("accounts.csv")};
    const QByteArray accountsHeader = "account_id,name,sentiment,arr,has_success_plan\n";
    const QByteArray goodAccount = "A1,Acme,Green,\"$1,000\",yes\n";
    const auto accounts = [&](const char* name, const QByteArray& row, const char* expected) {
        QTest::newRow(name) << accountsFolder
                            << QByteArrayList{team, accountsHeader + goodAccount + row}
                            << QString::fromUtf8(expected);
    };
    accounts("bad sentiment", "A9,Foo,Purple,100,yes\n",
             "%1/accounts.csv:3:8: column \"sentiment\": \"Purple\": sentiment must be Green, "
             "Yellow or Red");
    accounts("negative ARR", "A9,Foo,Green,-$5,yes\n",
             "%1/accounts.csv:3:14: column \"arr\": \"-$5\": negative amount");
    accounts("bad boolean", "A9,Foo,Green,100,maybe\n",
             "%1/accounts.csv:3:18: column \"has_success_plan\": \"maybe\": not a boolean "
             "(expected true/false, yes/no, y/n or 1/0)");

    QTest::newRow("events.csv and all_events.csv")
        << QStringList{QStringLiteral("events.csv"), QStringLiteral("all_events.csv")}
        << QByteArrayList{header + good, header + good}
        << QStringLiteral("%1: both events.csv and all_events.csv hold events: keep one");
    QTest::newRow("no export files")
        << QStringList{QStringLiteral("readme.txt"), QStringLiteral("event.csv")}
        << QByteArrayList{"hello\n", header + good}
        << QStringLiteral("%1: no export files (expected events.csv, users.csv, accounts.csv, "
                          "...); event.csv has the columns of events: read it with --map "
                          "events=event.csv");
}

void TestExportSync::strictBadInput()
{
    QFETCH(QStringList, names);
    QFETCH(QByteArrayList, contents);
    QFETCH(QString, expected);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("good"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path(), false);
    QCOMPARE(before.value(QStringLiteral("sync_log")).rows, qint64(1));

    Files files;
    for (qsizetype i = 0; i < names.size(); ++i)
        files.append({names.at(i), contents.at(i)});
    const QString bad = makeFolder(tmp, QStringLiteral("bad"), files);
    SyncSummary summary;
    QVERIFY(!syncExportFolder(cache, bad, SyncOptions(), nullptr, &summary, &error));
    QCOMPARE(error, expected.arg(bad));
    // Nothing changed, not even the sync log.
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
    QVERIFY(summary.rejectsPath.isEmpty());
    QVERIFY(!QFileInfo::exists(cache.path() + QStringLiteral(".rejects.csv")));

    // The connection is still usable: the same good export syncs again.
    QVERIFY2(syncExportFolder(cache, tmp.filePath(QStringLiteral("good")), SyncOptions(), nullptr,
                              &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.eventsInCache, qint64(13));
}

void TestExportSync::skipBadRows()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"),
                   {{QStringLiteral("events.csv"),
                     "event_id,user_id,time,event\n"     // line 1
                     "1,u1,2024-03-01T00:00:01Z,login\n" // 2
                     "2,u1,2024-03-01T00:00:02Z,login\n" // 3
                     "3,u1,not-a-time,login\n"           // 4: bad time
                     "4,u2,2024-03-01T00:00:04Z,view\n"  // 5
                     "5,u2,2024-03-01T00:00:05Z\n"       // 6: three fields
                     "6,u2,2024-03-01T00:00:06Z,view\n"  // 7
                     "=7,,2024-03-01T00:00:07Z,login\n"  // 8: empty user_id, formula-like record
                     "8,u3,2024-03-01T00:00:08Z,login\n" // 9
                     "9,u3,2024-03-01T00:00:09Z,login\n" // 10
                     "10,u3,2024-03-01T00:00:10Z,logout\n"}}); // 11
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    SyncOptions options;
    options.skipBadRows = true;
    options.rejectsPath = tmp.filePath(QStringLiteral("rejects.csv"));
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, options, nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(tablesText(summary), QStringLiteral("events:10/7/3"));
    QCOMPARE(summary.rejected, qint64(3));
    QCOMPARE(summary.rejectsPath, options.rejectsPath);
    QCOMPARE(summary.createdUsers, qint64(3));
    QCOMPARE(summary.eventsInCache, qint64(7));

    const QString s = QStringLiteral("u%1|%2|%3|%4|");
    QCOMPARE(storedEvents(cache),
             QStringList({s.arg(1).arg(Mar1 + 1000).arg(1).arg(QStringLiteral("login")),
                          s.arg(1).arg(Mar1 + 2000).arg(2).arg(QStringLiteral("login")),
                          s.arg(2).arg(Mar1 + 4000).arg(4).arg(QStringLiteral("view")),
                          s.arg(2).arg(Mar1 + 6000).arg(6).arg(QStringLiteral("view")),
                          s.arg(3).arg(Mar1 + 8000).arg(8).arg(QStringLiteral("login")),
                          s.arg(3).arg(Mar1 + 9000).arg(9).arg(QStringLiteral("login")),
                          s.arg(3).arg(Mar1 + 10000).arg(10).arg(QStringLiteral("logout"))}));

    const QString file = folder + QStringLiteral("/events.csv");
    const QByteArray expected =
        "file,line,reason,record\n" + file.toUtf8() +
        ",4,\"column \"\"time\"\": \"\"not-a-time\"\": not a timestamp (expected ISO-8601, "
        "YYYY-MM-DD HH:MM:SS or epoch)\","
        "\"3,u1,not-a-time,login\"\n" +
        file.toUtf8() + ",6,\"expected 4 fields, found 3\",\"5,u2,2024-03-01T00:00:05Z\"\n" +
        file.toUtf8() + ",8,empty user_id,\"'=7,,2024-03-01T00:00:07Z,login\"\n";
    QCOMPARE(readFile(options.rejectsPath), expected);
    QCOMPARE(modeBits(options.rejectsPath), QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    const auto log = cache.syncLog();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.at(0).rejected, qint64(3));
    QCOMPARE(log.at(0).rowsJson, QStringLiteral("{\"events\":7}"));
}

void TestExportSync::skippedRowsThenFatalErrorLeavesNoRejects()
{
    // A rejected row, then a record whose end is unknown: the sync fails as a whole, and a
    // rejects file describing a sync that did not happen is removed.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"),
                   {{QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                   "1,u1,2024-03-01T00:00:01Z,login\n"
                                                   "2,u1,never,login\n"
                                                   "3,\"u1,2024-03-01T00:00:03Z,login\n"}});
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    const Snapshot before = snapshot(cache.path(), false);
    SyncOptions options;
    options.skipBadRows = true;
    options.rejectsPath = tmp.filePath(QStringLiteral("rejects.csv"));
    SyncSummary summary;
    QString error;
    QVERIFY(!syncExportFolder(cache, folder, options, nullptr, &summary, &error));
    QCOMPARE(error, folder + QStringLiteral("/events.csv:4:3: unterminated quoted field"));
    QVERIFY(summary.rejectsPath.isEmpty());
    QVERIFY(!QFileInfo::exists(options.rejectsPath));
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
}

void TestExportSync::skippedUserThenSeenAgain()
{
    // u1's users.csv row is rejected; u1 then turns up again (in users.csv and in events.csv)
    // after u2 got its uid: u2 must keep it.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"),
                   {{QStringLiteral("users.csv"), "user_id,email,joindate\n"
                                                  "u1,u1@example.test,not-a-date\n"
                                                  "u2,u2@example.test,2024-03-01\n"
                                                  "u3,u3@example.test,also-not-a-date\n"
                                                  "u4,u4@example.test,2024-03-01\n"
                                                  "u3,u3@example.test,2024-03-01\n"},
                    {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                   "1,u1,2024-03-01T00:00:01Z,login\n"
                                                   "2,u2,2024-03-01T00:00:02Z,login\n"
                                                   "3,u3,2024-03-01T00:00:03Z,login\n"
                                                   "4,u4,2024-03-01T00:00:04Z,login\n"}});
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    SyncOptions options;
    options.skipBadRows = true;
    options.rejectsPath = tmp.filePath(QStringLiteral("rejects.csv"));
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, options, nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(tablesText(summary), QStringLiteral("users:5/3/2 events:4/4/0"));
    QCOMPARE(summary.createdUsers, qint64(1)); // u1
    QCOMPARE(rows(cache.db(),
                  "SELECT user_id, email, joindate, from_events FROM users ORDER BY user_id", 4),
             QStringList({QStringLiteral("u1|NULL|NULL|1"),
                          QStringLiteral("u2|u2@example.test|%1|0").arg(Mar1),
                          QStringLiteral("u3|u3@example.test|%1|0").arg(Mar1),
                          QStringLiteral("u4|u4@example.test|%1|0").arg(Mar1)}));
    QCOMPARE(storedEvents(cache), QStringList({QStringLiteral("u2|%1|2|login|").arg(Mar1 + 2000),
                                               QStringLiteral("u4|%1|4|login|").arg(Mar1 + 4000),
                                               QStringLiteral("u3|%1|3|login|").arg(Mar1 + 3000),
                                               QStringLiteral("u1|%1|1|login|").arg(Mar1 + 1000)}));
}

void TestExportSync::bigFileBadRow_data()
{
#define BadTime "column \"time\": \"2024-13-01T00:00:00Z\": no such date"
    QTest::addColumn<QList<int>>("badRows"); // rows given a bad time ("2024-13-01...")
    QTest::addColumn<int>("utf8Row");        // row whose user ID gets an invalid byte, or -1
    QTest::addColumn<QString>("expected");

    // Time starts at byte 16 of a row (column 17), the user ID's "u" at byte 10 (column 11).
    QTest::newRow("bad time, second half")
        << QList<int>{1500000} << -1 << QStringLiteral("%1:1500002:17: " BadTime);
    QTest::newRow("bad times, both halves: the first one")
        << QList<int>{100000, 1500000} << -1 << QStringLiteral("%1:100002:17: " BadTime);
    // The file is 34 + 1600000 * 44 bytes; its middle, 35200017, is in row 799999, so the
    // second core starts at row 800000 (line 800002).
    QTest::newRow("bad time, last row before the split")
        << QList<int>{BigRows / 2 - 1} << -1 << QStringLiteral("%1:800001:17: " BadTime);
    QTest::newRow("bad time, first row after the split")
        << QList<int>{BigRows / 2} << -1 << QStringLiteral("%1:800002:17: " BadTime);
    QTest::newRow("invalid UTF-8, first half")
        << QList<int>{} << 200000 << QStringLiteral("%1:200002:11: invalid UTF-8");
    QTest::newRow("invalid UTF-8, second half")
        << QList<int>{} << 1400000 << QStringLiteral("%1:1400002:11: invalid UTF-8");
    QTest::newRow("invalid UTF-8 first, bad time later")
        << QList<int>{1500000} << 200000 << QStringLiteral("%1:200002:11: invalid UTF-8");
#undef BadTime
}

void TestExportSync::bigFileBadRow()
{
    QFETCH(QList<int>, badRows);
    QFETCH(int, utf8Row);
    QFETCH(QString, expected);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QByteArray csv = bigEvents();
    QVERIFY(csv.size() > (qint64(64) << 20));
    for (int row : badRows)
        patchRow(&csv, row, 16, "2024-13-01T00:00:00Z");
    if (utf8Row >= 0)
        patchRow(&csv, utf8Row, 10, "\xff");
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"), {{QStringLiteral("events.csv"), csv}});
    csv.clear();
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    const Snapshot before = snapshot(cache.path(), false);
    QString error;
    QVERIFY(!syncExportFolder(cache, folder, SyncOptions(), nullptr, nullptr, &error));
    QCOMPARE(error, expected.arg(folder + QStringLiteral("/events.csv")));
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
}

void TestExportSync::bigFileSplitInsideQuotedField()
{
    // The middle of the file falls inside a quoted title with 300000 line breaks: the split
    // between the cores is not between records, and line numbers after it must still count
    // those breaks.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QByteArray csv = bigEvents();
    const int middleRow = BigRows / 2;
    QByteArray title = "\"";
    for (int i = 0; i < 300000; ++i)
        title += "ab\n";
    title += "\"";
    // Row middleRow ends in "login,\n": put the title before its line end.
    csv.insert(BigHeader.size() + qsizetype(middleRow + 1) * BigRowBytes - 1, title);
    const qint64 titleStart = BigHeader.size() + qint64(middleRow + 1) * BigRowBytes - 1;
    QVERIFY(csv.size() / 2 > titleStart && csv.size() / 2 < titleStart + title.size());
    const QString good =
        makeFolder(tmp, QStringLiteral("good"), {{QStringLiteral("events.csv"), csv}});
    // Row BigRows - 10 comes after the title, on line BigRows - 10 + 2 + 300000.
    QByteArray bad = csv;
    bad.replace(BigHeader.size() + qsizetype(BigRows - 10) * BigRowBytes + title.size() + 16, 20,
                "2024-13-01T00:00:00Z");
    const QString badFolder =
        makeFolder(tmp, QStringLiteral("bad"), {{QStringLiteral("events.csv"), bad}});
    csv.clear();
    bad.clear();

    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY(!syncExportFolder(cache, badFolder, SyncOptions(), nullptr, nullptr, &error));
    QCOMPARE(error,
             badFolder +
                 QStringLiteral("/events.csv:%1:17: column \"time\": \"2024-13-01T00:00:00Z\": no "
                                "such date")
                     .arg(BigRows - 10 + 2 + 300000));

    SyncSummary summary;
    QVERIFY2(syncExportFolder(cache, good, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(tablesText(summary), QStringLiteral("events:%1/%1/0").arg(BigRows));
    QCOMPARE(summary.eventsInCache, qint64(BigRows));
    QCOMPARE(summary.createdUsers, qint64(10000));
    EventTable table;
    QVERIFY(EventChunks::load(cache.db(), EventChunks::Store::Events, &table, silentProgress(),
                              &error));
    QCOMPARE(table.size(), size_t(BigRows));
    QCOMPARE(table.properties.size(), size_t(1));
    qint64 titled = 0;
    for (size_t i = 0; i < table.size(); ++i) {
        const quint32 v = table.properties[0].values[i];
        if (v == 0)
            continue;
        ++titled;
        QCOMPARE(table.eventId[i], qint64(100000001 + middleRow));
        QCOMPARE(table.values.at(v).size(), size_t(3 * 300000));
    }
    QCOMPARE(titled, qint64(1));
}
