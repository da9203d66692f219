// The segment's text written from its tree (SegmentText, what the segment editor shows):
// hand-written texts for each construct, the parser reading every written text back to a tree
// that writes the same text, and random trees whose members equal those of the tree read back
// from their text (on a small export of our own).
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/PropertyValues.h"
#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"
#include "analysis/SegmentText.h"

#include <QRandomGenerator>
#include <QTest>

using namespace pulsebook;

namespace {

using Node = SegmentNode;
using Kind = SegmentNode::Kind;
using Op = SegmentNode::Op;

const test::ExportFiles Export = {
    {QStringLiteral("accounts.csv"), "account_id,name,csm,arr,Billing Country\n"
                                     "K1,Kestrel Co,Ola Berg,1200,Norway\n"
                                     "K2,Kite Ltd,Ola Berg,800,Canada\n"
                                     "K3,Keel Inc,Pia Holm,,Canada\n"},
    {QStringLiteral("users.csv"), "user_id,email,account_id,Plan Name,seats\n"
                                  "w1,w1@kestrel.test,K1,Gold,3\n"
                                  "w2,w2@kestrel.test,K1,Silver,10\n"
                                  "w3,w3@kite.test,K2,Gold,\n"
                                  "w4,w4@keel.test,K3,,7\n"
                                  "w5,w5@keel.test,K3,Bronze,1\n"},
    {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                   "1,w1,2026-10-30T10:00:00Z,Ship Order\n"
                                   "2,w1,2026-10-31T10:00:00Z,Ship Order\n"
                                   "3,w2,2026-10-01T10:00:00Z,Ship Order\n"
                                   "4,w2,2026-10-20T10:00:00Z,Track Parcel\n"
                                   "5,w3,2026-09-15T10:00:00Z,Track Parcel\n"
                                   "6,w4,2026-10-29T10:00:00Z,Ship Order\n"
                                   "7,w4,2026-10-29T11:00:00Z,Ship Order\n"
                                   "8,w4,2026-10-29T12:00:00Z,Ship Order\n"},
};

Node parsed(const QString& text)
{
    Segment s;
    QString error;
    if (!SegmentParser::parse(text, &s, &error))
        qWarning("%s: %s", qPrintable(text), qPrintable(error));
    return s.root();
}

Node randomCondition(QRandomGenerator& random)
{
    Node n;
    switch (random.bounded(3)) {
    case 0: {
        n.kind = Kind::Did;
        n.name = random.bounded(2) ? QStringLiteral("Ship Order") : QStringLiteral("Track Parcel");
        n.negated = random.bounded(2);
        n.atLeast = 1 + random.bounded(3);
        const int window = random.bounded(3);
        if (window == 1)
            n.withinMs = qint64(1 + random.bounded(40)) * (random.bounded(2) ? DayMs : 3600000);
        if (window == 2) {
            n.fromMs = 1790000000000LL + random.bounded(3000) * 3600000LL; // 2026-09-21 on
            n.toMs = n.fromMs + (1 + random.bounded(800)) * 3600000LL;
        }
        return n;
    }
    case 1: {
        n.kind = Kind::Property;
        static const QStringList names = {
            QStringLiteral("Plan Name"), QStringLiteral("seats"), QStringLiteral("account.arr"),
            QStringLiteral("account.Billing Country"), QStringLiteral("email")};
        n.name = names[random.bounded(int(names.size()))];
        n.op = Op(random.bounded(int(Op::GreaterOrEqual) + 1));
        static const QVariantList values = {QStringLiteral("Gold"),      3.0,
                                            QStringLiteral("canada"),    1000.0,
                                            QStringLiteral("w"),         QStringLiteral("7"),
                                            QStringLiteral("say \"hi\"")};
        const int count = n.op == Op::In ? 1 + random.bounded(3) : 1;
        if (n.op != Op::IsSet && n.op != Op::IsNotSet) {
            for (int i = 0; i < count; ++i)
                n.values << values[random.bounded(int(values.size()))];
        }
        return n;
    }
    default:
        n.kind = Kind::Not;
        n.children.push_back(randomCondition(random));
        return n;
    }
}

Node randomTree(QRandomGenerator& random, int depth)
{
    if (depth == 0 || random.bounded(3) == 0)
        return randomCondition(random);
    Node n;
    n.kind = random.bounded(2) ? Kind::And : Kind::Or;
    const int children = 1 + random.bounded(3);
    for (int i = 0; i < children; ++i)
        n.children.push_back(randomTree(random, depth - 1));
    if (random.bounded(4) == 0) {
        Node negated;
        negated.kind = Kind::Not;
        negated.children.push_back(std::move(n));
        return negated;
    }
    return n;
}

} // namespace

class TestSegmentText : public QObject
{
    Q_OBJECT

private slots:
    void handWritten_data();
    void handWritten();
    void emptyGroupHasNoText();
    void errorPositions();
    void datesAreMarked();
    void randomTreesKeepTheirMembers();
    void propertyValues();
};

void TestSegmentText::handWritten_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("did") << QStringLiteral("did \"Ship Order\"")
                         << QStringLiteral("did \"Ship Order\"");
    QTest::newRow("did not, at least, within")
        << QStringLiteral("DID NOT \"Ship Order\" at least 2 time within 4 weeks")
        << QStringLiteral("did not \"Ship Order\" at least 2 times within 28d");
    QTest::newRow("ever is the default")
        << QStringLiteral("did \"Track Parcel\" ever") << QStringLiteral("did \"Track Parcel\"");
    QTest::newRow("between dates")
        << QStringLiteral("did \"Ship Order\" between 2026-10-01 and \"2026-10-15\"")
        << QStringLiteral("did \"Ship Order\" between 2026-10-01 and 2026-10-15");
    QTest::newRow("between instants")
        << QStringLiteral("did \"Ship Order\" between 2026-10-01T10:30:00Z and 2026-10-02")
        << QStringLiteral("did \"Ship Order\" between 2026-10-01T10:30:00.000Z and 2026-10-02");
    QTest::newRow("quoted property names")
        << QStringLiteral("account.\"Billing Country\" = Canada and \"Plan Name\" is not set")
        << QStringLiteral("account.\"Billing Country\" = \"Canada\" and \"Plan Name\" is not set");
    QTest::newRow("a keyword as a name")
        << QStringLiteral("\"not\" is set") << QStringLiteral("\"not\" is set");
    QTest::newRow("numbers bare, text quoted")
        << QStringLiteral("seats >= 2.50 and seats in (1, \"7\", x)")
        << QStringLiteral("seats >= 2.5 and seats in (1, \"7\", \"x\")");
    QTest::newRow("escapes") << QStringLiteral("email contains \"a\\\"b\\\\c\"")
                             << QStringLiteral("email contains \"a\\\"b\\\\c\"");
    QTest::newRow("and binds tighter")
        << QStringLiteral("seats > 1 or seats < 9 and email starts with w")
        << QStringLiteral("seats > 1 or seats < 9 and email starts with \"w\"");
    QTest::newRow("nested groups keep their parentheses")
        << QStringLiteral("(seats > 1 or seats < 9) and (seats != 3 and (seats = 4 or (seats = "
                          "5 or seats = 6)))")
        << QStringLiteral("(seats > 1 or seats < 9) and (seats != 3 and (seats = 4 or (seats = "
                          "5 or seats = 6)))");
    QTest::newRow("redundant parentheses go")
        << QStringLiteral("((seats > 1)) or (seats < 9 and seats > 2)")
        << QStringLiteral("seats > 1 or seats < 9 and seats > 2");
    QTest::newRow("not") << QStringLiteral("not not (did \"A\" or in segment \"Big \\\"B\\\"\")")
                         << QStringLiteral("not not (did \"A\" or in segment \"Big \\\"B\\\"\")");
}

void TestSegmentText::handWritten()
{
    QFETCH(QString, typed);
    QFETCH(QString, canonical);
    const Node node = parsed(typed);
    QCOMPARE(SegmentText::format(node), canonical);
    // The canonical text reads back to a tree that writes it again.
    QCOMPARE(SegmentText::format(parsed(canonical)), canonical);
}

void TestSegmentText::emptyGroupHasNoText()
{
    Node group;
    group.kind = Kind::Or;
    group.children.push_back(parsed(QStringLiteral("did \"A\"")));
    group.children.push_back(Node()); // an And with no children
    QCOMPARE(SegmentText::format(group), QString());
    // A group of one child is that child.
    Node one;
    one.kind = Kind::And;
    one.children.push_back(parsed(QStringLiteral("seats > 2")));
    QCOMPARE(SegmentText::format(one), QStringLiteral("seats > 2"));
}

void TestSegmentText::errorPositions()
{
    // "did \"A\" and\n  seats >" : the error is at the end, character 22 (line 2, column 10).
    const QString text = QStringLiteral("did \"A\" and\n  seats >");
    Segment s;
    QString error;
    QVERIFY(!SegmentParser::parse(text, &s, &error));
    QCOMPARE(error, QStringLiteral("column 22: expected a value, found the end"));
    QCOMPARE(SegmentText::withLine(text, error),
             QStringLiteral("2:10: expected a value, found the end"));
    int line = 0, column = 0;
    QVERIFY(SegmentText::errorPosition(text, error, &line, &column));
    QCOMPARE(line, 2);
    QCOMPARE(column, 10);
    // "seats = 1 oops": column 11 of the only line.
    QVERIFY(!SegmentParser::parse(QStringLiteral("seats = 1 oops"), &s, &error));
    QCOMPARE(SegmentText::withLine(QStringLiteral("seats = 1 oops"), error),
             QStringLiteral("1:11: unexpected \"oops\""));
    QCOMPARE(SegmentText::withLine(QStringLiteral("x"), QStringLiteral("no column")),
             QStringLiteral("no column"));
}

void TestSegmentText::datesAreMarked()
{
    // In Oslo (UTC+2 in October), 2026-10-01 starts at 2026-09-30T22:00Z.
    const Calendar oslo(QStringLiteral("Europe/Oslo"));
    Segment s;
    QString error;
    QVERIFY(SegmentParser::parse(
        QStringLiteral("not did \"A\" between 2026-10-01 and 2026-10-02T10:00:00Z"), &s, &error,
        oslo));
    Node root = s.root();
    SegmentText::markDates(&root, oslo);
    const Node& did = root.children.front();
    QCOMPARE(did.fromDate, QDate(2026, 10, 1));
    QVERIFY(!did.toDate.isValid());
    QCOMPARE(SegmentText::format(root, oslo),
             QStringLiteral("not did \"A\" between 2026-10-01 and 2026-10-02T10:00:00.000Z"));
    // In UTC the same instant is no midnight: written as an instant.
    QCOMPARE(SegmentText::format(s.root()).section(QStringLiteral(" between "), 1),
             QStringLiteral("2026-09-30T22:00:00.000Z and 2026-10-02T10:00:00.000Z"));
}

void TestSegmentText::randomTreesKeepTheirMembers()
{
    test::SyncedCache synced;
    QString error;
    QVERIFY2(synced.load(Export, &error), qPrintable(error));
    AnalysisContext context;
    context.index = synced.index;
    context.asOfMs = 1793491200000LL; // 2026-11-01T00:00Z
    QRandomGenerator random(15);
    for (int i = 0; i < 400; ++i) {
        const Node tree = randomTree(random, 3);
        const QString text = SegmentText::format(tree);
        QVERIFY(!text.isEmpty());
        Segment back;
        QVERIFY2(SegmentParser::parse(text, &back, &error), qPrintable(text + u' ' + error));
        QCOMPARE(SegmentText::format(back.root()), text);
        std::vector<char> expected, actual;
        QVERIFY(Segment(tree).evaluate(context, {}, &expected, &error));
        QVERIFY(back.evaluate(context, {}, &actual, &error));
        QVERIFY2(expected == actual, qPrintable(text));
    }
}

void TestSegmentText::propertyValues()
{
    test::SyncedCache synced;
    QString error;
    QVERIFY2(synced.load(Export, &error), qPrintable(error));
    // Gold twice (w1, w3), then Bronze and Silver once each, by text; w4 has none.
    QCOMPARE(
        distinctPropertyValues(*synced.index, QStringLiteral("Plan Name"), 10),
        QStringList({QStringLiteral("Gold"), QStringLiteral("Bronze"), QStringLiteral("Silver")}));
    QCOMPARE(distinctPropertyValues(*synced.index, QStringLiteral("user.Plan Name"), 1),
             QStringList({QStringLiteral("Gold")}));
    // Canada (K2, K3) before Norway (K1); arr as numbers, K3's missing.
    QCOMPARE(distinctPropertyValues(*synced.index, QStringLiteral("account.Billing Country"), 10),
             QStringList({QStringLiteral("Canada"), QStringLiteral("Norway")}));
    QCOMPARE(distinctPropertyValues(*synced.index, QStringLiteral("account.arr"), 10),
             QStringList({QStringLiteral("1200"), QStringLiteral("800")}));
    QVERIFY(distinctPropertyValues(*synced.index, QStringLiteral("nope"), 10).isEmpty());
}

QTEST_GUILESS_MAIN(TestSegmentText)
#include "tst_segmenttext.moc"
