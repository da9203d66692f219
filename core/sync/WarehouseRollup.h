#pragma once

#include "WarehouseConnection.h"

#include <QByteArray>
#include <QList>

#include <vector>

namespace pulsebook {

class Database;
class Progress;

namespace warehouse {

// The usage rollup of every user, computed in the warehouse in one query (docs/definitions.md,
// "Activity"; docs/architecture.md, "Warehouse sync"): sessions in 30 and 90 days, the last
// session and the KPI counts in 30 days, merged identities followed, as of the local midnight
// that ends the latest event's day.
struct UserRollup
{
    struct Row
    {
        QByteArray userId, accountId;
        qint64 s30 = 0, s90 = 0;
        QByteArray lastSession; // ISO-8601 UTC, null when the user has no session
        QByteArray kpis;        // {"event": count} as compact JSON
    };
    std::vector<Row> rows;
    qint64 asOf = -1; // UTC ms; -1: no rollup

    // Runs the query over the inspected `tables` (sessions present) in the connection's
    // transaction; false with *error.
    bool query(Connection& c, const WarehouseSource& source, const QList<TableInfo>& tables,
               const WarehouseSyncOptions& options, bool redshift, Progress* p, QString* error);
    // Replaces the cache's user_rollup with these rows (none without a rollup: an older one
    // would describe other data), inside the sync's transaction.
    bool store(Database& db, QString* error) const;
};

} // namespace warehouse
} // namespace pulsebook
