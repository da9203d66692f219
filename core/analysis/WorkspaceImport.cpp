#include "WorkspaceImport.h"

#include <QRegularExpression>
#include <QSet>

#include <QJsonDocument>

namespace pulsebook::WorkspaceImport {

WorkspaceProblem shapeProblem(const QString& error)
{
    const qsizetype colon = error.indexOf(QStringLiteral(": "));
    if (!error.startsWith(QLatin1Char('$')) || colon < 0)
        return {WorkspaceProblem::Severity::Error, QStringLiteral("$"), error, {}};
    return {WorkspaceProblem::Severity::Error, error.left(colon), error.mid(colon + 2), {}};
}

WorkspaceProblems documentProblems(const QByteArray& json, const EventIndex& index,
                                   Workspace* parsed)
{
    // Every shape problem first (Workspace::parse lists them all, in document order), then the
    // checks against the data of the top-level keys without a shape problem.
    QStringList shape;
    const bool wellFormed = Workspace::parse(json, parsed, &shape);
    WorkspaceProblems problems;
    QSet<QString> badKeys; // "$.scorecard" of "$.scorecard.columns[1].metric"
    static const QRegularExpression key(QStringLiteral("^\\$\\.[^.\\[]+"));
    for (const QString& text : std::as_const(shape)) {
        problems.append(shapeProblem(text));
        badKeys.insert(key.match(problems.back().path).captured());
    }
    if (!wellFormed && !QJsonDocument::fromJson(json).isObject())
        return problems;
    for (const WorkspaceProblem& p : WorkspaceCheck::check(*parsed, index)) {
        if (!badKeys.contains(key.match(p.path).captured()))
            problems.append(p);
    }
    return problems;
}

QJsonObject withChanges(const Workspace& effective, const QJsonObject& changes)
{
    QJsonObject document = QJsonDocument::fromJson(effective.toJson()).object();
    for (auto it = changes.begin(); it != changes.end(); ++it)
        document.insert(it.key(), it.value());
    return document;
}

bool store(Cache& cache, const EventIndex& index, const Workspace& effective,
           const QJsonObject& changes, const QStringList& keys, WorkspaceProblems* problems,
           QString* error)
{
    Workspace workspace;
    *problems = documentProblems(QJsonDocument(withChanges(effective, changes)).toJson(), index,
                                 &workspace);
    if (WorkspaceCheck::hasErrors(*problems))
        return false;
    return workspace.save(cache, error, keys);
}

bool importDocument(Cache& cache, const EventIndex& index, const Workspace& effective,
                    const QByteArray& json, WorkspaceProblems* problems, QString* error)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isObject()) {
        Workspace ignored;
        QString why;
        Workspace::fromJson(json, &ignored, &why);
        *problems = {shapeProblem(why)};
        return false;
    }
    return store(cache, index, effective, document.object(), document.object().keys(), problems,
                 error);
}

} // namespace pulsebook::WorkspaceImport
