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

void TimelineModel::setTimeline(std::shared_ptr<const Timeline> timeline, const QTimeZone& zone)
{
    beginResetModel();
    m_timeline = std::move(timeline);
    m_zone = zone.isValid() ? zone : QTimeZone::utc();
    endResetModel();
}

void TimelineModel::setHighlighted(const QSet<QString>& eventNames)
{
    if (eventNames == m_highlighted)
        return;
    m_highlighted = eventNames;
    const int rows = rowCount();
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

QString TimelineModel::timeText(qint64 ms) const
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms, m_zone),
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

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0)
        return rowData(index.row(), index.column(), role);
    return eventData(int(index.internalId() - 1), index.row(), index.column(), role);
}

bool TimelineModel::rowHighlighted(int row) const
{
    if (m_highlighted.isEmpty())
        return false;
    for (const int e : m_timeline->rows[size_t(row)].events) {
        if (m_highlighted.contains(m_timeline->events[size_t(e)].name))
            return true;
    }
    return false;
}

QVariant TimelineModel::rowData(int row, int column, int role) const
{
    const TimelineRow& r = m_timeline->rows[size_t(row)];
    const QString what = r.isSession ? r.sessionId : tr("Outside sessions");
    const QString device = r.property(QStringLiteral("device_type"));
    const QString page = r.property(QStringLiteral("landing_page"));
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(column)) {
        case TimeColumn:
            return timeText(r.startMs);
        case WhatColumn:
            return (rowHighlighted(row) ? Marker : QString()) + what;
        case EventsColumn:
            return QLocale().toString(qint64(r.events.size()));
        case DurationColumn:
            return durationText(r.endMs - r.startMs);
        case DeviceColumn:
            return device;
        case PageColumn:
            return page;
        }
        return {};
    case Qt::AccessibleTextRole:
        if (column != WhatColumn)
            return {};
        [[fallthrough]];
    case Qt::ToolTipRole:
        return tr("%1, %2 to %3, %n event(s), %4%5%6", nullptr, int(r.events.size()))
            .arg(r.isSession ? tr("Session %1").arg(r.sessionId) : what, timeText(r.startMs),
                 timeText(r.endMs), durationText(r.endMs - r.startMs),
                 device.isEmpty() ? QString() : QStringLiteral(", ") + device,
                 rowHighlighted(row) ? tr(", holds a highlighted event") : QString());
    case Qt::TextAlignmentRole:
        return column == EventsColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::FontRole:
        return markedFont(rowHighlighted(row));
    case TimeRole:
        return r.startMs;
    case IsEventRole:
        return false;
    case SessionIdRole:
        return r.sessionId;
    case EventCountRole:
        return qint64(r.events.size());
    case HighlightRole:
        return rowHighlighted(row);
    case RowRole:
        return row;
    case EventRole:
        return -1;
    default:
        return {};
    }
}

QVariant TimelineModel::eventData(int row, int child, int column, int role) const
{
    const TimelineRow& r = m_timeline->rows[size_t(row)];
    const int e = r.events[size_t(child)];
    const TimelineEvent& event = m_timeline->events[size_t(e)];
    const bool marked = m_highlighted.contains(event.name);
    const QString path = event.property(QStringLiteral("path"));
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(column)) {
        case TimeColumn:
            return timeText(event.timeMs);
        case WhatColumn:
            return (marked ? Marker : QString()) + event.name;
        case DurationColumn:
            return QStringLiteral("+") + durationText(event.timeMs - r.startMs);
        case PageColumn:
            return path;
        default:
            return {};
        }
    case Qt::AccessibleTextRole:
        if (column != WhatColumn)
            return {};
        [[fallthrough]];
    case Qt::ToolTipRole:
        return tr("%1 at %2%3%4")
            .arg(event.name, timeText(event.timeMs),
                 path.isEmpty() ? QString() : tr(", on %1").arg(path),
                 marked ? tr(", highlighted") : QString());
    case Qt::FontRole:
        return markedFont(marked);
    case TimeRole:
        return event.timeMs;
    case IsEventRole:
        return true;
    case SessionIdRole:
        return event.sessionId;
    case EventIdRole:
        return event.eventId;
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
