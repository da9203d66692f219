#include "Timeline.h"

#include "UserList.h"

#include "cache/Cache.h"
#include "cache/EventTable.h"
#include "sync/FieldParser.h"

#include <QHash>

#include <algorithm>

namespace pulsebook {

namespace {

// Properties shown first, in this order (the data contract's columns); the rest by name.
const char* const LeadingEventProperties[] = {"path", "title", "referrer"};
const char* const LeadingSessionProperties[] = {"device_type", "landing_page"};

template <size_t N> int leadingRank(const QString& name, const char* const (&leading)[N])
{
    for (size_t i = 0; i < N; ++i) {
        if (name == QLatin1String(leading[i]))
            return int(i);
    }
    return int(N);
}

template <size_t N>
void orderProperties(std::vector<NamedValue>* values, const char* const (&leading)[N])
{
    std::sort(values->begin(), values->end(), [&](const NamedValue& a, const NamedValue& b) {
        const int ra = leadingRank(a.name, leading);
        const int rb = leadingRank(b.name, leading);
        return ra != rb ? ra < rb : a.name < b.name;
    });
}

// The names in `values`, leading ones first (always, even when no row has them), then the
// others by name.
template <size_t N>
QStringList propertyColumns(const QStringList& met, const char* const (&leading)[N])
{
    QStringList names;
    for (const char* name : leading)
        names.append(QLatin1String(name));
    QStringList rest;
    for (const QString& name : met) {
        if (!names.contains(name) && !rest.contains(name))
            rest.append(name);
    }
    rest.sort();
    return names + rest;
}

// A user property's value as text: times as timestamps, numbers without trailing zeros.
QString valueText(const QVariant& value)
{
    if (!value.isValid())
        return {};
    switch (value.typeId()) {
    case QMetaType::LongLong:
        return FieldParser::formatTimestamp(value.toLongLong());
    case QMetaType::Double:
        return QString::number(value.toDouble(), 'g', 15);
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return value.toString();
    }
}

// One user's rows of a chunk store, read from the chunks whose user range holds the user, and
// the texts of what they refer to. Reads inside the caller's transaction.
class UserRows
{
public:
    UserRows(Database& db, EventChunks::Store store) : m_db(db), m_store(store) {}

    bool read(qint64 uid, QString* error)
    {
        Statement chunks =
            m_db.prepare(m_store == EventChunks::Store::Events
                             ? "SELECT data FROM event_chunks WHERE first_uid <= ? AND "
                               "last_uid >= ? ORDER BY chunk"
                             : "SELECT data FROM session_chunks WHERE first_uid <= ? AND "
                               "last_uid >= ? ORDER BY chunk",
                         error);
        if (!chunks.isValid())
            return false;
        chunks.bind(1, uid);
        chunks.bind(2, uid);
        // The value ids are checked against the dictionary when their texts are read.
        while (chunks.step()) {
            if (!EventChunks::decode(chunks.blobView(0), &m_table, error, true, 0xFFFFFFFFu))
                return false;
        }
        if (chunks.hasError())
            return fail(error, chunks.errorString());
        for (size_t i = 0; i < m_table.size(); ++i) {
            if (m_table.uid[i] == quint32(uid))
                m_rows.push_back(i);
        }
        return true;
    }

    const EventTable& table() const { return m_table; }
    // The user's rows, in (time, ID) order.
    const std::vector<size_t>& rows() const { return m_rows; }
    QString idText(qint64 id) const
    {
        return id == EventTable::NoSession ? QString() : QString::fromUtf8(m_table.idString(id));
    }
    // Row r's properties with a value, by name.
    bool properties(size_t r, const QHash<qint64, QString>& keyNames, std::vector<NamedValue>* out,
                    QString* error)
    {
        for (const EventTable::PropertyColumn& c : m_table.properties) {
            const quint32 v = c.values[r];
            if (v == 0)
                continue;
            QString text;
            if (!valueText(v, &text, error))
                return false;
            out->push_back({keyNames.value(c.key, QStringLiteral("property %1").arg(c.key)), text});
        }
        return true;
    }

private:
    bool valueText(quint32 id, QString* text, QString* error)
    {
        const auto it = m_values.constFind(id);
        if (it != m_values.constEnd()) {
            *text = *it;
            return true;
        }
        if (!m_lookup.isValid()) {
            m_lookup = m_db.prepare(m_store == EventChunks::Store::Events
                                        ? "SELECT text FROM event_values WHERE id = ?"
                                        : "SELECT text FROM session_values WHERE id = ?",
                                    error);
            if (!m_lookup.isValid())
                return false;
        }
        m_lookup.reset();
        m_lookup.bind(1, qint64(id));
        if (!m_lookup.step())
            return fail(error, m_lookup.hasError() ? m_lookup.errorString()
                                                   : QStringLiteral("the value dictionary is "
                                                                    "damaged"));
        *text = m_lookup.text(0);
        m_values.insert(id, *text);
        return true;
    }
    static bool fail(QString* error, const QString& why)
    {
        if (error)
            *error = why;
        return false;
    }

    Database& m_db;
    EventChunks::Store m_store;
    EventTable m_table;
    std::vector<size_t> m_rows;
    QHash<quint32, QString> m_values;
    Statement m_lookup;
};

// id -> name of a small dictionary table (event_types, property_keys).
bool readNames(Database& db, const char* sql, QHash<qint64, QString>* names, QString* error)
{
    Statement s = db.prepare(sql, error);
    if (!s.isValid())
        return false;
    while (s.step())
        names->insert(s.int64(0), s.text(1));
    if (s.hasError()) {
        if (error)
            *error = s.errorString();
        return false;
    }
    return true;
}

void fillCard(const EventIndex& index, Timeline* t)
{
    for (const QString& name : index.userPropertyNames())
        t->card.push_back({name, valueText(index.userProperty(t->user, name))});
    for (const char* name : {"name", "csm"}) {
        const QString property = QLatin1String(name);
        t->card.push_back(
            {QStringLiteral("account.") + property,
             t->account < 0 ? QString() : valueText(index.accountProperty(t->account, property))});
    }
}

// Reads the user's sessions and events (before as-of) into `t`, grouped into rows.
bool readHistory(Database& db, qint64 uid, const TimelineParams& params, Timeline* t,
                 QString* error)
{
    QHash<qint64, QString> keyNames, typeNames;
    if (!readNames(db, "SELECT id, name FROM property_keys", &keyNames, error) ||
        !readNames(db, "SELECT id, name FROM event_types", &typeNames, error))
        return false;
    UserRows sessions(db, EventChunks::Store::Sessions);
    UserRows events(db, EventChunks::Store::Events);
    if (!sessions.read(uid, error) || !events.read(uid, error))
        return false;

    // Sessions starting in [from, to) and before as-of are rows; every session of the user
    // (in the range or not) claims its events.
    QHash<QString, int> rowOfSession; // -1: a session of the user outside the range
    QStringList sessionNames;
    for (const size_t r : sessions.rows()) {
        const qint64 start = sessions.table().time[r];
        const QString id = sessions.idText(sessions.table().eventId[r]);
        if (start < params.fromMs || start >= t->toMs) {
            rowOfSession.insert(id, -1);
            continue;
        }
        TimelineRow row;
        row.sessionId = id;
        row.startMs = row.endMs = start;
        if (!sessions.properties(r, keyNames, &row.properties, error))
            return false;
        orderProperties(&row.properties, LeadingSessionProperties);
        for (const NamedValue& p : row.properties)
            sessionNames.append(p.name);
        rowOfSession.insert(id, int(t->rows.size()));
        t->rows.push_back(std::move(row));
    }
    std::vector<qint64> sessionStarts;
    for (const TimelineRow& row : t->rows)
        sessionStarts.push_back(row.startMs);

    QStringList eventNames;
    int outside = -1; // the row of the current run of events outside sessions
    for (const size_t r : events.rows()) {
        const qint64 time = events.table().time[r];
        if (time >= t->asOfMs)
            break;
        TimelineEvent e;
        e.timeMs = time;
        e.sessionId = events.idText(events.table().sessionId[r]);
        const auto session = rowOfSession.constFind(e.sessionId);
        if (session != rowOfSession.constEnd()) {
            if (*session < 0)
                continue; // its session is outside the range
            e.row = *session;
        } else if (time < params.fromMs || time >= t->toMs) {
            continue;
        } else {
            // A new run when a session started since the run's last event.
            if (outside >= 0) {
                const qint64 last = t->rows[size_t(outside)].endMs;
                const auto next =
                    std::upper_bound(sessionStarts.begin(), sessionStarts.end(), last);
                if (next != sessionStarts.end() && *next <= time)
                    outside = -1;
            }
            if (outside < 0) {
                TimelineRow row;
                row.isSession = false;
                row.startMs = time;
                outside = int(t->rows.size());
                t->rows.push_back(std::move(row));
            }
            e.row = outside;
        }
        e.name = typeNames.value(events.table().type[r]);
        e.eventId = events.idText(events.table().eventId[r]);
        if (!events.properties(r, keyNames, &e.properties, error))
            return false;
        orderProperties(&e.properties, LeadingEventProperties);
        for (const NamedValue& p : e.properties)
            eventNames.append(p.name);
        TimelineRow& row = t->rows[size_t(e.row)];
        row.endMs = std::max(row.endMs, time);
        row.events.push_back(int(t->events.size()));
        t->events.push_back(std::move(e));
    }
    t->eventProperties = propertyColumns(eventNames, LeadingEventProperties);
    t->sessionProperties = propertyColumns(sessionNames, LeadingSessionProperties);
    return true;
}

// Rows by start time, sessions before runs outside them on a tie (a stable sort keeps the
// chunks' (time, ID) order otherwise); the events' row numbers follow.
void sortRows(Timeline* t)
{
    std::vector<int> order(t->rows.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::stable_sort(order.begin(), order.end(), [t](int a, int b) {
        const TimelineRow& ra = t->rows[size_t(a)];
        const TimelineRow& rb = t->rows[size_t(b)];
        if (ra.startMs != rb.startMs)
            return ra.startMs < rb.startMs;
        return ra.isSession && !rb.isSession;
    });
    std::vector<TimelineRow> rows;
    std::vector<int> newRow(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
        newRow[size_t(order[i])] = int(i);
        rows.push_back(std::move(t->rows[size_t(order[i])]));
    }
    t->rows = std::move(rows);
    for (TimelineEvent& e : t->events)
        e.row = newRow[size_t(e.row)];
}

void countEvents(Timeline* t, int top)
{
    QHash<QString, qint64> counts;
    for (const TimelineEvent& e : t->events)
        ++counts[e.name];
    for (auto it = counts.constBegin(); it != counts.constEnd(); ++it)
        t->topEvents.push_back({it.key(), it.value()});
    std::sort(t->topEvents.begin(), t->topEvents.end(),
              [](const EventCount& a, const EventCount& b) {
                  return a.count != b.count ? a.count > b.count : a.name < b.name;
              });
    if (t->topEvents.size() > size_t(std::max(top, 0)))
        t->topEvents.resize(size_t(std::max(top, 0)));
}

QString findProperty(const std::vector<NamedValue>& values, const QString& name)
{
    for (const NamedValue& v : values) {
        if (v.name == name)
            return v.value;
    }
    return {};
}

} // namespace

QString TimelineEvent::property(const QString& name) const
{
    return findProperty(properties, name);
}

QString TimelineRow::property(const QString& name) const
{
    return findProperty(properties, name);
}

GoTo goTo(const Timeline& timeline, qint64 timeMs)
{
    GoTo best;
    for (size_t r = 0; r < timeline.rows.size(); ++r) {
        const TimelineRow& row = timeline.rows[r];
        if (!row.isSession)
            continue;
        // Rows are by start: a later containing (or earlier-starting) session replaces the
        // one found, so the latest start wins within a case.
        if (row.startMs <= timeMs && timeMs <= row.endMs)
            best = {int(r), GoToCase::Inside};
        else if (row.startMs < timeMs && best.how != GoToCase::Inside)
            best = {int(r), GoToCase::Before};
        else if (best.how == GoToCase::None)
            best = {int(r), GoToCase::First};
    }
    return best;
}

QString goToCaseName(GoToCase how)
{
    switch (how) {
    case GoToCase::Inside:
        return QStringLiteral("inside");
    case GoToCase::Before:
        return QStringLiteral("before");
    case GoToCase::First:
        return QStringLiteral("first");
    case GoToCase::None:
        break;
    }
    return QStringLiteral("none");
}

Status runTimeline(const AnalysisContext& context, Cache& cache, const TimelineParams& params,
                   Timeline* result, QString* error)
{
    Timeline t;
    QString why;
    auto failed = [&] {
        if (error)
            *error = why;
        return Status::failed(why);
    };
    const EventIndex& index = *context.index;
    t.user = findUserByIdOrEmail(index, params.user);
    if (t.user < 0) {
        why = QStringLiteral("unknown user \"%1\"").arg(params.user);
        return failed();
    }
    t.userId = index.userId(t.user);
    t.account = index.userAccount(t.user);
    t.asOfMs = context.asOfMs;
    t.fromMs = params.fromMs;
    t.toMs = std::min(params.toMs, context.asOfMs);
    fillCard(index, &t);

    Database& db = cache.db();
    // One read transaction: the sessions and events of one sync.
    if (!db.exec("BEGIN", &why))
        return failed();
    Statement user = db.prepare("SELECT uid FROM users WHERE user_id = ?", &why);
    bool ok = user.isValid();
    if (ok) {
        user.bind(1, t.userId);
        if (user.step()) {
            ok = readHistory(db, user.int64(0), params, &t, &why);
        } else if (user.hasError()) {
            ok = false;
            why = user.errorString();
        } // a user of the index the cache no longer has: an empty history
    }
    user = Statement();
    db.exec("COMMIT", nullptr);
    if (!ok)
        return failed();
    sortRows(&t);
    countEvents(&t, params.topEvents);
    *result = std::move(t);
    return Status::done();
}

int mostActiveUser(const AnalysisContext& context)
{
    const EventIndex& index = *context.index;
    int best = -1;
    size_t most = 0;
    for (int u = 0; u < index.userCount(); ++u) {
        const size_t n = context.eventsEndAsOf(u) - index.eventBegin(u);
        if (n > most) {
            most = n;
            best = u;
        }
    }
    return best;
}

} // namespace pulsebook
