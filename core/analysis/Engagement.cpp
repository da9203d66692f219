#include "Engagement.h"

#include "UserParts.h"

#include "sync/FieldParser.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>

namespace pulsebook {

namespace {

// docs/definitions.md: the median of an even count is the mean of the two middle values.
double median(std::vector<double> values)
{
    if (values.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

struct Part
{
    qint64 active = 0;
    std::vector<qint64> users, events;
};

} // namespace

QString engagementQuadrantName(EngagementQuadrant quadrant)
{
    switch (quadrant) {
    case EngagementQuadrant::Core:
        return QStringLiteral("core");
    case EngagementQuadrant::Power:
        return QStringLiteral("power");
    case EngagementQuadrant::Casual:
        return QStringLiteral("casual");
    case EngagementQuadrant::Niche:
        return QStringLiteral("niche");
    }
    return {};
}

static bool computeEngagement(const AnalysisContext& context, const EngagementParams& params,
                              EngagementResult* result, QString* error)
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
    const size_t typeCount = size_t(index.typeCount());
    const qint64 from = params.fromMs;
    const qint64 to = std::min(params.toMs, context.asOfMs);
    const int parts = userPartCount(index);
    std::vector<Part> partResults(static_cast<size_t>(parts));
    std::atomic<bool> stop{false};
    context.progress->start(QStringLiteral("Engagement matrix"), index.userCount());
    forEachUserPart(index, parts, [&](int p, int first, int last) {
        Part& part = partResults[size_t(p)];
        part.users.assign(typeCount, 0);
        part.events.assign(typeCount, 0);
        std::vector<int> lastUser(typeCount, -1);
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
            const size_t end = context.eventsEndAsOf(u);
            const qint64* lo = std::lower_bound(times + index.eventBegin(u), times + end, from);
            const qint64* hi = std::lower_bound(lo, times + end, to);
            if (lo == hi)
                continue;
            ++part.active;
            for (size_t e = size_t(lo - times); e < size_t(hi - times); ++e) {
                const quint16 t = types[e];
                ++part.events[t];
                if (lastUser[t] != u) {
                    lastUser[t] = u;
                    ++part.users[t];
                }
            }
        }
    });
    context.progress->end();
    if (stop.load())
        return false; // cancelled: outcome() says so, without a text

    EngagementResult r;
    r.definition = context.baseDefinition(QStringLiteral("engagement"));
    r.definition.insert(QStringLiteral("from"), FieldParser::formatTimestamp(params.fromMs));
    r.definition.insert(QStringLiteral("to"), FieldParser::formatTimestamp(params.toMs));
    std::vector<qint64> users(typeCount, 0), events(typeCount, 0);
    for (const Part& part : partResults) {
        r.activeUsers += part.active;
        for (size_t t = 0; t < typeCount; ++t) {
            users[t] += part.users[t];
            events[t] += part.events[t];
        }
    }
    std::vector<double> breadths, frequencies;
    for (size_t t = 0; t < typeCount; ++t) {
        if (users[t] == 0)
            continue;
        EngagementEvent row;
        row.event = index.typeName(int(t));
        row.users = users[t];
        row.events = events[t];
        row.breadth = double(users[t]) / double(r.activeUsers);
        row.frequency = double(events[t]) / double(users[t]);
        breadths.push_back(row.breadth);
        frequencies.push_back(row.frequency);
        r.events.push_back(row);
    }
    r.breadthMedian = median(breadths);
    r.frequencyMedian = median(frequencies);
    for (auto& row : r.events) {
        const bool wide = row.breadth >= r.breadthMedian;
        const bool often = row.frequency >= r.frequencyMedian;
        row.quadrant = wide ? (often ? EngagementQuadrant::Core : EngagementQuadrant::Casual)
                            : (often ? EngagementQuadrant::Power : EngagementQuadrant::Niche);
    }
    std::sort(r.events.begin(), r.events.end(),
              [](const auto& a, const auto& b) { return a.event < b.event; });
    *result = std::move(r);
    return true;
}

Status runEngagement(const AnalysisContext& context, const EngagementParams& params,
                     EngagementResult* result, QString* error)
{
    return context.outcome(computeEngagement(context, params, result, error), error);
}

} // namespace pulsebook
