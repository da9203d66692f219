#pragma once

// Segments: the text form (SegmentParser) and the JSON it gives, its errors, evaluation on a
// hand-made export whose member lists were worked out by hand from the CSV text below, and a
// reference check of random expressions against straightforward SQL over the flat copy.
#include "SyncSupport.h"
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"
#include "cache/Cache.h"
#include "sync/ExportSync.h"
#include "sync/FieldParser.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <iterator>
#include <limits>

using namespace pulsebook;

namespace segmenttest {

// 2026-11-01T00:00:00Z (tst_cli: epoch 1793491199 s is 2026-10-31T23:59:59Z), set as as_of.
constexpr qint64 AsOf = 1793491200000LL;

// Roles, plans, seats and scores are extra columns (text; "NaN" as pandas writes it); u6 has
// no events; u7 appears only in events.csv; u5 has no account.
inline const QByteArray UsersCsv =
    "user_id,identity,email,account_id,joindate,role,plan,seats,score\n"
    "u1,ann,ann@acme.example,A1,2026-01-15,Admin,pro,10,7\n"
    "u2,bob,bob@acme.example,A1,2026-03-01,viewer,free,9,NaN\n"
    "u3,cy,cy@globex.example,A2,,admin,,100,3\n"
    "u4,dee,dee@initech.example,A3,2026-06-01,Analyst,pro,,\n"
    "u5,eve,eve@example.com,,2026-09-01,,trial,2,5\n"
    "u6,fay,fay@globex.example,A2,2026-10-01,Viewer,free,5,12\n";

inline const QByteArray AccountsCsv =
    "account_id,name,csm,metrics_group,renewal_date,arr,has_success_plan,region\n"
    "A1,Acme,Maya Patel,Strategic,2027-01-31,\"$120,036\",yes,EMEA\n"
    "A2,Globex,Li Wei,Scale,2026-11-15,5000,no,AMER\n"
    "A3,Initech,maya patel,strategic,,,,\n";

// With as_of 2026-11-01, the 30-day window is [2026-10-02T00:00Z, 2026-11-01T00:00Z):
// event 1 sits exactly on its start, event 5 one millisecond before it, event 6 exactly on
// as_of and event 7 after it.
inline const QByteArray EventsCsv = "event_id,user_id,time,event\n"
                                    "1,u1,2026-10-02T00:00:00Z,Login\n"
                                    "2,u1,2026-10-20T10:00:00Z,Login\n"
                                    "3,u1,2026-10-21T10:00:00Z,Run Query\n"
                                    "4,u1,2026-08-15T10:00:00Z,Login\n"
                                    "5,u2,2026-10-01T23:59:59.999Z,Login\n"
                                    "6,u2,2026-11-01T00:00:00Z,Login\n"
                                    "7,u2,2026-11-05T00:00:00Z,Run Query\n"
                                    "8,u3,2026-10-10T08:00:00Z,Login\n"
                                    "9,u3,2026-10-11T08:00:00Z,Login\n"
                                    "10,u3,2026-10-12T08:00:00Z,Login\n"
                                    "11,u3,2026-09-01T00:00:00Z,Run Query\n"
                                    "12,u4,2026-08-01T00:00:00Z,Run Query\n"
                                    "13,u4,2026-10-30T12:00:00Z,Export CSV\n"
                                    "14,u5,2026-07-01T09:00:00Z,Login\n"
                                    "15,u7,2026-10-25T09:00:00Z,Login\n";

inline QJsonObject object(const char* json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

inline QByteArray compact(const QJsonValue& v)
{
    return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
}

// Syncs the files into a new cache in `dir` and loads its index.
inline std::shared_ptr<const EventIndex>
build(const QString& dir, const QList<QPair<QString, QByteArray>>& files, QString* cachePath)
{
    const QString folder = dir + QStringLiteral("/export");
    for (const auto& [name, content] : files)
        test::writeFile(folder, name, content);
    *cachePath = dir + QStringLiteral("/c.pulsebook");
    {
        Cache cache;
        QString error;
        if (!cache.open(*cachePath, true, &error) ||
            !syncExportFolder(cache, folder, {}, nullptr, nullptr, &error)) {
            qWarning("%s", qPrintable(error));
            return nullptr;
        }
    }
    return test::openIndex(*cachePath);
}

// Sorted user IDs of the members, comma-separated.
inline QString memberList(const EventIndex& index, const std::vector<char>& members)
{
    QStringList ids;
    for (int u = 0; u < index.userCount(); ++u) {
        if (members[size_t(u)])
            ids.append(index.userId(u));
    }
    ids.sort();
    return ids.join(QLatin1Char(','));
}

} // namespace segmenttest

using namespace segmenttest;

class TestSegment : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<const EventIndex> m_index;
    AnalysisContext m_context;
    NamedSegments m_named;

    QString members(const QString& text)
    {
        Segment segment;
        QString error;
        if (!SegmentParser::parse(text, &segment, &error))
            return QStringLiteral("parse error: ") + error;
        std::vector<char> in;
        if (!segment.evaluate(m_context, m_named, &in, &error))
            return QStringLiteral("error: ") + error;
        return memberList(*m_index, in);
    }

    QString validateError(const QString& text)
    {
        Segment segment;
        QString error;
        if (!SegmentParser::parse(text, &segment, &error))
            return QStringLiteral("parse error: ") + error;
        return segment.validate(*m_index, m_named, QStringLiteral("$"), &error) ? QString() : error;
    }

private slots:
    void initTestCase();
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void jsonErrors_data();
    void jsonErrors();
    void evaluate_data();
    void evaluate();
    void jsonDatesInTimeZone_data();
    void jsonDatesInTimeZone();
    void validateErrors_data();
    void validateErrors();
    void namedSegmentCycle();
    void referenceAgainstSql();
};
