#include "TimelineModel.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QLocale>

namespace pulsebook {

namespace {

const QString Marker = QStringLiteral("\u25C6 "); // ◆

// Bold for a highlighted item; the view's font otherwise.
QVariant markedFont(bool marked)
{
    if (!marked)
        return {};
    QFont bold;
    bold.setBold(true);
    return bold;
}

} // namespace

TimelineModel::TimelineModel(QObject* parent) : QAbstractItemModel(parent) {}

void TimelineModel::setTimeline(std::shared_ptr<const Timeline> timeline,
                                std::shared_ptr<const TimelineTexts> texts, const QTimeZone& zone)
{
    beginResetModel();
    m_timeline = std::move(timeline);
    m_texts = std::move(texts);
    m_zone = zone.isValid() ? zone : QTimeZone::utc();
    m_highlighted.clear();
    m_rowMarked.assign(m_timeline ? m_timeline->rows.size() : 0, 0);
    endResetModel();
}

void TimelineModel::setHighlighted(const QSet<QString>& eventNames)
{
    if (eventNames == m_highlighted)
        return;
    m_highlighted = eventNames;
    const int rows = rowCount();
    for (int r = 0; r < rows; ++r) {
        m_rowMarked[size_t(r)] = 0;
        for (const int e : m_timeline->rows[size_t(r)].events) {
            if (m_highlighted.contains(m_timeline->events[size_t(e)].name)) {
                m_rowMarked[size_t(r)] = 1;
                break;
            }
        }
    }
    if (rows == 0)
        return;
    // Every cell's font, marker and words may change.
    emit dataChanged(index(0, 0), index(rows - 1, columnCount() - 1));
    for (int r = 0; r < rows; ++r) {
        const int children = rowCount(index(r, 0));
        if (children > 0)
            emit dataChanged(index(0, 0, index(r, 0)),
                             index(children - 1, columnCount() - 1, index(r, 0)));
    }
}

QString TimelineModel::timeText(qint64 ms, const QTimeZone& zone)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms, zone),
                              QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString TimelineModel::durationText(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QModelIndex TimelineModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex TimelineModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int TimelineModel::rowCount(const QModelIndex& parent) const
{
    if (!m_timeline)
        return 0;
    if (!parent.isValid())
        return int(m_timeline->rows.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(m_timeline->rows[size_t(parent.row())].events.size());
}

int TimelineModel::columnCount(const QModelIndex& parent) const
{
    Q_UNUSED(parent);
    return 6;
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == DurationColumn)
        return tr("A session's duration (to its last event); for an event, the time since its "
                  "row started");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case WhatColumn:
        return tr("Session / event");
    case EventsColumn:
        return tr("Events");
    case DurationColumn:
        return tr("Duration");
    case DeviceColumn:
        return tr("Device");
    case PageColumn:
        return tr("Landing page / path");
    }
    return {};
}

std::shared_ptr<const TimelineTexts> TimelineModel::describe(const Timeline& timeline,
                                                             const QTimeZone& zone)
{
    auto out = std::make_shared<TimelineTexts>();
    out->events.resize(timeline.events.size());
    for (const TimelineRow& r : timeline.rows) {
        TimelineTexts::Item& row = out->rows.emplace_back();
        const qint64 count = qint64(r.events.size());
        row.texts = {timeText(r.startMs, zone),
                     r.isSession ? r.sessionId : tr("Outside sessions"),
                     QLocale().toString(count),
                     durationText(r.endMs - r.startMs),
                     r.property(QStringLiteral("device_type")),
                     r.property(QStringLiteral("landing_page"))};
        row.words =
            tr("%1, %2 to %3, %n event(s), %4%5", nullptr, int(count))
                .arg(r.isSession ? tr("Session %1").arg(r.sessionId) : row.texts[WhatColumn],
                     row.texts[TimeColumn], timeText(r.endMs, zone), row.texts[DurationColumn],
                     row.texts[DeviceColumn].isEmpty()
                         ? QString()
                         : QStringLiteral(", ") + row.texts[DeviceColumn]);
        for (const int e : r.events) {
            const TimelineEvent& event = timeline.events[size_t(e)];
            TimelineTexts::Item& item = out->events[size_t(e)];
            const QString path = event.property(QStringLiteral("path"));
            item.texts = {timeText(event.timeMs, zone),
                          event.name,
                          QString(),
                          QStringLiteral("+") + durationText(event.timeMs - r.startMs),
                          QString(),
                          path};
            item.words = tr("%1 at %2%3")
                             .arg(event.name, item.texts[TimeColumn],
                                  path.isEmpty() ? QString() : tr(", on %1").arg(path));
        }
    }
    return out;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isEvent = index.internalId() != 0;
    const int row = isEvent ? int(index.internalId() - 1) : index.row();
    const TimelineRow& r = m_timeline->rows[size_t(row)];
    const int e = isEvent ? r.events[size_t(index.row())] : -1;
    const TimelineTexts::Item& item =
        isEvent ? m_texts->events[size_t(e)] : m_texts->rows[size_t(row)];
    const bool marked = isEvent ? m_highlighted.contains(m_timeline->events[size_t(e)].name)
                                : m_rowMarked[size_t(row)] != 0;
    switch (role) {
    case Qt::DisplayRole:
        return (index.column() == WhatColumn && marked ? Marker : QString()) +
               item.texts[size_t(index.column())];
    case Qt::AccessibleTextRole:
        if (index.column() != WhatColumn)
            return {};
        [[fallthrough]];
    case Qt::ToolTipRole:
        return item.words + (!marked   ? QString()
                             : isEvent ? tr(", highlighted")
                                       : tr(", holds a highlighted event"));
    case Qt::TextAlignmentRole:
        return index.column() == EventsColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                              : QVariant();
    case Qt::FontRole:
        return markedFont(marked);
    case TimeRole:
        return isEvent ? m_timeline->events[size_t(e)].timeMs : r.startMs;
    case IsEventRole:
        return isEvent;
    case SessionIdRole:
        return isEvent ? m_timeline->events[size_t(e)].sessionId : r.sessionId;
    case EventIdRole:
        return isEvent ? QVariant(m_timeline->events[size_t(e)].eventId) : QVariant();
    case EventCountRole:
        return isEvent ? QVariant() : QVariant(qint64(r.events.size()));
    case HighlightRole:
        return marked;
    case RowRole:
        return row;
    case EventRole:
        return e;
    default:
        return {};
    }
}

} // namespace pulsebook
