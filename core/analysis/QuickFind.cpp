#include "QuickFind.h"

#include "cache/Cache.h"
#include "cache/EventTable.h"

#include <QHash>

#include <algorithm>
#include <cstring>
#include <thread>

namespace pulsebook {

namespace {

// Appends the case-folded UTF-8 of `utf8` to `out`; ASCII (the usual ID and e-mail) without a
// QString. True when the folded text differs from `utf8`.
bool appendFolded(std::string_view utf8, std::string* out)
{
    const bool ascii =
        std::all_of(utf8.begin(), utf8.end(), [](char c) { return (uchar(c) & 0x80) == 0; });
    const size_t start = out->size();
    if (ascii) {
        out->append(utf8);
        for (size_t i = start; i < out->size(); ++i) {
            char& c = (*out)[i];
            if (c >= 'A' && c <= 'Z')
                c = char(c - 'A' + 'a');
        }
    } else {
        const QByteArray bytes =
            QString::fromUtf8(utf8.data(), qsizetype(utf8.size())).toCaseFolded().toUtf8();
        out->append(bytes.constData(), size_t(bytes.size()));
    }
    return std::string_view(*out).substr(start) != utf8;
}

// Collects one column's keys, then sorts them into a QuickFind::Column.
class ColumnBuilder
{
public:
    void reserve(size_t keys, size_t bytes)
    {
        m_keys.reserve(keys);
        m_text.reserve(bytes);
    }

    void add(quint32 owner, std::string_view utf8)
    {
        if (utf8.empty())
            return;
        const size_t start = m_text.size();
        if (appendFolded(utf8, &m_text))
            m_original.emplace(owner, QString::fromUtf8(utf8.data(), qsizetype(utf8.size())));
        const size_t size = m_text.size() - start;
        // The first 8 bytes as a big-endian number: most comparisons end there, in the entry.
        quint64 head = 0;
        for (size_t i = 0; i < 8; ++i)
            head = (head << 8) | (i < size ? uchar(m_text[start + i]) : 0);
        m_keys.push_back({head, start, size, owner});
    }

    bool finish(quint32 owners, QuickFind::Column* column, QString* error)
    {
        if (m_text.size() + m_keys.size() >= 0xFFFFFFFFu) {
            *error = QStringLiteral("too many users for quick find (4 GB of keys)");
            return false;
        }
        auto view = [this](const Key& k) {
            return std::string_view(m_text).substr(k.start, k.size);
        };
        std::sort(m_keys.begin(), m_keys.end(), [&](const Key& a, const Key& b) {
            if (a.head != b.head)
                return a.head < b.head;
            const int c = a.size <= 8 && b.size <= 8 ? 0 : view(a).compare(view(b));
            return c < 0 || (c == 0 && a.owner < b.owner); // c == 0: the same key
        });
        column->text.clear();
        column->text.reserve(m_text.size() + m_keys.size());
        column->starts.clear();
        column->starts.reserve(m_keys.size() + 1);
        column->owner.clear();
        column->owner.reserve(m_keys.size());
        column->keyOf.assign(owners, QuickFind::Column::NoKey);
        for (const Key& k : m_keys) {
            column->keyOf[k.owner] = quint32(column->owner.size());
            column->starts.push_back(quint32(column->text.size()));
            column->owner.push_back(k.owner);
            column->text += view(k);
            column->text += '\0';
        }
        column->starts.push_back(quint32(column->text.size()));
        column->original = std::move(m_original);
        return true;
    }

private:
    struct Key
    {
        quint64 head;
        size_t start, size;
        quint32 owner;
    };
    std::string m_text;
    std::vector<Key> m_keys;
    std::unordered_map<quint32, QString> m_original;
};

bool failWith(QString* error, Database& db)
{
    *error = db.errorString();
    return false;
}

} // namespace

struct QuickFind::Hit
{
    FindMatch match;
    std::string_view key;
    quint32 owner;
};

QuickFind::QuickFind() = default;
QuickFind::~QuickFind() = default;

QString QuickFind::Column::textOf(quint32 o) const
{
    const auto it = original.find(o);
    if (it != original.end())
        return it->second;
    if (o >= keyOf.size() || keyOf[o] == NoKey)
        return QString();
    const std::string_view k = key(keyOf[o]);
    return QString::fromUtf8(k.data(), qsizetype(k.size()));
}

std::string QuickFind::foldQuery(const QString& query)
{
    const QByteArray bytes = query.trimmed().toCaseFolded().toUtf8();
    return std::string(bytes.constData(), size_t(bytes.size()));
}

std::shared_ptr<const QuickFind> QuickFind::load(const QString& path, QString* error,
                                                 const std::atomic_bool* cancelled)
{
    Cache cache;
    if (!cache.openForReading(path, error))
        return nullptr;
    Database& db = cache.db();
    // One read transaction: accounts and users of the same sync.
    if (!db.exec("BEGIN", error))
        return nullptr;
    auto find = std::make_shared<QuickFind>();
    auto stopped = [&] {
        return cancelled && cancelled->load(); // *error untouched
    };

    Statement accounts =
        db.prepare("SELECT account_id, name, csm FROM accounts ORDER BY account_id", error);
    if (!accounts.isValid())
        return nullptr;
    ColumnBuilder accountIds, accountNames;
    QHash<QString, quint32> accountIndex;
    while (accounts.step()) {
        const auto a = quint32(find->m_accounts.size());
        find->m_accounts.push_back({accounts.text(0), accounts.text(1), accounts.text(2)});
        accountIds.add(a, accounts.textView(0));
        accountNames.add(a, accounts.textView(1));
    }
    if (accounts.hasError() && failWith(error, db))
        return nullptr;

    Statement users = db.prepare("SELECT uid, user_id, email, account_id FROM users "
                                 "WHERE merged_into IS NULL ORDER BY uid",
                                 error);
    if (!users.isValid())
        return nullptr;
    ColumnBuilder userIds, emails;
    const auto expected = size_t(std::max<qint64>(0, db.scalar("SELECT count(*) FROM users")));
    userIds.reserve(expected, expected * 12);
    emails.reserve(expected, expected * 32);
    find->m_uids.reserve(expected);
    find->m_userAccount.reserve(expected);
    QHash<QByteArray, quint32> accountOf;
    while (users.step()) {
        const auto u = quint32(find->m_uids.size());
        if ((u & 0xFFFF) == 0xFFFF && stopped())
            return nullptr;
        find->m_uids.push_back(users.int64(0));
        userIds.add(u, users.textView(1));
        emails.add(u, users.textView(2));
        const std::string_view account = users.textView(3);
        const QByteArray key = QByteArray::fromRawData(account.data(), qsizetype(account.size()));
        auto it = accountOf.constFind(key);
        if (it == accountOf.constEnd()) {
            it = accountOf.insert(QByteArray(account.data(), qsizetype(account.size())),
                                  quint32(find->m_accountIdTexts.size()));
            find->m_accountIdTexts.push_back(
                QString::fromUtf8(account.data(), qsizetype(account.size())));
        }
        find->m_userAccount.push_back(*it);
    }
    if (users.hasError() && failWith(error, db))
        return nullptr;
    QHash<QString, QString> nameOf;
    for (const Account& a : find->m_accounts)
        nameOf.insert(a.id, a.name);
    for (const QString& id : find->m_accountIdTexts)
        find->m_accountNameOfText.push_back(nameOf.value(id));
    db.exec("COMMIT", error);
    if (stopped())
        return nullptr;

    const auto accountCount = quint32(find->m_accounts.size());
    const auto userCount = quint32(find->m_uids.size());
    // The two big columns sort at once, on two cores.
    QString idsError;
    bool idsOk = false;
    std::thread ids([&] { idsOk = userIds.finish(userCount, &find->m_userIds, &idsError); });
    const bool ok = emails.finish(userCount, &find->m_emails, error) &&
                    accountIds.finish(accountCount, &find->m_accountIds, error) &&
                    accountNames.finish(accountCount, &find->m_accountNames, error);
    ids.join();
    if (!ok)
        return nullptr;
    if (!idsOk) {
        *error = idsError;
        return nullptr;
    }
    return find;
}

void QuickFind::search(const Column& column, const std::string& query, size_t limit,
                       std::vector<Hit>* hits)
{
    size_t found = 0;
    // Exact and prefix matches are one run of the sorted keys, the exact ones first.
    // A plain binary search (clang 14 cannot compile ranges over libstdc++ 12's iota_view).
    size_t first = 0;
    for (size_t count = column.size(); count > 0;) {
        const size_t half = count / 2;
        if (column.key(first + half) < query) {
            first += half + 1;
            count -= half + 1;
        } else {
            count = half;
        }
    }
    for (size_t i = first; i < column.size() && found < limit; ++i) {
        const std::string_view key = column.key(i);
        if (key.substr(0, query.size()) != query)
            break;
        hits->push_back({key.size() == query.size() ? FindMatch::Exact : FindMatch::Prefix, key,
                         column.owner[i]});
        ++found;
    }
    // Then keys that hold the query further in, in key order: a scan of the whole buffer (the
    // keys are separated by '\0', which neither a key nor the query holds).
    const char* const begin = column.text.data();
    const char* const end = begin + column.text.size();
    const char* at = begin;
    while (found < limit && at < end) {
        const void* p = memmem(at, size_t(end - at), query.data(), query.size());
        if (!p)
            break;
        const auto pos = quint32(static_cast<const char*>(p) - begin);
        const size_t i = size_t(std::upper_bound(column.starts.begin(), column.starts.end(), pos) -
                                column.starts.begin()) -
                         1;
        if (column.starts[i] != pos) { // a key that starts with it is a prefix hit, taken above
            hits->push_back({FindMatch::Substring, column.key(i), column.owner[i]});
            ++found;
        }
        at = begin + column.starts[i + 1];
    }
}

std::vector<std::pair<quint32, FindMatch>> QuickFind::best(std::vector<Hit> hits, size_t limit)
{
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        if (a.match != b.match)
            return a.match < b.match;
        const int c = a.key.compare(b.key);
        return c < 0 || (c == 0 && a.owner < b.owner);
    });
    std::vector<std::pair<quint32, FindMatch>> owners;
    for (const Hit& h : hits) {
        if (owners.size() == limit)
            break;
        if (std::none_of(owners.begin(), owners.end(),
                         [&](const auto& o) { return o.first == h.owner; }))
            owners.emplace_back(h.owner, h.match);
    }
    return owners;
}

QuickFindResult QuickFind::find(const QString& query, int limit) const
{
    QuickFindResult result;
    result.query = query;
    const std::string q = foldQuery(query);
    if (q.empty() || limit <= 0 || q.find('\0') != std::string::npos)
        return result;
    const auto n = size_t(limit);

    std::vector<Hit> hits;
    search(m_accountIds, q, n, &hits);
    search(m_accountNames, q, n, &hits);
    for (const auto& [a, match] : best(std::move(hits), n)) {
        const Account& account = m_accounts[a];
        result.accounts.append({account.id, account.name, account.csm, match});
    }
    hits.clear();
    search(m_userIds, q, n, &hits);
    search(m_emails, q, n, &hits);
    for (const auto& [u, match] : best(std::move(hits), n)) {
        result.users.append({m_uids[u], m_userIds.textOf(u), m_emails.textOf(u),
                             m_accountIdTexts[m_userAccount[u]],
                             m_accountNameOfText[m_userAccount[u]], match});
    }
    return result;
}

} // namespace pulsebook
