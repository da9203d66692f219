#include "Database.h"

#include <QFile>
#include <QFileInfo>
#include <QUrl>

#include <sqlite3.h>

#include <cerrno>
#include <cstring>

namespace pulsebook {

Statement::~Statement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_stmt(other.m_stmt), m_failed(other.m_failed)
{
    other.m_stmt = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = other.m_stmt;
        m_failed = other.m_failed;
        other.m_stmt = nullptr;
    }
    return *this;
}

void Statement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void Statement::bind(int index, double value)
{
    sqlite3_bind_double(m_stmt, index, value);
}

void Statement::bind(int index, std::string_view text)
{
    sqlite3_bind_text(m_stmt, index, text.data(), int(text.size()), SQLITE_TRANSIENT);
}

void Statement::bind(int index, const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void Statement::bindBlob(int index, const void* data, qsizetype size)
{
    sqlite3_bind_blob64(m_stmt, index, data, sqlite3_uint64(size), SQLITE_TRANSIENT);
}

void Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_failed = true;
    return false;
}

bool Statement::run(QString* error)
{
    while (step()) {
    }
    const bool ok = !m_failed;
    if (!ok && error)
        *error = errorString();
    reset();
    return ok;
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_failed = false;
}

QString sqliteError(sqlite3* db)
{
    if (!db)
        return QStringLiteral("database not open");
    QString message = QString::fromUtf8(sqlite3_errmsg(db));
    // SQLite's own text for these ("database or disk is full", "disk I/O error") hides which
    // of them it was; errno tells.
    switch (sqlite3_extended_errcode(db) & 0xff) { // the primary code
    case SQLITE_FULL:
        // SQLite reports a write that hit ENOSPC without the errno. The other cause, the
        // max_page_count limit, is never reached: it is terabytes at Pulsebook's page size.
        message += QStringLiteral(": ") + QString::fromLocal8Bit(std::strerror(ENOSPC));
        break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        if (const int system = sqlite3_system_errno(db); system != 0)
            message += QStringLiteral(": ") + QString::fromLocal8Bit(std::strerror(system));
        break;
    default:
        break;
    }
    return message;
}

QString Statement::errorString() const
{
    return sqliteError(m_db);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

qint64 Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

QString Statement::text(int column) const
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, column)) : QString();
}

std::string_view Statement::textView(int column) const
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return p ? std::string_view(p, size_t(sqlite3_column_bytes(m_stmt, column)))
             : std::string_view();
}

QByteArray Statement::blob(int column) const
{
    const auto v = blobView(column);
    return QByteArray(v.data(), qsizetype(v.size()));
}

std::string_view Statement::blobView(int column) const
{
    const auto* p = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    return p ? std::string_view(p, size_t(sqlite3_column_bytes(m_stmt, column)))
             : std::string_view();
}

Database::~Database()
{
    close();
}

bool Database::open(const QString& path, bool create, QString* error)
{
    return openWith(path, Access::ReadWrite, create, error);
}

bool Database::openReadOnly(const QString& path, bool immutable, QString* error)
{
    return openWith(path, immutable ? Access::Immutable : Access::ReadOnly, false, error);
}

bool Database::openLike(const Database& other, QString* error)
{
    return openWith(other.m_path, other.m_access, false, error);
}

bool Database::openWith(const QString& path, Access access, bool create, QString* error)
{
    close();
    int flags = SQLITE_OPEN_NOMUTEX;
    if (access == Access::ReadWrite)
        flags |= SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    else
        flags |= SQLITE_OPEN_READONLY;
    QByteArray name = QFile::encodeName(path);
    if (access == Access::Immutable) {
        // Only a URI can say "immutable"; QUrl escapes the ? # and % a path may hold.
        name = QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toEncoded() + "?immutable=1";
        flags |= SQLITE_OPEN_URI;
    }
    const int rc = sqlite3_open_v2(name.constData(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        if (error)
            *error =
                QStringLiteral("%1: cannot open: %2")
                    .arg(path, m_db ? sqliteError(m_db) : QString::fromUtf8(sqlite3_errstr(rc)));
        close();
        return false;
    }
    sqlite3_busy_timeout(m_db, 5000);
    sqlite3_extended_result_codes(m_db, 1);
    m_path = path;
    m_access = access;
    return true;
}

void Database::close()
{
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

bool Database::exec(const char* sql, QString* error)
{
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
        if (error)
            *error = errorString();
        return false;
    }
    return true;
}

Statement Database::prepare(const char* sql, QString* error)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
        if (error)
            *error = errorString();
        return {};
    }
    return Statement(m_db, stmt);
}

qint64 Database::scalar(const char* sql, qint64 fallback)
{
    Statement s = prepare(sql, nullptr);
    if (s.isValid() && s.step() && !s.isNull(0))
        return s.int64(0);
    return fallback;
}

QString Database::errorString() const
{
    return sqliteError(m_db);
}

} // namespace pulsebook
