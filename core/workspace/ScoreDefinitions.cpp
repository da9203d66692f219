#include "ScoreDefinitions.h"

#include "ShapeProblems.h"

#include <QJsonArray>

#include <algorithm>

namespace pulsebook {

namespace {

bool fail(QString* error, const QString& path, const QString& problem)
{
    if (error)
        *error = QStringLiteral("%1: %2").arg(path, problem);
    return false;
}

using ShapeProblems::add;

struct MetricName
{
    const char* name;
    AccountMetric::Kind kind;
};
// Metrics without an argument.
const MetricName PlainMetrics[] = {
    {"name", AccountMetric::Name},
    {"account_id", AccountMetric::AccountId},
    {"csm", AccountMetric::Csm},
    {"metrics_group", AccountMetric::MetricsGroup},
    {"renewal_quarter", AccountMetric::RenewalQuarter},
    {"renewal_outcome", AccountMetric::RenewalOutcome},
    {"arr", AccountMetric::Arr},
    {"open_new_arr", AccountMetric::OpenNewArr},
    {"wins_past_year", AccountMetric::WinsPastYear},
    {"products_adopted", AccountMetric::ProductsAdopted},
    {"sentiment", AccountMetric::Sentiment},
    {"has_success_plan", AccountMetric::HasSuccessPlan},
    {"days_to_renewal", AccountMetric::DaysToRenewal},
    {"users", AccountMetric::Users},
    {"active_users", AccountMetric::ActiveUsers},
    {"wau", AccountMetric::Wau},
    {"mau", AccountMetric::Mau},
    {"wau_share", AccountMetric::WauShare},
    {"mau_share", AccountMetric::MauShare},
    {"onboarding_rate", AccountMetric::OnboardingRate},
    {"days_since_last_activity", AccountMetric::DaysSinceLastActivity},
    {"health_score", AccountMetric::HealthScore},
};
const MetricName PrefixMetrics[] = {
    {"days_since:", AccountMetric::DaysSince},
    {"property:", AccountMetric::Property},
    {"kpi:", AccountMetric::Kpi},
    {"kpi_per_user:", AccountMetric::KpiPerUser},
};

bool readNumber(const QJsonObject& o, const char* key, const QString& path, double* out,
                QString* error)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isDouble())
        return fail(error, path + QLatin1Char('.') + QLatin1String(key),
                    QStringLiteral("expected a number"));
    *out = v.toDouble();
    return true;
}

RagBounds ragBounds(bool higher, double green, double yellow, bool missingIsRed = false)
{
    RagBounds b;
    b.set = true;
    b.higherIsBetter = higher;
    b.green = green;
    b.yellow = yellow;
    b.missingIsRed = missingIsRed;
    return b;
}

AccountMetric metric(const char* text)
{
    AccountMetric m;
    AccountMetric::parse(QString::fromUtf8(text), &m, nullptr);
    return m;
}

} // namespace

QString ragName(Rag rag)
{
    switch (rag) {
    case Rag::Green:
        return QStringLiteral("Green");
    case Rag::Yellow:
        return QStringLiteral("Yellow");
    case Rag::Red:
        return QStringLiteral("Red");
    case Rag::NoData:
        return QStringLiteral("no data");
    case Rag::None:
        break;
    }
    return {};
}

QString RagBounds::describe() const
{
    if (!set)
        return {};
    const QString than = higherIsBetter ? QStringLiteral("at least") : QStringLiteral("at most");
    return QStringLiteral("Green %1 %2, Yellow %1 %3, else Red; no value: %4")
        .arg(than, QString::number(green), QString::number(yellow),
             missingIsRed ? QStringLiteral("Red") : QStringLiteral("no data"));
}

bool AccountMetric::parse(const QString& text, AccountMetric* out, QString* error)
{
    AccountMetric m;
    m.spelling = text;
    for (const auto& p : PlainMetrics) {
        if (text == QLatin1String(p.name)) {
            m.kind = p.kind;
            *out = m;
            return true;
        }
    }
    for (const auto& p : PrefixMetrics) {
        if (text.startsWith(QLatin1String(p.name))) {
            m.kind = p.kind;
            m.argument = text.mid(qsizetype(qstrlen(p.name))).trimmed();
            if (m.argument.isEmpty()) {
                if (error)
                    *error = QStringLiteral("\"%1\" needs a name after the colon").arg(text);
                return false;
            }
            if (m.kind == DaysSince && m.argument.startsWith(QLatin1String("account.")))
                m.argument = m.argument.mid(8);
            *out = m;
            return true;
        }
    }
    if (error)
        *error =
            QStringLiteral("unknown metric \"%1\" (see the user guide for the list)").arg(text);
    return false;
}

Rag RagBounds::rate(double value) const
{
    if (!set)
        return Rag::None;
    if (std::isnan(value))
        return missingIsRed ? Rag::Red : Rag::NoData;
    const auto meets = [this, value](double bound) {
        return higherIsBetter ? value >= bound : value <= bound;
    };
    return meets(green) ? Rag::Green : meets(yellow) ? Rag::Yellow : Rag::Red;
}

bool RagBounds::fromJson(const QJsonObject& o, const QString& path, RagBounds* out, QString* error)
{
    RagBounds b;
    const bool hasGreen = o.contains(QLatin1String("green"));
    const bool hasYellow = o.contains(QLatin1String("yellow"));
    if (hasGreen != hasYellow)
        return fail(error, path,
                    QStringLiteral("give both \"green\" and \"yellow\" bounds, or neither"));
    if (o.contains(QLatin1String("direction"))) {
        const QString d = o.value(QLatin1String("direction")).toString();
        if (d != QLatin1String("higher") && d != QLatin1String("lower"))
            return fail(error, path + QStringLiteral(".direction"),
                        QStringLiteral("expected \"higher\" or \"lower\" (which is better)"));
        b.higherIsBetter = d == QLatin1String("higher");
    }
    if (o.contains(QLatin1String("missing"))) {
        const QString m = o.value(QLatin1String("missing")).toString();
        if (m != QLatin1String("red") && m != QLatin1String("no_data"))
            return fail(error, path + QStringLiteral(".missing"),
                        QStringLiteral("expected \"red\" or \"no_data\""));
        b.missingIsRed = m == QLatin1String("red");
    }
    if (hasGreen) {
        b.set = true;
        if (!readNumber(o, "green", path, &b.green, error) ||
            !readNumber(o, "yellow", path, &b.yellow, error))
            return false;
        if (b.higherIsBetter ? b.yellow > b.green : b.yellow < b.green)
            return fail(error, path + QStringLiteral(".yellow"),
                        b.higherIsBetter
                            ? QStringLiteral("must not be above green when higher is better")
                            : QStringLiteral("must not be below green when lower is better"));
    }
    *out = b;
    return true;
}

void RagBounds::toJson(QJsonObject* o) const
{
    if (!set)
        return;
    o->insert(QStringLiteral("direction"),
              higherIsBetter ? QStringLiteral("higher") : QStringLiteral("lower"));
    o->insert(QStringLiteral("green"), green);
    o->insert(QStringLiteral("yellow"), yellow);
    o->insert(QStringLiteral("missing"),
              missingIsRed ? QStringLiteral("red") : QStringLiteral("no_data"));
}

ScorecardDefinition ScorecardDefinition::defaults()
{
    // The columns of a real CSM scorecard (issue 4).
    auto column = [](const char* name, const char* m, RagBounds b = {}, bool key = false) {
        ScorecardColumn c;
        c.name = QString::fromUtf8(name);
        c.metric = metric(m);
        c.bounds = b;
        c.key = key;
        return c;
    };
    ScorecardDefinition d;
    d.columns = {
        column("Company", "name"),
        column("Metrics group", "metrics_group"),
        column("Renewal quarter", "renewal_quarter"),
        column("CSM sentiment", "sentiment", ragBounds(true, 2, 1), true),
        column("Success plan", "has_success_plan", ragBounds(true, 1, 1, true)),
        column("ARR", "arr"),
        column("Days since success-plan update", "days_since:last_success_plan_update",
               ragBounds(false, 90, 180, true)),
        column("Days since last EBR", "days_since:last_ebr", ragBounds(false, 180, 365, true)),
        column("Days since exec-sponsor activity", "days_since:last_exec_sponsor_activity",
               ragBounds(false, 90, 180, true)),
        column("Days since champion activity", "days_since:last_champion_activity",
               ragBounds(false, 45, 120, true), true),
        column("Days since exec meeting", "days_since:last_exec_meeting",
               ragBounds(false, 180, 365)),
        column("Open new ARR", "open_new_arr", ragBounds(true, 1, 0)),
        column("Wins past year", "wins_past_year", ragBounds(true, 2, 1)),
        column("Adoption health score", "health_score", ragBounds(true, 7, 4), true),
        column("Products adopted", "products_adopted", ragBounds(true, 3, 2)),
    };
    return d;
}

namespace {

// One column of the scorecard: false with *error, its first problem.
bool columnFromJson(const QJsonValue& v, const QString& here, const ScorecardDefinition& d,
                    ScorecardColumn* out, QString* error)
{
    if (!v.isObject())
        return fail(error, here, QStringLiteral("expected an object"));
    const QJsonObject c = v.toObject();
    ScorecardColumn column;
    QString why;
    if (!AccountMetric::parse(c.value(QLatin1String("metric")).toString(), &column.metric, &why))
        return fail(error, here + QStringLiteral(".metric"), why);
    column.name = c.value(QLatin1String("name")).toString(column.metric.spelling);
    if (!RagBounds::fromJson(c, here, &column.bounds, error))
        return false;
    if (c.contains(QLatin1String("key")) && !c.value(QLatin1String("key")).isBool())
        return fail(error, here + QStringLiteral(".key"), QStringLiteral("expected true or false"));
    column.key = c.value(QLatin1String("key")).toBool(false);
    if (column.metric.isText() && column.bounds.set)
        return fail(
            error, here + QStringLiteral(".green"),
            QStringLiteral("\"%1\" is text: it cannot have bounds").arg(column.metric.spelling));
    if (column.key && !column.bounds.set)
        return fail(error, here + QStringLiteral(".key"),
                    QStringLiteral("a key column needs green and yellow bounds"));
    for (const auto& other : d.columns) {
        if (other.name == column.name)
            return fail(error, here + QStringLiteral(".name"),
                        QStringLiteral("\"%1\" is listed twice").arg(column.name));
    }
    *out = column;
    return true;
}

} // namespace

bool ScorecardDefinition::fromJson(const QJsonValue& v, const QString& path,
                                   ScorecardDefinition* out, QString* error)
{
    return ShapeProblems::first(
        [&](QStringList* problems) { return fromJson(v, path, out, problems); }, error);
}

bool ScorecardDefinition::fromJson(const QJsonValue& v, const QString& path,
                                   ScorecardDefinition* out, QStringList* problems)
{
    if (!v.isObject())
        return add(problems, path, QStringLiteral("expected an object"));
    const qsizetype before = problems->size();
    const QJsonObject o = v.toObject();
    ScorecardDefinition d;
    if (o.contains(QLatin1String("silent_days"))) {
        const QJsonValue s = o.value(QLatin1String("silent_days"));
        if (!s.isDouble() || s.toDouble() < 1 || s.toDouble() != double(s.toInt()))
            add(problems, path + QStringLiteral(".silent_days"),
                QStringLiteral("expected a whole number of days, at least 1"));
        d.silentDays = s.toInt();
    }
    const QJsonValue columns = o.value(QLatin1String("columns"));
    if (!columns.isArray() || columns.toArray().isEmpty())
        return add(problems, path + QStringLiteral(".columns"),
                   QStringLiteral("expected a list of at least one column"));
    const QJsonArray list = columns.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        ScorecardColumn column;
        QString why;
        if (columnFromJson(list[i], QStringLiteral("%1.columns[%2]").arg(path).arg(i), d, &column,
                           &why))
            d.columns.append(column);
        else
            problems->append(why);
    }
    if (problems->size() != before)
        return false;
    *out = d;
    return true;
}

QJsonObject ScorecardDefinition::toJson() const
{
    QJsonArray list;
    for (const auto& c : columns) {
        QJsonObject o;
        o.insert(QStringLiteral("name"), c.name);
        o.insert(QStringLiteral("metric"), c.metric.spelling);
        c.bounds.toJson(&o);
        if (c.key)
            o.insert(QStringLiteral("key"), true);
        list.append(o);
    }
    QJsonObject o;
    o.insert(QStringLiteral("silent_days"), silentDays);
    o.insert(QStringLiteral("columns"), list);
    return o;
}

HealthScoreDefinition HealthScoreDefinition::defaults()
{
    auto input = [](const char* m, double zero, double ten) {
        HealthInput i;
        i.metric = metric(m);
        i.zero = zero;
        i.ten = ten;
        return i;
    };
    HealthScoreDefinition d;
    d.groups = {
        {QStringLiteral("Usage"),
         40,
         {input("wau_share", 0, 0.5), input("kpi_per_user:Run Query", 0, 8),
          input("days_since_last_activity", 30, 1)}},
        {QStringLiteral("Adoption"),
         30,
         {input("onboarding_rate", 0, 0.5), input("products_adopted", 0, 5)}},
        {QStringLiteral("Relationship"),
         30,
         {input("sentiment", 0, 2), input("days_since:last_champion_activity", 120, 14),
          input("days_since:last_exec_sponsor_activity", 270, 30)}},
    };
    return d;
}

namespace {

// One input of a health group: false with *error, its first problem.
bool inputFromJson(const QJsonObject& io, const QString& at, HealthInput* out, QString* error)
{
    HealthInput input;
    QString why;
    if (!AccountMetric::parse(io.value(QLatin1String("metric")).toString(), &input.metric, &why))
        return fail(error, at + QStringLiteral(".metric"), why);
    if (input.metric.isText() || input.metric.kind == AccountMetric::HealthScore)
        return fail(
            error, at + QStringLiteral(".metric"),
            QStringLiteral("\"%1\" cannot be a health-score input").arg(input.metric.spelling));
    if (!readNumber(io, "zero", at, &input.zero, error) ||
        !readNumber(io, "ten", at, &input.ten, error))
        return false;
    if (input.zero == input.ten)
        return fail(error, at + QStringLiteral(".ten"),
                    QStringLiteral("must differ from \"zero\""));
    *out = input;
    return true;
}

// A health group: adds its problems (its name, its weight, each input's first).
void groupFromJson(const QJsonObject& go, const QString& here, HealthGroup* group,
                   QStringList* problems)
{
    QString why;
    group->name = go.value(QLatin1String("name")).toString();
    if (group->name.isEmpty())
        add(problems, here + QStringLiteral(".name"), QStringLiteral("expected a name"));
    if (!readNumber(go, "weight", here, &group->weight, &why))
        problems->append(why);
    else if (!(group->weight > 0))
        add(problems, here + QStringLiteral(".weight"), QStringLiteral("must be above 0"));
    const QJsonArray inputs = go.value(QLatin1String("inputs")).toArray();
    if (inputs.isEmpty())
        add(problems, here + QStringLiteral(".inputs"),
            QStringLiteral("expected a list of at least one input"));
    for (qsizetype i = 0; i < inputs.size(); ++i) {
        HealthInput input;
        if (inputFromJson(inputs[i].toObject(), QStringLiteral("%1.inputs[%2]").arg(here).arg(i),
                          &input, &why))
            group->inputs.append(input);
        else
            problems->append(why);
    }
}

} // namespace

bool HealthScoreDefinition::fromJson(const QJsonValue& v, const QString& path,
                                     HealthScoreDefinition* out, QString* error)
{
    return ShapeProblems::first(
        [&](QStringList* problems) { return fromJson(v, path, out, problems); }, error);
}

bool HealthScoreDefinition::fromJson(const QJsonValue& v, const QString& path,
                                     HealthScoreDefinition* out, QStringList* problems)
{
    if (!v.isObject())
        return add(problems, path, QStringLiteral("expected an object"));
    const qsizetype before = problems->size();
    const QJsonObject o = v.toObject();
    HealthScoreDefinition d;
    if (o.contains(QLatin1String("bands"))) {
        const QJsonObject b = o.value(QLatin1String("bands")).toObject();
        const QString here = path + QStringLiteral(".bands");
        QString why;
        if (!readNumber(b, "red_below", here, &d.redBelow, &why) ||
            !readNumber(b, "yellow_below", here, &d.yellowBelow, &why))
            problems->append(why);
        else if (d.redBelow < 0 || d.yellowBelow > 10 || d.redBelow > d.yellowBelow)
            add(problems, here, QStringLiteral("expected 0 <= red_below <= yellow_below <= 10"));
    }
    const QJsonValue groups = o.value(QLatin1String("groups"));
    if (!groups.isArray() || groups.toArray().isEmpty())
        return add(problems, path + QStringLiteral(".groups"),
                   QStringLiteral("expected a list of at least one group"));
    const QJsonArray list = groups.toArray();
    for (qsizetype g = 0; g < list.size(); ++g) {
        HealthGroup group;
        groupFromJson(list[g].toObject(), QStringLiteral("%1.groups[%2]").arg(path).arg(g), &group,
                      problems);
        d.groups.append(group);
    }
    if (problems->size() != before)
        return false;
    *out = d;
    return true;
}

QJsonObject HealthScoreDefinition::toJson() const
{
    QJsonArray list;
    for (const auto& g : groups) {
        QJsonArray inputs;
        for (const auto& i : g.inputs) {
            QJsonObject io;
            io.insert(QStringLiteral("metric"), i.metric.spelling);
            io.insert(QStringLiteral("zero"), i.zero);
            io.insert(QStringLiteral("ten"), i.ten);
            inputs.append(io);
        }
        QJsonObject go;
        go.insert(QStringLiteral("name"), g.name);
        go.insert(QStringLiteral("weight"), g.weight);
        go.insert(QStringLiteral("inputs"), inputs);
        list.append(go);
    }
    QJsonObject bands;
    bands.insert(QStringLiteral("red_below"), redBelow);
    bands.insert(QStringLiteral("yellow_below"), yellowBelow);
    QJsonObject o;
    o.insert(QStringLiteral("bands"), bands);
    o.insert(QStringLiteral("groups"), list);
    return o;
}

const QStringList& managerColumnKeys()
{
    static const QStringList keys = {
        QStringLiteral("accounts"),
        QStringLiteral("success_plan_pct"),
        QStringLiteral("success_plan_updated_90d_pct"),
        QStringLiteral("ebr_180d_pct"),
        QStringLiteral("exec_sponsor_90d_pct"),
        QStringLiteral("champion_90d_pct"),
        QStringLiteral("exec_meeting_180d_pct"),
        QStringLiteral("open_new_arr_pct"),
        QStringLiteral("win_past_year_pct"),
        QStringLiteral("healthy_pct"),
        QStringLiteral("mean_health"),
        QStringLiteral("mean_products_adopted"),
        QStringLiteral("total_arr"),
        QStringLiteral("red_arr"),
    };
    return keys;
}

RagBounds ManagerScorecardDefinition::boundsOf(const QString& key) const
{
    for (const auto& [k, b] : bounds) {
        if (k == key)
            return b;
    }
    return {};
}

ManagerScorecardDefinition ManagerScorecardDefinition::defaults()
{
    ManagerScorecardDefinition d;
    d.bounds = {
        {QStringLiteral("success_plan_pct"), ragBounds(true, 80, 60)},
        {QStringLiteral("success_plan_updated_90d_pct"), ragBounds(true, 50, 30)},
        {QStringLiteral("ebr_180d_pct"), ragBounds(true, 50, 30)},
        {QStringLiteral("exec_sponsor_90d_pct"), ragBounds(true, 60, 40)},
        {QStringLiteral("champion_90d_pct"), ragBounds(true, 80, 60)},
        {QStringLiteral("exec_meeting_180d_pct"), ragBounds(true, 50, 30)},
        {QStringLiteral("open_new_arr_pct"), ragBounds(true, 40, 25)},
        {QStringLiteral("win_past_year_pct"), ragBounds(true, 50, 30)},
        {QStringLiteral("healthy_pct"), ragBounds(true, 25, 10)},
        {QStringLiteral("mean_health"), ragBounds(true, 7, 5)},
        {QStringLiteral("mean_products_adopted"), ragBounds(true, 3, 2)},
    };
    return d;
}

bool ManagerScorecardDefinition::fromJson(const QJsonValue& v, const QString& path,
                                          ManagerScorecardDefinition* out, QString* error)
{
    return ShapeProblems::first(
        [&](QStringList* problems) { return fromJson(v, path, out, problems); }, error);
}

bool ManagerScorecardDefinition::fromJson(const QJsonValue& v, const QString& path,
                                          ManagerScorecardDefinition* out, QStringList* problems)
{
    if (!v.isObject())
        return add(problems, path, QStringLiteral("expected an object"));
    const qsizetype before = problems->size();
    const QJsonObject o = v.toObject();
    // Starts from the defaults: a column listed replaces its default bounds ({} removes them).
    ManagerScorecardDefinition d = defaults();
    QString why;
    if (o.contains(QLatin1String("health_above")) &&
        !readNumber(o, "health_above", path, &d.healthAbove, &why))
        problems->append(why);
    const QJsonObject columns = o.value(QLatin1String("columns")).toObject();
    for (auto it = columns.begin(); it != columns.end(); ++it) {
        const QString here = QStringLiteral("%1.columns.%2").arg(path, it.key());
        RagBounds b;
        if (!managerColumnKeys().contains(it.key())) {
            add(problems, here,
                QStringLiteral("unknown column (expected one of %1)")
                    .arg(managerColumnKeys().join(QStringLiteral(", "))));
        } else if (!it.value().isObject()) {
            add(problems, here, QStringLiteral("expected an object of bounds"));
        } else if (!RagBounds::fromJson(it.value().toObject(), here, &b, &why)) {
            problems->append(why);
        } else {
            d.bounds.removeIf([&](const auto& entry) { return entry.first == it.key(); });
            if (b.set)
                d.bounds.append({it.key(), b});
        }
    }
    if (problems->size() != before)
        return false;
    *out = d;
    return true;
}

QJsonObject ManagerScorecardDefinition::toJson() const
{
    // Every column: {} for one without bounds, so that a removed default stays removed.
    QJsonObject columns;
    for (const QString& key : managerColumnKeys())
        columns.insert(key, QJsonObject());
    for (const auto& [key, b] : bounds) {
        QJsonObject o;
        b.toJson(&o);
        columns.insert(key, o);
    }
    QJsonObject o;
    o.insert(QStringLiteral("health_above"), healthAbove);
    o.insert(QStringLiteral("columns"), columns);
    return o;
}

} // namespace pulsebook
