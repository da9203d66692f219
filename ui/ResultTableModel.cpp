#include "ResultTableModel.h"

#include "RagStyle.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace pulsebook {

namespace {

// The fewest decimals (at most `most`) that show `value` exactly.
int decimalsOf(double value, int most)
{
    double scaled = value;
    for (int d = 0; d < most; ++d, scaled *= 10) {
        if (std::abs(scaled - std::round(scaled)) < 1e-6)
            return d;
    }
    return most;
}

} // namespace

ResultTableModel::ResultTableModel(QObject* parent)
    : QAbstractTableModel(parent), m_table(std::make_shared<ResultTable>())
{}

void ResultTableModel::setTable(ResultTable table)
{
    setTable(std::make_shared<const ResultTable>(std::move(table)));
}

void ResultTableModel::setTable(std::shared_ptr<const ResultTable> table)
{
    beginResetModel();
    m_table = table ? std::move(table) : std::make_shared<const ResultTable>();
    prepareColumns();
    endResetModel();
}

void ResultTableModel::setTimeZone(const QTimeZone& zone)
{
    m_zone = zone;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

void ResultTableModel::prepareColumns()
{
    const auto& columns = m_table->columns;
    const size_t n = columns.size();
    m_statusOf.assign(n, -1);
    m_paired.assign(n, 0);
    m_decimals.assign(n, -1);
    for (size_t c = 0; c < n; ++c) {
        const ResultColumn& column = columns[c];
        if (!column.statusColumn.isEmpty()) {
            const int s = m_table->columnOf(column.statusColumn);
            m_statusOf[c] = s;
            if (s >= 0)
                m_paired[size_t(s)] = 1;
        }
        // The same decimals down a column: the rounding the analysis did, else as many as the
        // column's most precise value needs (2 at most; money 0 or 2).
        int decimals = 0;
        switch (column.kind) {
        case ValueKind::Decimal:
        case ValueKind::Percent:
        case ValueKind::Money:
        case ValueKind::Rate:
            if (column.decimals >= 0 && column.kind == ValueKind::Decimal) {
                decimals = column.decimals;
                break;
            }
            for (const ResultRow& row : m_table->rows) {
                if (c < row.size() && row[c].kind == ListCell::Kind::Number)
                    decimals = std::max(
                        decimals,
                        decimalsOf(row[c].number * (column.kind == ValueKind::Rate ? 100 : 1),
                                   column.kind == ValueKind::Rate ||
                                           column.kind == ValueKind::Percent
                                       ? 1
                                       : 2));
            }
            if (column.kind == ValueKind::Money && decimals > 0)
                decimals = 2;
            break;
        default:
            break;
        }
        m_decimals[c] = decimals;
    }
}

int ResultTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_table->rows.size());
}

int ResultTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_table->columns.size());
}

Rag ResultTableModel::rag(int row, int c) const
{
    const ResultColumn& column = m_table->columns[size_t(c)];
    int source = column.kind == ValueKind::Status ? c : m_statusOf[size_t(c)];
    if (source < 0)
        return Rag::None;
    const ResultRow& cells = m_table->rows[size_t(row)];
    if (size_t(source) >= cells.size() || cells[size_t(source)].kind != ListCell::Kind::Text)
        return Rag::None;
    return RagStyle::fromName(cells[size_t(source)].text);
}

QString ResultTableModel::format(const ListCell& cell, int c) const
{
    const ResultColumn& column = m_table->columns[size_t(c)];
    const QLocale locale;
    const int decimals = m_decimals[size_t(c)];
    switch (cell.kind) {
    case ListCell::Kind::Missing:
        return column.kind == ValueKind::Done ? tr("✖ not done") : QString();
    case ListCell::Kind::Time:
        if (column.kind == ValueKind::Done)
            return tr("✔ %1").arg(locale.toString(
                QDateTime::fromMSecsSinceEpoch(cell.timeMs, m_zone).date(), QLocale::ShortFormat));
        return locale.toString(QDateTime::fromMSecsSinceEpoch(cell.timeMs, m_zone),
                               QStringLiteral("yyyy-MM-dd HH:mm"));
    case ListCell::Kind::Text:
        if (column.kind == ValueKind::Date) {
            const QDate date = QDate::fromString(cell.text, Qt::ISODate);
            return date.isValid() ? locale.toString(date, QLocale::ShortFormat) : cell.text;
        }
        if (column.kind == ValueKind::Status)
            return RagStyle::shortText(RagStyle::fromName(cell.text));
        return cell.text;
    case ListCell::Kind::Number:
        break;
    }
    switch (column.kind) {
    case ValueKind::Integer:
        return locale.toString(qint64(std::llround(cell.number)));
    case ValueKind::Percent:
        return locale.toString(cell.number, 'f', decimals) + QStringLiteral(" %");
    case ValueKind::Rate:
        return locale.toString(cell.number * 100, 'f', decimals) + QStringLiteral(" %");
    default:
        return locale.toString(cell.number, 'f', std::max(decimals, 0));
    }
}

QString ResultTableModel::text(int row, int c) const
{
    const ResultRow& cells = m_table->rows[size_t(row)];
    return size_t(c) < cells.size() ? format(cells[size_t(c)], c) : QString();
}

// "Yellow: 12 (Green at most 7, Yellow at most 14, else Red; no value: Red)".
QString ResultTableModel::explain(int row, int c) const
{
    const ResultColumn& column = m_table->columns[size_t(c)];
    const Rag r = rag(row, c);
    QString value = text(row, c);
    if (column.kind == ValueKind::Status)
        value = RagStyle::word(r);
    else if (value.isEmpty())
        value = tr("no value");
    QString out = r == Rag::None || column.kind == ValueKind::Status
                      ? value
                      : tr("%1: %2").arg(RagStyle::word(r), value);
    if (!column.description.isEmpty())
        out += QStringLiteral(" (%1)").arg(column.description);
    return out;
}

QVariant ResultTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const int row = index.row();
    const int c = index.column();
    const ResultColumn& column = m_table->columns[size_t(c)];
    const ResultRow& cells = m_table->rows[size_t(row)];
    static const ListCell missing;
    const ListCell& cell = size_t(c) < cells.size() ? cells[size_t(c)] : missing;
    switch (role) {
    case Qt::DisplayRole:
        return format(cell, c);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(
            Qt::AlignVCenter |
            (column.alignment() == CellAlignment::Right ? Qt::AlignRight : Qt::AlignLeft));
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        return rag(row, c) != Rag::None || !column.description.isEmpty() ? explain(row, c)
                                                                         : format(cell, c);
    case SortRole:
        if (column.kind == ValueKind::Status) {
            // Red first, then Yellow, no data, Green.
            switch (rag(row, c)) {
            case Rag::Red:
                return 0;
            case Rag::Yellow:
                return 1;
            case Rag::NoData:
                return 2;
            case Rag::Green:
                return 3;
            case Rag::None:
                return {};
            }
        }
        return cell.toVariant();
    case RagRole:
        return int(rag(row, c));
    case CellRole:
        return cell.toVariant();
    case MissingRole:
        return cell.isMissing();
    case Qt::BackgroundRole:
        if (column.kind == ValueKind::Status && rag(row, c) != Rag::None)
            return RagStyle::colour(rag(row, c));
        return {};
    case Qt::ForegroundRole:
        if (column.kind == ValueKind::Status && rag(row, c) != Rag::None)
            return RagStyle::textOn(rag(row, c));
        return {};
    default:
        return {};
    }
}

QVariant ResultTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const ResultColumn& column = m_table->columns[size_t(section)];
    switch (role) {
    case Qt::DisplayRole:
        return column.title;
    case Qt::ToolTipRole:
        return column.description.isEmpty()
                   ? column.title
                   : column.title + QStringLiteral("\n") + column.description;
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(
            Qt::AlignVCenter |
            (column.alignment() == CellAlignment::Right ? Qt::AlignRight : Qt::AlignLeft));
    default:
        return {};
    }
}

} // namespace pulsebook
