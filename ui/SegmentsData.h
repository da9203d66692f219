#pragma once

#include "DefinitionsData.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace pulsebook {

struct ResultTable;
struct Scope;
struct Snapshot;

// The segments view's work on a worker, each what the command line does for the same text:
// `pulsebook-cli segment --where TEXT [--as-of DATE] [--segment S] --count` for the count,
// the same without --count for the users (the export), `workspace import` for a save.

// The users of the segment that `text` says, in the scope's filter, as of its date.
struct SegmentCount
{
    QString text;
    qint64 users = -1; // -1: not counted (error)
    qint64 asOfMs = 0;
    QString error;        // "2:10: expected a value, found the end", an unknown property, ...
    QStringList warnings; // an event the data lacks ("--where.did: \"X\": no such event")
};
SegmentCount countSegment(const Snapshot& snapshot, const Scope& scope, const QString& text);

// The segment's users as `pulsebook-cli segment --where TEXT` lists them (segmentTable).
struct SegmentUsers
{
    std::shared_ptr<const ResultTable> table;
    QString error;
};
SegmentUsers segmentUsers(const Snapshot& snapshot, const Scope& scope, const QString& text);

// Stores the workspace's segments with `oldName` removed (when not empty) and `newName` set to
// the segment `text` says (when not empty), checked as `workspace import` checks them; the
// other segments as stored now. An unparsable text stores nothing.
DefinitionsStored storeSegment(const Snapshot& snapshot, const QString& oldName,
                               const QString& newName, const QString& text);

} // namespace pulsebook
