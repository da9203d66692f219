// pulsebook-cli workspace (export, import, set, suggest) and events: the team's definitions and
// the event names they may use.
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/EventSummary.h"
#include "analysis/WorkspaceCheck.h"
#include "analysis/WorkspaceImport.h"
#include "export/OutputFile.h"
#include "present/UsageTables.h"
#include "sync/FieldParser.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <cstdio>

namespace pulsebook::cli {

namespace {

void printErr(const QString& text)
{
    std::fprintf(stderr, "pulsebook-cli workspace: %s\n", qPrintable(text));
}

void printProblems(const QString& source, const WorkspaceProblems& problems)
{
    for (const WorkspaceProblem& p : problems)
        printErr(QStringLiteral("%1: %2: %3")
                     .arg(source, p.isError() ? QStringLiteral("error") : QStringLiteral("warning"),
                          p.text()));
}

// Prints what storing definitions did: every problem, and why nothing was stored.
bool reportStore(bool stored, const WorkspaceProblems& problems, const QString& error,
                 const QString& source)
{
    printProblems(source, problems);
    if (WorkspaceCheck::hasErrors(problems))
        printErr(QStringLiteral("The stored workspace is unchanged."));
    else if (!stored)
        printErr(error);
    return stored;
}

// Puts `changes` (top-level keys) over the workspace in effect, checks the result like an
// import and stores it, defining `keys` (the others keep following the fitted defaults).
// Prints every problem; refuses on an error.
bool store(Cache& cache, const EventIndex& index, const Workspace& effective,
           const QJsonObject& changes, const QStringList& keys, const QString& source)
{
    WorkspaceProblems problems;
    QString error;
    const bool stored =
        WorkspaceImport::store(cache, index, effective, changes, keys, &problems, &error);
    return reportStore(stored, problems, error, source);
}

// VALUE of "workspace set KEY VALUE" as JSON, read the way the key's current value is written:
// a list of names as comma-separated text, a number, text, or JSON (objects, lists of
// objects; JSON is accepted for any key).
bool setValue(const QJsonValue& current, const QString& text, QJsonValue* out, QString* error)
{
    const QJsonDocument asJson =
        QJsonDocument::fromJson(QByteArrayLiteral("[") + text.toUtf8() + QByteArrayLiteral("]"));
    const bool isJson = asJson.isArray() && asJson.array().size() == 1;
    const bool looksJson = text.startsWith(QLatin1Char('[')) || text.startsWith(QLatin1Char('{'));
    if (current.isArray() && !looksJson &&
        (current.toArray().isEmpty() || current.toArray().first().isString())) {
        QStringList items;
        for (const QString& item : text.split(QLatin1Char(','))) {
            if (!item.trimmed().isEmpty())
                items.append(item.trimmed());
        }
        *out = QJsonArray::fromStringList(items);
        return true;
    }
    if (current.isDouble()) {
        bool ok = false;
        const double number = text.toDouble(&ok);
        if (!ok) {
            *error = QStringLiteral("expected a number, not \"%1\"").arg(text);
            return false;
        }
        *out = number;
        return true;
    }
    if (current.isString() || current.isBool()) {
        *out = current.isBool() && isJson ? asJson.array().first() : QJsonValue(text);
        return true;
    }
    if (!isJson) {
        *error = current.isUndefined()
                     ? QStringLiteral("\"%1\" is not JSON").arg(text)
                     : QStringLiteral("expected JSON (an object or a list), not \"%1\"").arg(text);
        return false;
    }
    *out = asJson.array().first();
    return true;
}

} // namespace

int workspaceCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The team's definitions (KPI events, onboarding steps, product areas, segments, ...):\n"
        "  export FILE        write them as JSON (\"-\": standard output)\n"
        "  import FILE        read them from JSON; every problem is reported, and any error\n"
        "                     changes nothing (an event the data lacks is only a warning)\n"
        "  set KEY VALUE      change one top-level key: a list as \"A,B,C\", a number, text, or\n"
        "                     JSON; works before the first sync (the cache is created)\n"
        "  suggest [--json]   propose KPI events, onboarding steps and product areas from the "
        "data\n\n"
        "The JSON keys (each optional; a missing key follows the shipped defaults, fitted to the "
        "data):\n"
        "  version             the format version (1)\n"
        "  time_zone           IANA zone of calendar days, weeks, months and typed dates (UTC)\n"
        "  kpi_events          events counted in the usage rollup\n"
        "  onboarding_steps    events every user should have done\n"
        "  product_areas       [{name, events, activation_funnel}]\n"
        "  segments            name -> condition tree (the JSON form of --where)\n"
        "  campaigns           {key_event, low_wau_threshold}\n"
        "  scorecard           {columns: [{metric, direction, green, yellow, key, missing}], "
        "silent_days}\n"
        "  health_score        {groups: [{name, weight, inputs}], bands}\n"
        "  manager_scorecard   {columns, health_above}\n"
        "  today               {renewal_days, onboarding_days, wau_drop, wau_weeks}\n"
        "  files               table -> the file that holds it (see sync --help)\n"
        "  columns             table -> {field: the header of the column that holds it}\n"
        "  date_order          MDY or DMY: how slash dates such as 9/1/2026 read"));
    parser.addOption({QStringList{QStringLiteral("help"), QStringLiteral("h")},
                      QStringLiteral("Show this help.")});
    parser.addOption({QStringList{QStringLiteral("cache"), QStringLiteral("c")},
                      QStringLiteral("The workspace cache file."), QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("json"), QStringLiteral("suggest: print a workspace document to import.")});
    parser.addPositionalArgument(QStringLiteral("export|import|set|suggest"),
                                 QStringLiteral("What to do."));
    parser.addPositionalArgument(QStringLiteral("ARGS"), QStringLiteral("FILE, or KEY VALUE."));
    QStringList args = arguments;
    args[0] = QStringLiteral("pulsebook-cli workspace");
    auto usage = [](const QString& message) {
        std::fprintf(stderr, "pulsebook-cli workspace: %s\nTry 'pulsebook-cli workspace --help'.\n",
                     qPrintable(message));
        return int(ExitUsage);
    };
    if (!parser.parse(args))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(commandHelp(parser, QStringLiteral("workspace")).toUtf8().constData(), stdout);
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const qsizetype wanted = action == QLatin1String("export") || action == QLatin1String("import")
                                 ? 2
                             : action == QLatin1String("set")     ? 3
                             : action == QLatin1String("suggest") ? 1
                                                                  : -1;
    if (wanted < 0 || positional.size() != wanted)
        return usage(QStringLiteral("give export FILE, import FILE, set KEY VALUE or suggest"));
    if (!parser.isSet(QStringLiteral("cache")))
        return usage(QStringLiteral("--cache FILE is required"));
    auto fail = [](const QString& message) {
        printErr(message);
        return int(ExitBadInput);
    };
    // Settings may come before the data: import and set create the cache.
    const bool writes = action == QLatin1String("import") || action == QLatin1String("set");
    const QString cachePath = parser.value(QStringLiteral("cache"));
    Cache cache;
    QString error;
    if (!openCache(cache, cachePath, writes, &error))
        return fail(error);
    const auto index = EventIndex::load(cache, nullptr, &error);
    if (!index)
        return fail(error);
    Workspace workspace;
    QStringList storedKeys;
    if (!WorkspaceCheck::load(cache, *index, &workspace, &error, &storedKeys))
        return fail(error);

    if (action == QLatin1String("export")) {
        const QByteArray json = workspace.toJson();
        if (positional[1] == QLatin1String("-")) {
            std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
            return ExitOk;
        }
        if (!OutputFile::writeAll(positional[1], json, &error))
            return fail(error);
        std::printf("Wrote the workspace definitions to %s\n", qPrintable(positional[1]));
        return ExitOk;
    }
    if (action == QLatin1String("import")) {
        QFile file(positional[1]);
        if (!file.open(QIODevice::ReadOnly))
            return fail(
                QStringLiteral("%1: cannot read: %2").arg(positional[1], file.errorString()));
        // A file may define some keys only: the others keep following the fitted defaults.
        WorkspaceProblems problems;
        const bool stored = WorkspaceImport::importDocument(cache, *index, workspace,
                                                            file.readAll(), &problems, &error);
        if (!reportStore(stored, problems, error, positional[1]))
            return ExitBadInput;
        std::printf("Imported the workspace definitions from %s\n", qPrintable(positional[1]));
        return ExitOk;
    }
    if (action == QLatin1String("set")) {
        // Over the JSON document, so that every key Workspace::fromJson reads can be set.
        const QString key = positional[1];
        QJsonObject document = QJsonDocument::fromJson(workspace.toJson()).object();
        // The export mapping's keys are written only when set: their empty forms.
        const QJsonObject unsetKeys{{QStringLiteral("date_order"), QString()},
                                    {QStringLiteral("files"), QJsonObject()},
                                    {QStringLiteral("columns"), QJsonObject()}};
        for (auto it = unsetKeys.begin(); it != unsetKeys.end(); ++it) {
            if (!document.contains(it.key()))
                document.insert(it.key(), it.value());
        }
        if (!document.contains(key))
            return fail(QStringLiteral("no key \"%1\" in the workspace (its keys: %2)")
                            .arg(key, document.keys().join(QStringLiteral(", "))));
        QJsonValue value;
        if (!setValue(document.value(key), positional[2], &value, &error))
            return fail(QStringLiteral("%1: %2").arg(key, error));
        QJsonObject change;
        change.insert(key, value);
        if (!store(cache, *index, workspace, change, storedKeys + QStringList{key}, key))
            return ExitBadInput;
        std::printf("Set %s in %s\n", qPrintable(key), qPrintable(cachePath));
        return ExitOk;
    }

    AnalysisContext context;
    context.index = index;
    context.workspace = &workspace;
    context.asOfMs = index->defaultAsOfMs();
    const WorkspaceSuggestion suggestion = suggestWorkspace(context);
    if (parser.isSet(QStringLiteral("json"))) {
        // The workspace in effect with the proposals in place: `workspace import` takes it.
        const QJsonObject document = WorkspaceImport::withChanges(workspace, suggestion.toJson());
        std::fputs(QJsonDocument(document).toJson(QJsonDocument::Indented).constData(), stdout);
        return ExitOk;
    }
    auto quoted = [](const QStringList& names) {
        return QLatin1Char('"') + names.join(QLatin1Char(',')) + QLatin1Char('"');
    };
    std::printf("KPI events (the events most users do):\n  pulsebook-cli workspace set kpi_events "
                "%s\n",
                qPrintable(quoted(suggestion.kpiEvents)));
    std::printf("Onboarding steps (named like onboarding or setup, else what most new users do "
                "in their first 7 days):\n  pulsebook-cli workspace set onboarding_steps %s\n",
                qPrintable(quoted(suggestion.onboardingSteps)));
    std::printf("Product areas (event names sharing a prefix):\n");
    for (const ProductArea& area : suggestion.productAreas)
        std::printf("  %s: %s\n", qPrintable(area.name),
                    qPrintable(area.events.join(QStringLiteral(", "))));
    if (suggestion.productAreas.isEmpty())
        std::printf("  (none: no event names share a prefix such as \"Reports: \")\n");
    std::printf("All of them: pulsebook-cli workspace suggest --json --cache FILE > w.json, then "
                "pulsebook-cli workspace import w.json --cache FILE\n");
    return ExitOk;
}

int eventsCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("events"),
                            QStringLiteral("Every event name of the data with its count, users, "
                                           "first and last seen (before as-of), most frequent "
                                           "first: the names definitions may use."));
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    if (const int rc = command.open(); rc >= 0)
        return rc;
    const AnalysisContext& context = command.context();
    return command.output(eventsTable(context, summarizeEvents(context)));
}

} // namespace pulsebook::cli
