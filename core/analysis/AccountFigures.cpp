#include "AccountFigures.h"

#include "UserParts.h"
#include "WorkspaceCheck.h"

#include "sync/FieldParser.h"
#include "workspace/Workspace.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>

namespace pulsebook {

namespace {

constexpr qint64 Never = std::numeric_limits<qint64>::max();

// Whole days from `from` to `to`, rounded down.
double sentimentValue(const QVariant& v)
{
    const QString s = v.toString().trimmed();
    if (s.compare(QLatin1String("green"), Qt::CaseInsensitive) == 0)
        return 2;
    if (s.compare(QLatin1String("yellow"), Qt::CaseInsensitive) == 0)
        return 1;
    if (s.compare(QLatin1String("red"), Qt::CaseInsensitive) == 0)
        return 0;
    return Missing;
}

double numberOf(const QVariant& v)
{
    switch (v.typeId()) {
    case QMetaType::Double:
        return v.toDouble();
    case QMetaType::Bool:
        return v.toBool() ? 1 : 0;
    case QMetaType::QString: {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        return ok ? d : Missing;
    }
    default:
        return Missing;
    }
}

double share(qint64 part, qint64 whole)
{
    return whole > 0 ? double(part) / double(whole) : Missing;
}

} // namespace

bool AccountFigures::prepare(const AnalysisContext& context, const QList<AccountMetric>& metrics,
                             QString* error)
{
    m_index = context.index;
    const EventIndex& index = *m_index;
    m_kpiEvents.clear();
    m_kpiOfType.assign(size_t(index.typeCount()), -1);
    bool needsOnboarding = false;
    for (const AccountMetric& m : metrics) {
        // An event the data does not have counts 0 (WorkspaceCheck warns); a missing column
        // cannot work.
        WorkspaceProblems problems;
        WorkspaceCheck::checkMetric(index, m, m.spelling, &problems);
        if (WorkspaceCheck::hasErrors(problems)) {
            if (error)
                *error = QStringLiteral("%1 (the workspace's scorecard or health score "
                                        "names it: pulsebook-cli workspace export FILE, edit, "
                                        "import)")
                             .arg(problems.constFirst().text());
            return false;
        }
        needsOnboarding = needsOnboarding || m.kind == AccountMetric::OnboardingRate;
        if (m.kind != AccountMetric::Kpi && m.kind != AccountMetric::KpiPerUser)
            continue;
        if (!m_kpiEvents.contains(m.argument))
            m_kpiEvents.append(m.argument);
        const int type = index.typeIndex(m.argument);
        if (type >= 0)
            m_kpiOfType[size_t(type)] = int(m_kpiEvents.indexOf(m.argument));
    }
    m_onboardedAt.clear();
    if (!needsOnboarding)
        return true;
    m_onboardedAt = onboardedTimes(index, context.workspace ? context.workspace->onboardingSteps
                                                            : QStringList());
    return true;
}

std::vector<qint64> AccountFigures::onboardedTimes(const EventIndex& index,
                                                   const QStringList& steps)
{
    std::vector<int> stepOfType(size_t(index.typeCount()), -1);
    for (qsizetype i = 0; i < steps.size(); ++i) {
        // A step the data does not have is never done: nobody completes onboarding.
        const int type = index.typeIndex(steps[i]);
        if (type >= 0)
            stepOfType[size_t(type)] = int(i);
    }
    // Each user's time of completion: the latest of the steps' first times.
    std::vector<qint64> onboardedAt(size_t(index.userCount()), steps.isEmpty() ? 0 : Never);
    if (steps.isEmpty())
        return onboardedAt;
    const size_t stepCount = size_t(steps.size());
    forEachUserPart(index, userPartCount(index), [&](int, int first, int last) {
        std::vector<qint64> firstTime(stepCount);
        for (int u = first; u < last; ++u) {
            std::fill(firstTime.begin(), firstTime.end(), Never);
            size_t found = 0;
            for (size_t e = index.eventBegin(u); e < index.eventEnd(u) && found < stepCount; ++e) {
                const int s = stepOfType[index.type(e)];
                if (s >= 0 && firstTime[size_t(s)] == Never) {
                    firstTime[size_t(s)] = index.time(e);
                    ++found;
                }
            }
            if (found == stepCount)
                onboardedAt[size_t(u)] = *std::max_element(firstTime.begin(), firstTime.end());
        }
    });
    return onboardedAt;
}

qint64 AccountFigures::weeklyActiveUsers(int a, qint64 asOfMs) const
{
    const EventIndex& index = *m_index;
    if (index.accountUsers(a).empty() && !index.rollupUsers(a).empty() &&
        asOfMs == index.rollupAsOfMs())
        return usage(a, asOfMs).wau; // the warehouse's rollup
    // usage()'s rule: the user's latest event before as_of is in its last 7 days.
    const qint64* times = index.times();
    const qint64 from7 = asOfMs - 7 * DayMs;
    qint64 wau = 0;
    for (const int u : index.accountUsers(a)) {
        const size_t begin = index.eventBegin(u);
        const size_t end =
            size_t(std::lower_bound(times + begin, times + index.eventEnd(u), asOfMs) - times);
        if (end > begin && times[end - 1] >= from7)
            ++wau;
    }
    return wau;
}

double AccountFigures::daysBetween(qint64 from, qint64 to)
{
    const qint64 d = to - from;
    return double(d >= 0 ? d / DayMs : -((-d + DayMs - 1) / DayMs));
}

AccountUsage AccountFigures::usage(int a, qint64 asOfMs) const
{
    const EventIndex& index = *m_index;
    AccountUsage r;
    r.kpiCounts.assign(size_t(m_kpiEvents.size()), 0);
    const qint64 from7 = asOfMs - 7 * DayMs;
    const qint64 from30 = asOfMs - 30 * DayMs;
    const qint64* times = index.times();
    const quint16* types = index.types();
    const bool countKpis = !m_kpiEvents.isEmpty();
    // An account without local users but in the warehouse's rollup, asked as of the rollup's
    // time: its figures come from there.
    if (index.accountUsers(a).empty() && !index.rollupUsers(a).empty() &&
        asOfMs == index.rollupAsOfMs()) {
        r.fromWarehouseRollup = true;
        for (const WarehouseRollupUser& u : index.rollupUsers(a)) {
            ++r.users;
            if (u.sessions30 > 0) {
                ++r.activeUsers;
                ++r.mau;
            }
            if (u.lastSessionMs >= from7)
                ++r.wau;
            r.lastActivityMs = std::max(r.lastActivityMs, u.lastSessionMs);
            for (qsizetype k = 0; k < m_kpiEvents.size(); ++k)
                r.kpiCounts[size_t(k)] += u.kpiCounts.value(m_kpiEvents[k]);
        }
        return r;
    }
    for (const int u : index.accountUsers(a)) {
        ++r.users;
        const size_t begin = index.eventBegin(u);
        const size_t end =
            size_t(std::lower_bound(times + begin, times + index.eventEnd(u), asOfMs) - times);
        if (end > begin)
            r.lastActivityMs = std::max(r.lastActivityMs, times[end - 1]);
        const size_t e30 = size_t(std::lower_bound(times + begin, times + end, from30) - times);
        if (e30 < end) {
            ++r.activeUsers;
            ++r.mau;
            if (times[end - 1] >= from7)
                ++r.wau;
        }
        if (countKpis) {
            for (size_t e = e30; e < end; ++e) {
                const int k = m_kpiOfType[types[e]];
                if (k >= 0)
                    ++r.kpiCounts[size_t(k)];
            }
        }
        if (!m_onboardedAt.empty() && m_onboardedAt[size_t(u)] < asOfMs)
            ++r.onboardedUsers;
    }
    return r;
}

qint64 AccountFigures::date(int a, const QString& column) const
{
    const QVariant v = m_index->accountProperty(a, column);
    if (v.typeId() == QMetaType::LongLong)
        return v.toLongLong();
    if (v.typeId() != QMetaType::QString)
        return NoDate;
    // An extra column of accounts.csv is kept as text: a date if it reads as one.
    const QByteArray text = v.toString().trimmed().toUtf8();
    qint64 ms = 0;
    QString reason;
    if (text.isEmpty() ||
        !FieldParser::timestamp(std::string_view(text.constData(), size_t(text.size())), &ms,
                                &reason))
        return NoDate;
    return ms;
}

qint64 AccountFigures::dateAsOf(int a, const QString& column, qint64 asOfMs) const
{
    const qint64 ms = date(a, column);
    return ms != NoDate && ms < asOfMs ? ms : NoDate;
}

bool AccountFigures::isLaterData(const AccountMetric& metric, int a, qint64 asOfMs) const
{
    if (metric.kind != AccountMetric::DaysSince)
        return false;
    const qint64 ms = date(a, metric.argument);
    return ms != NoDate && ms >= asOfMs;
}

double AccountFigures::number(const AccountMetric& metric, int a, qint64 asOfMs,
                              const AccountUsage& usage, double health) const
{
    const EventIndex& index = *m_index;
    const auto property = [&](const char* name) {
        return numberOf(index.accountProperty(a, QLatin1String(name)));
    };
    switch (metric.kind) {
    case AccountMetric::Name:
    case AccountMetric::AccountId:
    case AccountMetric::Csm:
    case AccountMetric::MetricsGroup:
    case AccountMetric::RenewalQuarter:
    case AccountMetric::RenewalOutcome:
        return Missing;
    case AccountMetric::Arr:
        return property("arr");
    case AccountMetric::OpenNewArr:
        return property("open_new_arr");
    case AccountMetric::WinsPastYear:
        return property("wins_past_year");
    case AccountMetric::ProductsAdopted:
        return property("products_adopted");
    case AccountMetric::Sentiment:
        return sentimentValue(index.accountProperty(a, QStringLiteral("sentiment")));
    case AccountMetric::HasSuccessPlan:
        return property("has_success_plan");
    case AccountMetric::DaysSince: {
        const qint64 date = dateAsOf(a, metric.argument, asOfMs);
        return date == NoDate ? Missing : daysBetween(date, asOfMs);
    }
    case AccountMetric::DaysToRenewal: {
        const QVariant v = index.accountProperty(a, QStringLiteral("renewal_date"));
        return v.typeId() == QMetaType::LongLong ? daysBetween(asOfMs, v.toLongLong()) : Missing;
    }
    case AccountMetric::Property:
        return numberOf(index.accountProperty(a, metric.argument));
    case AccountMetric::Users:
        return double(usage.users);
    case AccountMetric::ActiveUsers:
        return double(usage.activeUsers);
    case AccountMetric::Wau:
        return double(usage.wau);
    case AccountMetric::Mau:
        return double(usage.mau);
    case AccountMetric::WauShare:
        return share(usage.wau, usage.users);
    case AccountMetric::MauShare:
        return share(usage.mau, usage.users);
    case AccountMetric::Kpi:
    case AccountMetric::KpiPerUser: {
        const qsizetype k = m_kpiEvents.indexOf(metric.argument);
        const qint64 count = k >= 0 ? usage.kpiCounts[size_t(k)] : 0;
        return metric.kind == AccountMetric::Kpi ? double(count) : share(count, usage.users);
    }
    case AccountMetric::OnboardingRate:
        return usage.fromWarehouseRollup ? Missing : share(usage.onboardedUsers, usage.users);
    case AccountMetric::DaysSinceLastActivity:
        return usage.lastActivityMs < 0 ? Missing : daysBetween(usage.lastActivityMs, asOfMs);
    case AccountMetric::HealthScore:
        return health;
    }
    return Missing;
}

QString AccountFigures::text(const AccountMetric& metric, int a, qint64 asOfMs, double number) const
{
    const EventIndex& index = *m_index;
    const auto property = [&](const QString& name) {
        const QVariant v = index.accountProperty(a, name);
        if (v.typeId() == QMetaType::LongLong)
            return FieldParser::formatDate(v.toLongLong());
        return v.toString();
    };
    switch (metric.kind) {
    case AccountMetric::Name:
        return property(QStringLiteral("name"));
    case AccountMetric::AccountId:
        return index.accountId(a);
    case AccountMetric::Csm:
        return property(QStringLiteral("csm"));
    case AccountMetric::MetricsGroup:
        return property(QStringLiteral("metrics_group"));
    case AccountMetric::RenewalOutcome:
        return property(QStringLiteral("renewal_outcome"));
    case AccountMetric::RenewalQuarter: {
        const QVariant v = index.accountProperty(a, QStringLiteral("renewal_date"));
        if (v.typeId() != QMetaType::LongLong)
            return {};
        const QDate d = QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC).date();
        return QStringLiteral("%1 Q%2").arg(d.year()).arg((d.month() - 1) / 3 + 1);
    }
    case AccountMetric::Sentiment:
        return property(QStringLiteral("sentiment"));
    case AccountMetric::HasSuccessPlan:
        return std::isnan(number) ? QString()
               : number != 0      ? QStringLiteral("yes")
                                  : QStringLiteral("no");
    case AccountMetric::Property:
        if (std::isnan(number))
            return property(metric.argument);
        break;
    default:
        break;
    }
    Q_UNUSED(asOfMs);
    if (std::isnan(number))
        return {};
    if (number == std::floor(number) && std::abs(number) < 1e15)
        return QString::number(qint64(number));
    return QString::number(number, 'f', 2);
}

} // namespace pulsebook
