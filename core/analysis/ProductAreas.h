#pragma once

#include "AnalysisContext.h"
#include "workspace/Workspace.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <vector>

namespace pulsebook {

// docs/definitions.md, "Core metrics of a product area".
struct ProductAreasParams
{
    qint64 fromMs = 0; // [fromMs, toMs), and only events before as_of count
    qint64 toMs = 0;
    // Empty: the workspace's product areas.
    QList<ProductArea> areas;
};

struct ProductAreaMetrics
{
    QString name;
    qint64 areaUsers = 0; // users who did any area event in the range
    double breadth = 0;   // areaUsers / active users; NaN when no user is active
    // Mean over the area users of distinct area events used / area events; NaN without users.
    double depth = 0;
    // Mean over the area users of active days in the area (distinct UTC days with an area
    // event) per week of the range; NaN without users.
    double frequency = 0;
    // The activation funnel (sequential, 14-day window, entries in the range): users with an
    // entry, users who completed it, and completed / entrants; NaN without a funnel or entrants.
    qint64 funnelEntrants = 0;
    qint64 funnelCompleted = 0;
    double usability = 0;
};

struct ProductAreasResult
{
    QJsonObject definition;
    qint64 activeUsers = 0; // users in the filter with an event in the range
    // The range's length in weeks, up to as_of when it ends later (fractional).
    double weeks = 0;
    std::vector<ProductAreaMetrics> areas; // in the order given
};

// Core metrics of each product area for the users in the filter. False with *error on an
// empty range, an area without events, an unknown event (`unknown event "X"`), an activation
// funnel of 1 or more than 20 steps, or Cancelled (no text).
Status runProductAreas(const AnalysisContext& context, const ProductAreasParams& params,
                       ProductAreasResult* result, QString* error);

} // namespace pulsebook
