#pragma once

#include <QString>
#include <QStringList>

class QLabel;
class QLineEdit;
class QWidget;

namespace pulsebook {

struct Scope;

// Pieces every view's page is made of, so that they look the same everywhere.

// The page's title: bold, 1.4 times the font, selectable.
QLabel* pageTitle(const QString& text, const QString& objectName, QWidget* parent);
// A titled part of a page in a new box under `parent`: a bold label (the buddy of `content`,
// so its mnemonic reaches it), `extra` below it when given, then `content`, which fills the box.
QWidget* titledSection(const QString& title, QWidget* content, QWidget* parent,
                       QWidget* extra = nullptr);

// Sets up a page's search field (object and accessible names, placeholder, clear button) and
// Ctrl+F anywhere in `page` to focus it with its text selected.
void setUpSearchField(QLineEdit* field, QWidget* page, const QString& objectName,
                      const QString& placeholder, const QString& accessibleName);

// The scope bar's choices in words, for what an export says it writes: the person (else
// `everyone`, "all accounts"), the segment, "as of 11/1/26".
QStringList scopeWords(const Scope& scope, const QString& everyone);

} // namespace pulsebook
