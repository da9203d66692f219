#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace pulsebook {

// The thresholds of Today (workspace "today"; docs/definitions.md, "Today").
struct TodayDefinition
{
    int renewalDays = 90;     // renewals within this many days that are not Green
    int onboardingDays = 7;   // users who joined at least this many days ago, steps missing
    double wauDrop = 1.0 / 3; // WAU fell by at least this share of the previous weeks' mean
    int wauWeeks = 4;         // the previous weeks whose mean WAU is compared

    // Reads `v` (an object; a missing key keeps its default) at `path`, adding every problem
    // ("$.today.renewal_days: ...") to *problems; *out is set only when there is none.
    static bool fromJson(const QJsonValue& v, const QString& path, TodayDefinition* out,
                         QStringList* problems);
    QJsonObject toJson() const;
};

} // namespace pulsebook
