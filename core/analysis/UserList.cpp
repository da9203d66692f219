#include "UserList.h"

#include "Onboarding.h"
#include "PropertyCells.h"
#include "Rollup.h"
#include "TeamTree.h"

#include "workspace/Workspace.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace pulsebook {

namespace {

constexpr qint64 MissingTime = std::numeric_limits<qint64>::min();
const double NoNumber = std::numeric_limits<double>::quiet_NaN();

const QLatin1String LastSeen("last_seen");
const QLatin1String LastEvent("last_event");
const QLatin1String Sessions30("sessions_30d");
const QLatin1String Sessions90("sessions_90d");
const QLatin1String KpiPrefix("kpi:");
const QLatin1String OnboardingDone("onboarding_done");
const QLatin1String AccountPrefix("account.");

} // namespace

QStringList UserList::availableColumns(const EventIndex& index, const Workspace* workspace)
{
    QStringList columns = {LastSeen, LastEvent, Sessions30, Sessions90};
    if (workspace) {
        for (const QString& kpi : workspace->kpiEvents)
            columns.append(KpiPrefix + kpi);
        if (!workspace->onboardingSteps.isEmpty())
            columns.append(OnboardingDone);
    }
    columns.append(index.userPropertyNames());
    for (const QString& name : index.accountPropertyNames())
        columns.append(AccountPrefix + name);
    return columns;
}

QStringList UserList::defaultColumns(const EventIndex& index, const Workspace* workspace)
{
    Q_UNUSED(index);
    QStringList columns = {QStringLiteral("user_id"),
                           QStringLiteral("email"),
                           QStringLiteral("account_id"),
                           LastEvent,
                           LastSeen,
                           Sessions30,
                           Sessions90};
    if (workspace) {
        for (const QString& kpi : workspace->kpiEvents)
            columns.append(KpiPrefix + kpi);
        if (!workspace->onboardingSteps.isEmpty())
            columns.append(OnboardingDone);
    }
    return columns;
}

SortKey UserList::defaultSort() const
{
    int column = columnIndex(LastEvent);
    if (column < 0)
        column = columnIndex(LastSeen);
    return {column, column >= 0};
}

std::vector<quint32> UserList::rows(const AnalysisContext& context, const std::vector<int>* users)
{
    std::vector<quint32> out;
    if (!context.index)
        return out;
    if (users) {
        out.reserve(users->size());
        for (const int u : *users) {
            if (u >= 0 && u < context.index->userCount() && context.inSegment(u))
                out.push_back(quint32(u));
        }
        return out;
    }
    const int n = context.index->userCount();
    out.reserve(size_t(n));
    for (int u = 0; u < n; ++u) {
        if (context.inSegment(u))
            out.push_back(quint32(u));
    }
    return out;
}

bool UserList::scopeRows(const AnalysisContext& context, const QString& node,
                         const std::vector<char>* members, std::vector<quint32>* rows,
                         QString* error)
{
    rows->clear();
    if (!context.index)
        return true;
    const EventIndex& index = *context.index;
    std::vector<int> users;
    if (!node.isEmpty()) {
        TeamTree team;
        if (!team.build(index, error))
            return false;
        const int n = team.find(node);
        if (n < 0) {
            if (error)
                *error = QStringLiteral("nobody named \"%1\" in the team").arg(node);
            return false;
        }
        for (const int a : team.accountsUnder(n))
            users.insert(users.end(), index.accountUsers(a).begin(), index.accountUsers(a).end());
        std::sort(users.begin(), users.end());
    }
    *rows = UserList::rows(context, node.isEmpty() ? nullptr : &users);
    if (members) {
        rows->erase(
            std::remove_if(rows->begin(), rows->end(),
                           [members](quint32 u) { return u >= members->size() || !(*members)[u]; }),
            rows->end());
    }
    return true;
}

std::shared_ptr<const UserList> UserList::build(const AnalysisContext& context,
                                                const UserListParams& params, QString* error)
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
    const int users = index.userCount();

    std::shared_ptr<UserList> list(new UserList);
    list->m_index = context.index;

    // The rollup and onboarding run only when a column needs them, over every user (the
    // filter only picks rows), so that one table serves any row set.
    AnalysisContext everyone = context;
    everyone.segment.clear();
    QStringList kpis = params.kpiEvents;
    if (kpis.isEmpty() && context.workspace)
        kpis = context.workspace->kpiEvents;
    bool needRollup = false, needOnboarding = false;
    for (const QString& name : names) {
        if (name == Sessions30 || name == Sessions90 || name == LastSeen)
            needRollup = true;
        if (name.startsWith(KpiPrefix)) {
            needRollup = true;
            if (!kpis.contains(name.mid(KpiPrefix.size())))
                kpis.append(name.mid(KpiPrefix.size()));
        }
        if (name == OnboardingDone)
            needOnboarding = true;
    }
    RollupResult rollup;
    if (needRollup) {
        RollupParams rp;
        rp.kpiEvents = kpis;
        if (!runRollup(everyone, rp, &rollup, error))
            return nullptr;
    }
    OnboardingResult onboarding;
    if (needOnboarding) {
        OnboardingParams op;
        op.steps = params.onboardingSteps;
        if (!runOnboarding(everyone, op, &onboarding, error))
            return nullptr;
        list->m_onboardingSteps = int(onboarding.steps.size());
    }

    for (const QString& name : names) {
        Column column;
        column.name = name;
        if (name == LastSeen || name == LastEvent) {
            column.type = ListColumnType::Time;
            column.source = Column::Source::Times;
            column.times.assign(size_t(users), MissingTime);
            if (name == LastSeen) {
                for (const RollupUser& r : rollup.users) {
                    if (r.lastSessionMs >= 0)
                        column.times[size_t(r.user)] = r.lastSessionMs;
                }
            } else {
                for (int u = 0; u < users; ++u) {
                    const size_t end = context.eventsEndAsOf(u);
                    if (end > index.eventBegin(u))
                        column.times[size_t(u)] = index.time(end - 1);
                }
            }
        } else if (name == Sessions30 || name == Sessions90 || name.startsWith(KpiPrefix)) {
            column.type = ListColumnType::Number;
            column.numbers.assign(size_t(users), NoNumber);
            const int kpi = int(rollup.kpiEvents.indexOf(name.mid(KpiPrefix.size())));
            for (size_t row = 0; row < rollup.users.size(); ++row) {
                const RollupUser& r = rollup.users[row];
                column.numbers[size_t(r.user)] =
                    double(name == Sessions30   ? r.sessions30
                           : name == Sessions90 ? r.sessions90
                                                : rollup.userKpiCount(row, kpi));
            }
        } else if (name == OnboardingDone) {
            column.type = ListColumnType::Number;
            const double steps = double(onboarding.steps.size());
            column.numbers.assign(size_t(users), steps);
            for (const OnboardingUser& o : onboarding.matching)
                column.numbers[size_t(o.user)] = steps - double(std::popcount(o.missing));
        } else if (name.startsWith(AccountPrefix) &&
                   index.accountPropertyColumn(name.mid(AccountPrefix.size())) >= 0) {
            const int p = index.accountPropertyColumn(name.mid(AccountPrefix.size()));
            column.source = Column::Source::AccountProperty;
            column.propertyColumn = p;
            column.property.decode(index.accountCount(), [&index, p](int a) -> const QVariant& {
                return index.accountPropertyAt(p, a);
            });
            column.type = column.property.type;
        } else if (index.userPropertyColumn(name) >= 0) {
            const int p = index.userPropertyColumn(name);
            column.source = Column::Source::UserProperty;
            column.propertyColumn = p;
            if (name == QLatin1String("user_id")) {
                list->m_idColumn = int(list->m_columns.size());
            } else {
                column.property.decode(users, [&index, p](int u) -> const QVariant& {
                    return index.userPropertyAt(p, u);
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

ListCell UserList::cell(quint32 key, int column) const
{
    const Column& c = m_columns[size_t(column)];
    const int u = int(key);
    switch (c.source) {
    case Column::Source::Numbers:
        return ListCell::ofNumber(c.numbers[key]);
    case Column::Source::Times:
        return c.times[key] == MissingTime ? ListCell::missing() : ListCell::ofTime(c.times[key]);
    case Column::Source::UserProperty:
        return c.property.cell(m_index->userPropertyAt(c.propertyColumn, u), u);
    case Column::Source::AccountProperty: {
        const int a = m_index->userAccount(u);
        if (a < 0)
            return ListCell::missing();
        return c.property.cell(m_index->accountPropertyAt(c.propertyColumn, a), a);
    }
    }
    return ListCell::missing();
}

QString UserList::cellText(quint32 key, int column) const
{
    const Column& c = m_columns[size_t(column)];
    if (c.source == Column::Source::UserProperty)
        return PropertyCells::text(m_index->userPropertyAt(c.propertyColumn, int(key)));
    if (c.source == Column::Source::AccountProperty) {
        const int a = m_index->userAccount(int(key));
        return a < 0 ? QString()
                     : PropertyCells::text(m_index->accountPropertyAt(c.propertyColumn, a));
    }
    return ListTable::cellText(key, column);
}

int UserList::findUser(const QString& idOrEmail) const
{
    return findUserByIdOrEmail(*m_index, idOrEmail);
}

int findUserByIdOrEmail(const EventIndex& index, const QString& idOrEmail)
{
    const int byId = index.userIndex(idOrEmail);
    if (byId >= 0)
        return byId;
    const int email = index.userPropertyColumn(QStringLiteral("email"));
    if (email < 0 || idOrEmail.isEmpty())
        return -1;
    for (int u = 0; u < index.userCount(); ++u) {
        const QVariant& v = index.userPropertyAt(email, u);
        if (v.isValid() && v.toString().compare(idOrEmail, Qt::CaseInsensitive) == 0)
            return u;
    }
    return -1;
}

} // namespace pulsebook
