#include "SegmentsData.h"

#include "AppContext.h"
#include "Snapshot.h"

#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"
#include "analysis/SegmentText.h"
#include "analysis/WorkspaceCheck.h"
#include "cache/Cache.h"
#include "present/UsageTables.h"

namespace pulsebook {

namespace {

// The members of the segment `text` says, as the CLI's segment command finds them: parsed in
// the workspace's time zone, checked against the data (errors stop it, warnings are kept),
// evaluated with the workspace's saved segments.
bool members(const Snapshot& snapshot, const Scope& scope, const QString& text,
             AnalysisContext* context, Segment* segment, std::vector<char>* out, QString* error,
             QStringList* warnings)
{
    if (!snapshot.context(scope, context, error))
        return false;
    if (!SegmentParser::parse(text, segment, error, context->calendar)) {
        *error = SegmentText::withLine(text, *error);
        return false;
    }
    WorkspaceProblems problems;
    segment->check(*context->index, snapshot.workspace.segments, QStringLiteral("--where"),
                   &problems);
    for (const WorkspaceProblem& p : std::as_const(problems)) {
        if (p.isError()) {
            *error = p.text();
            return false;
        }
        if (warnings)
            warnings->append(p.text());
    }
    return segment->evaluate(*context, snapshot.workspace.segments, out, error);
}

} // namespace

SegmentCount countSegment(const Snapshot& snapshot, const Scope& scope, const QString& text)
{
    SegmentCount c;
    c.text = text;
    AnalysisContext context;
    Segment segment;
    std::vector<char> in;
    if (!members(snapshot, scope, text, &context, &segment, &in, &c.error, &c.warnings))
        return c;
    c.asOfMs = context.asOfMs;
    c.users = 0;
    for (int u = 0; u < context.index->userCount(); ++u)
        c.users += in[size_t(u)] && context.inSegment(u);
    return c;
}

SegmentUsers segmentUsers(const Snapshot& snapshot, const Scope& scope, const QString& text)
{
    SegmentUsers result;
    AnalysisContext context;
    Segment segment;
    std::vector<char> in;
    if (!members(snapshot, scope, text, &context, &segment, &in, &result.error, nullptr))
        return result;
    result.table =
        std::make_shared<const ResultTable>(segmentTable(context, segment.toJson(), in, false));
    return result;
}

DefinitionsStored storeSegment(const Snapshot& snapshot, const QString& oldName,
                               const QString& newName, const QString& text)
{
    DefinitionsStored result;
    NamedSegments segments;
    {
        // The segments as stored now (another window may have saved one since our snapshot).
        Cache cache;
        Workspace stored;
        if (!cache.openForReading(snapshot.path, &result.error) ||
            !WorkspaceCheck::load(cache, *snapshot.index, &stored, &result.error))
            return result;
        segments = stored.segments;
    }
    if (!oldName.isEmpty())
        segments.remove(oldName);
    if (!newName.isEmpty()) {
        Segment segment;
        if (!SegmentParser::parse(text, &segment, &result.error, snapshot.calendar)) {
            result.error = SegmentText::withLine(text, result.error);
            return result;
        }
        SegmentNode node = segment.root();
        SegmentText::markDates(&node, snapshot.calendar);
        segments.insert(newName, node);
    }
    DefinitionsData data;
    data.path = snapshot.path;
    data.index = snapshot.index;
    return storeDefinitions(
        data, QJsonObject{{QStringLiteral("segments"), SegmentDefinition::namedToJson(segments)}});
}

} // namespace pulsebook
