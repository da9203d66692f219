#include "ProductAreasEditor.h"

#include "EventListModel.h"
#include "EventPicker.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace pulsebook {

QString ProductAreasEditor::areaText(const ProductArea& area)
{
    return area.events.size() == 1 ? tr("%1 (1 event)").arg(area.name)
                                   : tr("%1 (%2 events)").arg(area.name).arg(area.events.size());
}

ProductAreasEditor::ProductAreasEditor(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    auto* side = new QVBoxLayout;
    auto* label = new QLabel(tr("&Areas:"), this);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("productAreaList"));
    m_list->setAccessibleName(tr("Product areas"));
    m_list->setWordWrap(true);
    label->setBuddy(m_list);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("productAreaName"));
    m_name->setPlaceholderText(tr("New area's name"));
    m_name->setAccessibleName(tr("New product area's name"));
    m_add = new QPushButton(tr("Add Area"), this);
    m_add->setObjectName(QStringLiteral("productAreaAdd"));
    m_remove = new QPushButton(tr("Remove Area"), this);
    m_remove->setObjectName(QStringLiteral("productAreaRemove"));
    auto* addRow = new QHBoxLayout;
    addRow->addWidget(m_name, 1);
    addRow->addWidget(m_add);
    side->addWidget(label);
    side->addWidget(m_list, 1);
    side->addLayout(addRow);
    side->addWidget(m_remove, 0, Qt::AlignLeft);
    layout->addLayout(side, 2);
    m_picker = new EventPicker(QStringLiteral("area"), tr("selected product area"), this);
    layout->addWidget(m_picker, 3);

    connect(m_list, &QListWidget::currentRowChanged, this, &ProductAreasEditor::showArea);
    connect(m_add, &QPushButton::clicked, this, &ProductAreasEditor::addArea);
    connect(m_name, &QLineEdit::returnPressed, this, &ProductAreasEditor::addArea);
    connect(m_name, &QLineEdit::textChanged, this,
            [this](const QString& text) { m_add->setEnabled(!text.trimmed().isEmpty()); });
    connect(m_remove, &QPushButton::clicked, this, &ProductAreasEditor::removeArea);
    connect(m_picker->model(), &EventListModel::checkedChanged, this, [this] {
        if (m_shown < 0 || m_shown >= m_areas.size())
            return;
        const QStringList events = m_picker->model()->checked();
        if (events == m_areas[m_shown].events)
            return;
        m_areas[m_shown].events = events;
        m_list->item(m_shown)->setText(areaText(m_areas[m_shown]));
        emit changed();
    });
    m_add->setEnabled(false);
    fillList(-1);
}

void ProductAreasEditor::setEvents(const std::vector<EventSummary>& events)
{
    m_picker->model()->setEvents(events);
}

void ProductAreasEditor::setAreas(const QList<ProductArea>& areas,
                                  const QList<ProductArea>& suggested)
{
    m_areas = areas;
    m_suggested = suggested;
    fillList(m_areas.isEmpty() ? -1 : 0);
}

void ProductAreasEditor::fillList(int current)
{
    m_shown = -1;
    m_list->clear();
    for (const ProductArea& area : std::as_const(m_areas))
        m_list->addItem(areaText(area));
    if (m_areas.isEmpty()) {
        auto* empty = new QListWidgetItem(
            m_suggested.isEmpty()
                ? tr("No product areas. None is suggested: no event names of the data share a "
                     "prefix such as “Reports: ”. Add one below.")
                : tr("No product areas: add one below."),
            m_list);
        empty->setFlags(Qt::NoItemFlags);
    }
    m_list->setCurrentRow(current);
    showArea(current);
}

void ProductAreasEditor::showArea(int row)
{
    m_shown = -1;
    const bool valid = row >= 0 && row < m_areas.size();
    m_remove->setEnabled(valid);
    m_picker->setEnabled(valid);
    QStringList suggested;
    for (const ProductArea& area : std::as_const(m_suggested)) {
        if (valid && area.name == m_areas[row].name)
            suggested = area.events;
    }
    m_picker->model()->setSuggested(suggested);
    m_picker->model()->setChecked(valid ? m_areas[row].events : QStringList());
    m_shown = valid ? row : -1;
}

void ProductAreasEditor::addArea()
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        return;
    for (int i = 0; i < m_areas.size(); ++i) {
        if (m_areas[i].name.compare(name, Qt::CaseInsensitive) == 0) {
            m_list->setCurrentRow(i); // already there: show it
            m_name->clear();
            return;
        }
    }
    ProductArea area;
    area.name = name;
    m_areas.append(area);
    m_name->clear();
    fillList(int(m_areas.size()) - 1);
    m_picker->setFocus();
    emit changed();
}

void ProductAreasEditor::removeArea()
{
    const int row = m_shown;
    if (row < 0 || row >= m_areas.size())
        return;
    m_areas.removeAt(row);
    fillList(std::min(row, int(m_areas.size()) - 1));
    emit changed();
}

} // namespace pulsebook
