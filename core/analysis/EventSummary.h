#pragma once

#include "workspace/Workspace.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace pulsebook {

struct AnalysisContext;

// An event name of the data: how many events, by how many users, first and last seen (before
// as_of, users in the segment filter).
struct EventSummary
{
    QString name;
    qint64 events = 0;
    qint64 users = 0;
    qint64 firstMs = -1; // -1: none
    qint64 lastMs = -1;
};

// Every event name of the index, by events (most first), then name.
std::vector<EventSummary> summarizeEvents(const AnalysisContext& context);

// Definitions proposed from the data (`pulsebook-cli workspace suggest`; the rules are in the
// README's user guide). A workspace fragment: its JSON imports.
struct WorkspaceSuggestion
{
    QStringList kpiEvents;
    QStringList onboardingSteps;
    QList<ProductArea> productAreas;

    QJsonObject toJson() const;
};

WorkspaceSuggestion suggestWorkspace(const AnalysisContext& context);

} // namespace pulsebook
