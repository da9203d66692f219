// The figures issue 12 asked for, through the real pulsebook-cli: the workspace time zone in
// trend buckets, retention cohorts, typed dates and the default as-of time; durations in every
// unit; quoted property names in segments; amounts with a currency sign and separators on the
// command line; the impact calculator's ARR per user measured from the data; IDs in order in
// every listing; and every --help naming its subcommand. Every value is worked out by hand from
// the export below (docs/definitions.md has the rules).
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace pulsebook;

namespace {

// Users whose IDs sort differently as text (10 < 2 < 9a) and by the ID order (2, 10, 9a, a,
// u7), listed in neither order. Events, with their local times (New York is UTC-4 in October,
// Kolkata UTC+5:30):
//   1  10   Login      2026-10-05T03:00Z  NY Oct 4 23:00  Kolkata Oct 5 08:30
//   2  2    Login      2026-10-05T20:00Z  NY Oct 5 16:00  Kolkata Oct 6 01:30
//   3  9a   Login      2026-10-04T19:00Z  NY Oct 4 15:00  Kolkata Oct 5 00:30
//   5  a    Login      2026-10-06T12:00Z  NY Oct 6 08:00  Kolkata Oct 6 17:30
//   6  a    Run Query  10 s later
//   7  u7   Login      2026-10-06T13:00Z  NY Oct 6 09:00  Kolkata Oct 6 18:30
//   8  u7   Run Query  20 s later
//   4  10   Run Query  2026-10-12T02:00Z  NY Oct 11 22:00 Kolkata Oct 12 07:30 (the latest)
// 2026-10-05 is a Monday.
void writeExport(const QString& dir)
{
    test::writeFile(dir, QStringLiteral("users.csv"),
                    "user_id,email,account_id,Plan Name\n"
                    "9a,nine@example.com,2,Pro\n"
                    "10,ten@example.com,10,Basic\n"
                    "2,two@example.com,2,\n"
                    "a,a@example.com,A,Pro\n"
                    "u7,seven@example.com,10,Basic\n");
    test::writeFile(dir, QStringLiteral("accounts.csv"),
                    "account_id,name,arr,Billing Country\n"
                    "A,Aye,,Canada\n"
                    "10,Ten,\"$1,200.50\",Canada\n"
                    "2,Two,3000,United States\n");
    test::writeFile(dir, QStringLiteral("events.csv"),
                    "event_id,user_id,time,event\n"
                    "1,10,2026-10-05T03:00:00Z,Login\n"
                    "2,2,2026-10-05T20:00:00Z,Login\n"
                    "3,9a,2026-10-04T19:00:00Z,Login\n"
                    "4,10,2026-10-12T02:00:00Z,Run Query\n"
                    "5,a,2026-10-06T12:00:00Z,Login\n"
                    "6,a,2026-10-06T12:00:10Z,Run Query\n"
                    "7,u7,2026-10-06T13:00:00Z,Login\n"
                    "8,u7,2026-10-06T13:00:20Z,Run Query\n");
}

QByteArray workspace(const char* zone)
{
    return QByteArray(R"({"version": 1, "time_zone": ")") + zone +
           R"(", "kpi_events": ["Login", "Run Query"], "onboarding_steps": ["Login"],
               "segments": {}, "campaigns": {"key_event": "Login", "low_wau_threshold": 2}})";
}

// The first column of every CSV line after the header.
QStringList firstColumn(const QString& csv)
{
    QStringList out;
    const QStringList lines = csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (qsizetype i = 1; i < lines.size(); ++i)
        out.append(lines[i].section(QLatin1Char(','), 0, 0));
    return out;
}

} // namespace

class TestFigures : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_cache;

    test::CliText run(const QString& command, const QStringList& more) const
    {
        return test::runCliText(QStringList{command, QStringLiteral("--cache"), m_cache} + more);
    }
    void useZone(const char* zone)
    {
        const QString file = m_dir.filePath(QStringLiteral("ws.json"));
        test::writeFile(m_dir.path(), QStringLiteral("ws.json"), workspace(zone));
        const test::CliText r =
            test::runCliText({QStringLiteral("workspace"), QStringLiteral("import"), file,
                              QStringLiteral("--cache"), m_cache});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
    QString trend(const char* bucket, const char* from, const char* to) const
    {
        const test::CliText r =
            run(QStringLiteral("trend"),
                {QStringLiteral("--event"), QStringLiteral("Login"), QStringLiteral("--bucket"),
                 QLatin1String(bucket), QStringLiteral("--from"), QLatin1String(from),
                 QStringLiteral("--to"), QLatin1String(to), QStringLiteral("--format"),
                 QStringLiteral("csv")});
        return r.exitCode == 0 ? r.out : r.err;
    }
    QString cohorts(const char* period, const char* from, const char* to) const
    {
        const test::CliText r =
            run(QStringLiteral("retention"),
                {QStringLiteral("--start"), QStringLiteral("Login"), QStringLiteral("--period"),
                 QLatin1String(period), QStringLiteral("--periods"), QStringLiteral("2"),
                 QStringLiteral("--from"), QLatin1String(from), QStringLiteral("--to"),
                 QLatin1String(to), QStringLiteral("--format"), QStringLiteral("csv")});
        if (r.exitCode != 0)
            return r.err;
        // cohort and users only: the rest is retention, tested elsewhere.
        QStringList out;
        for (const QString& line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            out.append(line.section(QLatin1Char(','), 0, 1));
        return out.join(QLatin1Char(' '));
    }
    QJsonObject definition(const QStringList& trendArgs) const
    {
        const test::CliText r =
            run(QStringLiteral("trend"),
                trendArgs + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
        return QJsonDocument::fromJson(r.out.toUtf8())
            .object()
            .value(QStringLiteral("definition"))
            .toObject();
    }
    QStringList members(const QString& where) const
    {
        const test::CliText r =
            run(QStringLiteral("segment"), {QStringLiteral("--where"), where,
                                            QStringLiteral("--format"), QStringLiteral("csv")});
        if (r.exitCode != 0)
            return {r.err};
        return firstColumn(r.out);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString folder = m_dir.filePath(QStringLiteral("export"));
        writeExport(folder);
        m_cache = m_dir.filePath(QStringLiteral("c.pulsebook"));
        const test::CliText r =
            test::runCliText({QStringLiteral("sync"), folder, QStringLiteral("--cache"), m_cache});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        useZone("UTC");
    }

    void trendDaysAndWeeksInTheZone()
    {
        // Days from Oct 4 to Oct 7 (local midnights): which Logins fall on which local day.
        QCOMPARE(trend("day", "2026-10-04", "2026-10-07"),
                 QStringLiteral("bucket,events\n2026-10-04,1\n2026-10-05,2\n2026-10-06,2\n"));
        // Weeks from Monday Sep 28 to Monday Oct 12: in UTC only 9a's Login (Oct 4) is in the
        // first week.
        QCOMPARE(trend("week", "2026-09-28", "2026-10-12"),
                 QStringLiteral("bucket,events\n2026-09-28,1\n2026-10-05,4\n"));
        useZone("America/New_York");
        // 10's Login (03:00Z Oct 5) is Oct 4 in New York.
        QCOMPARE(trend("day", "2026-10-04", "2026-10-07"),
                 QStringLiteral("bucket,events\n2026-10-04,2\n2026-10-05,1\n2026-10-06,2\n"));
        QCOMPARE(trend("week", "2026-09-28", "2026-10-12"),
                 QStringLiteral("bucket,events\n2026-09-28,2\n2026-10-05,3\n"));
        useZone("Asia/Kolkata");
        // 9a's Login (19:00Z Oct 4) is 00:30 Oct 5 in Kolkata, 2's (20:00Z Oct 5) Oct 6, and
        // Oct 6 ends at 18:30Z, after u7's Login (13:00Z).
        QCOMPARE(trend("day", "2026-10-04", "2026-10-07"),
                 QStringLiteral("bucket,events\n2026-10-04,0\n2026-10-05,2\n2026-10-06,3\n"));
        // The week of Monday Oct 5 starts at 18:30Z on Oct 4: every Login is in it.
        QCOMPARE(trend("week", "2026-09-28", "2026-10-12"),
                 QStringLiteral("bucket,events\n2026-09-28,0\n2026-10-05,5\n"));
        useZone("UTC");
    }

    void retentionCohortsInTheZone()
    {
        // Cohort = the local day (or week) of the user's first Login in the range.
        QCOMPARE(cohorts("1d", "2026-10-04", "2026-10-07"),
                 QStringLiteral("cohort,users 2026-10-04,1 2026-10-05,2 2026-10-06,2 all,5"));
        useZone("America/New_York");
        QCOMPARE(cohorts("1d", "2026-10-04", "2026-10-07"),
                 QStringLiteral("cohort,users 2026-10-04,2 2026-10-05,1 2026-10-06,2 all,5"));
        QCOMPARE(cohorts("1w", "2026-09-28", "2026-10-12"),
                 QStringLiteral("cohort,users 2026-09-28,2 2026-10-05,3 all,5"));
        useZone("Asia/Kolkata");
        QCOMPARE(cohorts("1d", "2026-10-04", "2026-10-07"),
                 QStringLiteral("cohort,users 2026-10-05,2 2026-10-06,3 all,5"));
        QCOMPARE(cohorts("7d", "2026-09-28", "2026-10-12"),
                 QStringLiteral("cohort,users 2026-10-05,5 all,5"));
        useZone("UTC");
    }

    void typedDatesAndDefaultAsOf()
    {
        const QStringList args{QStringLiteral("--from"), QStringLiteral("2026-10-04"),
                               QStringLiteral("--to"), QStringLiteral("2026-10-07")};
        // The latest event, 2026-10-12T02:00Z, is Oct 12 in UTC and Kolkata but Oct 11 in New
        // York: the default as-of is the local midnight ending that day.
        QJsonObject d = definition(args);
        QCOMPARE(d.value(QStringLiteral("as_of")).toString(),
                 QStringLiteral("2026-10-13T00:00:00.000Z"));
        QCOMPARE(d.value(QStringLiteral("from")).toString(),
                 QStringLiteral("2026-10-04T00:00:00.000Z"));
        QVERIFY(!d.contains(QStringLiteral("time_zone")));
        useZone("America/New_York");
        d = definition(args);
        QCOMPARE(d.value(QStringLiteral("as_of")).toString(),
                 QStringLiteral("2026-10-12T04:00:00.000Z"));
        QCOMPARE(d.value(QStringLiteral("from")).toString(),
                 QStringLiteral("2026-10-04T04:00:00.000Z"));
        QCOMPARE(d.value(QStringLiteral("to")).toString(),
                 QStringLiteral("2026-10-07T04:00:00.000Z"));
        QCOMPARE(d.value(QStringLiteral("time_zone")).toString(),
                 QStringLiteral("America/New_York"));
        // --as-of as a date; a time with Z stays that instant.
        d = definition(args + QStringList{QStringLiteral("--as-of"), QStringLiteral("2026-11-02")});
        QCOMPARE(d.value(QStringLiteral("as_of")).toString(),
                 QStringLiteral("2026-11-02T05:00:00.000Z")); // EST from Nov 1
        d = definition({QStringLiteral("--from"), QStringLiteral("2026-10-04T00:00:00Z"),
                        QStringLiteral("--to"), QStringLiteral("2026-10-07")});
        QCOMPARE(d.value(QStringLiteral("from")).toString(),
                 QStringLiteral("2026-10-04T00:00:00.000Z"));
        useZone("Asia/Kolkata");
        d = definition(args);
        QCOMPARE(d.value(QStringLiteral("as_of")).toString(),
                 QStringLiteral("2026-10-12T18:30:00.000Z"));
        QCOMPARE(d.value(QStringLiteral("from")).toString(),
                 QStringLiteral("2026-10-03T18:30:00.000Z"));
        // A segment window between two dates is local too: [Oct 5 IST, Oct 6 IST) =
        // [Oct 4 18:30Z, Oct 5 18:30Z) holds the Logins of 9a and 10.
        QCOMPARE(members(QStringLiteral("did \"Login\" between 2026-10-05 and 2026-10-06")),
                 (QStringList{QStringLiteral("10"), QStringLiteral("9a")}));
        const test::CliText info =
            test::runCliText({QStringLiteral("info"), QStringLiteral("--cache"), m_cache,
                              QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(info.out.contains(QStringLiteral("2026-10-12T18:30:00.000Z")),
                 qPrintable(info.out));
        useZone("UTC");
        QCOMPARE(members(QStringLiteral("did \"Login\" between 2026-10-05 and 2026-10-06")),
                 (QStringList{QStringLiteral("2"), QStringLiteral("10")}));
    }

    void durationsInEveryUnit()
    {
        auto funnel = [this](const char* window) {
            const test::CliText r = run(
                QStringLiteral("funnel"),
                {QStringLiteral("--steps"), QStringLiteral("Login,Run Query"),
                 QStringLiteral("--window"), QLatin1String(window), QStringLiteral("--from"),
                 QStringLiteral("2026-10-06"), QStringLiteral("--to"), QStringLiteral("2026-10-07"),
                 QStringLiteral("--format"), QStringLiteral("json")});
            if (r.exitCode != 0)
                return -1;
            const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
            return root.value(QStringLiteral("rows"))
                .toArray()
                .at(1)
                .toObject()
                .value(QStringLiteral("users"))
                .toInt(-2);
        };
        // a's Run Query is 10 s after its Login, u7's 20 s.
        QCOMPARE(funnel("15s"), 1);
        QCOMPARE(funnel("9s"), 0);
        QCOMPARE(funnel("20s"), 2);
        QCOMPARE(funnel("1m"), 2);
        QCOMPARE(funnel("1h"), 2);
        QCOMPARE(funnel("1d"), 2);
        QCOMPARE(funnel("2w"), 2);
        QCOMPARE(funnel("14"), -1);
        // Segments: as of Oct 13 (UTC), 1 week back is Oct 6 (a, u7), 2 weeks Sep 29 (all).
        QCOMPARE(members(QStringLiteral("did \"Login\" within 1w")),
                 (QStringList{QStringLiteral("a"), QStringLiteral("u7")}));
        QCOMPARE(members(QStringLiteral("did \"Login\" within 2 weeks")),
                 (QStringList{QStringLiteral("2"), QStringLiteral("10"), QStringLiteral("9a"),
                              QStringLiteral("a"), QStringLiteral("u7")}));
        QCOMPARE(members(QStringLiteral("did \"Login\" within 168h")),
                 (QStringList{QStringLiteral("a"), QStringLiteral("u7")}));
        QCOMPARE(members(QStringLiteral("did \"Login\" within 7d")),
                 (QStringList{QStringLiteral("a"), QStringLiteral("u7")}));
        // Windows of part days, [as_of - D, as_of): 156 h back is Oct 6 12:00Z, a's login
        // exactly (in); 155 h (9,300 min) back is 13:00Z, u7's login (in, a's out); 36 h back
        // is Oct 11 12:00Z, after every login.
        QCOMPARE(members(QStringLiteral("did \"Login\" within 156h")),
                 (QStringList{QStringLiteral("a"), QStringLiteral("u7")}));
        QCOMPARE(members(QStringLiteral("did \"Login\" within 155h")),
                 (QStringList{QStringLiteral("u7")}));
        QCOMPARE(members(QStringLiteral("did \"Login\" within 9300m")),
                 (QStringList{QStringLiteral("u7")}));
        QCOMPARE(members(QStringLiteral("did \"Login\" within 36h")), QStringList());
        // A retention period of 1w is 7d; 2w is refused (1, 7 or 30 days).
        QCOMPARE(cohorts("1w", "2026-09-28", "2026-10-12"),
                 cohorts("7d", "2026-09-28", "2026-10-12"));
        QVERIFY(cohorts("2w", "2026-09-28", "2026-10-12").contains(QStringLiteral("--period")));
    }

    void quotedPropertyNames()
    {
        QCOMPARE(members(QStringLiteral("account.\"Billing Country\" = \"Canada\"")),
                 (QStringList{QStringLiteral("10"), QStringLiteral("a"), QStringLiteral("u7")}));
        QCOMPARE(members(QStringLiteral("user.\"Plan Name\" = \"pro\"")),
                 (QStringList{QStringLiteral("9a"), QStringLiteral("a")}));
        QCOMPARE(members(QStringLiteral("\"Plan Name\" is not set")),
                 (QStringList{QStringLiteral("2")}));
        QCOMPARE(members(QStringLiteral("not account.\"Billing Country\" = \"Canada\" and "
                                        "user.\"Plan Name\" != \"Basic\"")),
                 (QStringList{QStringLiteral("2"), QStringLiteral("9a")}));
        const QStringList unknown = members(QStringLiteral("account.\"Billing City\" = \"X\""));
        QVERIFY2(unknown.size() == 1 && unknown[0].contains(QStringLiteral("Billing City")),
                 qPrintable(unknown.join(QLatin1Char('|'))));
    }

    void idsInOrder()
    {
        // Users: 2, 10, 9a, a, u7 (whole numbers by value, then text), not the sync's order.
        QCOMPARE(members(QStringLiteral("email is set")),
                 (QStringList{QStringLiteral("2"), QStringLiteral("10"), QStringLiteral("9a"),
                              QStringLiteral("a"), QStringLiteral("u7")}));
        test::CliText r =
            run(QStringLiteral("rollup"), {QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(firstColumn(r.out),
                 (QStringList{QStringLiteral("2"), QStringLiteral("10"), QStringLiteral("9a"),
                              QStringLiteral("a"), QStringLiteral("u7")}));
        // Accounts: 2, 10, A.
        r = run(QStringLiteral("rollup"), {QStringLiteral("--by"), QStringLiteral("account"),
                                           QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(firstColumn(r.out),
                 (QStringList{QStringLiteral("2"), QStringLiteral("10"), QStringLiteral("A")}));
        // Onboarding (step Login, ever): every user logged in, so no gaps; as of Oct 5
        // (before 2's Login at 20:00Z, a's and u7's) 2, a and u7 miss it.
        r = run(QStringLiteral("onboarding"),
                {QStringLiteral("--as-of"), QStringLiteral("2026-10-05T12:00:00Z"),
                 QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(firstColumn(r.out),
                 (QStringList{QStringLiteral("2"), QStringLiteral("a"), QStringLiteral("u7")}));
        // Funnel drop-offs: Login -> Run Query over Oct 4..7, window 1d: only a and u7 go on.
        r = run(QStringLiteral("funnel"),
                {QStringLiteral("--steps"), QStringLiteral("Login,Run Query"),
                 QStringLiteral("--window"), QStringLiteral("1d"), QStringLiteral("--from"),
                 QStringLiteral("2026-10-04"), QStringLiteral("--to"), QStringLiteral("2026-10-07"),
                 QStringLiteral("--dropped"), QStringLiteral("1"), QStringLiteral("--format"),
                 QStringLiteral("csv")});
        QCOMPARE(firstColumn(r.out),
                 (QStringList{QStringLiteral("2"), QStringLiteral("10"), QStringLiteral("9a")}));
    }

    void amountsOnTheCommandLine()
    {
        // 500 x (0.55 - 0.40) = 75 extra users; at $2,277.50 each, 170,812.5 ARR; 10,000 users.
        const QStringList base{QStringLiteral("impact"),
                               QStringLiteral("--users"),
                               QStringLiteral("10,000"),
                               QStringLiteral("--baseline"),
                               QStringLiteral("0.80"),
                               QStringLiteral("--scenario"),
                               QStringLiteral("Email:500:0.40:0.55"),
                               QStringLiteral("--format"),
                               QStringLiteral("csv")};
        test::CliText r = test::runCliText(
            base + QStringList{QStringLiteral("--arr-per-user"), QStringLiteral("$2,277.50")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("\nEmail,500,0.4,0.55,0.75,0.8075,75,170812.5\n")),
                 qPrintable(r.out));
        r = test::runCliText(base +
                             QStringList{QStringLiteral("--arr-per-user"), QStringLiteral("2,27")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--arr-per-user must be a number")),
                 qPrintable(r.err));
        // Whole-number options read separators too: --top 1,000 is 1000.
        r = run(QStringLiteral("trend"), {QStringLiteral("--top"), QStringLiteral("1,000"),
                                          QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(r.exitCode, 0);
        r = run(QStringLiteral("trend"), {QStringLiteral("--top"), QStringLiteral("1.5"),
                                          QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(r.exitCode, 2);
    }

    void impactWithArrPerUserFromData()
    {
        // Active in the last week (as of Oct 13: [Oct 6, Oct 13)): a, u7 (Logins on Oct 6) and
        // 10 (Run Query on Oct 12): N = 5, R = 3/5. The Pro users are 9a and a; only a is
        // active: r0 = 1/2. Target 0.75: Δ = 2/5 × 0.25 = 10 points; extra users 2 × 0.25 =
        // 0.5, rounded half away from zero to 1. ARR per user: accounts with an ARR and users
        // in scope, 10 ($1,200.50; users 10 and u7) and 2 (3,000; users 9a and 2): 4,200.50 /
        // 4 users = 1,050.125; ARR impact 1 × 1,050.125.
        const QStringList args{QStringLiteral("--rate"),
                               QStringLiteral("active"),
                               QStringLiteral("--rate-window"),
                               QStringLiteral("1w"),
                               QStringLiteral("--data-scenario"),
                               QStringLiteral("Pro:user.\"Plan Name\" = \"Pro\":0.75")};
        test::CliText r =
            run(QStringLiteral("impact"),
                args + QStringList{QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral("scenario,reach,baseline,target,delta_points,new_rate,"
                                       "extra_users,arr_impact\n"
                                       "Pro,2,0.5,0.75,10,0.7,1,1050.125\n"
                                       "(all),,,,10,0.7,1,1050.125\n"));
        // In words, in the terminal.
        r = run(QStringLiteral("impact"), args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral(
                     "ARR per user 1,050.13: the total ARR 4,200.50 of the 2 accounts with users "
                     "in scope, over their 4 users")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral(
                     "\"Pro\" reaches 2 of 5 users (40%); moving them from 50% to 75% is +1 "
                     "users, +10 points on the overall rate, +1,050.13 ARR")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("All together: +10 points (overall rate 60% → "
                                               "70%), +1 users, +1,050.13 ARR")),
                 qPrintable(r.out));
        // Within a segment filter, the accounts in scope are those of its users: only 2 (9a
        // is a Pro user of account 2; a's account A has no ARR): 3,000 / 2 users = 1,500.
        r = run(QStringLiteral("impact"),
                args + QStringList{QStringLiteral("--segment"),
                                   QStringLiteral("\"Plan Name\" = \"Pro\""),
                                   QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject measured = QJsonDocument::fromJson(r.out.toUtf8())
                                         .object()
                                         .value(QStringLiteral("definition"))
                                         .toObject()
                                         .value(QStringLiteral("arr_per_user_measured"))
                                         .toObject();
        QCOMPARE(measured.value(QStringLiteral("arr_per_user")).toDouble(), 1500.0);
        QCOMPARE(measured.value(QStringLiteral("accounts")).toInt(), 1);
        // A typed ARR per user wins.
        r = run(QStringLiteral("impact"),
                args + QStringList{QStringLiteral("--arr-per-user"), QStringLiteral("$100"),
                                   QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(r.out.contains(QStringLiteral("\nPro,2,0.5,0.75,10,0.7,1,100\n")),
                 qPrintable(r.out));
    }

    void everyHelpNamesItsCommand()
    {
        const char* const commands[] = {
            "sync",       "sync-warehouse", "warehouse-test", "info",   "demo",     "workspace",
            "segment",    "onboarding",     "rollup",         "trend",  "funnel",   "retention",
            "engagement", "areas",          "scorecard",      "health", "managers", "changes",
            "efficacy",   "campaigns",      "impact"};
        for (const char* command : commands) {
            const test::CliText r =
                test::runCliText({QLatin1String(command), QStringLiteral("--help")});
            QCOMPARE(r.exitCode, 0);
            const QString first = r.out.section(QLatin1Char('\n'), 0, 0);
            const QString expected =
                QStringLiteral("Usage: pulsebook-cli %1 [options]").arg(QLatin1String(command));
            QVERIFY2(first == expected || first.startsWith(expected + QLatin1Char(' ')),
                     qPrintable(first));
            QVERIFY2(r.out.contains(QStringLiteral("docs/definitions.md")), command);
        }
        const test::CliText top = test::runCliText({QStringLiteral("--help")});
        QVERIFY(top.out.startsWith(QStringLiteral("Usage: pulsebook-cli <command> [options]\n")));
        QVERIFY(top.out.contains(QStringLiteral("docs/definitions.md")));
        const test::CliText ws =
            test::runCliText({QStringLiteral("workspace"), QStringLiteral("--help")});
        for (const char* key :
             {"time_zone", "kpi_events", "onboarding_steps", "product_areas", "segments",
              "campaigns", "scorecard", "health_score", "manager_scorecard"})
            QVERIFY2(ws.out.contains(QLatin1String(key)), key);
    }
};

QTEST_GUILESS_MAIN(TestFigures)
#include "tst_figures.moc"
