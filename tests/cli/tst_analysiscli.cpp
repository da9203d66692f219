// tst_analysiscli (see tst_analysiscli.h): segments, formats, --out, the workspace filter,
// usage errors, retention and the impact calculator.
#include "tst_analysiscli.h"

QStringList TestAnalysisCli::segment(const QStringList& more) const
{
    return QStringList{QStringLiteral("segment"), QStringLiteral("--cache"), m_cache} + more;
}

void TestAnalysisCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString folder = m_dir.filePath(QStringLiteral("export"));
    writeExport(folder);
    m_cache = m_dir.filePath(QStringLiteral("c.pulsebook"));
    const test::CliText r =
        test::runCliText({QStringLiteral("sync"), folder, QStringLiteral("--cache"), m_cache});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    test::writeFile(m_dir.path(), QStringLiteral("fitting.json"), FittingWorkspace);
}

void TestAnalysisCli::tableAndCount()
{
    // Logins in [10-02, 11-01): u1 (10-30), u2 (10-31), u6 (10-31T23:59:59); u3's is 09-01.
    test::CliText r = test::runCliText(
        segment({QStringLiteral("--where"), QStringLiteral("did \"Login\" within 30d")}));
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
    r = test::runCliText(
        segment({QStringLiteral("--where"), QStringLiteral("did \"Login\" within 30d"),
                 QStringLiteral("--as-of"), QStringLiteral("2026-10-31")}));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("1 of 6 users as of 2026-10-31\n")),
             qPrintable(r.out));

    r = test::runCliText(
        segment({QStringLiteral("--where"), QStringLiteral("did \"Login\" within 30d"),
                 QStringLiteral("--count")}));
    QCOMPARE(r.exitCode, 0);
    // A number is right-aligned under its header: "users" is 5 wide.
    QCOMPARE(r.out, QStringLiteral("users\n    3\n"));
}

void TestAnalysisCli::jsonAndCsv()
{
    test::CliText r = test::runCliText(
        segment({QStringLiteral("--where"),
                 QStringLiteral("DID \"Login\" WITHIN 30 DAYS and account_id is set"),
                 QStringLiteral("--format"), QStringLiteral("json")}));
    QCOMPARE(r.exitCode, 0);
    const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QJsonObject definition = root.value(QStringLiteral("definition")).toObject();
    QCOMPARE(definition.value(QStringLiteral("analysis")).toString(), QStringLiteral("segment"));
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
    QCOMPARE(rows[1].toObject().value(QStringLiteral("user_id")).toString(), QStringLiteral("u2"));

    // CSV on stdout: quoted where needed, formula-like text neutralised.
    r = test::runCliText(
        segment({QStringLiteral("--where"), QStringLiteral("did \"Login\" within 30d"),
                 QStringLiteral("--format"), QStringLiteral("csv")}));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("user_id,email,account_id,account,csm,last_event\n"
                                   "u1,'=cmd@evil.example,A1,\"'=SUM(1,2)\",Maya Patel,"
                                   "2026-10-30T10:00:00.000Z\n"
                                   "u2,'+bob@acme.example,A1,\"'=SUM(1,2)\",Maya Patel,"
                                   "2026-10-31T09:00:00.000Z\n"
                                   "u6,,,,,2026-10-31T23:59:59.000Z\n"));
}

void TestAnalysisCli::outAndSidecar()
{
    // Everyone with an event before as_of: u1 u2 u3 (Login), u4 (Run Query), u6.
    const QString out = m_dir.filePath(QStringLiteral("members.csv"));
    test::CliText r = test::runCliText(segment(
        {QStringLiteral("--where"), QStringLiteral("did \"Login\" or did \"Run Query\" ever"),
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
    QCOMPARE(
        sidecar.value(QStringLiteral("where")).toObject(),
        QJsonDocument::fromJson(R"({"or": [{"did": "Login"}, {"did": "Run Query"}]})").object());
    QCOMPARE(sidecar.value(QStringLiteral("columns")).toArray().size(), 6);

    // A number cell stays a number: the count is written bare.
    const QString count = m_dir.filePath(QStringLiteral("count.csv"));
    r = test::runCliText(segment({QStringLiteral("--where"), QStringLiteral("not did \"Login\""),
                                  QStringLiteral("--count"), QStringLiteral("--out"), count}));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(test::readFile(count), QByteArray("users\n2\n")); // u4 and u5
    QVERIFY(!QFile::exists(count + QStringLiteral(".json")));
}

void TestAnalysisCli::workspaceSegments()
{
    const QString file = m_dir.filePath(QStringLiteral("fitting.json"));
    test::CliText r = test::runCliText({QStringLiteral("workspace"), QStringLiteral("import"), file,
                                        QStringLiteral("--cache"), m_cache});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("Imported the workspace definitions from %1\n").arg(file));

    // Admins: u1, u3. --name lists them; --segment filters another expression by them.
    r = test::runCliText(segment({QStringLiteral("--name"), QStringLiteral("Admins")}));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("2 of 6 users as of 2026-11-01\n")),
             qPrintable(r.out));
    // Logged in within 30 days (u1 u2 u6) and an admin: u1.
    r = test::runCliText(
        segment({QStringLiteral("--where"), QStringLiteral("did \"Login\" within 30d"),
                 QStringLiteral("--segment"), QStringLiteral("Admins"), QStringLiteral("--format"),
                 QStringLiteral("json")}));
    QCOMPARE(r.exitCode, 0);
    QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(root.value(QStringLiteral("definition")).toObject().value(QStringLiteral("segment")),
             QJsonValue(QStringLiteral("Admins")));
    QCOMPARE(root.value(QStringLiteral("rows")).toArray().size(), 1);
    QCOMPARE(
        root.value(QStringLiteral("rows")).toArray()[0].toObject().value(QStringLiteral("user_id")),
        QJsonValue(QStringLiteral("u1")));
    // --segment also takes an expression: viewers (u2 u4) who logged in ever: u2.
    r = test::runCliText(segment({QStringLiteral("--where"), QStringLiteral("did \"Login\""),
                                  QStringLiteral("--segment"), QStringLiteral("role = \"viewer\""),
                                  QStringLiteral("--count")}));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("users\n    1\n"));
    // "in segment" inside --where reads the same definitions: logged in (u1 u2 u3 u6) and
    // not an admin (u1 u3): u2 u6.
    r = test::runCliText(segment({QStringLiteral("--where"),
                                  QStringLiteral("did \"Login\" and not in segment \"Admins\""),
                                  QStringLiteral("--count")}));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("users\n    2\n"));
}

void TestAnalysisCli::defaultWorkspace()
{
    // A cache with nothing stored uses the shipped definitions fitted to the data: what names
    // an event the data lacks goes.
    const QString cache = m_dir.filePath(QStringLiteral("defaults.pulsebook"));
    QCOMPARE(test::runCliText({QStringLiteral("sync"), m_dir.filePath(QStringLiteral("export")),
                               QStringLiteral("--cache"), cache})
                 .exitCode,
             0);
    const QStringList base{QStringLiteral("segment"), QStringLiteral("--cache"), cache,
                           QStringLiteral("--name")};
    // No account has a metrics_group: nobody is in "Strategic accounts".
    test::CliText r = test::runCliText(base + QStringList{QStringLiteral("Strategic accounts")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("0 of 6 users as of 2026-11-01\n")),
             qPrintable(r.out));
    // The export has no "Connect Data Source": "Not connected to data" is not in effect.
    r = test::runCliText(base + QStringList{QStringLiteral("Not connected to data")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err.section(QLatin1Char('\n'), 0, 0),
             QStringLiteral("pulsebook-cli segment: no segment named \"Not connected to "
                            "data\" (the workspace has: Logged in, no queries (30 days), "
                            "Power users (30 days), Strategic accounts)"));
    // The fitted defaults: the export has Login and Run Query only.
    r = test::runCliText({QStringLiteral("workspace"), QStringLiteral("export"),
                          QStringLiteral("-"), QStringLiteral("--cache"), cache});
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
    r = test::runCliText({QStringLiteral("onboarding"), QStringLiteral("--cache"), cache});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("pulsebook-cli onboarding: needs a definition: the "
                                   "workspace has no onboarding steps; run pulsebook-cli "
                                   "workspace set onboarding_steps \"Step 1,Step 2,Step 3\" "
                                   "(or give --steps) (pulsebook-cli workspace suggest "
                                   "proposes some)\n"));
    r = test::runCliText({QStringLiteral("campaigns"), QStringLiteral("--cache"), cache});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith(QStringLiteral("pulsebook-cli campaigns: needs a definition: the "
                                             "workspace has no campaign key event; run "
                                             "pulsebook-cli workspace set campaigns")),
             qPrintable(r.err));
}

void TestAnalysisCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QStringList where{QStringLiteral("--where"), QStringLiteral("did \"Login\"")};
    QTest::newRow("bad as-of") << where + QStringList{QStringLiteral("--as-of"),
                                                      QStringLiteral("2026-13-01")}
                               << QStringLiteral("pulsebook-cli segment: --as-of: no such date");
    QTest::newRow("unknown format")
        << where + QStringList{QStringLiteral("--format"), QStringLiteral("xml")}
        << QStringLiteral("pulsebook-cli segment: --format must be table, csv or json");
    QTest::newRow("sidecar without out")
        << where + QStringList{QStringLiteral("--sidecar")}
        << QStringLiteral("pulsebook-cli segment: --sidecar needs --out FILE");
    QTest::newRow("where and name")
        << where + QStringList{QStringLiteral("--name"), QStringLiteral("Admins")}
        << QStringLiteral("pulsebook-cli segment: give --where EXPR, --name NAME or --all");
    QTest::newRow("neither where nor name")
        << QStringList{QStringLiteral("--count")}
        << QStringLiteral("pulsebook-cli segment: give --where EXPR, --name NAME or --all");
    QTest::newRow("all and where")
        << where + QStringList{QStringLiteral("--all")}
        << QStringLiteral("pulsebook-cli segment: give --where EXPR, --name NAME or --all");
    // The users list's options (the window's list).
    const QStringList all{QStringLiteral("--all")};
    QTest::newRow("list: unknown column")
        << all + QStringList{QStringLiteral("--columns"), QStringLiteral("user_id,nope")}
        << QStringLiteral("pulsebook-cli segment: --columns: unknown column \"nope\"");
    QTest::newRow("list: sort by a column not listed")
        << all + QStringList{QStringLiteral("--columns"), QStringLiteral("user_id, email"),
                             QStringLiteral("--sort"), QStringLiteral("role:desc")}
        << QStringLiteral("pulsebook-cli segment: --sort: \"role\" is not a column of the list "
                          "(user_id, email)");
    QTest::newRow("list: nobody in the team")
        << all + QStringList{QStringLiteral("--node"), QStringLiteral("Zed Nobody")}
        << QStringLiteral("pulsebook-cli segment: --node: nobody named \"Zed Nobody\" in the "
                          "team");
    // "did "Login" within 30x": the duration starts at column 20.
    QTest::newRow("bad expression")
        << QStringList{QStringLiteral("--where"), QStringLiteral("did \"Login\" within 30x")}
        << QStringLiteral("pulsebook-cli segment: --where: column 20: \"30x\" is not a "
                          "duration such as 15s, 30m, 12h, 14d or 2w");
    QTest::newRow("unknown option")
        << where + QStringList{QStringLiteral("--fast")}
        << QStringLiteral("pulsebook-cli segment: Unknown option 'fast'.");
}

void TestAnalysisCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const test::CliText r = test::runCliText(segment(arguments));
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err.section(QLatin1Char('\n'), 0, 0), message);
    QCOMPARE(r.out, QString());
}

// An event the data lacks: nobody did it, with a warning naming close names; names match
// without regard to case when only one event matches.
void TestAnalysisCli::unseenEvents()
{
    test::CliText r = test::runCliText(
        segment({QStringLiteral("--where"), QStringLiteral("did \"Logn\""),
                 QStringLiteral("--count"), QStringLiteral("--format"), QStringLiteral("csv")}));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("users\n0\n"));
    QCOMPARE(r.err, QStringLiteral("pulsebook-cli segment: warning: --where.did: \"Logn\": no "
                                   "such event; did you mean \"Login\"?\n"));
    // Logins: u1, u2, u3, u6 (ever).
    r = test::runCliText(
        segment({QStringLiteral("--where"), QStringLiteral("did \"LOGIN\""),
                 QStringLiteral("--count"), QStringLiteral("--format"), QStringLiteral("csv")}));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("users\n4\n"));
    QCOMPARE(r.err, QString());
}

void TestAnalysisCli::retentionCounts()
{
    // Daily cohorts of first Logins in [09-01, 11-01), as of 11-01T00:00, return = any
    // event. u3 (09-01T10:00) has no later event: periods 1 and 2 end by 09-04T10:00, so
    // both are eligible and not retained (rate 0). u1 (10-30T10:00): period 1 ends
    // 11-01T10:00, after as_of: not eligible (blank rate). u2 and u6 (10-31) likewise.
    const test::CliText r = test::runCliText(
        {QStringLiteral("retention"), QStringLiteral("--cache"), m_cache, QStringLiteral("--start"),
         QStringLiteral("Login"), QStringLiteral("--period"), QStringLiteral("1d"),
         QStringLiteral("--periods"), QStringLiteral("3"), QStringLiteral("--from"),
         QStringLiteral("2026-09-01"), QStringLiteral("--to"), QStringLiteral("2026-11-01"),
         QStringLiteral("--counts"), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("cohort,users,period_1,period_2,retained_1,eligible_1,"
                                   "retained_2,eligible_2\n"
                                   "2026-09-01,1,0,0,0,1,0,1\n"
                                   "2026-10-30,1,,,0,0,0,0\n"
                                   "2026-10-31,2,,,0,0,0,0\n"
                                   "all,4,0,0,0,1,0,1\n"));
}

void TestAnalysisCli::impactCalculator()
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
    test::CliText r =
        test::runCliText(example + QStringList{QStringLiteral("--mode"), QStringLiteral("guide")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("scenario,reach,baseline,target,delta_points,new_rate,"
                                   "extra_users,arr_impact\n"
                                   "Email,500,0.4,0.55,0.45,0.8045,75,90000\n"
                                   "Nudge,1000,0.6,0.65,0.2,0.802,50,60000\n"
                                   "(all),,,,0.65,0.8065,125,150000\n"));
    // Default mode: 500/10000 x 0.15 = 0.75 points, 1000/10000 x 0.05 = 0.50 points.
    r = test::runCliText(example);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("\nEmail,500,0.4,0.55,0.75,0.8075,75,90000\n")),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("\nNudge,1000,0.6,0.65,0.5,0.805,50,60000\n")),
             qPrintable(r.out));
    // A bad field is a usage error that names it.
    r = test::runCliText({QStringLiteral("impact"), QStringLiteral("--users"),
                          QStringLiteral("10000"), QStringLiteral("--baseline"),
                          QStringLiteral("1.5"), QStringLiteral("--scenario"),
                          QStringLiteral("Email:500:0.40:0.55")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err.section(QLatin1Char('\n'), 0, 0),
             QStringLiteral("pulsebook-cli impact: baseline must be between 0 and 1"));
}

QTEST_GUILESS_MAIN(TestAnalysisCli)
