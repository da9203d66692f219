#pragma once

#include <QWidget>

class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;

namespace pulsebook {

class EventListModel;

// Picks event names for one definition: a find field over the event list (counts, users, last
// seen, "suggested"), a check box per name, and "Add" for a name the data does not have yet.
class EventPicker : public QWidget
{
    Q_OBJECT

public:
    // `name` prefixes the children's object names ("kpi": kpiFind, kpiEvents, kpiAdd) and is
    // the list's accessible name's subject ("KPI events").
    EventPicker(const QString& name, const QString& subject, QWidget* parent = nullptr);

    EventListModel* model() const { return m_model; }
    QTreeView* view() const { return m_view; }
    QLineEdit* findField() const { return m_find; }

private:
    void updateAdd();
    void add();

    EventListModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_find;
    QPushButton* m_add;
    QTreeView* m_view;
};

} // namespace pulsebook
