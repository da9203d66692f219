#pragma once

#include "AnalysisContext.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace pulsebook {

// docs/definitions.md, "Engagement matrix".
struct EngagementParams
{
    qint64 fromMs = 0; // [fromMs, toMs), and only events before as_of count
    qint64 toMs = 0;
};

// "High" is at or above the median.
enum class EngagementQuadrant {
    Core,   // high breadth, high frequency
    Power,  // low breadth, high frequency
    Casual, // high breadth, low frequency
    Niche   // low breadth, low frequency
};

struct EngagementEvent
{
    QString event;
    qint64 users = 0;     // users who did it
    qint64 events = 0;    // its events
    double breadth = 0;   // users / active users
    double frequency = 0; // events / users
    EngagementQuadrant quadrant = EngagementQuadrant::Niche;
};

struct EngagementResult
{
    QJsonObject definition;
    qint64 activeUsers = 0; // users in the filter with an event in the range
    // Medians over the event types occurring (mean of the two middle values for an even count);
    // NaN when none occurs.
    double breadthMedian = 0;
    double frequencyMedian = 0;
    // The event types occurring in the range, by name.
    std::vector<EngagementEvent> events;
};

// "core", "power", "casual", "niche".
QString engagementQuadrantName(EngagementQuadrant quadrant);

// The engagement matrix of the users in the filter. False with *error on an empty range or a
// cancel (Cancelled, no text).
Status runEngagement(const AnalysisContext& context, const EngagementParams& params,
                     EngagementResult* result, QString* error);

} // namespace pulsebook
