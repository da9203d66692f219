// Renders the main window with the command palette open and `QUERY` typed, to look at it (not a
// test): build the shot_palette target, then
//   QT_QPA_PLATFORM=offscreen shot_palette WORKSPACE OUT.png [QUERY]
#include "CommandPalette.h"
#include "MainWindow.h"
#include "Settings.h"

#include <QApplication>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace pulsebook;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: shot_palette WORKSPACE OUT.png [QUERY]\n");
        return 2;
    }
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("s.ini")));
    MainWindow window;
    window.show();
    QSignalSpy shown(&window, &MainWindow::summaryShown);
    window.openWorkspace(args[1]);
    shown.wait(10000);
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    auto* edit = window.findChild<QLineEdit*>(QStringLiteral("paletteEdit"));
    if (args.size() > 3)
        QTest::keyClicks(edit, args[3]);
    QTest::qWait(1500); // the accounts and users arrive from the worker
    if (!window.grab().save(args[2])) {
        std::fprintf(stderr, "shot_palette: cannot write %s\n", qPrintable(args[2]));
        return 1;
    }
    return 0;
}
