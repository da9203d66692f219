#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <vector>

namespace pulsebook {

class CsvReader;

// The data contract (README.md, "What a sync reads"): which files an export folder holds and their
// columns.
namespace ExportFormat {

enum class Table { Team, Accounts, Users, Sessions, Events, CampaignTouches, UserMigrations };

struct Column
{
    const char* name; // canonical name
    std::vector<const char*> synonyms;
    bool required = false;
};

struct FileSpec
{
    Table table;
    const char* tableName;          // as in the cache and the summary
    std::vector<const char*> files; // accepted file names, lower case
    std::vector<Column> columns;
};

// Every table, in the order a sync reads them (migrations before events: they remap users).
const std::vector<FileSpec>& files();
const FileSpec& spec(Table table);

// How a header's column came to fill a contract field.
enum class Match { Canonical, Synonym, Mapped };

// A header row matched against a spec: for each canonical column its field index (or -1),
// and the field indices and names of the extra columns (which become properties).
struct Header
{
    std::vector<int> columnField; // by the spec's column order
    std::vector<Match> columnMatch;
    std::vector<int> extraFields;
    QStringList extraNames; // as written in the header, trimmed
    QStringList names;      // every column, as written in the header, trimmed
    QStringList missing;    // required fields no column fills, by canonical name
    QStringList unmatched;  // mapped fields whose column the header lacks
    QStringList unread;     // optional fields the mapping leaves without a column
    int fieldCount = 0;

    int field(int column) const { return columnField[size_t(column)]; }
};

// The table called `name` (any case), or null.
const FileSpec* specNamed(const QString& name);
// The field of `spec` called `name` (any case, no synonyms), or null.
const Column* columnNamed(const FileSpec& spec, const QString& name);

// The spec's column that `name` (any case, a synonym too) stands for, or -1 for an extra column.
int columnIndex(const FileSpec& spec, const QString& name);
// The spec's required columns that `names` lacks, by canonical name.
QStringList missingColumns(const FileSpec& spec, const QStringList& names);

// Matches header `names` (trimmed) against `spec`, the `mapped` columns (canonical field ->
// column name, any case; "" = no column fills the field, listed as unread) first, then the
// names and synonyms. False with the field index and the problem for an empty or duplicate
// column name; missing and unmatched fields are listed in the header, not refused.
bool matchHeader(const FileSpec& spec, const QStringList& names,
                 const QMap<QString, QString>& mapped, Header* header, int* badField,
                 QString* problem);
// "file:line:column: column \"Contract End Date\": \"9/1/2026\": reason" for a value of field
// `field` of the current record that cannot be read: the column as the file names it (from
// `names`, the header) and what it held, cut at 40 characters.
QString valueError(const CsvReader& reader, const QStringList& names, int field,
                   const QString& reason);

// Reads the first record of `reader` as trimmed column names.
bool readHeaderNames(CsvReader& reader, QStringList* names, QString* error);

// Reads the header of `reader` (whose first record must be the header). False with a
// "file:line:column: reason" error for a missing required column, a duplicate column or a
// mapped column the header lacks.
bool readHeader(CsvReader& reader, const FileSpec& spec, const QMap<QString, QString>& mapped,
                Header* header, QString* error);

} // namespace ExportFormat
} // namespace pulsebook
