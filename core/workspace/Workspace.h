#pragma once

#include "ScoreDefinitions.h"
#include "sync/ExportMapping.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace pulsebook {

class Cache;
class EventIndex;

// A product area: a set of events, optionally with an activation funnel (SEMANTICS.md).
struct ProductArea
{
    QString name;
    QStringList events;
    QStringList activationFunnel; // empty: no usability figure
};

// A team's definitions (DESIGN.md, "Workspace definitions"): one JSON document, stored in the
// cache, importable and exportable, so a manager can hand the same definitions to the team.
struct Workspace
{
    QString timeZone = QStringLiteral("UTC");
    QStringList kpiEvents;
    QStringList onboardingSteps;
    QList<ProductArea> productAreas;
    // Segment name -> condition tree (the JSON form of core/analysis/Segment.h).
    QJsonObject segments;
    QString campaignKeyEvent;
    int lowWauThreshold = 4;
    ScorecardDefinition scorecard = ScorecardDefinition::defaults();
    HealthScoreDefinition healthScore = HealthScoreDefinition::defaults();
    ManagerScorecardDefinition managerScorecard = ManagerScorecardDefinition::defaults();
    // Which files and columns of the team's exports hold the contract's tables and fields,
    // and how slash dates read ("files", "columns", "date_order").
    ExportMapping exportMapping;

    // The definitions that ship with Pulsebook; they fit the demo data.
    static Workspace defaults();

    // Parses a document. False with *error "$.path: problem" on bad JSON or a bad shape.
    static bool fromJson(const QByteArray& json, Workspace* out, QString* error);
    QByteArray toJson() const;

    // Checks the names against the data: every event is known to `index`, every property is a
    // user or account property, segments parse and have no cycle. False with *error naming the
    // JSON path and the problem.
    bool validate(const EventIndex& index, QString* error) const;

    // The workspace stored in the cache, or the defaults when none was stored.
    static bool load(Cache& cache, Workspace* out, QString* error);
    // Stores it in the cache (its own transaction; the previous one stays on failure).
    bool save(Cache& cache, QString* error) const;
};

} // namespace pulsebook
