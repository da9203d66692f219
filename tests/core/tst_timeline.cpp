// The user timeline (docs/definitions.md, "User timeline"), checked by hand on a small export
// with a kite-flying school's events: sessions, a session without events, runs of events outside
// sessions (no session_id, or one the sessions file lacks), properties; then `pulsebook-cli
// timeline` on the same cache.
#include "TestSupport.h"

#include "analysis/Timeline.h"
#include "present/TimelineTables.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace pulsebook;

namespace {

qint64 ms(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate).toMSecsSinceEpoch();
}

// p1's history, by hand (the rows as the definition orders them):
//   1 session sa   09-01 09:00 .. 09:12  k1 Launch Kite, k2 Tie Knot, k3 Launch Kite
//   2 outside      09-02 18:00 .. 18:30  k4, k5 Reel In (no session_id)
//   3 session sb   09-03 14:00 .. 14:20  k6 Launch Kite, k7 Tie Knot
//   4 outside      09-05 07:00 .. 09-06 07:00  k8 Reel In (none), k9 Check Wind (session "zz",
//                  which sessions.csv lacks); no session starts between them: one run
//   5 session sc   09-06 12:00, no events
// The latest event is k9 (09-06 07:00): as of 2026-09-07T00:00Z. p2's events never show.
const test::ExportFiles Export = {
    {QStringLiteral("accounts.csv"), "account_id,name,csm\nK7,Kestrel Kites,Rosa Vidal\n"},
    {QStringLiteral("users.csv"), "user_id,email,account_id,plan\n"
                                  "p1,Pia@Kites.test,K7,gold\n"
                                  "p2,pat@kites.test,K7,\n"},
    {QStringLiteral("sessions.csv"), "session_id,user_id,time,device_type,landing_page\n"
                                     "sa,p1,2026-09-01T09:00:00Z,Tablet,/hangar\n"
                                     "sb,p1,2026-09-03T14:00:00Z,Phone,/spool\n"
                                     "sc,p1,2026-09-06T12:00:00Z,,/hangar\n"
                                     "sd,p2,2026-09-02T10:00:00Z,Tablet,/field\n"},
    {QStringLiteral("events.csv"),
     "event_id,user_id,session_id,time,event,path,title,referrer,wind\n"
     "k1,p1,sa,2026-09-01T09:00:00Z,Launch Kite,/hangar,Hangar,https://ref.test/,strong\n"
     "k2,p1,sa,2026-09-01T09:05:30Z,Tie Knot,/knots,Knots,,\n"
     "k3,p1,sa,2026-09-01T09:12:00Z,Launch Kite,/hangar,Hangar,,gusty\n"
     "k4,p1,,2026-09-02T18:00:00Z,Reel In,/spool,,,\n"
     "k5,p1,,2026-09-02T18:30:00Z,Reel In,/spool,,,\n"
     "k6,p1,sb,2026-09-03T14:00:00Z,Launch Kite,/spool,,,\n"
     "k7,p1,sb,2026-09-03T14:20:00Z,Tie Knot,,,,\n"
     "k8,p1,,2026-09-05T07:00:00Z,Reel In,,,,\n"
     "k9,p1,zz,2026-09-06T07:00:00Z,Check Wind,,,,calm\n"
     "k10,p2,sd,2026-09-02T10:01:00Z,Launch Kite,/field,,,\n"},
};

QStringList strings(std::initializer_list<const char*> texts)
{
    QStringList out;
    for (const char* t : texts)
        out.append(QString::fromUtf8(t));
    return out;
}

QStringList eventIds(const Timeline& t, int row)
{
    QStringList ids;
    for (const int e : t.rows[size_t(row)].events)
        ids.append(t.events[size_t(e)].eventId);
    return ids;
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_data.load(Export, &error), qPrintable(error));
        m_context.index = m_data.index;
        m_context.asOfMs = m_data.index->defaultAsOfMs();
        QCOMPARE(m_context.asOfMs, ms("2026-09-07T00:00:00Z"));
    }

    void wholeHistory();
    void cardAndProperties();
    void topEvents();
    void goToCases();
    void rangeAndAsOf();
    void unknownUser();
    void cli();
    void cliErrors();

private:
    bool run(const QString& user, Timeline* t, qint64 from = std::numeric_limits<qint64>::min(),
             qint64 to = std::numeric_limits<qint64>::max())
    {
        TimelineParams params;
        params.user = user;
        params.fromMs = from;
        params.toMs = to;
        params.topEvents = 3;
        QString error;
        if (!runTimeline(m_context, m_data.cache, params, t, &error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        return true;
    }

    test::SyncedCache m_data;
    AnalysisContext m_context;
};

void TestTimeline::wholeHistory()
{
    Timeline t;
    QVERIFY(run(QStringLiteral("p1"), &t));
    QCOMPARE(t.userId, QStringLiteral("p1"));
    QCOMPARE(int(t.rows.size()), 5);
    QCOMPARE(int(t.events.size()), 9); // k1..k9, not p2's k10
    const bool isSession[] = {true, false, true, false, true};
    const char* ids[] = {"sa", "", "sb", "", "sc"};
    const qint64 starts[] = {ms("2026-09-01T09:00:00Z"), ms("2026-09-02T18:00:00Z"),
                             ms("2026-09-03T14:00:00Z"), ms("2026-09-05T07:00:00Z"),
                             ms("2026-09-06T12:00:00Z")};
    const qint64 ends[] = {ms("2026-09-01T09:12:00Z"), ms("2026-09-02T18:30:00Z"),
                           ms("2026-09-03T14:20:00Z"), ms("2026-09-06T07:00:00Z"),
                           ms("2026-09-06T12:00:00Z")};
    for (int r = 0; r < 5; ++r) {
        QCOMPARE(t.rows[size_t(r)].isSession, isSession[r]);
        QCOMPARE(t.rows[size_t(r)].sessionId, QLatin1String(ids[r]));
        QCOMPARE(t.rows[size_t(r)].startMs, starts[r]);
        QCOMPARE(t.rows[size_t(r)].endMs, ends[r]);
    }
    QCOMPARE(eventIds(t, 0), strings({"k1", "k2", "k3"}));
    QCOMPARE(eventIds(t, 1), strings({"k4", "k5"}));
    QCOMPARE(eventIds(t, 2), strings({"k6", "k7"}));
    QCOMPARE(eventIds(t, 3), strings({"k8", "k9"}));
    QCOMPARE(eventIds(t, 4), QStringList());
    // k9 names session "zz", which p1 does not have: it stays outside, with its ID shown.
    QCOMPARE(t.events[8].sessionId, QStringLiteral("zz"));
    QCOMPARE(t.events[8].row, 3);
}

void TestTimeline::cardAndProperties()
{
    Timeline t;
    QVERIFY(run(QStringLiteral("p1"), &t));
    auto card = [&](const char* name) {
        for (const NamedValue& v : t.card) {
            if (v.name == QLatin1String(name))
                return v.value;
        }
        return QStringLiteral("(absent)");
    };
    QCOMPARE(card("email"), QStringLiteral("Pia@Kites.test"));
    QCOMPARE(card("plan"), QStringLiteral("gold"));
    QCOMPARE(card("account.name"), QStringLiteral("Kestrel Kites"));
    QCOMPARE(card("account.csm"), QStringLiteral("Rosa Vidal"));
    QCOMPARE(t.card.back().name, QStringLiteral("account.csm"));
    // k1: the contract's columns first, then the extra one.
    const TimelineEvent& k1 = t.events[0];
    QCOMPARE(k1.name, QStringLiteral("Launch Kite"));
    QStringList names, values;
    for (const NamedValue& v : k1.properties) {
        names << v.name;
        values << v.value;
    }
    QCOMPARE(names, strings({"path", "title", "referrer", "wind"}));
    QCOMPARE(values, strings({"/hangar", "Hangar", "https://ref.test/", "strong"}));
    QCOMPARE(t.events[1].property(QStringLiteral("wind")), QString()); // k2 has none
    QCOMPARE(t.eventProperties, strings({"path", "title", "referrer", "wind"}));
    QCOMPARE(t.rows[0].property(QStringLiteral("device_type")), QStringLiteral("Tablet"));
    QCOMPARE(t.rows[4].property(QStringLiteral("device_type")), QString());
    QCOMPARE(t.rows[4].property(QStringLiteral("landing_page")), QStringLiteral("/hangar"));
    QCOMPARE(t.sessionProperties, strings({"device_type", "landing_page"}));

    // The sessions table: sa lasts 12 min = 720 s, sb 20 min = 1200 s.
    const ResultTable sessions = timelineSessionsTable(m_context, t);
    const int duration = sessions.columnOf(QStringLiteral("duration_s"));
    QCOMPARE(sessions.rows[0][size_t(duration)].number, 720.0);
    QCOMPARE(sessions.rows[2][size_t(duration)].number, 1200.0);
    QCOMPARE(sessions.rows[1][1].text, QStringLiteral("outside"));
    // The events table: nine rows, row by row.
    const ResultTable events = timelineEventsTable(m_context, t);
    QCOMPARE(int(events.rows.size()), 9);
    QCOMPARE(events.rows[3][0].number, 2.0); // k4 is in row 2 (1-based)
}

void TestTimeline::topEvents()
{
    // Launch Kite 3 (k1, k3, k6), Reel In 3 (k4, k5, k8), Tie Knot 2, Check Wind 1: the top
    // three, a tie by name.
    Timeline t;
    QVERIFY(run(QStringLiteral("p1"), &t));
    QCOMPARE(int(t.topEvents.size()), 3);
    QCOMPARE(t.topEvents[0].name, QStringLiteral("Launch Kite"));
    QCOMPARE(t.topEvents[0].count, 3);
    QCOMPARE(t.topEvents[1].name, QStringLiteral("Reel In"));
    QCOMPARE(t.topEvents[1].count, 3);
    QCOMPARE(t.topEvents[2].name, QStringLiteral("Tie Knot"));
    QCOMPARE(t.topEvents[2].count, 2);
}

void TestTimeline::goToCases()
{
    Timeline t;
    QVERIFY(run(QStringLiteral("p1"), &t));
    struct Case
    {
        const char* at;
        int row;
        GoToCase how;
    };
    const Case cases[] = {
        {"2026-09-01T09:05:00Z", 0, GoToCase::Inside}, // inside sa
        {"2026-09-01T09:12:00Z", 0, GoToCase::Inside}, // sa's last event: still inside
        {"2026-09-01T09:00:00Z", 0, GoToCase::Inside}, // its start
        {"2026-09-02T18:10:00Z", 0, GoToCase::Before}, // among events outside: sa before
        {"2026-09-03T13:59:59Z", 0, GoToCase::Before}, // a second before sb
        {"2026-09-04T00:00:00Z", 2, GoToCase::Before}, // after sb ended
        {"2026-09-06T12:00:00Z", 4, GoToCase::Inside}, // sc has no events: its start only
        {"2026-09-20T00:00:00Z", 4, GoToCase::Before}, // after the last
        {"2026-08-31T00:00:00Z", 0, GoToCase::First},  // before every session
    };
    for (const Case& c : cases) {
        const GoTo where = goTo(t, ms(c.at));
        QVERIFY2(where.row == c.row && where.how == c.how,
                 qPrintable(QStringLiteral("%1: row %2, %3")
                                .arg(QLatin1String(c.at))
                                .arg(where.row)
                                .arg(goToCaseName(where.how))));
    }
    QCOMPARE(goToSentence(t, ms("2026-09-02T18:10:00Z"), goTo(t, ms("2026-09-02T18:10:00Z"))),
             QStringLiteral("2026-09-02T18:10:00.000Z is in no session: the nearest one starting "
                            "before it is session sa (2026-09-01T09:00:00.000Z to "
                            "2026-09-01T09:12:00.000Z)."));
    Timeline empty;
    QVERIFY(run(QStringLiteral("p1"), &empty, ms("2026-09-07T00:00:00Z")));
    QCOMPARE(goTo(empty, ms("2026-09-01T00:00:00Z")).how, GoToCase::None);
}

void TestTimeline::rangeAndAsOf()
{
    // [09-03, 09-06): sb (starts in it) with both its events; k8 outside (09-05); k9 (09-06
    // 07:00) is at or after `to`; sa and k4, k5 are before `from`.
    Timeline t;
    QVERIFY(run(QStringLiteral("p1"), &t, ms("2026-09-03T00:00:00Z"), ms("2026-09-06T00:00:00Z")));
    QCOMPARE(int(t.rows.size()), 2);
    QCOMPARE(t.rows[0].sessionId, QStringLiteral("sb"));
    QCOMPARE(eventIds(t, 0), strings({"k6", "k7"}));
    QCOMPARE(eventIds(t, 1), strings({"k8"}));
    QCOMPARE(t.topEvents[0].name, QStringLiteral("Launch Kite")); // 1 each: by name
    // A session that starts before `from` keeps its events out, even those after `from`.
    QVERIFY(run(QStringLiteral("p1"), &t, ms("2026-09-03T14:10:00Z")));
    QCOMPARE(int(t.rows.size()), 2); // the run k8, k9 and sc
    QCOMPARE(eventIds(t, 0), strings({"k8", "k9"}));
    // As of 09-03 14:10: sb started, k7 (14:20) is not read yet, nor is anything later.
    const qint64 asOf = m_context.asOfMs;
    m_context.asOfMs = ms("2026-09-03T14:10:00Z");
    const bool ok = run(QStringLiteral("p1"), &t);
    m_context.asOfMs = asOf;
    QVERIFY(ok);
    QCOMPARE(int(t.rows.size()), 3);
    QCOMPARE(eventIds(t, 2), strings({"k6"}));
    QCOMPARE(t.rows[2].endMs, ms("2026-09-03T14:00:00Z"));
}

void TestTimeline::unknownUser()
{
    Timeline t;
    TimelineParams params;
    params.user = QStringLiteral("nobody");
    QString error;
    const Status status = runTimeline(m_context, m_data.cache, params, &t, nullptr);
    QVERIFY(status.isFailed());
    QCOMPARE(status.error(), QStringLiteral("unknown user \"nobody\""));
    QVERIFY(!runTimeline(m_context, m_data.cache, params, &t, &error));
    QCOMPARE(error, status.error());
    // An e-mail in any case finds its user.
    QVERIFY(run(QStringLiteral("PIA@kites.TEST"), &t));
    QCOMPARE(t.userId, QStringLiteral("p1"));
}

void TestTimeline::cli()
{
    const QString cache = m_data.cachePath();
    const test::CliText json = test::runCliText(
        {QStringLiteral("timeline"), QStringLiteral("--cache"), cache, QStringLiteral("--user"),
         QStringLiteral("pia@kites.test"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray rows =
        QJsonDocument::fromJson(json.out.toUtf8()).object().value(QStringLiteral("rows")).toArray();
    QCOMPARE(rows.size(), 9);
    const QJsonObject k9 = rows[8].toObject();
    QCOMPARE(k9.value(QStringLiteral("event_id")).toString(), QStringLiteral("k9"));
    QCOMPARE(k9.value(QStringLiteral("row")).toInt(), 4);
    QCOMPARE(k9.value(QStringLiteral("session_id")).toString(), QStringLiteral("zz"));
    QCOMPARE(k9.value(QStringLiteral("wind")).toString(), QStringLiteral("calm"));
    QCOMPARE(rows[0].toObject().value(QStringLiteral("time")).toString(),
             QStringLiteral("2026-09-01T09:00:00.000Z"));

    // --at between sa and sb, as a table: the sentence first.
    const test::CliText at = test::runCliText(
        {QStringLiteral("timeline"), QStringLiteral("--cache"), cache, QStringLiteral("--user"),
         QStringLiteral("p1"), QStringLiteral("--at"), QStringLiteral("2026-09-02T18:10:00Z")});
    QCOMPARE(at.exitCode, 0);
    QVERIFY2(at.out.startsWith(QStringLiteral(
                 "2026-09-02T18:10:00.000Z is in no session: the nearest one starting before it "
                 "is session sa")),
             qPrintable(at.out));
    QVERIFY(at.out.contains(QStringLiteral("== sessions ==")));
    QVERIFY(at.out.contains(QStringLiteral("== goto ==")));
    // --at as CSV: the go-to row alone. A date means midnight: before every session.
    const test::CliText csv = test::runCliText(
        {QStringLiteral("timeline"), QStringLiteral("--cache"), cache, QStringLiteral("--user"),
         QStringLiteral("p1"), QStringLiteral("--at"), QStringLiteral("2026-08-31"),
         QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(csv.exitCode, 0);
    QCOMPARE(csv.out, QStringLiteral("at,case,row,session_id,start,end\n"
                                     "2026-08-31T00:00:00.000Z,first,1,sa,"
                                     "2026-09-01T09:00:00.000Z,2026-09-01T09:12:00.000Z\n"));
    // The sessions of a range, as CSV.
    const test::CliText range = test::runCliText(
        {QStringLiteral("timeline"), QStringLiteral("--cache"), cache, QStringLiteral("--user"),
         QStringLiteral("p1"), QStringLiteral("--from"), QStringLiteral("2026-09-03"),
         QStringLiteral("--to"), QStringLiteral("2026-09-06"), QStringLiteral("--part"),
         QStringLiteral("sessions"), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(range.exitCode, 0);
    QCOMPARE(
        range.out,
        QStringLiteral("row,kind,session_id,start,end,duration_s,events,device_type,"
                       "landing_page\n"
                       "1,session,sb,2026-09-03T14:00:00.000Z,2026-09-03T14:20:00.000Z,1200,"
                       "2,Phone,/spool\n"
                       "2,outside,,2026-09-05T07:00:00.000Z,2026-09-05T07:00:00.000Z,0,1,,\n"));
}

void TestTimeline::cliErrors()
{
    const QString cache = m_data.cachePath();
    const test::CliText unknown =
        test::runCliText({QStringLiteral("timeline"), QStringLiteral("--cache"), cache,
                          QStringLiteral("--user"), QStringLiteral("x")});
    QCOMPARE(unknown.exitCode, 1);
    QCOMPARE(unknown.err, QStringLiteral("pulsebook-cli timeline: unknown user \"x\"\n"));
    const test::CliText noUser =
        test::runCliText({QStringLiteral("timeline"), QStringLiteral("--cache"), cache});
    QCOMPARE(noUser.exitCode, 2);
    const test::CliText gotoWithoutAt = test::runCliText(
        {QStringLiteral("timeline"), QStringLiteral("--cache"), cache, QStringLiteral("--user"),
         QStringLiteral("p1"), QStringLiteral("--part"), QStringLiteral("goto")});
    QCOMPARE(gotoWithoutAt.exitCode, 2);
    const test::CliText segment = test::runCliText(
        {QStringLiteral("timeline"), QStringLiteral("--cache"), cache, QStringLiteral("--user"),
         QStringLiteral("p1"), QStringLiteral("--segment"), QStringLiteral("anything")});
    QCOMPARE(segment.exitCode, 2);
    QVERIFY(segment.err.contains(QStringLiteral("--segment does not apply")));
}

QTEST_GUILESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
