#include "ExportFormat.h"

#include <QMap>
#include <QSet>

#include "CsvReader.h"

namespace pulsebook::ExportFormat {

const std::vector<FileSpec>& files()
{
    // Synonyms are lower case; they include the labels Salesforce, HubSpot and HR systems
    // give these fields in their exports.
    static const std::vector<FileSpec> specs = {
        {Table::Team,
         "team",
         {"team.csv"},
         {{"person", {"employee name", "employee", "full name", "name"}, true},
          {"role", {"job title", "title", "position"}},
          {"manager", {"reports to", "manager name", "supervisor"}}}},
        {Table::Accounts,
         "accounts",
         {"accounts.csv"},
         {{"account_id", {"company_id", "account id", "company id", "record id"}, true},
          {"name", {"account_name", "company_name", "account name", "company name"}},
          {"csm", {"account owner", "company owner", "csm name", "customer success manager"}},
          {"metrics_group", {}},
          {"renewal_date", {"contract end date", "renewal date"}},
          {"arr", {"annual revenue", "annual recurring revenue"}},
          {"sentiment", {}},
          {"has_success_plan", {}},
          {"last_success_plan_update", {}},
          {"last_ebr", {}},
          {"last_exec_sponsor_activity", {}},
          {"last_champion_activity", {}},
          {"last_exec_meeting", {}},
          {"open_new_arr", {}},
          {"wins_past_year", {}},
          {"products_adopted", {"products adopted"}},
          {"renewal_outcome", {}}}},
        {Table::Users,
         "users",
         {"users.csv"},
         {{"user_id", {}, true},
          {"identity", {}},
          {"email", {"email address"}},
          {"account_id", {"company_id", "account", "account id", "company id"}},
          {"joindate", {"join_date", "join date"}},
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

const FileSpec* specNamed(const QString& name)
{
    for (const auto& spec : files()) {
        if (name.compare(QLatin1String(spec.tableName), Qt::CaseInsensitive) == 0)
            return &spec;
    }
    return nullptr;
}

const Column* columnNamed(const FileSpec& spec, const QString& name)
{
    for (const auto& column : spec.columns) {
        if (name.compare(QLatin1String(column.name), Qt::CaseInsensitive) == 0)
            return &column;
    }
    return nullptr;
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

bool matchHeader(const FileSpec& spec, const QStringList& names,
                 const QMap<QString, QString>& mapped, Header* header, int* badField,
                 QString* problem)
{
    header->fieldCount = int(names.size());
    header->names = names;
    header->columnField.assign(spec.columns.size(), -1);
    header->columnMatch.assign(spec.columns.size(), Match::Canonical);
    header->extraFields.clear();
    header->extraNames.clear();
    header->missing.clear();
    header->unmatched.clear();
    header->unread.clear();
    QSet<QString> seen;
    for (int f = 0; f < int(names.size()); ++f) {
        const QString lower = names[f].toLower();
        *badField = f;
        if (names[f].isEmpty()) {
            *problem = QStringLiteral("empty column name");
            return false;
        }
        if (seen.contains(lower)) {
            *problem = QStringLiteral("duplicate column \"%1\"").arg(names[f]);
            return false;
        }
        seen.insert(lower);
    }
    // Mapped columns first: a mapping wins over the synonyms, whose column then becomes a
    // property.
    std::vector<bool> taken(size_t(names.size()), false);
    std::vector<bool> isMapped(spec.columns.size(), false);
    for (size_t c = 0; c < spec.columns.size(); ++c) {
        const auto it = mapped.constFind(QLatin1String(spec.columns[c].name));
        if (it == mapped.constEnd())
            continue;
        isMapped[c] = true;
        if (it.value().trimmed().isEmpty()) {
            // Mapped to no column: a column of the field's name or synonym becomes a property.
            header->unread.append(QLatin1String(spec.columns[c].name));
            continue;
        }
        for (int f = 0; f < int(names.size()); ++f) {
            if (!taken[size_t(f)] &&
                names[f].compare(it.value().trimmed(), Qt::CaseInsensitive) == 0) {
                header->columnField[c] = f;
                header->columnMatch[c] = Match::Mapped;
                taken[size_t(f)] = true;
                break;
            }
        }
        if (header->columnField[c] < 0)
            header->unmatched.append(QLatin1String(spec.columns[c].name));
    }
    for (int f = 0; f < int(names.size()); ++f) {
        if (taken[size_t(f)])
            continue;
        const int match = columnIndex(spec, names[f]);
        if (match >= 0 && !isMapped[size_t(match)]) {
            if (header->columnField[size_t(match)] >= 0) {
                *badField = f;
                *problem = QStringLiteral("duplicate column \"%1\" (same as \"%2\")")
                               .arg(names[f], QLatin1String(spec.columns[size_t(match)].name));
                return false;
            }
            header->columnField[size_t(match)] = f;
            header->columnMatch[size_t(match)] =
                names[f].compare(QLatin1String(spec.columns[size_t(match)].name),
                                 Qt::CaseInsensitive) == 0
                    ? Match::Canonical
                    : Match::Synonym;
        } else {
            header->extraFields.push_back(f);
            header->extraNames.append(names[f]);
        }
    }
    for (size_t c = 0; c < spec.columns.size(); ++c) {
        if (spec.columns[c].required && header->columnField[c] < 0)
            header->missing.append(QLatin1String(spec.columns[c].name));
    }
    return true;
}

QString valueError(const CsvReader& reader, const QStringList& names, int field,
                   const QString& reason)
{
    const auto raw = reader.field(field);
    QString value = QString::fromUtf8(raw.data(), qsizetype(raw.size()));
    if (value.size() > 40)
        value = value.left(40) + QStringLiteral("...");
    const QString column = field < names.size() ? names[field] : QString::number(field + 1);
    return reader.fieldError(
        field, QStringLiteral("column \"%1\": \"%2\": %3").arg(column, value, reason));
}

bool readHeaderNames(CsvReader& reader, QStringList* names, QString* error)
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
    names->clear();
    for (int f = 0; f < reader.fieldCount(); ++f) {
        const auto raw = reader.field(f);
        names->append(QString::fromUtf8(raw.data(), qsizetype(raw.size())).trimmed());
    }
    return true;
}

bool readHeader(CsvReader& reader, const FileSpec& spec, const QMap<QString, QString>& mapped,
                Header* header, QString* error)
{
    QStringList names;
    if (!readHeaderNames(reader, &names, error))
        return false;
    int badField = 0;
    QString problem;
    if (!matchHeader(spec, names, mapped, header, &badField, &problem)) {
        *error = reader.fieldError(badField, problem);
        return false;
    }
    if (!header->unmatched.isEmpty()) {
        const QString field = header->unmatched.first();
        *error = QStringLiteral("%1:%2:1: the mapping columns.%3.%4 names \"%5\", which the "
                                "header does not have")
                     .arg(reader.displayName())
                     .arg(reader.line())
                     .arg(QLatin1String(spec.tableName), field, mapped.value(field));
        return false;
    }
    if (!header->missing.isEmpty()) {
        *error = QStringLiteral("%1:%2:1: missing required column \"%3\"")
                     .arg(reader.displayName())
                     .arg(reader.line())
                     .arg(header->missing.first());
        return false;
    }
    return true;
}

} // namespace pulsebook::ExportFormat
