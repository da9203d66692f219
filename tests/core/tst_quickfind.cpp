// QuickFind (the command palette's search) against a plain reference on random data, hand-checked
// cases (case, unicode, IDs that are numbers, the empty query, merged users), the cards, and
// QuickFinder's worker: a newer query supersedes an older one.
#include "TestSupport.h"
#include "analysis/QuickFind.h"
#include "analysis/QuickFinder.h"
#include "cache/Cache.h"
#include "sync/ExportSync.h"

#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <optional>
#include <tuple>

using namespace pulsebook;

namespace {

QByteArray handExportUsers()
{
    return "user_id,email,account_id\n"
           "u42,ann@example.com,A17\n"
           "42,Bob@ACME.com,A17\n"
           "420,carol@example.com,A2\n"
           "1042,dave@example.com,A2\n"
           "U7,ÉMILE@Köln.de,A1\n"
           "old,ann.old@example.com,A17\n"
           "nomail,,\n";
}

QByteArray handExportAccounts()
{
    return "account_id,name,csm\n"
           "A17,Acme Corp,Maya Patel\n"
           "A2,acme labs,Sam Lee\n"
           "A1,Ärzte Köln,Maya Patel\n"
           "42,The Answer,Sam Lee\n";
}

QString names(const QList<AccountHit>& hits)
{
    QStringList out;
    for (const AccountHit& h : hits)
        out << h.accountId;
    return out.join(QLatin1Char(' '));
}

QString names(const QList<UserHit>& hits)
{
    QStringList out;
    for (const UserHit& h : hits)
        out << h.userId;
    return out.join(QLatin1Char(' '));
}

// The reference: every key compared as QStrings, every match ranked, sorted, cut.
struct Entity
{
    QString id;
    QStringList keys;
};

QStringList reference(const QList<Entity>& entities, const QString& query, int limit)
{
    const QString q = query.trimmed().toCaseFolded();
    struct Ranked
    {
        int tier;
        QByteArray key;
        int order;
        QString id;
    };
    QList<Ranked> ranked;
    if (q.isEmpty())
        return {};
    for (int e = 0; e < entities.size(); ++e) {
        std::optional<Ranked> bestOne;
        for (const QString& key : entities[e].keys) {
            const QString k = key.toCaseFolded();
            const int tier = k == q ? 0 : k.startsWith(q) ? 1 : k.contains(q) ? 2 : -1;
            if (tier < 0 || key.isEmpty())
                continue;
            const Ranked r{tier, k.toUtf8(), e, entities[e].id};
            if (!bestOne || std::tie(r.tier, r.key) < std::tie(bestOne->tier, bestOne->key))
                bestOne = r;
        }
        if (bestOne)
            ranked.append(*bestOne);
    }
    std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        return std::tie(a.tier, a.key, a.order) < std::tie(b.tier, b.key, b.order);
    });
    QStringList out;
    for (int i = 0; i < std::min<int>(limit, ranked.size()); ++i)
        out << ranked[i].id;
    return out;
}

// Accounts in account ID order and unmerged users in uid order, read back from the cache.
void readEntities(const QString& path, QList<Entity>* accounts, QList<Entity>* users)
{
    Cache cache;
    QString error;
    QVERIFY2(cache.openForReading(path, &error), qPrintable(error));
    Statement a =
        cache.db().prepare("SELECT account_id, name FROM accounts ORDER BY account_id", &error);
    while (a.step())
        accounts->append({a.text(0), {a.text(0), a.text(1)}});
    Statement u = cache.db().prepare(
        "SELECT user_id, email FROM users WHERE merged_into IS NULL ORDER BY uid", &error);
    while (u.step())
        users->append({u.text(0), {u.text(0), u.text(1)}});
}

QString randomText(QRandomGenerator& random, const QString& alphabet, int maxLength)
{
    QString s;
    const int n = 1 + int(random.bounded(maxLength));
    for (int i = 0; i < n; ++i)
        s += alphabet[int(random.bounded(alphabet.size()))];
    return s;
}

} // namespace

class TestQuickFind : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<const QuickFind> m_find;
    test::SyncedCache m_hand;

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_hand.load({{QStringLiteral("accounts.csv"), handExportAccounts()},
                              {QStringLiteral("users.csv"), handExportUsers()},
                              {QStringLiteral("user_migrations.csv"),
                               "from_user_id,to_user_id,time\nold,u42,2026-10-01T00:00:00Z\n"},
                              {QStringLiteral("sessions.csv"), "session_id,user_id,time\n"
                                                               "s1,u42,2026-10-30T10:00:00Z\n"
                                                               "s2,u42,2026-10-31T09:30:00Z\n"
                                                               "s3,420,2026-10-29T08:00:00Z\n"},
                              {QStringLiteral("events.csv"),
                               "event_id,user_id,time,event\n1,u42,2026-10-31T09:31:00Z,Login\n"}},
                             &error),
                 qPrintable(error));
        m_find = QuickFind::load(m_hand.cachePath(), &error);
        QVERIFY2(m_find, qPrintable(error));
    }

    void handChecked_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("accounts");
        QTest::addColumn<QString>("users");
        QTest::newRow("empty") << QString() << QString() << QString();
        QTest::newRow("blank") << QStringLiteral("   ") << QString() << QString();
        // Names by prefix in folded order ("acme corp" < "acme labs"); the e-mail's domain is a
        // substring hit.
        QTest::newRow("acme") << QStringLiteral("acme") << QStringLiteral("A17 A2")
                              << QStringLiteral("42");
        QTest::newRow("case, spaces")
            << QStringLiteral("  ACME CORP ") << QStringLiteral("A17") << QString();
        QTest::newRow("unicode prefix")
            << QStringLiteral("ärz") << QStringLiteral("A1") << QString();
        QTest::newRow("unicode upper")
            << QStringLiteral("KÖLN") << QStringLiteral("A1") << QStringLiteral("U7");
        QTest::newRow("unicode e-mail")
            << QStringLiteral("émile@") << QString() << QStringLiteral("U7");
        // Exact "42" first, then prefix "420", then substrings "1042" < "u42" (folded order).
        QTest::newRow("number") << QStringLiteral("42") << QStringLiteral("42")
                                << QStringLiteral("42 420 1042 u42");
        // An e-mail prefix; the merged "old" (ann.old@example.com) is left out.
        QTest::newRow("ann") << QStringLiteral("ann") << QString() << QStringLiteral("u42");
        QTest::newRow("account ID")
            << QStringLiteral("a1") << QStringLiteral("A1 A17") << QString();
        QTest::newRow("nothing") << QStringLiteral("zzz") << QString() << QString();
    }

    void handChecked()
    {
        QFETCH(QString, query);
        QFETCH(QString, accounts);
        QFETCH(QString, users);
        const QuickFindResult r = m_find->find(query, 10);
        QCOMPARE(names(r.accounts), accounts);
        QCOMPARE(names(r.users), users);
    }

    void hitsCarryTheirFacts()
    {
        const QuickFindResult r = m_find->find(QStringLiteral("bob@acme.com"), 10);
        QCOMPARE(r.users.size(), 1);
        QCOMPARE(r.users[0].userId, QStringLiteral("42"));
        QCOMPARE(r.users[0].email, QStringLiteral("Bob@ACME.com")); // as it came in
        QCOMPARE(r.users[0].accountId, QStringLiteral("A17"));
        QCOMPARE(r.users[0].accountName, QStringLiteral("Acme Corp"));
        QCOMPARE(m_find->find(QStringLiteral("nomail"), 10).users.value(0).accountName, QString());
        QCOMPARE(int(r.users[0].match), int(FindMatch::Exact));
        const QuickFindResult a = m_find->find(QStringLiteral("acme c"), 10);
        QCOMPARE(a.accounts.size(), 1);
        QCOMPARE(a.accounts[0].name, QStringLiteral("Acme Corp"));
        QCOMPARE(a.accounts[0].csm, QStringLiteral("Maya Patel"));
        QCOMPARE(int(a.accounts[0].match), int(FindMatch::Prefix));
        // The limit cuts after the best: "42" exact, "420" prefix.
        QCOMPARE(names(m_find->find(QStringLiteral("42"), 2).users), QStringLiteral("42 420"));
        QCOMPARE(m_find->userCount(), 6); // 7 rows, "old" merged
        QCOMPARE(m_find->accountCount(), 4);
    }

    void againstReference()
    {
        QRandomGenerator random(20261205);
        // Few letters, so keys share prefixes and repeat; upper case, accents and digits.
        const QString alphabet = QStringLiteral("aAbBéÉ12@.");
        QByteArray accounts = "account_id,name,csm\n";
        QSet<QString> accountIds;
        for (int i = 0; i < 120; ++i) {
            const QString id = randomText(random, alphabet, 4);
            if (accountIds.contains(id))
                continue;
            accountIds.insert(id);
            accounts +=
                (id + QLatin1Char(',') + randomText(random, alphabet, 6) + QStringLiteral(",csm\n"))
                    .toUtf8();
        }
        QByteArray users = "user_id,email,account_id\n";
        QSet<QString> userIds;
        for (int i = 0; i < 600; ++i) {
            const QString id = randomText(random, alphabet, 5);
            if (userIds.contains(id))
                continue;
            userIds.insert(id);
            const QString email =
                random.bounded(8) == 0 ? QString() : randomText(random, alphabet, 8);
            users += (id + QLatin1Char(',') + email + QStringLiteral(",x\n")).toUtf8();
        }
        test::SyncedCache synced;
        QString error;
        QVERIFY2(synced.load({{QStringLiteral("accounts.csv"), accounts},
                              {QStringLiteral("users.csv"), users}},
                             &error),
                 qPrintable(error));
        const auto find = QuickFind::load(synced.cachePath(), &error);
        QVERIFY2(find, qPrintable(error));
        QList<Entity> accountRows, userRows;
        readEntities(synced.cachePath(), &accountRows, &userRows);
        QCOMPARE(find->accountCount(), accountRows.size());
        QCOMPARE(find->userCount(), userRows.size());
        int nonEmpty = 0;
        for (int i = 0; i < 400; ++i) {
            const QString query = randomText(random, alphabet, 3);
            const int limit = 1 + int(random.bounded(12));
            const QuickFindResult r = find->find(query, limit);
            QStringList gotAccounts, gotUsers;
            for (const AccountHit& h : r.accounts)
                gotAccounts << h.accountId;
            for (const UserHit& h : r.users)
                gotUsers << h.userId;
            QCOMPARE(gotAccounts, reference(accountRows, query, limit));
            QCOMPARE(gotUsers, reference(userRows, query, limit));
            nonEmpty += !gotUsers.isEmpty();
        }
        QVERIFY2(nonEmpty > 200, qPrintable(QString::number(nonEmpty))); // the test has teeth
    }

    // Three queries in a row: only the last one's result is reported, once.
    void newerQuerySupersedes()
    {
        QuickFinder finder;
        QSignalSpy found(&finder, &QuickFinder::found);
        finder.setWorkspace(m_hand.cachePath());
        finder.find(QStringLiteral("a"), 10);
        finder.find(QStringLiteral("ac"), 10);
        finder.find(QStringLiteral("42"), 10);
        QVERIFY(found.wait(10000));
        QTest::qWait(100);
        QCOMPARE(found.size(), 1);
        const auto r = found[0][0].value<QuickFindResult>();
        QCOMPARE(r.query, QStringLiteral("42"));
        QCOMPARE(names(r.users), QStringLiteral("42 420 1042 u42"));
        // Once loaded, a query and a newer one straight after: again only the newer.
        finder.find(QStringLiteral("acme"), 10);
        finder.find(QStringLiteral("köln"), 10);
        QVERIFY(found.wait(10000));
        QTest::qWait(100);
        QCOMPARE(found.size(), 2);
        QCOMPARE(found[1][0].value<QuickFindResult>().query, QStringLiteral("köln"));
        // Another workspace (none): the pending query answers empty, not from the old index.
        finder.setWorkspace(QString());
        finder.find(QStringLiteral("acme"), 10);
        QCOMPARE(found.size(), 3);
        QVERIFY(found[2][0].value<QuickFindResult>().accounts.isEmpty());
    }

    // A cancel is no failure: no index and no text, whereas a missing file says why.
    void cancelledLoad()
    {
        std::atomic_bool cancelled{true};
        QString error;
        QVERIFY(!QuickFind::load(m_hand.cachePath(), &error, &cancelled));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        cancelled = false;
        QVERIFY(QuickFind::load(m_hand.cachePath(), &error, &cancelled));
        QVERIFY(!QuickFind::load(m_hand.dir.filePath(QStringLiteral("missing.pulsebook")), &error,
                                 &cancelled));
        QVERIFY(!error.isEmpty());
    }

    void unreadableWorkspace()
    {
        QuickFinder finder;
        QSignalSpy loaded(&finder, &QuickFinder::loaded);
        finder.setWorkspace(m_hand.dir.filePath(QStringLiteral("missing.pulsebook")));
        QVERIFY(loaded.wait(10000));
        QVERIFY(!finder.error().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestQuickFind)
#include "tst_quickfind.moc"
