#pragma once

#include "workspace/Workspace.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace pulsebook {

class Cache;
class EventIndex;

// A problem of the workspace's definitions against the data. An error is a definition that
// cannot work (a cycle of segments, a property the data does not have); a warning is an event
// the data does not have yet (a feature about to launch): its figures are 0.
struct WorkspaceProblem
{
    enum class Severity { Warning, Error };
    Severity severity = Severity::Error;
    QString path;            // the JSON path: "$.kpi_events[2]"
    QString message;         // "\"Logn\": no such event"
    QStringList suggestions; // close names of the data, best first

    bool isError() const { return severity == Severity::Error; }
    // "$.kpi_events[2]: \"Logn\": no such event; did you mean \"Login\"?"
    QString text() const;
};
using WorkspaceProblems = QList<WorkspaceProblem>;

// Checking definitions against the data (the workspace only checks their shape).
namespace WorkspaceCheck {

// Every problem of `workspace` against `index`, in document order. Event names are not checked
// while the index has no events (the first sync will tell), nor properties while it has no
// users or accounts.
WorkspaceProblems check(const Workspace& workspace, const EventIndex& index);
bool hasErrors(const WorkspaceProblems& problems);

// Adds the problem of `name` at `path` if the index has no such event (a warning).
void checkEvent(const EventIndex& index, const QString& name, const QString& path,
                WorkspaceProblems* problems);
// Adds the problem of an account metric naming an event (warning) or an account column
// (error) the data does not have.
void checkMetric(const EventIndex& index, const AccountMetric& metric, const QString& path,
                 WorkspaceProblems* problems);
// Event names of the index close to `name`: equal without regard to case, then a few edits
// away; at most three.
QStringList closeEvents(const EventIndex& index, const QString& name);
// "unknown event \"Logn\"; did you mean \"Login\"?": for an event an option names (a
// definition naming one is only a warning).
QString unknownEvent(const EventIndex& index, const QString& name);

// The shipped defaults fitted to the data: the events, segments and metrics the data does not
// have are left out (a product area without events, a funnel with fewer than 2 steps, a health
// group without inputs go too; without onboarding steps, the onboarding rate). On the demo
// data, or with no events yet, the defaults themselves. `onboardingSteps`: the team's own
// steps, when set.
Workspace fittedDefaults(const EventIndex& index, const QStringList* onboardingSteps = nullptr);
// The workspace in effect for a cache: the keys its stored document defines, the fitted
// defaults for the others. *keys: the stored keys.
bool load(Cache& cache, const EventIndex& index, Workspace* out, QString* error,
          QStringList* keys = nullptr);

} // namespace WorkspaceCheck
} // namespace pulsebook
