#include "ListWindowModel.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pulsebook {

namespace {

// Windows read by one worker run, and windows waiting (older requests are dropped: rows
// scrolled past quickly are never read).
constexpr size_t FetchAtOnce = 4;
constexpr size_t MaxWanted = 8;

} // namespace

QString ListCellFormat::text(const ListCell& cell, int column) const
{
    const QLocale locale;
    switch (cell.kind) {
    case ListCell::Kind::Missing:
        return {};
    case ListCell::Kind::Text:
        return cell.text;
    case ListCell::Kind::Time:
        return QDateTime::fromMSecsSinceEpoch(cell.timeMs, zone)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case ListCell::Kind::Number:
        break;
    }
    const bool whole = std::abs(cell.number) < 9e15 && cell.number == std::floor(cell.number);
    const QString number =
        whole ? locale.toString(qint64(cell.number)) : locale.toString(cell.number, 'f', 2);
    const auto total = outOf.find(column);
    return total == outOf.end() ? number : QStringLiteral("%1/%2").arg(number).arg(total->second);
}

ListWindowModel::ListWindowModel(QObject* parent) : QAbstractTableModel(parent)
{
    connect(&m_fetching, &QFutureWatcherBase::finished, this, [this] {
        auto windows = m_fetching.result();
        if (m_fetchGeneration == m_generation) {
            for (auto& [window, rows] : windows)
                keep(window, std::move(rows));
        }
        if (!m_wanted.empty())
            fetch();
    });
}

ListWindowModel::~ListWindowModel()
{
    m_fetching.waitForFinished();
}

void ListWindowModel::setColumns(const QStringList& ids, const QStringList& titles)
{
    beginResetModel();
    m_ids = ids;
    m_titles = titles;
    m_list.reset();
    m_count = 0;
    ++m_generation;
    m_windows.clear();
    m_wanted.clear();
    endResetModel();
}

void ListWindowModel::setCount(qint64 count)
{
    beginResetModel();
    m_count = count;
    m_list.reset();
    ++m_generation;
    m_windows.clear();
    m_wanted.clear();
    endResetModel();
}

void ListWindowModel::setList(std::shared_ptr<const SortedList> list, qint64 preloadFirst,
                              qint64 preloadRows)
{
    // The placeholders of setCount() becoming their rows: the same rows, only their data
    // changes (a reset would make the view walk a million rows again).
    const bool sameRows = !m_list && list && list->count() == m_count && m_count > 0;
    if (!sameRows)
        beginResetModel();
    m_list = std::move(list);
    m_count = m_list ? m_list->count() : 0;
    ++m_generation;
    m_windows.clear();
    m_wanted.clear();
    if (m_list && preloadRows > 0) {
        const int first = int(std::max<qint64>(0, preloadFirst) / WindowRows);
        const int last = int(std::max<qint64>(0, preloadFirst + preloadRows - 1) / WindowRows);
        for (int w = first; w <= last && qint64(w) * WindowRows < m_count; ++w)
            m_windows[w].rows = m_list->window(qint64(w) * WindowRows, WindowRows);
    }
    if (!sameRows) {
        endResetModel();
        return;
    }
    if (columnCount() > 0) {
        emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }
}

void ListWindowModel::setFormat(const ListCellFormat& format)
{
    m_format = format;
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

bool ListWindowModel::isLoaded(int r) const
{
    return m_windows.count(r / WindowRows) > 0;
}

const ListRow* ListWindowModel::row(int r) const
{
    const auto window = m_windows.find(r / WindowRows);
    if (window == m_windows.end()) {
        if (m_list)
            want(r / WindowRows);
        return nullptr;
    }
    window->second.used = ++m_clock;
    const size_t i = size_t(r % WindowRows);
    return i < window->second.rows.size() ? &window->second.rows[i] : nullptr;
}

void ListWindowModel::want(int window) const
{
    const auto known = std::find(m_wanted.begin(), m_wanted.end(), window);
    if (known == m_wanted.begin() && !m_wanted.empty())
        return;
    if (known != m_wanted.end())
        m_wanted.erase(known);
    m_wanted.push_front(window);
    if (m_wanted.size() > MaxWanted)
        m_wanted.pop_back();
    if (!m_fetchQueued && !m_fetching.isRunning()) {
        // data() is const and may run inside a paint: start the worker from the event loop.
        m_fetchQueued = true;
        QMetaObject::invokeMethod(const_cast<ListWindowModel*>(this), &ListWindowModel::fetch,
                                  Qt::QueuedConnection);
    }
}

void ListWindowModel::fetch()
{
    m_fetchQueued = false;
    if (m_fetching.isRunning() || !m_list)
        return;
    std::vector<int> windows;
    while (!m_wanted.empty() && windows.size() < FetchAtOnce) {
        const int w = m_wanted.front();
        m_wanted.pop_front();
        if (!m_windows.count(w))
            windows.push_back(w);
    }
    if (windows.empty())
        return;
    m_fetchGeneration = m_generation;
    std::shared_ptr<const SortedList> list = m_list;
    m_fetching.setFuture(QtConcurrent::run([list, windows] {
        std::vector<std::pair<int, std::vector<ListRow>>> read;
        for (const int w : windows)
            read.emplace_back(w, list->window(qint64(w) * WindowRows, WindowRows));
        return read;
    }));
}

void ListWindowModel::keep(int window, std::vector<ListRow> rows)
{
    if (rows.empty() || columnCount() == 0)
        return;
    const int first = window * WindowRows;
    const int last = first + int(rows.size()) - 1;
    Window& kept = m_windows[window];
    kept.rows = std::move(rows);
    kept.used = ++m_clock;
    // The least recently shown windows go first (never the one just read).
    while (m_windows.size() > size_t(MaxWindows)) {
        auto oldest = m_windows.end();
        for (auto it = m_windows.begin(); it != m_windows.end(); ++it) {
            if (it->first != window &&
                (oldest == m_windows.end() || it->second.used < oldest->second.used))
                oldest = it;
        }
        const int from = oldest->first * WindowRows;
        const int to = from + int(oldest->second.rows.size()) - 1;
        m_windows.erase(oldest);
        emit dataChanged(index(from, 0), index(to, columnCount() - 1));
    }
    emit dataChanged(index(first, 0), index(last, columnCount() - 1));
    emit rowsLoaded(first, last);
}

int ListWindowModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(std::min<qint64>(m_count, std::numeric_limits<int>::max()));
}

int ListWindowModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

QVariant ListWindowModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
    case CellRole:
    case LoadedRole:
    case Qt::ForegroundRole:
    case Qt::TextAlignmentRole:
        break;
    default:
        return {};
    }
    const ListRow* r = row(index.row());
    const ListCell* cell =
        r && size_t(index.column()) < r->cells.size() ? &r->cells[size_t(index.column())] : nullptr;
    switch (role) {
    case LoadedRole:
        return r != nullptr;
    case CellRole:
        return cell ? cell->toVariant() : QVariant();
    case Qt::ForegroundRole:
        if (!r)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::TextAlignmentRole:
        if (cell && cell->kind == ListCell::Kind::Number)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::AccessibleTextRole:
        if (!r)
            return tr("Loading");
        if (cell && cell->isMissing())
            return tr("no value");
        return cell ? m_format.text(*cell, index.column()) : QString();
    case Qt::ToolTipRole:
        return r ? QVariant() : QVariant(tr("Loading…"));
    default: // DisplayRole
        if (!r)
            return QStringLiteral("…");
        return cell ? m_format.text(*cell, index.column()) : QString();
    }
}

QVariant ListWindowModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_ids.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (role) {
    case Qt::DisplayRole:
        return m_titles.value(section, m_ids[section]);
    case Qt::ToolTipRole:
        return m_ids[section];
    case Qt::TextAlignmentRole: // over the cells: numbers to the right
        if (m_list && section < m_list->table().columnCount() &&
            m_list->table().columnType(section) == ListColumnType::Number)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

void ListWindowModel::sort(int column, Qt::SortOrder order)
{
    emit sortRequested(column, order);
}

} // namespace pulsebook
