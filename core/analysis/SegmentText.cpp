#include "SegmentText.h"

#include "sync/FieldParser.h"

#include <QLocale>
#include <QRegularExpression>

namespace pulsebook::SegmentText {

namespace {

using Kind = SegmentNode::Kind;
using Op = SegmentNode::Op;

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-') ||
           c == QLatin1Char('.') || c == QLatin1Char(':') || c == QLatin1Char('+');
}

// A name the tokenizer reads as one word and the grammar not as a keyword.
bool isBareWord(const QString& text)
{
    static const QStringList keywords = {
        QStringLiteral("and"),      QStringLiteral("or"),     QStringLiteral("not"),
        QStringLiteral("did"),      QStringLiteral("in"),     QStringLiteral("is"),
        QStringLiteral("contains"), QStringLiteral("starts"), QStringLiteral("set"),
        QStringLiteral("segment"),  QStringLiteral("within"), QStringLiteral("between"),
        QStringLiteral("ever"),     QStringLiteral("at"),     QStringLiteral("least")};
    if (text.isEmpty() || keywords.contains(text, Qt::CaseInsensitive))
        return false;
    for (const QChar c : text) {
        if (!isWordChar(c))
            return false;
    }
    return true;
}

// A group of one child says what the child says.
const SegmentNode& effective(const SegmentNode& node)
{
    const SegmentNode* n = &node;
    while ((n->kind == Kind::And || n->kind == Kind::Or) && n->children.size() == 1)
        n = &n->children.front();
    return *n;
}

bool isGroup(const SegmentNode& node)
{
    return node.kind == Kind::And || node.kind == Kind::Or;
}

QString valueText(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::Double:
    case QMetaType::Float:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return QString::number(value.toLongLong());
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return quoted(value.toString());
    }
}

QString timeText(qint64 ms, const QDate& date, const Calendar& calendar)
{
    if (date.isValid())
        return date.toString(Qt::ISODate);
    const QDate day = calendar.date(ms);
    if (calendar.midnight(day) == ms)
        return day.toString(Qt::ISODate);
    return FieldParser::formatTimestamp(ms);
}

class Writer
{
public:
    explicit Writer(const Calendar& calendar) : m_calendar(calendar) {}

    bool ok = true;

    QString expression(const SegmentNode& raw)
    {
        const SegmentNode& node = effective(raw);
        switch (node.kind) {
        case Kind::And:
        case Kind::Or: {
            if (node.children.empty()) {
                ok = false;
                return QString();
            }
            const bool isAnd = node.kind == Kind::And;
            QStringList parts;
            for (const SegmentNode& child : node.children) {
                const SegmentNode& c = effective(child);
                // "a or (b or c)" and "a and (b and c)" keep their nesting; an and inside an
                // or needs no parentheses (and binds tighter).
                parts << (isGroup(c) && (isAnd || c.kind == Kind::Or) ? parenthesised(c)
                                                                      : expression(c));
            }
            return parts.join(isAnd ? QStringLiteral(" and ") : QStringLiteral(" or "));
        }
        case Kind::Not: {
            if (node.children.empty()) {
                ok = false;
                return QString();
            }
            const SegmentNode& c = effective(node.children.front());
            return QStringLiteral("not ") + (isGroup(c) ? parenthesised(c) : expression(c));
        }
        case Kind::InSegment:
            return QStringLiteral("in segment ") + quoted(node.name);
        case Kind::Did:
            return did(node);
        case Kind::Property:
            return property(node);
        }
        return QString();
    }

private:
    QString parenthesised(const SegmentNode& node)
    {
        return QLatin1Char('(') + expression(node) + QLatin1Char(')');
    }

    QString did(const SegmentNode& node)
    {
        QString text = node.negated ? QStringLiteral("did not ") : QStringLiteral("did ");
        text += quoted(node.name);
        if (node.atLeast > 1)
            text += QStringLiteral(" at least %1 times").arg(node.atLeast);
        if (node.withinMs > 0)
            text += QStringLiteral(" within ") + formatDuration(node.withinMs);
        else if (node.hasRange())
            text += QStringLiteral(" between %1 and %2")
                        .arg(timeText(node.fromMs, node.fromDate, m_calendar),
                             timeText(node.toMs, node.toDate, m_calendar));
        return text;
    }

    QString property(const SegmentNode& node)
    {
        const QString name = propertyName(node.name);
        const QString first = node.values.isEmpty() ? QString() : valueText(node.values.front());
        switch (node.op) {
        case Op::IsSet:
            return name + QStringLiteral(" is set");
        case Op::IsNotSet:
            return name + QStringLiteral(" is not set");
        case Op::In: {
            QStringList values;
            for (const QVariant& v : node.values)
                values << valueText(v);
            if (values.isEmpty())
                ok = false;
            return QStringLiteral("%1 in (%2)").arg(name, values.join(QStringLiteral(", ")));
        }
        default:
            break;
        }
        if (node.values.isEmpty())
            ok = false;
        static const QHash<Op, QString> ops = {{Op::Equals, QStringLiteral("=")},
                                               {Op::NotEquals, QStringLiteral("!=")},
                                               {Op::Contains, QStringLiteral("contains")},
                                               {Op::StartsWith, QStringLiteral("starts with")},
                                               {Op::Less, QStringLiteral("<")},
                                               {Op::LessOrEqual, QStringLiteral("<=")},
                                               {Op::Greater, QStringLiteral(">")},
                                               {Op::GreaterOrEqual, QStringLiteral(">=")}};
        return QStringLiteral("%1 %2 %3").arg(name, ops.value(node.op), first);
    }

    const Calendar& m_calendar;
};

} // namespace

QString format(const SegmentNode& node, const Calendar& calendar)
{
    Writer writer(calendar);
    const QString text = writer.expression(node);
    return writer.ok ? text : QString();
}

QString quoted(const QString& text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        out += c;
    }
    return out + QLatin1Char('"');
}

QString propertyName(const QString& name)
{
    if (isBareWord(name))
        return name;
    for (const QString& prefix : {QStringLiteral("account."), QStringLiteral("user.")}) {
        if (name.startsWith(prefix) && name.size() > prefix.size())
            return prefix + quoted(name.mid(prefix.size()));
    }
    return quoted(name);
}

bool errorPosition(const QString& text, const QString& parserError, int* line, int* column)
{
    static const QRegularExpression columnPrefix(QStringLiteral("^column (\\d+): "));
    const QRegularExpressionMatch match = columnPrefix.match(parserError);
    if (!match.hasMatch())
        return false;
    const qsizetype position = std::min(match.captured(1).toLongLong() - 1, qint64(text.size()));
    *line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < position; ++i) {
        if (text[i] == QLatin1Char('\n')) {
            ++*line;
            lineStart = i + 1;
        }
    }
    *column = int(position - lineStart) + 1;
    return true;
}

QString withLine(const QString& text, const QString& parserError)
{
    int line = 0, column = 0;
    if (!errorPosition(text, parserError, &line, &column))
        return parserError;
    return QStringLiteral("%1:%2: %3")
        .arg(line)
        .arg(column)
        .arg(parserError.section(QStringLiteral(": "), 1, -1));
}

void markDates(SegmentNode* node, const Calendar& calendar)
{
    for (SegmentNode& child : node->children)
        markDates(&child, calendar);
    if (node->kind != Kind::Did || !node->hasRange())
        return;
    auto mark = [&](qint64 ms, QDate* date) {
        const QDate day = calendar.date(ms);
        if (!date->isValid() && calendar.midnight(day) == ms)
            *date = day;
    };
    mark(node->fromMs, &node->fromDate);
    mark(node->toMs, &node->toDate);
}

} // namespace pulsebook::SegmentText
