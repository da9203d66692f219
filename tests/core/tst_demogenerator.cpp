// Tests of the demo-data generator: determinism, exact row counts, the team hierarchy, the
// links between files (sessions, users, migrations), the CRM rules and cancellation. The CSV is
// read with a small RFC 4180 parser written here, independent of the project's reader.

#include "Progress.h"
#include "sync/DemoGenerator.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using pulsebook::DemoOptions;
using pulsebook::DemoSummary;
using pulsebook::generateDemo;
using pulsebook::Progress;

namespace {

const char* const DemoFiles[] = {"team.csv",           "accounts.csv", "users.csv",
                                 "sessions.csv",       "events.csv",   "campaign_touches.csv",
                                 "user_migrations.csv"};

// A parsed CSV file: the header and the data rows, fields as raw UTF-8 bytes.
struct Table
{
    QList<QByteArray> header;
    QList<QList<QByteArray>> rows;
    bool needlessQuotes = false; // a quoted field that has no , " CR or LF

    int column(const char* name) const { return int(header.indexOf(QByteArray(name))); }
};

// RFC 4180 with LF row ends (the generator never writes CR). Returns false on an unterminated
// quote, a quote inside an unquoted field, a missing final LF or a row of the wrong width.
bool parseCsv(const QByteArray& data, Table* table)
{
    QList<QList<QByteArray>> records;
    QList<QByteArray> record;
    QByteArray field;
    bool quoted = false;
    qsizetype i = 0;
    const qsizetype n = data.size();
    while (i < n) {
        if (field.isEmpty() && !quoted && data[i] == '"') {
            quoted = true;
            ++i;
            bool special = false;
            for (;;) {
                if (i >= n)
                    return false; // unterminated quote
                if (data[i] == '"') {
                    if (i + 1 < n && data[i + 1] == '"') {
                        field += '"';
                        special = true;
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                special = special || data[i] == ',' || data[i] == '\r' || data[i] == '\n';
                field += data[i++];
            }
            table->needlessQuotes = table->needlessQuotes || !special;
            if (i < n && data[i] != ',' && data[i] != '\n')
                return false; // text after the closing quote
            continue;
        }
        const char c = data[i++];
        if (c == ',' || c == '\n') {
            record.append(field);
            field.clear();
            quoted = false;
            if (c == '\n') {
                records.append(record);
                record.clear();
            }
        } else if (c == '"') {
            return false; // a quote inside an unquoted field
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !record.isEmpty() || records.isEmpty())
        return false; // no final LF
    table->header = records.takeFirst();
    for (const auto& r : records)
        if (r.size() != table->header.size())
            return false;
    table->rows = records;
    return true;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// "2026-10-31 23:59:59.999" (UTC), parsed with QDateTime rather than the generator's arithmetic.
qint64 parseEventTime(const QByteArray& text)
{
    const QList<QByteArray> parts = text.split(' ');
    if (parts.size() != 2 || parts[1].size() != 12)
        return -1;
    const QDate date = QDate::fromString(QString::fromLatin1(parts[0]), Qt::ISODate);
    const QTime time =
        QTime::fromString(QString::fromLatin1(parts[1]), QStringLiteral("HH:mm:ss.zzz"));
    const QDateTime t(date, time, QTimeZone::utc());
    return t.isValid() ? t.toMSecsSinceEpoch() : -1;
}

// Stops at the first update(), as a user pressing Cancel at once would.
class CancellingProgress : public Progress
{
public:
    bool update(qint64 done) override
    {
        Q_UNUSED(done);
        return false;
    }
};

// Records the stages and the last update of each.
class RecordingProgress : public Progress
{
public:
    void start(const QString& stage, qint64 total) override
    {
        m_stages.append(stage);
        m_totals.append(total);
        m_last.append(-1);
    }
    bool update(qint64 done) override
    {
        if (!m_last.isEmpty())
            m_last.last() = done;
        return true;
    }
    QStringList m_stages;
    QList<qint64> m_totals, m_last;
};

} // namespace

class TestDemoGenerator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void asOfIsNovemberFirst();
    void sameOptionsGiveSameBytes();
    void otherSeedDiffers();
    void rowCounts();
    void headers();
    void teamHierarchy();
    void eventTimesInWindow();
    void sessionsMatchEvents();
    void eventIdsUniqueAndKpisPresent();
    void onboardingStepsOnceWithGaps();
    void accountsNeedQuoting();
    void renewalOutcomeOnlyAfterRenewal();
    void usersOnlyInEvents();
    void migrations();
    void campaignTouches();
    void valueFormats();
    void progressReportsEvents();
    void cancelStopsAndKeepsOldFiles();
    void unwritableFileNamesPath();

private:
    DemoOptions smallSet(quint64 seed = 7) const;
    QString m_dir;
    QTemporaryDir m_tmp;
    DemoSummary m_summary;
    QHash<QString, Table> m_tables;
};

DemoOptions TestDemoGenerator::smallSet(quint64 seed) const
{
    DemoOptions o;
    o.users = 1000;
    o.events = 20000;
    o.seed = seed;
    return o;
}

void TestDemoGenerator::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_dir = m_tmp.filePath(QStringLiteral("demo"));
    QString error;
    QVERIFY2(generateDemo(m_dir, smallSet(), nullptr, &m_summary, &error), qPrintable(error));
    for (const char* name : DemoFiles) {
        Table t;
        QVERIFY2(parseCsv(readAll(QDir(m_dir).filePath(QLatin1String(name))), &t), name);
        QVERIFY2(!t.needlessQuotes, name);
        m_tables.insert(QLatin1String(name), t);
    }
}

void TestDemoGenerator::asOfIsNovemberFirst()
{
    const QDateTime novemberFirst(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc());
    QCOMPARE(DemoOptions().asOfMs, novemberFirst.toMSecsSinceEpoch());
    QCOMPARE(DemoOptions().asOfMs, Q_INT64_C(1793491200000));
}

void TestDemoGenerator::sameOptionsGiveSameBytes()
{
    QTemporaryDir other;
    DemoSummary summary;
    QString error;
    QVERIFY2(generateDemo(other.path(), smallSet(), nullptr, &summary, &error), qPrintable(error));
    for (const char* name : DemoFiles) {
        const QByteArray a = readAll(QDir(m_dir).filePath(QLatin1String(name)));
        QVERIFY2(!a.isEmpty(), name);
        QVERIFY2(a == readAll(QDir(other.path()).filePath(QLatin1String(name))), name);
    }
    QCOMPARE(summary.sessions, m_summary.sessions);
    QCOMPARE(summary.campaignTouches, m_summary.campaignTouches);
}

void TestDemoGenerator::otherSeedDiffers()
{
    QTemporaryDir other;
    QString error;
    QVERIFY2(generateDemo(other.path(), smallSet(8), nullptr, nullptr, &error), qPrintable(error));
    for (const char* name : {"accounts.csv", "users.csv", "sessions.csv", "events.csv"})
        QVERIFY2(readAll(QDir(m_dir).filePath(QLatin1String(name))) !=
                     readAll(QDir(other.path()).filePath(QLatin1String(name))),
                 name);
    // The team is fixed: documentation refers to its people by name.
    QCOMPARE(readAll(QDir(other.path()).filePath(QStringLiteral("team.csv"))),
             readAll(QDir(m_dir).filePath(QStringLiteral("team.csv"))));
}

void TestDemoGenerator::rowCounts()
{
    QCOMPARE(m_tables[QStringLiteral("events.csv")].rows.size(), 20000);
    QCOMPARE(m_summary.events, 20000);
    QCOMPARE(m_tables[QStringLiteral("accounts.csv")].rows.size(), 10); // round(1000 / 100)
    QCOMPARE(m_summary.accounts, 10);
    QCOMPARE(m_tables[QStringLiteral("users.csv")].rows.size(), 1000);
    QCOMPARE(m_summary.users, 1000);
    QCOMPARE(m_tables[QStringLiteral("team.csv")].rows.size(), 22);
    QCOMPARE(m_summary.teamMembers, 22);
    QCOMPARE(m_tables[QStringLiteral("user_migrations.csv")].rows.size(), 2); // 0.2% of 1000
    QCOMPARE(m_summary.migrations, 2);
    QCOMPARE(m_tables[QStringLiteral("sessions.csv")].rows.size(), m_summary.sessions);
    QCOMPARE(m_tables[QStringLiteral("campaign_touches.csv")].rows.size(),
             m_summary.campaignTouches);
    // Sessions hold 3 to 15 events.
    QVERIFY(m_summary.sessions >= 20000 / 15 && m_summary.sessions <= 20000 / 3);
}

void TestDemoGenerator::headers()
{
    const QHash<QString, QByteArray> expected = {
        {QStringLiteral("team.csv"), "person,role,manager"},
        {QStringLiteral("accounts.csv"),
         "account_id,name,csm,metrics_group,renewal_date,arr,sentiment,has_success_plan,"
         "last_success_plan_update,last_ebr,last_exec_sponsor_activity,last_champion_activity,"
         "last_exec_meeting,open_new_arr,wins_past_year,products_adopted,renewal_outcome,"
         "industry,region"},
        {QStringLiteral("users.csv"),
         "user_id,identity,email,account_id,joindate,last_modified,name,role"},
        {QStringLiteral("sessions.csv"),
         "session_id,user_id,time,device_type,browser,platform,country,referrer,landing_page,"
         "utm_source,utm_campaign"},
        {QStringLiteral("events.csv"),
         "event_id,user_id,session_id,time,event,path,title,referrer"},
        {QStringLiteral("campaign_touches.csv"), "user_id,campaign,time,stage"},
        {QStringLiteral("user_migrations.csv"), "from_user_id,to_user_id,time"},
    };
    for (auto it = expected.begin(); it != expected.end(); ++it)
        QCOMPARE(m_tables[it.key()].header.join(','), it.value());
}

void TestDemoGenerator::teamHierarchy()
{
    const Table& team = m_tables[QStringLiteral("team.csv")];
    QHash<QByteArray, QByteArray> roleOf, managerOf;
    QHash<QByteArray, int> roles;
    for (const auto& r : team.rows) {
        roleOf.insert(r[0], r[1]);
        managerOf.insert(r[0], r[2]);
        ++roles[r[1]];
    }
    QCOMPARE(roles.value("VP"), 1);
    QCOMPARE(roles.value("Director"), 2);
    QCOMPARE(roles.value("Manager"), 4);
    QCOMPARE(roles.value("CSM"), 15);
    QCOMPARE(roles.size(), 4);
    QCOMPARE(roleOf.value("Maya Patel"), QByteArray("CSM"));
    const QHash<QByteArray, QByteArray> reportsTo = {
        {"Director", "VP"}, {"Manager", "Director"}, {"CSM", "Manager"}};
    QHash<QByteArray, int> reports;
    for (const auto& r : team.rows) {
        if (r[1] == "VP") {
            QVERIFY(r[2].isEmpty());
            continue;
        }
        QCOMPARE(roleOf.value(r[2]), reportsTo.value(r[1]));
        ++reports[r[2]];
    }
    for (auto it = roleOf.begin(); it != roleOf.end(); ++it)
        if (it.value() == "Director")
            QCOMPARE(reports.value(it.key()), 2);
    // Every account's CSM is a CSM of the team; Maya Patel owns the first account.
    const Table& accounts = m_tables[QStringLiteral("accounts.csv")];
    for (const auto& r : accounts.rows)
        QCOMPARE(roleOf.value(r[accounts.column("csm")]), QByteArray("CSM"));
    QCOMPARE(accounts.rows[0][accounts.column("account_id")], QByteArray("A0001"));
    QCOMPARE(accounts.rows[0][accounts.column("csm")], QByteArray("Maya Patel"));
}

void TestDemoGenerator::eventTimesInWindow()
{
    const Table& events = m_tables[QStringLiteral("events.csv")];
    const qint64 asOf = DemoOptions().asOfMs;
    const int time = events.column("time");
    qint64 latest = 0;
    for (const auto& r : events.rows) {
        const qint64 t = parseEventTime(r[time]);
        QVERIFY2(t > 0, r[time].constData());
        QVERIFY2(t < asOf, r[time].constData());
        QVERIFY2(t >= asOf - 180 * Q_INT64_C(86400000), r[time].constData());
        latest = std::max(latest, t);
    }
    // The latest event is on Oct 31, so the default as-of time of a sync is Nov 1 too.
    QVERIFY(latest >= asOf - Q_INT64_C(86400000));
}

void TestDemoGenerator::sessionsMatchEvents()
{
    const Table& sessions = m_tables[QStringLiteral("sessions.csv")];
    const Table& events = m_tables[QStringLiteral("events.csv")];
    QHash<QByteArray, QByteArray> userOf;
    QHash<QByteArray, qint64> startOf;
    for (const auto& r : sessions.rows) {
        QVERIFY(!userOf.contains(r[0]));
        userOf.insert(r[0], r[1]);
        startOf.insert(r[0], parseEventTime(r[2]));
    }
    QHash<QByteArray, qint64> firstTime;
    QHash<QByteArray, QByteArray> firstEvent;
    QHash<QByteArray, int> length;
    int logins = 0;
    for (const auto& r : events.rows) {
        const QByteArray& session = r[events.column("session_id")];
        QVERIFY2(userOf.contains(session), session.constData());
        QCOMPARE(userOf.value(session), r[events.column("user_id")]);
        const qint64 t = parseEventTime(r[events.column("time")]);
        if (!firstTime.contains(session) || t < firstTime.value(session)) {
            firstTime.insert(session, t);
            firstEvent.insert(session, r[events.column("event")]);
        }
        ++length[session];
        logins += r[events.column("event")] == "Login" ? 1 : 0;
    }
    QCOMPARE(firstTime.size(), userOf.size()); // no session without events
    for (auto it = firstTime.begin(); it != firstTime.end(); ++it) {
        QCOMPARE(it.value(), startOf.value(it.key()));
        QCOMPARE(firstEvent.value(it.key()), QByteArray("Login"));
        QVERIFY(length.value(it.key()) >= 3 && length.value(it.key()) <= 15);
    }
    QCOMPARE(logins, int(sessions.rows.size())); // exactly one Login per session
}

void TestDemoGenerator::eventIdsUniqueAndKpisPresent()
{
    const Table& events = m_tables[QStringLiteral("events.csv")];
    QSet<QByteArray> ids;
    QHash<QByteArray, int> count;
    for (const auto& r : events.rows) {
        ids.insert(r[0]);
        ++count[r[events.column("event")]];
    }
    QCOMPARE(ids.size(), 20000);
    for (const char* kpi : {"Login", "Run Query", "View Chart", "Save Report", "Group By",
                            "Contact Support", "View Documentation"})
        QVERIFY2(count.value(kpi) > 0, kpi);
    QVERIFY(count.size() >= 20 && count.size() <= 25);
    // Skewed like real usage: queries and charts common, support tickets rare.
    QVERIFY(count.value("Run Query") > 10 * count.value("Contact Support"));
    QVERIFY(count.value("View Chart") > count.value("Save Report"));
}

void TestDemoGenerator::onboardingStepsOnceWithGaps()
{
    const Table& events = m_tables[QStringLiteral("events.csv")];
    const char* const steps[] = {"Complete Profile", "Connect Data Source", "Invite Teammate"};
    for (const char* step : steps) {
        QHash<QByteArray, int> perUser;
        for (const auto& r : events.rows)
            if (r[events.column("event")] == step)
                ++perUser[r[events.column("user_id")]];
        QVERIFY2(perUser.size() > 100, step);  // many users did it...
        QVERIFY2(perUser.size() < 1000, step); // ...not everyone
        for (int n : perUser)
            QCOMPARE(n, 1);
    }
}

void TestDemoGenerator::accountsNeedQuoting()
{
    const Table& accounts = m_tables[QStringLiteral("accounts.csv")];
    QSet<QByteArray> names;
    int quoted = 0;
    for (const auto& r : accounts.rows) {
        const QByteArray& name = r[accounts.column("name")];
        names.insert(name);
        quoted += name.contains(',') || name.contains('"') ? 1 : 0;
    }
    QVERIFY(quoted >= 2);
    QCOMPARE(names.size(), 10);
    const QByteArray raw = readAll(QDir(m_dir).filePath(QStringLiteral("accounts.csv")));
    QVERIFY(raw.contains("A0002,\"The \"\""));
}

void TestDemoGenerator::renewalOutcomeOnlyAfterRenewal()
{
    const Table& accounts = m_tables[QStringLiteral("accounts.csv")];
    for (const auto& r : accounts.rows) {
        const QByteArray& date = r[accounts.column("renewal_date")];
        const QByteArray& outcome = r[accounts.column("renewal_outcome")];
        QVERIFY(QDate::fromString(QString::fromLatin1(date), Qt::ISODate).isValid());
        if (date < "2026-11-01")
            QVERIFY2(outcome == "renewed" || outcome == "churned", date.constData());
        else
            QVERIFY2(outcome.isEmpty(), date.constData());
        // metrics_group follows ARR, whichever money form it is written in.
        QByteArray arrText = r[accounts.column("arr")];
        arrText.replace("$", "").replace(",", "");
        const qint64 arr = arrText.toLongLong();
        const QByteArray& group = r[accounts.column("metrics_group")];
        QCOMPARE(group, arr >= 500000   ? QByteArray("Strategic")
                        : arr >= 250000 ? QByteArray("Enterprise")
                        : arr >= 100000 ? QByteArray("Commercial > 100K")
                                        : QByteArray("Commercial < 100K"));
    }
}

void TestDemoGenerator::usersOnlyInEvents()
{
    const Table& users = m_tables[QStringLiteral("users.csv")];
    QSet<QByteArray> known;
    for (const auto& r : users.rows)
        known.insert(r[0]);
    QCOMPARE(known.size(), 1000);
    QSet<QByteArray> unknown;
    const Table& events = m_tables[QStringLiteral("events.csv")];
    for (const auto& r : events.rows)
        if (!known.contains(r[events.column("user_id")]))
            unknown.insert(r[events.column("user_id")]);
    QVERIFY(m_summary.usersOnlyInEvents >= 1);
    QCOMPARE(unknown.size(), m_summary.usersOnlyInEvents);
}

void TestDemoGenerator::migrations()
{
    QHash<QByteArray, QByteArray> accountOf;
    const Table& users = m_tables[QStringLiteral("users.csv")];
    for (const auto& r : users.rows)
        accountOf.insert(r[0], r[users.column("account_id")]);
    QSet<QByteArray> eventUsers;
    for (const auto& r : m_tables[QStringLiteral("events.csv")].rows)
        eventUsers.insert(r[1]);
    for (const auto& r : m_tables[QStringLiteral("user_migrations.csv")].rows) {
        QVERIFY2(accountOf.contains(r[1]), r[1].constData());
        QVERIFY(r[0] != r[1]);
        if (accountOf.contains(r[0]))
            QCOMPARE(accountOf.value(r[0]), accountOf.value(r[1])); // same company
        else
            QVERIFY2(eventUsers.contains(r[0]), r[0].constData()); // an events-only visitor
        QVERIFY(r[2] < "2026-11-01");
    }
    // One events-only visitor at least stays unknown after the merges, so a sync still meets
    // a user first seen in events.
    QSet<QByteArray> merged;
    for (const auto& r : m_tables[QStringLiteral("user_migrations.csv")].rows)
        merged.insert(r[0]);
    int unmerged = 0;
    for (const QByteArray& user : eventUsers)
        unmerged += !accountOf.contains(user) && !merged.contains(user) ? 1 : 0;
    QVERIFY(unmerged >= 1);
}

void TestDemoGenerator::campaignTouches()
{
    // Per user and campaign: delivered, then maybe opened, then maybe clicked, each later.
    const Table& touches = m_tables[QStringLiteral("campaign_touches.csv")];
    QHash<QByteArray, QList<QByteArray>> stages, times;
    QSet<QByteArray> campaigns;
    for (const auto& r : touches.rows) {
        stages[r[0] + '|' + r[1]].append(r[3]);
        times[r[0] + '|' + r[1]].append(r[2]);
        campaigns.insert(r[1]);
    }
    QVERIFY(campaigns.size() >= 3 && campaigns.size() <= 4);
    QVERIFY(campaigns.contains("Reports Nudge"));
    const QList<QByteArray> order = {"delivered", "opened", "clicked"};
    int clicked = 0;
    for (auto it = stages.begin(); it != stages.end(); ++it) {
        QCOMPARE(it.value(), order.mid(0, it.value().size()));
        const QList<QByteArray>& t = times.value(it.key());
        for (qsizetype k = 1; k < t.size(); ++k)
            QVERIFY(t[k - 1] < t[k]);
        clicked += it.value().size() == 3 ? 1 : 0;
    }
    QVERIFY(clicked > 0);
}

void TestDemoGenerator::valueFormats()
{
    const QRegularExpression number(QStringLiteral("^[1-9][0-9]*$"));
    const QRegularExpression seconds(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$"));
    const QRegularExpression iso(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"));
    const QRegularExpression email(QStringLiteral("^[a-z0-9.]+@[a-z0-9]+\\.example$"));
    const Table& users = m_tables[QStringLiteral("users.csv")];
    const QSet<QByteArray> roles = {"Admin", "Analyst", "Viewer", "Developer"};
    for (const auto& r : users.rows) {
        QVERIFY(number.match(QString::fromLatin1(r[0])).hasMatch());
        QCOMPARE(r[1], r[2]); // identity = email
        QVERIFY2(email.match(QString::fromLatin1(r[2])).hasMatch(), r[2].constData());
        QVERIFY(seconds.match(QString::fromLatin1(r[4])).hasMatch());
        QVERIFY(iso.match(QString::fromLatin1(r[5])).hasMatch());
        QVERIFY(!r[6].isEmpty());
        QVERIFY(roles.contains(r[7]));
    }
    QCOMPARE(users.rows[0][0], QByteArray("100001"));
    for (const auto& r : m_tables[QStringLiteral("campaign_touches.csv")].rows)
        QVERIFY(iso.match(QString::fromLatin1(r[2])).hasMatch());
    const Table& accounts = m_tables[QStringLiteral("accounts.csv")];
    for (const auto& r : accounts.rows) {
        QVERIFY(
            QSet<QByteArray>({"Green", "Yellow", "Red"}).contains(r[accounts.column("sentiment")]));
        QVERIFY(QSet<QByteArray>({"true", "false", "yes", "no"})
                    .contains(r[accounts.column("has_success_plan")]));
    }
}

void TestDemoGenerator::progressReportsEvents()
{
    QTemporaryDir dir;
    RecordingProgress progress;
    QString error;
    QVERIFY2(generateDemo(dir.path(), smallSet(), &progress, nullptr, &error), qPrintable(error));
    const qsizetype events = progress.m_stages.indexOf(QStringLiteral("Writing demo events"));
    QVERIFY(events >= 0);
    QCOMPARE(progress.m_totals[events], 20000);
    QCOMPARE(progress.m_last[events], 20000);
}

void TestDemoGenerator::cancelStopsAndKeepsOldFiles()
{
    QTemporaryDir dir;
    QFile old(dir.filePath(QStringLiteral("team.csv")));
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("person,role,manager\nOld Boss,VP,\n");
    old.close();
    CancellingProgress progress;
    QString error;
    DemoSummary summary;
    const pulsebook::Status status =
        generateDemo(dir.path(), smallSet(), &progress, &summary, &error);
    QVERIFY(status.isCancelled()); // typed: a cancel carries no text
    QVERIFY(error.isEmpty());
    QCOMPARE(summary.events, 0); // untouched
    QCOMPARE(readAll(dir.filePath(QStringLiteral("team.csv"))),
             QByteArray("person,role,manager\nOld Boss,VP,\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("team.csv")});
}

void TestDemoGenerator::unwritableFileNamesPath()
{
    QTemporaryDir dir;
    // A folder where events.csv should go: the file cannot be created.
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("events.csv")));
    QString error;
    QVERIFY(!generateDemo(dir.path(), smallSet(), nullptr, nullptr, &error));
    const QString path = QDir(dir.path()).filePath(QStringLiteral("events.csv"));
    QVERIFY2(error.startsWith(path + QStringLiteral(": ")), qPrintable(error));
    QVERIFY(error.size() > path.size() + 2);
    QVERIFY(!QFile::exists(QDir(dir.path()).filePath(QStringLiteral("team.csv"))));
    // A regular file where the output folder should be.
    const QString blocker = dir.filePath(QStringLiteral("blocker"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const QString outDir = blocker + QStringLiteral("/demo");
    QVERIFY(!generateDemo(outDir, smallSet(), nullptr, nullptr, &error));
    QVERIFY2(error.startsWith(outDir + QStringLiteral(": ")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestDemoGenerator)
#include "tst_demogenerator.moc"
