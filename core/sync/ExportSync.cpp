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

namespace SyncText {

QString qs(std::string_view v)
{
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

void appendJsonString(QByteArray* out, std::string_view v)
{
    out->append('"');
    for (char c : v) {
        switch (c) {
        case '"':
            out->append("\\\"");
            break;
        case '\\':
            out->append("\\\\");
            break;
        case '\n':
            out->append("\\n");
            break;
        case '\r':
            out->append("\\r");
            break;
        case '\t':
            out->append("\\t");
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out->append("\\u00");
                out->append(hex[(c >> 4) & 0xF]);
                out->append(hex[c & 0xF]);
            } else
                out->append(c);
        }
    }
    out->append('"');
}

} // namespace SyncText

using namespace SyncText;
using ExportFormat::Table;

bool SyncRun::prepare(Statement* s, const char* sql)
{
    *s = m_db.prepare(sql, &m_error);
    return s->isValid();
}

bool SyncRun::step(Statement& s)
{
    return s.run(&m_error);
}

bool SyncRun::keepGoing(CsvReader& r)
{
    if (!m_progress->update(r.bytesRead())) {
        m_error = QStringLiteral("cancelled");
        return false;
    }
    return true;
}

bool SyncRun::reject(CsvReader& r, const QString& message, SyncTableSummary& s)
{
    if (!m_options.skipBadRows) {
        m_error = message;
        return false;
    }
    if (!m_rejects) {
        m_rejects = std::make_unique<CsvWriter>();
        if (!m_rejects->open(m_options.rejectsPath, &m_error))
            return false;
        for (const char* h : {"file", "line", "reason", "record"})
            m_rejects->text(std::string_view(h));
        m_rejects->endRow();
    }
    m_rejects->text(r.displayName());
    m_rejects->number(r.line());
    // The reason without the "file:line:column: " prefix, which the first two cells carry.
    const QString prefix = r.displayName() + QLatin1Char(':');
    QString reason = message;
    if (reason.startsWith(prefix)) {
        const int colon = reason.indexOf(QLatin1String(": "), prefix.size());
        if (colon > 0)
            reason = reason.mid(colon + 2);
    }
    m_rejects->text(reason);
    m_rejects->text(r.rawRecord());
    m_rejects->endRow();
    ++s.rejected;
    ++m_summary->rejected;
    return true;
}

bool SyncRun::nextRow(CsvReader& r, const ExportFormat::Header& h, SyncTableSummary& s, bool* stop)
{
    while (r.next()) {
        ++s.rows;
        QString why = r.nulError();
        if (why.isEmpty() && r.fieldCount() == h.fieldCount)
            return true;
        if (why.isEmpty())
            why = r.recordError(QStringLiteral("expected %1 fields, found %2")
                                    .arg(h.fieldCount)
                                    .arg(r.fieldCount()));
        if (!reject(r, why, s)) {
            *stop = true;
            return false;
        }
    }
    return false;
}

bool SyncRun::bindProperties(Statement& st, int index, CsvReader& r, const ExportFormat::Header& h)
{
    QByteArray props;
    if (!propertiesJson(r, h, &props))
        return false;
    if (props.isEmpty())
        st.bindNull(index);
    else
        st.bind(index, std::string_view(props.constData(), size_t(props.size())));
    return true;
}

bool SyncRun::landRow(Statement& st, CsvReader& r, SyncTableSummary& s)
{
    if (!step(st))
        return false;
    ++s.landed;
    return (s.rows & 1023) != 0 || keepGoing(r);
}

bool SyncRun::loadDictionaries()
{
    Statement s;
    if (!prepare(&s, "SELECT uid, user_id FROM users"))
        return false;
    m_uidOf.assign(1, 0);
    while (s.step()) {
        const quint32 uid = quint32(s.int64(0));
        const quint32 id = m_userIds.intern(s.textView(1));
        m_uidOf.resize(id + 1, 0);
        m_uidOf[id] = uid;
        m_nextUid = std::max(m_nextUid, uid + 1);
    }
    if (!prepare(&s, "SELECT id, name FROM property_keys"))
        return false;
    while (s.step())
        m_keys.insert(s.text(1), quint32(s.int64(0)));
    if (!prepare(&s, "SELECT id, name FROM event_types"))
        return false;
    m_typeIdOf.assign(1, 0);
    while (s.step()) {
        const quint32 id = m_typeNames.intern(s.textView(1));
        m_typeIdOf.resize(id + 1, 0);
        m_typeIdOf[id] = quint32(s.int64(0));
    }
    if (!prepare(&s, "SELECT from_user_id, to_user_id FROM user_migrations"))
        return false;
    while (s.step())
        m_merges.insert(s.text(0), s.text(1));
    return prepare(&m_insertUser, "INSERT INTO users(uid, user_id, from_events) VALUES (?, ?, 1)");
}

bool SyncRun::userFor(std::string_view userId, quint32* uid)
{
    const quint32 id = m_userIds.intern(userId);
    if (id < m_uidOf.size() && m_uidOf[id] != 0) {
        *uid = m_uidOf[id];
        return true;
    }
    // Never shrink: a user whose users.csv row was rejected holds a pool id but no uid, and
    // later users' uids sit above it.
    if (id >= m_uidOf.size())
        m_uidOf.resize(id + 1, 0);
    m_uidOf[id] = m_nextUid++;
    m_insertUser.bind(1, qint64(m_uidOf[id]));
    m_insertUser.bind(2, userId);
    if (!step(m_insertUser))
        return false;
    ++m_summary->createdUsers;
    *uid = m_uidOf[id];
    // A merged identity first seen after the merges were resolved (events.csv is read after
    // sessions.csv has been written) still moves to its surviving user.
    if (m_mergesResolved && !m_merges.isEmpty()) {
        const auto merge = m_merges.constFind(qs(userId));
        if (merge != m_merges.constEnd()) {
            if (!remapUser(*uid, merge.value()))
                return false;
            Statement mark;
            if (!prepare(&mark, "UPDATE users SET merged_into = ? WHERE uid = ?"))
                return false;
            mark.bind(1, qint64(m_remap[*uid]));
            mark.bind(2, qint64(*uid));
            if (!step(mark))
                return false;
        }
    }
    return true;
}

bool SyncRun::propertyKey(const QString& name, quint32* id)
{
    const auto it = m_keys.constFind(name);
    if (it != m_keys.constEnd()) {
        *id = it.value();
        return true;
    }
    Statement s;
    if (!prepare(&s, "INSERT INTO property_keys(name) VALUES (?)"))
        return false;
    s.bind(1, name);
    if (!step(s))
        return false;
    *id = quint32(m_db.scalar("SELECT last_insert_rowid()"));
    m_keys.insert(name, *id);
    return true;
}

bool SyncRun::propertiesJson(CsvReader& r, const ExportFormat::Header& h, QByteArray* out)
{
    out->clear();
    for (size_t k = 0; k < h.extraFields.size(); ++k) {
        const auto value = r.field(h.extraFields[k]);
        if (value.empty())
            continue;
        quint32 key;
        if (!propertyKey(h.extraNames[qsizetype(k)], &key))
            return false;
        out->append(out->isEmpty() ? '{' : ',');
        out->append('"').append(QByteArray::number(key)).append("\":");
        appendJsonString(out, value);
    }
    if (!out->isEmpty())
        out->append('}');
    return true;
}

bool SyncRun::bindTime(Statement& st, int index, CsvReader& r, int field, QString* why)
{
    if (field < 0 || r.field(field).empty()) {
        st.bindNull(index);
        return true;
    }
    qint64 ms;
    QString reason;
    if (!FieldParser::timestamp(r.field(field), &ms, &reason)) {
        *why = r.fieldError(field, reason);
        return false;
    }
    st.bind(index, ms);
    return true;
}

// Binds field `f` as text, or NULL when the column is absent or the field empty.

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
    // Match file names case-insensitively.
    const QStringList entries = streamsOnly ? QStringList() : dir.entryList(QDir::Files);
    struct Found
    {
        const ExportFormat::FileSpec* spec;
        QString path;
        const SyncOptions::TableStream* stream = nullptr;
    };
    std::vector<Found> found;
    for (const auto& spec : ExportFormat::files()) {
        QString match;
        for (const char* name : spec.files) {
            for (const QString& e : entries) {
                if (e.compare(QLatin1String(name), Qt::CaseInsensitive) != 0)
                    continue;
                if (!match.isEmpty()) {
                    m_error = QStringLiteral("%1: both %2 and %3 hold %4: keep one")
                                  .arg(folder, match, e, QLatin1String(spec.tableName));
                    return false;
                }
                match = e;
            }
        }
        const SyncOptions::TableStream* stream = nullptr;
        for (const auto& st : m_options.streams) {
            if (st.table == spec.table)
                stream = &st;
        }
        if (stream && !match.isEmpty()) {
            m_error = QStringLiteral("%1: both %2 and %3 hold %4: keep one")
                          .arg(folder, match, stream->name, QLatin1String(spec.tableName));
            return false;
        }
        if (stream)
            found.push_back({&spec, stream->name, stream});
        else if (!match.isEmpty())
            found.push_back({&spec, dir.filePath(match)});
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
        if (!ExportFormat::readHeader(reader, *f.spec, &header, &m_error))
            return false;
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

bool syncExportFolder(Cache& cache, const QString& folder, const SyncOptions& options,
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
    {
        SyncRun sync(cache, options, progress ? progress : silentProgress(), out);
        ok = sync.run(folder);
        why = sync.error();
    } // Its statements are finalised: none keeps a read open that would stop the WAL truncation.
    if (!ok) {
        cache.rollback();
        if (error)
            *error = why;
    }
    out->elapsedMs = timer.elapsed();
    return ok;
}

} // namespace pulsebook
