#include "WorkspaceImport.h"

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
    QString error;
    if (Workspace::fromJson(json, parsed, &error))
        return WorkspaceCheck::check(*parsed, index);
    const QJsonObject document = QJsonDocument::fromJson(json).object();
    WorkspaceProblems problems;
    QJsonObject wellFormed;
    for (auto it = document.begin(); it != document.end(); ++it) {
        QJsonObject one;
        one.insert(it.key(), it.value());
        Workspace ignored;
        QString why;
        if (Workspace::fromJson(QJsonDocument(one).toJson(), &ignored, &why))
            wellFormed.insert(it.key(), it.value());
        else
            problems.append(shapeProblem(why));
    }
    Workspace partial;
    if (problems.isEmpty()) // not JSON, not an object, or keys wrong only together
        problems.append(shapeProblem(error));
    else if (Workspace::fromJson(QJsonDocument(wellFormed).toJson(), &partial, nullptr))
        problems.append(WorkspaceCheck::check(partial, index));
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
