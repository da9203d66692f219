#pragma once

#include <QJsonValue>
#include <QString>
#include <QVariantList>

#include <vector>

namespace pulsebook {

// A segment as the workspace defines it: a tree of AND / OR / NOT over property conditions,
// behaviour conditions and "in segment S" (the JSON form is in core/analysis/Segment.h, which
// evaluates it against the data).
struct SegmentNode
{
    enum class Kind { And, Or, Not, Property, Did, InSegment };
    enum class Op {
        Equals,
        NotEquals,
        Contains,
        StartsWith,
        IsSet,
        IsNotSet,
        In,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual
    };

    Kind kind = Kind::And;
    std::vector<SegmentNode> children;
    QString name; // property ("account." prefix for accounts), event or segment name
    Op op = Op::Equals;
    QVariantList values;
    qint64 atLeast = 1;
    qint64 withinDays = -1; // -1: not a "last D days" window
    qint64 fromMs = -1;     // with toMs: between two dates, [from, to)
    qint64 toMs = -1;
    bool negated = false; // did_not
};

// The JSON form of a segment: its shape only (names are checked against the data in
// core/analysis/WorkspaceCheck).
namespace SegmentDefinition {

// Parses the JSON form; errors read "<path>: problem" with a JSON path such as
// "$.segments.Trial.and[1].op".
bool fromJson(const QJsonValue& json, const QString& path, SegmentNode* out, QString* error);
QJsonValue toJson(const SegmentNode& node);

} // namespace SegmentDefinition
} // namespace pulsebook
