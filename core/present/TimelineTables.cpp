#include "TimelineTables.h"

#include "analysis/AnalysisContext.h"
#include "analysis/Timeline.h"
#include "sync/FieldParser.h"

#include <limits>

namespace pulsebook {

namespace {

QJsonObject definition(const AnalysisContext& context, const Timeline& t)
{
    QJsonObject d = context.baseDefinition(QStringLiteral("timeline"));
    d.insert(QStringLiteral("user"), t.userId);
    if (t.fromMs != std::numeric_limits<qint64>::min())
        d.insert(QStringLiteral("from"), FieldParser::formatTimestamp(t.fromMs));
    if (t.toMs != t.asOfMs)
        d.insert(QStringLiteral("to"), FieldParser::formatTimestamp(t.toMs));
    return d;
}

ResultTable newTable(const AnalysisContext& context, const Timeline& t)
{
    ResultTable table;
    table.definition = definition(context, t);
    return table;
}

struct Column
{
    const char* id;
    ValueKind kind;
};

ResultTable newTable(const AnalysisContext& context, const Timeline& t,
                     std::initializer_list<Column> columns)
{
    ResultTable table = newTable(context, t);
    for (const Column& c : columns)
        table.addColumn(QLatin1String(c.id), c.kind);
    return table;
}

// Property columns after the fixed ones: a property named like a fixed column is
// "property.NAME".
void addPropertyColumns(ResultTable* table, const QStringList& names)
{
    for (const QString& name : names) {
        table->addColumn(table->columnOf(name) >= 0 ? QStringLiteral("property.") + name : name,
                         ValueKind::Text);
    }
}

void addPropertyCells(ResultRow* row, const QStringList& names,
                      const std::vector<NamedValue>& values)
{
    for (const QString& name : names) {
        QString value;
        for (const NamedValue& v : values) {
            if (v.name == name)
                value = v.value;
        }
        row->push_back(cell::optionalText(value));
    }
}

} // namespace

ResultTable timelineCardTable(const AnalysisContext& context, const Timeline& timeline)
{
    ResultTable table =
        newTable(context, timeline, {{"property", ValueKind::Text}, {"value", ValueKind::Text}});
    for (const NamedValue& v : timeline.card)
        table.rows.push_back({cell::text(v.name), cell::optionalText(v.value)});
    return table;
}

ResultTable timelineSessionsTable(const AnalysisContext& context, const Timeline& timeline)
{
    ResultTable table = newTable(context, timeline,
                                 {{"row", ValueKind::Integer},
                                  {"kind", ValueKind::Text},
                                  {"session_id", ValueKind::Text},
                                  {"start", ValueKind::Time},
                                  {"end", ValueKind::Time},
                                  {"duration_s", ValueKind::Integer},
                                  {"events", ValueKind::Integer}});
    addPropertyColumns(&table, timeline.sessionProperties);
    for (size_t r = 0; r < timeline.rows.size(); ++r) {
        const TimelineRow& row = timeline.rows[r];
        ResultRow cells = {
            cell::count(qint64(r) + 1),
            cell::text(row.isSession ? QStringLiteral("session") : QStringLiteral("outside")),
            cell::optionalText(row.sessionId),
            cell::time(row.startMs),
            cell::time(row.endMs),
            cell::count((row.endMs - row.startMs) / 1000),
            cell::count(qint64(row.events.size()))};
        addPropertyCells(&cells, timeline.sessionProperties, row.properties);
        table.rows.push_back(std::move(cells));
    }
    if (timeline.rows.empty())
        table.notes << QStringLiteral("No sessions in this range.");
    return table;
}

ResultTable timelineEventsTable(const AnalysisContext& context, const Timeline& timeline)
{
    ResultTable table = newTable(context, timeline,
                                 {{"row", ValueKind::Integer},
                                  {"session_id", ValueKind::Text},
                                  {"time", ValueKind::Time},
                                  {"event", ValueKind::Text},
                                  {"event_id", ValueKind::Text}});
    addPropertyColumns(&table, timeline.eventProperties);
    // Row by row, so that a session's events follow each other (sessions may overlap).
    for (size_t r = 0; r < timeline.rows.size(); ++r) {
        for (const int e : timeline.rows[r].events) {
            const TimelineEvent& event = timeline.events[size_t(e)];
            ResultRow cells = {cell::count(qint64(r) + 1), cell::optionalText(event.sessionId),
                               cell::time(event.timeMs), cell::text(event.name),
                               cell::optionalText(event.eventId)};
            addPropertyCells(&cells, timeline.eventProperties, event.properties);
            table.rows.push_back(std::move(cells));
        }
    }
    return table;
}

ResultTable timelineTopTable(const AnalysisContext& context, const Timeline& timeline)
{
    ResultTable table =
        newTable(context, timeline, {{"event", ValueKind::Text}, {"count", ValueKind::Integer}});
    for (const EventCount& c : timeline.topEvents)
        table.rows.push_back({cell::text(c.name), cell::count(c.count)});
    return table;
}

ResultTable timelineGoToTable(const AnalysisContext& context, const Timeline& timeline, qint64 atMs,
                              const GoTo& where)
{
    ResultTable table = newTable(context, timeline,
                                 {{"at", ValueKind::Time},
                                  {"case", ValueKind::Text},
                                  {"row", ValueKind::Integer},
                                  {"session_id", ValueKind::Text},
                                  {"start", ValueKind::Time},
                                  {"end", ValueKind::Time}});
    table.definition.insert(QStringLiteral("at"), FieldParser::formatTimestamp(atMs));
    ResultRow cells = {cell::time(atMs), cell::text(goToCaseName(where.how))};
    if (where.row >= 0) {
        const TimelineRow& row = timeline.rows[size_t(where.row)];
        cells.insert(cells.end(), {cell::count(where.row + 1), cell::optionalText(row.sessionId),
                                   cell::time(row.startMs), cell::time(row.endMs)});
    } else {
        cells.resize(table.columns.size());
    }
    table.rows.push_back(std::move(cells));
    table.notes << goToSentence(timeline, atMs, where);
    return table;
}

QString goToSentence(const Timeline& timeline, qint64 atMs, const GoTo& where)
{
    const QString at = FieldParser::formatTimestamp(atMs);
    if (where.row < 0)
        return QStringLiteral("%1: no session in this range.").arg(at);
    const TimelineRow& row = timeline.rows[size_t(where.row)];
    const QString session = QStringLiteral("session %1 (%2 to %3)")
                                .arg(row.sessionId, FieldParser::formatTimestamp(row.startMs),
                                     FieldParser::formatTimestamp(row.endMs));
    switch (where.how) {
    case GoToCase::Inside:
        return QStringLiteral("%1 is inside %2.").arg(at, session);
    case GoToCase::Before:
        return QStringLiteral("%1 is in no session: the nearest one starting before it is %2.")
            .arg(at, session);
    case GoToCase::First:
        return QStringLiteral("%1 is before every session: the first one is %2.").arg(at, session);
    case GoToCase::None:
        break;
    }
    return {};
}

} // namespace pulsebook
