#pragma once

#include <QString>
#include <QtGlobal>

#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace pulsebook {

// A prepared SQLite statement. Values are always bound, never spliced into SQL text.
class Statement
{
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool isValid() const { return m_stmt != nullptr; }

    void bind(int index, qint64 value);
    void bind(int index, double value);
    void bind(int index, std::string_view text); // copied by SQLite
    void bind(int index, const QString& text);
    void bindBlob(int index, const void* data, qsizetype size);
    void bindNull(int index);

    // Runs one step: true when a row is available; false when done or on an error.
    bool step();
    // Runs the statement to completion and resets it; false with *error on failure.
    bool run(QString* error);
    void reset();
    bool hasError() const { return m_failed; }
    QString errorString() const;

    bool isNull(int column) const;
    qint64 int64(int column) const;
    double real(int column) const;
    QString text(int column) const;
    std::string_view textView(int column) const;
    QByteArray blob(int column) const;
    std::string_view blobView(int column) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    bool m_failed = false;
};

// An open SQLite connection.
class Database
{
public:
    Database() = default;
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Opens (creating when `create`) the file; false with *error otherwise.
    bool open(const QString& path, bool create, QString* error);
    // Opens the file for reading only; `immutable`: SQLite takes no locks and creates no -wal
    // or -shm file, so the file must not change while it is open.
    bool openReadOnly(const QString& path, bool immutable, QString* error);
    // Opens another connection to the file `other` has open, the same way (read-write,
    // read-only or immutable).
    bool openLike(const Database& other, QString* error);
    void close();
    bool isOpen() const { return m_db != nullptr; }

    bool exec(const char* sql, QString* error);
    Statement prepare(const char* sql, QString* error);
    // One value from a query with no parameters, or `fallback`.
    qint64 scalar(const char* sql, qint64 fallback = 0);

    QString errorString() const;
    sqlite3* handle() const { return m_db; }

private:
    enum class Access { ReadWrite, ReadOnly, Immutable };
    bool openWith(const QString& path, Access access, bool create, QString* error);

    sqlite3* m_db = nullptr;
    QString m_path;
    Access m_access = Access::ReadWrite;
};

// The message of the last error on `db`; when SQLite failed on a system call (a full disk, an
// I/O error, a file it cannot open), also the system's reason, such as "No space left on device".
QString sqliteError(sqlite3* db);

} // namespace pulsebook
