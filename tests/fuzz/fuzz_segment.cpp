// libFuzzer target: SegmentParser::parse, the text form of a segment (issue 6, item 1), on
// the input as UTF-8. A segment that parses must keep its meaning on the way to the workspace:
//   - its JSON form goes through Segment::fromJson / toJson unchanged, both as a QJsonValue and
//     as the JSON text the workspace stores (a value JSON cannot hold would break the load);
//   - it validates against a small synced cache without crashing, and evaluates there (named
//     segments: the shipped ones, and itself as "Self" so that cycles are tried) to one 0/1
//     per user, with "not" giving the complement.
#define FUZZ_TARGET_NAME "fuzz_segment"
#include "FuzzFixture.h"

#include "analysis/AnalysisContext.h"
#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"
#include "workspace/Workspace.h"

#include <QJsonDocument>

using namespace pulsebook;

namespace {

std::shared_ptr<const EventIndex> g_fixture;

QByteArray text(const QJsonValue& v)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("s"), v}}).toJson(QJsonDocument::Compact);
}

// JSON for a message: the start of it.
QString shown(const QByteArray& json)
{
    return json.size() <= 300 ? QString::fromUtf8(json)
                              : QString::fromUtf8(json.left(300)) + QStringLiteral("...");
}

// The text as Qt reads it back: a whole double comes back as an integer ("2e+17" as
// 200000000000000000), the same value spelled differently.
QByteArray reread(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).toJson(QJsonDocument::Compact);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fuzz::quietQt();
    g_fixture = fuzz::fixtureIndex(false);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    const QString input = QString::fromUtf8(reinterpret_cast<const char*>(bytes), qsizetype(size));
    Segment segment;
    QString error;
    if (!SegmentParser::parse(input, &segment, &error)) {
        FUZZ_CHECK(error.startsWith(QLatin1String("column ")),
                   QStringLiteral("an error without a column: %1").arg(error));
        return 0;
    }
    const QJsonValue json = segment.toJson();
    const QByteArray jsonText = text(json);

    // In memory.
    Segment back;
    FUZZ_CHECK(Segment::fromJson(json, QStringLiteral("$"), &back, &error),
               QStringLiteral("the JSON form of %1 does not load: %2 (JSON %3)")
                   .arg(fuzz::escaped(fuzz::view(bytes, size)), error, shown(jsonText)));
    FUZZ_CHECK(text(back.toJson()) == jsonText,
               QStringLiteral("the JSON form of %1 changes: %2 -> %3")
                   .arg(fuzz::escaped(fuzz::view(bytes, size)), shown(jsonText),
                        shown(text(back.toJson()))));

    // As the workspace stores it.
    QJsonParseError parseError;
    const QJsonDocument stored = QJsonDocument::fromJson(jsonText, &parseError);
    FUZZ_CHECK(parseError.error == QJsonParseError::NoError,
               QStringLiteral("the JSON text %1 does not parse: %2")
                   .arg(shown(jsonText), parseError.errorString()));
    Segment loaded;
    FUZZ_CHECK(Segment::fromJson(stored.object().value(QStringLiteral("s")), QStringLiteral("$"),
                                 &loaded, &error),
               QStringLiteral("%1 parses, but its stored JSON %2 does not load: %3")
                   .arg(fuzz::escaped(fuzz::view(bytes, size)), shown(jsonText), error));
    FUZZ_CHECK(reread(text(loaded.toJson())) == reread(jsonText),
               QStringLiteral("%1: the stored JSON %2 loads as %3")
                   .arg(fuzz::escaped(fuzz::view(bytes, size)), shown(jsonText),
                        shown(text(loaded.toJson()))));

    // Against data.
    NamedSegments named = Workspace::defaults().segments;
    named.insert(QStringLiteral("Self"), segment.root());
    error.clear();
    if (!segment.validate(*g_fixture, named, QStringLiteral("$.segments.Self"), &error))
        FUZZ_CHECK(!error.isEmpty(), QStringLiteral("validate() failed without an error"));
    AnalysisContext context;
    context.index = g_fixture;
    context.asOfMs = g_fixture->defaultAsOfMs();
    std::vector<char> members;
    if (!segment.evaluate(context, named, &members, &error))
        return 0;
    const size_t users = size_t(g_fixture->userCount());
    FUZZ_CHECK(members.size() == users,
               QStringLiteral("%1 members for %2 users").arg(members.size()).arg(users));
    Segment::Node negation;
    negation.kind = Segment::Kind::Not;
    negation.children.push_back(segment.root());
    std::vector<char> others;
    FUZZ_CHECK(Segment(negation).evaluate(context, named, &others, &error),
               QStringLiteral("\"not\" of a segment that evaluates fails: %1").arg(error));
    for (size_t u = 0; u < users; ++u)
        FUZZ_CHECK((members[u] == 0 || members[u] == 1) && others[u] == !members[u],
                   QStringLiteral("user %1: in %2, in \"not\" %3")
                       .arg(u)
                       .arg(int(members[u]))
                       .arg(int(others[u])));
    return 0;
}
