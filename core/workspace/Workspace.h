#pragma once

#include "ScoreDefinitions.h"
#include "SegmentDefinition.h"
#include "TodayDefinition.h"
#include "sync/ExportMapping.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace pulsebook {

class Cache;

// A product area: a set of events, optionally with an activation funnel (docs/definitions.md).
struct ProductArea
{
    QString name;
    QStringList events;
    QStringList activationFunnel; // empty: no usability figure
};

// A team's definitions (README.md, "The workspace definitions"): one JSON document, stored in the
// cache, importable and exportable, so a manager can hand the same definitions to the team.
struct Workspace
{
    QString timeZone = QStringLiteral("UTC");
    QStringList kpiEvents;
    QStringList onboardingSteps;
    QList<ProductArea> productAreas;
    // Segment name -> condition tree, its shape checked (workspace/SegmentDefinition.h).
    NamedSegments segments;
    QString campaignKeyEvent;
    int lowWauThreshold = 4;
    ScorecardDefinition scorecard = ScorecardDefinition::defaults();
    HealthScoreDefinition healthScore = HealthScoreDefinition::defaults();
    ManagerScorecardDefinition managerScorecard = ManagerScorecardDefinition::defaults();
    // The thresholds of the Today view and `pulsebook-cli today`.
    TodayDefinition today;
    // Which files and columns of the team's exports hold the contract's tables and fields,
    // and how slash dates read ("files", "columns", "date_order").
    ExportMapping exportMapping;

    // The definitions that ship with Pulsebook; they fit the demo data (on other data, the
    // analysis fits them: WorkspaceCheck::fittedDefaults).
    static Workspace defaults();

    // Parses a document. False with *error "$.path: problem" on bad JSON or a bad shape (the
    // first problem); *out is unchanged then.
    static bool fromJson(const QByteArray& json, Workspace* out, QString* error);
    // The same, adding every problem to *problems in document order (each list item's,
    // segment's, scorecard column's... first). *out always holds the keys without a problem,
    // the others at their empty values (Workspace()).
    static bool parse(const QByteArray& json, Workspace* out, QStringList* problems);
    QByteArray toJson() const;

    // The workspace stored in the cache, the defaults for the keys it does not define (all when
    // none was stored). *keys: the top-level keys the stored document defines.
    static bool load(Cache& cache, Workspace* out, QString* error, QStringList* keys = nullptr);
    // Stores it in the cache (its own transaction; the previous one stays on failure): the
    // top-level `keys` only (all when empty), so that the others keep following the defaults.
    bool save(Cache& cache, QString* error, const QStringList& keys = {}) const;
    // Stores `mapping` as the workspace's `files`, `columns` and `date_order` (`sync --save-map`,
    // the import view after a sync landed); the other keys the stored document defines stay.
    static bool saveExportMapping(Cache& cache, const ExportMapping& mapping, QString* error);
};

} // namespace pulsebook
