#include "AccountList.h"

#include "Onboarding.h"
#include "Rollup.h"

#include "workspace/Workspace.h"

#include <cmath>
#include <limits>

namespace pulsebook {

namespace {

constexpr qint64 MissingTime = std::numeric_limits<qint64>::min();
const double NoNumber = std::numeric_limits<double>::quiet_NaN();

const QLatin1String Users("users");
const QLatin1String ActiveUsers("active_users");
const QLatin1String Wau("wau");
const QLatin1String Mau("mau");
const QLatin1String LastActivity("last_activity");
const QLatin1String KpiPrefix("kpi:");
const QLatin1String OnboardingRate("onboarding_rate");

bool isRollupColumn(const QString& name)
{
    return name == Users || name == ActiveUsers || name == Wau || name == Mau ||
           name == LastActivity || name.startsWith(KpiPrefix);
}

} // namespace

QStringList AccountList::availableColumns(const EventIndex& index, const Workspace* workspace)
{
    QStringList columns = index.accountPropertyNames();
    columns << Users << ActiveUsers << Wau << Mau << LastActivity;
    if (workspace) {
        for (const QString& kpi : workspace->kpiEvents)
            columns.append(KpiPrefix + kpi);
        if (!workspace->onboardingSteps.isEmpty())
            columns.append(OnboardingRate);
    }
    return columns;
}

QStringList AccountList::defaultColumns(const EventIndex& index, const Workspace* workspace)
{
    Q_UNUSED(index);
    QStringList columns = {QStringLiteral("account_id"),
                           QStringLiteral("name"),
                           QStringLiteral("csm"),
                           Users,
                           ActiveUsers,
                           Mau,
                           LastActivity};
    if (workspace) {
        for (const QString& kpi : workspace->kpiEvents)
            columns.append(KpiPrefix + kpi);
    }
    return columns;
}

SortKey AccountList::defaultSort() const
{
    const int column = columnIndex(LastActivity);
    return {column, column >= 0};
}

std::vector<quint32> AccountList::rows(const AnalysisContext& context)
{
    std::vector<quint32> out;
    if (!context.index)
        return out;
    const EventIndex& index = *context.index;
    for (int a = 0; a < index.accountCount(); ++a) {
        bool in = context.segment.empty();
        for (size_t i = 0; !in && i < index.accountUsers(a).size(); ++i)
            in = context.inSegment(index.accountUsers(a)[i]);
        if (in)
            out.push_back(quint32(a));
    }
    return out;
}

std::shared_ptr<const AccountList>
AccountList::build(const AnalysisContext& context, const AccountListParams& params, QString* error)
{
    auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return nullptr;
    };
    if (!context.index)
        return fail(QStringLiteral("no data loaded"));
    const EventIndex& index = *context.index;
    const QStringList names =
        params.columns.isEmpty() ? defaultColumns(index, context.workspace) : params.columns;
    const size_t accounts = size_t(index.accountCount());

    QStringList kpis = params.kpiEvents;
    if (kpis.isEmpty() && context.workspace)
        kpis = context.workspace->kpiEvents;
    bool needRollup = false, needOnboarding = false;
    for (const QString& name : names) {
        needRollup = needRollup || isRollupColumn(name);
        if (name.startsWith(KpiPrefix) && !kpis.contains(name.mid(KpiPrefix.size())))
            kpis.append(name.mid(KpiPrefix.size()));
        needOnboarding = needOnboarding || name == OnboardingRate;
    }
    RollupResult rollup;
    if (needRollup) {
        RollupParams rp;
        rp.kpiEvents = kpis;
        if (!runRollup(context, rp, &rollup, error))
            return nullptr;
    }
    OnboardingResult onboarding;
    if (needOnboarding) {
        OnboardingParams op;
        op.steps = params.onboardingSteps;
        if (!runOnboarding(context, op, &onboarding, error))
            return nullptr;
    }

    std::shared_ptr<AccountList> list(new AccountList);
    list->m_index = context.index;
    for (const QString& name : names) {
        Column column;
        column.name = name;
        if (name == LastActivity) {
            column.type = ListColumnType::Time;
            column.times.assign(accounts, MissingTime);
            for (const RollupAccount& r : rollup.accounts) {
                if (r.lastActivityMs >= 0)
                    column.times[size_t(r.account)] = r.lastActivityMs;
            }
        } else if (isRollupColumn(name)) {
            column.numbers.assign(accounts, NoNumber);
            const int kpi = int(rollup.kpiEvents.indexOf(name.mid(KpiPrefix.size())));
            for (size_t row = 0; row < rollup.accounts.size(); ++row) {
                const RollupAccount& r = rollup.accounts[row];
                qint64 value = 0;
                if (name == Users)
                    value = r.users;
                else if (name == ActiveUsers)
                    value = r.activeUsers;
                else if (name == Wau)
                    value = r.wau;
                else if (name == Mau)
                    value = r.mau;
                else
                    value = rollup.accountKpiCount(row, kpi);
                column.numbers[size_t(r.account)] = double(value);
            }
        } else if (name == OnboardingRate) {
            column.numbers.assign(accounts, NoNumber);
            for (const OnboardingAccount& o : onboarding.accounts)
                column.numbers[size_t(o.account)] = o.users > 0 ? o.rate : NoNumber;
        } else if (index.accountPropertyColumn(name) >= 0) {
            const int p = index.accountPropertyColumn(name);
            column.propertyColumn = p;
            if (name == QLatin1String("account_id")) {
                list->m_idColumn = int(list->m_columns.size());
            } else {
                column.property.decode(int(accounts), [&index, p](int a) -> const QVariant& {
                    return index.accountPropertyAt(p, a);
                });
            }
            column.type = column.property.type;
        } else {
            return fail(QStringLiteral("unknown column \"%1\"").arg(name));
        }
        list->m_columns.push_back(std::move(column));
        if (context.progress->isCancelled())
            return nullptr; // cancelled: *error untouched
    }
    return list;
}

ListCell AccountList::cell(quint32 key, int column) const
{
    const Column& c = m_columns[size_t(column)];
    if (c.propertyColumn >= 0)
        return c.property.cell(m_index->accountPropertyAt(c.propertyColumn, int(key)), int(key));
    if (c.type == ListColumnType::Time)
        return c.times[key] == MissingTime ? ListCell::missing() : ListCell::ofTime(c.times[key]);
    return ListCell::ofNumber(c.numbers[key]);
}

QString AccountList::cellText(quint32 key, int column) const
{
    const Column& c = m_columns[size_t(column)];
    if (c.propertyColumn >= 0)
        return PropertyCells::text(m_index->accountPropertyAt(c.propertyColumn, int(key)));
    return ListTable::cellText(key, column);
}

} // namespace pulsebook
