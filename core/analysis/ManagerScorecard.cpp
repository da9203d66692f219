#include "ManagerScorecard.h"

#include "workspace/Workspace.h"

namespace pulsebook {

std::vector<double> managerFigures(const ScorecardEngine& engine,
                                   const ManagerScorecardDefinition& settings,
                                   const std::vector<int>& accounts,
                                   const std::vector<ScorecardRow>& rowOfAccount, qint64 asOfMs)
{
    const EventIndex& index =
        engine.context().index ? *engine.context().index : engine.figures().index();
    const AccountFigures& figures = engine.figures();
    const auto number = [&](int a, const char* column) {
        const QVariant v = index.accountProperty(a, QLatin1String(column));
        return v.typeId() == QMetaType::Double ? v.toDouble()
               : v.typeId() == QMetaType::Bool ? (v.toBool() ? 1.0 : 0.0)
                                               : Missing;
    };
    // A CRM date in [as_of - days, as_of).
    const auto within = [&](int a, const char* column, int days) {
        const qint64 date = figures.dateAsOf(a, QLatin1String(column), asOfMs);
        return date != AccountFigures::NoDate && date >= asOfMs - qint64(days) * DayMs;
    };
    qint64 plan = 0, planUpdated = 0, ebr = 0, sponsor = 0, champion = 0, meeting = 0;
    qint64 openArr = 0, win = 0, healthy = 0, scored = 0, withProducts = 0;
    double healthSum = 0, productsSum = 0, arr = 0, redArr = 0;
    for (const int a : accounts) {
        const ScorecardRow& row = rowOfAccount[size_t(a)];
        plan += number(a, "has_success_plan") == 1 ? 1 : 0;
        planUpdated += within(a, "last_success_plan_update", 90) ? 1 : 0;
        ebr += within(a, "last_ebr", 180) ? 1 : 0;
        sponsor += within(a, "last_exec_sponsor_activity", 90) ? 1 : 0;
        champion += within(a, "last_champion_activity", 90) ? 1 : 0;
        meeting += within(a, "last_exec_meeting", 180) ? 1 : 0;
        openArr += number(a, "open_new_arr") > 0 ? 1 : 0;
        win += number(a, "wins_past_year") > 0 ? 1 : 0;
        const double health = row.health.score;
        if (!std::isnan(health)) {
            ++scored;
            healthSum += health;
            healthy += health > settings.healthAbove ? 1 : 0;
        }
        const double products = number(a, "products_adopted");
        if (!std::isnan(products)) {
            ++withProducts;
            productsSum += products;
        }
        const double accountArr = number(a, "arr");
        if (!std::isnan(accountArr)) {
            arr += accountArr;
            if (row.status == Rag::Red)
                redArr += accountArr;
        }
    }
    const double n = double(accounts.size());
    const auto pct = [n](qint64 count) {
        return n > 0 ? 100.0 * double(count) / n : Missing;
    };
    return {n,
            pct(plan),
            pct(planUpdated),
            pct(ebr),
            pct(sponsor),
            pct(champion),
            pct(meeting),
            pct(openArr),
            pct(win),
            pct(healthy),
            scored > 0 ? healthSum / double(scored) : Missing,
            withProducts > 0 ? productsSum / double(withProducts) : Missing,
            arr,
            redArr};
}

int ManagerScorecardResult::rowOf(const QString& person) const
{
    for (size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].kind == ManagerRow::Person && rows[r].name == person)
            return int(r);
    }
    return -1;
}

static bool computeManagerScorecard(const AnalysisContext& context, ManagerScorecardResult* result,
                                    QString* error)
{
    ScorecardEngine engine;
    std::vector<int> accounts;
    if (!engine.prepare(context, error) || !engine.selectAccounts(QString(), &accounts, error))
        return false;
    std::vector<ScorecardRow> evaluated;
    if (!engine.evaluateAll(accounts, context.asOfMs, false, &evaluated))
        return false;
    const EventIndex& index = *context.index;
    ManagerScorecardResult r;
    r.settings = context.workspace ? context.workspace->managerScorecard
                                   : ManagerScorecardDefinition::defaults();
    r.columns = engine.columns();
    r.accounts.resize(size_t(index.accountCount()));
    std::vector<char> listed(size_t(index.accountCount()), 0);
    for (size_t i = 0; i < accounts.size(); ++i) {
        r.accounts[size_t(accounts[i])] = std::move(evaluated[i]);
        listed[size_t(accounts[i])] = 1;
    }
    const auto keep = [&](const std::vector<int>& all) {
        std::vector<int> out;
        for (const int a : all) {
            if (listed[size_t(a)])
                out.push_back(a);
        }
        return out;
    };

    const TeamTree& team = engine.team();
    ManagerRow everyone;
    everyone.kind = ManagerRow::Everyone;
    everyone.name = QStringLiteral("All accounts");
    everyone.accounts = accounts;
    r.rows.push_back(everyone);
    // The hierarchy, depth first; a row's parent is the row of its manager.
    std::vector<int> rowOfNode(team.nodes().size(), -1);
    for (const int root : team.roots()) {
        for (const int n : team.subtree(root)) {
            const TeamTree::Node& node = team.nodes()[size_t(n)];
            ManagerRow row;
            row.name = node.person;
            row.role = node.role;
            row.parent = node.parent < 0 ? 0 : rowOfNode[size_t(node.parent)];
            row.depth = r.rows[size_t(row.parent)].depth + 1;
            row.accounts = keep(team.accountsUnder(n));
            rowOfNode[size_t(n)] = int(r.rows.size());
            r.rows[size_t(row.parent)].children.push_back(int(r.rows.size()));
            r.rows.push_back(row);
        }
    }
    const std::vector<int> unassigned = keep(team.unassigned());
    if (!unassigned.empty()) {
        ManagerRow row;
        row.kind = ManagerRow::Unassigned;
        row.name = QStringLiteral("Unassigned");
        row.parent = 0;
        row.depth = 1;
        row.accounts = unassigned;
        r.rows[0].children.push_back(int(r.rows.size()));
        r.rows.push_back(row);
    }
    const QStringList& keys = managerColumnKeys();
    for (ManagerRow& row : r.rows) {
        row.values = managerFigures(engine, r.settings, row.accounts, r.accounts, context.asOfMs);
        for (qsizetype k = 0; k < keys.size(); ++k)
            row.rags.push_back(r.settings.boundsOf(keys[k]).rate(row.values[size_t(k)]));
    }
    r.definition = context.baseDefinition(QStringLiteral("managers"));
    r.definition.insert(QStringLiteral("manager_scorecard"), r.settings.toJson());
    *result = std::move(r);
    return true;
}

Status runManagerScorecard(const AnalysisContext& context, ManagerScorecardResult* result,
                           QString* error)
{
    return context.outcome(computeManagerScorecard(context, result, error), error);
}

} // namespace pulsebook
