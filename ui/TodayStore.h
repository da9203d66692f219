#pragma once

#include "analysis/Today.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace pulsebook {

struct ResultTable;
struct Scope;

// The last Today shown for a workspace, kept in a small file so that the next launch draws Today
// before the event index is read (docs/architecture.md, "Today at launch"). Today is a pure
// function of the data, the definitions and the scope, so a result stored under a key of
// exactly those (Snapshot::readDataKey() and the scope) is what a fresh run gives: it is shown
// as it is, unmarked. A missing, unreadable or other-keyed file means computing as usual.
namespace TodayStore {

// Bumped whenever Today's lines or the file's layout change: a file of another format is
// never read.
constexpr int Format = 3;

struct Entry
{
    TodayResult result;
    std::shared_ptr<const ResultTable> lines; // todayLinesTable() of the result
};

// The key of Today's inputs: the data and definitions (Snapshot::readDataKey(); empty: no key),
// the scope (person, segment, as-of date or the data's own), the format and the version.
QByteArray key(const QByteArray& dataKey, const Scope& scope);

// Where the result for the workspace at `workspacePath` is kept: a file per workspace in the
// application's cache folder (QStandardPaths::CacheLocation), never in the workspace itself.
QString fileFor(const QString& workspacePath);

// The stored result when the file holds one for `key`; false otherwise (no file, another key,
// damaged, empty key).
bool load(const QString& workspacePath, const QByteArray& key, Entry* out);
// Replaces the stored result (written whole, then renamed in). False when it cannot be written
// (the next launch then computes).
bool save(const QString& workspacePath, const QByteArray& key, const TodayResult& result,
          const ResultTable& lines);

} // namespace TodayStore

} // namespace pulsebook
