#pragma once

#include "analysis/EventSummary.h"

#include <QWidget>

#include <vector>

class QListWidget;
class QPushButton;

namespace pulsebook {

class EventPicker;

// The onboarding steps: events checked in the event list, kept in the order a user should do
// them (Move Up / Move Down, Alt+Up / Alt+Down in the order list).
class OnboardingEditor : public QWidget
{
    Q_OBJECT

public:
    explicit OnboardingEditor(QWidget* parent = nullptr);

    void setEvents(const std::vector<EventSummary>& events, const QStringList& suggested);
    void setSteps(const QStringList& steps);
    QStringList steps() const;
    EventPicker* picker() const { return m_picker; }

signals:
    void changed();

private:
    void fillOrder();
    void move(int by);

    EventPicker* m_picker;
    QListWidget* m_order;
    QPushButton* m_up;
    QPushButton* m_down;
};

} // namespace pulsebook
