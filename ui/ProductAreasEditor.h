#pragma once

#include "workspace/Workspace.h"

#include <QWidget>

#include <vector>

class QLineEdit;
class QListWidget;
class QPushButton;

namespace pulsebook {

class EventPicker;
struct EventSummary;

// The product areas: a list of areas by name (add, remove), and the events of the selected one
// checked in the event list. An area's activation funnel is kept as the workspace holds it.
class ProductAreasEditor : public QWidget
{
    Q_OBJECT

public:
    explicit ProductAreasEditor(QWidget* parent = nullptr);

    void setEvents(const std::vector<EventSummary>& events);
    // `suggested`: the proposals of `workspace suggest`, marked in an area of the same name.
    void setAreas(const QList<ProductArea>& areas, const QList<ProductArea>& suggested);
    QList<ProductArea> areas() const { return m_areas; }
    EventPicker* picker() const { return m_picker; }

signals:
    void changed();

private:
    static QString areaText(const ProductArea& area);
    void fillList(int current);
    void showArea(int row);
    void addArea();
    void removeArea();

    QList<ProductArea> m_areas;
    QList<ProductArea> m_suggested;
    QListWidget* m_list;
    QLineEdit* m_name;
    QPushButton* m_add;
    QPushButton* m_remove;
    EventPicker* m_picker;
    int m_shown = -1;
};

} // namespace pulsebook
