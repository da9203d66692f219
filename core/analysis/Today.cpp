#include "Today.h"

#include "Scorecard.h"

#include "sync/FieldParser.h"
#include "workspace/Workspace.h"

#include <QDate>

#include <algorithm>
#include <array>
#include <cmath>
#include <thread>

namespace pulsebook {

namespace {

// A kind's lines and the accounts (and users) they count, as of one time.
struct KindLines
{
    std::vector<TodayLine> lines;
    QStringList accountIds;
    QStringList userIds; // Onboarding with the lines (Detail::Lines)
    qint64 users = 0;    // Onboarding: the stuck users
    bool known = true;
};
using AllKinds = std::array<KindLines, TodayKindCount>;

int bandRank(Rag rag)
{
    return rag == Rag::Green ? 2 : rag == Rag::Yellow ? 1 : rag == Rag::Red ? 0 : -1;
}

QString score(double value)
{
    // Two decimals, as the scorecard shows scores: one would show 7.04 -> 6.96 as 7.0 -> 7.0.
    return std::isnan(value) ? QStringLiteral("none") : QString::number(value, 'f', 2);
}

// "1 day", "20 days".
QString counted(qint64 n, const char* unit)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(unit) +
                                              (n == 1 ? QString() : QStringLiteral("s")));
}

// What collect() makes: the lines a view shows, or only the counts the tiles compare with.
enum class Detail : quint8 { Lines, Counts };

// Today's lines as of one time; one instance per runToday().
class TodayRun
{
public:
    TodayRun(const AnalysisContext& context, const ScorecardEngine& engine,
             const std::vector<int>& accounts, const Workspace& workspace)
        : m_context(context), m_engine(engine), m_accounts(accounts), m_index(*context.index),
          m_today(workspace.today), m_steps(workspace.onboardingSteps)
    {
        // When each user finished onboarding, read once for every as-of time: the scorecard's
        // own when it has them (an onboarding-rate column), else scanned here.
        if (!m_steps.isEmpty()) {
            if (context.workspace && !engine.figures().onboardedAt().empty())
                m_onboardedAt = &engine.figures().onboardedAt();
            else
                m_onboardedAt =
                    &(m_ownOnboardedAt = AccountFigures::onboardedTimes(m_index, m_steps));
        }
    }

    // The lines as of asOfMs, "since the last sync" from syncAsOfMs (-1: none recorded); with
    // Detail::Counts, only what the tiles count (no stuck users' IDs).
    bool collect(qint64 asOfMs, qint64 syncAsOfMs, Detail detail, AllKinds* out) const
    {
        std::vector<ScorecardRow> now, weekAgo;
        if (!m_engine.evaluateAll(m_accounts, asOfMs, false, &now) ||
            !m_engine.evaluateAll(m_accounts, asOfMs - 7 * DayMs, false, &weekAgo))
            return false;
        KindLines& sinceSync = kind(out, TodayKind::SinceLastSync);
        if (syncAsOfMs < 0) {
            sinceSync.known = false;
            note(&sinceSync, TodayKind::SinceLastSync,
                 QStringLiteral("No previous sync recorded the as-of time of its data: nothing "
                                "to compare with until the next sync"));
        } else if (syncAsOfMs >= asOfMs) {
            note(&sinceSync, TodayKind::SinceLastSync,
                 QStringLiteral("The previous sync's data was as of %1, not before %2: nothing "
                                "to compare")
                     .arg(day(syncAsOfMs), day(asOfMs)));
        } else {
            std::vector<ScorecardRow> atSync;
            if (!m_engine.evaluateAll(m_accounts, syncAsOfMs, false, &atSync))
                return false;
            worse(atSync, now, TodayKind::SinceLastSync,
                  QStringLiteral("the last sync (%1)").arg(day(syncAsOfMs)), &sinceSync);
        }
        worse(weekAgo, now, TodayKind::SinceWeekAgo,
              QStringLiteral("a week ago (%1)").arg(day(asOfMs - 7 * DayMs)),
              &kind(out, TodayKind::SinceWeekAgo));
        renewals(now, asOfMs, &kind(out, TodayKind::Renewal));
        silent(now, asOfMs, &kind(out, TodayKind::Silent));
        // The stuck users on a thread of their own while the weekly active users are counted:
        // each only reads the index and fills its own kind.
        std::thread stuck([&] { onboarding(asOfMs, detail, &kind(out, TodayKind::Onboarding)); });
        const bool counted = wauDrops(asOfMs, &kind(out, TodayKind::WauDrop));
        stuck.join();
        return counted;
    }

private:
    static KindLines& kind(AllKinds* all, TodayKind k) { return (*all)[size_t(k)]; }

    QString day(qint64 ms) const { return m_context.calendar.date(ms).toString(Qt::ISODate); }

    QString name(int a) const
    {
        const QString n = m_index.accountProperty(a, QStringLiteral("name")).toString();
        return n.isEmpty() ? m_index.accountId(a) : n;
    }

    static void note(KindLines* lines, TodayKind k, const QString& text)
    {
        TodayLine line;
        line.kind = k;
        line.text = text;
        lines->lines.push_back(line);
    }

    void addAccount(KindLines* lines, TodayKind k, int a, const QString& text) const
    {
        TodayLine line;
        line.kind = k;
        line.account = a;
        line.accountId = m_index.accountId(a);
        line.text = text;
        line.list = {line.accountId};
        lines->accountIds.append(line.accountId);
        lines->lines.push_back(line);
    }

    // Accounts that turned Red or fell a health band between `before` and `after`.
    void worse(const std::vector<ScorecardRow>& before, const std::vector<ScorecardRow>& after,
               TodayKind k, const QString& since, KindLines* out) const
    {
        const HealthScoreDefinition& health = m_engine.health();
        for (size_t i = 0; i < m_accounts.size(); ++i) {
            const ScorecardRow& was = before[i];
            const ScorecardRow& is = after[i];
            QStringList what;
            if (is.status == Rag::Red && was.status != Rag::Red)
                what << QStringLiteral("turned Red");
            const Rag bandWas = health.band(was.health.score);
            const Rag bandIs = health.band(is.health.score);
            if (bandRank(bandWas) >= 0 && bandRank(bandIs) >= 0 &&
                bandRank(bandIs) < bandRank(bandWas))
                what << QStringLiteral("fell from health band %1 to %2 (%3 -> %4)")
                            .arg(ragName(bandWas), ragName(bandIs), score(was.health.score),
                                 score(is.health.score));
            if (what.isEmpty())
                continue;
            QString text = QStringLiteral("%1 %2 since %3")
                               .arg(name(m_accounts[i]), what.join(QStringLiteral(" and ")), since);
            const QStringList columns = colourChanges(m_engine.columns(), was, is);
            if (!columns.isEmpty())
                text += QStringLiteral(": ") + columns.join(QStringLiteral(", "));
            addAccount(out, k, m_accounts[i], text);
        }
    }

    void renewals(const std::vector<ScorecardRow>& rows, qint64 asOfMs, KindLines* out) const
    {
        AccountMetric daysTo;
        daysTo.kind = AccountMetric::DaysToRenewal;
        struct Due
        {
            double days;
            size_t i;
        };
        std::vector<Due> due;
        for (size_t i = 0; i < m_accounts.size(); ++i) {
            const double days =
                m_engine.figures().number(daysTo, m_accounts[i], asOfMs, AccountUsage());
            if (!std::isnan(days) && days >= 0 && days <= m_today.renewalDays &&
                rows[i].status != Rag::Green)
                due.push_back({days, i});
        }
        std::stable_sort(due.begin(), due.end(),
                         [](const Due& x, const Due& y) { return x.days < y.days; });
        for (const Due& d : due) {
            const int a = m_accounts[d.i];
            const qint64 date = m_engine.figures().date(a, QStringLiteral("renewal_date"));
            const Rag status = rows[d.i].status;
            addAccount(out, TodayKind::Renewal, a,
                       QStringLiteral("%1 renews in %2 (%3) and its status is %4")
                           .arg(name(a), counted(qint64(d.days), "day"))
                           .arg(FieldParser::formatDate(date), status == Rag::NoData
                                                                   ? QStringLiteral("no data")
                                                                   : ragName(status)));
        }
    }

    void silent(const std::vector<ScorecardRow>& rows, qint64 asOfMs, KindLines* out) const
    {
        for (size_t i = 0; i < m_accounts.size(); ++i) {
            if (!rows[i].silent)
                continue;
            const int a = m_accounts[i];
            const qint64 last = m_engine.figures().usage(a, asOfMs).lastActivityMs;
            addAccount(out, TodayKind::Silent, a,
                       QStringLiteral("%1 is silent: no CSM contact and no usage in %2 (%3)")
                           .arg(name(a), counted(m_engine.columns().silentDays, "day"))
                           .arg(last < 0 ? QStringLiteral("no activity ever")
                                         : QStringLiteral("last activity %1").arg(day(last))));
        }
    }

    // When user u joined: users.csv's joindate, else their first event; -1 when neither.
    qint64 joined(int u, int joinColumn) const
    {
        if (joinColumn >= 0) {
            const QVariant& v = m_index.userPropertyAt(joinColumn, u);
            if (v.typeId() == QMetaType::LongLong)
                return v.toLongLong();
        }
        return m_index.eventBegin(u) < m_index.eventEnd(u) ? m_index.time(m_index.eventBegin(u))
                                                           : -1;
    }

    // Users of the selected accounts (and the segment) who joined at least onboardingDays
    // before asOfMs and had not done every step before it (docs/definitions.md, "Onboarding
    // gaps": a step the data lacks is never done).
    void onboarding(qint64 asOfMs, Detail detail, KindLines* out) const
    {
        if (m_steps.isEmpty()) {
            out->known = false;
            note(out, TodayKind::Onboarding,
                 QStringLiteral("The workspace lists no onboarding steps (pulsebook-cli "
                                "workspace set onboarding_steps \"A,B,C\")"));
            return;
        }
        const qint64 joinedBy = asOfMs - qint64(m_today.onboardingDays) * DayMs;
        const int joinColumn = m_index.userPropertyColumn(QStringLiteral("joindate"));
        std::vector<std::vector<int>> stuck(size_t(m_index.accountCount()));
        for (const int a : m_accounts) {
            for (const int u : m_index.accountUsers(a)) {
                if (!m_context.inSegment(u) || (*m_onboardedAt)[size_t(u)] < asOfMs)
                    continue;
                const qint64 t = joined(u, joinColumn);
                if (t >= 0 && t <= joinedBy && t < asOfMs)
                    stuck[size_t(a)].push_back(u);
            }
        }
        std::vector<int> order;
        for (const int a : m_accounts) {
            if (!stuck[size_t(a)].empty()) {
                order.push_back(a);
                out->users += qint64(stuck[size_t(a)].size());
            }
        }
        std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
            return stuck[size_t(x)].size() > stuck[size_t(y)].size();
        });
        if (detail == Detail::Counts) {
            for (const int a : order)
                out->accountIds.append(m_index.accountId(a));
            return;
        }
        // ID order (FieldParser::IdKey): every stuck user's key made once and sorted once, then
        // dealt to their accounts in that order (converting IDs on every comparison, or once per
        // account list, was most of Today's time on a big book).
        struct Keyed
        {
            FieldParser::IdKey key;
            int user;
        };
        std::vector<Keyed> keyed;
        keyed.reserve(size_t(out->users));
        for (const int a : order) {
            for (const int u : stuck[size_t(a)])
                keyed.push_back({FieldParser::IdKey::of(m_index.userId(u)), u});
        }
        std::sort(keyed.begin(), keyed.end(),
                  [](const Keyed& x, const Keyed& y) { return x.key < y.key; });
        std::vector<QStringList> users(size_t(m_index.accountCount()));
        out->userIds.reserve(qsizetype(keyed.size()));
        for (const Keyed& k : keyed) {
            const QString id = m_index.userId(k.user);
            users[size_t(m_index.userAccount(k.user))].append(id);
            out->userIds.append(id);
        }
        for (const int a : order) {
            addAccount(out, TodayKind::Onboarding, a,
                       QStringLiteral("%1: %2 of its users joined %3 or more days ago and still "
                                      "miss onboarding steps")
                           .arg(name(a))
                           .arg(users[size_t(a)].size())
                           .arg(m_today.onboardingDays));
            out->lines.back().listOf = TodayLine::ListOf::Users;
            out->lines.back().list = std::move(users[size_t(a)]);
        }
    }

    bool wauDrops(qint64 asOfMs, KindLines* out) const
    {
        struct Drop
        {
            double share;
            size_t i;
            qint64 wau;
            double mean;
        };
        std::vector<Drop> drops;
        Progress* progress = m_context.progress;
        progress->start(QStringLiteral("Weekly active users"), qint64(m_accounts.size()));
        const int weeks = m_today.wauWeeks;
        for (size_t i = 0; i < m_accounts.size(); ++i) {
            if (i % 32 == 0 && !progress->update(qint64(i))) {
                progress->end();
                return false; // cancelled: outcome() says so, without a text
            }
            const int a = m_accounts[i];
            const AccountFigures& figures = m_engine.figures();
            const qint64 wau = figures.weeklyActiveUsers(a, asOfMs);
            qint64 sum = 0;
            for (int w = 1; w <= weeks; ++w)
                sum += figures.weeklyActiveUsers(a, asOfMs - 7 * w * DayMs);
            if (sum == 0)
                continue;
            // Fell by at least wau_drop of the mean: mean - wau >= drop x mean, in whole
            // numbers times `weeks` so that exactly a third counts (with 1/3's rounding).
            const double fall = double(sum - qint64(weeks) * wau);
            if (fall >= m_today.wauDrop * double(sum) * (1 - 1e-9))
                drops.push_back({fall / double(sum), i, wau, double(sum) / weeks});
        }
        progress->end();
        std::stable_sort(drops.begin(), drops.end(),
                         [](const Drop& x, const Drop& y) { return x.share > y.share; });
        for (const Drop& d : drops) {
            const int a = m_accounts[d.i];
            addAccount(out, TodayKind::WauDrop, a,
                       QStringLiteral("%1: weekly active users fell %2% to %3 from a mean of %4 "
                                      "over the previous %5")
                           .arg(name(a))
                           .arg(qRound(d.share * 100))
                           .arg(d.wau)
                           .arg(QString::number(d.mean, 'f', 1), counted(weeks, "week")));
        }
        return true;
    }

    const AnalysisContext& m_context;
    const ScorecardEngine& m_engine;
    const std::vector<int>& m_accounts;
    const EventIndex& m_index;
    TodayDefinition m_today;
    QStringList m_steps;
    const std::vector<qint64>* m_onboardedAt = nullptr;
    std::vector<qint64> m_ownOnboardedAt;
};

} // namespace

QString todayKindId(TodayKind kind)
{
    switch (kind) {
    case TodayKind::SinceLastSync:
        return QStringLiteral("since_last_sync");
    case TodayKind::SinceWeekAgo:
        return QStringLiteral("since_week_ago");
    case TodayKind::Renewal:
        return QStringLiteral("renewal");
    case TodayKind::Silent:
        return QStringLiteral("silent");
    case TodayKind::Onboarding:
        return QStringLiteral("onboarding");
    case TodayKind::WauDrop:
        return QStringLiteral("wau_drop");
    }
    return {};
}

QString todayKindTitle(TodayKind kind)
{
    switch (kind) {
    case TodayKind::SinceLastSync:
        return QStringLiteral("Worse since the last sync");
    case TodayKind::SinceWeekAgo:
        return QStringLiteral("Worse since a week ago");
    case TodayKind::Renewal:
        return QStringLiteral("Renewing, not Green");
    case TodayKind::Silent:
        return QStringLiteral("Silent accounts");
    case TodayKind::Onboarding:
        return QStringLiteral("Stuck in onboarding");
    case TodayKind::WauDrop:
        return QStringLiteral("Weekly active users fell");
    }
    return {};
}

static bool computeToday(const AnalysisContext& context, const TodayParams& params,
                         TodayResult* result, QString* error)
{
    ScorecardEngine engine;
    std::vector<int> accounts;
    if (!engine.prepare(context, error) || !engine.selectAccounts(params.node, &accounts, error))
        return false;
    const Workspace fallback = Workspace::defaults();
    const Workspace& workspace = context.workspace ? *context.workspace : fallback;
    TodayResult r;
    const qint64 latest = context.index->previousSyncLatestEventMs();
    r.lastSyncAsOfMs = latest < 0 ? -1 : context.calendar.midnightAfter(latest);
    const TodayRun run(context, engine, accounts, workspace);
    AllKinds now, monthAgo;
    const qint64 monthMs = 30 * DayMs;
    if (!run.collect(context.asOfMs, r.lastSyncAsOfMs, Detail::Lines, &now) ||
        !run.collect(context.asOfMs - monthMs,
                     r.lastSyncAsOfMs < 0 ? -1 : r.lastSyncAsOfMs - monthMs, Detail::Counts,
                     &monthAgo))
        return false;
    for (int k = 0; k < TodayKindCount; ++k) {
        const KindLines& is = now[size_t(k)];
        const KindLines& was = monthAgo[size_t(k)];
        TodayTile tile;
        tile.kind = TodayKind(k);
        tile.known = is.known;
        tile.accounts = is.accountIds.size();
        tile.accountsMonthAgo = was.known ? was.accountIds.size() : -1;
        tile.accountIds = is.accountIds;
        if (tile.kind == TodayKind::Onboarding) {
            tile.users = is.users;
            tile.usersMonthAgo = was.known ? was.users : -1;
            tile.userIds = is.userIds;
        }
        r.tiles.push_back(tile);
        r.lines.insert(r.lines.end(), is.lines.begin(), is.lines.end());
    }
    r.definition = context.baseDefinition(QStringLiteral("today"));
    if (!params.node.isEmpty())
        r.definition.insert(QStringLiteral("node"), params.node);
    r.definition.insert(QStringLiteral("today"), workspace.today.toJson());
    if (r.lastSyncAsOfMs >= 0)
        r.definition.insert(QStringLiteral("last_sync_as_of"),
                            FieldParser::formatTimestamp(r.lastSyncAsOfMs));
    *result = std::move(r);
    return true;
}

Status runToday(const AnalysisContext& context, const TodayParams& params, TodayResult* result,
                QString* error)
{
    return context.outcome(computeToday(context, params, result, error), error);
}

} // namespace pulsebook
