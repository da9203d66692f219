#pragma once

#include "AnalysisContext.h"

#include <QJsonObject>
#include <QString>

#include <utility>
#include <vector>

namespace pulsebook {

// docs/definitions.md, "Impact calculator".
enum class ImpactMode {
    Default, // delta = n / N × (r1 − r0)
    Guide    // delta = n / N × (r1 − r0) × (1 − r0), the formula of the published example
};

// One planned change: `reach` users (n) of the whole whose rate goes from `baseline` (r0) to
// `target` (r1); rates are fractions.
struct ImpactScenario
{
    QString name;
    double reach = 0;
    double baseline = 0;
    double target = 0;
};

struct ImpactParams
{
    double users = 0;    // N
    double baseline = 0; // R, the overall rate as a fraction
    std::vector<ImpactScenario> scenarios;
    ImpactMode mode = ImpactMode::Default;
    double arrPerUser = -1; // < 0: not given
};

struct ImpactRow
{
    QString name;
    double deltaPoints = 0; // change of the overall rate in percentage points
    double newRate = 0;     // R + delta, as a fraction
    double extraUsers = 0;  // n × (r1 − r0) rounded to whole users (halves away from 0)
    double arrImpact = 0;   // extra users (rounded) × ARR per user; NaN without arrPerUser
};

struct ImpactResult
{
    QJsonObject definition;
    std::vector<ImpactRow> rows; // one per scenario, in the given order
    // "(all)": the sums of the rows (at most the joint effect where the groups overlap), the
    // overall rate with all of them; ARR NaN without arrPerUser.
    ImpactRow total;
};

// The effect of every scenario on the overall rate. False with *error naming the field when an
// input is out of range or not finite: "users must be greater than 0", "baseline must be between
// 0 and 1", `scenario "Email": reach must be between 0 and users (10000)`, `scenario "Email":
// baseline must be between 0 and 1`, `scenario "Email": target must be between 0 and 1`,
// "ARR per user must be a finite number".
bool computeImpact(const ImpactParams& params, ImpactResult* result, QString* error);

// Sensitivity sweep: (target rate, delta in points) of scenario number `scenario` for `steps`
// evenly spaced target rates from `from` to `to`, both included. False with *error on invalid
// params, a scenario index out of range, from/to outside 0..1, or steps outside 2..10000.
bool impactSweep(const ImpactParams& params, int scenario, double from, double to, int steps,
                 std::vector<std::pair<double, double>>* out, QString* error);

// Parses "name:reach:baseline:target" ("Email:500:0.40:0.55"; the name may itself hold colons).
// False with *error naming the part; ranges are checked by computeImpact.
bool parseImpactScenario(const QString& text, ImpactScenario* out, QString* error);

// Inputs taken from data (docs/definitions.md: "n = a segment's size, r0 = its measured
// retention").
enum class RateMeasure {
    Active,   // share of the users who did the event in the last `window`
    Retention // of the users who did it in the window before that, the share who did it again
};

struct RateDefinition
{
    RateMeasure measure = RateMeasure::Retention;
    QString event; // empty: any event
    qint64 windowMs = 30 * DayMs;
};

struct MeasuredRate
{
    qint64 users = 0; // the eligible users (all of the group for Active)
    qint64 hits = 0;  // of those, the active or retained ones
    double rate = 0;  // hits / users; NaN when no users
};

// The rate of the users in `group` (1 per user of the index; empty: everyone) and in the
// context's segment filter, as of context.asOfMs: Active counts those with the event in
// [as_of − window, as_of); Retention takes those with it in [as_of − 2 window, as_of − window)
// and counts those with it again in [as_of − window, as_of). False with *error on an unknown
// event or a window that is not positive.
bool measureRate(const AnalysisContext& context, const std::vector<char>& group,
                 const RateDefinition& definition, MeasuredRate* out, QString* error);

// ARR per user measured in the data: the total ARR of the accounts that have an ARR and at
// least one user in the context's segment filter, over all users of those accounts (an
// account's ARR pays for all its users). perUser is NaN when no such account has a user.
struct MeasuredArr
{
    qint64 accounts = 0;
    qint64 users = 0;
    double totalArr = 0;
    double perUser = 0;
};
MeasuredArr measureArrPerUser(const AnalysisContext& context);

} // namespace pulsebook
