#pragma once

#include "AccountPageData.h"
#include "View.h"
#include "ViewJob.h"

#include <memory>

class QLabel;
class QTabWidget;

namespace pulsebook {

class ContributionBars;
class PolledProgress;
class ResultView;
class WeeklyChart;

// One account in depth (docs/definitions.md, "Account page"): the header, the grouped
// scorecard measures, the health contributions by drag, the users, weekly active users and
// what changed. Opened with navigate("account", ACCOUNT_ID); follows the scope bar. The work
// runs on a worker; a newer request cancels an older one and stale results are dropped.
class AccountView : public View
{
    Q_OBJECT

public:
    explicit AccountView(AppContext* context, QWidget* parent = nullptr);
    ~AccountView() override;

    void activate(const QVariant& argument) override;
    // The account on screen ("" before the first result).
    QString accountId() const { return m_data.accountId; }
    const AccountPageData& data() const { return m_data; }

private:
    void reload();
    void show(const AccountPageData& data);
    void showHeader(const ResultTable& header);
    void openUser(int sourceRow);

    QString m_requested; // the account asked for; "" picks one (the screenshot)
    AccountPageData m_data;
    ViewJob<AccountPageData> m_job;
    std::shared_ptr<PolledProgress> m_progress; // the running request's, to cancel it
    bool m_stale = false;                       // the scope or the data changed since the last run

    QLabel* m_title;
    QLabel* m_status;
    QLabel* m_health;
    QLabel* m_trend;
    QLabel* m_renewal;
    QLabel* m_message;
    ResultView* m_measures;
    QLabel* m_drag;
    ContributionBars* m_bars;
    ResultView* m_users;
    QTabWidget* m_weeklyTabs;
    WeeklyChart* m_chart;
    ResultView* m_weeks;
    ResultView* m_moves;
};

} // namespace pulsebook
