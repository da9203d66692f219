// libFuzzer target: Workspace::fromJson (with ScoreDefinitions and the segments' JSON form) on
// arbitrary bytes (issue 6, item 1). A workspace that loads must survive a save and a load
// unchanged: toJson() -> fromJson() succeeds and gives the same toJson(), or a team's shared
// definitions would change (or stop loading) on their way through the cache. It is then
// validated against a small synced cache and an empty one (errors are fine; crashes are not).
#define FUZZ_TARGET_NAME "fuzz_workspace"
#include "FuzzFixture.h"

#include "analysis/WorkspaceCheck.h"
#include "workspace/Workspace.h"

using namespace pulsebook;

namespace {

std::shared_ptr<const EventIndex> g_fixture;
std::shared_ptr<const EventIndex> g_empty;

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fuzz::quietQt();
    g_fixture = fuzz::fixtureIndex(false);
    g_empty = fuzz::fixtureIndex(true);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    const QByteArray json(reinterpret_cast<const char*>(bytes), qsizetype(size));
    Workspace w;
    QString error;
    if (!Workspace::fromJson(json, &w, &error)) {
        FUZZ_CHECK(error.startsWith(QLatin1Char('$')),
                   QStringLiteral("an error without a JSON path: %1").arg(error));
        return 0;
    }
    const QByteArray saved = w.toJson();
    Workspace reloaded;
    FUZZ_CHECK(Workspace::fromJson(saved, &reloaded, &error),
               QStringLiteral("toJson() does not load back: %1\n--- saved:\n%2")
                   .arg(error, QString::fromUtf8(saved)));
    const QByteArray again = reloaded.toJson();
    FUZZ_CHECK(again == saved, QStringLiteral("toJson() changes on a reload\n--- saved:\n%1\n--- "
                                              "reloaded:\n%2")
                                   .arg(QString::fromUtf8(saved), QString::fromUtf8(again)));

    for (const auto& index : {g_fixture, g_empty}) {
        for (const WorkspaceProblem& p : WorkspaceCheck::check(w, *index))
            FUZZ_CHECK(p.path.startsWith(QLatin1Char('$')),
                       QStringLiteral("a problem without a JSON path: %1").arg(p.text()));
    }
    return 0;
}
