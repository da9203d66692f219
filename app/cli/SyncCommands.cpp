// The commands that write: sync (an export folder), sync-warehouse and warehouse-test (a
// PostgreSQL / Redshift warehouse), demo (a demo export folder).
#include "CliCommands.h"

#include "AnalysisCli.h"
#include "PlainCommand.h"
#include "SyncPlanText.h"
#include "TerminalProgress.h"
#include "cache/Cache.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"
#include "sync/FieldParser.h"
#include "sync/WarehouseSync.h"
#include "workspace/Workspace.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <initializer_list>

namespace pulsebook::cli {

namespace {

// PULSEBOOK_SYNC_MEMORY_ROWS (a whole number > 0) overrides SyncOptions::memoryRows: how many
// events a sync holds in memory before it spills them to a temporary file. For tests, and for
// machines short of memory.
void applyMemoryRows(SyncOptions* options)
{
    bool ok = false;
    const qint64 rows = qEnvironmentVariable("PULSEBOOK_SYNC_MEMORY_ROWS").toLongLong(&ok);
    if (ok && rows > 0)
        options->memoryRows = rows;
}
} // namespace

int demoCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption outDir(QStringLiteral("out"),
                                    QStringLiteral("Folder to write the export files to."),
                                    QStringLiteral("DIR"));
    const QCommandLineOption users(QStringLiteral("users"),
                                   QStringLiteral("Number of users (default 5000)."),
                                   QStringLiteral("N"), QStringLiteral("5000"));
    const QCommandLineOption events(QStringLiteral("events"),
                                    QStringLiteral("Number of events (default 500000)."),
                                    QStringLiteral("M"), QStringLiteral("500000"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Random seed: the same seed writes the same "
                                                 "bytes (default 42)."),
                                  QStringLiteral("S"), QStringLiteral("42"));
    parser.addOptions({outDir, users, events, seed});
    if (const int rc = parse(parser, arguments,
                             QStringLiteral("Write a realistic, deterministic demo export "
                                            "folder (accounts, team, users, sessions, events, "
                                            "campaign touches, identity merges)."));
        rc >= 0)
        return rc;
    if (!parser.isSet(outDir))
        return usageError(arguments.at(0), QStringLiteral("--out DIR is required"));
    DemoOptions options;
    const bool ok1 = typedCount(parser.value(users), &options.users, nullptr);
    const bool ok2 = typedCount(parser.value(events), &options.events, nullptr);
    bool ok3 = false;
    options.seed = parser.value(seed).toULongLong(&ok3); // any 64-bit value, not an amount
    if (!ok1 || options.users < 1 || options.users > 100000000)
        return usageError(arguments.at(0), QStringLiteral("--users must be a whole number "
                                                          "from 1 to 100000000"));
    if (!ok2 || options.events < 0 || options.events > 4000000000LL)
        return usageError(arguments.at(0), QStringLiteral("--events must be a whole number "
                                                          "from 0 to 4000000000"));
    if (!ok3)
        return usageError(arguments.at(0), QStringLiteral("--seed must be a whole number"));
    TerminalProgress progress;
    progress.cancelOnInterrupt();
    DemoSummary summary;
    QString error;
    const Status status = generateDemo(parser.value(outDir), options, &progress, &summary, &error);
    if (!status) {
        err(status.isCancelled()
                ? QStringLiteral("pulsebook-cli demo: cancelled; the folder's files are unchanged")
                : QStringLiteral("pulsebook-cli demo: %1").arg(status.error()));
        return ExitBadInput;
    }
    out(QStringLiteral("Wrote %1: %2 accounts, %3 team members, %4 users, %5 sessions, "
                       "%6 events, %7 campaign touches, %8 identity merges\n")
            .arg(parser.value(outDir))
            .arg(summary.accounts)
            .arg(summary.teamMembers)
            .arg(summary.users)
            .arg(summary.sessions)
            .arg(summary.events)
            .arg(summary.campaignTouches)
            .arg(summary.migrations));
    return ExitOk;
}

namespace {

// The rows per table of a sync, what it created and rejected. Returns the exit code: 1 when
// the rejects file could not be put in place (the sync itself landed).
int printSyncSummary(const QString& command, const SyncSummary& summary)
{
    out(QStringLiteral("%1 %2 %3 %4\n")
            .arg(QStringLiteral("table"), -18)
            .arg(QStringLiteral("rows"), 12)
            .arg(QStringLiteral("landed"), 12)
            .arg(QStringLiteral("rejected"), 10));
    for (const auto& t : summary.tables) {
        out(QStringLiteral("%1 %2 %3 %4\n")
                .arg(t.table, -18)
                .arg(t.rows, 12)
                .arg(t.landed, 12)
                .arg(t.rejected, 10));
    }
    for (const auto& t : summary.tables) {
        if (t.footerLines > 0)
            out(QStringLiteral("%1: skipped a report footer (%2 lines from line %3)\n")
                    .arg(QFileInfo(t.file).fileName())
                    .arg(t.footerLines)
                    .arg(t.footerLine));
    }
    out(QStringLiteral("Users first seen outside users.csv: %1\n").arg(summary.createdUsers));
    out(QStringLiteral("Events in the cache: %1%2\n")
            .arg(summary.eventsInCache)
            .arg(summary.eventsRewritten ? QString() : QStringLiteral(" (unchanged)")));
    if (summary.rejected > 0 && !summary.rejectsError.isEmpty()) {
        err(QStringLiteral("pulsebook-cli %1: the sync landed, but its %2 rejected rows could "
                           "not be listed: %3")
                .arg(command)
                .arg(summary.rejected)
                .arg(summary.rejectsError));
        return ExitBadInput;
    }
    if (summary.rejected > 0)
        out(QStringLiteral("Rejected rows: %1, listed in %2\n")
                .arg(summary.rejected)
                .arg(summary.rejectsPath));
    return ExitOk;
}

} // namespace

int syncCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption cache = cacheOption();
    const QCommandLineOption skip(QStringLiteral("skip-bad-rows"),
                                  QStringLiteral("Land the good rows and write the bad ones, "
                                                 "with their reason, to a rejects file."));
    const QCommandLineOption rejects(QStringLiteral("rejects"),
                                     QStringLiteral("Rejects file (default: <cache>.rejects.csv)."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption map(QStringLiteral("map"),
                                 QStringLiteral("For this sync, the file that holds a table "
                                                "(accounts=report1733312345678.csv) or the column "
                                                "that holds a field (accounts.csm=\"Account "
                                                "Owner\"), or no column for an optional field "
                                                "(accounts.csm=); repeatable."),
                                 QStringLiteral("MAPPING"));
    const QCommandLineOption dateOrder(QStringLiteral("date-order"),
                                       QStringLiteral("How slash dates read for this sync: MDY "
                                                      "(9/1/2026 is September 1) or DMY."),
                                       QStringLiteral("ORDER"));
    const QCommandLineOption saveMap(QStringLiteral("save-map"),
                                     QStringLiteral("After a good sync, store --map and "
                                                    "--date-order in the workspace."));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"),
                                    QStringLiteral("Print the plan (which column fills which "
                                                   "field, what becomes a property, which files "
                                                   "are ignored) and change nothing."));
    parser.addOptions({cache, skip, rejects, map, dateOrder, saveMap, dryRun});
    parser.addPositionalArgument(QStringLiteral("DIR"),
                                 QStringLiteral("The export folder (events.csv, users.csv, ...)."));
    if (const int rc = parse(parser, arguments,
                             QStringLiteral("Sync an export folder into the cache, in one "
                                            "transaction: it lands whole or not at all.\n\n") +
                                 exportFormatHelp());
        rc >= 0)
        return rc;
    if (parser.positionalArguments().size() != 1)
        return usageError(arguments.at(0), QStringLiteral("give exactly one export folder"));
    if (parser.isSet(rejects) && !parser.isSet(skip))
        return usageError(arguments.at(0), QStringLiteral("--rejects needs --skip-bad-rows"));
    if (parser.isSet(saveMap) && parser.isSet(dryRun))
        return usageError(arguments.at(0), QStringLiteral("--save-map saves after a sync; "
                                                          "--dry-run does not sync"));
    ExportMapping given;
    QString error;
    for (const QString& assignment : parser.values(map)) {
        if (!given.set(assignment, &error))
            return usageError(arguments.at(0), QStringLiteral("--map %1").arg(error));
    }
    if (parser.isSet(dateOrder) &&
        (!FieldParser::parseDateOrder(parser.value(dateOrder), &given.dateOrder) ||
         given.dateOrder == FieldParser::DateOrder::Unset))
        return usageError(arguments.at(0), QStringLiteral("--date-order must be MDY or DMY"));
    const QString path = parser.isSet(cache) ? parser.value(cache) : defaultCachePath();
    const QString folder = parser.positionalArguments().at(0);
    Cache c;
    // A dry run reads the stored mapping when there is a cache, and never creates one.
    ExportMapping mapping;
    if (!parser.isSet(dryRun) || QFileInfo::exists(path)) {
        if (!openCache(c, path, !parser.isSet(dryRun), &error) ||
            !ExportMapping::load(c, &mapping, &error)) {
            err(QStringLiteral("pulsebook-cli sync: %1").arg(error));
            return ExitBadInput;
        }
    }
    mapping.mergeFrom(given);
    if (parser.isSet(dryRun)) {
        SyncPlan plan;
        if (!planExportFolder(folder, mapping, &plan, &error)) {
            err(error);
            return ExitBadInput;
        }
        out(syncPlanText(plan));
        const QString problem = plan.blockingProblem();
        if (!problem.isEmpty()) {
            err(QStringLiteral("%1\nA sync would stop here.").arg(problem));
            return ExitBadInput;
        }
        out(QStringLiteral("Dry run: nothing was changed.\n"));
        return ExitOk;
    }
    SyncOptions options;
    options.skipBadRows = parser.isSet(skip);
    options.rejectsPath = parser.value(rejects);
    options.mapping = mapping;
    applyMemoryRows(&options);
    TerminalProgress progress;
    progress.cancelOnInterrupt();
    SyncSummary summary;
    if (const Status status = syncExportFolder(c, folder, options, &progress, &summary, nullptr);
        !status) {
        c.discardIfNew();
        if (!summary.plan.tables.isEmpty())
            out(syncPlanText(summary.plan));
        err(status.isCancelled()
                ? QStringLiteral("pulsebook-cli sync: cancelled; the cache is unchanged")
                : QStringLiteral("%1\nThe cache is unchanged.").arg(status.error()));
        return ExitBadInput;
    }
    if (parser.isSet(saveMap) && !Workspace::saveExportMapping(c, mapping, &error)) {
        err(QStringLiteral("pulsebook-cli sync: the sync landed, but the mapping was not saved: %1")
                .arg(error));
        return ExitBadInput;
    }
    out(syncPlanText(summary.plan));
    out(QStringLiteral("Synced %1 into %2 in %3 s\n")
            .arg(folder, path)
            .arg(double(summary.elapsedMs) / 1000.0, 0, 'f', 1));
    const int status = printSyncSummary(arguments.at(0), summary);
    if (parser.isSet(saveMap))
        out(QStringLiteral("Mapping saved in the workspace.\n"));
    return status;
}

namespace {

// The connection options both warehouse commands take.
struct WarehouseOptions
{
    QCommandLineOption host{QStringLiteral("host"), QStringLiteral("Server (default 127.0.0.1)."),
                            QStringLiteral("HOST"), QStringLiteral("127.0.0.1")};
    QCommandLineOption port{QStringLiteral("port"), QStringLiteral("Port (default 5432)."),
                            QStringLiteral("PORT"), QStringLiteral("5432")};
    QCommandLineOption database{QStringLiteral("database"), QStringLiteral("Database."),
                                QStringLiteral("NAME")};
    QCommandLineOption user{QStringLiteral("user"), QStringLiteral("User."),
                            QStringLiteral("USER")};
    QCommandLineOption schema{QStringLiteral("schema"),
                              QStringLiteral("Schema of the tables (default public)."),
                              QStringLiteral("SCHEMA"), QStringLiteral("public")};
    QCommandLineOption sslMode{QStringLiteral("sslmode"),
                               QStringLiteral("TLS: disable, allow, prefer (default), require, "
                                              "verify-ca or verify-full."),
                               QStringLiteral("MODE"), QStringLiteral("prefer")};
    QCommandLineOption table{QStringLiteral("table"),
                             QStringLiteral("A table under another name, repeatable: "
                                            "events=my_events (team, accounts, users, sessions, "
                                            "events, campaign_touches, user_migrations)."),
                             QStringLiteral("KIND=NAME")};

    void add(QCommandLineParser& parser) const
    {
        parser.addOptions({host, port, database, user, schema, sslMode, table});
    }

    // The source from the options; -1 to go on, else the exit code (usage error printed).
    int read(const QCommandLineParser& parser, const QString& command,
             WarehouseSource* source) const
    {
        for (const auto* required : {&database, &user}) {
            if (!parser.isSet(*required))
                return usageError(
                    command,
                    QStringLiteral("--%1 is required").arg(required->names().constFirst()));
        }
        source->host = parser.value(host);
        const bool ok = typedCount(parser.value(port), &source->port, nullptr);
        if (!ok || source->port <= 0 || source->port > 65535)
            return usageError(command, QStringLiteral("--port must be a port number"));
        source->database = parser.value(database);
        source->user = parser.value(user);
        source->schema = parser.value(schema);
        source->sslMode = parser.value(sslMode);
        static const QStringList modes = {
            QStringLiteral("disable"), QStringLiteral("allow"),     QStringLiteral("prefer"),
            QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
        if (!modes.contains(source->sslMode))
            return usageError(command, QStringLiteral("--sslmode must be one of %1")
                                           .arg(modes.join(QStringLiteral(", "))));
        for (const QString& spec : parser.values(table)) {
            const QString kind = spec.section(QLatin1Char('='), 0, 0).trimmed().toLower();
            const QString name = spec.section(QLatin1Char('='), 1).trimmed();
            bool known = false;
            for (const auto& f : ExportFormat::files()) {
                if (kind == QLatin1String(f.tableName)) {
                    source->tables.append({f.table, name});
                    known = true;
                }
            }
            if (!known || name.isEmpty())
                return usageError(command,
                                  QStringLiteral("--table \"%1\": expected KIND=NAME with KIND "
                                                 "one of team, accounts, users, sessions, events, "
                                                 "campaign_touches, user_migrations")
                                      .arg(spec));
        }
        // The password never comes from the command line: libpq reads PGPASSWORD or
        // PGPASSFILE (~/.pgpass); the desktop app reads the OS keychain.
        return -1;
    }
};

// The position of `value` among `names`, or -1.
int choiceIndex(const QString& value, std::initializer_list<const char*> names)
{
    int i = 0;
    for (const char* name : names) {
        if (value == QLatin1String(name))
            return i;
        ++i;
    }
    return -1;
}

} // namespace

int warehouseTestCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    const WarehouseOptions options;
    options.add(parser);
    if (const int rc = parse(parser, arguments,
                             QStringLiteral("Test a warehouse connection: the server, the login, "
                                            "and every table and column the sync reads. The "
                                            "password comes from PGPASSWORD or PGPASSFILE."));
        rc >= 0)
        return rc;
    WarehouseSource source;
    if (const int rc = options.read(parser, arguments.at(0), &source); rc >= 0)
        return rc;
    WarehouseTest test;
    if (!testWarehouse(source, &test)) {
        err(QStringLiteral("pulsebook-cli warehouse-test: %1").arg(test.message));
        return ExitBadInput;
    }
    out(QStringLiteral("Connected to %1 (server %2)\n")
            .arg(source.displayName(), test.serverVersion));
    for (const auto& [name, rows] : test.tables)
        out(QStringLiteral("%1 %2\n").arg(name, -36).arg(rows < 0 ? QStringLiteral("?")
                                                                  : QString::number(rows)));
    out(QStringLiteral("Ready to sync.\n"));
    return ExitOk;
}

int syncWarehouseCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    const WarehouseOptions connection;
    connection.add(parser);
    const QCommandLineOption cache = cacheOption();
    const QCommandLineOption scope(QStringLiteral("scope"),
                                   QStringLiteral("Only the accounts of this person of the team "
                                                  "table and everyone below them, repeatable."),
                                   QStringLiteral("PERSON"));
    const QCommandLineOption incremental(
        QStringLiteral("incremental"),
        QStringLiteral("Only events and sessions since the latest synced event, minus --overlap."));
    const QCommandLineOption overlap(QStringLiteral("overlap"),
                                     QStringLiteral("How far back an incremental sync looks "
                                                    "again for late rows (default 3d)."),
                                     QStringLiteral("DURATION"), QStringLiteral("3d"));
    const QCommandLineOption rollup(
        QStringLiteral("rollup"),
        QStringLiteral("Compute every user's usage rollup in the warehouse: auto (default: on "
                       "every sync but a full unscoped one, which holds every event), always or "
                       "never."),
        QStringLiteral("WHEN"), QStringLiteral("auto"));
    const QCommandLineOption noRollup(QStringLiteral("no-rollup"),
                                      QStringLiteral("The same as --rollup never."));
    const QCommandLineOption transfer(
        QStringLiteral("transfer"),
        QStringLiteral("How rows travel: auto (default: copy, except on Redshift), copy (COPY "
                       "TO STDOUT) or cursor (a server-side cursor)."),
        QStringLiteral("HOW"), QStringLiteral("auto"));
    const QCommandLineOption skip(QStringLiteral("skip-bad-rows"),
                                  QStringLiteral("Land the good rows and write the bad ones, "
                                                 "with their reason, to a rejects file."));
    parser.addOptions({cache, scope, incremental, overlap, rollup, noRollup, transfer, skip});
    if (const int rc = parse(parser, arguments,
                             QStringLiteral("Sync a PostgreSQL or Redshift warehouse (Heap "
                                            "Connect layout) into the cache, in one "
                                            "transaction. The password comes from PGPASSWORD "
                                            "or PGPASSFILE."));
        rc >= 0)
        return rc;
    WarehouseSource source;
    if (const int rc = connection.read(parser, arguments.at(0), &source); rc >= 0)
        return rc;
    WarehouseSyncOptions options;
    options.incremental = parser.isSet(incremental);
    options.scope = parser.values(scope);
    // The enums list their values in the options' order.
    const int when =
        choiceIndex(parser.isSet(noRollup) ? QStringLiteral("never") : parser.value(rollup),
                    {"auto", "always", "never"});
    if (when < 0)
        return usageError(arguments.at(0),
                          QStringLiteral("--rollup must be auto, always or never"));
    options.rollup = WarehouseSyncOptions::Rollup(when);
    const int how = choiceIndex(parser.value(transfer), {"auto", "copy", "cursor"});
    if (how < 0)
        return usageError(arguments.at(0),
                          QStringLiteral("--transfer must be auto, copy or cursor"));
    options.transfer = WarehouseSyncOptions::Transfer(how);
    options.rows.skipBadRows = parser.isSet(skip);
    applyMemoryRows(&options.rows);
    if (!cli::AnalysisCommand::durationValue(parser.value(overlap), &options.overlapMs))
        return usageError(arguments.at(0),
                          QStringLiteral("--overlap must be a duration such as 3d or 12h"));
    const QString path = parser.isSet(cache) ? parser.value(cache) : defaultCachePath();
    Cache c;
    QString error;
    if (!openCache(c, path, true, &error)) {
        err(QStringLiteral("pulsebook-cli sync-warehouse: %1").arg(error));
        return ExitBadInput;
    }
    Workspace workspace;
    if (!Workspace::load(c, &workspace, &error)) {
        err(QStringLiteral("pulsebook-cli sync-warehouse: %1").arg(error));
        return ExitBadInput;
    }
    options.kpiEvents = workspace.kpiEvents;
    options.timeZone = workspace.timeZone;
    TerminalProgress progress;
    progress.cancelOnInterrupt();
    WarehouseSyncSummary summary;
    if (const Status status = syncWarehouse(c, source, options, &progress, &summary, nullptr);
        !status) {
        c.discardIfNew();
        err(status.isCancelled()
                ? QStringLiteral("pulsebook-cli sync-warehouse: cancelled; the cache is unchanged")
                : QStringLiteral("pulsebook-cli sync-warehouse: %1\nThe cache is unchanged.")
                      .arg(status.error()));
        return ExitBadInput;
    }
    out(QStringLiteral("Synced %1 (schema %2) into %3: %4 rows read through %5 in %6 s "
                       "(%7 s of it waiting for the warehouse)\n")
            .arg(source.displayName(), source.schema, path)
            .arg(summary.rowsFetched)
            .arg(summary.copied ? QStringLiteral("COPY") : QStringLiteral("a cursor"))
            .arg(double(summary.elapsedMs) / 1000.0, 0, 'f', 1)
            .arg(double(summary.fetchMs) / 1000.0, 0, 'f', 1));
    if (summary.sinceMs >= 0)
        out(QStringLiteral("Incremental: events and sessions since %1\n")
                .arg(FieldParser::formatTimestamp(summary.sinceMs)));
    if (summary.scopedAccounts >= 0)
        out(QStringLiteral("Scoped: %1 accounts of %2\n")
                .arg(summary.scopedAccounts)
                .arg(options.scope.join(QStringLiteral(", "))));
    if (summary.rollupUsers >= 0)
        out(QStringLiteral("Usage rollup computed in the warehouse for %1 users\n")
                .arg(summary.rollupUsers));
    return printSyncSummary(arguments.at(0), summary.sync);
}

} // namespace pulsebook::cli
