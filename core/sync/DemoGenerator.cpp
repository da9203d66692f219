#include "DemoGenerator.h"

#include "DemoDataSet.h"
#include "Progress.h"

#include <QDir>

#include <algorithm>
#include <charconv>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// The demo's files, written from its data set (DemoDataSet.cpp), and generateDemo().
namespace pulsebook::demo {

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
} // namespace pulsebook::demo

namespace pulsebook {

using namespace demo;

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
