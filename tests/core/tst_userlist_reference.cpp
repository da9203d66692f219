// SortedList over UserList on random exports against the plain reference of tst_userlist.h.
#include "tst_userlist.h"

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
