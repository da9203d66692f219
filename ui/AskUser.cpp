#include "AskUser.h"

namespace pulsebook {

namespace {

AskAnswerer& answerer()
{
    static AskAnswerer instance;
    return instance;
}

} // namespace

QMessageBox::StandardButton askUser(QWidget* parent, const QString& title, const QString& text,
                                    QMessageBox::StandardButtons buttons,
                                    QMessageBox::StandardButton defaultButton)
{
    if (answerer())
        return answerer()(title, text);
    return QMessageBox::question(parent, title, text, buttons, defaultButton);
}

void setAskAnswerer(AskAnswerer a)
{
    answerer() = std::move(a);
}

} // namespace pulsebook
