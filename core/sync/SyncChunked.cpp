#include "SyncRun.h"

#include "CsvReader.h"
#include "FieldParser.h"
#include "Progress.h"
#include "cache/Cache.h"

#include <QFile>

#include <atomic>
#include <limits>
#include <thread>

namespace pulsebook {

using ExportFormat::Table;

bool SyncRun::readChunked(EventChunks::Store store, CsvReader& r, const ExportFormat::Header& h,
                          SyncTableSummary& s, qint64 expectedRows)
{
    const bool events = store == EventChunks::Store::Events;
    ChunkedStore& target = events ? m_events : m_sessions;
    // Stored and incoming rows beyond memoryRows: keep them in a temporary file. (The estimate
    // comes from the first rows: should it be low, memory is not bounded, the result the same.)
    // A stream (the warehouse's COPY) has no size: its expected rows, and when they are unknown
    // it spills, as memory could not be bounded otherwise.
    const bool stream = r.fileSize() == 0 && expectedRows != 0;
    const size_t estimate =
        stream ? size_t(std::max<qint64>(expectedRows, 0)) : estimateRows(s.file, r.fileSize());
    if (!target.loaded && !target.spill &&
        ((stream && expectedRows < 0) || EventChunks::count(m_db, store) + qint64(estimate) >
                                             std::max<qint64>(1, m_options.memoryRows))) {
        target.spill = std::make_unique<RowSpill>();
        if (!openSpill(target.spill.get()))
            return false;
        target.bucketWidth = bucketWidth();
    }
    if (!loadStore(store, target))
        return false;
    const bool spilling = target.spill != nullptr;

    RowLayout layout;
    layout.fieldCount = h.fieldCount;
    layout.idField = h.field(0);
    layout.userField = h.field(1);
    layout.timeField = h.field(2);
    layout.dateOrder = m_options.mapping->dateOrder;
    layout.columnNames = h.names;
    std::vector<quint32> keys; // property key of each layout.propertyFields entry
    auto addProperty = [&](const QString& name, int field) {
        quint32 key;
        if (!propertyKey(name, &key))
            return false;
        keys.push_back(key);
        layout.propertyFields.push_back(field);
        return true;
    };
    if (events) {
        layout.typeField = h.field(3);
        layout.sessionField = h.field(4);
    } else {
        layout.idName = "session_id";
        // Every optional column of sessions.csv is a session property.
        const auto& spec = ExportFormat::spec(Table::Sessions);
        for (size_t c = 3; c < spec.columns.size(); ++c) {
            if (h.field(int(c)) >= 0 &&
                !addProperty(QLatin1String(spec.columns[c].name), h.field(int(c))))
                return false;
        }
    }
    for (size_t k = 0; k < h.extraFields.size(); ++k) {
        if (!addProperty(h.extraNames[qsizetype(k)], h.extraFields[k]))
            return false;
    }

    std::atomic<qint64> secondDone{0};
    std::atomic<bool> stopSecond{false};
    const RejectRow rejectRow = [this, &s](CsvReader& reader, const QString& message) {
        return reject(reader, message, s);
    };
    const KeepGoing keepGoing = [this, &secondDone](CsvReader& reader) {
        if (!m_progress->update(reader.position() + secondDone.load())) {
            m_error = QStringLiteral("cancelled");
            return false;
        }
        return true;
    };

    // Large files are read by both cores: the second half from the first line break after the
    // middle. The first reader checks that the split fell between records (not inside a
    // quoted field); if not, the second half is dropped and the first reader reads on.
    // Rejects must be written in file order, so skip mode reads on one core.
    ParsedRows first, second;
    qint64 split = -1;
    if (!m_options.skipBadRows && r.fileSize() >= m_options.splitBytes)
        split = splitPoint(s.file, r.fileSize() / 2);
    bool ok;
    // Spilling, rows go on in batches: the first part's are mapped to the store's ids and
    // spilled as they come (straight into the store's pools: its text IDs and values need no
    // mapping); the second part's worker cannot create users (SQLite is not for threads), so it
    // spills its batches raw, to be mapped with its final pools when read back.
    // At most about 256 batches a file (up to 256K rows a batch): ranges check every batch.
    const size_t batchRows = size_t(std::max<qint64>(
        {1, m_options.memoryRows / 4, std::min<qint64>(qint64(estimate) / 256, 262144)}));
    RowMap firstMap;
    BatchFull firstBatch, secondBatch;
    QString secondError;
    StringPool knownUsers;
    std::vector<quint32> knownUids;
    std::vector<quint8> bucketOfLocal{0}, secondBuckets;
    if (spilling) {
        first.idText = std::move(target.table.idText);
        first.values = std::move(target.table.values);
        firstMap.sharedPools = true;
        first.reserve(batchRows, layout.propertyFields.size());
        firstBatch = [&](ParsedRows& p) {
            return spillBatch(p, firstMap, keys, target, events);
        };
    } else if (target.table.size() == 0) {
        // The first part's columns become the store's when the store is empty: give them room
        // for the whole file.
        first.reserve(estimate, layout.propertyFields.size());
    }
    if (split > 0) {
        r.limitTo(split);
        if (spilling) {
            target.secondSpill = std::make_unique<RowSpill>();
            if (!openSpill(target.secondSpill.get()))
                return false;
            // The worker buckets its rows by the uids users had when it started (a copy: the
            // main thread adds users meanwhile); users new to this sync go to the last bucket.
            knownUsers = m_userIds;
            knownUids = m_uidOf;
            second.reserve(batchRows, layout.propertyFields.size());
            secondBatch = [&](ParsedRows& p) {
                for (quint32 id = quint32(bucketOfLocal.size()); id <= p.users.size(); ++id) {
                    const quint32 pool = knownUsers.find(p.users.at(id));
                    const quint32 uid = pool < knownUids.size() ? knownUids[pool] : 0;
                    bucketOfLocal.push_back(uid != 0 ? target.bucketOf(uid)
                                                     : quint8(RowSpill::Buckets - 1));
                }
                secondBuckets.resize(p.user.size());
                for (size_t i = 0; i < p.user.size(); ++i)
                    secondBuckets[i] = bucketOfLocal[p.user[i]];
                if (!target.secondSpill->append(p, keys, &secondBuckets, &secondError))
                    return false;
                p.clearRows();
                return true;
            };
        } else {
            second.reserve(estimate / 2 + estimate / 20, layout.propertyFields.size());
        }
        bool secondOk = false;
        std::thread worker([&] {
            const qint64 line = CsvReader::lineAt(s.file, split);
            CsvReader other;
            if (line < 0 || !other.openRange(s.file, split, std::numeric_limits<qint64>::max(),
                                             line, &secondError, r.displayName()))
                return;
            secondOk = parseRows(
                other, layout, &second,
                [&secondError](CsvReader&, const QString& message) {
                    secondError = message;
                    return false;
                },
                [&](CsvReader& reader) {
                    secondDone.store(reader.position() - split);
                    return !stopSecond.load() && !m_progress->isCancelled();
                },
                secondBatch, batchRows);
            if (secondOk && secondBatch && !second.user.empty())
                secondOk = secondBatch(second);
            if (other.hasError())
                secondError = other.errorString();
            else if (!second.fatal.isEmpty())
                secondError = second.fatal;
        });
        ok = parseRows(r, layout, &first, rejectRow, keepGoing, firstBatch, batchRows) &&
             !r.hasError();
        const bool clean = ok && r.position() == split;
        if (!clean)
            stopSecond.store(true);
        worker.join();
        if (ok && !clean) {
            second = ParsedRows();
            target.secondSpill.reset();
            r.extendToEnd();
            ok = parseRows(r, layout, &first, rejectRow, keepGoing, firstBatch, batchRows);
        } else if (ok && (!secondOk || !secondError.isEmpty())) {
            m_error = secondError.isEmpty() ? QStringLiteral("cancelled") : secondError;
            return false;
        }
    } else {
        ok = parseRows(r, layout, &first, rejectRow, keepGoing, firstBatch, batchRows);
    }
    if (spilling) {
        target.table.idText = std::move(first.idText);
        target.table.values = std::move(first.values);
        first.idText = StringPool();
        first.values = StringPool();
    }
    if (!ok) {
        // parseRows() stops without an error of its own when the reader fails (bad quote,
        // invalid UTF-8): that error is the reader's, not a cancel.
        if (!first.fatal.isEmpty())
            m_error = first.fatal;
        else if (m_error.isEmpty())
            m_error = r.hasError() ? r.errorString() : QStringLiteral("cancelled");
        return false;
    }
    if (r.hasError())
        return true; // run() reports the reader's error
    s.rows += first.rows + second.rows;
    s.landed += first.landed + second.landed;
    if (spilling) {
        // The last batch of the first part; the second part's pools are complete now.
        if (!spillBatch(first, firstMap, keys, target, events) ||
            (target.secondSpill && !extendMap(second, target.secondMap, target.table, events)))
            return false;
    } else if (!appendRows(first, keys, target.table, events) ||
               !appendRows(second, keys, target.table, events)) {
        return false;
    }
    first = ParsedRows();
    second = ParsedRows();
    // Sorted and written now, so its memory is free before the next file.
    bool rewritten = false;
    return writeStore(store, target,
                      events ? &m_summary->eventsInCache : &m_summary->sessionsInCache,
                      events ? &m_summary->eventsRewritten : &rewritten);
}

qint64 SyncRun::splitPoint(const QString& path, qint64 middle)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || !f.seek(middle))
        return -1;
    const QByteArray block = f.read(1 << 20);
    const int newline = block.indexOf('\n');
    return newline < 0 ? -1 : middle + newline + 1;
}

bool SyncRun::appendRows(ParsedRows& p, const std::vector<quint32>& keys, EventTable& t,
                         bool events)
{
    const size_t n = p.user.size();
    if (n == 0)
        return true;
    // An empty store takes the pools as they are: ids stay the same.
    RowMap map;
    map.sharedPools = t.size() == 0 && t.idText.size() == 0 && t.values.size() == 0;
    if (map.sharedPools) {
        t.idText = std::move(p.idText);
        t.values = std::move(p.values);
        p.idText = StringPool();
        p.values = StringPool();
    }
    // Local ids to the store's: users (created when first seen), event types, IDs, values.
    if (!extendMap(p, map, t, events))
        return false;
    const bool adopted = map.sharedPools;
    const auto& users = map.users;
    const auto& types = map.types;
    const auto& idText = map.idText;
    const auto& values = map.values;

    // Column by column: ids are mapped in place, then the column is moved into an empty table
    // or appended and freed, so memory never holds two copies of more than one column.
    auto take = [](auto& from, auto& to) {
        if (to.empty()) {
            to = std::move(from);
        } else {
            to.insert(to.end(), from.begin(), from.end());
        }
        std::remove_reference_t<decltype(from)>().swap(from);
    };
    for (auto& u : p.user)
        u = users[u];
    take(p.user, t.uid);
    take(p.time, t.time);
    for (auto& type : p.type)
        type = quint16(types[type]);
    take(p.type, t.type);
    for (auto* ids : {&p.id, &p.session}) {
        for (auto& v : *ids) {
            if (!adopted && v < 0 && v != EventTable::NoSession)
                v = idText[size_t(-(v + 1))];
        }
    }
    take(p.id, t.eventId);
    take(p.session, t.sessionId);
    for (size_t k = 0; k < keys.size(); ++k) {
        if (!adopted) {
            for (auto& v : p.properties[k])
                v = values[v];
        }
        auto& column = t.column(keys[k]).values; // created full of "missing" if new
        column.resize(t.size() - n, 0);
        take(p.properties[k], column);
    }
    for (auto& c : t.properties)
        c.values.resize(t.size(), 0);
    return true;
}

bool SyncRun::extendMap(const ParsedRows& p, RowMap& m, EventTable& t, bool events)
{
    for (quint32 id = quint32(m.users.size()); id <= p.users.size(); ++id) {
        quint32 uid;
        if (!userFor(p.users.at(id), &uid))
            return false;
        m.users.push_back(uid);
    }
    if (events && m.types.size() <= p.types.size()) {
        Statement insertType;
        if (!prepare(&insertType, "INSERT INTO event_types(name) VALUES (?)"))
            return false;
        for (quint32 id = quint32(m.types.size()); id <= p.types.size(); ++id) {
            const auto name = p.types.at(id);
            const quint32 pool = m_typeNames.intern(name);
            if (pool >= m_typeIdOf.size()) {
                insertType.bind(1, name);
                if (!step(insertType))
                    return false;
                m_typeIdOf.resize(pool + 1, 0);
                m_typeIdOf[pool] = quint32(m_db.scalar("SELECT last_insert_rowid()"));
            }
            if (m_typeIdOf[pool] > 0xFFFF) {
                m_error = QStringLiteral("%1: more than 65,535 event types").arg(m_cache.path());
                return false;
            }
            m.types.push_back(m_typeIdOf[pool]);
        }
    }
    if (m.sharedPools)
        return true;
    for (quint32 id = quint32(m.idText.size()); id <= p.idText.size(); ++id)
        m.idText.push_back(-qint64(t.idText.intern(p.idText.at(id))) - 1);
    for (quint32 id = quint32(m.values.size()); id <= p.values.size(); ++id)
        m.values.push_back(t.values.intern(p.values.at(id)));
    return true;
}

void SyncRun::applyMap(ParsedRows& p, const RowMap& m)
{
    for (auto& u : p.user)
        u = m.users[u];
    if (m.types.size() > 1) {
        for (auto& type : p.type)
            type = quint16(m.types[type]);
    }
    if (m.sharedPools)
        return;
    for (auto* ids : {&p.id, &p.session}) {
        for (auto& v : *ids) {
            if (v < 0 && v != EventTable::NoSession)
                v = m.idText[size_t(-(v + 1))];
        }
    }
    for (auto& column : p.properties) {
        for (auto& v : column)
            v = m.values[v];
    }
}

void SyncRun::applyMap(EventTable& t, const RowMap& m)
{
    for (auto& u : t.uid)
        u = m.users[u];
    if (m.types.size() > 1) {
        for (auto& type : t.type)
            type = quint16(m.types[type]);
    }
    if (m.sharedPools)
        return;
    for (auto* ids : {&t.eventId, &t.sessionId}) {
        for (auto& v : *ids) {
            if (v < 0 && v != EventTable::NoSession)
                v = m.idText[size_t(-(v + 1))];
        }
    }
    for (auto& column : t.properties) {
        for (auto& v : column.values)
            v = m.values[v];
    }
}

} // namespace pulsebook
