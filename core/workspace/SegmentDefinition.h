#pragma once

#include <QDate>
#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <vector>

namespace pulsebook {

// A segment as the workspace defines it: a tree of AND / OR / NOT over property conditions,
// behaviour conditions and "in segment S". It names events and properties without knowing the
// data: core/analysis/Segment checks them against the data and evaluates the tree.
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
    // The window [as_of - withinMs, as_of); -1: not a "within" window. Any duration, up to
    // SegmentWindowEver (workspace/Duration.h), which means "ever".
    qint64 withinMs = -1;
    qint64 fromMs = -1; // with toMs: between two times, [from, to)
    qint64 toMs = -1;
    // A date typed without a time: local midnight in the workspace's time zone, which the
    // analysis knows (fromMs/toMs then hold UTC midnight, for the shape check only).
    QDate fromDate;
    QDate toDate;
    bool negated = false; // did_not

    bool hasRange() const { return fromMs < toMs; }
};

// The workspace's named segments, by name.
using NamedSegments = QMap<QString, SegmentNode>;

// The JSON form of a segment: its shape only (names are checked against the data in
// core/analysis/WorkspaceCheck).
namespace SegmentDefinition {

// Parses the JSON form; errors read "<path>: problem" with a JSON path such as
// "$.segments.Trial.and[1].op". *error: the first problem.
bool fromJson(const QJsonValue& json, const QString& path, SegmentNode* out, QString* error);
// The same, adding every problem (each condition's first) to *problems.
bool fromJson(const QJsonValue& json, const QString& path, SegmentNode* out, QStringList* problems);
QJsonValue toJson(const SegmentNode& node);

// The workspace's "segments" object: each segment whose shape is right lands in *out, and each
// other one adds its problems ("$.segments.<name>...").
bool namedFromJson(const QJsonValue& json, NamedSegments* out, QStringList* problems);
QJsonObject namedToJson(const NamedSegments& segments);

} // namespace SegmentDefinition
} // namespace pulsebook
