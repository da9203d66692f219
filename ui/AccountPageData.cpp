#include "AccountPageData.h"

#include "AppContext.h"
#include "Snapshot.h"

#include "analysis/AccountPage.h"
#include "analysis/EventIndex.h"
#include "present/AccountTables.h"

#include <QCoreApplication>

namespace pulsebook {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("pulsebook::AccountPageData", text);
}

// The first Red account of the scope's accounts, else its first; -1 when it has none.
int pickAccount(const ScorecardEngine& engine, const Scope& scope, QString* error)
{
    std::vector<int> accounts;
    if (!engine.selectAccounts(scope.person, &accounts, error))
        return -1;
    for (const int a : accounts) {
        if (engine.evaluate(a, engine.context().asOfMs, false).status == Rag::Red)
            return a;
    }
    return accounts.empty() ? -1 : accounts.front();
}

} // namespace

AccountPageData AccountPageData::load(const std::shared_ptr<const Snapshot>& snapshot,
                                      const Scope& scope, const QString& accountId,
                                      Progress* progress)
{
    AccountPageData data;
    data.accountId = accountId;
    AnalysisContext context;
    if (snapshot && !snapshot->isValid()) {
        data.error = snapshot->error;
        return data;
    }
    if (!snapshot || !snapshot->context(scope, &context, &data.error)) {
        if (data.error.isEmpty())
            data.error = tr("The workspace is not loaded yet.");
        return data;
    }
    context.workspace = &snapshot->workspace;
    data.timeZone = snapshot->calendar.zoneName();
    context.progress = progress;
    ScorecardEngine engine;
    if (!engine.prepare(context, &data.error))
        return data;
    const EventIndex& index = *context.index;
    int a = -1;
    if (accountId.isEmpty()) {
        a = pickAccount(engine, scope, &data.error);
        if (a < 0) {
            if (data.error.isEmpty())
                data.error = tr("No accounts in this scope.");
            return data;
        }
        data.accountId = index.accountId(a);
    } else {
        a = index.accountIndex(accountId);
        if (a < 0) {
            data.error = tr("Account %1 is not in the workspace.").arg(accountId);
            return data;
        }
    }
    AccountPage page;
    if (!buildAccountPage(context, engine, a, &page, &data.error))
        return data;
    const QString name = index.accountProperty(a, QStringLiteral("name")).toString();
    data.title =
        name.isEmpty() ? data.accountId : QStringLiteral("%1 (%2)").arg(name, data.accountId);
    data.header = accountHeaderTable(context, engine.health(), page);
    data.measures = accountMeasuresTable(engine.columns(), page);
    data.contributions = accountContributionsTable(context, engine.health(), page);
    data.users = accountUsersTable(context, page);
    data.weeks = accountWeeksTable(context, page);
    data.moves = accountMovesTable(context, page);
    return data;
}

} // namespace pulsebook
