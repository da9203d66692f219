// A sync that spills to temporary files gives the same cache as one in memory; duplicates,
// copies and resyncs. Merges, unchanged chunks and cancels: tst_spillsync_merge.cpp (one binary).
#include "tst_spillsync.h"

void TestSpillSync::sameCacheAsInMemory_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("idMode");
    QTest::addColumn<qint64>("memoryRows");
    QTest::addColumn<bool>("twoCores");
    for (quint32 seed = 1; seed <= 24; ++seed) {
        const int idMode = int(seed % 4);
        const qint64 memoryRows = QList<qint64>{3, 40, 150, 700}.at(qsizetype(seed / 4 % 4));
        const bool twoCores = seed % 3 != 0;
        QTest::addRow("seed %u ids %d memory %lld %s", seed, idMode, memoryRows,
                      twoCores ? "two cores" : "one core")
            << seed << idMode << memoryRows << twoCores;
    }
}

void TestSpillSync::sameCacheAsInMemory()
{
    QFETCH(quint32, seed);
    QFETCH(int, idMode);
    QFETCH(qint64, memoryRows);
    QFETCH(bool, twoCores);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side memory, spill;
    QString error;
    QVERIFY2(openSide(&memory, tmp, QStringLiteral("memory.cache"), &error), qPrintable(error));
    QVERIFY2(openSide(&spill, tmp, QStringLiteral("spill.cache"), &error), qPrintable(error));
    spill.options.memoryRows = memoryRows;
    if (twoCores)
        spill.options.splitBytes = 1; // every file read by both cores
    // Some exports have a bad row: strict mode stops at it, skip mode (on one core) lands the
    // rest.
    const bool badRow = seed % 5 == 0;
    memory.options.skipBadRows = spill.options.skipBadRows = badRow && seed % 2 == 0;

    Generator g(seed);
    g.idMode = idMode;
    g.users = 10 + g.pick(40);
    QList<QByteArray> pool;
    const int events = 200 + g.pick(1200);
    QByteArray eventsCsv = g.events(events, &pool);
    if (badRow)
        eventsCsv += "1,u1,not a time,login,,,\n" + g.events(20, &pool).mid(49);
    const QString first = makeFolder(tmp, QStringLiteral("first"),
                                     {{QStringLiteral("users.csv"), g.usersCsv()},
                                      {QStringLiteral("user_migrations.csv"), g.migrations(3)},
                                      {QStringLiteral("sessions.csv"), g.sessions(events / 5)},
                                      {QStringLiteral("events.csv"), eventsCsv}});
    if (badRow && !memory.options.skipBadRows) {
        // Strict: both stop at the bad row and the caches stay empty; go on without it.
        QString errorA, errorB;
        QVERIFY(!syncExportFolder(memory.cache, first, memory.options, nullptr, nullptr, &errorA));
        QVERIFY(!syncExportFolder(spill.cache, first, spill.options, nullptr, nullptr, &errorB));
        QCOMPARE(errorB, errorA);
        QVERIFY(snapshot(spill.path) == snapshot(memory.path));
        memory.options.skipBadRows = spill.options.skipBadRows = true;
    }
    syncBoth(memory, spill, first, QStringLiteral("first sync"));
    if (QTest::currentTestFailed())
        return;

    // The same folder again: nothing changes, nothing is rewritten.
    syncBoth(memory, spill, first, QStringLiteral("same again"));
    if (QTest::currentTestFailed())
        return;

    // An incremental-style export: some of the old events again (some changed), new ones, and
    // new merges that move stored rows.
    const QString second =
        makeFolder(tmp, QStringLiteral("second"),
                   {{QStringLiteral("user_migrations.csv"), g.migrations(3)},
                    {QStringLiteral("sessions.csv"), g.sessions(events / 10)},
                    {QStringLiteral("events.csv"), g.events(events / 2, &pool)}});
    syncBoth(memory, spill, second, QStringLiteral("second sync"));
    if (QTest::currentTestFailed())
        return;

    // Only events, all seen before: ranges change here and there, or not at all.
    QByteArray repeat = "event_id,user_id,time,event,session_id,path,plan\n";
    for (int i = 0; i < 30; ++i) {
        const QByteArray& row = pool.at(g.pick(int(pool.size())));
        repeat += (g.chance(20) ? g.changed(row) : row) + '\n';
    }
    syncBoth(memory, spill,
             makeFolder(tmp, QStringLiteral("third"), {{QStringLiteral("events.csv"), repeat}}),
             QStringLiteral("third sync"));
    if (QTest::currentTestFailed())
        return;

    // A header and no events: the stored ones stay.
    syncBoth(memory, spill,
             makeFolder(tmp, QStringLiteral("empty"),
                        {{QStringLiteral("events.csv"),
                          "event_id,user_id,time,event,session_id,path,plan\n"}}),
             QStringLiteral("no events"));
    if (QTest::currentTestFailed())
        return;

    // Only merges: the stores are not read from the folder, but their rows move.
    syncBoth(memory, spill,
             makeFolder(tmp, QStringLiteral("fourth"),
                        {{QStringLiteral("user_migrations.csv"), g.migrations(4)}}),
             QStringLiteral("merges only"));
}

// Memory for 2 events: u1's 3 events, then u2's, are ranges of their own. Event 7 is stored
// with u1 and comes again with u2 (other content): it leaves u1's range for u2's.
void TestSpillSync::duplicateMovesToAnotherRange()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side side;
    QString error;
    QVERIFY2(openSide(&side, tmp, QStringLiteral("cache"), &error), qPrintable(error));
    side.options.memoryRows = 2;
    const QByteArray users = "user_id\nu1\nu2\n";
    SyncSummary summary;
    QVERIFY2(syncFiles(side, tmp, QStringLiteral("a"),
                       {{QStringLiteral("users.csv"), users},
                        {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                       "7,u1,100,login\n"
                                                       "8,u1,200,view\n"
                                                       "9,u2,300,login\n"}},
                       &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.eventsInCache, qint64(3));
    QVERIFY(summary.eventsRewritten);
    QVERIFY2(syncFiles(side, tmp, QStringLiteral("b"),
                       {{QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                       "7,u2,150,login\n"}},
                       &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.eventsInCache, qint64(3));
    QVERIFY(summary.eventsRewritten);
    QCOMPARE(storedRows(side.cache, EventChunks::Store::Events),
             QStringList({QStringLiteral("u1|200000|8|view|"), QStringLiteral("u2|150000|7|login|"),
                          QStringLiteral("u2|300000|9|login|")}));
}

// Event 5 arrives with u1, then with u2, then with u1 again exactly as the first time: the
// last copy wins, in u1's range; u2's range drops its copy.
void TestSpillSync::identicalCopyAfterAnotherUsersCopy()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side side;
    QString error;
    QVERIFY2(openSide(&side, tmp, QStringLiteral("cache"), &error), qPrintable(error));
    side.options.memoryRows = 1;
    SyncSummary summary;
    QVERIFY2(syncFiles(side, tmp, QStringLiteral("a"),
                       {{QStringLiteral("events.csv"), "event_id,user_id,time,event,plan\n"
                                                       "5,u1,100,login,gold\n"
                                                       "6,u2,100,login,\n"
                                                       "5,u2,100,login,gold\n"
                                                       "5,u1,100,login,gold\n"}},
                       &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.eventsInCache, qint64(2));
    QCOMPARE(storedRows(side.cache, EventChunks::Store::Events),
             QStringList({QStringLiteral("u1|100000|5|login||plan=gold"),
                          QStringLiteral("u2|100000|6|login|")}));
}

// A second sync of the same big-sync data (with identical duplicates, but none that differ:
// those replace each other again) changes nothing, not even the chunks' rows.
void TestSpillSync::resyncWritesNothing()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side side;
    QString error;
    QVERIFY2(openSide(&side, tmp, QStringLiteral("cache"), &error), qPrintable(error));
    side.options.memoryRows = 10;
    side.options.splitBytes = 1;
    Generator g(99);
    g.changedPercent = 0;
    QList<QByteArray> pool;
    const QString folder = makeFolder(tmp, QStringLiteral("a"),
                                      {{QStringLiteral("users.csv"), g.usersCsv()},
                                       {QStringLiteral("sessions.csv"), g.sessions(100)},
                                       {QStringLiteral("events.csv"), g.events(500, &pool)}});
    SyncSummary summary;
    QVERIFY2(syncExportFolder(side.cache, folder, side.options, nullptr, &summary, &error),
             qPrintable(error));
    QVERIFY(summary.eventsRewritten);
    const Snapshot before = snapshot(side.path);
    const qint64 events = summary.eventsInCache;
    QVERIFY2(syncExportFolder(side.cache, folder, side.options, nullptr, &summary, &error),
             qPrintable(error));
    QVERIFY(!summary.eventsRewritten);
    QCOMPARE(summary.eventsInCache, events);
    QVERIFY(snapshot(side.path) == before);
}

QTEST_GUILESS_MAIN(TestSpillSync)
