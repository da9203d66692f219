#include "CliCommands.h"

namespace pulsebook::cli {

int campaignsCommand(const QStringList&)
{
    return ExitUsage; // being written
}

} // namespace pulsebook::cli
