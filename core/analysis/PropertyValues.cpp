#include "PropertyValues.h"

#include "EventIndex.h"
#include "sync/FieldParser.h"

#include <QHash>
#include <QLocale>

#include <algorithm>
#include <vector>

namespace pulsebook {

namespace {

QString valueText(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::LongLong: // a date column
        return FieldParser::formatDate(value.toLongLong());
    case QMetaType::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return value.toString();
    }
}

} // namespace

QStringList distinctPropertyValues(const EventIndex& index, const QString& property, int limit)
{
    const bool account = property.startsWith(QLatin1String("account."));
    const QString bare = account                                       ? property.mid(8)
                         : property.startsWith(QLatin1String("user.")) ? property.mid(5)
                                                                       : property;
    const int column = account ? index.accountPropertyColumn(bare) : index.userPropertyColumn(bare);
    if (column < 0)
        return {};
    const int rows = account ? index.accountCount() : index.userCount();
    QHash<QString, qint64> counts;
    for (int r = 0; r < rows; ++r) {
        const QVariant& v =
            account ? index.accountPropertyAt(column, r) : index.userPropertyAt(column, r);
        if (!v.isValid())
            continue;
        const QString text = valueText(v);
        if (!text.isEmpty())
            ++counts[text];
    }
    std::vector<std::pair<qint64, QString>> sorted;
    sorted.reserve(size_t(counts.size()));
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        sorted.emplace_back(it.value(), it.key());
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    QStringList out;
    for (size_t i = 0; i < sorted.size() && int(i) < limit; ++i)
        out << sorted[i].second;
    return out;
}

} // namespace pulsebook
