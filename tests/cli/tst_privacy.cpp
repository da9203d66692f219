// Privacy (issue 6, item 6): the files that hold e-mail addresses (the cache, its write-ahead
// log, rejects files, exports) are created with mode 0600 whatever the umask (an existing one
// keeps its mode: tst_outputfiles), and the
// warehouse password never reaches the command line, the output, the cache or any file the
// command writes. The warehouse itself is tested in tests/pg; here no server answers.
#include "TestSupport.h"
#include "cache/Cache.h"
#include "sync/ExportSync.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace pulsebook;
using pulsebook::test::readFile;
using pulsebook::test::writeFile;

namespace {

const QByteArray Secret = "secret-xyz";

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the CLI with umask 0, so that a 0600 file cannot be the umask's doing, and with HOME
// and the XDG folders in `home`, so that every file it writes there can be searched.
Run cli(const QStringList& arguments, const QString& home,
        const QProcessEnvironment& extra = QProcessEnvironment())
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    for (const char* xdg : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        env.insert(QLatin1String(xdg), home + QLatin1Char('/') + QLatin1String(xdg));
    env.insert(extra);
    p.setProcessEnvironment(env);
    p.setChildProcessModifier([] { ::umask(0); });
    p.start(QStringLiteral(PULSEBOOK_CLI_PATH), arguments);
    Run r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// The permission bits of a file (-1 when it does not exist).
int mode(const QString& path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

// Files under `dir` whose bytes contain `needle`.
QStringList filesContaining(const QString& dir, const QByteArray& needle)
{
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (readFile(path).contains(needle))
            found.append(path);
    }
    return found;
}

} // namespace

class TestPrivacy : public QObject
{
    Q_OBJECT

private slots:
    void syncFilesAre0600();
    void cacheFilesAre0600InProcess();
    void warehousePasswordNotAnOption_data();
    void warehousePasswordNotAnOption();
    void failedConnectionHidesPassword_data();
    void failedConnectionHidesPassword();
};

void TestPrivacy::syncFilesAre0600()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder = tmp.filePath(QStringLiteral("export"));
    writeFile(folder, QStringLiteral("users.csv"), "user_id,email\nu1,ann@example.test\n");
    writeFile(folder, QStringLiteral("events.csv"),
              "event_id,user_id,time,event\n1,u1,2026-01-05T10:00:00Z,Login\n"
              "2,u1,yesterday,Login\n");
    // The cache and the default rejects file, <cache>.rejects.csv.
    const QString cache = tmp.filePath(QStringLiteral("c.pulsebook"));
    Run r = cli({QStringLiteral("sync"), folder, QStringLiteral("--skip-bad-rows"),
                 QStringLiteral("--cache"), cache},
                tmp.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(mode(cache), 0600);
    QCOMPARE(mode(cache + QStringLiteral(".rejects.csv")), 0600);
    // A rejects file that exists keeps the mode its owner chose (issue 11: never change what
    // we did not create); only its contents are replaced.
    const QString rejects = tmp.filePath(QStringLiteral("rejects.csv"));
    writeFile(tmp.path(), QStringLiteral("rejects.csv"), "old\n");
    QVERIFY(::chmod(QFile::encodeName(rejects).constData(), 0644) == 0);
    r = cli({QStringLiteral("sync"), folder, QStringLiteral("--skip-bad-rows"),
             QStringLiteral("--rejects"), rejects, QStringLiteral("--cache"), cache},
            tmp.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(mode(rejects), 0644);
    QVERIFY(readFile(rejects).startsWith("file,line,reason,record\n"));
    // An export of users (their e-mail addresses).
    const QString out = tmp.filePath(QStringLiteral("members.csv"));
    r = cli({QStringLiteral("segment"), QStringLiteral("--where"), QStringLiteral("did \"Login\""),
             QStringLiteral("--cache"), cache, QStringLiteral("--out"), out},
            tmp.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(readFile(out).contains("ann@example.test"));
    QCOMPARE(mode(out), 0600);
}

void TestPrivacy::cacheFilesAre0600InProcess()
{
    // While a cache is open its write-ahead log and shared-memory index exist too; they hold
    // the same rows until checkpointed.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder = tmp.filePath(QStringLiteral("export"));
    writeFile(folder, QStringLiteral("users.csv"), "user_id,email\nu1,ann@example.test\n");
    const mode_t previous = ::umask(0);
    Cache cache;
    QString error;
    const bool opened = cache.open(tmp.filePath(QStringLiteral("c.pulsebook")), true, &error);
    const bool synced =
        opened && syncExportFolder(cache, folder, SyncOptions(), nullptr, nullptr, &error);
    ::umask(previous);
    QVERIFY2(synced, qPrintable(error));
    for (const char* suffix : {"", "-wal", "-shm"})
        QCOMPARE(mode(cache.path() + QLatin1String(suffix)), 0600);
}

void TestPrivacy::warehousePasswordNotAnOption_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("sync-warehouse") << QStringLiteral("sync-warehouse");
    QTest::newRow("warehouse-test") << QStringLiteral("warehouse-test");
}

void TestPrivacy::warehousePasswordNotAnOption()
{
    // A password on the command line would sit in the shell history and in `ps`.
    QFETCH(QString, command);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    for (const char* option : {"--password", "-W"}) {
        const Run r = cli({command, QLatin1String(option), QString::fromLatin1(Secret),
                           QStringLiteral("--database"), QStringLiteral("db"),
                           QStringLiteral("--user"), QStringLiteral("u")},
                          tmp.path());
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, QStringLiteral("pulsebook-cli %1: Unknown option '%2'.\nTry "
                                       "'pulsebook-cli %1 --help'.\n")
                            .arg(command, QLatin1String(option).mid(option[1] == '-' ? 2 : 1))
                            .toUtf8());
        QVERIFY(!r.out.contains(Secret));
    }
    const Run help = cli({command, QStringLiteral("--help")}, tmp.path());
    QCOMPARE(help.exitCode, 0);
    QVERIFY(!help.out.contains("--password"));
    QVERIFY2(help.out.contains("The password comes from PGPASSWORD or PGPASSFILE."),
             help.out.constData());
}

void TestPrivacy::failedConnectionHidesPassword_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<bool>("passFile"); // PGPASSFILE instead of PGPASSWORD
    QTest::newRow("sync-warehouse, PGPASSWORD") << QStringLiteral("sync-warehouse") << false;
    QTest::newRow("sync-warehouse, PGPASSFILE") << QStringLiteral("sync-warehouse") << true;
    QTest::newRow("warehouse-test, PGPASSWORD") << QStringLiteral("warehouse-test") << false;
}

void TestPrivacy::failedConnectionHidesPassword()
{
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    QFETCH(QString, command);
    QFETCH(bool, passFile);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString home = tmp.filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(home));
    QProcessEnvironment env;
    if (passFile) {
        const QString file = tmp.filePath(QStringLiteral("pgpass"));
        writeFile(tmp.path(), QStringLiteral("pgpass"), "127.0.0.1:1:db:u:" + Secret + "\n");
        QVERIFY(::chmod(QFile::encodeName(file).constData(), 0600) == 0);
        env.insert(QStringLiteral("PGPASSFILE"), file);
    } else {
        env.insert(QStringLiteral("PGPASSWORD"), QString::fromLatin1(Secret));
    }
    const QString cache = home + QStringLiteral("/c.pulsebook");
    QStringList arguments{command,
                          QStringLiteral("--host"),
                          QStringLiteral("127.0.0.1"),
                          QStringLiteral("--port"),
                          QStringLiteral("1"),
                          QStringLiteral("--database"),
                          QStringLiteral("db"),
                          QStringLiteral("--user"),
                          QStringLiteral("u")};
    if (command == QLatin1String("sync-warehouse"))
        arguments += {QStringLiteral("--cache"), cache};
    const Run r = cli(arguments, home, env);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    const QByteArray prefix = "pulsebook-cli " + command.toUtf8() +
                              ": u@127.0.0.1:1/db: no server answers (check the host and port, "
                              "and that the server accepts TCP connections): ";
    QVERIFY2(r.err.startsWith(prefix), r.err.constData());
    QVERIFY2(r.err.contains("Connection refused"), r.err.constData());
    if (command == QLatin1String("sync-warehouse"))
        QVERIFY2(r.err.endsWith("\nThe cache is unchanged.\n"), r.err.constData());
    QVERIFY2(!r.err.contains(Secret), r.err.constData());
    // Nothing the command wrote holds it: settings, logs under HOME and XDG. A failed first
    // sync leaves no cache behind (issue 11).
    if (command == QLatin1String("sync-warehouse"))
        QVERIFY(!QFileInfo::exists(cache));
    const QStringList leaks = filesContaining(home, Secret);
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char(' '))));
}

QTEST_GUILESS_MAIN(TestPrivacy)
#include "tst_privacy.moc"
