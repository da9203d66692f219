#include "CliCommands.h"

namespace pulsebook::cli {

int scorecardCommand(const QStringList&) { return ExitUsage; }
int healthCommand(const QStringList&) { return ExitUsage; }
int managersCommand(const QStringList&) { return ExitUsage; }
int changesCommand(const QStringList&) { return ExitUsage; }
int efficacyCommand(const QStringList&) { return ExitUsage; }

} // namespace pulsebook::cli
