#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace pulsebook {

// Pieces every view's page is made of, so that they look the same everywhere.

// The page's title: bold, 1.4 times the font, selectable.
QLabel* pageTitle(const QString& text, const QString& objectName, QWidget* parent);
// A titled part of a page in a new box under `parent`: a bold label (the buddy of `content`,
// so its mnemonic reaches it), `extra` below it when given, then `content`, which fills the box.
QWidget* titledSection(const QString& title, QWidget* content, QWidget* parent,
                       QWidget* extra = nullptr);

} // namespace pulsebook
