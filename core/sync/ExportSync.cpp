#include "SyncRun.h"

#include "CsvReader.h"
#include "EventMerge.h"
#include "FieldParser.h"
#include "Progress.h"
#include "cache/Cache.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

namespace pulsebook {

using namespace SyncText;
using ExportFormat::Table;

bool SyncRun::resolveMerges()
{
    if (m_mergesResolved)
        return true;
    m_mergesResolved = true;
    // Identity merges: resolve chains (cycles were refused when the rows came in).
    m_remap.clear();
    for (auto it = m_merges.constBegin(); it != m_merges.constEnd(); ++it) {
        const QByteArray fromUtf8 = it.key().toUtf8();
        const quint32 fromPool =
            m_userIds.find(std::string_view(fromUtf8.constData(), size_t(fromUtf8.size())));
        if (fromPool == 0 || fromPool >= m_uidOf.size() || m_uidOf[fromPool] == 0)
            continue; // nobody to move yet (userFor() remaps one first seen later)
        if (!remapUser(m_uidOf[fromPool], it.value()))
            return false;
    }
    Statement markUser;
    if (!prepare(&markUser, "UPDATE users SET merged_into = ? WHERE uid = ? AND "
                            "merged_into IS NOT ?"))
        return false;
    for (quint32 from = 0; from < m_remap.size(); ++from) {
        if (m_remap[from] == 0)
            continue;
        markUser.bind(1, qint64(m_remap[from]));
        markUser.bind(2, qint64(from));
        markUser.bind(3, qint64(m_remap[from]));
        if (!step(markUser))
            return false;
    }
    return true;
}

bool SyncRun::remapUser(quint32 fromUid, QString to)
{
    for (int hops = 0; hops < m_merges.size() && m_merges.contains(to); ++hops)
        to = m_merges.value(to);
    const QByteArray toUtf8 = to.toUtf8();
    quint32 toUid;
    if (!userFor(std::string_view(toUtf8.constData(), size_t(toUtf8.size())), &toUid))
        return false;
    if (m_remap.size() <= fromUid)
        m_remap.resize(fromUid + 1, 0);
    m_remap[fromUid] = toUid;
    return true;
}

bool SyncRun::writeEvents()
{
    if (!resolveMerges())
        return false;
    bool rewritten = false;
    if (!writeStore(EventChunks::Store::Sessions, m_sessions, &m_summary->sessionsInCache,
                    &rewritten) ||
        !writeStore(EventChunks::Store::Events, m_events, &m_summary->eventsInCache,
                    &m_summary->eventsRewritten))
        return false;
    return true;
}

bool SyncRun::loadStore(EventChunks::Store store, ChunkedStore& target)
{
    if (target.loaded)
        return true;
    if (target.spill)
        return spillStored(store, target);
    QString why;
    if (!EventChunks::load(m_db, store, &target.table, silentProgress(), &why)) {
        m_error = QStringLiteral("%1: %2").arg(m_cache.path(), why);
        return false;
    }
    target.stored = target.table.size();
    target.loaded = true;
    return true;
}

bool SyncRun::writeStore(EventChunks::Store store, ChunkedStore& target, qint64* count,
                         bool* rewritten)
{
    if (target.written)
        return true;
    if (!resolveMerges())
        return false;
    // A store this sync did not read only needs rewriting when identities were merged.
    if (!target.loaded && m_remap.empty()) {
        *count = EventChunks::count(m_db, store);
        return true;
    }
    if (!target.loaded && !target.spill &&
        EventChunks::count(m_db, store) > std::max<qint64>(1, m_options.memoryRows)) {
        target.spill = std::make_unique<RowSpill>();
        if (!openSpill(target.spill.get()))
            return false;
        target.bucketWidth = bucketWidth();
    }
    if (!loadStore(store, target))
        return false;
    if (target.spill)
        return writeSpilled(store, target, count, rewritten);
    m_progress->start(store == EventChunks::Store::Events ? QStringLiteral("Sorting events")
                                                          : QStringLiteral("Sorting sessions"),
                      0);
    bool changed = false;
    const std::vector<quint32> order = mergeEvents(&target.table, target.stored, m_remap, &changed);
    m_progress->end();
    if (m_progress->isCancelled()) {
        m_error = QStringLiteral("cancelled");
        return false;
    }
    *count = qint64(order.size());
    *rewritten = changed;
    target.written = true;
    if (changed && !EventChunks::save(m_db, store, target.table, order, m_progress, &m_error))
        return false;
    target.table = EventTable(); // done with it: free the memory for the next file
    return true;
}

bool SyncRun::run(const QString& folder)
{
    QDir dir(folder);
    const bool streamsOnly = folder.isEmpty() && !m_options.streams.isEmpty();
    if (!streamsOnly && !dir.exists()) {
        m_error = QStringLiteral("%1: no such folder").arg(folder);
        return false;
    }
    if (!m_options.mapping) {
        m_options.mapping.emplace();
        if (!ExportMapping::load(m_cache, &*m_options.mapping, &m_error))
            return false;
    }
    const ExportMapping& mapping = *m_options.mapping;
    SyncPlan& plan = m_summary->plan;
    if (!streamsOnly) {
        if (!planExportFolder(folder, mapping, &plan, &m_error))
            return false;
        // A folder read together with streams may hold no files of its own.
        if (!plan.tables.isEmpty() || m_options.streams.isEmpty()) {
            m_error = plan.blockingProblem();
            if (!m_error.isEmpty())
                return false;
        }
    }
    struct Found
    {
        const ExportFormat::FileSpec* spec;
        QString path;
        const SyncOptions::TableStream* stream = nullptr;
    };
    std::vector<Found> found;
    for (const auto& spec : ExportFormat::files()) {
        QString match;
        for (const auto& t : plan.tables) {
            if (t.table == spec.table)
                match = t.path;
        }
        const SyncOptions::TableStream* stream = nullptr;
        for (const auto& st : m_options.streams) {
            if (st.table == spec.table)
                stream = &st;
        }
        if (stream && !match.isEmpty()) {
            m_error = QStringLiteral("%1: both %2 and %3 hold %4: keep one")
                          .arg(folder, QFileInfo(match).fileName(), stream->name,
                               QLatin1String(spec.tableName));
            return false;
        }
        if (stream)
            found.push_back({&spec, stream->name, stream});
        else if (!match.isEmpty())
            found.push_back({&spec, match});
    }
    if (found.empty()) {
        m_error = QStringLiteral("%1: no export files (expected events.csv, users.csv, "
                                 "accounts.csv, ...)")
                      .arg(folder);
        return false;
    }
    if (m_options.skipBadRows && m_options.rejectsPath.isEmpty())
        m_options.rejectsPath = m_cache.path() + QStringLiteral(".rejects.csv");

    if (!m_db.exec("BEGIN IMMEDIATE", &m_error))
        return false;
    if (!loadDictionaries())
        return false;
    const qint64 started = QDateTime::currentMSecsSinceEpoch();

    for (const Found& f : found) {
        SyncTableSummary s;
        s.table = QLatin1String(f.spec->tableName);
        s.file = f.path;
        CsvReader reader;
        if (f.stream)
            reader.openStream(f.stream->read, f.path, f.stream->firstLine);
        else if (!reader.open(f.path, &m_error))
            return false;
        ExportFormat::Header header;
        if (!ExportFormat::readHeader(reader, *f.spec,
                                      mapping.columns.value(QLatin1String(f.spec->tableName)),
                                      &header, &m_error))
            return false;
        m_columnNames = header.names;
        m_progress->start(
            QStringLiteral("Reading %1").arg(f.stream ? f.path : QFileInfo(f.path).fileName()),
            f.stream ? f.stream->expectedBytes : reader.fileSize());
        bool ok = false;
        switch (f.spec->table) {
        case Table::Team:
            ok = readTeam(reader, header, s);
            break;
        case Table::Accounts:
            ok = readAccounts(reader, header, s);
            break;
        case Table::Users:
            ok = readUsers(reader, header, s);
            break;
        case Table::UserMigrations:
            ok = readMigrations(reader, header, s);
            break;
        case Table::Sessions:
            ok = readChunked(EventChunks::Store::Sessions, reader, header, s,
                             f.stream ? f.stream->expectedRows : 0);
            break;
        case Table::Events:
            ok = readChunked(EventChunks::Store::Events, reader, header, s,
                             f.stream ? f.stream->expectedRows : 0);
            break;
        case Table::CampaignTouches:
            ok = readTouches(reader, header, s);
            break;
        }
        if (!ok)
            return false;
        if (reader.hasError()) {
            // A malformed record (quote, UTF-8, ...) cannot be skipped safely: its end is unknown.
            m_error = reader.errorString();
            return false;
        }
        // A small file never reaches a periodic check: honour a cancel at its end.
        if (!m_progress->update(f.stream ? reader.position() : reader.fileSize())) {
            m_error = QStringLiteral("cancelled");
            return false;
        }
        m_progress->end();
        // Skipping bad rows is for a few rows: a file none of whose rows is good was read
        // wrongly (another date order, another file), and landing nothing of it hides that.
        if (s.rows > 0 && s.landed == 0 && s.rejected == s.rows) {
            m_error = QStringLiteral("%1: none of its %2 rows landed (all were rejected, "
                                     "see %3)")
                          .arg(f.path)
                          .arg(s.rows)
                          .arg(m_options.rejectsPath);
            return false;
        }
        m_summary->tables.append(s);
    }
    if (!writeEvents())
        return false;

    // On disk before the commit (a full disk fails the sync), in place only after it.
    if (m_rejects && !m_rejects->finish(&m_error))
        return false;
    QByteArray rows = "{";
    for (const auto& t : m_summary->tables) {
        if (rows.size() > 1)
            rows += ',';
        rows += '"' + t.table.toUtf8() + "\":" + QByteArray::number(t.landed);
    }
    rows += '}';
    Statement log;
    if (!prepare(&log, "INSERT INTO sync_log(started_ms, finished_ms, source, mode, rows, "
                       "rejected, created_users) VALUES (?, ?, ?, ?, ?, ?, ?)"))
        return false;
    log.bind(1, started);
    log.bind(2, QDateTime::currentMSecsSinceEpoch());
    log.bind(3, m_options.source.isEmpty() ? QDir(folder).absolutePath() : m_options.source);
    log.bind(4, m_options.mode.isEmpty() ? QStringLiteral("csv") : m_options.mode);
    log.bind(5, std::string_view(rows.constData(), size_t(rows.size())));
    log.bind(6, m_summary->rejected);
    log.bind(7, m_summary->createdUsers);
    if (!step(log))
        return false;
    if (m_options.beforeCommit && !m_options.beforeCommit(m_db, &m_error))
        return false;
    m_progress->start(QStringLiteral("Committing"), 0);
    const bool committed = m_db.exec("COMMIT", &m_error);
    m_progress->end();
    if (committed && m_rejects) {
        // The sync has landed whatever happens here: a failure is reported beside it.
        if (m_rejects->commit(&m_summary->rejectsError))
            m_summary->rejectsPath = m_options.rejectsPath;
    }
    return committed;
}

Status syncExportFolder(Cache& cache, const QString& folder, const SyncOptions& options,
                        Progress* progress, SyncSummary* summary, QString* error)
{
    QElapsedTimer timer;
    timer.start();
    SyncSummary local;
    SyncSummary* out = summary ? summary : &local;
    *out = SyncSummary();
    out->folder = folder;
    bool ok = false;
    QString why;
    StopRecorder stop(progress);
    {
        SyncRun sync(cache, options, &stop, out);
        ok = sync.run(folder);
        why = sync.error();
    } // Its statements are finalised: none keeps a read open that would stop the WAL truncation.
    if (!ok)
        cache.rollback();
    out->elapsedMs = timer.elapsed();
    if (ok)
        return Status::done();
    if (stop.stopped())
        return Status::cancelled();
    if (error)
        *error = why;
    return Status::failed(why);
}

} // namespace pulsebook
