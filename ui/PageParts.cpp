#include "PageParts.h"

#include "AppContext.h"

#include <QAction>
#include <QCoreApplication>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
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

QStringList scopeWords(const Scope& scope, const QString& everyone)
{
    QStringList words;
    words << (scope.person.isEmpty() ? everyone : scope.person);
    if (!scope.segment.isEmpty())
        words << scope.segment;
    if (scope.asOf.isValid())
        words << QCoreApplication::translate("pulsebook::PageParts", "as of %1")
                     .arg(QLocale().toString(scope.asOf, QLocale::ShortFormat));
    return words;
}

} // namespace pulsebook
