#pragma once

#include "View.h"
#include "ViewJob.h"

#include "analysis/Today.h"

#include <memory>

class QLabel;
class QToolButton;

namespace pulsebook {

class ResultView;
struct ResultTable;

// The home view: what needs this CSM now (core/analysis/Today, the twin of `pulsebook-cli
// today`). A tile per kind with its count and its change over 30 days opens the accounts it
// counts in the book; the lines below, grouped by kind, open their account (Enter or a double
// click). Obeys the scope bar.
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

private:
    struct Loaded
    {
        TodayResult result;
        std::shared_ptr<const ResultTable> lines;
        QString error;
    };

    void reload() override;
    void show(Loaded loaded);
    void openLine(int row);

    ViewJob<Loaded> m_job;
    TodayResult m_result;
    QLabel* m_title;
    QLabel* m_status;
    QToolButton* m_tiles[TodayKindCount] = {};
    ResultView* m_lines;
};

} // namespace pulsebook
