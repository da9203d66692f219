#pragma once

#include <QString>
#include <QStringList>

#include <utility>

namespace pulsebook {

// The problems of a definition's shape, each "$.path: problem" in document order: a parse adds
// every one it finds (each element's first), so that an import reports them all at once.
namespace ShapeProblems {

// Adds "<path>: <problem>"; false, for `return add(...)`.
inline bool add(QStringList* problems, const QString& path, const QString& problem)
{
    problems->append(QStringLiteral("%1: %2").arg(path, problem));
    return false;
}

// Runs parse(QStringList*): true when it found nothing, else *error (may be null) = the first.
template <typename Parse> bool first(Parse&& parse, QString* error)
{
    QStringList problems;
    if (std::forward<Parse>(parse)(&problems) && problems.isEmpty())
        return true;
    if (error)
        *error = problems.value(0);
    return false;
}

} // namespace ShapeProblems
} // namespace pulsebook
