#pragma once

#include <QString>
#include <QStringList>

#include <functional>

class QLabel;
class QLineEdit;
class QWidget;

namespace pulsebook {

class ResultView;
struct Scope;

// Pieces every view's page is made of, so that they look the same everywhere.

// The page's title: bold, 1.4 times the font, selectable.
QLabel* pageTitle(const QString& text, const QString& objectName, QWidget* parent);
// A titled part of a page in a new box under `parent`: a bold label (the buddy of `content`,
// so its mnemonic reaches it), `extra` below it when given, then `content`, which fills the box.
QWidget* titledSection(const QString& title, QWidget* content, QWidget* parent,
                       QWidget* extra = nullptr);
// A table of a page: its hidden columns remembered under `settingsKey`, found by `objectName`,
// announced as `accessibleName`.
ResultView* namedResultView(const QString& settingsKey, const QString& objectName,
                            const QString& accessibleName, QWidget* parent);
// What the scope bar filters by, for titles and exports: "Maya Patel", "Trial users",
// "as of 3/1/26" ("all accounts" when no person is chosen).
QStringList scopeParts(const Scope& scope);

// Sets up a page's search field (object and accessible names, placeholder, clear button) and
// Ctrl+F anywhere in `page` to focus it with its text selected.
void setUpSearchField(QLineEdit* field, QWidget* page, const QString& objectName,
                      const QString& placeholder, const QString& accessibleName);

// Alt+Up / Alt+Down on `list` (while it has the focus) call `move` with -1 / +1: moving the
// current item of an ordered list (the onboarding steps, an activation funnel).
void addMoveKeys(QWidget* list, const std::function<void(int)>& move);

} // namespace pulsebook
