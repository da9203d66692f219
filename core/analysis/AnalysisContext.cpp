#include "AnalysisContext.h"

#include "sync/FieldParser.h"

#include <algorithm>

namespace pulsebook {

size_t AnalysisContext::eventsEndAsOf(int u) const
{
    const qint64* t = index->times();
    return size_t(std::lower_bound(t + index->eventBegin(u), t + index->eventEnd(u), asOfMs) - t);
}

Status AnalysisContext::outcome(bool ok, const QString* error) const
{
    if (ok)
        return Status::done();
    if (progress->isCancelled())
        return Status::cancelled();
    return Status::failed(error ? *error : QString());
}

QJsonObject AnalysisContext::baseDefinition(const QString& analysis) const
{
    QJsonObject d;
    d.insert(QStringLiteral("analysis"), analysis);
    d.insert(QStringLiteral("as_of"), FieldParser::formatTimestamp(asOfMs));
    if (calendar.zoneName() != QLatin1String("UTC"))
        d.insert(QStringLiteral("time_zone"), calendar.zoneName());
    if (!segment.empty())
        d.insert(QStringLiteral("segment"), segmentName);
    return d;
}

} // namespace pulsebook
