#include "Funnel.h"
#include "WorkspaceCheck.h"

#include "sync/FieldParser.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

namespace pulsebook {

namespace {

constexpr int MaxSteps = 20;
constexpr int CancelCheckUsers = 1024;
const double NaN = std::numeric_limits<double>::quiet_NaN();

// One user's outcome: the furthest step reached (1-based) and, from the entry that reached it
// (the earliest such), the time from each step to the next, at deltas[delta, delta + furthest - 1).
struct Entered
{
    int user;
    int furthest;
    size_t delta;
};

// The scan of one range of users; each thread owns one.
class FunnelScan
{
public:
    FunnelScan(const AnalysisContext& context, const FunnelParams& params,
               const std::vector<int>& stepTypes)
        : m_context(context), m_params(params), m_stepTypes(stepTypes),
          m_times(context.index->times()), m_types(context.index->types())
    {
        // Distinct types of steps 2..k, each with a list of its positions in the user's events.
        m_slotOfType.assign(size_t(context.index->typeCount()), -1);
        for (size_t j = 1; j < stepTypes.size(); ++j) {
            int& slot = m_slotOfType[size_t(stepTypes[j])];
            if (slot < 0) {
                slot = int(m_positions.size());
                m_positions.emplace_back();
            }
            m_stepSlot.push_back(slot);
        }
        m_path.resize(stepTypes.size());
        m_bestPath.resize(stepTypes.size());
    }

    // Scans users [begin, end); false when cancelled.
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

    std::vector<Entered> entered;
    std::vector<qint64> deltas;

private:
    void scanUser(int u)
    {
        const EventIndex& index = *m_context.index;
        const size_t begin = index.eventBegin(u);
        const size_t end = m_context.eventsEndAsOf(u);
        // Entries: E1 events in [from, to), found from the first event at or after `from`.
        const size_t first =
            size_t(std::lower_bound(m_times + begin, m_times + end, m_params.fromMs) - m_times);
        size_t last = first; // one past the last event in [from, to)
        bool anyEntry = false;
        while (last < end && m_times[last] < m_params.toMs) {
            anyEntry = anyEntry || m_types[last] == m_stepTypes[0];
            ++last;
        }
        if (!anyEntry)
            return;
        if (!m_params.strict)
            collectPositions(first, end, last);

        const int k = int(m_stepTypes.size());
        int best = 0;
        for (size_t p = first; p < last && best < k; ++p) {
            if (m_types[p] != m_stepTypes[0])
                continue;
            const int reached = m_params.strict ? followStrict(p, end) : followSequential(p);
            if (reached > best) { // strictly further: the earliest entry wins ties
                best = reached;
                std::copy(m_path.begin(), m_path.begin() + reached, m_bestPath.begin());
            }
        }
        entered.push_back({u, best, deltas.size()});
        for (int j = 1; j < best; ++j)
            deltas.push_back(m_bestPath[size_t(j)] - m_bestPath[size_t(j - 1)]);
    }

    // t1 + W, saturating: a huge window means "no limit".
    qint64 deadlineOf(qint64 t1) const
    {
        constexpr qint64 Latest = std::numeric_limits<qint64>::max();
        return t1 > Latest - m_params.windowMs ? Latest : t1 + m_params.windowMs;
    }

    // Positions of each step type (steps 2..k) among [first, end), up to the last deadline.
    void collectPositions(size_t first, size_t end, size_t last)
    {
        for (auto& list : m_positions)
            list.clear();
        // The latest entry's deadline bounds every step event.
        const qint64 deadline = deadlineOf(m_times[last - 1]);
        for (size_t p = first; p < end && m_times[p] <= deadline; ++p) {
            const int slot = m_slotOfType[m_types[p]];
            if (slot >= 0)
                m_positions[size_t(slot)].push_back(p);
        }
    }

    // From the entry at p: for each step the earliest matching event after the previous step's
    // event. Taking the earliest never loses: any later choice leaves fewer events to match
    // and the same deadline. Returns the steps reached; their times are in m_path.
    int followSequential(size_t p)
    {
        const qint64 deadline = deadlineOf(m_times[p]);
        m_path[0] = m_times[p];
        int reached = 1;
        for (size_t j = 1; j < m_stepTypes.size(); ++j) {
            const auto& list = m_positions[size_t(m_stepSlot[j - 1])];
            const auto next = std::upper_bound(list.begin(), list.end(), p);
            if (next == list.end() || m_times[*next] > deadline)
                break;
            p = *next;
            m_path[j] = m_times[p];
            ++reached;
        }
        return reached;
    }

    // From the entry at p: each step must be the user's very next event (before as_of).
    int followStrict(size_t p, size_t end)
    {
        const qint64 deadline = deadlineOf(m_times[p]);
        m_path[0] = m_times[p];
        int reached = 1;
        for (size_t j = 1; j < m_stepTypes.size(); ++j) {
            ++p;
            if (p >= end || m_types[p] != m_stepTypes[j] || m_times[p] > deadline)
                break;
            m_path[j] = m_times[p];
            ++reached;
        }
        return reached;
    }

    const AnalysisContext& m_context;
    const FunnelParams& m_params;
    const std::vector<int>& m_stepTypes;
    const qint64* m_times;
    const quint16* m_types;
    std::vector<int> m_slotOfType;
    std::vector<int> m_stepSlot; // slot of step j + 1
    std::vector<std::vector<size_t>> m_positions;
    std::vector<qint64> m_path;
    std::vector<qint64> m_bestPath;
};

// Counts of one table (the whole funnel or one breakdown value).
struct Tally
{
    explicit Tally(size_t k) : users(k, 0), deltas(k), dropped(k) {}
    void add(const Entered& e, const std::vector<qint64>& allDeltas)
    {
        for (int j = 0; j < e.furthest; ++j)
            ++users[size_t(j)];
        for (int j = 1; j < e.furthest; ++j)
            deltas[size_t(j)].push_back(allDeltas[e.delta + size_t(j - 1)]);
        if (size_t(e.furthest) < users.size())
            dropped[size_t(e.furthest - 1)].push_back(e.user);
    }
    std::vector<qint64> users;
    std::vector<std::vector<qint64>> deltas;
    std::vector<std::vector<int>> dropped;
};

qint64 median(std::vector<qint64>* values)
{
    if (values->empty())
        return -1;
    const size_t mid = values->size() / 2;
    std::nth_element(values->begin(), values->begin() + qsizetype(mid), values->end());
    const qint64 upper = (*values)[mid];
    if (values->size() % 2 == 1)
        return upper;
    const qint64 lower = *std::max_element(values->begin(), values->begin() + qsizetype(mid));
    return lower + (upper - lower) / 2;
}

std::vector<FunnelStep> toSteps(const QStringList& names, Tally* tally)
{
    std::vector<FunnelStep> steps(size_t(names.size()));
    const qint64 first = tally->users[0];
    for (size_t j = 0; j < steps.size(); ++j) {
        FunnelStep& s = steps[j];
        s.event = names[qsizetype(j)];
        s.users = tally->users[j];
        s.pctOfFirst = first > 0 ? 100.0 * double(s.users) / double(first) : NaN;
        if (j == 0) {
            s.pctOfPrevious = NaN;
        } else {
            const qint64 previous = tally->users[j - 1];
            s.pctOfPrevious = previous > 0 ? 100.0 * double(s.users) / double(previous) : NaN;
            s.medianMsFromPrevious = median(&tally->deltas[j]);
        }
        if (j + 1 < steps.size())
            s.droppedUsers = std::move(tally->dropped[j]);
    }
    return steps;
}

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

QString variantText(const QVariant& v)
{
    switch (v.typeId()) {
    case QMetaType::LongLong: {
        const qint64 ms = v.toLongLong();
        return ms % DayMs == 0 ? FieldParser::formatDate(ms) : FieldParser::formatTimestamp(ms);
    }
    case QMetaType::Double:
        return QString::number(v.toDouble(), 'g', 15);
    case QMetaType::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return v.toString();
    }
}

const QLatin1String AccountPrefix("account.");

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

} // namespace

QString propertyGroupValue(const EventIndex& index, int user, const QString& name)
{
    QVariant value;
    if (name.startsWith(AccountPrefix)) {
        const int a = index.userAccount(user);
        const QString property = name.mid(AccountPrefix.size());
        if (a >= 0)
            value = property == QLatin1String("account_id") ? QVariant(index.accountId(a))
                                                            : index.accountProperty(a, property);
    } else {
        value = index.userProperty(user, name);
    }
    const QString text = value.isValid() ? variantText(value) : QString();
    return text.isEmpty() ? QStringLiteral("(none)") : text;
}

bool isKnownGroupProperty(const EventIndex& index, const QString& name)
{
    if (name.startsWith(AccountPrefix)) {
        const QString property = name.mid(AccountPrefix.size());
        return property == QLatin1String("account_id") ||
               index.accountPropertyNames().contains(property);
    }
    return index.userPropertyNames().contains(name);
}

static bool computeFunnel(const AnalysisContext& context, const FunnelParams& params,
                          FunnelResult* result, QString* error)
{
    if (!context.index)
        return fail(error, QStringLiteral("no data loaded"));
    const EventIndex& index = *context.index;
    const int k = int(params.steps.size());
    if (k < 2 || k > MaxSteps)
        return fail(error, QStringLiteral("a funnel needs 2 to 20 steps"));
    std::vector<int> stepTypes;
    for (const QString& step : params.steps) {
        stepTypes.push_back(index.typeIndex(step));
        if (stepTypes.back() < 0)
            return fail(error, WorkspaceCheck::unknownEvent(index, step));
    }
    if (params.fromMs >= params.toMs)
        return fail(error, QStringLiteral("the date range is empty (from must be before to)"));
    if (params.windowMs <= 0)
        return fail(error, QStringLiteral("the conversion window must be positive"));
    if (!params.breakdown.isEmpty() && !isKnownGroupProperty(index, params.breakdown))
        return fail(error, QStringLiteral("unknown property \"%1\"").arg(params.breakdown));

    // Two halves of the users (by events), one on a second thread; merged in user order.
    const int users = index.userCount();
    const int mid = halfwayUser(index);
    FunnelScan low(context, params, stepTypes);
    FunnelScan high(context, params, stepTypes);
    std::atomic<int> done{0};
    context.progress->start(QStringLiteral("Funnel"), users);
    bool highOk = true;
    std::thread worker([&] { highOk = high.run(mid, users, &done, false); });
    const bool lowOk = low.run(0, mid, &done, true);
    worker.join();
    context.progress->end();
    if (!lowOk || !highOk)
        return false; // cancelled: outcome() says so, without a text

    FunnelResult out;
    out.definition = context.baseDefinition(QStringLiteral("funnel"));
    out.definition.insert(QStringLiteral("steps"), QJsonArray::fromStringList(params.steps));
    out.definition.insert(QStringLiteral("from"), FieldParser::formatTimestamp(params.fromMs));
    out.definition.insert(QStringLiteral("to"), FieldParser::formatTimestamp(params.toMs));
    out.definition.insert(QStringLiteral("window_ms"), params.windowMs);
    out.definition.insert(QStringLiteral("mode"),
                          params.strict ? QStringLiteral("strict") : QStringLiteral("sequential"));
    out.definition.insert(QStringLiteral("breakdown"), params.breakdown);

    Tally all{size_t(k)};
    std::vector<Tally> groups;
    QStringList groupNames;
    QHash<QString, int> groupOf;
    for (const FunnelScan* scan : {&low, &high}) {
        for (const Entered& e : scan->entered) {
            all.add(e, scan->deltas);
            if (params.breakdown.isEmpty())
                continue;
            const QString value = propertyGroupValue(index, e.user, params.breakdown);
            auto it = groupOf.constFind(value);
            if (it == groupOf.constEnd()) {
                it = groupOf.insert(value, int(groups.size()));
                groups.emplace_back(size_t(k));
                groupNames.append(value);
            }
            groups[size_t(*it)].add(e, scan->deltas);
        }
    }
    out.steps = toSteps(params.steps, &all);
    for (size_t g = 0; g < groups.size(); ++g)
        out.breakdown.push_back({groupNames[qsizetype(g)], toSteps(params.steps, &groups[g])});
    std::sort(out.breakdown.begin(), out.breakdown.end(),
              [](const FunnelResult::Group& a, const FunnelResult::Group& b) {
                  if (a.steps[0].users != b.steps[0].users)
                      return a.steps[0].users > b.steps[0].users;
                  return a.value < b.value;
              });
    *result = std::move(out);
    return true;
}

Status runFunnel(const AnalysisContext& context, const FunnelParams& params, FunnelResult* result,
                 QString* error)
{
    return context.outcome(computeFunnel(context, params, result, error), error);
}

} // namespace pulsebook
