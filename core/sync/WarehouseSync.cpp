#include "WarehouseSync.h"

#include "Progress.h"
#include "cache/Cache.h"
#include "cache/Database.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QUuid>

#include <libpq-fe.h>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

namespace pulsebook {

namespace {

using ExportFormat::Table;

const QPair<Table, const char*> DefaultTables[] = {
    {Table::Team, "team"},
    {Table::Accounts, "accounts"},
    {Table::Users, "users"},
    {Table::Sessions, "sessions"},
    {Table::Events, "all_events"},
    {Table::CampaignTouches, "campaign_touches"},
    {Table::UserMigrations, "user_migrations"},
};

struct ResultDeleter
{
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

QString quoted(const QString& identifier)
{
    return QLatin1Char('"') + identifier + QLatin1Char('"');
}

// A warehouse table's columns and type names.
struct TableInfo
{
    Table table;
    QString name;
    bool present = false;
    QStringList columns;
    QStringList types;
    qint64 estimatedRows = -1;
    qint64 estimatedBytes = 0; // on disk (relpages, as of the last VACUUM or ANALYZE)

    // The column of the warehouse for contract column `canonical` (synonyms matched), or "".
    QString column(const char* canonical) const
    {
        const auto& spec = ExportFormat::spec(table);
        for (size_t c = 0; c < spec.columns.size(); ++c) {
            if (qstrcmp(spec.columns[c].name, canonical) != 0)
                continue;
            for (const QString& name : columns) {
                if (ExportFormat::columnIndex(spec, name) == int(c))
                    return name;
            }
        }
        return {};
    }
};

// One connection through QPSQL; its libpq handle streams the rows.
class Connection
{
public:
    ~Connection()
    {
        if (m_conn)
            m_db.close();
        m_db = QSqlDatabase();
        if (!m_name.isEmpty())
            QSqlDatabase::removeDatabase(m_name);
    }

    bool open(const WarehouseSource& source, WarehouseTest* test)
    {
        m_name = QStringLiteral("pulsebook-warehouse-") + QUuid::createUuid().toString();
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
        if (!m_db.isValid())
            return problem(test, WarehouseTest::Other,
                           QStringLiteral("the Qt PostgreSQL driver (QPSQL) is not installed"));
        m_db.setHostName(source.host);
        m_db.setPort(source.port);
        m_db.setDatabaseName(source.database);
        m_db.setUserName(source.user);
        if (!source.password.isEmpty())
            m_db.setPassword(source.password);
        m_db.setConnectOptions(QStringLiteral("sslmode=%1;connect_timeout=10").arg(source.sslMode));
        if (!m_db.open()) {
            const QString text = m_db.lastError().databaseText().trimmed().isEmpty()
                                     ? m_db.lastError().text()
                                     : m_db.lastError().databaseText().trimmed();
            return problem(test, classify(text), describe(source, classify(text), text));
        }
        const QVariant handle = m_db.driver()->handle();
        // QPSQL hands out its PGconn* (named "pg_conn*" or "PGconn*" by the metatype).
        if (handle.isValid() && (qstrcmp(handle.typeName(), "PGconn*") == 0 ||
                                 qstrcmp(handle.typeName(), "pg_conn*") == 0))
            m_conn = *static_cast<PGconn* const*>(handle.constData());
        if (!m_conn)
            return problem(test, WarehouseTest::Other,
                           QStringLiteral("the PostgreSQL driver gave no connection handle"));
        test->serverVersion = QString::number(PQserverVersion(m_conn));
        return exec(QStringLiteral("SET TIME ZONE 'UTC'"), test);
    }

    PGconn* conn() const { return m_conn; }

    // Runs SQL without parameters; false with the problem on an error.
    bool exec(const QString& sql, WarehouseTest* test, Result* out = nullptr)
    {
        Result r(PQexec(m_conn, sql.toUtf8().constData()));
        return check(std::move(r), test, out);
    }

    // Runs SQL with text parameters bound ($1, $2, ...).
    bool execParams(const QString& sql, const QStringList& params, WarehouseTest* test,
                    Result* out = nullptr)
    {
        std::vector<QByteArray> utf8;
        std::vector<const char*> values;
        for (const QString& p : params)
            utf8.push_back(p.toUtf8());
        for (const QByteArray& u : utf8)
            values.push_back(u.constData());
        Result r(PQexecParams(m_conn, sql.toUtf8().constData(), int(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0));
        return check(std::move(r), test, out);
    }

    // Starts `COPY ... TO STDOUT`: the rows then come from PQgetCopyData, and finishCopy()
    // reads the command's outcome once PQgetCopyData says the copy is done.
    bool copyOut(const QString& sql, WarehouseTest* test)
    {
        Result r(PQexec(m_conn, sql.toUtf8().constData()));
        if (r && PQresultStatus(r.get()) == PGRES_COPY_OUT)
            return true;
        return check(std::move(r), test, nullptr);
    }

    bool finishCopy(WarehouseTest* test)
    {
        bool ok = true;
        while (PGresult* next = PQgetResult(m_conn)) {
            Result r(next);
            if (ok)
                ok = check(std::move(r), test, nullptr);
        }
        return ok;
    }

    static bool problem(WarehouseTest* test, WarehouseTest::Problem kind, const QString& message)
    {
        test->problem = kind;
        test->message = message;
        return false;
    }

private:
    bool check(Result r, WarehouseTest* test, Result* out)
    {
        const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ||
            status == PGRES_SINGLE_TUPLE) {
            if (out)
                *out = std::move(r);
            return true;
        }
        const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
        const QString message =
            QString::fromUtf8(r ? PQresultErrorMessage(r.get()) : PQerrorMessage(m_conn)).trimmed();
        const WarehouseTest::Problem kind =
            state && qstrcmp(state, "42501") == 0 ? WarehouseTest::Permission
            : PQstatus(m_conn) != CONNECTION_OK   ? WarehouseTest::Refused
                                                  : WarehouseTest::Other;
        return problem(test, kind, message);
    }

    static WarehouseTest::Problem classify(const QString& text)
    {
        for (const char* s : {"password authentication failed", "no password supplied",
                              "authentication failed", "role \""}) {
            if (text.contains(QLatin1String(s)))
                return WarehouseTest::Authentication;
        }
        if (text.contains(QLatin1String("database \"")) &&
            text.contains(QLatin1String("does not exist")))
            return WarehouseTest::NoDatabase;
        for (const char* s :
             {"Connection refused", "could not connect", "could not translate", "timeout expired",
              "No route to host", "Network is unreachable", "server closed the connection"}) {
            if (text.contains(QLatin1String(s)))
                return WarehouseTest::Refused;
        }
        return WarehouseTest::Other;
    }

    static QString describe(const WarehouseSource& source, WarehouseTest::Problem kind,
                            const QString& text)
    {
        const QString where = source.displayName();
        switch (kind) {
        case WarehouseTest::Refused:
            return QStringLiteral("%1: no server answers (check the host and port, and that the "
                                  "server accepts TCP connections): %2")
                .arg(where, text);
        case WarehouseTest::Authentication:
            return QStringLiteral("%1: the server refused the user or password (set the password "
                                  "in the keychain, PGPASSWORD or PGPASSFILE): %2")
                .arg(where, text);
        case WarehouseTest::NoDatabase:
            return QStringLiteral("%1: no such database: %2").arg(where, text);
        default:
            return QStringLiteral("%1: %2").arg(where, text);
        }
    }

    QString m_name;
    QSqlDatabase m_db;
    PGconn* m_conn = nullptr;
};

// Reads the tables' columns (pg_catalog, visible to every role) and checks each is readable.
bool inspect(Connection& c, const WarehouseSource& source, QList<TableInfo>* tables,
             WarehouseTest* test)
{
    if (!isPlainIdentifier(source.schema))
        return Connection::problem(
            test, WarehouseTest::BadName,
            QStringLiteral("schema \"%1\" is not a plain SQL identifier (letters, digits and _, "
                           "not starting with a digit)")
                .arg(source.schema));
    tables->clear();
    for (const auto& [table, defaultName] : DefaultTables) {
        TableInfo info;
        info.table = table;
        info.name = source.tableName(table);
        if (!isPlainIdentifier(info.name))
            return Connection::problem(
                test, WarehouseTest::BadName,
                QStringLiteral("table \"%1\" is not a plain SQL identifier (letters, digits and _, "
                               "not starting with a digit)")
                    .arg(info.name));
        Result r;
        if (!c.execParams(QStringLiteral("SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
                                         "c.reltuples::bigint, c.relpages::bigint * 8192 "
                                         "FROM pg_catalog.pg_attribute a "
                                         "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
                                         "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                                         "WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 "
                                         "AND NOT a.attisdropped ORDER BY a.attnum"),
                          {source.schema, info.name}, test, &r))
            return false;
        for (int row = 0; row < PQntuples(r.get()); ++row) {
            info.columns.append(QString::fromUtf8(PQgetvalue(r.get(), row, 0)));
            info.types.append(QString::fromUtf8(PQgetvalue(r.get(), row, 1)));
            info.estimatedRows = QByteArray(PQgetvalue(r.get(), row, 2)).toLongLong();
            info.estimatedBytes = QByteArray(PQgetvalue(r.get(), row, 3)).toLongLong();
        }
        info.present = !info.columns.isEmpty();
        const QString qualified = source.schema + QLatin1Char('.') + info.name;
        if (!info.present) {
            if (table == Table::Events || table == Table::Users)
                return Connection::problem(
                    test, WarehouseTest::MissingTable,
                    QStringLiteral("%1: no such table (the sync needs users and events)")
                        .arg(qualified));
            tables->append(info);
            continue;
        }
        const QStringList missing =
            ExportFormat::missingColumns(ExportFormat::spec(table), info.columns);
        if (!missing.isEmpty())
            return Connection::problem(
                test, WarehouseTest::MissingColumn,
                QStringLiteral("%1: missing column \"%2\" (it has %3)")
                    .arg(qualified, missing.first(), info.columns.join(QStringLiteral(", "))));
        if (!c.exec(QStringLiteral("SELECT * FROM %1.%2 LIMIT 0")
                        .arg(quoted(source.schema), quoted(info.name)),
                    test)) {
            if (test->problem == WarehouseTest::Permission)
                test->message = QStringLiteral("%1: %2 may not read this table (grant SELECT): %3")
                                    .arg(qualified, source.user, test->message);
            return false;
        }
        tables->append(info);
        test->tables.append({qualified, info.estimatedRows});
    }
    return true;
}

// The select list: every column as text, booleans as true/false. Times as ISO-8601 UTC:
// through to_char for a cursor (the server's text would depend on DateStyle), as they are for
// COPY, whose session runs with DateStyle ISO and time zone UTC (to_char costs the server
// about as much again as the COPY itself).
QString selectList(const TableInfo& info, const QString& alias, bool rawTimes, bool redshift)
{
    // Redshift's TEXT is VARCHAR(256): a longer value would fail the query.
    const QString text = redshift ? QStringLiteral("::varchar(65535)") : QStringLiteral("::text");
    QStringList items;
    for (qsizetype i = 0; i < info.columns.size(); ++i) {
        const QString column = alias + QLatin1Char('.') + quoted(info.columns[i]);
        const QString type = info.types[i];
        const bool time = type.startsWith(QLatin1String("timestamp"));
        if (rawTimes && (time || type == QLatin1String("date")))
            items.append(column);
        else if (time)
            items.append(
                QStringLiteral("to_char(%1, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')").arg(column));
        else if (type == QLatin1String("date"))
            items.append(QStringLiteral("to_char(%1, 'YYYY-MM-DD')").arg(column));
        else
            items.append(column + text);
    }
    return items.join(QStringLiteral(", "));
}

// RFC 4180: quoted when it holds a separator, a quote or a line end.
void appendField(QByteArray* out, const char* value, int length)
{
    bool quote = false;
    for (int i = 0; i < length && !quote; ++i)
        quote = value[i] == ',' || value[i] == '"' || value[i] == '\n' || value[i] == '\r';
    if (!quote) {
        out->append(value, length);
        return;
    }
    out->append('"');
    for (int i = 0; i < length; ++i) {
        if (value[i] == '"')
            out->append('"');
        out->append(value[i]);
    }
    out->append('"');
}

constexpr int FetchRows = 20000;

// Receives a running COPY's rows on a thread of its own, so that the server, the connection
// and the sync's parser all work at once; blocks of about 256 KB wait in a short queue (memory
// stays flat). The connection is the pump's until it is destroyed: the destructor stops the
// server (a cancel request) if the rows are not all read, and waits for the thread.
class CopyPump
{
public:
    explicit CopyPump(Connection& connection)
        : m_connection(connection), m_cancel(PQgetCancel(connection.conn()))
    {
        m_thread = std::thread([this] { run(); });
    }

    ~CopyPump()
    {
        bool received;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
            received = m_finishedRows;
        }
        m_changed.notify_all();
        if (!received && m_cancel) {
            char ignored[256];
            PQcancel(m_cancel, ignored, int(sizeof ignored));
        }
        m_thread.join();
        if (m_cancel)
            PQfreeCancel(m_cancel);
    }

    // The next block, or false at the end (*error empty) or on an error.
    bool next(QByteArray* block, QString* error)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_blocks.empty() || m_finished; });
        if (!m_blocks.empty()) {
            *block = std::move(m_blocks.front());
            m_blocks.pop_front();
            m_changed.notify_all();
            return true;
        }
        *error = m_error;
        return false;
    }

    qint64 rows() const { return m_rows; } // after next() returned false

private:
    static constexpr qsizetype BlockBytes = 256 << 10;
    static constexpr size_t QueuedBlocks = 8;

    void run()
    {
        QByteArray block;
        qint64 rows = 0;
        QString error;
        for (;;) {
            char* row = nullptr;
            const int length = PQgetCopyData(m_connection.conn(), &row, 0);
            if (length < 0) {
                WarehouseTest test;
                if (length == -2)
                    error = QString::fromUtf8(PQerrorMessage(m_connection.conn())).trimmed();
                else if (!m_connection.finishCopy(&test))
                    error = test.message;
                break;
            }
            block.append(row, length);
            PQfreemem(row);
            ++rows;
            if (block.size() >= BlockBytes && !push(&block))
                return; // stopped: the destructor cancels the COPY
        }
        if (error.isEmpty() && !block.isEmpty() && !push(&block))
            return;
        std::lock_guard<std::mutex> lock(m_mutex);
        m_rows = rows;
        m_error = error;
        m_finished = true;
        m_finishedRows = error.isEmpty();
        m_changed.notify_all();
    }

    bool push(QByteArray* block)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [this] { return m_blocks.size() < QueuedBlocks || m_stop; });
        if (m_stop)
            return false;
        m_blocks.push_back(std::move(*block));
        *block = QByteArray();
        block->reserve(BlockBytes + (4 << 10));
        m_changed.notify_all();
        return true;
    }

    Connection& m_connection;
    PGcancel* m_cancel;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<QByteArray> m_blocks;
    bool m_stop = false;
    bool m_finished = false;
    bool m_finishedRows = false; // every row was received: nothing to cancel
    qint64 m_rows = 0;
    QString m_error;
};

} // namespace

QString WarehouseSource::tableName(ExportFormat::Table table) const
{
    for (const auto& [t, name] : tables) {
        if (t == table)
            return name;
    }
    for (const auto& [t, name] : DefaultTables) {
        if (t == table)
            return QLatin1String(name);
    }
    return {};
}

QString WarehouseSource::displayName() const
{
    return QStringLiteral("%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
}

bool isPlainIdentifier(const QString& name)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return name.toUtf8().size() <= 63 && plain.match(name).hasMatch();
}

bool testWarehouse(const WarehouseSource& source, WarehouseTest* out)
{
    *out = WarehouseTest();
    Connection c;
    QList<TableInfo> tables;
    return c.open(source, out) && inspect(c, source, &tables, out);
}

namespace {

// The warehouse sync; false with *error on a failure or a stop (syncWarehouse tells them apart).
bool runWarehouseSync(Cache& cache, const WarehouseSource& source,
                      const WarehouseSyncOptions& options, Progress* p,
                      WarehouseSyncSummary* summary, QString* error)
{
    WarehouseSyncSummary local;
    WarehouseSyncSummary* s = summary ? summary : &local;
    *s = WarehouseSyncSummary();
    QElapsedTimer clock;
    clock.start();
    WarehouseTest test;
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    Connection c;
    QList<TableInfo> tables;
    if (!c.open(source, &test) || !inspect(c, source, &tables, &test))
        return fail(test.message);
    const auto info = [&](Table t) -> const TableInfo& {
        for (const TableInfo& i : tables) {
            if (i.table == t)
                return i;
        }
        static const TableInfo none{};
        return none;
    };
    const auto qualified = [&](Table t) {
        return quoted(source.schema) + QLatin1Char('.') + quoted(info(t).name);
    };
    // One snapshot for every table.
    if (!c.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ"), &test) &&
        !c.exec(QStringLiteral("BEGIN"), &test))
        return fail(test.message);

    // Scope: the chosen people and everyone below them, their accounts and those accounts'
    // users, in temporary tables (the names are bound, never spliced).
    const bool scoped = !options.scope.isEmpty();
    if (scoped) {
        const TableInfo& team = info(Table::Team);
        const TableInfo& accounts = info(Table::Accounts);
        if (!team.present || !accounts.present)
            return fail(QStringLiteral("%1: a scoped sync needs the team and accounts tables")
                            .arg(source.displayName()));
        if (!c.exec(QStringLiteral("CREATE TEMP TABLE pb_scope_people(person text)"), &test))
            return fail(test.message);
        for (const QString& person : options.scope) {
            Result found;
            if (!c.execParams(QStringLiteral("SELECT 1 FROM %1 WHERE %2 = $1")
                                  .arg(qualified(Table::Team), quoted(team.column("person"))),
                              {person}, &test, &found))
                return fail(test.message);
            if (PQntuples(found.get()) == 0)
                return fail(QStringLiteral("--scope: nobody named \"%1\" in %2.%3")
                                .arg(person, source.schema, team.name));
            if (!c.execParams(QStringLiteral("INSERT INTO pb_scope_people VALUES ($1)"), {person},
                              &test))
                return fail(test.message);
        }
        const QString person = quoted(team.column("person"));
        const QString manager = quoted(team.column("manager"));
        const TableInfo& users = info(Table::Users);
        if (!c.exec(
                QStringLiteral("CREATE TEMP TABLE pb_scope_accounts AS "
                               "WITH RECURSIVE below(person) AS ("
                               "SELECT person FROM pb_scope_people UNION "
                               "SELECT t.%1::text FROM %2 t JOIN below b ON t.%3::text = b.person) "
                               "SELECT DISTINCT a.%4::text AS account_id FROM %5 a "
                               "WHERE a.%6::text IN (SELECT person FROM below)")
                    .arg(person, qualified(Table::Team), manager,
                         quoted(accounts.column("account_id")), qualified(Table::Accounts),
                         quoted(accounts.column("csm"))),
                &test) ||
            !c.exec(QStringLiteral("CREATE TEMP TABLE pb_scope_users AS SELECT DISTINCT "
                                   "u.%1::text AS user_id FROM %2 u WHERE u.%3::text IN "
                                   "(SELECT account_id FROM pb_scope_accounts)")
                        .arg(quoted(users.column("user_id")), qualified(Table::Users),
                             quoted(users.column("account_id"))),
                    &test))
            return fail(test.message);
        Result count;
        if (!c.exec(QStringLiteral("SELECT count(*) FROM pb_scope_accounts"), &test, &count))
            return fail(test.message);
        s->scopedAccounts = QByteArray(PQgetvalue(count.get(), 0, 0)).toLongLong();
    }
    // Incremental: events and sessions from the latest synced event minus the overlap.
    if (options.incremental) {
        Statement latest = cache.db().prepare("SELECT MAX(max_time) FROM event_chunks", nullptr);
        if (latest.isValid() && latest.step() && !latest.isNull(0))
            s->sinceMs = latest.int64(0) - options.overlapMs;
        if (s->sinceMs >= 0) {
            if (!c.exec(QStringLiteral("CREATE TEMP TABLE pb_since(t timestamptz)"), &test) ||
                !c.execParams(QStringLiteral("INSERT INTO pb_since VALUES (to_timestamp($1::float8 "
                                             "/ 1000))"),
                              {QString::number(s->sinceMs)}, &test))
                return fail(test.message);
        }
    }

    // COPY on PostgreSQL; Redshift has no COPY TO STDOUT, only cursors.
    Result version;
    if (!c.exec(QStringLiteral("SELECT version()"), &test, &version))
        return fail(test.message);
    const bool redshift =
        QByteArray(PQgetvalue(version.get(), 0, 0)).contains(QByteArrayLiteral("Redshift"));
    const bool copy = options.transfer == WarehouseSyncOptions::Transfer::Copy ||
                      (options.transfer == WarehouseSyncOptions::Transfer::Auto && !redshift);
    if (copy && !c.exec(QStringLiteral("SET DateStyle = 'ISO, YMD'"), &test))
        return fail(test.message);
    s->copied = copy;
    // The usage rollup of every user, computed in the warehouse (docs/definitions.md, "Activity").
    struct RollupRow
    {
        QByteArray userId, accountId;
        qint64 s30 = 0, s90 = 0;
        QByteArray lastSession;
        QByteArray kpis;
    };
    std::vector<RollupRow> rollup;
    qint64 rollupAsOf = -1;
    using Rollup = WarehouseSyncOptions::Rollup;
    // A full unscoped sync holds every user's events: the cache computes the same rollup itself.
    const bool wantRollup = options.rollup == Rollup::Always ||
                            (options.rollup == Rollup::Auto && (scoped || options.incremental));
    if (wantRollup && info(Table::Sessions).present) {
        const TableInfo& events = info(Table::Events);
        const TableInfo& sessions = info(Table::Sessions);
        const TableInfo& users = info(Table::Users);
        const TableInfo& merges = info(Table::UserMigrations);
        QStringList kpiColumns;
        QStringList params;
        for (qsizetype k = 0; k < options.kpiEvents.size(); ++k) {
            kpiColumns.append(
                QStringLiteral("sum(CASE WHEN e.%1::text = $%2 THEN 1 ELSE 0 END) AS k%3")
                    .arg(quoted(events.column("event")))
                    .arg(k + 1)
                    .arg(k));
            params.append(options.kpiEvents[k]);
        }
        // Merged identities count as the user they merged into (chains followed to their end).
        // Plain SQL that Redshift also runs: no FILTER, no DISTINCT ON.
        const QString resolve =
            merges.present
                ? QStringLiteral(
                      "WITH RECURSIVE chain(from_id, to_id, depth) AS ("
                      "SELECT %1::text, %2::text, 1 FROM %3 UNION ALL "
                      "SELECT c.from_id, m.%2::text, c.depth + 1 FROM chain c JOIN %3 m "
                      "ON m.%1::text = c.to_id WHERE c.depth < 64), "
                      "merged AS (SELECT from_id, max(to_id) AS to_id FROM chain c WHERE "
                      "NOT EXISTS (SELECT 1 FROM %3 n WHERE n.%1::text = c.to_id) "
                      "GROUP BY from_id), ")
                      .arg(quoted(merges.column("from_user_id")),
                           quoted(merges.column("to_user_id")), qualified(Table::UserMigrations))
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
                .arg(quoted(events.column("time")), qualified(Table::Events),
                     quoted(events.column("user_id")),
                     kpiColumns.isEmpty()
                         ? QString()
                         : QStringLiteral(", ") + kpiColumns.join(QStringLiteral(", ")),
                     quoted(sessions.column("user_id")), quoted(sessions.column("time")),
                     qualified(Table::Sessions), quoted(users.column("user_id")),
                     quoted(users.column("account_id")), qualified(Table::Users))
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
        rollup.reserve(size_t(n));
        for (int row = 0; row < n; ++row) {
            RollupRow x;
            x.userId = PQgetvalue(r.get(), row, 0);
            if (!PQgetisnull(r.get(), row, 1))
                x.accountId = PQgetvalue(r.get(), row, 1);
            x.s30 = QByteArray(PQgetvalue(r.get(), row, 2)).toLongLong();
            x.s90 = QByteArray(PQgetvalue(r.get(), row, 3)).toLongLong();
            if (!PQgetisnull(r.get(), row, 4))
                x.lastSession = PQgetvalue(r.get(), row, 4);
            if (!PQgetisnull(r.get(), row, 5))
                rollupAsOf = QByteArray(PQgetvalue(r.get(), row, 5)).toLongLong();
            QJsonObject kpis;
            for (qsizetype k = 0; k < options.kpiEvents.size(); ++k)
                kpis.insert(options.kpiEvents[k],
                            QByteArray(PQgetvalue(r.get(), row, 6 + int(k))).toLongLong());
            x.kpis = QJsonDocument(kpis).toJson(QJsonDocument::Compact);
            rollup.push_back(std::move(x));
        }
        s->rollupUsers = qint64(rollup.size());
    }
    // Each table streams into the sync when its turn comes (through COPY, or a cursor batch at
    // a time), in the same snapshot: nothing is written to disk on the way.
    struct Feed
    {
        const TableInfo* info = nullptr;
        QString select;
        bool started = false;
        bool done = false;
        QByteArray pending; // CSV not yet handed to the reader
        qsizetype offset = 0;
        std::unique_ptr<CopyPump> pump; // while its COPY runs
    };
    std::vector<Feed> feeds;
    for (const TableInfo& t : std::as_const(tables)) {
        if (!t.present)
            continue;
        QString where;
        const bool byUser = t.table == Table::Users || t.table == Table::Sessions ||
                            t.table == Table::Events || t.table == Table::CampaignTouches;
        // Every account stays in a scoped sync: company-wide scorecards read the rollup.
        if (scoped && byUser)
            where = QStringLiteral("x.%1::text IN (SELECT user_id FROM pb_scope_users)")
                        .arg(quoted(t.column("user_id")));
        if (s->sinceMs >= 0 && (t.table == Table::Events || t.table == Table::Sessions)) {
            const QString since =
                QStringLiteral("x.%1 >= (SELECT t FROM pb_since)").arg(quoted(t.column("time")));
            where = where.isEmpty() ? since : where + QStringLiteral(" AND ") + since;
        }
        Feed feed;
        feed.info = &t;
        feed.select =
            QStringLiteral("SELECT %1 FROM %2 x%3")
                .arg(selectList(t, QStringLiteral("x"), copy, redshift), qualified(t.table),
                     where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where);
        feeds.push_back(std::move(feed));
    }
    qint64 fetchNs = 0;
    // Refills feed.pending with the next rows (about 256 KB); false with *why on an error.
    const auto refill = [&](Feed& feed, QString* why) {
        const TableInfo& t = *feed.info;
        feed.pending.clear();
        feed.offset = 0;
        if (!feed.started) {
            feed.started = true;
            for (qsizetype i = 0; i < t.columns.size(); ++i) {
                if (i)
                    feed.pending.append(',');
                const QByteArray name = t.columns[i].toUtf8();
                appendField(&feed.pending, name.constData(), int(name.size()));
            }
            feed.pending.append('\n');
            const bool started =
                copy ? c.copyOut(
                           QStringLiteral("COPY (%1) TO STDOUT WITH (FORMAT csv)").arg(feed.select),
                           &test)
                     : c.exec(QStringLiteral("DECLARE pb_rows NO SCROLL CURSOR FOR %1")
                                  .arg(feed.select),
                              &test);
            if (!started) {
                *why = test.message;
                return false;
            }
            if (copy)
                feed.pump = std::make_unique<CopyPump>(c);
            return true;
        }
        if (copy) {
            QString problem;
            if (feed.pump->next(&feed.pending, &problem))
                return true;
            if (!problem.isEmpty()) {
                *why = problem;
                return false;
            }
            s->rowsFetched += feed.pump->rows();
            feed.pump.reset();
            feed.done = true;
            return true;
        }
        Result batch;
        if (!c.exec(QStringLiteral("FETCH FORWARD %1 FROM pb_rows").arg(FetchRows), &test,
                    &batch)) {
            *why = test.message;
            return false;
        }
        const int n = PQntuples(batch.get());
        const int fields = PQnfields(batch.get());
        for (int r = 0; r < n; ++r) {
            for (int f = 0; f < fields; ++f) {
                if (f)
                    feed.pending.append(',');
                if (!PQgetisnull(batch.get(), r, f))
                    appendField(&feed.pending, PQgetvalue(batch.get(), r, f),
                                PQgetlength(batch.get(), r, f));
            }
            feed.pending.append('\n');
        }
        s->rowsFetched += n;
        if (n < FetchRows) {
            feed.done = true;
            if (!c.exec(QStringLiteral("CLOSE pb_rows"), &test)) {
                *why = test.message;
                return false;
            }
        }
        return true;
    };

    // The tables sync like an export's files; the rollup lands in the same transaction.
    SyncOptions rowOptions = options.rows;
    // The streams' headers are made up from the warehouse's (Heap Connect) names: the
    // workspace's mapping of export files and columns does not apply to them.
    if (!rowOptions.mapping)
        rowOptions.mapping.emplace();
    for (Feed& feed : feeds) {
        SyncOptions::TableStream stream;
        stream.table = feed.info->table;
        stream.name = source.schema + QLatin1Char('.') + feed.info->name;
        stream.firstLine = 0; // the header is made up: line N is row N
        // A table's CSV is about 0.8 of its pages on disk (0.77-0.83 on the demo data).
        stream.expectedBytes = feed.info->estimatedBytes * 4 / 5;
        // reltuples: -1 (PostgreSQL 14+) or 0 before the first VACUUM or ANALYZE: unknown.
        stream.expectedRows = feed.info->estimatedRows > 0 ? feed.info->estimatedRows : -1;
        stream.read = [&feed, &refill, &fetchNs](char* buffer, qint64 max, QString* why) -> qint64 {
            QElapsedTimer clock;
            clock.start();
            while (feed.offset == feed.pending.size() && !feed.done) {
                if (!refill(feed, why))
                    return -1;
            }
            const qint64 n = std::min<qint64>(max, feed.pending.size() - feed.offset);
            std::memcpy(buffer, feed.pending.constData() + feed.offset, size_t(n));
            feed.offset += n;
            fetchNs += clock.nsecsElapsed();
            return n;
        };
        rowOptions.streams.append(stream);
    }
    rowOptions.source = source.displayName() + QLatin1Char('/') + source.schema;
    rowOptions.mode = QStringLiteral("warehouse") +
                      (options.incremental ? QStringLiteral(" incremental") : QString()) +
                      (scoped ? QStringLiteral(" scoped") : QString());
    // A sync without a rollup leaves none behind: an older one would describe other data.
    const bool storeRollup = wantRollup && rollupAsOf >= 0;
    rowOptions.beforeCommit = [&](Database& db, QString* why) {
        if (!db.exec("DELETE FROM user_rollup", why))
            return false;
        if (!storeRollup)
            return true;
        Statement insert =
            db.prepare("INSERT INTO user_rollup(user_id, account_id, sessions_30d, sessions_90d, "
                       "last_session, kpi_counts, as_of) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       why);
        if (!insert.isValid())
            return false;
        for (const RollupRow& x : rollup) {
            insert.bind(1, std::string_view(x.userId.constData(), size_t(x.userId.size())));
            if (x.accountId.isNull())
                insert.bindNull(2);
            else
                insert.bind(2,
                            std::string_view(x.accountId.constData(), size_t(x.accountId.size())));
            insert.bind(3, x.s30);
            insert.bind(4, x.s90);
            if (x.lastSession.isNull())
                insert.bindNull(5);
            else
                insert.bind(
                    5, QDateTime::fromString(QString::fromLatin1(x.lastSession), Qt::ISODateWithMs)
                           .toMSecsSinceEpoch());
            insert.bind(6, std::string_view(x.kpis.constData(), size_t(x.kpis.size())));
            insert.bind(7, rollupAsOf);
            if (!insert.run(why))
                return false;
        }
        return true;
    };
    QString why;
    const bool synced = bool(syncExportFolder(cache, QString(), rowOptions, p, &s->sync, &why));
    s->fetchMs = fetchNs / 1000000;
    for (Feed& feed : feeds)
        feed.pump.reset(); // a stopped sync leaves a COPY running: cancel it first
    c.exec(QStringLiteral("COMMIT"), &test); // it only read
    s->elapsedMs = clock.elapsed();
    if (!synced)
        return fail(why);
    s->sync.folder = rowOptions.source;
    return true;
}

} // namespace

Status syncWarehouse(Cache& cache, const WarehouseSource& source,
                     const WarehouseSyncOptions& options, Progress* progress,
                     WarehouseSyncSummary* summary, QString* error)
{
    StopRecorder stop(progress);
    QString why;
    if (runWarehouseSync(cache, source, options, &stop, summary, &why))
        return Status::done();
    if (stop.stopped())
        return Status::cancelled();
    if (error)
        *error = why;
    return Status::failed(why);
}

} // namespace pulsebook
