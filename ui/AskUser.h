#pragma once

#include <QMessageBox>

#include <functional>

namespace pulsebook {

// A question with standard buttons ("Save changes to …?" Save / Discard / Cancel), asked in a
// message box; tests answer it through setAskAnswerer instead (a seam, not an offscreen branch).
QMessageBox::StandardButton askUser(QWidget* parent, const QString& title, const QString& text,
                                    QMessageBox::StandardButtons buttons,
                                    QMessageBox::StandardButton defaultButton);

// Answers every askUser() while set (null: the message box again). Gets the title and text.
using AskAnswerer =
    std::function<QMessageBox::StandardButton(const QString& title, const QString& text)>;
void setAskAnswerer(AskAnswerer answerer);

} // namespace pulsebook
