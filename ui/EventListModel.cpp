#include "EventListModel.h"

#include <QDateTime>
#include <QLocale>

namespace pulsebook {

EventListModel::EventListModel(QObject* parent) : QAbstractTableModel(parent) {}

void EventListModel::setEvents(const std::vector<EventSummary>& events)
{
    beginResetModel();
    m_rows = events;
    m_inData = qsizetype(events.size());
    addMissingRows(m_checked);
    endResetModel();
}

void EventListModel::setSuggested(const QStringList& names)
{
    m_suggested = QSet<QString>(names.begin(), names.end());
    if (!m_rows.empty())
        emit dataChanged(index(0, Note), index(rowCount() - 1, Note));
}

void EventListModel::setChecked(const QStringList& names)
{
    beginResetModel();
    m_rows.resize(size_t(m_inData)); // names the data lacks come and go with the definition
    m_checked.clear();
    for (const QString& name : names) {
        if (!m_checked.contains(name))
            m_checked.append(name);
    }
    addMissingRows(m_checked);
    endResetModel();
    emit checkedChanged();
}

void EventListModel::addMissingRows(const QStringList& names)
{
    for (const QString& name : names) {
        if (rowOf(name) < 0) {
            EventSummary missing;
            missing.name = name;
            missing.events = -1;
            m_rows.push_back(missing);
        }
    }
}

void EventListModel::addName(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return;
    if (rowOf(trimmed) < 0) {
        const int row = rowCount();
        beginInsertRows(QModelIndex(), row, row);
        addMissingRows({trimmed});
        endInsertRows();
    }
    if (m_checked.contains(trimmed))
        return;
    m_checked.append(trimmed);
    const QModelIndex cell = index(rowOf(trimmed), Name);
    emit dataChanged(cell, cell, {Qt::CheckStateRole});
    emit checkedChanged();
}

void EventListModel::moveChecked(int from, int to)
{
    if (from < 0 || to < 0 || from >= m_checked.size() || to >= m_checked.size() || from == to)
        return;
    m_checked.move(from, to);
    emit checkedChanged();
}

int EventListModel::rowOf(const QString& name) const
{
    for (size_t r = 0; r < m_rows.size(); ++r) {
        if (m_rows[r].name == name)
            return int(r);
    }
    return -1;
}

bool EventListModel::inData(const QString& name) const
{
    const int row = rowOf(name);
    return row >= 0 && row < m_inData;
}

int EventListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventSummary& e = m_rows[size_t(index.row())];
    const bool missing = index.row() >= m_inData;
    const bool suggested = m_suggested.contains(e.name);
    const QLocale locale;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return e.name;
        case Events:
            return locale.toString(missing ? 0 : e.events);
        case Users:
            return locale.toString(missing ? 0 : e.users);
        case LastSeen:
            return e.lastMs < 0 ? QStringLiteral("—")
                                : QDateTime::fromMSecsSinceEpoch(e.lastMs, Qt::UTC)
                                      .date()
                                      .toString(Qt::ISODate);
        case Note:
            return missing ? tr("not in the data") : suggested ? tr("suggested") : QString();
        }
        break;
    case SortRole:
        switch (index.column()) {
        case Name:
            return e.name;
        case Events:
            return missing ? qint64(0) : e.events;
        case Users:
            return missing ? qint64(0) : e.users;
        case LastSeen:
            return e.lastMs;
        case Note:
            return missing ? 2 : suggested ? 1 : 0;
        }
        break;
    case Qt::CheckStateRole:
        if (index.column() == Name)
            return m_checked.contains(e.name) ? Qt::Checked : Qt::Unchecked;
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Events || index.column() == Users)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (missing)
            return tr("No event of the data has this name yet: its counts and rates are 0 "
                      "until it arrives.");
        if (suggested)
            return tr("Proposed by the suggestions (pulsebook-cli workspace suggest).");
        break;
    default:
        break;
    }
    return {};
}

bool EventListModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::CheckStateRole || index.column() != Name ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString name = m_rows[size_t(index.row())].name;
    const bool check = value.value<Qt::CheckState>() == Qt::Checked;
    if (check == m_checked.contains(name))
        return true;
    if (check)
        m_checked.append(name);
    else
        m_checked.removeAll(name);
    emit dataChanged(index, index, {Qt::CheckStateRole});
    emit checkedChanged();
    return true;
}

Qt::ItemFlags EventListModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Name)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole && (section == Events || section == Users))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Event");
    case Events:
        return tr("Events");
    case Users:
        return tr("Users");
    case LastSeen:
        return tr("Last seen");
    case Note:
        return tr("Note");
    }
    return {};
}

} // namespace pulsebook
