#include "DefinitionsData.h"

#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/WorkspaceImport.h"
#include "cache/Cache.h"

#include <QJsonDocument>

#include <functional>

namespace pulsebook {

bool definitionsNeverSet(const QStringList& storedKeys)
{
    for (const char* key : {"kpi_events", "onboarding_steps", "product_areas"}) {
        if (storedKeys.contains(QLatin1String(key)))
            return false;
    }
    return true;
}

bool DefinitionsData::needsSetup() const
{
    return error.isEmpty() && !events.empty() && definitionsNeverSet(storedKeys);
}

DefinitionsData DefinitionsData::read(const QString& path, std::shared_ptr<const EventIndex> index)
{
    DefinitionsData d;
    d.path = path;
    Cache cache;
    if (!cache.openForReading(path, &d.error))
        return d;
    d.index = index ? std::move(index) : EventIndex::load(cache, nullptr, &d.error);
    if (!d.index)
        return d;
    if (!WorkspaceCheck::load(cache, *d.index, &d.workspace, &d.error, &d.storedKeys))
        return d;
    d.problems = WorkspaceCheck::check(d.workspace, *d.index);
    // As `pulsebook-cli events` and `workspace suggest` set up their contexts.
    AnalysisContext context;
    context.index = d.index;
    context.workspace = &d.workspace;
    context.calendar = Calendar(d.workspace.timeZone);
    context.asOfMs = context.calendar.defaultAsOf(cache);
    d.events = summarizeEvents(context);
    context.asOfMs = d.index->defaultAsOfMs();
    d.suggestion = suggestWorkspace(context);
    return d;
}

WorkspaceProblems productAreaProblems(const DefinitionsData& data, const QList<ProductArea>& areas)
{
    const QString key = QStringLiteral("product_areas");
    Workspace edited;
    edited.productAreas = areas;
    QJsonObject document;
    document.insert(key, QJsonDocument::fromJson(edited.toJson()).object().value(key));
    const QByteArray json = QJsonDocument(document).toJson(QJsonDocument::Compact);
    Workspace parsed;
    WorkspaceProblems problems;
    if (data.index) {
        problems = WorkspaceImport::documentProblems(json, *data.index, &parsed);
    } else {
        QStringList shape;
        Workspace::parse(json, &parsed, &shape);
        for (const QString& text : std::as_const(shape))
            problems.append(WorkspaceImport::shapeProblem(text));
    }
    // The other keys are the defaults the document leaves out: not what is edited here.
    problems.removeIf([](const WorkspaceProblem& p) {
        return !p.path.startsWith(QLatin1String("$.product_areas"));
    });
    return problems;
}

namespace {

using Change = std::function<bool(Cache&, const EventIndex&, const Workspace&, const QStringList&,
                                  WorkspaceProblems*, QString*)>;

DefinitionsStored change(const DefinitionsData& data, const Change& apply)
{
    DefinitionsStored result;
    Cache cache;
    if (!cache.open(data.path, false, &result.error))
        return result;
    // The index read with the data (a sync landing since reads it again: dataChanged).
    std::shared_ptr<const EventIndex> index = data.index;
    if (!index && !(index = EventIndex::load(cache, nullptr, &result.error)))
        return result;
    Workspace effective;
    QStringList keys;
    if (!WorkspaceCheck::load(cache, *index, &effective, &result.error, &keys))
        return result;
    result.stored = apply(cache, *index, effective, keys, &result.problems, &result.error);
    return result;
}

} // namespace

DefinitionsStored storeDefinitions(const DefinitionsData& data, const QJsonObject& changes)
{
    return change(data, [&](Cache& cache, const EventIndex& index, const Workspace& effective,
                            const QStringList& keys, WorkspaceProblems* problems, QString* error) {
        QStringList all = keys;
        for (const QString& key : changes.keys()) {
            if (!all.contains(key))
                all.append(key);
        }
        return WorkspaceImport::store(cache, index, effective, changes, all, problems, error);
    });
}

DefinitionsStored importDefinitions(const DefinitionsData& data, const QByteArray& json)
{
    return change(data, [&](Cache& cache, const EventIndex& index, const Workspace& effective,
                            const QStringList&, WorkspaceProblems* problems, QString* error) {
        return WorkspaceImport::importDocument(cache, index, effective, json, problems, error);
    });
}

} // namespace pulsebook
