#pragma once

#include "EventProperties.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QtGlobal>

#include <functional>
#include <memory>
#include <vector>

namespace pulsebook {

class Cache;
class Database;
class Progress;

// An immutable, in-memory, columnar snapshot of a cache for the analyses (docs/architecture.md;
// "Analysis engine"): every user's events in (time, event ID) order, their sessions, users and
// accounts with their properties. Built once after a sync (or on open) and shared read-only between
// worker threads.
//
// Users are numbered densely, 0 .. userCount() - 1, in uid order; users merged into another
// (user_migrations.csv) are left out: their events belong to the surviving user.
// A person of team.csv: the hierarchy VP -> director -> manager -> CSM.
struct TeamMember
{
    QString person;
    QString role;
    QString manager; // empty at the top
};

// A campaign touch (campaign_touches.csv), of a user of the index.
struct CampaignTouch
{
    enum Stage : quint8 { Delivered = 0, Opened = 1, Clicked = 2 };
    int user = -1;
    qint64 timeMs = 0;
    Stage stage = Delivered;
};

// A user's usage rollup computed in a warehouse (the cache's user_rollup), as of rollupAsOfMs.
struct WarehouseRollupUser
{
    qint64 sessions30 = 0;
    qint64 lastSessionMs = -1;
    QHash<QString, qint64> kpiCounts; // KPI event -> count in the last 30 days
};

class EventIndex
{
public:
    // Reads the cache. Null with *error (the cache's path and the reason) on failure; null with
    // *error untouched when `progress` was cancelled (a cancel is no failure).
    static std::shared_ptr<const EventIndex> load(Cache& cache, Progress* progress, QString* error);

    // --- the as-of time (docs/definitions.md): UTC midnight ending the latest event's day.
    qint64 defaultAsOfMs() const { return m_defaultAsOfMs; }
    // The latest event in the cache after the sync before the last one (UTC ms), for "since
    // the last sync" (Today); -1 when there was no such sync or it was not recorded (before
    // schema 3).
    qint64 previousSyncLatestEventMs() const { return m_previousSyncLatestEventMs; }

    // --- events
    size_t eventCount() const { return m_time.size(); }
    // Events of user u are [eventBegin(u), eventEnd(u)), in (time, event ID) order.
    size_t eventBegin(int u) const { return m_userStart[size_t(u)]; }
    size_t eventEnd(int u) const { return m_userStart[size_t(u) + 1]; }
    qint64 time(size_t e) const { return m_time[e]; }
    int type(size_t e) const { return m_type[e]; }
    const qint64* times() const { return m_time.data(); }
    const quint16* types() const { return m_type.data(); }

    // Event types (names), numbered densely 0 .. typeCount() - 1.
    int typeCount() const { return int(m_typeNames.size()); }
    QString typeName(int t) const { return m_typeNames[t]; }
    // The event of that name; else the one whose name equals it without regard to case, when
    // only one does ("login" finds "Login"); else -1. Definitions and options resolve here.
    int typeIndex(const QString& name) const;

    // Event properties (path, title, referrer, extra columns): a value id per event, 0 = none.
    // Decoded on first use (EventProperties): the first of these calls after the open takes
    // the time (about 0.1 s a property at 10M events); safe from any thread.
    QStringList eventPropertyNames() const { return m_eventProperties->columns().names; }
    // -1 when the events have no such property (or their properties are damaged:
    // eventPropertyError() says so).
    int eventPropertyColumn(const QString& name) const;
    quint32 eventPropertyValue(int column, size_t e) const
    {
        return m_eventProperties->columns().values[size_t(column)][e];
    }
    QString eventValueText(quint32 value) const
    {
        return m_eventProperties->columns().texts[value];
    }
    // Empty unless a chunk's property columns could not be decoded.
    QString eventPropertyError() const { return m_eventProperties->columns().error; }
    // Whether the property columns were decoded yet (for tests and timings).
    bool eventPropertiesDecoded() const { return m_eventProperties->isDecoded(); }

    // --- sessions: start times of user u's sessions, ascending.
    size_t sessionBegin(int u) const { return m_sessionStart[size_t(u)]; }
    size_t sessionEnd(int u) const { return m_sessionStart[size_t(u) + 1]; }
    qint64 sessionTime(size_t s) const { return m_sessionTime[s]; }

    // --- users
    int userCount() const { return int(m_userId.size()); }
    QString userId(int u) const { return m_userId[size_t(u)]; }
    // The user's account (index into accounts), or -1.
    int userAccount(int u) const { return m_userAccount[size_t(u)]; }
    // -1 when unknown (also for merged users).
    int userIndex(const QString& userId) const { return m_userIndex.value(userId, -1); }
    // Property names: the built-in columns (user_id, identity, email, account_id, joindate,
    // last_modified) and every extra column of users.csv.
    QStringList userPropertyNames() const { return m_userPropertyNames; }
    // Text, a number (double) or a time (qint64 UTC ms, for joindate/last_modified); invalid when
    // missing.
    QVariant userProperty(int u, const QString& name) const;
    // The position of `name` in userPropertyNames() (-1: none), to read many users' values
    // without a lookup each.
    int userPropertyColumn(const QString& name) const
    {
        return int(m_userPropertyNames.indexOf(name));
    }
    const QVariant& userPropertyAt(int column, int u) const
    {
        return m_userProperty[size_t(column)][size_t(u)];
    }

    // --- accounts
    int accountCount() const { return int(m_accountId.size()); }
    QString accountId(int a) const { return m_accountId[size_t(a)]; }
    int accountIndex(const QString& accountId) const { return m_accountIndex.value(accountId, -1); }
    // Users of account a, ascending.
    const std::vector<int>& accountUsers(int a) const { return m_accountUsers[size_t(a)]; }
    // Built-in columns of accounts.csv (name, csm, metrics_group, renewal_date, arr, ...) and its
    // extra columns. Dates are qint64 UTC ms, amounts and counts doubles, booleans bool.
    QStringList accountPropertyNames() const { return m_accountPropertyNames; }
    QVariant accountProperty(int a, const QString& name) const;
    int accountPropertyColumn(const QString& name) const
    {
        return int(m_accountPropertyNames.indexOf(name));
    }
    const QVariant& accountPropertyAt(int column, int a) const
    {
        return m_accountProperty[size_t(column)][size_t(a)];
    }

    // --- team and campaigns
    // team.csv, in person order.
    const std::vector<TeamMember>& team() const { return m_team; }
    // Campaign names, sorted.
    QStringList campaignNames() const { return m_campaignNames; }
    // Touches of campaign c, in (user, time, stage) order; a merged user's touches are its
    // surviving user's.
    const std::vector<CampaignTouch>& campaignTouches(int c) const
    {
        return m_campaignTouches[size_t(c)];
    }

    // --- the warehouse's usage rollup, for accounts whose raw events were not synced (a scoped
    // warehouse sync): the rollup rows of account a's users; -1 as-of when there is none.
    qint64 rollupAsOfMs() const { return m_rollupAsOfMs; }
    const std::vector<WarehouseRollupUser>& rollupUsers(int a) const
    {
        return m_rollupUsers[size_t(a)];
    }

private:
    EventIndex() = default;
    bool read(Cache& cache, Progress* progress, QString* error);
    bool readTeamAndTouches(Database& db, const std::vector<int>& userOfUid, QString* error);
    bool readRollup(Database& db, QString* error);
    // Opens `second` like `db` in a read transaction that sees db's snapshot (the same last
    // sync), for reading on another thread; false (and `second` unusable) otherwise.
    static bool beginSameSnapshot(Database& second, Database& db);
    // The users' rows (IDs, accounts, properties) through `from`, in uid order: `uids` are the
    // numbers read before, which the rows must match.
    bool readUsers(Database& from, const std::vector<qint64>& uids,
                   const QHash<int, QString>& keyNames, QString* error);
    // Events and sessions from their chunks (EventIndexChunks.cpp); users and types are read.
    bool readChunks(Database& db, size_t users, const std::vector<int>& userOfUid,
                    const std::vector<int>& typeOfId, const QHash<int, QString>& keyNames,
                    Progress* progress, const std::function<void(const char*)>& phase,
                    QString* error);

    qint64 m_defaultAsOfMs = 0;
    qint64 m_previousSyncLatestEventMs = -1;
    std::vector<size_t> m_userStart;
    LargeArray<qint64> m_time;
    LargeArray<quint16> m_type;
    std::vector<QString> m_typeNames;
    QHash<QString, int> m_typeIndex;
    QHash<QString, int> m_typeIndexFolded; // case-folded name -> type, -2 when not unique
    std::unique_ptr<EventProperties> m_eventProperties;

    std::vector<size_t> m_sessionStart;
    LargeArray<qint64> m_sessionTime;

    std::vector<QString> m_userId;
    std::vector<int> m_userAccount;
    QHash<QString, int> m_userIndex;
    QStringList m_userPropertyNames;
    std::vector<LargeArray<QVariant>> m_userProperty; // [property][user]

    std::vector<QString> m_accountId;
    QHash<QString, int> m_accountIndex;
    std::vector<std::vector<int>> m_accountUsers;
    QStringList m_accountPropertyNames;
    std::vector<LargeArray<QVariant>> m_accountProperty; // [property][account]

    qint64 m_rollupAsOfMs = -1;
    std::vector<std::vector<WarehouseRollupUser>> m_rollupUsers; // by account

    std::vector<TeamMember> m_team;
    QStringList m_campaignNames;
    std::vector<std::vector<CampaignTouch>> m_campaignTouches;
};

} // namespace pulsebook
