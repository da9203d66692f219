#include "WarehouseConnection.h"

#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QUuid>

#include <vector>

namespace pulsebook {

namespace warehouse {

using ExportFormat::Table;

namespace {

const QPair<Table, const char*> DefaultTables[] = {
    {Table::Team, "team"},
    {Table::Accounts, "accounts"},
    {Table::Users, "users"},
    {Table::Sessions, "sessions"},
    {Table::Events, "all_events"},
    {Table::CampaignTouches, "campaign_touches"},
    {Table::UserMigrations, "user_migrations"},
};

} // namespace

QString quoted(const QString& identifier)
{
    return QLatin1Char('"') + identifier + QLatin1Char('"');
}

QString defaultTableName(Table table)
{
    for (const auto& [t, name] : DefaultTables) {
        if (t == table)
            return QLatin1String(name);
    }
    return {};
}

QString TableInfo::column(const char* canonical) const
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

const TableInfo& tableInfo(const QList<TableInfo>& tables, Table table)
{
    for (const TableInfo& i : tables) {
        if (i.table == table)
            return i;
    }
    static const TableInfo none{};
    return none;
}

QString qualifiedName(const WarehouseSource& source, const TableInfo& info)
{
    return quoted(source.schema) + QLatin1Char('.') + quoted(info.name);
}

Connection::~Connection()
{
    if (m_conn)
        m_db.close();
    m_db = QSqlDatabase();
    if (!m_name.isEmpty())
        QSqlDatabase::removeDatabase(m_name);
}

bool Connection::open(const WarehouseSource& source, WarehouseTest* test)
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
    if (handle.isValid() &&
        (qstrcmp(handle.typeName(), "PGconn*") == 0 || qstrcmp(handle.typeName(), "pg_conn*") == 0))
        m_conn = *static_cast<PGconn* const*>(handle.constData());
    if (!m_conn)
        return problem(test, WarehouseTest::Other,
                       QStringLiteral("the PostgreSQL driver gave no connection handle"));
    test->serverVersion = QString::number(PQserverVersion(m_conn));
    return exec(QStringLiteral("SET TIME ZONE 'UTC'"), test);
}

bool Connection::exec(const QString& sql, WarehouseTest* test, Result* out)
{
    Result r(PQexec(m_conn, sql.toUtf8().constData()));
    return check(std::move(r), test, out);
}

bool Connection::execParams(const QString& sql, const QStringList& params, WarehouseTest* test,
                            Result* out)
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

bool Connection::copyOut(const QString& sql, WarehouseTest* test)
{
    Result r(PQexec(m_conn, sql.toUtf8().constData()));
    if (r && PQresultStatus(r.get()) == PGRES_COPY_OUT)
        return true;
    return check(std::move(r), test, nullptr);
}

bool Connection::finishCopy(WarehouseTest* test)
{
    bool ok = true;
    while (PGresult* next = PQgetResult(m_conn)) {
        Result r(next);
        if (ok)
            ok = check(std::move(r), test, nullptr);
    }
    return ok;
}

bool Connection::problem(WarehouseTest* test, WarehouseTest::Problem kind, const QString& message)
{
    test->problem = kind;
    test->message = message;
    return false;
}

bool Connection::check(Result r, WarehouseTest* test, Result* out)
{
    const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_SINGLE_TUPLE) {
        if (out)
            *out = std::move(r);
        return true;
    }
    const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
    const QString message =
        QString::fromUtf8(r ? PQresultErrorMessage(r.get()) : PQerrorMessage(m_conn)).trimmed();
    const WarehouseTest::Problem kind = state && qstrcmp(state, "42501") == 0
                                            ? WarehouseTest::Permission
                                        : PQstatus(m_conn) != CONNECTION_OK ? WarehouseTest::Refused
                                                                            : WarehouseTest::Other;
    return problem(test, kind, message);
}

WarehouseTest::Problem Connection::classify(const QString& text)
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

QString Connection::describe(const WarehouseSource& source, WarehouseTest::Problem kind,
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

} // namespace warehouse

QString WarehouseSource::tableName(ExportFormat::Table table) const
{
    for (const auto& [t, name] : tables) {
        if (t == table)
            return name;
    }
    return warehouse::defaultTableName(table);
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
    warehouse::Connection c;
    QList<warehouse::TableInfo> tables;
    return c.open(source, out) && warehouse::inspect(c, source, &tables, out);
}

} // namespace pulsebook
