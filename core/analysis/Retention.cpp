#include "Retention.h"
#include "WorkspaceCheck.h"

#include "Funnel.h"
#include "sync/FieldParser.h"

#include <QHash>
#include <QStringList>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <thread>

namespace pulsebook {

namespace {

constexpr int MaxPeriods = 100;
constexpr int CancelCheckUsers = 1024;
const QLatin1String DidPrefix("did:");
const QLatin1String CountPrefix("count:");

enum class GroupKind { None, Property, Did, Count };

QStringList fixedGroupNames(GroupKind kind)
{
    if (kind == GroupKind::Did)
        return {QStringLiteral("yes"), QStringLiteral("no")};
    if (kind == GroupKind::Count)
        return {QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2-3"),
                QStringLiteral("4-7"), QStringLiteral("8+")};
    return {};
}

int countBucket(qint64 count)
{
    if (count <= 1)
        return int(count);
    if (count <= 3)
        return 2;
    return count <= 7 ? 3 : 4;
}

// The calendar period of a cohort: the day, ISO week or month of the period's length.
Calendar::Unit cohortUnit(qint64 periodMs)
{
    if (periodMs == DayMs)
        return Calendar::Unit::Day;
    return periodMs == 7 * DayMs ? Calendar::Unit::Week : Calendar::Unit::Month;
}

// Counts of one row; retained[0] and eligible[0] stay 0 until the row is finished.
struct Counts
{
    explicit Counts(size_t n = 0) : retained(n, 0), eligible(n, 0) {}
    void add(const Counts& o)
    {
        size += o.size;
        for (size_t n = 0; n < retained.size(); ++n) {
            retained[n] += o.retained[n];
            eligible[n] += o.eligible[n];
        }
    }
    RetentionRow toRow(const QString& cohort) const
    {
        RetentionRow row{cohort, size, retained, eligible};
        if (!row.retained.empty()) {
            row.retained[0] = size;
            row.eligible[0] = size;
        }
        return row;
    }
    qint64 size = 0;
    std::vector<qint64> retained;
    std::vector<qint64> eligible;
};

struct Setup
{
    int startType = -1;
    int returnType = -1; // -1: any event
    GroupKind groupKind = GroupKind::None;
    int groupType = -1; // did: / count:
    QString groupProperty;
};

// The scan of one range of users; each thread owns one.
class RetentionScan
{
public:
    RetentionScan(const AnalysisContext& context, const RetentionParams& params, const Setup& setup)
        : m_context(context), m_params(params), m_setup(setup), m_times(context.index->times()),
          m_types(context.index->types())
    {
        groups.resize(size_t(fixedGroupNames(setup.groupKind).size()), Counts(periods()));
    }

    bool run(int begin, int end, std::atomic<int>* done, bool reportProgress)
    {
        for (int u = begin; u < end; ++u) {
            if ((u - begin) % CancelCheckUsers == 0 && u > begin) {
                if (m_context.progress->isCancelled())
                    return false;
                const int total = done->fetch_add(CancelCheckUsers) + CancelCheckUsers;
                if (reportProgress && !m_context.progress->update(total))
                    return false;
            }
            if (m_context.inSegment(u))
                scanUser(u);
        }
        return !m_context.progress->isCancelled();
    }

    std::map<qint64, Counts> cohorts;
    std::vector<Counts> groups;
    QStringList propertyGroupNames; // for GroupKind::Property, parallel to groups

private:
    size_t periods() const { return size_t(m_params.periods); }

    bool isReturn(size_t p) const
    {
        return m_setup.returnType < 0 || m_types[p] == m_setup.returnType;
    }

    void scanUser(int u)
    {
        const size_t begin = m_context.index->eventBegin(u);
        const size_t end = m_context.eventsEndAsOf(u);
        const qint64 P = m_params.periodMs;
        // The start: the first S event in [from, to) (and before as_of).
        size_t p =
            size_t(std::lower_bound(m_times + begin, m_times + end, m_params.fromMs) - m_times);
        while (p < end && m_times[p] < m_params.toMs && m_types[p] != m_setup.startType)
            ++p;
        if (p >= end || m_times[p] >= m_params.toMs)
            return;
        const qint64 t0 = m_times[p];

        // Period n >= 1 is eligible when its bracket end t0 + (n + 1)P is at or before as_of.
        const qint64 lastEligible =
            std::min<qint64>(qint64(periods()) - 1, (m_context.asOfMs - t0) / P - 1);
        Counts* targets[2] = {
            &cohorts.try_emplace(m_context.calendar.bucketStart(t0, cohortUnit(P)), periods())
                 .first->second,
            groupOf(u, begin, end)};
        for (Counts* c : targets) {
            if (!c)
                continue;
            ++c->size;
            for (qint64 n = 1; n <= lastEligible; ++n)
                ++c->eligible[size_t(n)];
        }
        if (lastEligible < 1)
            return;

        // R events from the first bracket on; nothing at or after as_of exists here.
        const qint64 firstBracket = t0 + P;
        if (m_params.mode == RetentionMode::OnOrAfter) {
            // Retained in n when the last R event is at or after t0 + nP.
            size_t q = end;
            while (q > p && m_times[q - 1] >= firstBracket && !isReturn(q - 1))
                --q;
            if (q == p || m_times[q - 1] < firstBracket)
                return;
            const qint64 lastRetained = std::min(lastEligible, (m_times[q - 1] - t0) / P);
            for (Counts* c : targets) {
                for (qint64 n = 1; c && n <= lastRetained; ++n)
                    ++c->retained[size_t(n)];
            }
            return;
        }
        // Mode on: walk the R events forward, skipping to the next bracket after each hit.
        size_t q = size_t(std::lower_bound(m_times + p, m_times + end, firstBracket) - m_times);
        while (q < end) {
            if (!isReturn(q)) {
                ++q;
                continue;
            }
            const qint64 n = (m_times[q] - t0) / P;
            if (n > lastEligible)
                break;
            for (Counts* c : targets) {
                if (c)
                    ++c->retained[size_t(n)];
            }
            q = size_t(std::lower_bound(m_times + q, m_times + end, t0 + (n + 1) * P) - m_times);
        }
    }

    // The user's group row, or null without a grouping.
    Counts* groupOf(int u, size_t begin, size_t end)
    {
        switch (m_setup.groupKind) {
        case GroupKind::None:
            return nullptr;
        case GroupKind::Did:
        case GroupKind::Count: {
            qint64 count = 0;
            for (size_t e = begin; e < end; ++e)
                count += m_types[e] == m_setup.groupType ? 1 : 0;
            if (m_setup.groupKind == GroupKind::Did)
                return &groups[count > 0 ? 0 : 1];
            return &groups[size_t(countBucket(count))];
        }
        case GroupKind::Property: {
            const QString value = propertyGroupValue(*m_context.index, u, m_setup.groupProperty);
            auto it = m_groupIndex.constFind(value);
            if (it == m_groupIndex.constEnd()) {
                it = m_groupIndex.insert(value, int(groups.size()));
                groups.emplace_back(periods());
                propertyGroupNames.append(value);
            }
            return &groups[size_t(*it)];
        }
        }
        return nullptr;
    }

    const AnalysisContext& m_context;
    const RetentionParams& m_params;
    const Setup& m_setup;
    const qint64* m_times;
    const quint16* m_types;
    QHash<QString, int> m_groupIndex;
};

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

// The first user of the second half of the events, so that both threads get the same work.
int halfwayUser(const EventIndex& index)
{
    int low = 0, high = index.userCount();
    while (low < high) {
        const int mid = low + (high - low) / 2;
        if (index.eventBegin(mid) < index.eventCount() / 2)
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

bool eventType(const EventIndex& index, const QString& name, int* type, QString* error)
{
    *type = index.typeIndex(name);
    return *type >= 0 || fail(error, WorkspaceCheck::unknownEvent(index, name));
}

} // namespace

double retentionRate(const RetentionRow& row, int n)
{
    if (n < 0 || size_t(n) >= row.eligible.size() || row.eligible[size_t(n)] == 0)
        return std::numeric_limits<double>::quiet_NaN();
    return double(row.retained[size_t(n)]) / double(row.eligible[size_t(n)]);
}

static bool computeRetention(const AnalysisContext& context, const RetentionParams& params,
                             RetentionResult* result, QString* error)
{
    if (!context.index)
        return fail(error, QStringLiteral("no data loaded"));
    const EventIndex& index = *context.index;
    Setup setup;
    if (!eventType(index, params.startEvent, &setup.startType, error))
        return false;
    if (!params.returnEvent.isEmpty() &&
        !eventType(index, params.returnEvent, &setup.returnType, error))
        return false;
    if (params.periodMs != DayMs && params.periodMs != 7 * DayMs && params.periodMs != 30 * DayMs)
        return fail(error, QStringLiteral("the period must be 1, 7 or 30 days"));
    if (params.periods < 1 || params.periods > MaxPeriods)
        return fail(error, QStringLiteral("the number of periods must be 1 to 100"));
    if (params.fromMs >= params.toMs)
        return fail(error, QStringLiteral("the date range is empty (from must be before to)"));
    if (params.groupBy.startsWith(DidPrefix) || params.groupBy.startsWith(CountPrefix)) {
        const bool did = params.groupBy.startsWith(DidPrefix);
        setup.groupKind = did ? GroupKind::Did : GroupKind::Count;
        const QString event = params.groupBy.mid(did ? DidPrefix.size() : CountPrefix.size());
        if (!eventType(index, event, &setup.groupType, error))
            return false;
    } else if (!params.groupBy.isEmpty()) {
        if (!isKnownGroupProperty(index, params.groupBy))
            return fail(error, QStringLiteral("unknown property \"%1\"").arg(params.groupBy));
        setup.groupKind = GroupKind::Property;
        setup.groupProperty = params.groupBy;
    }

    // Two halves of the users (by events), one on a second thread; merged in a fixed order.
    const int users = index.userCount();
    const int mid = halfwayUser(index);
    RetentionScan low(context, params, setup);
    RetentionScan high(context, params, setup);
    std::atomic<int> done{0};
    context.progress->start(QStringLiteral("Retention"), users);
    bool highOk = true;
    std::thread worker([&] { highOk = high.run(mid, users, &done, false); });
    const bool lowOk = low.run(0, mid, &done, true);
    worker.join();
    context.progress->end();
    if (!lowOk || !highOk)
        return false; // cancelled: outcome() says so, without a text

    RetentionResult out;
    out.definition = context.baseDefinition(QStringLiteral("retention"));
    out.definition.insert(QStringLiteral("start_event"), params.startEvent);
    out.definition.insert(QStringLiteral("return_event"), params.returnEvent);
    out.definition.insert(QStringLiteral("period_days"), params.periodMs / DayMs);
    out.definition.insert(QStringLiteral("periods"), params.periods);
    out.definition.insert(QStringLiteral("from"), FieldParser::formatTimestamp(params.fromMs));
    out.definition.insert(QStringLiteral("to"), FieldParser::formatTimestamp(params.toMs));
    out.definition.insert(QStringLiteral("mode"), params.mode == RetentionMode::On
                                                      ? QStringLiteral("on")
                                                      : QStringLiteral("on_or_after"));
    out.definition.insert(QStringLiteral("group_by"), params.groupBy);

    const size_t n = size_t(params.periods);
    std::map<qint64, Counts> cohorts = std::move(low.cohorts);
    for (const auto& [start, counts] : high.cohorts)
        cohorts.try_emplace(start, n).first->second.add(counts);
    Counts total(n);
    for (const auto& [start, counts] : cohorts) {
        out.cohorts.push_back(counts.toRow(context.calendar.date(start).toString(Qt::ISODate)));
        total.add(counts);
    }
    out.total = total.toRow(QStringLiteral("all"));

    // Groups: fixed ones by position; property groups by name.
    QStringList names = fixedGroupNames(setup.groupKind);
    std::vector<Counts> groups = std::move(low.groups);
    if (setup.groupKind == GroupKind::Property) {
        names = low.propertyGroupNames;
        QHash<QString, int> at;
        for (qsizetype g = 0; g < names.size(); ++g)
            at.insert(names[g], int(g));
        for (size_t g = 0; g < high.groups.size(); ++g) {
            const QString& name = high.propertyGroupNames[qsizetype(g)];
            auto it = at.constFind(name);
            if (it == at.constEnd()) {
                it = at.insert(name, int(groups.size()));
                names.append(name);
                groups.emplace_back(n);
            }
            groups[size_t(*it)].add(high.groups[g]);
        }
    } else {
        for (size_t g = 0; g < high.groups.size(); ++g)
            groups[g].add(high.groups[g]);
    }
    for (size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].size > 0)
            out.groups.push_back({names[qsizetype(g)], groups[g].toRow(names[qsizetype(g)])});
    }
    if (setup.groupKind == GroupKind::Property) {
        std::sort(out.groups.begin(), out.groups.end(),
                  [](const RetentionResult::Group& a, const RetentionResult::Group& b) {
                      if (a.total.size != b.total.size)
                          return a.total.size > b.total.size;
                      return a.value < b.value;
                  });
    }
    *result = std::move(out);
    return true;
}

Status runRetention(const AnalysisContext& context, const RetentionParams& params,
                    RetentionResult* result, QString* error)
{
    return context.outcome(computeRetention(context, params, result, error), error);
}

} // namespace pulsebook
