#include "WarehouseRollup.h"

#include "Progress.h"
#include "cache/Database.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace pulsebook::warehouse {

using ExportFormat::Table;

bool UserRollup::query(Connection& c, const WarehouseSource& source, const QList<TableInfo>& tables,
                       const WarehouseSyncOptions& options, bool redshift, Progress* p,
                       QString* error)
{
    WarehouseTest test;
    auto fail = [error](const QString& why) {
        *error = why;
        return false;
    };
    const TableInfo& events = tableInfo(tables, Table::Events);
    const TableInfo& sessions = tableInfo(tables, Table::Sessions);
    const TableInfo& users = tableInfo(tables, Table::Users);
    const TableInfo& merges = tableInfo(tables, Table::UserMigrations);
    QStringList kpiColumns;
    QStringList params;
    for (qsizetype k = 0; k < options.kpiEvents.size(); ++k) {
        kpiColumns.append(QStringLiteral("sum(CASE WHEN e.%1::text = $%2 THEN 1 ELSE 0 END) AS k%3")
                              .arg(quoted(events.column("event")))
                              .arg(k + 1)
                              .arg(k));
        params.append(options.kpiEvents[k]);
    }
    // Merged identities count as the user they merged into (chains followed to their end).
    // Plain SQL that Redshift also runs: no FILTER, no DISTINCT ON.
    const QString resolve =
        merges.present
            ? QStringLiteral("WITH RECURSIVE chain(from_id, to_id, depth) AS ("
                             "SELECT %1::text, %2::text, 1 FROM %3 UNION ALL "
                             "SELECT c.from_id, m.%2::text, c.depth + 1 FROM chain c JOIN %3 m "
                             "ON m.%1::text = c.to_id WHERE c.depth < 64), "
                             "merged AS (SELECT from_id, max(to_id) AS to_id FROM chain c WHERE "
                             "NOT EXISTS (SELECT 1 FROM %3 n WHERE n.%1::text = c.to_id) "
                             "GROUP BY from_id), ")
                  .arg(quoted(merges.column("from_user_id")), quoted(merges.column("to_user_id")),
                       qualifiedName(source, tableInfo(tables, Table::UserMigrations)))
            : QStringLiteral("WITH merged AS (SELECT NULL::text AS from_id, NULL::text AS "
                             "to_id WHERE false), ");
    const QString sql =
        resolve +
        QStringLiteral(
            "asof AS (SELECT (date_trunc('day', max(%1)::timestamptz AT TIME ZONE $%12) + "
            "interval '1 day') AT TIME ZONE $%12 AS t FROM %2), "
            "ev AS (SELECT COALESCE(m.to_id, e.%3::text) AS user_id%4 FROM %2 e "
            "LEFT JOIN merged m ON m.from_id = e.%3::text, asof "
            "WHERE e.%1 >= asof.t - interval '30 days' AND e.%1 < asof.t "
            "GROUP BY 1), "
            "se AS (SELECT COALESCE(m.to_id, s.%5::text) AS user_id, "
            "sum(CASE WHEN s.%6 >= asof.t - interval '30 days' THEN 1 ELSE 0 END) AS s30, "
            "sum(CASE WHEN s.%6 >= asof.t - interval '90 days' THEN 1 ELSE 0 END) AS s90, "
            "max(s.%6) AS last FROM %7 s LEFT JOIN merged m ON m.from_id = s.%5::text, asof "
            "WHERE s.%6 < asof.t GROUP BY 1), "
            "us AS (SELECT user_id, max(account_id) AS account_id FROM ("
            "SELECT u.%8::text AS user_id, u.%9::text AS account_id FROM %10 u UNION ALL "
            "SELECT user_id, NULL FROM ev UNION ALL SELECT user_id, NULL FROM se) x "
            "WHERE user_id NOT IN (SELECT from_id FROM merged) GROUP BY user_id) "
            "SELECT us.user_id, us.account_id, COALESCE(se.s30, 0), COALESCE(se.s90, 0), "
            "to_char(se.last, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
            "floor(extract(epoch FROM (SELECT t FROM asof)) * 1000)::bigint%11 "
            "FROM us LEFT JOIN se USING (user_id) LEFT JOIN ev USING (user_id)")
            .arg(quoted(events.column("time")),
                 qualifiedName(source, tableInfo(tables, Table::Events)),
                 quoted(events.column("user_id")),
                 kpiColumns.isEmpty()
                     ? QString()
                     : QStringLiteral(", ") + kpiColumns.join(QStringLiteral(", ")),
                 quoted(sessions.column("user_id")), quoted(sessions.column("time")),
                 qualifiedName(source, tableInfo(tables, Table::Sessions)),
                 quoted(users.column("user_id")), quoted(users.column("account_id")),
                 qualifiedName(source, tableInfo(tables, Table::Users)))
            .arg([&] {
                QString out;
                for (qsizetype k = 0; k < options.kpiEvents.size(); ++k)
                    out += QStringLiteral(", COALESCE(ev.k%1, 0)").arg(k);
                return out;
            }())
            .arg(params.size() + 1);
    // Local midnight in the workspace's zone (the session's zone is UTC, so a timestamp
    // without a zone is UTC); where a zone skips midnight, PostgreSQL and Calendar both
    // take the first local time that exists.
    params.append(options.timeZone);
    p->start(QStringLiteral("Usage rollup in the warehouse"), 0);
    // PostgreSQL's JIT compiles this plan for about 1.7 s on 10M events and gains nothing.
    if (!redshift && PQserverVersion(c.conn()) >= 110000 &&
        !c.exec(QStringLiteral("SET LOCAL jit = off"), &test))
        return fail(test.message);
    Result r;
    if (!c.execParams(sql, params, &test, &r))
        return fail(QStringLiteral("%1: the usage rollup failed: %2")
                        .arg(source.displayName(), test.message));
    p->end();
    const int n = PQntuples(r.get());
    rows.reserve(size_t(n));
    for (int row = 0; row < n; ++row) {
        Row x;
        x.userId = PQgetvalue(r.get(), row, 0);
        if (!PQgetisnull(r.get(), row, 1))
            x.accountId = PQgetvalue(r.get(), row, 1);
        x.s30 = QByteArray(PQgetvalue(r.get(), row, 2)).toLongLong();
        x.s90 = QByteArray(PQgetvalue(r.get(), row, 3)).toLongLong();
        if (!PQgetisnull(r.get(), row, 4))
            x.lastSession = PQgetvalue(r.get(), row, 4);
        if (!PQgetisnull(r.get(), row, 5))
            asOf = QByteArray(PQgetvalue(r.get(), row, 5)).toLongLong();
        QJsonObject kpis;
        for (qsizetype k = 0; k < options.kpiEvents.size(); ++k)
            kpis.insert(options.kpiEvents[k],
                        QByteArray(PQgetvalue(r.get(), row, 6 + int(k))).toLongLong());
        x.kpis = QJsonDocument(kpis).toJson(QJsonDocument::Compact);
        rows.push_back(std::move(x));
    }
    return true;
}

bool UserRollup::store(Database& db, QString* why) const
{
    if (!db.exec("DELETE FROM user_rollup", why))
        return false;
    if (asOf < 0)
        return true;
    Statement insert =
        db.prepare("INSERT INTO user_rollup(user_id, account_id, sessions_30d, sessions_90d, "
                   "last_session, kpi_counts, as_of) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   why);
    if (!insert.isValid())
        return false;
    for (const Row& x : rows) {
        insert.bind(1, std::string_view(x.userId.constData(), size_t(x.userId.size())));
        if (x.accountId.isNull())
            insert.bindNull(2);
        else
            insert.bind(2, std::string_view(x.accountId.constData(), size_t(x.accountId.size())));
        insert.bind(3, x.s30);
        insert.bind(4, x.s90);
        if (x.lastSession.isNull())
            insert.bindNull(5);
        else
            insert.bind(5,
                        QDateTime::fromString(QString::fromLatin1(x.lastSession), Qt::ISODateWithMs)
                            .toMSecsSinceEpoch());
        insert.bind(6, std::string_view(x.kpis.constData(), size_t(x.kpis.size())));
        insert.bind(7, asOf);
        if (!insert.run(why))
            return false;
    }
    return true;
}

} // namespace pulsebook::warehouse
