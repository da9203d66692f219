#include "View.h"

#include "AppContext.h"

#include <QLabel>

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

bool View::confirmLeave(const std::function<void()>& proceed)
{
    Q_UNUSED(proceed);
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

void View::followDataAndScope()
{
    auto stale = [this] {
        m_stale = true;
        if (isVisible())
            reload();
    };
    connect(m_context, &AppContext::snapshotChanged, this, stale);
    connect(m_context, &AppContext::scopeChanged, this, stale);
}

void View::reloadIfStale()
{
    if (m_stale)
        reload();
}

void View::reload() {}

std::shared_ptr<const Snapshot> View::beginReload(QWidget* greyed, QLabel* status)
{
    std::shared_ptr<const Snapshot> snapshot = m_context->snapshot();
    if (!snapshot)
        return nullptr;
    m_stale = false;
    setLoading();
    greyed->setEnabled(false);
    status->setText(tr("Updating…"));
    return snapshot;
}

} // namespace pulsebook
