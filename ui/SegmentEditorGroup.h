#pragma once

#include "workspace/SegmentDefinition.h"

#include <QFrame>
#include <QList>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace pulsebook {

struct SegmentChoices;
class ValueCompletions;

// A group of the segment editor: "not", all of (and) / any of (or) its rows, each a condition
// (SegmentEditorCondition) or a nested group, with "+ Condition" and "+ Group"; a nested group
// can be removed. The root group is the whole segment.
class SegmentEditorGroup : public QFrame
{
    Q_OBJECT

public:
    SegmentEditorGroup(const SegmentChoices* choices, ValueCompletions* completions, bool root,
                       QWidget* parent = nullptr);

    // Shows `node`: an and / or group (in a Not node: "not" checked), or anything else as the
    // one row of an "all of" group.
    void setNode(const SegmentNode& node);
    // The group: its rows in an and / or node (one row: that row's node), in a Not node when
    // "not" is checked; an and node without children when it has no row.
    SegmentNode node() const;
    QList<QWidget*> focusChain() const;
    void refreshChoices();
    // The rows: conditions and groups, in order.
    const QList<QWidget*>& rows() const { return m_rows; }

    void addCondition();
    void addGroup();

signals:
    // A field changed (not for setNode).
    void changed();
    // Rows were added or removed (the tab order follows them).
    void rowsChanged();
    void removeRequested();

private:
    // Adds the row showing `node`: a condition (negated: "not" checked) or a group.
    QWidget* addRow(const SegmentNode& node);
    void removeRow(QWidget* row);
    void clearRows();
    void updateEmpty();

    const SegmentChoices* m_choices;
    ValueCompletions* m_completions;
    bool m_root;
    QCheckBox* m_not;
    QComboBox* m_kind;
    QPushButton* m_addCondition;
    QPushButton* m_addGroup;
    QToolButton* m_remove = nullptr;
    QLabel* m_empty;
    QVBoxLayout* m_rowsLayout;
    QList<QWidget*> m_rows;
};

} // namespace pulsebook
