#pragma once

#include "analysis/ListCell.h"

#include <QJsonObject>
#include <QStringList>
#include <QVariant>

#include <initializer_list>
#include <utility>
#include <vector>

namespace pulsebook {

class EventIndex;

// What a result column holds, so that a view formats, aligns and colours it without knowing
// the analysis. The cells of a column are of one ListCell kind (or missing): numbers for
// Integer to Money, times for Time, texts for the others.
enum class ValueKind : quint8 {
    Text,    // names, IDs, labels
    Integer, // a count
    Decimal, // a number; ResultColumn::decimals says how many decimals it was rounded to
    Percent, // 0-100
    Rate,    // a share from 0 to 1
    Money,   // an amount in the data's currency
    Time,    // an instant, UTC ms
    Date,    // a calendar day as ISO text (yyyy-MM-dd)
    Status,  // a Red / Yellow / Green band as its name (ragName): data, not a colour
    Flag,    // "yes" / "no"
    Done,    // a step done at a time (a Time cell) or not done (missing): "✔ date" / "✖"
};

enum class CellAlignment : quint8 { Left, Right };

struct ResultColumn
{
    QString id;    // stable: the CSV header, the JSON key, a view's saved column
    QString title; // what a person reads; the id until titles are translated
    ValueKind kind = ValueKind::Text;
    int decimals = -1; // Decimal: the decimals the values were rounded to; -1 not rounded
    // What the column means and, for a coloured one, its bounds and what a missing value does
    // ("Green at least 5, Yellow at least 2, else Red; no value: Red"): a view's tooltip.
    QString description;
    // A value column coloured by a Status column: that column's id ("" = none). A view shows the
    // colour in the value's cell; exports keep both columns.
    QString statusColumn;

    // Numbers to the right, the rest to the left.
    CellAlignment alignment() const;
};

using ResultRow = std::vector<ListCell>;

// A result as typed rows and columns, presentation-neutral: the CLI prints it as a text
// table, CSV or JSON, item models show it, exports write it (docs/architecture.md, "Result
// tables"). Built by one function per analysis (UsageTables, ScoreTables).
struct ResultTable
{
    std::vector<ResultColumn> columns;
    std::vector<ResultRow> rows;
    // The analysis' definition (parameters, as-of, segment), for a sidecar or a view's title.
    QJsonObject definition;
    // Lines that go with the table: totals, what the figures mean.
    QStringList notes;

    ResultColumn& addColumn(const QString& id, ValueKind kind, int decimals = -1);
    QStringList columnIds() const;
    // The column's position, -1 when none has this id.
    int columnOf(const QString& id) const;
    // What a view's header says for the columns named (id, title); the id stays what CSV,
    // JSON and the CLI write. An id the table lacks is skipped.
    void setTitles(std::initializer_list<std::pair<const char*, const char*>> titles);
    // Sorts the rows by the ID in `column` (FieldParser::IdKey: whole numbers by value first,
    // then the others as text); rows with equal IDs keep their order. Users are numbered in
    // the order they were first synced, so every user listing is sorted by this.
    void sortById(int column = 0);
};

// Cells as the builders make them.
namespace cell {
// NaN is missing.
ListCell number(double value);
// Rounded to two decimals (scores, means): NaN is missing.
ListCell rounded(double value);
ListCell count(qint64 value);
// A time in UTC ms; < 0 is missing.
ListCell time(qint64 ms);
ListCell text(const QString& value);
// An empty text is missing.
ListCell optionalText(const QString& value);
// A property value of EventIndex: numbers (double, int, qint64) stay numbers (times stored as
// qint64 too), booleans read "true"/"false", anything else is its text; invalid is missing.
ListCell of(const QVariant& value);
// Account a's property (accounts.csv column) as of(); missing when a < 0.
ListCell accountProperty(const EventIndex& index, int a, const QString& property);
// Account a's ID; missing when a < 0.
ListCell accountId(const EventIndex& index, int a);
} // namespace cell

// Who a row is: user_id, email, account_id, account, csm (the user's own account_id property
// and account a's name and CSM).
void addUserColumns(ResultTable* table);
ResultRow userCells(const EventIndex& index, int u, int a);
// Which account a row is: account_id, account, csm.
void addAccountColumns(ResultTable* table);
ResultRow accountCells(const EventIndex& index, int a);

} // namespace pulsebook
