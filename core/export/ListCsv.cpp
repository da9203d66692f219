#include "ListCsv.h"

#include "CsvWriter.h"
#include "Progress.h"
#include "analysis/SortedList.h"

#include <QDateTime>
#include <QFile>

#include <cmath>

namespace pulsebook {

namespace {
// Rows read per window: a view's screenful many times over, a few MB of cells at most.
constexpr qint64 WindowRows = 4096;
} // namespace

Status writeListCsv(const SortedList& list, const QString& path, Progress* progress)
{
    if (!progress)
        progress = silentProgress();
    CsvWriter csv;
    QString error;
    if (!csv.open(path, &error))
        return Status::failed(error);
    const ListTable& table = list.table();
    for (int c = 0; c < table.columnCount(); ++c)
        csv.text(table.columnName(c));
    csv.endRow();
    progress->start(QStringLiteral("Exporting"), list.count());
    for (qint64 offset = 0; offset < list.count(); offset += WindowRows) {
        if (!progress->update(offset)) {
            progress->end();
            // The writer drops its temporary file: an existing file at `path` stays as it was.
            return Status::cancelled();
        }
        for (const ListRow& row : list.window(offset, WindowRows)) {
            for (const ListCell& cell : row.cells) {
                switch (cell.kind) {
                case ListCell::Kind::Missing:
                    csv.empty();
                    break;
                case ListCell::Kind::Number:
                    if (std::abs(cell.number) < 9e15 && cell.number == std::floor(cell.number))
                        csv.number(qint64(cell.number));
                    else
                        csv.number(cell.number);
                    break;
                case ListCell::Kind::Time:
                    csv.text(QDateTime::fromMSecsSinceEpoch(cell.timeMs, Qt::UTC)
                                 .toString(Qt::ISODateWithMs));
                    break;
                case ListCell::Kind::Text:
                    csv.text(cell.text);
                    break;
                }
            }
            csv.endRow();
        }
    }
    progress->end();
    return csv.commit(&error) ? Status::done() : Status::failed(error);
}

} // namespace pulsebook
