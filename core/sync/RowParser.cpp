#include "RowParser.h"

#include "CsvReader.h"
#include "ExportFormat.h"
#include "FieldParser.h"
#include "cache/EventTable.h"

#include <QFile>

namespace pulsebook {

namespace {
constexpr quint32 MaxEventTypes = 0xFFFF;
}

void ParsedRows::reserve(size_t n, size_t propertyColumns)
{
    user.reserve(n);
    time.reserve(n);
    type.reserve(n);
    id.reserve(n);
    session.reserve(n);
    properties.resize(propertyColumns);
    for (auto& c : properties)
        c.reserve(n);
}

void ParsedRows::clearRows()
{
    user.clear();
    time.clear();
    type.clear();
    id.clear();
    session.clear();
    for (auto& c : properties)
        c.clear();
}

size_t estimateRows(const QString& path, qint64 bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray sample = f.read(256 * 1024);
    const qint64 lines = sample.count('\n');
    if (lines < 2)
        return 0;
    // Skip the header line: it is usually shorter than a data row.
    const qint64 firstBreak = sample.indexOf('\n') + 1;
    const qint64 lastBreak = sample.lastIndexOf('\n') + 1;
    const double perRow = double(lastBreak - firstBreak) / double(lines - 1);
    return perRow > 0 ? size_t(double(bytes) / perRow * 1.05) + 16 : 0;
}

bool parseRows(CsvReader& r, const RowLayout& layout, ParsedRows* out, const RejectRow& reject,
               const KeepGoing& keepGoing, const BatchFull& batchFull, size_t batchRows)
{
    out->properties.resize(layout.propertyFields.size());
    const QString emptyId = QStringLiteral("empty %1").arg(QLatin1String(layout.idName));
    QString reason;
    while (r.next()) {
        ++out->rows;
        if ((out->rows & 16383) == 0 && !keepGoing(r))
            return false;
        if (const QString nul = r.nulError(); !nul.isEmpty()) {
            if (!reject(r, nul))
                return false;
            continue;
        }
        if (r.fieldCount() != layout.fieldCount) {
            if (!reject(r, r.recordError(QStringLiteral("expected %1 fields, found %2")
                                             .arg(layout.fieldCount)
                                             .arg(r.fieldCount()))))
                return false;
            continue;
        }
        const auto id = r.field(layout.idField);
        const auto user = r.field(layout.userField);
        const auto timeText = r.field(layout.timeField);
        qint64 time = 0;
        QString why;
        if (id.empty())
            why = r.fieldError(layout.idField, emptyId);
        else if (user.empty())
            why = r.fieldError(layout.userField, QStringLiteral("empty user_id"));
        else if (timeText.empty())
            why = r.fieldError(layout.timeField, QStringLiteral("missing time"));
        else if (!FieldParser::timestamp(timeText, &time, &reason, layout.dateOrder))
            why = ExportFormat::valueError(r, layout.columnNames, layout.timeField, reason);
        else if (layout.typeField >= 0 && r.field(layout.typeField).empty())
            why = r.fieldError(layout.typeField, QStringLiteral("empty event name"));
        if (!why.isEmpty()) {
            if (!reject(r, why))
                return false;
            continue;
        }
        const quint32 type =
            layout.typeField >= 0 ? out->types.intern(r.field(layout.typeField)) : 0;
        if (type > MaxEventTypes) {
            // A limit of the file, not of the row: even skip mode stops here.
            out->fatal = r.fieldError(layout.typeField,
                                      QStringLiteral("more than 65,535 distinct event names"));
            return false;
        }
        qint64 numeric;
        out->user.push_back(out->users.intern(user));
        out->time.push_back(time);
        out->type.push_back(quint16(type));
        out->id.push_back(
            FieldParser::numericId(id, &numeric) ? numeric : -qint64(out->idText.intern(id)) - 1);
        qint64 session = EventTable::NoSession;
        if (layout.sessionField >= 0 && !r.field(layout.sessionField).empty()) {
            const auto s = r.field(layout.sessionField);
            session =
                FieldParser::numericId(s, &numeric) ? numeric : -qint64(out->idText.intern(s)) - 1;
        }
        out->session.push_back(session);
        for (size_t k = 0; k < layout.propertyFields.size(); ++k) {
            const auto value = r.field(layout.propertyFields[k]);
            out->properties[k].push_back(value.empty() ? 0 : out->values.intern(value));
        }
        ++out->landed;
        if (batchFull && out->user.size() >= batchRows && !batchFull(*out))
            return false;
    }
    return true;
}

} // namespace pulsebook
