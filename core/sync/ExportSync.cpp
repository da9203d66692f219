#include "ExportSync.h"

#include "CsvReader.h"
#include "EventMerge.h"
#include "ExportFormat.h"
#include "RowParser.h"
#include "FieldParser.h"
#include "Progress.h"
#include "cache/Cache.h"
#include "cache/EventTable.h"
#include "export/CsvWriter.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>

#include <atomic>
#include <limits>
#include <memory>
#include <thread>

namespace pulsebook {

namespace {

using ExportFormat::Table;

QString qs(std::string_view v)
{
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

void appendJsonString(QByteArray* out, std::string_view v)
{
    out->append('"');
    for (char c : v) {
        switch (c) {
        case '"': out->append("\\\""); break;
        case '\\': out->append("\\\\"); break;
        case '\n': out->append("\\n"); break;
        case '\r': out->append("\\r"); break;
        case '\t': out->append("\\t"); break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out->append("\\u00");
                out->append(hex[(c >> 4) & 0xF]);
                out->append(hex[c & 0xF]);
            }
            else
                out->append(c);
        }
    }
    out->append('"');
}

// Thrown nowhere: sync steps return false and leave the error in Sync::m_error.
class Sync
{
public:
    Sync(Cache& cache, const SyncOptions& options, Progress* progress, SyncSummary* summary)
        : m_cache(cache), m_db(cache.db()), m_options(options), m_progress(progress),
          m_summary(summary)
    {
    }

    bool run(const QString& folder);
    QString error() const { return m_error; }

private:
    struct ChunkedStore
    {
        EventTable table;
        size_t stored = 0; // the first `stored` rows of table came from the cache
        bool loaded = false;
        bool written = false;
    };

    // Table readers: each reads one file and returns false to stop the sync.
    bool readTeam(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s);
    bool readAccounts(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s);
    bool readUsers(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s);
    bool readMigrations(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s);
    // events.csv and sessions.csv, into their chunked stores.
    bool readChunked(EventChunks::Store store, CsvReader& r, const ExportFormat::Header& h,
                     SyncTableSummary& s);
    bool appendRows(ParsedRows& rows, const std::vector<quint32>& keys, EventTable& table,
                    bool events);
    static qint64 splitPoint(const QString& path, qint64 middle);
    bool readTouches(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s);

    bool loadDictionaries();
    bool resolveMerges();
    // Sends `fromUid`'s rows to the end of the merge chain that starts at `to`.
    bool remapUser(quint32 fromUid, QString to);
    bool writeEvents();
    bool loadStore(EventChunks::Store store, ChunkedStore& target);
    bool writeStore(EventChunks::Store store, ChunkedStore& target, qint64* count,
                    bool* rewritten);
    // A bad row: strict mode stops with the message; skip mode writes it to the rejects file.
    bool reject(CsvReader& r, const QString& message, SyncTableSummary& s);
    bool keepGoing(CsvReader& r);
    bool prepare(Statement* s, const char* sql);
    bool step(Statement& s);
    // The uid of `userId`, creating a user first seen outside users.csv.
    bool userFor(std::string_view userId, quint32* uid);
    bool propertyKey(const QString& name, quint32* id);
    bool propertiesJson(CsvReader& r, const ExportFormat::Header& h, QByteArray* out);
    bool checkFieldCount(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s,
                         bool* ok);

    // Optional typed fields: empty means missing (NULL), never zero.
    bool bindTime(Statement& st, int index, CsvReader& r, int field, QString* why);

    Cache& m_cache;
    Database& m_db;
    SyncOptions m_options;
    Progress* m_progress;
    SyncSummary* m_summary;
    QString m_error;
    std::unique_ptr<CsvWriter> m_rejects;

    StringPool m_userIds;           // user_id text -> pool id
    std::vector<quint32> m_uidOf;   // pool id -> uid
    quint32 m_nextUid = 1;
    QHash<QString, quint32> m_keys; // property key -> id
    StringPool m_typeNames;
    std::vector<quint32> m_typeIdOf; // pool id -> event_types.id
    std::vector<quint32> m_remap;    // uid -> surviving uid (identity merges)
    bool m_mergesResolved = false;
    QHash<QString, QString> m_merges; // from_user_id -> to_user_id
    ChunkedStore m_events;
    ChunkedStore m_sessions;
    Statement m_insertUser;
};

bool Sync::prepare(Statement* s, const char* sql)
{
    *s = m_db.prepare(sql, &m_error);
    return s->isValid();
}

bool Sync::step(Statement& s)
{
    return s.run(&m_error);
}

bool Sync::keepGoing(CsvReader& r)
{
    if (!m_progress->update(r.bytesRead())) {
        m_error = QStringLiteral("cancelled");
        return false;
    }
    return true;
}

bool Sync::reject(CsvReader& r, const QString& message, SyncTableSummary& s)
{
    if (!m_options.skipBadRows) {
        m_error = message;
        return false;
    }
    if (!m_rejects) {
        m_rejects = std::make_unique<CsvWriter>();
        if (!m_rejects->open(m_options.rejectsPath, &m_error))
            return false;
        for (const char* h : {"file", "line", "reason", "record"})
            m_rejects->text(std::string_view(h));
        m_rejects->endRow();
        m_summary->rejectsPath = m_options.rejectsPath;
    }
    m_rejects->text(r.displayName());
    m_rejects->number(r.line());
    // The reason without the "file:line:column: " prefix, which the first two cells carry.
    const QString prefix = r.displayName() + QLatin1Char(':');
    QString reason = message;
    if (reason.startsWith(prefix)) {
        const int colon = reason.indexOf(QLatin1String(": "), prefix.size());
        if (colon > 0)
            reason = reason.mid(colon + 2);
    }
    m_rejects->text(reason);
    m_rejects->text(r.rawRecord());
    m_rejects->endRow();
    ++s.rejected;
    ++m_summary->rejected;
    return true;
}

bool Sync::checkFieldCount(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s,
                           bool* ok)
{
    ++s.rows;
    *ok = r.fieldCount() == h.fieldCount;
    if (*ok)
        return true;
    return reject(r,
                  r.recordError(QStringLiteral("expected %1 fields, found %2")
                                    .arg(h.fieldCount)
                                    .arg(r.fieldCount())),
                  s);
}

bool Sync::loadDictionaries()
{
    Statement s;
    if (!prepare(&s, "SELECT uid, user_id FROM users"))
        return false;
    m_uidOf.assign(1, 0);
    while (s.step()) {
        const quint32 uid = quint32(s.int64(0));
        const quint32 id = m_userIds.intern(s.textView(1));
        m_uidOf.resize(id + 1, 0);
        m_uidOf[id] = uid;
        m_nextUid = std::max(m_nextUid, uid + 1);
    }
    if (!prepare(&s, "SELECT id, name FROM property_keys"))
        return false;
    while (s.step())
        m_keys.insert(s.text(1), quint32(s.int64(0)));
    if (!prepare(&s, "SELECT id, name FROM event_types"))
        return false;
    m_typeIdOf.assign(1, 0);
    while (s.step()) {
        const quint32 id = m_typeNames.intern(s.textView(1));
        m_typeIdOf.resize(id + 1, 0);
        m_typeIdOf[id] = quint32(s.int64(0));
    }
    if (!prepare(&s, "SELECT from_user_id, to_user_id FROM user_migrations"))
        return false;
    while (s.step())
        m_merges.insert(s.text(0), s.text(1));
    return prepare(&m_insertUser,
                   "INSERT INTO users(uid, user_id, from_events) VALUES (?, ?, 1)");
}

bool Sync::userFor(std::string_view userId, quint32* uid)
{
    const quint32 id = m_userIds.intern(userId);
    if (id < m_uidOf.size() && m_uidOf[id] != 0) {
        *uid = m_uidOf[id];
        return true;
    }
    // Never shrink: a user whose users.csv row was rejected holds a pool id but no uid, and
    // later users' uids sit above it.
    if (id >= m_uidOf.size())
        m_uidOf.resize(id + 1, 0);
    m_uidOf[id] = m_nextUid++;
    m_insertUser.bind(1, qint64(m_uidOf[id]));
    m_insertUser.bind(2, userId);
    if (!step(m_insertUser))
        return false;
    ++m_summary->createdUsers;
    *uid = m_uidOf[id];
    // A merged identity first seen after the merges were resolved (events.csv is read after
    // sessions.csv has been written) still moves to its surviving user.
    if (m_mergesResolved && !m_merges.isEmpty()) {
        const auto merge = m_merges.constFind(qs(userId));
        if (merge != m_merges.constEnd()) {
            if (!remapUser(*uid, merge.value()))
                return false;
            Statement mark;
            if (!prepare(&mark, "UPDATE users SET merged_into = ? WHERE uid = ?"))
                return false;
            mark.bind(1, qint64(m_remap[*uid]));
            mark.bind(2, qint64(*uid));
            if (!step(mark))
                return false;
        }
    }
    return true;
}

bool Sync::propertyKey(const QString& name, quint32* id)
{
    const auto it = m_keys.constFind(name);
    if (it != m_keys.constEnd()) {
        *id = it.value();
        return true;
    }
    Statement s;
    if (!prepare(&s, "INSERT INTO property_keys(name) VALUES (?)"))
        return false;
    s.bind(1, name);
    if (!step(s))
        return false;
    *id = quint32(m_db.scalar("SELECT last_insert_rowid()"));
    m_keys.insert(name, *id);
    return true;
}

bool Sync::propertiesJson(CsvReader& r, const ExportFormat::Header& h, QByteArray* out)
{
    out->clear();
    for (size_t k = 0; k < h.extraFields.size(); ++k) {
        const auto value = r.field(h.extraFields[k]);
        if (value.empty())
            continue;
        quint32 key;
        if (!propertyKey(h.extraNames[qsizetype(k)], &key))
            return false;
        out->append(out->isEmpty() ? '{' : ',');
        out->append('"').append(QByteArray::number(key)).append("\":");
        appendJsonString(out, value);
    }
    if (!out->isEmpty())
        out->append('}');
    return true;
}

bool Sync::bindTime(Statement& st, int index, CsvReader& r, int field, QString* why)
{
    if (field < 0 || r.field(field).empty()) {
        st.bindNull(index);
        return true;
    }
    qint64 ms;
    QString reason;
    if (!FieldParser::timestamp(r.field(field), &ms, &reason)) {
        *why = r.fieldError(field, reason);
        return false;
    }
    st.bind(index, ms);
    return true;
}

// Binds field `f` as text, or NULL when the column is absent or the field empty.
void bindText(Statement& st, int index, CsvReader& r, int f)
{
    if (f < 0 || r.field(f).empty())
        st.bindNull(index);
    else
        st.bind(index, r.field(f));
}

bool Sync::readTeam(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s)
{
    Statement st;
    if (!prepare(&st, "INSERT INTO team(person, role, manager, properties) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT(person) DO UPDATE SET role = excluded.role, "
                      "manager = excluded.manager, properties = excluded.properties"))
        return false;
    QByteArray props;
    while (r.next()) {
        bool ok;
        if (!checkFieldCount(r, h, s, &ok))
            return false;
        if (!ok)
            continue;
        const int person = h.field(0), role = h.field(1), manager = h.field(2);
        if (r.field(person).empty()) {
            if (!reject(r, r.fieldError(person, QStringLiteral("empty person")), s))
                return false;
            continue;
        }
        if (role >= 0 && !r.field(role).empty()) {
            const QString value = qs(r.field(role));
            static const QStringList roles = {QStringLiteral("VP"), QStringLiteral("Director"),
                                              QStringLiteral("Manager"), QStringLiteral("CSM")};
            bool known = false;
            for (const QString& known_role : roles)
                known = known || value.compare(known_role, Qt::CaseInsensitive) == 0;
            if (!known) {
                if (!reject(r, r.fieldError(role, QStringLiteral("role must be VP, Director, "
                                                                 "Manager or CSM")),
                            s))
                    return false;
                continue;
            }
        }
        if (manager >= 0 && r.field(manager) == r.field(person)) {
            if (!reject(r, r.fieldError(manager, QStringLiteral("a person cannot manage "
                                                                "themselves")),
                        s))
                return false;
            continue;
        }
        if (!propertiesJson(r, h, &props))
            return false;
        st.bind(1, r.field(person));
        bindText(st, 2, r, role);
        bindText(st, 3, r, manager);
        if (props.isEmpty())
            st.bindNull(4);
        else
            st.bind(4, std::string_view(props.constData(), size_t(props.size())));
        if (!step(st))
            return false;
        ++s.landed;
        if ((s.rows & 1023) == 0 && !keepGoing(r))
            return false;
    }
    return true;
}

bool Sync::readAccounts(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s)
{
    Statement st;
    if (!prepare(&st,
                 "INSERT INTO accounts(account_id, name, csm, metrics_group, renewal_date, arr, "
                 "sentiment, has_success_plan, last_success_plan_update, last_ebr, "
                 "last_exec_sponsor_activity, last_champion_activity, last_exec_meeting, "
                 "open_new_arr, wins_past_year, products_adopted, renewal_outcome, properties) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT(account_id) DO UPDATE SET name = excluded.name, "
                 "csm = excluded.csm, metrics_group = excluded.metrics_group, "
                 "renewal_date = excluded.renewal_date, arr = excluded.arr, "
                 "sentiment = excluded.sentiment, has_success_plan = excluded.has_success_plan, "
                 "last_success_plan_update = excluded.last_success_plan_update, "
                 "last_ebr = excluded.last_ebr, "
                 "last_exec_sponsor_activity = excluded.last_exec_sponsor_activity, "
                 "last_champion_activity = excluded.last_champion_activity, "
                 "last_exec_meeting = excluded.last_exec_meeting, "
                 "open_new_arr = excluded.open_new_arr, "
                 "wins_past_year = excluded.wins_past_year, "
                 "products_adopted = excluded.products_adopted, "
                 "renewal_outcome = excluded.renewal_outcome, properties = excluded.properties"))
        return false;
    enum { Id, Name, Csm, Group, Renewal, Arr, Sentiment, Plan, PlanUpdate, Ebr, Sponsor,
           Champion, ExecMeeting, OpenArr, Wins, Products, Outcome };
    QByteArray props;
    while (r.next()) {
        bool ok;
        if (!checkFieldCount(r, h, s, &ok))
            return false;
        if (!ok)
            continue;
        QString why;
        auto f = [&](int column) { return h.field(column); };
        auto has = [&](int column) { return f(column) >= 0 && !r.field(f(column)).empty(); };
        if (!has(Id))
            why = r.fieldError(f(Id), QStringLiteral("empty account_id"));
        st.bind(1, r.field(f(Id)));
        bindText(st, 2, r, f(Name));
        bindText(st, 3, r, f(Csm));
        bindText(st, 4, r, f(Group));
        for (auto [column, index] : {std::pair{Renewal, 5}, {PlanUpdate, 9}, {Ebr, 10},
                                     {Sponsor, 11}, {Champion, 12}, {ExecMeeting, 13}}) {
            if (why.isEmpty())
                bindTime(st, index, r, f(column), &why);
        }
        for (auto [column, index] : {std::pair{Arr, 6}, {OpenArr, 14}}) {
            if (!why.isEmpty())
                break;
            if (!has(column)) {
                st.bindNull(index);
                continue;
            }
            double value;
            QString reason;
            if (!FieldParser::money(r.field(f(column)), &value, &reason))
                why = r.fieldError(f(column), reason);
            else if (value < 0)
                why = r.fieldError(f(column), QStringLiteral("negative amount"));
            else
                st.bind(index, value);
        }
        if (why.isEmpty()) {
            if (!has(Sentiment)) {
                st.bindNull(7);
            } else {
                const QString v = qs(r.field(f(Sentiment))).trimmed();
                QString canonical;
                for (const char* name : {"Green", "Yellow", "Red"}) {
                    if (v.compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
                        canonical = QLatin1String(name);
                }
                if (canonical.isEmpty())
                    why = r.fieldError(f(Sentiment),
                                       QStringLiteral("sentiment must be Green, Yellow or Red"));
                else
                    st.bind(7, canonical);
            }
        }
        if (why.isEmpty()) {
            bool value;
            QString reason;
            if (!has(Plan))
                st.bindNull(8);
            else if (!FieldParser::boolean(r.field(f(Plan)), &value, &reason))
                why = r.fieldError(f(Plan), reason);
            else
                st.bind(8, qint64(value));
        }
        if (why.isEmpty()) {
            qint64 value;
            QString reason;
            if (!has(Wins))
                st.bindNull(15);
            else if (!FieldParser::count(r.field(f(Wins)), &value, &reason))
                why = r.fieldError(f(Wins), reason);
            else
                st.bind(15, value);
        }
        if (why.isEmpty()) {
            qint64 value;
            QString reason;
            if (!has(Products))
                st.bindNull(16);
            else if (!FieldParser::productCount(r.field(f(Products)), &value, &reason))
                why = r.fieldError(f(Products), reason);
            else
                st.bind(16, value);
        }
        if (why.isEmpty()) {
            if (!has(Outcome)) {
                st.bindNull(17);
            } else {
                const QString v = qs(r.field(f(Outcome))).trimmed().toLower();
                if (v != QLatin1String("renewed") && v != QLatin1String("churned"))
                    why = r.fieldError(f(Outcome),
                                       QStringLiteral("renewal_outcome must be renewed or "
                                                      "churned"));
                else
                    st.bind(17, v);
            }
        }
        if (!why.isEmpty()) {
            st.reset();
            if (!reject(r, why, s))
                return false;
            continue;
        }
        if (!propertiesJson(r, h, &props))
            return false;
        if (props.isEmpty())
            st.bindNull(18);
        else
            st.bind(18, std::string_view(props.constData(), size_t(props.size())));
        if (!step(st))
            return false;
        ++s.landed;
        if ((s.rows & 1023) == 0 && !keepGoing(r))
            return false;
    }
    return true;
}

bool Sync::readUsers(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s)
{
    Statement insert, update;
    if (!prepare(&insert, "INSERT INTO users(identity, email, account_id, joindate, "
                          "last_modified, properties, uid, user_id, from_events) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)") ||
        !prepare(&update, "UPDATE users SET identity = ?, email = ?, account_id = ?, "
                          "joindate = ?, last_modified = ?, properties = ?, from_events = 0 "
                          "WHERE uid = ?"))
        return false;
    QByteArray props;
    while (r.next()) {
        bool ok;
        if (!checkFieldCount(r, h, s, &ok))
            return false;
        if (!ok)
            continue;
        const auto userId = r.field(h.field(0));
        if (userId.empty()) {
            if (!reject(r, r.fieldError(h.field(0), QStringLiteral("empty user_id")), s))
                return false;
            continue;
        }
        const quint32 id = m_userIds.intern(userId);
        const bool known = id < m_uidOf.size() && m_uidOf[id] != 0;
        Statement& st = known ? update : insert;
        bindText(st, 1, r, h.field(1));
        bindText(st, 2, r, h.field(2));
        bindText(st, 3, r, h.field(3));
        QString why;
        if (!bindTime(st, 4, r, h.field(4), &why) || !bindTime(st, 5, r, h.field(5), &why)) {
            st.reset();
            if (!reject(r, why, s))
                return false;
            continue;
        }
        if (!propertiesJson(r, h, &props))
            return false;
        if (props.isEmpty())
            st.bindNull(6);
        else
            st.bind(6, std::string_view(props.constData(), size_t(props.size())));
        if (known) {
            st.bind(7, qint64(m_uidOf[id]));
        } else {
            if (id >= m_uidOf.size()) // never shrink (see userFor)
                m_uidOf.resize(id + 1, 0);
            m_uidOf[id] = m_nextUid++;
            st.bind(7, qint64(m_uidOf[id]));
            st.bind(8, userId);
        }
        if (!step(st))
            return false;
        ++s.landed;
        if ((s.rows & 1023) == 0 && !keepGoing(r))
            return false;
    }
    return true;
}

bool Sync::readMigrations(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s)
{
    Statement st;
    if (!prepare(&st, "INSERT INTO user_migrations(from_user_id, to_user_id, time) "
                      "VALUES (?, ?, ?) ON CONFLICT(from_user_id) DO UPDATE SET "
                      "to_user_id = excluded.to_user_id, time = excluded.time"))
        return false;
    while (r.next()) {
        bool ok;
        if (!checkFieldCount(r, h, s, &ok))
            return false;
        if (!ok)
            continue;
        const QString from = qs(r.field(h.field(0)));
        const QString to = qs(r.field(h.field(1)));
        QString why;
        if (from.isEmpty())
            why = r.fieldError(h.field(0), QStringLiteral("empty from_user_id"));
        else if (to.isEmpty())
            why = r.fieldError(h.field(1), QStringLiteral("empty to_user_id"));
        else if (from == to)
            why = r.fieldError(h.field(1), QStringLiteral("a user cannot be merged into "
                                                          "themselves"));
        if (why.isEmpty()) {
            // Following the merges from `to` must never come back to `from`.
            QString at = to;
            for (int hops = 0; hops <= m_merges.size() && m_merges.contains(at); ++hops) {
                at = m_merges.value(at);
                if (at == from) {
                    why = r.fieldError(h.field(1),
                                       QStringLiteral("identity merge cycle: %1 is already "
                                                      "merged into %2")
                                           .arg(to, from));
                    break;
                }
            }
        }
        if (why.isEmpty())
            bindTime(st, 3, r, h.field(2), &why);
        if (!why.isEmpty()) {
            st.reset();
            if (!reject(r, why, s))
                return false;
            continue;
        }
        st.bind(1, from);
        st.bind(2, to);
        if (!step(st))
            return false;
        m_merges.insert(from, to);
        ++s.landed;
    }
    return true;
}

bool Sync::readChunked(EventChunks::Store store, CsvReader& r, const ExportFormat::Header& h,
                       SyncTableSummary& s)
{
    const bool events = store == EventChunks::Store::Events;
    ChunkedStore& target = events ? m_events : m_sessions;
    if (!loadStore(store, target))
        return false;

    RowLayout layout;
    layout.fieldCount = h.fieldCount;
    layout.idField = h.field(0);
    layout.userField = h.field(1);
    layout.timeField = h.field(2);
    std::vector<quint32> keys; // property key of each layout.propertyFields entry
    auto addProperty = [&](const QString& name, int field) {
        quint32 key;
        if (!propertyKey(name, &key))
            return false;
        keys.push_back(key);
        layout.propertyFields.push_back(field);
        return true;
    };
    if (events) {
        layout.typeField = h.field(3);
        layout.sessionField = h.field(4);
    } else {
        layout.idName = "session_id";
        // Every optional column of sessions.csv is a session property.
        const auto& spec = ExportFormat::spec(Table::Sessions);
        for (size_t c = 3; c < spec.columns.size(); ++c) {
            if (h.field(int(c)) >= 0 &&
                !addProperty(QLatin1String(spec.columns[c].name), h.field(int(c))))
                return false;
        }
    }
    for (size_t k = 0; k < h.extraFields.size(); ++k) {
        if (!addProperty(h.extraNames[qsizetype(k)], h.extraFields[k]))
            return false;
    }

    std::atomic<qint64> secondDone{0};
    std::atomic<bool> stopSecond{false};
    const RejectRow rejectRow = [this, &s](CsvReader& reader, const QString& message) {
        return reject(reader, message, s);
    };
    const KeepGoing keepGoing = [this, &secondDone](CsvReader& reader) {
        if (!m_progress->update(reader.position() + secondDone.load())) {
            m_error = QStringLiteral("cancelled");
            return false;
        }
        return true;
    };

    // Large files are read by both cores: the second half from the first line break after the
    // middle. The first reader checks that the split fell between records (not inside a
    // quoted field); if not, the second half is dropped and the first reader reads on.
    // Rejects must be written in file order, so skip mode reads on one core.
    ParsedRows first, second;
    qint64 split = -1;
    if (!m_options.skipBadRows && r.fileSize() >= (qint64(64) << 20))
        split = splitPoint(s.file, r.fileSize() / 2);
    bool ok;
    // The first part's columns become the store's when the store is empty: give them room
    // for the whole file.
    const size_t estimate = estimateRows(s.file, r.fileSize());
    if (target.table.size() == 0)
        first.reserve(estimate, layout.propertyFields.size());
    if (split > 0) {
        r.limitTo(split);
        second.reserve(estimate / 2 + estimate / 20, layout.propertyFields.size());
        QString secondError;
        bool secondOk = false;
        std::thread worker([&] {
            const qint64 line = CsvReader::lineAt(s.file, split);
            CsvReader other;
            if (line < 0 ||
                !other.openRange(s.file, split, std::numeric_limits<qint64>::max(), line,
                                 &secondError, r.displayName()))
                return;
            secondOk = parseRows(
                other, layout, &second,
                [&secondError](CsvReader&, const QString& message) {
                    secondError = message;
                    return false;
                },
                [&](CsvReader& reader) {
                    secondDone.store(reader.position() - split);
                    return !stopSecond.load() && !m_progress->isCancelled();
                });
            if (other.hasError())
                secondError = other.errorString();
        });
        ok = parseRows(r, layout, &first, rejectRow, keepGoing) && !r.hasError();
        const bool clean = ok && r.position() == split;
        if (!clean)
            stopSecond.store(true);
        worker.join();
        if (ok && !clean) {
            second = ParsedRows();
            r.extendToEnd();
            ok = parseRows(r, layout, &first, rejectRow, keepGoing);
        } else if (ok && (!secondOk || !secondError.isEmpty())) {
            m_error = secondError.isEmpty() ? QStringLiteral("cancelled") : secondError;
            return false;
        }
    } else {
        ok = parseRows(r, layout, &first, rejectRow, keepGoing);
    }
    if (!ok) {
        // parseRows() stops without an error of its own when the reader fails (bad quote,
        // invalid UTF-8): that error is the reader's, not a cancel.
        if (m_error.isEmpty())
            m_error = r.hasError() ? r.errorString() : QStringLiteral("cancelled");
        return false;
    }
    if (r.hasError())
        return true; // run() reports the reader's error
    s.rows += first.rows + second.rows;
    s.landed += first.landed + second.landed;
    if (!appendRows(first, keys, target.table, events) ||
        !appendRows(second, keys, target.table, events))
        return false;
    first = ParsedRows();
    second = ParsedRows();
    // Sorted and written now, so its memory is free before the next file.
    bool rewritten = false;
    return writeStore(store, target,
                      events ? &m_summary->eventsInCache : &m_summary->sessionsInCache,
                      events ? &m_summary->eventsRewritten : &rewritten);
}

qint64 Sync::splitPoint(const QString& path, qint64 middle)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || !f.seek(middle))
        return -1;
    const QByteArray block = f.read(1 << 20);
    const int newline = block.indexOf('\n');
    return newline < 0 ? -1 : middle + newline + 1;
}

bool Sync::appendRows(ParsedRows& p, const std::vector<quint32>& keys, EventTable& t, bool events)
{
    const size_t n = p.user.size();
    if (n == 0)
        return true;
    // Local ids to the store's: users (created when first seen), event types, IDs, values.
    std::vector<quint32> users(size_t(p.users.size()) + 1, 0);
    for (quint32 id = 1; id <= p.users.size(); ++id) {
        if (!userFor(p.users.at(id), &users[id]))
            return false;
    }
    std::vector<quint32> types(size_t(p.types.size()) + 1, 0);
    if (events) {
        Statement insertType;
        if (!prepare(&insertType, "INSERT INTO event_types(name) VALUES (?)"))
            return false;
        for (quint32 id = 1; id <= p.types.size(); ++id) {
            const auto name = p.types.at(id);
            const quint32 pool = m_typeNames.intern(name);
            if (pool >= m_typeIdOf.size()) {
                insertType.bind(1, name);
                if (!step(insertType))
                    return false;
                m_typeIdOf.resize(pool + 1, 0);
                m_typeIdOf[pool] = quint32(m_db.scalar("SELECT last_insert_rowid()"));
            }
            types[id] = m_typeIdOf[pool];
        }
    }
    // An empty store takes the pools as they are: ids stay the same.
    const bool adopted = t.size() == 0 && t.idText.size() == 0 && t.values.size() == 0;
    if (adopted) {
        t.idText = std::move(p.idText);
        t.values = std::move(p.values);
        p.idText = StringPool();
        p.values = StringPool();
    }
    std::vector<qint64> idText(size_t(p.idText.size()) + 1, 0);
    for (quint32 id = 1; id <= p.idText.size(); ++id)
        idText[id] = -qint64(t.idText.intern(p.idText.at(id))) - 1;
    std::vector<quint32> values(size_t(p.values.size()) + 1, 0);
    for (quint32 id = 1; id <= p.values.size(); ++id)
        values[id] = t.values.intern(p.values.at(id));

    // Column by column: ids are mapped in place, then the column is moved into an empty table
    // or appended and freed, so memory never holds two copies of more than one column.
    auto take = [](auto& from, auto& to) {
        if (to.empty()) {
            to = std::move(from);
        } else {
            to.insert(to.end(), from.begin(), from.end());
        }
        std::remove_reference_t<decltype(from)>().swap(from);
    };
    for (auto& u : p.user)
        u = users[u];
    take(p.user, t.uid);
    take(p.time, t.time);
    for (auto& type : p.type)
        type = types[type];
    take(p.type, t.type);
    for (auto* ids : {&p.id, &p.session}) {
        for (auto& v : *ids) {
            if (!adopted && v < 0 && v != EventTable::NoSession)
                v = idText[size_t(-(v + 1))];
        }
    }
    take(p.id, t.eventId);
    take(p.session, t.sessionId);
    for (size_t k = 0; k < keys.size(); ++k) {
        if (!adopted) {
            for (auto& v : p.properties[k])
                v = values[v];
        }
        auto& column = t.column(keys[k]).values; // created full of "missing" if new
        column.resize(t.size() - n, 0);
        take(p.properties[k], column);
    }
    for (auto& c : t.properties)
        c.values.resize(t.size(), 0);
    return true;
}

bool Sync::readTouches(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s)
{
    Statement st;
    if (!prepare(&st, "INSERT INTO campaign_touches(uid, campaign, time, stage, properties) "
                      "VALUES (?, ?, ?, ?, ?) ON CONFLICT(uid, campaign, stage, time) "
                      "DO UPDATE SET properties = excluded.properties"))
        return false;
    QByteArray props;
    while (r.next()) {
        bool ok;
        if (!checkFieldCount(r, h, s, &ok))
            return false;
        if (!ok)
            continue;
        QString why;
        const QString stage = qs(r.field(h.field(3))).trimmed().toLower();
        if (r.field(h.field(0)).empty())
            why = r.fieldError(h.field(0), QStringLiteral("empty user_id"));
        else if (r.field(h.field(1)).empty())
            why = r.fieldError(h.field(1), QStringLiteral("empty campaign"));
        else if (r.field(h.field(2)).empty())
            why = r.fieldError(h.field(2), QStringLiteral("missing time"));
        else if (stage != QLatin1String("delivered") && stage != QLatin1String("opened") &&
                 stage != QLatin1String("clicked"))
            why = r.fieldError(h.field(3),
                               QStringLiteral("stage must be delivered, opened or clicked"));
        if (why.isEmpty())
            bindTime(st, 3, r, h.field(2), &why);
        if (!why.isEmpty()) {
            st.reset();
            if (!reject(r, why, s))
                return false;
            continue;
        }
        quint32 uid;
        if (!userFor(r.field(h.field(0)), &uid))
            return false;
        st.bind(1, qint64(uid));
        st.bind(2, r.field(h.field(1)));
        st.bind(4, stage);
        if (!propertiesJson(r, h, &props))
            return false;
        if (props.isEmpty())
            st.bindNull(5);
        else
            st.bind(5, std::string_view(props.constData(), size_t(props.size())));
        if (!step(st))
            return false;
        ++s.landed;
        if ((s.rows & 4095) == 0 && !keepGoing(r))
            return false;
    }
    return true;
}

bool Sync::resolveMerges()
{
    if (m_mergesResolved)
        return true;
    m_mergesResolved = true;
    // Identity merges: resolve chains (cycles were refused when the rows came in).
    m_remap.clear();
    for (auto it = m_merges.constBegin(); it != m_merges.constEnd(); ++it) {
        const QByteArray fromUtf8 = it.key().toUtf8();
        const quint32 fromPool =
            m_userIds.find(std::string_view(fromUtf8.constData(), size_t(fromUtf8.size())));
        if (fromPool == 0 || fromPool >= m_uidOf.size() || m_uidOf[fromPool] == 0)
            continue; // nobody to move yet (userFor() remaps one first seen later)
        if (!remapUser(m_uidOf[fromPool], it.value()))
            return false;
    }
    Statement markUser;
    if (!prepare(&markUser, "UPDATE users SET merged_into = ? WHERE uid = ? AND "
                            "merged_into IS NOT ?"))
        return false;
    for (quint32 from = 0; from < m_remap.size(); ++from) {
        if (m_remap[from] == 0)
            continue;
        markUser.bind(1, qint64(m_remap[from]));
        markUser.bind(2, qint64(from));
        markUser.bind(3, qint64(m_remap[from]));
        if (!step(markUser))
            return false;
    }
    return true;
}

bool Sync::remapUser(quint32 fromUid, QString to)
{
    for (int hops = 0; hops < m_merges.size() && m_merges.contains(to); ++hops)
        to = m_merges.value(to);
    const QByteArray toUtf8 = to.toUtf8();
    quint32 toUid;
    if (!userFor(std::string_view(toUtf8.constData(), size_t(toUtf8.size())), &toUid))
        return false;
    if (m_remap.size() <= fromUid)
        m_remap.resize(fromUid + 1, 0);
    m_remap[fromUid] = toUid;
    return true;
}

bool Sync::writeEvents()
{
    if (!resolveMerges())
        return false;
    bool rewritten = false;
    if (!writeStore(EventChunks::Store::Sessions, m_sessions, &m_summary->sessionsInCache,
                    &rewritten) ||
        !writeStore(EventChunks::Store::Events, m_events, &m_summary->eventsInCache,
                    &m_summary->eventsRewritten))
        return false;
    return true;
}

bool Sync::loadStore(EventChunks::Store store, ChunkedStore& target)
{
    if (target.loaded)
        return true;
    QString why;
    if (!EventChunks::load(m_db, store, &target.table, silentProgress(), &why)) {
        m_error = QStringLiteral("%1: %2").arg(m_cache.path(), why);
        return false;
    }
    target.stored = target.table.size();
    target.loaded = true;
    return true;
}

bool Sync::writeStore(EventChunks::Store store, ChunkedStore& target, qint64* count,
                      bool* rewritten)
{
    if (target.written)
        return true;
    if (!resolveMerges())
        return false;
    // A store this sync did not read only needs rewriting when identities were merged.
    if (!target.loaded && m_remap.empty()) {
        *count = EventChunks::count(m_db, store);
        return true;
    }
    if (!loadStore(store, target))
        return false;
    m_progress->start(store == EventChunks::Store::Events ? QStringLiteral("Sorting events")
                                                          : QStringLiteral("Sorting sessions"),
                      0);
    bool changed = false;
    const std::vector<quint32> order =
        mergeEvents(&target.table, target.stored, m_remap, &changed);
    m_progress->end();
    if (m_progress->isCancelled()) {
        m_error = QStringLiteral("cancelled");
        return false;
    }
    *count = qint64(order.size());
    *rewritten = changed;
    target.written = true;
    if (changed && !EventChunks::save(m_db, store, target.table, order, m_progress, &m_error))
        return false;
    target.table = EventTable(); // done with it: free the memory for the next file
    return true;
}

bool Sync::run(const QString& folder)
{
    QDir dir(folder);
    if (!dir.exists()) {
        m_error = QStringLiteral("%1: no such folder").arg(folder);
        return false;
    }
    // Match file names case-insensitively.
    const QStringList entries = dir.entryList(QDir::Files);
    struct Found
    {
        const ExportFormat::FileSpec* spec;
        QString path;
    };
    std::vector<Found> found;
    for (const auto& spec : ExportFormat::files()) {
        QString match;
        for (const char* name : spec.files) {
            for (const QString& e : entries) {
                if (e.compare(QLatin1String(name), Qt::CaseInsensitive) != 0)
                    continue;
                if (!match.isEmpty()) {
                    m_error = QStringLiteral("%1: both %2 and %3 hold %4: keep one")
                                  .arg(folder, match, e, QLatin1String(spec.tableName));
                    return false;
                }
                match = e;
            }
        }
        if (!match.isEmpty())
            found.push_back({&spec, dir.filePath(match)});
    }
    if (found.empty()) {
        m_error = QStringLiteral("%1: no export files (expected events.csv, users.csv, "
                                 "accounts.csv, ...)")
                      .arg(folder);
        return false;
    }
    if (m_options.skipBadRows && m_options.rejectsPath.isEmpty())
        m_options.rejectsPath = m_cache.path() + QStringLiteral(".rejects.csv");

    if (!m_db.exec("BEGIN IMMEDIATE", &m_error))
        return false;
    if (!loadDictionaries())
        return false;
    const qint64 started = QDateTime::currentMSecsSinceEpoch();

    for (const Found& f : found) {
        SyncTableSummary s;
        s.table = QLatin1String(f.spec->tableName);
        s.file = f.path;
        CsvReader reader;
        if (!reader.open(f.path, &m_error))
            return false;
        ExportFormat::Header header;
        if (!ExportFormat::readHeader(reader, *f.spec, &header, &m_error))
            return false;
        m_progress->start(QStringLiteral("Reading %1").arg(QFileInfo(f.path).fileName()),
                          reader.fileSize());
        bool ok = false;
        switch (f.spec->table) {
        case Table::Team: ok = readTeam(reader, header, s); break;
        case Table::Accounts: ok = readAccounts(reader, header, s); break;
        case Table::Users: ok = readUsers(reader, header, s); break;
        case Table::UserMigrations: ok = readMigrations(reader, header, s); break;
        case Table::Sessions:
            ok = readChunked(EventChunks::Store::Sessions, reader, header, s);
            break;
        case Table::Events: ok = readChunked(EventChunks::Store::Events, reader, header, s); break;
        case Table::CampaignTouches: ok = readTouches(reader, header, s); break;
        }
        if (!ok)
            return false;
        if (reader.hasError()) {
            // A malformed record (quote, UTF-8, ...) cannot be skipped safely: its end is unknown.
            m_error = reader.errorString();
            return false;
        }
        // A small file never reaches a periodic check: honour a cancel at its end.
        if (!m_progress->update(reader.fileSize())) {
            m_error = QStringLiteral("cancelled");
            return false;
        }
        m_progress->end();
        m_summary->tables.append(s);
    }
    if (!writeEvents())
        return false;

    if (m_rejects && !m_rejects->close(&m_error))
        return false;
    QByteArray rows = "{";
    for (const auto& t : m_summary->tables) {
        if (rows.size() > 1)
            rows += ',';
        rows += '"' + t.table.toUtf8() + "\":" + QByteArray::number(t.landed);
    }
    rows += '}';
    Statement log;
    if (!prepare(&log, "INSERT INTO sync_log(started_ms, finished_ms, source, mode, rows, "
                       "rejected, created_users) VALUES (?, ?, ?, ?, ?, ?, ?)"))
        return false;
    log.bind(1, started);
    log.bind(2, QDateTime::currentMSecsSinceEpoch());
    log.bind(3, QDir(folder).absolutePath());
    log.bind(4, QStringLiteral("csv"));
    log.bind(5, std::string_view(rows.constData(), size_t(rows.size())));
    log.bind(6, m_summary->rejected);
    log.bind(7, m_summary->createdUsers);
    if (!step(log))
        return false;
    m_progress->start(QStringLiteral("Committing"), 0);
    const bool committed = m_db.exec("COMMIT", &m_error);
    m_progress->end();
    return committed;
}

} // namespace

bool syncExportFolder(Cache& cache, const QString& folder, const SyncOptions& options,
                      Progress* progress, SyncSummary* summary, QString* error)
{
    QElapsedTimer timer;
    timer.start();
    SyncSummary local;
    SyncSummary* out = summary ? summary : &local;
    *out = SyncSummary();
    out->folder = folder;
    Sync sync(cache, options, progress ? progress : silentProgress(), out);
    const bool ok = sync.run(folder);
    if (!ok) {
        cache.db().exec("ROLLBACK", nullptr);
        if (error)
            *error = sync.error();
        // Nothing landed: a rejects file written so far describes a sync that did not happen.
        if (!out->rejectsPath.isEmpty())
            QFile::remove(out->rejectsPath);
        out->rejectsPath.clear();
    }
    out->elapsedMs = timer.elapsed();
    return ok;
}

} // namespace pulsebook
