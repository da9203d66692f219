// pulsebook-cli: the command-line face of pulsebook_core. Exit codes: 0 ok, 1 bad input or a
// failed operation, 2 usage.
#include "CliCommands.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

using namespace pulsebook;

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pulsebook"));
    QCoreApplication::setOrganizationName(QStringLiteral("Pulsebook"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PULSEBOOK_VERSION));

    const QStringList args = app.arguments();
    if (args.size() < 2 || args.at(1) == QLatin1String("--help") ||
        args.at(1) == QLatin1String("-h") || args.at(1) == QLatin1String("help")) {
        std::fputs(qPrintable(cli::usage()), args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? cli::ExitUsage : cli::ExitOk;
    }
    if (args.at(1) == QLatin1String("--version")) {
        std::printf("pulsebook-cli %s\n", PULSEBOOK_VERSION);
        return cli::ExitOk;
    }
    return cli::run(args.at(1), args.mid(1));
}
