#include "SegmentParser.h"

#include "AnalysisContext.h"

#include <cmath>
#include <limits>

namespace pulsebook::SegmentParser {

namespace {

struct Token
{
    enum Kind { Word, String, Symbol, End } kind = End;
    QString text;
    int column = 0; // 1-based
};

class Parser
{
public:
    Parser(const QString& text, const Calendar& calendar) : m_text(text), m_calendar(calendar) {}
    static constexpr int MaxDepth = 100;

    bool run(Segment::Node* root, QString* error)
    {
        m_error = error;
        if (!tokenize())
            return false;
        if (!expression(root))
            return false;
        if (peek().kind != Token::End)
            return fail(QStringLiteral("unexpected \"%1\"").arg(peek().text));
        return true;
    }

private:
    bool tokenize()
    {
        int i = 0;
        const int n = int(m_text.size());
        while (i < n) {
            const QChar c = m_text[i];
            if (c.isSpace()) {
                ++i;
                continue;
            }
            Token t;
            t.column = i + 1;
            if (c == QLatin1Char('"')) {
                t.kind = Token::String;
                ++i;
                bool closed = false;
                while (i < n) {
                    if (m_text[i] == QLatin1Char('\\') && i + 1 < n) {
                        t.text += m_text[i + 1];
                        i += 2;
                    } else if (m_text[i] == QLatin1Char('"')) {
                        ++i;
                        closed = true;
                        break;
                    } else {
                        t.text += m_text[i++];
                    }
                }
                if (!closed) {
                    m_pos = 0;
                    m_tokens.clear();
                    return failAt(t.column, QStringLiteral("unterminated quoted text"));
                }
            } else if (QStringLiteral("=!<>(),").contains(c)) {
                t.kind = Token::Symbol;
                t.text = c;
                ++i;
                if (i < n && m_text[i] == QLatin1Char('=') &&
                    (c == QLatin1Char('!') || c == QLatin1Char('<') || c == QLatin1Char('>') ||
                     c == QLatin1Char('='))) {
                    t.text += QLatin1Char('=');
                    ++i;
                }
                if (t.text == QLatin1String("!"))
                    return failAt(t.column, QStringLiteral("unexpected \"!\" (did you mean !=?)"));
                if (t.text == QLatin1String("=="))
                    t.text = QStringLiteral("=");
            } else if (c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-') ||
                       c == QLatin1Char('.') || c == QLatin1Char(':') || c == QLatin1Char('+')) {
                t.kind = Token::Word;
                while (i < n && (m_text[i].isLetterOrNumber() || m_text[i] == QLatin1Char('_') ||
                                 m_text[i] == QLatin1Char('-') || m_text[i] == QLatin1Char('.') ||
                                 m_text[i] == QLatin1Char(':') || m_text[i] == QLatin1Char('+')))
                    t.text += m_text[i++];
            } else {
                return failAt(t.column, QStringLiteral("unexpected \"%1\"").arg(c));
            }
            m_tokens.push_back(t);
        }
        Token end;
        end.column = n + 1;
        m_tokens.push_back(end);
        return true;
    }

    const Token& peek(int ahead = 0) const
    {
        return m_tokens[std::min(size_t(m_pos + ahead), m_tokens.size() - 1)];
    }
    Token take() { return m_tokens[std::min(size_t(m_pos++), m_tokens.size() - 1)]; }
    bool isWord(const Token& t, const char* word) const
    {
        return t.kind == Token::Word &&
               t.text.compare(QLatin1String(word), Qt::CaseInsensitive) == 0;
    }
    bool accept(const char* word)
    {
        if (isWord(peek(), word)) {
            ++m_pos;
            return true;
        }
        return false;
    }
    bool acceptSymbol(const char* symbol)
    {
        if (peek().kind == Token::Symbol && peek().text == QLatin1String(symbol)) {
            ++m_pos;
            return true;
        }
        return false;
    }
    bool failAt(int column, const QString& problem)
    {
        if (m_error)
            *m_error = QStringLiteral("column %1: %2").arg(column).arg(problem);
        return false;
    }
    bool fail(const QString& problem) { return failAt(peek().column, problem); }
    QString describe(const Token& t) const
    {
        return t.kind == Token::End ? QStringLiteral("the end")
                                    : QStringLiteral("\"%1\"").arg(t.text);
    }

    bool expression(Segment::Node* out) { return group(out, Segment::Kind::Or, "or"); }

    bool group(Segment::Node* out, Segment::Kind kind, const char* keyword)
    {
        Segment::Node first;
        if (!(kind == Segment::Kind::Or ? group(&first, Segment::Kind::And, "and")
                                        : factor(&first)))
            return false;
        if (!isWord(peek(), keyword)) {
            *out = std::move(first);
            return true;
        }
        out->kind = kind;
        out->children.push_back(std::move(first));
        while (accept(keyword)) {
            Segment::Node next;
            if (!(kind == Segment::Kind::Or ? group(&next, Segment::Kind::And, "and")
                                            : factor(&next)))
                return false;
            out->children.push_back(std::move(next));
        }
        return true;
    }

    bool factor(Segment::Node* out)
    {
        // Nesting is bounded, so that no expression can exhaust the stack (and the JSON form
        // stays well inside what a workspace document may hold).
        struct Depth
        {
            int& depth;
            explicit Depth(int& d) : depth(++d) {}
            ~Depth() { --depth; }
        } depth(m_depth);
        if (m_depth > MaxDepth)
            return fail(QStringLiteral("nested too deeply (at most %1 levels of not and "
                                       "parentheses)")
                            .arg(MaxDepth));
        if (accept("not")) {
            out->kind = Segment::Kind::Not;
            Segment::Node inner;
            if (!factor(&inner))
                return false;
            out->children.push_back(std::move(inner));
            return true;
        }
        if (acceptSymbol("(")) {
            if (!expression(out))
                return false;
            if (!acceptSymbol(")"))
                return fail(QStringLiteral("expected \")\", found %1").arg(describe(peek())));
            return true;
        }
        if (accept("did"))
            return did(out);
        if (isWord(peek(), "in") && isWord(peek(1), "segment")) {
            m_pos += 2;
            if (peek().kind != Token::String)
                return fail(QStringLiteral("expected a quoted segment name"));
            if (peek().text.isEmpty())
                return fail(QStringLiteral("expected a segment name, found \"\""));
            out->kind = Segment::Kind::InSegment;
            out->name = take().text;
            return true;
        }
        return property(out);
    }

    bool number(qint64* value, const char* what)
    {
        bool ok = false;
        const qint64 v = peek().text.toLongLong(&ok);
        if (peek().kind != Token::Word || !ok || v < 1)
            return fail(
                QStringLiteral("expected %1, found %2").arg(QLatin1String(what), describe(peek())));
        ++m_pos;
        *value = v;
        return true;
    }

    bool date(qint64* ms)
    {
        const Token t = take();
        if ((t.kind != Token::Word && t.kind != Token::String) ||
            !m_calendar.typedTime(t.text, ms, nullptr))
            return failAt(
                t.column,
                QStringLiteral("expected a date such as 2026-08-01, found %1").arg(describe(t)));
        return true;
    }

    bool did(Segment::Node* out)
    {
        out->kind = Segment::Kind::Did;
        out->negated = accept("not");
        if (peek().kind != Token::String)
            return fail(
                QStringLiteral("expected a quoted event name, found %1").arg(describe(peek())));
        if (peek().text.isEmpty())
            return fail(QStringLiteral("expected an event name, found \"\""));
        out->name = take().text;
        if (accept("at")) {
            if (!accept("least"))
                return fail(QStringLiteral("expected \"least\" after \"at\""));
            if (!number(&out->atLeast, "a count of at least 1"))
                return false;
            accept("times") || accept("time");
        }
        if (accept("within")) {
            // A duration (15s, 36h, 30d, 2w, ...) or N days / N weeks.
            const Token t = peek();
            QString why;
            if (t.kind == Token::Word && parseWindow(t.text, &out->withinMs, &why)) {
                ++m_pos;
            } else if (t.kind == Token::Word && !why.isEmpty() && !isWord(peek(1), "days") &&
                       !isWord(peek(1), "day") && !isWord(peek(1), "weeks") &&
                       !isWord(peek(1), "week")) {
                return fail(why);
            } else {
                qint64 count = 0;
                if (!number(&count, "a duration such as 30d or 2w"))
                    return false;
                if (accept("weeks") || accept("week"))
                    out->withinMs = windowOf(count, 7 * DayMs);
                else if (accept("days") || accept("day"))
                    out->withinMs = windowOf(count, DayMs);
                else
                    return fail(QStringLiteral("expected \"days\" or \"weeks\""));
            }
        } else if (accept("between")) {
            if (!date(&out->fromMs))
                return false;
            if (!accept("and"))
                return fail(QStringLiteral("expected \"and\" between the two dates"));
            if (!date(&out->toMs))
                return false;
            if (out->fromMs >= out->toMs)
                return fail(QStringLiteral("the second date must be after the first"));
        } else {
            accept("ever");
        }
        return true;
    }

    bool value(QVariant* out)
    {
        const Token t = peek();
        if (t.kind == Token::String) {
            ++m_pos;
            *out = t.text;
            return true;
        }
        if (t.kind == Token::Word && !isWord(t, "and") && !isWord(t, "or")) {
            ++m_pos;
            bool ok = false;
            const double d = t.text.toDouble(&ok);
            // nan and inf are words, not numbers: JSON cannot hold them.
            *out = ok && std::isfinite(d) ? QVariant(d) : QVariant(t.text);
            return true;
        }
        return fail(QStringLiteral("expected a value, found %1").arg(describe(t)));
    }

    // A property name: role, account.csm, or quoted when it has spaces or signs: "Plan Name",
    // user."Plan Name", account."Billing Country". "user." is optional for user properties.
    bool propertyName(QString* name)
    {
        const Token first = peek();
        if (first.kind == Token::String && !first.text.isEmpty()) {
            ++m_pos;
            *name = first.text;
            return true;
        }
        if (first.kind != Token::Word)
            return false;
        ++m_pos;
        *name = first.text;
        const Token next = peek();
        const bool quotedTail = first.text.endsWith(QLatin1Char('.')) &&
                                next.kind == Token::String &&
                                next.column == first.column + int(first.text.size());
        if (quotedTail) {
            if (next.text.isEmpty())
                return false;
            ++m_pos;
            *name += next.text;
        }
        return true;
    }

    bool property(Segment::Node* out)
    {
        const Token name = peek();
        out->kind = Segment::Kind::Property;
        if (!propertyName(&out->name))
            return failAt(name.column,
                          QStringLiteral("expected a condition (did, in segment, or a property), "
                                         "found %1")
                              .arg(describe(name)));
        if (accept("is")) {
            out->op = accept("not") ? Segment::Op::IsNotSet : Segment::Op::IsSet;
            if (!accept("set"))
                return fail(QStringLiteral("expected \"set\""));
            return true;
        }
        if (accept("contains")) {
            out->op = Segment::Op::Contains;
        } else if (isWord(peek(), "starts") && isWord(peek(1), "with")) {
            m_pos += 2;
            out->op = Segment::Op::StartsWith;
        } else if (accept("in")) {
            out->op = Segment::Op::In;
            if (!acceptSymbol("("))
                return fail(QStringLiteral("expected \"(\" after \"in\""));
            do {
                QVariant v;
                if (!value(&v))
                    return false;
                out->values.append(v);
            } while (acceptSymbol(","));
            if (!acceptSymbol(")"))
                return fail(QStringLiteral("expected \")\", found %1").arg(describe(peek())));
            return true;
        } else if (peek().kind == Token::Symbol) {
            static const QHash<QString, Segment::Op> ops = {
                {QStringLiteral("="), Segment::Op::Equals},
                {QStringLiteral("!="), Segment::Op::NotEquals},
                {QStringLiteral("<"), Segment::Op::Less},
                {QStringLiteral("<="), Segment::Op::LessOrEqual},
                {QStringLiteral(">"), Segment::Op::Greater},
                {QStringLiteral(">="), Segment::Op::GreaterOrEqual}};
            if (!ops.contains(peek().text))
                return fail(QStringLiteral("expected an operator, found %1").arg(describe(peek())));
            out->op = ops.value(take().text);
        } else {
            return fail(QStringLiteral("expected an operator after %1 (=, !=, <, <=, >, >=, "
                                       "contains, starts with, in, is set), found %2")
                            .arg(out->name, describe(peek())));
        }
        QVariant v;
        if (!value(&v))
            return false;
        out->values = {v};
        return true;
    }

    QString m_text;
    Calendar m_calendar;
    std::vector<Token> m_tokens;
    int m_pos = 0;
    int m_depth = 0;
    QString* m_error = nullptr;
};

} // namespace

bool parse(const QString& text, Segment* out, QString* error, const Calendar& calendar)
{
    Segment::Node root;
    Parser parser(text, calendar);
    if (!parser.run(&root, error))
        return false;
    *out = Segment(std::move(root));
    return true;
}

} // namespace pulsebook::SegmentParser
