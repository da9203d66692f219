#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QPointer>
#include <QString>

class QAction;

namespace pulsebook {

// One line of the command palette.
struct PaletteItem
{
    enum class Kind { View, Command, Account, User };
    Kind kind = Kind::View;
    QString id;     // the view ID, account ID or user ID; the action's key for a command
    QString text;   // "Go to Overview", "Sync Export Folder…", "Account: Acme Corp (A17)"
    QString detail; // a view's description, a command's shortcut, an account's CSM
    QPointer<QAction> action; // a command's action

    // Stable across sessions: how the palette remembers recent picks ("view:overview").
    QString key() const;
};

// The palette's rows: whole lists in, through a reset (the palette ranks and merges them).
class PaletteModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { DetailRole = Qt::UserRole + 1, KeyRole };

    explicit PaletteModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void setItems(QList<PaletteItem> items);
    const QList<PaletteItem>& items() const { return m_items; }

    // How well `query` matches `text` as a subsequence, ignoring case: -1 when it does not;
    // higher for matches at word starts, runs of adjacent letters and an early first letter.
    static int fuzzyScore(const QString& text, const QString& query);

private:
    QList<PaletteItem> m_items;
};

} // namespace pulsebook
