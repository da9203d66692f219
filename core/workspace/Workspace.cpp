#include "Workspace.h"

#include "SegmentDefinition.h"
#include "cache/Cache.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTimeZone>

namespace pulsebook {

namespace {

constexpr int FormatVersion = 1;
const char* const MetaKey = "workspace";

bool fail(QString* error, const QString& path, const QString& problem)
{
    if (error)
        *error = QStringLiteral("%1: %2").arg(path, problem);
    return false;
}

bool readNames(const QJsonObject& o, const char* key, const QString& path, QStringList* out,
               QString* error)
{
    if (!o.contains(QLatin1String(key)))
        return true;
    const QJsonValue v = o.value(QLatin1String(key));
    const QString here = path + QLatin1Char('.') + QLatin1String(key);
    if (!v.isArray())
        return fail(error, here, QStringLiteral("expected a list of event names"));
    out->clear();
    const QJsonArray items = v.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!items[i].isString() || items[i].toString().isEmpty())
            return fail(error, QStringLiteral("%1[%2]").arg(here).arg(i),
                        QStringLiteral("expected an event name"));
        if (out->contains(items[i].toString()))
            return fail(error, QStringLiteral("%1[%2]").arg(here).arg(i),
                        QStringLiteral("\"%1\" is listed twice").arg(items[i].toString()));
        out->append(items[i].toString());
    }
    return true;
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
        return QJsonDocument::fromJson(QByteArray(json)).object();
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
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Line and column of the offset, for a message a person can act on.
        const QByteArray before = json.left(parseError.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = parseError.offset - (before.lastIndexOf('\n') + 1) + 1;
        return fail(error, QStringLiteral("$"),
                    QStringLiteral("not valid JSON at line %1, column %2: %3")
                        .arg(line)
                        .arg(column)
                        .arg(parseError.errorString()));
    }
    if (!doc.isObject())
        return fail(error, QStringLiteral("$"), QStringLiteral("expected an object"));
    const QJsonObject o = doc.object();
    Workspace w;
    if (o.contains(QLatin1String("version")) &&
        o.value(QLatin1String("version")).toInt(-1) != FormatVersion)
        return fail(error, QStringLiteral("$.version"),
                    QStringLiteral("unsupported version (this Pulsebook reads version %1)")
                        .arg(FormatVersion));
    if (o.contains(QLatin1String("time_zone"))) {
        w.timeZone = o.value(QLatin1String("time_zone")).toString();
        if (!QTimeZone(w.timeZone.toUtf8()).isValid())
            return fail(error, QStringLiteral("$.time_zone"),
                        QStringLiteral("unknown time zone \"%1\"").arg(w.timeZone));
    }
    if (!readNames(o, "kpi_events", QStringLiteral("$"), &w.kpiEvents, error) ||
        !readNames(o, "onboarding_steps", QStringLiteral("$"), &w.onboardingSteps, error))
        return false;
    if (o.contains(QLatin1String("product_areas"))) {
        const QJsonValue areas = o.value(QLatin1String("product_areas"));
        if (!areas.isArray())
            return fail(error, QStringLiteral("$.product_areas"),
                        QStringLiteral("expected a list"));
        const QJsonArray list = areas.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString path = QStringLiteral("$.product_areas[%1]").arg(i);
            if (!list[i].isObject())
                return fail(error, path, QStringLiteral("expected an object"));
            const QJsonObject a = list[i].toObject();
            ProductArea area;
            area.name = a.value(QLatin1String("name")).toString();
            if (area.name.isEmpty())
                return fail(error, path + QStringLiteral(".name"),
                            QStringLiteral("expected a name"));
            if (!readNames(a, "events", path, &area.events, error) ||
                !readNames(a, "activation_funnel", path, &area.activationFunnel, error))
                return false;
            if (area.events.isEmpty())
                return fail(error, path + QStringLiteral(".events"),
                            QStringLiteral("expected at least one event"));
            if (area.activationFunnel.size() == 1 || area.activationFunnel.size() > 20)
                return fail(error, path + QStringLiteral(".activation_funnel"),
                            QStringLiteral("a funnel needs 2 to 20 steps"));
            w.productAreas.append(area);
        }
    }
    if (o.contains(QLatin1String("segments"))) {
        const QJsonValue segments = o.value(QLatin1String("segments"));
        if (!segments.isObject())
            return fail(error, QStringLiteral("$.segments"),
                        QStringLiteral("expected an object of named segments"));
        w.segments = segments.toObject();
        for (auto it = w.segments.begin(); it != w.segments.end(); ++it) {
            SegmentNode s;
            if (!SegmentDefinition::fromJson(
                    it.value(), QStringLiteral("$.segments.%1").arg(it.key()), &s, error))
                return false;
        }
    }
    for (const char* key : {"campaigns"}) {
        if (o.contains(QLatin1String(key)) && !o.value(QLatin1String(key)).isObject())
            return fail(error, QStringLiteral("$.%1").arg(QLatin1String(key)),
                        QStringLiteral("expected an object"));
    }
    if (o.contains(QLatin1String("campaigns"))) {
        const QJsonObject c = o.value(QLatin1String("campaigns")).toObject();
        w.campaignKeyEvent = c.value(QLatin1String("key_event")).toString();
        if (c.contains(QLatin1String("low_wau_threshold"))) {
            const QJsonValue t = c.value(QLatin1String("low_wau_threshold"));
            if (!t.isDouble() || t.toDouble() < 0 || t.toDouble() != double(t.toInt()))
                return fail(error, QStringLiteral("$.campaigns.low_wau_threshold"),
                            QStringLiteral("expected a whole number of at least 0"));
            w.lowWauThreshold = t.toInt();
        }
    }
    if (o.contains(QLatin1String("scorecard")) &&
        !ScorecardDefinition::fromJson(o.value(QLatin1String("scorecard")),
                                       QStringLiteral("$.scorecard"), &w.scorecard, error))
        return false;
    if (o.contains(QLatin1String("health_score")) &&
        !HealthScoreDefinition::fromJson(o.value(QLatin1String("health_score")),
                                         QStringLiteral("$.health_score"), &w.healthScore, error))
        return false;
    if (o.contains(QLatin1String("manager_scorecard")) &&
        !ManagerScorecardDefinition::fromJson(o.value(QLatin1String("manager_scorecard")),
                                              QStringLiteral("$.manager_scorecard"),
                                              &w.managerScorecard, error))
        return false;
    // The export mapping (files, columns, date_order): its own keys, read by the sync too.
    if (!ExportMapping::fromJson(o, &w.exportMapping, error))
        return false;
    *out = w;
    return true;
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
    o.insert(QStringLiteral("segments"), segments);
    QJsonObject campaigns;
    campaigns.insert(QStringLiteral("key_event"), campaignKeyEvent);
    campaigns.insert(QStringLiteral("low_wau_threshold"), lowWauThreshold);
    o.insert(QStringLiteral("campaigns"), campaigns);
    o.insert(QStringLiteral("scorecard"), scorecard.toJson());
    o.insert(QStringLiteral("health_score"), healthScore.toJson());
    o.insert(QStringLiteral("manager_scorecard"), managerScorecard.toJson());
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
