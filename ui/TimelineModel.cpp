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

TimelineModel::Item TimelineModel::item(const QModelIndex& index) const
{
    Item it;
    const int row = index.internalId() == 0 ? index.row() : int(index.internalId() - 1);
    const TimelineRow& r = m_timeline->rows[size_t(row)];
    it.row = row;
    if (index.internalId() == 0) {
        it.marked = rowHighlighted(row);
        it.timeMs = r.startMs;
        it.sessionId = r.sessionId;
        it.count = qint64(r.events.size());
        it.texts = {timeText(r.startMs),
                    r.isSession ? r.sessionId : tr("Outside sessions"),
                    QLocale().toString(it.count),
                    durationText(r.endMs - r.startMs),
                    r.property(QStringLiteral("device_type")),
                    r.property(QStringLiteral("landing_page"))};
        it.words = tr("%1, %2 to %3, %n event(s), %4%5", nullptr, int(it.count))
                       .arg(r.isSession ? tr("Session %1").arg(r.sessionId) : it.texts[WhatColumn],
                            timeText(r.startMs), timeText(r.endMs), it.texts[DurationColumn],
                            it.texts[DeviceColumn].isEmpty()
                                ? QString()
                                : QStringLiteral(", ") + it.texts[DeviceColumn]);
        if (it.marked)
            it.words += tr(", holds a highlighted event");
        return it;
    }
    it.event = r.events[size_t(index.row())];
    const TimelineEvent& event = m_timeline->events[size_t(it.event)];
    it.marked = m_highlighted.contains(event.name);
    it.timeMs = event.timeMs;
    it.sessionId = event.sessionId;
    it.eventId = event.eventId;
    const QString path = event.property(QStringLiteral("path"));
    it.texts = {timeText(event.timeMs),
                event.name,
                QString(),
                QStringLiteral("+") + durationText(event.timeMs - r.startMs),
                QString(),
                path};
    it.words = tr("%1 at %2%3")
                   .arg(event.name, it.texts[TimeColumn],
                        path.isEmpty() ? QString() : tr(", on %1").arg(path));
    if (it.marked)
        it.words += tr(", highlighted");
    return it;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Item it = item(index);
    const bool isEvent = it.event >= 0;
    switch (role) {
    case Qt::DisplayRole:
        return (index.column() == WhatColumn && it.marked ? Marker : QString()) +
               it.texts[size_t(index.column())];
    case Qt::AccessibleTextRole:
        return index.column() == WhatColumn ? QVariant(it.words) : QVariant();
    case Qt::ToolTipRole:
        return it.words;
    case Qt::TextAlignmentRole:
        return index.column() == EventsColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                              : QVariant();
    case Qt::FontRole:
        return markedFont(it.marked);
    case TimeRole:
        return it.timeMs;
    case IsEventRole:
        return isEvent;
    case SessionIdRole:
        return it.sessionId;
    case EventIdRole:
        return isEvent ? QVariant(it.eventId) : QVariant();
    case EventCountRole:
        return isEvent ? QVariant() : QVariant(it.count);
    case HighlightRole:
        return it.marked;
    case RowRole:
        return it.row;
    case EventRole:
        return it.event;
    default:
        return {};
    }
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

} // namespace pulsebook
