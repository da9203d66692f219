#include "TodayStore.h"

#include "AppContext.h"

#include "present/ResultTable.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace pulsebook {

namespace TodayStore {

namespace {

// The file: a CBOR map {format, key, result, lines}; CBOR rather than JSON because the lists
// behind the lines (every stuck user's ID) make it a few megabytes on a big book, read at
// launch.
// A list of IDs as one text joined by U+001F (an ID never holds a control character; a list
// where one does, or a lone empty ID, stays an array): tens of thousands of stuck users' IDs
// read as one string and a split, not as as many CBOR items.
constexpr QChar Separator(0x1f);

QCborValue strings(const QStringList& list)
{
    const bool joinable = !(list.size() == 1 && list.first().isEmpty()) &&
                          std::none_of(list.begin(), list.end(),
                                       [](const QString& s) { return s.contains(Separator); });
    if (joinable)
        return list.join(Separator);
    QCborArray a;
    for (const QString& s : list)
        a.append(s);
    return a;
}

QStringList strings(const QCborValue& value)
{
    if (value.isString()) {
        const QString joined = value.toString();
        return joined.isEmpty() ? QStringList() : joined.split(Separator);
    }
    QStringList list;
    const QCborArray a = value.toArray();
    list.reserve(a.size());
    for (const QCborValue& v : a)
        list.append(v.toString());
    return list;
}

QCborValue cellValue(const ListCell& cell)
{
    switch (cell.kind) {
    case ListCell::Kind::Number:
        return cell.number;
    case ListCell::Kind::Time:
        return QCborMap{{QStringLiteral("t"), cell.timeMs}};
    case ListCell::Kind::Text:
        return cell.text;
    case ListCell::Kind::Missing:
        break;
    }
    return QCborValue(QCborValue::Null);
}

ListCell cellOf(const QCborValue& value)
{
    if (value.isDouble() || value.isInteger())
        return ListCell::ofNumber(value.toDouble());
    if (value.isString())
        return ListCell::ofText(value.toString());
    if (value.isMap())
        return ListCell::ofTime(value.toMap().value(QStringLiteral("t")).toInteger());
    return ListCell::missing();
}

QCborMap tableValue(const ResultTable& table)
{
    QCborArray columns;
    for (const ResultColumn& c : table.columns)
        columns.append(QCborMap{{QStringLiteral("id"), c.id},
                                {QStringLiteral("title"), c.title},
                                {QStringLiteral("kind"), int(c.kind)},
                                {QStringLiteral("decimals"), c.decimals},
                                {QStringLiteral("description"), c.description},
                                {QStringLiteral("status"), c.statusColumn}});
    QCborArray rows;
    for (const ResultRow& row : table.rows) {
        QCborArray cells;
        for (const ListCell& cell : row)
            cells.append(cellValue(cell));
        rows.append(cells);
    }
    return {{QStringLiteral("columns"), columns},
            {QStringLiteral("rows"), rows},
            {QStringLiteral("definition"), QCborValue::fromJsonValue(table.definition)},
            {QStringLiteral("notes"), strings(table.notes)}};
}

ResultTable tableOf(const QCborMap& map)
{
    ResultTable table;
    for (const QCborValue& v : map.value(QStringLiteral("columns")).toArray()) {
        const QCborMap c = v.toMap();
        ResultColumn& column =
            table.addColumn(c.value(QStringLiteral("id")).toString(),
                            ValueKind(c.value(QStringLiteral("kind")).toInteger()),
                            int(c.value(QStringLiteral("decimals")).toInteger(-1)));
        column.title = c.value(QStringLiteral("title")).toString();
        column.description = c.value(QStringLiteral("description")).toString();
        column.statusColumn = c.value(QStringLiteral("status")).toString();
    }
    const QCborArray rows = map.value(QStringLiteral("rows")).toArray();
    table.rows.reserve(size_t(rows.size()));
    for (const QCborValue& r : rows) {
        ResultRow row;
        for (const QCborValue& cell : r.toArray())
            row.push_back(cellOf(cell));
        if (row.size() != table.columns.size())
            return {};
        table.rows.push_back(std::move(row));
    }
    table.definition = map.value(QStringLiteral("definition")).toJsonValue().toObject();
    table.notes = strings(map.value(QStringLiteral("notes")));
    return table;
}

QCborMap resultValue(const TodayResult& result)
{
    QCborArray tiles;
    for (const TodayTile& t : result.tiles)
        tiles.append(QCborMap{{QStringLiteral("kind"), int(t.kind)},
                              {QStringLiteral("accounts"), t.accounts},
                              {QStringLiteral("accounts_month_ago"), t.accountsMonthAgo},
                              {QStringLiteral("users"), t.users},
                              {QStringLiteral("users_month_ago"), t.usersMonthAgo},
                              {QStringLiteral("account_ids"), strings(t.accountIds)},
                              {QStringLiteral("user_ids"), strings(t.userIds)},
                              {QStringLiteral("known"), t.known}});
    QCborArray lines;
    for (const TodayLine& l : result.lines)
        lines.append(QCborMap{{QStringLiteral("kind"), int(l.kind)},
                              {QStringLiteral("account"), l.account},
                              {QStringLiteral("account_id"), l.accountId},
                              {QStringLiteral("text"), l.text},
                              {QStringLiteral("list_of"), int(l.listOf)},
                              {QStringLiteral("list"), strings(l.list)}});
    return {{QStringLiteral("definition"), QCborValue::fromJsonValue(result.definition)},
            {QStringLiteral("last_sync_as_of"), result.lastSyncAsOfMs},
            {QStringLiteral("tiles"), tiles},
            {QStringLiteral("lines"), lines}};
}

// False when a kind is out of range (a damaged file).
bool resultOf(const QCborMap& map, TodayResult* out)
{
    const auto kindOf = [](const QCborMap& m, TodayKind* kind) {
        const qint64 k = m.value(QStringLiteral("kind")).toInteger(-1);
        *kind = TodayKind(k);
        return k >= 0 && k < TodayKindCount;
    };
    TodayResult r;
    r.definition = map.value(QStringLiteral("definition")).toJsonValue().toObject();
    r.lastSyncAsOfMs = map.value(QStringLiteral("last_sync_as_of")).toInteger(-1);
    for (const QCborValue& v : map.value(QStringLiteral("tiles")).toArray()) {
        const QCborMap m = v.toMap();
        TodayTile t;
        if (!kindOf(m, &t.kind))
            return false;
        t.accounts = m.value(QStringLiteral("accounts")).toInteger();
        t.accountsMonthAgo = m.value(QStringLiteral("accounts_month_ago")).toInteger(-1);
        t.users = m.value(QStringLiteral("users")).toInteger(-1);
        t.usersMonthAgo = m.value(QStringLiteral("users_month_ago")).toInteger(-1);
        t.accountIds = strings(m.value(QStringLiteral("account_ids")));
        t.userIds = strings(m.value(QStringLiteral("user_ids")));
        t.known = m.value(QStringLiteral("known")).toBool(true);
        r.tiles.push_back(std::move(t));
    }
    for (const QCborValue& v : map.value(QStringLiteral("lines")).toArray()) {
        const QCborMap m = v.toMap();
        TodayLine l;
        if (!kindOf(m, &l.kind))
            return false;
        l.account = int(m.value(QStringLiteral("account")).toInteger(-1));
        l.accountId = m.value(QStringLiteral("account_id")).toString();
        l.text = m.value(QStringLiteral("text")).toString();
        l.listOf = TodayLine::ListOf(m.value(QStringLiteral("list_of")).toInteger());
        l.list = strings(m.value(QStringLiteral("list")));
        r.lines.push_back(std::move(l));
    }
    if (r.tiles.size() != size_t(TodayKindCount))
        return false;
    *out = std::move(r);
    return true;
}

} // namespace

QByteArray key(const QByteArray& dataKey, const Scope& scope)
{
    if (dataKey.isEmpty())
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& part :
         {QString::number(Format), QCoreApplication::applicationVersion(),
          QString::fromLatin1(dataKey), scope.person, scope.segment,
          scope.asOf.isValid() ? scope.asOf.toString(Qt::ISODate) : QStringLiteral("data")}) {
        hash.addData(part.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    }
    return hash.result().toHex();
}

QString fileFor(const QString& workspacePath)
{
    const QByteArray name =
        QCryptographicHash::hash(QFileInfo(workspacePath).absoluteFilePath().toUtf8(),
                                 QCryptographicHash::Sha256)
            .toHex()
            .left(32);
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
           QStringLiteral("/today/") + QString::fromLatin1(name) + QStringLiteral(".cbor");
}

bool load(const QString& workspacePath, const QByteArray& key, Entry* out)
{
    QFile file(fileFor(workspacePath));
    if (key.isEmpty() || !file.open(QIODevice::ReadOnly))
        return false;
    const QCborMap map = QCborValue::fromCbor(file.readAll()).toMap();
    if (map.value(QStringLiteral("format")).toInteger() != Format ||
        map.value(QStringLiteral("key")).toByteArray() != key)
        return false;
    Entry entry;
    if (!resultOf(map.value(QStringLiteral("result")).toMap(), &entry.result))
        return false;
    auto lines = std::make_shared<ResultTable>(tableOf(map.value(QStringLiteral("lines")).toMap()));
    if (lines->columns.empty() || lines->rows.size() != entry.result.lines.size())
        return false;
    entry.lines = std::move(lines);
    *out = std::move(entry);
    return true;
}

bool save(const QString& workspacePath, const QByteArray& key, const TodayResult& result,
          const ResultTable& lines)
{
    if (key.isEmpty())
        return false;
    const QString path = fileFor(workspacePath);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    const QCborMap map{{QStringLiteral("format"), Format},
                       {QStringLiteral("key"), key},
                       {QStringLiteral("result"), resultValue(result)},
                       {QStringLiteral("lines"), tableValue(lines)}};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    // Account names and user IDs: as private as the workspace (0600).
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(map.toCborValue().toCbor());
    return file.commit();
}

} // namespace TodayStore

} // namespace pulsebook
