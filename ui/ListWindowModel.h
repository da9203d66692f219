#pragma once

#include "analysis/SortedList.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QStringList>
#include <QTimeZone>

#include <deque>
#include <map>
#include <memory>
#include <vector>

namespace pulsebook {

// How a list cell reads on screen and in copied text: numbers in the locale (thousands
// separators, at most two decimals), times as "yyyy-MM-dd HH:mm" in the workspace's zone, a
// column of steps done as "done/total". A value: a worker may keep a copy.
struct ListCellFormat
{
    QTimeZone zone = QTimeZone::utc();
    std::map<int, int> outOf; // column -> total

    QString text(const ListCell& cell, int column) const;
};

// A big sorted list (core's SortedList: a million users) as a lazy table model. The count comes
// first (setCount: every row a placeholder, "…" greyed, so the scroll bar is right at once);
// once the list is sorted (setList), rows are read in windows of WindowRows on a worker as the
// view asks for them (data() of a row not loaded queues its window, newest first) and at most
// MaxWindows windows stay in memory, the least recently shown dropped first. A new count or list
// bumps a generation: windows read for an older one are dropped. Sorting is core's: the header's
// sort() only asks for it (sortRequested).
class ListWindowModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int WindowRows = 256;
    static constexpr int MaxWindows = 16;
    enum Role {
        CellRole = Qt::UserRole + 1, // the ListCell as a QVariant (toVariant()); invalid
                                     // while the row is not loaded or the cell is missing
        LoadedRole,                  // bool: the row is loaded (not a placeholder)
    };

    explicit ListWindowModel(QObject* parent = nullptr);
    ~ListWindowModel() override;

    // Column titles (header) and their ids (tooltips), shown until and with the list.
    void setColumns(const QStringList& ids, const QStringList& titles);
    // `count` rows, all placeholders, no list yet (a reset).
    void setCount(qint64 count);
    // The sorted list (a reset, except when it replaces setCount's placeholders with as many
    // rows: then their data changes): rows [preloadFirst,
    // preloadFirst + preloadRows) are read at once (what the viewport shows: a few hundred
    // cells), the rest in windows on a worker.
    void setList(std::shared_ptr<const SortedList> list, qint64 preloadFirst = 0,
                 qint64 preloadRows = 0);
    std::shared_ptr<const SortedList> list() const { return m_list; }
    // How cells read (a time zone, "done/total" columns).
    void setFormat(const ListCellFormat& format);
    const ListCellFormat& format() const { return m_format; }

    bool isLoaded(int row) const;
    // Windows in memory now (at most MaxWindows).
    int windowsInMemory() const { return int(m_windows.size()); }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // Asks for the list in this order (sortRequested); the rows follow with setList.
    void sort(int column, Qt::SortOrder order) override;

signals:
    void sortRequested(int column, Qt::SortOrder order);
    // Rows [first, last] were read and are shown.
    void rowsLoaded(int first, int last);

private:
    struct Window
    {
        std::vector<ListRow> rows;
        quint64 used = 0; // the clock when last shown
    };

    const ListRow* row(int r) const;
    void want(int window) const;
    void fetch();
    void keep(int window, std::vector<ListRow> rows);

    QStringList m_ids;
    QStringList m_titles;
    qint64 m_count = 0;
    std::shared_ptr<const SortedList> m_list;
    ListCellFormat m_format;
    quint64 m_generation = 0;
    mutable std::map<int, Window> m_windows;
    mutable std::deque<int> m_wanted; // newest first
    mutable quint64 m_clock = 0;
    mutable bool m_fetchQueued = false;
    QFutureWatcher<std::vector<std::pair<int, std::vector<ListRow>>>> m_fetching;
    quint64 m_fetchGeneration = 0;
};

} // namespace pulsebook
