// EventIndex: the in-memory snapshot the analyses scan, checked against a hand-written export
// (values worked out from the CSV text) and against the plain SQL flat copy of the cache.
#include "LargeArray.h"
#include "Progress.h"
#include "SyncSupport.h"
#include "TestSupport.h"
#include "analysis/EventIndex.h"
#include "cache/Cache.h"
#include "cache/EventTable.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

using namespace pulsebook;

namespace {

constexpr qint64 Hour = 3600000LL;
constexpr qint64 Day = 24 * Hour;
// 2026-11-01T00:00:00Z (tst_cli: epoch 1793491199 s is 2026-10-31T23:59:59Z).
constexpr qint64 Nov1 = 1793491200000LL;
// 304 days (Jan..Oct of a common year) before Nov 1.
constexpr qint64 Jan1 = Nov1 - 304 * Day;

// note: JSON-escaped in the cache's properties text (quotes, backslash, tab, non-ASCII).
const QByteArray UsersCsv = "user_id,identity,email,account_id,joindate,role,note\n"
                            "u1,ann,ann@acme.example,A1,2026-01-15,Admin,\"say \"\"hi\"\" \\\t"
                            "Z\xc3\xbcrich \xf0\x9f\x9a\x80\"\n"
                            "u2,bob,bob@acme.example,A1,,viewer,\n"
                            "u3,cy,cy@globex.example,A2,2026-02-01,,\n"
                            "u4,ann-old,ann.old@acme.example,A1,2025-06-01,Admin,\n"
                            "u5,dee,dee@globex.example,A2,2026-03-01,viewer,\n";

const QByteArray AccountsCsv = "account_id,name,csm,renewal_date,arr,has_success_plan,region\n"
                               "A1,Acme,Maya Patel,2027-01-31,\"$120,036\",yes,EMEA\n"
                               "A2,Globex,Li Wei,2026-11-15T12:00:00Z,5000,no,\n";

// u4 is merged into u1: its session and event become u1's.
const QByteArray MigrationsCsv = "from_user_id,to_user_id,time\n"
                                 "u4,u1,2026-09-01\n";

const QByteArray SessionsCsv = "session_id,user_id,time\n"
                               "s1,u1,2026-10-05T08:55:00Z\n"
                               "s2,u1,2026-10-01T07:59:00Z\n"
                               "s3,u2,2026-10-02T09:59:00Z\n"
                               "s4,u4,2026-09-15T06:59:00Z\n";

// Three events of u1 share 10-05T09:00: numeric IDs by value (9 before 10, though "10" < "9"
// as text), then the other IDs ("ab"). u6 appears only here.
const QByteArray EventsCsv = "event_id,user_id,time,event,path\n"
                             "10,u1,2026-10-05T09:00:00Z,Login,/home\n"
                             "ab,u1,2026-10-05T09:00:00Z,Export CSV,\n"
                             "9,u1,2026-10-05T09:00:00Z,View Chart,/chart\n"
                             "2,u1,2026-10-01T08:00:00Z,Login,/home\n"
                             "3,u2,2026-10-02T10:00:00Z,Login,/home\n"
                             "100,u4,2026-09-15T07:00:00Z,Run Query,/q\n"
                             "4,u3,2026-10-20T23:59:59Z,Run Query,/q\n"
                             "5,u6,2026-10-03T00:00:00Z,Login,\n";

bool sync(const QString& cachePath, const QString& folder, SyncSummary* summary)
{
    Cache cache;
    QString error;
    if (!cache.open(cachePath, true, &error) ||
        !syncExportFolder(cache, folder, {}, nullptr, summary, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

// Writes the demo export into dir and syncs it into a new cache: its path, or empty on failure.
QString syncDemo(const QTemporaryDir& dir, qint64 users, qint64 events, quint64 seed,
                 SyncSummary* summary)
{
    const QString folder = dir.filePath(QStringLiteral("demo"));
    DemoOptions options;
    options.users = users;
    options.events = events;
    options.seed = seed;
    DemoSummary demo;
    QString error;
    if (!generateDemo(folder, options, nullptr, &demo, &error) || demo.events != events) {
        qWarning("demo: %s", qPrintable(error));
        return {};
    }
    const QString cachePath = dir.filePath(QStringLiteral("demo.pulsebook"));
    return sync(cachePath, folder, summary) ? cachePath : QString();
}

// Every user's events as "time event [path]" lines, from the index.
QStringList indexEvents(const EventIndex& index, int u)
{
    QStringList lines;
    const int path = index.eventPropertyColumn(QStringLiteral("path"));
    for (size_t e = index.eventBegin(u); e < index.eventEnd(u); ++e) {
        QString line =
            QString::number(index.time(e)) + QLatin1Char(' ') + index.typeName(index.type(e));
        if (path >= 0)
            line += QLatin1Char(' ') + index.eventValueText(index.eventPropertyValue(path, e));
        lines.append(line);
    }
    return lines;
}

// The same from the flat copy, ordered as docs/definitions.md says: by time, then whole-number IDs
// by value, then other IDs as text. users: the flat copy's user numbers in order.
QList<QStringList> flatEvents(Database& flat, int users, bool withPath)
{
    QList<QStringList> result(users);
    QString error;
    Statement s = flat.prepare(withPath ? "SELECT user, time, event, path FROM events ORDER BY "
                                          "user, time, numeric_id IS NULL, numeric_id, event_id"
                                        : "SELECT user, time, event FROM events ORDER BY "
                                          "user, time, numeric_id IS NULL, numeric_id, event_id",
                               &error);
    if (!s.isValid())
        qWarning("%s", qPrintable(error));
    while (s.step()) {
        QString line = QString::number(s.int64(1)) + QLatin1Char(' ') + s.text(2);
        if (withPath)
            line += QLatin1Char(' ') + s.text(3);
        result[int(s.int64(0))].append(line);
    }
    return result;
}

QList<QList<qint64>> flatSessions(Database& flat, int users)
{
    QList<QList<qint64>> result(users);
    Statement s = flat.prepare("SELECT user, time FROM sessions ORDER BY user, time", nullptr);
    while (s.step())
        result[int(s.int64(0))].append(s.int64(1));
    return result;
}

} // namespace

class TestEventIndex : public QObject
{
    Q_OBJECT

private slots:
    void handWrittenExport()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("export"));
        test::writeFile(folder, QStringLiteral("users.csv"), UsersCsv);
        test::writeFile(folder, QStringLiteral("accounts.csv"), AccountsCsv);
        test::writeFile(folder, QStringLiteral("user_migrations.csv"), MigrationsCsv);
        test::writeFile(folder, QStringLiteral("sessions.csv"), SessionsCsv);
        test::writeFile(folder, QStringLiteral("events.csv"), EventsCsv);
        const QString cachePath = dir.filePath(QStringLiteral("c.pulsebook"));
        QVERIFY(sync(cachePath, folder, nullptr));
        const auto index = test::openIndex(cachePath);
        QVERIFY(index);

        // u4 is merged away; u6 came from events.csv: u1 u2 u3 u5 u6 in uid order.
        QCOMPARE(index->userCount(), 5);
        QStringList ids;
        for (int u = 0; u < index->userCount(); ++u)
            ids.append(index->userId(u));
        QCOMPARE(ids.join(QLatin1Char(',')), QStringLiteral("u1,u2,u3,u5,u6"));
        QCOMPARE(index->userIndex(QStringLiteral("u4")), -1);
        QCOMPARE(index->userIndex(QStringLiteral("u5")), 3);
        QCOMPARE(index->eventCount(), size_t(8));
        QCOMPARE(index->typeCount(), 4);
        QCOMPARE(index->typeIndex(QStringLiteral("Nope")), -1);

        // u1: u4's 09-15 Run Query, 10-01 Login, then the three at 10-05T09:00 as 9, 10, ab.
        const qint64 oct5 = Nov1 - 27 * Day + 9 * Hour;
        QCOMPARE(indexEvents(*index, 0),
                 (QStringList{QStringLiteral("%1 Run Query /q").arg(Nov1 - 47 * Day + 7 * Hour),
                              QStringLiteral("%1 Login /home").arg(Nov1 - 31 * Day + 8 * Hour),
                              QStringLiteral("%1 View Chart /chart").arg(oct5),
                              QStringLiteral("%1 Login /home").arg(oct5),
                              QStringLiteral("%1 Export CSV ").arg(oct5)}));
        QCOMPARE(indexEvents(*index, 2),
                 QStringList{QStringLiteral("%1 Run Query /q").arg(Nov1 - 11 * Day - 1000)});
        QCOMPARE(index->eventBegin(3), index->eventEnd(3)); // u5: no events
        QCOMPARE(indexEvents(*index, 4),
                 QStringList{QStringLiteral("%1 Login ").arg(Nov1 - 29 * Day)});
        // The latest event is 10-20T23:59:59Z: as of the midnight after it.
        QCOMPARE(index->defaultAsOfMs(), Nov1 - 11 * Day);

        // Sessions, ascending: u1 has s4 (from u4), s2, s1; u2 has s3.
        QCOMPARE(index->sessionEnd(0) - index->sessionBegin(0), size_t(3));
        QCOMPARE(index->sessionTime(index->sessionBegin(0)),
                 Nov1 - 47 * Day + 6 * Hour + 59 * 60000);
        QCOMPARE(index->sessionTime(index->sessionBegin(0) + 1),
                 Nov1 - 31 * Day + 7 * Hour + 59 * 60000);
        QCOMPARE(index->sessionTime(index->sessionBegin(0) + 2),
                 Nov1 - 27 * Day + 8 * Hour + 55 * 60000);
        QCOMPARE(index->sessionEnd(1) - index->sessionBegin(1), size_t(1));
        QCOMPARE(index->sessionEnd(4), index->sessionBegin(4));

        // User properties: built-in columns typed, extra columns as text, missing invalid.
        QCOMPARE(index->userProperty(0, QStringLiteral("email")).toString(),
                 QStringLiteral("ann@acme.example"));
        QCOMPARE(index->userProperty(0, QStringLiteral("joindate")).typeId(),
                 int(QMetaType::LongLong));
        QCOMPARE(index->userProperty(0, QStringLiteral("joindate")).toLongLong(), Jan1 + 14 * Day);
        QVERIFY(!index->userProperty(1, QStringLiteral("joindate")).isValid());
        QCOMPARE(index->userProperty(0, QStringLiteral("role")).typeId(), int(QMetaType::QString));
        QCOMPARE(index->userProperty(0, QStringLiteral("role")).toString(),
                 QStringLiteral("Admin"));
        QVERIFY(!index->userProperty(2, QStringLiteral("role")).isValid());
        QCOMPARE(index->userProperty(0, QStringLiteral("note")).toString(),
                 QString::fromUtf8("say \"hi\" \\\tZ\xc3\xbcrich \xf0\x9f\x9a\x80"));
        QVERIFY(!index->userProperty(4, QStringLiteral("email")).isValid());
        QVERIFY(index->userPropertyNames().contains(QStringLiteral("role")));

        // Accounts: A1 (u1, u2), A2 (u3, u5); u6 has none.
        QCOMPARE(index->accountCount(), 2);
        QCOMPARE(index->userAccount(0), index->accountIndex(QStringLiteral("A1")));
        QCOMPARE(index->userAccount(4), -1);
        const int a1 = index->accountIndex(QStringLiteral("A1"));
        const int a2 = index->accountIndex(QStringLiteral("A2"));
        QCOMPARE(index->accountUsers(a1), (std::vector<int>{0, 1}));
        QCOMPARE(index->accountUsers(a2), (std::vector<int>{2, 3}));
        const QVariant arr = index->accountProperty(a1, QStringLiteral("arr"));
        QCOMPARE(arr.typeId(), int(QMetaType::Double));
        QCOMPARE(arr.toDouble(), 120036.0);
        const QVariant renewal = index->accountProperty(a1, QStringLiteral("renewal_date"));
        QCOMPARE(renewal.typeId(), int(QMetaType::LongLong));
        QCOMPARE(renewal.toLongLong(), Jan1 + 365 * Day + 30 * Day); // 2027-01-31
        QCOMPARE(index->accountProperty(a2, QStringLiteral("renewal_date")).toLongLong(),
                 Nov1 + 14 * Day + 12 * Hour);
        const QVariant plan = index->accountProperty(a1, QStringLiteral("has_success_plan"));
        QCOMPARE(plan.typeId(), int(QMetaType::Bool));
        QCOMPARE(plan.toBool(), true);
        QCOMPARE(index->accountProperty(a2, QStringLiteral("has_success_plan")).toBool(), false);
        const QVariant region = index->accountProperty(a1, QStringLiteral("region"));
        QCOMPARE(region.typeId(), int(QMetaType::QString));
        QCOMPARE(region.toString(), QStringLiteral("EMEA"));
        QVERIFY(!index->accountProperty(a2, QStringLiteral("region")).isValid());
        QCOMPARE(index->accountProperty(a2, QStringLiteral("csm")).toString(),
                 QStringLiteral("Li Wei"));

        // And everything again against the flat copy.
        const QString flatPath = dir.filePath(QStringLiteral("flat.sqlite"));
        QCOMPARE(test::writeFlatCopy(cachePath, flatPath), QString());
        Database flat;
        QString error;
        QVERIFY2(flat.open(flatPath, false, &error), qPrintable(error));
        const auto events = flatEvents(flat, index->userCount(), true);
        const auto sessions = flatSessions(flat, index->userCount());
        for (int u = 0; u < index->userCount(); ++u) {
            QCOMPARE(indexEvents(*index, u), events[u]);
            QList<qint64> times;
            for (size_t s = index->sessionBegin(u); s < index->sessionEnd(u); ++s)
                times.append(index->sessionTime(s));
            QCOMPARE(times, sessions[u]);
        }
        Statement users = flat.prepare("SELECT user, user_id, email, account_id, joindate, "
                                       "properties FROM users ORDER BY user",
                                       &error);
        int rows = 0;
        while (users.step()) {
            const int u = int(users.int64(0));
            QCOMPARE(index->userId(u), users.text(1));
            QCOMPARE(index->userProperty(u, QStringLiteral("email")).toString(), users.text(2));
            QCOMPARE(index->userProperty(u, QStringLiteral("account_id")).toString(),
                     users.text(3));
            QCOMPARE(index->userProperty(u, QStringLiteral("joindate")).isValid(),
                     !users.isNull(4));
            const QJsonObject properties = QJsonDocument::fromJson(users.text(5).toUtf8()).object();
            QCOMPARE(index->userProperty(u, QStringLiteral("role")).toString(),
                     properties.value(QStringLiteral("role")).toString());
            QCOMPARE(index->userProperty(u, QStringLiteral("note")).toString(),
                     properties.value(QStringLiteral("note")).toString());
            ++rows;
        }
        QCOMPARE(rows, 5);
    }

    void emptyCache()
    {
        QTemporaryDir dir;
        const QString cachePath = dir.filePath(QStringLiteral("empty.pulsebook"));
        {
            Cache cache;
            QString error;
            QVERIFY2(cache.open(cachePath, true, &error), qPrintable(error));
        }
        const auto index = test::openIndex(cachePath);
        QVERIFY(index);
        QCOMPARE(index->userCount(), 0);
        QCOMPARE(index->eventCount(), size_t(0));
        QCOMPARE(index->typeCount(), 0);
        QCOMPARE(index->accountCount(), 0);
        QCOMPARE(index->defaultAsOfMs(), qint64(0));
        QCOMPARE(index->userIndex(QStringLiteral("u1")), -1);
    }

    // 300,000 events span several 65,536-event chunks, so the decode runs on two threads and
    // the second half's property values are merged into the first half's pool.
    void demoMatchesFlatCopy()
    {
        QTemporaryDir dir;
        QString error;
        SyncSummary summary;
        const QString cachePath = syncDemo(dir, 2000, 300000, 7, &summary);
        QVERIFY(!cachePath.isEmpty());
        QCOMPARE(summary.eventsInCache, qint64(300000));
        const auto index = test::openIndex(cachePath);
        QVERIFY(index);
        QCOMPARE(index->eventCount(), size_t(summary.eventsInCache));

        const QString flatPath = dir.filePath(QStringLiteral("flat.sqlite"));
        QCOMPARE(test::writeFlatCopy(cachePath, flatPath), QString());
        Database flat;
        QVERIFY2(flat.open(flatPath, false, &error), qPrintable(error));
        QCOMPARE(flat.scalar("SELECT COUNT(*) FROM users"), qint64(index->userCount()));
        // Per-user counts by SQL.
        Statement counts =
            flat.prepare("SELECT u.user, COUNT(e.user) FROM users u LEFT JOIN events e "
                         "ON e.user = u.user GROUP BY u.user ORDER BY u.user",
                         &error);
        QVERIFY2(counts.isValid(), qPrintable(error));
        int checked = 0;
        while (counts.step()) {
            const int u = int(counts.int64(0));
            QCOMPARE(qint64(index->eventEnd(u) - index->eventBegin(u)), counts.int64(1));
            ++checked;
        }
        QCOMPARE(checked, index->userCount());
        // Order, types and paths of every event.
        const auto events = flatEvents(flat, index->userCount(), true);
        for (int u = 0; u < index->userCount(); ++u) {
            if (indexEvents(*index, u) != events[u])
                QFAIL(qPrintable(QStringLiteral("user %1 differs").arg(index->userId(u))));
        }
        const auto sessions = flatSessions(flat, index->userCount());
        for (int u = 0; u < index->userCount(); ++u)
            QCOMPARE(qint64(index->sessionEnd(u) - index->sessionBegin(u)),
                     qint64(sessions[u].size()));
        // As of the UTC midnight after the latest event.
        const qint64 latest = flat.scalar("SELECT MAX(time) FROM events");
        QCOMPARE(index->defaultAsOfMs(), latest / Day * Day + Day);
    }

    // The index decodes event properties on first use (EventProperties). Every property value
    // of every event, asked for after the open, from two threads at once, must equal the
    // sync's own full decode of the chunks (EventChunks::load: every column, eagerly).
    void lazyPropertiesMatchEagerLoad()
    {
        QTemporaryDir dir;
        QString error;
        SyncSummary summary;
        const QString cachePath = syncDemo(dir, 1500, 250000, 11, &summary);
        QVERIFY(!cachePath.isEmpty());
        const auto index = test::openIndex(cachePath);
        QVERIFY(index);
        QCOMPARE(index->eventCount(), size_t(250000));
        // Events, types and times are there; the properties are not decoded yet.
        QVERIFY(index->time(index->eventCount() - 1) > 0);
        QVERIFY(!index->eventPropertiesDecoded());

        int columns[2][3];
        const QStringList names = {QStringLiteral("path"), QStringLiteral("title"),
                                   QStringLiteral("referrer")};
        auto ask = [&](int t) {
            for (int c = 0; c < 3; ++c)
                columns[t][c] = index->eventPropertyColumn(names[c]);
        };
        std::thread other(ask, 1);
        ask(0);
        other.join();
        QVERIFY(index->eventPropertiesDecoded());
        QCOMPARE(index->eventPropertyError(), QString());
        for (int c = 0; c < 3; ++c) {
            QVERIFY(columns[0][c] >= 0);
            QCOMPARE(columns[1][c], columns[0][c]);
        }
        QCOMPARE(index->eventPropertyColumn(QStringLiteral("no such property")), -1);

        // The eager decode: every chunk in order, as the sync reads them.
        Cache cache;
        QVERIFY2(cache.open(cachePath, false, &error), qPrintable(error));
        EventTable table;
        QVERIFY2(EventChunks::load(cache.db(), EventChunks::Store::Events, &table, silentProgress(),
                                   &error),
                 qPrintable(error));
        QCOMPARE(table.size(), index->eventCount());
        QHash<QString, quint32> keyOfName;
        Statement keys = cache.db().prepare("SELECT id, name FROM property_keys", &error);
        QVERIFY2(keys.isValid(), qPrintable(error));
        while (keys.step())
            keyOfName.insert(keys.text(1), quint32(keys.int64(0)));
        QStringList eagerNames;
        for (const auto& column : table.properties) {
            for (auto it = keyOfName.cbegin(); it != keyOfName.cend(); ++it) {
                if (it.value() == column.key)
                    eagerNames.append(it.key());
            }
        }
        QStringList lazyNames = index->eventPropertyNames();
        lazyNames.sort();
        eagerNames.sort();
        QCOMPARE(lazyNames, eagerNames);
        for (const QString& name : lazyNames) {
            const int column = index->eventPropertyColumn(name);
            const auto& eager = table.column(keyOfName.value(name)).values;
            size_t withValue = 0;
            for (size_t e = 0; e < table.size(); ++e) {
                QCOMPARE(index->time(e), table.time[e]);
                const quint32 v = eager[e];
                const QString expected =
                    v == 0 ? QString()
                           : QString::fromUtf8(table.values.at(v).data(),
                                               qsizetype(table.values.at(v).size()));
                const QString got = index->eventValueText(index->eventPropertyValue(column, e));
                if (got != expected)
                    QFAIL(qPrintable(QStringLiteral("%1 of event %2: \"%3\", expected \"%4\"")
                                         .arg(name)
                                         .arg(e)
                                         .arg(got, expected)));
                withValue += v != 0;
            }
            // Every demo event has a path and a title.
            if (name != QLatin1String("referrer"))
                QCOMPARE(withValue, table.size());
        }
    }

    // The big arrays' allocator: zero-filled like std::vector, the same values through growth,
    // copies and shrinking, and (on Linux) a big array starts on a 2 MiB boundary so the kernel
    // can back it with huge pages.
    void largeArray()
    {
        const size_t n = 3 * 1000 * 1000; // 24 MB of qint64: the mapped path
        LargeArray<qint64> big(n);
        std::vector<qint64> plain(n);
        QVERIFY(std::equal(big.begin(), big.end(), plain.begin()));
#if defined(__linux__)
        QCOMPARE(reinterpret_cast<std::uintptr_t>(big.data()) % (std::uintptr_t(2) << 20),
                 std::uintptr_t(0));
#endif
        for (size_t i = 0; i < n; ++i)
            big[i] = plain[i] = qint64(i * 7919 % 1000003);
        for (int i = 0; i < 1000; ++i) { // grows past its capacity: moved, not lost
            big.push_back(-i);
            plain.push_back(-i);
        }
        QVERIFY(big == LargeArray<qint64>(plain.begin(), plain.end()));
        big.resize(10); // small again: the ordinary allocator's path after a shrink
        big.shrink_to_fit();
        plain.resize(10);
        QVERIFY(std::equal(big.begin(), big.end(), plain.begin(), plain.end()));
        LargeArray<char> bytes;
        bytes.reserve(5 << 20);
        const std::string text = "abc";
        bytes.insert(bytes.end(), text.begin(), text.end());
        QCOMPARE(std::string(bytes.data(), bytes.size()), text);
    }
};

QTEST_GUILESS_MAIN(TestEventIndex)
#include "tst_eventindex.moc"
