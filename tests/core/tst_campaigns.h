#pragma once

// runCampaigns against hand-written exports (every expected value worked out by hand from the
// fixture text, as the comments say), and against a plain reference written from the
// definitions in Campaigns.h - straightforward loops over the rows of the export - on random
// small exports and on the demo data. The CLI is run once on the first fixture.
#include "EventScript.h"
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/Campaigns.h"
#include "analysis/EventIndex.h"
#include "cache/Cache.h"
#include "cache/Database.h"
#include "sync/FieldParser.h"
#include "workspace/Workspace.h"

#include <QFileInfo>
#include <QHash>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>

using namespace pulsebook;
using test::script::at;
using test::script::Day;
using test::script::Hour;
using test::script::T;

namespace campaignstest {

using Data = test::SyncedCache;
using Files = test::ExportFiles;

inline const QByteArray TouchHeader = "user_id,campaign,time,stage\n";

// Rows of campaign_touches.csv from "u1: delivered@0d opened@1h" lines (times as in
// test::script::at: offsets from T).
inline QByteArray touchRows(const char* campaign, std::initializer_list<const char*> lines)
{
    QByteArray csv;
    for (const char* line : lines) {
        const QStringList words = QString::fromLatin1(line).split(QLatin1Char(' '));
        for (qsizetype w = 1; w < words.size(); ++w) {
            const qsizetype a = words[w].indexOf(QLatin1Char('@'));
            csv += words[0].chopped(1).toUtf8() + ',' + campaign + ',' +
                   FieldParser::formatTimestamp(at(words[w].mid(a + 1))).toUtf8() + ',' +
                   words[w].left(a).toUtf8() + '\n';
        }
    }
    return csv;
}

inline QString rate(double r)
{
    return std::isnan(r) ? QStringLiteral("-") : QString::number(r, 'g', 4);
}

inline QString share(const CampaignShare& s)
{
    return QStringLiteral("%1/%2 %3").arg(s.eligible).arg(s.converted).arg(rate(s.rate));
}

inline QString points(double p)
{
    return std::isnan(p) ? QStringLiteral("-") : QString::number(p, 'f', 2);
}

// Every figure of a campaign but its account rows, on one line.
inline QString describe(const CampaignMetrics& m)
{
    if (!m.sent)
        return m.name + QStringLiteral(" not sent");
    QString text =
        QStringLiteral("touched %1 clicked %2 | week0 %3 | month1 %4 | accounts %5, %6")
            .arg(m.touchedUsers)
            .arg(m.clickedUsers)
            .arg(share(m.week0), share(m.month1), share(m.week0Accounts), share(m.month1Accounts));
    static const char* const stages[] = {"delivered", "opened", "clicked"};
    for (size_t s = 0; s < 3; ++s)
        text += QStringLiteral(" | %1 %2 %3")
                    .arg(QLatin1String(stages[s]), share(m.stages[s]), points(m.liftPoints[s]));
    text += QStringLiteral(" | baseline %1 | low %2 touched %3")
                .arg(share(m.baseline), share(m.lowWau))
                .arg(m.lowWauTouched);
    if (!m.sendWeekOver)
        text += QStringLiteral(" | send week not over");
    return text;
}

inline QStringList describeAccounts(const EventIndex& index, const CampaignMetrics& m)
{
    QStringList lines;
    for (const CampaignAccount& a : m.accounts)
        lines.append(QStringLiteral("%1 clicked %2 week0 %3 month1 %4 wau %5%6")
                         .arg(index.accountId(a.account))
                         .arg(a.clickedUsers)
                         .arg(share(a.week0), share(a.month1))
                         .arg(a.wauAtSend)
                         .arg(a.lowWau ? QStringLiteral(" low") : QString()));
    return lines;
}

inline AnalysisContext contextOf(const Data& d, qint64 asOfMs, const Workspace* workspace)
{
    AnalysisContext context;
    context.index = d.index;
    context.asOfMs = asOfMs;
    context.workspace = workspace;
    return context;
}

inline Workspace fixtureWorkspace()
{
    Workspace w = Workspace::defaults();
    w.campaignKeyEvent = QStringLiteral("chart");
    w.lowWauThreshold = 2;
    return w;
}

// --- Fixture 1: click windows. Key event "chart"; "Launch" first sent at T; as_of T + 100d.
// u7 has no account, A5 has no users. WAU at T is 0 everywhere (no event in [T - 7d, T)).
inline const Files ClickExport = {
    {QStringLiteral("accounts.csv"), "account_id,name,csm\nA1,Acme,Maya\nA2,Globex,Li\n"
                                     "A3,Initech,Maya\nA4,Umbrella,Li\nA5,Empty,Li\n"},
    {QStringLiteral("users.csv"),
     "user_id,account_id\nu1,A1\nu2,A1\nu3,A2\nu4,A2\nu5,A3\nu6,A3\nu7,\nu8,A1\nu9,A4\n"},
    {QStringLiteral("events.csv"),
     test::script::eventsCsv({"u1: chart@2h chart@30d+2h",  // t = 2h: K at t; at t + 30d
                              "u2: chart@8d-1ms chart@61d", // t = 1d: t + 7d - 1ms; t + 60d
                              "u3: chart@2d-1ms chart@9d chart@32d-1ms", // t = 2d: t - 1ms,
                                                                         // t + 7d, t + 30d - 1ms
                              "u4: chart@46d",                           // t = 45d
                              "u5: chart@96d",               // t = 95d: window ends after as_of
                              "u7: chart@10d+1h",            // t = 10d
                              "u8: chart@100d",              // at as_of
                              "u9: login@-100d chart@7d"})}, // untouched by Launch
    {QStringLiteral("campaign_touches.csv"),
     TouchHeader +
         touchRows("Launch", {"u1: delivered@0d opened@1h clicked@2h clicked@5d",
                              "u2: delivered@1h clicked@1d", "u3: clicked@2d", "u4: clicked@45d",
                              "u5: clicked@95d", "u6: delivered@0d opened@1d", "u7: clicked@10d",
                              "u8: clicked@100d"}) +
         touchRows("Beta", {"u9: delivered@20d"})}};

// --- Fixture 2: influence by stage. "Revival" first sent at T; as_of T + 30d; no accounts.
inline const Files StageExport = {
    {QStringLiteral("users.csv"), "user_id\nd1\nd2\nd3\no1\no2\nc1\nc2\nc3\nb1\nb2\nb3\nb4\nb5\n"},
    {QStringLiteral("events.csv"),
     test::script::eventsCsv(
         {"d1: login@-10d chart@1d", "d2: chart@1h-90d chart@2d", "d3: chart@1d",
          "o1: chart@-90d-1ms chart@7d", "o2: login@-1d chart@2h", "c1: login@0d chart@8d-1ms",
          "c2: login@0d chart@26d", "c3: login@0d", "b1: login@-5d chart@3d", "b2: chart@-90d",
          "b3: login@-100d chart@-91d", "b4: login@1d", "b5: login@-1d chart@6d"})},
    {QStringLiteral("campaign_touches.csv"),
     TouchHeader +
         touchRows("Revival",
                   {"d1: delivered@0d clicked@31d", "d2: delivered@1h", "d3: delivered@0d",
                    "o1: delivered@0d opened@1d", "o2: delivered@2h opened@3h",
                    "c1: opened@1d clicked@1d+1m", "c2: clicked@25d",
                    "c3: delivered@1d opened@2d clicked@3d", "b5: delivered@30d"})}};

// --- Fixture 3: low-WAU accounts. "Nudge" first sent at T; as_of T + 10d; threshold 2.
inline const Files WauExport = {
    {QStringLiteral("accounts.csv"),
     "account_id,name\nL1,One\nL2,Two\nL3,Three\nL4,Four\nL5,Five\nL6,Six\nL8,Eight\n"},
    {QStringLiteral("users.csv"), "user_id,account_id\na1,L1\na2,L1\nb1,L2\nb2,L2\nc1,L3\nc2,L3\n"
                                  "d1,L4\ne1,L5\ne2,L5\nf1,L6\nh1,\n"},
    {QStringLiteral("events.csv"),
     test::script::eventsCsv({"a1: login@-7d chart@8d-1ms", "b1: login@-1ms",
                              "b2: login@-7d-1ms chart@7d", "c1: login@-3d chart@1d",
                              "c2: login@-1d", "e1: login@-2d login@-1d", "e2: login@0d chart@9d",
                              "f1: login@-1d", "h1: chart@1d"})},
    {QStringLiteral("campaign_touches.csv"),
     TouchHeader +
         touchRows("Nudge", {"a1: delivered@1d", "b2: delivered@0d", "c1: delivered@0d",
                             "e2: delivered@5d", "f1: delivered@10d", "h1: delivered@0d"})}};

} // namespace campaignstest

using namespace campaignstest;

class TestCampaigns : public QObject
{
    Q_OBJECT

private slots:
    void clickWindows();
    void pastAsOfIgnoresLaterTouchesAndEvents();
    void influenceByStage();
    void influenceInSegment();
    void lowWauAccounts();
    void lowWauAtTheSendWeekEdge();
    void errors();
    void matchesReference();
    void demoDataOnBothCores();
    void cli();
};
