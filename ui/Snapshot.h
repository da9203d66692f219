#pragma once

#include "analysis/Calendar.h"
#include "workspace/Workspace.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

namespace pulsebook {

class Cache;
class EventIndex;
class Progress;
struct AnalysisContext;
struct Scope;

// The open workspace's data as the views analyse it: the event index, the definitions in effect
// and the default as-of, read once per workspace and per landed sync on a worker
// (AppContext::snapshot()). Immutable once read, so any number of workers share it; a view's
// worker keeps its shared_ptr for as long as it runs, so a newer snapshot never pulls the data
// from under it.
struct Snapshot
{
    QString path;
    std::shared_ptr<const EventIndex> index;
    Workspace workspace; // in effect: the stored keys over the defaults fitted to the data
    Calendar calendar;   // the workspace's time zone
    qint64 defaultAsOfMs = 0;
    QString error; // set when the cache or its definitions could not be read
    // What the data and the definitions are (readDataKey()), read before the index: a snapshot's
    // figures are a function of it (and of the scope), never of the clock.
    QByteArray dataKey;

    bool isValid() const { return index != nullptr && error.isEmpty(); }

    // Reads `path` (cancel through `progress`; may be null).
    static std::shared_ptr<const Snapshot> read(const QString& path, Progress* progress);
    // A digest of what every figure depends on, without reading the data: the cache's path
    // and schema, its sync log's newest row (each sync that lands writes one) and the stored
    // workspace JSON (the definitions; the defaults fitted to the data change only with it).
    // Equal keys: the same index and definitions. Empty when the cache cannot be read.
    static QByteArray readDataKey(Cache& cache);
    static QByteArray readDataKey(const QString& path);
    // A seam for tests: called on the worker at the start of every read() (null: none), so a
    // test can hold the read back and look at the window before the data is in.
    static void setBeforeRead(std::function<void(const QString& path)> hook);

    // An analysis context for `scope`, as the CLI builds one for the same options: as-of
    // midnight starting scope.asOf in the workspace's time zone (the default as-of when null,
    // like `--as-of DATE` and no --as-of), the users of scope.segment (a saved segment) as the
    // segment filter. False with *error when the segment is unknown or fails. Runs on a worker
    // (a segment may take a while on a million users).
    bool context(const Scope& scope, AnalysisContext* out, QString* error) const;
    // The as-of time `scope` means.
    qint64 asOfMs(const Scope& scope) const;
};

} // namespace pulsebook
