// pulsebook-cli as a user runs it: help, exit codes (0 ok, 1 bad input, 2 usage), sync output,
// info as text and JSON.
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace pulsebook;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run cli(const QStringList& arguments)
{
    QProcess p;
    p.start(QStringLiteral(PULSEBOOK_CLI_PATH), arguments);
    Run r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

void writeExport(const QString& dir)
{
    test::writeFile(dir, QStringLiteral("users.csv"),
                    "user_id,email\n"
                    "u1,ann@example.com\n"
                    "u2,bob@example.com\n");
    test::writeFile(dir, QStringLiteral("events.csv"),
                    "event_id,user_id,time,event\n"
                    "1,u1,2026-10-30T10:00:00Z,Login\n"
                    "2,u2,2026-10-31 09:00:00,Login\n"
                    "3,u3,1793491199,Run Query\n");
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void usageAndHelp()
    {
        Run r = cli({});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.startsWith(QStringLiteral("Usage: pulsebook-cli <command> [options]")));
        r = cli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char* command : {"sync", "info", "demo"})
            QVERIFY2(r.out.contains(QStringLiteral("  %1").arg(QLatin1String(command))), command);
        r = cli({QStringLiteral("sync"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("--skip-bad-rows")));
        QVERIFY(r.out.contains(QStringLiteral("--rejects <FILE>")));
        r = cli({QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.startsWith(QStringLiteral("pulsebook-cli: unknown command 'frobnicate'")));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("sync without folder")
            << QStringList{QStringLiteral("sync"), QStringLiteral("--cache"), QStringLiteral("x")}
            << QStringLiteral("pulsebook-cli sync: give exactly one export folder");
        QTest::newRow("sync two folders")
            << QStringList{QStringLiteral("sync"), QStringLiteral("a"), QStringLiteral("b")}
            << QStringLiteral("pulsebook-cli sync: give exactly "
                              "one export folder");
        QTest::newRow("rejects without skip")
            << QStringList{QStringLiteral("sync"), QStringLiteral("a"), QStringLiteral("--rejects"),
                           QStringLiteral("r.csv")}
            << QStringLiteral("pulsebook-cli sync: --rejects needs --skip-bad-rows");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("sync"), QStringLiteral("a"), QStringLiteral("--fast")}
            << QStringLiteral("pulsebook-cli sync: Unknown option 'fast'.");
        QTest::newRow("demo without out")
            << QStringList{QStringLiteral("demo")}
            << QStringLiteral("pulsebook-cli demo: --out DIR is required");
        QTest::newRow("demo zero users")
            << QStringList{QStringLiteral("demo"), QStringLiteral("--out"), QStringLiteral("d"),
                           QStringLiteral("--users"), QStringLiteral("0")}
            << QStringLiteral("pulsebook-cli demo: --users must be a whole number from 1 to "
                              "100000000");
        QTest::newRow("info bad format")
            << QStringList{QStringLiteral("info"), QStringLiteral("--format"),
                           QStringLiteral("xml")}
            << QStringLiteral("pulsebook-cli info: --format must be table or json");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run r = cli(arguments);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.section(QLatin1Char('\n'), 0, 0), message);
    }

    void syncAndInfo()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("export"));
        writeExport(folder);
        const QString cache = dir.filePath(QStringLiteral("c.pulsebook"));
        Run r = cli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("\nevents                        3            3"
                                               "          0\n")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("Users first seen outside users.csv: 1\n")));
        QVERIFY(r.out.contains(QStringLiteral("Events in the cache: 3\n")));

        r = cli({QStringLiteral("info"), QStringLiteral("--cache"), cache,
                 QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject info = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject rows = info.value(QStringLiteral("rows")).toObject();
        QCOMPARE(rows.value(QStringLiteral("events")).toInt(), 3);
        QCOMPARE(rows.value(QStringLiteral("users")).toInt(), 3);
        QCOMPARE(rows.value(QStringLiteral("sessions")).toInt(), 0);
        // The latest event is 2026-10-31T23:59:59Z (epoch 1793491199): as of Nov 1, midnight.
        QCOMPARE(info.value(QStringLiteral("as_of")).toString(),
                 QStringLiteral("2026-11-01T00:00:00.000Z"));
        QCOMPARE(info.value(QStringLiteral("schema_version")).toInt(), 3);
        QCOMPARE(info.value(QStringLiteral("sync_log")).toArray().size(), 1);

        r = cli({QStringLiteral("info"), QStringLiteral("--cache"), cache});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("Data as of: 2026-11-01T00:00:00.000Z\n")));
        QVERIFY(r.out.contains(QStringLiteral("  events                        3\n")));
    }

    void tooManyEventTypes()
    {
        // Event types are stored in two bytes: the 65,536th distinct name (data row 65,536,
        // line 65,537) stops the sync, even with --skip-bad-rows, and nothing lands. The event
        // name starts at column 1 + "65536,u1,2026-10-01T00:00:00Z," = column 31.
        QTemporaryDir dir;
        QByteArray csv = "event_id,user_id,time,event\n";
        for (int i = 1; i <= 65536; ++i)
            csv +=
                QByteArray::number(i) + ",u1,2026-10-01T00:00:00Z,E" + QByteArray::number(i) + '\n';
        const QString folder = dir.filePath(QStringLiteral("many"));
        test::writeFile(folder, QStringLiteral("events.csv"), csv);
        const QString cache = dir.filePath(QStringLiteral("c.pulsebook"));
        for (const bool skip : {false, true}) {
            QStringList args{QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache};
            if (skip)
                args.append(QStringLiteral("--skip-bad-rows"));
            const Run r = cli(args);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.endsWith(QStringLiteral("%1/events.csv:65537:31: more than 65,535 "
                                                   "distinct event names\nThe cache is "
                                                   "unchanged.\n")
                                        .arg(folder)),
                     qPrintable(r.err));
        }
        QCOMPARE(test::snapshot(cache).value(QStringLiteral("event_chunks")).rows, 0);
    }

    void badInputExitsOneAndChangesNothing()
    {
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("good"));
        writeExport(good);
        const QString cache = dir.filePath(QStringLiteral("c.pulsebook"));
        QCOMPARE(cli({QStringLiteral("sync"), good, QStringLiteral("--cache"), cache}).exitCode, 0);
        const auto before = test::snapshot(cache);
        const QString bad = dir.filePath(QStringLiteral("bad"));
        test::writeFile(bad, QStringLiteral("events.csv"),
                        "event_id,user_id,time,event\n"
                        "7,u1,2026-10-30T10:00:00Z,Login\n"
                        "8,u1,2026-13-01,Login\n");
        const Run r = cli({QStringLiteral("sync"), bad, QStringLiteral("--cache"), cache});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.endsWith(QStringLiteral("%1/events.csv:3:6: column \"time\": "
                                               "\"2026-13-01\": no such date\nThe cache is "
                                               "unchanged.\n")
                                    .arg(bad)),
                 qPrintable(r.err));
        QCOMPARE(test::snapshot(cache), before);

        const Run missing = cli({QStringLiteral("info"), QStringLiteral("--cache"),
                                 dir.filePath(QStringLiteral("nope.pulsebook"))});
        QCOMPARE(missing.exitCode, 1);
        QCOMPARE(missing.err, QStringLiteral("pulsebook-cli info: %1: no such cache\n")
                                  .arg(dir.filePath(QStringLiteral("nope.pulsebook"))));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
