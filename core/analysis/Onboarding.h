#pragma once

#include "AnalysisContext.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace pulsebook {

// docs/definitions.md, "Onboarding gaps".
enum class OnboardingMode {
    Any, // users missing at least one step
    All  // users missing every step
};

struct OnboardingParams
{
    OnboardingMode mode = OnboardingMode::Any;
    // Event names; empty: the workspace's onboarding steps.
    QStringList steps;
    // A person of the team: only the accounts of that node (theirs and everyone's below them,
    // TeamTree::accountsUnder) and their users count; "" = every user.
    QString node;
};

// A user who matches the mode, with the steps they have never done (up to as_of).
struct OnboardingUser
{
    int user = -1;
    int account = -1;    // -1: no account
    quint64 missing = 0; // bit i set: step i missing
    // The missing steps' indices, ascending.
    QList<int> missingSteps() const;
};

struct OnboardingAccount
{
    int account = -1;
    qint64 users = 0;          // users of the account in the filter
    qint64 completedUsers = 0; // of those, users with no missing step
    double rate = 0;           // completedUsers / users; NaN (blank) when the account has no users
    qint64 matchingUsers = 0;  // users who match the mode
};

struct OnboardingResult
{
    QJsonObject definition;
    QStringList steps;
    OnboardingMode mode = OnboardingMode::Any;
    // Totals over every user in the filter, with or without an account.
    qint64 users = 0;
    qint64 completedUsers = 0;
    // The users matching the mode, by user number.
    std::vector<OnboardingUser> matching;
    // Every account of the index by account number; with a node, that node's accounts only.
    std::vector<OnboardingAccount> accounts;
};

// Onboarding gaps of the users in the filter. False with *error on an empty or unknown step
// (`unknown event "X"`), a repeated step, more than 64 steps, a node nobody in the team is
// called (`nobody named "X" in the team`), or Cancelled (no text).
Status runOnboarding(const AnalysisContext& context, const OnboardingParams& params,
                     OnboardingResult* result, QString* error);

// One user's onboarding: when each step was first done, up to as_of.
struct OnboardingStepsDone
{
    int user = -1;
    std::vector<qint64> doneMs; // by step: the first time it was done (UTC ms); -1: not done
    int doneCount() const;
};

// The onboarding of account a's users in the filter, by user number, for `steps` (empty: the
// workspace's): the figures behind "done/total" with the date of every step. False with *error
// on a bad step list (as runOnboarding) or an account out of range.
bool onboardingStepsDone(const AnalysisContext& context, int account, const QStringList& steps,
                         QStringList* effectiveSteps, std::vector<OnboardingStepsDone>* users,
                         QString* error);

} // namespace pulsebook
