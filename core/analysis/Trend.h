#pragma once

#include "AnalysisContext.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace pulsebook {

// docs/definitions.md, "Trend".
enum class TrendMeasure {
    Count,      // events
    UniqueUsers // users doing it, once per bucket and group
};

// Calendar buckets of the context's time zone; weeks start on Monday.
enum class TrendBucket { Day, Week, Month };

struct TrendParams
{
    QString event; // empty: any event
    TrendMeasure measure = TrendMeasure::Count;
    TrendBucket bucket = TrendBucket::Day;
    qint64 fromMs = 0; // [fromMs, toMs), and only events before as_of count
    qint64 toMs = 0;
    // Empty: no grouping. A user property ("plan"), "account.<property>", "event.<property>"
    // ("event.path") or "segment" (in the segment filter or not: then the filter groups the
    // users instead of restricting them).
    QString groupBy;
    int topK = 10; // groups kept by total; the rest are summed up as "other"
};

struct TrendSeries
{
    // The group's value: "(none)" for a missing value, "all" when not grouped, "in segment" /
    // "not in segment", or "other" (then `other` is set).
    QString group;
    bool other = false;
    // Over the whole range: events, or distinct users.
    qint64 total = 0;
    std::vector<qint64> values; // per bucket
};

struct TrendResult
{
    QJsonObject definition;
    // Start of every bucket overlapping [from, to); the first is the calendar start of the
    // bucket containing `from`.
    std::vector<qint64> bucketStarts;
    // The top groups by total (ties by name), then "other" when any group is left over.
    std::vector<TrendSeries> series;
};

// Trend of an event over time. False with *error on an unknown event (`unknown event "X"`) or
// property (`unknown property "Y"`), an empty range, more than 100,000 buckets, topK < 1, or a
// cancel (Cancelled, no text).
Status runTrend(const AnalysisContext& context, const TrendParams& params, TrendResult* result,
                QString* error);

// The calendar unit of a trend bucket.
Calendar::Unit calendarUnit(TrendBucket bucket);

} // namespace pulsebook
