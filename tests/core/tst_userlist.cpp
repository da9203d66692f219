#include "tst_userlist.h"

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

QTEST_GUILESS_MAIN(TestUserList)
