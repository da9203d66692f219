// Segments: the text form (SegmentParser) and the JSON it gives, and their errors, on the
// hand-made export of tst_segment.h.
#include "tst_segment.h"

void TestSegment::initTestCase()
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

void TestSegment::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("json");
    auto row = [](const char* name, const char* text, const char* json) {
        QTest::newRow(name) << QString::fromUtf8(text) << compact(object(json));
    };
    row("did", R"(did "Login")", R"({"did": "Login"})");
    row("did ever", R"(did "Login" ever)", R"({"did": "Login"})");
    row("within Nd", R"(did "Login" within 30d)", R"({"did": "Login", "within_days": 30})");
    row("within N days", R"(did "Login" within 30 days)", R"({"did": "Login", "within_days": 30})");
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
    row("is not set", "user.role is not set", R"({"property": "user.role", "op": "is_not_set"})");
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

void TestSegment::parse()
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

void TestSegment::parseErrors_data()
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
    row("unquoted event", "did Login", "column 5: expected a quoted event name, found \"Login\"");
    row("unquoted segment", "in segment Power", "column 12: expected a quoted segment name");
    row("bang", "role ! \"a\"", "column 6: unexpected \"!\" (did you mean !=?)");
    row("stray character", "role = \"a\" ; x", "column 12: unexpected \";\"");
    row("in without list", "plan in \"pro\"", "column 9: expected \"(\" after \"in\"");
    row("list without comma", "plan in (\"a\" \"b\")", "column 14: expected \")\", found \"b\"");
    row("is without set", "role is there", "column 9: expected \"set\"");
    row("empty", "",
        "column 1: expected a condition (did, in segment, or a property), found "
        "the end");
    row("dangling or", "a is set or",
        "column 12: expected a condition (did, in segment, or a "
        "property), found the end");
}

void TestSegment::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    Segment segment;
    QString actual;
    QVERIFY(!SegmentParser::parse(text, &segment, &actual));
    QCOMPARE(actual, error);
}

void TestSegment::jsonErrors_data()
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

void TestSegment::jsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    Segment segment;
    QString actual;
    QVERIFY(!Segment::fromJson(QJsonDocument::fromJson(json).object(), QStringLiteral("$"),
                               &segment, &actual));
    QCOMPARE(actual, error);
}

// A date typed alone in the JSON form is local midnight in the workspace time zone, as on
// the command line; it is kept as the date.
void TestSegment::jsonDatesInTimeZone_data()
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
    QTest::newRow("Auckland export") << QStringLiteral("Pacific/Auckland") << export30 << QString();
    // An instant stays that instant in any zone.
    QTest::newRow("instant") << QStringLiteral("Pacific/Auckland")
                             << QByteArray(R"({"did": "Export CSV",
                                "from": "2026-10-30T00:00:00.000Z",
                                "to": "2026-10-31T00:00:00.000Z"})")
                             << QStringLiteral("u4");
}

void TestSegment::jsonDatesInTimeZone()
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
    QCOMPARE(compact(segment.toJson().toObject()), compact(QJsonDocument::fromJson(json).object()));
    AnalysisContext context = m_context;
    context.calendar = Calendar(zone);
    std::vector<char> in;
    QVERIFY2(segment.evaluate(context, m_named, &in, &error), qPrintable(error));
    QCOMPARE(memberList(*m_index, in), expected);
}

QTEST_GUILESS_MAIN(TestSegment)
