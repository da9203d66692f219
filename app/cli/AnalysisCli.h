#pragma once

#include "analysis/AnalysisContext.h"
#include "analysis/WorkspaceCheck.h"
#include "cache/Cache.h"
#include "present/ResultTable.h"
#include "workspace/Workspace.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QStringList>

#include <memory>
#include <vector>

namespace pulsebook {
class Segment;
class SortedList;
} // namespace pulsebook

namespace pulsebook::cli {

// The options every analysis command shares: --cache, --as-of, --segment, --format, --out,
// --sidecar, --timing.
class AnalysisCommand
{
public:
    AnalysisCommand(const QString& name, const QString& description);
    // Leaves the index to the process's exit (see the definition).
    ~AnalysisCommand();
    AnalysisCommand(const AnalysisCommand&) = delete;
    AnalysisCommand& operator=(const AnalysisCommand&) = delete;

    QCommandLineParser& parser() { return m_parser; }
    // --node PERSON: only the accounts of that person of team.csv and everyone below them.
    void addNodeOption();
    // Parses the arguments; returns -1 to go on, else the exit code (help or usage error).
    int parse(const QStringList& arguments);
    // Opens the cache, loads the workspace and the index, applies --as-of and --segment.
    // Returns -1 to go on, else the exit code (the error is printed).
    int open();
    // The users of a segment (a workspace name or an expression); the --segment filter is not
    // applied. Returns -1 to go on, else the exit code (the error names `option`).
    int segmentMembers(const QString& option, const QString& text, std::vector<char>* members);
    // Prints or writes the result in the chosen format. Returns the exit code.
    int output(const ResultTable& table);
    // The same for a whole sorted list: --out streams it through writeListCsv (what the
    // window's users list exports), the other formats print listTable(). Returns the exit code.
    int outputList(const SortedList& list, const QJsonObject& definition);

    // Prints the workspace's problems on stderr, "pulsebook-cli NAME: warning: $.path: ...".
    void printProblems(const WorkspaceProblems& problems) const;
    // Checks a segment against the data: prints its warnings; false with *error on an error.
    bool checkSegment(const Segment& segment, const QString& path, QString* error);
    // The failure of a command that needs a definition the workspace lacks: names `key` of
    // "workspace set" with an example value. Returns the exit code (1).
    int needsDefinition(const QString& what, const QString& key, const QString& example) const;

    int usageError(const QString& message) const;
    int failure(const QString& message) const;

    // A date or timestamp option value as UTC ms, a date alone being the local midnight of the
    // workspace's time zone (so call it after open()); false (and prints a usage error) when
    // bad.
    bool timeValue(const QString& option, qint64* ms, int* exitCode) const;
    // A duration such as 15s, 30m, 36h, 14d or 2w (parseDuration); false when bad.
    static bool durationValue(const QString& text, qint64* ms);

    AnalysisContext& context() { return m_context; }
    const Workspace& workspace() const { return m_workspace; }
    // The cache open() opened (for commands that read more of it, such as a user's rows).
    Cache& cache() { return m_cache; }
    QString value(const QString& option) const { return m_parser.value(option); }
    bool isSet(const QString& option) const { return m_parser.isSet(option); }

private:
    // Writes --sidecar's PATH.json (the definition, rows and columns) when asked.
    bool writeSidecar(const QString& path, QJsonObject definition, qint64 rows,
                      const QStringList& columns, QString* error) const;
    void printTiming() const;

    QString m_name;
    QCommandLineParser m_parser;
    Cache m_cache;
    Workspace m_workspace;
    AnalysisContext m_context;
    QElapsedTimer m_clock;
    qint64 m_openedMs = 0;
};

// The help of `command` ("funnel", "workspace", ...): QCommandLineParser names the executable
// on its first line, but a subcommand's help must say how to call the subcommand; every help
// ends by pointing to the definitions of the figures.
QString commandHelp(const QCommandLineParser& parser, const QString& command);

// Where every figure is defined, for --help texts.
inline constexpr char DefinitionsDoc[] = "docs/definitions.md";

// A number typed on the command line, read as the CSV files' money is (FieldParser::money):
// "0.8", "-2", "$2,277.50", "10,000". False with *reason.
bool typedNumber(const QString& text, double* value, QString* reason);
// A whole number of at least 0 ("8", "10,000"), as FieldParser::count reads it; a value within
// int for an int.
bool typedCount(const QString& text, qint64* value, QString* reason);
bool typedCount(const QString& text, int* value, QString* reason);

} // namespace pulsebook::cli
