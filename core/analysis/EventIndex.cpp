#include "EventIndex.h"

#include "Progress.h"
#include "cache/Cache.h"
#include "cache/EventTable.h"
#include "cache/StringPool.h"
#include "sync/FieldParser.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <ctime>
#include <map>
#include <numeric>
#include <thread>
#include <unordered_map>

namespace pulsebook {

namespace {

const char* const UserColumns[] = {"user_id",    "identity", "email",
                                   "account_id", "joindate", "last_modified"};
// Columns of accounts.csv as stored, and how to read them.
enum class Kind { Text, Time, Number, Boolean };
struct AccountColumn
{
    const char* name;
    Kind kind;
};
const AccountColumn AccountColumns[] = {
    {"account_id", Kind::Text},
    {"name", Kind::Text},
    {"csm", Kind::Text},
    {"metrics_group", Kind::Text},
    {"renewal_date", Kind::Time},
    {"arr", Kind::Number},
    {"sentiment", Kind::Text},
    {"has_success_plan", Kind::Boolean},
    {"last_success_plan_update", Kind::Time},
    {"last_ebr", Kind::Time},
    {"last_exec_sponsor_activity", Kind::Time},
    {"last_champion_activity", Kind::Time},
    {"last_exec_meeting", Kind::Time},
    {"open_new_arr", Kind::Number},
    {"wins_past_year", Kind::Number},
    {"products_adopted", Kind::Number},
    {"renewal_outcome", Kind::Text},
};

QVariant readColumn(const Statement& s, int column, Kind kind)
{
    if (s.isNull(column))
        return {};
    switch (kind) {
    case Kind::Text:
        return s.text(column);
    case Kind::Time:
        return s.int64(column);
    case Kind::Number:
        return s.real(column);
    case Kind::Boolean:
        return s.int64(column) != 0;
    }
    return {};
}

// Reads the properties object the sync writes ({"<key id>": "value", ...}: string values,
// JSON escapes) without a general JSON parser: 100,000 users are read on every open.
// Falls back to QJsonDocument for anything else.
template <typename Visit> void readProperties(std::string_view json, Visit visit)
{
    size_t i = 0;
    auto skipSpace = [&] {
        while (i < json.size() && (json[i] == ' ' || json[i] == '\n'))
            ++i;
    };
    auto string = [&](QString* out) {
        if (i >= json.size() || json[i] != '"')
            return false;
        ++i;
        QByteArray bytes;
        while (i < json.size() && json[i] != '"') {
            if (json[i] != '\\') {
                bytes.append(json[i++]);
                continue;
            }
            if (++i >= json.size())
                return false;
            switch (json[i]) {
            case 'n':
                bytes.append('\n');
                break;
            case 'r':
                bytes.append('\r');
                break;
            case 't':
                bytes.append('\t');
                break;
            case 'u': {
                if (i + 4 >= json.size())
                    return false;
                bool ok = false;
                const ushort code = QByteArray(json.data() + i + 1, 4).toUShort(&ok, 16);
                if (!ok)
                    return false;
                bytes.append(QString(QChar(code)).toUtf8());
                i += 4;
                break;
            }
            default:
                bytes.append(json[i]);
                break;
            }
            ++i;
        }
        if (i >= json.size())
            return false;
        ++i;
        *out = QString::fromUtf8(bytes);
        return true;
    };
    skipSpace();
    if (i >= json.size() || json[i] != '{')
        return;
    ++i;
    for (;;) {
        skipSpace();
        QString key, value;
        if (!string(&key))
            return;
        skipSpace();
        if (i >= json.size() || json[i] != ':')
            return;
        ++i;
        skipSpace();
        if (!string(&value))
            return;
        visit(key.toInt(), value);
        skipSpace();
        if (i < json.size() && json[i] == ',') {
            ++i;
            continue;
        }
        return;
    }
}

// The columns of a property table by key, so that a row's extra columns are placed in constant
// time (a file may have 100,000 of them).
struct PropertyColumns
{
    QStringList* names;
    std::vector<LargeArray<QVariant>>* table;
    QHash<int, qsizetype> byKey;
    QHash<QString, qsizetype> byName;

    PropertyColumns(QStringList* n, std::vector<LargeArray<QVariant>>* t) : names(n), table(t)
    {
        for (qsizetype i = 0; i < names->size(); ++i)
            byName.insert(names->at(i), i);
    }
};

// Adds the extra columns of a row to the table at `row`.
void addProperties(std::string_view json, const QHash<int, QString>& keyNames,
                   PropertyColumns* columns, size_t row, size_t rows)
{
    readProperties(json, [&](int key, const QString& value) {
        auto known = columns->byKey.constFind(key);
        if (known == columns->byKey.constEnd()) {
            const QString name = keyNames.value(key);
            if (name.isEmpty())
                return;
            qsizetype column = columns->byName.value(name, -1);
            if (column < 0) {
                columns->names->append(name);
                columns->table->emplace_back(rows);
                column = columns->names->size() - 1;
                columns->byName.insert(name, column);
            }
            known = columns->byKey.insert(key, column);
        }
        (*columns->table)[size_t(known.value())][row] = value;
    });
}

// A cancel is no failure and has no text: load() returns null and leaves *error as it was.
bool cancelled(const Progress* progress)
{
    return progress->isCancelled();
}

} // namespace

std::shared_ptr<const EventIndex> EventIndex::load(Cache& cache, Progress* progress, QString* error)
{
    std::shared_ptr<EventIndex> index(new EventIndex);
    if (!index->read(cache, progress ? progress : silentProgress(), error))
        return nullptr;
    return index;
}

int EventIndex::typeIndex(const QString& name) const
{
    if (const auto exact = m_typeIndex.constFind(name); exact != m_typeIndex.constEnd())
        return exact.value();
    return std::max(m_typeIndexFolded.value(name.toCaseFolded(), -1), -1);
}

int EventIndex::eventPropertyColumn(const QString& name) const
{
    return int(m_eventProperties->columns().names.indexOf(name));
}

QVariant EventIndex::userProperty(int u, const QString& name) const
{
    const qsizetype column = m_userPropertyNames.indexOf(name);
    return column < 0 ? QVariant() : m_userProperty[size_t(column)][size_t(u)];
}

QVariant EventIndex::accountProperty(int a, const QString& name) const
{
    const qsizetype column = m_accountPropertyNames.indexOf(name);
    return column < 0 ? QVariant() : m_accountProperty[size_t(column)][size_t(a)];
}

bool EventIndex::readTeamAndTouches(Database& db, const std::vector<int>& userOfUid, QString* error)
{
    {
        Statement s = db.prepare("SELECT person, role, manager FROM team ORDER BY person", error);
        if (!s.isValid())
            return false;
        while (s.step())
            m_team.push_back({s.text(0), s.text(1), s.text(2)});
        if (s.hasError()) {
            *error = s.errorString();
            return false;
        }
    }
    // In the table's own order (by user), grouped by campaign here: SQLite sorting the rows by
    // campaign took most of the read. Campaigns are then put in SQLite's text order (UTF-8
    // bytes), as `ORDER BY campaign` gave them.
    Statement s = db.prepare("SELECT COALESCE(u.merged_into, t.uid), t.campaign, t.time, t.stage "
                             "FROM campaign_touches t JOIN users u ON u.uid = t.uid",
                             error);
    if (!s.isValid())
        return false;
    std::map<std::string, size_t, std::less<>> campaignOf;
    std::vector<std::vector<CampaignTouch>> touchesOf;
    std::string_view lastName;
    std::vector<CampaignTouch>* last = nullptr;
    while (s.step()) {
        const qint64 uid = s.int64(0);
        const int u = uid >= 0 && uid < qint64(userOfUid.size()) ? userOfUid[size_t(uid)] : -1;
        if (u < 0)
            continue;
        const std::string_view name = s.textView(1);
        if (!last || name != lastName) {
            auto it = campaignOf.find(name);
            if (it == campaignOf.end()) {
                it = campaignOf.emplace(std::string(name), touchesOf.size()).first;
                touchesOf.emplace_back();
            }
            last = &touchesOf[it->second];
            lastName = it->first; // the map's copy outlives the row
        }
        const auto stage = s.textView(3);
        CampaignTouch touch;
        touch.user = u;
        touch.timeMs = s.int64(2);
        touch.stage = stage == "clicked"  ? CampaignTouch::Clicked
                      : stage == "opened" ? CampaignTouch::Opened
                                          : CampaignTouch::Delivered;
        last->push_back(touch);
    }
    if (s.hasError()) {
        *error = s.errorString();
        return false;
    }
    for (auto& [name, c] : campaignOf) { // std::string's order: the UTF-8 bytes'
        m_campaignNames.append(QString::fromStdString(name));
        m_campaignTouches.push_back(std::move(touchesOf[c]));
    }
    for (auto& touches : m_campaignTouches) {
        std::sort(touches.begin(), touches.end(), [](const auto& a, const auto& b) {
            return std::tie(a.user, a.timeMs, a.stage) < std::tie(b.user, b.timeMs, b.stage);
        });
    }
    return true;
}

bool EventIndex::readRollup(Database& db, QString* error)
{
    m_rollupUsers.assign(m_accountId.size(), {});
    Statement s = db.prepare("SELECT account_id, sessions_30d, last_session, kpi_counts, as_of "
                             "FROM user_rollup WHERE account_id IS NOT NULL",
                             error);
    if (!s.isValid())
        return false;
    while (s.step()) {
        const int a = accountIndex(s.text(0));
        if (a < 0)
            continue;
        WarehouseRollupUser u;
        u.sessions30 = s.int64(1);
        u.lastSessionMs = s.isNull(2) ? -1 : s.int64(2);
        const QJsonObject kpis = QJsonDocument::fromJson(s.text(3).toUtf8()).object();
        for (auto it = kpis.begin(); it != kpis.end(); ++it)
            u.kpiCounts.insert(it.key(), qint64(it.value().toDouble()));
        m_rollupAsOfMs = s.int64(4);
        m_rollupUsers[size_t(a)].push_back(std::move(u));
    }
    if (s.hasError()) {
        *error = s.errorString();
        return false;
    }
    return true;
}

bool EventIndex::readUsers(Database& from, const std::vector<qint64>& uids,
                           const QHash<int, QString>& keyNames, QString* error)
{
    const size_t n = uids.size();
    for (const char* c : UserColumns)
        m_userPropertyNames.append(QLatin1String(c));
    m_userProperty.resize(size_t(m_userPropertyNames.size()));
    for (auto& column : m_userProperty)
        column.resize(n);
    m_userId.reserve(n);
    m_userAccount.reserve(n);
    m_userIndex.reserve(qsizetype(n));
    PropertyColumns columns(&m_userPropertyNames, &m_userProperty);
    Statement s = from.prepare("SELECT uid, user_id, identity, email, account_id, joindate, "
                               "last_modified, properties FROM users "
                               "WHERE merged_into IS NULL ORDER BY uid",
                               error);
    if (!s.isValid())
        return false;
    auto text = [&s](int column) {
        const std::string_view v = s.textView(column);
        return QString::fromUtf8(v.data(), qsizetype(v.size()));
    };
    size_t u = 0;
    while (s.step()) {
        if (u >= n || s.int64(0) != uids[u]) {
            *error = QStringLiteral("the users changed while they were read");
            return false;
        }
        m_userId.push_back(text(1));
        m_userIndex.insert(m_userId.back(), int(u));
        m_userProperty[0][u] = m_userId.back();
        for (int c = 1; c < 4; ++c) {
            if (!s.isNull(c + 1))
                m_userProperty[size_t(c)][u] = text(c + 1);
        }
        if (!s.isNull(5))
            m_userProperty[4][u] = s.int64(5);
        if (!s.isNull(6))
            m_userProperty[5][u] = s.int64(6);
        const int account = s.isNull(4) ? -1 : m_accountIndex.value(text(4), -1);
        m_userAccount.push_back(account);
        if (account >= 0)
            m_accountUsers[size_t(account)].push_back(int(u));
        addProperties(s.textView(7), keyNames, &columns, u, n);
        ++u;
    }
    if (s.hasError()) {
        *error = s.errorString();
        return false;
    }
    if (u != n) {
        *error = QStringLiteral("the users changed while they were read");
        return false;
    }
    return true;
}

bool EventIndex::read(Cache& cache, Progress* progress, QString* error)
{
    QElapsedTimer clock;
    clock.start();
    const bool trace = qEnvironmentVariableIsSet("PULSEBOOK_TRACE");
    auto phase = [&](const char* name) {
        if (trace)
            qInfo("EventIndex: %s at %lld ms (process CPU %lld ms)", name,
                  static_cast<long long>(clock.elapsed()),
                  static_cast<long long>(std::clock() * 1000 / CLOCKS_PER_SEC));
    };
    Database& db = cache.db();
    QString why;
    auto fail = [&](const QString& reason) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(cache.path(), reason);
        return false;
    };
    // One read transaction: a consistent snapshot even while a sync writes (WAL).
    if (!db.exec("BEGIN", &why))
        return fail(why);
    struct EndRead
    {
        Database& db;
        ~EndRead() { db.exec("COMMIT", nullptr); }
    } endRead{db};

    QHash<int, QString> keyNames;
    {
        Statement s = db.prepare("SELECT id, name FROM property_keys", &why);
        if (!s.isValid())
            return fail(why);
        while (s.step())
            keyNames.insert(int(s.int64(0)), s.text(1));
    }

    // Accounts, in the ID order of FieldParser::idLess (SQLite orders the text column as text,
    // "10" before "2"), so every account listing follows it.
    for (const auto& c : AccountColumns) {
        if (qstrcmp(c.name, "account_id") != 0)
            m_accountPropertyNames.append(QLatin1String(c.name));
    }
    m_accountProperty.resize(size_t(m_accountPropertyNames.size()));
    {
        QByteArray sql = "SELECT ";
        for (const auto& c : AccountColumns)
            sql += QByteArray(c.name) + ", ";
        sql += "properties FROM accounts ORDER BY account_id";
        Statement s = db.prepare(sql.constData(), &why);
        if (!s.isValid())
            return fail(why);
        std::vector<QString> extra;
        while (s.step()) {
            const size_t a = m_accountId.size();
            m_accountId.push_back(s.text(0));
            for (auto& column : m_accountProperty)
                column.emplace_back();
            for (size_t c = 1; c < std::size(AccountColumns); ++c)
                m_accountProperty[c - 1][a] = readColumn(s, int(c), AccountColumns[c].kind);
            extra.push_back(s.text(int(std::size(AccountColumns))));
        }
        std::vector<size_t> order(m_accountId.size());
        std::iota(order.begin(), order.end(), size_t(0));
        std::sort(order.begin(), order.end(), [this](size_t x, size_t y) {
            return FieldParser::idLess(m_accountId[x], m_accountId[y]);
        });
        auto permute = [&order](auto& values) {
            std::remove_reference_t<decltype(values)> sorted;
            sorted.reserve(values.size());
            for (size_t i : order)
                sorted.push_back(std::move(values[i]));
            values = std::move(sorted);
        };
        permute(m_accountId);
        for (auto& column : m_accountProperty)
            permute(column);
        permute(extra);
        for (size_t a = 0; a < m_accountId.size(); ++a)
            m_accountIndex.insert(m_accountId[a], int(a));
        PropertyColumns columns(&m_accountPropertyNames, &m_accountProperty);
        for (size_t a = 0; a < extra.size(); ++a) {
            const QByteArray utf8 = extra[a].toUtf8();
            addProperties(std::string_view(utf8.constData(), size_t(utf8.size())), keyNames,
                          &columns, a, extra.size());
        }
    }
    // account_id is a property too, so "account.account_id" groups and filters like the rest.
    m_accountPropertyNames.prepend(QStringLiteral("account_id"));
    m_accountProperty.insert(m_accountProperty.begin(),
                             LargeArray<QVariant>(m_accountId.begin(), m_accountId.end()));
    m_accountUsers.resize(m_accountId.size());

    phase("accounts");
    // Users, in uid order; merged users are left out. Their numbers first (one quick scan), so
    // that the events can be decoded at once; their rows and properties are read meanwhile on
    // a thread of their own, through a connection of its own in the same snapshot (on ours,
    // first, when that cannot be had).
    std::vector<int> userOfUid; // uid -> u, or -1
    std::vector<qint64> uids;   // u -> uid
    {
        Statement s =
            db.prepare("SELECT uid FROM users WHERE merged_into IS NULL ORDER BY uid", &why);
        if (!s.isValid())
            return fail(why);
        while (s.step()) {
            const qint64 uid = s.int64(0);
            if (uid < 0)
                return fail(QStringLiteral("a user with the number %1").arg(uid));
            if (uid >= qint64(userOfUid.size()))
                userOfUid.resize(size_t(uid) + 1, -1);
            userOfUid[size_t(uid)] = int(uids.size());
            uids.push_back(uid);
        }
        if (s.hasError())
            return fail(s.errorString());
    }
    const size_t userRows = uids.size();
    Database usersDb;
    QString usersError;
    std::thread userThread;
    if (userRows > 1000 && beginSameSnapshot(usersDb, db)) {
        userThread = std::thread([this, &usersDb, &uids, &keyNames, &usersError] {
            readUsers(usersDb, uids, keyNames, &usersError);
        });
    } else if (!readUsers(db, uids, keyNames, &why)) {
        return fail(why);
    }
    // Joined on every way out of this function (before usersDb closes).
    struct Join
    {
        std::thread& thread;
        ~Join()
        {
            if (thread.joinable())
                thread.join();
        }
    } joinUsers{userThread};
    if (cancelled(progress))
        return false;

    phase("users");
    // Event types: dense indices in id order.
    std::vector<int> typeOfId;
    {
        Statement s = db.prepare("SELECT id, name FROM event_types ORDER BY id", &why);
        if (!s.isValid())
            return fail(why);
        while (s.step()) {
            const qint64 id = s.int64(0);
            if (id >= qint64(typeOfId.size()))
                typeOfId.resize(size_t(id) + 1, -1);
            typeOfId[size_t(id)] = int(m_typeNames.size());
            m_typeIndex.insert(s.text(1), int(m_typeNames.size()));
            const QString folded = s.text(1).toCaseFolded();
            m_typeIndexFolded.insert(
                folded, m_typeIndexFolded.contains(folded) ? -2 : int(m_typeNames.size()));
            m_typeNames.push_back(s.text(1));
        }
        if (m_typeNames.size() > 65535)
            return fail(QStringLiteral("more than 65,535 event types"));
    }

    if (!readChunks(db, userRows, userOfUid, typeOfId, keyNames, progress, phase, &why))
        return cancelled(progress) ? false : fail(why);
    if (userThread.joinable()) {
        userThread.join();
        usersDb.exec("COMMIT", nullptr);
        if (!usersError.isEmpty())
            return fail(usersError);
    }
    if (!readTeamAndTouches(db, userOfUid, &why) || !readRollup(db, &why))
        return fail(why);
    phase("done");
    m_defaultAsOfMs = cache.defaultAsOfMs();
    const QList<SyncLogEntry> log = cache.syncLog(2);
    m_previousSyncLatestEventMs = log.size() == 2 ? log[1].latestEventMs : -1;
    return true;
}

} // namespace pulsebook
