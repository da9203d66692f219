#include "DemoGenerator.h"

#include "DemoNames.h"
#include "Progress.h"

#include <QDir>

#include <algorithm>
#include <charconv>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pulsebook {

namespace {

using namespace demo;

// Exact products of row weights and event counts can pass 2^64 for large sets.
__extension__ typedef unsigned __int128 Wide;

constexpr qint64 WindowDays = 180; // every event lies in the 180 days before as-of
constexpr qint64 MinSessionEvents = 3;
constexpr qint64 MaxSessionEvents = 15;
constexpr qint64 MaxEventGapMs = 240 * SecondMs;
// Room a session of the longest kind needs, so sampled sessions end before their user's last day.
constexpr qint64 SessionRoomMs = MaxSessionEvents * MaxEventGapMs + MinuteMs;
constexpr qint64 ProgressStep = 65536;
constexpr qint64 FirstUserId = 100001;
constexpr qint64 FirstAnonymousId = 9000000001;
constexpr qint64 FirstSessionId = 5000000001;
constexpr qint64 FirstEventId = 1000000001;
constexpr quint8 NoStep = 0xFF;
constexpr int CsmRosterOffset = 7; // the CSMs follow the VP, directors and managers

enum Pattern : quint8 { Healthy, Declining, Churned };
enum Engagement : quint8 { Power, Regular, Casual, Dormant };

// One stream per concern, so the event count does not change users.csv, for instance.
enum Stream : quint64 {
    AccountStream = 1,
    CrmStream,
    UserStream,
    UserRowStream,
    CampaignStream,
    PlanStream,
    MigrationStream,
    SessionStream,
    EventStream,
    HomeStream
};

struct Account
{
    std::string name, domain;
    qint64 stopMs = 0; // churned: the last moment of usage
    quint64 weight = 0;
    quint32 users = 0;
    quint8 pattern = Healthy, region = 0, industry = 0, csm = 0;
};

struct User
{
    qint64 joinMs = 0;
    qint64 spanEndMs = 0; // no session starts after this
    qint64 clickMs = 0;   // first campaign click, 0 if none
    quint32 account = 0;
    quint16 first = 0, last = 0, emailSuffix = 0;
    quint8 engagement = Regular, role = 0, nameStyle = 0, region = 0, clickCampaign = 0;
    // Which of the user's sessions (0 = first) holds each onboarding step; NoStep leaves a gap.
    quint8 profileSession = NoStep, sourceSession = NoStep, inviteSession = NoStep;
};

struct Session
{
    qint64 startMs;
    quint32 user;
    quint16 events;
    quint8 campaign; // 1-based index of the campaign whose click started it, 0 for none
    quint8 source;   // index into trafficSources(), set while sessions.csv is written
};

// The whole demo: built step by step, each step writing its file.
class DemoDataSet
{
public:
    explicit DemoDataSet(const DemoOptions& options)
        : m_options(options), m_windowStartMs(options.asOfMs - WindowDays * DayMs),
          m_asOfDay(floorDiv(options.asOfMs, DayMs))
    {}
    void makeAccounts();
    void makeUsers();
    void writeTeam(CsvFile& out) const;
    void writeAccounts(CsvFile& out) const;
    void writeUsers(CsvFile& out) const;
    qint64 writeCampaignTouches(CsvFile& out);
    bool planSessions(Progress* progress);
    qint64 writeMigrations(CsvFile& out) const;
    bool writeSessions(CsvFile& out, Progress* progress);
    bool writeEvents(CsvFile& out, Progress* progress);

    qint64 accountCount() const { return qint64(m_accounts.size()); }
    qint64 sessionCount() const { return qint64(m_sessions.size()); }
    qint64 anonymousCount() const { return qint64(m_users.size()) - m_options.users; }

private:
    qint64 userId(quint32 user) const
    {
        return user < m_options.users ? FirstUserId + user
                                      : FirstAnonymousId + (user - m_options.users);
    }

    const DemoOptions m_options;
    const qint64 m_windowStartMs;
    const qint64 m_asOfDay;
    std::vector<Account> m_accounts;
    std::vector<User> m_users; // users.csv in user_id order, then the events-only users
    std::vector<Session> m_sessions;
};

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

void DemoDataSet::writeTeam(CsvFile& out) const
{
    out.header("person,role,manager");
    for (const TeamMember& m : teamRoster()) {
        out.text(m.person);
        out.plain(m.role);
        out.text(m.manager);
        out.endRow();
    }
}

void DemoDataSet::writeAccounts(CsvFile& out) const
{
    out.header("account_id,name,csm,metrics_group,renewal_date,arr,sentiment,has_success_plan,"
               "last_success_plan_update,last_ebr,last_exec_sponsor_activity,"
               "last_champion_activity,last_exec_meeting,open_new_arr,wins_past_year,"
               "products_adopted,renewal_outcome,industry,region");
    Random rng(m_options.seed, CrmStream);
    // A date `from`..`to` days before as-of, or empty (missing, never zero) some of the time.
    const auto daysAgo = [&](quint64 setPercent, qint64 from, qint64 to) {
        if (rng.percent(setPercent))
            out.time((m_asOfDay - rng.between(from, to + 1)) * DayMs, Stamp::Date);
        else
            out.empty();
    };
    for (size_t i = 0; i < m_accounts.size(); ++i) {
        const Account& a = m_accounts[i];
        const int p = a.pattern;
        out.plain(accountId(i));
        out.text(a.name);
        out.text(teamRoster()[a.csm].person);
        const qint64 arr = std::max<qint64>(5000, qint64(a.users) * rng.between(600, 2400) +
                                                      rng.between(0, 20000));
        out.plain(metricsGroup(arr));
        const qint64 renewalDay = m_asOfDay + rng.between(-270, 366);
        out.time(renewalDay * DayMs, Stamp::Date);
        out.money(arr, rng.percent(25));
        static const int green[] = {70, 20, 5}, yellow[] = {95, 70, 40};
        const quint64 mood = rng.below(100);
        out.plain(mood < quint64(green[p])    ? "Green"
                  : mood < quint64(yellow[p]) ? "Yellow"
                                              : "Red");
        static const int planned[] = {75, 55, 35};
        const bool plan = rng.percent(planned[p]);
        const bool wordy = rng.percent(20); // exports from some CRMs say yes/no
        out.plain(wordy ? (plan ? "yes" : "no") : (plan ? "true" : "false"));
        daysAgo(plan ? 90 : 15, plan ? 1 : 200, plan ? 200 : 400);
        daysAgo(80, 10, 400);
        static const qint64 sponsorFrom[] = {1, 30, 60}, sponsorTo[] = {90, 200, 300};
        daysAgo(70, sponsorFrom[p], sponsorTo[p]);
        static const qint64 championFrom[] = {1, 20, 40}, championTo[] = {30, 120, 200};
        daysAgo(85, championFrom[p], championTo[p]);
        daysAgo(65, 5, 365);
        const quint64 open = rng.below(100);
        if (open < 55)
            out.number(0);
        else if (open < 85)
            out.money(rng.between(50, 1500) * 100, rng.percent(25));
        else
            out.empty();
        static const quint64 winsCap[] = {6, 3, 2};
        out.number(qint64(std::min(rng.below(winsCap[p]), rng.below(winsCap[p]))));
        if (rng.percent(60))
            out.number(rng.between(1, 7));
        else
            out.text(productList(rng));
        static const int churn[] = {5, 35, 80};
        if (renewalDay * DayMs < m_options.asOfMs)
            out.plain(rng.percent(churn[p]) ? "churned" : "renewed");
        else
            out.empty();
        out.text(industries()[a.industry]);
        out.text(regions()[a.region].name);
        out.endRow();
    }
}

void DemoDataSet::writeUsers(CsvFile& out) const
{
    out.header("user_id,identity,email,account_id,joindate,last_modified,name,role");
    Random rng(m_options.seed, UserRowStream);
    for (size_t i = 0; i < m_users.size(); ++i) {
        const User& u = m_users[i];
        const std::string email =
            emailAddress(u.first, u.last, u.emailSuffix, m_accounts[u.account].domain);
        out.number(userId(quint32(i)));
        out.plain(email);
        out.plain(email);
        out.plain(accountId(u.account));
        out.time(u.joinMs, Stamp::Seconds);
        const qint64 modified = rng.between(u.joinMs, m_options.asOfMs);
        out.time(modified - modified % SecondMs, Stamp::Iso);
        out.text(personName(u.first, u.last, u.nameStyle));
        out.plain(userRoles()[u.role]);
        out.endRow();
    }
}

qint64 DemoDataSet::writeCampaignTouches(CsvFile& out)
{
    out.header("user_id,campaign,time,stage");
    Random rng(m_options.seed, CampaignStream);
    qint64 rows = 0;
    const auto touch = [&](size_t user, const Campaign& c, qint64 ms, const char* stage) {
        out.number(userId(quint32(user)));
        out.text(c.name);
        out.time(ms, Stamp::Iso);
        out.plain(stage);
        out.endRow();
        ++rows;
    };
    for (size_t ci = 0; ci < campaigns().size(); ++ci) {
        const Campaign& c = campaigns()[ci];
        const qint64 sendMs = (m_asOfDay - c.daysBeforeAsOf) * DayMs + c.sendHourUtc * HourMs;
        for (size_t i = 0; i < m_users.size(); ++i) {
            User& u = m_users[i];
            if (u.joinMs >= sendMs || (c.newUsersOnly && u.joinMs < sendMs - 45 * DayMs) ||
                !rng.percent(quint64(c.sharePercent)))
                continue;
            // Sending takes an hour; opens come minutes to days later, clicks soon after.
            const qint64 delivered = sendMs + rng.below(3600) * SecondMs;
            touch(i, c, delivered, "delivered");
            static const quint64 opens[] = {55, 45, 35, 20};
            const bool gone = u.spanEndMs < delivered;
            if (!rng.percent(gone ? 10 : opens[u.engagement]))
                continue;
            const qint64 opened =
                delivered + rng.between(5 * MinuteMs, 3 * DayMs) / SecondMs * SecondMs;
            touch(i, c, opened, "opened");
            if (!rng.percent(35))
                continue;
            const qint64 clicked = opened + rng.between(10, 7200) * SecondMs;
            touch(i, c, clicked, "clicked");
            if (u.clickMs == 0) {
                u.clickMs = clicked;
                u.clickCampaign = quint8(ci + 1);
            }
        }
    }
    return rows;
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

qint64 DemoDataSet::writeMigrations(CsvFile& out) const
{
    out.header("from_user_id,to_user_id,time");
    Random rng(m_options.seed, MigrationStream);
    const quint32 users = quint32(m_options.users);
    const qint64 wanted =
        users >= 100 ? std::max<qint64>(1, (m_options.users * 2 + 500) / 1000) : 0;
    // The users of each account (a counting sort), to merge two identities of one company.
    std::vector<quint32> first(m_accounts.size() + 1), members(users);
    for (quint32 i = 0; i < users; ++i)
        ++first[m_users[i].account + 1];
    for (size_t a = 1; a < first.size(); ++a)
        first[a] += first[a - 1];
    std::vector<quint32> next(first.begin(), first.end() - 1);
    for (quint32 i = 0; i < users; ++i)
        members[next[m_users[i].account]++] = i;
    std::vector<bool> taken(m_users.size()); // merged already, on either side: no chains
    qint64 rows = 0;
    const auto merge = [&](quint32 from, quint32 to, qint64 ms) {
        taken[from] = taken[to] = true;
        out.number(userId(from));
        out.number(userId(to));
        out.time(std::min(ms - ms % SecondMs, m_options.asOfMs - MinuteMs), Stamp::Iso);
        out.endRow();
        ++rows;
    };
    // Half are visitors who later signed in (one visitor stays unknown, so the sync still
    // meets a user only seen in events); the rest are two identities of one person.
    const qint64 fromAnonymous = std::min(anonymousCount() - 1, (wanted + 1) / 2);
    for (qint64 k = 0; k < fromAnonymous; ++k) {
        quint32 to = quint32(rng.below(users));
        while (taken[to])
            to = (to + 1) % users;
        const quint32 from = quint32(m_options.users + k);
        const qint64 later = std::max(m_users[from].joinMs, m_users[to].joinMs);
        merge(from, to, later + rng.between(HourMs, 3 * DayMs));
    }
    for (qint64 attempt = 0; rows < wanted && attempt < wanted * 50; ++attempt) {
        const quint32 from = quint32(rng.below(users));
        const quint32 account = m_users[from].account;
        const quint32 size = first[account + 1] - first[account];
        const quint32 to = members[first[account] + rng.below(size)];
        if (to == from || taken[from] || taken[to])
            continue;
        const qint64 later = std::max(m_users[from].joinMs, m_users[to].joinMs);
        merge(from, to, later + rng.between(DayMs, 30 * DayMs));
    }
    return rows;
}

bool DemoDataSet::writeSessions(CsvFile& out, Progress* progress)
{
    out.header("session_id,user_id,time,device_type,browser,platform,country,referrer,"
               "landing_page,utm_source,utm_campaign");
    progress->start(QStringLiteral("Writing demo sessions"), sessionCount());
    Random rng(m_options.seed, SessionStream);
    for (size_t i = 0; i < m_sessions.size(); ++i) {
        if (i % ProgressStep == 0 && (!progress->update(qint64(i)) || !out.ok()))
            return false;
        Session& s = m_sessions[i];
        // Each person mostly uses one device, from one country.
        const quint64 home = mixBits(m_options.seed ^ HomeStream, s.user);
        const Device& device = devices()[(rng.percent(85) ? home : rng.next()) % devices().size()];
        const auto countries = regions()[m_users[s.user].region].countries;
        out.number(FirstSessionId + qint64(i));
        out.number(userId(s.user));
        out.time(s.startMs, Stamp::Millis);
        out.plain(device.deviceType);
        out.plain(device.browser);
        out.plain(device.platform);
        out.text(countries[(rng.percent(95) ? home >> 32 : rng.next()) % countries.size()]);
        if (s.campaign > 0) {
            const Campaign& c = campaigns()[s.campaign - 1];
            out.empty();
            out.plain(c.landingPage);
            out.plain("email");
            out.plain(c.utmCampaign);
        } else {
            s.source = rng.percent(75) ? 0 : quint8(1 + rng.below(trafficSources().size() - 1));
            out.plain(trafficSources()[s.source].referrer);
            out.plain(trafficSources()[s.source].landingPage);
            out.empty();
            out.empty();
        }
        out.endRow();
    }
    progress->update(sessionCount());
    progress->end();
    return out.ok();
}

bool DemoDataSet::writeEvents(CsvFile& out, Progress* progress)
{
    out.header("event_id,user_id,session_id,time,event,path,title,referrer");
    progress->start(QStringLiteral("Writing demo events"), m_options.events);
    Random rng(m_options.seed, EventStream);
    std::vector<quint32> seen(m_users.size()); // sessions of each user written so far
    qint64 written = 0;
    std::string path;
    for (size_t i = 0; i < m_sessions.size(); ++i) {
        const Session& s = m_sessions[i];
        const User& u = m_users[s.user];
        const quint32 ordinal = seen[s.user]++;
        // Onboarding steps come right after the login of an early session; a short session,
        // or a user with fewer sessions, leaves the step undone: the gaps CSMs look for.
        EventId steps[3];
        int stepCount = 0;
        for (const auto& [session, step] : {std::pair{u.profileSession, CompleteProfile},
                                            {u.sourceSession, ConnectDataSource},
                                            {u.inviteSession, InviteTeammate}})
            if (session == ordinal)
                steps[stepCount++] = step;
        const bool declining =
            u.account < m_accounts.size() && m_accounts[u.account].pattern == Declining;
        const bool campaignWeek =
            u.clickMs != 0 && s.startMs >= u.clickMs && s.startMs < u.clickMs + 7 * DayMs;
        qint64 focus[ObjectKindCount] = {-1, -1, -1, -1, -1, -1}; // objects in use, by kind
        qint64 t = s.startMs;
        EventId previous = Login;
        for (int j = 0; j < s.events; ++j) {
            if (written % ProgressStep == 0 && (!progress->update(written) || !out.ok()))
                return false;
            const EventId e = j == 0           ? Login
                              : j <= stepCount ? steps[j - 1]
                              : j == s.events - 1 && s.events >= 4 && rng.percent(30)
                                  ? Logout
                                  : pickEvent(rng, previous, campaignWeek, declining);
            const EventKind& kind = eventKinds()[e];
            out.number(FirstEventId + written);
            out.number(userId(s.user));
            out.number(FirstSessionId + qint64(i));
            out.time(t, Stamp::Millis);
            out.plain(kind.name);
            // A session keeps working on the same query, chart... most of the time.
            const size_t k = size_t(kind.object);
            if (kind.object != ObjectKind::None && (focus[k] < 0 || rng.percent(20)))
                focus[k] = qint64(rng.below(objectCount(kind.object)));
            eventPath(kind, 1000 + qint64(u.account) * 50, focus[k], &path);
            out.plain(path);
            out.plain(kind.title);
            if (j == 0)
                out.plain(trafficSources()[s.source].referrer);
            else
                out.empty();
            out.endRow();
            ++written;
            previous = e;
            t += 2 * SecondMs + qint64(rng.below(25 * SecondMs));
            if (rng.percent(30))
                t += qint64(rng.below(200 * SecondMs)); // reading a chart takes a while
        }
    }
    progress->update(written);
    progress->end();
    return out.ok();
}

} // namespace

Status generateDemo(const QString& outDir, const DemoOptions& options, Progress* progress,
                    DemoSummary* summary, QString* error)
{
    QString unused;
    if (!error)
        error = &unused;
    const auto failed = [error] {
        return Status::failed(*error);
    };
    if (options.users < 1 || options.events < 0) {
        *error = QStringLiteral("demo options: users must be at least 1 and events at least 0");
        return failed();
    }
    if (!QDir().mkpath(outDir)) {
        *error = outDir + QStringLiteral(": cannot create the folder");
        return failed();
    }
    if (!progress)
        progress = silentProgress();
    // All files are opened first (fail before the long work) and committed only once all
    // are written, so a failed or cancelled run leaves an earlier demo in the folder as it was.
    enum File { Team, Accounts, Users, Touches, Migrations, Sessions, Events };
    static const char* const names[] = {
        "team.csv",     "accounts.csv", "users.csv", "campaign_touches.csv", "user_migrations.csv",
        "sessions.csv", "events.csv"};
    std::vector<std::unique_ptr<CsvFile>> files;
    for (const char* name : names) {
        files.push_back(std::make_unique<CsvFile>(QDir(outDir).filePath(QLatin1String(name))));
        if (!files.back()->open(error))
            return failed();
    }
    // A write step returns false when cancelled or when writing failed; ok() tells which
    // (finish() then says why; a cancel does not wait for the disk).
    const auto stopped = [&](File file) {
        if (files[file]->ok())
            return Status::cancelled();
        files[file]->finish(error);
        return failed();
    };
    DemoDataSet data(options);
    DemoSummary counts;
    data.makeAccounts();
    data.makeUsers();
    data.writeTeam(*files[Team]);
    data.writeAccounts(*files[Accounts]);
    data.writeUsers(*files[Users]);
    counts.campaignTouches = data.writeCampaignTouches(*files[Touches]);
    if (!data.planSessions(progress))
        return Status::cancelled();
    counts.migrations = data.writeMigrations(*files[Migrations]);
    if (!data.writeSessions(*files[Sessions], progress))
        return stopped(Sessions);
    if (!data.writeEvents(*files[Events], progress))
        return stopped(Events);
    counts.teamMembers = qint64(teamRoster().size());
    counts.accounts = data.accountCount();
    counts.users = options.users;
    counts.sessions = data.sessionCount();
    counts.events = options.events;
    counts.usersOnlyInEvents = data.anonymousCount();
    for (const auto& file : files)
        if (!file->finish(error))
            return failed();
    for (const auto& file : files)
        if (!file->commit(error))
            return failed();
    if (summary)
        *summary = counts;
    return Status::done();
}

} // namespace pulsebook
