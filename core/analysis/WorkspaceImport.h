#pragma once

#include "analysis/WorkspaceCheck.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace pulsebook {

class Cache;
class EventIndex;

// Changing the stored definitions the way `pulsebook-cli workspace import` and `set` do, so the
// command line and the window check and store them alike (README.md, "The workspace
// definitions"): every problem is reported; any error stores nothing; an event the data lacks is
// only a warning.
namespace WorkspaceImport {

// "$.path: problem" (Workspace::fromJson's errors) as a problem.
WorkspaceProblem shapeProblem(const QString& error);

// Every problem of a workspace document: its shape (one per top-level key, since
// Workspace::fromJson stops at the first), then the names of the keys that parse against the
// data. *parsed: the document when it parses.
WorkspaceProblems documentProblems(const QByteArray& json, const EventIndex& index,
                                   Workspace* parsed);

// The document of `effective` (the workspace in effect) with the top-level `changes` put over it.
QJsonObject withChanges(const Workspace& effective, const QJsonObject& changes);

// Puts `changes` over `effective`, checks the result like an import and stores it, defining the
// top-level `keys` (the others keep following the fitted defaults). *problems: every problem,
// warnings too. False when one is an error (nothing stored) or when saving fails (*error).
bool store(Cache& cache, const EventIndex& index, const Workspace& effective,
           const QJsonObject& changes, const QStringList& keys, WorkspaceProblems* problems,
           QString* error);

// `workspace import`: the document `json` defines its own keys only, the others keep following
// the fitted defaults. False as store() does; a file that is not a JSON object is one problem.
bool importDocument(Cache& cache, const EventIndex& index, const Workspace& effective,
                    const QByteArray& json, WorkspaceProblems* problems, QString* error);

} // namespace WorkspaceImport
} // namespace pulsebook
