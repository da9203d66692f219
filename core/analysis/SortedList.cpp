#include "SortedList.h"

#include "Progress.h"

#include <QHash>

#include <algorithm>
#include <bit>
#include <limits>

namespace pulsebook {

namespace {

// Rows between two progress checks.
constexpr size_t CheckEvery = 16384;
// The sort runs as sorted blocks merged pairwise, checking for a cancel between steps.
constexpr size_t BlockRows = 65536;
// Text ranks: rows read before deciding whether the texts repeat enough to hash them, and the
// UTF-16 units compared as numbers at a time (4 per word).
constexpr quint32 DedupeSample = 65536;
constexpr int PrefixWords = 4;

// A row to sort: an order-preserving code of its cell, its ID rank, its key.
struct Entry
{
    quint64 code;
    quint32 tie;
    quint32 key;
    bool operator<(const Entry& o) const { return code != o.code ? code < o.code : tie < o.tie; }
};

// An unsigned code that orders like the double (never NaN).
quint64 numberCode(double value)
{
    const quint64 bits = std::bit_cast<quint64>(value == 0 ? 0.0 : value);
    constexpr quint64 Sign = quint64(1) << 63;
    return (bits & Sign) ? ~bits : bits | Sign;
}

quint64 timeCode(qint64 ms)
{
    return quint64(ms) ^ (quint64(1) << 63);
}

// A whole-number ID: ASCII digits only, fitting 64 bits.
bool wholeNumber(const QString& id, quint64* value)
{
    if (id.isEmpty() || id.size() > 20)
        return false;
    for (const QChar c : id) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    bool ok = false;
    *value = id.toULongLong(&ok);
    return ok;
}

// Sorts in blocks, then merges them pairwise; false on a cancel.
bool sortEntries(std::vector<Entry>& entries, Progress* progress, qint64* done)
{
    const size_t n = entries.size();
    for (size_t b = 0; b < n; b += BlockRows) {
        std::sort(entries.begin() + ptrdiff_t(b),
                  entries.begin() + ptrdiff_t(std::min(n, b + BlockRows)));
        *done += qint64(std::min(n, b + BlockRows) - b);
        if (!progress->update(*done))
            return false;
    }
    for (size_t width = BlockRows; width < n; width *= 2) {
        for (size_t b = 0; b + width < n; b += 2 * width) {
            std::inplace_merge(entries.begin() + ptrdiff_t(b),
                               entries.begin() + ptrdiff_t(b + width),
                               entries.begin() + ptrdiff_t(std::min(n, b + 2 * width)));
            if (progress->isCancelled())
                return false;
        }
    }
    return true;
}

// UTF-16 units [from, from + 4) of a text, as a number that orders like them.
quint64 prefixCode(const QString& text, qsizetype from)
{
    quint64 code = 0;
    for (qsizetype i = from; i < from + 4; ++i)
        code = (code << 16) | (i < text.size() ? quint64(text[i].unicode()) : 0);
    return code;
}

// The cells of `column` as codes (text: its rank among the column's texts); false on a cancel.
bool cellCodes(const ListTable& table, int column, const std::vector<quint32>& rows,
               std::vector<Entry>* present, std::vector<Entry>* missing,
               const std::vector<quint32>& ranks, Progress* progress, qint64* done)
{
    const ListColumnType type = table.columnType(column);
    const std::vector<quint32>* textRanks = nullptr;
    if (type == ListColumnType::Text) {
        textRanks = table.textRanks(column, progress);
        if (!textRanks)
            return false;
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        if (i % CheckEvery == 0 && !progress->update(*done + qint64(i)))
            return false;
        const quint32 key = rows[i];
        if (textRanks) {
            const quint32 rank = (*textRanks)[key];
            if (rank == ListTable::MissingRank)
                missing->push_back({0, ranks[key], key});
            else
                present->push_back({rank, ranks[key], key});
            continue;
        }
        const ListCell cell = table.cell(key, column);
        if (cell.isMissing())
            missing->push_back({0, ranks[key], key});
        else if (type == ListColumnType::Number)
            present->push_back({numberCode(cell.number), ranks[key], key});
        else
            present->push_back({timeCode(cell.timeMs), ranks[key], key});
    }
    *done += qint64(rows.size());
    return true;
}

struct TextValue
{
    quint64 prefix[PrefixWords];
    quint32 id;
};

// Sorts texts that agree on their first `from` units (a multikey sort): by the next units as
// numbers, then each run that still agrees by the units after those, so that texts sharing a
// long prefix (e-mails of one name) are never compared whole.
void sortTexts(std::vector<TextValue>::iterator begin, std::vector<TextValue>::iterator end,
               qsizetype from, const std::vector<QString>& values)
{
    qsizetype longest = 0;
    for (auto it = begin; it != end; ++it) {
        const QString& text = values[it->id];
        longest = std::max(longest, text.size());
        for (int w = 0; w < PrefixWords; ++w)
            it->prefix[w] = prefixCode(text, from + 4 * w);
    }
    auto less = [](const TextValue& a, const TextValue& b) {
        for (int w = 0; w < PrefixWords; ++w) {
            if (a.prefix[w] != b.prefix[w])
                return a.prefix[w] < b.prefix[w];
        }
        return false;
    };
    std::sort(begin, end, less);
    const qsizetype next = from + 4 * PrefixWords;
    if (longest <= next)
        return;
    for (auto run = begin; run != end;) {
        auto runEnd = run + 1;
        while (runEnd != end && !less(*run, *runEnd))
            ++runEnd;
        if (runEnd - run > 1)
            sortTexts(run, runEnd, next, values);
        run = runEnd;
    }
}

} // namespace

int ListTable::columnIndex(const QString& name) const
{
    for (int c = 0; c < columnCount(); ++c) {
        if (columnName(c) == name)
            return c;
    }
    return -1;
}

QString ListTable::cellText(quint32 key, int column) const
{
    return cell(key, column).text;
}

QStringList ListTable::columnNames() const
{
    QStringList names;
    for (int c = 0; c < columnCount(); ++c)
        names.append(columnName(c));
    return names;
}

const std::vector<quint32>& ListTable::idRanks() const
{
    std::call_once(m_idRanksOnce, [this] {
        struct Id
        {
            bool isText;
            quint64 value;
            QString text;
            quint32 key;
        };
        const quint32 n = rowCount();
        std::vector<Id> ids(n);
        for (quint32 key = 0; key < n; ++key) {
            Id& id = ids[key];
            id.text = rowId(key);
            id.isText = !wholeNumber(id.text, &id.value);
            if (id.isText)
                id.value = 0;
            id.key = key;
        }
        std::sort(ids.begin(), ids.end(), [](const Id& a, const Id& b) {
            if (a.isText != b.isText)
                return !a.isText;
            if (a.value != b.value)
                return a.value < b.value;
            return a.text < b.text;
        });
        m_idRanks.resize(n);
        for (quint32 r = 0; r < n; ++r)
            m_idRanks[ids[r].key] = r;
    });
    return m_idRanks;
}

const std::vector<quint32>* ListTable::textRanks(int column, Progress* progress) const
{
    std::lock_guard lock(m_textRanksMutex);
    const auto known = m_textRanks.find(column);
    if (known != m_textRanks.end())
        return &known->second;
    // One value per distinct raw text while few are distinct (most columns repeat a few
    // values), else one per row; the values sorted by their folded text (sortTexts); equal
    // folded texts share a rank.
    const quint32 n = rowCount();
    std::vector<quint32> valueOfRow(n, MissingRank);
    QHash<QString, quint32> rawIds;
    bool dedupe = true;
    std::vector<QString> values;
    for (quint32 key = 0; key < n; ++key) {
        if (key % CheckEvery == 0 && progress->isCancelled())
            return nullptr;
        // After a sample, hash on only if the texts repeat.
        if (dedupe && key == DedupeSample)
            dedupe = rawIds.size() < qsizetype(DedupeSample / 2);
        const QString text = cellText(key, column);
        if (text.isEmpty())
            continue;
        if (dedupe) {
            const auto id = rawIds.constFind(text);
            if (id != rawIds.constEnd()) {
                valueOfRow[key] = id.value();
                continue;
            }
            rawIds.insert(text, quint32(values.size()));
        }
        valueOfRow[key] = quint32(values.size());
        values.push_back(text.toCaseFolded());
    }
    rawIds.clear();
    std::vector<TextValue> order(values.size());
    for (size_t i = 0; i < values.size(); ++i)
        order[i].id = quint32(i);
    sortTexts(order.begin(), order.end(), 0, values);
    if (progress->isCancelled())
        return nullptr;
    std::vector<quint32> rankOfValue(values.size());
    quint32 rank = 0;
    for (size_t i = 0; i < order.size(); ++i) {
        if (i > 0 && values[order[i].id] != values[order[i - 1].id])
            ++rank;
        rankOfValue[order[i].id] = rank;
    }
    for (quint32& v : valueOfRow) {
        if (v != MissingRank)
            v = rankOfValue[v];
    }
    return &m_textRanks.emplace(column, std::move(valueOfRow)).first->second;
}

std::shared_ptr<const SortedList> SortedList::sort(std::shared_ptr<const ListTable> table,
                                                   std::vector<quint32> rows, SortKey key,
                                                   Progress* progress, QString* error)
{
    auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return nullptr;
    };
    if (!progress)
        progress = silentProgress();
    if (!table)
        return fail(QStringLiteral("no list"));
    if (key.column < -1 || key.column >= table->columnCount())
        return fail(QStringLiteral("no column %1 to sort by").arg(key.column));
    for (const quint32 row : rows) {
        if (row >= table->rowCount())
            return fail(QStringLiteral("row %1 is not in the list").arg(row));
    }
    progress->start(QStringLiteral("Sorting"), 2 * qint64(rows.size()));
    const std::vector<quint32>& ranks = table->idRanks();
    std::vector<Entry> present, missing;
    qint64 done = 0;
    if (key.column < 0 || key.column == table->idColumn()) {
        present.reserve(rows.size());
        for (const quint32 row : rows)
            present.push_back({ranks[row], ranks[row], row});
        done += qint64(rows.size());
    } else {
        present.reserve(rows.size());
        if (!cellCodes(*table, key.column, rows, &present, &missing, ranks, progress, &done)) {
            progress->end();
            return nullptr; // cancelled: *error untouched
        }
    }
    rows.clear();
    rows.shrink_to_fit();
    if (key.descending) {
        for (Entry& e : present)
            e.code = ~e.code;
    }
    if (!sortEntries(present, progress, &done) || !sortEntries(missing, progress, &done)) {
        progress->end();
        return nullptr; // cancelled: *error untouched
    }
    progress->end();

    std::shared_ptr<SortedList> list(new SortedList);
    list->m_table = std::move(table);
    list->m_key = key;
    list->m_order.reserve(present.size() + missing.size());
    for (const Entry& e : present)
        list->m_order.push_back(e.key);
    for (const Entry& e : missing)
        list->m_order.push_back(e.key);
    return list;
}

std::vector<ListRow> SortedList::window(qint64 offset, qint64 n,
                                        const std::vector<int>& columns) const
{
    std::vector<ListRow> out;
    const qint64 begin = std::clamp<qint64>(offset, 0, count());
    const qint64 end = std::clamp<qint64>(n > 0 ? begin + n : begin, begin, count());
    std::vector<int> wanted = columns;
    if (wanted.empty()) {
        for (int c = 0; c < m_table->columnCount(); ++c)
            wanted.push_back(c);
    }
    out.reserve(size_t(end - begin));
    for (qint64 p = begin; p < end; ++p) {
        ListRow row;
        row.key = m_order[size_t(p)];
        row.cells.reserve(wanted.size());
        for (const int c : wanted)
            row.cells.push_back(m_table->cell(row.key, c));
        out.push_back(std::move(row));
    }
    return out;
}

qint64 SortedList::rowOf(quint32 key) const
{
    const auto it = std::find(m_order.begin(), m_order.end(), key);
    return it == m_order.end() ? -1 : qint64(it - m_order.begin());
}

} // namespace pulsebook
