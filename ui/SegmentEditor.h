#pragma once

#include "SegmentEditorChoices.h"

#include <QWidget>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QScrollArea;

namespace pulsebook {

class SegmentEditorGroup;

// One segment, edited two ways that follow each other: the condition tree built with widgets
// (SegmentEditorGroup, SegmentEditorCondition) and its text in the command line's syntax
// (`pulsebook-cli segment --where`). A change of the widgets writes the text (SegmentText's
// canonical form); typed text rebuilds the widgets when it parses, else its error
// "line:column: reason" shows beside it, the place underlined, and the widgets stay.
class SegmentEditor : public QWidget
{
    Q_OBJECT

public:
    explicit SegmentEditor(QWidget* parent = nullptr);

    // What the widgets offer (a new snapshot); the segment shown stays.
    void setChoices(const SegmentChoices& choices, std::shared_ptr<const EventIndex> index);
    const SegmentChoices& choices() const { return m_choices; }
    // Shows `text`: the text view holds it as given, the widgets what it says.
    void setText(const QString& text);
    // The text view's text.
    QString text() const;
    // The text parses (the widgets show it); else error() is "line:column: reason".
    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

    SegmentEditorGroup* root() const { return m_root; }
    QPlainTextEdit* textEdit() const { return m_text; }
    // The widgets Tab reaches, in reading order: the tree's, then the text.
    QList<QWidget*> focusChain() const;

signals:
    // The user changed the segment (widgets or text).
    void edited();
    // Rows were added or removed: the tab order must follow.
    void focusChainChanged();

private:
    void widgetsChanged();
    void textTyped();
    void showError(const QString& error);

    SegmentChoices m_choices;
    ValueCompletions* m_completions;
    QScrollArea* m_scroll;
    SegmentEditorGroup* m_root;
    QPlainTextEdit* m_text;
    QLabel* m_errorLabel;
    QString m_error;
    bool m_writing = false; // the widgets are writing the text
};

} // namespace pulsebook
