#include "Segment.h"

#include "AnalysisContext.h"
#include "EventIndex.h"
#include "WorkspaceCheck.h"
#include "sync/FieldParser.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <unordered_set>

namespace pulsebook {

namespace {

bool fail(QString* error, const QString& path, const QString& problem)
{
    if (error)
        *error = QStringLiteral("%1: %2").arg(path, problem);
    return false;
}

bool isAccountProperty(const QString& name, QString* bare)
{
    if (name.startsWith(QLatin1String("account."))) {
        *bare = name.mid(8);
        return true;
    }
    *bare = name.startsWith(QLatin1String("user.")) ? name.mid(5) : name;
    return false;
}

// Text comparisons are case-insensitive; numbers and dates compare as numbers when both sides
// read as such.
bool asNumber(const QVariant& v, double* out)
{
    if (v.typeId() == QMetaType::Double || v.typeId() == QMetaType::LongLong ||
        v.typeId() == QMetaType::Int || v.typeId() == QMetaType::Bool) {
        *out = v.toDouble();
        return true;
    }
    bool ok = false;
    *out = v.toString().trimmed().toDouble(&ok);
    return ok && !std::isnan(*out); // "NaN" text would compare equal to every number
}

bool asTime(const QVariant& v, qint64* out)
{
    if (v.typeId() == QMetaType::LongLong) {
        *out = v.toLongLong();
        return true;
    }
    const QByteArray text = v.toString().trimmed().toUtf8();
    return !text.isEmpty() &&
           FieldParser::timestamp(std::string_view(text.constData(), size_t(text.size())), out,
                                  nullptr) &&
           text.contains('-');
}

// -1, 0, 1, or 2 when the two cannot be ordered.
int compareValues(const QVariant& property, const QVariant& literal)
{
    if (property.typeId() == QMetaType::LongLong) { // a date column
        qint64 a = property.toLongLong(), b;
        if (asTime(literal, &b))
            return a < b ? -1 : (a > b ? 1 : 0);
        return 2;
    }
    if (property.typeId() == QMetaType::Bool) {
        const QString l = literal.toString().toLower();
        const bool b = l == QLatin1String("true") || l == QLatin1String("yes") ||
                       l == QLatin1String("1") ||
                       (literal.typeId() == QMetaType::Bool && literal.toBool());
        return property.toBool() == b ? 0 : 2;
    }
    double a, b;
    if (asNumber(property, &a) && asNumber(literal, &b))
        return a < b ? -1 : (a > b ? 1 : 0);
    qint64 ta, tb;
    if (asTime(property, &ta) && asTime(literal, &tb))
        return ta < tb ? -1 : (ta > tb ? 1 : 0);
    return 2;
}

bool textEquals(const QVariant& a, const QVariant& b)
{
    return a.toString().compare(b.toString(), Qt::CaseInsensitive) == 0;
}

// `=` between a property value and a literal.
bool equalsLiteral(const QVariant& value, const QVariant& literal)
{
    const int c = compareValues(value, literal);
    return c == 2 ? textEquals(value, literal) : c == 0;
}

// The text as QString::compare(Qt::CaseInsensitive) sees it, by construction: each code point
// folded on its own, a lone surrogate kept.
QString folded(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text[i].unicode();
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text[i], text[i + 1]);
            ++i;
        }
        const char32_t f = QChar::toCaseFolded(c);
        if (QChar::requiresSurrogates(f)) {
            out += QChar(QChar::highSurrogate(f));
            out += QChar(QChar::lowSurrogate(f));
        } else {
            out += QChar(char16_t(f));
        }
    }
    return out;
}

// The literals of an `in` list in hash sets: the members of "x in (a, b, ...)" are exactly
// those of "x = a or x = b or ..." (equalsLiteral), found in constant time per value instead
// of one comparison per literal. A value and a literal compare as numbers when both are
// numbers, else as times when both are times, else as case-insensitive text; so each set
// holds the literals that a value of one kind meets in one way.
class LiteralSet
{
public:
    explicit LiteralSet(const QVariantList& literals)
    {
        for (const QVariant& literal : literals) {
            double n;
            qint64 t;
            const bool number = asNumber(literal, &n);
            const bool time = asTime(literal, &t);
            const QString text = folded(literal.toString());
            if (number)
                m_numbers.insert(n == 0 ? 0.0 : n); // -0 == 0, but they hash apart
            if (time)
                m_times.insert(t);
            if (time && !number)
                m_timesNotNumbers.insert(t);
            m_texts.insert(text);
            if (!number)
                m_textsNotNumbers.insert(text);
            if (!time)
                m_textsNotTimes.insert(text);
            if (!number && !time)
                m_textsNeither.insert(text);
            m_true = m_true || equalsLiteral(QVariant(true), literal);
            m_false = m_false || equalsLiteral(QVariant(false), literal);
        }
    }

    bool contains(const QVariant& value) const
    {
        if (value.typeId() == QMetaType::LongLong) // a date column: see compareValues
            return m_times.contains(value.toLongLong()) ||
                   m_textsNotTimes.contains(folded(value.toString()));
        if (value.typeId() == QMetaType::Bool)
            return value.toBool() ? m_true : m_false;
        double n;
        const bool number = asNumber(value, &n);
        if (number && m_numbers.contains(n == 0 ? 0.0 : n))
            return true;
        // With no time among the literals, a value that is a time meets them as text anyway:
        // skip parsing it.
        qint64 t = 0;
        const bool time = !m_times.isEmpty() && asTime(value, &t);
        const QString text = folded(value.toString());
        if (number)
            return time ? m_timesNotNumbers.contains(t) || m_textsNeither.contains(text)
                        : m_textsNotNumbers.contains(text);
        return time ? m_times.contains(t) || m_textsNotTimes.contains(text)
                    : m_texts.contains(text);
    }

private:
    std::unordered_set<double> m_numbers;
    QSet<qint64> m_times;
    QSet<qint64> m_timesNotNumbers;
    QSet<QString> m_texts;
    QSet<QString> m_textsNotNumbers;
    QSet<QString> m_textsNotTimes;
    QSet<QString> m_textsNeither;
    bool m_true = false; // a true boolean property is in the list
    bool m_false = false;
};

bool isSet(const QVariant& value)
{
    return value.isValid() && !(value.typeId() == QMetaType::QString && value.toString().isEmpty());
}

bool matchProperty(const Segment::Node& node, const QVariant& value)
{
    const bool set = isSet(value);
    switch (node.op) {
    case Segment::Op::IsSet:
        return set;
    case Segment::Op::IsNotSet:
        return !set;
    case Segment::Op::NotEquals: {
        if (!set)
            return true; // a missing value is not equal to anything
        const int c = compareValues(value, node.values.front());
        return c == 2 ? !textEquals(value, node.values.front()) : c != 0;
    }
    default:
        break;
    }
    if (!set)
        return false;
    switch (node.op) {
    case Segment::Op::Equals:
        return equalsLiteral(value, node.values.front());
    case Segment::Op::Contains:
        return value.toString().contains(node.values.front().toString(), Qt::CaseInsensitive);
    case Segment::Op::StartsWith:
        return value.toString().startsWith(node.values.front().toString(), Qt::CaseInsensitive);
    case Segment::Op::Less:
        return compareValues(value, node.values.front()) == -1;
    case Segment::Op::LessOrEqual: {
        const int c = compareValues(value, node.values.front());
        return c == -1 || c == 0;
    }
    case Segment::Op::Greater:
        return compareValues(value, node.values.front()) == 1;
    case Segment::Op::GreaterOrEqual: {
        const int c = compareValues(value, node.values.front());
        return c == 1 || c == 0;
    }
    default:
        return false;
    }
}

class Evaluator
{
public:
    Evaluator(const AnalysisContext& context, const NamedSegments& named)
        : m_context(context), m_index(*context.index), m_named(named)
    {}

    bool run(const Segment::Node& node, std::vector<char>* out, QString* error)
    {
        const int users = m_index.userCount();
        out->assign(size_t(users), 0);
        switch (node.kind) {
        case Segment::Kind::And:
        case Segment::Kind::Or: {
            const bool isAnd = node.kind == Segment::Kind::And;
            std::fill(out->begin(), out->end(), char(isAnd ? 1 : 0));
            std::vector<char> part;
            for (const auto& child : node.children) {
                if (!run(child, &part, error))
                    return false;
                for (int u = 0; u < users; ++u)
                    (*out)[size_t(u)] = char(isAnd ? ((*out)[size_t(u)] && part[size_t(u)])
                                                   : ((*out)[size_t(u)] || part[size_t(u)]));
            }
            return true;
        }
        case Segment::Kind::Not: {
            if (!run(node.children.front(), out, error))
                return false;
            for (auto& v : *out)
                v = char(!v);
            return true;
        }
        case Segment::Kind::InSegment: {
            if (m_stack.contains(node.name))
                return fail(error, QStringLiteral("segment \"%1\"").arg(node.name),
                            QStringLiteral("refers to itself (a cycle)"));
            if (!m_named.contains(node.name))
                return fail(error, QStringLiteral("segment \"%1\"").arg(node.name),
                            QStringLiteral("no such segment"));
            m_stack.append(node.name);
            const bool ok = run(m_named.value(node.name), out, error);
            m_stack.removeLast();
            return ok;
        }
        case Segment::Kind::Property: {
            QString bare;
            const bool account = isAccountProperty(node.name, &bare);
            // Built once: a list of 100,000 values over a million users is a second, not hours.
            std::optional<LiteralSet> in;
            if (node.op == Segment::Op::In)
                in.emplace(node.values);
            auto matches = [&](const QVariant& value) {
                return char(in ? isSet(value) && in->contains(value) : matchProperty(node, value));
            };
            const QVariant missing;
            if (account) {
                // Once per account, not per user: the segment editor's live count compares a
                // thousand accounts' values instead of a hundred thousand users'.
                const int column = m_index.accountPropertyColumn(bare);
                std::vector<char> byAccount(size_t(m_index.accountCount()));
                for (int a = 0; a < m_index.accountCount(); ++a)
                    byAccount[size_t(a)] =
                        matches(column < 0 ? missing : m_index.accountPropertyAt(column, a));
                const char withoutAccount = matches(missing);
                for (int u = 0; u < users; ++u) {
                    const int a = m_index.userAccount(u);
                    (*out)[size_t(u)] = a >= 0 ? byAccount[size_t(a)] : withoutAccount;
                }
            } else {
                const int column = m_index.userPropertyColumn(bare);
                for (int u = 0; u < users; ++u)
                    (*out)[size_t(u)] =
                        matches(column < 0 ? missing : m_index.userPropertyAt(column, u));
            }
            return true;
        }
        case Segment::Kind::Did: {
            const int type = m_index.typeIndex(node.name);
            qint64 from = std::numeric_limits<qint64>::min();
            qint64 to = m_context.asOfMs;
            // A window longer than the clock's range is "ever" (and must not overflow).
            if (node.withinMs > 0)
                from = node.withinMs < std::numeric_limits<qint64>::max() / 2
                           ? m_context.asOfMs - node.withinMs
                           : std::numeric_limits<qint64>::min();
            if (node.hasRange()) {
                // A date alone is local midnight in the workspace's time zone.
                const Calendar& calendar = m_context.calendar;
                from = node.fromDate.isValid() ? calendar.midnight(node.fromDate) : node.fromMs;
                to = std::min(to,
                              node.toDate.isValid() ? calendar.midnight(node.toDate) : node.toMs);
            }
            const qint64* times = m_index.times();
            const quint16* types = m_index.types();
            for (int u = 0; u < users; ++u) {
                qint64 count = 0;
                if (type >= 0 && from < to) {
                    const qint64* first = std::lower_bound(times + m_index.eventBegin(u),
                                                           times + m_index.eventEnd(u), from);
                    for (size_t e = size_t(first - times);
                         e < m_index.eventEnd(u) && times[e] < to && count < node.atLeast; ++e)
                        count += types[e] == type;
                }
                const bool did = count >= node.atLeast;
                (*out)[size_t(u)] = char(node.negated ? !did : did);
            }
            return true;
        }
        }
        return false;
    }

private:
    const AnalysisContext& m_context;
    const EventIndex& m_index;
    const NamedSegments& m_named;
    QStringList m_stack;
};

void checkNode(const Segment::Node& node, const EventIndex& index, const NamedSegments& named,
               const QString& path, QStringList* stack, WorkspaceProblems* problems)
{
    auto error = [&](const QString& where, const QString& message) {
        problems->append({WorkspaceProblem::Severity::Error, where, message, {}});
    };
    switch (node.kind) {
    case Segment::Kind::And:
    case Segment::Kind::Or:
        for (size_t i = 0; i < node.children.size(); ++i)
            checkNode(node.children[i], index, named,
                      QStringLiteral("%1.%2[%3]")
                          .arg(path, node.kind == Segment::Kind::And ? QStringLiteral("and")
                                                                     : QStringLiteral("or"))
                          .arg(i),
                      stack, problems);
        return;
    case Segment::Kind::Not:
        checkNode(node.children.front(), index, named, path + QStringLiteral(".not"), stack,
                  problems);
        return;
    case Segment::Kind::Did:
        WorkspaceCheck::checkEvent(
            index, node.name,
            path + (node.negated ? QStringLiteral(".did_not") : QStringLiteral(".did")), problems);
        return;
    case Segment::Kind::Property: {
        QString bare;
        const bool account = isAccountProperty(node.name, &bare);
        const QStringList known =
            account ? index.accountPropertyNames() : index.userPropertyNames();
        // With no users or accounts yet, extra columns cannot be checked: the first sync will
        // tell (as for event names).
        const bool empty = account ? index.accountCount() == 0 : index.userCount() == 0;
        if (!empty && !known.contains(bare))
            error(path + QStringLiteral(".property"),
                  QStringLiteral("unknown %1 property \"%2\"")
                      .arg(account ? QStringLiteral("account") : QStringLiteral("user"), bare));
        return;
    }
    case Segment::Kind::InSegment: {
        if (stack->contains(node.name))
            return error(path + QStringLiteral(".in_segment"),
                         QStringLiteral("segment cycle: %1 → %2")
                             .arg(stack->join(QStringLiteral(" → ")), node.name));
        if (!named.contains(node.name))
            return error(path + QStringLiteral(".in_segment"),
                         QStringLiteral("no segment named \"%1\"").arg(node.name));
        stack->append(node.name);
        checkNode(named.value(node.name), index, named,
                  QStringLiteral("$.segments.%1").arg(node.name), stack, problems);
        stack->removeLast();
        return;
    }
    }
}

} // namespace

bool Segment::fromJson(const QJsonValue& json, const QString& path, Segment* out, QString* error)
{
    Node root;
    if (!SegmentDefinition::fromJson(json, path, &root, error))
        return false;
    *out = Segment(std::move(root));
    return true;
}

QJsonValue Segment::toJson() const
{
    return SegmentDefinition::toJson(m_root);
}

void Segment::check(const EventIndex& index, const NamedSegments& named, const QString& path,
                    WorkspaceProblems* problems) const
{
    QStringList stack;
    // A named segment's own name starts the stack, so a self-reference is a cycle.
    const QString prefix = QStringLiteral("$.segments.");
    if (path.startsWith(prefix))
        stack.append(path.mid(prefix.size()).section(QLatin1Char('.'), 0, 0));
    checkNode(m_root, index, named, path, &stack, problems);
}

bool Segment::validate(const EventIndex& index, const NamedSegments& named, const QString& path,
                       QString* error) const
{
    WorkspaceProblems problems;
    check(index, named, path, &problems);
    for (const WorkspaceProblem& p : std::as_const(problems)) {
        if (p.isError())
            return fail(error, p.path, p.message);
    }
    return true;
}

bool Segment::evaluate(const AnalysisContext& context, const NamedSegments& named,
                       std::vector<char>* members, QString* error) const
{
    Evaluator evaluator(context, named);
    return evaluator.run(m_root, members, error);
}

} // namespace pulsebook
