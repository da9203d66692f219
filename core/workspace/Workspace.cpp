#include "Workspace.h"

#include "SegmentDefinition.h"
#include "ShapeProblems.h"
#include "cache/Cache.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTimeZone>

namespace pulsebook {

namespace {

constexpr int FormatVersion = 1;
const char* const MetaKey = "workspace";

using ShapeProblems::add;

// A list of event names at o[key] into *out (unchanged when absent); adds each bad item.
void readNames(const QJsonObject& o, const char* key, const QString& path, QStringList* out,
               QStringList* problems)
{
    if (!o.contains(QLatin1String(key)))
        return;
    const QJsonValue v = o.value(QLatin1String(key));
    const QString here = path + QLatin1Char('.') + QLatin1String(key);
    if (!v.isArray()) {
        add(problems, here, QStringLiteral("expected a list of event names"));
        return;
    }
    out->clear();
    const QJsonArray items = v.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!items[i].isString() || items[i].toString().isEmpty())
            add(problems, QStringLiteral("%1[%2]").arg(here).arg(i),
                QStringLiteral("expected an event name"));
        else if (out->contains(items[i].toString()))
            add(problems, QStringLiteral("%1[%2]").arg(here).arg(i),
                QStringLiteral("\"%1\" is listed twice").arg(items[i].toString()));
        else
            out->append(items[i].toString());
    }
}

void readProductAreas(const QJsonValue& areas, QList<ProductArea>* out, QStringList* problems)
{
    if (!areas.isArray()) {
        add(problems, QStringLiteral("$.product_areas"), QStringLiteral("expected a list"));
        return;
    }
    const QJsonArray list = areas.toArray();
    QStringList names; // of the areas before, to refuse a name used twice (in any case)
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = QStringLiteral("$.product_areas[%1]").arg(i);
        if (!list[i].isObject()) {
            add(problems, path, QStringLiteral("expected an object"));
            continue;
        }
        const QJsonObject a = list[i].toObject();
        ProductArea area;
        area.name = a.value(QLatin1String("name")).toString();
        if (area.name.isEmpty())
            add(problems, path + QStringLiteral(".name"), QStringLiteral("expected a name"));
        for (const QString& other : std::as_const(names)) {
            if (!area.name.isEmpty() && other.compare(area.name, Qt::CaseInsensitive) == 0) {
                add(problems, path + QStringLiteral(".name"),
                    QStringLiteral("another area is named \"%1\"").arg(other));
                break;
            }
        }
        names.append(area.name);
        const qsizetype before = problems->size();
        readNames(a, "events", path, &area.events, problems);
        readNames(a, "activation_funnel", path, &area.activationFunnel, problems);
        if (problems->size() != before)
            continue;
        if (area.events.isEmpty())
            add(problems, path + QStringLiteral(".events"),
                QStringLiteral("expected at least one event"));
        if (area.activationFunnel.size() == 1 || area.activationFunnel.size() > 20)
            add(problems, path + QStringLiteral(".activation_funnel"),
                QStringLiteral("a funnel needs 2 to 20 steps"));
        out->append(area);
    }
}

void readCampaigns(const QJsonValue& v, Workspace* w, QStringList* problems)
{
    if (!v.isObject()) {
        add(problems, QStringLiteral("$.campaigns"), QStringLiteral("expected an object"));
        return;
    }
    const QJsonObject c = v.toObject();
    w->campaignKeyEvent = c.value(QLatin1String("key_event")).toString();
    if (c.contains(QLatin1String("low_wau_threshold"))) {
        const QJsonValue t = c.value(QLatin1String("low_wau_threshold"));
        if (!t.isDouble() || t.toDouble() < 0 || t.toDouble() != double(t.toInt()))
            add(problems, QStringLiteral("$.campaigns.low_wau_threshold"),
                QStringLiteral("expected a whole number of at least 0"));
        w->lowWauThreshold = t.toInt();
    }
}

QJsonArray toArray(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

Workspace Workspace::defaults()
{
    Workspace w;
    w.kpiEvents = {QStringLiteral("Login"),
                   QStringLiteral("Run Query"),
                   QStringLiteral("View Chart"),
                   QStringLiteral("Save Report"),
                   QStringLiteral("Group By"),
                   QStringLiteral("Contact Support"),
                   QStringLiteral("View Documentation")};
    w.onboardingSteps = {QStringLiteral("Complete Profile"), QStringLiteral("Connect Data Source"),
                         QStringLiteral("Invite Teammate")};
    w.productAreas = {
        {QStringLiteral("Querying"),
         {QStringLiteral("Run Query"), QStringLiteral("Edit Query"), QStringLiteral("Add Filter"),
          QStringLiteral("Group By")},
         {QStringLiteral("Run Query"), QStringLiteral("Group By")}},
        {QStringLiteral("Dashboards"),
         {QStringLiteral("Create Dashboard"), QStringLiteral("View Dashboard"),
          QStringLiteral("Share Dashboard"), QStringLiteral("View Chart")},
         {QStringLiteral("Create Dashboard"), QStringLiteral("Share Dashboard")}},
        {QStringLiteral("Reporting"),
         {QStringLiteral("Save Report"), QStringLiteral("Schedule Report"),
          QStringLiteral("Export CSV")},
         {QStringLiteral("Save Report"), QStringLiteral("Schedule Report")}},
        {QStringLiteral("Collaboration"),
         {QStringLiteral("Invite Teammate"), QStringLiteral("Add Comment"),
          QStringLiteral("Share Dashboard")},
         {}},
    };
    auto segment = [](const char* json) {
        SegmentNode s;
        SegmentDefinition::fromJson(QJsonDocument::fromJson(QByteArray(json)).object(), {}, &s,
                                    static_cast<QString*>(nullptr));
        return s;
    };
    w.segments.insert(QStringLiteral("Logged in, no queries (30 days)"),
                      segment(R"({"and": [{"did": "Login", "within_days": 30},
                                          {"did_not": "Run Query", "within_days": 30}]})"));
    w.segments.insert(QStringLiteral("Not connected to data"),
                      segment(R"({"did_not": "Connect Data Source"})"));
    w.segments.insert(QStringLiteral("Power users (30 days)"),
                      segment(R"({"did": "Run Query", "at_least": 20, "within_days": 30})"));
    w.segments.insert(QStringLiteral("Strategic accounts"),
                      segment(R"({"property": "account.metrics_group", "op": "=",
                                  "value": "Strategic"})"));
    w.campaignKeyEvent = QStringLiteral("View Chart");
    w.lowWauThreshold = 4;
    return w;
}

bool Workspace::fromJson(const QByteArray& json, Workspace* out, QString* error)
{
    Workspace w;
    if (!ShapeProblems::first([&](QStringList* problems) { return parse(json, &w, problems); },
                              error))
        return false;
    *out = w;
    return true;
}

bool Workspace::parse(const QByteArray& json, Workspace* out, QStringList* problems)
{
    *out = Workspace();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Line and column of the offset, for a message a person can act on.
        const QByteArray before = json.left(parseError.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = parseError.offset - (before.lastIndexOf('\n') + 1) + 1;
        return add(problems, QStringLiteral("$"),
                   QStringLiteral("not valid JSON at line %1, column %2: %3")
                       .arg(line)
                       .arg(column)
                       .arg(parseError.errorString()));
    }
    if (!doc.isObject())
        return add(problems, QStringLiteral("$"), QStringLiteral("expected an object"));
    const QJsonObject o = doc.object();
    const qsizetype before = problems->size();
    if (o.contains(QLatin1String("version")) &&
        o.value(QLatin1String("version")).toInt(-1) != FormatVersion)
        add(problems, QStringLiteral("$.version"),
            QStringLiteral("unsupported version (this Pulsebook reads version %1)")
                .arg(FormatVersion));
    // Each key is read into a copy and kept only when it has no problem: *out then holds the
    // well-formed keys, whose names an import still checks against the data.
    auto read = [&](auto member, auto reader) {
        Workspace w = *out;
        const qsizetype earlier = problems->size();
        reader(&w);
        if (problems->size() == earlier)
            out->*member = std::move(w.*member);
    };
    const auto has = [&](const char* key) {
        return o.contains(QLatin1String(key));
    };
    const auto value = [&](const char* key) {
        return o.value(QLatin1String(key));
    };
    if (has("time_zone"))
        read(&Workspace::timeZone, [&](Workspace* w) {
            w->timeZone = value("time_zone").toString();
            if (!QTimeZone(w->timeZone.toUtf8()).isValid())
                add(problems, QStringLiteral("$.time_zone"),
                    QStringLiteral("unknown time zone \"%1\"").arg(w->timeZone));
        });
    read(&Workspace::kpiEvents, [&](Workspace* w) {
        readNames(o, "kpi_events", QStringLiteral("$"), &w->kpiEvents, problems);
    });
    read(&Workspace::onboardingSteps, [&](Workspace* w) {
        readNames(o, "onboarding_steps", QStringLiteral("$"), &w->onboardingSteps, problems);
    });
    if (has("product_areas"))
        read(&Workspace::productAreas, [&](Workspace* w) {
            readProductAreas(value("product_areas"), &w->productAreas, problems);
        });
    if (has("segments"))
        read(&Workspace::segments, [&](Workspace* w) {
            SegmentDefinition::namedFromJson(value("segments"), &w->segments, problems);
        });
    if (has("campaigns")) {
        Workspace w = *out;
        const qsizetype earlier = problems->size();
        readCampaigns(value("campaigns"), &w, problems);
        if (problems->size() == earlier) {
            out->campaignKeyEvent = w.campaignKeyEvent;
            out->lowWauThreshold = w.lowWauThreshold;
        }
    }
    if (has("scorecard"))
        ScorecardDefinition::fromJson(value("scorecard"), QStringLiteral("$.scorecard"),
                                      &out->scorecard, problems);
    if (has("health_score"))
        HealthScoreDefinition::fromJson(value("health_score"), QStringLiteral("$.health_score"),
                                        &out->healthScore, problems);
    if (has("manager_scorecard"))
        ManagerScorecardDefinition::fromJson(value("manager_scorecard"),
                                             QStringLiteral("$.manager_scorecard"),
                                             &out->managerScorecard, problems);
    if (has("today"))
        TodayDefinition::fromJson(value("today"), QStringLiteral("$.today"), &out->today, problems);
    // The export mapping (files, columns, date_order): its own keys, read by the sync too.
    QString why;
    ExportMapping mapping;
    if (ExportMapping::fromJson(o, &mapping, &why))
        out->exportMapping = mapping;
    else
        problems->append(why);
    return problems->size() == before;
}

QByteArray Workspace::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("version"), FormatVersion);
    o.insert(QStringLiteral("time_zone"), timeZone);
    o.insert(QStringLiteral("kpi_events"), toArray(kpiEvents));
    o.insert(QStringLiteral("onboarding_steps"), toArray(onboardingSteps));
    QJsonArray areas;
    for (const auto& a : productAreas) {
        QJsonObject area;
        area.insert(QStringLiteral("name"), a.name);
        area.insert(QStringLiteral("events"), toArray(a.events));
        if (!a.activationFunnel.isEmpty())
            area.insert(QStringLiteral("activation_funnel"), toArray(a.activationFunnel));
        areas.append(area);
    }
    o.insert(QStringLiteral("product_areas"), areas);
    o.insert(QStringLiteral("segments"), SegmentDefinition::namedToJson(segments));
    QJsonObject campaigns;
    campaigns.insert(QStringLiteral("key_event"), campaignKeyEvent);
    campaigns.insert(QStringLiteral("low_wau_threshold"), lowWauThreshold);
    o.insert(QStringLiteral("campaigns"), campaigns);
    o.insert(QStringLiteral("scorecard"), scorecard.toJson());
    o.insert(QStringLiteral("health_score"), healthScore.toJson());
    o.insert(QStringLiteral("manager_scorecard"), managerScorecard.toJson());
    o.insert(QStringLiteral("today"), today.toJson());
    exportMapping.toJson(&o);
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

bool Workspace::load(Cache& cache, Workspace* out, QString* error, QStringList* keys)
{
    const QString json = cache.meta(MetaKey);
    if (keys)
        *keys = QJsonDocument::fromJson(json.toUtf8()).object().keys();
    if (json.isEmpty()) {
        *out = defaults();
        return true;
    }
    if (!fromJson(json.toUtf8(), out, error)) {
        if (error)
            *error =
                QStringLiteral("%1: the stored workspace is damaged: %2").arg(cache.path(), *error);
        return false;
    }
    // The keys the document does not define are the defaults'.
    QJsonObject document = QJsonDocument::fromJson(defaults().toJson()).object();
    const QJsonObject stored = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = stored.begin(); it != stored.end(); ++it)
        document.insert(it.key(), it.value());
    return fromJson(QJsonDocument(document).toJson(), out, error);
}

bool Workspace::save(Cache& cache, QString* error, const QStringList& keys) const
{
    QByteArray json = toJson();
    if (!keys.isEmpty()) {
        const QJsonObject all = QJsonDocument::fromJson(json).object();
        QJsonObject some;
        some.insert(QStringLiteral("version"), FormatVersion);
        for (const QString& key : keys) {
            if (all.contains(key))
                some.insert(key, all.value(key));
        }
        json = QJsonDocument(some).toJson(QJsonDocument::Indented);
    }
    Database& db = cache.db();
    if (!db.exec("BEGIN IMMEDIATE", error))
        return false;
    if (!cache.setMeta(MetaKey, QString::fromUtf8(json), error) || !db.exec("COMMIT", error)) {
        db.exec("ROLLBACK", nullptr);
        return false;
    }
    return true;
}

bool Workspace::saveExportMapping(Cache& cache, const ExportMapping& mapping, QString* error)
{
    // Only the mapping's keys are added to what the workspace stores: the keys it does not
    // define keep following the (fitted) defaults.
    Workspace workspace;
    QStringList keys;
    if (!load(cache, &workspace, error, &keys))
        return false;
    workspace.exportMapping = mapping;
    keys << QStringLiteral("columns") << QStringLiteral("files") << QStringLiteral("date_order");
    return workspace.save(cache, error, keys);
}

} // namespace pulsebook
