#pragma once

#include "workspace/SegmentDefinition.h"

#include <QJsonValue>
#include <QString>
#include <QVariant>

#include <vector>

namespace pulsebook {

struct AnalysisContext;
class EventIndex;
struct WorkspaceProblem;

// A segment (docs/definitions.md, "Segments"): a tree of AND / OR / NOT over property conditions,
// behaviour conditions (has done / has not done an event, at least N times, within a window)
// and "in segment S". Its result is a set of users.
//
// JSON form: {"and": [...]}, {"or": [...]}, {"not": {...}},
//   {"property": "role" | "account.csm", "op": "=", "value": ...} with ops = != contains
//   starts_with is_set is_not_set in < <= > >=,
//   {"did": "Login", "at_least": 2, "within_days": 30} (or "within": "36h", or "from"/"to"
//   times, a date alone being local midnight in the workspace time zone, or neither: ever),
//   {"did_not": ...} of the same shape, {"in_segment": "Name"}.
// Text form: see SegmentParser.h.
class Segment
{
public:
    using Kind = SegmentNode::Kind;
    using Op = SegmentNode::Op;
    using Node = SegmentNode;

    Segment() = default;
    explicit Segment(Node root) : m_root(std::move(root)) {}

    // Parses the JSON form; errors read "<path>: problem" with a JSON path such as
    // "$.segments.Trial.and[1].op".
    static bool fromJson(const QJsonValue& json, const QString& path, Segment* out, QString* error);
    QJsonValue toJson() const;

    // Checks events and properties against the index and that named segments exist without a
    // cycle; `named` is the workspace's segments. An event the data does not have is a
    // warning (nobody did it); the rest are errors.
    void check(const EventIndex& index, const NamedSegments& named, const QString& path,
               QList<WorkspaceProblem>* problems) const;
    // check() without warnings: false with *error, the first error.
    bool validate(const EventIndex& index, const NamedSegments& named, const QString& path,
                  QString* error) const;

    // The members (1 per user of context.index); context.segment is ignored here.
    bool evaluate(const AnalysisContext& context, const NamedSegments& named,
                  std::vector<char>* members, QString* error) const;

    const Node& root() const { return m_root; }

private:
    Node m_root;
};

} // namespace pulsebook
