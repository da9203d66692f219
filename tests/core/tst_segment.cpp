// Segments: the text form (SegmentParser) and the JSON it gives, its errors, evaluation on a
// hand-made export whose member lists were worked out by hand from the CSV text below, and a
// reference check of random expressions against straightforward SQL over the flat copy.
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"
#include "cache/Cache.h"
#include "sync/ExportSync.h"
#include "sync/FieldParser.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <iterator>
#include <limits>

using namespace pulsebook;

namespace {

// 2026-11-01T00:00:00Z (tst_cli: epoch 1793491199 s is 2026-10-31T23:59:59Z), set as as_of.
constexpr qint64 AsOf = 1793491200000LL;

// Roles, plans, seats and scores are extra columns (text; "NaN" as pandas writes it); u6 has
// no events; u7 appears only in events.csv; u5 has no account.
const QByteArray UsersCsv = "user_id,identity,email,account_id,joindate,role,plan,seats,score\n"
                            "u1,ann,ann@acme.example,A1,2026-01-15,Admin,pro,10,7\n"
                            "u2,bob,bob@acme.example,A1,2026-03-01,viewer,free,9,NaN\n"
                            "u3,cy,cy@globex.example,A2,,admin,,100,3\n"
                            "u4,dee,dee@initech.example,A3,2026-06-01,Analyst,pro,,\n"
                            "u5,eve,eve@example.com,,2026-09-01,,trial,2,5\n"
                            "u6,fay,fay@globex.example,A2,2026-10-01,Viewer,free,5,12\n";

const QByteArray AccountsCsv =
    "account_id,name,csm,metrics_group,renewal_date,arr,has_success_plan,region\n"
    "A1,Acme,Maya Patel,Strategic,2027-01-31,\"$120,036\",yes,EMEA\n"
    "A2,Globex,Li Wei,Scale,2026-11-15,5000,no,AMER\n"
    "A3,Initech,maya patel,strategic,,,,\n";

// With as_of 2026-11-01, the 30-day window is [2026-10-02T00:00Z, 2026-11-01T00:00Z):
// event 1 sits exactly on its start, event 5 one millisecond before it, event 6 exactly on
// as_of and event 7 after it.
const QByteArray EventsCsv = "event_id,user_id,time,event\n"
                             "1,u1,2026-10-02T00:00:00Z,Login\n"
                             "2,u1,2026-10-20T10:00:00Z,Login\n"
                             "3,u1,2026-10-21T10:00:00Z,Run Query\n"
                             "4,u1,2026-08-15T10:00:00Z,Login\n"
                             "5,u2,2026-10-01T23:59:59.999Z,Login\n"
                             "6,u2,2026-11-01T00:00:00Z,Login\n"
                             "7,u2,2026-11-05T00:00:00Z,Run Query\n"
                             "8,u3,2026-10-10T08:00:00Z,Login\n"
                             "9,u3,2026-10-11T08:00:00Z,Login\n"
                             "10,u3,2026-10-12T08:00:00Z,Login\n"
                             "11,u3,2026-09-01T00:00:00Z,Run Query\n"
                             "12,u4,2026-08-01T00:00:00Z,Run Query\n"
                             "13,u4,2026-10-30T12:00:00Z,Export CSV\n"
                             "14,u5,2026-07-01T09:00:00Z,Login\n"
                             "15,u7,2026-10-25T09:00:00Z,Login\n";

QJsonObject object(const char* json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

QByteArray compact(const QJsonValue& v)
{
    return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
}

// Syncs the files into a new cache in `dir` and loads its index.
std::shared_ptr<const EventIndex>
build(const QString& dir, const QList<QPair<QString, QByteArray>>& files, QString* cachePath)
{
    const QString folder = dir + QStringLiteral("/export");
    for (const auto& [name, content] : files)
        test::writeFile(folder, name, content);
    *cachePath = dir + QStringLiteral("/c.pulsebook");
    Cache cache;
    QString error;
    if (!cache.open(*cachePath, true, &error) ||
        !syncExportFolder(cache, folder, {}, nullptr, nullptr, &error)) {
        qWarning("%s", qPrintable(error));
        return nullptr;
    }
    auto index = EventIndex::load(cache, nullptr, &error);
    if (!index)
        qWarning("%s", qPrintable(error));
    return index;
}

// Sorted user IDs of the members, comma-separated.
QString memberList(const EventIndex& index, const std::vector<char>& members)
{
    QStringList ids;
    for (int u = 0; u < index.userCount(); ++u) {
        if (members[size_t(u)])
            ids.append(index.userId(u));
    }
    ids.sort();
    return ids.join(QLatin1Char(','));
}

} // namespace

class TestSegment : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<const EventIndex> m_index;
    AnalysisContext m_context;
    NamedSegments m_named;

    QString members(const QString& text)
    {
        Segment segment;
        QString error;
        if (!SegmentParser::parse(text, &segment, &error))
            return QStringLiteral("parse error: ") + error;
        std::vector<char> in;
        if (!segment.evaluate(m_context, m_named, &in, &error))
            return QStringLiteral("error: ") + error;
        return memberList(*m_index, in);
    }

    QString validateError(const QString& text)
    {
        Segment segment;
        QString error;
        if (!SegmentParser::parse(text, &segment, &error))
            return QStringLiteral("parse error: ") + error;
        return segment.validate(*m_index, m_named, QStringLiteral("$"), &error) ? QString() : error;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString cache;
        m_index = build(m_dir.path(),
                        {{QStringLiteral("users.csv"), UsersCsv},
                         {QStringLiteral("accounts.csv"), AccountsCsv},
                         {QStringLiteral("events.csv"), EventsCsv}},
                        &cache);
        QVERIFY(m_index);
        QCOMPARE(m_index->userCount(), 7);
        m_context.index = m_index;
        m_context.asOfMs = AsOf;
        QStringList problems;
        QVERIFY(SegmentDefinition::namedFromJson(object(R"({
            "Active admins": {"and": [{"did": "Login", "within_days": 30},
                                      {"property": "role", "op": "=", "value": "admin"}]},
            "A": {"in_segment": "B"},
            "B": {"and": [{"did": "Login"}, {"in_segment": "A"}]},
            "Self": {"not": {"in_segment": "Self"}}})"),
                                                 &m_named, &problems));
    }

    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("json");
        auto row = [](const char* name, const char* text, const char* json) {
            QTest::newRow(name) << QString::fromUtf8(text) << compact(object(json));
        };
        row("did", R"(did "Login")", R"({"did": "Login"})");
        row("did ever", R"(did "Login" ever)", R"({"did": "Login"})");
        row("within Nd", R"(did "Login" within 30d)", R"({"did": "Login", "within_days": 30})");
        row("within N days", R"(did "Login" within 30 days)",
            R"({"did": "Login", "within_days": 30})");
        row("within 1 day", R"(did "Login" within 1 day)", R"({"did": "Login", "within_days": 1})");
        row("at least times", R"(did "Login" at least 3 times within 7d)",
            R"({"did": "Login", "at_least": 3, "within_days": 7})");
        row("at least bare", R"(did "Login" at least 2)", R"({"did": "Login", "at_least": 2})");
        // Any duration: whole days stay within_days, the rest "within" in its largest unit.
        row("within hours", R"(did "Login" within 36h)", R"({"did": "Login", "within": "36h"})");
        row("within 48h", R"(did "Login" within 48h)", R"({"did": "Login", "within_days": 2})");
        row("within minutes", R"(did "Login" within 90m)", R"({"did": "Login", "within": "90m"})");
        row("within 120m", R"(did "Login" within 120m)", R"({"did": "Login", "within": "2h"})");
        row("within seconds", R"(did "Login" within 15s)", R"({"did": "Login", "within": "15s"})");
        row("within weeks", R"(did "Login" within 2w)", R"({"did": "Login", "within_days": 14})");
        // Dates are midnight UTC: formatTimestamp gives "...T00:00:00.000Z".
        row("did not between", R"(did not "Run Query" between 2026-08-01 and 2026-09-01)",
            R"({"did_not": "Run Query", "from": "2026-08-01T00:00:00.000Z",
                "to": "2026-09-01T00:00:00.000Z"})");
        row("between quoted", R"(did "A" between "2026-08-01" and "2026-09-01T12:00:00Z")",
            R"({"did": "A", "from": "2026-08-01T00:00:00.000Z", "to": "2026-09-01T12:00:00.000Z"})");
        // Dates before 1970 are negative epoch ms and still a window.
        row("between before 1970", R"(did "A" between 1960-01-01 and 1965-01-01)",
            R"({"did": "A", "from": "1960-01-01T00:00:00.000Z", "to": "1965-01-01T00:00:00.000Z"})");
        row("not did", R"(not did "Login")", R"({"not": {"did": "Login"}})");
        row("in segment", R"(in segment "Power users")", R"({"in_segment": "Power users"})");
        row("equals", R"(role = "admin")", R"({"property": "role", "op": "=", "value": "admin"})");
        row("double equals bare", "role == admin",
            R"({"property": "role", "op": "=", "value": "admin"})");
        row("not equals number", "seats != 3", R"({"property": "seats", "op": "!=", "value": 3})");
        row("less", "seats < 3", R"({"property": "seats", "op": "<", "value": 3})");
        row("less or equal", "seats <= 2.5", R"({"property": "seats", "op": "<=", "value": 2.5})");
        row("greater negative", "seats > -5", R"({"property": "seats", "op": ">", "value": -5})");
        row("greater or equal date", "joindate >= 2026-01-01",
            R"({"property": "joindate", "op": ">=", "value": "2026-01-01"})");
        row("contains", R"(account.csm contains "Maya")",
            R"({"property": "account.csm", "op": "contains", "value": "Maya"})");
        row("starts with", R"(email starts with "ann")",
            R"({"property": "email", "op": "starts_with", "value": "ann"})");
        row("is set", "role is set", R"({"property": "role", "op": "is_set"})");
        row("is not set", "user.role is not set",
            R"({"property": "user.role", "op": "is_not_set"})");
        row("in list", R"(plan in ("pro", "free", 3))",
            R"({"property": "plan", "op": "in", "value": ["pro", "free", 3]})");
        row("escaped quote", "name = \"say \\\"hi\\\" \\\\o/\"",
            "{\"property\": \"name\", \"op\": \"=\", \"value\": \"say \\\"hi\\\" \\\\o/\"}");
        row("keywords any case", R"(DID "Login" WITHIN 30D AND NOT Role IS NOT SET)",
            R"({"and": [{"did": "Login", "within_days": 30},
                        {"not": {"property": "Role", "op": "is_not_set"}}]})");
        row("and binds tighter", "a = 1 or b = 2 and c = 3",
            R"({"or": [{"property": "a", "op": "=", "value": 1},
                       {"and": [{"property": "b", "op": "=", "value": 2},
                                {"property": "c", "op": "=", "value": 3}]}]})");
        row("parentheses", "(a = 1 or b = 2) and c = 3",
            R"({"and": [{"or": [{"property": "a", "op": "=", "value": 1},
                                {"property": "b", "op": "=", "value": 2}]},
                        {"property": "c", "op": "=", "value": 3}]})");
        row("flat and", "a is set and b is set and c is set",
            R"({"and": [{"property": "a", "op": "is_set"}, {"property": "b", "op": "is_set"},
                        {"property": "c", "op": "is_set"}]})");
        row("not binds tightest", "not a is set and b is set",
            R"({"and": [{"not": {"property": "a", "op": "is_set"}},
                        {"property": "b", "op": "is_set"}]})");
        row("not group", "not (a is set or not not b is set)",
            R"({"not": {"or": [{"property": "a", "op": "is_set"},
                               {"not": {"not": {"property": "b", "op": "is_set"}}}]}})");
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, json);
        Segment segment;
        QString error;
        QVERIFY2(SegmentParser::parse(text, &segment, &error), qPrintable(error));
        QCOMPARE(compact(segment.toJson()), json);
        // The JSON form reads back to the same tree.
        Segment again;
        QVERIFY2(Segment::fromJson(segment.toJson(), QStringLiteral("$"), &again, &error),
                 qPrintable(error));
        QCOMPARE(compact(again.toJson()), json);
    }

    void parseErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        // Columns count characters from 1; "the end" is one past the last character.
        auto row = [](const char* name, const char* text, const char* error) {
            QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(error);
        };
        row("unterminated quote", "did \"Login", "column 5: unterminated quoted text");
        row("missing operator", "role \"admin\"",
            "column 6: expected an operator after role (=, !=, <, <=, >, >=, contains, starts "
            "with, in, is set), found \"admin\"");
        row("missing operator at end", "role",
            "column 5: expected an operator after role (=, !=, <, <=, >, >=, contains, starts "
            "with, in, is set), found the end");
        row("missing value", "role =", "column 7: expected a value, found the end");
        row("and is no value", "role = and x = 1", "column 8: expected a value, found \"and\"");
        row("unclosed parenthesis", "(role = \"a\"", "column 12: expected \")\", found the end");
        row("extra parenthesis", "role = \"a\")", "column 11: unexpected \")\"");
        row("at without least", "did \"Login\" at 3 times",
            "column 16: expected \"least\" after \"at\"");
        row("at least zero", "did \"Login\" at least 0",
            "column 22: expected a count of at least 1, found \"0\"");
        row("bad duration unit", "did \"Login\" within 30x",
            "column 20: \"30x\" is not a duration such as 15s, 30m, 12h, 14d or 2w");
        row("zero days", "did \"Login\" within 0d",
            "column 20: \"0d\" is not a duration such as 15s, 30m, 12h, 14d or 2w");
        // Any duration is a window (36h: see evaluate), but a whole number of units.
        row("fraction", "did \"Login\" within 1.5h",
            "column 20: \"1.5h\" is not a duration such as 15s, 30m, 12h, 14d or 2w");
        row("months", "did \"Login\" within 3 months",
            "column 20: \"3\" is not a duration such as 15s, 30m, 12h, 14d or 2w");
        row("bad date", "did \"A\" between 2026-13-01 and 2026-12-01",
            "column 17: expected a date such as 2026-08-01, found \"2026-13-01\"");
        row("between without and", "did \"A\" between 2026-08-01 or 2026-09-01",
            "column 28: expected \"and\" between the two dates");
        row("dates reversed", "did \"A\" between 2026-09-01 and 2026-08-01",
            "column 42: the second date must be after the first");
        row("unquoted event", "did Login",
            "column 5: expected a quoted event name, found \"Login\"");
        row("unquoted segment", "in segment Power", "column 12: expected a quoted segment name");
        row("bang", "role ! \"a\"", "column 6: unexpected \"!\" (did you mean !=?)");
        row("stray character", "role = \"a\" ; x", "column 12: unexpected \";\"");
        row("in without list", "plan in \"pro\"", "column 9: expected \"(\" after \"in\"");
        row("list without comma", "plan in (\"a\" \"b\")",
            "column 14: expected \")\", found \"b\"");
        row("is without set", "role is there", "column 9: expected \"set\"");
        row("empty", "",
            "column 1: expected a condition (did, in segment, or a property), found "
            "the end");
        row("dangling or", "a is set or",
            "column 12: expected a condition (did, in segment, or a "
            "property), found the end");
    }

    void parseErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        Segment segment;
        QString actual;
        QVERIFY(!SegmentParser::parse(text, &segment, &actual));
        QCOMPARE(actual, error);
    }

    void jsonErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        auto row = [](const char* name, const char* json, const char* error) {
            QTest::newRow(name) << QByteArray(json) << QString::fromUtf8(error);
        };
        row("empty and", R"({"and": []})", "$.and: expected a non-empty list of conditions");
        row("bad op", R"({"or": [{"did": "A"}, {"property": "p", "op": "~", "value": 1}]})",
            R"($.or[1].op: unknown operator "~" (expected =, !=, contains, starts_with, is_set, )"
            R"(is_not_set, in, <, <=, >, >=))");
        row("no value", R"({"not": {"property": "p", "op": "="}})",
            "$.not.value: expected a text, number or date");
        row("empty in", R"({"property": "p", "op": "in", "value": []})",
            "$.value: expected a non-empty list");
        row("at_least 0", R"({"did": "A", "at_least": 0})",
            "$.at_least: expected a whole number of at least 1");
        row("bad within", R"({"did": "A", "within": "1.5h"})",
            R"($.within: "1.5h" is not a duration such as 15s, 30m, 12h, 14d or 2w)");
        row("within twice", R"({"did": "A", "within": "36h", "within_days": 2})",
            "$: give within_days or within, not both");
        row("within and range", R"({"did": "A", "within": "36h", "from": "2026-01-01"})",
            "$: give within or from/to, not both");
        row("fractional days", R"({"did_not": "A", "within_days": 1.5})",
            "$.within_days: expected a whole number of days of at least 1");
        row("both windows", R"({"did": "A", "within_days": 7, "from": "2026-01-01"})",
            "$: give within_days or from/to, not both");
        row("to before from", R"({"did": "A", "from": "2026-02-01", "to": "2026-01-01"})",
            "$.to: must be after from");
        row("bad from", R"({"did": "A", "from": "soon", "to": "2026-01-01"})",
            R"($.from: expected a date such as "2026-08-01")");
        row("unknown shape", R"({"when": 1})",
            "$: expected one of and, or, not, property, did, did_not, in_segment");
    }

    void jsonErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        Segment segment;
        QString actual;
        QVERIFY(!Segment::fromJson(QJsonDocument::fromJson(json).object(), QStringLiteral("$"),
                                   &segment, &actual));
        QCOMPARE(actual, error);
    }

    void evaluate_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* text, const char* expected) {
            QTest::newRow(text) << QString::fromUtf8(text) << QString::fromUtf8(expected);
        };
        // Behaviour. Logins before as_of: u1 (10-02 exactly on the window start, 10-20, 08-15),
        // u2 (10-01T23:59:59.999, one ms before it), u3 (10-10, 10-11, 10-12), u5 (07-01),
        // u7 (10-25); u2's 11-01 login is at as_of and never counts.
        row(R"(did "Login" within 30d)", "u1,u3,u7");
        row(R"(did "Login" within 31 days)", "u1,u2,u3,u7"); // from 10-01T00:00: u2 too
        row(R"(did "Login" within 1d)", "");                 // [10-31, 11-01): nobody
        row(R"(did "Login" ever)", "u1,u2,u3,u5,u7");
        row(R"(did "Login" at least 3 times)", "u1,u3");         // u2 has 1 before as_of
        row(R"(did "Login" at least 3 times within 30d)", "u3"); // u1 has 2 in the window
        row(R"(did "Login" at least 2 times within 30d)", "u1,u3");
        row(R"(did not "Login" within 30d)", "u2,u4,u5,u6"); // u6: no events at all
        // Run Query: u1 10-21T10, u3 09-01, u4 08-01, u2 11-05 (after as_of: never counts).
        row(R"(did not "Run Query")", "u2,u5,u6,u7");
        row(R"(did "Run Query" within 11d)", "u1"); // from 10-21T00:00
        // Windows of any duration, [as_of - D, as_of): u4's Export CSV at 10-30T12:00 is on the
        // start of a 36 h window (in), one minute after the start of a 35 h 59 min one (out);
        // u7's login 10-25T09:00 is 159 h before as_of.
        row(R"(did "Export CSV" within 36h)", "u4");
        row(R"(did "Export CSV" within 129600s)", "u4");
        row(R"(did "Export CSV" within 2159m)", "");
        row(R"(did "Export CSV" within 35h)", "");
        row(R"(did "Login" within 159h)", "u7");
        row(R"(did "Login" within 158h)", "");
        row(R"(did "Run Query" between 2026-08-01 and 2026-09-01)", "u4"); // 09-01 is excluded
        row(R"(did "Run Query" between 2026-08-01 and 2026-09-01T00:00:00.001Z)", "u3,u4");
        // The range is cut at as_of: u2's login at 11-01 is out, u1 (10-20) and u7 (10-25) in.
        row(R"(did "Login" between 2026-10-15 and 2026-12-01)", "u1,u7");
        row(R"(did "Login" between 1960-01-01 and 1965-01-01)", ""); // not "ever"
        // Longer than the clock's range: "ever" rather than an overflowed window.
        row(R"(did "Login" within 200000000000d)", "u1,u2,u3,u5,u7");
        row(R"(did "Nope")", "");
        row(R"(did not "Nope")", "u1,u2,u3,u4,u5,u6,u7");
        // User properties: roles Admin, viewer, admin, Analyst, -, Viewer, - (u7 has none).
        row(R"(role = "admin")", "u1,u3");
        row(R"(role != "ADMIN")", "u2,u4,u5,u6,u7"); // missing is "not equal"
        row(R"(role = "ghost" or plan = "nothing")", "");
        row("role is set", "u1,u2,u3,u4,u6");
        row("role is not set", "u5,u7");
        row(R"(role contains "MIN")", "u1,u3");
        row(R"(role starts with "view")", "u2,u6");
        row(R"(role in ("viewer", "ANALYST"))", "u2,u4,u6");
        row(R"(email = "ANN@ACME.EXAMPLE")", "u1");
        row(R"(user.plan = "free")", "u2,u6");
        // seats is text "10", "9", "100", -, "2", "5": compared as numbers (as text "10" < "9").
        row("seats > 9", "u1,u3");
        row("seats >= 9", "u1,u2,u3");
        row("seats < 5", "u5");
        row("seats = 10.0", "u1");
        // score: 7, "NaN", 3, -, 5, 12. "NaN" is text, not a number equal to everything.
        row("score >= 5", "u1,u5,u6");
        row("score = 5", "u5");
        row("score != 5", "u1,u2,u3,u4,u6,u7");
        // joindate is a date: 01-15, 03-01, -, 06-01, 09-01, 10-01.
        row("joindate < 2026-03-01", "u1");
        row("joindate <= 2026-03-01", "u1,u2");
        row(R"(joindate >= "2026-06-01")", "u4,u5,u6");
        row("joindate = 2026-01-15", "u1");
        row(R"(joindate < "2026-03-01 00:00:00")",
            "u1"); // the "date time" form of the data contract
        // Accounts: A1 (u1, u2), A2 (u3, u6), A3 (u4); u5 and u7 have none.
        row(R"(account.csm = "maya patel")", "u1,u2,u4");
        row(R"(account.metrics_group = "STRATEGIC")", "u1,u2,u4");
        row("account.arr > 100000", "u1,u2"); // "$120,036" read as 120036
        row("account.arr <= 5000", "u3,u6");
        row("account.renewal_date < 2026-12-01", "u3,u6");
        row("account.renewal_date > 2026-11-15", "u1,u2"); // A2's is equal: not greater
        row("account.renewal_date is set", "u1,u2,u3,u6");
        row("account.has_success_plan = true", "u1,u2");
        row("account.has_success_plan = no", "u3,u6");
        row(R"(account.region = "emea")", "u1,u2");
        row(R"(account.region != "EMEA")", "u3,u4,u5,u6,u7");
        row("account.csm is not set", "u5,u7");
        // Combinations.
        row(R"(did "Login" within 30d and not did "Run Query" within 30d)", "u3,u7");
        // and first: admins {u1,u3} or free viewers {u2,u6}; (a or b) and c would give u2,u6.
        row(R"(role = "admin" or role = "viewer" and plan = "free")", "u1,u2,u3,u6");
        row(R"((role = "admin" or role = "viewer") and plan = "free")", "u2,u6");
        // Login ever or seats set covers everyone but u4.
        row(R"(not (did "Login" or seats is set))", "u4");
        // Active admins = Login within 30d {u1,u3,u7} and admin {u1,u3}.
        row(R"(in segment "Active admins")", "u1,u3");
        row(R"(in segment "Active admins" or account.csm = "Li Wei")", "u1,u3,u6");
        row(R"(not in segment "Active admins" and did "Login")", "u2,u5,u7");
    }

    void evaluate()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(members(text), expected);
    }

    // A date typed alone in the JSON form is local midnight in the workspace time zone, as on
    // the command line; it is kept as the date.
    void jsonDatesInTimeZone_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        // [10-02, 11-01): UTC starts at u1's 10-02T00:00Z login (u1 in, u2's 10-01T23:59:59.999
        // out); Kolkata (+05:30) at 10-01T18:30Z (u2 in); New York (-04:00) at 10-02T04:00Z (u1
        // still in by its 10-20 login). The end is cut at as_of 11-01T00:00Z in every zone.
        const QByteArray logins = R"({"did": "Login", "from": "2026-10-02", "to": "2026-11-01"})";
        QTest::newRow("UTC") << QStringLiteral("UTC") << logins << QStringLiteral("u1,u3,u7");
        QTest::newRow("Kolkata") << QStringLiteral("Asia/Kolkata") << logins
                                 << QStringLiteral("u1,u2,u3,u7");
        QTest::newRow("New York") << QStringLiteral("America/New_York") << logins
                                  << QStringLiteral("u1,u3,u7");
        // [10-30, 10-31) and u4's export at 10-30T12:00Z: Auckland (+13:00) ends the day at
        // 10-30T11:00Z, before it.
        const QByteArray export30 =
            R"({"did": "Export CSV", "from": "2026-10-30", "to": "2026-10-31"})";
        QTest::newRow("UTC export") << QStringLiteral("UTC") << export30 << QStringLiteral("u4");
        QTest::newRow("Auckland export")
            << QStringLiteral("Pacific/Auckland") << export30 << QString();
        // An instant stays that instant in any zone.
        QTest::newRow("instant") << QStringLiteral("Pacific/Auckland")
                                 << QByteArray(R"({"did": "Export CSV",
                                    "from": "2026-10-30T00:00:00.000Z",
                                    "to": "2026-10-31T00:00:00.000Z"})")
                                 << QStringLiteral("u4");
    }

    void jsonDatesInTimeZone()
    {
        QFETCH(QString, zone);
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        Segment segment;
        QString error;
        QVERIFY2(Segment::fromJson(QJsonDocument::fromJson(json).object(), QStringLiteral("$"),
                                   &segment, &error),
                 qPrintable(error));
        // The date is kept as typed.
        QCOMPARE(compact(segment.toJson().toObject()),
                 compact(QJsonDocument::fromJson(json).object()));
        AnalysisContext context = m_context;
        context.calendar = Calendar(zone);
        std::vector<char> in;
        QVERIFY2(segment.evaluate(context, m_named, &in, &error), qPrintable(error));
        QCOMPARE(memberList(*m_index, in), expected);
    }

    void validateErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        auto row = [](const char* name, const char* text, const char* error) {
            QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(error);
        };
        row("known names", R"(did "Login" and role = "x" and account.region is set)", "");
        // An event the data lacks is only a warning (WorkspaceCheck): nobody did it.
        row("unknown event", R"(did "Login" and did not "Nope" within 7d)", "");
        row("unknown account property", R"(role = "a" or account.tier = "x")",
            R"($.or[1].property: unknown account property "tier")");
        row("unknown user property", "not plan2 is set",
            R"($.not.property: unknown user property "plan2")");
        row("no such segment", R"(in segment "Nope")", R"($.in_segment: no segment named "Nope")");
        // A → B → A: B's second condition refers back to A.
        row("cycle", R"(did "Login" or in segment "A")",
            "$.segments.B.and[1].in_segment: segment cycle: A → B → A");
        row("self", R"(in segment "Self")",
            "$.segments.Self.not.in_segment: segment cycle: Self "
            "→ Self");
    }

    void validateErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QCOMPARE(validateError(text), error);
    }

    void namedSegmentCycle()
    {
        // Validating a named segment starts its stack with its own name.
        const Segment a(m_named.value(QStringLiteral("A")));
        QString error;
        QVERIFY(!a.validate(*m_index, m_named, QStringLiteral("$.segments.A"), &error));
        QCOMPARE(error, QStringLiteral("$.segments.B.and[1].in_segment: segment cycle: A → B → A"));
        // Evaluation refuses a cycle too rather than recursing forever.
        QCOMPARE(members(QStringLiteral("in segment \"A\"")),
                 QStringLiteral("error: segment \"A\": refers to itself (a cycle)"));
    }

    void referenceAgainstSql();
};

// Random small exports (fixed seeds): "did E at least N" over every kind of window, combined
// with and / or / not, against the same condition written as SQL over the flat copy.
void TestSegment::referenceAgainstSql()
{
    const char* const events[] = {"Login", "Run Query", "View Chart"};
    const qint64 day = DayMs;
    int mixed = 0; // results that are neither empty nor everyone
    for (quint32 seed = 1; seed <= 20; ++seed) {
        QRandomGenerator random(seed);
        const QString dir = m_dir.filePath(QStringLiteral("ref%1").arg(seed));
        const int listed = 3 + int(random.bounded(6));
        QByteArray users = "user_id,email\n";
        for (int u = 0; u < listed; ++u)
            users += "r" + QByteArray::number(u) + ",r" + QByteArray::number(u) + "@x.example\n";
        // A third of the times sit on window edges (before as_of): D days exactly and 1 ms
        // more, 1 ms, as_of itself, and a day after it.
        const qint64 edges[] = {30 * day, 30 * day + 1, 7 * day, 7 * day + 1, day, 1, 0, -day};
        QByteArray eventsCsv = "event_id,user_id,time,event\n";
        const int count = 10 + int(random.bounded(40));
        for (int e = 0; e < count; ++e) {
            const qint64 time = random.bounded(3) == 0
                                    ? AsOf - edges[random.bounded(int(std::size(edges)))]
                                    : AsOf - 45 * day + qint64(random.bounded(47 * 24)) * 3600000;
            // A few users appear only in events.csv.
            eventsCsv += QByteArray::number(e + 1) + ",r" +
                         QByteArray::number(random.bounded(listed + 2)) + "," +
                         QByteArray::number(time) + "," + events[random.bounded(3)] + "\n";
        }
        QString cachePath;
        const auto index = build(
            dir, {{QStringLiteral("users.csv"), users}, {QStringLiteral("events.csv"), eventsCsv}},
            &cachePath);
        QVERIFY(index);
        const QString flatPath = dir + QStringLiteral("/flat.sqlite");
        QCOMPARE(test::writeFlatCopy(cachePath, flatPath), QString());
        Database flat;
        QString error;
        QVERIFY2(flat.open(flatPath, false, &error), qPrintable(error));

        // A random condition as text and as SQL; `kind` says how the text binds (0 leaf or
        // not, 1 and, 2 or) so that parentheses are only written where precedence needs them.
        std::function<QPair<QString, QString>(int, int*)> make = [&](int depth, int* kind) {
            const int pick = depth == 0 ? 0 : int(random.bounded(4));
            if (pick == 0) {
                *kind = 0;
                const char* event = events[random.bounded(3)];
                const qint64 n = 1 + random.bounded(3);
                qint64 from = std::numeric_limits<qint64>::min() / 2, to = AsOf;
                QString text = QStringLiteral("did \"%1\"").arg(QLatin1String(event));
                if (n > 1)
                    text += QStringLiteral(" at least %1 times").arg(n);
                switch (random.bounded(3)) {
                case 0: {
                    const qint64 d = QList<qint64>{1, 7, 30}[random.bounded(3)];
                    from = AsOf - d * day;
                    text += QStringLiteral(" within %1d").arg(d);
                    break;
                }
                case 1: {
                    from = AsOf - qint64(10 + random.bounded(30)) * day;
                    const qint64 end = from + qint64(1 + random.bounded(40)) * day;
                    to = std::min(end, AsOf);
                    text += QStringLiteral(" between %1 and %2")
                                .arg(FieldParser::formatDate(from), FieldParser::formatDate(end));
                    break;
                }
                default:
                    text += QStringLiteral(" ever");
                    break;
                }
                QString sql =
                    QStringLiteral("((SELECT COUNT(*) FROM events e WHERE e.user = u.user "
                                   "AND e.event = '%1' AND e.time >= %2 AND e.time < "
                                   "%3) >= %4)")
                        .arg(QLatin1String(event))
                        .arg(from)
                        .arg(to)
                        .arg(n);
                if (random.bounded(4) == 0) {
                    text.replace(0, 3, QStringLiteral("did not"));
                    sql = QStringLiteral("(NOT %1)").arg(sql);
                }
                return qMakePair(text, sql);
            }
            int ka = 0, kb = 0;
            const auto a = make(depth - 1, &ka);
            if (pick == 1) {
                *kind = 0;
                return qMakePair(ka == 0 ? QStringLiteral("not ") + a.first
                                         : QStringLiteral("not (%1)").arg(a.first),
                                 QStringLiteral("(NOT %1)").arg(a.second));
            }
            const auto b = make(depth - 1, &kb);
            const bool isAnd = pick == 2;
            *kind = isAnd ? 1 : 2;
            // Under "and", an "or" needs parentheses; under "or", nothing does.
            auto wrap = [&](const QString& t, int k) {
                return isAnd && k == 2 ? QStringLiteral("(%1)").arg(t) : t;
            };
            return qMakePair(
                wrap(a.first, ka) + (isAnd ? QStringLiteral(" and ") : QStringLiteral(" or ")) +
                    wrap(b.first, kb),
                QStringLiteral("(%1 %2 %3)")
                    .arg(a.second, isAnd ? QStringLiteral("AND") : QStringLiteral("OR"), b.second));
        };
        AnalysisContext context;
        context.index = index;
        context.asOfMs = AsOf;
        for (int i = 0; i < 10; ++i) {
            int kind = 0;
            const auto [text, sql] = make(i < 3 ? 0 : 2, &kind);
            Segment segment;
            QVERIFY2(SegmentParser::parse(text, &segment, &error), qPrintable(text + error));
            std::vector<char> in;
            QVERIFY(segment.evaluate(context, {}, &in, &error));
            const QByteArray query =
                "SELECT user_id FROM users u WHERE " + sql.toUtf8() + " ORDER BY user_id";
            Statement s = flat.prepare(query.constData(), &error);
            QVERIFY2(s.isValid(), qPrintable(error));
            QStringList expected;
            while (s.step())
                expected.append(s.text(0));
            expected.sort();
            mixed += !expected.isEmpty() && expected.size() < index->userCount();
            QVERIFY2(memberList(*index, in) == expected.join(QLatin1Char(',')),
                     qPrintable(
                         QStringLiteral("seed %1: %2\n  got %3\n  SQL %4")
                             .arg(seed)
                             .arg(text, memberList(*index, in), expected.join(QLatin1Char(',')))));
        }
    }
    // The check is not vacuous: with these seeds 114 of the 200 results are proper subsets.
    QVERIFY2(mixed >= 100, qPrintable(QString::number(mixed)));
}

QTEST_GUILESS_MAIN(TestSegment)
#include "tst_segment.moc"
