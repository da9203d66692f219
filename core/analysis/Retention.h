#pragma once

#include "AnalysisContext.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace pulsebook {

// Retention of the users who did a start event (docs/definitions.md, "Retention").
enum class RetentionMode { On, OnOrAfter };

struct RetentionParams
{
    QString startEvent;
    QString returnEvent;         // "" = any event
    qint64 periodMs = 7 * DayMs; // 1, 7 or 30 days
    int periods = 8;             // periods 0 .. periods - 1; 1 to 100
    qint64 fromMs = 0;
    qint64 toMs = 0; // starts are the first start event in [fromMs, toMs)
    RetentionMode mode = RetentionMode::On;
    // "", a user property, "account.<name>", "did:<event>" (has done it up to as_of: groups
    // "yes", "no") or "count:<event>" (its count up to as_of: groups "0", "1", "2-3", "4-7", "8+").
    QString groupBy;
};

struct RetentionRow
{
    // The start of the calendar period (day; ISO week from Monday; month), UTC: "2026-08-03";
    // "all" for the total row.
    QString cohort;
    qint64 size = 0;
    // Index n = period n; [0] = size. retained[n] counts only eligible users, so it never
    // exceeds eligible[n].
    std::vector<qint64> retained;
    std::vector<qint64> eligible;
};

struct RetentionResult
{
    QJsonObject definition;
    std::vector<RetentionRow> cohorts; // by ascending cohort start
    RetentionRow total;                // cohort "all"
    struct Group
    {
        QString value;
        RetentionRow total; // cohort = value
    };
    // Property groups by descending size, then value ("(none)" for missing); did:/count: groups
    // in their natural order. Empty groups are left out.
    std::vector<Group> groups;
};

// retained[n] / eligible[n] (0-1); NaN (shown blank, not 0) when no user is eligible.
double retentionRate(const RetentionRow& row, int n);

// Runs the analysis on the context's users (in the segment filter). False with *error on a bad
// parameter or Cancelled (no text); *result is only written on success.
Status runRetention(const AnalysisContext& context, const RetentionParams& params,
                    RetentionResult* result, QString* error);

} // namespace pulsebook
