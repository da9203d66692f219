#include "Calendar.h"

#include "cache/Cache.h"
#include "sync/FieldParser.h"

#include <QDateTime>
#include <QRegularExpression>

#include <limits>

namespace pulsebook {

namespace {

constexpr qint64 DayMs = 86400000;
constexpr qint64 UnixEpochJulianDay = 2440588;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

QDate firstOf(QDate date, Calendar::Unit unit)
{
    switch (unit) {
    case Calendar::Unit::Day:
        return date;
    case Calendar::Unit::Week:
        return date.addDays(1 - date.dayOfWeek()); // Qt: Monday is 1
    case Calendar::Unit::Month:
        return QDate(date.year(), date.month(), 1);
    }
    return date;
}

} // namespace

Calendar::Calendar() : m_zone(QTimeZone::utc()) {}

Calendar::Calendar(const QString& zone) : Calendar()
{
    const QTimeZone z(zone.toUtf8());
    // A fixed zero offset is UTC: keep the exact arithmetic (and its speed) for it.
    if (z.isValid() && zone != QLatin1String("UTC") && zone != QLatin1String("Etc/UTC")) {
        m_zone = z;
        m_utc = false;
    }
}

QString Calendar::zoneName() const
{
    return m_utc ? QStringLiteral("UTC") : QString::fromUtf8(m_zone.id());
}

QDate Calendar::date(qint64 ms) const
{
    if (m_utc)
        return QDate::fromJulianDay(floorDiv(ms, DayMs) + UnixEpochJulianDay);
    return QDateTime::fromMSecsSinceEpoch(ms, m_zone).date();
}

qint64 Calendar::midnight(QDate day) const
{
    const qint64 utcMidnight = (day.toJulianDay() - UnixEpochJulianDay) * DayMs;
    if (m_utc)
        return utcMidnight;
    // Local midnight is UTC midnight minus the offset in force then; the offset may change
    // within a day, so take the offset at the guess and check that it holds there.
    qint64 guess = utcMidnight - qint64(m_zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(
                                     utcMidnight, QTimeZone::utc()))) *
                                     1000;
    for (int i = 0; i < 3; ++i) {
        const qint64 next =
            utcMidnight -
            qint64(m_zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(guess, QTimeZone::utc()))) *
                1000;
        if (next == guess)
            break;
        guess = next;
    }
    // In a gap (the clocks jump over midnight) the guess lands on the day before or at a
    // non-existent time: the day then starts at the transition.
    if (date(guess) != day) {
        const QTimeZone::OffsetData t =
            m_zone.nextTransition(QDateTime::fromMSecsSinceEpoch(guess - DayMs, QTimeZone::utc()));
        if (t.atUtc.isValid())
            return t.atUtc.toMSecsSinceEpoch();
    }
    return guess;
}

qint64 Calendar::bucketStart(qint64 ms, Unit unit) const
{
    return midnight(firstOf(date(ms), unit));
}

qint64 Calendar::nextBucket(qint64 start, Unit unit) const
{
    const QDate first = firstOf(date(start), unit);
    switch (unit) {
    case Unit::Day:
        return midnight(first.addDays(1));
    case Unit::Week:
        return midnight(first.addDays(7));
    case Unit::Month:
        return midnight(first.addMonths(1));
    }
    return midnight(first.addDays(1));
}

qint64 Calendar::midnightAfter(qint64 ms) const
{
    return midnight(date(ms).addDays(1));
}

bool Calendar::typedTime(const QString& text, qint64* ms, QString* reason) const
{
    static const QRegularExpression dateOnly(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    const QString trimmed = text.trimmed();
    const QByteArray utf8 = trimmed.toUtf8();
    // The data's parser checks the form (and says what is wrong); a date alone then moves from
    // UTC midnight to local midnight.
    if (!FieldParser::timestamp(std::string_view(utf8.constData(), size_t(utf8.size())), ms,
                                reason))
        return false;
    if (dateOnly.match(trimmed).hasMatch())
        *ms = midnight(QDate::fromString(trimmed, Qt::ISODate));
    return true;
}

qint64 Calendar::defaultAsOf(Cache& cache) const
{
    if (cache.defaultAsOfMs() == 0) // no events
        return 0;
    return midnightAfter(cache.latestEventMs());
}

} // namespace pulsebook
