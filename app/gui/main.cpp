// pulsebook: the desktop application. `pulsebook [WORKSPACE]` opens a workspace;
// `pulsebook --screenshot VIEW FILE.png WORKSPACE` renders a view to a PNG and exits.
#include "MainWindow.h"
#include "Settings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QStandardPaths>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

using namespace pulsebook;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("pulsebook"));
    QApplication::setApplicationDisplayName(QStringLiteral("Pulsebook"));
    QApplication::setOrganizationName(QStringLiteral("Pulsebook"));
    QApplication::setApplicationVersion(QStringLiteral(PULSEBOOK_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/pulsebook.svg")));
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("pulsebook"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Customer Success analytics."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Render VIEW (summary) to FILE.png and exit. Takes two values: "
                       "--screenshot VIEW FILE.png."),
        QStringLiteral("VIEW"));
    const QCommandLineOption sync(QStringLiteral("sync"),
                                  QStringLiteral("Sync the export folder DIR on start."),
                                  QStringLiteral("DIR"));
    parser.addOptions({screenshot, sync});
    parser.addPositionalArgument(QStringLiteral("workspace"),
                                 QStringLiteral("The workspace cache to open."));
    parser.process(app);

    QStringList positional = parser.positionalArguments();
    QString shotFile;
    if (parser.isSet(screenshot)) {
        if (positional.isEmpty() || !positional.first().endsWith(QLatin1String(".png"))) {
            std::fputs("pulsebook: --screenshot VIEW FILE.png [WORKSPACE]\n", stderr);
            return 2;
        }
        shotFile = positional.takeFirst();
        if (parser.value(screenshot) != QLatin1String("summary")) {
            std::fprintf(stderr, "pulsebook: unknown view '%s' (known: summary)\n",
                         qPrintable(parser.value(screenshot)));
            return 2;
        }
    }
    QString workspace = positional.value(0);
    if (workspace.isEmpty())
        workspace = Settings::instance().get(Settings::Key::LastWorkspace).toString();

    MainWindow window;
    if (!shotFile.isEmpty()) {
        QObject::connect(&window, &MainWindow::summaryShown, &app, [&] {
            // One more turn of the event loop so layouts settle before the grab.
            QTimer::singleShot(100, &app, [&] {
                const bool ok = window.grab().save(shotFile);
                if (!ok)
                    std::fprintf(stderr, "pulsebook: cannot write %s\n", qPrintable(shotFile));
                app.exit(ok ? 0 : 1);
            });
        });
    }
    window.show();
    if (!workspace.isEmpty())
        window.openWorkspace(workspace, parser.isSet(sync));
    if (parser.isSet(sync) && !workspace.isEmpty())
        window.syncFolder(parser.value(sync));
    if (!shotFile.isEmpty() && workspace.isEmpty()) {
        QTimer::singleShot(300, &app, [&] { app.exit(window.grab().save(shotFile) ? 0 : 1); });
    }
    return app.exec();
}
