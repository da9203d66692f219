// The book of business in the real main window, offscreen, against `pulsebook-cli scorecard` on
// the same cache: every row, cell and colour; the scope bar's person; the Red tile; search;
// export of exactly the rows and columns shown; Enter opening the account. On the demo data
// (many accounts, every colour) and on an export that is not the demo's (tests/data/nondemo).
#include "AppContext.h"
#include "BookView.h"
#include "MainWindow.h"
#include "RagStyle.h"
#include "ResultView.h"
#include "Settings.h"
#include "TestSupport.h"
#include "WindowFixture.h"

#include "present/BookTable.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QJsonObject>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace pulsebook;

namespace {

// `pulsebook-cli scorecard --format json` rows by account_id.
QMap<QString, QJsonObject> cliScorecard(const QString& cache, const QStringList& extra = {})
{
    return test::rowsByKey(
        test::runCliRows(
            QStringList{QStringLiteral("scorecard"), QStringLiteral("--cache"), cache} + extra),
        QStringLiteral("account_id"));
}

struct Window : test::WindowFixture
{
    BookView* book = nullptr;
    ResultView* table = nullptr;

    void open(const QString& cache)
    {
        WindowFixture::open(cache);
        // The sidebar's second entry: Ctrl+2.
        goByShortcut(Qt::Key_2, QStringLiteral("book")); // after Today
        book = qobject_cast<BookView*>(window()->view(QStringLiteral("book")));
        QVERIFY(book);
        table = book->table();
        waitReady(book);
        testModels(table, book);
    }

    // The account IDs of the rows shown, in order.
    QStringList shownIds() const
    {
        QStringList ids;
        const int c = table->model()->columnOf(QStringLiteral("account_id"));
        for (const int r : table->shownRows())
            ids << table->model()->table().rows[size_t(r)][size_t(c)].text;
        return ids;
    }
};

// Every cell of every row the book shows equals the CLI's for the same column, every coloured
// value carries the CLI's colour, and the rows are the CLI's rows.
void compareWithCli(const ResultView& table, const QMap<QString, QJsonObject>& cli)
{
    const ResultTableModel& model = *table.model();
    const ResultTable& t = model.table();
    QCOMPARE(qsizetype(t.rows.size()), cli.size());
    const int idColumn = t.columnOf(QStringLiteral("account_id"));
    int compared = 0;
    for (size_t r = 0; r < t.rows.size(); ++r) {
        const QString id = t.rows[r][size_t(idColumn)].text;
        QVERIFY2(cli.contains(id), qPrintable(id));
        const QJsonObject expected = cli.value(id);
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const int c = t.columnOf(it.key());
            if (c < 0)
                continue; // biggest_drag etc. are all there; none is left out silently:
            const ListCell& cell = t.rows[r][size_t(c)];
            if (it.value().isNull()) {
                QVERIFY2(cell.isMissing(), qPrintable(id + QLatin1Char(' ') + it.key()));
            } else if (it.value().isDouble()) {
                QCOMPARE(cell.kind, ListCell::Kind::Number);
                QCOMPARE(cell.number, it.value().toDouble());
            } else {
                QCOMPARE(cell.text, it.value().toString());
            }
            // The colour: the value column's pill and the status column's text.
            if (it.key().endsWith(QLatin1String(": RYG"))) {
                const int value = t.columnOf(it.key().chopped(5));
                QCOMPARE(model.rag(int(r), value), RagStyle::fromName(it.value().toString()));
            }
            if (t.columns[size_t(c)].kind == ValueKind::Status && !it.value().isNull())
                QCOMPARE(model.text(int(r), c),
                         RagStyle::shortText(RagStyle::fromName(it.value().toString())));
            ++compared;
        }
    }
    QVERIFY(compared > 0);
    // The scorecard's every column is in the book.
    if (!cli.isEmpty()) {
        for (const QString& key : cli.first().keys())
            QVERIFY2(t.columnOf(key) >= 0, qPrintable(key));
    }
}

// Red first, then Yellow, no data, Green; within a status by renewal (none last).
void checkOrder(const ResultView& table)
{
    const ResultTableModel& model = *table.model();
    const int status = model.columnOf(QStringLiteral("status"));
    const int days = model.columnOf(QStringLiteral("days_to_renewal"));
    auto rank = [](Rag rag) {
        return rag == Rag::Red ? 0 : rag == Rag::Yellow ? 1 : rag == Rag::Green ? 3 : 2;
    };
    const std::vector<int> rows = table.shownRows();
    for (size_t i = 1; i < rows.size(); ++i) {
        const int a = rows[i - 1], b = rows[i];
        const int ra = rank(model.rag(a, status)), rb = rank(model.rag(b, status));
        QVERIFY(ra <= rb);
        if (ra != rb)
            continue;
        const ListCell& da = model.table().rows[size_t(a)][size_t(days)];
        const ListCell& db = model.table().rows[size_t(b)][size_t(days)];
        QVERIFY(!(da.isMissing() && !db.isMissing()));
        if (!da.isMissing() && !db.isMissing())
            QVERIFY(da.number <= db.number);
    }
}

} // namespace

class TestBookView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QString error;
        QVERIFY2(m_demo.loadDemo(&error), qPrintable(error));
    }

    void equalsTheCliScorecard()
    {
        Window w;
        w.open(m_demo.cachePath());
        const auto cli = cliScorecard(m_demo.cachePath());
        QVERIFY(cli.size() > 10);
        compareWithCli(*w.table, cli);
        checkOrder(*w.table);
        // The tiles count what they filter; the Red tile equals `--status red`.
        const auto red =
            cliScorecard(m_demo.cachePath(), {QStringLiteral("--status"), QStringLiteral("red")});
        QVERIFY(!red.isEmpty());
        auto* tile = w.book->findChild<QToolButton*>(QStringLiteral("tileRed"));
        QCOMPARE(tile->text().section(QLatin1Char('\n'), 0, 0), QString::number(red.size()));
        tile->setFocus();
        QTest::keyClick(tile, Qt::Key_Space);
        QCOMPARE(w.book->tile(), BookView::Tile::Red);
        QStringList ids = w.shownIds();
        ids.sort();
        QCOMPARE(ids, red.keys());
        // Renewing ≤ 90 d: by hand from the CLI's days_to_renewal where the scorecard has it.
        QTest::keyClick(tile, Qt::Key_Space); // again: every account
        QCOMPARE(w.table->proxy()->rowCount(), cli.size());
    }

    void scopeSearchAndExport()
    {
        Window w;
        w.open(m_demo.cachePath());
        // A CSM of the team through the scope bar, by keyboard.
        auto* person = w.window()->findChild<QComboBox*>(QStringLiteral("scopePerson"));
        QVERIFY(person);
        // The CSM with the most accounts (as the unscoped book lists them).
        QMap<QString, int> perCsm;
        const int csmColumn = w.table->model()->columnOf(QStringLiteral("csm"));
        for (const int r : w.table->shownRows())
            ++perCsm[w.table->model()->text(r, csmColumn)];
        QString csm;
        for (auto it = perCsm.begin(); it != perCsm.end(); ++it) {
            if (csm.isEmpty() || it.value() > perCsm.value(csm))
                csm = it.key();
        }
        QVERIFY(perCsm.value(csm) >= 2);
        QVERIFY2(person->findData(csm) > 0, "no CSM with accounts in the demo team");
        w.choosePerson(csm, w.book);
        const auto cli = cliScorecard(m_demo.cachePath(), {QStringLiteral("--node"), csm});
        compareWithCli(*w.table, cli);

        // Ctrl+F, then a name: only that account.
        const QString firstId = w.shownIds().value(0);
        const int nameColumn = w.table->model()->columnOf(QStringLiteral("account"));
        const QString name = w.table->model()->text(w.table->shownRows()[0], nameColumn);
        w.table->tree()->setFocus();
        QTest::keyClick(w.table->tree(), Qt::Key_F, Qt::ControlModifier);
        auto* search = w.book->findChild<QLineEdit*>(QStringLiteral("bookSearch"));
        QVERIFY(search->hasFocus());
        QTest::keyClicks(search, name);
        // Every row shown matches (the search runs 150 ms after the last key).
        auto allMatch = [&] {
            for (const int r : w.table->shownRows()) {
                bool any = false;
                for (const int c : w.table->shownColumns())
                    any = any || w.table->model()->text(r, c).contains(name, Qt::CaseInsensitive);
                if (!any)
                    return false;
            }
            return true;
        };
        QTRY_VERIFY(allMatch());
        QVERIFY(w.shownIds().contains(firstId));
        search->clear();
        QTRY_COMPARE(w.table->proxy()->rowCount(), cli.size());

        // The account ID shown from the columns menu; sort by ARR; export what is shown.
        w.table->setColumnShown(QStringLiteral("account_id"), true);
        w.table->tree()->sortByColumn(w.table->model()->columnOf(QStringLiteral("arr")),
                                      Qt::DescendingOrder);
        const QString path = w.dir().filePath(QStringLiteral("book.csv"));
        QString title;
        ResultView::setPathChooser([&](QWidget*, const QString& t) {
            title = t;
            return path;
        });
        QSignalSpy done(w.table, &ResultView::exportFinished);
        QTest::keyClick(w.table->tree(), Qt::Key_E, Qt::ControlModifier);
        QVERIFY(done.wait(20000));
        QCOMPARE(title, QStringLiteral("Export %1 accounts (scope: %2)").arg(cli.size()).arg(csm));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), cli.size() + 2); // header, rows, the final newline's empty part
        QVERIFY(lines[0].startsWith("account_id,account,csm,status,health_score,health_band,"));
        const QStringList ids = w.shownIds();
        double previousArr = 1e300;
        for (int i = 0; i < ids.size(); ++i)
            QVERIFY2(lines[i + 1].startsWith(ids[i].toUtf8() + ','), lines[i + 1].constData());
        // Sorted by ARR, as shown: the file's order is the view's.
        const int arrColumn = w.table->model()->columnOf(QStringLiteral("arr"));
        for (const int r : w.table->shownRows()) {
            const ListCell& cell = w.table->model()->table().rows[size_t(r)][size_t(arrColumn)];
            if (cell.isMissing())
                continue;
            QVERIFY(cell.number <= previousArr);
            previousArr = cell.number;
        }
        // The column chosen is remembered in the settings for the next window.
        QVERIFY(Settings::instance()
                    .get(Settings::Key::HiddenColumns)
                    .toMap()
                    .value(QStringLiteral("book"))
                    .toStringList()
                    .indexOf(QStringLiteral("account_id")) < 0);
    }

    // The scope bar's as-of date recomputes the book as of that day, as `--as-of DATE` does.
    void asOfRecomputes()
    {
        Window w;
        w.open(m_demo.cachePath());
        auto* asOf = w.window()->findChild<QDateEdit*>(QStringLiteral("scopeAsOf"));
        QVERIFY(asOf);
        asOf->setDate(QDate(2026, 9, 15));
        QCOMPARE(w.window()->context()->scope().asOf, QDate(2026, 9, 15));
        w.waitRecomputed(w.book);
        const auto cli = cliScorecard(m_demo.cachePath(),
                                      {QStringLiteral("--as-of"), QStringLiteral("2026-09-15")});
        compareWithCli(*w.table, cli);
        QVERIFY(cli != cliScorecard(m_demo.cachePath())); // the date changed the figures
    }

    void enterOpensTheAccount()
    {
        Window w;
        w.open(m_demo.cachePath());
        QSignalSpy navigate(w.book, &View::navigate);
        w.table->tree()->setFocus();
        w.table->tree()->setCurrentIndex(w.table->proxy()->index(2, 0));
        QTest::keyClick(w.table->tree(), Qt::Key_Return);
        QCOMPARE(navigate.size(), 1);
        QCOMPARE(navigate.at(0).at(0).toString(), QStringLiteral("account"));
        QCOMPARE(navigate.at(0).at(1).toString(), w.shownIds().value(2));
    }

    void anExportThatIsNotTheDemo()
    {
        QTemporaryDir dir;
        const QString cache = dir.filePath(QStringLiteral("nd.pulsebook"));
        const test::CliRun sync =
            test::runCli({QStringLiteral("sync"), test::dataPath(QStringLiteral("nondemo")),
                          QStringLiteral("--cache"), cache});
        QVERIFY2(sync.exitCode == 0, sync.err.constData());
        Window w;
        w.open(cache);
        const auto cli = cliScorecard(cache);
        QCOMPARE(cli.size(), 2); // ACME and GLOBEX
        compareWithCli(*w.table, cli);
        // Their names and ARR as accounts.csv spells them ("$48,000").
        const ResultTableModel& model = *w.table->model();
        const int name = model.columnOf(QStringLiteral("account"));
        const int arr = model.columnOf(QStringLiteral("arr"));
        QStringList names;
        double total = 0;
        for (const int r : w.table->shownRows()) {
            names << model.text(r, name);
            total += model.table().rows[size_t(r)][size_t(arr)].number;
        }
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("Acme Corp"), QStringLiteral("Globex")}));
        QCOMPARE(total, 48000.0 + 12500.0);
    }

private:
    test::SyncedCache m_demo;
};

QTEST_MAIN(TestBookView)
#include "tst_bookview.moc"
