#include "EventPicker.h"

#include "EventListModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace pulsebook {

EventPicker::EventPicker(const QString& name, const QString& subject, QWidget* parent)
    : QWidget(parent), m_model(new EventListModel(this)), m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(name + QStringLiteral("Picker"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* findRow = new QHBoxLayout;
    auto* findLabel = new QLabel(tr("&Find:"), this);
    m_find = new QLineEdit(this);
    m_find->setObjectName(name + QStringLiteral("Find"));
    m_find->setPlaceholderText(tr("An event name, or a new one to add"));
    m_find->setClearButtonEnabled(true);
    m_find->setAccessibleName(tr("Find an event for the %1").arg(subject));
    findLabel->setBuddy(m_find);
    m_add = new QPushButton(tr("Add"), this);
    m_add->setObjectName(name + QStringLiteral("Add"));
    m_add->setToolTip(tr("Add the name typed in Find to the %1, even if the data does not have it "
                         "yet (a feature about to launch)")
                          .arg(subject));
    findRow->addWidget(findLabel);
    findRow->addWidget(m_find, 1);
    findRow->addWidget(m_add);
    layout->addLayout(findRow);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(EventListModel::SortRole);
    m_proxy->setFilterKeyColumn(EventListModel::Name);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view = new QTreeView(this);
    m_view->setObjectName(name + QStringLiteral("Events"));
    m_view->setAccessibleName(tr("Events of the data: check those of the %1").arg(subject));
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(EventListModel::Events, Qt::DescendingOrder);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(EventListModel::Name, QHeaderView::Interactive);
    layout->addWidget(m_view, 1);
    setFocusProxy(m_find);

    connect(m_find, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateAdd();
    });
    connect(m_find, &QLineEdit::returnPressed, this, [this] {
        if (m_add->isEnabled())
            add();
        else if (m_proxy->rowCount() > 0)
            m_view->setFocus();
    });
    connect(m_add, &QPushButton::clicked, this, &EventPicker::add);
    connect(m_model, &EventListModel::checkedChanged, this, &EventPicker::updateAdd);
    connect(m_model, &EventListModel::modelReset, this, [this] {
        updateAdd();
        const int padding = m_view->fontMetrics().averageCharWidth() * 2;
        for (int c = 0; c < EventListModel::Note; ++c) {
            m_view->resizeColumnToContents(c);
            m_view->setColumnWidth(c, m_view->columnWidth(c) + padding);
        }
        m_view->setColumnWidth(EventListModel::Name,
                               std::min(m_view->columnWidth(EventListModel::Name),
                                        m_view->fontMetrics().averageCharWidth() * 40));
    });
    updateAdd();
}

void EventPicker::updateAdd()
{
    const QString text = m_find->text().trimmed();
    m_add->setEnabled(!text.isEmpty() && !m_model->checked().contains(text));
    m_add->setText(text.isEmpty() || m_model->rowOf(text) >= 0 ? tr("Add")
                                                               : tr("Add as a New Name"));
}

void EventPicker::add()
{
    const QString text = m_find->text().trimmed();
    if (text.isEmpty())
        return;
    m_model->addName(text);
    m_find->clear();
    const int row = m_model->rowOf(text);
    const QModelIndex at = m_proxy->mapFromSource(m_model->index(row, EventListModel::Name));
    m_view->setCurrentIndex(at);
    m_view->scrollTo(at);
}

} // namespace pulsebook
