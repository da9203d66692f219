#include "ExportFormat.h"

#include <QSet>

#include "CsvReader.h"

namespace pulsebook::ExportFormat {

const std::vector<FileSpec>& files()
{
    static const std::vector<FileSpec> specs = {
        {Table::Team, "team", {"team.csv"}, {{"person", {}, true}, {"role", {}}, {"manager", {}}}},
        {Table::Accounts,
         "accounts",
         {"accounts.csv"},
         {{"account_id", {"company_id"}, true},
          {"name", {"account_name", "company_name"}},
          {"csm", {}},
          {"metrics_group", {}},
          {"renewal_date", {}},
          {"arr", {}},
          {"sentiment", {}},
          {"has_success_plan", {}},
          {"last_success_plan_update", {}},
          {"last_ebr", {}},
          {"last_exec_sponsor_activity", {}},
          {"last_champion_activity", {}},
          {"last_exec_meeting", {}},
          {"open_new_arr", {}},
          {"wins_past_year", {}},
          {"products_adopted", {}},
          {"renewal_outcome", {}}}},
        {Table::Users,
         "users",
         {"users.csv"},
         {{"user_id", {}, true},
          {"identity", {}},
          {"email", {}},
          {"account_id", {"company_id", "account"}},
          {"joindate", {"join_date"}},
          {"last_modified", {}}}},
        {Table::UserMigrations,
         "user_migrations",
         {"user_migrations.csv"},
         {{"from_user_id", {}, true}, {"to_user_id", {}, true}, {"time", {}}}},
        {Table::Sessions,
         "sessions",
         {"sessions.csv"},
         {{"session_id", {}, true},
          {"user_id", {}, true},
          {"time", {}, true},
          {"device_type", {}},
          {"browser", {}},
          {"platform", {}},
          {"country", {}},
          {"referrer", {}},
          {"landing_page", {}}}},
        {Table::Events,
         "events",
         {"events.csv", "all_events.csv"},
         {{"event_id", {}, true},
          {"user_id", {}, true},
          {"time", {}, true},
          {"event", {"event_table_name", "event_name"}, true},
          {"session_id", {}}}},
        {Table::CampaignTouches,
         "campaign_touches",
         {"campaign_touches.csv"},
         {{"user_id", {}, true}, {"campaign", {}, true}, {"time", {}, true}, {"stage", {}, true}}},
    };
    return specs;
}

const FileSpec& spec(Table table)
{
    for (const auto& s : files()) {
        if (s.table == table)
            return s;
    }
    Q_UNREACHABLE();
}

int columnIndex(const FileSpec& spec, const QString& name)
{
    const QString lower = name.trimmed().toLower();
    for (size_t c = 0; c < spec.columns.size(); ++c) {
        if (lower == QLatin1String(spec.columns[c].name))
            return int(c);
        for (const char* synonym : spec.columns[c].synonyms) {
            if (lower == QLatin1String(synonym))
                return int(c);
        }
    }
    return -1;
}

QStringList missingColumns(const FileSpec& spec, const QStringList& names)
{
    std::vector<bool> present(spec.columns.size(), false);
    for (const QString& name : names) {
        const int c = columnIndex(spec, name);
        if (c >= 0)
            present[size_t(c)] = true;
    }
    QStringList missing;
    for (size_t c = 0; c < spec.columns.size(); ++c) {
        if (spec.columns[c].required && !present[c])
            missing.append(QLatin1String(spec.columns[c].name));
    }
    return missing;
}

bool readHeader(CsvReader& reader, const FileSpec& spec, Header* header, QString* error)
{
    if (!reader.next()) {
        if (reader.hasError())
            *error = reader.errorString();
        else
            *error = QStringLiteral("%1:1:1: empty file (expected a header row)")
                         .arg(reader.displayName());
        return false;
    }
    if (const QString nul = reader.nulError(); !nul.isEmpty()) {
        *error = nul; // a header is never skipped
        return false;
    }
    header->fieldCount = reader.fieldCount();
    header->columnField.assign(spec.columns.size(), -1);
    header->extraFields.clear();
    header->extraNames.clear();
    QSet<QString> seen;
    for (int f = 0; f < reader.fieldCount(); ++f) {
        const auto raw = reader.field(f);
        const QString name = QString::fromUtf8(raw.data(), qsizetype(raw.size())).trimmed();
        const QString lower = name.toLower();
        if (name.isEmpty()) {
            *error = reader.fieldError(f, QStringLiteral("empty column name"));
            return false;
        }
        if (seen.contains(lower)) {
            *error = reader.fieldError(f, QStringLiteral("duplicate column \"%1\"").arg(name));
            return false;
        }
        seen.insert(lower);
        const int match = columnIndex(spec, name);
        if (match >= 0) {
            if (header->columnField[size_t(match)] >= 0) {
                *error = reader.fieldError(
                    f, QStringLiteral("duplicate column \"%1\" (same as \"%2\")")
                           .arg(name, QLatin1String(spec.columns[size_t(match)].name)));
                return false;
            }
            header->columnField[size_t(match)] = f;
        } else {
            header->extraFields.push_back(f);
            header->extraNames.append(name);
        }
    }
    for (size_t c = 0; c < spec.columns.size(); ++c) {
        if (spec.columns[c].required && header->columnField[c] < 0) {
            *error = QStringLiteral("%1:%2:1: missing required column \"%3\"")
                         .arg(reader.displayName())
                         .arg(reader.line())
                         .arg(QLatin1String(spec.columns[c].name));
            return false;
        }
    }
    return true;
}

} // namespace pulsebook::ExportFormat
