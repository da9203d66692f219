#include "FieldParser.h"

#include <cctype>
#include <cmath>

namespace pulsebook::FieldParser {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Reads exactly n digits at text[*pos].
bool digits(std::string_view text, size_t* pos, int n, int* value)
{
    if (*pos + size_t(n) > text.size())
        return false;
    int v = 0;
    for (int i = 0; i < n; ++i) {
        const char c = text[*pos + size_t(i)];
        if (!isDigit(c))
            return false;
        v = v * 10 + (c - '0');
    }
    *pos += size_t(n);
    *value = v;
    return true;
}

unsigned daysInMonth(qint64 year, unsigned month)
{
    static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
        return 29;
    return days[month - 1];
}

bool fail(QString* reason, const char* text)
{
    if (reason)
        *reason = QString::fromLatin1(text);
    return false;
}

bool inRange(qint64 ms, QString* reason)
{
    if (ms < MinTimeMs || ms > MaxTimeMs)
        return fail(reason, "time out of range (years 1900 to 9999)");
    return true;
}

bool trimAscii(std::string_view* text)
{
    while (!text->empty() && (text->front() == ' ' || text->front() == '\t'))
        text->remove_prefix(1);
    while (!text->empty() && (text->back() == ' ' || text->back() == '\t'))
        text->remove_suffix(1);
    return !text->empty();
}

// "M/D/YYYY" or "D/M/YYYY" (as `order` says), then optionally "[,] H:MM[:SS[.fff]] [AM|PM]".
bool slashTimestamp(std::string_view text, DateOrder order, qint64* ms, QString* reason)
{
    size_t pos = 0;
    auto number = [&](int maxDigits, int* value) {
        int n = 0;
        *value = 0;
        while (pos < text.size() && isDigit(text[pos]) && n < maxDigits) {
            *value = *value * 10 + (text[pos] - '0');
            ++pos;
            ++n;
        }
        return n;
    };
    const char* notDate = "not a date (expected M/D/YYYY or D/M/YYYY)";
    int first, second, year;
    if (!number(2, &first) || pos >= text.size() || text[pos] != '/')
        return fail(reason, notDate);
    ++pos;
    if (!number(2, &second) || pos >= text.size() || text[pos] != '/')
        return fail(reason, notDate);
    ++pos;
    if (number(4, &year) != 4)
        return fail(reason, notDate);
    int month = first, day = second;
    if (order == DateOrder::DMY) {
        month = second;
        day = first;
    } else if (order == DateOrder::Unset && first != second && first <= 12 && second <= 12) {
        return fail(reason, "ambiguous date (month or day first?): set the workspace's "
                            "date_order to MDY or DMY");
    } else if (order == DateOrder::Unset && first > 12) {
        month = second;
        day = first;
    }
    if (year < 1900)
        return fail(reason, "time out of range (years 1900 to 9999)");
    if (month < 1 || month > 12 || day < 1 || unsigned(day) > daysInMonth(year, unsigned(month))) {
        if (order == DateOrder::Unset)
            return fail(reason, "no such date");
        if (reason)
            *reason = QStringLiteral("no such date (date_order is %1)").arg(dateOrderName(order));
        return false;
    }
    qint64 result = daysFromCivil(year, unsigned(month), unsigned(day)) * 86400000LL;
    if (pos < text.size() && text[pos] == ',')
        ++pos;
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T'))
        ++pos;
    if (pos < text.size()) {
        const char* badTime = "bad time of day (expected H:MM[:SS] [AM|PM])";
        int hour, minute, second = 0;
        if (!number(2, &hour) || pos >= text.size() || text[pos] != ':')
            return fail(reason, badTime);
        ++pos;
        if (number(2, &minute) != 2)
            return fail(reason, badTime);
        qint64 millis = 0;
        if (pos < text.size() && text[pos] == ':') {
            ++pos;
            if (number(2, &second) != 2)
                return fail(reason, badTime);
            if (pos < text.size() && text[pos] == '.') {
                ++pos;
                int fraction = 0;
                const int n = number(3, &fraction);
                if (n == 0)
                    return fail(reason, badTime);
                millis = fraction * (n == 1 ? 100 : n == 2 ? 10 : 1);
                while (pos < text.size() && isDigit(text[pos]))
                    ++pos;
            }
        }
        while (pos < text.size() && text[pos] == ' ')
            ++pos;
        int meridiem = 0; // 1 AM, 2 PM
        if (pos + 2 == text.size()) {
            const char a = char(text[pos] | 0x20), m = char(text[pos + 1] | 0x20);
            if (m == 'm' && (a == 'a' || a == 'p')) {
                meridiem = a == 'a' ? 1 : 2;
                pos += 2;
            }
        }
        if (pos != text.size())
            return fail(reason, "unexpected text after the time");
        if (meridiem != 0) {
            if (hour < 1 || hour > 12)
                return fail(reason, badTime);
            hour = hour % 12 + (meridiem == 2 ? 12 : 0);
        }
        if (hour > 23 || minute > 59 || second > 59)
            return fail(reason, badTime);
        result += ((qint64(hour) * 60 + minute) * 60 + second) * 1000 + millis;
    }
    if (!inRange(result, reason))
        return false;
    *ms = result;
    return true;
}

} // namespace

QString dateOrderName(DateOrder order)
{
    switch (order) {
    case DateOrder::MDY:
        return QStringLiteral("MDY");
    case DateOrder::DMY:
        return QStringLiteral("DMY");
    case DateOrder::Unset:
        break;
    }
    return QString();
}

bool parseDateOrder(const QString& name, DateOrder* order)
{
    for (DateOrder o : {DateOrder::Unset, DateOrder::MDY, DateOrder::DMY}) {
        if (name.compare(dateOrderName(o), Qt::CaseInsensitive) == 0) {
            *order = o;
            return true;
        }
    }
    return false;
}

qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    // Howard Hinnant's days_from_civil, in the public domain.
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? unsigned(-3) : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

void civilFromDays(qint64 z, qint64* year, unsigned* month, unsigned* day)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    *year = qint64(yoe) + era * 400 + (m <= 2);
    *month = m;
    *day = d;
}

bool numericId(std::string_view text, qint64* value)
{
    if (text.empty() || text.size() > 18 || (text.size() > 1 && text[0] == '0'))
        return false;
    qint64 v = 0;
    for (char c : text) {
        if (!isDigit(c))
            return false;
        v = v * 10 + (c - '0');
    }
    *value = v;
    return true;
}

IdKey IdKey::of(const QString& id)
{
    // numericId()'s rule on the UTF-16 text: a non-ASCII character is never a digit in either.
    IdKey key;
    const qsizetype n = id.size();
    bool digits = n > 0 && n <= 18 && !(n > 1 && id[0] == u'0');
    qint64 v = 0;
    for (qsizetype i = 0; digits && i < n; ++i) {
        const char16_t c = id[i].unicode();
        digits = c >= u'0' && c <= u'9';
        v = v * 10 + (c - u'0');
    }
    key.number = digits;
    if (digits)
        key.value = v;
    else
        key.text = id;
    return key;
}

bool IdKey::codePointLess(QStringView a, QStringView b)
{
    const qsizetype n = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        char16_t x = a[i].unicode();
        char16_t y = b[i].unicode();
        if (x == y)
            continue;
        if (x >= 0xD800 && y >= 0xD800) {
            // Surrogates (0xD800..0xDFFF) above 0xE000..0xFFFF, each range kept in order.
            x = x >= 0xE000 ? char16_t(x - 0x800) : char16_t(x + 0x2000);
            y = y >= 0xE000 ? char16_t(y - 0x800) : char16_t(y + 0x2000);
        }
        return x < y;
    }
    return a.size() < b.size();
}

bool idLess(const QString& a, const QString& b)
{
    return IdKey::of(a) < IdKey::of(b);
}

bool timestamp(std::string_view text, qint64* ms, QString* reason, DateOrder order)
{
    if (!trimAscii(&text))
        return fail(reason, "empty time");

    // Integer epoch seconds or milliseconds.
    {
        size_t i = (text[0] == '-') ? 1 : 0;
        if (i < text.size() && text.size() - i <= 18) {
            bool allDigits = true;
            qint64 v = 0;
            for (size_t k = i; k < text.size(); ++k) {
                if (!isDigit(text[k])) {
                    allDigits = false;
                    break;
                }
                v = v * 10 + (text[k] - '0');
            }
            if (allDigits) {
                if (i == 1)
                    v = -v;
                const qint64 result = (v >= 100000000000LL || v <= -100000000000LL) ? v : v * 1000;
                if (!inRange(result, reason))
                    return false;
                *ms = result;
                return true;
            }
        }
    }

    if (text.find('/') != std::string_view::npos)
        return slashTimestamp(text, order, ms, reason);

    size_t pos = 0;
    int year, month, day;
    if (!digits(text, &pos, 4, &year) || pos >= text.size() || text[pos] != '-')
        return fail(reason, "not a timestamp (expected ISO-8601, YYYY-MM-DD HH:MM:SS or epoch)");
    ++pos;
    if (!digits(text, &pos, 2, &month) || pos >= text.size() || text[pos] != '-')
        return fail(reason, "not a timestamp (expected ISO-8601, YYYY-MM-DD HH:MM:SS or epoch)");
    ++pos;
    if (!digits(text, &pos, 2, &day))
        return fail(reason, "not a timestamp (expected ISO-8601, YYYY-MM-DD HH:MM:SS or epoch)");
    if (year < 1900)
        return fail(reason, "time out of range (years 1900 to 9999)");
    if (month < 1 || month > 12 || day < 1 || unsigned(day) > daysInMonth(year, unsigned(month)))
        return fail(reason, "no such date");
    qint64 result = daysFromCivil(year, unsigned(month), unsigned(day)) * 86400000LL;
    if (pos == text.size()) {
        *ms = result;
        return true;
    }
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')
        return fail(reason, "unexpected text after the date");
    ++pos;
    int hour, minute, second = 0;
    if (!digits(text, &pos, 2, &hour) || pos >= text.size() || text[pos] != ':')
        return fail(reason, "bad time of day (expected HH:MM[:SS[.fff]])");
    ++pos;
    if (!digits(text, &pos, 2, &minute))
        return fail(reason, "bad time of day (expected HH:MM[:SS[.fff]])");
    qint64 millis = 0;
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        if (!digits(text, &pos, 2, &second))
            return fail(reason, "bad time of day (expected HH:MM[:SS[.fff]])");
        if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
            ++pos;
            int n = 0;
            qint64 scale = 100;
            while (pos < text.size() && isDigit(text[pos])) {
                if (n < 3) {
                    millis += qint64(text[pos] - '0') * scale;
                    scale /= 10;
                }
                ++n;
                ++pos;
            }
            if (n == 0)
                return fail(reason, "bad fraction of a second");
        }
    }
    // 24:00:00 is not accepted: it is a different spelling of the next day's midnight.
    if (hour > 23 || minute > 59 || second > 60)
        return fail(reason, "bad time of day (expected HH:MM[:SS[.fff]])");
    if (second == 60)
        second = 59; // a leap second lands on the last second of the minute
    result += ((qint64(hour) * 60 + minute) * 60 + second) * 1000 + millis;

    while (pos < text.size() && text[pos] == ' ')
        ++pos;
    if (pos < text.size()) {
        const char z = text[pos];
        if ((z == 'Z' || z == 'z') && pos + 1 == text.size()) {
            pos = text.size();
        } else if (z == '+' || z == '-') {
            ++pos;
            int oh = 0, om = 0;
            if (!digits(text, &pos, 2, &oh))
                return fail(reason, "bad UTC offset (expected Z, +HH:MM, +HHMM or +HH)");
            // "+HH:" is not an offset: minutes must follow a colon.
            const bool colon = pos < text.size() && text[pos] == ':';
            if (colon)
                ++pos;
            if ((colon || pos < text.size()) && !digits(text, &pos, 2, &om))
                return fail(reason, "bad UTC offset (expected Z, +HH:MM, +HHMM or +HH)");
            if (pos != text.size() || oh > 23 || om > 59)
                return fail(reason, "bad UTC offset (expected Z, +HH:MM, +HHMM or +HH)");
            const qint64 offset = (qint64(oh) * 60 + om) * 60000;
            result += (z == '+') ? -offset : offset;
        } else if (text.substr(pos) == "UTC") {
            pos = text.size();
        } else {
            return fail(reason, "unexpected text after the time");
        }
    }
    if (!inRange(result, reason))
        return false;
    *ms = result;
    return true;
}

bool boolean(std::string_view text, bool* value, QString* reason)
{
    trimAscii(&text);
    auto is = [&](std::string_view word) {
        if (text.size() != word.size())
            return false;
        for (size_t i = 0; i < word.size(); ++i) {
            char c = text[i];
            if (c >= 'A' && c <= 'Z')
                c = char(c - 'A' + 'a');
            if (c != word[i])
                return false;
        }
        return true;
    };
    if (is("true") || is("yes") || is("y") || is("1")) {
        *value = true;
        return true;
    }
    if (is("false") || is("no") || is("n") || is("0")) {
        *value = false;
        return true;
    }
    return fail(reason, "not a boolean (expected true/false, yes/no, y/n or 1/0)");
}

bool money(std::string_view text, double* value, QString* reason)
{
    trimAscii(&text);
    bool negative = false;
    if (!text.empty() && text.front() == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    // Currency signs in UTF-8: $, €, £, ¥.
    for (std::string_view sign : {std::string_view("$"), std::string_view("\xE2\x82\xAC"),
                                  std::string_view("\xC2\xA3"), std::string_view("\xC2\xA5")}) {
        if (text.substr(0, sign.size()) == sign) {
            text.remove_prefix(sign.size());
            break;
        }
    }
    if (!negative && !text.empty() && text.front() == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    // The digits as one whole number and the count of those after the point: dividing the two
    // exact values rounds once, so "0.55" reads as the double nearest 0.55, like strtod.
    double digits = 0;
    int fractionDigits = 0;
    bool any = false;
    bool inFraction = false;
    int digitsSinceComma = -1;
    for (char c : text) {
        if (isDigit(c)) {
            any = true;
            digits = digits * 10 + (c - '0');
            if (inFraction)
                ++fractionDigits;
            else if (digitsSinceComma >= 0)
                ++digitsSinceComma;
        } else if (c == ',' && !inFraction && any) {
            if (digitsSinceComma >= 0 && digitsSinceComma != 3)
                return fail(reason, "not an amount (misplaced thousands separator)");
            digitsSinceComma = 0;
        } else if (c == '.' && !inFraction) {
            if (digitsSinceComma >= 0 && digitsSinceComma != 3)
                return fail(reason, "not an amount (misplaced thousands separator)");
            inFraction = true;
        } else {
            return fail(reason, "not an amount (expected a number such as 120036 or $120,036)");
        }
    }
    if (!any || (digitsSinceComma >= 0 && !inFraction && digitsSinceComma != 3))
        return fail(reason, "not an amount (expected a number such as 120036 or $120,036)");
    const double v = fractionDigits > 0 ? digits / std::pow(10.0, fractionDigits) : digits;
    if (!std::isfinite(v) || v > 1e15)
        return fail(reason, "amount out of range");
    *value = negative ? -v : v;
    return true;
}

bool count(std::string_view text, qint64* value, QString* reason)
{
    double v = 0;
    QString why;
    trimAscii(&text);
    if (!text.empty() && text.front() == '-')
        return fail(reason, "not a count (negative)");
    if (!money(text, &v, &why) || v != std::floor(v) || text.front() == '$')
        return fail(reason, "not a count (expected a whole number)");
    if (v < 0) // "£-3": money() takes a sign after any currency sign
        return fail(reason, "not a count (negative)");
    if (!std::isdigit(static_cast<unsigned char>(text.front())))
        return fail(reason, "not a count (expected a whole number)");
    *value = qint64(v);
    return true;
}

bool productCount(std::string_view text, qint64* value, QString* reason)
{
    trimAscii(&text);
    qint64 n = 0;
    if (count(text, &n, nullptr) && text.find_first_of(",;") == std::string_view::npos) {
        *value = n;
        return true;
    }
    // A list of names: count the non-empty items.
    n = 0;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find_first_of(",;", start);
        if (comma == std::string_view::npos)
            comma = text.size();
        std::string_view item = text.substr(start, comma - start);
        if (trimAscii(&item))
            ++n;
        start = comma + 1;
    }
    if (n == 0)
        return fail(reason, "not a product count or list");
    *value = n;
    return true;
}

QString formatTimestamp(qint64 ms)
{
    qint64 days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    qint64 rest = ms - days * 86400000;
    qint64 y;
    unsigned m, d;
    civilFromDays(days, &y, &m, &d);
    const int h = int(rest / 3600000);
    const int mi = int(rest / 60000 % 60);
    const int s = int(rest / 1000 % 60);
    const int f = int(rest % 1000);
    return QString::asprintf("%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m,
                             d, h, mi, s, f);
}

QString formatDate(qint64 ms)
{
    const qint64 days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    qint64 y;
    unsigned m, d;
    civilFromDays(days, &y, &m, &d);
    return QString::asprintf("%04lld-%02u-%02u", static_cast<long long>(y), m, d);
}

} // namespace pulsebook::FieldParser
