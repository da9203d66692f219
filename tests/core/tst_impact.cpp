// The impact calculator against docs/definitions.md, "Impact calculator", and its published
// example.
#include "EventScript.h"
#include "analysis/ImpactCalculator.h"

#include <QJsonArray>
#include <QTest>

#include <cmath>
#include <limits>

using namespace pulsebook;

Q_DECLARE_METATYPE(pulsebook::ImpactParams)

namespace {

constexpr double Eps = 1e-9;

// N = 10,000, R = 80%; an email to 500 users from 40% to 55%, a nudge to 1,000 from 60% to 65%.
ImpactParams publishedExample(ImpactMode mode)
{
    ImpactParams p;
    p.users = 10000;
    p.baseline = 0.80;
    p.mode = mode;
    p.scenarios = {{QStringLiteral("Email"), 500, 0.40, 0.55},
                   {QStringLiteral("Nudge"), 1000, 0.60, 0.65}};
    return p;
}

bool near(double a, double b)
{
    return std::fabs(a - b) < Eps;
}

QString errorOf(const ImpactParams& p)
{
    ImpactResult result;
    QString error;
    if (computeImpact(p, &result, &error))
        return QStringLiteral("(accepted)");
    return error;
}

} // namespace

class TestImpact : public QObject
{
    Q_OBJECT

private slots:
    void guideModeMatchesPublishedExample();
    void defaultMode();
    void arrImpact();
    void definition();
    void emptyReachAndNoChange();
    void invalidFields_data();
    void invalidFields();
    void sweep();
    void sweepGuideMode();
    void sweepErrors();
    void parseGood();
    void parseBad_data();
    void parseBad();
    void measuredFromData();
};

void TestImpact::guideModeMatchesPublishedExample()
{
    ImpactResult r;
    QString error;
    QVERIFY2(computeImpact(publishedExample(ImpactMode::Guide), &r, &error), qPrintable(error));
    QCOMPARE(r.rows.size(), size_t(2));
    QCOMPARE(r.rows[0].name, QStringLiteral("Email"));
    // 500 / 10000 × 0.15 × 0.60 × 100 = 0.45; 1000 / 10000 × 0.05 × 0.40 × 100 = 0.20.
    QVERIFY2(near(r.rows[0].deltaPoints, 0.45), qPrintable(QString::number(r.rows[0].deltaPoints)));
    QVERIFY2(near(r.rows[1].deltaPoints, 0.20), qPrintable(QString::number(r.rows[1].deltaPoints)));
    QVERIFY(near(r.rows[0].newRate, 0.8045));
    QVERIFY(near(r.rows[1].newRate, 0.8020));
    // Extra users do not depend on the mode.
    QVERIFY(near(r.rows[0].extraUsers, 75));
    QVERIFY(near(r.rows[1].extraUsers, 50));
    QVERIFY(std::isnan(r.rows[0].arrImpact));
    QVERIFY(std::isnan(r.rows[1].arrImpact));
}

void TestImpact::defaultMode()
{
    ImpactResult r;
    QString error;
    QVERIFY2(computeImpact(publishedExample(ImpactMode::Default), &r, &error), qPrintable(error));
    QCOMPARE(r.rows.size(), size_t(2));
    QVERIFY(near(r.rows[0].deltaPoints, 0.75));
    QVERIFY(near(r.rows[1].deltaPoints, 0.50));
    QVERIFY(near(r.rows[0].newRate, 0.8075));
    QVERIFY(near(r.rows[1].newRate, 0.805));
    QVERIFY(near(r.rows[0].extraUsers, 75));
    QVERIFY(near(r.rows[1].extraUsers, 50));
}

void TestImpact::arrImpact()
{
    for (ImpactMode mode : {ImpactMode::Default, ImpactMode::Guide}) {
        ImpactParams p = publishedExample(mode);
        p.arrPerUser = 1200;
        ImpactResult r;
        QString error;
        QVERIFY2(computeImpact(p, &r, &error), qPrintable(error));
        QVERIFY2(near(r.rows[0].arrImpact, 90000),
                 qPrintable(QString::number(r.rows[0].arrImpact)));
        QVERIFY(near(r.rows[1].arrImpact, 60000));
    }
    // Zero is a given value, not "not given".
    ImpactParams p = publishedExample(ImpactMode::Default);
    p.arrPerUser = 0;
    ImpactResult r;
    QString error;
    QVERIFY(computeImpact(p, &r, &error));
    QCOMPARE(r.rows[0].arrImpact, 0.0);
}

void TestImpact::definition()
{
    ImpactParams p = publishedExample(ImpactMode::Guide);
    p.arrPerUser = 1200;
    ImpactResult r;
    QString error;
    QVERIFY(computeImpact(p, &r, &error));
    QCOMPARE(r.definition.value(QStringLiteral("analysis")).toString(), QStringLiteral("impact"));
    QCOMPARE(r.definition.value(QStringLiteral("mode")).toString(), QStringLiteral("guide"));
    QCOMPARE(r.definition.value(QStringLiteral("users")).toDouble(), 10000.0);
    QCOMPARE(r.definition.value(QStringLiteral("baseline")).toDouble(), 0.80);
    QCOMPARE(r.definition.value(QStringLiteral("arr_per_user")).toDouble(), 1200.0);
    const QJsonArray scenarios = r.definition.value(QStringLiteral("scenarios")).toArray();
    QCOMPARE(scenarios.size(), 2);
    QCOMPARE(scenarios[1].toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("Nudge"));
    QCOMPARE(scenarios[1].toObject().value(QStringLiteral("reach")).toDouble(), 1000.0);
    ImpactResult noArr;
    QVERIFY(computeImpact(publishedExample(ImpactMode::Default), &noArr, &error));
    QVERIFY(!noArr.definition.contains(QStringLiteral("arr_per_user")));
    QCOMPARE(noArr.definition.value(QStringLiteral("mode")).toString(), QStringLiteral("default"));
}

void TestImpact::emptyReachAndNoChange()
{
    // Edges of the valid ranges: no reach, reach = users, a drop in rate.
    ImpactParams p;
    p.users = 200;
    p.baseline = 0;
    p.scenarios = {{QStringLiteral("None"), 0, 0.5, 0.9},
                   {QStringLiteral("All"), 200, 1, 0},
                   {QStringLiteral("Same"), 100, 0.3, 0.3}};
    ImpactResult r;
    QString error;
    QVERIFY2(computeImpact(p, &r, &error), qPrintable(error));
    QCOMPARE(r.rows[0].deltaPoints, 0.0);
    QCOMPARE(r.rows[1].deltaPoints, -100.0);
    QCOMPARE(r.rows[1].newRate, -1.0);
    QCOMPARE(r.rows[1].extraUsers, -200.0);
    QCOMPARE(r.rows[2].deltaPoints, 0.0);
    QCOMPARE(r.rows[2].extraUsers, 0.0);
    p.mode = ImpactMode::Guide;
    QVERIFY(computeImpact(p, &r, &error));
    QCOMPARE(r.rows[1].deltaPoints, 0.0); // × (1 − 1)
}

void TestImpact::invalidFields_data()
{
    QTest::addColumn<ImpactParams>("params");
    QTest::addColumn<QString>("message");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    auto with = [](auto change) {
        ImpactParams p = publishedExample(ImpactMode::Default);
        change(p);
        return p;
    };
    const QString users = QStringLiteral("users must be greater than 0");
    const QString finiteUsers = QStringLiteral("users must be a finite number greater than 0");
    const QString baseline = QStringLiteral("baseline must be between 0 and 1");
    const QString reach =
        QStringLiteral("scenario \"Email\": reach must be between 0 and users (10000)");
    const QString sBaseline =
        QStringLiteral("scenario \"Email\": baseline must be between 0 and 1");
    const QString sTarget = QStringLiteral("scenario \"Nudge\": target must be between 0 and 1");
    const QString arr = QStringLiteral("ARR per user must be a finite number");

    QTest::newRow("users 0") << with([](ImpactParams& p) { p.users = 0; }) << users;
    QTest::newRow("users negative") << with([](ImpactParams& p) { p.users = -5; }) << users;
    QTest::newRow("users NaN") << with([=](ImpactParams& p) { p.users = nan; }) << finiteUsers;
    QTest::newRow("users inf") << with([=](ImpactParams& p) { p.users = inf; }) << finiteUsers;
    QTest::newRow("baseline > 1") << with([](ImpactParams& p) { p.baseline = 1.01; }) << baseline;
    QTest::newRow("baseline < 0") << with([](ImpactParams& p) { p.baseline = -0.1; }) << baseline;
    QTest::newRow("baseline NaN") << with([=](ImpactParams& p) { p.baseline = nan; }) << baseline;
    QTest::newRow("reach > users")
        << with([](ImpactParams& p) { p.scenarios[0].reach = 10001; }) << reach;
    QTest::newRow("reach < 0") << with([](ImpactParams& p) { p.scenarios[0].reach = -1; }) << reach;
    QTest::newRow("reach NaN") << with([=](ImpactParams& p) { p.scenarios[0].reach = nan; })
                               << reach;
    QTest::newRow("reach inf") << with([=](ImpactParams& p) { p.scenarios[0].reach = inf; })
                               << reach;
    QTest::newRow("scenario baseline > 1")
        << with([](ImpactParams& p) { p.scenarios[0].baseline = 1.5; }) << sBaseline;
    QTest::newRow("scenario baseline < 0")
        << with([](ImpactParams& p) { p.scenarios[0].baseline = -0.01; }) << sBaseline;
    QTest::newRow("scenario baseline -inf")
        << with([=](ImpactParams& p) { p.scenarios[0].baseline = -inf; }) << sBaseline;
    QTest::newRow("scenario target > 1")
        << with([](ImpactParams& p) { p.scenarios[1].target = 2; }) << sTarget;
    QTest::newRow("scenario target NaN")
        << with([=](ImpactParams& p) { p.scenarios[1].target = nan; }) << sTarget;
    QTest::newRow("arr NaN") << with([=](ImpactParams& p) { p.arrPerUser = nan; }) << arr;
    QTest::newRow("arr inf") << with([=](ImpactParams& p) { p.arrPerUser = inf; }) << arr;
    QTest::newRow("reach of fractional users") << with([](ImpactParams& p) {
        p.users = 12.5;
        p.scenarios[0].reach = 13;
    }) << QStringLiteral("scenario \"Email\": reach must be between 0 and users (12.5)");
}

void TestImpact::invalidFields()
{
    QFETCH(ImpactParams, params);
    QFETCH(QString, message);
    QCOMPARE(errorOf(params), message);
    std::vector<std::pair<double, double>> points;
    QString error;
    QVERIFY(!impactSweep(params, 0, 0.4, 0.8, 9, &points, &error));
    QCOMPARE(error, message);
}

void TestImpact::sweep()
{
    // Email in the default mode: delta = 500 / 10000 × (t − 0.40) × 100 = 5 × (t − 0.40).
    std::vector<std::pair<double, double>> points;
    QString error;
    QVERIFY2(impactSweep(publishedExample(ImpactMode::Default), 0, 0.40, 0.80, 9, &points, &error),
             qPrintable(error));
    QCOMPARE(points.size(), size_t(9));
    const double targets[] = {0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80};
    const double deltas[] = {0, 0.25, 0.50, 0.75, 1.00, 1.25, 1.50, 1.75, 2.00};
    for (size_t i = 0; i < points.size(); ++i) {
        QVERIFY2(near(points[i].first, targets[i]), qPrintable(QString::number(i)));
        QVERIFY2(near(points[i].second, deltas[i]), qPrintable(QString::number(points[i].second)));
    }
    QCOMPARE(points.front().first, 0.40);
    QCOMPARE(points.back().first, 0.80);
    // The sweep at the scenario's own target gives computeImpact's delta.
    QVERIFY(near(points[3].second, 0.75));

    // Downwards, two steps: just the endpoints. Nudge: 10 × (t − 0.60).
    QVERIFY(impactSweep(publishedExample(ImpactMode::Default), 1, 0.70, 0.50, 2, &points, &error));
    QCOMPARE(points.size(), size_t(2));
    QCOMPARE(points[0].first, 0.70);
    QCOMPARE(points[1].first, 0.50);
    QVERIFY(near(points[0].second, 1.0));
    QVERIFY(near(points[1].second, -1.0));
}

void TestImpact::sweepGuideMode()
{
    // Nudge in guide mode: 1000 / 10000 × (t − 0.60) × 0.40 × 100 = 4 × (t − 0.60).
    std::vector<std::pair<double, double>> points;
    QString error;
    QVERIFY(impactSweep(publishedExample(ImpactMode::Guide), 1, 0.60, 1.0, 5, &points, &error));
    QCOMPARE(points.size(), size_t(5));
    const double deltas[] = {0, 0.40, 0.80, 1.20, 1.60};
    for (size_t i = 0; i < points.size(); ++i) {
        QVERIFY(near(points[i].first, 0.60 + 0.10 * double(i)));
        QVERIFY2(near(points[i].second, deltas[i]), qPrintable(QString::number(points[i].second)));
    }
    QVERIFY(near(points[1].second, 0.40));
}

void TestImpact::sweepErrors()
{
    const ImpactParams p = publishedExample(ImpactMode::Default);
    std::vector<std::pair<double, double>> points{{9, 9}};
    QString error;
    QVERIFY(!impactSweep(p, 2, 0.4, 0.8, 9, &points, &error));
    QCOMPARE(error, QStringLiteral("sweep: no scenario number 2"));
    QVERIFY(!impactSweep(p, -1, 0.4, 0.8, 9, &points, &error));
    QCOMPARE(error, QStringLiteral("sweep: no scenario number -1"));
    QVERIFY(!impactSweep(p, 0, -0.1, 0.8, 9, &points, &error));
    QCOMPARE(error, QStringLiteral("sweep: from and to must be between 0 and 1"));
    QVERIFY(!impactSweep(p, 0, 0.4, 1.2, 9, &points, &error));
    QCOMPARE(error, QStringLiteral("sweep: from and to must be between 0 and 1"));
    QVERIFY(!impactSweep(p, 0, std::numeric_limits<double>::quiet_NaN(), 0.8, 9, &points, &error));
    QCOMPARE(error, QStringLiteral("sweep: from and to must be between 0 and 1"));
    QVERIFY(!impactSweep(p, 0, 0.4, 0.8, 1, &points, &error));
    QCOMPARE(error, QStringLiteral("sweep: steps must be between 2 and 10000"));
    QVERIFY(!impactSweep(p, 0, 0.4, 0.8, 10001, &points, &error));
    QCOMPARE(error, QStringLiteral("sweep: steps must be between 2 and 10000"));
    // Untouched on failure.
    QCOMPARE(points.size(), size_t(1));
}

void TestImpact::parseGood()
{
    ImpactScenario s;
    QString error;
    QVERIFY2(parseImpactScenario(QStringLiteral("Email:500:0.40:0.55"), &s, &error),
             qPrintable(error));
    QCOMPARE(s.name, QStringLiteral("Email"));
    QCOMPARE(s.reach, 500.0);
    QCOMPARE(s.baseline, 0.40);
    QCOMPARE(s.target, 0.55);

    // A name with colons and spaces; spaces around numbers are allowed.
    QVERIFY2(parseImpactScenario(QStringLiteral(" Q3: in-app nudge : 1000 : .6 :0.65"), &s, &error),
             qPrintable(error));
    QCOMPARE(s.name, QStringLiteral("Q3: in-app nudge"));
    QCOMPARE(s.reach, 1000.0);
    QCOMPARE(s.baseline, 0.6);
    QCOMPARE(s.target, 0.65);

    // Out-of-range values parse; computeImpact refuses them with the field's name.
    QVERIFY(parseImpactScenario(QStringLiteral("Big:20000:0.4:1.5"), &s, &error));
    QCOMPARE(s.reach, 20000.0);
    QCOMPARE(s.target, 1.5);
}

void TestImpact::parseBad_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("too few parts")
        << QStringLiteral("Email:500:0.40")
        << QStringLiteral("scenario \"Email:500:0.40\": expected name:reach:baseline:target");
    QTest::newRow("empty") << QString()
                           << QStringLiteral("scenario \"\": expected name:reach:baseline:target");
    QTest::newRow("empty name") << QStringLiteral(" :500:0.40:0.55")
                                << QStringLiteral("scenario \" :500:0.40:0.55\": name is empty");
    QTest::newRow("bad reach")
        << QStringLiteral("Email:lots:0.40:0.55")
        << QStringLiteral("scenario \"Email:lots:0.40:0.55\": reach \"lots\" is not a number");
    QTest::newRow("empty reach")
        << QStringLiteral("Email::0.40:0.55")
        << QStringLiteral("scenario \"Email::0.40:0.55\": reach \"\" is not a number");
    QTest::newRow("percent baseline")
        << QStringLiteral("Email:500:40%:0.55")
        << QStringLiteral("scenario \"Email:500:40%:0.55\": baseline \"40%\" is not a number");
    QTest::newRow("bad target")
        << QStringLiteral("Email:500:0.40:x")
        << QStringLiteral("scenario \"Email:500:0.40:x\": target \"x\" is not a number");
    QTest::newRow("nan target")
        << QStringLiteral("Email:500:0.40:nan")
        << QStringLiteral("scenario \"Email:500:0.40:nan\": target \"nan\" is not a number");
    QTest::newRow("inf reach")
        << QStringLiteral("Email:inf:0.40:0.5")
        << QStringLiteral("scenario \"Email:inf:0.40:0.5\": reach \"inf\" is not a number");
}

void TestImpact::parseBad()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    ImpactScenario s{QStringLiteral("kept"), 1, 0.1, 0.2};
    QString error;
    QVERIFY(!parseImpactScenario(text, &s, &error));
    QCOMPARE(error, message);
    QCOMPARE(s.name, QStringLiteral("kept"));
}

// Reach and baseline from data: as_of = T + 14 days, window 7 days, so the last window is
// [T + 7d, T + 14d) and the one before it [T, T + 7d).
void TestImpact::measuredFromData()
{
    using namespace test::script;
    Data data;
    QString error;
    QVERIFY2(data.load(usersCsv(4),
                       eventsCsv({"u1: Login@1d Login@8d",  // retained
                                  "u2: Login@2d",           // eligible, not retained
                                  "u3: Login@9d Login@14d", // new in the last window; 14d = as_of
                                  "u4: Run@3d Run@10d"}),   // retained only for "any event"
                       {}, &error),
             qPrintable(error));
    const AnalysisContext context = data.context(at(QStringLiteral("14d")));
    const auto measure = [&](RateMeasure m, const char* event, std::vector<char> group = {}) {
        RateDefinition d;
        d.measure = m;
        d.event = QLatin1String(event);
        d.windowMs = 7 * Day;
        MeasuredRate r;
        QString why;
        if (!measureRate(context, group, d, &r, &why))
            return why;
        return QStringLiteral("%1/%2").arg(r.hits).arg(r.users);
    };
    QCOMPARE(measure(RateMeasure::Retention, "Login"), QStringLiteral("1/2")); // u1 of u1, u2
    QCOMPARE(measure(RateMeasure::Retention, ""), QStringLiteral("2/3"));      // u1, u4 of 3
    QCOMPARE(measure(RateMeasure::Active, "Login"), QStringLiteral("2/4"));    // u1, u3 of 4
    std::vector<char> group(size_t(data.index->userCount()), 0);
    for (const int u : data.users({"u2", "u3"}))
        group[size_t(u)] = 1;
    QCOMPARE(measure(RateMeasure::Retention, "Login", group), QStringLiteral("0/1")); // u2
    QCOMPARE(measure(RateMeasure::Active, "Login", group), QStringLiteral("1/2"));    // u3
    QCOMPARE(measure(RateMeasure::Active, "Lgoin"), QStringLiteral("unknown event \"Lgoin\""));
    // The segment filter narrows the population too.
    AnalysisContext filtered = context;
    filtered.segment = group;
    RateDefinition d;
    d.measure = RateMeasure::Active;
    d.event = QStringLiteral("Login");
    d.windowMs = 7 * Day;
    MeasuredRate r;
    QVERIFY(measureRate(filtered, {}, d, &r, &error));
    QCOMPARE(r.users, 2);
    QCOMPARE(r.hits, 1);
    QCOMPARE(r.rate, 0.5);
}

QTEST_GUILESS_MAIN(TestImpact)
#include "tst_impact.moc"
