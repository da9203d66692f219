// The demo generator: onboarding steps, CRM rules, users only in events, migrations, campaign
// touches, value formats, progress and cancellation.
#include "tst_demogenerator.h"

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
