// Hostile input (issue 6, item 4): each input with its exact outcome, worked out by hand from
// the bytes below (line:column positions count bytes from 1), no crash, no hang (the QtTest
// watchdog, QTEST_FUNCTION_TIMEOUT in tests/CMakeLists.txt, and hang guards on the command
// line runs), and no partial write: a failed sync leaves every table, the sync log included,
// as it was. Exports run through pulsebook-cli as a user runs them, and no cell that a
// spreadsheet would run as a formula may come out of them.
#include "TestSupport.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Segment.h"
#include "cache/Cache.h"
#include "sync/CsvReader.h"
#include "sync/ExportSync.h"
#include "sync/FieldParser.h"

#include <QByteArrayList>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace pulsebook;
using pulsebook::test::readFile;
using pulsebook::test::snapshot;
using pulsebook::test::TableState;
using pulsebook::test::writeFile;

namespace {

using Snapshot = QMap<QString, TableState>;
using Files = QList<QPair<QString, QByteArray>>;

// A good export in the cache before every failing sync.
const Files BaseExport = {
    {QStringLiteral("team.csv"), "person,role,manager\nKim Kay,CSM,\n"},
    {QStringLiteral("users.csv"), "user_id,email\nk1,k1@example.test\n"},
    {QStringLiteral("events.csv"),
     "event_id,user_id,time,event\nk-e1,k1,2026-01-05T10:00:00Z,Login\n"},
};
// Good files that a failing sync reads before events.csv: they would show a partial write.
const QByteArray FillerTeam = "person,role,manager\nZed Zane,CSM,Kim Kay\n";
const QByteArray FillerUsers = "user_id,email\nu99,u99@example.test\n";

const QByteArray EventsHeader = "event_id,user_id,time,event\n";
const QByteArray GoodEvent = "1,u1,2024-03-01T00:00:00Z,login\n";
const QString TimeRange = QStringLiteral("time out of range (years 1900 to 9999)");
const QString NotATimestamp =
    QStringLiteral("not a timestamp (expected ISO-8601, YYYY-MM-DD HH:MM:SS or epoch)");

// Watchdog for command-line runs (a hang guard, not a timing): every run here takes well under
// a second when nothing is wrong.
constexpr int HangGuardMs = 10000;
// The same for the 100,000-column file, whose sync also prints a 100,000-line plan: about 1.5 s
// in a release build, about 10 s under ASan on the loaded 2-core CI box.
constexpr int WideHangGuardMs = 60000;

// `text` with every ~ turned into a NUL byte.
QByteArray withNul(QByteArray text)
{
    return text.replace('~', '\0');
}

QString snapshotDiff(const Snapshot& a, const Snapshot& b)
{
    QStringList differ;
    QStringList tables = a.keys() + b.keys();
    tables.removeDuplicates();
    for (const QString& t : tables) {
        if (!a.contains(t) || !b.contains(t) || !(a.value(t) == b.value(t)))
            differ.append(t);
    }
    return QStringLiteral("tables differ: ") + differ.join(QLatin1Char(','));
}

QString makeFolder(const QString& parent, const QString& name, const Files& files)
{
    const QString folder = parent + QLatin1Char('/') + name;
    QDir(folder).removeRecursively();
    QDir().mkpath(folder);
    for (const auto& [file, content] : files)
        writeFile(folder, file, content);
    return folder;
}

// A cache holding BaseExport, in its own temporary folder.
struct Fixture
{
    QTemporaryDir tmp;
    Cache cache;
    Snapshot before;

    bool prepare()
    {
        QString error;
        if (!tmp.isValid() ||
            !cache.open(tmp.filePath(QStringLiteral("cache.pulsebook")), true, &error) ||
            !syncExportFolder(cache, makeFolder(tmp.path(), QStringLiteral("base"), BaseExport),
                              SyncOptions(), nullptr, nullptr, &error)) {
            qWarning("fixture: %s", qPrintable(error));
            return false;
        }
        before = snapshot(cache.path(), false);
        return before.value(QStringLiteral("sync_log")).rows == 1;
    }
};

// The rows of `sql` as "a|b|..." (NULL for NULL), `columns` cells each.
QStringList rows(Cache& cache, const char* sql, int columns = 1)
{
    QString error;
    Statement s = cache.db().prepare(sql, &error);
    if (!s.isValid())
        return {QStringLiteral("SQL error: ") + error};
    QStringList result;
    while (s.step()) {
        QStringList cells;
        for (int c = 0; c < columns; ++c)
            cells.append(s.isNull(c) ? QStringLiteral("NULL") : s.text(c));
        result.append(cells.join(QLatin1Char('|')));
    }
    return result;
}

struct Run
{
    int exitCode = -1; // -2: crashed; -3: still running after the hang guard
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList& arguments, int guardMs = HangGuardMs)
{
    QProcess p;
    p.start(QStringLiteral(PULSEBOOK_CLI_PATH), arguments);
    Run r;
    if (!p.waitForStarted())
        return r;
    if (!p.waitForFinished(guardMs)) {
        p.kill();
        p.waitForFinished();
        r.exitCode = -3;
        r.err = "still running after the hang guard; killed";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// The cells of a CSV file, header included, read back with the sync's own reader.
QList<QStringList> csvCells(const QString& path, QString* error)
{
    QList<QStringList> result;
    CsvReader reader;
    if (!reader.open(path, error))
        return result;
    while (reader.next()) {
        QStringList cells;
        for (int i = 0; i < reader.fieldCount(); ++i) {
            const auto f = reader.field(i);
            cells.append(QString::fromUtf8(f.data(), qsizetype(f.size())));
        }
        result.append(cells);
    }
    if (reader.hasError())
        *error = reader.errorString();
    return result;
}

// README.md, "Files the CLI writes": a text cell starting with = + - @ tab or CR must be prefixed
// with '; numbers stay numbers (only a minus sign can start one). Returns the offending cells.
QStringList formulaCells(const QList<QStringList>& cells)
{
    QStringList bad;
    for (qsizetype r = 0; r < cells.size(); ++r) {
        for (const QString& cell : cells[r]) {
            if (cell.isEmpty() || !QStringLiteral("=+-@\t\r").contains(cell.front()))
                continue;
            bool number = false;
            if (cell.front() == QLatin1Char('-'))
                cell.toDouble(&number);
            if (!number)
                bad.append(QStringLiteral("row %1: \"%2\"").arg(r).arg(cell));
        }
    }
    return bad;
}

int countNeutralised(const QList<QStringList>& cells)
{
    int n = 0;
    for (const auto& row : cells) {
        for (const QString& cell : row) {
            if (cell.size() > 1 && cell.front() == QLatin1Char('\'') &&
                QStringLiteral("=+-@\t\r").contains(cell.at(1)))
                ++n;
        }
    }
    return n;
}

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void strictBadInput_data();
    void strictBadInput();
    void randomGarbage();

    void headerOnlyFiles();
    void tenMegabyteFields();
    void nulBytesRejected();
    void mixedLineEndings();
    void duplicateIdsWithConflictingValues();
    void duplicateEventAcrossSyncs();
    void timestampBoundaries();
    void negativeArrSkipped();
    void datesInYear9999();
    void sqlLikeNames();
    void hundredThousandColumnsOfUsers();
    void hundredThousandColumnsOfEvents();

    void formulaCellsNeutralisedInEveryExport();
    void rejectsFileNeutralised();
    void negativeNumbersStayNumbersOnStandardOutput();

    void cleanupTestCase();

private:
    QTemporaryDir m_tmp;
    int m_inputs = 0; // hostile inputs tried, for the report
    int m_exports = 0;
};

void TestHostile::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QVERIFY2(QFileInfo(QStringLiteral(PULSEBOOK_CLI_PATH)).isExecutable(), PULSEBOOK_CLI_PATH);
}

void TestHostile::strictBadInput_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QByteArrayList>("contents");
    QTest::addColumn<bool>("skipBadRows");
    QTest::addColumn<QString>("expected"); // %1 is the folder

    const auto add = [](const char* tag, const Files& files, const QString& expected,
                        bool skip = false) {
        QStringList names;
        QByteArrayList contents;
        for (const auto& [name, content] : files) {
            names.append(name);
            contents.append(content);
        }
        QTest::newRow(tag) << names << contents << skip << expected;
    };
    const auto events = [&](const char* tag, const QByteArray& body, const QString& expected,
                            bool skip = false) {
        add(tag, {{QStringLiteral("events.csv"), body}}, expected, skip);
    };

    // 0 bytes: every file of the data contract.
    const QString empty = QStringLiteral("%1/%2:1:1: empty file (expected a header row)");
    for (const char* file : {"team.csv", "accounts.csv", "users.csv", "user_migrations.csv",
                             "sessions.csv", "events.csv", "campaign_touches.csv"}) {
        add(qPrintable(QStringLiteral("0 bytes: %1").arg(QLatin1String(file))),
            {{QLatin1String(file), QByteArray()}},
            empty.arg(QStringLiteral("%1"), QLatin1String(file)));
    }
    events("only line breaks", "\n\r\n\r",
           empty.arg(QStringLiteral("%1"), QStringLiteral("events.csv")));
    events("only a byte order mark", "\xEF\xBB\xBF",
           empty.arg(QStringLiteral("%1"), QStringLiteral("events.csv")));

    // 100,000 fields under a 4-column header: "x,x,...,x" is 199,999 bytes long.
    QByteArray wide = EventsHeader;
    for (int i = 0; i < 100000; ++i)
        wide += i ? ",x" : "x";
    events("100,000 fields in a row", wide + "\n",
           QStringLiteral("%1/events.csv:2:200000: expected 4 fields, found 100000"));

    // Binary garbage: 0x8B (gzip's second byte) and 0x89 (PNG's first) cannot start a UTF-8
    // sequence; control bytes are valid UTF-8, but the first is a NUL (issue 11, item 7).
    events("gzip bytes", QByteArray("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03", 10),
           QStringLiteral("%1/events.csv:1:2: invalid UTF-8"));
    events("PNG signature", QByteArray("\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", 16),
           QStringLiteral("%1/events.csv:1:1: invalid UTF-8"));
    events("control bytes", QByteArray("\x00\x01\x02\x03,\x04\x05\n\x06\x07\n", 11),
           QStringLiteral("%1/events.csv:1:1: NUL byte"));
    events("garbage after a good row", EventsHeader + GoodEvent + "\x01\x02\xFE\xFF\n",
           QStringLiteral("%1/events.csv:3:3: invalid UTF-8"));

    // Invalid UTF-8: a bad byte in the header, overlong, surrogate, past U+10FFFF, five-byte
    // form, cut off at the end of the file, on the third line of a quoted field, in users.csv.
    events("invalid UTF-8 in the header",
           "event_id,user_id,time,ev\xFF"
           "ent\n" +
               GoodEvent,
           QStringLiteral("%1/events.csv:1:25: invalid UTF-8"));
    events("overlong NUL", EventsHeader + "1,u\xC0\x80,2024-03-01,login\n",
           QStringLiteral("%1/events.csv:2:4: invalid UTF-8"));
    events("surrogate", EventsHeader + "1,u\xED\xA0\x80,2024-03-01,login\n",
           QStringLiteral("%1/events.csv:2:4: invalid UTF-8"));
    events("past U+10FFFF", EventsHeader + "1,u\xF4\x90\x80\x80,2024-03-01,login\n",
           QStringLiteral("%1/events.csv:2:4: invalid UTF-8"));
    events("five-byte form", EventsHeader + "1,u1,2024-03-01,log\xF8\x88\x80\x80\x80\n",
           QStringLiteral("%1/events.csv:2:20: invalid UTF-8"));
    events("cut off at the end of the file", EventsHeader + "1,u1,2024-03-01,log\xE2\x82",
           QStringLiteral("%1/events.csv:2:20: invalid UTF-8"));
    events("third line of a quoted field",
           "event_id,user_id,time,event,title\n1,u1,2024-03-01,login,\"a\nb\nc\xFF\"\n",
           QStringLiteral("%1/events.csv:4:2: invalid UTF-8"));
    add("invalid UTF-8 in users.csv",
        {{QStringLiteral("users.csv"), "user_id,email\nu1,a\x80@x\n"}},
        QStringLiteral("%1/users.csv:2:5: invalid UTF-8"));
    // Skipping bad rows does not skip a malformed record: where the next one starts is unknown.
    events("invalid UTF-8 with --skip-bad-rows",
           EventsHeader + GoodEvent + "2,u\xFF,2024-03-01,login\n3,u1,2024-03-02,login\n",
           QStringLiteral("%1/events.csv:3:4: invalid UTF-8"), true);

    // NUL bytes (issue 11, item 7): SQLite text would end at one, and exports would carry it,
    // so a record holding one is a bad row. In the header, in a user's e-mail (row reader),
    // in an event name (event reader), on the second line of a quoted field. "ev" ends at
    // column 24 of the header; "1,u1,2024-03-01T00:00:00Z,lo" is 28 bytes.
    events("NUL in the header", withNul("event_id,user_id,time,ev~ent\n") + GoodEvent,
           QStringLiteral("%1/events.csv:1:25: NUL byte"));
    add("NUL in users.csv", {{QStringLiteral("users.csv"), withNul("user_id,email\nu1,a~b@x\n")}},
        QStringLiteral("%1/users.csv:2:5: NUL byte"));
    events("NUL in an event name", EventsHeader + withNul("1,u1,2024-03-01T00:00:00Z,lo~gin\n"),
           QStringLiteral("%1/events.csv:2:29: NUL byte"));
    events("NUL on the second line of a quoted field",
           withNul("event_id,user_id,time,event,title\n1,u1,2024-03-01,login,\"a\nb~\"\n"),
           QStringLiteral("%1/events.csv:3:2: NUL byte"));

    // UTF-16 (issue 11, item 7), as Excel's "Unicode text" and PowerShell write it: named as
    // such at 1:1, with and without a byte order mark, in both byte orders.
    const auto utf16 = [](const char* text, bool bigEndian, bool bom) {
        QByteArray out;
        if (bom)
            out += bigEndian ? "\xFE\xFF" : "\xFF\xFE";
        for (const char* c = text; *c; ++c) {
            const char pair[2] = {bigEndian ? '\0' : *c, bigEndian ? *c : '\0'};
            out.append(pair, 2);
        }
        return out;
    };
    const QString little =
        QStringLiteral("%1/events.csv:1:1: UTF-16 (little-endian); save it as UTF-8");
    const QString big = QStringLiteral("%1/events.csv:1:1: UTF-16 (big-endian); save it as UTF-8");
    const char* const events16 = "event_id,user_id,time,event\n1,u1,2024-03-01,login\n";
    events("UTF-16 LE with BOM", utf16(events16, false, true), little);
    events("UTF-16 BE with BOM", utf16(events16, true, true), big);
    events("UTF-16 LE without BOM", utf16(events16, false, false), little);
    events("UTF-16 BE without BOM", utf16(events16, true, false), big);
    events("UTF-16 LE with BOM, --skip-bad-rows", utf16(events16, false, true), little, true);
    add("UTF-16 LE users.csv without BOM",
        {{QStringLiteral("users.csv"), utf16("user_id,email\nu1,a@x\n", false, false)}},
        QStringLiteral("%1/users.csv:1:1: UTF-16 (little-endian); save it as UTF-8"));

    // Mixed line endings: LF, CRLF, a lone CR, an empty CRLF line, CR then an empty CRLF
    // line; the bad time is on physical line 8. Then line breaks of all three kinds inside a
    // quoted field, after a header ended by a lone CR: the bad time is on line 6.
    events("mixed line endings",
           EventsHeader + "1,u1,2024-03-01T00:00:01Z,login\r\n2,u1,2024-03-01T00:00:02Z,login\r"
                          "3,u1,2024-03-01T00:00:03Z,login\n\r\n4,u1,2024-03-01T00:00:04Z,login\r"
                          "\r\n5,u1,2024-03-01T25:00:00Z,login\r\n",
           QStringLiteral("%1/events.csv:8:6: column \"time\": \"2024-03-01T25:00:00Z\": bad "
                          "time of day (expected HH:MM[:SS[.fff]])"));
    events("mixed line endings inside a quoted field",
           "event_id,user_id,time,event,title\r1,u1,2024-03-01,login,\"a\r\nb\rc\nd\"\r\n"
           "2,u1,2024-03-01T25:00:00Z,login,x\n",
           QStringLiteral("%1/events.csv:6:6: column \"time\": \"2024-03-01T25:00:00Z\": bad "
                          "time of day (expected HH:MM[:SS[.fff]])"));

    // Times out of range ("1,u1," is 5 bytes: the time starts at column 6).
    const auto time = [&](const char* tag, const QByteArray& value, const QString& reason) {
        events(tag, EventsHeader + "1,u1," + value + ",login\n",
               QStringLiteral("%1/events.csv:2:6: column \"time\": \"%2\": ")
                       .arg(QStringLiteral("%1"), QString::fromUtf8(value)) +
                   reason);
    };
    time("year 1899", "1899-12-31T23:59:59Z", TimeRange);
    time("year 1899 in UTC, 1900 with its offset", "1900-01-01T00:30:00+01:00", TimeRange);
    time("year 10000", "10000-01-01T00:00:00Z", NotATimestamp);
    time("year 10000 in UTC, 9999 with its offset", "9999-12-31T23:59:59-01:00", TimeRange);
    time("epoch seconds before 1900", "-2208988801", TimeRange);
    time("epoch milliseconds of year 10000", "253402300800000", TimeRange);
    time("epoch 18 digits", "999999999999999999", TimeRange);
    time("epoch 2^63 (overflows 64 bits)", "9223372036854775808", NotATimestamp);
    time("epoch -2^63 - 1", "-9223372036854775809", NotATimestamp);
    time("epoch 29 digits", "99999999999999999999999999999", NotATimestamp);
    add("renewal date 1899",
        {{QStringLiteral("accounts.csv"), "account_id,name,renewal_date\nA1,Acme,1899-12-31\n"}},
        QStringLiteral("%1/accounts.csv:2:9: column \"renewal_date\": \"1899-12-31\": ") +
            TimeRange);
    add("join date 10000", {{QStringLiteral("users.csv"), "user_id,joindate\nu1,10000-01-01\n"}},
        QStringLiteral("%1/users.csv:2:4: column \"joindate\": \"10000-01-01\": ") + NotATimestamp);
    add("session before 1900",
        {{QStringLiteral("sessions.csv"), "session_id,user_id,time\ns1,u1,-2208988801\n"}},
        QStringLiteral("%1/sessions.csv:2:7: column \"time\": \"-2208988801\": ") + TimeRange);
    add("touch in year 10000",
        {{QStringLiteral("campaign_touches.csv"),
          "user_id,campaign,time,stage\nu1,c,253402300800000,delivered\n"}},
        QStringLiteral("%1/campaign_touches.csv:2:6: column \"time\": \"253402300800000\": ") +
            TimeRange);
    add("merge in 1899",
        {{QStringLiteral("user_migrations.csv"),
          "from_user_id,to_user_id,time\nu1,u2,1899-12-31\n"}},
        QStringLiteral("%1/user_migrations.csv:2:7: column \"time\": \"1899-12-31\": ") +
            TimeRange);

    // Negative ARR ("A1,Acme," is 8 bytes: arr starts at column 9; open_new_arr at 11).
    const auto arr = [&](const char* tag, const QByteArray& row, const QString& expected) {
        add(tag, {{QStringLiteral("accounts.csv"), "account_id,name,arr,open_new_arr\n" + row}},
            QStringLiteral("%1/accounts.csv:2:") + expected);
    };
    arr("negative ARR", "A1,Acme,-5,\n",
        QStringLiteral("9: column \"arr\": \"-5\": negative amount"));
    arr("negative ARR with sign and separator", "A1,Acme,\"-$5,000\",\n",
        QStringLiteral("9: column \"arr\": \"-$5,000\": negative amount"));
    arr("negative ARR after the sign", "A1,Acme,$-5,\n",
        QStringLiteral("9: column \"arr\": \"$-5\": negative amount"));
    arr("ARR in accounting parentheses", "A1,Acme,(5),\n",
        QStringLiteral("9: column \"arr\": \"(5)\": not an amount (expected a number such as "
                       "120036 or $120,036)"));
    arr("negative open new ARR", "A1,Acme,5,-1\n",
        QStringLiteral("11: column \"open_new_arr\": \"-1\": negative amount"));
}

void TestHostile::strictBadInput()
{
    QFETCH(QStringList, names);
    QFETCH(QByteArrayList, contents);
    QFETCH(bool, skipBadRows);
    QFETCH(QString, expected);
    Fixture f;
    QVERIFY(f.prepare());
    Files files;
    for (qsizetype i = 0; i < names.size(); ++i)
        files.append({names[i], contents[i]});
    if (!names.contains(QStringLiteral("team.csv")))
        files.append({QStringLiteral("team.csv"), FillerTeam});
    if (!names.contains(QStringLiteral("users.csv")))
        files.append({QStringLiteral("users.csv"), FillerUsers});
    const QString bad = makeFolder(f.tmp.path(), QStringLiteral("bad"), files);
    SyncOptions options;
    options.skipBadRows = skipBadRows;
    SyncSummary summary;
    QString error;
    QVERIFY(!syncExportFolder(f.cache, bad, options, nullptr, &summary, &error));
    ++m_inputs;
    QCOMPARE(error, expected.arg(bad));
    const Snapshot after = snapshot(f.cache.path(), false);
    QVERIFY2(after == f.before, qPrintable(snapshotDiff(after, f.before)));
    QVERIFY(!QFileInfo::exists(f.cache.path() + QStringLiteral(".rejects.csv")));
    // The connection is still usable.
    QVERIFY2(syncExportFolder(f.cache, f.tmp.filePath(QStringLiteral("base")), SyncOptions(),
                              nullptr, &summary, &error),
             qPrintable(error));
    QCOMPARE(summary.eventsInCache, qint64(1));
}

void TestHostile::randomGarbage()
{
    // Random bytes (fixed seed) as each file of the contract, alone and after a good header:
    // the sync fails with "file:line:column: reason" and changes nothing.
    static const QRegularExpression located(QStringLiteral("^.+/[a-z_]+\\.csv:\\d+:\\d+: .+$"),
                                            QRegularExpression::DotMatchesEverythingOption);
    Fixture f;
    QVERIFY(f.prepare());
    QRandomGenerator random(6);
    const QList<QPair<QString, QByteArray>> headers = {
        {QStringLiteral("events.csv"), EventsHeader},
        {QStringLiteral("users.csv"), "user_id,email\n"},
        {QStringLiteral("accounts.csv"), "account_id,name,arr\n"},
        {QStringLiteral("sessions.csv"), "session_id,user_id,time\n"},
        {QStringLiteral("team.csv"), "person,role,manager\n"},
        {QStringLiteral("campaign_touches.csv"), "user_id,campaign,time,stage\n"},
        {QStringLiteral("user_migrations.csv"), "from_user_id,to_user_id,time\n"},
    };
    int tried = 0;
    for (int round = 0; round < 20; ++round) {
        for (const auto& [file, header] : headers) {
            QByteArray garbage(1 + int(random.bounded(4096)), Qt::Uninitialized);
            for (char& c : garbage)
                c = char(random.bounded(256));
            for (bool withHeader : {false, true}) {
                const QString bad = makeFolder(f.tmp.path(), QStringLiteral("garbage"),
                                               {{file, withHeader ? header + garbage : garbage}});
                QString error;
                const bool ok =
                    syncExportFolder(f.cache, bad, SyncOptions(), nullptr, nullptr, &error)
                        .isDone();
                ++tried;
                // Random bytes after a good header may happen to be one-field rows that parse:
                // then they must land whole, else fail cleanly.
                if (ok) {
                    QVERIFY2(withHeader, qPrintable(file));
                    f.before = snapshot(f.cache.path(), false);
                    continue;
                }
                QVERIFY2(located.match(error).hasMatch(), qPrintable(error));
                QVERIFY2(error.startsWith(bad + QLatin1Char('/') + file + QLatin1Char(':')),
                         qPrintable(error));
                const Snapshot after = snapshot(f.cache.path(), false);
                QVERIFY2(after == f.before, qPrintable(snapshotDiff(after, f.before)));
            }
        }
    }
    m_inputs += tried;
    QCOMPARE(tried, 280);
}

void TestHostile::headerOnlyFiles()
{
    // Every file with its header and nothing else: the sync lands, with no rows.
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder =
        makeFolder(f.tmp.path(), QStringLiteral("headers"),
                   {{QStringLiteral("team.csv"), "person,role,manager\n"},
                    {QStringLiteral("accounts.csv"), "account_id,name\r\n"},
                    {QStringLiteral("users.csv"), "\xEF\xBB\xBFuser_id,email"},
                    {QStringLiteral("user_migrations.csv"), "from_user_id,to_user_id\n"},
                    {QStringLiteral("sessions.csv"), "session_id,user_id,time\n\n\n"},
                    {QStringLiteral("events.csv"), EventsHeader},
                    {QStringLiteral("campaign_touches.csv"), "user_id,campaign,time,stage\r"}});
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    m_inputs += 7;
    QCOMPARE(summary.tables.size(), 7);
    for (const auto& t : summary.tables)
        QVERIFY2(t.rows == 0 && t.landed == 0 && t.rejected == 0, qPrintable(t.table));
    QCOMPARE(summary.eventsInCache, qint64(1)); // the base export's
    Snapshot after = snapshot(f.cache.path(), false);
    QCOMPARE(after.value(QStringLiteral("sync_log")).rows, qint64(2));
    after.remove(QStringLiteral("sync_log"));
    Snapshot before = f.before;
    before.remove(QStringLiteral("sync_log"));
    QVERIFY2(after == before, qPrintable(snapshotDiff(after, before)));
}

void TestHostile::tenMegabyteFields()
{
    // 10 MB in a quoted title (with doubled quotes and line breaks), in an unquoted title, in
    // a user property and in an account name; then a bad row after them, on the right line.
    const QByteArray big(10 << 20, 'a');
    // In the quoted one, `""` LF `""` (the value: `"` LF `"`) and a CRLF.
    QByteArray quoted = big;
    quoted.replace(1000, 5, "\"\"\n\"\"");
    quoted.replace(5000000, 2, "\r\n");
    const QByteArray events = "event_id,user_id,time,event,title\n"
                              "1,u1,2024-03-01T00:00:00Z,login,\"" +
                              quoted +
                              "\"\n"
                              "2,u1,2024-03-01T00:00:01Z,login," +
                              big + "\n";
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder =
        makeFolder(f.tmp.path(), QStringLiteral("big"),
                   {{QStringLiteral("accounts.csv"), "account_id,name\nA1," + big + "\n"},
                    {QStringLiteral("users.csv"), "user_id,account_id,note\nu1,A1," + big + "\n"},
                    {QStringLiteral("events.csv"), events}});
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    m_inputs += 4;
    QCOMPARE(summary.eventsInCache, qint64(3));
    const auto index = EventIndex::load(f.cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    const int u = index->userIndex(QStringLiteral("u1"));
    QVERIFY(u >= 0);
    QCOMPARE(index->userProperty(u, QStringLiteral("note")).toString().size(), qsizetype(10 << 20));
    QCOMPARE(index->accountProperty(index->userAccount(u), QStringLiteral("name")).toString(),
             QString::fromLatin1(big));
    const int title = index->eventPropertyColumn(QStringLiteral("title"));
    QVERIFY(title >= 0);
    QCOMPARE(index->eventEnd(u) - index->eventBegin(u), size_t(2));
    QString expectedQuoted = QString::fromLatin1(big);
    expectedQuoted.replace(1000, 5, QStringLiteral("\"\n\""));
    expectedQuoted.replace(5000000 - 2, 2, QStringLiteral("\r\n"));
    const QString first =
        index->eventValueText(index->eventPropertyValue(title, index->eventBegin(u)));
    QCOMPARE(first.size(), expectedQuoted.size());
    QVERIFY(first == expectedQuoted);
    QVERIFY(index->eventValueText(index->eventPropertyValue(title, index->eventBegin(u) + 1)) ==
            QString::fromLatin1(big));

    // The field holds 2 line breaks (an LF in the doubled-quote run, a CRLF): the record on
    // physical line 2 ends on line 4, and a bad time after the unquoted one is on line 6.
    Fixture g;
    QVERIFY(g.prepare());
    const QString bad = makeFolder(
        g.tmp.path(), QStringLiteral("bad"),
        {{QStringLiteral("events.csv"), events + "3,u1,2024-02-30T00:00:00Z,login,x\n"}});
    QVERIFY(!syncExportFolder(g.cache, bad, SyncOptions(), nullptr, nullptr, &error));
    ++m_inputs;
    QCOMPARE(error, bad + QStringLiteral("/events.csv:6:6: column \"time\": "
                                         "\"2024-02-30T00:00:00Z\": no such date"));
    const Snapshot after = snapshot(g.cache.path(), false);
    QVERIFY2(after == g.before, qPrintable(snapshotDiff(after, g.before)));
}

void TestHostile::nulBytesRejected()
{
    // With --skip-bad-rows a record holding a NUL goes to the rejects file with the reason
    // "NUL byte" (strictBadInput has the strict cases), the other rows land, and the record is
    // written with U+2400 (E2 90 80) where the NUL was: a NUL leaks into no CSV we write.
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder =
        makeFolder(f.tmp.path(), QStringLiteral("nul"),
                   {{QStringLiteral("users.csv"), withNul("user_id,email\nu~1,a@x\nu2,b@x\n")},
                    {QStringLiteral("events.csv"),
                     EventsHeader + GoodEvent + withNul("2,u1,2024-03-01T00:00:00Z,lo~gin\n")}});
    SyncOptions options;
    options.skipBadRows = true;
    options.rejectsPath = f.tmp.filePath(QStringLiteral("rejects.csv"));
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, options, nullptr, &summary, &error),
             qPrintable(error));
    m_inputs += 2;
    QCOMPARE(summary.rejected, qint64(2));
    const QByteArray file = folder.toUtf8();
    QCOMPARE(readFile(options.rejectsPath),
             "file,line,reason,record\n" + file +
                 "/users.csv,2,NUL byte,\"u\xE2\x90\x80"
                 "1,a@x\"\n" +
                 file +
                 "/events.csv,3,NUL byte,\"2,u1,2024-03-01T00:00:00Z,lo\xE2\x90\x80"
                 "gin\"\n");
    QCOMPARE(rows(f.cache, "SELECT user_id FROM users ORDER BY user_id"),
             (QStringList{QStringLiteral("k1"), QStringLiteral("u1"), QStringLiteral("u2")}));
}

void TestHostile::mixedLineEndings()
{
    // The same mix as in strictBadInput without the bad row: four events land, in order.
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder = makeFolder(
        f.tmp.path(), QStringLiteral("mixed"),
        {{QStringLiteral("events.csv"),
          EventsHeader + "1,u1,2024-03-01T00:00:01Z,login\r\n2,u1,2024-03-01T00:00:02Z,login\r"
                         "3,u1,2024-03-01T00:00:03Z,login\n\r\n4,u1,2024-03-01T00:00:04Z,login\r"
                         "\r\n"},
         {QStringLiteral("users.csv"),
          "user_id,email,note\r\nu1,a@x,\"one\r\ntwo\rthree\nfour\"\r"}});
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    ++m_inputs;
    QCOMPARE(summary.eventsInCache, qint64(5)); // and the base export's k-e1
    const auto index = EventIndex::load(f.cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    const int u = index->userIndex(QStringLiteral("u1"));
    QCOMPARE(index->eventEnd(u) - index->eventBegin(u), size_t(4));
    // 2024-03-01T00:00:00Z is 1709251200000.
    for (size_t i = 0; i < 4; ++i)
        QCOMPARE(index->time(index->eventBegin(u) + i), 1709251200000LL + qint64(i + 1) * 1000);
    QCOMPARE(index->userProperty(u, QStringLiteral("note")).toString(),
             QStringLiteral("one\r\ntwo\rthree\nfour"));
}

void TestHostile::duplicateIdsWithConflictingValues()
{
    // README, "Rules of the sync": rows are upserted by their ID; a later copy with other
    // content replaces the earlier one, whole (an empty field in it clears the stored value).
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder = makeFolder(
        f.tmp.path(), QStringLiteral("duplicates"),
        {{QStringLiteral("team.csv"),
          "person,role,manager\nAnn,CSM,Bob\nBob,Manager,\nAnn,Manager,\n"},
         {QStringLiteral("accounts.csv"), "account_id,name,arr\nA1,Acme,100\nA1,Acme Two,200\n"},
         {QStringLiteral("users.csv"),
          "user_id,email,account_id\nu1,a@x,A1\nu2,b@x,A1\nu1,a2@x,\n"},
         {QStringLiteral("user_migrations.csv"),
          "from_user_id,to_user_id,time\nu3,u1,2024-01-01\nu3,u2,2024-01-02\n"},
         {QStringLiteral("sessions.csv"),
          "session_id,user_id,time\ns1,u1,2024-03-01T00:00:00Z\ns1,u2,2024-03-02T00:00:00Z\n"},
         {QStringLiteral("events.csv"), "event_id,user_id,time,event,path\n"
                                        "1,u1,2024-03-01T00:00:00Z,login,/a\n"
                                        "2,u2,2024-03-01T00:00:00Z,login,/b\n"
                                        "1,u2,2024-03-03T00:00:00Z,logout,/c\n"
                                        "1,u2,2024-03-03T00:00:00Z,logout,/c\n"},
         {QStringLiteral("campaign_touches.csv"),
          "user_id,campaign,time,stage,variant\n"
          "u1,c,2024-03-01T00:00:00Z,delivered,A\nu1,c,2024-03-01T00:00:00Z,delivered,B\n"}});
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    ++m_inputs;
    QCOMPARE(rows(f.cache, "SELECT person, role, manager FROM team ORDER BY person", 3),
             QStringList({QStringLiteral("Ann|Manager|NULL"), QStringLiteral("Bob|Manager|NULL"),
                          QStringLiteral("Kim Kay|CSM|NULL")}));
    QCOMPARE(rows(f.cache, "SELECT account_id, name, arr FROM accounts", 3),
             QStringList({QStringLiteral("A1|Acme Two|200.0")}));
    QCOMPARE(rows(f.cache,
                  "SELECT user_id, email, account_id FROM users WHERE user_id LIKE 'u%' "
                  "ORDER BY user_id",
                  3),
             QStringList({QStringLiteral("u1|a2@x|NULL"), QStringLiteral("u2|b@x|A1")}));
    QCOMPARE(rows(f.cache, "SELECT from_user_id, to_user_id, time FROM user_migrations", 3),
             QStringList({QStringLiteral("u3|u2|1704153600000")})); // 2024-01-02
    const qint64 variant =
        f.cache.db().scalar("SELECT id FROM property_keys WHERE name = 'variant'");
    QCOMPARE(rows(f.cache, "SELECT campaign, stage, properties FROM campaign_touches", 3),
             QStringList({QStringLiteral("c|delivered|{\"%1\":\"B\"}").arg(variant)}));
    QCOMPARE(summary.eventsInCache, qint64(3)); // k-e1, 1, 2
    QCOMPARE(summary.sessionsInCache, qint64(1));
    const auto index = EventIndex::load(f.cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    const int u1 = index->userIndex(QStringLiteral("u1"));
    const int u2 = index->userIndex(QStringLiteral("u2"));
    QCOMPARE(index->eventEnd(u1) - index->eventBegin(u1), size_t(0));
    QCOMPARE(index->eventEnd(u2) - index->eventBegin(u2), size_t(2));
    const size_t last = index->eventBegin(u2) + 1;
    QCOMPARE(index->typeName(index->type(last)), QStringLiteral("logout"));
    QCOMPARE(index->time(last), 1709424000000LL); // 2024-03-03
    QCOMPARE(index->eventValueText(index->eventPropertyValue(
                 index->eventPropertyColumn(QStringLiteral("path")), last)),
             QStringLiteral("/c"));
    QCOMPARE(index->sessionEnd(u1) - index->sessionBegin(u1), size_t(0));
    QCOMPARE(index->sessionEnd(u2) - index->sessionBegin(u2), size_t(1));
    QCOMPARE(index->sessionTime(index->sessionBegin(u2)), 1709337600000LL); // 2024-03-02
}

void TestHostile::duplicateEventAcrossSyncs()
{
    // The same event_id in a later sync with other content replaces the stored event.
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder =
        makeFolder(f.tmp.path(), QStringLiteral("again"),
                   {{QStringLiteral("events.csv"),
                     "event_id,user_id,time,event\nk-e1,k2,2026-02-01T00:00:00Z,Logout\n"}});
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, &summary, &error),
             qPrintable(error));
    ++m_inputs;
    QCOMPARE(summary.eventsInCache, qint64(1));
    QVERIFY(summary.eventsRewritten);
    const auto index = EventIndex::load(f.cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    QCOMPARE(index->eventCount(), size_t(1));
    const int k2 = index->userIndex(QStringLiteral("k2"));
    QCOMPARE(index->eventEnd(k2) - index->eventBegin(k2), size_t(1));
    QCOMPARE(index->typeName(index->type(index->eventBegin(k2))), QStringLiteral("Logout"));
}

void TestHostile::timestampBoundaries()
{
    // The first and last instants accepted, and epoch seconds past 100,000,000,000 (year
    // 5138 and later), which the data contract reads as milliseconds (FieldParser.h).
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder = makeFolder(
        f.tmp.path(), QStringLiteral("bounds"),
        {{QStringLiteral("events.csv"), EventsHeader + "1,u1,1900-01-01T00:00:00Z,login\n"
                                                       "2,u1,-2208988800,login\n"
                                                       "3,u1,9999-12-31T23:59:59.999Z,login\n"
                                                       "4,u1,253402300799999,login\n"
                                                       "5,u1,253402300800,login\n"}});
    // 253,402,300,800 ms: 2932 days (1970-1977 and 10 days: 1978-01-11) and 77,500.8 s.
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    m_inputs += 5;
    const auto index = EventIndex::load(f.cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    const int u = index->userIndex(QStringLiteral("u1"));
    QStringList times;
    for (size_t e = index->eventBegin(u); e < index->eventEnd(u); ++e)
        times.append(FieldParser::formatTimestamp(index->time(e)));
    QCOMPARE(times, QStringList({QStringLiteral("1900-01-01T00:00:00.000Z"),
                                 QStringLiteral("1900-01-01T00:00:00.000Z"),
                                 QStringLiteral("1978-01-11T21:31:40.800Z"),
                                 QStringLiteral("9999-12-31T23:59:59.999Z"),
                                 QStringLiteral("9999-12-31T23:59:59.999Z")}));
}

void TestHostile::negativeArrSkipped()
{
    // With --skip-bad-rows a negative ARR sends its row to the rejects file; the rest lands.
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder =
        makeFolder(f.tmp.path(), QStringLiteral("arr"),
                   {{QStringLiteral("accounts.csv"), "account_id,name,arr\nA1,Acme,\"$1,000\"\n"
                                                     "A2,Globex,-$5\nA3,Initech,0\n"}});
    SyncOptions options;
    options.skipBadRows = true;
    options.rejectsPath = f.tmp.filePath(QStringLiteral("rejects.csv"));
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, options, nullptr, &summary, &error),
             qPrintable(error));
    ++m_inputs;
    QCOMPARE(summary.rejected, qint64(1));
    QCOMPARE(rows(f.cache, "SELECT account_id, arr FROM accounts ORDER BY account_id", 2),
             QStringList({QStringLiteral("A1|1000.0"), QStringLiteral("A3|0.0")}));
    QCOMPARE(readFile(options.rejectsPath),
             "file,line,reason,record\n" + folder.toUtf8() +
                 "/accounts.csv,3,\"column \"\"arr\"\": \"\"-$5\"\": negative amount\","
                 "\"A2,Globex,-$5\"\n");
}

void TestHostile::datesInYear9999()
{
    // The last year the contract accepts: it lands, and "as of" is the midnight that ends
    // 9999-12-31, in year 10000.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString folder = makeFolder(
        tmp.path(), QStringLiteral("export"),
        {{QStringLiteral("team.csv"), "person,role,manager\nKim,CSM,\n"},
         {QStringLiteral("accounts.csv"),
          "account_id,name,csm,renewal_date,arr\nA1,Acme,Kim,9999-12-31,100\n"},
         {QStringLiteral("users.csv"), "user_id,email,account_id,joindate\nu1,a@x,A1,9999-12-31\n"
                                       "u2,b@x,A1,2024-01-01\n"},
         {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                        "1,u1,9999-12-31T23:59:59.999Z,Login\n"
                                        "2,u2,9999-12-25T00:00:00Z,Login\n"}});
    const QString cache = tmp.filePath(QStringLiteral("c.pulsebook"));
    Run r = cli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    ++m_inputs;
    {
        Cache c;
        QString error;
        QVERIFY2(c.open(cache, false, &error), qPrintable(error));
        const auto index = EventIndex::load(c, nullptr, &error);
        QVERIFY2(index, qPrintable(error));
        QCOMPARE(index->defaultAsOfMs(), FieldParser::MaxTimeMs + 1);
        QCOMPARE(FieldParser::formatTimestamp(index->defaultAsOfMs()),
                 QStringLiteral("10000-01-01T00:00:00.000Z"));
        QCOMPARE(FieldParser::formatDate(
                     index->accountProperty(0, QStringLiteral("renewal_date")).toLongLong()),
                 QStringLiteral("9999-12-31"));
    }
    r = cli({QStringLiteral("info"), QStringLiteral("--cache"), cache});
    QVERIFY2(r.out.contains("Data as of: 10000-01-01T00:00:00.000Z\n"), r.out.constData());
    writeFile(tmp.path(), QStringLiteral("ws.json"),
              R"({"kpi_events": ["Login"], "onboarding_steps": ["Login"],
                  "campaigns": {"key_event": "Login"},
                  "scorecard": {"columns": [{"name": "WAU", "metric": "wau", "direction": "higher",
                                             "green": 2, "yellow": 1}]},
                  "health_score": {"groups": [{"name": "Usage", "weight": 1,
                      "inputs": [{"metric": "mau", "zero": 0, "ten": 2}]}]}})");
    r = cli({QStringLiteral("workspace"), QStringLiteral("import"),
             tmp.filePath(QStringLiteral("ws.json")), QStringLiteral("--cache"), cache});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // The last 7 days of year 9999 hold both events (12-25 and 12-31): WAU 2 as of
    // 10000-01-01. Weeks start on Monday: 9999-12-20 (u2 on Saturday the 25th) and 12-27.
    r = cli({QStringLiteral("rollup"), QStringLiteral("--by"), QStringLiteral("account"),
             QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--cache"), cache});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("account_id,account,csm,users,active_users_30d,wau,mau,"
                               "last_activity,Login (30d)\n"
                               "A1,Acme,Kim,2,2,2,2,9999-12-31T23:59:59.999Z,2\n"));
    r = cli({QStringLiteral("trend"), QStringLiteral("--bucket"), QStringLiteral("week"),
             QStringLiteral("--from"), QStringLiteral("9999-12-20"), QStringLiteral("--format"),
             QStringLiteral("csv"), QStringLiteral("--cache"), cache});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("bucket,events\n9999-12-20,1\n9999-12-27,1\n"));
    for (const char* command :
         {"scorecard", "managers", "health", "onboarding", "campaigns", "engagement", "efficacy"}) {
        r = cli({QLatin1String(command), QStringLiteral("--format"), QStringLiteral("csv"),
                 QStringLiteral("--cache"), cache});
        QVERIFY2(r.exitCode == 0,
                 qPrintable(QLatin1String(command) + QLatin1Char(' ') + QString::fromUtf8(r.err)));
    }
}

void TestHostile::sqlLikeNames()
{
    // Column names and values that look like SQL become properties and values like any
    // other, stored as they are, and the tables stay whole.
    const QString userColumn = QStringLiteral("x'); DROP TABLE users; --");
    const QString eventColumn = QStringLiteral("x\"); DROP TABLE event_chunks; --");
    const QString accountColumn = QStringLiteral("'; DELETE FROM accounts; --");
    const QString value = QStringLiteral("'); DROP TABLE users; --");
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder = makeFolder(
        f.tmp.path(), QStringLiteral("sql"),
        {{QStringLiteral("accounts.csv"), "account_id,name,\"'; DELETE FROM accounts; --\"\n"
                                          "A1,Acme,\"' OR 1=1 --\"\n"},
         {QStringLiteral("users.csv"), "user_id,account_id,\"x'); DROP TABLE users; --\"\n"
                                       "u1,A1,\"'); DROP TABLE users; --\"\nu2,A1,plain\n"},
         {QStringLiteral("events.csv"),
          "event_id,user_id,time,event,\"x\"\"); DROP TABLE event_chunks; --\"\n"
          "1,u1,2024-03-01T00:00:00Z,\"Robert'); DROP TABLE students;--\",\"1; SELECT 1\"\n"}});
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, SyncOptions(), nullptr, nullptr, &error),
             qPrintable(error));
    m_inputs += 4;
    // Sorted by bytes: ' (0x27) before x; x" before x'.
    QCOMPARE(rows(f.cache, "SELECT name FROM property_keys ORDER BY name"),
             QStringList({accountColumn, eventColumn, userColumn}));
    QCOMPARE(rows(f.cache, "SELECT COUNT(*) FROM users"), QStringList{QStringLiteral("3")});
    QCOMPARE(rows(f.cache, "SELECT COUNT(*) FROM accounts"), QStringList{QStringLiteral("1")});
    const auto index = EventIndex::load(f.cache, nullptr, &error);
    QVERIFY2(index, qPrintable(error));
    QCOMPARE(index->eventCount(), size_t(2));
    const int u1 = index->userIndex(QStringLiteral("u1"));
    QVERIFY(index->userPropertyNames().contains(userColumn));
    QCOMPARE(index->userProperty(u1, userColumn).toString(), value);
    QCOMPARE(index->accountProperty(0, accountColumn).toString(), QStringLiteral("' OR 1=1 --"));
    const int column = index->eventPropertyColumn(eventColumn);
    QVERIFY(column >= 0);
    QCOMPARE(index->eventValueText(index->eventPropertyValue(column, index->eventBegin(u1))),
             QStringLiteral("1; SELECT 1"));
    QCOMPARE(index->typeName(index->type(index->eventBegin(u1))),
             QStringLiteral("Robert'); DROP TABLE students;--"));

    // A segment on the property finds u1 by the value, in the JSON form a workspace stores.
    Segment segment;
    QVERIFY2(Segment::fromJson(QJsonObject{{QStringLiteral("property"), userColumn},
                                           {QStringLiteral("op"), QStringLiteral("=")},
                                           {QStringLiteral("value"), value}},
                               QStringLiteral("$"), &segment, &error),
             qPrintable(error));
    QVERIFY2(segment.validate(*index, {}, QStringLiteral("$"), &error), qPrintable(error));
    AnalysisContext context;
    context.index = index;
    context.asOfMs = index->defaultAsOfMs();
    std::vector<char> members;
    QVERIFY2(segment.evaluate(context, {}, &members, &error), qPrintable(error));
    QCOMPARE(int(std::count(members.begin(), members.end(), 1)), 1);
    QCOMPARE(int(members[size_t(u1)]), 1);
}

void TestHostile::hundredThousandColumnsOfUsers()
{
    // users.csv with 100,000 columns: 99,998 extra columns, each a user property. Lands, and
    // the last property reads back, each step within the 10 s hang guard: reading a 1.2 MB
    // header and one row, and loading an index of two users, is work for milliseconds.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QByteArray header = "user_id,email";
    QByteArray row = "u1,u1@example.test";
    for (int c = 2; c < 100000; ++c) {
        header += ",c" + QByteArray::number(c);
        row += ",v" + QByteArray::number(c);
    }
    const QString folder = makeFolder(tmp.path(), QStringLiteral("wide"),
                                      {{QStringLiteral("users.csv"), header + "\n" + row + "\n"},
                                       {QStringLiteral("events.csv"), EventsHeader + GoodEvent}});
    const QString cache = tmp.filePath(QStringLiteral("c.pulsebook"));
    ++m_inputs;
    QElapsedTimer clock;
    clock.start();
    Run r = cli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache});
    QVERIFY2(
        r.exitCode == 0,
        qPrintable(
            QStringLiteral("%1 (after %2 ms)").arg(QString::fromUtf8(r.err)).arg(clock.elapsed())));
    {
        Cache c;
        QString error;
        QVERIFY(c.open(cache, false, &error));
        QCOMPARE(c.db().scalar("SELECT COUNT(*) FROM property_keys"), qint64(99998));
    }
    clock.restart();
    r = cli({QStringLiteral("segment"), QStringLiteral("--where"),
             QStringLiteral("c99999 = \"v99999\""), QStringLiteral("--count"),
             QStringLiteral("--cache"), cache});
    QVERIFY2(
        r.exitCode == 0,
        qPrintable(
            QStringLiteral("%1 (after %2 ms)").arg(QString::fromUtf8(r.err)).arg(clock.elapsed())));
    QCOMPARE(r.out, QByteArray("users\n    1\n"));
}

void TestHostile::hundredThousandColumnsOfEvents()
{
    // events.csv with 100,000 columns: 99,996 event properties, one event. Within the hang
    // guard as above.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QByteArray header = "event_id,user_id,time,event";
    QByteArray row = "1,u1,2024-03-01T00:00:00Z,login";
    for (int c = 4; c < 100000; ++c) {
        header += ",c" + QByteArray::number(c);
        row += ",v" + QByteArray::number(c);
    }
    const QString folder = makeFolder(tmp.path(), QStringLiteral("wide"),
                                      {{QStringLiteral("events.csv"), header + "\n" + row + "\n"}});
    const QString cache = tmp.filePath(QStringLiteral("c.pulsebook"));
    ++m_inputs;
    QElapsedTimer clock;
    clock.start();
    Run r =
        cli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache}, WideHangGuardMs);
    QVERIFY2(
        r.exitCode == 0,
        qPrintable(
            QStringLiteral("%1 (after %2 ms)").arg(QString::fromUtf8(r.err)).arg(clock.elapsed())));
    clock.restart();
    r = cli({QStringLiteral("trend"), QStringLiteral("--group-by"), QStringLiteral("event.c99999"),
             QStringLiteral("--from"), QStringLiteral("2024-03-01"), QStringLiteral("--format"),
             QStringLiteral("csv"), QStringLiteral("--cache"), cache},
            WideHangGuardMs);
    QVERIFY2(
        r.exitCode == 0,
        qPrintable(
            QStringLiteral("%1 (after %2 ms)").arg(QString::fromUtf8(r.err)).arg(clock.elapsed())));
    QCOMPARE(r.out, QByteArray("bucket,group,events\n2024-03-01,v99999,1\n"));
}

void TestHostile::formulaCellsNeutralisedInEveryExport()
{
    // Every text that reaches an export starts with = + - @ tab or CR somewhere below: IDs,
    // names, e-mails, team members, event names, campaign names, property values, a column
    // name, and the workspace's names for KPIs, areas, segments, columns and groups.
    const QString folder = makeFolder(
        m_tmp.path(), QStringLiteral("formulas"),
        {
            {QStringLiteral("team.csv"),
             "person,role,manager\n=Boss,Manager,\n+Maya,CSM,=Boss\n@Lee,CSM,=Boss\n"},
            {QStringLiteral("accounts.csv"),
             "account_id,name,csm,metrics_group,renewal_date,arr,sentiment,tier\n"
             "=A1,\"=SUM(1,2)\",+Maya,@group,2026-12-01,\"$1,000\",Green,=gold\n"
             "+A2,-2+3,@Lee,=group,2026-11-15,5,Red,-silver\n"
             "-A3,\"\tTab Co\",+Maya,,2027-01-01,,Yellow,@bronze\n"
             "@A4,\"\rCR Co\",@Lee,,,,,\"\rx\"\n"},
            {QStringLiteral("users.csv"),
             "user_id,email,account_id,joindate,role,-score\n"
             "=u1,=cmd@evil.example,=A1,2026-09-01,=admin,=1+1\n"
             "+u2,+bob@acme.example,=A1,2026-09-02,+viewer,+1\n"
             "-u3,-cy@globex.example,+A2,2026-09-03,-admin,-1\n"
             "@u4,@dee@initech.example,-A3,2026-09-04,@viewer,@1\n"
             "\"\tu5\",\"\tt@x.example\",@A4,2026-09-05,\"\tadmin\",\"\t1\"\n"
             "\"\ru6\",\"\rr@x.example\",@A4,2026-09-06,\"\radmin\",\"\r1\"\n"},
            {QStringLiteral("sessions.csv"),
             "session_id,user_id,time,country\n"
             "s1,=u1,2026-10-30T09:00:00Z,=FR\ns2,+u2,2026-10-31T08:00:00Z,+DE\n"
             "s3,-u3,2026-10-20T08:00:00Z,-US\ns4,@u4,2026-10-15T08:00:00Z,@UK\n"},
            {QStringLiteral("events.csv"), "event_id,user_id,time,event,session_id,path\n"
                                           "1,=u1,2026-10-30T10:00:00Z,=Login,s1,=/home\n"
                                           "2,=u1,2026-10-30T10:05:00Z,+Run Query,s1,+/q\n"
                                           "3,+u2,2026-10-31T09:00:00Z,=Login,s2,-/x\n"
                                           "4,+u2,2026-10-31T09:10:00Z,-Export,s2,@/y\n"
                                           "5,-u3,2026-10-20T10:00:00Z,=Login,s3,\"\t/t\"\n"
                                           "6,-u3,2026-10-21T10:00:00Z,@Share,s3,\"\r/r\"\n"
                                           "7,@u4,2026-10-15T10:00:00Z,\"\tTab\",s4,\n"
                                           "8,\"\tu5\",2026-10-16T10:00:00Z,\"\rCR\",,\n"
                                           "9,\"\ru6\",2026-10-31T23:59:59Z,=Login,,\n"
                                           "10,=u1,2026-10-01T10:00:00Z,=Login,,\n"
                                           "11,+u2,2026-10-02T10:00:00Z,+Run Query,,\n"},
            {QStringLiteral("campaign_touches.csv"),
             "user_id,campaign,time,stage\n=u1,=spring,2026-10-29T08:00:00Z,delivered\n"
             "=u1,=spring,2026-10-29T09:00:00Z,opened\n+u2,@summer,2026-10-30T08:00:00Z,delivered\n"
             "-u3,-fall,2026-10-19T08:00:00Z,clicked\n"},
        });
    writeFile(m_tmp.path(), QStringLiteral("formulas.json"), R"({
        "kpi_events": ["=Login", "+Run Query"],
        "onboarding_steps": ["=Login", "-Export", "@Share"],
        "product_areas": [{"name": "=Area", "events": ["=Login", "+Run Query"],
                           "activation_funnel": ["=Login", "+Run Query"]},
                          {"name": "@Other", "events": ["-Export", "@Share"]}],
        "segments": {"=Admins": {"property": "role", "op": "=", "value": "=admin"}},
        "campaigns": {"key_event": "=Login", "low_wau_threshold": 2},
        "scorecard": {"columns": [{"name": "=Company", "metric": "name"},
            {"name": "+WAU", "metric": "wau", "direction": "higher", "green": 2, "yellow": 1,
             "key": true}]},
        "health_score": {"groups": [{"name": "-Usage", "weight": 1,
            "inputs": [{"metric": "mau", "zero": 0, "ten": 2}]}]}})");
    // The check itself: five of these cells would run as formulas; -5 is a number.
    QCOMPARE(formulaCells({{QStringLiteral("=1"), QStringLiteral("-5"), QStringLiteral("-2+3"),
                            QStringLiteral("'=x"), QStringLiteral("+5")},
                           {QStringLiteral("@a"), QStringLiteral("\tb"), QStringLiteral("a=b")}})
                 .size(),
             5);
    const QString cache = m_tmp.filePath(QStringLiteral("formulas.pulsebook"));
    Run r = cli({QStringLiteral("sync"), folder, QStringLiteral("--cache"), cache});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = cli({QStringLiteral("workspace"), QStringLiteral("import"),
             m_tmp.filePath(QStringLiteral("formulas.json")), QStringLiteral("--cache"), cache});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // Every analysis with --out, and how many formula-like cells each must neutralise,
    // counted by hand from the fixture: e.g. segment "did =Login": u1 u2 u3 u6, 5 text cells
    // each (user_id, email, account_id, account, csm) = 20; onboarding: 6 users x 6 cells (the
    // missing steps start with = - or @) = 36; rollup: the 2 KPI headers + 6 x (user_id,
    // account_id) = 14; scorecard: 3 headers (=Company, +WAU, +WAU: RYG) + 4 x (account_id,
    // name) + 2 drags (-Usage) = 13; trend by a user property: 90 days x 6 groups = 540.
    const QList<QPair<QStringList, int>> exports = {
        {{QStringLiteral("segment"), QStringLiteral("--where"), QStringLiteral("did \"=Login\"")},
         20},
        {{QStringLiteral("segment"), QStringLiteral("--name"), QStringLiteral("=Admins")}, 5},
        {{QStringLiteral("rollup")}, 14},
        {{QStringLiteral("rollup"), QStringLiteral("--by"), QStringLiteral("account")}, 14},
        {{QStringLiteral("onboarding")}, 36},
        {{QStringLiteral("onboarding"), QStringLiteral("--by"), QStringLiteral("account")}, 12},
        {{QStringLiteral("scorecard")}, 13},
        {{QStringLiteral("managers")}, 5},
        {{QStringLiteral("managers"), QStringLiteral("--accounts")}, 13},
        {{QStringLiteral("health")}, 15},
        {{QStringLiteral("health"), QStringLiteral("--account"), QStringLiteral("=A1")}, 1},
        {{QStringLiteral("changes"), QStringLiteral("--since"), QStringLiteral("2026-10-20")}, 8},
        {{QStringLiteral("efficacy")}, 0},
        {{QStringLiteral("efficacy"), QStringLiteral("--by"), QStringLiteral("account")}, 0},
        {{QStringLiteral("campaigns")}, 3},
        {{QStringLiteral("campaigns"), QStringLiteral("--by"), QStringLiteral("stage")}, 12},
        {{QStringLiteral("campaigns"), QStringLiteral("--by"), QStringLiteral("account")}, 4},
        {{QStringLiteral("funnel"), QStringLiteral("--steps"), QStringLiteral("=Login,+Run Query")},
         2},
        {{QStringLiteral("funnel"), QStringLiteral("--steps"), QStringLiteral("=Login,+Run Query"),
          QStringLiteral("--breakdown"), QStringLiteral("role")},
         16},
        {{QStringLiteral("funnel"), QStringLiteral("--steps"), QStringLiteral("=Login,-Export"),
          QStringLiteral("--dropped"), QStringLiteral("1")},
         15},
        {{QStringLiteral("trend"), QStringLiteral("--group-by"), QStringLiteral("role")}, 540},
        {{QStringLiteral("trend"), QStringLiteral("--group-by"), QStringLiteral("event.path")},
         540},
        {{QStringLiteral("trend"), QStringLiteral("--group-by"), QStringLiteral("-score")}, 540},
        {{QStringLiteral("trend"), QStringLiteral("--group-by"), QStringLiteral("account.tier")},
         360},
        {{QStringLiteral("engagement")}, 6},
        {{QStringLiteral("retention"), QStringLiteral("--start"), QStringLiteral("=Login"),
          QStringLiteral("--group-by"), QStringLiteral("role")},
         4},
        {{QStringLiteral("areas")}, 2},
        {{QStringLiteral("impact"), QStringLiteral("--data-scenario"),
          QStringLiteral("=Nudge:=Admins:0.9"), QStringLiteral("--rate"), QStringLiteral("active")},
         1},
    };
    int neutralised = 0;
    for (const auto& [arguments, expected] : exports) {
        const QString name = arguments.join(QLatin1Char(' '));
        const QString out = m_tmp.filePath(QStringLiteral("export-%1.csv").arg(m_exports++));
        r = cli(arguments +
                QStringList{QStringLiteral("--cache"), cache, QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0,
                 qPrintable(name + QStringLiteral(": ") + QString::fromUtf8(r.err)));
        QString error;
        const QList<QStringList> cells = csvCells(out, &error);
        QVERIFY2(error.isEmpty(), qPrintable(name + QStringLiteral(": ") + error));
        QVERIFY2(cells.size() > 1 || arguments.contains(QStringLiteral("efficacy")),
                 qPrintable(name));
        const QStringList bad = formulaCells(cells);
        QVERIFY2(bad.isEmpty(),
                 qPrintable(name + QStringLiteral(": ") + bad.join(QStringLiteral("; "))));
        QVERIFY2(countNeutralised(cells) == expected,
                 qPrintable(QStringLiteral("%1: %2 cells neutralised, expected %3")
                                .arg(name)
                                .arg(countNeutralised(cells))
                                .arg(expected)));
        neutralised += countNeutralised(cells);
    }
    qInfo("%d exports, %d neutralised cells", int(exports.size()), neutralised);

    // Exactly, for one of them: the cells keep their text after the ', quoted where needed.
    const QString out = m_tmp.filePath(QStringLiteral("members.csv"));
    r = cli({QStringLiteral("segment"), QStringLiteral("--name"), QStringLiteral("=Admins"),
             QStringLiteral("--cache"), cache, QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(readFile(out), QByteArray("user_id,email,account_id,account,csm,last_event\n"
                                       "'=u1,'=cmd@evil.example,'=A1,\"'=SUM(1,2)\",'+Maya,"
                                       "2026-10-30T10:05:00.000Z\n"));
    // Negative numbers stay numbers: an impact whose target is below its baseline.
    r = cli({QStringLiteral("impact"), QStringLiteral("--users"), QStringLiteral("100"),
             QStringLiteral("--baseline"), QStringLiteral("0.5"), QStringLiteral("--scenario"),
             QStringLiteral("-Drop:10:0.6:0.4"), QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 0);
    // 10/100 x (0.4 - 0.6) = -2 points, new rate 0.48, -2 users.
    QCOMPARE(readFile(out), QByteArray("scenario,reach,baseline,target,delta_points,new_rate,"
                                       "extra_users,arr_impact\n"
                                       "'-Drop,10,0.6,0.4,-2,0.48,-2,\n"
                                       "(all),,,,-2,0.48,-2,\n"));
}

void TestHostile::rejectsFileNeutralised()
{
    // The rejects file is an export too: records starting with = + - @ or tab keep their
    // text after a '. A record that starts with a quote needs none.
    Fixture f;
    QVERIFY(f.prepare());
    const QString folder =
        makeFolder(f.tmp.path(), QStringLiteral("rejects"),
                   {{QStringLiteral("events.csv"), EventsHeader + GoodEvent +
                                                       "=HYPERLINK(\"x\"),u1,never,login\n"
                                                       "+2,u1,never,login\n"
                                                       "-3,u1,never,login\n"
                                                       "@4,u1,never,login\n"
                                                       "\t5,u1,never,login\n"
                                                       "\"\t6\",u1,never,login\n"}});
    SyncOptions options;
    options.skipBadRows = true;
    options.rejectsPath = f.tmp.filePath(QStringLiteral("rejects.csv"));
    SyncSummary summary;
    QString error;
    QVERIFY2(syncExportFolder(f.cache, folder, options, nullptr, &summary, &error),
             qPrintable(error));
    m_inputs += 6;
    QCOMPARE(summary.rejected, qint64(6));
    const QByteArray file = folder.toUtf8() + "/events.csv";
    const QByteArray reason = ",\"column \"\"time\"\": \"\"never\"\": not a timestamp (expected "
                              "ISO-8601, YYYY-MM-DD HH:MM:SS or epoch)\",";
    QCOMPARE(readFile(options.rejectsPath),
             "file,line,reason,record\n" + file + ",3" + reason +
                 "\"'=HYPERLINK(\"\"x\"\"),u1,never,login\"\n" + file + ",4" + reason +
                 "\"'+2,u1,never,login\"\n" + file + ",5" + reason + "\"'-3,u1,never,login\"\n" +
                 file + ",6" + reason + "\"'@4,u1,never,login\"\n" + file + ",7" + reason +
                 "\"'\t5,u1,never,login\"\n" + file + ",8" + reason +
                 "\"\"\"\t6\"\",u1,never,login\"\n");
    QString csvError;
    QVERIFY(formulaCells(csvCells(options.rejectsPath, &csvError)).isEmpty());
}

void TestHostile::negativeNumbersStayNumbersOnStandardOutput()
{
    // --format csv is an export too (redirected to a file): its numbers must stay numbers as
    // in --out, and its text be neutralised.
    const Run r = cli({QStringLiteral("impact"), QStringLiteral("--users"), QStringLiteral("100"),
                       QStringLiteral("--baseline"), QStringLiteral("0.5"),
                       QStringLiteral("--scenario"), QStringLiteral("-Drop:10:0.6:0.4"),
                       QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("scenario,reach,baseline,target,delta_points,new_rate,"
                               "extra_users,arr_impact\n"
                               "'-Drop,10,0.6,0.4,-2,0.48,-2,\n"
                               "(all),,,,-2,0.48,-2,\n"));
}

void TestHostile::cleanupTestCase()
{
    qInfo("figure: %d hostile inputs synced, %d analysis exports checked", m_inputs, m_exports);
}

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
