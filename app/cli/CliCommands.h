#pragma once

#include <QString>
#include <QStringList>

namespace pulsebook::cli {

enum ExitCode { ExitOk = 0, ExitBadInput = 1, ExitUsage = 2 };

// The list of commands, for "pulsebook-cli --help".
QString usage();
// Runs `command` with its arguments (arguments[0] is the command name).
int run(const QString& command, const QStringList& arguments);

} // namespace pulsebook::cli
