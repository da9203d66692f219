#pragma once

#include <QString>
#include <QStringList>

namespace pulsebook {
class Cache;
}

namespace pulsebook::cli {

enum ExitCode { ExitOk = 0, ExitBadInput = 1, ExitUsage = 2 };

// Commands in files of their own (each takes its arguments, [0] being its name).
int syncCommand(const QStringList& arguments);
int syncWarehouseCommand(const QStringList& arguments);
int warehouseTestCommand(const QStringList& arguments);
int demoCommand(const QStringList& arguments);
int segmentCommand(const QStringList& arguments);
int eventsCommand(const QStringList& arguments);
int workspaceCommand(const QStringList& arguments);
int funnelCommand(const QStringList& arguments);
int retentionCommand(const QStringList& arguments);
int onboardingCommand(const QStringList& arguments);
int rollupCommand(const QStringList& arguments);
int trendCommand(const QStringList& arguments);
int engagementCommand(const QStringList& arguments);
int areasCommand(const QStringList& arguments);
int impactCommand(const QStringList& arguments);
int scorecardCommand(const QStringList& arguments);
int healthCommand(const QStringList& arguments);
int accountCommand(const QStringList& arguments);
int managersCommand(const QStringList& arguments);
int changesCommand(const QStringList& arguments);
int efficacyCommand(const QStringList& arguments);
int campaignsCommand(const QStringList& arguments);
int todayCommand(const QStringList& arguments);
int timelineCommand(const QStringList& arguments);

// Opens a cache file: with `create` to write (making it and its folder when missing), else
// read-only (never creating or changing anything).
bool openCache(Cache& cache, const QString& path, bool create, QString* error);

// The list of commands, for "pulsebook-cli --help".
QString usage();
// Runs `command` with its arguments (arguments[0] is the command name).
int run(const QString& command, const QStringList& arguments);

} // namespace pulsebook::cli
