#include "WorkspaceCheck.h"

#include "EventIndex.h"
#include "Segment.h"

#include <QJsonDocument>

#include <algorithm>
#include <vector>

namespace pulsebook {

namespace {

// The date columns of accounts.csv that days_since: may name without checking the data.
bool isDateColumn(const QString& name)
{
    static const QStringList dates = {QStringLiteral("renewal_date"),
                                      QStringLiteral("last_success_plan_update"),
                                      QStringLiteral("last_ebr"),
                                      QStringLiteral("last_exec_sponsor_activity"),
                                      QStringLiteral("last_champion_activity"),
                                      QStringLiteral("last_exec_meeting")};
    return dates.contains(name);
}

int editDistance(const QString& a, const QString& b)
{
    std::vector<int> row(size_t(b.size()) + 1);
    for (size_t j = 0; j < row.size(); ++j)
        row[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int above = row[size_t(j)];
            row[size_t(j)] = std::min(
                {above + 1, row[size_t(j) - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row.back();
}

void checkEvents(const EventIndex& index, const QStringList& names, const QString& path,
                 WorkspaceProblems* problems)
{
    for (qsizetype i = 0; i < names.size(); ++i)
        WorkspaceCheck::checkEvent(index, names[i], QStringLiteral("%1[%2]").arg(path).arg(i),
                                   problems);
}

} // namespace

QString WorkspaceProblem::text() const
{
    QString text = QStringLiteral("%1: %2").arg(path, message);
    if (suggestions.isEmpty())
        return text;
    QStringList quoted;
    for (const QString& s : suggestions)
        quoted.append(QLatin1Char('"') + s + QLatin1Char('"'));
    const QString last = quoted.takeLast();
    return text + QStringLiteral("; did you mean %1?")
                      .arg(quoted.isEmpty()
                               ? last
                               : quoted.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last);
}

namespace WorkspaceCheck {

bool hasErrors(const WorkspaceProblems& problems)
{
    return std::any_of(problems.begin(), problems.end(),
                       [](const WorkspaceProblem& p) { return p.isError(); });
}

QStringList closeEvents(const EventIndex& index, const QString& name)
{
    const QString folded = name.toCaseFolded();
    // One edit per 4 letters, 1 to 3: "Logn" -> "Login", "export" -/-> "import".
    const int allowed = std::clamp(int(folded.size()) / 4, 1, 3);
    std::vector<std::pair<int, QString>> close;
    for (int t = 0; t < index.typeCount(); ++t) {
        const QString candidate = index.typeName(t);
        const int d = editDistance(folded, candidate.toCaseFolded());
        if (d <= allowed)
            close.emplace_back(d, candidate);
    }
    std::sort(close.begin(), close.end());
    QStringList out;
    for (size_t i = 0; i < close.size() && i < 3; ++i)
        out.append(close[i].second);
    return out;
}

QString unknownEvent(const EventIndex& index, const QString& name)
{
    const WorkspaceProblem p{WorkspaceProblem::Severity::Error,
                             {},
                             QStringLiteral("unknown event \"%1\"").arg(name),
                             closeEvents(index, name)};
    return p.text().mid(2); // without the empty path's ": "
}

void checkEvent(const EventIndex& index, const QString& name, const QString& path,
                WorkspaceProblems* problems)
{
    if (index.typeCount() == 0 || index.typeIndex(name) >= 0)
        return;
    problems->append({WorkspaceProblem::Severity::Warning, path,
                      QStringLiteral("\"%1\": no such event").arg(name), closeEvents(index, name)});
}

void checkMetric(const EventIndex& index, const AccountMetric& metric, const QString& path,
                 WorkspaceProblems* problems)
{
    switch (metric.kind) {
    case AccountMetric::Kpi:
    case AccountMetric::KpiPerUser:
        checkEvent(index, metric.argument, path, problems);
        return;
    case AccountMetric::DaysSince:
    case AccountMetric::Property:
        if (isDateColumn(metric.argument) || index.accountCount() == 0 ||
            index.accountPropertyNames().contains(metric.argument))
            return;
        problems->append({WorkspaceProblem::Severity::Error,
                          path,
                          QStringLiteral("accounts have no column \"%1\"").arg(metric.argument),
                          {}});
        return;
    default:
        return;
    }
}

WorkspaceProblems check(const Workspace& w, const EventIndex& index)
{
    WorkspaceProblems problems;
    checkEvents(index, w.kpiEvents, QStringLiteral("$.kpi_events"), &problems);
    checkEvents(index, w.onboardingSteps, QStringLiteral("$.onboarding_steps"), &problems);
    for (qsizetype i = 0; i < w.productAreas.size(); ++i) {
        const QString path = QStringLiteral("$.product_areas[%1]").arg(i);
        checkEvents(index, w.productAreas[i].events, path + QStringLiteral(".events"), &problems);
        checkEvents(index, w.productAreas[i].activationFunnel,
                    path + QStringLiteral(".activation_funnel"), &problems);
    }
    if (!w.campaignKeyEvent.isEmpty())
        checkEvent(index, w.campaignKeyEvent, QStringLiteral("$.campaigns.key_event"), &problems);
    for (auto it = w.segments.begin(); it != w.segments.end(); ++it) {
        Segment(it.value())
            .check(index, w.segments, QStringLiteral("$.segments.%1").arg(it.key()), &problems);
    }
    for (qsizetype i = 0; i < w.scorecard.columns.size(); ++i)
        checkMetric(index, w.scorecard.columns[i].metric,
                    QStringLiteral("$.scorecard.columns[%1].metric").arg(i), &problems);
    for (qsizetype g = 0; g < w.healthScore.groups.size(); ++g) {
        const auto& inputs = w.healthScore.groups[g].inputs;
        for (qsizetype i = 0; i < inputs.size(); ++i)
            checkMetric(index, inputs[i].metric,
                        QStringLiteral("$.health_score.groups[%1].inputs[%2].metric").arg(g).arg(i),
                        &problems);
    }
    // A segment used by another is checked twice: report each problem once.
    WorkspaceProblems unique;
    for (const WorkspaceProblem& p : std::as_const(problems)) {
        const bool seen = std::any_of(unique.begin(), unique.end(), [&](const WorkspaceProblem& u) {
            return u.path == p.path && u.message == p.message;
        });
        if (!seen)
            unique.append(p);
    }
    return unique;
}

Workspace fittedDefaults(const EventIndex& index, const QStringList* onboardingSteps)
{
    Workspace w = Workspace::defaults();
    if (onboardingSteps)
        w.onboardingSteps = *onboardingSteps;
    if (index.typeCount() == 0)
        return w;
    auto known = [&](const QString& name) {
        return index.typeIndex(name) >= 0;
    };
    auto keepKnown = [&](QStringList* names) {
        names->removeIf([&](const QString& name) { return !known(name); });
    };
    keepKnown(&w.kpiEvents);
    if (!onboardingSteps)
        keepKnown(&w.onboardingSteps);
    for (ProductArea& area : w.productAreas) {
        keepKnown(&area.events);
        keepKnown(&area.activationFunnel);
        if (area.activationFunnel.size() < 2)
            area.activationFunnel.clear();
    }
    w.productAreas.removeIf([](const ProductArea& a) { return a.events.isEmpty(); });
    if (!known(w.campaignKeyEvent))
        w.campaignKeyEvent.clear();
    // A segment naming what the data lacks goes (the defaults' segments name no other segment).
    const NamedSegments segments = w.segments;
    for (auto it = segments.begin(); it != segments.end(); ++it) {
        WorkspaceProblems problems;
        Segment(it.value())
            .check(index, segments, QStringLiteral("$.segments.%1").arg(it.key()), &problems);
        if (!problems.isEmpty())
            w.segments.remove(it.key());
    }
    const bool noSteps = w.onboardingSteps.isEmpty();
    auto metricFits = [&](const AccountMetric& m) {
        // Without onboarding steps, nobody is onboarded or everybody is: no figure either way.
        if (noSteps && m.kind == AccountMetric::OnboardingRate)
            return false;
        WorkspaceProblems problems;
        checkMetric(index, m, {}, &problems);
        return problems.isEmpty();
    };
    w.scorecard.columns.removeIf([&](const ScorecardColumn& c) { return !metricFits(c.metric); });
    for (HealthGroup& group : w.healthScore.groups)
        group.inputs.removeIf([&](const HealthInput& i) { return !metricFits(i.metric); });
    w.healthScore.groups.removeIf([](const HealthGroup& g) { return g.inputs.isEmpty(); });
    return w;
}

bool load(Cache& cache, const EventIndex& index, Workspace* out, QString* error, QStringList* keys)
{
    Workspace stored;
    QStringList storedKeys;
    if (!Workspace::load(cache, &stored, error, &storedKeys))
        return false;
    if (keys)
        *keys = storedKeys;
    const bool ownSteps = storedKeys.contains(QStringLiteral("onboarding_steps"));
    QJsonObject document =
        QJsonDocument::fromJson(
            fittedDefaults(index, ownSteps ? &stored.onboardingSteps : nullptr).toJson())
            .object();
    const QJsonObject mine = QJsonDocument::fromJson(stored.toJson()).object();
    for (const QString& key : std::as_const(storedKeys)) {
        if (mine.contains(key))
            document.insert(key, mine.value(key));
    }
    return Workspace::fromJson(QJsonDocument(document).toJson(), out, error);
}

} // namespace WorkspaceCheck
} // namespace pulsebook
