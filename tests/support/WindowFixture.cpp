#include "WindowFixture.h"

#include "AppContext.h"
#include "MainWindow.h"
#include "ResultView.h"
#include "Settings.h"
#include "View.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTest>

namespace pulsebook::test {

WindowFixture::WindowFixture() = default;

WindowFixture::~WindowFixture()
{
    close();
}

void WindowFixture::open(const QString& cache, const Options& options)
{
    close();
    m_settings = std::make_unique<Settings>(options.settingsFile.isEmpty()
                                                ? m_dir.filePath(QStringLiteral("s.ini"))
                                                : options.settingsFile);
    if (!options.lastView.isEmpty())
        m_settings->set(Settings::Key::LastView, options.lastView);
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1200, 800);
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QSignalSpy shown(m_window.get(), &MainWindow::summaryShown);
    m_window->openWorkspace(cache, options.create);
    if (options.waitForSummary)
        QVERIFY(shown.wait(30000));
}

void WindowFixture::close()
{
    m_window.reset();
    m_settings.reset();
}

void WindowFixture::goByShortcut(Qt::Key key, const QString& viewId)
{
    QTest::keyClick(m_window.get(), key, Qt::ControlModifier);
    QTRY_COMPARE(m_window->currentViewId(), viewId);
}

void WindowFixture::goByAction(const QString& actionName, const QString& viewId)
{
    auto* go = m_window->findChild<QAction*>(actionName);
    QVERIFY2(go, qPrintable(actionName));
    go->trigger();
    QTRY_COMPARE(m_window->currentViewId(), viewId);
}

QLineEdit* WindowFixture::typeInPalette(const QString& text)
{
    QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier);
    auto* edit = m_window->findChild<QLineEdit*>(QStringLiteral("paletteEdit"));
    [&] {
        QVERIFY(edit && edit->hasFocus());
    }();
    if (edit)
        QTest::keyClicks(edit, text);
    return edit;
}

QListView* WindowFixture::paletteList() const
{
    return m_window->findChild<QListView*>(QStringLiteral("paletteList"));
}

void WindowFixture::choosePerson(const QString& person, View* view)
{
    auto* box = m_window->findChild<QComboBox*>(QStringLiteral("scopePerson"));
    QVERIFY(box);
    const int at = box->findData(person);
    QVERIFY2(at > 0, qPrintable(person));
    box->setFocus();
    for (int i = box->currentIndex(); i < at; ++i)
        QTest::keyClick(box, Qt::Key_Down);
    QCOMPARE(m_window->context()->scope().person, person);
    waitRecomputed(view);
}

void WindowFixture::waitReady(View* view)
{
    QTRY_VERIFY_WITH_TIMEOUT(view->isReady(), 30000);
}

void WindowFixture::waitRecomputed(View* view)
{
    QTRY_VERIFY_WITH_TIMEOUT(!view->isReady(), 5000);
    waitReady(view);
}

void WindowFixture::testModels(ResultView* table, QObject* owner)
{
    new QAbstractItemModelTester(table->model(),
                                 QAbstractItemModelTester::FailureReportingMode::QtTest, owner);
    new QAbstractItemModelTester(table->proxy(),
                                 QAbstractItemModelTester::FailureReportingMode::QtTest, owner);
}

} // namespace pulsebook::test
