// runFunnel against an independent SQL reference on random workspaces.
#include "tst_funnel.h"

namespace {

qint64 medianOf(std::vector<qint64> values)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

struct Figures
{
    std::vector<qint64> users, medians;
    std::vector<std::vector<int>> dropped;
};

QString describe(qint64 users, qint64 median, const std::vector<int>& dropped)
{
    QString text = QStringLiteral("%1 users, median %2, dropped").arg(users).arg(median);
    for (int u : dropped)
        text += QLatin1Char(' ') + QString::number(u);
    return text + QLatin1String("; ");
}

QString describe(const std::vector<FunnelStep>& steps)
{
    QString text;
    for (const FunnelStep& s : steps)
        text += describe(s.users, s.medianMsFromPrevious, s.droppedUsers);
    return text;
}

QString describe(const Figures& f)
{
    QString text;
    for (size_t j = 0; j < f.users.size(); ++j)
        text += describe(f.users[j], f.medians[j], f.dropped[j]);
    return text;
}

// The funnel computed from docs/definitions.md in plain SQL over the flat copy: every chain of step
// events a user can form from each entry (a recursive query, no greedy choice), the furthest
// step, the earliest entry reaching it, and on that entry the earliest event of each step.
QString referenceFunnel(Database& db, const FunnelParams& p, qint64 asOf,
                        const std::vector<char>& segment, QString* error)
{
    db.exec("DROP TABLE IF EXISTS temp.ev; DROP TABLE IF EXISTS temp.steps;"
            "DROP TABLE IF EXISTS temp.reach; DROP TABLE IF EXISTS temp.seg;"
            "CREATE TEMP TABLE seg(user INTEGER PRIMARY KEY);"
            "CREATE TEMP TABLE steps(idx INTEGER PRIMARY KEY, event TEXT);"
            "CREATE TEMP TABLE ev(user INTEGER, time INTEGER, event TEXT, seq INTEGER);"
            "CREATE TEMP TABLE reach(user INTEGER, entry INTEGER, t1 INTEGER, step INTEGER,"
            " seq INTEGER, time INTEGER)",
            nullptr);
    Statement seg = db.prepare("INSERT INTO seg SELECT user FROM users WHERE user = ?", error);
    for (size_t u = 0; u < segment.size(); ++u) {
        seg.bind(1, qint64(u));
        if (segment[u] && !seg.run(error))
            return {};
        seg.reset();
    }
    Statement step = db.prepare("INSERT INTO steps VALUES (?, ?)", error);
    for (qsizetype j = 0; j < p.steps.size(); ++j) {
        step.bind(1, qint64(j + 1));
        step.bind(2, p.steps[j]);
        step.run(error);
    }
    // The user's events before as_of numbered in (time, event ID) order: whole-number IDs by
    // value first, then the others as text.
    Statement ev =
        db.prepare("INSERT INTO ev SELECT user, time, event, ROW_NUMBER() OVER (PARTITION BY user "
                   "ORDER BY time, numeric_id IS NULL, numeric_id, event_id) FROM events "
                   "WHERE time < ?1 AND user IN (SELECT user FROM seg)",
                   error);
    ev.bind(1, asOf);
    Statement reach = db.prepare(
        "INSERT INTO reach WITH RECURSIVE chain(user, entry, t1, step, seq, time) AS ("
        " SELECT user, seq, time, 1, seq, time FROM ev"
        "  WHERE event = (SELECT event FROM steps WHERE idx = 1) AND time >= ?1 AND time < ?2"
        " UNION"
        " SELECT c.user, c.entry, c.t1, c.step + 1, e.seq, e.time FROM chain c"
        "  JOIN steps s ON s.idx = c.step + 1"
        "  JOIN ev e ON e.user = c.user AND e.event = s.event AND e.seq > c.seq"
        "   AND e.time <= c.t1 + ?3 AND (?4 = 0 OR e.seq = c.seq + 1))"
        " SELECT * FROM chain",
        error);
    reach.bind(1, p.fromMs);
    reach.bind(2, p.toMs);
    reach.bind(3, p.windowMs);
    reach.bind(4, qint64(p.strict ? 1 : 0));
    if (!ev.run(error) || !reach.run(error))
        return {};

    const size_t k = size_t(p.steps.size());
    std::map<QString, Figures> groups; // "" = all users
    std::map<QString, std::vector<std::vector<qint64>>> deltas;
    Statement furthest =
        db.prepare("SELECT r.user, r.step, MIN(r.entry),"
                   " COALESCE(NULLIF(json_extract(u.properties, '$.plan'), ''), '(none)')"
                   " FROM reach r JOIN users u ON u.user = r.user"
                   " WHERE r.step = (SELECT MAX(step) FROM reach m WHERE m.user = r.user)"
                   " GROUP BY r.user ORDER BY r.user",
                   error);
    Statement path = db.prepare("SELECT step, time, MIN(seq) FROM reach WHERE user = ?1 AND "
                                "entry = ?2 GROUP BY step ORDER BY step",
                                error);
    while (furthest.step()) {
        const int user = int(furthest.int64(0));
        const size_t f = size_t(furthest.int64(1));
        std::vector<qint64> times;
        path.bind(1, qint64(user));
        path.bind(2, furthest.int64(2));
        while (path.step())
            times.push_back(path.int64(1));
        path.reset();
        for (const QString& group : {QString(), furthest.text(3)}) {
            if (!group.isEmpty() && p.breakdown.isEmpty())
                continue;
            Figures& fig = groups[group];
            auto& d = deltas[group];
            fig.users.resize(k);
            fig.dropped.resize(k);
            d.resize(k);
            for (size_t j = 0; j < f; ++j)
                ++fig.users[j];
            for (size_t j = 1; j < f; ++j)
                d[j].push_back(times[j] - times[j - 1]);
            if (f < k)
                fig.dropped[f - 1].push_back(user);
        }
    }
    Figures& all = groups[QString()];
    all.users.resize(k);
    all.dropped.resize(k);
    deltas[QString()].resize(k);
    std::vector<std::pair<QString, Figures*>> order;
    for (auto& [group, fig] : groups) {
        fig.medians.assign(k, -1);
        for (size_t j = 1; j < k; ++j)
            fig.medians[j] = medianOf(deltas[group][j]);
        if (!group.isEmpty())
            order.emplace_back(group, &fig);
    }
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        return a.second->users[0] > b.second->users[0];
    });
    QString text = describe(all);
    for (const auto& [group, fig] : order)
        text += QLatin1String("\n") + group + QLatin1String(": ") + describe(*fig);
    return text;
}

} // namespace

// The engine against referenceFunnel on 30 random workspaces, each in both modes.
void TestFunnel::matchesSqlReference()
{
    qint64 entered = 0, completed = 0, strictDiffers = 0;
    for (quint32 seed = 1; seed <= 30; ++seed) {
        QRandomGenerator g(seed);
        Data data;
        Database flat;
        QString error = loadRandomEvents(&g, &data, &flat);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        const char* const types[] = {"a", "b", "c", "d"};
        FunnelParams p;
        const int k = 2 + g.bounded(3);
        for (int j = 0; j < k; ++j)
            p.steps.append(QLatin1String(types[g.bounded(4)]));
        p.fromMs = T + g.bounded(20) * Day + (g.bounded(2) ? g.bounded(24) * Hour : 0);
        p.toMs = p.fromMs + (1 + g.bounded(20 * 24)) * Hour;
        // On the events' 6-hour grid, so that steps fall exactly on the window's end.
        // Mostly short, so that the window's end often decides.
        p.windowMs = (1 + g.bounded(g.bounded(4) ? 12 : 80)) * 6 * Hour +
                     (g.bounded(4) == 0 ? g.bounded(3) - 1 : 0);
        if (g.bounded(2))
            p.breakdown = QStringLiteral("plan");
        AnalysisContext context = data.context(T + g.bounded(40, 45 * 4) * 6 * Hour);
        if (g.bounded(2)) {
            for (int u = 0; u < data.index->userCount(); ++u)
                context.segment.push_back(g.bounded(10) < 7 ? 1 : 0);
            context.segmentName = QStringLiteral("random");
        }
        std::vector<char> members = context.segment;
        if (members.empty())
            members.assign(size_t(data.index->userCount()), 1);

        QString previous;
        for (bool strict : {false, true}) {
            p.strict = strict;
            FunnelResult r;
            QVERIFY2(runFunnel(context, p, &r, &error), qPrintable(error));
            QString engine = describe(r.steps);
            for (const auto& group : r.breakdown)
                engine +=
                    QLatin1String("\n") + group.value + QLatin1String(": ") + describe(group.steps);
            const QString reference = referenceFunnel(flat, p, context.asOfMs, members, &error);
            QVERIFY2(!reference.isEmpty(), qPrintable(error));
            const QString label = QStringLiteral("seed %1 %2\n").arg(seed).arg(strict);
            QCOMPARE(label + engine, label + reference);
            entered += r.steps.front().users;
            completed += r.steps.back().users;
            strictDiffers += strict && engine != previous ? 1 : 0;
            previous = engine;
        }
    }
    // The random data exercises the interesting paths.
    QVERIFY(entered > 100);
    QVERIFY(completed > 20);
    QVERIFY(strictDiffers > 10);
}
