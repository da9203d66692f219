#pragma once

#include "View.h"
#include "ViewJob.h"

#include <QSet>
#include <QString>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace pulsebook {

class ResultView;
struct ResultTable;
struct Scope;
struct Snapshot;

// The book of business: the scope's accounts on the scorecard (core/present/BookTable), Red
// first then by renewal, RYG cells with glyph, letter and colour; tiles that count and filter
// (Accounts, Red, Renewing ≤ 90 d, Red and renewing); search (Ctrl+F); a totals row; Enter opens
// the account; export of exactly the rows shown.
class BookView : public View
{
    Q_OBJECT

public:
    enum class Tile { Accounts, Red, Renewing, RedRenewing };

    explicit BookView(AppContext* context, QWidget* parent = nullptr);

    // `argument`: a QVariantMap {"title", "accounts": account IDs} shows only those accounts
    // (a Today tile's list) until Show All; anything else shows every account of the scope.
    void activate(const QVariant& argument) override;

    ResultView* table() const { return m_view; }
    Tile tile() const { return m_tile; }
    void setTile(Tile tile);
    // Whether source row `row` of the table is counted by `tile`.
    bool inTile(Tile tile, int row) const;

    // Computes the book for the context's current snapshot and scope on a worker before the
    // book is opened (Today asks once it is on screen), so that its first switch only draws.
    // Nothing when no snapshot is in, or the same one is already prepared or being prepared.
    static void prefetch(AppContext* context);

    struct Loaded
    {
        std::shared_ptr<const ResultTable> table;
        QString error;
    };
    // The book for `scope` on `snapshot` (on a worker).
    static Loaded compute(const std::shared_ptr<const Snapshot>& snapshot, const Scope& scope);

private:
    void reload() override;
    void show(const Loaded& loaded);
    void updateTiles();
    QString scopeText() const;
    void setOnly(const QString& title, const QStringList& accounts);

    ViewJob<Loaded> m_job;
    quint64 m_reloads = 0; // a prefetched result waited for is shown only for the latest reload
    Tile m_tile = Tile::Accounts;
    QToolButton* m_tiles[4] = {};
    QLineEdit* m_search;
    QPushButton* m_export;
    QLabel* m_status;
    QString m_onlyTitle; // the list shown instead of every account ("" = none)
    QSet<QString> m_only;
    QPushButton* m_showAll;
    ResultView* m_view;
};

} // namespace pulsebook
