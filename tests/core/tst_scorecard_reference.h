#pragma once

// A plain reference for matchesReference: the scorecard, the health score and the manager
// scorecard written again, straightforwardly, from docs/definitions.md.
#include "tst_scorecard.h"

namespace scorecardtest {

namespace ref {

struct Bounds
{
    bool set = false;
    bool higher = true;
    double green = 0;
    double yellow = 0;
    bool missingRed = false;
};

struct Column
{
    QString name;
    QString metric;
    Bounds bounds;
    bool key = false;
};

struct Input
{
    QString metric;
    double zero = 0;
    double ten = 10;
};

struct Group
{
    QString name;
    double weight = 1;
    QList<Input> inputs;
};

struct Definitions
{
    QList<Column> columns;
    int silentDays = 30;
    QList<Group> groups;
    double redBelow = 4;
    double yellowBelow = 7;
    double healthAbove = 8;
    QList<QPair<QString, Bounds>> managerBounds;
    QStringList steps;
};

inline void putBounds(const Bounds& b, QJsonObject* o)
{
    if (!b.set)
        return;
    o->insert(QStringLiteral("direction"),
              b.higher ? QStringLiteral("higher") : QStringLiteral("lower"));
    o->insert(QStringLiteral("green"), b.green);
    o->insert(QStringLiteral("yellow"), b.yellow);
    o->insert(QStringLiteral("missing"),
              b.missingRed ? QStringLiteral("red") : QStringLiteral("no_data"));
}

inline QJsonObject workspaceJson(const Definitions& d)
{
    QJsonArray columns;
    for (const Column& c : d.columns) {
        QJsonObject o;
        o.insert(QStringLiteral("name"), c.name);
        o.insert(QStringLiteral("metric"), c.metric);
        putBounds(c.bounds, &o);
        if (c.key)
            o.insert(QStringLiteral("key"), true);
        columns.append(o);
    }
    QJsonObject scorecard;
    scorecard.insert(QStringLiteral("silent_days"), d.silentDays);
    scorecard.insert(QStringLiteral("columns"), columns);
    QJsonArray groups;
    for (const Group& g : d.groups) {
        QJsonArray inputs;
        for (const Input& i : g.inputs) {
            QJsonObject o;
            o.insert(QStringLiteral("metric"), i.metric);
            o.insert(QStringLiteral("zero"), i.zero);
            o.insert(QStringLiteral("ten"), i.ten);
            inputs.append(o);
        }
        QJsonObject o;
        o.insert(QStringLiteral("name"), g.name);
        o.insert(QStringLiteral("weight"), g.weight);
        o.insert(QStringLiteral("inputs"), inputs);
        groups.append(o);
    }
    QJsonObject bands;
    bands.insert(QStringLiteral("red_below"), d.redBelow);
    bands.insert(QStringLiteral("yellow_below"), d.yellowBelow);
    QJsonObject health;
    health.insert(QStringLiteral("bands"), bands);
    health.insert(QStringLiteral("groups"), groups);
    // Every column listed: {} removes a default's bounds, so the definition is exactly d's.
    QJsonObject managerColumns;
    for (const QString& key : managerColumnKeys())
        managerColumns.insert(key, QJsonObject());
    for (const auto& [key, b] : d.managerBounds) {
        QJsonObject o;
        putBounds(b, &o);
        managerColumns.insert(key, o);
    }
    QJsonObject managers;
    managers.insert(QStringLiteral("health_above"), d.healthAbove);
    managers.insert(QStringLiteral("columns"), managerColumns);
    QJsonObject doc;
    doc.insert(QStringLiteral("onboarding_steps"), QJsonArray::fromStringList(d.steps));
    doc.insert(QStringLiteral("scorecard"), scorecard);
    doc.insert(QStringLiteral("health_score"), health);
    doc.insert(QStringLiteral("manager_scorecard"), managers);
    return doc;
}

// The export as read back from its CSV texts (plain: the generator writes no quotes).
struct Book
{
    struct Account
    {
        QString id;
        QHash<QString, QString> field;
    };
    struct User
    {
        QString id;
        QString account;
        std::vector<std::pair<qint64, QString>> events;
    };
    struct Person
    {
        QString name;
        QString manager;
    };
    std::vector<Account> accounts; // by account_id
    std::vector<User> users;
    std::vector<Person> team; // by name
};

inline QList<QHash<QString, QString>> rows(const QByteArray& csv)
{
    const QStringList lines = QString::fromUtf8(csv).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QList<QHash<QString, QString>> out;
    if (lines.isEmpty())
        return out;
    const QStringList header = lines[0].split(QLatin1Char(','));
    for (qsizetype l = 1; l < lines.size(); ++l) {
        const QStringList fields = lines[l].split(QLatin1Char(','));
        QHash<QString, QString> row;
        for (qsizetype c = 0; c < header.size(); ++c)
            row.insert(header[c], c < fields.size() ? fields[c] : QString());
        out.append(row);
    }
    return out;
}

inline Book parse(const Files& files)
{
    Book b;
    QHash<QString, size_t> userAt;
    for (const auto& [name, text] : files) {
        if (name == QLatin1String("accounts.csv")) {
            for (const auto& row : rows(text))
                b.accounts.push_back({row.value(QStringLiteral("account_id")), row});
        }
    }
    for (const auto& [name, text] : files) {
        if (name == QLatin1String("users.csv")) {
            for (const auto& row : rows(text)) {
                userAt.insert(row.value(QStringLiteral("user_id")), b.users.size());
                b.users.push_back({row.value(QStringLiteral("user_id")),
                                   row.value(QStringLiteral("account_id")),
                                   {}});
            }
        }
    }
    for (const auto& [name, text] : files) {
        if (name == QLatin1String("events.csv")) {
            for (const auto& row : rows(text)) {
                const QString user = row.value(QStringLiteral("user_id"));
                if (!userAt.contains(user)) {
                    userAt.insert(user, b.users.size());
                    b.users.push_back({user, QString(), {}});
                }
                b.users[userAt.value(user)].events.emplace_back(
                    row.value(QStringLiteral("time")).toLongLong(),
                    row.value(QStringLiteral("event")));
            }
        }
        if (name == QLatin1String("team.csv")) {
            for (const auto& row : rows(text))
                b.team.push_back(
                    {row.value(QStringLiteral("person")), row.value(QStringLiteral("manager"))});
        }
    }
    std::sort(b.accounts.begin(), b.accounts.end(),
              [](const auto& x, const auto& y) { return x.id < y.id; });
    std::sort(b.team.begin(), b.team.end(),
              [](const auto& x, const auto& y) { return x.name < y.name; });
    return b;
}

struct Usage
{
    int users = 0;
    int active = 0; // = MAU
    int wau = 0;
    int onboarded = 0;
    std::optional<qint64> last;
    QHash<QString, int> kpi; // last 30 days
};

inline Usage usageOf(const Book& b, const QString& account, qint64 asOf, const QStringList& steps)
{
    Usage u;
    for (const Book::User& user : b.users) {
        if (user.account.isEmpty() || user.account != account)
            continue;
        ++u.users;
        bool month = false, week = false;
        QSet<QString> done;
        for (const auto& [time, event] : user.events) {
            if (time >= asOf)
                continue;
            done.insert(event);
            if (!u.last || time > *u.last)
                u.last = time;
            if (time >= asOf - 30 * Day) {
                month = true;
                ++u.kpi[event];
            }
            if (time >= asOf - 7 * Day)
                week = true;
        }
        u.active += month ? 1 : 0;
        u.wau += week ? 1 : 0;
        bool onboarded = true;
        for (const QString& step : steps)
            onboarded = onboarded && done.contains(step);
        u.onboarded += onboarded ? 1 : 0;
    }
    return u;
}

inline std::optional<qint64> dateOf(const Book::Account& a, const QString& column)
{
    const QString text = a.field.value(column);
    if (text.isEmpty())
        return std::nullopt;
    return text.toLongLong();
}

inline double ratio(int part, int whole)
{
    return whole > 0 ? double(part) / double(whole) : NaN;
}

inline double plainNumber(const Book::Account& a, const QString& column)
{
    const QString text = a.field.value(column);
    return text.isEmpty() ? NaN : text.toDouble();
}

inline double sentiment(const Book::Account& a)
{
    const QString v = a.field.value(QStringLiteral("sentiment")).toLower();
    return v == QLatin1String("green")    ? 2
           : v == QLatin1String("yellow") ? 1
           : v == QLatin1String("red")    ? 0
                                          : NaN;
}

inline double successPlan(const Book::Account& a)
{
    const QString v = a.field.value(QStringLiteral("has_success_plan")).toLower();
    if (v == QLatin1String("yes") || v == QLatin1String("true") || v == QLatin1String("1"))
        return 1;
    if (v == QLatin1String("no") || v == QLatin1String("false") || v == QLatin1String("0"))
        return 0;
    return NaN;
}

inline qint64 floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// A metric's value: a number, NaN when missing or text.
inline double value(const Book::Account& a, const QString& metric, qint64 asOf, const Usage& u,
                    double health)
{
    if (metric == QLatin1String("users"))
        return u.users;
    if (metric == QLatin1String("active_users") || metric == QLatin1String("mau"))
        return u.active;
    if (metric == QLatin1String("wau"))
        return u.wau;
    if (metric == QLatin1String("wau_share"))
        return ratio(u.wau, u.users);
    if (metric == QLatin1String("mau_share"))
        return ratio(u.active, u.users);
    if (metric == QLatin1String("onboarding_rate"))
        return ratio(u.onboarded, u.users);
    if (metric == QLatin1String("days_since_last_activity"))
        return u.last ? double((asOf - *u.last) / Day) : NaN;
    if (metric == QLatin1String("health_score"))
        return health;
    if (metric.startsWith(QLatin1String("kpi:")))
        return u.kpi.value(metric.mid(4));
    if (metric.startsWith(QLatin1String("kpi_per_user:")))
        return ratio(u.kpi.value(metric.mid(13)), u.users);
    if (metric == QLatin1String("sentiment"))
        return sentiment(a);
    if (metric == QLatin1String("has_success_plan"))
        return successPlan(a);
    if (metric.startsWith(QLatin1String("days_since:"))) {
        const auto date = dateOf(a, metric.mid(11));
        return date && *date < asOf ? double((asOf - *date) / Day) : NaN;
    }
    if (metric == QLatin1String("days_to_renewal")) {
        const auto date = dateOf(a, QStringLiteral("renewal_date"));
        return date ? double(floorDiv(*date - asOf, Day)) : NaN;
    }
    if (metric.startsWith(QLatin1String("property:")))
        return plainNumber(a, metric.mid(9));
    if (metric == QLatin1String("arr") || metric == QLatin1String("open_new_arr") ||
        metric == QLatin1String("wins_past_year") || metric == QLatin1String("products_adopted"))
        return plainNumber(a, metric);
    return NaN; // text
}

// The text of a text metric (and of sentiment and has_success_plan).
inline QString text(const Book::Account& a, const QString& metric, double number)
{
    if (metric == QLatin1String("account_id"))
        return a.id;
    if (metric == QLatin1String("name") || metric == QLatin1String("csm") ||
        metric == QLatin1String("metrics_group"))
        return a.field.value(metric);
    if (metric == QLatin1String("renewal_quarter")) {
        const auto date = dateOf(a, QStringLiteral("renewal_date"));
        if (!date)
            return {};
        const QDate d = QDateTime::fromMSecsSinceEpoch(*date, Qt::UTC).date();
        return QStringLiteral("%1 Q%2").arg(d.year()).arg(d.month() <= 3   ? 1
                                                          : d.month() <= 6 ? 2
                                                          : d.month() <= 9 ? 3
                                                                           : 4);
    }
    if (metric == QLatin1String("sentiment"))
        return std::isnan(number) ? QString()
               : number == 2      ? QStringLiteral("Green")
               : number == 1      ? QStringLiteral("Yellow")
                                  : QStringLiteral("Red");
    if (metric == QLatin1String("has_success_plan"))
        return std::isnan(number) ? QString()
               : number == 1      ? QStringLiteral("yes")
                                  : QStringLiteral("no");
    return {};
}

inline Rag rate(const Bounds& b, double v)
{
    if (!b.set)
        return Rag::None;
    if (std::isnan(v))
        return b.missingRed ? Rag::Red : Rag::NoData;
    if (b.higher)
        return v >= b.green ? Rag::Green : v >= b.yellow ? Rag::Yellow : Rag::Red;
    return v <= b.green ? Rag::Green : v <= b.yellow ? Rag::Yellow : Rag::Red;
}

struct Health
{
    double score = NaN;
    std::vector<double> contributions; // per input, 0 when missing
    std::vector<double> drags;         // per input, 0 when missing
    int biggestDrag = -1;
};

// Same order of operations as docs/definitions.md's formula, so equal to the last bit.
inline Health healthOf(const Definitions& d, const Book::Account& a, qint64 asOf, const Usage& u)
{
    Health h;
    double weighted = 0, weights = 0;
    std::vector<double> scores;
    std::vector<int> counts;
    for (const Group& g : d.groups) {
        double sum = 0;
        int count = 0;
        for (const Input& i : g.inputs) {
            const double v = value(a, i.metric, asOf, u, NaN);
            scores.push_back(NaN);
            if (std::isnan(v))
                continue;
            double score = 10.0 * (v - i.zero) / (i.ten - i.zero);
            score = score < 0 ? 0 : score > 10 ? 10 : score;
            scores.back() = score;
            sum += score;
            ++count;
        }
        counts.push_back(count);
        if (count == 0)
            continue;
        weighted += sum / count * g.weight;
        weights += g.weight;
    }
    if (weights > 0)
        h.score = weighted / weights;
    // Drag (10 - score) x weight / inputs with a value in the group; the first of the largest,
    // none when nothing drags.
    double biggest = 0;
    size_t i = 0;
    for (qsizetype g = 0; g < d.groups.size(); ++g) {
        for (qsizetype k = 0; k < d.groups[g].inputs.size(); ++k, ++i) {
            const double w = d.groups[g].weight;
            const int n = counts[size_t(g)];
            h.contributions.push_back(std::isnan(scores[i]) ? 0 : scores[i] * w / (n * weights));
            const double drag = std::isnan(scores[i]) ? 0 : (10 - scores[i]) * w / n;
            h.drags.push_back(drag);
            if (drag > biggest) {
                biggest = drag;
                h.biggestDrag = int(i);
            }
        }
    }
    return h;
}

inline double health(const Definitions& d, const Book::Account& a, qint64 asOf, const Usage& u)
{
    return healthOf(d, a, asOf, u).score;
}

struct Row
{
    std::vector<double> values;
    std::vector<Rag> rags;
    Rag status = Rag::NoData;
    bool silent = false;
    double health = NaN;
};

inline Row evaluate(const Definitions& d, const Book& b, const Book::Account& a, qint64 asOf)
{
    Row r;
    const Usage u = usageOf(b, a.id, asOf, d.steps);
    r.health = health(d, a, asOf, u);
    bool red = false, anyValue = false, allGreen = true;
    for (const Column& c : d.columns) {
        const double v = value(a, c.metric, asOf, u, r.health);
        Rag rag = rate(c.bounds, v);
        // A date at or after as_of was not known then: no data, whatever "missing" says.
        if (c.metric.startsWith(QLatin1String("days_since:"))) {
            const auto date = dateOf(a, c.metric.mid(11));
            if (c.bounds.set && date && *date >= asOf)
                rag = Rag::NoData;
        }
        r.values.push_back(v);
        r.rags.push_back(rag);
        if (!c.key)
            continue;
        red = red || rag == Rag::Red;
        if (rag == Rag::Green || rag == Rag::Yellow) {
            anyValue = true;
            allGreen = allGreen && rag == Rag::Green;
        }
    }
    r.status = red ? Rag::Red : !anyValue ? Rag::NoData : allGreen ? Rag::Green : Rag::Yellow;
    const qint64 since = asOf - qint64(d.silentDays) * Day;
    bool contact = false;
    for (const char* column :
         {"last_exec_sponsor_activity", "last_champion_activity", "last_exec_meeting"}) {
        const auto date = dateOf(a, QLatin1String(column));
        contact = contact || (date && *date >= since && *date < asOf);
    }
    r.silent = !contact && !(u.last && *u.last >= since);
    return r;
}

inline std::vector<double> managerValues(const Definitions& d, const Book& b,
                                         const std::vector<size_t>& accounts,
                                         const QHash<QString, Row>& rowOf, qint64 asOf)
{
    auto within = [&](const Book::Account& a, const char* column, int days) {
        const auto date = dateOf(a, QLatin1String(column));
        return date && *date < asOf && *date >= asOf - days * Day;
    };
    int plan = 0, updated = 0, ebr = 0, sponsor = 0, champion = 0, meeting = 0, open = 0, win = 0;
    int healthy = 0, scored = 0, withProducts = 0;
    double healthSum = 0, products = 0, arr = 0, redArr = 0;
    for (const size_t i : accounts) {
        const Book::Account& a = b.accounts[i];
        const Row row = rowOf.value(a.id);
        plan += successPlan(a) == 1;
        updated += within(a, "last_success_plan_update", 90);
        ebr += within(a, "last_ebr", 180);
        sponsor += within(a, "last_exec_sponsor_activity", 90);
        champion += within(a, "last_champion_activity", 90);
        meeting += within(a, "last_exec_meeting", 180);
        open += plainNumber(a, QStringLiteral("open_new_arr")) > 0;
        win += plainNumber(a, QStringLiteral("wins_past_year")) > 0;
        if (!std::isnan(row.health)) {
            ++scored;
            healthSum += row.health;
            healthy += row.health > d.healthAbove;
        }
        const double p = plainNumber(a, QStringLiteral("products_adopted"));
        if (!std::isnan(p)) {
            ++withProducts;
            products += p;
        }
        const double x = plainNumber(a, QStringLiteral("arr"));
        if (!std::isnan(x)) {
            arr += x;
            if (row.status == Rag::Red)
                redArr += x;
        }
    }
    const int n = int(accounts.size());
    auto pct = [n](int count) {
        return n > 0 ? 100.0 * count / n : NaN;
    };
    return {double(n),
            pct(plan),
            pct(updated),
            pct(ebr),
            pct(sponsor),
            pct(champion),
            pct(meeting),
            pct(open),
            pct(win),
            pct(healthy),
            scored > 0 ? healthSum / scored : NaN,
            withProducts > 0 ? products / withProducts : NaN,
            arr,
            redArr};
}

inline Bounds boundsOf(const Definitions& d, const QString& key)
{
    for (const auto& [k, b] : d.managerBounds) {
        if (k == key)
            return b;
    }
    return {};
}

} // namespace ref

} // namespace scorecardtest
