#pragma once

#include "View.h"
#include "ViewJob.h"

#include "analysis/Timeline.h"
#include "present/ResultTable.h"

#include <QList>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QToolButton;
class QTreeView;
class QHBoxLayout;
class QModelIndex;

namespace pulsebook {

class ResultView;
class TimelineModel;
struct TimelineTexts;

// What the user view shows, made on a worker from the snapshot (core's Timeline and
// TimelineTables: what `pulsebook-cli timeline` prints).
struct TimelineData
{
    QString error;
    QString title; // "diego@example.com (100001)"
    QString accountId, accountName, csm;
    QString timeZone;
    std::shared_ptr<const Timeline> timeline;
    std::shared_ptr<const ResultTable> card, sessions, events;
    std::shared_ptr<const TimelineTexts> texts; // the tree's cells
};

// One user's history (docs/definitions.md, "User timeline"): the card with its properties
// (searchable), the account as a link and the CSM; the sessions as a tree expanding to their
// events; the selected row's detail; chips of the most frequent events that highlight where
// they occur; "Go to date/time…" (Ctrl+G); a from/to range (the whole history by default).
// Opened with navigate("user", USER_ID); follows the data and the scope bar's as-of.
class TimelineView : public View
{
    Q_OBJECT

public:
    explicit TimelineView(AppContext* context, QWidget* parent = nullptr);

    void activate(const QVariant& argument) override;
    bool prepareScreenshot(const QString& name, QString* error) override;

    const TimelineData& data() const { return m_data; }
    TimelineModel* model() const { return m_model; }
    QTreeView* tree() const { return m_tree; }
    // Goes to the typed time (as the CLI's --at reads it); false with the reason shown.
    bool goToTime(const QString& text);

private:
    void reload() override;
    void show(const TimelineData& data);
    void showChips();
    void showDetail(const QModelIndex& current);
    void fitColumns();
    void openGoTo();
    void copyTree() const;

    QString m_requested; // the user asked for; "" picks the most active (the screenshot)
    bool m_screenshot = false;
    bool m_sized = false; // the panes' first widths are set
    TimelineData m_data;
    ViewJob<TimelineData> m_job;

    TimelineModel* m_model;
    QLabel* m_title;
    QLabel* m_status;
    QLineEdit* m_from;
    QLineEdit* m_to;
    QPushButton* m_wholeHistory;
    QPushButton* m_goToButton;
    QWidget* m_goToBar;
    QLineEdit* m_goToEdit;
    QLabel* m_goToResult;
    QPushButton* m_account;
    QLabel* m_csm;
    QLineEdit* m_cardSearch;
    ResultView* m_card;
    QScrollArea* m_chipScroll;
    QHBoxLayout* m_chipRow;
    QList<QToolButton*> m_chips;
    QTabWidget* m_tabs;
    QSplitter* m_splitter;
    QStackedWidget* m_stack;
    QTreeView* m_tree;
    QLabel* m_empty;
    ResultView* m_sessions;
    ResultView* m_events;
    QPushButton* m_export;
    ResultView* m_detail;
};

} // namespace pulsebook
