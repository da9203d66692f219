#pragma once

#include "analysis/WorkspaceCheck.h"
#include "workspace/Workspace.h"

#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace pulsebook {

class EventPicker;
class FunnelStepsEditor;
struct EventSummary;

// The product areas: a list of areas by name (add, rename in place with F2 or Rename, remove),
// the events of the selected one checked in the event list, and its activation funnel in
// order. The problems `workspace import` would find in the selected area are listed under the
// areas; a rename it would refuse (an empty name, another area's name) is not made.
class ProductAreasEditor : public QWidget
{
    Q_OBJECT

public:
    // The problems of a list of areas, as `workspace import` reports them (DefinitionsData's
    // productAreaProblems).
    using Checker = std::function<WorkspaceProblems(const QList<ProductArea>&)>;

    explicit ProductAreasEditor(QWidget* parent = nullptr);

    void setChecker(Checker checker);
    void setEvents(const std::vector<EventSummary>& events);
    // `suggested`: the proposals of `workspace suggest`, marked in an area of the same name.
    void setAreas(const QList<ProductArea>& areas, const QList<ProductArea>& suggested);
    QList<ProductArea> areas() const { return m_areas; }
    EventPicker* picker() const { return m_picker; }
    FunnelStepsEditor* funnel() const { return m_funnel; }
    // Renames the area at `row` unless the checks refuse the name (then the message says why).
    bool renameArea(int row, const QString& name);

signals:
    void changed();

private:
    static QString areaText(const ProductArea& area);
    void fillList(int current);
    void showArea(int row);
    void showProblems(const QString& refusal = QString());
    void addArea();
    void removeArea();
    void edited();

    Checker m_checker;
    QList<ProductArea> m_areas;
    QList<ProductArea> m_suggested;
    QListWidget* m_list;
    QLineEdit* m_name;
    QPushButton* m_add;
    QPushButton* m_rename;
    QPushButton* m_remove;
    QLabel* m_problems;
    EventPicker* m_picker;
    FunnelStepsEditor* m_funnel;
    int m_shown = -1;
};

} // namespace pulsebook
