// tst_analysiscli, continued: the scorecards, an unknown cache and the workspace import/export.
#include "tst_analysiscli.h"

// The scorecards from the command line on the export above plus a team, with definitions
// that fit it; as_of 2026-11-01, so the last 7 days are [10-25, 11-01) and 30 days
// [10-02, 11-01).
void TestAnalysisCli::scorecards()
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
    test::CliText r =
        test::runCliText({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = test::runCliText({QStringLiteral("workspace"), QStringLiteral("import"),
                          folder + QStringLiteral("/scores.json"), QStringLiteral("--cache"),
                          cache});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto run = [&](const QString& command, const QStringList& more) {
        return test::runCliText(QStringList{command, QStringLiteral("--cache"), cache} + more);
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
    QCOMPARE(field(0, "node") + field(0, "accounts") + QLatin1Char('/') + field(0, "mean_health") +
                 QLatin1Char('/') + field(0, "healthy_pct"),
             QStringLiteral("All accounts3/5/33.33"));
    QCOMPARE(field(1, "node") + field(1, "accounts") + QLatin1Char('/') + field(1, "mean_health") +
                 QLatin1Char('/') + field(1, "healthy_pct") + QLatin1Char('/') +
                 field(1, "healthy_pct_rag"),
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
    QCOMPARE(r.out, QStringLiteral("account_id,account,csm,status_before,status_now,"
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
    r = test::runCliText({QStringLiteral("impact"), QStringLiteral("--cache"), cache,
                          QStringLiteral("--data-scenario"), QStringLiteral("Admins:Admins:0.9"),
                          QStringLiteral("--rate"), QStringLiteral("active"),
                          QStringLiteral("--rate-event"), QStringLiteral("Login"),
                          QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject impact = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QJsonObject admins = impact.value(QLatin1String("rows")).toArray()[0].toObject();
    QCOMPARE(admins.value(QLatin1String("reach")).toDouble(), 2.0);
    QCOMPARE(admins.value(QLatin1String("baseline")).toDouble(), 0.5);
    QVERIFY(qAbs(admins.value(QLatin1String("delta_points")).toDouble() - 40.0 / 3) < 1e-9);
    r = test::runCliText({QStringLiteral("impact"), QStringLiteral("--cache"), cache,
                          QStringLiteral("--data-scenario"), QStringLiteral("Admins:Nope:0.9")});
    QCOMPARE(r.exitCode, 2);
}

void TestAnalysisCli::unknownCache()
{
    const QString missing = m_dir.filePath(QStringLiteral("nope.pulsebook"));
    const test::CliText r =
        test::runCliText({QStringLiteral("segment"), QStringLiteral("--cache"), missing,
                          QStringLiteral("--where"), QStringLiteral("did \"Login\"")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("pulsebook-cli segment: %1: no such cache\n").arg(missing));
    QVERIFY(!QFile::exists(missing));
}

// Lives here rather than in tst_workspace because it runs the CLI (a declared dependency).
void TestAnalysisCli::workspaceImportExport()
{
    const QStringList exportArgs{QStringLiteral("workspace"), QStringLiteral("export"),
                                 QStringLiteral("-"), QStringLiteral("--cache"), m_cache};
    const test::CliText before = test::runCliText(exportArgs);
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
        const test::CliText r =
            test::runCliText({QStringLiteral("workspace"), QStringLiteral("import"), file,
                              QStringLiteral("--cache"), m_cache});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, QStringLiteral("pulsebook-cli workspace: %1: %2\npulsebook-cli "
                                       "workspace: The stored workspace is unchanged.\n")
                            .arg(file, QString(b.message).replace(QStringLiteral("%1"), file)));
        const test::CliText after = test::runCliText(exportArgs);
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
    test::CliText r = test::runCliText({QStringLiteral("workspace"), QStringLiteral("import"), file,
                                        QStringLiteral("--cache"), m_cache});
    QCOMPARE(r.exitCode, 0);
    r = test::runCliText(exportArgs);
    QCOMPARE(r.exitCode, 0);
    const QJsonObject exported = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(exported.value(QStringLiteral("kpi_events")).toArray(),
             QJsonArray{QStringLiteral("Run Query")});
    QCOMPARE(exported.value(QStringLiteral("segments")).toObject().keys(),
             (QStringList{QStringLiteral("Admins"), QStringLiteral("Quiet")}));
    QCOMPARE(exported.value(QStringLiteral("version")).toInt(), 1);
    // Export to a file writes the same bytes.
    const QString copy = m_dir.filePath(QStringLiteral("copy.json"));
    const test::CliText written =
        test::runCliText({QStringLiteral("workspace"), QStringLiteral("export"), copy,
                          QStringLiteral("--cache"), m_cache});
    QCOMPARE(written.exitCode, 0);
    QCOMPARE(written.out, QStringLiteral("Wrote the workspace definitions to %1\n").arg(copy));
    QCOMPARE(QString::fromUtf8(test::readFile(copy)), r.out);
    // Put the fitting workspace back for the other tests.
    QCOMPARE(test::runCliText({QStringLiteral("workspace"), QStringLiteral("import"),
                               m_dir.filePath(QStringLiteral("fitting.json")),
                               QStringLiteral("--cache"), m_cache})
                 .exitCode,
             0);

    // Usage: exit 2.
    r = test::runCliText({QStringLiteral("workspace"), QStringLiteral("import"),
                          QStringLiteral("--cache"), m_cache});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err.section(QLatin1Char('\n'), 0, 0),
             QStringLiteral("pulsebook-cli workspace: give export FILE, import FILE, set KEY "
                            "VALUE or suggest"));
}
