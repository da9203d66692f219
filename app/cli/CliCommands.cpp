#include "CliCommands.h"

#include "AnalysisCli.h"
#include "PlainCommand.h"
#include "cache/Cache.h"
#include "sync/FieldParser.h"
#include "workspace/Workspace.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include <cstdio>
#include <functional>

namespace pulsebook::cli {

void out(const QString& text)
{
    std::fputs(text.toUtf8().constData(), stdout);
}

void err(const QString& text)
{
    std::fputs(text.toUtf8().constData(), stderr);
    std::fputc('\n', stderr);
}

QString defaultCachePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/workspace.pulsebook");
}

QCommandLineOption cacheOption()
{
    return QCommandLineOption(
        QStringList{QStringLiteral("cache"), QStringLiteral("c")},
        QStringLiteral("The workspace cache file (default: %1).").arg(defaultCachePath()),
        QStringLiteral("FILE"));
}

// Parses `arguments`; prints help (exit 0) or a usage error (exit 2) itself.
// Returns -1 when the command should go on.
int parse(QCommandLineParser& parser, const QStringList& arguments, const QString& summary)
{
    parser.setApplicationDescription(summary);
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption help(QStringList{QStringLiteral("help"), QStringLiteral("h")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    QStringList args = arguments;
    args[0] = QStringLiteral("pulsebook-cli ") + arguments.at(0);
    if (!parser.parse(args)) {
        err(QStringLiteral("pulsebook-cli %1: %2").arg(arguments.at(0), parser.errorText()));
        err(QStringLiteral("Try 'pulsebook-cli %1 --help'.").arg(arguments.at(0)));
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        out(commandHelp(parser, arguments.at(0)));
        return ExitOk;
    }
    return -1;
}

int usageError(const QString& command, const QString& message)
{
    err(QStringLiteral("pulsebook-cli %1: %2").arg(command, message));
    err(QStringLiteral("Try 'pulsebook-cli %1 --help'.").arg(command));
    return ExitUsage;
}

namespace {

int info(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption cache = cacheOption();
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("table (default) or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("table"));
    parser.addOptions({cache, format});
    if (const int rc = parse(parser, arguments,
                             QStringLiteral("Show what a cache holds: rows per table, the "
                                            "as-of time and the sync log."));
        rc >= 0)
        return rc;
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("table") && fmt != QLatin1String("json"))
        return usageError(arguments.at(0), QStringLiteral("--format must be table or json"));
    const QString path = parser.isSet(cache) ? parser.value(cache) : defaultCachePath();
    Cache c;
    QString error;
    if (!c.openForReading(path, &error)) {
        err(QStringLiteral("pulsebook-cli info: %1").arg(error));
        return ExitBadInput;
    }
    const auto counts = c.rowCounts();
    Workspace workspace;
    const qint64 asOf = Workspace::load(c, &workspace, &error)
                            ? Calendar(workspace.timeZone).defaultAsOf(c)
                            : c.defaultAsOfMs();
    const auto log = c.syncLog();
    if (fmt == QLatin1String("json")) {
        QJsonObject root;
        root.insert(QStringLiteral("cache"), path);
        root.insert(QStringLiteral("schema_version"), c.schemaVersion());
        QJsonObject rows;
        for (const auto& t : counts)
            rows.insert(t.table, double(t.rows));
        root.insert(QStringLiteral("rows"), rows);
        root.insert(QStringLiteral("as_of"),
                    asOf ? QJsonValue(FieldParser::formatTimestamp(asOf)) : QJsonValue());
        QJsonArray syncs;
        for (const auto& e : log) {
            QJsonObject o;
            o.insert(QStringLiteral("started"), FieldParser::formatTimestamp(e.startedMs));
            o.insert(QStringLiteral("finished"), FieldParser::formatTimestamp(e.finishedMs));
            o.insert(QStringLiteral("source"), e.source);
            o.insert(QStringLiteral("mode"), e.mode);
            o.insert(QStringLiteral("rows"), QJsonDocument::fromJson(e.rowsJson.toUtf8()).object());
            o.insert(QStringLiteral("rejected"), double(e.rejected));
            o.insert(QStringLiteral("created_users"), double(e.createdUsers));
            syncs.append(o);
        }
        root.insert(QStringLiteral("sync_log"), syncs);
        out(QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    out(QStringLiteral("Cache: %1 (schema %2)\n").arg(path).arg(c.schemaVersion()));
    out(QStringLiteral("Data as of: %1\n")
            .arg(asOf ? FieldParser::formatTimestamp(asOf) : QStringLiteral("(no events)")));
    for (const auto& t : counts)
        out(QStringLiteral("  %1 %2\n").arg(t.table, -18).arg(t.rows, 12));
    out(QStringLiteral("Sync log (newest first):\n"));
    if (log.isEmpty())
        out(QStringLiteral("  (no syncs yet)\n"));
    for (const auto& e : log) {
        out(QStringLiteral("  %1  %2  %3 rows %4 rejected %5 new users %6\n")
                .arg(FieldParser::formatTimestamp(e.finishedMs), e.mode, e.source, e.rowsJson)
                .arg(e.rejected)
                .arg(e.createdUsers));
    }
    return ExitOk;
}

struct Command
{
    const char* name;
    const char* summary;
    std::function<int(const QStringList&)> run;
};

const std::vector<Command>& commands()
{
    static const std::vector<Command> list = {
        {"sync", "Sync an export folder into a cache", syncCommand},
        {"sync-warehouse", "Sync a PostgreSQL / Redshift warehouse into a cache",
         syncWarehouseCommand},
        {"warehouse-test", "Test a warehouse connection and its tables", warehouseTestCommand},
        {"info", "Show rows per table, the as-of time and the sync log", info},
        {"demo", "Write a realistic demo export folder", demoCommand},
        {"workspace", "The team's definitions: export, import, set one, suggest from the data",
         workspaceCommand},
        {"events", "Every event name with its count, users, first and last seen", eventsCommand},
        {"segment", "List the users of a segment", segmentCommand},
        {"onboarding", "Users with onboarding gaps; onboarding rate per account",
         onboardingCommand},
        {"rollup", "Usage per user or account: sessions, KPIs, WAU, MAU", rollupCommand},
        {"trend", "Events or users per day, week or month, grouped", trendCommand},
        {"funnel", "Conversion through a sequence of events", funnelCommand},
        {"retention", "Cohort retention", retentionCommand},
        {"engagement", "Breadth and frequency of every event", engagementCommand},
        {"areas", "Core metrics of the product areas", areasCommand},
        {"today", "What needs a CSM now: worse accounts, renewals, silent, onboarding, WAU drops",
         todayCommand},
        {"scorecard", "Account scorecard: red / yellow / green per column and status",
         scorecardCommand},
        {"health", "Health score per account: inputs, contributions, biggest drag, trend",
         healthCommand},
        {"account", "One account in depth: status, health inputs, users, weekly usage, changes",
         accountCommand},
        {"managers", "Manager scorecard over the team hierarchy", managersCommand},
        {"changes", "Accounts whose status changed since a date", changesCommand},
        {"efficacy", "How well the health score predicted renewals", efficacyCommand},
        {"campaigns", "Campaign operating metrics: week 0, month 1, influence", campaignsCommand},
        {"impact", "Compare interventions: change of the overall rate", impactCommand},
        {"timeline", "One user's sessions and events, for a support ticket", timelineCommand},
    };
    return list;
}

} // namespace

bool openCache(Cache& cache, const QString& path, bool create, QString* error)
{
    if (!create)
        return cache.openForReading(path, error); // a read never writes (docs/reliability.md)
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("%1: cannot create folder").arg(dir);
        return false;
    }
    return cache.open(path, true, error);
}

QString usage()
{
    QString text = QStringLiteral("Usage: pulsebook-cli <command> [options]\n\nCommands:\n");
    for (const auto& c : commands())
        text += QStringLiteral("  %1 %2\n")
                    .arg(QLatin1String(c.name), -10)
                    .arg(QLatin1String(c.summary));
    text += QStringLiteral("\nRun 'pulsebook-cli <command> --help' for its options.\n"
                           "Exit codes: 0 ok, 1 bad input, 2 usage.\n"
                           "Every figure is defined in %1 (Pulsebook's sources and "
                           "documentation).\n")
                .arg(QLatin1String(DefinitionsDoc));
    return text;
}

int run(const QString& command, const QStringList& arguments)
{
    for (const auto& c : commands()) {
        if (command == QLatin1String(c.name))
            return c.run(arguments);
    }
    err(QStringLiteral("pulsebook-cli: unknown command '%1'").arg(command));
    std::fputs(qPrintable(usage()), stderr);
    return ExitUsage;
}

} // namespace pulsebook::cli
