// pulsebook: the desktop application. `pulsebook [WORKSPACE]` opens a workspace;
// `pulsebook --screenshot VIEW FILE.png [WORKSPACE]` renders a view to a PNG and exits;
// `pulsebook --screenshot list` names the views.
#include "Appearance.h"
#include "MainWindow.h"
#include "Settings.h"
#include "ViewRegistry.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
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
    // English plural forms ("1 line", "1,495 lines" where the source says "%n line(s)"),
    // installed first so that the language's own file is searched before it.
    QTranslator plurals;
    if (plurals.load(QStringLiteral(":/i18n/pulsebook_en")))
        QApplication::installTranslator(&plurals);
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
        QStringLiteral("Render VIEW to FILE.png at 1200x800 in the light palette once its data is "
                       "on screen, and exit: --screenshot VIEW FILE.png [WORKSPACE]. "
                       "--screenshot list prints the views' names."),
        QStringLiteral("VIEW"));
    const QCommandLineOption sync(QStringLiteral("sync"),
                                  QStringLiteral("Sync the export folder DIR on start."),
                                  QStringLiteral("DIR"));
    parser.addOptions({screenshot, sync});
    parser.addPositionalArgument(QStringLiteral("workspace"),
                                 QStringLiteral("The workspace cache to open."));
    parser.process(app);

    QStringList positional = parser.positionalArguments();
    const QString shotName = parser.value(screenshot);
    if (shotName == QLatin1String("list")) {
        for (const QString& name : screenshotNames())
            std::printf("%s\n", qPrintable(name));
        return 0;
    }
    QString shotFile;
    if (parser.isSet(screenshot)) {
        if (positional.isEmpty() || !positional.first().endsWith(QLatin1String(".png"))) {
            std::fputs("pulsebook: --screenshot VIEW FILE.png [WORKSPACE]\n", stderr);
            return 2;
        }
        shotFile = positional.takeFirst();
        if (!findScreenshot(shotName)) {
            std::fprintf(stderr, "pulsebook: unknown view '%s' (known: %s)\n", qPrintable(shotName),
                         qPrintable(screenshotNames().join(QStringLiteral(", "))));
            return 2;
        }
    }
    applyAppearance(!shotFile.isEmpty()
                        ? false
                        : Settings::instance().get(Settings::Key::DarkPalette).toBool());
    QString workspace = positional.value(0);
    if (workspace.isEmpty() && shotFile.isEmpty())
        workspace = Settings::instance().get(Settings::Key::LastWorkspace).toString();
    if (!workspace.isEmpty() && !parser.isSet(sync) && !QFileInfo::exists(workspace)) {
        if (!shotFile.isEmpty()) {
            std::fprintf(stderr, "pulsebook: no such workspace: %s\n", qPrintable(workspace));
            return 2;
        }
        workspace.clear(); // a last workspace that is gone: the first-run screen
    }

    MainWindow window;
    if (!shotFile.isEmpty()) {
        window.resize(1200, 800);
        QObject::connect(&window, &MainWindow::screenshotReady, &app, [&] {
            // The view's data is on screen; one turn of the event loop lets its layout settle.
            QTimer::singleShot(0, &app, [&] {
                // Layouts that the last updates asked for (the status bar's) before the grab.
                QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
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
    if (!shotFile.isEmpty()) {
        QString error;
        if (!window.prepareScreenshot(shotName, &error)) {
            std::fprintf(stderr, "pulsebook: %s\n", qPrintable(error));
            return 2;
        }
    }
    return app.exec();
}
