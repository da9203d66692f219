#include "SegmentEditorGroup.h"

#include "SegmentEditorCondition.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace pulsebook {

namespace {

using Kind = SegmentNode::Kind;

bool isCondition(const SegmentNode& node)
{
    return node.kind == Kind::Property || node.kind == Kind::Did || node.kind == Kind::InSegment;
}

} // namespace

SegmentEditorGroup::SegmentEditorGroup(const SegmentChoices* choices, ValueCompletions* completions,
                                       bool root, QWidget* parent)
    : QFrame(parent), m_choices(choices), m_completions(completions), m_root(root),
      m_not(segmentRowNot(tr("not"), "groupNot", tr("Not: the group must not hold"), this)),
      m_kind(new QComboBox(this)), m_addCondition(new QPushButton(tr("+ Condition"), this)),
      m_addGroup(new QPushButton(tr("+ Group"), this)),
      m_empty(new QLabel(tr("No condition yet: add one."), this)), m_rowsLayout(new QVBoxLayout)
{
    setObjectName(root ? QStringLiteral("segmentRoot") : QStringLiteral("segmentGroup"));
    if (!root)
        setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(this);
    if (root)
        layout->setContentsMargins(0, 0, 0, 0);
    auto* header = new QHBoxLayout;
    m_kind->setObjectName(QStringLiteral("groupKind"));
    m_kind->setAccessibleName(tr("Users matching all or any of the rows"));
    m_kind->addItem(tr("All of (and)"), int(Kind::And));
    m_kind->addItem(tr("Any of (or)"), int(Kind::Or));
    m_addCondition->setObjectName(QStringLiteral("groupAddCondition"));
    m_addCondition->setAccessibleName(tr("Add a condition to this group"));
    m_addGroup->setObjectName(QStringLiteral("groupAddGroup"));
    m_addGroup->setAccessibleName(tr("Add a group inside this group"));
    for (QPushButton* b : {m_addCondition, m_addGroup})
        b->setAutoDefault(false);
    header->addWidget(m_not);
    header->addWidget(m_kind);
    header->addStretch(1);
    header->addWidget(m_addCondition);
    header->addWidget(m_addGroup);
    if (!root) {
        m_remove = segmentRowRemove("groupRemove", tr("Remove this group"), this);
        header->addWidget(m_remove);
        connect(m_remove, &QToolButton::clicked, this, &SegmentEditorGroup::removeRequested);
    }
    layout->addLayout(header);
    m_empty->setObjectName(QStringLiteral("groupEmpty"));
    m_rowsLayout->setContentsMargins(fontMetrics().height() * 3 / 2, 0, 0, 0);
    m_rowsLayout->addWidget(m_empty);
    layout->addLayout(m_rowsLayout);

    connect(m_not, &QCheckBox::toggled, this, &SegmentEditorGroup::changed);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &SegmentEditorGroup::changed);
    connect(m_addCondition, &QPushButton::clicked, this, &SegmentEditorGroup::addCondition);
    connect(m_addGroup, &QPushButton::clicked, this, &SegmentEditorGroup::addGroup);
    updateEmpty();
}

void SegmentEditorGroup::setNode(const SegmentNode& node)
{
    const SegmentNode* n = &node;
    bool negated = false;
    if (n->kind == Kind::Not && !n->children.empty()) {
        negated = true;
        n = &n->children.front();
    }
    QSignalBlocker blockNot(m_not);
    QSignalBlocker blockKind(m_kind);
    clearRows();
    m_not->setChecked(negated);
    if (n->kind == Kind::And || n->kind == Kind::Or) {
        m_kind->setCurrentIndex(m_kind->findData(int(n->kind)));
        for (const SegmentNode& child : n->children)
            addRow(child);
    } else {
        m_kind->setCurrentIndex(0);
        addRow(*n);
    }
    updateEmpty();
}

SegmentNode SegmentEditorGroup::node() const
{
    SegmentNode group;
    group.kind = Kind(m_kind->currentData().toInt());
    for (QWidget* row : m_rows) {
        if (auto* c = qobject_cast<SegmentEditorCondition*>(row))
            group.children.push_back(c->node());
        else
            group.children.push_back(static_cast<SegmentEditorGroup*>(row)->node());
    }
    SegmentNode content =
        group.children.size() == 1 ? SegmentNode(group.children.front()) : std::move(group);
    if (!m_not->isChecked())
        return content;
    SegmentNode negated;
    negated.kind = Kind::Not;
    negated.children.push_back(std::move(content));
    return negated;
}

QList<QWidget*> SegmentEditorGroup::focusChain() const
{
    QList<QWidget*> chain{m_not, m_kind, m_addCondition, m_addGroup};
    if (m_remove)
        chain << m_remove;
    for (QWidget* row : m_rows) {
        if (auto* c = qobject_cast<SegmentEditorCondition*>(row))
            chain << c->focusChain();
        else
            chain << static_cast<SegmentEditorGroup*>(row)->focusChain();
    }
    return chain;
}

void SegmentEditorGroup::refreshChoices()
{
    for (QWidget* row : std::as_const(m_rows)) {
        if (auto* c = qobject_cast<SegmentEditorCondition*>(row))
            c->refreshChoices();
        else
            static_cast<SegmentEditorGroup*>(row)->refreshChoices();
    }
}

void SegmentEditorGroup::addCondition()
{
    auto* row = new SegmentEditorCondition(m_choices, m_completions, this);
    m_rows.append(row);
    m_rowsLayout->addWidget(row);
    connect(row, &SegmentEditorCondition::changed, this, &SegmentEditorGroup::changed);
    connect(row, &SegmentEditorCondition::removeRequested, this, [this, row] { removeRow(row); });
    updateEmpty();
    emit rowsChanged();
    emit changed();
    row->focusChain().value(1)->setFocus(Qt::OtherFocusReason);
}

void SegmentEditorGroup::addGroup()
{
    SegmentNode empty; // an "all of" group with one new condition
    auto* row = static_cast<SegmentEditorGroup*>(addRow(empty));
    row->clearRows();
    row->addCondition();
    updateEmpty();
    emit rowsChanged();
    emit changed();
    row->m_kind->setFocus(Qt::OtherFocusReason);
}

QWidget* SegmentEditorGroup::addRow(const SegmentNode& node)
{
    QWidget* row = nullptr;
    const bool negatedCondition =
        node.kind == Kind::Not && !node.children.empty() && isCondition(node.children.front());
    if (isCondition(node) || negatedCondition) {
        auto* c = new SegmentEditorCondition(m_choices, m_completions, this);
        c->setNode(negatedCondition ? node.children.front() : node, negatedCondition);
        connect(c, &SegmentEditorCondition::changed, this, &SegmentEditorGroup::changed);
        connect(c, &SegmentEditorCondition::removeRequested, this, [this, c] { removeRow(c); });
        row = c;
    } else {
        auto* g = new SegmentEditorGroup(m_choices, m_completions, false, this);
        g->setNode(node);
        connect(g, &SegmentEditorGroup::changed, this, &SegmentEditorGroup::changed);
        connect(g, &SegmentEditorGroup::rowsChanged, this, &SegmentEditorGroup::rowsChanged);
        connect(g, &SegmentEditorGroup::removeRequested, this, [this, g] { removeRow(g); });
        row = g;
    }
    m_rows.append(row);
    m_rowsLayout->addWidget(row);
    return row;
}

void SegmentEditorGroup::removeRow(QWidget* row)
{
    const qsizetype at = m_rows.indexOf(row);
    if (at < 0)
        return;
    m_rows.removeAt(at);
    // Its own button may be what asked: out of the tree now, deleted once that returns.
    row->hide();
    row->setParent(nullptr);
    row->deleteLater();
    updateEmpty();
    emit rowsChanged();
    emit changed();
    // Focus stays near: the next row's first field, else this group's "+ Condition".
    if (at < m_rows.size()) {
        QWidget* next = m_rows[at];
        auto* c = qobject_cast<SegmentEditorCondition*>(next);
        QList<QWidget*> chain =
            c ? c->focusChain() : static_cast<SegmentEditorGroup*>(next)->focusChain();
        chain.value(0)->setFocus(Qt::OtherFocusReason);
    } else {
        m_addCondition->setFocus(Qt::OtherFocusReason);
    }
}

void SegmentEditorGroup::clearRows()
{
    qDeleteAll(m_rows);
    m_rows.clear();
}

void SegmentEditorGroup::updateEmpty()
{
    m_empty->setVisible(m_rows.isEmpty());
}

} // namespace pulsebook
