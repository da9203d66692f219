// pulsebook-cli account: one account in depth, the account page's tables
// (docs/definitions.md, "Account page").
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/AccountPage.h"
#include "present/AccountTables.h"

#include <cstdio>

namespace pulsebook::cli {

namespace {

const char* const Parts[] = {"header", "measures", "contributions", "users", "weeks", "changes"};

ResultTable partTable(const AnalysisContext& context, const ScorecardEngine& engine,
                      const AccountPage& page, const QString& part)
{
    if (part == QLatin1String("header"))
        return accountHeaderTable(context, engine.health(), page);
    if (part == QLatin1String("measures"))
        return accountMeasuresTable(engine.columns(), page);
    if (part == QLatin1String("contributions"))
        return accountContributionsTable(context, engine.health(), page);
    if (part == QLatin1String("users"))
        return accountUsersTable(context, page);
    if (part == QLatin1String("weeks"))
        return accountWeeksTable(context, page);
    return accountMovesTable(context, page);
}

} // namespace

int accountCommand(const QStringList& arguments)
{
    AnalysisCommand command(
        QStringLiteral("account"),
        QStringLiteral("One account in depth: its status, health score and trend, its scorecard "
                       "measures, the health inputs by drag, its users, weekly active users for "
                       "26 weeks and what changed (docs/definitions.md, \"Account page\")."));
    command.parser().addOption(
        {QStringLiteral("account"), QStringLiteral("The account."), QStringLiteral("ACCOUNT_ID")});
    command.parser().addOption(
        {QStringLiteral("part"),
         QStringLiteral("header, measures, contributions, users, weeks or changes; all of them "
                        "(the default) only as tables."),
         QStringLiteral("PART"), QStringLiteral("all")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    const QString part = command.parser().value(QStringLiteral("part"));
    QStringList parts;
    for (const char* p : Parts)
        parts.append(QLatin1String(p));
    if (part != QLatin1String("all") && !parts.contains(part))
        return command.usageError(
            QStringLiteral("--part must be all, %1").arg(parts.join(QStringLiteral(", "))));
    const bool table = command.parser().value(QStringLiteral("format")) == QLatin1String("table") &&
                       !command.parser().isSet(QStringLiteral("out"));
    if (part == QLatin1String("all") && !table)
        return command.usageError(QStringLiteral("--format csv, json and --out need one --part"));
    if (!command.parser().isSet(QStringLiteral("account")))
        return command.usageError(QStringLiteral("--account is required"));
    if (const int rc = command.open(); rc >= 0)
        return rc;
    const AnalysisContext& context = command.context();
    const QString id = command.parser().value(QStringLiteral("account"));
    const int a = context.index->accountIndex(id);
    if (a < 0)
        return command.failure(QStringLiteral("no account \"%1\"").arg(id));
    ScorecardEngine engine;
    AccountPage page;
    QString error;
    if (!engine.prepare(context, &error) || !buildAccountPage(context, engine, a, &page, &error))
        return command.failure(error);
    if (part != QLatin1String("all"))
        return command.output(partTable(context, engine, page, part));
    for (const QString& p : std::as_const(parts)) {
        std::printf("%s== %s ==\n", p == parts.first() ? "" : "\n", qPrintable(p));
        std::fflush(stdout);
        if (const int rc = command.output(partTable(context, engine, page, p)); rc != 0)
            return rc;
    }
    return 0;
}

} // namespace pulsebook::cli
