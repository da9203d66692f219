#pragma once

#include "workspace/SegmentDefinition.h"

#include <QList>
#include <QVariantList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace pulsebook {

struct SegmentChoices;
class ValueCompletions;

// One condition of the segment editor, on one line: "not", what kind (a property, an event
// done or not done, another segment), then its fields:
//   property: the user or account property, the operator, the value (completed from the data);
//   event: has done / has not done, the event (with its count), at least N times, ever /
//     within the last N hours, days or weeks / between two dates;
//   segment: the saved segment.
// A value, a window or a date the user did not edit keeps what the text said (its type, its
// exact duration or instant), so text -> widgets -> text gives the same text.
class SegmentEditorCondition : public QWidget
{
    Q_OBJECT

public:
    SegmentEditorCondition(const SegmentChoices* choices, ValueCompletions* completions,
                           QWidget* parent = nullptr);

    // Shows `node` (a property, did or in-segment node), with "not" checked when `negated`.
    void setNode(const SegmentNode& node, bool negated);
    // The condition, in a Not node when "not" is checked.
    SegmentNode node() const;
    // The widgets Tab reaches, in reading order.
    QList<QWidget*> focusChain() const;
    // The choices changed (a new snapshot): the lists are filled again, the selection kept.
    void refreshChoices();

signals:
    void changed();
    void removeRequested();

private:
    enum Page { PropertyPage, EventPage, SegmentPage };
    static constexpr int PageCount = 3;

    QWidget* propertyPage();
    QWidget* eventPage();
    void fillEvents();
    void fillProperties();
    void fillSegments();
    void updateFields();
    void connectCompleter();
    // The value field's text as values: numbers bare, the rest as text, a list for "in".
    void readValueText();
    void readWithin();

    const SegmentChoices* m_choices;
    ValueCompletions* m_completions;
    bool m_filling = false; // setNode fills the fields: no changed() for that

    QCheckBox* m_not;
    QComboBox* m_kind;
    QWidget* m_pages[PageCount] = {};
    QComboBox* m_property;
    QComboBox* m_op;
    QLineEdit* m_value;
    QComboBox* m_did;
    QComboBox* m_event;
    QSpinBox* m_atLeast;
    QComboBox* m_window;
    QSpinBox* m_withinCount;
    QComboBox* m_withinUnit;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QComboBox* m_segment;
    QToolButton* m_remove;

    QVariantList m_values;
    qint64 m_atLeastCount = 1;
    qint64 m_withinMs = 30 * 86400000LL;
    qint64 m_fromMs = -1;
    qint64 m_toMs = -1;
};

// The controls at the two ends of a row of the segment editor, a condition's or a group's: the
// "not" box (showing `text`) and the ✕ that removes the row (`text` is its tooltip), named for
// tests and screen readers.
QCheckBox* segmentRowNot(const QString& text, const char* objectName, const QString& accessibleName,
                         QWidget* parent);
QToolButton* segmentRowRemove(const char* objectName, const QString& text, QWidget* parent);

} // namespace pulsebook
