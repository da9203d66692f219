// pulsebook-cli segment and workspace as a user runs them: output formats, --out with formula
// neutralisation and the sidecar, the workspace filter, exit codes (0 ok, 1 bad input or
// cache, 2 usage), and import/export of the workspace definitions. Member lists are worked
// out by hand from the export below.
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

// E-mails and an account name that a spreadsheet would run as formulas; u6 appears only in
// events.csv. The latest event is 2026-10-31T23:59:59Z, so as_of is 2026-11-01 and the
// 30-day window is [2026-10-02, 2026-11-01).
void writeExport(const QString& dir)
{
    test::writeFile(dir, QStringLiteral("users.csv"),
                    "user_id,email,account_id,role\n"
                    "u1,=cmd@evil.example,A1,admin\n"
                    "u2,+bob@acme.example,A1,viewer\n"
                    "u3,-cy@globex.example,A2,admin\n"
                    "u4,@dee@initech.example,A3,viewer\n"
                    "u5,eve@example.com,,\n");
    test::writeFile(dir, QStringLiteral("accounts.csv"),
                    "account_id,name,csm\n"
                    "A1,\"=SUM(1,2)\",Maya Patel\n"
                    "A2,Globex,@Li Wei\n"
                    "A3,Initech,Maya Patel\n");
    test::writeFile(dir, QStringLiteral("events.csv"),
                    "event_id,user_id,time,event\n"
                    "1,u1,2026-10-30T10:00:00Z,Login\n"
                    "2,u2,2026-10-31T09:00:00Z,Login\n"
                    "3,u3,2026-09-01T10:00:00Z,Login\n"
                    "4,u4,2026-10-15T10:00:00Z,Run Query\n"
                    "5,u6,2026-10-31T23:59:59Z,Login\n");
}

// A workspace that fits the export (an import is checked against the data).
const QByteArray FittingWorkspace = R"({
    "version": 1,
    "kpi_events": ["Login", "Run Query"],
    "onboarding_steps": ["Login"],
    "segments": {"Admins": {"property": "role", "op": "=", "value": "admin"}},
    "campaigns": {"key_event": "Login", "low_wau_threshold": 2}
})";

} // namespace

class TestAnalysisCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_cache;

    QStringList segment(const QStringList& more) const
    {
        return QStringList{QStringLiteral("segment"), QStringLiteral("--cache"), m_cache} + more;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString folder = m_dir.filePath(QStringLiteral("export"));
        writeExport(folder);
        m_cache = m_dir.filePath(QStringLiteral("c.pulsebook"));
        const Run r = cli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), m_cache});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        test::writeFile(m_dir.path(), QStringLiteral("fitting.json"), FittingWorkspace);
    }

    void tableAndCount()
    {
        // Logins in [10-02, 11-01): u1 (10-30), u2 (10-31), u6 (10-31T23:59:59); u3's is 09-01.
        Run r =
            cli(segment({QStringLiteral("--where"), QStringLiteral("did \"Login\" within 30d")}));
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split(QLatin1Char('\n'));
        QCOMPARE(lines[0], QStringLiteral("3 of 6 users as of 2026-11-01"));
        QVERIFY2(lines[1].startsWith(QStringLiteral("user_id  email")), qPrintable(r.out));
        QVERIFY(lines[2].startsWith(QStringLiteral("u1 ")));
        QVERIFY(lines[2].contains(QStringLiteral("2026-10-30T10:00:00.000Z")));
        QVERIFY(lines[3].startsWith(QStringLiteral("u2 ")));
        // Columns are as wide as their widest cell, two spaces apart: user_id 7, email 17
        // ("=cmd@evil.example"), account_id 10, account 9 ("=SUM(1,2)"), csm 10 ("Maya
        // Patel"): u6's last_event starts after 7+2+17+2+10+2+9+2+10+2 = 63 characters.
        QCOMPARE(lines[4], QStringLiteral("u6") + QString(61, QLatin1Char(' ')) +
                               QStringLiteral("2026-10-31T23:59:59.000Z"));
        QCOMPARE(lines.size(), 6); // and the final newline

        // --as-of moves the window: as of 10-31 only u1 logged in within [10-01, 10-31).
        r = cli(segment({QStringLiteral("--where"), QStringLiteral("did \"Login\" within 30d"),
                         QStringLiteral("--as-of"), QStringLiteral("2026-10-31")}));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("1 of 6 users as of 2026-10-31\n")),
                 qPrintable(r.out));

        r = cli(segment({QStringLiteral("--where"), QStringLiteral("did \"Login\" within 30d"),
                         QStringLiteral("--count")}));
        QCOMPARE(r.exitCode, 0);
        // A number is right-aligned under its header: "users" is 5 wide.
        QCOMPARE(r.out, QStringLiteral("users\n    3\n"));
    }

    void jsonAndCsv()
    {
        Run r = cli(segment({QStringLiteral("--where"),
                             QStringLiteral("DID \"Login\" WITHIN 30 DAYS and account_id is set"),
                             QStringLiteral("--format"), QStringLiteral("json")}));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject definition = root.value(QStringLiteral("definition")).toObject();
        QCOMPARE(definition.value(QStringLiteral("analysis")).toString(),
                 QStringLiteral("segment"));
        QCOMPARE(definition.value(QStringLiteral("as_of")).toString(),
                 QStringLiteral("2026-11-01T00:00:00.000Z"));
        QCOMPARE(definition.value(QStringLiteral("where")).toObject(),
                 QJsonDocument::fromJson(R"({"and": [{"did": "Login", "within_days": 30},
                                         {"property": "account_id", "op": "is_set"}]})")
                     .object());
        QCOMPARE(definition.value(QStringLiteral("users")).toInt(), 2); // u6 has no account
        const QJsonArray rows = root.value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.size(), 2);
        const QJsonObject u1 = rows[0].toObject();
        QCOMPARE(u1.value(QStringLiteral("user_id")).toString(), QStringLiteral("u1"));
        QCOMPARE(u1.value(QStringLiteral("email")).toString(), QStringLiteral("=cmd@evil.example"));
        QCOMPARE(u1.value(QStringLiteral("account")).toString(), QStringLiteral("=SUM(1,2)"));
        QCOMPARE(u1.value(QStringLiteral("csm")).toString(), QStringLiteral("Maya Patel"));
        QCOMPARE(u1.value(QStringLiteral("last_event")).toString(),
                 QStringLiteral("2026-10-30T10:00:00.000Z"));
        QCOMPARE(rows[1].toObject().value(QStringLiteral("user_id")).toString(),
                 QStringLiteral("u2"));

        // CSV on stdout: quoted where needed, formula-like text neutralised.
        r = cli(segment({QStringLiteral("--where"), QStringLiteral("did \"Login\" within 30d"),
                         QStringLiteral("--format"), QStringLiteral("csv")}));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("user_id,email,account_id,account,csm,last_event\n"
                                       "u1,'=cmd@evil.example,A1,\"'=SUM(1,2)\",Maya Patel,"
                                       "2026-10-30T10:00:00.000Z\n"
                                       "u2,'+bob@acme.example,A1,\"'=SUM(1,2)\",Maya Patel,"
                                       "2026-10-31T09:00:00.000Z\n"
                                       "u6,,,,,2026-10-31T23:59:59.000Z\n"));
    }

    void outAndSidecar()
    {
        // Everyone with an event before as_of: u1 u2 u3 (Login), u4 (Run Query), u6.
        const QString out = m_dir.filePath(QStringLiteral("members.csv"));
        Run r = cli(segment({QStringLiteral("--where"),
                             QStringLiteral("did \"Login\" or did \"Run Query\" ever"),
                             QStringLiteral("--out"), out, QStringLiteral("--sidecar")}));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QStringLiteral("Writing 5 rows to %1\n").arg(out));
        QCOMPARE(QString::fromUtf8(test::readFile(out)),
                 QStringLiteral("user_id,email,account_id,account,csm,last_event\n"
                                "u1,'=cmd@evil.example,A1,\"'=SUM(1,2)\",Maya Patel,"
                                "2026-10-30T10:00:00.000Z\n"
                                "u2,'+bob@acme.example,A1,\"'=SUM(1,2)\",Maya Patel,"
                                "2026-10-31T09:00:00.000Z\n"
                                "u3,'-cy@globex.example,A2,Globex,'@Li Wei,"
                                "2026-09-01T10:00:00.000Z\n"
                                "u4,'@dee@initech.example,A3,Initech,Maya Patel,"
                                "2026-10-15T10:00:00.000Z\n"
                                "u6,,,,,2026-10-31T23:59:59.000Z\n"));
        const QJsonObject sidecar =
            QJsonDocument::fromJson(test::readFile(out + QStringLiteral(".json"))).object();
        QCOMPARE(sidecar.value(QStringLiteral("rows")).toInt(), 5);
        QCOMPARE(sidecar.value(QStringLiteral("users")).toInt(), 5);
        QCOMPARE(sidecar.value(QStringLiteral("as_of")).toString(),
                 QStringLiteral("2026-11-01T00:00:00.000Z"));
        QCOMPARE(sidecar.value(QStringLiteral("where")).toObject(),
                 QJsonDocument::fromJson(R"({"or": [{"did": "Login"}, {"did": "Run Query"}]})")
                     .object());
        QCOMPARE(sidecar.value(QStringLiteral("columns")).toArray().size(), 6);

        // A number cell stays a number: the count is written bare.
        const QString count = m_dir.filePath(QStringLiteral("count.csv"));
        r = cli(segment({QStringLiteral("--where"), QStringLiteral("not did \"Login\""),
                         QStringLiteral("--count"), QStringLiteral("--out"), count}));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(test::readFile(count), QByteArray("users\n2\n")); // u4 and u5
        QVERIFY(!QFile::exists(count + QStringLiteral(".json")));
    }

    void workspaceSegments()
    {
        const QString file = m_dir.filePath(QStringLiteral("fitting.json"));
        Run r = cli({QStringLiteral("workspace"), QStringLiteral("import"), file,
                     QStringLiteral("--cache"), m_cache});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("Imported the workspace definitions from %1\n").arg(file));

        // Admins: u1, u3. --name lists them; --segment filters another expression by them.
        r = cli(segment({QStringLiteral("--name"), QStringLiteral("Admins")}));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("2 of 6 users as of 2026-11-01\n")),
                 qPrintable(r.out));
        // Logged in within 30 days (u1 u2 u6) and an admin: u1.
        r = cli(segment({QStringLiteral("--where"), QStringLiteral("did \"Login\" within 30d"),
                         QStringLiteral("--segment"), QStringLiteral("Admins"),
                         QStringLiteral("--format"), QStringLiteral("json")}));
        QCOMPARE(r.exitCode, 0);
        QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(
            root.value(QStringLiteral("definition")).toObject().value(QStringLiteral("segment")),
            QJsonValue(QStringLiteral("Admins")));
        QCOMPARE(root.value(QStringLiteral("rows")).toArray().size(), 1);
        QCOMPARE(root.value(QStringLiteral("rows"))
                     .toArray()[0]
                     .toObject()
                     .value(QStringLiteral("user_id")),
                 QJsonValue(QStringLiteral("u1")));
        // --segment also takes an expression: viewers (u2 u4) who logged in ever: u2.
        r = cli(segment({QStringLiteral("--where"), QStringLiteral("did \"Login\""),
                         QStringLiteral("--segment"), QStringLiteral("role = \"viewer\""),
                         QStringLiteral("--count")}));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("users\n    1\n"));
        // "in segment" inside --where reads the same definitions: logged in (u1 u2 u3 u6) and
        // not an admin (u1 u3): u2 u6.
        r = cli(segment({QStringLiteral("--where"),
                         QStringLiteral("did \"Login\" and not in segment \"Admins\""),
                         QStringLiteral("--count")}));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("users\n    2\n"));
    }

    void defaultWorkspace()
    {
        // A cache with nothing stored uses the shipped definitions fitted to the data: what names
        // an event the data lacks goes.
        const QString cache = m_dir.filePath(QStringLiteral("defaults.pulsebook"));
        QCOMPARE(cli({QStringLiteral("sync"), m_dir.filePath(QStringLiteral("export")),
                      QStringLiteral("--cache"), cache})
                     .exitCode,
                 0);
        const QStringList base{QStringLiteral("segment"), QStringLiteral("--cache"), cache,
                               QStringLiteral("--name")};
        // No account has a metrics_group: nobody is in "Strategic accounts".
        Run r = cli(base + QStringList{QStringLiteral("Strategic accounts")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("0 of 6 users as of 2026-11-01\n")),
                 qPrintable(r.out));
        // The export has no "Connect Data Source": "Not connected to data" is not in effect.
        r = cli(base + QStringList{QStringLiteral("Not connected to data")});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.section(QLatin1Char('\n'), 0, 0),
                 QStringLiteral("pulsebook-cli segment: no segment named \"Not connected to "
                                "data\" (the workspace has: Logged in, no queries (30 days), "
                                "Power users (30 days), Strategic accounts)"));
        // The fitted defaults: the export has Login and Run Query only.
        r = cli({QStringLiteral("workspace"), QStringLiteral("export"), QStringLiteral("-"),
                 QStringLiteral("--cache"), cache});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject fitted = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(fitted.value(QStringLiteral("kpi_events")).toArray(),
                 (QJsonArray{QStringLiteral("Login"), QStringLiteral("Run Query")}));
        QCOMPARE(fitted.value(QStringLiteral("onboarding_steps")).toArray(), QJsonArray());
        QCOMPARE(fitted.value(QStringLiteral("product_areas")).toArray().size(), 1);
        QCOMPARE(fitted.value(QStringLiteral("campaigns"))
                     .toObject()
                     .value(QStringLiteral("key_event"))
                     .toString(),
                 QString());
        // What needs a missing definition says which command sets it.
        r = cli({QStringLiteral("onboarding"), QStringLiteral("--cache"), cache});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, QStringLiteral("pulsebook-cli onboarding: needs a definition: the "
                                       "workspace has no onboarding steps; run pulsebook-cli "
                                       "workspace set onboarding_steps \"Step 1,Step 2,Step 3\" "
                                       "(or give --steps) (pulsebook-cli workspace suggest "
                                       "proposes some)\n"));
        r = cli({QStringLiteral("campaigns"), QStringLiteral("--cache"), cache});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith(QStringLiteral("pulsebook-cli campaigns: needs a definition: the "
                                                 "workspace has no campaign key event; run "
                                                 "pulsebook-cli workspace set campaigns")),
                 qPrintable(r.err));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QStringList where{QStringLiteral("--where"), QStringLiteral("did \"Login\"")};
        QTest::newRow("bad as-of")
            << where + QStringList{QStringLiteral("--as-of"), QStringLiteral("2026-13-01")}
            << QStringLiteral("pulsebook-cli segment: --as-of: no such date");
        QTest::newRow("unknown format")
            << where + QStringList{QStringLiteral("--format"), QStringLiteral("xml")}
            << QStringLiteral("pulsebook-cli segment: --format must be table, csv or json");
        QTest::newRow("sidecar without out")
            << where + QStringList{QStringLiteral("--sidecar")}
            << QStringLiteral("pulsebook-cli segment: --sidecar needs --out FILE");
        QTest::newRow("where and name")
            << where + QStringList{QStringLiteral("--name"), QStringLiteral("Admins")}
            << QStringLiteral("pulsebook-cli segment: give --where EXPR or --name NAME");
        QTest::newRow("neither where nor name")
            << QStringList{QStringLiteral("--count")}
            << QStringLiteral("pulsebook-cli segment: give --where EXPR or --name NAME");
        // "did "Login" within 30x": the duration starts at column 20.
        QTest::newRow("bad expression")
            << QStringList{QStringLiteral("--where"), QStringLiteral("did \"Login\" within 30x")}
            << QStringLiteral("pulsebook-cli segment: --where: column 20: \"30x\" is not a "
                              "duration such as 15s, 30m, 12h, 14d or 2w");
        QTest::newRow("unknown option")
            << where + QStringList{QStringLiteral("--fast")}
            << QStringLiteral("pulsebook-cli segment: Unknown option 'fast'.");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run r = cli(segment(arguments));
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.section(QLatin1Char('\n'), 0, 0), message);
        QCOMPARE(r.out, QString());
    }

    // An event the data lacks: nobody did it, with a warning naming close names; names match
    // without regard to case when only one event matches.
    void unseenEvents()
    {
        Run r = cli(segment({QStringLiteral("--where"), QStringLiteral("did \"Logn\""),
                             QStringLiteral("--count"), QStringLiteral("--format"),
                             QStringLiteral("csv")}));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("users\n0\n"));
        QCOMPARE(r.err, QStringLiteral("pulsebook-cli segment: warning: --where.did: \"Logn\": no "
                                       "such event; did you mean \"Login\"?\n"));
        // Logins: u1, u2, u3, u6 (ever).
        r = cli(segment({QStringLiteral("--where"), QStringLiteral("did \"LOGIN\""),
                         QStringLiteral("--count"), QStringLiteral("--format"),
                         QStringLiteral("csv")}));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("users\n4\n"));
        QCOMPARE(r.err, QString());
    }

    void retentionCounts()
    {
        // Daily cohorts of first Logins in [09-01, 11-01), as of 11-01T00:00, return = any
        // event. u3 (09-01T10:00) has no later event: periods 1 and 2 end by 09-04T10:00, so
        // both are eligible and not retained (rate 0). u1 (10-30T10:00): period 1 ends
        // 11-01T10:00, after as_of: not eligible (blank rate). u2 and u6 (10-31) likewise.
        const Run r =
            cli({QStringLiteral("retention"), QStringLiteral("--cache"), m_cache,
                 QStringLiteral("--start"), QStringLiteral("Login"), QStringLiteral("--period"),
                 QStringLiteral("1d"), QStringLiteral("--periods"), QStringLiteral("3"),
                 QStringLiteral("--from"), QStringLiteral("2026-09-01"), QStringLiteral("--to"),
                 QStringLiteral("2026-11-01"), QStringLiteral("--counts"),
                 QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("cohort,users,period_1,period_2,retained_1,eligible_1,"
                                       "retained_2,eligible_2\n"
                                       "2026-09-01,1,0,0,0,1,0,1\n"
                                       "2026-10-30,1,,,0,0,0,0\n"
                                       "2026-10-31,2,,,0,0,0,0\n"
                                       "all,4,0,0,0,1,0,1\n"));
    }

    void impactCalculator()
    {
        // docs/definitions.md's published example: N = 10,000, R = 80%; an email to 500 users from
        // 40% to 55% and a nudge to 1,000 users from 60% to 65%. Guide mode: 500/10000 x 0.15 x
        // 0.6 = 0.45 points and 1000/10000 x 0.05 x 0.4 = 0.20 points; extra users 75 and 50;
        // at 1,200 ARR per user 90,000 and 60,000.
        const QStringList example{QStringLiteral("impact"),
                                  QStringLiteral("--users"),
                                  QStringLiteral("10000"),
                                  QStringLiteral("--baseline"),
                                  QStringLiteral("0.80"),
                                  QStringLiteral("--scenario"),
                                  QStringLiteral("Email:500:0.40:0.55"),
                                  QStringLiteral("--scenario"),
                                  QStringLiteral("Nudge:1000:0.60:0.65"),
                                  QStringLiteral("--arr-per-user"),
                                  QStringLiteral("1200"),
                                  QStringLiteral("--format"),
                                  QStringLiteral("csv")};
        Run r = cli(example + QStringList{QStringLiteral("--mode"), QStringLiteral("guide")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("scenario,reach,baseline,target,delta_points,new_rate,"
                                       "extra_users,arr_impact\n"
                                       "Email,500,0.4,0.55,0.45,0.8045,75,90000\n"
                                       "Nudge,1000,0.6,0.65,0.2,0.802,50,60000\n"
                                       "(all),,,,0.65,0.8065,125,150000\n"));
        // Default mode: 500/10000 x 0.15 = 0.75 points, 1000/10000 x 0.05 = 0.50 points.
        r = cli(example);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("\nEmail,500,0.4,0.55,0.75,0.8075,75,90000\n")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("\nNudge,1000,0.6,0.65,0.5,0.805,50,60000\n")),
                 qPrintable(r.out));
        // A bad field is a usage error that names it.
        r = cli({QStringLiteral("impact"), QStringLiteral("--users"), QStringLiteral("10000"),
                 QStringLiteral("--baseline"), QStringLiteral("1.5"), QStringLiteral("--scenario"),
                 QStringLiteral("Email:500:0.40:0.55")});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.section(QLatin1Char('\n'), 0, 0),
                 QStringLiteral("pulsebook-cli impact: baseline must be between 0 and 1"));
    }

    // The scorecards from the command line on the export above plus a team, with definitions
    // that fit it; as_of 2026-11-01, so the last 7 days are [10-25, 11-01) and 30 days
    // [10-02, 11-01).
    void scorecards()
    {
        const QString folder = m_dir.filePath(QStringLiteral("scores"));
        writeExport(folder);
        test::writeFile(folder, QStringLiteral("team.csv"),
                        "person,role,manager\nBoss,Manager,\nMaya Patel,CSM,Boss\n");
        test::writeFile(folder, QStringLiteral("scores.json"), R"({
            "version": 1, "kpi_events": ["Login"], "onboarding_steps": ["Login"],
            "segments": {"Admins": {"property": "role", "op": "=", "value": "admin"}},
            "scorecard": {"columns": [
                {"name": "Company", "metric": "name"},
                {"name": "WAU", "metric": "wau", "direction": "higher", "green": 2,
                 "yellow": 1, "key": true}]},
            "health_score": {"groups": [{"name": "Usage", "weight": 1,
                "inputs": [{"metric": "mau", "zero": 0, "ten": 2}]}]}})");
        const QString cache = m_dir.filePath(QStringLiteral("scores.pulsebook"));
        Run r = cli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = cli({QStringLiteral("workspace"), QStringLiteral("import"),
                 folder + QStringLiteral("/scores.json"), QStringLiteral("--cache"), cache});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto run = [&](const QString& command, const QStringList& more) {
            return cli(QStringList{command, QStringLiteral("--cache"), cache} + more);
        };
        const QStringList csv{QStringLiteral("--format"), QStringLiteral("csv")};

        // A1: u1 (10-30) and u2 (10-31): WAU 2 Green, MAU 2 -> health 10. A2: u3 (09-01): WAU 0
        // Red, MAU 0 -> health 0. A3: u4 (10-15): WAU 0 Red, MAU 1 -> health 5 (Yellow); a week
        // earlier ([09-25, 10-25)) also 5, a month earlier ([09-02, 10-02)) 0.
        r = run(QStringLiteral("scorecard"), csv);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("account_id,Company,WAU,WAU: RYG,health_score,health_band,"
                                       "health_7d_ago,health_30d_ago,biggest_drag,status,silent\n"
                                       "A1,\"'=SUM(1,2)\",2,Green,10,Green,0,0,,Green,no\n"
                                       "A2,Globex,0,Red,0,Red,0,0,Usage: mau,Red,yes\n"
                                       "A3,Initech,0,Red,5,Yellow,5,0,Usage: mau,Red,no\n"));
        r = run(QStringLiteral("scorecard"),
                csv + QStringList{QStringLiteral("--status"), QStringLiteral("green")});
        QCOMPARE(r.out.count(QLatin1Char('\n')), 2);

        // Boss and Maya Patel own A1 and A3; "@Li Wei" is not in the team: A2 is unassigned.
        // All: health (10 + 0 + 5) / 3 = 5, healthy (> 8) 1 of 3; Boss: 7.5 and 1 of 2.
        r = run(QStringLiteral("managers"), {QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray rows =
            QJsonDocument::fromJson(r.out.toUtf8()).object().value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), 4);
        const auto field = [&](int row, const char* key) {
            return rows[row].toObject().value(QLatin1String(key)).toVariant().toString();
        };
        QCOMPARE(field(0, "node") + field(0, "accounts") + QLatin1Char('/') +
                     field(0, "mean_health") + QLatin1Char('/') + field(0, "healthy_pct"),
                 QStringLiteral("All accounts3/5/33.33"));
        QCOMPARE(field(1, "node") + field(1, "accounts") + QLatin1Char('/') +
                     field(1, "mean_health") + QLatin1Char('/') + field(1, "healthy_pct") +
                     QLatin1Char('/') + field(1, "healthy_pct_rag"),
                 QStringLiteral("Boss2/7.5/50/Green"));
        QCOMPARE(field(2, "node") + field(2, "parent"), QStringLiteral("Maya PatelBoss"));
        QCOMPARE(field(3, "node") + field(3, "accounts"), QStringLiteral("Unassigned1"));
        r = run(QStringLiteral("managers"),
                csv + QStringList{QStringLiteral("--node"), QStringLiteral("Maya Patel"),
                                  QStringLiteral("--accounts")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.count(QLatin1Char('\n')), 3); // header, A1, A3
        QVERIFY(r.out.contains(QStringLiteral("\nA3,Initech,")));
        r = run(QStringLiteral("managers"), {QStringLiteral("--node"), QStringLiteral("Nobody")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, QStringLiteral("pulsebook-cli managers: nobody named \"Nobody\" in the "
                                       "team\n"));

        // A3's inputs: MAU 1 of ten-at 2 -> 5, all of the score.
        r = run(QStringLiteral("health"),
                csv + QStringList{QStringLiteral("--account"), QStringLiteral("A3")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("group,weight,input,value,zero_at,ten_at,input_score,"
                                       "group_score,contribution,drag\n"
                                       "Usage,1,mau,1,0,2,5,5,5,5\n"));

        // As of 10-20 the last 7 days are [10-13, 10-20): A3's u4 (10-15) made it Yellow; A1
        // had no event yet (Red). Now A1 is Green and A3 Red; A2 stayed Red.
        r = run(QStringLiteral("changes"),
                csv + QStringList{QStringLiteral("--since"), QStringLiteral("2026-10-20")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out,
                 QStringLiteral("account_id,account,csm,status_before,status_now,"
                                "health_before,health_now,changed_columns\n"
                                "A1,\"'=SUM(1,2)\",Maya Patel,Red,Green,0,10,WAU: Red -> Green\n"
                                "A3,Initech,Maya Patel,Yellow,Red,5,5,WAU: Yellow -> Red\n"));
        r = run(QStringLiteral("changes"), {});
        QCOMPARE(r.exitCode, 2);

        // No renewal outcomes in this export.
        r = run(QStringLiteral("efficacy"), {});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("Renewals with an outcome: 0 (0 renewed, 0 "
                                                 "churned)\n")),
                 qPrintable(r.out));

        // Impact with inputs from data: active on Login in [10-02, 11-01): u1, u2, u6 of six
        // users (N = 6, R = 0.5); Admins u1 (active) and u3: reach 2, baseline 0.5. To 0.9:
        // 2 / 6 x 0.4 = 13.333 points, 0.8 extra users.
        r = cli({QStringLiteral("impact"), QStringLiteral("--cache"), cache,
                 QStringLiteral("--data-scenario"), QStringLiteral("Admins:Admins:0.9"),
                 QStringLiteral("--rate"), QStringLiteral("active"), QStringLiteral("--rate-event"),
                 QStringLiteral("Login"), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject impact = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject admins = impact.value(QLatin1String("rows")).toArray()[0].toObject();
        QCOMPARE(admins.value(QLatin1String("reach")).toDouble(), 2.0);
        QCOMPARE(admins.value(QLatin1String("baseline")).toDouble(), 0.5);
        QVERIFY(qAbs(admins.value(QLatin1String("delta_points")).toDouble() - 40.0 / 3) < 1e-9);
        r = cli({QStringLiteral("impact"), QStringLiteral("--cache"), cache,
                 QStringLiteral("--data-scenario"), QStringLiteral("Admins:Nope:0.9")});
        QCOMPARE(r.exitCode, 2);
    }

    void unknownCache()
    {
        const QString missing = m_dir.filePath(QStringLiteral("nope.pulsebook"));
        const Run r = cli({QStringLiteral("segment"), QStringLiteral("--cache"), missing,
                           QStringLiteral("--where"), QStringLiteral("did \"Login\"")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, QStringLiteral("pulsebook-cli segment: %1: no such cache\n").arg(missing));
        QVERIFY(!QFile::exists(missing));
    }

    // Lives here rather than in tst_workspace because it runs the CLI (a declared dependency).
    void workspaceImportExport()
    {
        const QStringList exportArgs{QStringLiteral("workspace"), QStringLiteral("export"),
                                     QStringLiteral("-"), QStringLiteral("--cache"), m_cache};
        const Run before = cli(exportArgs);
        QCOMPARE(before.exitCode, 0);
        QVERIFY(!before.out.isEmpty());

        struct Bad
        {
            const char* name;
            QByteArray json;
            QString message;
        };
        // Every problem at once: the shape of each key, then the names of the keys that parse
        // (an event the data lacks is a warning, a property it lacks an error).
        const Bad bad[] = {
            {"several.json",
             R"({"kpi_events": ["Login", "Nope"], "product_areas": [{"events": ["Login"]}],
                 "segments": {"S": {"property": "plan", "op": "is_set"}}})",
             QStringLiteral("error: $.product_areas[0].name: expected a name\n"
                            "pulsebook-cli workspace: %1: warning: $.kpi_events[1]: \"Nope\": no "
                            "such event\n"
                            "pulsebook-cli workspace: %1: error: $.segments.S.property: unknown "
                            "user property \"plan\"")},
            // Every bad list item, segment, condition, scorecard column, health input and
            // manager column, in document order; the data check skips the keys with a shape
            // problem (the onboarding step is checked: its key is well formed).
            {"many.json",
             R"({"kpi_events": ["Login", "", "Login"], "onboarding_steps": ["Nope"],
                 "segments": {"A": {"did": "Login", "at_least": 0},
                              "B": {"or": [{"property": "p", "op": "~"}, {"did": ""},
                                           {"did": "Login"}]},
                              "C": {"property": "plan", "op": "is_set"}},
                 "scorecard": {"columns": [{"metric": "arr"}, {"metric": "nope"},
                                           {"metric": "name", "green": 1, "yellow": 0},
                                           {"metric": "arr", "key": true}]},
                 "health_score": {"groups": [{"name": "U", "weight": 0,
                                              "inputs": [{"metric": "wau", "zero": 1,
                                                          "ten": 1}]}]},
                 "manager_scorecard": {"columns": {"red_arr": [],
                                                   "ebr_180d_pct": {"green": 1}}}})",
             QStringLiteral(
                 "error: $.kpi_events[1]: expected an event name\n"
                 "pulsebook-cli workspace: %1: error: $.kpi_events[2]: \"Login\" is listed twice\n"
                 "pulsebook-cli workspace: %1: error: $.segments.A.at_least: expected a whole "
                 "number of at least 1\n"
                 "pulsebook-cli workspace: %1: error: $.segments.B.or[0].op: unknown operator "
                 "\"~\" (expected =, !=, contains, starts_with, is_set, is_not_set, in, <, <=, "
                 ">, >=)\n"
                 "pulsebook-cli workspace: %1: error: $.segments.B.or[1].did: expected an event "
                 "name\n"
                 "pulsebook-cli workspace: %1: error: $.scorecard.columns[1].metric: unknown "
                 "metric \"nope\" (see the user guide for the list)\n"
                 "pulsebook-cli workspace: %1: error: $.scorecard.columns[2].green: \"name\" is "
                 "text: it cannot have bounds\n"
                 "pulsebook-cli workspace: %1: error: $.scorecard.columns[3].key: a key column "
                 "needs green and yellow bounds\n"
                 "pulsebook-cli workspace: %1: error: $.health_score.groups[0].weight: must be "
                 "above 0\n"
                 "pulsebook-cli workspace: %1: error: $.health_score.groups[0].inputs[0].ten: "
                 "must differ from \"zero\"\n"
                 "pulsebook-cli workspace: %1: error: $.manager_scorecard.columns.ebr_180d_pct: "
                 "give both \"green\" and \"yellow\" bounds, or neither\n"
                 "pulsebook-cli workspace: %1: error: $.manager_scorecard.columns.red_arr: "
                 "expected an object of bounds\n"
                 "pulsebook-cli workspace: %1: warning: $.onboarding_steps[0]: \"Nope\": no "
                 "such event")},
            {"broken.json", "{\"kpi_events\": [", // ends at offset 16; Qt reports 16
             QStringLiteral("error: $: not valid JSON at line 1, column 17: unterminated array")},
        };
        for (const Bad& b : bad) {
            const QString file = m_dir.filePath(QLatin1String(b.name));
            test::writeFile(m_dir.path(), QLatin1String(b.name), b.json);
            const Run r = cli({QStringLiteral("workspace"), QStringLiteral("import"), file,
                               QStringLiteral("--cache"), m_cache});
            QCOMPARE(r.exitCode, 1);
            QCOMPARE(r.err, QStringLiteral("pulsebook-cli workspace: %1: %2\npulsebook-cli "
                                           "workspace: The stored workspace is unchanged.\n")
                                .arg(file, QString(b.message).replace(QStringLiteral("%1"), file)));
            const Run after = cli(exportArgs);
            QCOMPARE(after.exitCode, 0);
            QCOMPARE(after.out, before.out);
        }

        // A good import replaces it, and export shows it.
        const QString file = m_dir.filePath(QStringLiteral("good.json"));
        test::writeFile(m_dir.path(), QStringLiteral("good.json"),
                        R"({"kpi_events": ["Run Query"], "onboarding_steps": ["Login"],
                            "campaigns": {"key_event": "Login"},
                            "segments": {"Admins": {"property": "role", "op": "=",
                                                    "value": "admin"},
                                         "Quiet": {"did_not": "Login", "within_days": 7}}})");
        Run r = cli({QStringLiteral("workspace"), QStringLiteral("import"), file,
                     QStringLiteral("--cache"), m_cache});
        QCOMPARE(r.exitCode, 0);
        r = cli(exportArgs);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject exported = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(exported.value(QStringLiteral("kpi_events")).toArray(),
                 QJsonArray{QStringLiteral("Run Query")});
        QCOMPARE(exported.value(QStringLiteral("segments")).toObject().keys(),
                 (QStringList{QStringLiteral("Admins"), QStringLiteral("Quiet")}));
        QCOMPARE(exported.value(QStringLiteral("version")).toInt(), 1);
        // Export to a file writes the same bytes.
        const QString copy = m_dir.filePath(QStringLiteral("copy.json"));
        const Run written = cli({QStringLiteral("workspace"), QStringLiteral("export"), copy,
                                 QStringLiteral("--cache"), m_cache});
        QCOMPARE(written.exitCode, 0);
        QCOMPARE(written.out, QStringLiteral("Wrote the workspace definitions to %1\n").arg(copy));
        QCOMPARE(QString::fromUtf8(test::readFile(copy)), r.out);
        // Put the fitting workspace back for the other tests.
        QCOMPARE(cli({QStringLiteral("workspace"), QStringLiteral("import"),
                      m_dir.filePath(QStringLiteral("fitting.json")), QStringLiteral("--cache"),
                      m_cache})
                     .exitCode,
                 0);

        // Usage: exit 2.
        r = cli({QStringLiteral("workspace"), QStringLiteral("import"), QStringLiteral("--cache"),
                 m_cache});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.section(QLatin1Char('\n'), 0, 0),
                 QStringLiteral("pulsebook-cli workspace: give export FILE, import FILE, set KEY "
                                "VALUE or suggest"));
    }
};

QTEST_GUILESS_MAIN(TestAnalysisCli)
#include "tst_analysiscli.moc"
