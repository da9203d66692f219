#include "Cache.h"

#include "EventTable.h"

#include <sqlite3.h>

#include <QFile>
#include <QFileInfo>

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
};

constexpr int MigrationCount = int(sizeof(Migrations) / sizeof(Migrations[0]));
static_assert(MigrationCount == Cache::SchemaVersion, "one migration per schema version");

} // namespace

bool Cache::open(const QString& path, bool create, QString* error)
{
    m_path = path;
    const QByteArray native = QFile::encodeName(path);
    if (!QFileInfo::exists(path)) {
        if (!create) {
            if (error)
                *error = QStringLiteral("%1: no such cache").arg(path);
            return false;
        }
        // Create it 0600 before SQLite touches it: it holds e-mail addresses.
        const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0) {
            if (error)
                *error = QStringLiteral("%1: cannot create: %2")
                             .arg(path, QString::fromLocal8Bit(strerror(errno)));
            return false;
        }
        ::close(fd);
    }
    if (!m_db.open(path, false, error))
        return false;
    // Big pages: event chunks are blobs of about a megabyte, read and written whole. Only
    // takes effect on a new, empty file.
    m_db.exec("PRAGMA page_size=65536", nullptr);
    // SQLite gives -wal and -shm files the mode of the database file.
    if (!m_db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                   "PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY;",
                   error)) {
        if (error)
            *error = QStringLiteral("%1: not a Pulsebook cache (%2)").arg(path, *error);
        m_db.close();
        return false;
    }
    if (!migrate(error)) {
        m_db.close();
        return false;
    }
    return true;
}

bool Cache::migrate(QString* error)
{
    QString why;
    if (!m_db.exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)", &why)) {
        if (error)
            *error = QStringLiteral("%1: not a Pulsebook cache (%2)").arg(m_path, why);
        return false;
    }
    const int version = schemaVersion();
    if (version > SchemaVersion) {
        if (error)
            *error = QStringLiteral("%1: made by a newer Pulsebook (schema %2; this one reads up "
                                    "to %3)")
                         .arg(m_path)
                         .arg(version)
                         .arg(SchemaVersion);
        return false;
    }
    for (int v = version + 1; v <= SchemaVersion; ++v) {
        // Each migration and its version number land together or not at all.
        bool ok = m_db.exec("BEGIN IMMEDIATE", &why) && m_db.exec(Migrations[v - 1], &why) &&
                  m_db.exec("DELETE FROM schema_version", &why);
        if (ok) {
            Statement insert = m_db.prepare("INSERT INTO schema_version(version) VALUES (?)", &why);
            insert.bind(1, qint64(v));
            ok = insert.run(&why) && m_db.exec("COMMIT", &why);
        }
        if (!ok) {
            m_db.exec("ROLLBACK", nullptr);
            if (error)
                *error = QStringLiteral("%1: migration to schema %2 failed: %3")
                             .arg(m_path)
                             .arg(v)
                             .arg(why);
            return false;
        }
    }
    return true;
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
    Statement s = m_db.prepare("SELECT id, started_ms, finished_ms, source, mode, rows, rejected, "
                               "created_users FROM sync_log ORDER BY id DESC LIMIT ?",
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
