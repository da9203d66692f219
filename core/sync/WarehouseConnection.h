#pragma once

// The warehouse sync's connection (core/sync internal): one QPSQL connection whose libpq handle
// runs the SQL and streams the rows, the tables' shapes read from pg_catalog, and the text of
// the select lists and CSV fields the streams are made of.

#include "ExportFormat.h"
#include "WarehouseSync.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <libpq-fe.h>

#include <memory>

namespace pulsebook::warehouse {

struct ResultDeleter
{
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// `identifier` double-quoted (only plain identifiers reach SQL text: isPlainIdentifier).
QString quoted(const QString& identifier);

// The warehouse's usual name of `table` (Heap Connect's: all_events for events).
QString defaultTableName(ExportFormat::Table table);

// A warehouse table's columns and type names.
struct TableInfo
{
    ExportFormat::Table table;
    QString name;
    bool present = false;
    QStringList columns;
    QStringList types;
    qint64 estimatedRows = -1;
    qint64 estimatedBytes = 0; // on disk (relpages, as of the last VACUUM or ANALYZE)

    // The column of the warehouse for contract column `canonical` (synonyms matched), or "".
    QString column(const char* canonical) const;
};

// The inspected table `table` (an absent one when `tables` lacks it).
const TableInfo& tableInfo(const QList<TableInfo>& tables, ExportFormat::Table table);
// "schema"."table", for SQL text.
QString qualifiedName(const WarehouseSource& source, const TableInfo& info);

// One connection through QPSQL; its libpq handle streams the rows.
class Connection
{
public:
    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    // Connects (session time zone UTC); false with the problem in *test.
    bool open(const WarehouseSource& source, WarehouseTest* test);
    PGconn* conn() const { return m_conn; }

    // Runs SQL without parameters; false with the problem on an error.
    bool exec(const QString& sql, WarehouseTest* test, Result* out = nullptr);
    // Runs SQL with text parameters bound ($1, $2, ...).
    bool execParams(const QString& sql, const QStringList& params, WarehouseTest* test,
                    Result* out = nullptr);
    // Starts `COPY ... TO STDOUT`: the rows then come from PQgetCopyData, and finishCopy()
    // reads the command's outcome once PQgetCopyData says the copy is done.
    bool copyOut(const QString& sql, WarehouseTest* test);
    bool finishCopy(WarehouseTest* test);

    // Records a problem in *test; always false.
    static bool problem(WarehouseTest* test, WarehouseTest::Problem kind, const QString& message);

private:
    bool check(Result r, WarehouseTest* test, Result* out);
    static WarehouseTest::Problem classify(const QString& text);
    static QString describe(const WarehouseSource& source, WarehouseTest::Problem kind,
                            const QString& text);

    QString m_name;
    QSqlDatabase m_db;
    PGconn* m_conn = nullptr;
};

// Reads the tables' columns (pg_catalog, visible to every role) and checks each is readable.
bool inspect(Connection& c, const WarehouseSource& source, QList<TableInfo>* tables,
             WarehouseTest* test);

// The select list: every column as text, booleans as true/false. Times as ISO-8601 UTC:
// through to_char for a cursor (the server's text would depend on DateStyle), as they are for
// COPY, whose session runs with DateStyle ISO and time zone UTC (to_char costs the server
// about as much again as the COPY itself).
QString selectList(const TableInfo& info, const QString& alias, bool rawTimes, bool redshift);

// RFC 4180: quoted when it holds a separator, a quote or a line end.
void appendField(QByteArray* out, const char* value, int length);

} // namespace pulsebook::warehouse
