// The account page in the real main window, offscreen: opened through the command palette
// (Ctrl+K, the account's name, Enter); what it shows compared with pulsebook-cli (`health
// --account`, `rollup`, `onboarding`) for the same cache, and its chart with the core's WAU.
#include "AccountView.h"
#include "ContributionBars.h"
#include "MainWindow.h"
#include "ResultView.h"
#include "TestSupport.h"
#include "WeeklyChart.h"
#include "WindowFixture.h"

#include "analysis/Rollup.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace pulsebook;

namespace {

// As of 2026-11-01 (the midnight after the last event, 10-31): Heron (H1) has h1..h3, Ibis (I1)
// i1. h1 and h2 are active in the last weeks, h3 only long ago; Heron has no sentiment. Its
// inputs: WAU 2 of ten-at 4 (drag (10 - 5) x 2 = 10), onboarding 1 of 3 users (h1; drag
// 6.67), sentiment missing: no tie in the drag order.
const test::ExportFiles Export = {
    {QStringLiteral("accounts.csv"), "account_id,name,csm,arr,renewal_date,sentiment\n"
                                     "H1,Heron Freight,Maya Patel,52000,2027-01-15,\n"
                                     "I1,Ibis Labs,Sam Lee,8000,2026-12-01,Yellow\n"},
    {QStringLiteral("users.csv"), "user_id,email,account_id\n"
                                  "h1,hana@heron.test,H1\n"
                                  "h2,hugo@heron.test,H1\n"
                                  "h3,hal@heron.test,H1\n"
                                  "i1,ivy@ibis.test,I1\n"},
    {QStringLiteral("sessions.csv"), "session_id,user_id,time\n"
                                     "s1,h1,2026-10-30T10:00:00Z\n"
                                     "s2,h1,2026-09-20T10:00:00Z\n"
                                     "s3,h2,2026-10-12T10:00:00Z\n"
                                     "s4,i1,2026-10-31T09:00:00Z\n"},
    {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                   "1,h1,2026-10-30T10:05:00Z,Plan Route\n"
                                   "2,h1,2026-10-20T10:05:00Z,Add Driver\n"
                                   "3,h2,2026-10-12T10:05:00Z,Plan Route\n"
                                   "4,h2,2026-10-25T10:05:00Z,Track Load\n"
                                   "5,h3,2026-07-01T10:05:00Z,Plan Route\n"
                                   "6,i1,2026-10-31T09:05:00Z,Track Load\n"},
};

const char* const Definitions = R"({
  "onboarding_steps": ["Plan Route", "Add Driver"],
  "scorecard": {"columns": [
    {"name": "Active this week", "metric": "wau", "direction": "higher", "green": 2,
     "yellow": 1, "key": true},
    {"name": "ARR", "metric": "arr"}]},
  "health_score": {"groups": [
    {"name": "Use", "weight": 2, "inputs": [{"metric": "wau", "zero": 0, "ten": 4}]},
    {"name": "Mood", "weight": 1, "inputs": [{"metric": "sentiment", "zero": 0, "ten": 2}]},
    {"name": "Setup", "weight": 1,
     "inputs": [{"metric": "onboarding_rate", "zero": 0, "ten": 1}]}]}})";

// CSV text into rows of fields (the CLI's output here has no quoted commas).
QList<QStringList> csvRows(const QString& csv)
{
    QList<QStringList> rows;
    for (const QString& line : csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        rows.append(line.split(QLatin1Char(',')));
    return rows;
}

QString field(const QList<QStringList>& rows, int row, const char* column)
{
    return rows.value(row).value(int(rows.value(0).indexOf(QLatin1String(column))));
}

// Every shown cell of a column of a ResultView, top to bottom.
QStringList columnTexts(const QAbstractItemModel* model, const QString& title)
{
    int column = -1;
    for (int c = 0; c < model->columnCount(); ++c) {
        if (model->headerData(c, Qt::Horizontal).toString() == title)
            column = c;
    }
    QStringList out;
    for (int r = 0; r < model->rowCount(); ++r)
        out.append(model->index(r, column).data().toString());
    return out;
}

} // namespace

class TestAccountView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void opensFromThePaletteAndMatchesTheCli();
};

void TestAccountView::opensFromThePaletteAndMatchesTheCli()
{
    test::WindowFixture fixture;
    const QTemporaryDir& dir = fixture.dir();
    test::SyncedCache synced;
    QString error;
    QVERIFY2(synced.load(Export, &error), qPrintable(error));
    const QString cache = synced.cachePath();
    test::writeFile(dir.path(), QStringLiteral("defs.json"), QByteArray(Definitions));
    const test::CliText imported = test::runCliText(
        {QStringLiteral("workspace"), QStringLiteral("import"),
         dir.filePath(QStringLiteral("defs.json")), QStringLiteral("--cache"), cache});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));

    fixture.open(cache);
    if (QTest::currentTestFailed())
        return;
    MainWindow& window = *fixture.window();
    const QString before = window.currentViewId();

    // Ctrl+K, the account's name, Enter.
    QLineEdit* edit = fixture.typeInPalette(QStringLiteral("heron"));
    QVERIFY(edit);
    QListView* list = fixture.paletteList();
    QVERIFY(list);
    // The account first (its name starts with the text), then the users whose e-mail holds it.
    QTRY_COMPARE(list->model()->index(0, 0).data().toString(),
                 QStringLiteral("Account: Heron Freight (H1)"));
    QTest::keyClick(edit, Qt::Key_Return);
    QTRY_COMPARE(window.currentViewId(), QStringLiteral("account"));
    auto* view = window.findChild<AccountView*>();
    QVERIFY(view);
    QTRY_VERIFY_WITH_TIMEOUT(view->isReady() && view->accountId() == QLatin1String("H1"), 10000);
    QCOMPARE(window.findChild<QLabel*>(QStringLiteral("accountTitle"))->text(),
             QStringLiteral("Heron Freight (H1)"));

    for (const char* name : {"accountMeasures", "accountUsers", "accountWeeks", "accountChanges"}) {
        auto* table = view->findChild<ResultView*>(QLatin1String(name));
        QVERIFY2(table, name);
        test::WindowFixture::testModels(table, view);
    }

    // Contributions: `health --account H1`'s rows, largest drag first, missing inputs last.
    const test::CliText health = test::runCliText(
        {QStringLiteral("health"), QStringLiteral("--cache"), cache, QStringLiteral("--account"),
         QStringLiteral("H1"), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(health.exitCode, 0);
    QList<QStringList> inputs = csvRows(health.out);
    const QStringList header = inputs.takeFirst();
    const int drag = int(header.indexOf(QStringLiteral("drag")));
    const int value = int(header.indexOf(QStringLiteral("value")));
    std::stable_sort(inputs.begin(), inputs.end(), [&](const QStringList& x, const QStringList& y) {
        const bool xMissing = x[value].isEmpty(), yMissing = y[value].isEmpty();
        if (xMissing != yMissing)
            return yMissing;
        return x[drag].toDouble() > y[drag].toDouble();
    });
    QStringList expected;
    for (const QStringList& row : std::as_const(inputs)) {
        const QString label = row[0] + QStringLiteral(": ") + row[2];
        expected.append(row[value].isEmpty()
                            ? label + QStringLiteral(": no value \u2014 weight redistributed")
                            : QStringLiteral("%1: contribution %2")
                                  .arg(label, QLocale().toString(row[8].toDouble(), 'f', 2)));
    }
    QStringList bars = view->findChild<ContributionBars*>()->lines();
    for (QString& line : bars)
        line = line.section(QStringLiteral(", costs"), 0, 0);
    QCOMPARE(bars, expected);
    // The sentence is the CLI's note.
    const test::CliText healthText =
        test::runCliText({QStringLiteral("health"), QStringLiteral("--cache"), cache,
                          QStringLiteral("--account"), QStringLiteral("H1")});
    const QString sentence = view->findChild<QLabel*>(QStringLiteral("biggestDrag"))->text();
    QVERIFY(sentence.startsWith(QStringLiteral("Biggest drag: ")));
    QVERIFY2(healthText.out.contains(sentence + QLatin1Char('\n')), qPrintable(healthText.out));

    // Users: the rollup's sessions and last session, the onboarding gaps' missing steps.
    const test::CliText rollup =
        test::runCliText({QStringLiteral("rollup"), QStringLiteral("--cache"), cache,
                          QStringLiteral("--format"), QStringLiteral("csv")});
    const test::CliText onboarding =
        test::runCliText({QStringLiteral("onboarding"), QStringLiteral("--cache"), cache,
                          QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(rollup.exitCode, 0);
    QCOMPARE(onboarding.exitCode, 0);
    const QList<QStringList> rollupRows = csvRows(rollup.out);
    const QList<QStringList> gapRows = csvRows(onboarding.out);
    struct Expected
    {
        QString id, s30, s90, last, onboarding;
    };
    QList<Expected> users;
    for (int r = 1; r < rollupRows.size(); ++r) {
        if (field(rollupRows, r, "account_id") != QLatin1String("H1"))
            continue;
        Expected e{field(rollupRows, r, "user_id"), field(rollupRows, r, "sessions_30d"),
                   field(rollupRows, r, "sessions_90d"), field(rollupRows, r, "last_session"),
                   QStringLiteral("2/2")};
        for (int g = 1; g < gapRows.size(); ++g) {
            if (field(gapRows, g, "user_id") == e.id)
                e.onboarding = QStringLiteral("%1/2").arg(
                    2 - field(gapRows, g, "missing_steps").split(QStringLiteral("; ")).size());
        }
        users.append(e);
    }
    // Newest last seen first; never seen last.
    std::stable_sort(users.begin(), users.end(), [](const Expected& x, const Expected& y) {
        if (x.last.isEmpty() != y.last.isEmpty())
            return y.last.isEmpty();
        return x.last > y.last;
    });
    QCOMPARE(users.size(), 3);
    const QAbstractItemModel* usersModel =
        view->findChild<ResultView*>(QStringLiteral("accountUsers"))->proxy();
    QStringList ids, s30, s90, onboarded;
    for (const Expected& e : std::as_const(users)) {
        ids << e.id;
        s30 << e.s30;
        s90 << e.s90;
        onboarded << e.onboarding;
    }
    QCOMPARE(columnTexts(usersModel, QStringLiteral("user_id")), ids);
    QCOMPARE(columnTexts(usersModel, QStringLiteral("sessions_30d")), s30);
    QCOMPARE(columnTexts(usersModel, QStringLiteral("sessions_90d")), s90);
    QCOMPARE(columnTexts(usersModel, QStringLiteral("onboarding")), onboarded);

    // The chart: the core's WAU of H1 as of each of the 26 week ends.
    const QList<QPointF> points = view->findChild<WeeklyChart*>()->points();
    QCOMPARE(points.size(), 26);
    const qint64 asOf = synced.index->defaultAsOfMs();
    const int h1 = synced.index->accountIndex(QStringLiteral("H1"));
    for (int k = 0; k < 26; ++k) {
        AnalysisContext c;
        c.index = synced.index;
        c.asOfMs = asOf - qint64(25 - k) * 7 * DayMs;
        RollupResult r;
        QVERIFY(runRollup(c, {}, &r, &error));
        QCOMPARE(points[k].y(), double(r.accounts[size_t(h1)].wau));
    }
    QCOMPARE(points.last().y(), 2.0); // h1 (10-30) and h2 (10-25) in [10-25, 11-01)

    // Tab reaches every part: the measures, the contribution bars (their rows are their
    // accessible description), the users, the weekly tabs and what changed.
    auto* measures = view->findChild<ResultView*>(QStringLiteral("accountMeasures"))->tree();
    measures->setFocus();
    QTRY_VERIFY(measures->hasFocus());
    QSet<QString> reached;
    for (int i = 0; i < 12; ++i) {
        for (QWidget* w = QApplication::focusWidget(); w; w = w->parentWidget()) {
            if (!w->objectName().isEmpty())
                reached.insert(w->objectName());
        }
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    }
    for (const char* part :
         {"accountMeasures", "contributionBars", "accountUsers", "weeklyTabs", "accountChanges"})
        QVERIFY2(reached.contains(QLatin1String(part)), part);
    QCOMPARE(view->findChild<ContributionBars*>()->accessibleDescription(),
             view->findChild<ContributionBars*>()->lines().join(QLatin1Char('\n')));

    // Alt+Left returns to where the palette was opened.
    QTest::keyClick(&window, Qt::Key_Left, Qt::AltModifier);
    QCOMPARE(window.currentViewId(), before);
}

QTEST_MAIN(TestAccountView)
#include "tst_accountview.moc"
