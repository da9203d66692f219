#pragma once

// The demo's data set (DemoDataSet.cpp: the accounts, users and sessions, drawn from the seed)
// and the steps that write its files (DemoGenerator.cpp), for generateDemo() only.
#include "DemoGenerator.h"
#include "DemoNames.h"

#include <string>
#include <vector>

namespace pulsebook {
class Progress;
} // namespace pulsebook

namespace pulsebook::demo {

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

} // namespace pulsebook::demo
