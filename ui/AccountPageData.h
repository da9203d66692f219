#pragma once

#include "present/ResultTable.h"

#include <QString>

#include <memory>

namespace pulsebook {

class Progress;
struct Scope;
struct Snapshot;

// What the account page shows, made off the GUI thread from the workspace's snapshot and the
// scope (core's AccountPage and AccountTables: the same tables `pulsebook-cli account` prints).
struct AccountPageData
{
    QString accountId; // the account shown (the one asked for, or the one picked)
    QString title;     // "Kestrel (K1)"
    QString error;     // set when nothing could be made
    QString timeZone;  // the workspace's, for times shown
    ResultTable header, measures, contributions, users, weeks, moves;

    // Account `accountId` of `snapshot` in `scope`; an empty ID picks the first Red account of
    // the scope's accounts, else its first account. Cancelled through `progress`.
    static AccountPageData load(const std::shared_ptr<const Snapshot>& snapshot, const Scope& scope,
                                const QString& accountId, Progress* progress);
};

} // namespace pulsebook
