#include "SegmentDefinition.h"

#include "Duration.h"
#include "ShapeProblems.h"
#include "sync/FieldParser.h"

#include <QJsonArray>
#include <QJsonObject>

namespace pulsebook {

namespace {

constexpr qint64 DayMs = 86400000;

struct OpName
{
    SegmentNode::Op op;
    const char* name;
};
const OpName OpNames[] = {
    {SegmentNode::Op::Equals, "="},
    {SegmentNode::Op::NotEquals, "!="},
    {SegmentNode::Op::Contains, "contains"},
    {SegmentNode::Op::StartsWith, "starts_with"},
    {SegmentNode::Op::IsSet, "is_set"},
    {SegmentNode::Op::IsNotSet, "is_not_set"},
    {SegmentNode::Op::In, "in"},
    {SegmentNode::Op::Less, "<"},
    {SegmentNode::Op::LessOrEqual, "<="},
    {SegmentNode::Op::Greater, ">"},
    {SegmentNode::Op::GreaterOrEqual, ">="},
};

using ShapeProblems::add;

// A time, or a date alone (kept as the date: its midnight is the workspace time zone's).
bool parseTime(const QJsonValue& v, qint64* ms, QDate* date)
{
    const QByteArray text = v.toString().trimmed().toUtf8();
    if (text.isEmpty() || !FieldParser::timestamp(
                              std::string_view(text.constData(), size_t(text.size())), ms, nullptr))
        return false;
    const QDate day = QDate::fromString(QString::fromUtf8(text), Qt::ISODate);
    if (text.size() == 10 && day.isValid())
        *date = day;
    return true;
}

bool nodeFromJson(const QJsonValue& json, const QString& path, SegmentNode* node,
                  QStringList* problems)
{
    if (!json.isObject())
        return add(problems, path, QStringLiteral("expected an object"));
    const QJsonObject o = json.toObject();
    for (const char* group : {"and", "or"}) {
        if (!o.contains(QLatin1String(group)))
            continue;
        node->kind = qstrcmp(group, "and") == 0 ? SegmentNode::Kind::And : SegmentNode::Kind::Or;
        const QJsonValue list = o.value(QLatin1String(group));
        if (!list.isArray() || list.toArray().isEmpty())
            return add(problems, path + QLatin1Char('.') + QLatin1String(group),
                       QStringLiteral("expected a non-empty list of conditions"));
        const QJsonArray items = list.toArray();
        bool ok = true; // every condition's problem, not only the first
        for (qsizetype i = 0; i < items.size(); ++i) {
            SegmentNode child;
            ok = nodeFromJson(items[i],
                              QStringLiteral("%1.%2[%3]").arg(path, QLatin1String(group)).arg(i),
                              &child, problems) &&
                 ok;
            node->children.push_back(std::move(child));
        }
        return ok;
    }
    if (o.contains(QLatin1String("not"))) {
        node->kind = SegmentNode::Kind::Not;
        SegmentNode child;
        if (!nodeFromJson(o.value(QLatin1String("not")), path + QStringLiteral(".not"), &child,
                          problems))
            return false;
        node->children.push_back(std::move(child));
        return true;
    }
    if (o.contains(QLatin1String("in_segment"))) {
        node->kind = SegmentNode::Kind::InSegment;
        node->name = o.value(QLatin1String("in_segment")).toString();
        if (node->name.isEmpty())
            return add(problems, path + QStringLiteral(".in_segment"),
                       QStringLiteral("expected a segment name"));
        return true;
    }
    if (o.contains(QLatin1String("property"))) {
        node->kind = SegmentNode::Kind::Property;
        node->name = o.value(QLatin1String("property")).toString();
        if (node->name.isEmpty())
            return add(problems, path + QStringLiteral(".property"),
                       QStringLiteral("expected a property name"));
        const QString op = o.value(QLatin1String("op")).toString();
        bool known = false;
        for (const auto& n : OpNames) {
            if (op == QLatin1String(n.name)) {
                node->op = n.op;
                known = true;
            }
        }
        if (!known)
            return add(problems, path + QStringLiteral(".op"),
                       QStringLiteral("unknown operator \"%1\" (expected =, !=, contains, "
                                      "starts_with, is_set, is_not_set, in, <, <=, >, >=)")
                           .arg(op));
        const QJsonValue value = o.value(QLatin1String("value"));
        if (node->op == SegmentNode::Op::IsSet || node->op == SegmentNode::Op::IsNotSet)
            return true;
        if (node->op == SegmentNode::Op::In) {
            if (!value.isArray() || value.toArray().isEmpty())
                return add(problems, path + QStringLiteral(".value"),
                           QStringLiteral("expected a non-empty list"));
            node->values = value.toArray().toVariantList();
            return true;
        }
        if (value.isUndefined() || value.isNull() || value.isArray() || value.isObject())
            return add(problems, path + QStringLiteral(".value"),
                       QStringLiteral("expected a text, number or date"));
        node->values = {value.toVariant()};
        return true;
    }
    for (const char* key : {"did", "did_not"}) {
        if (!o.contains(QLatin1String(key)))
            continue;
        node->kind = SegmentNode::Kind::Did;
        node->negated = qstrcmp(key, "did_not") == 0;
        node->name = o.value(QLatin1String(key)).toString();
        if (node->name.isEmpty())
            return add(problems, path + QLatin1Char('.') + QLatin1String(key),
                       QStringLiteral("expected an event name"));
        if (o.contains(QLatin1String("at_least"))) {
            const QJsonValue n = o.value(QLatin1String("at_least"));
            if (!n.isDouble() || n.toDouble() < 1 || n.toDouble() != double(n.toInteger()))
                return add(problems, path + QStringLiteral(".at_least"),
                           QStringLiteral("expected a whole number of at least 1"));
            node->atLeast = n.toInteger();
        }
        const bool hasDays = o.contains(QLatin1String("within_days"));
        if (hasDays && o.contains(QLatin1String("within")))
            return add(problems, path, QStringLiteral("give within_days or within, not both"));
        if (hasDays) {
            const QJsonValue d = o.value(QLatin1String("within_days"));
            if (!d.isDouble() || d.toDouble() < 1 || d.toDouble() != double(d.toInteger()))
                return add(problems, path + QStringLiteral(".within_days"),
                           QStringLiteral("expected a whole number of days of at least 1"));
            node->withinMs = windowOf(d.toInteger(), DayMs);
        }
        if (o.contains(QLatin1String("within"))) {
            QString why;
            if (!parseWindow(o.value(QLatin1String("within")).toString(), &node->withinMs, &why))
                return add(problems, path + QStringLiteral(".within"), why);
        }
        const bool hasFrom = o.contains(QLatin1String("from"));
        const bool hasTo = o.contains(QLatin1String("to"));
        if (hasFrom || hasTo) {
            if (node->withinMs > 0)
                return add(
                    problems, path,
                    QStringLiteral("give %1 or from/to, not both")
                        .arg(hasDays ? QStringLiteral("within_days") : QStringLiteral("within")));
            if (!parseTime(o.value(QLatin1String("from")), &node->fromMs, &node->fromDate))
                return add(problems, path + QStringLiteral(".from"),
                           QStringLiteral("expected a date such as \"2026-08-01\""));
            if (!parseTime(o.value(QLatin1String("to")), &node->toMs, &node->toDate))
                return add(problems, path + QStringLiteral(".to"),
                           QStringLiteral("expected a date such as \"2026-09-01\""));
            if (node->fromMs >= node->toMs)
                return add(problems, path + QStringLiteral(".to"),
                           QStringLiteral("must be after from"));
        }
        return true;
    }
    return add(problems, path,
               QStringLiteral("expected one of and, or, not, property, did, did_not, "
                              "in_segment"));
}

QString timeText(qint64 ms, QDate date)
{
    return date.isValid() ? date.toString(Qt::ISODate) : FieldParser::formatTimestamp(ms);
}

QJsonValue nodeToJson(const SegmentNode& node)
{
    QJsonObject o;
    switch (node.kind) {
    case SegmentNode::Kind::And:
    case SegmentNode::Kind::Or: {
        QJsonArray items;
        for (const auto& c : node.children)
            items.append(nodeToJson(c));
        o.insert(node.kind == SegmentNode::Kind::And ? QStringLiteral("and") : QStringLiteral("or"),
                 items);
        break;
    }
    case SegmentNode::Kind::Not:
        o.insert(QStringLiteral("not"), nodeToJson(node.children.front()));
        break;
    case SegmentNode::Kind::InSegment:
        o.insert(QStringLiteral("in_segment"), node.name);
        break;
    case SegmentNode::Kind::Property:
        o.insert(QStringLiteral("property"), node.name);
        for (const auto& n : OpNames) {
            if (n.op == node.op)
                o.insert(QStringLiteral("op"), QLatin1String(n.name));
        }
        if (node.op == SegmentNode::Op::In)
            o.insert(QStringLiteral("value"), QJsonArray::fromVariantList(node.values));
        else if (!node.values.isEmpty())
            o.insert(QStringLiteral("value"), QJsonValue::fromVariant(node.values.front()));
        break;
    case SegmentNode::Kind::Did:
        o.insert(node.negated ? QStringLiteral("did_not") : QStringLiteral("did"), node.name);
        if (node.atLeast != 1)
            o.insert(QStringLiteral("at_least"), node.atLeast);
        // Whole days as within_days, the form every earlier version reads.
        if (node.withinMs > 0 && node.withinMs % DayMs == 0)
            o.insert(QStringLiteral("within_days"), node.withinMs / DayMs);
        else if (node.withinMs > 0)
            o.insert(QStringLiteral("within"), formatDuration(node.withinMs));
        if (node.hasRange()) {
            o.insert(QStringLiteral("from"), timeText(node.fromMs, node.fromDate));
            o.insert(QStringLiteral("to"), timeText(node.toMs, node.toDate));
        }
        break;
    }
    return o;
}

} // namespace

bool SegmentDefinition::fromJson(const QJsonValue& json, const QString& path, SegmentNode* out,
                                 QStringList* problems)
{
    SegmentNode root;
    if (!nodeFromJson(json, path, &root, problems))
        return false;
    *out = std::move(root);
    return true;
}

bool SegmentDefinition::fromJson(const QJsonValue& json, const QString& path, SegmentNode* out,
                                 QString* error)
{
    return ShapeProblems::first(
        [&](QStringList* problems) { return fromJson(json, path, out, problems); }, error);
}

QJsonValue SegmentDefinition::toJson(const SegmentNode& node)
{
    return nodeToJson(node);
}

bool SegmentDefinition::namedFromJson(const QJsonValue& json, NamedSegments* out,
                                      QStringList* problems)
{
    if (!json.isObject())
        return add(problems, QStringLiteral("$.segments"),
                   QStringLiteral("expected an object of named segments"));
    const QJsonObject named = json.toObject();
    bool ok = true;
    for (auto it = named.begin(); it != named.end(); ++it) {
        SegmentNode s;
        if (fromJson(it.value(), QStringLiteral("$.segments.%1").arg(it.key()), &s, problems))
            out->insert(it.key(), std::move(s));
        else
            ok = false;
    }
    return ok;
}

QJsonObject SegmentDefinition::namedToJson(const NamedSegments& segments)
{
    QJsonObject o;
    for (auto it = segments.begin(); it != segments.end(); ++it)
        o.insert(it.key(), toJson(it.value()));
    return o;
}

} // namespace pulsebook
