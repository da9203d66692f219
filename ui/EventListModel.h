#pragma once

#include "analysis/EventSummary.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QStringList>

#include <vector>

namespace pulsebook {

// The event names of the data, each with its count, users and last time seen, checkable: the
// checked names are a definition (KPI events, onboarding steps in order, a product area's
// events). Names a definition holds that the data lacks get rows of their own (0 events, "not
// in the data"); those proposed by `workspace suggest` are marked "suggested".
class EventListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Events, Users, LastSeen, Note, ColumnCount };
    enum Role { SortRole = Qt::UserRole }; // typed values: text, numbers, times

    explicit EventListModel(QObject* parent = nullptr);

    void setEvents(const std::vector<EventSummary>& events);
    void setSuggested(const QStringList& names);
    // The checked names, in order (the order a definition keeps: onboarding steps).
    void setChecked(const QStringList& names);
    QStringList checked() const { return m_checked; }
    // Checks `name`, adding a row for it when the data lacks it (a feature about to launch).
    void addName(const QString& name);
    // Moves the checked name at `from` to `to` (the order of the onboarding steps).
    void moveChecked(int from, int to);
    // The row of `name`, -1 when none.
    int rowOf(const QString& name) const;
    bool inData(const QString& name) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    // The checked names changed (by a click, Space, addName or moveChecked).
    void checkedChanged();

private:
    void addMissingRows(const QStringList& names);

    std::vector<EventSummary> m_rows; // the data's names, then names it lacks (events = -1)
    qsizetype m_inData = 0;           // the first m_inData rows are the data's
    QStringList m_checked;
    QSet<QString> m_suggested;
};

} // namespace pulsebook
