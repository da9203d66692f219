// Caches and disks: damaged schema versions, files that are not caches, read-only folders and
// the -wal/-shm files a read leaves. Full disks, racing first syncs, "in" lists:
// tst_cachesdisks_disks.cpp (one binary).
#include "tst_cachesdisks.h"

void TestCachesDisks::unknownSchemaVersions_data()
{
    QTest::addColumn<QVariant>("version");
    QTest::addColumn<QString>("problem");
    const QString damaged = QStringLiteral("damaged: schema version %1 is none that Pulsebook "
                                           "knows (1 to 3); the file is left unchanged");
    QTest::newRow("-100000") << QVariant(qint64(-100000)) << damaged.arg(-100000);
    QTest::newRow("-1") << QVariant(qint64(-1)) << damaged.arg(-1);
    QTest::newRow("2^31+2") << QVariant(qint64(2147483650)) << damaged.arg(2147483650LL);
    QTest::newRow("text") << QVariant(QStringLiteral("two")) << damaged.arg(QStringLiteral("two"));
    QTest::newRow("4") << QVariant(qint64(4))
                       << QStringLiteral("made by a newer Pulsebook (schema 4; this one reads up "
                                         "to 3)");
}

void TestCachesDisks::unknownSchemaVersions()
{
    QFETCH(QVariant, version);
    QFETCH(QString, problem);
    const QString path =
        m_dir.filePath(QStringLiteral("version-%1.pb").arg(QLatin1String(QTest::currentDataTag())));
    QString error;
    QVERIFY2(makeCache(path, smallExport(m_dir.path()), &error), qPrintable(error));
    {
        Database db;
        QVERIFY(db.open(path, false, &error));
        Statement s = db.prepare("UPDATE schema_version SET version = ?", &error);
        if (version.typeId() == QMetaType::LongLong)
            s.bind(1, version.toLongLong());
        else
            s.bind(1, version.toString());
        QVERIFY2(s.run(&error), qPrintable(error));
    }
    QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
    const QByteArray before = sha256(path);
    const QString message = path + QStringLiteral(": ") + problem;

    const QList<QStringList> commands = {
        {QStringLiteral("info"), QStringLiteral("--cache"), path},
        {QStringLiteral("sync"), QStringLiteral("--cache"), path, smallExport(m_dir.path())},
        {QStringLiteral("segment"), QStringLiteral("--cache"), path, QStringLiteral("--where"),
         QStringLiteral("email is set"), QStringLiteral("--count")},
        {QStringLiteral("workspace"), QStringLiteral("--cache"), path, QStringLiteral("import"),
         m_dir.filePath(QStringLiteral("none.json"))},
    };
    for (const QStringList& arguments : commands) {
        const test::CliRun r = runCli(arguments);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(QString::fromUtf8(r.err),
                 QStringLiteral("pulsebook-cli %1: %2\n").arg(arguments.front(), message));
        QCOMPARE(sha256(path), before);
        // A read may leave an empty -wal; never one holding pages.
        QVERIFY(ownerOf(path + QStringLiteral("-wal")).size <= 0);
    }
    Cache cache;
    QVERIFY(!cache.open(path, true, &error));
    QCOMPARE(error, message);
    QVERIFY(!cache.openForReading(path, &error));
    QCOMPARE(error, message);
    QCOMPARE(sha256(path), before);
}

void TestCachesDisks::readCommandsRefuseNonCaches_data()
{
    QTest::addColumn<QByteArray>("content"); // "missing": no file; "sqlite": a foreign database
    QTest::addColumn<QString>("problem");
    QTest::newRow("empty") << QByteArray()
                           << QStringLiteral("not a Pulsebook cache (the file is "
                                             "empty)");
    QTest::newRow("text") << QByteArray("name,email\nann,ann@example.test\n")
                          << QStringLiteral("not a Pulsebook cache (file is not a database)");
    QTest::newRow("foreign sqlite")
        << QByteArray("sqlite")
        << QStringLiteral("not a Pulsebook cache (an SQLite database without Pulsebook's "
                          "schema_version table)");
    QTest::newRow("missing") << QByteArray("missing") << QStringLiteral("no such cache");
}

void TestCachesDisks::readCommandsRefuseNonCaches()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, problem);
    const QString dir =
        m_dir.filePath(QStringLiteral("noncache-%1").arg(QLatin1String(QTest::currentDataTag())));
    QVERIFY(QDir().mkpath(dir));
    const QString path = dir + QStringLiteral("/workspace.pb");
    if (content == "sqlite") {
        Database db;
        QString error;
        QVERIFY(db.open(path, true, &error));
        QVERIFY(db.exec("CREATE TABLE contacts(name TEXT, email TEXT)", &error));
    } else if (content != "missing") {
        test::writeFile(dir, QStringLiteral("workspace.pb"), content);
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner |
                                                QFile::ReadGroup | QFile::ReadOther));
    }
    const QStringList filesBefore = QDir(dir).entryList(QDir::Files);
    const QByteArray before = sha256(path);
    const Owner ownerBefore = ownerOf(path);
    const QList<QStringList> reads = {
        {QStringLiteral("info"), QStringLiteral("--cache"), path},
        {QStringLiteral("info"), QStringLiteral("--cache"), path, QStringLiteral("--format"),
         QStringLiteral("json")},
        {QStringLiteral("workspace"), QStringLiteral("--cache"), path, QStringLiteral("export"),
         QStringLiteral("-")},
        {QStringLiteral("segment"), QStringLiteral("--cache"), path, QStringLiteral("--where"),
         QStringLiteral("email is set"), QStringLiteral("--count")},
        {QStringLiteral("rollup"), QStringLiteral("--cache"), path},
    };
    for (const QStringList& arguments : reads) {
        const test::CliRun r = runCli(arguments);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(
            QString::fromUtf8(r.err),
            QStringLiteral("pulsebook-cli %1: %2: %3\n").arg(arguments.front(), path, problem));
        QVERIFY(r.out.isEmpty());
        // Never written, never created, no -wal or -shm beside it, its mode kept.
        QCOMPARE(QDir(dir).entryList(QDir::Files), filesBefore);
        QCOMPARE(sha256(path), before);
        QCOMPARE(ownerOf(path).mode, ownerBefore.mode);
    }
    // A sync refuses a foreign file too (and leaves it as it was); an empty or missing file
    // becomes a cache.
    const test::CliRun sync = runCli(
        {QStringLiteral("sync"), QStringLiteral("--cache"), path, smallExport(m_dir.path())});
    if (content == "sqlite" || (!content.isEmpty() && content != "missing")) {
        QCOMPARE(sync.exitCode, 1);
        QCOMPARE(QString::fromUtf8(sync.err),
                 QStringLiteral("pulsebook-cli sync: %1: %2\n").arg(path, problem));
        QCOMPARE(sha256(path), before);
    } else {
        QCOMPARE(sync.exitCode, 0);
        const test::CliRun info = runCli({QStringLiteral("info"), QStringLiteral("--cache"), path,
                                          QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(info.exitCode, 0);
        const QJsonObject rows =
            QJsonDocument::fromJson(info.out).object().value(QStringLiteral("rows")).toObject();
        QCOMPARE(rows.value(QStringLiteral("users")).toInt(), 2);
        QCOMPARE(rows.value(QStringLiteral("events")).toInt(), 2);
    }
}

void TestCachesDisks::readOnlyFolder()
{
    const QString dir = m_dir.filePath(QStringLiteral("rofolder"));
    const QString view = m_dir.filePath(QStringLiteral("roview"));
    QVERIFY(QDir().mkpath(dir) && QDir().mkpath(view));
    QString error;
    QVERIFY2(makeCache(dir + QStringLiteral("/cache.pb"), smallExport(m_dir.path()), &error),
             qPrintable(error));
    const QByteArray before = sha256(dir + QStringLiteral("/cache.pb"));
    Mount bind(dir, view, nullptr, MS_BIND, {});
    if (!bind.ok())
        QSKIP(qPrintable(QStringLiteral("a read-only bind mount: ") + bind.error));
    if (::mount(nullptr, QFile::encodeName(view).constData(), nullptr,
                MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0)
        QSKIP("cannot remount the bind mount read-only");
    const QString cache = view + QStringLiteral("/cache.pb");
    // Even root cannot create a file here.
    QVERIFY(!QFile(view + QStringLiteral("/probe")).open(QIODevice::WriteOnly));

    const test::CliRun info = runCli({QStringLiteral("info"), QStringLiteral("--cache"), cache,
                                      QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(info.exitCode, 0);
    QVERIFY2(info.err.isEmpty(), info.err.constData());
    const QJsonObject rows =
        QJsonDocument::fromJson(info.out).object().value(QStringLiteral("rows")).toObject();
    QCOMPARE(rows.value(QStringLiteral("users")).toInt(), 2);
    QCOMPARE(rows.value(QStringLiteral("events")).toInt(), 2);
    const test::CliRun count = runCli(
        {QStringLiteral("segment"), QStringLiteral("--cache"), cache, QStringLiteral("--where"),
         QStringLiteral("email = \"ANN@example.test\""), QStringLiteral("--count")});
    QCOMPARE(count.exitCode, 0);
    QCOMPARE(count.out, QByteArray("users\n    1\n"));
    const test::CliRun exported = runCli({QStringLiteral("workspace"), QStringLiteral("--cache"),
                                          cache, QStringLiteral("export"), QStringLiteral("-")});
    QCOMPARE(exported.exitCode, 0);
    QVERIFY(QJsonDocument::fromJson(exported.out).isObject());
    // A sync cannot write here, says why, and changes nothing.
    const test::CliRun sync = runCli(
        {QStringLiteral("sync"), QStringLiteral("--cache"), cache, smallExport(m_dir.path())});
    QCOMPARE(sync.exitCode, 1);
    QCOMPARE(messages(sync.err),
             QStringLiteral("pulsebook-cli sync: %1: cannot write to its folder: Read-only file "
                            "system\n")
                 .arg(cache));
    QCOMPARE(QDir(dir).entryList(QDir::Files), QStringList{QStringLiteral("cache.pb")});
    QCOMPARE(sha256(dir + QStringLiteral("/cache.pb")), before);
}

void TestCachesDisks::readsLeaveFilesTheOwnerCanUse()
{
    if (::geteuid() != 0)
        QSKIP("needs root: runs pulsebook-cli as the users nobody and daemon");
    const uid_t nobody = uidOf("nobody");
    const uid_t daemon = uidOf("daemon");
    if (nobody == uid_t(-1) || daemon == uid_t(-1))
        QSKIP("needs the users nobody and daemon");
    // The temporary folder is root's 0700: open it to the other users.
    QVERIFY(QFile::setPermissions(m_dir.path(), QFile::permissions(m_dir.path()) | QFile::ExeOther |
                                                    QFile::ReadOther));
    const QString dir = m_dir.filePath(QStringLiteral("owned"));
    QVERIFY(QDir().mkpath(dir));
    QCOMPARE(::chown(QFile::encodeName(dir).constData(), nobody, gid_t(-1)), 0);
    const QString exportDir = smallExport(m_dir.path());
    const QString cache = dir + QStringLiteral("/cache.pb");
    const auto syncAsOwner = [&] {
        return runCli({QStringLiteral("sync"), QStringLiteral("--cache"), cache, exportDir},
                      asUser(QStringLiteral("nobody")));
    };
    test::CliRun r = syncAsOwner();
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(ownerOf(cache).uid, nobody);
    QCOMPARE(ownerOf(cache).mode, mode_t(0600));

    // Root reads: any -wal and -shm it leaves are the owner's, with the cache's mode.
    r = runCli({QStringLiteral("info"), QStringLiteral("--cache"), cache});
    QCOMPARE(r.exitCode, 0);
    for (const char* suffix : {"-wal", "-shm"}) {
        const Owner o = ownerOf(cache + QLatin1String(suffix));
        if (o.size >= 0) {
            QCOMPARE(o.uid, nobody);
            QCOMPARE(o.mode, mode_t(0600));
        }
    }
    r = syncAsOwner();
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!QFileInfo::exists(cache + QStringLiteral("-wal"))); // the owner's sync removed them

    // Another user who may read the cache and write the folder leaves nothing of its own.
    QVERIFY(QFile::setPermissions(cache, QFile::permissions(cache) | QFile::ReadOther));
    QVERIFY(QFile::setPermissions(dir, QFile::permissions(dir) | QFile::ReadOther |
                                           QFile::WriteOther | QFile::ExeOther));
    r = runCli({QStringLiteral("info"), QStringLiteral("--cache"), cache,
                QStringLiteral("--format"), QStringLiteral("json")},
               asUser(QStringLiteral("daemon")));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(
        QJsonDocument::fromJson(r.out).object().value(QStringLiteral("sync_log")).toArray().size(),
        2);
    QCOMPARE(QDir(dir).entryList(QDir::Files), QStringList{QStringLiteral("cache.pb")});
    r = syncAsOwner();
    QCOMPARE(r.exitCode, 0);
    Cache c;
    QString error;
    QVERIFY2(c.openForReading(cache, &error), qPrintable(error));
    QCOMPARE(c.syncLog().size(), 3);
}

QTEST_GUILESS_MAIN(TestCachesDisks)
