#include "PageParts.h"

#include <QLabel>
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

} // namespace pulsebook
