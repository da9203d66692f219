#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <string_view>

namespace pulsebook {

// Parsers for the value forms of the data contract (README.md, "What a sync reads"). Each returns
// false and sets *reason (a short phrase for "file:line:column: reason") when the text is not a
// valid form. Empty text is never passed in: empty means missing and is handled by the caller.
namespace FieldParser {

// Earliest and latest instants accepted: 1900-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z.
constexpr qint64 MinTimeMs = -2208988800000LL;
constexpr qint64 MaxTimeMs = 253402300799999LL;

// How slash dates ("9/1/2026") are read: the workspace's date_order.
enum class DateOrder { Unset, MDY, DMY };
// "MDY", "DMY" or "" (unset), and back (false for anything else).
QString dateOrderName(DateOrder order);
bool parseDateOrder(const QString& name, DateOrder* order);

// ISO-8601 with Z or an offset, "YYYY-MM-DD HH:MM:SS[.fff]" (UTC), "YYYY-MM-DD" (midnight UTC),
// or integer epoch seconds / milliseconds (|value| >= 100,000,000,000 is milliseconds); and
// slash dates as spreadsheets and CRM reports write them, "M/D/YYYY" or "D/M/YYYY" with an
// optional "H:MM[:SS]" and AM/PM (UTC), read in `order`. Without an order, a slash date is
// read only when it can mean one date (a part above 12, or both parts equal).
bool timestamp(std::string_view text, qint64* ms, QString* reason,
               DateOrder order = DateOrder::Unset);

// true/false, yes/no, y/n, 1/0 in any case.
bool boolean(std::string_view text, bool* value, QString* reason);

// A number that may carry a currency sign, thousands separators and a minus sign: "$120,036".
bool money(std::string_view text, double* value, QString* reason);

// A whole, non-negative count ("3", "1,200").
bool count(std::string_view text, qint64* value, QString* reason);

// products_adopted: a count, or a list of product names separated by "," or ";" (as
// Salesforce writes multi-select values), counted.
bool productCount(std::string_view text, qint64* value, QString* reason);

// An ID that is a plain whole number ("0" or digits without a leading zero, up to 18 digits):
// such IDs order by value (docs/definitions.md) and are stored as integers.
bool numericId(std::string_view text, qint64* value);

// The order of IDs in every listing (docs/definitions.md, "ID order"): whole-number IDs first,
// by value, then the others as text (UTF-8 byte order): 2, 10, 9a, a. IdKey holds what the
// comparison needs, for sorting many IDs without parsing them on every comparison; it shares
// the ID's text (no copy, no conversion).
struct IdKey
{
    bool number = false;
    qint64 value = 0;
    QString text; // when not a number
    static IdKey of(const QString& id);
    bool operator<(const IdKey& other) const
    {
        if (number != other.number)
            return number;
        return number ? value < other.value : codePointLess(text, other.text);
    }
    // UTF-16 text in code-point order, which is UTF-8's byte order: as QString's own order,
    // except that a surrogate pair (U+10000 and up) sorts after U+E000..U+FFFF.
    static bool codePointLess(QStringView a, QStringView b);
};
bool idLess(const QString& a, const QString& b);

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
qint64 daysFromCivil(qint64 year, unsigned month, unsigned day);
void civilFromDays(qint64 days, qint64* year, unsigned* month, unsigned* day);

// "2026-11-01T00:00:00.000Z".
QString formatTimestamp(qint64 ms);
// "2026-11-01".
QString formatDate(qint64 ms);

} // namespace FieldParser
} // namespace pulsebook
