// Segments evaluated on the hand-made export of tst_segment.h (member lists worked out by hand
// from its CSV text), validation errors, and random expressions against straightforward SQL over
// the flat copy.
#include "tst_segment.h"

void TestSegment::evaluate_data()
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

void TestSegment::evaluate()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(members(text), expected);
}

void TestSegment::validateErrors_data()
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

void TestSegment::validateErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    QCOMPARE(validateError(text), error);
}

void TestSegment::namedSegmentCycle()
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
