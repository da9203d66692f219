#pragma once

#include "present/ResultTable.h"
#include "workspace/ScoreDefinitions.h"

#include <QAbstractTableModel>
#include <QTimeZone>

#include <memory>
#include <vector>

namespace pulsebook {

// A core ResultTable as an item model: what every table of the window shows (the CLI prints
// the same table). Immutable rows arrive whole through setTable() (a reset). Display text is
// formatted per ValueKind in the locale (thousands separators, the same decimals down a
// column), numbers to the right. A value column coloured by a Status column
// (ResultColumn::statusColumn) carries that colour in RagRole, its accessible text and tooltip
// say it in words ("Yellow: 12 (Green at most 7, Yellow at most 14, else Red; no value: Red)").
class ResultTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        SortRole = Qt::UserRole, // double / qint64 / QString; invalid when missing
        RagRole,                 // int(Rag) of a Status cell or of a coloured value's status
        CellRole,                // the ListCell as a QVariant (toVariant())
        MissingRole,             // bool: no value
    };

    explicit ResultTableModel(QObject* parent = nullptr);

    void setTable(std::shared_ptr<const ResultTable> table);
    void setTable(ResultTable table);
    const ResultTable& table() const { return *m_table; }
    std::shared_ptr<const ResultTable> sharedTable() const { return m_table; }
    // Times are shown in this zone (the workspace's); UTC by default.
    void setTimeZone(const QTimeZone& zone);

    // The column with this id, -1 when none.
    int columnOf(const QString& id) const { return m_table->columnOf(id); }
    const ResultColumn& column(int c) const { return m_table->columns[size_t(c)]; }
    // The status column that colours column c, -1 when none.
    int statusColumnOf(int c) const { return m_statusOf[size_t(c)]; }
    // True for a Status column that colours a value column (views may fold it into the value).
    bool isPairedStatus(int c) const { return m_paired[size_t(c)]; }
    Rag rag(int row, int c) const;
    // The cell as shown.
    QString text(int row, int c) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void prepareColumns();
    QString format(const ListCell& cell, int c) const;
    QString explain(int row, int c) const;

    std::shared_ptr<const ResultTable> m_table;
    std::vector<int> m_statusOf;
    std::vector<char> m_paired;
    std::vector<int> m_decimals; // per column: decimals shown (-1: as the number needs)
    QTimeZone m_zone = QTimeZone::utc();
};

} // namespace pulsebook
