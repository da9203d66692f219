#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace pulsebook {

class AppContext;
class View;

// A view the main window can show. Every view registers here, once (ViewRegistry.cpp): the
// sidebar, Ctrl+1..9, the command palette, the history and `--screenshot` all read this list.
struct ViewInfo
{
    QString id;              // stable: history, settings, `--screenshot NAME`
    QString title;           // the sidebar's text
    QString description;     // the palette's second line and the sidebar's tooltip
    QStringList screenshots; // the `--screenshot` names it renders (default: its id)
    bool inSidebar = true;   // false: reached from other views only (first run)
    bool needsWorkspace = true;
    std::function<View*(AppContext*)> create;

    QStringList screenshotNames() const
    {
        return screenshots.isEmpty() ? QStringList{id} : screenshots;
    }
};

// Every view, in sidebar order. Built on first use (after the QApplication, for translations).
const QList<ViewInfo>& viewRegistry();
// The view registered under `id`, or nullptr.
const ViewInfo* findView(const QString& id);
// The view that renders the screenshot `name`, or nullptr.
const ViewInfo* findScreenshot(const QString& name);
// Every `--screenshot` name, in registry order.
QStringList screenshotNames();

} // namespace pulsebook
