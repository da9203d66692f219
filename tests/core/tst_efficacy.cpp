// runScoreEfficacy on a hand-written book: every band, churn rate and lead time below is worked
// out by hand in the comments. The health score is WAU itself (one input, 0 at 0 users, 10 at
// 10), so each account's band at a time is "how many of its users were active in the 7 days
// before": below 4 Red, below 7 Yellow, else Green; before its first event, no data.
#include "TestSupport.h"
#include "analysis/ScoreEfficacy.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTest>

using namespace pulsebook;

namespace {

constexpr qint64 Day = 86400000LL;

qint64 ms(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate).toMSecsSinceEpoch();
}

// Events at 10:00 every day of [first, last] for each user.
void daily(QByteArray* csv, const QStringList& users, const char* first, const char* last, int* id)
{
    for (qint64 t = ms(first) + 10 * 3600000LL; t <= ms(last) + 10 * 3600000LL; t += Day) {
        for (const QString& u : users) {
            *csv += QByteArray::number((*id)++) + ',' + u.toUtf8() + ',' +
                    QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODate).toUtf8() +
                    ",Login\n";
        }
    }
}

QStringList names(const char* prefix, int n)
{
    QStringList out;
    for (int i = 1; i <= n; ++i)
        out.append(QStringLiteral("%1%2").arg(QLatin1String(prefix)).arg(i));
    return out;
}

} // namespace

class TestEfficacy : public QObject
{
    Q_OBJECT

private:
    test::SyncedCache m_data;
    Workspace m_workspace;

    EfficacyResult run(const char* asOf)
    {
        AnalysisContext context;
        context.index = m_data.index;
        context.workspace = &m_workspace;
        context.asOfMs = ms(asOf);
        EfficacyResult r;
        QString error;
        const bool ok = runScoreEfficacy(context, QString(), &r, &error).isDone();
        if (!ok)
            qWarning("%s", qPrintable(error));
        return r;
    }

    static QString bands(const EfficacyResult& r, int days)
    {
        QStringList out;
        for (const EfficacyBand& b : r.bands) {
            if (b.daysBefore == days)
                out.append(
                    QStringLiteral("%1 %2/%3").arg(ragName(b.band)).arg(b.churned).arg(b.accounts));
        }
        return out.join(QStringLiteral(", "));
    }

private slots:
    void initTestCase()
    {
        // A1 churned, renews 2024-05-01, one user active daily from 2024-02-15.
        // A2 renewed, renews 2024-04-15, five users daily from 2024-01-01.
        // A3 renewed, renews 2024-03-01, eight users daily from 2024-01-01.
        // A4 churned, renews 2024-05-20, eight users daily 2024-01-01 .. 2024-03-31, then none.
        // A5 renews after as_of; A6 "renewed" after as_of; A7 has no outcome: all left out.
        const QByteArray accounts = "account_id,name,renewal_date,renewal_outcome\n"
                                    "A1,One,2024-05-01,churned\n"
                                    "A2,Two,2024-04-15,Renewed\n"
                                    "A3,Three,2024-03-01,renewed\n"
                                    "A4,Four,2024-05-20,CHURNED\n"
                                    "A5,Five,2024-09-01,\n"
                                    "A6,Six,2024-07-01,renewed\n"
                                    "A7,Seven,2024-02-01,\n";
        QByteArray users = "user_id,account_id\nu1,A1\n";
        for (const auto& [prefix, account, n] :
             {std::tuple{"b", "A2", 5}, std::tuple{"c", "A3", 8}, std::tuple{"d", "A4", 8}}) {
            for (const QString& u : names(prefix, n))
                users += u.toUtf8() + ',' + account + '\n';
        }
        QByteArray events = "event_id,user_id,time,event\n";
        int id = 1;
        daily(&events, {QStringLiteral("u1")}, "2024-02-15", "2024-05-31", &id);
        daily(&events, names("b", 5), "2024-01-01", "2024-05-31", &id);
        daily(&events, names("c", 8), "2024-01-01", "2024-05-31", &id);
        daily(&events, names("d", 8), "2024-01-01", "2024-03-31", &id);
        QString error;
        QVERIFY2(m_data.load({{QStringLiteral("accounts.csv"), accounts},
                              {QStringLiteral("users.csv"), users},
                              {QStringLiteral("events.csv"), events}},
                             &error),
                 qPrintable(error));
        m_workspace = Workspace::defaults();
        const QByteArray health = R"({"groups": [{"name": "Usage", "weight": 1,
            "inputs": [{"metric": "wau", "zero": 0, "ten": 10}]}]})";
        QVERIFY2(HealthScoreDefinition::fromJson(QJsonDocument::fromJson(health).object(),
                                                 QStringLiteral("$"), &m_workspace.healthScore,
                                                 &error),
                 qPrintable(error));
    }

    void bandsAndChurnRates()
    {
        const EfficacyResult r = run("2024-06-01T00:00:00Z");
        QCOMPARE(r.renewed, 2);
        QCOMPARE(r.churned, 2);
        QCOMPARE(qint64(r.accounts.size()), 4);
        // 30 days before: A1 (Apr 1) WAU 1 Red; A2 (Mar 16) 5 Yellow; A3 (Jan 31) 8 Green;
        // A4 (Apr 20) no one since Mar 31: WAU 0, Red.
        QCOMPARE(bands(r, 30), QStringLiteral("Red 2/2, Yellow 0/1, Green 0/1, no data 0/0"));
        // 90 days before: A1 (Feb 1) before its first event: no data; A2 (Jan 16) Yellow;
        // A3 (Dec 2) no data; A4 (Feb 20) Green.
        QCOMPARE(bands(r, 90), QStringLiteral("Red 0/0, Yellow 0/1, Green 1/1, no data 1/2"));
        // 180 days before: all before any event.
        QCOMPARE(bands(r, 180), QStringLiteral("Red 0/0, Yellow 0/0, Green 0/0, no data 2/4"));
        for (const EfficacyBand& b : r.bands) {
            if (b.accounts == 0)
                QVERIFY(std::isnan(b.churnRate));
            else
                QCOMPARE(b.churnRate, double(b.churned) / double(b.accounts));
        }
    }

    void redLeadTimes()
    {
        const EfficacyResult r = run("2024-06-01T00:00:00Z");
        QMap<QString, int> lead;
        for (const EfficacyAccount& e : r.accounts)
            lead.insert(m_data.index->accountId(e.account), e.redLeadDays);
        // A1: Red at every check after its first event (Feb 15). May 1 − 70 days = Feb 21 has
        // Feb 15..20 before it; May 1 − 77 days = Feb 14 has nothing: 70.
        QCOMPARE(lead.value(QStringLiteral("A1")), 70);
        // A4: Red once nobody was active in the 7 days before the check: after Apr 7 10:00.
        // May 20 − 42 days = Apr 8 (Red); − 49 days = Apr 1 (WAU 8, Green): 42.
        QCOMPARE(lead.value(QStringLiteral("A4")), 42);
        // Renewed accounts get no lead.
        QCOMPARE(lead.value(QStringLiteral("A2")), -1);
        QCOMPARE(lead.value(QStringLiteral("A3")), -1);
        QCOMPARE(r.churnedRedAhead, 2);      // both at 30 days or more
        QCOMPARE(r.medianRedLeadDays, 56.0); // (42 + 70) / 2
    }

    void pastAsOfIgnoresLaterRenewals()
    {
        // As of Apr 10 only A3's renewal (Mar 1) has passed.
        const EfficacyResult r = run("2024-04-10T00:00:00Z");
        QCOMPARE(r.renewed, 1);
        QCOMPARE(r.churned, 0);
        QCOMPARE(bands(r, 30), QStringLiteral("Red 0/0, Yellow 0/0, Green 0/1, no data 0/0"));
        QVERIFY(std::isnan(r.medianRedLeadDays));
    }

    void unknownNodeIsAnError()
    {
        AnalysisContext context;
        context.index = m_data.index;
        context.workspace = &m_workspace;
        context.asOfMs = ms("2024-06-01T00:00:00Z");
        EfficacyResult r;
        QString error;
        QVERIFY(!runScoreEfficacy(context, QStringLiteral("Nobody"), &r, &error));
        QCOMPARE(error, QStringLiteral("nobody named \"Nobody\" in the team"));
    }
};

QTEST_GUILESS_MAIN(TestEfficacy)
#include "tst_efficacy.moc"
