#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QString>

namespace pulsebook {

// The segments view's list: the workspace's saved segments by name, and the one being edited
// when it is new or changed ("unsaved" beside its name, in words, not by colour or a mark
// alone).
class SegmentListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { NameRole = Qt::UserRole, UnsavedRole };

    struct Row
    {
        QString name;
        bool unsaved = false;
        bool operator==(const Row& other) const
        {
            return name == other.name && unsaved == other.unsaved;
        }
    };

    explicit SegmentListModel(QObject* parent = nullptr);

    // Replaces the rows (a reset only when the names change; else dataChanged).
    void setRows(const QList<Row>& rows);
    const QList<Row>& rows() const { return m_rows; }
    // The row of `name`, -1 when none.
    int rowOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    QList<Row> m_rows;
};

} // namespace pulsebook
