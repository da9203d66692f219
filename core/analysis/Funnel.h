#pragma once

#include "AnalysisContext.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace pulsebook {

// A funnel over the steps E1..Ek (docs/definitions.md, "Funnel").
struct FunnelParams
{
    QStringList steps;
    qint64 fromMs = 0;
    qint64 toMs = 0; // entries are E1 events in [fromMs, toMs)
    qint64 windowMs = 14 * DayMs;
    bool strict = false;
    // "" (none), a user property name, or "account.<name>" for an account property.
    QString breakdown;
};

struct FunnelStep
{
    QString event;
    qint64 users = 0;
    // Percentages (0-100); NaN when the base is 0. pctOfPrevious is NaN for step 1.
    double pctOfFirst = 0;
    double pctOfPrevious = 0;
    // Median time from the previous step over the users who reached this one (mean of the two
    // middle values for an even count, rounded down to the ms); -1 for step 1 or no users.
    qint64 medianMsFromPrevious = -1;
    // Users (EventIndex numbers, ascending) who reached this step but not the next; empty for
    // the last step.
    std::vector<int> droppedUsers;
};

struct FunnelResult
{
    QJsonObject definition;
    std::vector<FunnelStep> steps;
    struct Group
    {
        QString value; // "(none)" for a missing value
        std::vector<FunnelStep> steps;
    };
    // Values of the users who entered the funnel, by descending step-1 users, then by value.
    std::vector<Group> breakdown;
};

// Runs the funnel on the context's users (in the segment filter). False with *error on a bad
// parameter (nothing is computed) or Cancelled (no text); *result is only written on success.
Status runFunnel(const AnalysisContext& context, const FunnelParams& params, FunnelResult* result,
                 QString* error);

// The text a user or account property value is grouped under ("(none)" when missing), and a
// check that `name` ("plan" or "account.csm") names a known property. Shared by the breakdowns.
QString propertyGroupValue(const EventIndex& index, int user, const QString& name);
bool isKnownGroupProperty(const EventIndex& index, const QString& name);

} // namespace pulsebook
