#include "Duration.h"

#include <QRegularExpression>

namespace pulsebook {

namespace {

constexpr qint64 DayMs = 86400000;

// "15s" -> 15 and 's'; false when the form is wrong or the count is 0.
bool splitDuration(const QString& text, qint64* count, QChar* unit)
{
    static const QRegularExpression form(QStringLiteral("^(\\d{1,18})\\s*([smhdw])$"),
                                         QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = form.match(text.trimmed());
    if (!m.hasMatch())
        return false;
    *count = m.captured(1).toLongLong();
    *unit = m.captured(2).toLower().at(0);
    return *count > 0;
}

qint64 unitMs(QChar unit)
{
    switch (unit.toLatin1()) {
    case 's':
        return 1000;
    case 'm':
        return 60000;
    case 'h':
        return 3600000;
    case 'd':
        return DayMs;
    default:
        return 7 * DayMs;
    }
}

QString durationHint(const QString& text)
{
    return QStringLiteral("\"%1\" is not a duration such as 15s, 30m, 12h, 14d or 2w").arg(text);
}

} // namespace

bool parseDuration(const QString& text, qint64* ms, QString* reason)
{
    // 1,000 years is more than any window over real data; the bound keeps sums far from
    // overflow.
    constexpr qint64 MaxMs = 1000LL * 366 * DayMs;
    qint64 count = 0;
    QChar unit;
    if (!splitDuration(text, &count, &unit) || count > MaxMs / unitMs(unit)) {
        if (reason)
            *reason = durationHint(text);
        return false;
    }
    *ms = count * unitMs(unit);
    return true;
}

bool parseWindow(const QString& text, qint64* ms, QString* reason)
{
    qint64 count = 0;
    QChar unit;
    if (!splitDuration(text, &count, &unit)) {
        if (reason)
            *reason = durationHint(text);
        return false;
    }
    *ms = windowOf(count, unitMs(unit));
    return true;
}

qint64 windowOf(qint64 count, qint64 unitMs)
{
    return count > SegmentWindowEver / unitMs ? SegmentWindowEver : count * unitMs;
}

QString formatDuration(qint64 ms)
{
    for (const auto& [unit, size] : {std::pair{'d', DayMs}, std::pair{'h', qint64(3600000)},
                                     std::pair{'m', qint64(60000)}, std::pair{'s', qint64(1000)}}) {
        if (ms % size == 0)
            return QString::number(ms / size) + QLatin1Char(unit);
    }
    return QString::number(ms) + QStringLiteral("ms");
}

} // namespace pulsebook
