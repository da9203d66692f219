// libFuzzer target: the value parsers of FieldParser (issue 6, item 1) on the input as one
// field's text, with the invariants a sync relies on:
//   - a parsed timestamp lies within MinTimeMs..MaxTimeMs, and formatTimestamp() of it parses
//     back to the same instant (formatDate() to its day's midnight); blanks around the text
//     change nothing;
//   - boolean, money, count, productCount and numericId results are in their ranges, and a
//     count is the amount money() reads;
//   - any instant in range, taken from the input's first 8 bytes, formats and parses back, and
//     its day goes through civilFromDays / daysFromCivil unchanged.
#define FUZZ_TARGET_NAME "fuzz_timestamp"
#include "FuzzSupport.h"

#include "sync/FieldParser.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

using namespace pulsebook;
using pulsebook::fuzz::escaped;
namespace FP = pulsebook::FieldParser;

namespace {

qint64 floorDay(qint64 ms)
{
    return (ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000)) * 86400000;
}

qint64 parseBack(const QString& text, const char* what)
{
    const QByteArray utf8 = text.toUtf8();
    qint64 ms = 0;
    QString reason;
    FUZZ_CHECK(
        FP::timestamp(std::string_view(utf8.constData(), size_t(utf8.size())), &ms, &reason),
        QStringLiteral("%1 %2 does not parse back: %3").arg(QLatin1String(what), text, reason));
    return ms;
}

// An instant's formatted forms parse back to it.
void checkInstant(qint64 ms, const QString& source)
{
    const QString formatted = FP::formatTimestamp(ms);
    FUZZ_CHECK(formatted.size() == 24 && formatted.endsWith(QLatin1Char('Z')),
               QStringLiteral("formatTimestamp(%1) = %2 (from %3)").arg(ms).arg(formatted, source));
    const qint64 back = parseBack(formatted, "formatTimestamp");
    FUZZ_CHECK(back == ms,
               QStringLiteral("%1 -> %2 -> %3 -> %4").arg(source).arg(ms).arg(formatted).arg(back));
    const QString date = FP::formatDate(ms);
    FUZZ_CHECK(parseBack(date, "formatDate") == floorDay(ms),
               QStringLiteral("formatDate(%1) = %2 is not that day's midnight").arg(ms).arg(date));
    const qint64 days = floorDay(ms) / 86400000;
    qint64 y;
    unsigned m, d;
    FP::civilFromDays(days, &y, &m, &d);
    FUZZ_CHECK(y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
                   FP::daysFromCivil(y, m, d) == days,
               QStringLiteral("day %1 -> %2-%3-%4 -> %5")
                   .arg(days)
                   .arg(y)
                   .arg(m)
                   .arg(d)
                   .arg(FP::daysFromCivil(y, m, d)));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    const std::string_view text = fuzz::view(bytes, size);
    const QString shown = escaped(text);
    QString reason;

    qint64 ms = 0;
    if (FP::timestamp(text, &ms, &reason)) {
        FUZZ_CHECK(ms >= FP::MinTimeMs && ms <= FP::MaxTimeMs,
                   QStringLiteral("timestamp(%1) = %2 is out of range").arg(shown).arg(ms));
        checkInstant(ms, shown);
        const std::string padded = " \t" + std::string(text) + "\t ";
        qint64 again = 0;
        FUZZ_CHECK(FP::timestamp(padded, &again, nullptr) && again == ms,
                   QStringLiteral("timestamp(%1) changes with blanks around it").arg(shown));
    } else {
        FUZZ_CHECK(!reason.isEmpty(),
                   QStringLiteral("timestamp(%1) failed without a reason").arg(shown));
    }

    bool flag = false;
    reason.clear();
    if (FP::boolean(text, &flag, &reason)) {
        const QString word =
            QString::fromLatin1(text.data(), qsizetype(text.size())).trimmed().toLower();
        static const QStringList yes = {QStringLiteral("true"), QStringLiteral("yes"),
                                        QStringLiteral("y"), QStringLiteral("1")};
        static const QStringList no = {QStringLiteral("false"), QStringLiteral("no"),
                                       QStringLiteral("n"), QStringLiteral("0")};
        FUZZ_CHECK(flag ? yes.contains(word) : no.contains(word),
                   QStringLiteral("boolean(%1) = %2").arg(shown).arg(flag));
    } else {
        FUZZ_CHECK(!reason.isEmpty(),
                   QStringLiteral("boolean(%1) failed without a reason").arg(shown));
    }

    double amount = 0;
    const bool isAmount = FP::money(text, &amount, &reason);
    if (isAmount)
        FUZZ_CHECK(std::isfinite(amount) && std::fabs(amount) <= 1e15,
                   QStringLiteral("money(%1) = %2").arg(shown).arg(amount));

    qint64 n = 0;
    if (FP::count(text, &n, &reason)) {
        FUZZ_CHECK(n >= 0, QStringLiteral("count(%1) = %2 is negative").arg(shown).arg(n));
        FUZZ_CHECK(isAmount && double(n) == amount,
                   QStringLiteral("count(%1) = %2 but money() reads %3")
                       .arg(shown)
                       .arg(n)
                       .arg(isAmount ? QString::number(amount) : QStringLiteral("no amount")));
    }

    qint64 products = 0;
    if (FP::productCount(text, &products, &reason)) {
        // A count without a separator (`,` or `;`, as Salesforce writes multi-select lists) is
        // itself; a list counts at most its separators + 1 names.
        const qint64 separators =
            std::count_if(text.begin(), text.end(), [](char c) { return c == ',' || c == ';'; });
        const bool list = separators > 0;
        FUZZ_CHECK(products >= 0 && (list                           ? products <= separators + 1
                                     : FP::count(text, &n, nullptr) ? products == n
                                                                    : products == 1),
                   QStringLiteral("productCount(%1) = %2").arg(shown).arg(products));
    }

    qint64 id = 0;
    if (FP::numericId(text, &id))
        FUZZ_CHECK(id >= 0 && QByteArray::number(id) == QByteArray(text.data(), qsizetype(size)),
                   QStringLiteral("numericId(%1) = %2").arg(shown).arg(id));

    // Any instant in range formats and parses back.
    if (size >= 8) {
        quint64 raw;
        std::memcpy(&raw, bytes, 8);
        const quint64 span = quint64(FP::MaxTimeMs - FP::MinTimeMs) + 1;
        checkInstant(FP::MinTimeMs + qint64(raw % span),
                     QStringLiteral("the first 8 bytes of %1").arg(shown));
    }
    return 0;
}
