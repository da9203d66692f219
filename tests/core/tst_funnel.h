#pragma once

// runFunnel against small hand-written exports (every expected figure is worked out by hand in
// the comments beside it) and against an independent SQL reference on random workspaces.
#include "EventScript.h"
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Funnel.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "sync/ExportSync.h"
#include "sync/FieldParser.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

using namespace pulsebook;

namespace funneltest {

using namespace test::script;

inline FunnelParams params(const QStringList& steps, qint64 from, qint64 to, qint64 window)
{
    FunnelParams p;
    p.steps = steps;
    p.fromMs = from;
    p.toMs = to;
    p.windowMs = window;
    return p;
}

inline std::vector<qint64> stepUsers(const std::vector<FunnelStep>& steps)
{
    std::vector<qint64> out;
    for (const FunnelStep& s : steps)
        out.push_back(s.users);
    return out;
}

inline const QStringList ThreeSteps = {QStringLiteral("signup"), QStringLiteral("create"),
                                       QStringLiteral("share")};
inline const QStringList TwoSteps = {QStringLiteral("signup"), QStringLiteral("create")};

} // namespace funneltest

using namespace funneltest;

class TestFunnel : public QObject
{
    Q_OBJECT

private slots:
    void sequentialCountsAndMedians();
    void windowBoundaryIsInclusive();
    void strictVersusSequential();
    void laterEntryGoesFurther();
    void nothingAtOrAfterAsOf();
    void breakdownByAccountProperty();
    void breakdownByUserProperty();
    void segmentFilter();
    void validation();
    void emptyCache();
    void cancelled();
    void matchesSqlReference();
};
