#include "ImpactCalculator.h"
#include "WorkspaceCheck.h"

#include "sync/FieldParser.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pulsebook {

namespace {

constexpr int MaxSweepSteps = 10000;

bool isRate(double v)
{
    return v >= 0 && v <= 1; // false for NaN
}

// The change of the overall rate in percentage points.
double deltaPoints(double users, double reach, double r0, double r1, ImpactMode mode)
{
    double delta = reach / users * (r1 - r0);
    if (mode == ImpactMode::Guide)
        delta *= 1 - r0;
    return delta * 100;
}

bool validate(const ImpactParams& params, QString* error)
{
    if (!std::isfinite(params.users)) {
        *error = QStringLiteral("users must be a finite number greater than 0");
        return false;
    }
    if (!(params.users > 0)) {
        *error = QStringLiteral("users must be greater than 0");
        return false;
    }
    if (!isRate(params.baseline)) {
        *error = QStringLiteral("baseline must be between 0 and 1");
        return false;
    }
    if (std::isnan(params.arrPerUser) || std::isinf(params.arrPerUser)) {
        *error = QStringLiteral("ARR per user must be a finite number");
        return false;
    }
    const QString users = QString::number(params.users, 'g', 15);
    for (const ImpactScenario& s : params.scenarios) {
        const QString prefix = QStringLiteral("scenario \"%1\": ").arg(s.name);
        if (!(s.reach >= 0 && s.reach <= params.users)) {
            *error = prefix + QStringLiteral("reach must be between 0 and users (%1)").arg(users);
            return false;
        }
        if (!isRate(s.baseline)) {
            *error = prefix + QStringLiteral("baseline must be between 0 and 1");
            return false;
        }
        if (!isRate(s.target)) {
            *error = prefix + QStringLiteral("target must be between 0 and 1");
            return false;
        }
    }
    return true;
}

QString modeName(ImpactMode mode)
{
    return mode == ImpactMode::Guide ? QStringLiteral("guide") : QStringLiteral("default");
}

bool parseNumber(const QString& text, const QString& part, const QString& whole, double* value,
                 QString* error)
{
    // Read like the CSV files' amounts, so "10,000" and "$2,277.50" work in a scenario too.
    const QByteArray utf8 = text.trimmed().toUtf8();
    double v = 0;
    if (utf8.isEmpty() ||
        !FieldParser::money(std::string_view(utf8.constData(), size_t(utf8.size())), &v, nullptr)) {
        *error =
            QStringLiteral("scenario \"%1\": %2 \"%3\" is not a number").arg(whole, part, text);
        return false;
    }
    *value = v;
    return true;
}

} // namespace

bool computeImpact(const ImpactParams& params, ImpactResult* result, QString* error)
{
    if (!validate(params, error))
        return false;
    const bool hasArr = params.arrPerUser >= 0;
    ImpactResult r;
    r.definition.insert(QStringLiteral("analysis"), QStringLiteral("impact"));
    r.definition.insert(QStringLiteral("mode"), modeName(params.mode));
    r.definition.insert(QStringLiteral("users"), params.users);
    r.definition.insert(QStringLiteral("baseline"), params.baseline);
    if (hasArr)
        r.definition.insert(QStringLiteral("arr_per_user"), params.arrPerUser);
    QJsonArray scenarios;
    r.total.name = QStringLiteral("(all)");
    r.total.arrImpact = hasArr ? 0 : std::numeric_limits<double>::quiet_NaN();
    for (const ImpactScenario& s : params.scenarios) {
        scenarios.append(QJsonObject{{QStringLiteral("name"), s.name},
                                     {QStringLiteral("reach"), s.reach},
                                     {QStringLiteral("baseline"), s.baseline},
                                     {QStringLiteral("target"), s.target}});
        ImpactRow row;
        row.name = s.name;
        row.deltaPoints = deltaPoints(params.users, s.reach, s.baseline, s.target, params.mode);
        row.newRate = params.baseline + row.deltaPoints / 100;
        // Whole users: a planning figure of 74.6 people reads as false precision. std::round
        // takes halves away from zero (docs/definitions.md, "Impact calculator").
        row.extraUsers = std::round(s.reach * (s.target - s.baseline));
        row.arrImpact =
            hasArr ? row.extraUsers * params.arrPerUser : std::numeric_limits<double>::quiet_NaN();
        r.rows.push_back(row);
        r.total.deltaPoints += row.deltaPoints;
        r.total.extraUsers += row.extraUsers;
        if (hasArr)
            r.total.arrImpact += row.arrImpact;
    }
    r.total.newRate = params.baseline + r.total.deltaPoints / 100;
    r.definition.insert(QStringLiteral("scenarios"), scenarios);
    *result = std::move(r);
    return true;
}

bool impactSweep(const ImpactParams& params, int scenario, double from, double to, int steps,
                 std::vector<std::pair<double, double>>* out, QString* error)
{
    if (!validate(params, error))
        return false;
    if (scenario < 0 || size_t(scenario) >= params.scenarios.size()) {
        *error = QStringLiteral("sweep: no scenario number %1").arg(scenario);
        return false;
    }
    if (!isRate(from) || !isRate(to)) {
        *error = QStringLiteral("sweep: from and to must be between 0 and 1");
        return false;
    }
    if (steps < 2 || steps > MaxSweepSteps) {
        *error = QStringLiteral("sweep: steps must be between 2 and %1").arg(MaxSweepSteps);
        return false;
    }
    const ImpactScenario& s = params.scenarios[size_t(scenario)];
    std::vector<std::pair<double, double>> points;
    points.reserve(size_t(steps));
    for (int i = 0; i < steps; ++i) {
        // The last point is `to` exactly, not an accumulated sum.
        const double target = i == steps - 1 ? to : from + (to - from) * i / (steps - 1);
        points.emplace_back(target,
                            deltaPoints(params.users, s.reach, s.baseline, target, params.mode));
    }
    *out = std::move(points);
    return true;
}

bool parseImpactScenario(const QString& text, ImpactScenario* out, QString* error)
{
    // Split from the right so that a name may hold colons.
    QStringList parts = text.split(QLatin1Char(':'));
    if (parts.size() < 4) {
        *error = QStringLiteral("scenario \"%1\": expected name:reach:baseline:target").arg(text);
        return false;
    }
    ImpactScenario s;
    const QString target = parts.takeLast();
    const QString baseline = parts.takeLast();
    const QString reach = parts.takeLast();
    s.name = parts.join(QLatin1Char(':')).trimmed();
    if (s.name.isEmpty()) {
        *error = QStringLiteral("scenario \"%1\": name is empty").arg(text);
        return false;
    }
    if (!parseNumber(reach, QStringLiteral("reach"), text, &s.reach, error) ||
        !parseNumber(baseline, QStringLiteral("baseline"), text, &s.baseline, error) ||
        !parseNumber(target, QStringLiteral("target"), text, &s.target, error))
        return false;
    *out = s;
    return true;
}

bool measureRate(const AnalysisContext& context, const std::vector<char>& group,
                 const RateDefinition& definition, MeasuredRate* out, QString* error)
{
    const EventIndex& index = *context.index;
    const int type = definition.event.isEmpty() ? -1 : index.typeIndex(definition.event);
    if (!definition.event.isEmpty() && type < 0) {
        *error = WorkspaceCheck::unknownEvent(index, definition.event);
        return false;
    }
    if (definition.windowMs <= 0) {
        *error = QStringLiteral("the rate's window must be longer than 0");
        return false;
    }
    const qint64 w = definition.windowMs;
    const qint64 asOf = context.asOfMs;
    // Whether user u did the event in [from, to).
    const auto did = [&](int u, qint64 from, qint64 to) {
        const qint64* times = index.times();
        const size_t end = size_t(
            std::lower_bound(times + index.eventBegin(u), times + index.eventEnd(u), to) - times);
        for (size_t e =
                 size_t(std::lower_bound(times + index.eventBegin(u), times + end, from) - times);
             e < end; ++e) {
            if (type < 0 || index.type(e) == type)
                return true;
        }
        return false;
    };
    MeasuredRate r;
    for (int u = 0; u < index.userCount(); ++u) {
        if (!context.inSegment(u) || (!group.empty() && !group[size_t(u)]))
            continue;
        if (definition.measure == RateMeasure::Retention && !did(u, asOf - 2 * w, asOf - w))
            continue;
        ++r.users;
        r.hits += did(u, asOf - w, asOf) ? 1 : 0;
    }
    r.rate =
        r.users > 0 ? double(r.hits) / double(r.users) : std::numeric_limits<double>::quiet_NaN();
    *out = r;
    return true;
}

MeasuredArr measureArrPerUser(const AnalysisContext& context)
{
    MeasuredArr out;
    const EventIndex& index = *context.index;
    for (int a = 0; a < index.accountCount(); ++a) {
        const QVariant arr = index.accountProperty(a, QStringLiteral("arr"));
        const std::vector<int>& users = index.accountUsers(a);
        if (!arr.isValid() || users.empty() ||
            std::none_of(users.begin(), users.end(), [&](int u) { return context.inSegment(u); }))
            continue;
        ++out.accounts;
        out.users += qint64(users.size());
        out.totalArr += arr.toDouble();
    }
    out.perUser =
        out.users > 0 ? out.totalArr / double(out.users) : std::numeric_limits<double>::quiet_NaN();
    return out;
}

} // namespace pulsebook
