#pragma once

// pulsebook-cli segment and workspace as a user runs them: output formats, --out with formula
// neutralisation and the sidecar, the workspace filter, exit codes (0 ok, 1 bad input or
// cache, 2 usage), and import/export of the workspace definitions. Member lists are worked
// out by hand from the export below.
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace pulsebook;

namespace analysiscli {

// E-mails and an account name that a spreadsheet would run as formulas; u6 appears only in
// events.csv. The latest event is 2026-10-31T23:59:59Z, so as_of is 2026-11-01 and the
// 30-day window is [2026-10-02, 2026-11-01).
inline void writeExport(const QString& dir)
{
    test::writeFile(dir, QStringLiteral("users.csv"),
                    "user_id,email,account_id,role\n"
                    "u1,=cmd@evil.example,A1,admin\n"
                    "u2,+bob@acme.example,A1,viewer\n"
                    "u3,-cy@globex.example,A2,admin\n"
                    "u4,@dee@initech.example,A3,viewer\n"
                    "u5,eve@example.com,,\n");
    test::writeFile(dir, QStringLiteral("accounts.csv"),
                    "account_id,name,csm\n"
                    "A1,\"=SUM(1,2)\",Maya Patel\n"
                    "A2,Globex,@Li Wei\n"
                    "A3,Initech,Maya Patel\n");
    test::writeFile(dir, QStringLiteral("events.csv"),
                    "event_id,user_id,time,event\n"
                    "1,u1,2026-10-30T10:00:00Z,Login\n"
                    "2,u2,2026-10-31T09:00:00Z,Login\n"
                    "3,u3,2026-09-01T10:00:00Z,Login\n"
                    "4,u4,2026-10-15T10:00:00Z,Run Query\n"
                    "5,u6,2026-10-31T23:59:59Z,Login\n");
}

// A workspace that fits the export (an import is checked against the data).
inline const QByteArray FittingWorkspace = R"({
    "version": 1,
    "kpi_events": ["Login", "Run Query"],
    "onboarding_steps": ["Login"],
    "segments": {"Admins": {"property": "role", "op": "=", "value": "admin"}},
    "campaigns": {"key_event": "Login", "low_wau_threshold": 2}
})";

} // namespace analysiscli

using namespace analysiscli;

class TestAnalysisCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_cache;

    QStringList segment(const QStringList& more) const;

private slots:
    void initTestCase();
    void tableAndCount();
    void jsonAndCsv();
    void outAndSidecar();
    void workspaceSegments();
    void defaultWorkspace();
    void usageErrors_data();
    void usageErrors();
    void unseenEvents();
    void retentionCounts();
    void impactCalculator();
    void scorecards();
    void unknownCache();
    void workspaceImportExport();
};
