#pragma once

#include "AnalysisContext.h"

#include <QJsonObject>
#include <QString>

#include <array>
#include <limits>
#include <vector>

namespace pulsebook {

// docs/definitions.md, "Campaign operating metrics", for campaign C and key event K (the
// workspace's campaigns.key_event). Where docs/definitions.md is silent, these are the choices
// made:
//
// - Nothing at or after as_of counts: events at or after as_of are never looked at, and touches
//   at or after as_of are ignored entirely (a user touched only then is "not touched").
// - Only users in the segment filter count, everywhere; an account's users are its users in the
//   filter. C's first send time s is a property of the campaign: its earliest touch before
//   as_of, any stage, of any user (in the filter or not).
// - Week 0 (per user): users with a clicked touch, t = their first click; converted: a K in
//   [t, t + 7 days). Eligible only when t + 7 days <= as_of. Month 1: the same with
//   [t + 30 days, t + 60 days), eligible when t + 60 days <= as_of. rate = converted / eligible.
// - Per account (week 0 and month 1 separately): accounts with at least one eligible clicked
//   user; converted when any of those users converted.
// - Influence by stage: users whose highest stage in C is S (delivered, opened, clicked);
//   f = their first touch of C, any stage; counted when f + 7 days <= as_of and they are
//   lapsed: no K in [f - 90 days, f) and at least one event, any type, before f. Converted: a K
//   in [f, f + 7 days). Baseline: users not touched by C, lapsed at s (no K in [s - 90 days, s),
//   an event before s), converted with a K in [s, s + 7 days); measured when
//   s + 7 days <= as_of. Lift = stage rate - baseline rate, in points.
// - Low-WAU accounts: accounts with at least one user (in the filter) whose WAU at s - distinct
//   users with any event in [s - 7 days, s) - is below the workspace's low_wau_threshold.
//   touched: with a user touched by C; converted: with a touched user who did K in
//   [f, f + 7 days) after their own first touch f (up to as_of). rate = converted / low-WAU
//   accounts. Measured only when s + 7 days <= as_of.
// Rates are NaN when their base is empty or not measured.
struct CampaignsParams
{
    // One campaign by name; empty: every campaign.
    QString campaign;
    // Empty: the workspace's campaigns.key_event.
    QString keyEvent;
    // Negative: the workspace's low_wau_threshold (4 without a workspace).
    int lowWauThreshold = -1;
};

// A share: `converted` of `eligible` (users or accounts), and their ratio (NaN when none).
struct CampaignShare
{
    qint64 eligible = 0;
    qint64 converted = 0;
    double rate = std::numeric_limits<double>::quiet_NaN();
};

// An account with at least one week-0-eligible clicked user of the campaign.
struct CampaignAccount
{
    int account = -1;
    qint64 clickedUsers = 0; // users in the filter with a click before as_of
    CampaignShare week0;     // its eligible users and converted users
    CampaignShare month1;
    qint64 wauAtSend = 0; // distinct users with an event in [s - 7 days, s)
    bool lowWau = false;  // wauAtSend < threshold
};

struct CampaignMetrics
{
    QString name;
    bool sent = false;           // a touch before as_of exists; if not, every figure is empty
    qint64 firstSendMs = 0;      // s, when sent
    qint64 touchedUsers = 0;     // users in the filter with a touch before as_of
    qint64 clickedUsers = 0;     // of those, with a click
    CampaignShare week0;         // eligible clicked users, converted in [t, t + 7 days)
    CampaignShare month1;        // eligible clicked users, converted in [t + 30, t + 60 days)
    CampaignShare week0Accounts; // accounts with an eligible clicked user, converted
    CampaignShare month1Accounts;
    // Influence by highest stage, indexed by CampaignTouch::Stage; eligible = lapsed users.
    std::array<CampaignShare, 3> stages;
    // s + 7 days <= as_of: the baseline and the low-WAU figures are measured; if not, they are
    // all zero and their rates NaN.
    bool sendWeekOver = false;
    // Lapsed users not touched by C, from s.
    CampaignShare baseline;
    // stages[i].rate - baseline.rate, in points (NaN when either is).
    std::array<double, 3> liftPoints{std::numeric_limits<double>::quiet_NaN(),
                                     std::numeric_limits<double>::quiet_NaN(),
                                     std::numeric_limits<double>::quiet_NaN()};
    // Low-WAU accounts: eligible = low-WAU accounts, converted as above.
    CampaignShare lowWau;
    qint64 lowWauTouched = 0;
    // By account number.
    std::vector<CampaignAccount> accounts;
};

struct CampaignsResult
{
    QJsonObject definition;
    QString keyEvent;
    int lowWauThreshold = 0;
    // One per campaign, by name.
    std::vector<CampaignMetrics> campaigns;
};

// The campaign operating metrics of every campaign (or the one named) as of context.asOfMs.
// False with *error on no or an unknown key event (`unknown event "K"`), an unknown campaign
// (`no campaign "X"`) or Cancelled (no text).
Status runCampaigns(const AnalysisContext& context, const CampaignsParams& params,
                    CampaignsResult* result, QString* error);

} // namespace pulsebook
