#include "FunnelStepsEditor.h"

#include "PageParts.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

#include <algorithm>

namespace pulsebook {

FunnelStepsEditor::FunnelStepsEditor(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* label = new QLabel(tr("Activation fu&nnel (the area's usability):"), this);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("areaFunnelSteps"));
    m_list->setAccessibleName(tr("Activation funnel steps in order"));
    label->setBuddy(m_list);
    // Up to 8 steps in sight (a funnel has at most 20): the event list above gets the room.
    m_list->setMaximumHeight(8 * (m_list->fontMetrics().height() + 2) + 2 * m_list->frameWidth());
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("areaFunnelNote"));
    m_note->setWordWrap(true);
    m_choice = new QComboBox(this);
    m_choice->setObjectName(QStringLiteral("areaFunnelChoice"));
    m_choice->setAccessibleName(tr("Event to add as the funnel's next step"));
    m_choice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_choice->setMinimumContentsLength(16);
    m_add = new QPushButton(tr("Add S&tep"), this);
    m_add->setObjectName(QStringLiteral("areaFunnelAdd"));
    m_add->setToolTip(tr("Add the chosen event as the funnel's last step"));
    m_remove = new QPushButton(tr("Remove Step"), this);
    m_remove->setObjectName(QStringLiteral("areaFunnelRemove"));
    m_remove->setToolTip(tr("Remove the selected step (Del in the list)"));
    m_up = new QPushButton(tr("Move Up"), this);
    m_up->setObjectName(QStringLiteral("areaFunnelUp"));
    m_up->setToolTip(tr("Move the selected step up (Alt+Up in the list)"));
    m_down = new QPushButton(tr("Move Down"), this);
    m_down->setObjectName(QStringLiteral("areaFunnelDown"));
    m_down->setToolTip(tr("Move the selected step down (Alt+Down in the list)"));
    m_clear = new QPushButton(tr("&Clear Funnel"), this);
    m_clear->setObjectName(QStringLiteral("areaFunnelClear"));
    m_clear->setToolTip(tr("Remove every step: the area has no usability figure"));

    auto* addRow = new QHBoxLayout;
    addRow->addWidget(m_choice, 1);
    addRow->addWidget(m_add);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_remove, m_up, m_down, m_clear})
        buttons->addWidget(b);
    buttons->addStretch(1);
    layout->addWidget(label);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_note);
    layout->addLayout(addRow);
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, &FunnelStepsEditor::addStep);
    connect(m_remove, &QPushButton::clicked, this, &FunnelStepsEditor::removeStep);
    connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { move(1); });
    connect(m_clear, &QPushButton::clicked, this, [this] { edit({}, -1); });
    addMoveKeys(m_list, [this](int by) { move(by); });
    auto* del = new QShortcut(QKeySequence::Delete, m_list);
    del->setContext(Qt::WidgetShortcut);
    connect(del, &QShortcut::activated, this, &FunnelStepsEditor::removeStep);
    connect(m_list, &QListWidget::currentRowChanged, this, &FunnelStepsEditor::updateButtons);
    fill(-1);
}

void FunnelStepsEditor::setEvents(const std::vector<EventSummary>& events)
{
    m_events = events;
    fill(m_list->currentRow());
}

void FunnelStepsEditor::setSteps(const QStringList& steps, const QStringList& areaEvents)
{
    m_steps = steps;
    m_areaEvents = areaEvents;
    m_choice->clear(); // another area: its own events are offered first
    fill(steps.isEmpty() ? -1 : 0);
}

QString FunnelStepsEditor::counted(const QString& name) const
{
    const auto it = std::find_if(m_events.begin(), m_events.end(),
                                 [&](const EventSummary& e) { return e.name == name; });
    if (it == m_events.end())
        return tr("%1 (not in the data)").arg(name);
    const QLocale locale;
    const QString events =
        it->events == 1 ? tr("1 event") : tr("%1 events").arg(locale.toString(it->events));
    const QString users =
        it->users == 1 ? tr("1 user") : tr("%1 users").arg(locale.toString(it->users));
    return tr("%1 (%2, %3)").arg(name, events, users);
}

void FunnelStepsEditor::fill(int current)
{
    m_list->clear();
    for (int i = 0; i < m_steps.size(); ++i)
        m_list->addItem(QStringLiteral("%1. %2").arg(i + 1).arg(counted(m_steps[i])));
    if (m_steps.isEmpty()) {
        auto* empty = new QListWidgetItem(tr("No funnel: no usability figure"), m_list);
        empty->setFlags(Qt::NoItemFlags);
    }
    m_list->setCurrentRow(std::min(current, int(m_steps.size()) - 1));
    m_note->setText(m_steps.size() < 2
                        ? tr("Add 2 to 20 steps: the usability is the share of the users doing "
                             "step 1 who then do every step in order within 14 days.")
                        : tr("Usability: the share of the users doing step 1 who then do every "
                             "step in order within 14 days."));
    fillChoice();
    updateButtons();
}

void FunnelStepsEditor::fillChoice()
{
    const QString chosen = m_choice->currentData().toString();
    m_choice->clear();
    auto offer = [this](const QString& name) {
        if (!m_steps.contains(name) && m_choice->findData(name) < 0)
            m_choice->addItem(counted(name), name);
    };
    for (const QString& name : std::as_const(m_areaEvents))
        offer(name);
    const int own = m_choice->count();
    for (const EventSummary& e : m_events)
        offer(e.name);
    if (own > 0 && m_choice->count() > own)
        m_choice->insertSeparator(own);
    m_choice->setCurrentIndex(std::max(m_choice->findData(chosen), 0));
    m_choice->setEnabled(m_choice->count() > 0);
    m_add->setEnabled(m_choice->count() > 0);
}

void FunnelStepsEditor::updateButtons()
{
    const int row = m_steps.isEmpty() ? -1 : m_list->currentRow();
    m_remove->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_steps.size());
    m_clear->setEnabled(!m_steps.isEmpty());
}

void FunnelStepsEditor::edit(const QStringList& steps, int current)
{
    m_steps = steps;
    fill(current);
    emit changed();
}

void FunnelStepsEditor::addStep()
{
    const QString name = m_choice->currentData().toString();
    if (name.isEmpty() || m_steps.contains(name))
        return;
    edit(m_steps + QStringList{name}, int(m_steps.size()));
}

void FunnelStepsEditor::removeStep()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_steps.size())
        return;
    QStringList steps = m_steps;
    steps.removeAt(row);
    edit(steps, std::min(row, int(steps.size()) - 1));
}

void FunnelStepsEditor::move(int by)
{
    const int from = m_list->currentRow();
    const int to = from + by;
    if (from < 0 || from >= m_steps.size() || to < 0 || to >= m_steps.size())
        return;
    QStringList steps = m_steps;
    steps.move(from, to);
    edit(steps, to);
}

} // namespace pulsebook
