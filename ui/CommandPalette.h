#pragma once

#include "PaletteModel.h"
#include "analysis/QuickFind.h"

#include <QFrame>
#include <QPointer>
#include <QVariant>

class QLabel;
class QLineEdit;
class QListView;
class QMainWindow;

namespace pulsebook {

class AppContext;
class QuickFinder;

// Ctrl+K: a frame at the top centre of the main window (a child, not a window of its own) with
// a line edit over a list. It finds views ("Go to …"), the window's menu commands (enabled ones,
// with their shortcuts), and the workspace's accounts (by name or ID) and users (by ID or
// e-mail, through QuickFinder, off the GUI thread). Views and commands match fuzzily (a
// subsequence, ranked); recent picks come first. Up/Down in the line edit move in the list,
// Enter activates, Esc closes and gives the focus back.
class CommandPalette : public QFrame
{
    Q_OBJECT

public:
    CommandPalette(QMainWindow* window, AppContext* context);
    ~CommandPalette() override;

    // Shows the palette, empty, with the focus in its line edit.
    void open();
    // Hides it and gives the focus back to the widget that had it.
    void close();

    // At most this many accounts and this many users per query.
    static constexpr int MaxHits = 6;

signals:
    // A view was picked ("Go to …", or an account's or user's page when one is registered).
    void viewRequested(const QString& id, const QVariant& argument);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateItems();
    void onFound(const pulsebook::QuickFindResult& result);
    void activate(const QModelIndex& index);
    QList<PaletteItem> commands() const;
    void place();
    QStringList recent() const;
    void remember(const PaletteItem& item);

    QMainWindow* m_window;
    AppContext* m_context;
    QLineEdit* m_edit;
    QListView* m_list;
    QLabel* m_status;
    PaletteModel* m_model;
    QuickFinder* m_finder;
    QuickFindResult m_hits;
    QPointer<QWidget> m_previousFocus;
};

} // namespace pulsebook
