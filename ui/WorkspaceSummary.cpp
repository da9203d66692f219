#include "WorkspaceSummary.h"

namespace pulsebook {

WorkspaceSummary WorkspaceSummary::read(const QString& path)
{
    WorkspaceSummary s;
    s.path = path;
    Cache cache;
    if (!cache.openForReading(path, &s.error))
        return s;
    s.schemaVersion = cache.schemaVersion();
    s.asOfMs = cache.defaultAsOfMs();
    s.rows = cache.rowCounts();
    s.log = cache.syncLog(50);
    return s;
}

} // namespace pulsebook
