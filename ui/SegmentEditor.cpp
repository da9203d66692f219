#include "SegmentEditor.h"

#include "SegmentEditorGroup.h"

#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"
#include "analysis/SegmentText.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QTextBlock>
#include <QVBoxLayout>

namespace pulsebook {

SegmentEditor::SegmentEditor(QWidget* parent)
    : QWidget(parent), m_completions(new ValueCompletions(this)), m_scroll(new QScrollArea(this)),
      m_root(new SegmentEditorGroup(&m_choices, m_completions, true)),
      m_text(new QPlainTextEdit(this)), m_errorLabel(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_scroll->setObjectName(QStringLiteral("segmentTree"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setFocusPolicy(Qt::NoFocus);
    auto* holder = new QWidget;
    auto* holderLayout = new QVBoxLayout(holder);
    holderLayout->addWidget(m_root);
    holderLayout->addStretch(1);
    m_scroll->setWidget(holder);
    layout->addWidget(m_scroll, 1);

    auto* textLabel = new QLabel(tr("&Text (as pulsebook-cli segment --where reads it):"), this);
    textLabel->setBuddy(m_text);
    m_text->setObjectName(QStringLiteral("segmentText"));
    m_text->setAccessibleName(tr("The segment as text"));
    m_text->setTabChangesFocus(true);
    m_text->setFixedHeight(m_text->fontMetrics().lineSpacing() * 4 + 2 * m_text->frameWidth() + 8);
    m_errorLabel->setObjectName(QStringLiteral("segmentError"));
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->hide();
    layout->addWidget(textLabel);
    layout->addWidget(m_text);
    layout->addWidget(m_errorLabel);

    connect(m_root, &SegmentEditorGroup::changed, this, &SegmentEditor::widgetsChanged);
    connect(m_root, &SegmentEditorGroup::rowsChanged, this, &SegmentEditor::focusChainChanged);
    connect(m_text, &QPlainTextEdit::textChanged, this, &SegmentEditor::textTyped);
}

void SegmentEditor::setChoices(const SegmentChoices& choices,
                               std::shared_ptr<const EventIndex> index)
{
    m_choices = choices;
    m_completions->setIndex(std::move(index));
    m_root->refreshChoices();
}

void SegmentEditor::setText(const QString& text)
{
    const QSignalBlocker block(this); // not an edit
    m_text->setPlainText(text);
    emit focusChainChanged();
}

QString SegmentEditor::text() const
{
    return m_text->toPlainText();
}

QList<QWidget*> SegmentEditor::focusChain() const
{
    return m_root->focusChain() << m_text;
}

void SegmentEditor::widgetsChanged()
{
    const QString text = SegmentText::format(m_root->node(), m_choices.calendar);
    m_writing = true;
    m_text->setPlainText(text);
    m_writing = false;
    showError(text.isEmpty() ? tr("1:1: add a condition") : QString());
    emit edited();
}

void SegmentEditor::textTyped()
{
    if (m_writing)
        return;
    const QString text = m_text->toPlainText();
    Segment segment;
    QString error;
    if (!SegmentParser::parse(text, &segment, &error, m_choices.calendar)) {
        showError(SegmentText::withLine(text, error));
    } else {
        showError(QString());
        m_root->setNode(segment.root());
        emit focusChainChanged();
    }
    emit edited();
}

void SegmentEditor::showError(const QString& error)
{
    m_error = error;
    m_errorLabel->setVisible(!error.isEmpty());
    m_errorLabel->setText(error.isEmpty() ? QString() : QStringLiteral("✖ ") + error);
    m_errorLabel->setAccessibleName(error.isEmpty() ? QString() : tr("Error: %1").arg(error));
    QList<QTextEdit::ExtraSelection> marks;
    int line = 0, column = 0;
    // The place of the error, underlined: the line:column the message starts with.
    const QStringList parts = error.split(QLatin1Char(':'));
    if (parts.size() >= 3 && (line = parts[0].toInt()) > 0 && (column = parts[1].toInt()) > 0) {
        QTextEdit::ExtraSelection mark;
        QTextCursor cursor(m_text->document()->findBlockByNumber(line - 1));
        cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, column - 1);
        if (!cursor.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor))
            cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor);
        mark.cursor = cursor;
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(QColor(0xD5, 0x5E, 0x00));
        marks << mark;
    }
    m_text->setExtraSelections(marks);
    QPalette palette = m_errorLabel->palette();
    palette.setColor(QPalette::WindowText, QColor(0xD5, 0x5E, 0x00));
    m_errorLabel->setPalette(palette);
}

} // namespace pulsebook
