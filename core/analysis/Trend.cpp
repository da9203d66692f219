#include "Trend.h"
#include "WorkspaceCheck.h"

#include "UserParts.h"

#include "Funnel.h"

#include "sync/FieldParser.h"

#include <QHash>

#include <algorithm>
#include <atomic>
#include <thread>

namespace pulsebook {

namespace {

constexpr int MaxBuckets = 100000;

const QString NoValue = QStringLiteral("(none)");

enum class GroupKind { User, Event };

// How events fall into groups: by a per-user group, or by an event property's value id.
struct Grouping
{
    GroupKind kind = GroupKind::User;
    bool allUsers = false;      // "segment": the filter groups instead of restricting
    std::vector<int> userGroup; // kind User: group of each user
    std::vector<QString> names; // kind User: group names
    int column = -1;            // kind Event: property column; group = value id (0 = none)
};

bool makeGrouping(const AnalysisContext& context, const QString& groupBy, Grouping* g, QString* why)
{
    const EventIndex& index = *context.index;
    const int users = index.userCount();
    g->userGroup.assign(size_t(users), 0);
    if (groupBy.isEmpty()) {
        g->names = {QStringLiteral("all")};
        return true;
    }
    if (groupBy == QLatin1String("segment")) {
        g->allUsers = true;
        g->names = {QStringLiteral("in segment"), QStringLiteral("not in segment")};
        for (int u = 0; u < users; ++u)
            g->userGroup[size_t(u)] = context.inSegment(u) ? 0 : 1;
        return true;
    }
    const QLatin1String eventPrefix("event.");
    if (groupBy.startsWith(eventPrefix)) {
        g->kind = GroupKind::Event;
        g->column = index.eventPropertyColumn(groupBy.mid(eventPrefix.size()));
        if (g->column < 0) {
            *why = !index.eventPropertyError().isEmpty()
                       ? index.eventPropertyError()
                       : QStringLiteral("unknown property \"%1\"").arg(groupBy);
            return false;
        }
        return true;
    }
    if (!isKnownGroupProperty(index, groupBy)) {
        *why = QStringLiteral("unknown property \"%1\"").arg(groupBy);
        return false;
    }
    // The same group text as the funnel's and retention's breakdowns.
    QHash<QString, int> groupOfName;
    for (int u = 0; u < users; ++u) {
        const QString name = propertyGroupValue(index, u, groupBy);
        auto it = groupOfName.constFind(name);
        if (it == groupOfName.constEnd()) {
            it = groupOfName.insert(name, int(g->names.size()));
            g->names.push_back(name);
        }
        g->userGroup[size_t(u)] = *it;
    }
    return true;
}

// Per part, per group or series: totals and the last user / visit counted.
struct Tally
{
    std::vector<qint64> total;
    std::vector<qint64> values; // series x buckets (second pass)
    std::vector<qint64> lastUser;
    std::vector<qint64> lastVisit;

    void grow(size_t n)
    {
        if (n > total.size()) {
            total.resize(n, 0);
            lastUser.resize(n, -1);
            lastVisit.resize(n, -1);
        }
    }
};

} // namespace

Calendar::Unit calendarUnit(TrendBucket bucket)
{
    switch (bucket) {
    case TrendBucket::Day:
        return Calendar::Unit::Day;
    case TrendBucket::Week:
        return Calendar::Unit::Week;
    case TrendBucket::Month:
        return Calendar::Unit::Month;
    }
    return Calendar::Unit::Day;
}

static bool computeTrend(const AnalysisContext& context, const TrendParams& params,
                         TrendResult* result, QString* error)
{
    auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (!context.index)
        return fail(QStringLiteral("no data loaded"));
    const EventIndex& index = *context.index;
    int type = -1;
    if (!params.event.isEmpty()) {
        type = index.typeIndex(params.event);
        if (type < 0)
            return fail(WorkspaceCheck::unknownEvent(index, params.event));
    }
    if (params.fromMs >= params.toMs)
        return fail(QStringLiteral("empty range: \"from\" must be before \"to\""));
    if (params.topK < 1)
        return fail(QStringLiteral("top K must be at least 1"));
    std::vector<qint64> starts;
    const Calendar& calendar = context.calendar;
    const Calendar::Unit unit = calendarUnit(params.bucket);
    for (qint64 s = calendar.bucketStart(params.fromMs, unit); s < params.toMs;
         s = calendar.nextBucket(s, unit)) {
        if (starts.size() == MaxBuckets)
            return fail(QStringLiteral("more than %1 buckets").arg(MaxBuckets));
        starts.push_back(s);
    }
    Grouping grouping;
    QString why;
    if (!makeGrouping(context, params.groupBy, &grouping, &why))
        return fail(why);

    const bool unique = params.measure == TrendMeasure::UniqueUsers;
    const qint64 from = params.fromMs;
    const qint64 to = std::min(params.toMs, context.asOfMs);
    const size_t buckets = starts.size();
    const int parts = userPartCount(index);
    std::atomic<bool> stop{false};
    // Pass 1 finds each group's total; pass 2 fills the series of the top groups and "other".
    std::vector<int> seriesOf;
    size_t seriesCount = 0;
    auto scan = [&](int pass, std::vector<Tally>* tallies) {
        forEachUserPart(index, parts, [&](int p, int first, int last) {
            Tally& tally = (*tallies)[size_t(p)];
            if (pass == 2) {
                tally.grow(seriesCount);
                tally.values.assign(seriesCount * buckets, 0);
            }
            const qint64* times = index.times();
            const quint16* types = index.types();
            qint64 visit = 0; // one per (user, bucket)
            for (int u = first; u < last; ++u) {
                if ((u - first) % 4096 == 0) {
                    if (stop.load(std::memory_order_relaxed))
                        return;
                    if (context.progress->isCancelled()) {
                        stop.store(true);
                        return;
                    }
                }
                if (!grouping.allUsers && !context.inSegment(u))
                    continue;
                const size_t end = context.eventsEndAsOf(u);
                const qint64* lo = std::lower_bound(times + index.eventBegin(u), times + end, from);
                const qint64* hi = std::lower_bound(lo, times + end, to);
                if (lo == hi)
                    continue;
                size_t b = size_t(std::upper_bound(starts.begin(), starts.end(), *lo) -
                                  starts.begin() - 1);
                ++visit;
                const int userGroup = grouping.userGroup[size_t(u)];
                for (size_t e = size_t(lo - times); e < size_t(hi - times); ++e) {
                    if (type >= 0 && types[e] != type)
                        continue;
                    while (b + 1 < buckets && times[e] >= starts[b + 1]) {
                        ++b;
                        ++visit;
                    }
                    size_t g = grouping.kind == GroupKind::User
                                   ? size_t(userGroup)
                                   : size_t(index.eventPropertyValue(grouping.column, e));
                    if (pass == 1) {
                        tally.grow(g + 1);
                    } else {
                        g = size_t(seriesOf[g]);
                        if (!unique || tally.lastVisit[g] != visit)
                            ++tally.values[g * buckets + b];
                        tally.lastVisit[g] = visit;
                    }
                    if (!unique || tally.lastUser[g] != u)
                        ++tally.total[g];
                    tally.lastUser[g] = u;
                }
            }
        });
    };

    context.progress->start(QStringLiteral("Trend"), 2);
    std::vector<Tally> first(static_cast<size_t>(parts));
    scan(1, &first);
    context.progress->update(1);
    if (stop.load())
        return false; // cancelled: outcome() says so, without a text
    std::vector<qint64> totals;
    for (const Tally& t : first) {
        totals.resize(std::max(totals.size(), t.total.size()), 0);
        for (size_t g = 0; g < t.total.size(); ++g)
            totals[g] += t.total[g];
    }
    auto nameOf = [&](size_t g) {
        if (grouping.kind == GroupKind::User)
            return grouping.names[g];
        return g == 0 ? NoValue : index.eventValueText(quint32(g));
    };
    std::vector<std::pair<QString, size_t>> ranked; // (name, group) of groups with events
    if (params.groupBy.isEmpty())
        totals.resize(1, 0); // one series "all", even without events
    for (size_t g = 0; g < totals.size(); ++g) {
        if (totals[g] > 0 || params.groupBy.isEmpty())
            ranked.emplace_back(nameOf(g), g);
    }
    std::sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
        if (totals[a.second] != totals[b.second])
            return totals[a.second] > totals[b.second];
        return a.first < b.first;
    });
    const size_t kept = std::min(ranked.size(), size_t(params.topK));
    const bool hasOther = ranked.size() > kept;
    seriesCount = kept + (hasOther ? 1 : 0);
    seriesOf.assign(totals.size(), int(kept));
    for (size_t i = 0; i < kept; ++i)
        seriesOf[ranked[i].second] = int(i);

    std::vector<Tally> second(static_cast<size_t>(parts));
    scan(2, &second);
    context.progress->end();
    if (stop.load())
        return false; // cancelled: outcome() says so, without a text

    TrendResult r;
    r.definition = context.baseDefinition(QStringLiteral("trend"));
    r.definition.insert(QStringLiteral("event"), params.event);
    r.definition.insert(QStringLiteral("measure"),
                        unique ? QStringLiteral("unique users") : QStringLiteral("count"));
    const char* const bucketNames[] = {"day", "week", "month"};
    r.definition.insert(QStringLiteral("bucket"),
                        QLatin1String(bucketNames[static_cast<int>(params.bucket)]));
    r.definition.insert(QStringLiteral("from"), FieldParser::formatTimestamp(params.fromMs));
    r.definition.insert(QStringLiteral("to"), FieldParser::formatTimestamp(params.toMs));
    r.definition.insert(QStringLiteral("group_by"), params.groupBy);
    r.definition.insert(QStringLiteral("top_k"), params.topK);
    r.bucketStarts = std::move(starts);
    r.series.resize(seriesCount);
    for (size_t s = 0; s < seriesCount; ++s) {
        TrendSeries& series = r.series[s];
        series.other = s == kept;
        series.group = series.other ? QStringLiteral("other") : ranked[s].first;
        series.values.assign(buckets, 0);
        for (const Tally& t : second) {
            series.total += t.total[s];
            for (size_t b = 0; b < buckets; ++b)
                series.values[b] += t.values[s * buckets + b];
        }
    }
    *result = std::move(r);
    return true;
}

Status runTrend(const AnalysisContext& context, const TrendParams& params, TrendResult* result,
                QString* error)
{
    return context.outcome(computeTrend(context, params, result, error), error);
}

} // namespace pulsebook
