#include "ProductAreasEditor.h"

#include "EventListModel.h"
#include "EventPicker.h"
#include "FunnelStepsEditor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

#include <algorithm>

namespace pulsebook {

namespace {

constexpr int NameRole = Qt::UserRole;

// Edits an area's name in place (the item shows "Name (3 events)"): the editor starts from the
// name alone and hands the typed one to `rename`, which decides.
class NameDelegate : public QStyledItemDelegate
{
public:
    NameDelegate(std::function<void(int, const QString&)> rename, QObject* parent)
        : QStyledItemDelegate(parent), m_rename(std::move(rename))
    {}

    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        if (auto* line = qobject_cast<QLineEdit*>(editor)) {
            line->setText(index.data(NameRole).toString());
            line->setAccessibleName(tr("Product area's new name"));
            line->setObjectName(QStringLiteral("productAreaRenameEditor"));
        }
    }

    void setModelData(QWidget* editor, QAbstractItemModel*, const QModelIndex& index) const override
    {
        if (auto* line = qobject_cast<QLineEdit*>(editor))
            m_rename(index.row(), line->text());
    }

private:
    std::function<void(int, const QString&)> m_rename;
};

QString escaped(const QString& text)
{
    return text.toHtmlEscaped();
}

} // namespace

QString ProductAreasEditor::areaText(const ProductArea& area)
{
    const QString events =
        area.events.size() == 1 ? tr("1 event") : tr("%1 events").arg(area.events.size());
    if (area.activationFunnel.isEmpty())
        return tr("%1 (%2)").arg(area.name, events);
    return tr("%1 (%2, a %3-step funnel)").arg(area.name, events).arg(area.activationFunnel.size());
}

ProductAreasEditor::ProductAreasEditor(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    auto* side = new QVBoxLayout;
    auto* label = new QLabel(tr("Pr&oduct areas:"), this);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("productAreaList"));
    m_list->setAccessibleName(tr("Product areas"));
    m_list->setAccessibleDescription(tr("F2 renames the selected area"));
    m_list->setWordWrap(true);
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
    m_list->setItemDelegate(
        new NameDelegate([this](int row, const QString& name) { renameArea(row, name); }, m_list));
    label->setBuddy(m_list);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("productAreaName"));
    m_name->setPlaceholderText(tr("New area's name"));
    m_name->setAccessibleName(tr("New product area's name"));
    m_add = new QPushButton(tr("Add Area"), this);
    m_add->setObjectName(QStringLiteral("productAreaAdd"));
    m_rename = new QPushButton(tr("Rena&me Area"), this);
    m_rename->setObjectName(QStringLiteral("productAreaRename"));
    m_rename->setToolTip(tr("Edit the selected area's name in place (F2 in the list)"));
    m_remove = new QPushButton(tr("Remove Area"), this);
    m_remove->setObjectName(QStringLiteral("productAreaRemove"));
    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("productAreaProblems"));
    m_problems->setAccessibleName(tr("Problems of the selected product area"));
    m_problems->setWordWrap(true);
    m_problems->setTextFormat(Qt::RichText);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    auto* addRow = new QHBoxLayout;
    addRow->addWidget(m_name, 1);
    addRow->addWidget(m_add);
    auto* areaButtons = new QHBoxLayout;
    areaButtons->addWidget(m_rename);
    areaButtons->addWidget(m_remove);
    areaButtons->addStretch(1);
    side->addWidget(label);
    side->addWidget(m_list, 1);
    side->addLayout(addRow);
    side->addLayout(areaButtons);
    side->addWidget(m_problems);
    layout->addLayout(side, 2);
    auto* detail = new QVBoxLayout;
    m_picker = new EventPicker(QStringLiteral("area"), tr("selected product area"), this);
    m_funnel = new FunnelStepsEditor(this);
    detail->addWidget(m_picker, 2);
    detail->addWidget(m_funnel, 1);
    layout->addLayout(detail, 3);

    connect(m_list, &QListWidget::currentRowChanged, this, &ProductAreasEditor::showArea);
    connect(m_add, &QPushButton::clicked, this, &ProductAreasEditor::addArea);
    connect(m_name, &QLineEdit::returnPressed, this, &ProductAreasEditor::addArea);
    connect(m_name, &QLineEdit::textChanged, this,
            [this](const QString& text) { m_add->setEnabled(!text.trimmed().isEmpty()); });
    connect(m_rename, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem* item = m_list->item(m_shown)) {
            m_list->setFocus(Qt::ShortcutFocusReason);
            m_list->editItem(item);
        }
    });
    connect(m_remove, &QPushButton::clicked, this, &ProductAreasEditor::removeArea);
    connect(m_picker->model(), &EventListModel::checkedChanged, this, [this] {
        if (m_shown < 0 || m_shown >= m_areas.size())
            return;
        const QStringList events = m_picker->model()->checked();
        if (events == m_areas[m_shown].events)
            return;
        m_areas[m_shown].events = events;
        m_list->item(m_shown)->setText(areaText(m_areas[m_shown]));
        m_funnel->setSteps(m_areas[m_shown].activationFunnel, events);
        edited();
    });
    connect(m_funnel, &FunnelStepsEditor::changed, this, [this] {
        if (m_shown < 0 || m_shown >= m_areas.size())
            return;
        m_areas[m_shown].activationFunnel = m_funnel->steps();
        m_list->item(m_shown)->setText(areaText(m_areas[m_shown]));
        edited();
    });
    m_add->setEnabled(false);
    fillList(-1);
}

void ProductAreasEditor::setChecker(Checker checker)
{
    m_checker = std::move(checker);
    showProblems();
}

void ProductAreasEditor::setEvents(const std::vector<EventSummary>& events)
{
    m_picker->model()->setEvents(events);
    m_funnel->setEvents(events);
    showProblems();
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
    for (const ProductArea& area : std::as_const(m_areas)) {
        auto* item = new QListWidgetItem(areaText(area), m_list);
        item->setData(NameRole, area.name);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
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
    m_rename->setEnabled(valid);
    m_picker->setEnabled(valid);
    m_funnel->setEnabled(valid);
    QStringList suggested;
    for (const ProductArea& area : std::as_const(m_suggested)) {
        if (valid && area.name == m_areas[row].name)
            suggested = area.events;
    }
    m_picker->model()->setSuggested(suggested);
    m_picker->model()->setChecked(valid ? m_areas[row].events : QStringList());
    m_funnel->setSteps(valid ? m_areas[row].activationFunnel : QStringList(),
                       valid ? m_areas[row].events : QStringList());
    m_shown = valid ? row : -1;
    showProblems();
}

void ProductAreasEditor::showProblems(const QString& refusal)
{
    QStringList lines;
    if (!refusal.isEmpty())
        lines.append(
            QStringLiteral("<span style=\"color:#D55E00\">✖</span> %1").arg(escaped(refusal)));
    if (m_checker && m_shown >= 0) {
        const QString path = QStringLiteral("$.product_areas[%1]").arg(m_shown);
        for (const WorkspaceProblem& p : m_checker(m_areas)) {
            const QString rest = p.path.mid(path.size());
            if (!p.path.startsWith(path) || !(rest.isEmpty() || rest.startsWith(QLatin1Char('.'))))
                continue;
            lines.append(
                p.isError()
                    ? tr("<span style=\"color:#D55E00\">✖</span> Error: %1").arg(escaped(p.text()))
                    : tr("<span style=\"color:#E69F00\">▲</span> Warning: %1")
                          .arg(escaped(p.text())));
        }
    }
    m_problems->setText(lines.join(QStringLiteral("<br>")));
    m_problems->setVisible(!lines.isEmpty());
}

bool ProductAreasEditor::renameArea(int row, const QString& typed)
{
    if (row < 0 || row >= m_areas.size())
        return false;
    const QString name = typed.trimmed();
    if (name == m_areas[row].name)
        return true;
    // The errors the new name brings, in the words of `workspace import`.
    QList<ProductArea> renamed = m_areas;
    renamed[row].name = name;
    WorkspaceProblems before;
    WorkspaceProblems after;
    if (m_checker) {
        before = m_checker(m_areas);
        after = m_checker(renamed);
    }
    for (const WorkspaceProblem& p : std::as_const(after)) {
        const bool isNew = std::none_of(before.begin(), before.end(), [&](const auto& b) {
            return b.path == p.path && b.message == p.message;
        });
        if (p.isError() && p.path.endsWith(QLatin1String(".name")) && isNew) {
            showProblems(tr("Not renamed to “%1”: %2").arg(name, p.text()));
            return false;
        }
    }
    m_areas[row].name = name;
    m_list->item(row)->setText(areaText(m_areas[row]));
    m_list->item(row)->setData(NameRole, name);
    edited();
    return true;
}

void ProductAreasEditor::edited()
{
    showProblems();
    emit changed();
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
