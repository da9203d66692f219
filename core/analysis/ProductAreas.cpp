#include "ProductAreas.h"

#include "UserParts.h"

#include "Funnel.h"

#include "sync/FieldParser.h"

#include <QJsonArray>

#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>

namespace pulsebook {

namespace {

// The activation funnel's conversion window (docs/definitions.md, "Funnel": the default).
constexpr qint64 ConversionWindowMs = 14 * DayMs;

// An area resolved against the index.
struct Area
{
    int eventCount = 0; // distinct area events
};

// Whole-number sums per area, merged across parts.
struct Sums
{
    qint64 users = 0;
    qint64 distinctEvents = 0; // summed over the area users
    qint64 activeDays = 0;     // summed over the area users
};

struct Part
{
    qint64 active = 0;
    std::vector<Sums> areas;
};

} // namespace

static bool computeProductAreas(const AnalysisContext& context, const ProductAreasParams& params,
                                ProductAreasResult* result, QString* error)
{
    auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (!context.index)
        return fail(QStringLiteral("no data loaded"));
    if (params.fromMs >= params.toMs)
        return fail(QStringLiteral("empty range: \"from\" must be before \"to\""));
    const EventIndex& index = *context.index;
    QList<ProductArea> areas = params.areas;
    if (areas.isEmpty() && context.workspace)
        areas = context.workspace->productAreas;
    // Per event type: (area, the event's number inside the area).
    std::vector<std::vector<std::pair<int, int>>> areasOfType(size_t(index.typeCount()));
    std::vector<Area> resolved(size_t(areas.size()));
    for (qsizetype a = 0; a < areas.size(); ++a) {
        const ProductArea& area = areas[a];
        if (area.events.isEmpty())
            return fail(QStringLiteral("product area \"%1\" has no events").arg(area.name));
        for (const QString& name : area.events) {
            // An event the data does not have adds nothing (the command warns).
            const int type = index.typeIndex(name);
            if (type < 0)
                continue;
            auto& list = areasOfType[size_t(type)];
            if (list.empty() || list.back().first != int(a))
                list.emplace_back(int(a), resolved[size_t(a)].eventCount++);
        }
        const QStringList& funnel = area.activationFunnel;
        if (funnel.size() == 1 || funnel.size() > 20)
            return fail(
                QStringLiteral("product area \"%1\": an activation funnel has 2 to 20 steps")
                    .arg(area.name));
    }

    const size_t areaCount = resolved.size();
    const qint64 from = params.fromMs;
    const qint64 to = std::min(params.toMs, context.asOfMs);
    const int parts = userPartCount(index);
    std::vector<Part> partResults(static_cast<size_t>(parts));
    std::atomic<bool> stop{false};
    context.progress->start(QStringLiteral("Product areas"), index.userCount());
    forEachUserPart(index, parts, [&](int p, int first, int last) {
        Part& part = partResults[size_t(p)];
        part.areas.resize(areaCount);
        // The current user's figures per area; `seen` marks (area, event) pairs by user.
        std::vector<std::vector<int>> seen(areaCount);
        for (size_t a = 0; a < areaCount; ++a)
            seen[a].assign(size_t(resolved[a].eventCount), -1);
        std::vector<int> touched(areaCount, -1);
        std::vector<qint64> distinct(areaCount), days(areaCount), lastDay(areaCount);
        const qint64* times = index.times();
        const quint16* types = index.types();
        for (int u = first; u < last; ++u) {
            if ((u - first) % 4096 == 0) {
                if (stop.load(std::memory_order_relaxed))
                    return;
                const bool goOn = p == 0 ? context.progress->update(std::min<qint64>(
                                               qint64(u) * parts, index.userCount()))
                                         : !context.progress->isCancelled();
                if (!goOn) {
                    stop.store(true);
                    return;
                }
            }
            if (!context.inSegment(u))
                continue;
            const size_t begin = index.eventBegin(u);
            const size_t end = context.eventsEndAsOf(u);
            const size_t lo = size_t(std::lower_bound(times + begin, times + end, from) - times);
            const size_t hi = size_t(std::lower_bound(times + lo, times + end, to) - times);
            if (lo == hi)
                continue;
            ++part.active;
            for (size_t e = lo; e < hi; ++e) {
                // Days since the epoch, floored (times before 1970 are negative).
                const qint64 day =
                    times[e] >= 0 ? times[e] / DayMs : -((-times[e] - 1) / DayMs) - 1;
                for (const auto& [a, k] : areasOfType[types[e]]) {
                    if (touched[size_t(a)] != u) {
                        touched[size_t(a)] = u;
                        distinct[size_t(a)] = 0;
                        days[size_t(a)] = 0;
                        lastDay[size_t(a)] = std::numeric_limits<qint64>::min();
                        ++part.areas[size_t(a)].users;
                    }
                    if (seen[size_t(a)][size_t(k)] != u) {
                        seen[size_t(a)][size_t(k)] = u;
                        ++part.areas[size_t(a)].distinctEvents;
                    }
                    if (lastDay[size_t(a)] != day) {
                        lastDay[size_t(a)] = day;
                        ++part.areas[size_t(a)].activeDays;
                    }
                }
            }
        }
    });
    context.progress->end();
    if (stop.load())
        return false; // cancelled: outcome() says so, without a text

    // Usability follows docs/definitions.md's funnel rules (sequential, 14-day window, entries in
    // the range, each step after the previous one, nothing at or after as_of): it is the funnel
    // engine's own figure, so the funnel view and this one never disagree.
    std::vector<std::pair<qint64, qint64>> funnels(areaCount, {0, 0}); // entrants, completed
    for (size_t a = 0; a < areaCount; ++a) {
        const QStringList& steps = areas[qsizetype(a)].activationFunnel;
        // A step the data does not have yet: no usability figure ("no data").
        const bool known = std::all_of(steps.begin(), steps.end(), [&](const QString& step) {
            return index.typeIndex(step) >= 0;
        });
        if (steps.isEmpty() || !known)
            continue;
        FunnelParams funnel;
        funnel.steps = steps;
        funnel.fromMs = params.fromMs;
        funnel.toMs = params.toMs;
        funnel.windowMs = ConversionWindowMs;
        FunnelResult outcome;
        QString why;
        if (!runFunnel(context, funnel, &outcome, &why))
            return fail(why);
        funnels[a] = {outcome.steps.front().users, outcome.steps.back().users};
    }

    ProductAreasResult r;
    r.definition = context.baseDefinition(QStringLiteral("product_areas"));
    r.definition.insert(QStringLiteral("from"), FieldParser::formatTimestamp(params.fromMs));
    r.definition.insert(QStringLiteral("to"), FieldParser::formatTimestamp(params.toMs));
    r.definition.insert(QStringLiteral("conversion_window_days"), 14);
    QJsonArray areaDefinitions;
    for (const ProductArea& area : areas) {
        QJsonObject o;
        o.insert(QStringLiteral("name"), area.name);
        o.insert(QStringLiteral("events"), QJsonArray::fromStringList(area.events));
        o.insert(QStringLiteral("activation_funnel"),
                 QJsonArray::fromStringList(area.activationFunnel));
        areaDefinitions.append(o);
    }
    r.definition.insert(QStringLiteral("areas"), areaDefinitions);
    r.weeks = std::max<qint64>(0, to - from) / double(7 * DayMs);
    std::vector<Sums> sums(areaCount);
    for (const Part& part : partResults) {
        r.activeUsers += part.active;
        for (size_t a = 0; a < areaCount; ++a) {
            sums[a].users += part.areas[a].users;
            sums[a].distinctEvents += part.areas[a].distinctEvents;
            sums[a].activeDays += part.areas[a].activeDays;
        }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (size_t a = 0; a < areaCount; ++a) {
        const Sums& s = sums[a];
        ProductAreaMetrics m;
        m.name = areas[qsizetype(a)].name;
        m.areaUsers = s.users;
        m.breadth = r.activeUsers == 0 ? nan : double(s.users) / double(r.activeUsers);
        m.depth = s.users == 0 ? nan
                               : double(s.distinctEvents) /
                                     (double(s.users) * double(resolved[a].eventCount));
        m.frequency = s.users == 0 ? nan : double(s.activeDays) / double(s.users) / r.weeks;
        m.funnelEntrants = funnels[a].first;
        m.funnelCompleted = funnels[a].second;
        m.usability =
            m.funnelEntrants == 0 ? nan : double(m.funnelCompleted) / double(m.funnelEntrants);
        r.areas.push_back(m);
    }
    *result = std::move(r);
    return true;
}

Status runProductAreas(const AnalysisContext& context, const ProductAreasParams& params,
                       ProductAreasResult* result, QString* error)
{
    return context.outcome(computeProductAreas(context, params, result, error), error);
}

} // namespace pulsebook
