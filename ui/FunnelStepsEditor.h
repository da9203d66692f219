#pragma once

#include "analysis/EventSummary.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace pulsebook {

// A product area's activation funnel (docs/definitions.md, "Core metrics of a product area"):
// its steps in order, each with the data's count; a step is added from the data's events (the
// area's own first); Remove Step (Del), Move Up / Move Down (Alt+Up / Alt+Down in the list) and
// Clear Funnel ("no usability figure"). A name is offered once: a funnel lists no event twice.
class FunnelStepsEditor : public QWidget
{
    Q_OBJECT

public:
    explicit FunnelStepsEditor(QWidget* parent = nullptr);

    void setEvents(const std::vector<EventSummary>& events);
    // The funnel shown, and the events of its area (offered first).
    void setSteps(const QStringList& steps, const QStringList& areaEvents);
    QStringList steps() const { return m_steps; }
    QListWidget* list() const { return m_list; }

signals:
    // The steps changed by an edit (not by setSteps).
    void changed();

private:
    QString counted(const QString& name) const;
    void fill(int current);
    void fillChoice();
    void updateButtons();
    void edit(const QStringList& steps, int current);
    void addStep();
    void removeStep();
    void move(int by);

    std::vector<EventSummary> m_events;
    QStringList m_steps;
    QStringList m_areaEvents;
    QListWidget* m_list;
    QLabel* m_note;
    QComboBox* m_choice;
    QPushButton* m_add;
    QPushButton* m_remove;
    QPushButton* m_up;
    QPushButton* m_down;
    QPushButton* m_clear;
};

} // namespace pulsebook
