// The table every view shows (ResultTableModel, ResultProxy, ResultView), on a hand-made result
// table: formatting, typed sorting with missing values last, search and row filters, the
// columns menu remembered in the settings, Ctrl+C, the totals row, and the export writing
// exactly the rows and columns shown.
#include "RagStyle.h"
#include "ResultView.h"
#include "Settings.h"

#include "export/TableCsv.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QHeaderView>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace pulsebook;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Four accounts: ARR money, a usage figure coloured by its status column, a status.
std::shared_ptr<const ResultTable> accounts()
{
    ResultTable t;
    t.addColumn(QStringLiteral("account"), ValueKind::Text);
    t.addColumn(QStringLiteral("arr"), ValueKind::Money);
    ResultColumn& logins = t.addColumn(QStringLiteral("logins"), ValueKind::Decimal);
    logins.statusColumn = QStringLiteral("logins: RYG");
    logins.description = QStringLiteral("Green at least 10, Yellow at least 5, else Red; no "
                                        "value: Red");
    t.addColumn(QStringLiteral("logins: RYG"), ValueKind::Status);
    t.addColumn(QStringLiteral("status"), ValueKind::Status);
    auto row = [&](const char* name, double arr, double loginCount, const char* rag,
                   const char* status) {
        t.rows.push_back({cell::text(QLatin1String(name)), cell::number(arr),
                          cell::number(loginCount), cell::optionalText(QLatin1String(rag)),
                          cell::text(QLatin1String(status))});
    };
    row("Acme", 120000, 12, "Green", "Green");
    row("=HYPERLINK(\"x\")", 5000.5, 3, "Red", "Red");
    row("Globex", 80000, NAN, "Red", "Red");
    row("Initech", 30000, 7, "Yellow", "Yellow");
    return std::make_shared<const ResultTable>(std::move(t));
}

} // namespace

class TestResultView : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<Settings>(m_dir.filePath(QStringLiteral("s.ini")));
    }
    void cleanup() { m_settings.reset(); }

    void modelFormatsAndExplains()
    {
        ResultTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTable(accounts());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), 5);
        // Money: one of the values has cents, so every row shows two decimals.
        QCOMPARE(model.text(0, 1), QLocale().toString(120000.0, 'f', 2));
        QCOMPARE(model.text(1, 1), QLocale().toString(5000.5, 'f', 2));
        // A coloured value carries its band; the status column folds into it.
        QCOMPARE(Rag(model.data(model.index(1, 2), ResultTableModel::RagRole).toInt()), Rag::Red);
        QVERIFY(model.isPairedStatus(3));
        QVERIFY(!model.isPairedStatus(4));
        QCOMPARE(model.statusColumnOf(2), 3);
        QCOMPARE(model.data(model.index(1, 2), Qt::AccessibleTextRole).toString(),
                 QStringLiteral("Red: 3 (Green at least 10, Yellow at least 5, else Red; no "
                                "value: Red)"));
        QCOMPARE(model.data(model.index(2, 2), Qt::ToolTipRole).toString(),
                 QStringLiteral("Red: no value (Green at least 10, Yellow at least 5, else Red; "
                                "no value: Red)"));
        // Status: glyph and letter, never colour alone; the colour is a role too.
        QCOMPARE(model.text(3, 4), QStringLiteral("▲ Y"));
        QCOMPARE(model.data(model.index(0, 4), Qt::BackgroundRole).value<QColor>(),
                 QColor(0x00, 0x9E, 0x73));
        QCOMPARE(model.data(model.index(0, 1), Qt::TextAlignmentRole).toInt() & Qt::AlignRight,
                 int(Qt::AlignRight));
    }

    void sortsTypedWithMissingLast()
    {
        ResultView view{QString()};
        QAbstractItemModelTester tester(view.proxy(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setDefaultSort(QStringLiteral("status"), Qt::AscendingOrder);
        view.setTable(accounts());
        // Red first (table order between the two Reds), then Yellow, Green.
        QCOMPARE(view.shownRows(), (std::vector<int>{1, 2, 3, 0}));
        view.tree()->sortByColumn(2, Qt::AscendingOrder); // logins: 3, 7, 12, missing
        QCOMPARE(view.shownRows(), (std::vector<int>{1, 3, 0, 2}));
        view.tree()->sortByColumn(2, Qt::DescendingOrder); // 12, 7, 3, missing still last
        QCOMPARE(view.shownRows(), (std::vector<int>{0, 3, 1, 2}));
        view.tree()->sortByColumn(1, Qt::DescendingOrder); // ARR as numbers, not text
        QCOMPARE(view.shownRows(), (std::vector<int>{0, 2, 3, 1}));
        // A new table keeps the user's sort.
        view.setTable(accounts());
        QCOMPARE(view.shownRows(), (std::vector<int>{0, 2, 3, 1}));
    }

    void hiddenColumnsTakeNoRoom()
    {
        ResultView view{QString()};
        view.resize(800, 400);
        view.show();
        view.setTotalsVisible(true);
        view.setDefaultHiddenColumns({QStringLiteral("account")});
        view.setTable(accounts());
        QTest::qWait(50);
        // account hidden, arr first; the status of logins folded into it. (Hiding columns while
        // the totals row follows the header once left their old room as gaps.)
        const QHeaderView* h = view.tree()->header();
        QVERIFY(h->isSectionHidden(0));
        QVERIFY(h->isSectionHidden(3));
        QCOMPARE(h->sectionViewportPosition(1), 0);
        QCOMPARE(h->sectionViewportPosition(2), h->sectionSize(1));
        QCOMPARE(h->sectionViewportPosition(4), h->sectionSize(1) + h->sectionSize(2));
        // The totals row's cells sit under their columns.
        auto* totals = view.findChild<QTreeView*>(QStringLiteral("totalsRow"));
        for (const int c : {1, 2, 4}) {
            QCOMPARE(totals->header()->sectionViewportPosition(c), h->sectionViewportPosition(c));
            QCOMPARE(totals->header()->sectionSize(c), h->sectionSize(c));
        }
    }

    void filtersAndTotals()
    {
        ResultView view{QString()};
        view.setTotalsVisible(true);
        view.setTable(accounts());
        view.proxy()->setSearchText(QStringLiteral("glob"));
        QCOMPARE(view.shownRows(), (std::vector<int>{2}));
        view.proxy()->setSearchText(QString());
        view.proxy()->setRowFilter([](int row) { return row != 0; }); // not Acme
        QCOMPARE(view.proxy()->rowCount(), 3);
        auto* totals = view.findChild<QTreeView*>(QStringLiteral("totalsRow"));
        QVERIFY(totals);
        QAbstractItemModel* m = totals->model();
        // 5,000.50 + 80,000 + 30,000 = 115,000.50; Red 2 (row 1, row 2), Yellow 1.
        QCOMPARE(m->index(0, 0).data().toString(), QStringLiteral("Total (3)"));
        QCOMPARE(m->index(0, 1).data().toString(), QLocale().toString(115000.5, 'f', 2));
        QCOMPARE(m->index(0, 4).data().toString(), QStringLiteral("R 2 · Y 1 · G 0"));
    }

    void columnsAreRememberedAndExportWritesWhatIsShown()
    {
        {
            ResultView view(QStringLiteral("test/accounts"));
            view.setTable(accounts());
            QVERIFY(view.isColumnShown(QStringLiteral("arr")));
            QVERIFY(!view.isColumnShown(QStringLiteral("logins: RYG"))); // folded into logins
            view.setColumnShown(QStringLiteral("arr"), false);
        }
        ResultView view(QStringLiteral("test/accounts"));
        view.setScopeDescription(QStringLiteral("Maya Patel, Red"));
        view.setNouns(QStringLiteral("account"), QStringLiteral("accounts"));
        view.setTable(accounts());
        QVERIFY(!view.isColumnShown(QStringLiteral("arr")));
        view.proxy()->setRowFilter([](int row) { return row != 3; });
        view.tree()->sortByColumn(0, Qt::AscendingOrder);
        QCOMPARE(view.exportTitle(), QStringLiteral("Export 3 accounts (scope: Maya Patel, Red)"));
        // Shown: account, logins (+ its status), status; rows by name: "=HYPERLINK", Acme,
        // Globex. The formula is neutralised with a quote; numbers stay bare.
        QSignalSpy done(&view, &ResultView::exportFinished);
        const QString path = m_dir.filePath(QStringLiteral("out.csv"));
        view.exportTo(path);
        QVERIFY(done.wait(10000));
        QCOMPARE(done.at(0).at(0).toBool(), true);
        QCOMPARE(readAll(path), QByteArray("account,logins,logins: RYG,status\n"
                                           "\"'=HYPERLINK(\"\"x\"\")\",3,Red,Red\n"
                                           "Acme,12,Green,Green\n"
                                           "Globex,,Red,Red\n"));
        // Ctrl+C: the selected rows, shown columns, tab-separated, bands in words.
        view.tree()->setFocus();
        view.tree()->selectionModel()->select(
            view.proxy()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        view.copySelection();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("Acme\t12\tGreen\tGreen\n"));
    }

    void exportThroughTheChooserAndCancel()
    {
        ResultView view{QString()};
        view.setTable(accounts());
        const QString path = m_dir.filePath(QStringLiteral("chosen"));
        QString asked;
        ResultView::setPathChooser([&](QWidget*, const QString& title) {
            asked = title;
            return path;
        });
        QSignalSpy done(&view, &ResultView::exportFinished);
        QSignalSpy cancelled(&view, &ResultView::exportCancelled);
        view.exportAction()->trigger();
        QVERIFY(done.wait(10000));
        QCOMPARE(asked, QStringLiteral("Export 4 rows"));
        QCOMPARE(done.at(0).at(1).toString(), path + QStringLiteral(".csv"));
        QCOMPARE(readAll(path + QStringLiteral(".csv")).count('\n'), 5);

        // Two million rows take a while to write: a cancel leaves no file.
        ResultTable big;
        big.addColumn(QStringLiteral("n"), ValueKind::Integer);
        big.rows.resize(2000000, ResultRow{cell::count(7)});
        view.setTable(std::make_shared<const ResultTable>(std::move(big)));
        const QString bigPath = m_dir.filePath(QStringLiteral("big.csv"));
        done.clear();
        view.exportTo(bigPath);
        view.cancelExport();
        QVERIFY(cancelled.wait(20000));
        QVERIFY(done.isEmpty()); // a cancel is its own outcome, not a failure
        QVERIFY(!QFile::exists(bigPath));
        QVERIFY(!view.findChild<QMessageBox*>(QStringLiteral("exportError")));

        // A failure says why in a message box and leaves nothing behind.
        const QString badPath = m_dir.filePath(QStringLiteral("no-such-folder/rows.csv"));
        view.setTable(accounts());
        view.exportTo(badPath);
        QVERIFY(done.wait(10000));
        QCOMPARE(done.at(0).at(0).toBool(), false);
        const QString reason = done.at(0).at(1).toString();
        QVERIFY2(reason.contains(QStringLiteral("no-such-folder")), qPrintable(reason));
        QTRY_VERIFY(view.findChild<QMessageBox*>(QStringLiteral("exportError")));
        auto* box = view.findChild<QMessageBox*>(QStringLiteral("exportError"));
        QVERIFY(box->text().contains(badPath));
        QVERIFY(box->informativeText().contains(reason));
        box->close();
        QVERIFY(!QFile::exists(badPath));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
};

QTEST_MAIN(TestResultView)
#include "tst_resultview.moc"
