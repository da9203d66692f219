// The onboarding view in the real main window, offscreen, against `pulsebook-cli onboarding`
// on the same cache: the accounts (users, onboarded, rate, with gaps), the users who have not
// finished (Any and All), the scope bar's person (`--node`), one account's users with the date
// of every step (`--account ID`), and "Export users who have not finished" writing exactly that
// list for the CSM chosen.
#include "AppContext.h"
#include "MainWindow.h"
#include "OnboardingView.h"
#include "ResultView.h"
#include "TestSupport.h"
#include "WindowFixture.h"

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>

using namespace pulsebook;

namespace {

// `pulsebook-cli onboarding --format json` rows, keyed by `key`.
QMap<QString, QJsonObject> cliOnboarding(const QString& cache, const QStringList& extra,
                                         const QString& key)
{
    return test::rowsByKey(
        test::runCliRows(
            QStringList{QStringLiteral("onboarding"), QStringLiteral("--cache"), cache} + extra),
        key);
}

// Every row and cell of `view` equals the CLI's row of the same key: numbers as numbers, times
// as the instants the CLI prints, missing as null.
void compareWithCli(const ResultView& view, const QMap<QString, QJsonObject>& cli,
                    const QString& key)
{
    const ResultTable& t = view.model()->table();
    QCOMPARE(qsizetype(t.rows.size()), cli.size());
    const int keyColumn = t.columnOf(key);
    QVERIFY(keyColumn >= 0);
    int compared = 0;
    for (const ResultRow& row : t.rows) {
        const QString id = row[size_t(keyColumn)].text;
        QVERIFY2(cli.contains(id), qPrintable(id));
        const QJsonObject expected = cli.value(id);
        QCOMPARE(qsizetype(t.columns.size()), expected.size());
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const int c = t.columnOf(it.key());
            QVERIFY2(c >= 0, qPrintable(it.key()));
            const ListCell& cell = row[size_t(c)];
            const QString where = id + QLatin1Char(' ') + it.key();
            if (it.value().isNull()) {
                QVERIFY2(cell.isMissing(), qPrintable(where));
            } else if (it.value().isDouble()) {
                QCOMPARE(cell.kind, ListCell::Kind::Number);
                QCOMPARE(cell.number, it.value().toDouble());
            } else if (cell.kind == ListCell::Kind::Time) {
                QCOMPARE(cell.timeMs,
                         QDateTime::fromString(it.value().toString(), Qt::ISODateWithMs)
                             .toMSecsSinceEpoch());
            } else {
                QCOMPARE(cell.text, it.value().toString());
            }
            ++compared;
        }
    }
    QVERIFY(compared > 0 || cli.isEmpty());
}

struct Window : test::WindowFixture
{
    OnboardingView* view = nullptr;

    void open(const QString& cache)
    {
        WindowFixture::open(cache);
        // View > Onboarding, as from the menu.
        goByAction(QStringLiteral("view-onboarding"), QStringLiteral("onboarding"));
        view = qobject_cast<OnboardingView*>(window()->view(QStringLiteral("onboarding")));
        QVERIFY(view);
        waitReady();
        for (ResultView* v : {view->accounts(), view->gaps(), view->steps()})
            testModels(v, view);
    }
    void waitReady() { WindowFixture::waitReady(view); }
    // Picks `person` in the scope bar by keyboard and waits for the new figures.
    void choosePerson(const QString& person) { WindowFixture::choosePerson(person, view); }
};

} // namespace

class TestOnboardingView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QString error;
        QVERIFY2(m_demo.loadDemo(&error), qPrintable(error));
    }

    void accountsAndGapsEqualTheCli()
    {
        Window w;
        w.open(m_demo.cachePath());
        const QString cache = m_demo.cachePath();
        const auto accounts =
            cliOnboarding(cache, {QStringLiteral("--by"), QStringLiteral("account")},
                          QStringLiteral("account_id"));
        QVERIFY(accounts.size() > 10);
        compareWithCli(*w.view->accounts(), accounts, QStringLiteral("account_id"));
        const auto gaps = cliOnboarding(cache, {}, QStringLiteral("user_id"));
        QVERIFY(!gaps.isEmpty());
        compareWithCli(*w.view->gaps(), gaps, QStringLiteral("user_id"));
        // Worst rate first.
        const ResultView& a = *w.view->accounts();
        const int rate = a.model()->columnOf(QStringLiteral("onboarding_rate"));
        double previous = -1;
        for (const int r : a.shownRows()) {
            const ListCell& cell = a.model()->table().rows[size_t(r)][size_t(rate)];
            if (cell.isMissing())
                continue;
            QVERIFY(cell.number >= previous);
            previous = cell.number;
        }
        // The tabs count their rows.
        auto* tabs = w.view->findChild<QTabWidget*>(QStringLiteral("onboardingTabs"));
        QCOMPARE(tabs->tabText(1), QStringLiteral("Users Who Have Not Finished (%1)")
                                       .arg(QLocale().toString(qint64(gaps.size()))));

        // "Every step" (All): the CLI's --mode all.
        auto* mode = w.view->findChild<QComboBox*>(QStringLiteral("onboardingMode"));
        mode->setFocus();
        QTest::keyClick(mode, Qt::Key_Down);
        QVERIFY(w.view->everyStep());
        w.waitRecomputed(w.view);
        const auto all = cliOnboarding(cache, {QStringLiteral("--mode"), QStringLiteral("all")},
                                       QStringLiteral("user_id"));
        QVERIFY(all.size() < gaps.size());
        compareWithCli(*w.view->gaps(), all, QStringLiteral("user_id"));
    }

    // Moving to an account lists its users with the date of every step, as `--account ID`.
    void accountUsersWithStepDates()
    {
        Window w;
        w.open(m_demo.cachePath());
        QTreeView* tree = w.view->accounts()->tree();
        tree->setFocus();
        QTest::keyClick(tree, Qt::Key_Down); // the first account becomes current
        QTest::keyClick(tree, Qt::Key_Down); // then the second
        const int row = w.view->accounts()->currentSourceRow();
        QVERIFY(row >= 0);
        const QString id = w.view->accounts()->model()->table().rows[size_t(row)][0].text;
        QTRY_COMPARE(w.view->shownAccount(), id);
        w.waitReady();
        QTRY_VERIFY(w.view->steps()->tree()->isEnabled());
        const auto cli = cliOnboarding(m_demo.cachePath(), {QStringLiteral("--account"), id},
                                       QStringLiteral("user_id"));
        QVERIFY(!cli.isEmpty());
        compareWithCli(*w.view->steps(), cli, QStringLiteral("user_id"));
        // ✔ with the day for a step done, ✖ for one not done; the users count what they did.
        const ResultTableModel& model = *w.view->steps()->model();
        const ResultTable& t = model.table();
        const int done = t.columnOf(QStringLiteral("steps_done"));
        bool sawDone = false, sawMissing = false;
        for (size_t r = 0; r < t.rows.size(); ++r) {
            int count = 0;
            for (size_t c = size_t(done) + 1; c < t.columns.size(); ++c) {
                QCOMPARE(t.columns[c].kind, ValueKind::Done);
                const QString text = model.text(int(r), int(c));
                if (t.rows[r][c].isMissing()) {
                    QCOMPARE(text, QStringLiteral("✖ not done"));
                    sawMissing = true;
                } else {
                    QVERIFY2(text.startsWith(QStringLiteral("✔ ")), qPrintable(text));
                    ++count;
                    sawDone = true;
                }
            }
            QCOMPARE(t.rows[r][size_t(done)].number, double(count));
        }
        QVERIFY(sawDone && sawMissing);
    }

    // A CSM in the scope bar, then "Export users who have not finished…": two clicks.
    void csmScopeAndExport()
    {
        Window w;
        w.open(m_demo.cachePath());
        // The CSM with the most accounts in the unscoped list.
        const ResultView& a = *w.view->accounts();
        const int csmColumn = a.model()->columnOf(QStringLiteral("csm"));
        QMap<QString, int> perCsm;
        for (const int r : a.shownRows())
            ++perCsm[a.model()->text(r, csmColumn)];
        QString csm;
        for (auto it = perCsm.begin(); it != perCsm.end(); ++it)
            if (!it.key().isEmpty() && (csm.isEmpty() || it.value() > perCsm.value(csm)))
                csm = it.key();
        QVERIFY(perCsm.value(csm) >= 2);
        w.choosePerson(csm);
        const QString cache = m_demo.cachePath();
        compareWithCli(*w.view->accounts(),
                       cliOnboarding(cache,
                                     {QStringLiteral("--by"), QStringLiteral("account"),
                                      QStringLiteral("--node"), csm},
                                     QStringLiteral("account_id")),
                       QStringLiteral("account_id"));
        const auto gaps =
            cliOnboarding(cache, {QStringLiteral("--node"), csm}, QStringLiteral("user_id"));
        QVERIFY(!gaps.isEmpty());
        compareWithCli(*w.view->gaps(), gaps, QStringLiteral("user_id"));

        const QString path = w.dir().filePath(QStringLiteral("gaps.csv"));
        QString title;
        ResultView::setPathChooser([&](QWidget*, const QString& t) {
            title = t;
            return path;
        });
        QSignalSpy done(w.view->gaps(), &ResultView::exportFinished);
        auto* button = w.view->findChild<QPushButton*>(QStringLiteral("onboardingExport"));
        QVERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(done.wait(20000));
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
        QCOMPARE(title, QStringLiteral("Export %1 users (scope: %2)")
                            .arg(QLocale().toString(qint64(gaps.size())), csm));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), gaps.size() + 2); // header, rows, the final newline's empty part
        QStringList ids;
        for (qsizetype i = 1; i + 1 < lines.size(); ++i)
            ids << QString::fromUtf8(lines[i].left(lines[i].indexOf(',')));
        ids.sort();
        QStringList expected = gaps.keys();
        expected.sort();
        QCOMPARE(ids, expected);
    }

private:
    test::SyncedCache m_demo;
};

QTEST_MAIN(TestOnboardingView)
#include "tst_onboardingview.moc"
