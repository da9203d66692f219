#include "Cache.h"

#include "EventTable.h"

#include <sqlite3.h>

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <algorithm>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pulsebook {

namespace {

// Migration N takes the schema from version N - 1 to N. Never edit a shipped migration: add one.
const char* const Migrations[] = {
    // 1: the first schema.
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE event_types(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE property_keys(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE team(
    person TEXT PRIMARY KEY, role TEXT, manager TEXT, properties TEXT) WITHOUT ROWID;
CREATE TABLE accounts(
    account_id TEXT PRIMARY KEY, name TEXT, csm TEXT, metrics_group TEXT,
    renewal_date INTEGER, arr REAL, sentiment TEXT, has_success_plan INTEGER,
    last_success_plan_update INTEGER, last_ebr INTEGER, last_exec_sponsor_activity INTEGER,
    last_champion_activity INTEGER, last_exec_meeting INTEGER, open_new_arr REAL,
    wins_past_year INTEGER, products_adopted INTEGER, renewal_outcome TEXT,
    properties TEXT) WITHOUT ROWID;
CREATE INDEX accounts_csm ON accounts(csm);
CREATE TABLE users(
    uid INTEGER PRIMARY KEY, user_id TEXT NOT NULL UNIQUE, identity TEXT, email TEXT,
    account_id TEXT, joindate INTEGER, last_modified INTEGER,
    from_events INTEGER NOT NULL DEFAULT 0, merged_into INTEGER, properties TEXT);
CREATE INDEX users_account ON users(account_id);
CREATE TABLE campaign_touches(
    uid INTEGER NOT NULL, campaign TEXT NOT NULL, time INTEGER NOT NULL, stage TEXT NOT NULL,
    properties TEXT, PRIMARY KEY(uid, campaign, stage, time)) WITHOUT ROWID;
CREATE TABLE user_migrations(
    from_user_id TEXT PRIMARY KEY, to_user_id TEXT NOT NULL, time INTEGER) WITHOUT ROWID;
CREATE TABLE event_chunks(
    chunk INTEGER PRIMARY KEY, first_uid INTEGER NOT NULL, last_uid INTEGER NOT NULL,
    min_time INTEGER NOT NULL, max_time INTEGER NOT NULL, events INTEGER NOT NULL,
    data BLOB NOT NULL);
CREATE INDEX event_chunks_user ON event_chunks(first_uid, last_uid);
CREATE INDEX event_chunks_size ON event_chunks(chunk, events);
CREATE TABLE session_chunks(
    chunk INTEGER PRIMARY KEY, first_uid INTEGER NOT NULL, last_uid INTEGER NOT NULL,
    min_time INTEGER NOT NULL, max_time INTEGER NOT NULL, events INTEGER NOT NULL,
    data BLOB NOT NULL);
CREATE INDEX session_chunks_user ON session_chunks(first_uid, last_uid);
CREATE INDEX session_chunks_size ON session_chunks(chunk, events);
CREATE TABLE event_values(id INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE session_values(id INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE sync_log(
    id INTEGER PRIMARY KEY, started_ms INTEGER NOT NULL, finished_ms INTEGER NOT NULL,
    source TEXT NOT NULL, mode TEXT NOT NULL, rows TEXT NOT NULL,
    rejected INTEGER NOT NULL, created_users INTEGER NOT NULL);
)sql",
    // 2: the usage rollup computed in a warehouse (per user, for every user of the company,
    // also those whose events were not synced).
    R"sql(
CREATE TABLE user_rollup(
    user_id TEXT PRIMARY KEY, account_id TEXT, sessions_30d INTEGER NOT NULL,
    sessions_90d INTEGER NOT NULL, last_session INTEGER, kpi_counts TEXT NOT NULL,
    as_of INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX user_rollup_account ON user_rollup(account_id);
)sql",
    // 3: the latest event time each sync left in the cache, so that "since the last sync"
    // (Today) knows the data's as-of time then. A trigger fills it for every sync, whatever code
    // writes the log row (in the sync's transaction, after its events are written).
    R"sql(
ALTER TABLE sync_log ADD COLUMN latest_event_ms INTEGER;
CREATE TRIGGER sync_log_latest_event AFTER INSERT ON sync_log
WHEN NEW.latest_event_ms IS NULL
BEGIN
    UPDATE sync_log SET latest_event_ms = (SELECT MAX(max_time) FROM event_chunks)
    WHERE id = NEW.id;
END;
)sql",
};

constexpr int MigrationCount = int(sizeof(Migrations) / sizeof(Migrations[0]));
static_assert(MigrationCount == Cache::SchemaVersion, "one migration per schema version");

} // namespace

struct Cache::Schema
{
    qint64 tables = 0;      // in sqlite_schema
    bool pulsebook = false; // it has the schema_version table
    qint64 version = 0;     // 0: no version recorded yet
    QString versionText;    // as stored, for the message when it is not a whole number
    bool wholeNumber = true;
};

namespace {

// Schema versions above this are taken for damage rather than for a newer Pulsebook.
constexpr qint64 PlausibleVersions = 1000;
// As long as Database's busy timeout.
constexpr int BusyTimeoutMs = 5000;

// Whether a read opens the cache immutable (no locks, no -wal or -shm file), only where no
// write can be under way because there is no -wal file:
// - in a folder it cannot write to, where SQLite cannot make the -shm file it needs;
// - when it runs as a user who neither owns the cache nor is root. A read-only connection cannot
//   remove the -wal and -shm files it creates; SQLite gives them the cache's mode, and its owner
//   only when it runs as root, so that user would leave files the owner's next sync cannot
//   write to. (A sync that starts during such a read may show it torn pages; it never changes
//   the cache.)
bool readImmutable(const QString& path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0 ||
        QFileInfo::exists(path + QStringLiteral("-wal")))
        return false;
    const QByteArray folder = QFile::encodeName(QFileInfo(path).absolutePath());
    if (::faccessat(AT_FDCWD, folder.constData(), W_OK, AT_EACCESS) != 0)
        return true;
    const uid_t me = ::geteuid();
    return me != 0 && me != st.st_uid;
}

} // namespace

bool Cache::fail(QString* error, const QString& problem)
{
    if (error)
        *error = QStringLiteral("%1: %2").arg(m_path, problem);
    m_db.close();
    return false;
}

bool Cache::open(const QString& path, bool create, QString* error)
{
    m_db.close();
    m_path = path;
    m_created = false;
    const QByteArray native = QFile::encodeName(path);
    // A writer makes -wal and -shm files beside the cache: say so rather than fail later on them.
    const QByteArray folder = QFile::encodeName(QFileInfo(path).absolutePath());
    if (::faccessat(AT_FDCWD, folder.constData(), W_OK, AT_EACCESS) != 0)
        return fail(error, QStringLiteral("cannot write to its folder: %1")
                               .arg(QString::fromLocal8Bit(strerror(errno))));
    // Another attempt only when a failed first sync removed the file while we opened it.
    for (int attempt = 0; attempt < 3; ++attempt) {
        bool created = false;
        if (!QFileInfo::exists(path)) {
            if (!create)
                return fail(error, QStringLiteral("no such cache"));
            // Create it 0600 before SQLite touches it: it holds e-mail addresses.
            const int fd =
                ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            if (fd >= 0)
                ::close(fd);
            else if (errno != EEXIST)
                return fail(error, QStringLiteral("cannot create: %1")
                                       .arg(QString::fromLocal8Bit(strerror(errno))));
            // EEXIST: another first sync created it a moment ago. It is opened like any existing
            // cache; its schema is made under the write lock (migrate), which waits for theirs.
            created = fd >= 0;
        }
        if (!m_db.open(path, false, error)) {
            if (create && !QFileInfo::exists(path))
                continue;
            return false;
        }
        Schema schema;
        if (!readSchema(&schema, error) || !checkSchema(schema, create, error))
            return false;
        int moved = 0;
        sqlite3_file_control(m_db.handle(), "main", SQLITE_FCNTL_HAS_MOVED, &moved);
        if (moved) { // removed after a failed first sync (discardIfNew)
            m_db.close();
            continue;
        }
        // Big pages: event chunks are blobs of about a megabyte, read and written whole. Only
        // takes effect on a new, empty file.
        if (schema.version == 0)
            m_db.exec("PRAGMA page_size=65536", nullptr);
        // SQLite gives -wal and -shm files the mode of the database file. Switching a new file
        // to WAL needs it alone for a moment, and SQLite does not wait for that (no busy
        // handler): a second first sync waits here, as long as for the write lock.
        QString why;
        QElapsedTimer waited;
        waited.start();
        while (!m_db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                          "PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY;",
                          &why)) {
            if ((sqlite3_extended_errcode(m_db.handle()) & 0xff) != SQLITE_BUSY ||
                waited.elapsed() > BusyTimeoutMs)
                return fail(error, QStringLiteral("cannot open: %1").arg(why));
            QThread::msleep(10);
        }
        if (schema.version < SchemaVersion && !migrate(create, error))
            return false;
        m_created = created;
        return true;
    }
    return fail(error, QStringLiteral("removed again and again while it was being opened"));
}

bool Cache::openForReading(const QString& path, QString* error)
{
    m_db.close();
    m_path = path;
    m_created = false;
    if (!QFileInfo::exists(path))
        return fail(error, QStringLiteral("no such cache"));
    if (!m_db.openReadOnly(path, readImmutable(path), error))
        return false;
    Schema schema;
    if (!readSchema(&schema, error) || !checkSchema(schema, false, error))
        return false;
    // A cache of an older Pulsebook is migrated once, the one write a read may do, so that an
    // upgrade does not make every cache unreadable until its next sync.
    if (schema.version < SchemaVersion)
        return open(path, false, error);
    m_db.exec("PRAGMA temp_store=MEMORY", nullptr);
    return true;
}

bool Cache::readSchema(Schema* schema, QString* error)
{
    // Reads only: a file that turns out not to be a cache stays byte for byte as it was.
    QString why;
    Statement tables = m_db.prepare(
        "SELECT COUNT(*), COALESCE(SUM(type = 'table' AND name = 'schema_version'), 0) "
        "FROM sqlite_schema",
        &why);
    if (!tables.isValid() || !tables.step()) {
        if (tables.isValid())
            why = tables.errorString();
        return fail(error, (sqlite3_extended_errcode(m_db.handle()) & 0xff) == SQLITE_NOTADB
                               ? QStringLiteral("not a Pulsebook cache (%1)").arg(why)
                               : QStringLiteral("cannot read: %1").arg(why));
    }
    schema->tables = tables.int64(0);
    schema->pulsebook = tables.int64(1) > 0;
    if (!schema->pulsebook)
        return true;
    Statement version = m_db.prepare("SELECT COUNT(*), MAX(version), "
                                     "COALESCE(SUM(typeof(version) <> 'integer'), 0) "
                                     "FROM schema_version",
                                     &why);
    if (!version.isValid() || !version.step())
        return fail(error, QStringLiteral("cannot read the schema version: %1")
                               .arg(version.isValid() ? version.errorString() : why));
    schema->version = version.int64(0) > 0 ? version.int64(1) : 0;
    schema->versionText = version.text(1);
    schema->wholeNumber = version.int64(2) == 0;
    return true;
}

bool Cache::checkSchema(const Schema& schema, bool mayInitialise, QString* error)
{
    if (!schema.pulsebook && schema.tables > 0)
        return fail(error, QStringLiteral("not a Pulsebook cache (an SQLite database without "
                                          "Pulsebook's schema_version table)"));
    if (schema.version == 0 && schema.wholeNumber) {
        if (mayInitialise)
            return true;
        return fail(error, QStringLiteral("not a Pulsebook cache (the file is empty)"));
    }
    if (schema.wholeNumber && schema.version > SchemaVersion && schema.version < PlausibleVersions)
        return fail(error, QStringLiteral("made by a newer Pulsebook (schema %1; this one reads up "
                                          "to %2)")
                               .arg(schema.version)
                               .arg(SchemaVersion));
    if (!schema.wholeNumber || schema.version < 1 || schema.version > SchemaVersion)
        return fail(error, QStringLiteral("damaged: schema version %1 is none that Pulsebook "
                                          "knows (1 to %2); the file is left unchanged")
                               .arg(schema.versionText)
                               .arg(SchemaVersion));
    return true;
}

bool Cache::migrate(bool mayInitialise, QString* error)
{
    // The check and every migration happen under the write lock, in one transaction: two first
    // syncs of a new file see either no schema or all of it, never half.
    QString why;
    if (!m_db.exec("BEGIN IMMEDIATE", &why))
        return fail(error, QStringLiteral("cannot take the write lock: %1").arg(why));
    Schema schema;
    if (!readSchema(&schema, error) || !checkSchema(schema, mayInitialise, error))
        return false;
    bool ok = schema.pulsebook ||
              m_db.exec("CREATE TABLE schema_version(version INTEGER NOT NULL)", &why);
    qint64 v = schema.version + 1;
    for (; ok && v <= SchemaVersion; ++v)
        ok = m_db.exec(Migrations[v - 1], &why);
    if (ok && schema.version < SchemaVersion) {
        Statement insert = m_db.prepare("INSERT INTO schema_version(version) VALUES (?)", &why);
        insert.bind(1, qint64(SchemaVersion));
        ok = m_db.exec("DELETE FROM schema_version", &why) && insert.run(&why);
    }
    if (!ok || !m_db.exec("COMMIT", &why)) {
        m_db.exec("ROLLBACK", nullptr);
        return fail(error, QStringLiteral("migration to schema %1 failed: %2")
                               .arg(std::min<qint64>(v, SchemaVersion))
                               .arg(why));
    }
    return true;
}

void Cache::rollback()
{
    m_db.exec("ROLLBACK", nullptr);
    // The rolled-back pages stay in the WAL (up to the size of the whole sync) until a
    // checkpoint; TRUNCATE gives the space back now. A reader still in the WAL makes it wait:
    // do not, the next write reuses the file.
    sqlite3_busy_timeout(m_db.handle(), 0);
    m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)", nullptr);
    sqlite3_busy_timeout(m_db.handle(), BusyTimeoutMs);
}

void Cache::discardIfNew()
{
    const bool created =
        m_created && m_db.isOpen() && m_db.scalar("SELECT COUNT(*) FROM sync_log", 1) == 0;
    m_db.close();
    m_created = false;
    if (!created)
        return;
    // Every open connection to a WAL database holds a shared lock on its file: an exclusive
    // one says nobody else has it open. Held while the files go, so that one who opens the path
    // meanwhile waits, then finds the file moved (open) and creates a new one.
    Database last;
    if (!last.open(m_path, false, nullptr) ||
        !last.exec("PRAGMA busy_timeout=0; PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE",
                   nullptr) ||
        last.scalar("SELECT COUNT(*) FROM sync_log", 1) != 0)
        return;
    for (const char* suffix : {"-wal", "-shm", ""})
        QFile::remove(m_path + QLatin1String(suffix));
    last.exec("ROLLBACK", nullptr);
}

int Cache::schemaVersion()
{
    return int(m_db.scalar("SELECT MAX(version) FROM schema_version", 0));
}

QStringList Cache::dataTables()
{
    return {QStringLiteral("team"),           QStringLiteral("accounts"),
            QStringLiteral("users"),          QStringLiteral("sessions"),
            QStringLiteral("events"),         QStringLiteral("campaign_touches"),
            QStringLiteral("user_migrations")};
}

QList<TableRows> Cache::rowCounts()
{
    // One read transaction: the counts of one snapshot, never half a sync.
    const bool own = sqlite3_get_autocommit(m_db.handle()) != 0;
    if (own)
        m_db.exec("BEGIN", nullptr);
    QList<TableRows> result;
    for (const QString& table : dataTables()) {
        qint64 rows = 0;
        if (table == QLatin1String("events")) {
            rows = EventChunks::count(m_db, EventChunks::Store::Events);
        } else if (table == QLatin1String("sessions")) {
            rows = EventChunks::count(m_db, EventChunks::Store::Sessions);
        } else {
            // Table names come from the fixed list above, never from input.
            const QByteArray sql = "SELECT COUNT(*) FROM " + table.toLatin1();
            rows = m_db.scalar(sql.constData());
        }
        result.append({table, rows});
    }
    if (own)
        m_db.exec("COMMIT", nullptr);
    return result;
}

qint64 Cache::latestEventMs()
{
    return m_db.scalar("SELECT MAX(max_time) FROM event_chunks", 0);
}

qint64 Cache::defaultAsOfMs()
{
    const qint64 latest = latestEventMs();
    if (latest == 0 && EventChunks::count(m_db, EventChunks::Store::Events) == 0)
        return 0;
    const qint64 day = 86400000;
    const qint64 start = latest >= 0 ? latest / day * day : -((-latest + day - 1) / day) * day;
    return start + day;
}

QList<SyncLogEntry> Cache::syncLog(int limit)
{
    QList<SyncLogEntry> result;
    Statement s =
        m_db.prepare("SELECT id, started_ms, finished_ms, source, mode, rows, rejected, "
                     "created_users, latest_event_ms FROM sync_log ORDER BY id DESC LIMIT ?",
                     nullptr);
    if (!s.isValid())
        return result;
    s.bind(1, qint64(limit));
    while (s.step()) {
        SyncLogEntry e;
        e.id = s.int64(0);
        e.startedMs = s.int64(1);
        e.finishedMs = s.int64(2);
        e.source = s.text(3);
        e.mode = s.text(4);
        e.rowsJson = s.text(5);
        e.rejected = s.int64(6);
        e.createdUsers = s.int64(7);
        e.latestEventMs = s.isNull(8) ? -1 : s.int64(8);
        result.append(e);
    }
    return result;
}

bool Cache::setMeta(const char* key, const QString& value, QString* error)
{
    Statement s = m_db.prepare("INSERT INTO meta(key, value) VALUES (?, ?) "
                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                               error);
    if (!s.isValid())
        return false;
    s.bind(1, std::string_view(key));
    s.bind(2, value);
    return s.run(error);
}

QString Cache::meta(const char* key)
{
    Statement s = m_db.prepare("SELECT value FROM meta WHERE key = ?", nullptr);
    if (!s.isValid())
        return {};
    s.bind(1, std::string_view(key));
    return s.step() ? s.text(0) : QString();
}

} // namespace pulsebook
