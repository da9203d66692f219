#pragma once

#include "AccountFigures.h"
#include "HealthScore.h"
#include "TeamTree.h"

#include "workspace/ScoreDefinitions.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace pulsebook {

struct ScorecardCell
{
    double value = Missing; // NaN: missing, or a text column
    QString text;           // as shown
    Rag rag = Rag::None;
};

// One account on the scorecard (docs/definitions.md, "Account scorecard").
struct ScorecardRow
{
    int account = -1;
    std::vector<ScorecardCell> cells; // per column of the definition
    // Over the key columns: Red if any is Red, Green if every one with a value is Green, else
    // Yellow; "no data" when no key column has a value.
    Rag status = Rag::NoData;
    // No CSM contact (exec-sponsor, champion or exec-meeting activity) and no usage in the
    // scorecard's silent days.
    bool silent = false;
    AccountHealth health;
    double healthWeekAgo = Missing;  // the score as of as_of - 7 days
    double healthMonthAgo = Missing; // the score as of as_of - 30 days
};

// Evaluates accounts for the scorecards, the manager rollup and "what changed": the account
// figures, the health score and the columns. Prepared once; evaluate() is thread-safe.
class ScorecardEngine
{
public:
    bool prepare(const AnalysisContext& context, QString* error);

    const AnalysisContext& context() const { return m_context; }
    const ScorecardDefinition& columns() const { return m_columns; }
    const HealthScoreDefinition& health() const { return m_health; }
    const AccountFigures& figures() const { return m_figures; }
    const TeamTree& team() const { return m_team; }

    // Account a as of asOfMs; withTrend adds the health score a week and a month earlier.
    ScorecardRow evaluate(int a, qint64 asOfMs, bool withTrend) const;
    // Evaluates `accounts` on both cores, in order: done, or Cancelled.
    Status evaluateAll(const std::vector<int>& accounts, qint64 asOfMs, bool withTrend,
                       std::vector<ScorecardRow>* rows) const;

    // The accounts to list: those of team node `node` (a person of team.csv, or "" for every
    // account), and with a segment filter those with a user in it. False with *error on an
    // unknown person.
    bool selectAccounts(const QString& node, std::vector<int>* accounts, QString* error) const;

private:
    AnalysisContext m_context;
    ScorecardDefinition m_columns;
    HealthScoreDefinition m_health;
    AccountFigures m_figures;
    TeamTree m_team;
};

// The columns whose colour differs between two evaluations of one account, in column order:
// "Name: Green -> Red".
QStringList colourChanges(const ScorecardDefinition& columns, const ScorecardRow& before,
                          const ScorecardRow& after);

struct ScorecardParams
{
    QString node; // a person of team.csv: only the accounts at or below them; empty: all
};

struct ScorecardResult
{
    QJsonObject definition;
    ScorecardDefinition columns;
    HealthScoreDefinition health;
    std::vector<ScorecardRow> rows; // by account number
    qint64 green = 0, yellow = 0, red = 0, noData = 0, silent = 0;
};

// The account scorecard with health scores, as of context.asOfMs.
Status runScorecard(const AnalysisContext& context, const ScorecardParams& params,
                    ScorecardResult* result, QString* error);

// An account whose status changed between two as-of times.
struct StatusChange
{
    int account = -1;
    Rag before = Rag::NoData;
    Rag after = Rag::NoData;
    double healthBefore = Missing;
    double healthAfter = Missing;
    QStringList columns; // the columns whose colour changed: "Name: Green -> Red"
};

struct ChangesResult
{
    QJsonObject definition;
    qint64 sinceMs = 0;
    qint64 accounts = 0;               // accounts compared
    std::vector<StatusChange> changes; // by account number
};

// "What changed since DATE": accounts whose status at sinceMs differs from context.asOfMs.
Status runChanges(const AnalysisContext& context, qint64 sinceMs, const QString& node,
                  ChangesResult* result, QString* error);

} // namespace pulsebook
