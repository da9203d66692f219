// A spilling sync: merges that move stored rows, unchanged chunks kept, a cancel leaving the
// cache as it was.
#include "tst_spillsync.h"

// u3 merges into u1 after u3's events are stored: they move to u1's range (an earlier one).
void TestSpillSync::mergeMovesStoredRowsToAnotherRange()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side side;
    QString error;
    QVERIFY2(openSide(&side, tmp, QStringLiteral("cache"), &error), qPrintable(error));
    side.options.memoryRows = 2;
    SyncSummary summary;
    QVERIFY2(syncFiles(side, tmp, QStringLiteral("a"),
                       {{QStringLiteral("users.csv"), "user_id\nu1\nu2\nu3\n"},
                        {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                       "1,u1,100,login\n"
                                                       "2,u2,100,login\n"
                                                       "3,u3,50,login\n"
                                                       "4,u3,300,view\n"}},
                       &summary, &error),
             qPrintable(error));
    QVERIFY2(
        syncFiles(side, tmp, QStringLiteral("b"),
                  {{QStringLiteral("user_migrations.csv"), "from_user_id,to_user_id\nu3,u1\n"}},
                  &summary, &error),
        qPrintable(error));
    QVERIFY(summary.eventsRewritten);
    QCOMPARE(summary.eventsInCache, qint64(4));
    QCOMPARE(
        storedRows(side.cache, EventChunks::Store::Events),
        QStringList({QStringLiteral("u1|50000|3|login|"), QStringLiteral("u1|100000|1|login|"),
                     QStringLiteral("u1|300000|4|view|"), QStringLiteral("u2|100000|2|login|")}));
}

// u1 merges into u3 after u1's event is stored: it moves to the last range, after u2's range,
// which keeps its stored rows as they were (the first chunk must be rewritten all the same).
void TestSpillSync::mergeMovesStoredRowsToALaterRange()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side side;
    QString error;
    QVERIFY2(openSide(&side, tmp, QStringLiteral("cache"), &error), qPrintable(error));
    side.options.memoryRows = 2;
    SyncSummary summary;
    QVERIFY2(syncFiles(side, tmp, QStringLiteral("a"),
                       {{QStringLiteral("users.csv"), "user_id\nu1\nu2\nu3\n"},
                        {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                       "1,u1,100,login\n"
                                                       "2,u2,100,login\n"
                                                       "3,u3,50,login\n"}},
                       &summary, &error),
             qPrintable(error));
    QVERIFY2(
        syncFiles(side, tmp, QStringLiteral("b"),
                  {{QStringLiteral("user_migrations.csv"), "from_user_id,to_user_id\nu1,u3\n"}},
                  &summary, &error),
        qPrintable(error));
    QVERIFY(summary.eventsRewritten);
    QCOMPARE(summary.eventsInCache, qint64(3));
    QCOMPARE(storedRows(side.cache, EventChunks::Store::Events),
             QStringList({QStringLiteral("u2|100000|2|login|"), QStringLiteral("u3|50000|3|login|"),
                          QStringLiteral("u3|100000|1|login|")}));
}

// Over 65,536 stored events, a sync that only adds events of the last users keeps the first
// chunks as they were (they hold the ranges before the first change) and rewrites the rest.
void TestSpillSync::keepsUnchangedChunks()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Side memory, spill;
    QString error;
    QVERIFY2(openSide(&memory, tmp, QStringLiteral("memory.cache"), &error), qPrintable(error));
    QVERIFY2(openSide(&spill, tmp, QStringLiteral("spill.cache"), &error), qPrintable(error));
    spill.options.memoryRows = 30000;
    spill.options.splitBytes = 1;
    // u1..u200, 1,000 events each, in time order (users interleaved), with properties.
    QByteArray events = "event_id,user_id,time,event,plan\n";
    for (int i = 0; i < 200000; ++i)
        events += QByteArray::number(i + 1) + ",u" + QByteArray::number(1 + i % 200) + ',' +
                  QByteArray::number(1700000000 + i) + (i % 3 ? ",view," : ",login,p") +
                  QByteArray::number(i % 7) + '\n';
    QByteArray users = "user_id\n";
    for (int u = 1; u <= 200; ++u)
        users += "u" + QByteArray::number(u) + '\n';
    syncBoth(
        memory, spill,
        makeFolder(tmp, QStringLiteral("a"),
                   {{QStringLiteral("users.csv"), users}, {QStringLiteral("events.csv"), events}}),
        QStringLiteral("first sync"));
    if (QTest::currentTestFailed())
        return;
    const auto firstChunk = [](Cache& cache) {
        Statement s = cache.db().prepare("SELECT data FROM event_chunks WHERE chunk = 1", nullptr);
        return s.step() ? QByteArray(s.blobView(0).data(), qsizetype(s.blobView(0).size()))
                        : QByteArray();
    };
    const QByteArray chunkBefore = firstChunk(spill.cache);
    QVERIFY(!chunkBefore.isEmpty());
    // New events of u199 and u200, and one old event of u200 again, unchanged.
    QByteArray more = "event_id,user_id,time,event,plan\n"
                      "200000,u200,1700199999,view,p5\n";
    for (int i = 0; i < 50; ++i)
        more += QByteArray::number(300000 + i) + ",u" + QByteArray::number(199 + i % 2) + ',' +
                QByteArray::number(1700300000 + i) + ",share,\n";
    syncBoth(memory, spill,
             makeFolder(tmp, QStringLiteral("b"), {{QStringLiteral("events.csv"), more}}),
             QStringLiteral("second sync"));
    QCOMPARE(firstChunk(spill.cache), chunkBefore);
    QCOMPARE(EventChunks::count(spill.cache.db(), EventChunks::Store::Events), qint64(200050));
}

void TestSpillSync::cancelLeavesCacheAsItWas_data()
{
    QTest::addColumn<QString>("stage");
    QTest::newRow("reading") << QStringLiteral("Reading events.csv");
    QTest::newRow("writing") << QStringLiteral("Writing events");
}

// A spilling sync stopped while it reads or writes events: the cache is as it was, and no
// temporary file is left in its folder.
void TestSpillSync::cancelLeavesCacheAsItWas()
{
    QFETCH(QString, stage);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(QDir(tmp.path()).mkdir(QStringLiteral("cache")));
    Side side;
    QString error;
    QVERIFY2(openSide(&side, tmp, QStringLiteral("cache/cache.sqlite"), &error), qPrintable(error));
    side.options.memoryRows = 100;
    side.options.splitBytes = 1;
    Generator g(7);
    QList<QByteArray> pool;
    QVERIFY2(syncExportFolder(side.cache,
                              makeFolder(tmp, QStringLiteral("a"),
                                         {{QStringLiteral("users.csv"), g.usersCsv()},
                                          {QStringLiteral("events.csv"), g.events(40000, &pool)}}),
                              side.options, nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(side.path, false);
    const QStringList files = QDir(tmp.filePath(QStringLiteral("cache"))).entryList(QDir::Files);
    StoppingProgress progress(stage);
    const Status status =
        syncExportFolder(side.cache,
                         makeFolder(tmp, QStringLiteral("b"),
                                    {{QStringLiteral("events.csv"), g.events(40000, &pool)}}),
                         side.options, &progress, nullptr, &error);
    QCOMPARE(status.outcome(), Outcome::Cancelled);
    QCOMPARE(progress.stages().last(), stage);
    QVERIFY(snapshot(side.path, false) == before);
    QCOMPARE(QDir(tmp.filePath(QStringLiteral("cache"))).entryList(QDir::Files), files);
}
