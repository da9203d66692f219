// Workspace: the team's definitions as JSON (round trip, errors with their JSON path), checked
// against the data (validate), and stored in the cache. Every message below is the exact text
// a user sees; the CLI import/export is covered in tests/cli/tst_analysiscli.cpp.
#include "TestSupport.h"
#include "analysis/EventIndex.h"
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
    w.segments = object(R"({"Admins": {"property": "role", "op": "=", "value": "admin"},
                            "Active admins": {"and": [{"did": "Login", "within_days": 30},
                                                      {"in_segment": "Admins"}]},
                            "Acme": {"property": "account.region", "op": "is_set"}})");
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
        QCOMPARE(read.segments.value(QStringLiteral("Power users (30 days)")).toObject(),
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
        QVERIFY2(defaults.validate(*m_emptyIndex, &error), qPrintable(error));
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

    void validate_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("error");
        // `patch` replaces top-level keys of fitting()'s JSON.
        auto row = [](const char* name, const char* patch, const char* error) {
            QTest::newRow(name) << QByteArray(patch) << QString::fromUtf8(error);
        };
        row("fits", "{}", "");
        row("unknown onboarding step", R"({"onboarding_steps": ["Login", "Nope"]})",
            R"($.onboarding_steps[1]: unknown event "Nope")");
        row("unknown kpi", R"({"kpi_events": ["login"]})",
            R"($.kpi_events[0]: unknown event "login")"); // names are case-sensitive
        row("unknown funnel step",
            R"({"product_areas": [{"name": "Q", "events": ["Login"],
                                   "activation_funnel": ["Login", "Share"]}]})",
            R"($.product_areas[0].activation_funnel[1]: unknown event "Share")");
        row("unknown key event", R"({"campaigns": {"key_event": "Buy"}})",
            R"($.campaigns.key_event: unknown event "Buy")");
        row("unknown property",
            R"({"segments": {"S": {"and": [{"did": "Login"},
                                           {"property": "account.tier", "op": "=", "value": 1}]}}})",
            R"($.segments.S.and[1].property: unknown account property "tier")");
        row("unknown user property", R"({"segments": {"S": {"property": "plan", "op": "is_set"}}})",
            R"($.segments.S.property: unknown user property "plan")");
        row("unknown segment event", R"({"segments": {"S": {"not": {"did_not": "Nope"}}}})",
            R"($.segments.S.not.did_not: unknown event "Nope")");
        // Segments are checked in name order: A first, which reaches B, which reaches A.
        row("segment cycle",
            R"({"segments": {"A": {"and": [{"did": "Login"}, {"in_segment": "B"}]},
                             "B": {"not": {"in_segment": "A"}}}})",
            "$.segments.B.not.in_segment: segment cycle: A → B → A");
        row("missing segment", R"({"segments": {"A": {"in_segment": "Z"}}})",
            R"($.segments.A.in_segment: no segment named "Z")");
    }

    void validate()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, error);
        QJsonObject document = QJsonDocument::fromJson(fitting().toJson()).object();
        const QJsonObject changes = QJsonDocument::fromJson(patch).object();
        for (auto it = changes.begin(); it != changes.end(); ++it)
            document.insert(it.key(), it.value());
        Workspace w;
        QString actual;
        QVERIFY2(Workspace::fromJson(QJsonDocument(document).toJson(), &w, &actual),
                 qPrintable(actual));
        QCOMPARE(w.validate(*m_index, &actual) ? QString() : actual, error);
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
