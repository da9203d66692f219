#include "View.h"

namespace pulsebook {

View::View(AppContext* context, QWidget* parent) : QWidget(parent), m_context(context) {}

void View::activate(const QVariant& argument)
{
    Q_UNUSED(argument);
}

bool View::prepareScreenshot(const QString& name, QString* error)
{
    Q_UNUSED(name);
    Q_UNUSED(error);
    if (m_ready)
        emit ready();
    return true;
}

void View::setLoading()
{
    m_ready = false;
}

void View::setReady()
{
    m_ready = true;
    emit ready();
}

} // namespace pulsebook
