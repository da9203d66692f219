#pragma once

#include <QCommandLineOption>
#include <QString>
#include <QStringList>

class QCommandLineParser;

// What the plain commands (sync, info, demo, the warehouse's) share; the analysis commands
// have AnalysisCommand (AnalysisCli.h).
namespace pulsebook::cli {

// Prints `text` on stdout as it is.
void out(const QString& text);
// Prints `text` and a newline on stderr.
void err(const QString& text);
// The cache when --cache is not given.
QString defaultCachePath();
// --cache FILE (-c).
QCommandLineOption cacheOption();
// Parses `arguments`; prints help (exit 0) or a usage error (exit 2) itself.
// Returns -1 when the command should go on.
int parse(QCommandLineParser& parser, const QStringList& arguments, const QString& summary);
// Prints "pulsebook-cli COMMAND: MESSAGE" and where the help is; returns the exit code (2).
int usageError(const QString& command, const QString& message);

} // namespace pulsebook::cli
