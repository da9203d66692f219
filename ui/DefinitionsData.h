#pragma once

#include "analysis/EventSummary.h"
#include "analysis/WorkspaceCheck.h"
#include "workspace/Workspace.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace pulsebook {

class EventIndex;

// What the Definitions view edits, read on a worker thread with its own connection: the
// definitions in effect (WorkspaceCheck::load), the keys the stored document defines, the
// event names of the data (what `pulsebook-cli events` lists) and the proposals of
// `pulsebook-cli workspace suggest`.
struct DefinitionsData
{
    QString path;
    QString error;
    Workspace workspace; // in effect: the stored keys, the fitted defaults for the others
    QStringList storedKeys;
    std::vector<EventSummary> events; // most events first
    WorkspaceSuggestion suggestion;
    WorkspaceProblems problems;              // of the definitions in effect against the data
    std::shared_ptr<const EventIndex> index; // immutable: saving checks against it

    // The data has events but the team never stored KPI events, onboarding steps or product
    // areas: the view opens in its set-up mode.
    bool needsSetup() const;

    // Reads the workspace at `path`; `index`, when given, is its event index as already read
    // (the window's Snapshot), so the read does not load it again.
    static DefinitionsData read(const QString& path,
                                std::shared_ptr<const EventIndex> index = nullptr);
};

// The outcome of storing definitions (a save or an import): every problem, warnings too;
// nothing was stored when one is an error or `error` is set.
struct DefinitionsStored
{
    bool stored = false;
    QString error;
    WorkspaceProblems problems;
};

// Puts `changes` (top-level keys) over the definitions in effect in the cache at `data.path` (as
// stored now), checks them as `workspace import` does against `data.index` and stores the keys
// the cache already defines plus the changed ones (Workspace::save writes only those, in one
// transaction). Runs on a worker thread.
DefinitionsStored storeDefinitions(const DefinitionsData& data, const QJsonObject& changes);
// `workspace import FILE`'s bytes: the same checks, every problem at once.
DefinitionsStored importDefinitions(const DefinitionsData& data, const QByteArray& json);

// The problems `workspace import` finds in `areas` as the document's product_areas (their paths
// "$.product_areas[i]..." number them in the order given): its shape, then its names against
// the data read (none while it has no index). On the GUI thread: a few name look-ups.
WorkspaceProblems productAreaProblems(const DefinitionsData& data, const QList<ProductArea>& areas);

// Whether the stored keys define none of the set-up's definitions.
bool definitionsNeverSet(const QStringList& storedKeys);

} // namespace pulsebook
