#pragma once

#include "analysis/Calendar.h"
#include "analysis/EventSummary.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <memory>
#include <vector>

class QStringListModel;

namespace pulsebook {

class EventIndex;

// What the segment editor's widgets offer, read from the window's snapshot: the event names
// with their counts (`pulsebook-cli events`), the user and account properties (account ones
// as "account.<name>"), the saved segments, and the workspace's calendar (dates typed in a
// "between" window are its midnights).
struct SegmentChoices
{
    std::vector<EventSummary> events; // most events first
    QStringList properties;           // user properties, then account.<name>
    QStringList segments;
    Calendar calendar;
    qint64 asOfMs = 0;

    // Reads them from `index` as of `asOfMs` (runs on a worker: the event counts pass over
    // every event).
    static SegmentChoices read(const std::shared_ptr<const EventIndex>& index,
                               const QStringList& segments, const Calendar& calendar,
                               qint64 asOfMs);
};

// The distinct values of each property for the value fields' completers, computed on a worker
// the first time a property is asked for (core: distinctPropertyValues); the model fills in when
// they arrive. One per editor; forget() after a new snapshot.
class ValueCompletions : public QObject
{
    Q_OBJECT

public:
    static constexpr int Limit = 2000;

    explicit ValueCompletions(QObject* parent = nullptr);

    void setIndex(std::shared_ptr<const EventIndex> index);
    // The model of `property`'s values (empty until its worker answers).
    QStringListModel* model(const QString& property);
    // Whether `property`'s values arrived.
    bool isReady(const QString& property) const { return m_ready.contains(property); }

signals:
    void valuesReady(const QString& property);

private:
    void fetch(const QString& property);

    std::shared_ptr<const EventIndex> m_index;
    QHash<QString, QStringListModel*> m_models;
    QHash<QString, bool> m_ready;
    quint64 m_generation = 0;
};

} // namespace pulsebook
