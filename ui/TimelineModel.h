#pragma once

#include "analysis/Timeline.h"

#include <QAbstractItemModel>
#include <QSet>
#include <QTimeZone>

#include <array>
#include <memory>

namespace pulsebook {

// What the timeline model shows, formatted once (TimelineModel::describe(), on a worker), so
// that data() formats nothing: each row's and event's cells and the words a screen reader says.
struct TimelineTexts
{
    struct Item
    {
        std::array<QString, 6> texts; // by TimelineModel::Column
        QString words;                // without the highlight, which changes
    };
    std::vector<Item> rows;   // by timeline row
    std::vector<Item> events; // by index into Timeline::events
};

// A user's timeline as a tree (docs/definitions.md, "User timeline"): the sessions and runs of
// events outside sessions at the top, in start order, each with its events as children. Rows
// arrive whole through setTimeline() (a reset). Columns: time, what (the session or the
// event's name), events, duration, device, landing page / path. Events whose name is
// highlighted (the chips), and the rows holding them, are marked in bold with a ◆ and say so
// to a screen reader: never by colour alone.
class TimelineModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, WhatColumn, EventsColumn, DurationColumn, DeviceColumn, PageColumn };
    enum Role {
        TimeRole = Qt::UserRole, // qint64 UTC ms: a row's start, an event's time
        IsEventRole,             // bool
        SessionIdRole,           // QString ("" outside sessions)
        EventIdRole,             // QString (events)
        EventCountRole,          // qint64 (rows)
        HighlightRole,           // bool: holds or is a highlighted event
        RowRole,                 // int: the timeline row (a top-level row's own number)
        EventRole,               // int: index into Timeline::events, -1 for a row
    };

    explicit TimelineModel(QObject* parent = nullptr);

    // The cells of `timeline` in `zone` (the workspace's), in the locale: safe on any thread.
    static std::shared_ptr<const TimelineTexts> describe(const Timeline& timeline,
                                                         const QTimeZone& zone);
    // `texts` from describe() of the same timeline and zone.
    void setTimeline(std::shared_ptr<const Timeline> timeline,
                     std::shared_ptr<const TimelineTexts> texts, const QTimeZone& zone);
    const Timeline* timeline() const { return m_timeline.get(); }
    // Marks the events with these names (and the rows holding them); empty: none.
    void setHighlighted(const QSet<QString>& eventNames);
    QSet<QString> highlighted() const { return m_highlighted; }
    // The index of timeline row `row` (a top-level row), column 0.
    QModelIndex rowIndex(int row) const { return index(row, 0); }

    // "2026-10-30 10:05:07" in the model's time zone, or in `zone`.
    QString timeText(qint64 ms) const { return timeText(ms, m_zone); }
    static QString timeText(qint64 ms, const QTimeZone& zone);
    // "4 min 49 s", "1 h 02 min", "12 s".
    static QString durationText(qint64 ms);

    QModelIndex index(int row, int column,
                      const QModelIndex& parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const Timeline> m_timeline;
    std::shared_ptr<const TimelineTexts> m_texts;
    std::vector<char> m_rowMarked; // holds a highlighted event
    QTimeZone m_zone = QTimeZone::utc();
    QSet<QString> m_highlighted;
};

} // namespace pulsebook
