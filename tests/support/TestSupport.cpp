#include "TestSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
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

QString dataPath(const QString& name)
{
    return QStringLiteral(PULSEBOOK_TEST_DATA_DIR "/") + name;
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
