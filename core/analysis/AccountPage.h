#pragma once

#include "Scorecard.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace pulsebook {

// docs/definitions.md, "Account page": one account in depth, as of context.asOfMs.

// A scorecard column of the account, in the definition's order within its group.
struct AccountMeasure
{
    QString group;  // "Account" (a CRM field of accounts.csv) or "Usage" (from the events)
    int column = 0; // index into ScorecardDefinition::columns
    ScorecardCell cell;
};

// One of the account's users in the filter (the usage rollup and the onboarding gaps).
struct AccountUser
{
    int user = -1;
    qint64 sessions30 = 0;
    qint64 sessions90 = 0;
    qint64 lastSeenMs = -1; // latest session start before as_of (the rollup's); -1: never
    int stepsDone = 0;      // onboarding steps done, of AccountPage::onboardingSteps
};

// The account's weekly active users as of the end of a week.
struct AccountWeek
{
    qint64 endMs = 0; // the week is [endMs - 7 days, endMs)
    qint64 wau = 0;
};

// A step of the weekly walk back where the status or the health band differs from the step
// before it (a week earlier); dated at the later step.
struct AccountMove
{
    qint64 atMs = 0;       // the later step's as-of time
    qint64 previousMs = 0; // the earlier step's, atMs - 7 days
    Rag statusBefore = Rag::NoData;
    Rag statusAfter = Rag::NoData;
    Rag bandBefore = Rag::NoData;
    Rag bandAfter = Rag::NoData;
    double healthBefore = Missing;
    double healthAfter = Missing;
    QStringList columns; // the columns whose colour changed: "Name: Green -> Red"
};

struct AccountPage
{
    QJsonObject definition;
    int account = -1;
    ScorecardRow row;               // as of as_of, with the health score a week and a month ago
    double arr = Missing;           // accounts.csv's arr
    qint64 renewalMs = -1;          // renewal_date; -1: none
    double daysToRenewal = Missing; // renewal_date - as_of in whole days (negative: past)
    std::vector<AccountMeasure> measures; // grouped: Account fields first, then Usage
    std::vector<AccountUser> users;       // newest last seen first, then never seen, ID order
    int onboardingSteps = 0;              // 0: the workspace defines none
    std::vector<AccountWeek> weeks;       // oldest first; the last ends at as_of
    std::vector<AccountMove> moves;       // newest first
};

// Weeks of WAU and weekly steps of "What changed" the page looks back over.
constexpr int AccountPageWeeks = 26;

// Account a's page from `engine`, prepared on `context` (which keeps its workspace here: the
// onboarding steps). False with *error on an account out of range, or a cancel (Cancelled, no
// text).
Status buildAccountPage(const AnalysisContext& context, const ScorecardEngine& engine, int a,
                        AccountPage* page, QString* error);

// The group of a scorecard column: "Account" for a CRM field, "Usage" for a usage metric.
QString measureGroup(const ScorecardColumn& column);

} // namespace pulsebook
