#pragma once

#include <QString>
#include <QStringList>

namespace pulsebook::cli {

enum ExitCode { ExitOk = 0, ExitBadInput = 1, ExitUsage = 2 };

// Commands in files of their own (each takes its arguments, [0] being its name).
int segmentCommand(const QStringList& arguments);
int workspaceCommand(const QStringList& arguments);

// The list of commands, for "pulsebook-cli --help".
QString usage();
// Runs `command` with its arguments (arguments[0] is the command name).
int run(const QString& command, const QStringList& arguments);

} // namespace pulsebook::cli
