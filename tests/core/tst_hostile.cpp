// Hostile input to sync: strict errors, random garbage, header-only files, huge fields, NUL
// bytes, mixed line endings. Values and names: tst_hostile_values.cpp; formulas:
// tst_hostile_formulas.cpp (one binary).
#include "tst_hostile.h"

void TestHostile::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QVERIFY2(QFileInfo(QStringLiteral(PULSEBOOK_CLI_PATH)).isExecutable(), PULSEBOOK_CLI_PATH);
}

void TestHostile::strictBadInput_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QByteArrayList>("contents");
    QTest::addColumn<bool>("skipBadRows");
    QTest::addColumn<QString>("expected"); // %1 is the folder

    const auto add = [](const char* tag, const Files& files, const QString& expected,
                        bool skip = false) {
        QStringList names;
        QByteArrayList contents;
        for (const auto& [name, content] : files) {
            names.append(name);
            contents.append(content);
        }
        QTest::newRow(tag) << names << contents << skip << expected;
    };
    const auto events = [&](const char* tag, const QByteArray& body, const QString& expected,
                            bool skip = false) {
        add(tag, {{QStringLiteral("events.csv"), body}}, expected, skip);
    };

    // 0 bytes: every file of the data contract.
    const QString empty = QStringLiteral("%1/%2:1:1: empty file (expected a header row)");
    for (const char* file : {"team.csv", "accounts.csv", "users.csv", "user_migrations.csv",
                             "sessions.csv", "events.csv", "campaign_touches.csv"}) {
        add(qPrintable(QStringLiteral("0 bytes: %1").arg(QLatin1String(file))),
            {{QLatin1String(file), QByteArray()}},
            empty.arg(QStringLiteral("%1"), QLatin1String(file)));
    }
    events("only line breaks", "\n\r\n\r",
           empty.arg(QStringLiteral("%1"), QStringLiteral("events.csv")));
    events("only a byte order mark", "\xEF\xBB\xBF",
           empty.arg(QStringLiteral("%1"), QStringLiteral("events.csv")));

    // 100,000 fields under a 4-column header: "x,x,...,x" is 199,999 bytes long.
    QByteArray wide = EventsHeader;
    for (int i = 0; i < 100000; ++i)
        wide += i ? ",x" : "x";
    events("100,000 fields in a row", wide + "\n",
           QStringLiteral("%1/events.csv:2:200000: expected 4 fields, found 100000"));

    // Binary garbage: 0x8B (gzip's second byte) and 0x89 (PNG's first) cannot start a UTF-8
    // sequence; control bytes are valid UTF-8, but the first is a NUL (issue 11, item 7).
    events("gzip bytes", QByteArray("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03", 10),
           QStringLiteral("%1/events.csv:1:2: invalid UTF-8"));
    events("PNG signature", QByteArray("\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", 16),
           QStringLiteral("%1/events.csv:1:1: invalid UTF-8"));
    events("control bytes", QByteArray("\x00\x01\x02\x03,\x04\x05\n\x06\x07\n", 11),
           QStringLiteral("%1/events.csv:1:1: NUL byte"));
    events("garbage after a good row", EventsHeader + GoodEvent + "\x01\x02\xFE\xFF\n",
           QStringLiteral("%1/events.csv:3:3: invalid UTF-8"));

    // Invalid UTF-8: a bad byte in the header, overlong, surrogate, past U+10FFFF, five-byte
    // form, cut off at the end of the file, on the third line of a quoted field, in users.csv.
    events("invalid UTF-8 in the header",
           "event_id,user_id,time,ev\xFF"
           "ent\n" +
               GoodEvent,
           QStringLiteral("%1/events.csv:1:25: invalid UTF-8"));
    events("overlong NUL", EventsHeader + "1,u\xC0\x80,2024-03-01,login\n",
           QStringLiteral("%1/events.csv:2:4: invalid UTF-8"));
    events("surrogate", EventsHeader + "1,u\xED\xA0\x80,2024-03-01,login\n",
           QStringLiteral("%1/events.csv:2:4: invalid UTF-8"));
    events("past U+10FFFF", EventsHeader + "1,u\xF4\x90\x80\x80,2024-03-01,login\n",
           QStringLiteral("%1/events.csv:2:4: invalid UTF-8"));
    events("five-byte form", EventsHeader + "1,u1,2024-03-01,log\xF8\x88\x80\x80\x80\n",
           QStringLiteral("%1/events.csv:2:20: invalid UTF-8"));
    events("cut off at the end of the file", EventsHeader + "1,u1,2024-03-01,log\xE2\x82",
           QStringLiteral("%1/events.csv:2:20: invalid UTF-8"));
    events("third line of a quoted field",
           "event_id,user_id,time,event,title\n1,u1,2024-03-01,login,\"a\nb\nc\xFF\"\n",
           QStringLiteral("%1/events.csv:4:2: invalid UTF-8"));
    add("invalid UTF-8 in users.csv",
        {{QStringLiteral("users.csv"), "user_id,email\nu1,a\x80@x\n"}},
        QStringLiteral("%1/users.csv:2:5: invalid UTF-8"));
    // Skipping bad rows does not skip a malformed record: where the next one starts is unknown.
    events("invalid UTF-8 with --skip-bad-rows",
           EventsHeader + GoodEvent + "2,u\xFF,2024-03-01,login\n3,u1,2024-03-02,login\n",
           QStringLiteral("%1/events.csv:3:4: invalid UTF-8"), true);

    // NUL bytes (issue 11, item 7): SQLite text would end at one, and exports would carry it,
    // so a record holding one is a bad row. In the header, in a user's e-mail (row reader),
    // in an event name (event reader), on the second line of a quoted field. "ev" ends at
    // column 24 of the header; "1,u1,2024-03-01T00:00:00Z,lo" is 28 bytes.
    events("NUL in the header", withNul("event_id,user_id,time,ev~ent\n") + GoodEvent,
           QStringLiteral("%1/events.csv:1:25: NUL byte"));
    add("NUL in users.csv", {{QStringLiteral("users.csv"), withNul("user_id,email\nu1,a~b@x\n")}},
        QStringLiteral("%1/users.csv:2:5: NUL byte"));
    events("NUL in an event name", EventsHeader + withNul("1,u1,2024-03-01T00:00:00Z,lo~gin\n"),
           QStringLiteral("%1/events.csv:2:29: NUL byte"));
    events("NUL on the second line of a quoted field",
           withNul("event_id,user_id,time,event,title\n1,u1,2024-03-01,login,\"a\nb~\"\n"),
           QStringLiteral("%1/events.csv:3:2: NUL byte"));

    // UTF-16 (issue 11, item 7), as Excel's "Unicode text" and PowerShell write it: named as
    // such at 1:1, with and without a byte order mark, in both byte orders.
    const auto utf16 = [](const char* text, bool bigEndian, bool bom) {
        QByteArray out;
        if (bom)
            out += bigEndian ? "\xFE\xFF" : "\xFF\xFE";
        for (const char* c = text; *c; ++c) {
            const char pair[2] = {bigEndian ? '\0' : *c, bigEndian ? *c : '\0'};
            out.append(pair, 2);
        }
        return out;
    };
    const QString little =
        QStringLiteral("%1/events.csv:1:1: UTF-16 (little-endian); save it as UTF-8");
    const QString big = QStringLiteral("%1/events.csv:1:1: UTF-16 (big-endian); save it as UTF-8");
    const char* const events16 = "event_id,user_id,time,event\n1,u1,2024-03-01,login\n";
    events("UTF-16 LE with BOM", utf16(events16, false, true), little);
    events("UTF-16 BE with BOM", utf16(events16, true, true), big);
    events("UTF-16 LE without BOM", utf16(events16, false, false), little);
    events("UTF-16 BE without BOM", utf16(events16, true, false), big);
    events("UTF-16 LE with BOM, --skip-bad-rows", utf16(events16, false, true), little, true);
    add("UTF-16 LE users.csv without BOM",
        {{QStringLiteral("users.csv"), utf16("user_id,email\nu1,a@x\n", false, false)}},
        QStringLiteral("%1/users.csv:1:1: UTF-16 (little-endian); save it as UTF-8"));

    // Mixed line endings: LF, CRLF, a lone CR, an empty CRLF line, CR then an empty CRLF
    // line; the bad time is on physical line 8. Then line breaks of all three kinds inside a
    // quoted field, after a header ended by a lone CR: the bad time is on line 6.
    events("mixed line endings",
           EventsHeader + "1,u1,2024-03-01T00:00:01Z,login\r\n2,u1,2024-03-01T00:00:02Z,login\r"
                          "3,u1,2024-03-01T00:00:03Z,login\n\r\n4,u1,2024-03-01T00:00:04Z,login\r"
                          "\r\n5,u1,2024-03-01T25:00:00Z,login\r\n",
           QStringLiteral("%1/events.csv:8:6: column \"time\": \"2024-03-01T25:00:00Z\": bad "
                          "time of day (expected HH:MM[:SS[.fff]])"));
    events("mixed line endings inside a quoted field",
           "event_id,user_id,time,event,title\r1,u1,2024-03-01,login,\"a\r\nb\rc\nd\"\r\n"
           "2,u1,2024-03-01T25:00:00Z,login,x\n",
           QStringLiteral("%1/events.csv:6:6: column \"time\": \"2024-03-01T25:00:00Z\": bad "
                          "time of day (expected HH:MM[:SS[.fff]])"));

    // Times out of range ("1,u1," is 5 bytes: the time starts at column 6).
    const auto time = [&](const char* tag, const QByteArray& value, const QString& reason) {
        events(tag, EventsHeader + "1,u1," + value + ",login\n",
               QStringLiteral("%1/events.csv:2:6: column \"time\": \"%2\": ")
                       .arg(QStringLiteral("%1"), QString::fromUtf8(value)) +
                   reason);
    };
    time("year 1899", "1899-12-31T23:59:59Z", TimeRange);
    time("year 1899 in UTC, 1900 with its offset", "1900-01-01T00:30:00+01:00", TimeRange);
    time("year 10000", "10000-01-01T00:00:00Z", NotATimestamp);
    time("year 10000 in UTC, 9999 with its offset", "9999-12-31T23:59:59-01:00", TimeRange);
    time("epoch seconds before 1900", "-2208988801", TimeRange);
    time("epoch milliseconds of year 10000", "253402300800000", TimeRange);
    time("epoch 18 digits", "999999999999999999", TimeRange);
    time("epoch 2^63 (overflows 64 bits)", "9223372036854775808", NotATimestamp);
    time("epoch -2^63 - 1", "-9223372036854775809", NotATimestamp);
    time("epoch 29 digits", "99999999999999999999999999999", NotATimestamp);
    add("renewal date 1899",
        {{QStringLiteral("accounts.csv"), "account_id,name,renewal_date\nA1,Acme,1899-12-31\n"}},
        QStringLiteral("%1/accounts.csv:2:9: column \"renewal_date\": \"1899-12-31\": ") +
            TimeRange);
    add("join date 10000", {{QStringLiteral("users.csv"), "user_id,joindate\nu1,10000-01-01\n"}},
        QStringLiteral("%1/users.csv:2:4: column \"joindate\": \"10000-01-01\": ") + NotATimestamp);
    add("session before 1900",
        {{QStringLiteral("sessions.csv"), "session_id,user_id,time\ns1,u1,-2208988801\n"}},
        QStringLiteral("%1/sessions.csv:2:7: column \"time\": \"-2208988801\": ") + TimeRange);
    add("touch in year 10000",
        {{QStringLiteral("campaign_touches.csv"),
          "user_id,campaign,time,stage\nu1,c,253402300800000,delivered\n"}},
        QStringLiteral("%1/campaign_touches.csv:2:6: column \"time\": \"253402300800000\": ") +
            TimeRange);
    add("merge in 1899",
        {{QStringLiteral("user_migrations.csv"),
          "from_user_id,to_user_id,time\nu1,u2,1899-12-31\n"}},
        QStringLiteral("%1/user_migrations.csv:2:7: column \"time\": \"1899-12-31\": ") +
            TimeRange);

    // Negative ARR ("A1,Acme," is 8 bytes: arr starts at column 9; open_new_arr at 11).
    const auto arr = [&](const char* tag, const QByteArray& row, const QString& expected) {
        add(tag, {{QStringLiteral("accounts.csv"), "account_id,name,arr,open_new_arr\n" + row}},
            QStringLiteral("%1/accounts.csv:2:") + expected);
    };
    arr("negative ARR", "A1,Acme,-5,\n",
        QStringLiteral("9: column \"arr\": \"-5\": negative amount"));
    arr("negative ARR with sign and separator", "A1,Acme,\"-$5,000\",\n",
        QStringLiteral("9: column \"arr\": \"-$5,000\": negative amount"));
    arr("negative ARR after the sign", "A1,Acme,$-5,\n",
        QStringLiteral("9: column \"arr\": \"$-5\": negative amount"));
    arr("ARR in accounting parentheses", "A1,Acme,(5),\n",
        QStringLiteral("9: column \"arr\": \"(5)\": not an amount (expected a number such as "
                       "120036 or $120,036)"));
    arr("negative open new ARR", "A1,Acme,5,-1\n",
        QStringLiteral("11: column \"open_new_arr\": \"-1\": negative amount"));
}

void TestHostile::strictBadInput()
{
    QFETCH(QStringList, names);
    QFETCH(QByteArrayList, contents);
    QFETCH(bool, skipBadRows);
    QFETCH(QString, expected);
    Fixture f;
    QVERIFY(f.prepare());
    Files files;
    for (qsizetype i = 0; i < names.size(); ++i)
        files.append({names[i], contents[i]});
    if (!names.contains(QStringLiteral("team.csv")))
        files.append({QStringLiteral("team.csv"), FillerTeam});
    if (!names.contains(QStringLiteral("users.csv")))
        files.append({QStringLiteral("users.csv"), FillerUsers});
    const QString bad = makeFolder(f.tmp.path(), QStringLiteral("bad"), files);
    SyncOptions options;
    options.skipBadRows = skipBadRows;
    SyncSummary summary;
    QString error;
    QVERIFY(!syncExportFolder(f.cache, bad, options, nullptr, &summary, &error));
    ++m_inputs;
    QCOMPARE(error, expected.arg(bad));
    const Snapshot after = snapshot(f.cache.path(), false);
    QVERIFY2(after == f.before, qPrintable(snapshotDiff(after, f.before)));
    QVERIFY(!QFileInfo::exists(f.cache.path() + QStringLiteral(".rejects.csv")));
    // The connection is still usable.
    QVERIFY2(syncExportFolder(f.cache, f.tmp.filePath(QStringLiteral("base")), SyncOptions(),
                              nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.eventsInCache, qint64(1));
}

void TestHostile::randomGarbage()
{
    // Random bytes (fixed seed) as each file of the contract, alone and after a good header:
    // the sync fails with "file:line:column: reason" and changes nothing.
    static const QRegularExpression located(QStringLiteral("^.+/[a-z_]+\\.csv:\\d+:\\d+: .+$"),
                                            QRegularExpression::DotMatchesEverythingOption);
    Fixture f;
    QVERIFY(f.prepare());
    QRandomGenerator random(6);
    const QList<QPair<QString, QByteArray>> headers = {
        {QStringLiteral("events.csv"), EventsHeader},
        {QStringLiteral("users.csv"), "user_id,email\n"},
        {QStringLiteral("accounts.csv"), "account_id,name,arr\n"},
        {QStringLiteral("sessions.csv"), "session_id,user_id,time\n"},
        {QStringLiteral("team.csv"), "person,role,manager\n"},
        {QStringLiteral("campaign_touches.csv"), "user_id,campaign,time,stage\n"},
        {QStringLiteral("user_migrations.csv"), "from_user_id,to_user_id,time\n"},
    };
    int tried = 0;
    for (int round = 0; round < 20; ++round) {
        for (const auto& [file, header] : headers) {
            QByteArray garbage(1 + int(random.bounded(4096)), Qt::Uninitialized);
            for (char& c : garbage)
                c = char(random.bounded(256));
            for (bool withHeader : {false, true}) {
                const QString bad = makeFolder(f.tmp.path(), QStringLiteral("garbage"),
                                               {{file, withHeader ? header + garbage : garbage}});
                QString error;
                const bool ok =
                    syncExportFolder(f.cache, bad, SyncOptions(), nullptr, nullptr, &error)
                        .isDone();
                ++tried;
                // Random bytes after a good header may happen to be one-field rows that parse:
                // then they must land whole, else fail cleanly.
                if (ok) {
                    QVERIFY2(withHeader, qPrintable(file));
                    f.before = snapshot(f.cache.path(), false);
                    continue;
                }
                QVERIFY2(located.match(error).hasMatch(), qPrintable(error));
                QVERIFY2(error.startsWith(bad + QLatin1Char('/') + file + QLatin1Char(':')),
                         qPrintable(error));
                const Snapshot after = snapshot(f.cache.path(), false);
                QVERIFY2(after == f.before, qPrintable(snapshotDiff(after, f.before)));
            }
        }
    }
    m_inputs += tried;
    QCOMPARE(tried, 280);
}

void TestHostile::headerOnlyFiles()
{
    // Every file with its header and nothing else: the sync lands, with no rows.
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder =
        makeFolder(f.tmp.path(), QStringLiteral("headers"),
                   {{QStringLiteral("team.csv"), "person,role,manager\n"},
                    {QStringLiteral("accounts.csv"), "account_id,name\r\n"},
                    {QStringLiteral("users.csv"), "\xEF\xBB\xBFuser_id,email"},
                    {QStringLiteral("user_migrations.csv"), "from_user_id,to_user_id\n"},
                    {QStringLiteral("sessions.csv"), "session_id,user_id,time\n\n\n"},
                    {QStringLiteral("events.csv"), EventsHeader},
                    {QStringLiteral("campaign_touches.csv"), "user_id,campaign,time,stage\r"}});
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    m_inputs += 7;
    QCOMPARE(summary.tables.size(), 7);
    for (const auto& t : summary.tables)
        QVERIFY2(t.rows == 0 && t.landed == 0 && t.rejected == 0, qPrintable(t.table));
    QCOMPARE(summary.eventsInCache, qint64(1)); // the base export's
    Snapshot after = snapshot(f.cache.path(), false);
    QCOMPARE(after.value(QStringLiteral("sync_log")).rows, qint64(2));
    after.remove(QStringLiteral("sync_log"));
    Snapshot before = f.before;
    before.remove(QStringLiteral("sync_log"));
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
}

void TestHostile::tenMegabyteFields()
{
    // 10 MB in a quoted title (with doubled quotes and line breaks), in an unquoted title, in
    // a user property and in an account name; then a bad row after them, on the right line.
    const QByteArray big(10 << 20, 'a');
    // In the quoted one, `""` LF `""` (the value: `"` LF `"`) and a CRLF.
    QByteArray quoted = big;
    quoted.replace(1000, 5, "\"\"\n\"\"");
    quoted.replace(5000000, 2, "\r\n");
    const QByteArray events = "event_id,user_id,time,event,title\n"
                              "1,u1,2024-03-01T00:00:00Z,login,\"" +
                              quoted +
                              "\"\n"
                              "2,u1,2024-03-01T00:00:01Z,login," +
                              big + "\n";
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder =
        makeFolder(f.tmp.path(), QStringLiteral("big"),
                   {{QStringLiteral("accounts.csv"), "account_id,name\nA1," + big + "\n"},
                    {QStringLiteral("users.csv"), "user_id,account_id,note\nu1,A1," + big + "\n"},
                    {QStringLiteral("events.csv"), events}});
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    m_inputs += 4;
    QCOMPARE(summary.eventsInCache, qint64(3));
    const auto index = EventIndex::load(f.cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    const int u = index->userIndex(QStringLiteral("u1"));
    QVERIFY(u >= 0);
    QCOMPARE(index->userProperty(u, QStringLiteral("note")).toString().size(), qsizetype(10 << 20));
    QCOMPARE(index->accountProperty(index->userAccount(u), QStringLiteral("name")).toString(),
             QString::fromLatin1(big));
    const int title = index->eventPropertyColumn(QStringLiteral("title"));
    QVERIFY(title >= 0);
    QCOMPARE(index->eventEnd(u) - index->eventBegin(u), size_t(2));
    QString expectedQuoted = QString::fromLatin1(big);
    expectedQuoted.replace(1000, 5, QStringLiteral("\"\n\""));
    expectedQuoted.replace(5000000 - 2, 2, QStringLiteral("\r\n"));
    const QString first =
        index->eventValueText(index->eventPropertyValue(title, index->eventBegin(u)));
    QCOMPARE(first.size(), expectedQuoted.size());
    QVERIFY(first == expectedQuoted);
    QVERIFY(index->eventValueText(index->eventPropertyValue(title, index->eventBegin(u) + 1)) ==
            QString::fromLatin1(big));

    // The field holds 2 line breaks (an LF in the doubled-quote run, a CRLF): the record on
    // physical line 2 ends on line 4, and a bad time after the unquoted one is on line 6.
    Fixture g;
    QVERIFY(g.prepare());
    const QString bad = makeFolder(
        g.tmp.path(), QStringLiteral("bad"),
        {{QStringLiteral("events.csv"), events + "3,u1,2024-02-30T00:00:00Z,login,x\n"}});
    QVERIFY(!syncExportFolder(g.cache, bad, SyncOptions(), nullptr, nullptr, &error));
    ++m_inputs;
    QCOMPARE(error, bad + QStringLiteral("/events.csv:6:6: column \"time\": "
                                         "\"2024-02-30T00:00:00Z\": no such date"));
    const Snapshot after = snapshot(g.cache.path(), false);
    QVERIFY2(after == g.before, qPrintable(snapshotDiff(after, g.before)));
}

void TestHostile::nulBytesRejected()
{
    // With --skip-bad-rows a record holding a NUL goes to the rejects file with the reason
    // "NUL byte" (strictBadInput has the strict cases), the other rows land, and the record is
    // written with U+2400 (E2 90 80) where the NUL was: a NUL leaks into no CSV we write.
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder =
        makeFolder(f.tmp.path(), QStringLiteral("nul"),
                   {{QStringLiteral("users.csv"), withNul("user_id,email\nu~1,a@x\nu2,b@x\n")},
                    {QStringLiteral("events.csv"),
                     EventsHeader + GoodEvent + withNul("2,u1,2024-03-01T00:00:00Z,lo~gin\n")}});
    SyncSummary summary;
    QString error;
    QVERIFY2(f.syncSkipping(folder, &summary, &error), qPrintable(error));
    m_inputs += 2;
    QCOMPARE(summary.rejected, qint64(2));
    const QByteArray file = folder.toUtf8();
    QCOMPARE(readFile(f.rejectsPath()),
             "file,line,reason,record\n" + file +
                 "/users.csv,2,NUL byte,\"u\xE2\x90\x80"
                 "1,a@x\"\n" +
                 file +
                 "/events.csv,3,NUL byte,\"2,u1,2024-03-01T00:00:00Z,lo\xE2\x90\x80"
                 "gin\"\n");
    QCOMPARE(rows(f.cache, "SELECT user_id FROM users ORDER BY user_id"),
             (QStringList{QStringLiteral("k1"), QStringLiteral("u1"), QStringLiteral("u2")}));
}

void TestHostile::mixedLineEndings()
{
    // The same mix as in strictBadInput without the bad row: four events land, in order.
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder = makeFolder(
        f.tmp.path(), QStringLiteral("mixed"),
        {{QStringLiteral("events.csv"),
          EventsHeader + "1,u1,2024-03-01T00:00:01Z,login\r\n2,u1,2024-03-01T00:00:02Z,login\r"
                         "3,u1,2024-03-01T00:00:03Z,login\n\r\n4,u1,2024-03-01T00:00:04Z,login\r"
                         "\r\n"},
         {QStringLiteral("users.csv"),
          "user_id,email,note\r\nu1,a@x,\"one\r\ntwo\rthree\nfour\"\r"}});
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    ++m_inputs;
    QCOMPARE(summary.eventsInCache, qint64(5)); // and the base export's k-e1
    const auto index = EventIndex::load(f.cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    const int u = index->userIndex(QStringLiteral("u1"));
    QCOMPARE(index->eventEnd(u) - index->eventBegin(u), size_t(4));
    // 2024-03-01T00:00:00Z is 1709251200000.
    for (size_t i = 0; i < 4; ++i)
        QCOMPARE(index->time(index->eventBegin(u) + i), 1709251200000LL + qint64(i + 1) * 1000);
    QCOMPARE(index->userProperty(u, QStringLiteral("note")).toString(),
             QStringLiteral("one\r\ntwo\rthree\nfour"));
}

void TestHostile::cleanupTestCase()
{
    qInfo("figure: %d hostile inputs synced, %d analysis exports checked", m_inputs, m_exports);
}

QTEST_GUILESS_MAIN(TestHostile)
