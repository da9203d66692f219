// Spreadsheet formulas in every export and the rejects file; negative numbers on stdout.
#include "tst_hostile.h"

void TestHostile::formulaCellsNeutralisedInEveryExport()
{
    // Every text that reaches an export starts with = + - @ tab or CR somewhere below: IDs,
    // names, e-mails, team members, event names, campaign names, property values, a column
    // name, and the workspace's names for KPIs, areas, segments, columns and groups.
    const QString folder = makeFolder(
        m_tmp.path(), QStringLiteral("formulas"),
        {
            {QStringLiteral("team.csv"),
             "person,role,manager\n=Boss,Manager,\n+Maya,CSM,=Boss\n@Lee,CSM,=Boss\n"},
            {QStringLiteral("accounts.csv"),
             "account_id,name,csm,metrics_group,renewal_date,arr,sentiment,tier\n"
             "=A1,\"=SUM(1,2)\",+Maya,@group,2026-12-01,\"$1,000\",Green,=gold\n"
             "+A2,-2+3,@Lee,=group,2026-11-15,5,Red,-silver\n"
             "-A3,\"\tTab Co\",+Maya,,2027-01-01,,Yellow,@bronze\n"
             "@A4,\"\rCR Co\",@Lee,,,,,\"\rx\"\n"},
            {QStringLiteral("users.csv"),
             "user_id,email,account_id,joindate,role,-score\n"
             "=u1,=cmd@evil.example,=A1,2026-09-01,=admin,=1+1\n"
             "+u2,+bob@acme.example,=A1,2026-09-02,+viewer,+1\n"
             "-u3,-cy@globex.example,+A2,2026-09-03,-admin,-1\n"
             "@u4,@dee@initech.example,-A3,2026-09-04,@viewer,@1\n"
             "\"\tu5\",\"\tt@x.example\",@A4,2026-09-05,\"\tadmin\",\"\t1\"\n"
             "\"\ru6\",\"\rr@x.example\",@A4,2026-09-06,\"\radmin\",\"\r1\"\n"},
            {QStringLiteral("sessions.csv"),
             "session_id,user_id,time,country\n"
             "s1,=u1,2026-10-30T09:00:00Z,=FR\ns2,+u2,2026-10-31T08:00:00Z,+DE\n"
             "s3,-u3,2026-10-20T08:00:00Z,-US\ns4,@u4,2026-10-15T08:00:00Z,@UK\n"},
            {QStringLiteral("events.csv"), "event_id,user_id,time,event,session_id,path\n"
                                           "1,=u1,2026-10-30T10:00:00Z,=Login,s1,=/home\n"
                                           "2,=u1,2026-10-30T10:05:00Z,+Run Query,s1,+/q\n"
                                           "3,+u2,2026-10-31T09:00:00Z,=Login,s2,-/x\n"
                                           "4,+u2,2026-10-31T09:10:00Z,-Export,s2,@/y\n"
                                           "5,-u3,2026-10-20T10:00:00Z,=Login,s3,\"\t/t\"\n"
                                           "6,-u3,2026-10-21T10:00:00Z,@Share,s3,\"\r/r\"\n"
                                           "7,@u4,2026-10-15T10:00:00Z,\"\tTab\",s4,\n"
                                           "8,\"\tu5\",2026-10-16T10:00:00Z,\"\rCR\",,\n"
                                           "9,\"\ru6\",2026-10-31T23:59:59Z,=Login,,\n"
                                           "10,=u1,2026-10-01T10:00:00Z,=Login,,\n"
                                           "11,+u2,2026-10-02T10:00:00Z,+Run Query,,\n"},
            {QStringLiteral("campaign_touches.csv"),
             "user_id,campaign,time,stage\n=u1,=spring,2026-10-29T08:00:00Z,delivered\n"
             "=u1,=spring,2026-10-29T09:00:00Z,opened\n+u2,@summer,2026-10-30T08:00:00Z,delivered\n"
             "-u3,-fall,2026-10-19T08:00:00Z,clicked\n"},
        });
    writeFile(m_tmp.path(), QStringLiteral("formulas.json"), R"({
        "kpi_events": ["=Login", "+Run Query"],
        "onboarding_steps": ["=Login", "-Export", "@Share"],
        "product_areas": [{"name": "=Area", "events": ["=Login", "+Run Query"],
                           "activation_funnel": ["=Login", "+Run Query"]},
                          {"name": "@Other", "events": ["-Export", "@Share"]}],
        "segments": {"=Admins": {"property": "role", "op": "=", "value": "=admin"}},
        "campaigns": {"key_event": "=Login", "low_wau_threshold": 2},
        "scorecard": {"columns": [{"name": "=Company", "metric": "name"},
            {"name": "+WAU", "metric": "wau", "direction": "higher", "green": 2, "yellow": 1,
             "key": true}]},
        "health_score": {"groups": [{"name": "-Usage", "weight": 1,
            "inputs": [{"metric": "mau", "zero": 0, "ten": 2}]}]}})");
    // The check itself: five of these cells would run as formulas; -5 is a number.
    QCOMPARE(formulaCells({{QStringLiteral("=1"), QStringLiteral("-5"), QStringLiteral("-2+3"),
                            QStringLiteral("'=x"), QStringLiteral("+5")},
                           {QStringLiteral("@a"), QStringLiteral("\tb"), QStringLiteral("a=b")}})
                 .size(),
             5);
    const QString cache = m_tmp.filePath(QStringLiteral("formulas.pulsebook"));
    Run r = cli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = cli({QStringLiteral("workspace"), QStringLiteral("import"),
             m_tmp.filePath(QStringLiteral("formulas.json")), QStringLiteral("--cache"), cache});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // Every analysis with --out, and how many formula-like cells each must neutralise,
    // counted by hand from the fixture: e.g. segment "did =Login": u1 u2 u3 u6, 5 text cells
    // each (user_id, email, account_id, account, csm) = 20; onboarding: 6 users x 6 cells (the
    // missing steps start with = - or @) = 36; rollup: the 2 KPI headers + 6 x (user_id,
    // account_id) = 14; scorecard: 3 headers (=Company, +WAU, +WAU: RYG) + 4 x (account_id,
    // name) + 2 drags (-Usage) = 13; trend by a user property: 90 days x 6 groups = 540.
    const QList<QPair<QStringList, int>> exports = {
        {{QStringLiteral("segment"), QStringLiteral("--where"), QStringLiteral("did \"=Login\"")},
         20},
        {{QStringLiteral("segment"), QStringLiteral("--name"), QStringLiteral("=Admins")}, 5},
        {{QStringLiteral("rollup")}, 14},
        {{QStringLiteral("rollup"), QStringLiteral("--by"), QStringLiteral("account")}, 14},
        {{QStringLiteral("onboarding")}, 36},
        {{QStringLiteral("onboarding"), QStringLiteral("--by"), QStringLiteral("account")}, 12},
        {{QStringLiteral("scorecard")}, 13},
        {{QStringLiteral("managers")}, 5},
        {{QStringLiteral("managers"), QStringLiteral("--accounts")}, 13},
        {{QStringLiteral("health")}, 15},
        {{QStringLiteral("health"), QStringLiteral("--account"), QStringLiteral("=A1")}, 1},
        {{QStringLiteral("changes"), QStringLiteral("--since"), QStringLiteral("2026-10-20")}, 8},
        {{QStringLiteral("efficacy")}, 0},
        {{QStringLiteral("efficacy"), QStringLiteral("--by"), QStringLiteral("account")}, 0},
        {{QStringLiteral("campaigns")}, 3},
        {{QStringLiteral("campaigns"), QStringLiteral("--by"), QStringLiteral("stage")}, 12},
        {{QStringLiteral("campaigns"), QStringLiteral("--by"), QStringLiteral("account")}, 4},
        {{QStringLiteral("funnel"), QStringLiteral("--steps"), QStringLiteral("=Login,+Run Query")},
         2},
        {{QStringLiteral("funnel"), QStringLiteral("--steps"), QStringLiteral("=Login,+Run Query"),
          QStringLiteral("--breakdown"), QStringLiteral("role")},
         16},
        {{QStringLiteral("funnel"), QStringLiteral("--steps"), QStringLiteral("=Login,-Export"),
          QStringLiteral("--dropped"), QStringLiteral("1")},
         15},
        {{QStringLiteral("trend"), QStringLiteral("--group-by"), QStringLiteral("role")}, 540},
        {{QStringLiteral("trend"), QStringLiteral("--group-by"), QStringLiteral("event.path")},
         540},
        {{QStringLiteral("trend"), QStringLiteral("--group-by"), QStringLiteral("-score")}, 540},
        {{QStringLiteral("trend"), QStringLiteral("--group-by"), QStringLiteral("account.tier")},
         360},
        {{QStringLiteral("engagement")}, 6},
        {{QStringLiteral("retention"), QStringLiteral("--start"), QStringLiteral("=Login"),
          QStringLiteral("--group-by"), QStringLiteral("role")},
         4},
        {{QStringLiteral("areas")}, 2},
        {{QStringLiteral("impact"), QStringLiteral("--data-scenario"),
          QStringLiteral("=Nudge:=Admins:0.9"), QStringLiteral("--rate"), QStringLiteral("active")},
         1},
    };
    int neutralised = 0;
    for (const auto& [arguments, expected] : exports) {
        const QString name = arguments.join(QLatin1Char(' '));
        const QString out = m_tmp.filePath(QStringLiteral("export-%1.csv").arg(m_exports++));
        r = cli(arguments +
                QStringList{QStringLiteral("--cache"), cache, QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0,
                 qPrintable(name + QStringLiteral(": ") + QString::fromUtf8(r.err)));
        QString error;
        const QList<QStringList> cells = csvCells(out, &error);
        QVERIFY2(error.isEmpty(), qPrintable(name + QStringLiteral(": ") + error));
        QVERIFY2(cells.size() > 1 || arguments.contains(QStringLiteral("efficacy")),
                 qPrintable(name));
        const QStringList bad = formulaCells(cells);
        QVERIFY2(bad.isEmpty(),
                 qPrintable(name + QStringLiteral(": ") + bad.join(QStringLiteral("; "))));
        QVERIFY2(countNeutralised(cells) == expected,
                 qPrintable(QStringLiteral("%1: %2 cells neutralised, expected %3")
                                .arg(name)
                                .arg(countNeutralised(cells))
                                .arg(expected)));
        neutralised += countNeutralised(cells);
    }
    qInfo("%d exports, %d neutralised cells", int(exports.size()), neutralised);

    // Exactly, for one of them: the cells keep their text after the ', quoted where needed.
    const QString out = m_tmp.filePath(QStringLiteral("members.csv"));
    r = cli({QStringLiteral("segment"), QStringLiteral("--name"), QStringLiteral("=Admins"),
             QStringLiteral("--cache"), cache, QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(readFile(out), QByteArray("user_id,email,account_id,account,csm,last_event\n"
                                       "'=u1,'=cmd@evil.example,'=A1,\"'=SUM(1,2)\",'+Maya,"
                                       "2026-10-30T10:05:00.000Z\n"));
    // Negative numbers stay numbers: an impact whose target is below its baseline.
    r = cli({QStringLiteral("impact"), QStringLiteral("--users"), QStringLiteral("100"),
             QStringLiteral("--baseline"), QStringLiteral("0.5"), QStringLiteral("--scenario"),
             QStringLiteral("-Drop:10:0.6:0.4"), QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 0);
    // 10/100 x (0.4 - 0.6) = -2 points, new rate 0.48, -2 users.
    QCOMPARE(readFile(out), QByteArray("scenario,reach,baseline,target,delta_points,new_rate,"
                                       "extra_users,arr_impact\n"
                                       "'-Drop,10,0.6,0.4,-2,0.48,-2,\n"
                                       "(all),,,,-2,0.48,-2,\n"));
}

void TestHostile::rejectsFileNeutralised()
{
    // The rejects file is an export too: records starting with = + - @ or tab keep their
    // text after a '. A record that starts with a quote needs none.
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder =
        makeFolder(f.tmp.path(), QStringLiteral("rejects"),
                   {{QStringLiteral("events.csv"), EventsHeader + GoodEvent +
                                                       "=HYPERLINK(\"x\"),u1,never,login\n"
                                                       "+2,u1,never,login\n"
                                                       "-3,u1,never,login\n"
                                                       "@4,u1,never,login\n"
                                                       "\t5,u1,never,login\n"
                                                       "\"\t6\",u1,never,login\n"}});
    SyncSummary summary;
    QString error;
    QVERIFY2(f.syncSkipping(folder, &summary, &error), qPrintable(error));
    m_inputs += 6;
    QCOMPARE(summary.rejected, qint64(6));
    const QByteArray file = folder.toUtf8() + "/events.csv";
    const QByteArray reason = ",\"column \"\"time\"\": \"\"never\"\": not a timestamp (expected "
                              "ISO-8601, YYYY-MM-DD HH:MM:SS or epoch)\",";
    QCOMPARE(readFile(f.rejectsPath()), "file,line,reason,record\n" + file + ",3" + reason +
                                            "\"'=HYPERLINK(\"\"x\"\"),u1,never,login\"\n" + file +
                                            ",4" + reason + "\"'+2,u1,never,login\"\n" + file +
                                            ",5" + reason + "\"'-3,u1,never,login\"\n" + file +
                                            ",6" + reason + "\"'@4,u1,never,login\"\n" + file +
                                            ",7" + reason + "\"'\t5,u1,never,login\"\n" + file +
                                            ",8" + reason + "\"\"\"\t6\"\",u1,never,login\"\n");
    QString csvError;
    QVERIFY(formulaCells(csvCells(f.rejectsPath(), &csvError)).isEmpty());
}

void TestHostile::negativeNumbersStayNumbersOnStandardOutput()
{
    // --format csv is an export too (redirected to a file): its numbers must stay numbers as
    // in --out, and its text be neutralised.
    const Run r = cli({QStringLiteral("impact"), QStringLiteral("--users"), QStringLiteral("100"),
                       QStringLiteral("--baseline"), QStringLiteral("0.5"),
                       QStringLiteral("--scenario"), QStringLiteral("-Drop:10:0.6:0.4"),
                       QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("scenario,reach,baseline,target,delta_points,new_rate,"
                               "extra_users,arr_impact\n"
                               "'-Drop,10,0.6,0.4,-2,0.48,-2,\n"
                               "(all),,,,-2,0.48,-2,\n"));
}
