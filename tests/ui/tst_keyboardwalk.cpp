// The window by keyboard alone: the focus moves through the scope bar and Today in reading order,
// never stays caught in a field, and a line opens its account and Alt+Left comes back. Found by a
// walk by hand under Xvfb: Tab on the as-of field showing "Latest data" kept the focus there.
#include "AccountView.h"
#include "MainWindow.h"
#include "ResultTableModel.h"
#include "ResultView.h"
#include "TestSupport.h"
#include "TodayView.h"
#include "WindowFixture.h"

#include <QApplication>
#include <QDateEdit>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace pulsebook;

namespace {

QString focusName()
{
    const QWidget* w = QApplication::focusWidget();
    return w ? w->objectName() : QStringLiteral("(none)");
}

// Whether the focus is `widget` or inside it (a table's viewport).
bool focusIn(const QWidget* widget)
{
    for (const QWidget* w = QApplication::focusWidget(); w; w = w->parentWidget()) {
        if (w == widget)
            return true;
    }
    return false;
}

} // namespace

class TestKeyboardWalk : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_demo.loadDemo(&error), qPrintable(error));
    }

    void tabLeavesTheAsOfFieldAndFollowsTheReadingOrder()
    {
        test::WindowFixture w;
        w.open(m_demo.cachePath(), {QString(), QStringLiteral("today")});
        auto* today = qobject_cast<TodayView*>(w.window()->view(QStringLiteral("today")));
        QVERIFY(today);
        test::WindowFixture::waitReady(today);
        auto* asOf = w.window()->findChild<QDateEdit*>(QStringLiteral("scopeAsOf"));
        QVERIFY(asOf);
        QCOMPARE(asOf->text(), QStringLiteral("Latest data"));

        // Alt+S, the label's mnemonic, then Tab: out of the field at once.
        QTest::keyClick(w.window(), Qt::Key_S, Qt::AltModifier);
        QCOMPARE(focusName(), QStringLiteral("scopeAsOf"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QVERIFY2(!focusIn(asOf), qPrintable(focusName()));

        // Then the tiles that can be used, in the kinds' order, then the lines.
        QStringList enabledTiles;
        for (int k = 0; k < TodayKindCount; ++k) {
            const QString name = QStringLiteral("tile_") + todayKindId(TodayKind(k));
            const auto* tile = today->findChild<QToolButton*>(name);
            QVERIFY2(tile, qPrintable(name));
            if (tile->isEnabled())
                enabledTiles << name;
        }
        QVERIFY(enabledTiles.size() >= 2); // the demo has silent and stuck accounts
        QStringList visited{focusName()};
        for (int i = 1; i < enabledTiles.size(); ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            visited << focusName();
        }
        QCOMPARE(visited, enabledTiles);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QVERIFY2(focusIn(today->lines()), qPrintable(focusName()));

        // Shift+Tab from the first tile goes back to the field, and Shift+Tab leaves it too.
        QTest::keyClick(w.window(), Qt::Key_S, Qt::AltModifier);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(focusName(), enabledTiles.first());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
        QCOMPARE(focusName(), QStringLiteral("scopeAsOf"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
        QVERIFY2(!focusIn(asOf), qPrintable(focusName()));
    }

    void tabStillWalksADatesParts()
    {
        // With a date in the field, Tab goes through its year, month and day (QDateEdit's own
        // way), then out: at most four presses.
        test::WindowFixture w;
        w.open(m_demo.cachePath(), {QString(), QStringLiteral("today")});
        auto* asOf = w.window()->findChild<QDateEdit*>(QStringLiteral("scopeAsOf"));
        QVERIFY(asOf);
        QTest::keyClick(w.window(), Qt::Key_S, Qt::AltModifier);
        QCOMPARE(focusName(), QStringLiteral("scopeAsOf"));
        QTest::keyClick(asOf, Qt::Key_Up); // the first day after "Latest data"
        QVERIFY(asOf->date() > asOf->minimumDate());
        int presses = 0;
        while (focusIn(asOf) && presses < 10) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            ++presses;
        }
        QVERIFY2(!focusIn(asOf), qPrintable(focusName()));
        QVERIFY2(presses <= 4, qPrintable(QString::number(presses)));
    }

    void aLineOpensItsAccountAndAltLeftComesBack()
    {
        test::WindowFixture w;
        w.open(m_demo.cachePath(), {QString(), QStringLiteral("today")});
        auto* today = qobject_cast<TodayView*>(w.window()->view(QStringLiteral("today")));
        QVERIFY(today);
        test::WindowFixture::waitReady(today);
        QTreeView* tree = today->lines()->tree();
        tree->setFocus();
        // Down to the first line that names an account (a note line has none), then Enter.
        const ResultTable& table = today->lines()->model()->table();
        const int idColumn = table.columnOf(QStringLiteral("account_id"));
        QVERIFY(idColumn >= 0);
        QTest::keyClick(tree, Qt::Key_Home);
        QString account;
        for (int step = 0; step < 10 && account.isEmpty(); ++step) {
            const int row = today->lines()->currentSourceRow();
            if (row >= 0)
                account = table.rows[size_t(row)][size_t(idColumn)].text;
            if (account.isEmpty())
                QTest::keyClick(tree, Qt::Key_Down);
        }
        QVERIFY(!account.isEmpty());
        QTest::keyClick(tree, Qt::Key_Return);
        QTRY_COMPARE(w.window()->currentViewId(), QStringLiteral("account"));
        auto* page = qobject_cast<AccountView*>(w.window()->view(QStringLiteral("account")));
        QVERIFY(page);
        test::WindowFixture::waitReady(page);
        QCOMPARE(page->accountId(), account);

        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Left, Qt::AltModifier);
        QTRY_COMPARE(w.window()->currentViewId(), QStringLiteral("today"));
    }

private:
    test::SyncedCache m_demo;
};

QTEST_MAIN(TestKeyboardWalk)
#include "tst_keyboardwalk.moc"
