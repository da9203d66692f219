// Definitions that fit the data (issue 12, items 5 and 8), as a user runs them: a fresh
// workspace over an export that is not the demo's (tests/data/nondemo: "Sign In", "Create
// Report", "onboarding: connect data", ...) runs every command of the README with no JSON
// edited; events the data lacks are warnings naming close names; `events`, `workspace set` and
// `workspace suggest`. Every figure below is worked out by hand from that export.
#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace pulsebook;

class TestDefinitions : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // A fresh cache synced from the non-demo export.
    QString freshCache(const QString& name)
    {
        const QString cache = m_dir.filePath(name);
        const test::CliText r =
            test::runCliText({QStringLiteral("sync"), test::dataPath(QStringLiteral("nondemo")),
                              QStringLiteral("--cache"), cache});
        if (r.exitCode != 0)
            qWarning("sync failed: %s", qPrintable(r.err));
        return cache;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Every command of the README's command-line table, in its order, on a fresh workspace.
    // A command needing a definition the workspace lacks says so and names the `workspace
    // set` that gives it; after that command it runs. (warehouse-test and sync-warehouse need a
    // PostgreSQL server: tests/pg.)
    void readmeCommands()
    {
        const QString cache = freshCache(QStringLiteral("readme.pulsebook"));
        const QStringList c{QStringLiteral("--cache"), cache};
        const QString exported = m_dir.filePath(QStringLiteral("exported.json"));
        const QString demo = m_dir.filePath(QStringLiteral("demo"));
        struct Command
        {
            QStringList arguments;
            QStringList setFirst; // the `workspace set` the "needs a definition" names, if any
        };
        const QList<Command> commands = {
            {QStringList{QStringLiteral("info")} + c, {}},
            {{QStringLiteral("demo"), QStringLiteral("--out"), demo, QStringLiteral("--users"),
              QStringLiteral("20"), QStringLiteral("--events"), QStringLiteral("300"),
              QStringLiteral("--seed"), QStringLiteral("7")},
             {}},
            {QStringList{QStringLiteral("workspace"), QStringLiteral("export"), exported} + c, {}},
            {QStringList{QStringLiteral("workspace"), QStringLiteral("import"), exported} + c, {}},
            {QStringList{QStringLiteral("workspace"), QStringLiteral("suggest")} + c, {}},
            {QStringList{QStringLiteral("events")} + c, {}},
            {QStringList{QStringLiteral("segment"), QStringLiteral("--where"),
                         QStringLiteral("did \"Sign In\" within 30d")} +
                 c,
             {}},
            {QStringList{QStringLiteral("segment"), QStringLiteral("--name"),
                         QStringLiteral("Strategic accounts")} +
                 c,
             {}},
            {QStringList{QStringLiteral("onboarding")} + c,
             {QStringLiteral("onboarding_steps"),
              QStringLiteral("onboarding: connect data,onboarding: invite team")}},
            {QStringList{QStringLiteral("rollup")} + c, {}},
            {QStringList{QStringLiteral("trend")} + c, {}},
            {QStringList{QStringLiteral("funnel"), QStringLiteral("--steps"),
                         QStringLiteral("Sign In,Create Report,View Report")} +
                 c,
             {}},
            {QStringList{QStringLiteral("retention"), QStringLiteral("--start"),
                         QStringLiteral("Sign In")} +
                 c,
             {}},
            {QStringList{QStringLiteral("engagement")} + c, {}},
            {QStringList{QStringLiteral("areas")} + c, {}},
            {QStringList{QStringLiteral("scorecard")} + c, {}},
            {QStringList{QStringLiteral("health")} + c, {}},
            {QStringList{QStringLiteral("managers")} + c, {}},
            {QStringList{QStringLiteral("changes"), QStringLiteral("--since"),
                         QStringLiteral("2026-10-01")} +
                 c,
             {}},
            {QStringList{QStringLiteral("efficacy")} + c, {}},
            {QStringList{QStringLiteral("campaigns")} + c,
             {QStringLiteral("campaigns"), QStringLiteral("{\"key_event\": \"View Report\"}")}},
            {QStringList{QStringLiteral("impact"), QStringLiteral("--users"), QStringLiteral("100"),
                         QStringLiteral("--baseline"), QStringLiteral("0.2"),
                         QStringLiteral("--scenario"), QStringLiteral("Tour:0.5:0.2:0.4")},
             {}},
        };
        for (const Command& command : commands) {
            const QString name = command.arguments.join(QLatin1Char(' '));
            test::CliText r = test::runCliText(command.arguments);
            if (!command.setFirst.isEmpty()) {
                QVERIFY2(r.exitCode == 1, qPrintable(name));
                const QString hint = QStringLiteral("needs a definition: ");
                QVERIFY2(r.err.contains(hint) &&
                             r.err.contains(QStringLiteral("run pulsebook-cli workspace set %1 ")
                                                .arg(command.setFirst[0])),
                         qPrintable(name + QLatin1Char('\n') + r.err));
                const test::CliText set = test::runCliText(
                    QStringList{QStringLiteral("workspace"), QStringLiteral("set")} +
                    command.setFirst + c);
                QVERIFY2(set.exitCode == 0, qPrintable(set.err));
                QCOMPARE(set.err, QString());
                r = test::runCliText(command.arguments);
            }
            QVERIFY2(r.exitCode == 0, qPrintable(name + QLatin1Char('\n') + r.err));
            // The fitted defaults name nothing the data lacks: no warning.
            QVERIFY2(!r.err.contains(QStringLiteral("warning:")) &&
                         !r.err.contains(QStringLiteral("error:")),
                     qPrintable(name + QLatin1Char('\n') + r.err));
        }
    }

    // events: 25 events of 9 names; by count, then name (byte order: capitals first).
    void events()
    {
        const QString cache = freshCache(QStringLiteral("events.pulsebook"));
        const test::CliText r =
            test::runCliText({QStringLiteral("events"), QStringLiteral("--cache"), cache,
                              QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QString());
        QCOMPARE(r.out,
                 QStringLiteral(
                     "event,events,users,first_seen,last_seen\n"
                     "Sign In,8,6,2026-09-01T09:00:00.000Z,2026-10-20T09:00:00.000Z\n"
                     "View Report,4,4,2026-09-10T11:20:00.000Z,2026-10-20T09:15:00.000Z\n"
                     "Create Report,3,3,2026-09-02T10:00:00.000Z,2026-09-07T07:00:00.000Z\n"
                     "onboarding: connect data,3,3,2026-09-01T09:05:00.000Z,"
                     "2026-09-05T07:00:00.000Z\n"
                     "Dashboard: View,2,2,2026-10-05T16:00:00.000Z,2026-10-10T10:30:00.000Z\n"
                     "onboarding: invite team,2,2,2026-09-01T09:10:00.000Z,"
                     "2026-09-06T07:00:00.000Z\n"
                     "Dashboard: Create,1,1,2026-10-01T12:00:00.000Z,2026-10-01T12:00:00.000Z\n"
                     "Export CSV,1,1,2026-10-31T23:00:00.000Z,2026-10-31T23:00:00.000Z\n"
                     "Share Report,1,1,2026-09-25T14:10:00.000Z,2026-09-25T14:10:00.000Z\n"));
        // As of 10-01: only what came before (Sign In: u1 twice, u2, u3, u4's first).
        const test::CliText before = test::runCliText(
            {QStringLiteral("events"), QStringLiteral("--cache"), cache, QStringLiteral("--format"),
             QStringLiteral("csv"), QStringLiteral("--as-of"), QStringLiteral("2026-10-01")});
        QCOMPARE(before.exitCode, 0);
        QCOMPARE(before.out.split(QLatin1Char('\n'))[1],
                 QStringLiteral("Sign In,5,4,2026-09-01T09:00:00.000Z,2026-09-20T08:00:00.000Z"));
    }

    // A definition naming an event the data lacks: 0, and a warning naming close names; a
    // name in another case is the data's name when only one matches.
    void unseenEvents()
    {
        const QString cache = freshCache(QStringLiteral("unseen.pulsebook"));
        const QStringList c{QStringLiteral("--cache"), cache};
        test::CliText r =
            test::runCliText(QStringList{QStringLiteral("workspace"), QStringLiteral("set"),
                                         QStringLiteral("kpi_events"),
                                         QStringLiteral("sign in,Create Reprot,Launch")} +
                             c);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QStringLiteral("pulsebook-cli workspace: kpi_events: warning: "
                                       "$.kpi_events[1]: \"Create Reprot\": no such event; did "
                                       "you mean \"Create Report\"?\n"
                                       "pulsebook-cli workspace: kpi_events: warning: "
                                       "$.kpi_events[2]: \"Launch\": no such event\n"));
        r = test::runCliText(QStringList{QStringLiteral("rollup"), QStringLiteral("--by"),
                                         QStringLiteral("account"), QStringLiteral("--format"),
                                         QStringLiteral("csv")} +
                             c);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QStringLiteral("pulsebook-cli rollup: warning: $.kpi_events[1]: \"Create "
                                       "Reprot\": no such event; did you mean \"Create Report\"?\n"
                                       "pulsebook-cli rollup: warning: $.kpi_events[2]: "
                                       "\"Launch\": no such event\n"));
        // 30 days [10-02, 11-01): Sign In by u4 (10-10), u5 (10-20) of Globex; none at Acme.
        const QStringList lines = r.out.split(QLatin1Char('\n'));
        QVERIFY2(
            lines[0].endsWith(QStringLiteral(",sign in (30d),Create Reprot (30d),Launch (30d)")),
            qPrintable(lines[0]));
        QVERIFY2(lines[1].startsWith(QStringLiteral("ACME,")) &&
                     lines[1].endsWith(QStringLiteral(",0,0,0")),
                 qPrintable(lines[1]));
        QVERIFY2(lines[2].startsWith(QStringLiteral("GLOBEX,")) &&
                     lines[2].endsWith(QStringLiteral(",2,0,0")),
                 qPrintable(lines[2]));
        // An option naming an event the data lacks is an error, with the close names.
        r = test::runCliText(QStringList{QStringLiteral("funnel"), QStringLiteral("--steps"),
                                         QStringLiteral("Sign In,Create Reprot")} +
                             c);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.endsWith(QStringLiteral("pulsebook-cli funnel: unknown event \"Create "
                                               "Reprot\"; did you mean \"Create Report\"?\n")),
                 qPrintable(r.err));
        // A segment on an unseen event: nobody, with the warning.
        r = test::runCliText(QStringList{QStringLiteral("segment"), QStringLiteral("--where"),
                                         QStringLiteral("did \"Dashboard: Veiw\""),
                                         QStringLiteral("--count"), QStringLiteral("--format"),
                                         QStringLiteral("csv")} +
                             c);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("users\n0\n"));
        QVERIFY2(r.err.endsWith(QStringLiteral("pulsebook-cli segment: warning: --where.did: "
                                               "\"Dashboard: Veiw\": no such event; did you mean "
                                               "\"Dashboard: View\"?\n")),
                 qPrintable(r.err));
    }

    // workspace set: one key at a time, checked like an import, before the first sync too.
    void set()
    {
        const QString cache = m_dir.filePath(QStringLiteral("later/new.pulsebook"));
        const QStringList c{QStringLiteral("--cache"), cache};
        auto set = [&](const char* key, const QString& value) {
            return test::runCliText(QStringList{QStringLiteral("workspace"), QStringLiteral("set"),
                                                QLatin1String(key), value} +
                                    c);
        };
        test::CliText r =
            set("onboarding_steps", QStringLiteral("Connect Source, Define Event,Invite Team"));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("Set onboarding_steps in %1\n").arg(cache));
        // No data yet: no event can be judged, nothing to warn about.
        QCOMPARE(r.err, QString());
        // Created like a synced cache: mode 0600 (it will hold e-mail addresses).
        const QFileDevice::Permissions others = QFile::ReadGroup | QFile::WriteGroup |
                                                QFile::ExeGroup | QFile::ReadOther |
                                                QFile::WriteOther | QFile::ExeOther;
        QCOMPARE(QFile::permissions(cache) & others, QFileDevice::Permissions());
        QVERIFY(QFile::permissions(cache) & QFile::WriteOwner);
        QCOMPARE(set("time_zone", QStringLiteral("Europe/Berlin")).exitCode, 0);
        QCOMPARE(
            set("campaigns", QStringLiteral("{\"key_event\": \"Buy\", \"low_wau_threshold\": 3}"))
                .exitCode,
            0);
        // Refused, nothing changed: a bad time zone, a bad shape, an unknown key.
        r = set("time_zone", QStringLiteral("Mars/Olympus"));
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, QStringLiteral("pulsebook-cli workspace: time_zone: error: $.time_zone: "
                                       "unknown time zone \"Mars/Olympus\"\n"
                                       "pulsebook-cli workspace: The stored workspace is "
                                       "unchanged.\n"));
        r = set("campaigns", QStringLiteral("key_event"));
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, QStringLiteral("pulsebook-cli workspace: campaigns: expected JSON (an "
                                       "object or a list), not \"key_event\"\n"));
        r = set("nope", QStringLiteral("1"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith(QStringLiteral("pulsebook-cli workspace: no key \"nope\" in the "
                                                 "workspace (its keys: campaigns, ")),
                 qPrintable(r.err));
        r = test::runCliText(QStringList{QStringLiteral("workspace"), QStringLiteral("export"),
                                         QStringLiteral("-")} +
                             c);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject w = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(w.value(QStringLiteral("onboarding_steps")).toArray(),
                 (QJsonArray{QStringLiteral("Connect Source"), QStringLiteral("Define Event"),
                             QStringLiteral("Invite Team")}));
        QCOMPARE(w.value(QStringLiteral("time_zone")).toString(), QStringLiteral("Europe/Berlin"));
        QCOMPARE(w.value(QStringLiteral("campaigns")).toObject(),
                 (QJsonObject{{QStringLiteral("key_event"), QStringLiteral("Buy")},
                              {QStringLiteral("low_wau_threshold"), 3}}));

        // The data arrives: the settings stay, and the steps it lacks are warnings.
        r = test::runCliText(
            QStringList{QStringLiteral("sync"), test::dataPath(QStringLiteral("nondemo"))} + c);
        QCOMPARE(r.exitCode, 0);
        r = test::runCliText(QStringList{QStringLiteral("onboarding"), QStringLiteral("--by"),
                                         QStringLiteral("account"), QStringLiteral("--format"),
                                         QStringLiteral("csv")} +
                             c);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.startsWith(QStringLiteral("pulsebook-cli onboarding: warning: "
                                                 "$.onboarding_steps[0]: \"Connect Source\": no "
                                                 "such event\n")),
                 qPrintable(r.err));
        // Nobody has done steps that do not exist yet: every rate is 0.
        QCOMPARE(r.out, QStringLiteral("account_id,account,csm,users,onboarded,onboarding_rate,"
                                       "with_gaps\n"
                                       "ACME,Acme Corp,Rosa Diaz,3,0,0,3\n"
                                       "GLOBEX,Globex,Sam Lee,2,0,0,2\n"));
    }

    // workspace suggest on the export, by the rules of the user guide.
    void suggest()
    {
        const QString cache = freshCache(QStringLiteral("suggest.pulsebook"));
        const QStringList c{QStringLiteral("--cache"), cache};
        test::CliText r = test::runCliText(
            QStringList{QStringLiteral("workspace"), QStringLiteral("suggest")} + c);
        QCOMPARE(r.exitCode, 0);
        // KPIs by users: Sign In 6, View Report 4, Create Report 3, Dashboard: View 2, then the
        // 1-user events by name (the onboarding events are left out). Onboarding: the events
        // named so, in the order new users do them (connect data: 5 min, 30 min, 0 after the
        // first event; invite team: 10 min, 1 day). Areas: the "Dashboard" prefix.
        QCOMPARE(r.out,
                 QStringLiteral(
                     "KPI events (the events most users do):\n"
                     "  pulsebook-cli workspace set kpi_events \"Sign In,View Report,Create "
                     "Report,Dashboard: View,Dashboard: Create,Export CSV,Share Report\"\n"
                     "Onboarding steps (named like onboarding or setup, else what most new users "
                     "do in their first 7 days):\n"
                     "  pulsebook-cli workspace set onboarding_steps \"onboarding: connect "
                     "data,onboarding: invite team\"\n"
                     "Product areas (event names sharing a prefix):\n"
                     "  Dashboard: Dashboard: Create, Dashboard: View\n"
                     "All of them: pulsebook-cli workspace suggest --json --cache FILE > w.json, "
                     "then pulsebook-cli workspace import w.json --cache FILE\n"));
        // --json: a workspace that imports, with the proposals in place.
        r = test::runCliText(QStringList{QStringLiteral("workspace"), QStringLiteral("suggest"),
                                         QStringLiteral("--json")} +
                             c);
        QCOMPARE(r.exitCode, 0);
        const QString file = m_dir.filePath(QStringLiteral("suggested.json"));
        test::writeFile(m_dir.path(), QStringLiteral("suggested.json"), r.out.toUtf8());
        r = test::runCliText(
            QStringList{QStringLiteral("workspace"), QStringLiteral("import"), file} + c);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QString());
        r = test::runCliText(QStringList{QStringLiteral("areas"), QStringLiteral("--format"),
                                         QStringLiteral("csv")} +
                             c);
        QCOMPARE(r.exitCode, 0);
        // Dashboard in the 90 days [08-03, 11-01): u1 (Create), u3 and u4 (View).
        QVERIFY2(r.out.split(QLatin1Char('\n'))[1].startsWith(QStringLiteral("Dashboard,3,")),
                 qPrintable(r.out));
        // Onboarding with the suggested steps: u1 and u4 did both.
        r = test::runCliText(QStringList{QStringLiteral("onboarding"), QStringLiteral("--by"),
                                         QStringLiteral("account"), QStringLiteral("--format"),
                                         QStringLiteral("csv")} +
                             c);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("account_id,account,csm,users,onboarded,onboarding_rate,"
                                       "with_gaps\n"
                                       "ACME,Acme Corp,Rosa Diaz,3,1,0.3333333333,2\n"
                                       "GLOBEX,Globex,Sam Lee,2,1,0.5,1\n"));
    }
};

QTEST_GUILESS_MAIN(TestDefinitions)
#include "tst_definitions.moc"
