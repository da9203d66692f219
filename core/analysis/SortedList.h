#pragma once

#include "ListCell.h"

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace pulsebook {

class Progress;

// The data behind a list (users, accounts, ...): rows numbered by a stable key
// 0 .. rowCount() - 1 (a user or account number), typed columns, and each row's ID. Immutable
// once built, so any thread may read it.
class ListTable
{
public:
    virtual ~ListTable() = default;
    virtual quint32 rowCount() const = 0;
    virtual int columnCount() const = 0;
    virtual QString columnName(int column) const = 0;
    virtual ListColumnType columnType(int column) const = 0;
    // The cell of row `key`; its kind is the column's type or Missing.
    virtual ListCell cell(quint32 key, int column) const = 0;
    // The row's ID (user ID, account ID), unique within the table.
    virtual QString rowId(quint32 key) const = 0;
    // The text of a Text column's cell, empty when missing: cell(key, column).text, or a
    // faster read of the same.
    virtual QString cellText(quint32 key, int column) const;
    // The column that shows rowId() (it sorts in the ID order below), or -1.
    virtual int idColumn() const { return -1; }

    // -1 when no column has that name.
    int columnIndex(const QString& name) const;
    QStringList columnNames() const;
    // Each row's place in the ID order that breaks ties: IDs that are whole numbers (ASCII
    // digits only) by value first, then the other IDs as text (UTF-16 order); equal values
    // ("7", "007") by text. Computed on first use, thread-safe.
    const std::vector<quint32>& idRanks() const;
    // Each row's rank among the case-folded texts of a Text column (equal texts share one), or
    // MissingRank. Computed once per column, thread-safe (a second caller waits); null when
    // cancelled (nothing is kept then).
    static constexpr quint32 MissingRank = 0xffffffffu;
    const std::vector<quint32>* textRanks(int column, Progress* progress) const;

private:
    mutable std::vector<quint32> m_idRanks;
    mutable std::once_flag m_idRanksOnce;
    mutable std::mutex m_textRanksMutex;
    mutable std::map<int, std::vector<quint32>> m_textRanks; // by column
};

// A sort order: a column of the table, or -1 for the row ID.
struct SortKey
{
    int column = -1;
    bool descending = false;
};

// A window row: its key and the cells of the columns asked for.
struct ListRow
{
    quint32 key = 0;
    std::vector<ListCell> cells;
};

// A list (docs/architecture.md, "Lists"): some rows of a table in one sort order. Its count is
// known before sorting (the row set); once sorted, any window [offset, offset + n) is read in
// O(n). Sorting: numbers by value, times by time, text case-insensitively (Unicode case
// folding, no collator), missing cells last in both directions, ties by the ID order of
// ListTable::idRanks() (ascending in both directions). Immutable; any thread may read it.
class SortedList
{
public:
    // Sorts `rows` (keys of `table`, each at most once) by `key`, off the GUI thread: a few
    // hundred ms for a million rows. Null with *error on a bad column; null with *error untouched
    // when cancelled through `progress`.
    static std::shared_ptr<const SortedList> sort(std::shared_ptr<const ListTable> table,
                                                  std::vector<quint32> rows, SortKey key,
                                                  Progress* progress, QString* error);

    const ListTable& table() const { return *m_table; }
    std::shared_ptr<const ListTable> sharedTable() const { return m_table; }
    SortKey sortKey() const { return m_key; }
    qint64 count() const { return qint64(m_order.size()); }
    // The key of the row at `position` (0 .. count() - 1).
    quint32 keyAt(qint64 position) const { return m_order[size_t(position)]; }
    // Rows [offset, offset + n) clipped to the list, with the cells of `columns` (empty: every
    // column of the table, in order).
    std::vector<ListRow> window(qint64 offset, qint64 n,
                                const std::vector<int>& columns = {}) const;
    // The position of the row with `key`, or -1 when it is not in the list.
    qint64 rowOf(quint32 key) const;

private:
    SortedList() = default;
    std::shared_ptr<const ListTable> m_table;
    SortKey m_key;
    std::vector<quint32> m_order; // row keys in list order
};

} // namespace pulsebook
