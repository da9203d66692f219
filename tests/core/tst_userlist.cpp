// SortedList over UserList: a hand-checked small export (every order worked out by hand in the
// comments), and random exports against a plain reference: every user's cells read straight
// from the index and the rollup, std::stable_sort with a comparator written here from the
// rules in SortedList.h, every column in both directions, random windows.
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AccountList.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Onboarding.h"
#include "analysis/Rollup.h"
#include "analysis/SortedList.h"
#include "analysis/UserList.h"
#include "export/ListCsv.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace pulsebook;

namespace {

using Files = test::ExportFiles;
using Data = test::SyncedCache;

qint64 ms(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

// as_of = 2024-03-01 (midnight after Bob's event); 30 days back: 2024-01-31.
const Files SmallExport = {
    {QStringLiteral("accounts.csv"), "account_id,name\nA1,acme\nA2,Globex\n"},
    {QStringLiteral("users.csv"), "user_id,email,account_id,plan\n"
                                  "10,ten@x.com,A1,Pro\n"
                                  "9,nine@x.com,A1,basic\n"
                                  "abc,,A2,pro\n"
                                  "Bob,bob@x.com,,\n"
                                  "007,zero@x.com,A2,Basic\n"
                                  "7,seven@x.com,A1,\n"},
    {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                   "1,10,2024-02-20T00:00:00Z,login\n"
                                   "2,9,2024-02-25T00:00:00Z,login\n"
                                   "3,abc,2024-02-20T00:00:00Z,login\n"
                                   "4,7,2024-01-01T00:00:00Z,login\n"
                                   "5,Bob,2024-02-29T12:00:00Z,report\n"},
    {QStringLiteral("sessions.csv"), "session_id,user_id,time\n"
                                     "s1,10,2024-02-20T00:00:00Z\n"
                                     "s2,9,2024-02-25T00:00:00Z\n"
                                     "s3,abc,2024-02-20T00:00:00Z\n"
                                     "s4,7,2024-01-01T00:00:00Z\n"}};

// The user IDs of the whole list, in order.
QString order(const SortedList& list)
{
    QStringList ids;
    for (const ListRow& row : list.window(0, list.count()))
        ids.append(list.table().rowId(row.key));
    return ids.join(QLatin1Char(' '));
}

// --- the reference

bool referenceWhole(const QString& id, quint64* value)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,19}$"));
    if (!digits.match(id).hasMatch())
        return false;
    *value = id.toULongLong();
    return true;
}

// Whole-number IDs by value (then text), before the others as text.
bool referenceIdLess(const QString& a, const QString& b)
{
    quint64 va = 0, vb = 0;
    const bool wa = referenceWhole(a, &va), wb = referenceWhole(b, &vb);
    if (wa != wb)
        return wa;
    if (wa && va != vb)
        return va < vb;
    return QString::compare(a, b, Qt::CaseSensitive) < 0;
}

// -1, 0, 1 for two present cells of one type.
int referenceCompare(const ListCell& a, const ListCell& b)
{
    switch (a.kind) {
    case ListCell::Kind::Number:
        return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    case ListCell::Kind::Time:
        return a.timeMs < b.timeMs ? -1 : a.timeMs > b.timeMs ? 1 : 0;
    case ListCell::Kind::Text: {
        const int c = QString::compare(a.text, b.text, Qt::CaseInsensitive);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    case ListCell::Kind::Missing:
        break;
    }
    return 0;
}

struct RefRow
{
    int user;
    QString id;
    std::vector<ListCell> cells;
};

// The expected cell of a property value of a column of `type`.
ListCell referenceProperty(const QVariant& v, ListColumnType type)
{
    if (!v.isValid() || v.isNull() || v.toString().isEmpty())
        return {};
    switch (type) {
    case ListColumnType::Number:
        return ListCell::ofNumber(v.toDouble());
    case ListColumnType::Time:
        return ListCell::ofTime(v.toLongLong());
    case ListColumnType::Text:
        return ListCell::ofText(v.toString());
    }
    return {};
}

// A made-up table of any size (no sync): a text column with many distinct values and case
// variants, a number column and a time column, a few missing cells each.
class SyntheticTable : public ListTable
{
public:
    explicit SyntheticTable(quint32 rows, quint32 seed)
    {
        QRandomGenerator rng(seed);
        for (quint32 r = 0; r < rows; ++r) {
            m_ids.append(rng.bounded(3) == 0 ? QStringLiteral("id%1").arg(r)
                                             : QString::number(r * 7 + 3));
            const quint32 t = rng.bounded(rows);
            QString text = QStringLiteral("mail%1@x.example").arg(t);
            if (rng.bounded(2))
                text = text.toUpper();
            m_text.append(rng.bounded(20) == 0 ? QString() : text);
            m_numbers.push_back(rng.bounded(20) == 0 ? qQNaN() : double(rng.bounded(1000)) - 500);
            m_times.push_back(qint64(rng.bounded(100000)) * 1000 - 5000000);
        }
    }
    quint32 rowCount() const override { return quint32(m_ids.size()); }
    int columnCount() const override { return 3; }
    QString columnName(int column) const override { return QString::number(column); }
    ListColumnType columnType(int column) const override
    {
        return column == 0   ? ListColumnType::Text
               : column == 1 ? ListColumnType::Number
                             : ListColumnType::Time;
    }
    ListCell cell(quint32 key, int column) const override
    {
        if (column == 0)
            return m_text[key].isEmpty() ? ListCell::missing() : ListCell::ofText(m_text[key]);
        if (column == 1)
            return ListCell::ofNumber(m_numbers[key]);
        return ListCell::ofTime(m_times[key]);
    }
    QString rowId(quint32 key) const override { return m_ids[key]; }

private:
    QStringList m_ids, m_text;
    std::vector<double> m_numbers;
    std::vector<qint64> m_times;
};

} // namespace

class TestUserList : public QObject
{
    Q_OBJECT

private slots:
    void handChecked();
    void scopeRows();
    void csvExport();
    void cancel();
    void bigSyntheticTable();
    void cancelMidway();
    void randomAgainstReference_data();
    void randomAgainstReference();
};

// The users of a person's accounts, as the scope bar and `segment --node` pick them. Ann has
// A1 (10, 9, 7), Ben A2 (abc, 007), Vic is above both; Bob has no account.
void TestUserList::scopeRows()
{
    Files files = SmallExport;
    files[0].second = "account_id,name,csm\nA1,acme,Ann\nA2,Globex,Ben\n";
    files.append({QStringLiteral("team.csv"), "person,role,manager\nVic,VP,\nAnn,CSM,Vic\n"
                                              "Ben,CSM,Vic\n"});
    Data data;
    QString error;
    QVERIFY2(data.load(files, &error), qPrintable(error));
    AnalysisContext context;
    context.index = data.index;
    context.asOfMs = data.index->defaultAsOfMs();
    auto ids = [&](const QString& node, const std::vector<char>* members) {
        std::vector<quint32> rows;
        QString why;
        if (!UserList::scopeRows(context, node, members, &rows, &why))
            return QStringLiteral("error: ") + why;
        QStringList out;
        for (const quint32 u : rows)
            out << data.index->userId(int(u));
        out.sort();
        return out.join(QLatin1Char(' '));
    };
    QCOMPARE(ids(QString(), nullptr), QStringLiteral("007 10 7 9 Bob abc"));
    QCOMPARE(ids(QStringLiteral("Ann"), nullptr), QStringLiteral("10 7 9"));
    QCOMPARE(ids(QStringLiteral("Ben"), nullptr), QStringLiteral("007 abc"));
    QCOMPARE(ids(QStringLiteral("Vic"), nullptr), QStringLiteral("007 10 7 9 abc"));
    QCOMPARE(ids(QStringLiteral("Zed"), nullptr),
             QStringLiteral("error: nobody named \"Zed\" in the team"));
    // Members (a segment's): the users with a login, 10, 9, abc and 7; with Vic, the same four.
    std::vector<char> login(size_t(data.index->userCount()), 0);
    for (const char* id : {"10", "9", "abc", "7"})
        login[size_t(data.index->userIndex(QLatin1String(id)))] = 1;
    QCOMPARE(ids(QStringLiteral("Vic"), &login), QStringLiteral("10 7 9 abc"));
    QCOMPARE(ids(QStringLiteral("Ben"), &login), QStringLiteral("abc"));
    // The context's own filter applies too: only Bob and 10.
    context.segment.assign(size_t(data.index->userCount()), 0);
    context.segment[size_t(data.index->userIndex(QStringLiteral("Bob")))] = 1;
    context.segment[size_t(data.index->userIndex(QStringLiteral("10")))] = 1;
    QCOMPARE(ids(QString(), nullptr), QStringLiteral("10 Bob"));
    QCOMPARE(ids(QStringLiteral("Ann"), nullptr), QStringLiteral("10"));
}

void TestUserList::handChecked()
{
    Data data;
    QString error;
    QVERIFY2(data.load(SmallExport, &error), qPrintable(error));
    AnalysisContext context;
    context.index = data.index;
    context.asOfMs = data.index->defaultAsOfMs();
    QCOMPARE(context.asOfMs, ms("2024-03-01T00:00:00Z"));
    UserListParams params;
    params.columns = {QStringLiteral("user_id"),      QStringLiteral("plan"),
                      QStringLiteral("last_seen"),    QStringLiteral("sessions_30d"),
                      QStringLiteral("account.name"), QStringLiteral("email")};
    auto table = UserList::build(context, params, &error);
    QVERIFY2(table, qPrintable(error));
    const std::vector<quint32> rows = UserList::rows(context);
    QCOMPARE(rows.size(), size_t(6)); // the count, before any sort
    QCOMPARE(table->columnType(0), ListColumnType::Text);
    QCOMPARE(table->columnType(1), ListColumnType::Text);
    QCOMPARE(table->columnType(2), ListColumnType::Time);
    QCOMPARE(table->columnType(3), ListColumnType::Number);

    auto sorted = [&](int column, bool descending) {
        auto list = SortedList::sort(table, rows, {column, descending}, nullptr, &error);
        return list ? order(*list) : error;
    };
    // Whole numbers by value, "007" before "7" (equal values by text), then "Bob" < "abc".
    QCOMPARE(sorted(0, false), QStringLiteral("007 7 9 10 Bob abc"));
    QCOMPARE(sorted(0, true), QStringLiteral("abc Bob 10 9 7 007"));
    QCOMPARE(sorted(-1, false), QStringLiteral("007 7 9 10 Bob abc"));
    // basic {9, 007}, pro {10, abc}, missing {7, Bob}: ties by ID ascending both ways.
    QCOMPARE(sorted(1, false), QStringLiteral("007 9 10 abc 7 Bob"));
    QCOMPARE(sorted(1, true), QStringLiteral("10 abc 007 9 7 Bob"));
    // Sessions 02-25 (9), 02-20 (10, abc), 01-01 (7); none: 007, Bob.
    QCOMPARE(sorted(2, true), QStringLiteral("9 10 abc 7 007 Bob"));
    QCOMPARE(sorted(2, false), QStringLiteral("7 10 abc 9 007 Bob"));
    QCOMPARE(table->defaultSort().column, 2); // no last_event column: last_seen
    QCOMPARE(table->defaultSort().descending, true);
    // Sessions since 01-31: one for 9, 10, abc; none for the others (0, not missing).
    QCOMPARE(sorted(3, false), QStringLiteral("007 7 Bob 9 10 abc"));
    QCOMPARE(sorted(3, true), QStringLiteral("9 10 abc 007 7 Bob"));
    // acme {7, 9, 10}, Globex {007, abc}, no account: Bob.
    QCOMPARE(sorted(4, false), QStringLiteral("7 9 10 007 abc Bob"));
    QCOMPARE(sorted(4, true), QStringLiteral("007 abc 7 9 10 Bob"));

    auto list = SortedList::sort(table, rows, table->defaultSort(), nullptr, &error);
    QVERIFY(list);
    const std::vector<ListRow> window = list->window(1, 2);
    QCOMPARE(window.size(), size_t(2));
    QCOMPARE(table->rowId(window[0].key), QStringLiteral("10"));
    QCOMPARE(window[0].cells.size(), size_t(6));
    QCOMPARE(window[0].cells[1], ListCell::ofText(QStringLiteral("Pro")));
    QCOMPARE(window[0].cells[2], ListCell::ofTime(ms("2024-02-20T00:00:00Z")));
    QCOMPARE(window[0].cells[3], ListCell::ofNumber(1));
    QCOMPARE(window[1].cells[5], ListCell::missing()); // abc has no e-mail
    QCOMPARE(list->window(5, 10).size(), size_t(1));
    QCOMPARE(list->window(6, 10).size(), size_t(0));
    QCOMPARE(list->window(-3, 2).size(), size_t(2));
    const std::vector<ListRow> picked = list->window(0, 1, {5, 0});
    QCOMPARE(picked[0].cells.size(), size_t(2));
    QCOMPARE(picked[0].cells[0], ListCell::ofText(QStringLiteral("nine@x.com")));

    // Find by ID or e-mail (any case), then the row in the current sort.
    QCOMPARE(list->rowOf(quint32(table->findUser(QStringLiteral("abc")))), qint64(2));
    QCOMPARE(list->rowOf(quint32(table->findUser(QStringLiteral("BOB@X.com")))), qint64(5));
    QCOMPARE(table->findUser(QStringLiteral("nobody")), -1);

    // A segment's members: 9, abc and Bob only.
    context.segment.assign(size_t(data.index->userCount()), 0);
    for (const char* id : {"9", "abc", "Bob"})
        context.segment[size_t(data.index->userIndex(QLatin1String(id)))] = 1;
    auto members =
        SortedList::sort(table, UserList::rows(context), table->defaultSort(), nullptr, &error);
    QCOMPARE(members->count(), qint64(3));
    QCOMPARE(order(*members), QStringLiteral("9 abc Bob"));
    QCOMPARE(members->rowOf(quint32(data.index->userIndex(QStringLiteral("10")))), qint64(-1));
    // A funnel step's drop-offs inside the segment: 10 is not in it.
    const std::vector<int> dropped = {data.index->userIndex(QStringLiteral("10")),
                                      data.index->userIndex(QStringLiteral("Bob"))};
    const std::vector<quint32> droppedRows = UserList::rows(context, &dropped);
    QCOMPARE(droppedRows.size(), size_t(1));
    QCOMPARE(data.index->userId(int(droppedRows[0])), QStringLiteral("Bob"));

    // The book of business: acme has 10, 9 and 7 (latest event 02-25), Globex abc and 007
    // (02-20); with the segment, Globex only has abc and acme only 9.
    auto accounts = AccountList::build(context, {}, &error);
    QVERIFY2(accounts, qPrintable(error));
    auto book = SortedList::sort(accounts, AccountList::rows(context), accounts->defaultSort(),
                                 nullptr, &error);
    QVERIFY(book);
    QCOMPARE(order(*book), QStringLiteral("A1 A2"));
    const int usersColumn = accounts->columnIndex(QStringLiteral("users"));
    QCOMPARE(book->window(0, 1)[0].cells[size_t(usersColumn)], ListCell::ofNumber(1));
    context.segment.clear();
    accounts = AccountList::build(context, {}, &error);
    book = SortedList::sort(accounts, AccountList::rows(context), {usersColumn, false}, nullptr,
                            &error);
    QCOMPARE(order(*book), QStringLiteral("A2 A1"));
    QCOMPARE(book->window(0, 2)[1].cells[size_t(usersColumn)], ListCell::ofNumber(3));
    QCOMPARE(book->window(0, 2)[0].cells[1], ListCell::ofText(QStringLiteral("Globex")));

    QVERIFY(!UserList::build(context, {{QStringLiteral("nope")}, {}, {}}, &error));
    QCOMPARE(error, QStringLiteral("unknown column \"nope\""));
    QVERIFY(!SortedList::sort(table, rows, {6, false}, nullptr, &error));
}

void TestUserList::csvExport()
{
    Data data;
    QString error;
    QVERIFY2(data.load(SmallExport, &error), qPrintable(error));
    AnalysisContext context;
    context.index = data.index;
    context.asOfMs = data.index->defaultAsOfMs();
    auto table = UserList::build(context,
                                 {{QStringLiteral("user_id"), QStringLiteral("email"),
                                   QStringLiteral("last_seen"), QStringLiteral("sessions_90d")},
                                  {},
                                  {}},
                                 &error);
    QVERIFY2(table, qPrintable(error));
    auto list =
        SortedList::sort(table, UserList::rows(context), table->defaultSort(), nullptr, &error);
    QVERIFY(list);
    const QString path = data.dir.filePath(QStringLiteral("users.csv"));
    {
        const Status written = writeListCsv(*list, path, nullptr);
        QVERIFY2(written, qPrintable(written.error()));
    }
    QCOMPARE(QString::fromUtf8(test::readFile(path)),
             QStringLiteral("user_id,email,last_seen,sessions_90d\n"
                            "9,nine@x.com,2024-02-25T00:00:00.000Z,1\n"
                            "10,ten@x.com,2024-02-20T00:00:00.000Z,1\n"
                            "abc,,2024-02-20T00:00:00.000Z,1\n"
                            "7,seven@x.com,2024-01-01T00:00:00.000Z,1\n"
                            "007,zero@x.com,,0\n"
                            "Bob,bob@x.com,,0\n"));
}

void TestUserList::cancel()
{
    Data data;
    QString error;
    QVERIFY2(data.load(SmallExport, &error), qPrintable(error));
    AnalysisContext context;
    context.index = data.index;
    context.asOfMs = data.index->defaultAsOfMs();
    auto table = UserList::build(context, {}, &error);
    QVERIFY2(table, qPrintable(error));
    // The default list: newest event first (Bob's 02-29 event has no session), then 9's.
    QCOMPARE(table->columnNames().join(QLatin1Char(',')),
             QStringLiteral("user_id,email,account_id,last_event,last_seen,sessions_30d,"
                            "sessions_90d"));
    auto list =
        SortedList::sort(table, UserList::rows(context), table->defaultSort(), nullptr, &error);
    QVERIFY(list);
    QCOMPARE(order(*list), QStringLiteral("Bob 9 10 abc 7 007"));
    Progress cancelled;
    cancelled.cancel();
    error.clear();
    QVERIFY(!SortedList::sort(table, UserList::rows(context), {0, false}, &cancelled, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error)); // a cancel is no failure: no text
    QVERIFY(cancelled.isCancelled());
}

// More rows than the text ranking samples before it stops hashing repeated texts.
void TestUserList::bigSyntheticTable()
{
    auto table = std::make_shared<const SyntheticTable>(90000, 7);
    QRandomGenerator rng(11);
    std::vector<quint32> rows;
    for (quint32 r = 0; r < table->rowCount(); ++r) {
        if (rng.bounded(10) != 0)
            rows.push_back(r);
    }
    QString error;
    for (int column = 0; column < 3; ++column) {
        for (const bool descending : {false, true}) {
            std::vector<quint32> expected = rows;
            std::stable_sort(expected.begin(), expected.end(), [&](quint32 a, quint32 b) {
                const ListCell x = table->cell(a, column), y = table->cell(b, column);
                if (x.isMissing() != y.isMissing())
                    return y.isMissing();
                if (!x.isMissing()) {
                    const int cmp = referenceCompare(x, y);
                    if (cmp != 0)
                        return descending ? cmp > 0 : cmp < 0;
                }
                return referenceIdLess(table->rowId(a), table->rowId(b));
            });
            auto list = SortedList::sort(table, rows, {column, descending}, nullptr, &error);
            QVERIFY2(list, qPrintable(error));
            QCOMPARE(list->count(), qint64(expected.size()));
            for (size_t p = 0; p < expected.size(); ++p) {
                if (list->keyAt(qint64(p)) != expected[p])
                    QFAIL(qPrintable(
                        QStringLiteral("column %1 %2 at %3: %4, want %5")
                            .arg(column)
                            .arg(descending)
                            .arg(p)
                            .arg(table->rowId(list->keyAt(qint64(p))), table->rowId(expected[p]))));
            }
        }
    }
}

// A cancel during the sort (not before it) stops it; the table's ranks stay usable.
void TestUserList::cancelMidway()
{
    struct CancelAfter : Progress
    {
        int updates = 0;
        bool update(qint64 done) override
        {
            Q_UNUSED(done);
            if (++updates == 3)
                cancel();
            return !isCancelled();
        }
    };
    auto table = std::make_shared<const SyntheticTable>(200000, 3);
    std::vector<quint32> rows(table->rowCount());
    for (quint32 r = 0; r < table->rowCount(); ++r)
        rows[r] = r;
    QString error;
    for (int column = 0; column < 3; ++column) {
        CancelAfter progress;
        error.clear();
        QVERIFY(!SortedList::sort(table, rows, {column, false}, &progress, &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(progress.isCancelled());
        QCOMPARE(progress.updates, 3);
        auto list = SortedList::sort(table, rows, {column, false}, nullptr, &error);
        QVERIFY2(list, qPrintable(error));
        QCOMPARE(list->count(), qint64(200000));
    }
}

void TestUserList::randomAgainstReference_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed : {1u, 2u, 3u, 4u, 5u})
        QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
}

void TestUserList::randomAgainstReference()
{
    QFETCH(quint32, seed);
    QRandomGenerator rng(seed);
    auto pick = [&rng](int n) {
        return int(rng.bounded(n));
    };
    const qint64 base = ms("2024-01-01T00:00:00Z");

    // IDs: whole numbers (some with leading zeros, some equal in value), mixed-case text.
    const int userCount = 150 + pick(150);
    QStringList ids;
    QSet<QString> seen;
    while (ids.size() < userCount) {
        QString id;
        switch (pick(4)) {
        case 0:
            id = QString::number(pick(400));
            break;
        case 1:
            id = QStringLiteral("00") + QString::number(pick(40));
            break;
        case 2:
            id = QString::number(quint64(rng.generate64() >> 2));
            break;
        default:
            id = QStringLiteral("%1user%2").arg(QLatin1Char("aAbBz"[pick(5)])).arg(pick(99));
        }
        if (!seen.contains(id)) {
            seen.insert(id);
            ids.append(id);
        }
    }
    const char* plans[] = {"Pro", "pro", "PRO", "Basic", "basic", "Élite", "élite", ""};
    const char* zips[] = {"02134", "10001", "", "94105"};
    QByteArray accounts = "account_id,name,arr,renewal_date,has_success_plan\n";
    for (int a = 0; a < 12; ++a) {
        accounts +=
            QStringLiteral("A%1,%2,%3,%4,%5\n")
                .arg(a)
                .arg(pick(5) == 0 ? QString() : QStringLiteral("Acct %1").arg(pick(6)))
                .arg(pick(4) == 0 ? QString() : QString::number(pick(5) * 1000))
                .arg(pick(4) == 0 ? QString()
                                  : QStringLiteral("2025-0%1-1%2").arg(1 + pick(9)).arg(pick(9)))
                .arg(pick(3) == 0 ? QString() : QLatin1String(pick(2) ? "true" : "false"))
                .toUtf8();
    }
    QByteArray users = "user_id,email,account_id,joindate,plan,seats,zip\n";
    QByteArray events = "event_id,user_id,time,event\n";
    QByteArray sessions = "session_id,user_id,time\n";
    int eventId = 1;
    for (int i = 0; i < ids.size(); ++i) {
        const QString& id = ids[i];
        if (pick(10) != 0) { // a tenth appear only in events
            users +=
                QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                    .arg(id,
                         pick(5) == 0 ? QString()
                                      : QStringLiteral("%1@Mail%2.com").arg(id).arg(pick(3)),
                         pick(6) == 0 ? QString() : QStringLiteral("A%1").arg(pick(12)),
                         pick(4) == 0
                             ? QString()
                             : QStringLiteral("2023-%1-0%2").arg(10 + pick(3)).arg(1 + pick(8)),
                         QString::fromUtf8(plans[pick(8)]),
                         pick(4) == 0
                             ? QString()
                             : QString::number(pick(60) - 10) + QLatin1String(pick(3) ? "" : ".5"),
                         QLatin1String(zips[pick(4)]))
                    .toUtf8();
        }
        const int n = pick(4) == 0 ? 0 : 1 + pick(6);
        for (int e = 0; e < n; ++e) {
            const qint64 t = base + qint64(pick(60)) * 86400000 + qint64(pick(3)) * 3600000;
            const QString iso = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODate);
            events += QStringLiteral("%1,%2,%3,%4\n")
                          .arg(eventId++)
                          .arg(id, iso,
                               QLatin1String(pick(3) == 0 ? "report"
                                             : pick(2)    ? "login"
                                                          : "export"))
                          .toUtf8();
            if (pick(2) == 0)
                sessions += QStringLiteral("s%1,%2,%3\n").arg(eventId).arg(id, iso).toUtf8();
        }
    }
    events +=
        QStringLiteral("%1,%2,2024-03-05T00:00:00Z,report\n").arg(eventId).arg(ids[0]).toUtf8();

    Data data;
    QString error;
    QVERIFY2(data.load({{QStringLiteral("accounts.csv"), accounts},
                        {QStringLiteral("users.csv"), users},
                        {QStringLiteral("events.csv"), events},
                        {QStringLiteral("sessions.csv"), sessions}},
                       &error),
             qPrintable(error));
    const EventIndex& index = *data.index;
    Workspace workspace;
    workspace.kpiEvents = {QStringLiteral("report"), QStringLiteral("login")};
    workspace.onboardingSteps = {QStringLiteral("login"), QStringLiteral("export")};
    AnalysisContext context;
    context.index = data.index;
    context.workspace = &workspace;
    context.asOfMs = ms("2024-02-20T00:00:00Z") + qint64(pick(20)) * 86400000;
    if (pick(2)) { // a segment filter
        context.segment.resize(size_t(index.userCount()));
        for (auto& in : context.segment)
            in = pick(4) != 0;
    }

    // name, expected type
    const QList<QPair<QString, ListColumnType>> columns = {
        {QStringLiteral("user_id"), ListColumnType::Text},
        {QStringLiteral("email"), ListColumnType::Text},
        {QStringLiteral("account_id"), ListColumnType::Text},
        {QStringLiteral("joindate"), ListColumnType::Time},
        {QStringLiteral("plan"), ListColumnType::Text},
        {QStringLiteral("seats"), ListColumnType::Number},
        {QStringLiteral("zip"), ListColumnType::Text},
        {QStringLiteral("last_seen"), ListColumnType::Time},
        {QStringLiteral("last_event"), ListColumnType::Time},
        {QStringLiteral("sessions_30d"), ListColumnType::Number},
        {QStringLiteral("sessions_90d"), ListColumnType::Number},
        {QStringLiteral("kpi:report"), ListColumnType::Number},
        {QStringLiteral("kpi:login"), ListColumnType::Number},
        {QStringLiteral("onboarding_done"), ListColumnType::Number},
        {QStringLiteral("account.name"), ListColumnType::Text},
        {QStringLiteral("account.arr"), ListColumnType::Number},
        {QStringLiteral("account.renewal_date"), ListColumnType::Time},
        {QStringLiteral("account.has_success_plan"), ListColumnType::Text},
    };
    UserListParams params;
    for (const auto& c : columns)
        params.columns.append(c.first);
    auto table = UserList::build(context, params, &error);
    QVERIFY2(table, qPrintable(error));
    for (int c = 0; c < columns.size(); ++c)
        QVERIFY2(table->columnType(c) == columns[c].second, qPrintable(columns[c].first));

    // The reference rows, cell by cell from the index and the analyses' own results.
    RollupResult rollup;
    QVERIFY(runRollup(context, {}, &rollup, &error));
    OnboardingResult onboarding;
    QVERIFY(runOnboarding(context, {}, &onboarding, &error));
    std::vector<RefRow> reference;
    size_t rollupRow = 0;
    for (int u = 0; u < index.userCount(); ++u) {
        if (!context.inSegment(u))
            continue;
        const RollupUser& r = rollup.users[rollupRow];
        QCOMPARE(r.user, u);
        RefRow row{u, index.userId(u), {}};
        for (const auto& [name, type] : columns) {
            ListCell cell;
            if (name == QLatin1String("last_seen")) {
                if (r.lastSessionMs >= 0)
                    cell = ListCell::ofTime(r.lastSessionMs);
            } else if (name == QLatin1String("last_event")) {
                qint64 last = -1;
                for (size_t e = index.eventBegin(u); e < index.eventEnd(u); ++e) {
                    if (index.time(e) < context.asOfMs)
                        last = index.time(e);
                }
                if (last >= 0)
                    cell = ListCell::ofTime(last);
            } else if (name == QLatin1String("sessions_30d")) {
                cell = ListCell::ofNumber(double(r.sessions30));
            } else if (name == QLatin1String("sessions_90d")) {
                cell = ListCell::ofNumber(double(r.sessions90));
            } else if (name == QLatin1String("kpi:report")) {
                cell = ListCell::ofNumber(double(rollup.userKpiCount(rollupRow, 0)));
            } else if (name == QLatin1String("kpi:login")) {
                cell = ListCell::ofNumber(double(rollup.userKpiCount(rollupRow, 1)));
            } else if (name == QLatin1String("onboarding_done")) {
                int done = 2;
                for (const OnboardingUser& o : onboarding.matching) {
                    if (o.user == u)
                        done = 2 - int(o.missingSteps().size());
                }
                cell = ListCell::ofNumber(done);
            } else if (name.startsWith(QLatin1String("account."))) {
                const int a = index.userAccount(u);
                if (a >= 0)
                    cell = referenceProperty(index.accountProperty(a, name.mid(8)), type);
            } else {
                cell = referenceProperty(index.userProperty(u, name), type);
            }
            row.cells.push_back(cell);
        }
        reference.push_back(row);
        ++rollupRow;
    }

    const std::vector<quint32> rows = UserList::rows(context);
    QCOMPARE(rows.size(), reference.size());
    for (int c = -1; c < columns.size(); ++c) {
        for (const bool descending : {false, true}) {
            const QString what = QStringLiteral("column %1 %2")
                                     .arg(c < 0 ? QStringLiteral("(ID)") : columns[c].first)
                                     .arg(QLatin1String(descending ? "desc" : "asc"));
            std::vector<RefRow> expected = reference;
            std::stable_sort(
                expected.begin(), expected.end(), [&](const RefRow& a, const RefRow& b) {
                    if (c >= 0 && c != 0) {
                        const ListCell& x = a.cells[size_t(c)];
                        const ListCell& y = b.cells[size_t(c)];
                        if (x.isMissing() != y.isMissing())
                            return y.isMissing();
                        if (!x.isMissing()) {
                            const int cmp = referenceCompare(x, y);
                            if (cmp != 0)
                                return descending ? cmp > 0 : cmp < 0;
                        }
                        return referenceIdLess(a.id, b.id);
                    }
                    return descending ? referenceIdLess(b.id, a.id) : referenceIdLess(a.id, b.id);
                });
            // Shuffle the row set: the order must not depend on it.
            std::vector<quint32> shuffled = rows;
            for (size_t i = shuffled.size(); i > 1; --i)
                std::swap(shuffled[i - 1], shuffled[size_t(pick(int(i)))]);
            auto list = SortedList::sort(table, shuffled, {c, descending}, nullptr, &error);
            QVERIFY2(list, qPrintable(error));
            QCOMPARE(list->count(), qint64(expected.size()));
            auto check = [&](qint64 offset, qint64 n) {
                const std::vector<ListRow> window = list->window(offset, n);
                const qint64 from = std::clamp<qint64>(offset, 0, list->count());
                const qint64 to =
                    std::clamp<qint64>(from + std::max<qint64>(n, 0), from, list->count());
                QCOMPARE(qint64(window.size()), to - from);
                for (size_t i = 0; i < window.size(); ++i) {
                    const RefRow& want = expected[size_t(from) + i];
                    QVERIFY2(window[i].key == quint32(want.user),
                             qPrintable(QStringLiteral("%1 at %2: %3, want %4")
                                            .arg(what)
                                            .arg(from + qint64(i))
                                            .arg(table->rowId(window[i].key), want.id)));
                    for (size_t k = 0; k < want.cells.size(); ++k) {
                        QVERIFY2(window[i].cells[k] == want.cells[k],
                                 qPrintable(QStringLiteral("%1: %2 of %3: %4, want %5")
                                                .arg(what, columns[int(k)].first, want.id,
                                                     window[i].cells[k].toVariant().toString(),
                                                     want.cells[k].toVariant().toString())));
                    }
                }
            };
            check(0, list->count());
            check(list->count() - 1, 1);
            check(list->count() - 3, 10);
            for (int w = 0; w < 8; ++w)
                check(pick(int(list->count()) + 5) - 2, pick(40));
            for (int f = 0; f < 10 && !expected.empty(); ++f) {
                const size_t p = size_t(pick(int(expected.size())));
                QCOMPARE(list->rowOf(quint32(expected[p].user)), qint64(p));
            }
        }
    }

    // The book of business on the same data: accounts with a user in the filter.
    const QList<QPair<QString, ListColumnType>> accountColumns = {
        {QStringLiteral("account_id"), ListColumnType::Text},
        {QStringLiteral("name"), ListColumnType::Text},
        {QStringLiteral("arr"), ListColumnType::Number},
        {QStringLiteral("renewal_date"), ListColumnType::Time},
        {QStringLiteral("has_success_plan"), ListColumnType::Text},
        {QStringLiteral("users"), ListColumnType::Number},
        {QStringLiteral("mau"), ListColumnType::Number},
        {QStringLiteral("last_activity"), ListColumnType::Time},
        {QStringLiteral("kpi:report"), ListColumnType::Number},
        {QStringLiteral("onboarding_rate"), ListColumnType::Number},
    };
    AccountListParams accountParams;
    for (const auto& c : accountColumns)
        accountParams.columns.append(c.first);
    auto accountTable = AccountList::build(context, accountParams, &error);
    QVERIFY2(accountTable, qPrintable(error));
    std::vector<RefRow> accountReference;
    for (int a = 0; a < index.accountCount(); ++a) {
        bool in = false;
        for (const int u : index.accountUsers(a))
            in = in || context.inSegment(u);
        if (!in && !context.segment.empty())
            continue;
        const RollupAccount& r = rollup.accounts[size_t(a)];
        const OnboardingAccount& o = onboarding.accounts[size_t(a)];
        RefRow row{a, index.accountId(a), {}};
        for (const auto& [name, type] : accountColumns) {
            ListCell cell;
            if (name == QLatin1String("users"))
                cell = ListCell::ofNumber(double(r.users));
            else if (name == QLatin1String("mau"))
                cell = ListCell::ofNumber(double(r.mau));
            else if (name == QLatin1String("last_activity"))
                cell = r.lastActivityMs < 0 ? ListCell() : ListCell::ofTime(r.lastActivityMs);
            else if (name == QLatin1String("kpi:report"))
                cell = ListCell::ofNumber(double(rollup.accountKpiCount(size_t(a), 0)));
            else if (name == QLatin1String("onboarding_rate"))
                cell = o.users == 0 ? ListCell() : ListCell::ofNumber(o.rate);
            else
                cell = referenceProperty(index.accountProperty(a, name), type);
            row.cells.push_back(cell);
        }
        accountReference.push_back(row);
    }
    QCOMPARE(AccountList::rows(context).size(), accountReference.size());
    for (int c = 0; c < accountColumns.size(); ++c) {
        QVERIFY2(accountTable->columnType(c) == accountColumns[c].second,
                 qPrintable(accountColumns[c].first));
        for (const bool descending : {false, true}) {
            std::vector<RefRow> expected = accountReference;
            std::stable_sort(expected.begin(), expected.end(),
                             [&](const RefRow& a, const RefRow& b) {
                                 if (c == 0)
                                     return descending ? referenceIdLess(b.id, a.id)
                                                       : referenceIdLess(a.id, b.id);
                                 const ListCell& x = a.cells[size_t(c)];
                                 const ListCell& y = b.cells[size_t(c)];
                                 if (x.isMissing() != y.isMissing())
                                     return y.isMissing();
                                 if (!x.isMissing()) {
                                     const int cmp = referenceCompare(x, y);
                                     if (cmp != 0)
                                         return descending ? cmp > 0 : cmp < 0;
                                 }
                                 return referenceIdLess(a.id, b.id);
                             });
            auto list = SortedList::sort(accountTable, AccountList::rows(context), {c, descending},
                                         nullptr, &error);
            QVERIFY2(list, qPrintable(error));
            const std::vector<ListRow> all = list->window(0, list->count());
            QCOMPARE(all.size(), expected.size());
            for (size_t i = 0; i < all.size(); ++i) {
                QVERIFY2(all[i].key == quint32(expected[i].user),
                         qPrintable(QStringLiteral("accounts by %1 at %2")
                                        .arg(accountColumns[c].first)
                                        .arg(i)));
                for (size_t k = 0; k < expected[i].cells.size(); ++k)
                    QVERIFY2(all[i].cells[k] == expected[i].cells[k],
                             qPrintable(QStringLiteral("account %1, %2")
                                            .arg(expected[i].id, accountColumns[int(k)].first)));
            }
        }
    }
}

QTEST_GUILESS_MAIN(TestUserList)
#include "tst_userlist.moc"
