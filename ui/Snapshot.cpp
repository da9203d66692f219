#include "Snapshot.h"

#include "AppContext.h"

#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Segment.h"
#include "analysis/WorkspaceCheck.h"
#include "cache/Cache.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFileInfo>

namespace pulsebook {

namespace {

std::function<void(const QString&)>& beforeRead()
{
    static std::function<void(const QString&)> hook;
    return hook;
}

} // namespace

void Snapshot::setBeforeRead(std::function<void(const QString& path)> hook)
{
    beforeRead() = std::move(hook);
}

std::shared_ptr<const Snapshot> Snapshot::read(const QString& path, Progress* progress)
{
    if (beforeRead())
        beforeRead()(path);
    auto s = std::make_shared<Snapshot>();
    s->path = path;
    Cache cache;
    if (!cache.openForReading(path, &s->error))
        return s;
    // Before the index: a sync landing meanwhile makes the key older than the data, which
    // only costs a recomputation, never a result shown for the wrong data.
    s->dataKey = readDataKey(cache);
    s->index = EventIndex::load(cache, progress, &s->error);
    if (!s->index)
        return s;
    if (!WorkspaceCheck::load(cache, *s->index, &s->workspace, &s->error)) {
        s->index.reset();
        return s;
    }
    s->calendar = Calendar(s->workspace.timeZone);
    s->defaultAsOfMs = s->calendar.defaultAsOf(cache);
    return s;
}

QByteArray Snapshot::readDataKey(Cache& cache)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto add = [&hash](const QString& part) {
        hash.addData(part.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    };
    add(QFileInfo(cache.path()).canonicalFilePath());
    add(QString::number(cache.schemaVersion()));
    const QList<SyncLogEntry> log = cache.syncLog(1);
    if (!log.isEmpty()) {
        const SyncLogEntry& last = log.first();
        for (const qint64 v : {last.id, last.startedMs, last.finishedMs, last.latestEventMs,
                               last.rejected, last.createdUsers})
            add(QString::number(v));
        add(last.source);
        add(last.mode);
        add(last.rowsJson);
    }
    add(cache.meta("workspace")); // Workspace::load's document
    return hash.result().toHex();
}

QByteArray Snapshot::readDataKey(const QString& path)
{
    Cache cache;
    QString error;
    return cache.openForReading(path, &error) ? readDataKey(cache) : QByteArray();
}

qint64 Snapshot::asOfMs(const Scope& scope) const
{
    return scope.asOf.isValid() ? calendar.midnight(scope.asOf) : defaultAsOfMs;
}

bool Snapshot::context(const Scope& scope, AnalysisContext* out, QString* error) const
{
    if (!isValid()) {
        *error = this->error;
        return false;
    }
    out->index = index;
    out->workspace = &workspace;
    out->calendar = calendar;
    out->asOfMs = asOfMs(scope);
    out->segment.clear();
    out->segmentName.clear();
    if (scope.segment.isEmpty())
        return true;
    if (!workspace.segments.contains(scope.segment)) {
        *error = QCoreApplication::translate("pulsebook::Snapshot",
                                             "No segment named \"%1\" in this workspace")
                     .arg(scope.segment);
        return false;
    }
    std::vector<char> members;
    if (!Segment(workspace.segments.value(scope.segment))
             .evaluate(*out, workspace.segments, &members, error))
        return false;
    out->segment = std::move(members);
    out->segmentName = scope.segment;
    return true;
}

} // namespace pulsebook
