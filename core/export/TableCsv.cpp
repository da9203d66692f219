#include "TableCsv.h"

#include "CsvWriter.h"
#include "Progress.h"
#include "present/ResultTable.h"
#include "sync/FieldParser.h"

namespace pulsebook {

namespace {

void writeCell(CsvWriter& csv, const ListCell& cell)
{
    switch (cell.kind) {
    case ListCell::Kind::Missing:
        csv.empty();
        break;
    case ListCell::Kind::Number:
        csv.number(cell.number);
        break;
    case ListCell::Kind::Time:
        csv.text(FieldParser::formatTimestamp(cell.timeMs));
        break;
    case ListCell::Kind::Text:
        csv.text(cell.text);
        break;
    }
}

std::vector<int> allOf(size_t n)
{
    std::vector<int> all(n);
    for (size_t i = 0; i < n; ++i)
        all[i] = int(i);
    return all;
}

} // namespace

Status writeTableCsv(const ResultTable& table, const QString& path, Progress* progress,
                     const std::vector<int>& rows, const std::vector<int>& columns)
{
    if (!progress)
        progress = silentProgress();
    const std::vector<int> rowOrder = rows.empty() ? allOf(table.rows.size()) : rows;
    const std::vector<int> shown = columns.empty() ? allOf(table.columns.size()) : columns;
    CsvWriter csv;
    QString error;
    if (!csv.open(path, &error))
        return Status::failed(error);
    for (const int c : shown)
        csv.text(table.columns[size_t(c)].id);
    csv.endRow();
    progress->start(QStringLiteral("Exporting"), qint64(rowOrder.size()));
    for (size_t i = 0; i < rowOrder.size(); ++i) {
        if (i % 4096 == 0 && !progress->update(qint64(i))) {
            progress->end();
            return Status::cancelled(); // the writer drops its temporary file
        }
        const ResultRow& row = table.rows[size_t(rowOrder[i])];
        for (const int c : shown) {
            if (size_t(c) < row.size())
                writeCell(csv, row[size_t(c)]);
            else
                csv.empty();
        }
        csv.endRow();
    }
    progress->end();
    return csv.commit(&error) ? Status::done() : Status::failed(error);
}

} // namespace pulsebook
