// The demo's data set: the accounts, the users and the plan of every session, drawn from the
// seed; DemoGenerator.cpp writes the files from it.
#include "DemoDataSet.h"

#include "Progress.h"

#include <algorithm>

namespace pulsebook::demo {

void DemoDataSet::makeAccounts()
{
    Random rng(m_options.seed, AccountStream);
    CompanyNames names;
    m_accounts.resize(size_t(std::max<qint64>(1, (m_options.users + 50) / 100)));
    for (size_t i = 0; i < m_accounts.size(); ++i) {
        Account& a = m_accounts[i];
        names.draw(rng, i, &a.name, &a.domain);
        const quint64 pattern = rng.below(100);
        a.pattern = pattern < 60 ? Healthy : pattern < 85 ? Declining : Churned;
        if (a.pattern == Churned)
            a.stopMs = m_options.asOfMs - rng.between(30 * DayMs, 121 * DayMs);
        a.weight = 50 + rng.below(100);
        if (rng.percent(10))
            a.weight *= 5; // a few large customers hold many of the users
        const quint64 region = rng.below(100);
        a.region = region < 50 ? 0 : region < 75 ? 1 : region < 90 ? 2 : 3;
        a.industry = quint8(rng.below(industries().size()));
        a.csm = quint8(CsmRosterOffset + i % 15); // round robin, so Maya Patel owns A0001
    }
}

void DemoDataSet::makeUsers()
{
    Random rng(m_options.seed, UserStream);
    std::vector<quint64> cumulative;
    quint64 total = 0;
    for (const Account& a : m_accounts)
        cumulative.push_back(total += a.weight);
    m_users.resize(size_t(m_options.users));
    for (size_t i = 0; i < m_users.size(); ++i) {
        User& u = m_users[i];
        // Every account gets one user; the rest go by account size.
        u.account =
            i < m_accounts.size()
                ? quint32(i)
                : quint32(std::upper_bound(cumulative.begin(), cumulative.end(), rng.below(total)) -
                          cumulative.begin());
        const Account& a = m_accounts[u.account];
        const quint64 e = rng.below(100);
        u.engagement = e < 10 ? Power : e < 45 ? Regular : e < 80 ? Casual : Dormant;
        const qint64 lo = m_windowStartMs + HourMs;
        const qint64 hi =
            a.pattern == Churned ? a.stopMs - 5 * DayMs : m_options.asOfMs - 2 * DayMs;
        // Half the users came with the rollout at the start of the window, the rest since.
        const qint64 join =
            workingTime(rng, lo, rng.percent(50) ? std::min(hi, lo + 21 * DayMs) : hi,
                        regions()[a.region].workStartHourUtc, 0);
        u.joinMs = join - join % SecondMs;
        u.first = quint16(rng.below(firstNames().size()));
        u.last = quint16(rng.below(lastNames().size()));
        const quint64 style = rng.below(100);
        u.nameStyle = style < 2 ? 1 : style < 3 ? 2 : 0;
        const quint64 role = rng.below(100);
        u.role = role < 8 ? 0 : role < 48 ? 1 : role < 83 ? 2 : 3;
        u.region = a.region;
        static const int profile[] = {95, 90, 80, 55}, source[] = {90, 80, 60, 30},
                         invite[] = {75, 55, 30, 10};
        u.profileSession = rng.percent(profile[u.engagement]) ? 0 : NoStep;
        u.sourceSession = rng.percent(source[u.engagement]) ? quint8(rng.below(2)) : NoStep;
        u.inviteSession = rng.percent(invite[u.engagement]) ? quint8(1 + rng.below(3)) : NoStep;
    }
    // user_ids are handed out in join order, as a product database would.
    std::stable_sort(m_users.begin(), m_users.end(),
                     [](const User& a, const User& b) { return a.joinMs < b.joinMs; });
    std::unordered_map<quint64, quint16> sameName; // looked up only, never iterated
    for (User& u : m_users) {
        Account& a = m_accounts[u.account];
        if (a.users++ == 0 && rng.percent(60))
            u.role = 0; // whoever set the account up usually administers it
        const quint64 key = (quint64(u.account) << 32) | (quint64(u.first) << 16) | u.last;
        u.emailSuffix = sameName[key]++;
        u.spanEndMs = a.pattern == Churned ? a.stopMs : m_options.asOfMs - HourMs;
        if (u.engagement == Dormant) // tried the product, then drifted away
            u.spanEndMs = std::min(u.spanEndMs, u.joinMs + rng.between(7 * DayMs, 31 * DayMs));
    }
}
bool DemoDataSet::planSessions(Progress* progress)
{
    progress->start(QStringLiteral("Planning demo sessions"), m_options.users);
    if (!progress->update(0))
        return false;
    Random rng(m_options.seed, PlanStream);
    // About 0.05% of the events belong to people who never made it into users.csv.
    const qint64 anonymousEvents =
        m_options.events >= 1000 ? std::max<qint64>(3, (m_options.events + 1000) / 2000) : 0;
    const qint64 userEvents = m_options.events - anonymousEvents;
    // Events go to users by engagement x days active; exact integer shares add up to the total.
    static const quint64 engagementWeight[] = {40, 12, 4, 2};
    std::vector<quint64> cumulative(m_users.size());
    quint64 totalWeight = 0;
    for (size_t i = 0; i < m_users.size(); ++i) {
        const User& u = m_users[i];
        quint64 w = engagementWeight[u.engagement] *
                    quint64(std::max<qint64>(1, (u.spanEndMs - u.joinMs) / DayMs)) *
                    (50 + rng.below(101));
        if (m_accounts[u.account].pattern == Declining)
            w = w * 4 / 5;
        cumulative[i] = totalWeight += w;
    }
    qint64 assigned = 0, carry = 0;
    size_t lastWithEvents = 0;
    std::vector<qint64> counts(m_users.size());
    for (size_t i = 0; i < m_users.size(); ++i) {
        const qint64 upTo = qint64(Wide(cumulative[i]) * Wide(userEvents) / totalWeight);
        // Fewer than three events cannot make a session: hand them on to the next user.
        counts[i] = upTo - assigned + carry;
        assigned = upTo;
        carry = counts[i] < MinSessionEvents ? counts[i] : 0;
        if (counts[i] < MinSessionEvents)
            counts[i] = 0;
        else
            lastWithEvents = i;
    }
    counts[lastWithEvents] += carry;
    std::vector<std::pair<qint64, quint8>> starts;
    for (size_t i = 0; i < m_users.size(); ++i) {
        if (i % 8192 == 0 && !progress->update(qint64(i)))
            return false;
        if (counts[i] == 0)
            continue;
        const User& u = m_users[i];
        // Declining accounts use the product ever less over the last 90 days.
        const bool declining = m_accounts[u.account].pattern == Declining;
        const std::vector<qint64> lengths =
            sessionLengths(rng, counts[i], MinSessionEvents, MaxSessionEvents);
        starts.assign(1, {u.joinMs + rng.between(MinuteMs, 10 * MinuteMs), 0}); // first login
        while (starts.size() < lengths.size())
            starts.emplace_back(workingTime(rng, u.joinMs, u.spanEndMs - SessionRoomMs,
                                            regions()[u.region].workStartHourUtc,
                                            declining ? m_options.asOfMs - 90 * DayMs : 0),
                                0);
        // A campaign click brings the user back within minutes.
        if (u.clickMs > u.joinMs && u.clickMs + 15 * MinuteMs < u.spanEndMs - SessionRoomMs &&
            starts.size() >= 2)
            starts[1 + rng.below(starts.size() - 1)] = {
                u.clickMs + rng.between(MinuteMs, 15 * MinuteMs), u.clickCampaign};
        std::sort(starts.begin(), starts.end());
        for (size_t k = 0; k < starts.size(); ++k) {
            // Sessions of one user do not overlap, unless there is no room left to move them.
            const qint64 earliest = k == 0
                                        ? starts[0].first
                                        : m_sessions.back().startMs +
                                              m_sessions.back().events * MaxEventGapMs + MinuteMs;
            if (starts[k].first < earliest && earliest < u.spanEndMs - SessionRoomMs)
                starts[k].first = earliest;
            m_sessions.push_back(
                {starts[k].first, quint32(i), quint16(lengths[k]), starts[k].second, 0});
        }
    }
    // The latest session of someone still active moves into the last day, so the default
    // as-of time (midnight after the latest event) is the demo's as-of time.
    Session* latest = nullptr;
    for (Session& s : m_sessions)
        if (m_users[s.user].spanEndMs == m_options.asOfMs - HourMs &&
            (!latest || s.startMs > latest->startMs))
            latest = &s;
    if (latest)
        latest->startMs =
            std::max(latest->startMs, m_options.asOfMs - 20 * HourMs + rng.between(0, 12 * HourMs));
    // Anonymous visitors: one short session each (3-5 events), anywhere in the window.
    for (const qint64 length : sessionLengths(rng, anonymousEvents, MinSessionEvents, 5)) {
        if (length == 0)
            break;
        User anonymous;
        anonymous.region = quint8(rng.below(regions().size()));
        anonymous.account = quint32(m_accounts.size());
        anonymous.joinMs =
            rng.between(m_windowStartMs + DayMs, m_options.asOfMs - 2 * HourMs - SessionRoomMs);
        anonymous.spanEndMs = anonymous.joinMs;
        m_sessions.push_back({anonymous.joinMs, quint32(m_users.size()), quint16(length), 0, 0});
        m_users.push_back(anonymous);
    }
    // Sessions (and so session_ids and event_ids) in time order, as an export has them.
    std::stable_sort(m_sessions.begin(), m_sessions.end(),
                     [](const Session& a, const Session& b) { return a.startMs < b.startMs; });
    progress->update(m_options.users);
    progress->end();
    return true;
}

} // namespace pulsebook::demo
