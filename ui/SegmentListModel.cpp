#include "SegmentListModel.h"

namespace pulsebook {

SegmentListModel::SegmentListModel(QObject* parent) : QAbstractListModel(parent) {}

void SegmentListModel::setRows(const QList<Row>& rows)
{
    bool sameNames = rows.size() == m_rows.size();
    for (qsizetype i = 0; sameNames && i < rows.size(); ++i)
        sameNames = rows[i].name == m_rows[i].name;
    if (!sameNames) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (rows[i] == m_rows[i])
            continue;
        m_rows[i] = rows[i];
        emit dataChanged(index(int(i)), index(int(i)));
    }
}

int SegmentListModel::rowOf(const QString& name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].name == name)
            return int(i);
    }
    return -1;
}

int SegmentListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SegmentListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return row.unsaved ? tr("%1 (unsaved)").arg(row.name) : row.name;
    case Qt::ToolTipRole:
        return row.unsaved ? tr("%1: changes not saved yet (Ctrl+S saves)").arg(row.name)
                           : row.name;
    case NameRole:
        return row.name;
    case UnsavedRole:
        return row.unsaved;
    default:
        return {};
    }
}

} // namespace pulsebook
