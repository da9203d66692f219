#include "PageParts.h"

#include "AppContext.h"
#include "ResultView.h"

#include <QAction>
#include <QCoreApplication>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QShortcut>
#include <QTreeView>
#include <QVBoxLayout>

namespace pulsebook {

QLabel* pageTitle(const QString& text, const QString& objectName, QWidget* parent)
{
    auto* title = new QLabel(text, parent);
    title->setObjectName(objectName);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    title->setFont(font);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return title;
}

QWidget* titledSection(const QString& title, QWidget* content, QWidget* parent, QWidget* extra)
{
    auto* box = new QWidget(parent);
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 6, 0, 0);
    auto* label = new QLabel(title, box);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    label->setBuddy(content);
    v->addWidget(label);
    if (extra) {
        extra->setParent(box);
        v->addWidget(extra);
    }
    content->setParent(box);
    v->addWidget(content, 1);
    return box;
}

void setUpSearchField(QLineEdit* field, QWidget* page, const QString& objectName,
                      const QString& placeholder, const QString& accessibleName)
{
    field->setObjectName(objectName);
    field->setPlaceholderText(placeholder);
    field->setAccessibleName(accessibleName);
    field->setClearButtonEnabled(true);
    auto* find = new QAction(QCoreApplication::translate("pulsebook::PageParts", "Find"), page);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(find, &QAction::triggered, field, [field] {
        field->setFocus(Qt::ShortcutFocusReason);
        field->selectAll();
    });
    page->addAction(find);
}

ResultView* namedResultView(const QString& settingsKey, const QString& objectName,
                            const QString& accessibleName, QWidget* parent)
{
    auto* view = new ResultView(settingsKey, parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->tree()->setAccessibleName(accessibleName);
    return view;
}

QStringList scopeParts(const Scope& scope)
{
    const auto tr = [](const char* text) {
        return QCoreApplication::translate("pulsebook::PageParts", text);
    };
    QStringList parts;
    parts << (scope.person.isEmpty() ? tr("all accounts") : scope.person);
    if (!scope.segment.isEmpty())
        parts << scope.segment;
    if (scope.asOf.isValid())
        parts << tr("as of %1").arg(QLocale().toString(scope.asOf, QLocale::ShortFormat));
    return parts;
}

void addMoveKeys(QWidget* list, const std::function<void(int)>& move)
{
    for (const auto& [key, by] : {std::pair{Qt::Key_Up, -1}, std::pair{Qt::Key_Down, 1}}) {
        auto* shortcut = new QShortcut(QKeySequence(Qt::ALT | key), list);
        shortcut->setContext(Qt::WidgetShortcut);
        QObject::connect(shortcut, &QShortcut::activated, list, [move, by = by] { move(by); });
    }
}

} // namespace pulsebook
