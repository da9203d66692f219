#include "SyncRun.h"

#include "CsvReader.h"
#include "FieldParser.h"
#include "Progress.h"
#include "cache/Cache.h"

namespace pulsebook {

using namespace SyncText;
using ExportFormat::Table;

void SyncText::bindText(Statement& st, int index, CsvReader& r, int f)
{
    if (f < 0 || r.field(f).empty())
        st.bindNull(index);
    else
        st.bind(index, r.field(f));
}

bool SyncRun::readTeam(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s)
{
    Statement st;
    if (!prepare(&st, "INSERT INTO team(person, role, manager, properties) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT(person) DO UPDATE SET role = excluded.role, "
                      "manager = excluded.manager, properties = excluded.properties"))
        return false;
    bool stop = false;
    while (nextRow(r, h, s, &stop)) {
        const int person = h.field(0), role = h.field(1), manager = h.field(2);
        if (r.field(person).empty()) {
            if (!reject(r, r.fieldError(person, QStringLiteral("empty person")), s))
                return false;
            continue;
        }
        // role is a free job title ("Senior CSM"), kept as written: the level comes from the
        // manager links (TeamTree).
        if (manager >= 0 && r.field(manager) == r.field(person)) {
            if (!reject(r,
                        r.fieldError(manager, QStringLiteral("a person cannot manage "
                                                             "themselves")),
                        s))
                return false;
            continue;
        }
        st.bind(1, r.field(person));
        bindText(st, 2, r, role);
        bindText(st, 3, r, manager);
        if (!bindProperties(st, 4, r, h))
            return false;
        if (!landRow(st, r, s))
            return false;
    }
    return !stop;
}

bool SyncRun::readAccounts(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s)
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
    enum {
        Id,
        Name,
        Csm,
        Group,
        Renewal,
        Arr,
        Sentiment,
        Plan,
        PlanUpdate,
        Ebr,
        Sponsor,
        Champion,
        ExecMeeting,
        OpenArr,
        Wins,
        Products,
        Outcome
    };
    bool stop = false;
    while (nextRow(r, h, s, &stop)) {
        QString why;
        auto f = [&](int column) {
            return h.field(column);
        };
        auto has = [&](int column) {
            return f(column) >= 0 && !r.field(f(column)).empty();
        };
        if (!has(Id))
            why = r.fieldError(f(Id), QStringLiteral("empty account_id"));
        st.bind(1, r.field(f(Id)));
        bindText(st, 2, r, f(Name));
        bindText(st, 3, r, f(Csm));
        bindText(st, 4, r, f(Group));
        for (auto [column, index] : {std::pair{Renewal, 5},
                                     {PlanUpdate, 9},
                                     {Ebr, 10},
                                     {Sponsor, 11},
                                     {Champion, 12},
                                     {ExecMeeting, 13}}) {
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
                why = ExportFormat::valueError(r, h.names, f(column), reason);
            else if (value < 0)
                why = ExportFormat::valueError(r, h.names, f(column),
                                               QStringLiteral("negative amount"));
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
                    why = ExportFormat::valueError(
                        r, h.names, f(Sentiment),
                        QStringLiteral("sentiment must be Green, Yellow or Red"));
                else
                    st.bind(7, canonical);
            }
        }
        // An optional typed column: NULL when empty, else the parser's value or its reason.
        auto bindParsed = [&](int column, int index, auto parse) {
            if (!why.isEmpty())
                return;
            if (!has(column)) {
                st.bindNull(index);
                return;
            }
            qint64 value;
            QString reason;
            if (!parse(r.field(f(column)), &value, &reason))
                why = ExportFormat::valueError(r, h.names, f(column), reason);
            else
                st.bind(index, value);
        };
        bindParsed(Plan, 8, [](std::string_view text, qint64* value, QString* reason) {
            bool b;
            if (!FieldParser::boolean(text, &b, reason))
                return false;
            *value = b;
            return true;
        });
        bindParsed(Wins, 15, FieldParser::count);
        bindParsed(Products, 16, FieldParser::productCount);
        if (why.isEmpty()) {
            if (!has(Outcome)) {
                st.bindNull(17);
            } else {
                const QString v = qs(r.field(f(Outcome))).trimmed().toLower();
                if (v != QLatin1String("renewed") && v != QLatin1String("churned"))
                    why = ExportFormat::valueError(r, h.names, f(Outcome),
                                                   QStringLiteral("renewal_outcome must be "
                                                                  "renewed or churned"));
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
        if (!bindProperties(st, 18, r, h))
            return false;
        if (!landRow(st, r, s))
            return false;
    }
    return !stop;
}

bool SyncRun::readUsers(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s)
{
    Statement insert, update;
    if (!prepare(&insert, "INSERT INTO users(identity, email, account_id, joindate, "
                          "last_modified, properties, uid, user_id, from_events) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)") ||
        !prepare(&update, "UPDATE users SET identity = ?, email = ?, account_id = ?, "
                          "joindate = ?, last_modified = ?, properties = ?, from_events = 0 "
                          "WHERE uid = ?"))
        return false;
    bool stop = false;
    while (nextRow(r, h, s, &stop)) {
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
        if (!bindProperties(st, 6, r, h))
            return false;
        if (known) {
            st.bind(7, qint64(m_uidOf[id]));
        } else {
            if (id >= m_uidOf.size()) // never shrink (see userFor)
                m_uidOf.resize(id + 1, 0);
            m_uidOf[id] = m_nextUid++;
            st.bind(7, qint64(m_uidOf[id]));
            st.bind(8, userId);
        }
        if (!landRow(st, r, s))
            return false;
    }
    return !stop;
}

bool SyncRun::readMigrations(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s)
{
    Statement st;
    if (!prepare(&st, "INSERT INTO user_migrations(from_user_id, to_user_id, time) "
                      "VALUES (?, ?, ?) ON CONFLICT(from_user_id) DO UPDATE SET "
                      "to_user_id = excluded.to_user_id, time = excluded.time"))
        return false;
    bool stop = false;
    while (nextRow(r, h, s, &stop)) {
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
    return !stop;
}

bool SyncRun::readTouches(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s)
{
    Statement st;
    if (!prepare(&st, "INSERT INTO campaign_touches(uid, campaign, time, stage, properties) "
                      "VALUES (?, ?, ?, ?, ?) ON CONFLICT(uid, campaign, stage, time) "
                      "DO UPDATE SET properties = excluded.properties"))
        return false;
    bool stop = false;
    while (nextRow(r, h, s, &stop)) {
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
            why = ExportFormat::valueError(
                r, h.names, h.field(3),
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
        if (!bindProperties(st, 5, r, h))
            return false;
        if (!landRow(st, r, s))
            return false;
    }
    return !stop;
}

} // namespace pulsebook
