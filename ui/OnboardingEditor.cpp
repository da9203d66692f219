#include "OnboardingEditor.h"

#include "EventListModel.h"
#include "EventPicker.h"
#include "PageParts.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace pulsebook {

OnboardingEditor::OnboardingEditor(QWidget* parent)
    : QWidget(parent),
      m_picker(new EventPicker(QStringLiteral("onboarding"), tr("onboarding steps"), this))
{
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(m_picker, 3);
    auto* side = new QVBoxLayout;
    auto* label = new QLabel(tr("Steps in &order:"), this);
    m_order = new QListWidget(this);
    m_order->setObjectName(QStringLiteral("onboardingOrder"));
    m_order->setAccessibleName(tr("Onboarding steps in order"));
    label->setBuddy(m_order);
    m_up = new QPushButton(tr("Move &Up"), this);
    m_up->setObjectName(QStringLiteral("onboardingUp"));
    m_down = new QPushButton(tr("Move Do&wn"), this);
    m_down->setObjectName(QStringLiteral("onboardingDown"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    side->addWidget(label);
    side->addWidget(m_order, 1);
    side->addLayout(buttons);
    layout->addLayout(side, 2);

    connect(m_picker->model(), &EventListModel::checkedChanged, this, [this] {
        fillOrder();
        emit changed();
    });
    connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { move(1); });
    addMoveKeys(m_order, [this](int by) { move(by); });
    connect(m_order, &QListWidget::currentRowChanged, this, [this](int row) {
        m_up->setEnabled(row > 0);
        m_down->setEnabled(row >= 0 && row + 1 < m_order->count());
    });
    fillOrder();
}

void OnboardingEditor::setEvents(const std::vector<EventSummary>& events,
                                 const QStringList& suggested)
{
    m_picker->model()->setEvents(events);
    m_picker->model()->setSuggested(suggested);
}

void OnboardingEditor::setSteps(const QStringList& steps)
{
    m_picker->model()->setChecked(steps);
}

QStringList OnboardingEditor::steps() const
{
    return m_picker->model()->checked();
}

void OnboardingEditor::fillOrder()
{
    const int current = m_order->currentRow();
    m_order->clear();
    const QStringList steps = m_picker->model()->checked();
    for (int i = 0; i < steps.size(); ++i)
        m_order->addItem(QStringLiteral("%1. %2").arg(i + 1).arg(steps[i]));
    if (steps.isEmpty()) {
        auto* empty = new QListWidgetItem(tr("No steps: check events on the left"), m_order);
        empty->setFlags(Qt::NoItemFlags);
    }
    m_order->setCurrentRow(std::min(current, int(steps.size()) - 1));
    m_up->setEnabled(m_order->currentRow() > 0);
    m_down->setEnabled(m_order->currentRow() >= 0 && m_order->currentRow() + 1 < steps.size());
}

void OnboardingEditor::move(int by)
{
    const int from = m_order->currentRow();
    const int to = from + by;
    if (from < 0 || to < 0 || to >= steps().size())
        return;
    m_picker->model()->moveChecked(from, to); // fills the order again (checkedChanged)
    m_order->setCurrentRow(to);
    m_up->setEnabled(to > 0);
    m_down->setEnabled(to + 1 < steps().size());
}

} // namespace pulsebook
