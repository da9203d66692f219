// Real exports as they come (issue 12): a Heap Connect dump, a Salesforce report and an HR
// team list, read through the workspace's mapping, land exactly as the canonical export of
// the same data; the plan says what a sync reads; slash dates, ";" lists, report footers and
// job titles.
#include "TestSupport.h"

#include "analysis/TeamTree.h"
#include "cache/Database.h"
#include "sync/ExportSync.h"
#include "sync/FieldParser.h"
#include "sync/SyncPlan.h"
#include "workspace/Workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace pulsebook;
using FieldParser::DateOrder;

namespace {

QString exportDir(const char* name)
{
    return test::dataPath(QStringLiteral("exports/") + QLatin1String(name));
}

// The time `text` reads as in `order`, formatted; or "error: <reason>".
QString readTime(const char* text, DateOrder order)
{
    qint64 ms = 0;
    QString reason;
    if (!FieldParser::timestamp(std::string_view(text), &ms, &reason, order))
        return QStringLiteral("error: ") + reason;
    return FieldParser::formatTimestamp(ms);
}

const QStringList FullMapping = {
    QStringLiteral("--map"),        QStringLiteral("accounts=report1733312345678.csv"),
    QStringLiteral("--map"),        QStringLiteral("team=employees.csv"),
    QStringLiteral("--map"),        QStringLiteral("accounts.csm=CSM Assigned"),
    QStringLiteral("--map"),        QStringLiteral("users.account_id=Org ID"),
    QStringLiteral("--date-order"), QStringLiteral("MDY")};

} // namespace

class TestRealExports : public QObject
{
    Q_OBJECT

private slots:
    void slashDates_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("order");
        QTest::addColumn<QString>("expected");
        const int unset = int(DateOrder::Unset), mdy = int(DateOrder::MDY),
                  dmy = int(DateOrder::DMY);
        QTest::newRow("MDY") << QByteArray("9/1/2026") << mdy
                             << QStringLiteral("2026-09-01T00:00:00.000Z");
        QTest::newRow("DMY") << QByteArray("9/1/2026") << dmy
                             << QStringLiteral("2026-01-09T00:00:00.000Z");
        QTest::newRow("DMY with time")
            << QByteArray("01/09/2026 14:05") << dmy << QStringLiteral("2026-09-01T14:05:00.000Z");
        QTest::newRow("MDY PM, comma") << QByteArray("9/1/2026, 2:05:09 PM") << mdy
                                       << QStringLiteral("2026-09-01T14:05:09.000Z");
        QTest::newRow("12 AM") << QByteArray("12/1/2026 12:30 am") << mdy
                               << QStringLiteral("2026-12-01T00:30:00.000Z");
        QTest::newRow("unambiguous day first")
            << QByteArray("30/11/2026") << unset << QStringLiteral("2026-11-30T00:00:00.000Z");
        QTest::newRow("unambiguous month first")
            << QByteArray("11/30/2026") << unset << QStringLiteral("2026-11-30T00:00:00.000Z");
        QTest::newRow("same both ways")
            << QByteArray("5/5/2026") << unset << QStringLiteral("2026-05-05T00:00:00.000Z");
        QTest::newRow("ambiguous")
            << QByteArray("9/1/2026") << unset
            << QStringLiteral("error: ambiguous date (month or day first?): set the "
                              "workspace's date_order to MDY or DMY");
        QTest::newRow("against the order") << QByteArray("30/11/2026") << mdy
                                           << QStringLiteral("error: no such date (date_order "
                                                             "is MDY)");
        QTest::newRow("no such date") << QByteArray("31/2/2026") << dmy
                                      << QStringLiteral("error: no such date (date_order is "
                                                        "DMY)");
        QTest::newRow("two-digit year") << QByteArray("9/1/26") << mdy
                                        << QStringLiteral("error: not a date (expected M/D/YYYY "
                                                          "or D/M/YYYY)");
        QTest::newRow("13 PM") << QByteArray("9/1/2026 13:00 PM") << mdy
                               << QStringLiteral("error: bad time of day (expected H:MM[:SS] "
                                                 "[AM|PM])");
    }

    void slashDates()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, order);
        QFETCH(QString, expected);
        QCOMPARE(readTime(text.constData(), DateOrder(order)), expected);
    }

    void semicolonLists()
    {
        qint64 n = 0;
        QVERIFY(FieldParser::productCount("Analytics;Warehouse Sync", &n, nullptr));
        QCOMPARE(n, 2);
        QVERIFY(FieldParser::productCount("Analytics; Warehouse Sync, Alerts;", &n, nullptr));
        QCOMPARE(n, 3);
        QVERIFY(FieldParser::productCount("4", &n, nullptr));
        QCOMPARE(n, 4);
        double money = 0;
        QVERIFY(FieldParser::money("$120,036.50", &money, nullptr));
        QCOMPARE(money, 120036.5);
    }

    void teamLevels_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<bool>("hasManager");
        QTest::addColumn<bool>("hasReports");
        QTest::addColumn<QString>("level");
        QTest::newRow("VP title") << QStringLiteral("VP, Customer Success") << false << true
                                  << QStringLiteral("VP");
        QTest::newRow("vice president")
            << QStringLiteral("Vice President of CS") << true << true << QStringLiteral("VP");
        QTest::newRow("director") << QStringLiteral("Director, Customer Success") << true << true
                                  << QStringLiteral("Director");
        QTest::newRow("customer success manager")
            << QStringLiteral("Customer Success Manager") << true << false << QStringLiteral("CSM");
        QTest::newRow("senior csm")
            << QStringLiteral("Senior CSM") << true << false << QStringLiteral("CSM");
        QTest::newRow("manager") << QStringLiteral("Manager, Customer Success") << true << true
                                 << QStringLiteral("Manager");
        QTest::newRow("head of") << QStringLiteral("Head of Onboarding") << true << true
                                 << QStringLiteral("Manager");
        QTest::newRow("no level, top")
            << QStringLiteral("Founder") << false << true << QStringLiteral("VP");
        QTest::newRow("no level, middle")
            << QStringLiteral("Team Lead") << true << true << QStringLiteral("Manager");
        QTest::newRow("no level, leaf")
            << QStringLiteral("Account Executive II") << true << false << QStringLiteral("CSM");
        QTest::newRow("no title, leaf") << QString() << true << false << QStringLiteral("CSM");
        QTest::newRow("word, not part")
            << QStringLiteral("CSMO Liaison") << true << true << QStringLiteral("Manager");
    }

    void teamLevels()
    {
        QFETCH(QString, title);
        QFETCH(bool, hasManager);
        QFETCH(bool, hasReports);
        QFETCH(QString, level);
        QCOMPARE(TeamTree::levelName(TeamTree::level(title, hasManager, hasReports)), level);
    }

    // The HR list as team.csv: every title is kept as written, the levels come from titles
    // and links.
    void teamFromHrList()
    {
        test::SyncedCache synced;
        QString error;
        QVERIFY2(synced.load({{QStringLiteral("team.csv"),
                               test::readFile(exportDir("salesforce-hr") +
                                              QStringLiteral("/employees.csv"))}},
                             &error),
                 qPrintable(error));
        TeamTree tree;
        QVERIFY2(tree.build(*synced.index, &error), qPrintable(error));
        QStringList got;
        for (const auto& n : tree.nodes())
            got.append(
                QStringLiteral("%1|%2|%3").arg(n.person, n.role, TeamTree::levelName(n.level)));
        got.sort();
        QCOMPARE(got, (QStringList{QStringLiteral("Dana Reyes|VP, Customer Success|VP"),
                                   QStringLiteral("Lena Brandt|Team Lead|Manager"),
                                   QStringLiteral("Omar Haddad|Director, Customer Success|"
                                                  "Director"),
                                   QStringLiteral("Priya Nair|Senior CSM|CSM"),
                                   QStringLiteral("Tom Becker|Account Executive II|CSM")}));
    }

    void mappingJson()
    {
        Workspace w;
        QString error;
        QVERIFY2(Workspace::fromJson(R"({"columns": {"Accounts": {"CSM": "Account Owner",
                 "arr": "Annual Revenue"}, "team": {"role": "Job Title"}},
                 "files": {"accounts": "report1.csv"}, "date_order": "dmy"})",
                                     &w, &error),
                 qPrintable(error));
        QCOMPARE(
            w.exportMapping.columns.value(QStringLiteral("accounts")).value(QStringLiteral("csm")),
            QStringLiteral("Account Owner"));
        QCOMPARE(w.exportMapping.columns.value(QStringLiteral("team")).size(), 1);
        QCOMPARE(w.exportMapping.files.value(QStringLiteral("accounts")),
                 QStringLiteral("report1.csv"));
        QCOMPARE(w.exportMapping.dateOrder, DateOrder::DMY);
        const QJsonObject round = QJsonDocument::fromJson(w.toJson()).object();
        QCOMPARE(round.value(QStringLiteral("date_order")).toString(), QStringLiteral("DMY"));
        QCOMPARE(round.value(QStringLiteral("columns"))
                     .toObject()
                     .value(QStringLiteral("accounts"))
                     .toObject()
                     .value(QStringLiteral("arr"))
                     .toString(),
                 QStringLiteral("Annual Revenue"));
        QVERIFY(!Workspace::defaults().toJson().contains("date_order"));

        const std::pair<const char*, const char*> bad[] = {
            {R"({"columns": {"accounts": {"owner": "X"}}})",
             "$.columns.accounts.owner: accounts has no field of that name"},
            {R"({"columns": {"accounts": ["X"]}})",
             "$.columns.accounts: expected an object of field: column"},
            {R"({"files": {"bogus": "x.csv"}})",
             "$.files.bogus: no such table (team, accounts, users, user_migrations, sessions, "
             "events, campaign_touches)"},
            {R"({"files": {"team": ""}})", "$.files.team: expected a file name"},
            {R"({"date_order": "YMD"})", "$.date_order: expected MDY or DMY"},
        };
        for (const auto& [json, message] : bad) {
            QVERIFY(!Workspace::fromJson(json, &w, &error));
            QCOMPARE(error, QString::fromUtf8(message));
        }
    }

    // The real exports, mapped and saved on the first sync, give the canonical export's cache:
    // every table's checksum.
    void sameCacheAsCanonical()
    {
        QTemporaryDir tmp;
        const QString canonical = tmp.filePath(QStringLiteral("canonical.pulsebook"));
        const QString real = tmp.filePath(QStringLiteral("real.pulsebook"));
        test::CliText r = test::runCliText(
            {QStringLiteral("sync"), exportDir("canonical"), QStringLiteral("--cache"), canonical});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = test::runCliText(QStringList{QStringLiteral("sync"), exportDir("salesforce-hr"),
                                         QStringLiteral("--cache"), real,
                                         QStringLiteral("--save-map")} +
                             FullMapping);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("report1733312345678.csv: skipped a report footer "
                                               "(4 lines from line 6)\n")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("Mapping saved in the workspace.\n")));
        // The Heap Connect dump, synced later, reads the saved mapping (users.account_id).
        r = test::runCliText(
            {QStringLiteral("sync"), exportDir("heap-connect"), QStringLiteral("--cache"), real});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("    \"Org ID\" -> account_id (mapped)\n")),
                 qPrintable(r.out));

        auto a = test::snapshot(canonical);
        auto b = test::snapshot(real);
        // meta holds the saved workspace: the one difference, by design.
        a.remove(QStringLiteral("meta"));
        b.remove(QStringLiteral("meta"));
        QVERIFY(a.value(QStringLiteral("accounts")).rows == 3);
        QVERIFY(a.value(QStringLiteral("team")).rows == 5);
        QVERIFY(a.value(QStringLiteral("users")).rows == 3);
        QCOMPARE(b.keys(), a.keys());
        for (auto it = a.constBegin(); it != a.constEnd(); ++it)
            QVERIFY2(b.value(it.key()) == it.value(), qPrintable(it.key()));

        // The saved mapping, as the workspace holds it.
        Cache cache;
        QString error;
        QVERIFY2(cache.open(real, false, &error), qPrintable(error));
        Workspace w;
        QVERIFY2(Workspace::load(cache, &w, &error), qPrintable(error));
        QCOMPARE(w.exportMapping.files,
                 (QMap<QString, QString>{
                     {QStringLiteral("accounts"), QStringLiteral("report1733312345678.csv")},
                     {QStringLiteral("team"), QStringLiteral("employees.csv")}}));
        QCOMPARE(w.exportMapping.columns.value(QStringLiteral("accounts")),
                 (QMap<QString, QString>{{QStringLiteral("csm"), QStringLiteral("CSM Assigned")}}));
        QCOMPARE(w.exportMapping.dateOrder, DateOrder::MDY);
    }

    void dryRunPlan()
    {
        QTemporaryDir tmp;
        const QString cache = tmp.filePath(QStringLiteral("never.pulsebook"));
        const QString dir = exportDir("salesforce-hr");
        // Only the team list mapped: the report is ignored, and the plan names the mapping
        // that would read it.
        test::CliText r = test::runCliText(
            {QStringLiteral("sync"), dir, QStringLiteral("--dry-run"), QStringLiteral("--cache"),
             cache, QStringLiteral("--map"), QStringLiteral("team=employees.csv")});
        QCOMPARE(r.err, QString());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out,
                 QStringLiteral("Plan for %1:\n"
                                "  team <- employees.csv (files.team)\n"
                                "    \"Employee Name\" -> person (synonym)\n"
                                "    \"Job Title\" -> role (synonym)\n"
                                "    \"Reports To\" -> manager (synonym)\n"
                                "  no file for: accounts, users, user_migrations, sessions, "
                                "events, campaign_touches\n"
                                "  ignored report1733312345678.csv: no table has this file "
                                "name; it has the columns of accounts: read it with --map "
                                "accounts=report1733312345678.csv\n"
                                "  date order: not set (a slash date is read only when it can "
                                "mean one date)\n"
                                "Dry run: nothing was changed.\n")
                     .arg(dir));
        QVERIFY(!QFileInfo::exists(cache));

        // Fully mapped: mapped, synonym and property columns.
        r = test::runCliText(QStringList{QStringLiteral("sync"), dir, QStringLiteral("--dry-run"),
                                         QStringLiteral("--cache"), cache} +
                             FullMapping);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("Plan for %1:\n"
                                       "  team <- employees.csv (files.team)\n"
                                       "    \"Employee Name\" -> person (synonym)\n"
                                       "    \"Job Title\" -> role (synonym)\n"
                                       "    \"Reports To\" -> manager (synonym)\n"
                                       "  accounts <- report1733312345678.csv (files.accounts)\n"
                                       "    \"Account ID\" -> account_id (synonym)\n"
                                       "    \"Account Name\" -> name (synonym)\n"
                                       "    \"CSM Assigned\" -> csm (mapped)\n"
                                       "    \"Contract End Date\" -> renewal_date (synonym)\n"
                                       "    \"Annual Revenue\" -> arr (synonym)\n"
                                       "    \"Products Adopted\" -> products_adopted (synonym)\n"
                                       "    \"Industry\" -> property\n"
                                       "  no file for: users, user_migrations, sessions, events, "
                                       "campaign_touches\n"
                                       "  date order: MDY\n"
                                       "Dry run: nothing was changed.\n")
                            .arg(dir));
        QVERIFY(!QFileInfo::exists(cache));
    }

    // The plan in core: a mapping wins over a synonym (whose column becomes a property), a
    // mapped column the file lacks and a missing required field are listed, files are ignored
    // with their reason.
    void planInCore()
    {
        QTemporaryDir tmp;
        test::writeFile(tmp.path(), QStringLiteral("accounts.csv"),
                        "Company ID,name,Account Name,Notes\nA1,x,Acme,hi\n");
        test::writeFile(tmp.path(), QStringLiteral("team.csv"), "Title,Reports To\nCSM,Ann\n");
        test::writeFile(tmp.path(), QStringLiteral("notes.txt"), "hello\n");
        test::writeFile(tmp.path(), QStringLiteral("Accounts_old.csv"), "account_id\nA\n");
        ExportMapping mapping;
        QString error;
        QVERIFY(mapping.set(QStringLiteral("accounts.name=account name"), &error));
        QVERIFY(mapping.set(QStringLiteral("accounts.csm=Owner"), &error));
        SyncPlan plan;
        QVERIFY2(planExportFolder(tmp.path(), mapping, &plan, &error), qPrintable(error));
        QCOMPARE(plan.tables.size(), 2);
        const SyncPlan::TablePlan& team = plan.tables[0];
        QCOMPARE(team.tableName, QStringLiteral("team"));
        QCOMPARE(team.missing, QStringList{QStringLiteral("person")});
        const SyncPlan::TablePlan& accounts = plan.tables[1];
        QStringList columns;
        for (const auto& c : accounts.columns)
            columns.append(c.header + QLatin1Char('=') + c.field);
        QCOMPARE(columns,
                 (QStringList{QStringLiteral("Company ID=account_id"), QStringLiteral("name="),
                              QStringLiteral("Account Name=name"), QStringLiteral("Notes=")}));
        QCOMPARE(accounts.columns[2].match, ExportFormat::Match::Mapped);
        QCOMPARE(accounts.unmatched, QStringList{QStringLiteral("csm")});
        QCOMPARE(plan.ignored.size(), 2);
        QCOMPARE(plan.ignored[0].file, QStringLiteral("Accounts_old.csv"));
        QCOMPARE(plan.ignored[0].reason, QStringLiteral("no table has this file name"));
        QCOMPARE(plan.ignored[0].suggestedTable, QString()); // accounts has a file already
        QCOMPARE(plan.ignored[1].file, QStringLiteral("notes.txt"));
        QCOMPARE(plan.ignored[1].reason, QStringLiteral("not a CSV file"));
        QCOMPARE(
            plan.blockingProblem(),
            QStringLiteral("%1/team.csv:1:1: missing required column \"person\"").arg(tmp.path()));
    }

    // "TABLE.FIELD=" maps an optional field to no column: the column of its synonym becomes a
    // property, the plan says so, and the saved mapping holds null. A required field refuses it.
    void noColumnForAField()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("crm"));
        // "Account Owner" is a synonym of csm; without the mapping it would fill csm.
        test::writeFile(dir, QStringLiteral("accounts.csv"),
                        "account_id,Account Owner,Segment\nK-7,Dana Reyes,SMB\n");
        const QString cache = tmp.filePath(QStringLiteral("c.pulsebook"));
        const QStringList sync = {QStringLiteral("sync"),    dir,
                                  QStringLiteral("--cache"), cache,
                                  QStringLiteral("--map"),   QStringLiteral("accounts.csm=")};
        test::CliText r = test::runCliText(sync + QStringList{QStringLiteral("--dry-run")});
        QCOMPARE(r.err, QString());
        QCOMPARE(r.out, QStringLiteral("Plan for %1:\n"
                                       "  accounts <- accounts.csv\n"
                                       "    \"account_id\" -> account_id\n"
                                       "    \"Account Owner\" -> property\n"
                                       "    \"Segment\" -> property\n"
                                       "    (none) -> csm (mapped)\n"
                                       "  no file for: team, users, user_migrations, sessions, "
                                       "events, campaign_touches\n"
                                       "  date order: not set (a slash date is read only when it "
                                       "can mean one date)\n"
                                       "Dry run: nothing was changed.\n")
                            .arg(dir));

        r = test::runCliText(sync + QStringList{QStringLiteral("--save-map")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        Cache c;
        QString error;
        QVERIFY2(c.openForReading(cache, &error), qPrintable(error));
        Statement row = c.db().prepare("SELECT csm IS NULL, instr(properties, 'Dana Reyes') > 0 "
                                       "FROM accounts WHERE account_id = 'K-7'",
                                       &error);
        QVERIFY2(row.isValid() && row.step(), qPrintable(error));
        QCOMPARE(row.int64(0), 1); // no csm
        QCOMPARE(row.int64(1), 1); // the owner kept as a property
        const QJsonObject stored = QJsonDocument::fromJson(c.meta("workspace").toUtf8()).object();
        const QJsonValue csm = stored.value(QStringLiteral("columns"))
                                   .toObject()
                                   .value(QStringLiteral("accounts"))
                                   .toObject()
                                   .value(QStringLiteral("csm"));
        QVERIFY(csm.isNull()); // present and null, not missing
        Workspace w;
        QVERIFY2(Workspace::load(c, &w, &error), qPrintable(error));
        QCOMPARE(w.exportMapping.columns.value(QStringLiteral("accounts")),
                 (QMap<QString, QString>{{QStringLiteral("csm"), QString()}}));

        r = test::runCliText({QStringLiteral("sync"), dir, QStringLiteral("--dry-run"),
                              QStringLiteral("--map"), QStringLiteral("accounts.account_id=")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--map accounts.account_id=: accounts.account_id "
                                               "is required: a column must fill it")),
                 qPrintable(r.err));
        r = test::runCliText({QStringLiteral("sync"), dir, QStringLiteral("--dry-run"),
                              QStringLiteral("--map"), QStringLiteral("accounts=")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--map accounts=: expected TABLE=FILE, "
                                               "TABLE.FIELD=COLUMN or TABLE.FIELD=")),
                 qPrintable(r.err));

        const std::pair<const char*, const char*> documents[] = {
            {R"({"columns": {"accounts": {"account_id": null}}})",
             "$.columns.accounts.account_id: accounts.account_id is required: a column must fill "
             "it"},
            {R"({"columns": {"accounts": {"csm": ""}}})",
             "$.columns.accounts.csm: expected a column name (null: no column)"},
        };
        for (const auto& [json, message] : documents) {
            QVERIFY(!Workspace::fromJson(json, &w, &error));
            QCOMPARE(error, QString::fromUtf8(message));
        }
    }

    // Errors of real exports: an ambiguous date names the setting; a folder with only an
    // unrecognised report names the mapping; a table none of whose rows landed fails.
    void errors()
    {
        QTemporaryDir tmp;
        const QString cache = tmp.filePath(QStringLiteral("c.pulsebook"));
        test::CliText r = test::runCliText(
            {QStringLiteral("sync"), exportDir("salesforce-hr"), QStringLiteral("--cache"), cache,
             QStringLiteral("--map"), QStringLiteral("accounts=report1733312345678.csv")});
        QCOMPARE(r.exitCode, 1);
        // Line 2, column 36: the opening quote of "9/1/2026".
        QVERIFY2(r.err.contains(exportDir("salesforce-hr") +
                                QStringLiteral("/report1733312345678.csv:2:36: column \"Contract "
                                               "End Date\": \"9/1/2026\": ambiguous date "
                                               "(month or day first?): set the workspace's "
                                               "date_order to MDY or DMY\nThe cache is "
                                               "unchanged.\n")),
                 qPrintable(r.err));

        const QString only = tmp.filePath(QStringLiteral("only-report"));
        QVERIFY(QDir().mkpath(only));
        QVERIFY(QFile::copy(exportDir("salesforce-hr") + QStringLiteral("/report1733312345678.csv"),
                            only + QStringLiteral("/report1733312345678.csv")));
        r = test::runCliText({QStringLiteral("sync"), only, QStringLiteral("--cache"), cache});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, QStringLiteral("%1: no export files (expected events.csv, users.csv, "
                                       "accounts.csv, ...); report1733312345678.csv has the "
                                       "columns of accounts: read it with --map "
                                       "accounts=report1733312345678.csv\nThe cache is "
                                       "unchanged.\n")
                            .arg(only));

        const QString bad = tmp.filePath(QStringLiteral("bad"));
        test::writeFile(bad, QStringLiteral("accounts.csv"),
                        "account_id,renewal_date\nA,3/4/2026\nB,5/6/2026\n");
        test::writeFile(bad, QStringLiteral("team.csv"), "person,role\nAnn,Chief of Staff\n");
        const auto before = test::snapshot(cache);
        r = test::runCliText({QStringLiteral("sync"), bad, QStringLiteral("--cache"), cache,
                              QStringLiteral("--skip-bad-rows")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("%1/accounts.csv: none of its 2 rows landed "
                                               "(all were rejected, see %2.rejects.csv)")
                                    .arg(bad, cache)),
                 qPrintable(r.err));
        QCOMPARE(test::snapshot(cache), before);

        // One good row: the bad one goes to the rejects file, which names its column.
        test::writeFile(bad, QStringLiteral("accounts.csv"),
                        "account_id,renewal_date\nA,3/4/2026\nB,13/6/2026\n");
        r = test::runCliText({QStringLiteral("sync"), bad, QStringLiteral("--cache"), cache,
                              QStringLiteral("--skip-bad-rows")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(test::readFile(cache + QStringLiteral(".rejects.csv")),
                 QByteArray("file,line,reason,record\n") + bad.toUtf8() +
                     "/accounts.csv,2,\"column \"\"renewal_date\"\": \"\"3/4/2026\"\": ambiguous "
                     "date (month or day first?): set the workspace's date_order to MDY or "
                     "DMY\",\"A,3/4/2026\"\n");
    }

    // A footer followed by data is no footer: strict mode stops at its first line.
    void footerThenData()
    {
        QTemporaryDir tmp;
        test::writeFile(tmp.path(), QStringLiteral("accounts.csv"),
                        "account_id,name\nA,x\n\nGenerated By: Ann\nB,y\n");
        Cache cache;
        QString error;
        QVERIFY(cache.open(tmp.filePath(QStringLiteral("c.pulsebook")), true, &error));
        QVERIFY(!syncExportFolder(cache, tmp.path(), {}, nullptr, nullptr, &error));
        QCOMPARE(
            error,
            QStringLiteral("%1/accounts.csv:4:18: expected 2 fields, found 1").arg(tmp.path()));
        // Without the empty line before it, a single cell is a bad row.
        test::writeFile(tmp.path(), QStringLiteral("accounts.csv"),
                        "account_id,name\r\nA,x\r\nB\r\n");
        QVERIFY(!syncExportFolder(cache, tmp.path(), {}, nullptr, nullptr, &error));
        QCOMPARE(error,
                 QStringLiteral("%1/accounts.csv:3:2: expected 2 fields, found 1").arg(tmp.path()));
        // Without the data row it is a footer, noted in the summary.
        test::writeFile(tmp.path(), QStringLiteral("accounts.csv"),
                        "account_id,name\nA,x\n\nGenerated By: Ann\n\"Copyright, 2026\"\n");
        SyncSummary summary;
        QVERIFY2(syncExportFolder(cache, tmp.path(), {}, nullptr, &summary, &error),
                 qPrintable(error));
        QCOMPARE(summary.tables.size(), 1);
        QCOMPARE(summary.tables[0].rows, 1);
        QCOMPARE(summary.tables[0].landed, 1);
        QCOMPARE(summary.tables[0].footerLine, 4);
        QCOMPARE(summary.tables[0].footerLines, 2);
    }

    void helpListsTheContract()
    {
        const test::CliText r =
            test::runCliText({QStringLiteral("sync"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char* line :
             {"  accounts.csv (table accounts):\n",
              "    account_id* (company_id, account id, company id, record id)\n",
              "    manager (reports to, manager name, supervisor)\n",
              "  events.csv or all_events.csv (table events):\n",
              "    event* (event_table_name, event_name)\n", "--map <MAPPING>", "--dry-run",
              "--date-order <ORDER>", "--save-map", "M/D/YYYY or D/M/YYYY"})
            QVERIFY2(r.out.contains(QLatin1String(line)), line);
    }
};

QTEST_GUILESS_MAIN(TestRealExports)
#include "tst_realexports.moc"
