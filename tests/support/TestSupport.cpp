#include "TestSupport.h"

#include "Progress.h"
#include "cache/Cache.h"
#include "cache/EventTable.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportSync.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <sqlite3.h>

#include <algorithm>
#include <vector>

namespace pulsebook::test {

void writeFile(const QString& dir, const QString& name, const QByteArray& content)
{
    QDir().mkpath(dir);
    QFile f(dir + QLatin1Char('/') + name);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(f.errorString()));
    QCOMPARE(f.write(content), content.size());
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QString writeFlatCopy(const QString& cachePath, const QString& flatPath)
{
    Cache cache;
    QString error;
    if (!cache.open(cachePath, false, &error))
        return error;
    Database& src = cache.db();
    QFile::remove(flatPath);
    Database out;
    if (!out.open(flatPath, true, &error))
        return error;
    QHash<qint64, QString> keyNames;
    Statement keys = src.prepare("SELECT id, name FROM property_keys", &error);
    while (keys.step())
        keyNames.insert(keys.int64(0), keys.text(1));
    QHash<qint64, QString> typeNames;
    Statement types = src.prepare("SELECT id, name FROM event_types", &error);
    while (types.step())
        typeNames.insert(types.int64(0), types.text(1));
    // Users: EventIndex numbering.
    QHash<qint64, qint64> userOfUid;
    QHash<qint64, QString> idOfUid;
    out.exec("BEGIN", nullptr);
    out.exec("CREATE TABLE users(user INTEGER PRIMARY KEY, user_id TEXT, account_id TEXT, "
             "identity TEXT, email TEXT, joindate INTEGER, properties TEXT)",
             nullptr);
    Statement users = src.prepare("SELECT uid, user_id, account_id, identity, email, joindate, "
                                  "properties FROM users WHERE merged_into IS NULL ORDER BY uid",
                                  &error);
    Statement insertUser = out.prepare("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?)", &error);
    qint64 next = 0;
    while (users.step()) {
        userOfUid.insert(users.int64(0), next);
        idOfUid.insert(users.int64(0), users.text(1));
        insertUser.bind(1, next);
        insertUser.bind(2, users.text(1));
        for (int c = 2; c <= 4; ++c) {
            if (users.isNull(c))
                insertUser.bindNull(c + 1);
            else
                insertUser.bind(c + 1, users.text(c));
        }
        if (users.isNull(5))
            insertUser.bindNull(6);
        else
            insertUser.bind(6, users.int64(5));
        // Properties by name instead of key id.
        QJsonObject named;
        const QJsonObject byId = QJsonDocument::fromJson(users.text(6).toUtf8()).object();
        for (auto it = byId.begin(); it != byId.end(); ++it)
            named.insert(keyNames.value(it.key().toLongLong()), it.value());
        insertUser.bind(7, QString::fromUtf8(QJsonDocument(named).toJson(QJsonDocument::Compact)));
        if (!insertUser.run(&error))
            return error;
        ++next;
    }
    for (int store = 0; store < 2; ++store) {
        EventTable t;
        const auto which = store == 0 ? EventChunks::Store::Events : EventChunks::Store::Sessions;
        if (!EventChunks::load(src, which, &t, silentProgress(), &error))
            return error;
        if (store == 1) {
            out.exec("CREATE TABLE sessions(user_id TEXT, user INTEGER, time INTEGER, "
                     "session_id TEXT)",
                     nullptr);
            Statement ins = out.prepare("INSERT INTO sessions VALUES (?, ?, ?, ?)", &error);
            for (size_t i = 0; i < t.size(); ++i) {
                ins.bind(1, idOfUid.value(t.uid[i]));
                ins.bind(2, userOfUid.value(t.uid[i], -1));
                ins.bind(3, t.time[i]);
                const QByteArray id = t.idString(t.eventId[i]);
                ins.bind(4, std::string_view(id.constData(), size_t(id.size())));
                if (!ins.run(&error))
                    return error;
            }
            continue;
        }
        QByteArray create = "CREATE TABLE events(user_id TEXT, user INTEGER, time INTEGER, "
                            "event TEXT, event_id TEXT, numeric_id INTEGER, session_id TEXT";
        for (const auto& c : t.properties)
            create += ", \"" + keyNames.value(c.key).toUtf8().replace('"', "\"\"") + "\" TEXT";
        create += ")";
        if (!out.exec(create.constData(), &error))
            return error;
        QByteArray insertSql = "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?";
        for (size_t k = 0; k < t.properties.size(); ++k)
            insertSql += ", ?";
        insertSql += ")";
        Statement ins = out.prepare(insertSql.constData(), &error);
        for (size_t i = 0; i < t.size(); ++i) {
            ins.bind(1, idOfUid.value(t.uid[i]));
            ins.bind(2, userOfUid.value(t.uid[i], -1));
            ins.bind(3, t.time[i]);
            ins.bind(4, typeNames.value(t.type[i]));
            const QByteArray id = t.idString(t.eventId[i]);
            ins.bind(5, std::string_view(id.constData(), size_t(id.size())));
            if (t.eventId[i] >= 0)
                ins.bind(6, t.eventId[i]);
            else
                ins.bindNull(6);
            if (t.sessionId[i] == EventTable::NoSession) {
                ins.bindNull(7);
            } else {
                const QByteArray sid = t.idString(t.sessionId[i]);
                ins.bind(7, std::string_view(sid.constData(), size_t(sid.size())));
            }
            for (size_t k = 0; k < t.properties.size(); ++k) {
                const quint32 v = t.properties[k].values[i];
                if (v == 0)
                    ins.bindNull(int(8 + k));
                else
                    ins.bind(int(8 + k), t.values.at(v));
            }
            if (!ins.run(&error))
                return error;
        }
    }
    out.exec("CREATE INDEX events_user ON events(user, time)", nullptr);
    if (!out.exec("COMMIT", &error))
        return error;
    return {};
}

bool SyncedCache::load(const ExportFiles& files, QString* error)
{
    const QString folder = dir.filePath(QStringLiteral("export"));
    for (const auto& [name, content] : files)
        writeFile(folder, name, content);
    if (!cache.open(cachePath(), true, error))
        return false;
    if (!files.isEmpty() && !syncExportFolder(cache, folder, {}, nullptr, nullptr, error))
        return false;
    index = EventIndex::load(cache, nullptr, error);
    return index != nullptr;
}

bool SyncedCache::loadDemo(QString* error)
{
    const QString folder = dir.filePath(QStringLiteral("export"));
    DemoOptions options;
    options.users = 2000;
    options.events = 250000;
    if (!generateDemo(folder, options, nullptr, nullptr, error) ||
        !cache.open(cachePath(), true, error) ||
        !syncExportFolder(cache, folder, {}, nullptr, nullptr, error))
        return false;
    index = EventIndex::load(cache, nullptr, error);
    return index != nullptr;
}

QString dataPath(const QString& name)
{
    return QStringLiteral(PULSEBOOK_TEST_DATA_DIR "/") + name;
}

CliRun runCli(const QStringList& arguments)
{
    QProcess p;
    p.start(QStringLiteral(PULSEBOOK_CLI_PATH), arguments);
    CliRun r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QMap<QString, TableState> snapshot(const QString& cachePath, bool skipSyncLog)
{
    QMap<QString, TableState> result;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(cachePath).constData(), &db, SQLITE_OPEN_READONLY,
                        nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return result;
    }
    std::vector<QString> tables;
    sqlite3_stmt* list = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                       &list, nullptr);
    while (list && sqlite3_step(list) == SQLITE_ROW)
        tables.push_back(
            QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(list, 0))));
    sqlite3_finalize(list);
    for (const QString& table : tables) {
        if (skipSyncLog && table == QLatin1String("sync_log"))
            continue;
        const QByteArray sql = "SELECT * FROM \"" + table.toUtf8() + "\"";
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql.constData(), -1, &s, nullptr) != SQLITE_OK)
            continue;
        std::vector<QByteArray> rows;
        while (sqlite3_step(s) == SQLITE_ROW) {
            QByteArray row;
            for (int c = 0; c < sqlite3_column_count(s); ++c) {
                row += QByteArray::number(sqlite3_column_type(s, c)) + ':';
                const auto* p = static_cast<const char*>(sqlite3_column_blob(s, c));
                row += QByteArray(p, sqlite3_column_bytes(s, c)).toHex() + '|';
            }
            rows.push_back(row);
        }
        sqlite3_finalize(s);
        std::sort(rows.begin(), rows.end());
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (const auto& r : rows)
            hash.addData(r);
        result.insert(table, {qint64(rows.size()), hash.result().toHex()});
    }
    sqlite3_close(db);
    return result;
}

} // namespace pulsebook::test
