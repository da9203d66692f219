#pragma once

#include "View.h"
#include "ViewJob.h"

#include "analysis/Today.h"

#include <memory>

class QLabel;
class QStyledItemDelegate;
class QToolButton;

namespace pulsebook {

class ResultView;
struct ResultTable;
struct Scope;

// The home view: what needs this CSM now (core/analysis/Today, the twin of `pulsebook-cli
// today`). A tile per kind with its count and its change over 30 days opens the accounts it
// counts in the book; the lines below, grouped by kind, open their account (Enter or a double
// click). Obeys the scope bar. At launch, before the event index is read, it shows the result
// stored for exactly the same data, definitions and scope (TodayStore), if there is one; once
// Today is on screen it has the book's table prepared on a worker (BookView::prefetch).
class TodayView : public View
{
    Q_OBJECT

public:
    explicit TodayView(AppContext* context, QWidget* parent = nullptr);

    void activate(const QVariant& argument) override;

    ResultView* lines() const { return m_lines; }
    QToolButton* tile(TodayKind kind) const { return m_tiles[int(kind)]; }
    // The last result shown (empty until one landed).
    const TodayResult& result() const { return m_result; }
    // Opens the list a tile counts: the book, filtered to its accounts.
    void openTile(TodayKind kind);
    // Whether the result on screen is the stored one (TodayStore), not computed in this run.
    bool isShowingStored() const { return m_showingStored; }

signals:
    // The stored result was looked for before the data was read: `used` when it matched and
    // is on screen.
    void storedResultChecked(bool used);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Loaded
    {
        TodayResult result;
        std::shared_ptr<const ResultTable> lines;
        QString error;
        QByteArray key;      // TodayStore::key() of the inputs; empty: none
        bool stored = false; // read from the store (a miss has no lines)
        QString path;        // the workspace, to store a computed result for
    };

    void reload() override;
    // Before the data is in: the stored result for the scope, when its key matches.
    void readStored(const Scope& scope);
    void show(Loaded loaded);
    void openLine(int row);
    void prefetchBook();
    // The "line" column takes the view's free width; its text wraps there.
    void fitLineColumn();

    ViewJob<Loaded> m_job;
    TodayResult m_result;
    QByteArray m_shownKey; // the key of the result on screen
    bool m_showingStored = false;
    bool m_settingTable = false;
    QString m_statusText;
    QLabel* m_title;
    QLabel* m_status;
    QToolButton* m_tiles[TodayKindCount] = {};
    ResultView* m_lines;
    QStyledItemDelegate* m_lineDelegate;
};

} // namespace pulsebook
