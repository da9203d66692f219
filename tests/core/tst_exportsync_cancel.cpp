// syncExportFolder: the cache file's mode, cancels at every stage, empty and header-only events.
#include "tst_exportsync.h"

void TestExportSync::cacheFileMode()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    const QString path = tmp.filePath(QStringLiteral("cache.pulsebook"));
    QCOMPARE(modeBits(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    QCOMPARE(modeBits(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // The write-ahead log holds the same e-mail addresses until it is checkpointed.
    const QString wal = path + QStringLiteral("-wal");
    QVERIFY(QFileInfo::exists(wal));
    QCOMPARE(modeBits(wal), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void TestExportSync::cancelAfterFirstUpdate()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path(), false);

    // The whole export again with one more event: update() says "stop" from its second call on.
    Files changed = mainExport();
    changed[5].second += "14,u3,2024-03-03T12:05:00Z,logout,,\n";
    StoppingProgress progress(2);
    SyncSummary summary;
    const Status status =
        syncExportFolder(cache, makeFolder(tmp, QStringLiteral("update"), changed), SyncOptions(),
                         &progress, &summary, &error);
    QCOMPARE(status.outcome(), Outcome::Cancelled);
    QVERIFY(status.error().isEmpty());
    QVERIFY(error.isEmpty());        // a cancel is an outcome, not an error text
    QCOMPARE(progress.updates(), 2); // nothing went on after the "stop"
    QCOMPARE(progress.stages().first(), QStringLiteral("Reading team.csv"));
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
    QCOMPARE(storedEvents(cache), mainEvents());
}

void TestExportSync::cancelWhileWritingEvents()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path(), false);

    // A new event makes the sync rewrite the event chunks: stop inside that write.
    const QString update =
        makeFolder(tmp, QStringLiteral("update"),
                   {{QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                   "14,u3,2024-03-03T12:05:00Z,logout\n"}});
    StoppingProgress progress(0, QStringLiteral("Writing events"));
    SyncSummary summary;
    const Status status =
        syncExportFolder(cache, update, SyncOptions(), &progress, &summary, &error);
    QCOMPARE(status.outcome(), Outcome::Cancelled);
    QVERIFY(error.isEmpty());
    QCOMPARE(progress.stages().last(), QStringLiteral("Writing events"));
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
    QCOMPARE(storedEvents(cache), mainEvents());
}

void TestExportSync::cancelBetweenFiles()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path(), false);

    // No events: the only updates are the ends of team.csv (1) and accounts.csv (2, "stop").
    const QString update = makeFolder(
        tmp, QStringLiteral("update"),
        {{QStringLiteral("team.csv"), "person,role,manager\nZed Zane,CSM,Mia Moss\n"},
         {QStringLiteral("accounts.csv"), "account_id,name,csm\nA4,Initech,Zed Zane\n"}});
    StoppingProgress progress(2);
    const Status status =
        syncExportFolder(cache, update, SyncOptions(), &progress, nullptr, &error);
    QCOMPARE(status.outcome(), Outcome::Cancelled);
    QVERIFY(error.isEmpty());
    QCOMPARE(progress.updates(), 2);
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
}

void TestExportSync::cancelledProgressAndFailureAreOutcomes()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path(), false);
    Files changed = mainExport();
    changed[5].second += "14,u3,2024-03-03T12:05:00Z,logout,,\n";
    const QString update = makeFolder(tmp, QStringLiteral("update"), changed);

    // Cancelled as the GUI does it (Progress::cancel(), here before the sync starts).
    Progress cancelled;
    cancelled.cancel();
    const Status stopped =
        syncExportFolder(cache, update, SyncOptions(), &cancelled, nullptr, &error);
    QVERIFY(!stopped);
    QVERIFY(stopped.isCancelled());
    QVERIFY(!stopped.isFailed());
    QVERIFY(error.isEmpty());
    Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));

    // A failure whose text is "cancelled" (a file of that name that is not there) is a
    // failure: the outcome, not the text, says what happened.
    const Status failed = syncExportFolder(cache, tmp.filePath(QStringLiteral("cancelled")),
                                           SyncOptions(), nullptr, nullptr, &error);
    QCOMPARE(failed.outcome(), Outcome::Failed);
    QCOMPARE(failed.error(), error);
    QVERIFY(failed.error().startsWith(tmp.filePath(QStringLiteral("cancelled"))));
    after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));

    // And the same sync, not cancelled, is done.
    const Status done = syncExportFolder(cache, update, SyncOptions(), nullptr, nullptr, &error);
    QCOMPARE(done.outcome(), Outcome::Done);
}

void TestExportSync::emptyEventsFile()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    QString error;
    QVERIFY2(syncExportFolder(cache, makeFolder(tmp, QStringLiteral("export"), mainExport()),
                              SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    const Snapshot before = snapshot(cache.path(), false);
    const QString folder =
        makeFolder(tmp, QStringLiteral("empty"), {{QStringLiteral("events.csv"), QByteArray()}});
    QVERIFY(!syncExportFolder(cache, folder, SyncOptions(), nullptr, nullptr, &error));
    QCOMPARE(error, folder + QStringLiteral("/events.csv:1:1: empty file (expected a header row)"));
    const Snapshot after = snapshot(cache.path(), false);
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
}

void TestExportSync::headerOnlyEventsFile()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Cache cache;
    QVERIFY(openCache(&cache, tmp));
    const QString folder =
        makeFolder(tmp, QStringLiteral("export"),
                   {{QStringLiteral("events.csv"), "\xEF\xBB\xBF"
                                                   "event_id,user_id,time,event\r\n"}});
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(tablesText(summary), QStringLiteral("events:0/0/0"));
    QCOMPARE(summary.eventsInCache, qint64(0));
    QCOMPARE(summary.createdUsers, qint64(0));
    QCOMPARE(rowCountText(cache),
             QStringLiteral("team=0 accounts=0 users=0 sessions=0 events=0 campaign_touches=0 "
                            "user_migrations=0"));
    QCOMPARE(cache.syncLog().size(), 1);
}
