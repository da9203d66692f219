#pragma once

#include "View.h"
#include "ViewJob.h"

#include <QString>

#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;

namespace pulsebook {

class ResultView;
struct ResultTable;

// Onboarding: the scope's accounts with users onboarded / users and the onboarding rate (worst
// first), and the users who have not finished (Any: a step missing; All: every step missing);
// the selected account's users with ✔/✖ per step and the date each was first done. "Export
// users who have not finished…" writes that list for the scope (a CSM's: pick them in the
// scope bar, then this button). Core's runOnboarding and onboardingStepsDone, the tables
// `pulsebook-cli onboarding --by account / --by user / --account ID` print.
class OnboardingView : public View
{
    Q_OBJECT

public:
    explicit OnboardingView(AppContext* context, QWidget* parent = nullptr);

    void activate(const QVariant& argument) override;
    bool prepareScreenshot(const QString& name, QString* error) override;

    ResultView* accounts() const { return m_accounts; }
    ResultView* gaps() const { return m_gaps; }
    ResultView* steps() const { return m_steps; }
    // Any (users missing a step) or All (users missing every step).
    bool everyStep() const;
    void setEveryStep(bool every);
    // Shows the users of this account (by ID) below the accounts.
    void showAccount(const QString& accountId);
    QString shownAccount() const { return m_accountId; }

private:
    struct Loaded
    {
        std::shared_ptr<const ResultTable> accounts, gaps;
        QString summary;
        QString error;
        bool noSteps = false;
    };
    struct AccountSteps
    {
        QString accountId;
        QString title; // "Kestrel (K1)"
        std::shared_ptr<const ResultTable> table;
        QString error;
    };

    void reload() override;
    void show(const Loaded& loaded);
    void showSteps(const AccountSteps& steps);
    // ready() once the accounts are on screen and no account's users are loading.
    void readyWhenIdle();
    QString scopeText() const;

    ViewJob<Loaded> m_job;
    ViewJob<AccountSteps> m_stepsJob;
    QComboBox* m_mode;
    QLabel* m_summary;
    QPushButton* m_export;
    QPushButton* m_define;
    QTabWidget* m_tabs;
    ResultView* m_accounts;
    ResultView* m_gaps;
    QLabel* m_stepsTitle;
    ResultView* m_steps;
    QString m_accountId; // the account whose users are shown; "" = none
    // The newest request of each job is out (ViewJob drops older results without a word).
    bool m_loading = false;
    bool m_stepsLoading = false;
    bool m_shown = false;       // the accounts of the current data are on screen
    bool m_selectFirst = false; // select the first account once they are
};

} // namespace pulsebook
