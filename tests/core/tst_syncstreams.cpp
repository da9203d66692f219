// syncExportFolder with tables that arrive as streams (SyncOptions::streams, what the warehouse
// sync's COPY feeds) against the same tables as files: the cache must come out the same, and
// the rules about where a table comes from must hold.
#include "TestSupport.h"
#include "cache/Cache.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <memory>

using namespace pulsebook;
using ExportFormat::Table;

namespace {

// A stream over `bytes` that hands them over in pieces of at most `piece` bytes.
SyncOptions::TableStream streamOf(Table table, const QString& name,
                                  std::shared_ptr<const QByteArray> bytes, qint64 piece)
{
    SyncOptions::TableStream s;
    s.table = table;
    s.name = name;
    auto at = std::make_shared<qint64>(0);
    s.read = [bytes, at, piece](char* buffer, qint64 max, QString*) -> qint64 {
        const qint64 n = std::min({max, piece, qint64(bytes->size()) - *at});
        std::memcpy(buffer, bytes->constData() + *at, size_t(n));
        *at += n;
        return n;
    };
    return s;
}

} // namespace

class TestSyncStreams : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_demo;
    int m_caches = 0;

    QString newCache() { return m_dir.filePath(QStringLiteral("c%1.pulsebook").arg(++m_caches)); }

    bool sync(const QString& cachePath, const QString& folder, const SyncOptions& options,
              SyncSummary* summary, QString* error)
    {
        Cache cache;
        return cache.open(cachePath, true, error) &&
               syncExportFolder(cache, folder, options, nullptr, summary, error);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = m_dir.filePath(QStringLiteral("demo"));
        DemoOptions demo;
        demo.users = 200;
        demo.events = 12000;
        demo.seed = 7;
        QString error;
        QVERIFY2(generateDemo(m_demo, demo, nullptr, nullptr, &error), qPrintable(error));
    }

    // Every table as a stream, in pieces of various sizes, gives the cache the files give.
    void streamsEqualFiles_data()
    {
        // Streams of unknown length spill their events and sessions to a temporary file; with
        // a known, small length they stay in memory: both must give the files' cache.
        QTest::addColumn<qint64>("piece");
        QTest::addColumn<bool>("known");
        QTest::newRow("1 byte, unknown length") << qint64(1) << false;
        QTest::newRow("7 bytes, unknown length") << qint64(7) << false;
        QTest::newRow("64 KB, unknown length") << qint64(65536) << false;
        QTest::newRow("64 KB, known length") << qint64(65536) << true;
    }

    void streamsEqualFiles()
    {
        QFETCH(qint64, piece);
        QFETCH(bool, known);
        const QString fromFiles = newCache();
        SyncSummary filesSummary;
        QString error;
        QVERIFY2(sync(fromFiles, m_demo, {}, &filesSummary, &error), qPrintable(error));

        SyncOptions options;
        options.source = QStringLiteral("test streams");
        for (const auto& spec : ExportFormat::files()) {
            const QString path = QDir(m_demo).filePath(QLatin1String(spec.files.front()));
            if (!QFile::exists(path))
                continue;
            auto bytes = std::make_shared<const QByteArray>(test::readFile(path));
            auto stream = streamOf(spec.table, QLatin1String(spec.tableName), bytes, piece);
            if (known) { // as the warehouse sync knows it: the rows beside the header line
                stream.expectedRows = bytes->count('\n') - 1;
                stream.expectedBytes = bytes->size();
            }
            options.streams.append(stream);
        }
        QVERIFY(options.streams.size() >= 5);
        const QString fromStreams = newCache();
        SyncSummary streamsSummary;
        QVERIFY2(sync(fromStreams, QString(), options, &streamsSummary, &error), qPrintable(error));
        QCOMPARE(test::snapshot(fromStreams), test::snapshot(fromFiles));
        QCOMPARE(streamsSummary.eventsInCache, filesSummary.eventsInCache);
        QCOMPARE(streamsSummary.tables.size(), filesSummary.tables.size());
        for (qsizetype t = 0; t < streamsSummary.tables.size(); ++t) {
            QCOMPARE(streamsSummary.tables[t].rows, filesSummary.tables[t].rows);
            // Named by its stream (here the table's name), not by a file.
            QCOMPARE(streamsSummary.tables[t].file, streamsSummary.tables[t].table);
        }
    }

    // A stream's error stops the sync with the stream's name and reason; nothing lands.
    void failingStreamChangesNothing()
    {
        const QString path = newCache();
        QString error;
        QVERIFY2(sync(path, m_demo, {}, nullptr, &error), qPrintable(error));
        const auto before = test::snapshot(path, false);
        SyncOptions options;
        SyncOptions::TableStream broken;
        broken.table = Table::Events;
        broken.name = QStringLiteral("wh.all_events");
        auto sent = std::make_shared<bool>(false);
        broken.read = [sent](char* buffer, qint64 max, QString* why) -> qint64 {
            if (*sent) {
                *why = QStringLiteral("server closed the connection");
                return -1;
            }
            *sent = true;
            const QByteArray head = "event_id,user_id,session_id,time,event\n"
                                    "e1,u1,s1,2024-03-01T10:00:00Z,Login\n";
            const qint64 n = std::min<qint64>(max, head.size());
            std::memcpy(buffer, head.constData(), size_t(n));
            return n;
        };
        options.streams.append(broken);
        QVERIFY(!sync(path, QString(), options, nullptr, &error));
        QCOMPARE(error, QStringLiteral("wh.all_events: server closed the connection"));
        QCOMPARE(test::snapshot(path, false), before);
    }

    // A table may come from a file or a stream, not both.
    void fileAndStreamForOneTableIsRefused()
    {
        SyncOptions options;
        options.streams.append(streamOf(Table::Users, QStringLiteral("wh.users"),
                                        std::make_shared<const QByteArray>("user_id\nu1\n"), 4));
        QString error;
        QVERIFY(!sync(newCache(), m_demo, options, nullptr, &error));
        QCOMPARE(
            error,
            QStringLiteral("%1: both users.csv and wh.users hold users: keep one").arg(m_demo));
    }
};

QTEST_GUILESS_MAIN(TestSyncStreams)
#include "tst_syncstreams.moc"
