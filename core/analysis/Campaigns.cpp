#include "Campaigns.h"

#include "UserParts.h"

#include "workspace/Workspace.h"

#include <algorithm>
#include <atomic>

namespace pulsebook {

namespace {

constexpr qint64 Week = 7 * DayMs;
constexpr qint64 LapsedWindow = 90 * DayMs;
constexpr qint64 Month1Start = 30 * DayMs;
constexpr qint64 Month1End = 60 * DayMs;

// The times of every user's K events before as_of: the campaign windows are then binary
// searches, whatever the other events. Built in two passes over each part of the users: a
// count of the K events, then a copy without branches (a common key event such as View Chart
// is one event in five in the demo: a branch per event would often be mispredicted).
class KeyEventTimes
{
public:
    // False when cancelled.
    bool build(const AnalysisContext& context, int keyType)
    {
        const EventIndex& index = *context.index;
        const int parts = userPartCount(index);
        const qint64* times = index.times();
        const quint16* types = index.types();
        const quint16 key = quint16(keyType);
        // Part p owns [offset[p], offset[p + 1]): its K events and one slot that its last
        // copy may overwrite.
        std::vector<size_t> offset(size_t(parts) + 1, 0);
        forEachUserPart(index, parts, [&](int p, int first, int last) {
            size_t n = 0;
            for (size_t e = index.eventBegin(first), end = index.eventBegin(last); e < end; ++e)
                n += types[e] == key;
            offset[size_t(p) + 1] = n + 1;
        });
        for (size_t p = 1; p < offset.size(); ++p)
            offset[p] += offset[p - 1];
        m_times.resize(offset.back());
        m_begin.assign(size_t(index.userCount()), 0);
        m_end.assign(size_t(index.userCount()), 0);
        std::atomic<bool> stop{false};
        forEachUserPart(index, parts, [&](int p, int first, int last) {
            qint64* out = m_times.data();
            size_t n = offset[size_t(p)];
            for (int u = first; u < last; ++u) {
                if ((u - first) % 4096 == 0) {
                    if (stop.load(std::memory_order_relaxed))
                        return;
                    const bool goOn = p == 0 ? context.progress->update(std::min<qint64>(
                                                   qint64(u) * parts, index.userCount()))
                                             : !context.progress->isCancelled();
                    if (!goOn) {
                        stop.store(true);
                        return;
                    }
                }
                const size_t begin = n;
                for (size_t e = index.eventBegin(u), end = index.eventEnd(u); e < end; ++e) {
                    out[n] = times[e];
                    n += types[e] == key;
                }
                // Nothing at or after as_of counts.
                m_begin[size_t(u)] = begin;
                m_end[size_t(u)] =
                    size_t(std::lower_bound(out + begin, out + n, context.asOfMs) - out);
            }
        });
        return !stop.load();
    }

    // A K event of user u in [from, to).
    bool any(int u, qint64 from, qint64 to) const
    {
        const qint64* end = m_times.data() + m_end[size_t(u)];
        const qint64* it = std::lower_bound(m_times.data() + m_begin[size_t(u)], end, from);
        return it != end && *it < to;
    }

private:
    std::vector<size_t> m_begin, m_end; // by user, into m_times
    std::vector<qint64> m_times;
};

// An event of any type of user u before `ms`: its first event is the earliest.
bool hasEventBefore(const EventIndex& index, int u, qint64 ms)
{
    return index.eventBegin(u) < index.eventEnd(u) && index.time(index.eventBegin(u)) < ms;
}

// An event of any type of user u in [from, to).
bool hasEventIn(const EventIndex& index, int u, qint64 from, qint64 to)
{
    const size_t first = index.eventBegin(u), last = index.eventEnd(u);
    if (first == last || index.time(first) >= to || index.time(last - 1) < from)
        return false;
    const qint64* t = index.times();
    const qint64* it = std::lower_bound(t + first, t + last, from);
    const qint64* end = t + last;
    return it != end && *it < to;
}

void count(CampaignShare& share, bool converted)
{
    ++share.eligible;
    if (converted)
        ++share.converted;
}

void setRate(CampaignShare& share)
{
    share.rate = share.eligible == 0 ? std::numeric_limits<double>::quiet_NaN()
                                     : double(share.converted) / double(share.eligible);
}

// One account, for one campaign.
struct AccountTally
{
    qint64 wau = 0; // distinct users in the filter with an event in [s - 7 days, s)
    bool touched = false;
    bool touchConverted = false; // a touched user did K within 7 days of their first touch
    CampaignAccount row;
};

// One campaign while it is measured.
struct Campaign
{
    CampaignMetrics m;
    std::vector<char> touched;          // by user: touched before as_of, in the filter
    std::vector<AccountTally> accounts; // by account
};

// One part's share of the pass over every user.
struct UserTally
{
    std::vector<qint64> accountUsers;     // by account
    std::vector<CampaignShare> baselines; // by campaign
    std::vector<std::vector<qint64>> wau; // by campaign, by account
};

class CampaignsRun
{
public:
    CampaignsRun(const AnalysisContext& context, const KeyEventTimes& key, int threshold)
        : m_context(context), m_index(*context.index), m_key(key), m_threshold(threshold)
    {}

    // Everything that comes from the touches of campaign c.
    void readTouches(int c, Campaign* campaign) const;
    // The baselines and the WAU at s of every campaign, in one pass over the users so that
    // each user's events are fetched once. False when cancelled.
    bool readUsers(std::vector<Campaign>& campaigns);
    // The account figures and the rates.
    void finish(Campaign* campaign) const;

private:
    // No K in [ms - 90 days, ms), and an event (any type) before ms.
    bool lapsed(int u, qint64 ms) const
    {
        return !m_key.any(u, ms - LapsedWindow, ms) && hasEventBefore(m_index, u, ms);
    }
    void touchedUser(const CampaignTouch* first, const CampaignTouch* last,
                     Campaign* campaign) const;

    const AnalysisContext& m_context;
    const EventIndex& m_index;
    const KeyEventTimes& m_key;
    const int m_threshold;
    std::vector<qint64> m_accountUsers; // by account: its users in the filter
};

// One user's touches of the campaign before as_of, in (time, stage) order.
void CampaignsRun::touchedUser(const CampaignTouch* first, const CampaignTouch* last,
                               Campaign* campaign) const
{
    const qint64 asOf = m_context.asOfMs;
    CampaignMetrics& m = campaign->m;
    const int u = first->user;
    campaign->touched[size_t(u)] = 1;
    ++m.touchedUsers;
    const qint64 f = first->timeMs;
    CampaignTouch::Stage highest = CampaignTouch::Delivered;
    const CampaignTouch* click = nullptr;
    for (const CampaignTouch* t = first; t != last; ++t) {
        highest = std::max(highest, t->stage);
        if (!click && t->stage == CampaignTouch::Clicked)
            click = t;
    }
    const bool convertedAfterTouch = m_key.any(u, f, std::min(f + Week, asOf));
    if (f + Week <= asOf && lapsed(u, f))
        count(m.stages[size_t(highest)], convertedAfterTouch);

    const int a = m_index.userAccount(u);
    AccountTally* account = a >= 0 ? &campaign->accounts[size_t(a)] : nullptr;
    if (account) {
        account->touched = true;
        account->touchConverted = account->touchConverted || convertedAfterTouch;
    }
    if (!click)
        return;
    const qint64 t = click->timeMs;
    ++m.clickedUsers;
    if (account)
        ++account->row.clickedUsers;
    if (t + Week <= asOf) {
        const bool converted = m_key.any(u, t, t + Week);
        count(m.week0, converted);
        if (account)
            count(account->row.week0, converted);
    }
    if (t + Month1End <= asOf) {
        const bool converted = m_key.any(u, t + Month1Start, t + Month1End);
        count(m.month1, converted);
        if (account)
            count(account->row.month1, converted);
    }
}

void CampaignsRun::readTouches(int c, Campaign* campaign) const
{
    const qint64 asOf = m_context.asOfMs;
    const std::vector<CampaignTouch>& touches = m_index.campaignTouches(c);
    CampaignMetrics& m = campaign->m;
    m.name = m_index.campaignNames()[c];
    for (const CampaignTouch& t : touches) {
        if (t.timeMs < asOf && (!m.sent || t.timeMs < m.firstSendMs)) {
            m.sent = true;
            m.firstSendMs = t.timeMs;
        }
    }
    if (!m.sent)
        return;
    m.sendWeekOver = m.firstSendMs + Week <= asOf;
    campaign->touched.assign(size_t(m_index.userCount()), 0);
    campaign->accounts.assign(size_t(m_index.accountCount()), AccountTally());
    // Touches come in (user, time, stage) order: a user's touches before as_of lead their run.
    for (size_t i = 0; i < touches.size();) {
        const int u = touches[i].user;
        size_t kept = i;
        while (kept < touches.size() && touches[kept].user == u && touches[kept].timeMs < asOf)
            ++kept;
        size_t next = kept;
        while (next < touches.size() && touches[next].user == u)
            ++next;
        if (kept > i && m_context.inSegment(u))
            touchedUser(touches.data() + i, touches.data() + kept, campaign);
        i = next;
    }
}

bool CampaignsRun::readUsers(std::vector<Campaign>& campaigns)
{
    std::vector<Campaign*> sent;
    for (Campaign& campaign : campaigns) {
        if (campaign.m.sent)
            sent.push_back(&campaign);
    }
    const size_t accounts = size_t(m_index.accountCount());
    const int parts = userPartCount(m_index);
    std::vector<UserTally> tallies(static_cast<size_t>(parts));
    std::atomic<bool> stop{false};
    forEachUserPart(m_index, parts, [&](int p, int first, int last) {
        UserTally& tally = tallies[size_t(p)];
        tally.accountUsers.assign(accounts, 0);
        tally.baselines.resize(sent.size());
        tally.wau.assign(sent.size(), std::vector<qint64>(accounts, 0));
        for (int u = first; u < last; ++u) {
            if ((u - first) % 4096 == 0) {
                if (stop.load(std::memory_order_relaxed))
                    return;
                const bool goOn = p == 0 ? m_context.progress->update(std::min<qint64>(
                                               qint64(u) * parts, m_index.userCount()))
                                         : !m_context.progress->isCancelled();
                if (!goOn) {
                    stop.store(true);
                    return;
                }
            }
            if (!m_context.inSegment(u))
                continue;
            const int a = m_index.userAccount(u);
            if (a >= 0)
                ++tally.accountUsers[size_t(a)];
            for (size_t k = 0; k < sent.size(); ++k) {
                const Campaign& campaign = *sent[k];
                const qint64 s = campaign.m.firstSendMs;
                if (campaign.m.sendWeekOver && !campaign.touched[size_t(u)] && lapsed(u, s))
                    count(tally.baselines[k], m_key.any(u, s, s + Week));
                if (a >= 0 && hasEventIn(m_index, u, s - Week, s))
                    ++tally.wau[k][size_t(a)];
            }
        }
    });
    if (stop.load())
        return false;
    m_accountUsers.assign(accounts, 0);
    for (const UserTally& tally : tallies) {
        for (size_t a = 0; a < accounts; ++a)
            m_accountUsers[a] += tally.accountUsers[a];
        for (size_t k = 0; k < sent.size(); ++k) {
            sent[k]->m.baseline.eligible += tally.baselines[k].eligible;
            sent[k]->m.baseline.converted += tally.baselines[k].converted;
            for (size_t a = 0; a < accounts; ++a)
                sent[k]->accounts[a].wau += tally.wau[k][a];
        }
    }
    return true;
}

void CampaignsRun::finish(Campaign* campaign) const
{
    CampaignMetrics& m = campaign->m;
    if (!m.sent)
        return;
    for (size_t a = 0; a < campaign->accounts.size(); ++a) {
        AccountTally& account = campaign->accounts[a];
        const bool low = m_accountUsers[a] > 0 && account.wau < m_threshold;
        if (m.sendWeekOver && low) {
            count(m.lowWau, account.touchConverted);
            if (account.touched)
                ++m.lowWauTouched;
        }
        CampaignAccount& row = account.row;
        if (row.week0.eligible == 0)
            continue;
        count(m.week0Accounts, row.week0.converted > 0);
        if (row.month1.eligible > 0)
            count(m.month1Accounts, row.month1.converted > 0);
        row.account = int(a);
        row.wauAtSend = account.wau;
        row.lowWau = low;
        setRate(row.week0);
        setRate(row.month1);
        m.accounts.push_back(row);
    }
    for (CampaignShare* share : {&m.week0, &m.month1, &m.week0Accounts, &m.month1Accounts,
                                 &m.baseline, &m.lowWau, &m.stages[0], &m.stages[1], &m.stages[2]})
        setRate(*share);
    for (size_t i = 0; i < m.stages.size(); ++i)
        m.liftPoints[i] = (m.stages[i].rate - m.baseline.rate) * 100.0;
}

} // namespace

static bool computeCampaigns(const AnalysisContext& context, const CampaignsParams& params,
                             CampaignsResult* result, QString* error)
{
    auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (!context.index)
        return fail(QStringLiteral("no data loaded"));
    const EventIndex& index = *context.index;
    QString keyEvent = params.keyEvent;
    if (keyEvent.isEmpty() && context.workspace)
        keyEvent = context.workspace->campaignKeyEvent;
    if (keyEvent.isEmpty())
        return fail(QStringLiteral("no campaign key event (the workspace's campaigns.key_event)"));
    // A key event the data does not have yet is never done: its rates are 0 (the command
    // warns). -1 matches no event type.
    const int keyType = index.typeIndex(keyEvent);
    int threshold = params.lowWauThreshold;
    if (threshold < 0)
        threshold = context.workspace ? context.workspace->lowWauThreshold : 4;
    const QStringList names = index.campaignNames();
    std::vector<int> selected;
    if (params.campaign.isEmpty()) {
        for (int c = 0; c < names.size(); ++c)
            selected.push_back(c);
    } else {
        const qsizetype c = names.indexOf(params.campaign);
        if (c < 0)
            return fail(QStringLiteral("no campaign \"%1\"").arg(params.campaign));
        selected.push_back(int(c));
    }

    context.progress->start(QStringLiteral("Key event times"), index.userCount());
    KeyEventTimes key;
    const bool built = key.build(context, keyType);
    context.progress->end();
    if (!built)
        return false; // cancelled: outcome() says so, without a text
    CampaignsRun run(context, key, threshold);
    std::vector<Campaign> campaigns(selected.size());
    for (size_t i = 0; i < selected.size(); ++i)
        run.readTouches(selected[i], &campaigns[i]);
    context.progress->start(QStringLiteral("Campaign metrics"), index.userCount());
    const bool read = run.readUsers(campaigns);
    context.progress->end();
    if (!read)
        return false; // cancelled: outcome() says so, without a text

    CampaignsResult r;
    r.definition = context.baseDefinition(QStringLiteral("campaigns"));
    r.definition.insert(QStringLiteral("key_event"), keyEvent);
    r.definition.insert(QStringLiteral("low_wau_threshold"), threshold);
    if (!params.campaign.isEmpty())
        r.definition.insert(QStringLiteral("campaign"), params.campaign);
    r.keyEvent = keyEvent;
    r.lowWauThreshold = threshold;
    for (Campaign& campaign : campaigns) {
        run.finish(&campaign);
        r.campaigns.push_back(std::move(campaign.m));
    }
    *result = std::move(r);
    return true;
}

Status runCampaigns(const AnalysisContext& context, const CampaignsParams& params,
                    CampaignsResult* result, QString* error)
{
    return context.outcome(computeCampaigns(context, params, result, error), error);
}

} // namespace pulsebook
