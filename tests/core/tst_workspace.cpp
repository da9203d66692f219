// Workspace: the team's definitions as JSON (round trip, errors with their JSON path), checked
// against the data (WorkspaceCheck), and stored in the cache. Every message below is the exact text
// a user sees; the CLI import/export is covered in tests/cli/tst_analysiscli.cpp.
#include "TestSupport.h"
#include "analysis/EventIndex.h"
#include "analysis/WorkspaceCheck.h"
#include "cache/Cache.h"
#include "sync/ExportSync.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace pulsebook;

namespace {

QJsonObject object(const char* json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

// A workspace that names only what the fixture below has.
Workspace fitting()
{
    Workspace w;
    w.kpiEvents = {QStringLiteral("Login"), QStringLiteral("Run Query")};
    w.onboardingSteps = {QStringLiteral("Login"), QStringLiteral("View Chart")};
    w.productAreas = {{QStringLiteral("Querying"),
                       {QStringLiteral("Run Query"), QStringLiteral("View Chart")},
                       {QStringLiteral("Run Query"), QStringLiteral("View Chart")}}};
    QStringList problems;
    SegmentDefinition::namedFromJson(
        object(R"({"Admins": {"property": "role", "op": "=", "value": "admin"},
                            "Active admins": {"and": [{"did": "Login", "within_days": 30},
                                                      {"in_segment": "Admins"}]},
                            "Acme": {"property": "account.region", "op": "is_set"}})"),
        &w.segments, &problems);
    w.campaignKeyEvent = QStringLiteral("View Chart");
    return w;
}

} // namespace

class TestWorkspace : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<const EventIndex> m_index;
    std::shared_ptr<const EventIndex> m_emptyIndex;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString folder = m_dir.filePath(QStringLiteral("export"));
        test::writeFile(folder, QStringLiteral("users.csv"),
                        "user_id,email,account_id,role\n"
                        "u1,ann@acme.example,A1,admin\n"
                        "u2,bob@acme.example,A1,viewer\n");
        test::writeFile(folder, QStringLiteral("accounts.csv"),
                        "account_id,name,csm,region\n"
                        "A1,Acme,Maya Patel,EMEA\n");
        test::writeFile(folder, QStringLiteral("events.csv"),
                        "event_id,user_id,time,event\n"
                        "1,u1,2026-10-01T10:00:00Z,Login\n"
                        "2,u1,2026-10-01T10:05:00Z,Run Query\n"
                        "3,u2,2026-10-02T10:00:00Z,View Chart\n");
        Cache cache;
        QString error;
        QVERIFY2(cache.open(m_dir.filePath(QStringLiteral("c.pulsebook")), true, &error) &&
                     syncExportFolder(cache, folder, {}, nullptr, nullptr, &error),
                 qPrintable(error));
        m_index = EventIndex::load(cache, nullptr, &error);
        QVERIFY2(m_index, qPrintable(error));
        QCOMPARE(m_index->typeCount(), 3);
        Cache empty;
        QVERIFY2(empty.open(m_dir.filePath(QStringLiteral("empty.pulsebook")), true, &error),
                 qPrintable(error));
        m_emptyIndex = EventIndex::load(empty, nullptr, &error);
        QVERIFY2(m_emptyIndex, qPrintable(error));
    }

    void defaultsRoundTrip()
    {
        const Workspace defaults = Workspace::defaults();
        const QByteArray json = defaults.toJson();
        Workspace read;
        QString error;
        QVERIFY2(Workspace::fromJson(json, &read, &error), qPrintable(error));
        QCOMPARE(read.toJson(), json);
        // The shipped definitions, as Workspace::defaults() lists them.
        QCOMPARE(read.timeZone, QStringLiteral("UTC"));
        QCOMPARE(read.kpiEvents.size(), 7);
        QCOMPARE(read.kpiEvents.front(), QStringLiteral("Login"));
        QCOMPARE(read.onboardingSteps, (QStringList{QStringLiteral("Complete Profile"),
                                                    QStringLiteral("Connect Data Source"),
                                                    QStringLiteral("Invite Teammate")}));
        QCOMPARE(read.productAreas.size(), 4);
        QCOMPARE(read.productAreas[0].activationFunnel,
                 (QStringList{QStringLiteral("Run Query"), QStringLiteral("Group By")}));
        QVERIFY(read.productAreas[3].activationFunnel.isEmpty());
        QCOMPARE(read.segments.keys().size(), 4);
        QCOMPARE(
            SegmentDefinition::toJson(read.segments.value(QStringLiteral("Power users (30 days)")))
                .toObject(),
            object(R"({"did": "Run Query", "at_least": 20, "within_days": 30})"));
        QCOMPARE(read.campaignKeyEvent, QStringLiteral("View Chart"));
        QCOMPARE(read.lowWauThreshold, 4);
        const QJsonObject document = QJsonDocument::fromJson(json).object();
        QCOMPARE(document.value(QStringLiteral("version")).toInt(), 1);
        // A product area without a funnel writes none.
        QVERIFY(!document.value(QStringLiteral("product_areas"))
                     .toArray()[3]
                     .toObject()
                     .contains(QStringLiteral("activation_funnel")));
        // With no events in the cache, event names cannot be checked yet: the defaults pass.
        QVERIFY(WorkspaceCheck::check(defaults, *m_emptyIndex).isEmpty());
    }

    void fromJsonErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        auto row = [](const char* name, const char* json, const char* error) {
            QTest::newRow(name) << QByteArray(json) << QString::fromUtf8(error);
        };
        // Qt stops just past the second string's opening quote: offset 28, and line 2 starts
        // at offset 2, so column 28 - 2 + 1 = 27 (the quote itself is at column 26).
        row("bad JSON", "{\n  \"kpi_events\": [\"Login\" \"Run Query\"]\n}",
            "$: not valid JSON at line 2, column 27: missing value separator");
        row("not an object", "[1, 2]", "$: expected an object");
        row("kpi_events not a list", R"({"kpi_events": "Login"})",
            "$.kpi_events: expected a list of event names");
        row("kpi event not a name", R"({"kpi_events": ["Login", 3]})",
            "$.kpi_events[1]: expected an event name");
        row("duplicate event", R"({"kpi_events": ["Login", "Run Query", "Login"]})",
            R"($.kpi_events[2]: "Login" is listed twice)");
        row("duplicate onboarding step", R"({"onboarding_steps": ["A", "A"]})",
            R"($.onboarding_steps[1]: "A" is listed twice)");
        row("area without name", R"({"product_areas": [{"name": "Q", "events": ["A"]},
                                                     {"events": ["A"]}]})",
            "$.product_areas[1].name: expected a name");
        row("area name used twice, in another case",
            R"({"product_areas": [{"name": "Reports", "events": ["A"]},
                                  {"name": "reports", "events": ["B"]}]})",
            R"($.product_areas[1].name: another area is named "Reports")");
        row("area without events", R"({"product_areas": [{"name": "Q", "events": []}]})",
            "$.product_areas[0].events: expected at least one event");
        row("one-step funnel",
            R"({"product_areas": [{"name": "Q", "events": ["A"], "activation_funnel": ["A"]}]})",
            "$.product_areas[0].activation_funnel: a funnel needs 2 to 20 steps");
        row("21-step funnel",
            R"({"product_areas": [{"name": "Q", "events": ["A"], "activation_funnel":
                ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14",
                 "15", "16", "17", "18", "19", "20", "21"]}]})",
            "$.product_areas[0].activation_funnel: a funnel needs 2 to 20 steps");
        row("funnel step not a name",
            R"({"product_areas": [{"name": "Q", "events": ["A"], "activation_funnel": ["A", {}]}]})",
            "$.product_areas[0].activation_funnel[1]: expected an event name");
        row("unknown operator",
            R"({"segments": {"X": {"and": [{"property": "role", "op": "~", "value": 1}]}}})",
            R"($.segments.X.and[0].op: unknown operator "~" (expected =, !=, contains, )"
            R"(starts_with, is_set, is_not_set, in, <, <=, >, >=))");
        row("segments not an object", R"({"segments": []})",
            "$.segments: expected an object of named segments");
        row("version 2", R"({"version": 2})",
            "$.version: unsupported version (this Pulsebook reads version 1)");
        row("version as text", R"({"version": "1"})",
            "$.version: unsupported version (this Pulsebook reads version 1)");
        row("time zone", R"({"time_zone": "Mars/Olympus"})",
            R"($.time_zone: unknown time zone "Mars/Olympus")");
        row("threshold", R"({"campaigns": {"key_event": "A", "low_wau_threshold": -1}})",
            "$.campaigns.low_wau_threshold: expected a whole number of at least 0");
    }

    void fromJsonErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        Workspace w;
        w.lowWauThreshold = 99; // untouched on failure
        QString actual;
        QVERIFY(!Workspace::fromJson(json, &w, &actual));
        QCOMPARE(actual, error);
        QCOMPARE(w.lowWauThreshold, 99);
    }

    void check_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("problems");
        // `patch` replaces top-level keys of fitting()'s JSON; `problems` are
        // WorkspaceCheck::check's, one "severity: text" per line.
        auto row = [](const char* name, const char* patch, const char* problems) {
            QTest::newRow(name) << QByteArray(patch) << QString::fromUtf8(problems);
        };
        row("fits", "{}", "");
        // An event the data lacks is a warning (its figures are 0), with close names.
        row("unknown onboarding step", R"({"onboarding_steps": ["Login", "Nope"]})",
            R"(warning: $.onboarding_steps[1]: "Nope": no such event)");
        // "login" is "Login": the only event of that name without regard to case.
        row("kpi in another case", R"({"kpi_events": ["login", "RUN QUERY"]})", "");
        // "logn" is one edit from "login" (a 4-letter name allows 1 edit).
        row("did you mean", R"({"kpi_events": ["Logn", "Run Qeury"]})",
            "warning: $.kpi_events[0]: \"Logn\": no such event; did you mean \"Login\"?\n"
            "warning: $.kpi_events[1]: \"Run Qeury\": no such event; did you mean \"Run "
            "Query\"?");
        row("unknown funnel step",
            R"({"product_areas": [{"name": "Q", "events": ["Login"],
                                   "activation_funnel": ["Login", "Share"]}]})",
            R"(warning: $.product_areas[0].activation_funnel[1]: "Share": no such event)");
        row("unknown key event", R"({"campaigns": {"key_event": "Buy"}})",
            R"(warning: $.campaigns.key_event: "Buy": no such event)");
        row("unknown metric event", R"({"scorecard": {"columns": [{"metric": "kpi:View Chrt"}]}})",
            R"(warning: $.scorecard.columns[0].metric: "View Chrt": no such event; did you mean "View Chart"?)");
        // A property the data lacks cannot work: an error.
        row("unknown property",
            R"({"segments": {"S": {"and": [{"did": "Login"},
                                           {"property": "account.tier", "op": "=", "value": 1}]}}})",
            R"(error: $.segments.S.and[1].property: unknown account property "tier")");
        row("unknown user property", R"({"segments": {"S": {"property": "plan", "op": "is_set"}}})",
            R"(error: $.segments.S.property: unknown user property "plan")");
        row("unknown segment event", R"({"segments": {"S": {"not": {"did_not": "Nope"}}}})",
            R"(warning: $.segments.S.not.did_not: "Nope": no such event)");
        // Segments are checked in name order: A first, which reaches B, which reaches A; then B,
        // which reaches A, which reaches B.
        row("segment cycle",
            R"({"segments": {"A": {"and": [{"did": "Login"}, {"in_segment": "B"}]},
                             "B": {"not": {"in_segment": "A"}}}})",
            "error: $.segments.B.not.in_segment: segment cycle: A → B → A\n"
            "error: $.segments.A.and[1].in_segment: segment cycle: B → A → B");
        row("missing segment", R"({"segments": {"A": {"in_segment": "Z"}}})",
            R"(error: $.segments.A.in_segment: no segment named "Z")");
        // Every problem at once, in document order.
        row("several",
            R"({"kpi_events": ["Nope"], "segments": {"S": {"property": "plan", "op": "is_set"}}})",
            "warning: $.kpi_events[0]: \"Nope\": no such event\n"
            "error: $.segments.S.property: unknown user property \"plan\"");
    }

    void check()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, problems);
        QJsonObject document = QJsonDocument::fromJson(fitting().toJson()).object();
        const QJsonObject changes = QJsonDocument::fromJson(patch).object();
        for (auto it = changes.begin(); it != changes.end(); ++it)
            document.insert(it.key(), it.value());
        Workspace w;
        QString error;
        QVERIFY2(Workspace::fromJson(QJsonDocument(document).toJson(), &w, &error),
                 qPrintable(error));
        QStringList actual;
        for (const WorkspaceProblem& p : WorkspaceCheck::check(w, *m_index))
            actual.append((p.isError() ? QStringLiteral("error: ") : QStringLiteral("warning: ")) +
                          p.text());
        QCOMPARE(actual.join(QLatin1Char('\n')), problems);
    }

    // The defaults on data that is not the demo's keep only what the data has.
    void fittedDefaults()
    {
        // With no events yet, nothing can be judged: the defaults themselves.
        QCOMPARE(WorkspaceCheck::fittedDefaults(*m_emptyIndex).toJson(),
                 Workspace::defaults().toJson());
        const Workspace w = WorkspaceCheck::fittedDefaults(*m_index);
        QCOMPARE(w.kpiEvents, (QStringList{QStringLiteral("Login"), QStringLiteral("Run Query"),
                                           QStringLiteral("View Chart")}));
        QVERIFY(w.onboardingSteps.isEmpty());
        // Querying keeps Run Query, Dashboards View Chart; their funnels lose a step and go.
        QCOMPARE(w.productAreas.size(), 2);
        QCOMPARE(w.productAreas[0].name, QStringLiteral("Querying"));
        QCOMPARE(w.productAreas[0].events, QStringList{QStringLiteral("Run Query")});
        QVERIFY(w.productAreas[0].activationFunnel.isEmpty());
        QCOMPARE(w.productAreas[1].name, QStringLiteral("Dashboards"));
        QCOMPARE(w.productAreas[1].events, QStringList{QStringLiteral("View Chart")});
        QCOMPARE(w.campaignKeyEvent, QStringLiteral("View Chart"));
        // "Not connected to data" names Connect Data Source: it goes.
        QCOMPARE(w.segments.keys(), (QStringList{QStringLiteral("Logged in, no queries (30 days)"),
                                                 QStringLiteral("Power users (30 days)"),
                                                 QStringLiteral("Strategic accounts")}));
        // No onboarding steps: the onboarding rate input goes; the other inputs stay.
        QCOMPARE(w.healthScore.groups.size(), 3);
        QCOMPARE(w.healthScore.groups[1].inputs.size(), 1);
        QCOMPARE(w.healthScore.groups[1].inputs[0].metric.spelling,
                 QStringLiteral("products_adopted"));
        QCOMPARE(w.healthScore.groups[0].inputs.size(), 3);
        QCOMPARE(w.scorecard.columns.size(), Workspace::defaults().scorecard.columns.size());
        QVERIFY(WorkspaceCheck::check(w, *m_index).isEmpty());
    }

    // A name matches without regard to case only when one event does: with both "Export" and
    // "EXPORT", "export" is neither, and both are proposed.
    void ambiguousCase()
    {
        test::SyncedCache data;
        QString error;
        QVERIFY2(data.load({{QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                                           "1,u1,2026-10-01,Export\n"
                                                           "2,u1,2026-10-02,EXPORT\n"
                                                           "3,u1,2026-10-03,Import\n"}},
                           &error),
                 qPrintable(error));
        const EventIndex& index = *data.index;
        QCOMPARE(index.typeIndex(QStringLiteral("export")), -1);
        QCOMPARE(index.typeName(index.typeIndex(QStringLiteral("EXPORT"))),
                 QStringLiteral("EXPORT"));
        QCOMPARE(index.typeName(index.typeIndex(QStringLiteral("import"))),
                 QStringLiteral("Import"));
        Workspace w;
        w.kpiEvents = {QStringLiteral("export"), QStringLiteral("iMPORT")};
        w.healthScore.groups.clear(); // its kpi_per_user:Run Query is not in this data
        const WorkspaceProblems problems = WorkspaceCheck::check(w, index);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].text(), QStringLiteral("$.kpi_events[0]: \"export\": no such event; "
                                                    "did you mean \"EXPORT\" or \"Export\"?"));
    }

    // The demo data has every name of the defaults: its figures stay today's.
    void fittedDefaultsOnDemo()
    {
        test::SyncedCache demo;
        QString error;
        QVERIFY2(demo.loadDemo(&error), qPrintable(error));
        QCOMPARE(WorkspaceCheck::fittedDefaults(*demo.index).toJson(),
                 Workspace::defaults().toJson());
    }

    // Stored keys only: the others stay the defaults (and, in analysis, fit the data).
    void saveSomeKeys()
    {
        const QString path = m_dir.filePath(QStringLiteral("some.pulsebook"));
        QString error;
        Cache cache;
        QVERIFY2(cache.open(path, true, &error), qPrintable(error));
        Workspace mine = fitting();
        QVERIFY2(mine.save(cache, &error, {QStringLiteral("onboarding_steps")}), qPrintable(error));
        Workspace read;
        QStringList keys;
        QVERIFY2(Workspace::load(cache, &read, &error, &keys), qPrintable(error));
        QCOMPARE(keys,
                 (QStringList{QStringLiteral("onboarding_steps"), QStringLiteral("version")}));
        QCOMPARE(read.onboardingSteps, mine.onboardingSteps);
        QCOMPARE(read.kpiEvents, Workspace::defaults().kpiEvents);
        QCOMPARE(SegmentDefinition::namedToJson(read.segments),
                 SegmentDefinition::namedToJson(Workspace::defaults().segments));
        // In effect on this data: the stored steps, the defaults fitted to Login, Run Query and
        // View Chart for the rest.
        Workspace effective;
        QVERIFY2(WorkspaceCheck::load(cache, *m_index, &effective, &error), qPrintable(error));
        QCOMPARE(effective.onboardingSteps, mine.onboardingSteps);
        QCOMPARE(effective.kpiEvents,
                 (QStringList{QStringLiteral("Login"), QStringLiteral("Run Query"),
                              QStringLiteral("View Chart")}));
        // With steps of its own, the health score keeps its onboarding-rate input.
        QCOMPARE(effective.healthScore.groups[1].inputs.size(), 2);
    }

    void saveAndLoad()
    {
        const QString path = m_dir.filePath(QStringLiteral("store.pulsebook"));
        const Workspace mine = [] {
            Workspace w = fitting();
            w.timeZone = QStringLiteral("Europe/Berlin");
            w.lowWauThreshold = 7;
            QString why;
            ScorecardDefinition::fromJson(
                object(R"({"columns": [{"metric": "wau", "green": 10, "yellow": 5}]})"),
                QStringLiteral("$.scorecard"), &w.scorecard, &why);
            return w;
        }();
        QString error;
        {
            Cache cache;
            QVERIFY2(cache.open(path, true, &error), qPrintable(error));
            // Nothing stored: the defaults.
            Workspace loaded;
            QVERIFY2(Workspace::load(cache, &loaded, &error), qPrintable(error));
            QCOMPARE(loaded.toJson(), Workspace::defaults().toJson());
            QVERIFY2(mine.save(cache, &error), qPrintable(error));
        }
        {
            Cache cache;
            QVERIFY2(cache.open(path, false, &error), qPrintable(error));
            Workspace loaded;
            QVERIFY2(Workspace::load(cache, &loaded, &error), qPrintable(error));
            QCOMPARE(loaded.toJson(), mine.toJson());
            QCOMPARE(loaded.timeZone, QStringLiteral("Europe/Berlin"));
            QCOMPARE(loaded.lowWauThreshold, 7);
            QCOMPARE(loaded.segments.keys(),
                     (QStringList{QStringLiteral("Acme"), QStringLiteral("Active admins"),
                                  QStringLiteral("Admins")}));
            // Saving again replaces it.
            QVERIFY2(Workspace::defaults().save(cache, &error), qPrintable(error));
            QVERIFY2(Workspace::load(cache, &loaded, &error), qPrintable(error));
            QCOMPARE(loaded.toJson(), Workspace::defaults().toJson());

            // A damaged stored document is reported with the cache path, not replaced.
            QVERIFY(cache.db().exec("BEGIN", &error));
            QVERIFY(cache.setMeta("workspace", QStringLiteral("{\"kpi_events\": 3}"), &error));
            QVERIFY(cache.db().exec("COMMIT", &error));
            QVERIFY(!Workspace::load(cache, &loaded, &error));
            QCOMPARE(error, QStringLiteral("%1: the stored workspace is damaged: $.kpi_events: "
                                           "expected a list of event names")
                                .arg(path));
        }
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
