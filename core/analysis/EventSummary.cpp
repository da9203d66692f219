#include "EventSummary.h"

#include "AnalysisContext.h"

#include <QJsonArray>
#include <QMap>

#include <algorithm>

namespace pulsebook {

namespace {

constexpr int KpiCount = 7;
constexpr int MaxOnboardingSteps = 5;
constexpr qint64 FirstDays = 7; // "a new user's first days"

// The part of an event name before a separator ("Dashboard: View" -> "Dashboard"), or empty.
QString namePrefix(const QString& name)
{
    for (const QChar separator : {QLatin1Char(':'), QLatin1Char('/'), QLatin1Char('.')}) {
        const qsizetype at = name.indexOf(separator);
        if (at > 0)
            return name.left(at).trimmed();
    }
    return {};
}

bool namedLikeOnboarding(const QString& name)
{
    const QString folded = name.toCaseFolded();
    return folded.contains(QLatin1String("onboard")) || folded.contains(QLatin1String("setup")) ||
           folded.contains(QLatin1String("set up"));
}

} // namespace

std::vector<EventSummary> summarizeEvents(const AnalysisContext& context)
{
    const EventIndex& index = *context.index;
    std::vector<EventSummary> out(size_t(index.typeCount()));
    std::vector<int> lastUser(out.size(), -1);
    for (int t = 0; t < index.typeCount(); ++t)
        out[size_t(t)].name = index.typeName(t);
    for (int u = 0; u < index.userCount(); ++u) {
        if (!context.inSegment(u))
            continue;
        for (size_t e = index.eventBegin(u), end = context.eventsEndAsOf(u); e < end; ++e) {
            const size_t t = size_t(index.type(e));
            EventSummary& s = out[t];
            const qint64 time = index.time(e);
            ++s.events;
            if (lastUser[t] != u) {
                lastUser[t] = u;
                ++s.users;
            }
            if (s.firstMs < 0 || time < s.firstMs)
                s.firstMs = time;
            s.lastMs = std::max(s.lastMs, time);
        }
    }
    std::sort(out.begin(), out.end(), [](const EventSummary& a, const EventSummary& b) {
        return a.events != b.events ? a.events > b.events : a.name < b.name;
    });
    return out;
}

QJsonObject WorkspaceSuggestion::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("kpi_events"), QJsonArray::fromStringList(kpiEvents));
    o.insert(QStringLiteral("onboarding_steps"), QJsonArray::fromStringList(onboardingSteps));
    QJsonArray areas;
    for (const ProductArea& a : productAreas) {
        QJsonObject area;
        area.insert(QStringLiteral("name"), a.name);
        area.insert(QStringLiteral("events"), QJsonArray::fromStringList(a.events));
        areas.append(area);
    }
    o.insert(QStringLiteral("product_areas"), areas);
    return o;
}

WorkspaceSuggestion suggestWorkspace(const AnalysisContext& context)
{
    const EventIndex& index = *context.index;
    WorkspaceSuggestion s;

    // KPI events: those the most users do (onboarding steps are done once: not KPIs).
    std::vector<EventSummary> events = summarizeEvents(context);
    std::stable_sort(events.begin(), events.end(),
                     [](const EventSummary& a, const EventSummary& b) {
                         return a.users != b.users ? a.users > b.users : a.name < b.name;
                     });
    for (const EventSummary& e : events) {
        if (e.users > 0 && s.kpiEvents.size() < KpiCount && !namedLikeOnboarding(e.name))
            s.kpiEvents.append(e.name);
    }

    // Onboarding: per event, the new users who first do it within FirstDays of their first
    // event, the mean time it took them, and how many users start with it.
    const size_t types = size_t(index.typeCount());
    std::vector<qint64> earlyUsers(types, 0);
    std::vector<double> earlyDelay(types, 0);
    std::vector<qint64> startsWith(types, 0);
    qint64 users = 0;
    std::vector<char> seen(types);
    for (int u = 0; u < index.userCount(); ++u) {
        const size_t begin = index.eventBegin(u);
        const size_t end = context.eventsEndAsOf(u);
        if (!context.inSegment(u) || begin == end)
            continue;
        ++users;
        std::fill(seen.begin(), seen.end(), 0);
        const qint64 start = index.time(begin);
        ++startsWith[size_t(index.type(begin))];
        for (size_t e = begin; e < end && index.time(e) < start + FirstDays * DayMs; ++e) {
            const size_t t = size_t(index.type(e));
            if (seen[t])
                continue;
            seen[t] = 1;
            ++earlyUsers[t];
            earlyDelay[t] += double(index.time(e) - start);
        }
    }
    std::vector<int> named;
    std::vector<int> common;
    for (size_t t = 0; t < types; ++t) {
        if (earlyUsers[t] == 0)
            continue;
        if (namedLikeOnboarding(index.typeName(int(t))))
            named.push_back(int(t));
        // Done by most new users in their first days, but not how most of them arrive (a
        // sign-in is not a step).
        else if (2 * earlyUsers[t] >= users && 2 * startsWith[t] <= users)
            common.push_back(int(t));
    }
    std::vector<int>& steps = named.empty() ? common : named;
    // The most widespread first, then in the order new users do them.
    std::sort(steps.begin(), steps.end(), [&](int a, int b) {
        if (earlyUsers[size_t(a)] != earlyUsers[size_t(b)])
            return earlyUsers[size_t(a)] > earlyUsers[size_t(b)];
        return index.typeName(a) < index.typeName(b);
    });
    if (steps.size() > size_t(MaxOnboardingSteps))
        steps.resize(size_t(MaxOnboardingSteps));
    auto meanDelay = [&](int t) {
        return earlyDelay[size_t(t)] / double(earlyUsers[size_t(t)]);
    };
    std::sort(steps.begin(), steps.end(), [&](int a, int b) {
        return meanDelay(a) != meanDelay(b) ? meanDelay(a) < meanDelay(b)
                                            : index.typeName(a) < index.typeName(b);
    });
    for (int t : steps)
        s.onboardingSteps.append(index.typeName(t));

    // Product areas: event names sharing a prefix ("Dashboard: Create", "Dashboard: View"),
    // by prefix without regard to case; onboarding is not an area.
    QMap<QString, ProductArea> areas;
    for (int t = 0; t < index.typeCount(); ++t) {
        const QString prefix = namePrefix(index.typeName(t));
        if (prefix.isEmpty() || namedLikeOnboarding(prefix))
            continue;
        ProductArea& area = areas[prefix.toCaseFolded()];
        if (area.name.isEmpty())
            area.name = prefix;
        area.events.append(index.typeName(t));
    }
    for (ProductArea& area : areas) {
        if (area.events.size() < 2)
            continue;
        area.events.sort();
        s.productAreas.append(area);
    }
    return s;
}

} // namespace pulsebook
