#include "Snapshot.h"

#include "AppContext.h"

#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Segment.h"
#include "analysis/WorkspaceCheck.h"
#include "cache/Cache.h"

#include <QCoreApplication>

namespace pulsebook {

std::shared_ptr<const Snapshot> Snapshot::read(const QString& path, Progress* progress)
{
    auto s = std::make_shared<Snapshot>();
    s->path = path;
    Cache cache;
    if (!cache.openForReading(path, &s->error))
        return s;
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
