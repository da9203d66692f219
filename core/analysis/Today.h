#pragma once

#include "AnalysisContext.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace pulsebook {

// What needs a CSM now (docs/definitions.md, "Today"), in the order a view shows the kinds.
enum class TodayKind : quint8 {
    SinceLastSync, // turned Red or fell a health band since the previous sync's as-of time
    SinceWeekAgo,  // the same since as_of - 7 days
    Renewal,       // renewing within today.renewal_days, not Green
    Silent,        // a silent account of the scorecard
    Onboarding,    // users stuck in onboarding, per account
    WauDrop,       // WAU fell by today.wau_drop against the previous weeks' mean
};
constexpr int TodayKindCount = 6;

// "since_last_sync", "since_week_ago", "renewal", "silent", "onboarding", "wau_drop".
QString todayKindId(TodayKind kind);
// What a person reads: "Worse since the last sync", ..., "Weekly active users fell".
QString todayKindTitle(TodayKind kind);

// One line of Today: an account that needs attention, or a note about its kind (account -1:
// "no previous sync recorded", "no onboarding steps").
struct TodayLine
{
    enum class ListOf : quint8 { Accounts, Users };
    TodayKind kind = TodayKind::Silent;
    int account = -1;
    QString accountId;
    QString text;
    // The list behind the line, for a view to open: account IDs, or the stuck users' IDs (ID
    // order) for Onboarding. Empty for a note.
    ListOf listOf = ListOf::Accounts;
    QStringList list;
};

// The count of a kind's lines, now and as of as_of - 30 days.
struct TodayTile
{
    TodayKind kind = TodayKind::Silent;
    qint64 accounts = 0;
    qint64 accountsMonthAgo = -1; // -1: not known then (no previous sync, no steps)
    // Onboarding only: the stuck users; -1 for the other kinds.
    qint64 users = -1;
    qint64 usersMonthAgo = -1;
    QStringList accountIds; // the accounts it counts, in line order
    QStringList userIds;    // Onboarding: the users it counts, in ID order
    bool known = true;      // false: the count cannot be made (see the kind's note line)
};

struct TodayParams
{
    QString node; // a person of team.csv: their accounts and those below them; empty: all
};

struct TodayResult
{
    QJsonObject definition;
    // The as-of time of the data the previous sync left (local midnight after its latest
    // event); -1 when none is recorded.
    qint64 lastSyncAsOfMs = -1;
    std::vector<TodayTile> tiles; // one per kind, in kind order
    std::vector<TodayLine> lines; // by kind, then as docs/definitions.md orders each kind
};

// Today for the accounts of params.node (and the segment filter), as of context.asOfMs, with
// the thresholds of the workspace's "today". False with *error on an unknown person, a
// definition the data cannot serve, or Cancelled (no text).
Status runToday(const AnalysisContext& context, const TodayParams& params, TodayResult* result,
                QString* error);

} // namespace pulsebook
