#pragma once

#include "ExportFormat.h"
#include "ExportSync.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace pulsebook {

class Cache;
class Progress;

// A PostgreSQL-protocol warehouse (PostgreSQL, Amazon Redshift) holding the Heap Connect layout
// (README.md, "Syncing from a warehouse"), reached through Qt's QPSQL driver.
struct WarehouseSource
{
    QString host = QStringLiteral("127.0.0.1");
    int port = 5432;
    QString database;
    QString user;
    QString schema = QStringLiteral("public");
    QString sslMode = QStringLiteral("prefer"); // libpq's sslmode: disable ... verify-full
    // From the OS keychain, never stored. Empty: libpq's own sources (PGPASSWORD, PGPASSFILE).
    QString password;
    // Table names by contract table; defaults: team, accounts, users, sessions, all_events,
    // campaign_touches, user_migrations.
    QList<QPair<ExportFormat::Table, QString>> tables;

    QString tableName(ExportFormat::Table table) const;
    // "user@host:port/database" (no password), for logs and the sync log.
    QString displayName() const;
};

// What a connection test found; `problem` says which way it failed.
struct WarehouseTest
{
    enum Problem {
        None,
        BadName,        // a schema or table name that is not a plain identifier
        Refused,        // no server answers (refused, unknown host, timeout)
        Authentication, // wrong password, unknown role, no password given
        NoDatabase,
        MissingTable,
        MissingColumn,
        Permission, // a table exists but may not be read
        Other
    };
    Problem problem = None;
    QString message;
    QString serverVersion;
    // The contract tables found, with their estimated rows (-1: unknown).
    QList<QPair<QString, qint64>> tables;
};

// Connects and checks every table the sync reads: users and all_events must exist; the others
// may be absent. False with out->problem and out->message on the first problem.
bool testWarehouse(const WarehouseSource& source, WarehouseTest* out);

struct WarehouseSyncOptions
{
    // Only events and sessions at or after the latest synced event minus `overlapMs`; rows
    // already in the cache are matched by their IDs.
    bool incremental = false;
    qint64 overlapMs = 3LL * 86400000;
    // Only the accounts of these people of the team table and everyone below them, and those
    // accounts' users, sessions, events and touches. Empty: everything.
    QStringList scope;
    // The usage rollup of every user computed in the warehouse (one query) and stored, for the
    // accounts whose raw events the cache does not hold. Auto: on every sync except a full
    // unscoped one, which holds every user's events (the stored rollup is then cleared).
    enum class Rollup { Auto, Always, Never };
    Rollup rollup = Rollup::Auto;
    // How rows travel: Copy streams `COPY (SELECT ...) TO STDOUT` (PostgreSQL); Cursor fetches
    // batches from a server-side cursor (every PostgreSQL-protocol server, Redshift too). Auto:
    // Copy, except on Redshift.
    enum class Transfer { Auto, Copy, Cursor };
    Transfer transfer = Transfer::Auto;
    // KPI events of the rollup (the workspace's).
    QStringList kpiEvents;
    // The workspace's time_zone: the rollup is as of the local midnight that ends the latest
    // event's day, the analyses' default as-of (Calendar::defaultAsOf), so that they use it.
    QString timeZone = QStringLiteral("UTC");
    SyncOptions rows; // --skip-bad-rows and the rejects file
};

struct WarehouseSyncSummary
{
    SyncSummary sync;
    qint64 sinceMs = -1;        // incremental: the events' lower bound
    qint64 scopedAccounts = -1; // scoped: the accounts in scope
    qint64 rollupUsers = -1;    // users in the pushed-down rollup
    qint64 rowsFetched = 0;
    qint64 fetchMs = 0;   // time the sync waited for rows from the warehouse
    qint64 elapsedMs = 0; // the whole sync, connecting and the rollup included
    bool copied = false;  // rows came through COPY (else through a cursor)
};

// Reads the warehouse (COPY or a server-side cursor; memory stays flat) into a private temporary
// export folder and syncs it like a CSV export: one transaction, the same checks, progress
// and cancel. Failed with the reason (a connection problem, "schema.table: ...", or the row's
// problem with the warehouse table and row; also in *error, which may be null); Cancelled when
// `progress` was cancelled or said stop (*error untouched).
Status syncWarehouse(Cache& cache, const WarehouseSource& source,
                     const WarehouseSyncOptions& options, Progress* progress,
                     WarehouseSyncSummary* summary, QString* error);

// True for a plain SQL identifier (letter or _, then letters, digits, _; at most 63 bytes):
// the only names Pulsebook puts into SQL text, always double-quoted.
bool isPlainIdentifier(const QString& name);

} // namespace pulsebook
