// Random small books against the plain reference (tst_scorecard_reference.h).
#include "tst_scorecard_reference.h"

#include <QRandomGenerator>

namespace {

// A random small book: a team (maybe with a manager outside it), accounts with CRM dates at
// the window edges and after as_of, users with and without accounts, users first seen in
// events, events at the 7- and 30-day edges of as_of, a week and a month earlier.
struct RandomBook
{
    Files files;
    ref::Definitions definitions;
    QString node;       // for runScorecard: a person, or empty
    qint64 sinceMs = 0; // for runChanges
    bool segment = false;
};

RandomBook randomBook(quint32 seed)
{
    QRandomGenerator rng(seed);
    auto pick = [&rng](const auto& list) {
        return list[qsizetype(rng.bounded(int(list.size())))];
    };
    RandomBook r;

    // Team: each person's manager is an earlier person, nobody, or someone not in the team.
    const QStringList names = {QStringLiteral("Ava"), QStringLiteral("Ben"), QStringLiteral("Cal"),
                               QStringLiteral("Dee"), QStringLiteral("Eli"), QStringLiteral("Fay"),
                               QStringLiteral("Gus")};
    QStringList people;
    const int teamSize = int(rng.bounded(8));
    QStringList shuffled = names;
    for (qsizetype i = shuffled.size() - 1; i > 0; --i)
        shuffled.swapItemsAt(i, qsizetype(rng.bounded(int(i) + 1)));
    QByteArray team = "person,role,manager\n";
    const QStringList roles = {QStringLiteral("VP"), QStringLiteral("Director"),
                               QStringLiteral("Manager"), QStringLiteral("CSM")};
    for (int i = 0; i < teamSize; ++i) {
        const QString person = shuffled[i];
        const quint32 how = rng.bounded(10);
        const QString manager = i == 0 || how == 0 ? QString()
                                : how == 1         ? QStringLiteral("Ghost")
                                                   : people[qsizetype(rng.bounded(i))];
        people.append(person);
        team +=
            (person + QLatin1Char(',') + pick(roles) + QLatin1Char(',') + manager + u'\n').toUtf8();
    }
    if (teamSize > 0)
        r.files.append({QStringLiteral("team.csv"), team});

    const int accountCount = seed % 7 == 3 ? 70 : 2 + int(rng.bounded(9));
    auto dateNear = [&](bool allowEmpty) -> QByteArray {
        const qint64 edges[] = {AsOf,
                                AsOf + Day,
                                AsOf - 1,
                                AsOf - 7 * Day,
                                AsOf - 30 * Day,
                                AsOf - 30 * Day - 1,
                                AsOf - 37 * Day,
                                AsOf - 60 * Day,
                                AsOf - 90 * Day,
                                AsOf - 91 * Day,
                                AsOf - 180 * Day,
                                AsOf - 181 * Day,
                                AsOf - 365 * Day};
        const quint32 how = rng.bounded(10);
        if (allowEmpty && how < 3)
            return {};
        if (how < 7)
            return QByteArray::number(edges[rng.bounded(int(std::size(edges)))]);
        return QByteArray::number(AsOf - qint64(rng.bounded(400 * 24)) * Hour +
                                  qint64(rng.bounded(3600000)));
    };
    QByteArray accounts = "account_id,name,csm,metrics_group,renewal_date,arr,sentiment,"
                          "has_success_plan,last_success_plan_update,last_ebr,"
                          "last_exec_sponsor_activity,last_champion_activity,last_exec_meeting,"
                          "open_new_arr,wins_past_year,products_adopted,seats\n";
    QStringList accountIds;
    for (int a = 0; a < accountCount; ++a) {
        const QString id = QStringLiteral("A%1").arg(a, 2, 10, QLatin1Char('0'));
        accountIds.append(id);
        QStringList f;
        f << id << QStringLiteral("Name%1").arg(a);
        const quint32 who = rng.bounded(10);
        f << (people.isEmpty() || who < 2 ? (who == 0 ? QString() : QStringLiteral("Nobody"))
                                          : pick(people));
        f << pick(QStringList{QString(), QStringLiteral("Strategic"), QStringLiteral("Scale")});
        f << (rng.bounded(4) == 0 ? QString()
                                  : QString::number(AsOf + qint64(rng.bounded(400)) * Day -
                                                    100 * Day + qint64(rng.bounded(24)) * Hour));
        const quint32 arr = rng.bounded(5);
        f << (arr == 0   ? QString()
              : arr == 1 ? QStringLiteral("%1.5").arg(rng.bounded(200000))
                         : QString::number(1000 * rng.bounded(200)));
        f << pick(QStringList{QString(), QStringLiteral("Green"), QStringLiteral("yellow"),
                              QStringLiteral("RED")});
        f << pick(QStringList{QString(), QStringLiteral("yes"), QStringLiteral("no"),
                              QStringLiteral("true"), QStringLiteral("0")});
        for (int c = 0; c < 5; ++c)
            f << QString::fromLatin1(dateNear(true));
        f << pick(QStringList{QString(), QStringLiteral("0"), QStringLiteral("1500")});
        f << (rng.bounded(4) == 0 ? QString() : QString::number(rng.bounded(4)));
        f << (rng.bounded(4) == 0 ? QString() : QString::number(rng.bounded(7)));
        f << (rng.bounded(3) == 0 ? QString() : QString::number(rng.bounded(31)));
        accounts += f.join(QLatin1Char(',')).toUtf8() + '\n';
    }
    r.files.append({QStringLiteral("accounts.csv"), accounts});

    QByteArray users = "user_id,account_id\n";
    QByteArrayList userIds;
    const int userCount = accountCount * 2 + int(rng.bounded(6));
    for (int u = 0; u < userCount; ++u) {
        userIds.append("u" + QByteArray::number(u));
        const quint32 where = rng.bounded(12);
        users += userIds.back() + ',' +
                 (where == 0   ? QByteArray()
                  : where == 1 ? QByteArray("AX")
                               : accountIds[qsizetype(rng.bounded(accountCount))].toUtf8()) +
                 '\n';
    }
    r.files.append({QStringLiteral("users.csv"), users});
    for (int e = int(rng.bounded(3)); e > 0; --e)
        userIds.append("e" + QByteArray::number(e));

    const qint64 edges[] = {AsOf,
                            AsOf - 1,
                            AsOf - 7 * Day,
                            AsOf - 7 * Day - 1,
                            AsOf - 14 * Day,
                            AsOf - 30 * Day,
                            AsOf - 30 * Day - 1,
                            AsOf - 37 * Day,
                            AsOf - 60 * Day,
                            AsOf + Day};
    QByteArray events = "event_id,user_id,time,event\n";
    qint64 id = 0;
    for (const QByteArray& user : userIds) {
        for (int n = int(rng.bounded(7)) + (user == userIds.first() ? 1 : 0); n > 0; --n) {
            const qint64 time = rng.bounded(3) == 0
                                    ? edges[rng.bounded(int(std::size(edges)))]
                                    : AsOf - qint64(rng.bounded(80 * 24)) * Hour + 2 * Day;
            events += QByteArray::number(++id) + ',' + user + ',' + QByteArray::number(time) + ',' +
                      QByteArray(1, char('a' + rng.bounded(5))) + '\n';
        }
    }
    r.files.append({QStringLiteral("events.csv"), events});

    // Definitions. Event names only from those present (the data decides which).
    QStringList present;
    for (const auto& line : events.split('\n').mid(1)) {
        if (!line.isEmpty() && !present.contains(QString::fromLatin1(line.right(1))))
            present.append(QString::fromLatin1(line.right(1)));
    }
    std::sort(present.begin(), present.end());
    ref::Definitions& d = r.definitions;
    for (const QString& e : present) {
        if (rng.bounded(3) == 0)
            d.steps.append(e);
    }
    // Metric -> the values its bounds are drawn from.
    struct Pool
    {
        QString metric;
        QList<double> values;
    };
    const QList<double> counts = {0, 1, 2, 3, 4};
    const QList<double> shares = {0, 0.25, 0.5, 0.75, 1};
    const QList<double> days = {0, 1, 7, 30, 90, 180, 365};
    QList<Pool> numeric = {
        {QStringLiteral("users"), counts},
        {QStringLiteral("active_users"), counts},
        {QStringLiteral("wau"), counts},
        {QStringLiteral("mau"), counts},
        {QStringLiteral("wau_share"), shares},
        {QStringLiteral("mau_share"), shares},
        {QStringLiteral("onboarding_rate"), shares},
        {QStringLiteral("days_since_last_activity"), days},
        {QStringLiteral("arr"), {0, 1000, 50000, 100000, 150000}},
        {QStringLiteral("open_new_arr"), {0, 1000, 1500}},
        {QStringLiteral("wins_past_year"), counts},
        {QStringLiteral("products_adopted"), {0, 2, 3, 5, 6}},
        {QStringLiteral("sentiment"), {0, 1, 2}},
        {QStringLiteral("has_success_plan"), {0, 1}},
        {QStringLiteral("days_since:last_ebr"), days},
        {QStringLiteral("days_since:last_success_plan_update"), days},
        {QStringLiteral("days_since:last_exec_sponsor_activity"), days},
        {QStringLiteral("days_since:last_champion_activity"), days},
        {QStringLiteral("days_since:last_exec_meeting"), days},
        {QStringLiteral("days_to_renewal"), {-30, 0, 30, 90, 180}},
        {QStringLiteral("property:seats"), {0, 10, 20, 30}},
    };
    const QString kpiEvent = pick(present);
    numeric.append({QStringLiteral("kpi:") + kpiEvent, counts});
    numeric.append({QStringLiteral("kpi_per_user:") + pick(present), shares});
    const QStringList texts = {QStringLiteral("name"), QStringLiteral("csm"),
                               QStringLiteral("renewal_quarter"), QStringLiteral("account_id"),
                               QStringLiteral("metrics_group")};
    auto randomBounds = [&](const QList<double>& values) {
        ref::Bounds b;
        b.set = true;
        b.higher = rng.bounded(2) == 0;
        const double x = pick(values), y = pick(values);
        b.green = b.higher ? std::max(x, y) : std::min(x, y);
        b.yellow = b.higher ? std::min(x, y) : std::max(x, y);
        b.missingRed = rng.bounded(2) == 0;
        return b;
    };
    const int columnCount = 3 + int(rng.bounded(5));
    for (int c = 0; c < columnCount; ++c) {
        ref::Column column;
        column.name = QStringLiteral("C%1").arg(c);
        const quint32 kind = rng.bounded(10);
        if (kind == 0) {
            column.metric = pick(texts);
        } else if (kind == 1) {
            column.metric = QStringLiteral("health_score");
            column.bounds = randomBounds({0, 2, 4, 5, 7, 8, 10});
            column.key = rng.bounded(2) == 0;
        } else {
            const Pool& p = numeric[qsizetype(rng.bounded(int(numeric.size())))];
            column.metric = p.metric;
            if (rng.bounded(5) != 0) {
                column.bounds = randomBounds(p.values);
                column.key = rng.bounded(3) != 0;
            }
        }
        d.columns.append(column);
    }
    d.silentDays = pick(QList<int>{30, 30, 7, 45});
    for (int g = 0, groups = 1 + int(rng.bounded(3)); g < groups; ++g) {
        ref::Group group;
        group.name = QStringLiteral("G%1").arg(g);
        group.weight = pick(QList<double>{1, 2, 3, 0.5, 40});
        for (int i = 0, inputs = 1 + int(rng.bounded(3)); i < inputs; ++i) {
            const Pool& p = numeric[qsizetype(rng.bounded(int(numeric.size())))];
            ref::Input input;
            input.metric = p.metric;
            input.zero = pick(p.values);
            do {
                input.ten = pick(p.values);
            } while (input.ten == input.zero);
            group.inputs.append(input);
        }
        d.groups.append(group);
    }
    if (rng.bounded(2) == 0) {
        d.redBelow = pick(QList<double>{2, 4, 5});
        d.yellowBelow = pick(QList<double>{5, 7, 8});
    }
    d.healthAbove = pick(QList<double>{8, 5, 7.5, 0});
    const QList<double> percents = {0, 20, 25, 40, 50, 60, 100};
    for (const QString& key : managerColumnKeys()) {
        if (rng.bounded(3) == 0)
            continue;
        const QList<double> values =
            key == QLatin1String("mean_health")             ? QList<double>{2, 5, 7}
            : key == QLatin1String("mean_products_adopted") ? QList<double>{1, 2, 3}
            : key == QLatin1String("accounts")              ? counts
            : key.endsWith(QLatin1String("arr"))            ? QList<double>{0, 50000, 200000}
                                                            : percents;
        d.managerBounds.append({key, randomBounds(values)});
    }
    if (!people.isEmpty() && rng.bounded(3) == 0)
        r.node = pick(people);
    r.sinceMs = AsOf - pick(QList<qint64>{1, 7, 30, 45}) * Day - qint64(rng.bounded(2)) * Hour;
    r.segment = rng.bounded(3) == 0;
    return r;
}

} // namespace

// 7. Against the reference on random small books.
void TestScorecard::matchesReference()
{
    // What the random books hit, so that the comparison is known to cover every case.
    QHash<QString, int> seen;
    for (quint32 seed = 1; seed <= 24; ++seed) {
        const QString where = QStringLiteral("seed %1: ").arg(seed);
        const RandomBook book = randomBook(seed);
        Data d;
        QString error;
        QVERIFY2(d.load(book.files, &error), qPrintable(where + error));
        const ref::Book b = ref::parse(book.files);
        QCOMPARE(d.index->accountCount(), int(b.accounts.size()));
        Workspace w;
        QVERIFY2(workspaceOf(ref::workspaceJson(book.definitions), &w, &error),
                 qPrintable(where + error));
        const ref::Definitions& defs = book.definitions;
        AnalysisContext context = contextOf(d, &w);
        QSet<QString> inSegment;
        if (book.segment) {
            QRandomGenerator rng(seed * 7919);
            context.segment.resize(size_t(d.index->userCount()));
            for (int u = 0; u < d.index->userCount(); ++u) {
                context.segment[size_t(u)] = char(rng.bounded(2));
                if (context.segment[size_t(u)])
                    inSegment.insert(d.index->userId(u));
            }
        }
        // The reference's accounts: those with a user in the segment, and the team.
        auto listed = [&](const ref::Book::Account& a) {
            if (!book.segment)
                return true;
            for (const auto& u : b.users) {
                if (u.account == a.id && inSegment.contains(u.id))
                    return true;
            }
            return false;
        };
        QHash<QString, QString> managerOf;
        for (const auto& p : b.team)
            managerOf.insert(p.name, p.manager);
        auto parentOf = [&](const QString& person) {
            const QString m = managerOf.value(person);
            return managerOf.contains(m) && m != person ? m : QString();
        };
        auto isUnder = [&](QString person, const QString& top) {
            for (int steps = 0; !person.isEmpty() && steps <= int(b.team.size());
                 ++steps, person = parentOf(person)) {
                if (person == top)
                    return true;
            }
            return false;
        };

        // The account scorecard, with the node filter.
        ScorecardResult r;
        QVERIFY2(runScorecard(context, {book.node}, &r, &error), qPrintable(where + error));
        QHash<QString, ref::Row> rowOf;
        QStringList expectedIds;
        for (const auto& a : b.accounts) {
            rowOf.insert(a.id, ref::evaluate(defs, b, a, AsOf));
            const QString csm = a.field.value(QStringLiteral("csm"));
            if (listed(a) &&
                (book.node.isEmpty() || (managerOf.contains(csm) && isUnder(csm, book.node))))
                expectedIds.append(a.id);
        }
        QStringList actualIds;
        for (const auto& row : r.rows)
            actualIds.append(d.index->accountId(row.account));
        QCOMPARE(actualIds, expectedIds);
        for (const auto& row : r.rows) {
            const QString id = d.index->accountId(row.account);
            const ref::Book::Account& a = *std::find_if(b.accounts.begin(), b.accounts.end(),
                                                        [&](const auto& x) { return x.id == id; });
            const ref::Row& e = rowOf[id];
            const QString at = where + id + QStringLiteral(" ");
            QVERIFY2(sameNumber(row.health.score, e.health),
                     qPrintable(at + QStringLiteral("health %1, expected %2")
                                         .arg(show(row.health.score), show(e.health))));
            for (qsizetype c = 0; c < defs.columns.size(); ++c) {
                const ref::Column& column = defs.columns[c];
                const ScorecardCell& cell = row.cells[size_t(c)];
                const QString col = at + column.metric + QStringLiteral(": ");
                QVERIFY2(sameNumber(cell.value, e.values[size_t(c)]),
                         qPrintable(col + show(cell.value) + QStringLiteral(", expected ") +
                                    show(e.values[size_t(c)])));
                QVERIFY2(cell.rag == e.rags[size_t(c)],
                         qPrintable(col + ragName(cell.rag) + QStringLiteral(", expected ") +
                                    ragName(e.rags[size_t(c)])));
                const QString text = ref::text(a, column.metric, e.values[size_t(c)]);
                if (!text.isEmpty() || std::isnan(e.values[size_t(c)]))
                    QVERIFY2(cell.text == text,
                             qPrintable(col + cell.text + QStringLiteral(", expected ") + text));
            }
            ++seen[QStringLiteral("status ") + ragName(e.status)];
            ++seen[e.silent ? QStringLiteral("silent") : QStringLiteral("not silent")];
            ++seen[std::isnan(e.health) ? QStringLiteral("no health") : QStringLiteral("health")];
            for (qsizetype c = 0; c < defs.columns.size(); ++c) {
                ++seen[QStringLiteral("cell ") + ragName(e.rags[size_t(c)])];
                if (defs.columns[c].key)
                    ++seen[QStringLiteral("key cell ") + ragName(e.rags[size_t(c)])];
                if (defs.columns[c].metric.startsWith(QLatin1String("days_since:")) &&
                    std::isnan(e.values[size_t(c)]) && e.rags[size_t(c)] == Rag::NoData &&
                    defs.columns[c].bounds.missingRed)
                    ++seen[QStringLiteral("later date")];
            }
            QVERIFY2(row.status == e.status,
                     qPrintable(at + QStringLiteral("status ") + ragName(row.status) +
                                QStringLiteral(", expected ") + ragName(e.status)));
            QVERIFY2(row.silent == e.silent, qPrintable(at + QStringLiteral("silent")));
            const ref::Health h =
                ref::healthOf(defs, a, AsOf, ref::usageOf(b, id, AsOf, defs.steps));
            QVERIFY2(row.health.biggestDrag == h.biggestDrag,
                     qPrintable(at + QStringLiteral("biggest drag %1, expected %2")
                                         .arg(row.health.biggestDrag)
                                         .arg(h.biggestDrag)));
            QCOMPARE(row.health.inputs.size(), h.contributions.size());
            for (size_t i = 0; i < h.contributions.size(); ++i) {
                QVERIFY2(sameNumber(row.health.inputs[i].contribution, h.contributions[i]),
                         qPrintable(at + QStringLiteral("contribution %1").arg(i)));
                QVERIFY2(sameNumber(row.health.inputs[i].drag, h.drags[i]),
                         qPrintable(at + QStringLiteral("drag %1").arg(i)));
            }
            const ref::Usage weekAgo = ref::usageOf(b, id, AsOf - 7 * Day, defs.steps);
            const ref::Usage monthAgo = ref::usageOf(b, id, AsOf - 30 * Day, defs.steps);
            QVERIFY2(sameNumber(row.healthWeekAgo, ref::health(defs, a, AsOf - 7 * Day, weekAgo)),
                     qPrintable(at + QStringLiteral("health a week ago")));
            QVERIFY2(
                sameNumber(row.healthMonthAgo, ref::health(defs, a, AsOf - 30 * Day, monthAgo)),
                qPrintable(at + QStringLiteral("health a month ago")));
        }

        // The manager scorecard: every row's accounts, values and colours.
        ManagerScorecardResult m;
        QVERIFY2(runManagerScorecard(context, &m, &error), qPrintable(where + error));
        struct Expected
        {
            QString name;
            int parent;
            std::vector<size_t> accounts;
        };
        std::vector<Expected> rows;
        std::vector<size_t> all, unassigned;
        for (size_t i = 0; i < b.accounts.size(); ++i) {
            if (!listed(b.accounts[i]))
                continue;
            all.push_back(i);
            if (!managerOf.contains(b.accounts[i].field.value(QStringLiteral("csm"))))
                unassigned.push_back(i);
        }
        rows.push_back({QStringLiteral("All accounts"), -1, all});
        std::function<void(const QString&, int)> visit = [&](const QString& person, int parent) {
            std::vector<size_t> mine;
            for (const size_t i : all) {
                const QString csm = b.accounts[i].field.value(QStringLiteral("csm"));
                if (managerOf.contains(csm) && isUnder(csm, person))
                    mine.push_back(i);
            }
            const int at = int(rows.size());
            rows.push_back({person, parent, mine});
            for (const auto& p : b.team) { // by name
                if (parentOf(p.name) == person)
                    visit(p.name, at);
            }
        };
        for (const auto& p : b.team) {
            if (parentOf(p.name).isEmpty())
                visit(p.name, 0);
        }
        if (!unassigned.empty())
            rows.push_back({QStringLiteral("Unassigned"), 0, unassigned});
        QCOMPARE(int(m.rows.size()), int(rows.size()));
        seen[QStringLiteral("manager rows")] += int(rows.size());
        if (!unassigned.empty())
            ++seen[QStringLiteral("unassigned row")];
        if (all.size() >= 64)
            ++seen[QStringLiteral("two threads")];
        if (book.segment)
            ++seen[QStringLiteral("segment")];
        if (!book.node.isEmpty())
            ++seen[QStringLiteral("node")];
        for (size_t i = 0; i < rows.size(); ++i) {
            const ManagerRow& row = m.rows[i];
            const QString at = where + rows[i].name + QStringLiteral(": ");
            QCOMPARE(row.name, rows[i].name);
            QCOMPARE(row.parent, rows[i].parent);
            QStringList ids;
            for (const size_t a : rows[i].accounts)
                ids.append(b.accounts[a].id);
            QCOMPARE(accountIds(*d.index, row.accounts), ids.join(QLatin1Char(' ')));
            const std::vector<double> values =
                ref::managerValues(defs, b, rows[i].accounts, rowOf, AsOf);
            const QString bad = valueMismatches(row.values, values);
            QVERIFY2(bad.isEmpty(), qPrintable(at + bad));
            for (qsizetype k = 0; k < managerColumnKeys().size(); ++k) {
                const Rag expected =
                    ref::rate(ref::boundsOf(defs, managerColumnKeys()[k]), values[size_t(k)]);
                QVERIFY2(row.rags[size_t(k)] == expected,
                         qPrintable(at + managerColumnKeys()[k] + QStringLiteral(" ") +
                                    ragName(row.rags[size_t(k)]) + QStringLiteral(", expected ") +
                                    ragName(expected)));
            }
        }

        // What changed since a random earlier time (no node filter).
        ChangesResult changes;
        QVERIFY2(runChanges(context, book.sinceMs, QString(), &changes, &error),
                 qPrintable(where + error));
        QStringList expectedChanges, actualChanges;
        for (const size_t i : all) {
            const ref::Row before = ref::evaluate(defs, b, b.accounts[i], book.sinceMs);
            const ref::Row& after = rowOf[b.accounts[i].id];
            if (before.status == after.status)
                continue;
            QStringList columns;
            for (qsizetype c = 0; c < defs.columns.size(); ++c) {
                if (before.rags[size_t(c)] != after.rags[size_t(c)])
                    columns.append(defs.columns[c].name);
            }
            expectedChanges.append(b.accounts[i].id + QLatin1Char(' ') + ragName(before.status) +
                                   QStringLiteral("->") + ragName(after.status) + QLatin1Char(' ') +
                                   columns.join(QLatin1Char('+')));
        }
        for (const StatusChange& c : changes.changes) {
            QStringList columns;
            for (const QString& text : c.columns)
                columns.append(text.section(QLatin1Char(':'), 0, 0));
            actualChanges.append(d.index->accountId(c.account) + QLatin1Char(' ') +
                                 ragName(c.before) + QStringLiteral("->") + ragName(c.after) +
                                 QLatin1Char(' ') + columns.join(QLatin1Char('+')));
        }
        QCOMPARE(actualChanges, expectedChanges);
        seen[QStringLiteral("changes")] += int(expectedChanges.size());
        if (QTest::currentTestFailed())
            return;
    }
    QStringList missing;
    for (const char* what : {"status Green",   "status Yellow",    "status Red",
                             "status no data", "silent",           "not silent",
                             "health",         "no health",        "cell Green",
                             "cell Yellow",    "cell Red",         "cell no data",
                             "cell ",          "key cell Green",   "key cell Yellow",
                             "key cell Red",   "key cell no data", "later date",
                             "unassigned row", "two threads",      "segment",
                             "node",           "changes"}) {
        if (seen.value(QLatin1String(what)) == 0)
            missing.append(QLatin1String(what));
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("never hit: ") + missing.join(QStringLiteral(", "))));
    if (qEnvironmentVariableIsSet("SCORECARD_COVERAGE")) {
        for (auto it = seen.begin(); it != seen.end(); ++it)
            qInfo("%s: %d", qPrintable(it.key()), it.value());
    }
}
