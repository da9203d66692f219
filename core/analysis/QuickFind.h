#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pulsebook {

// How well a hit matched: the whole key, its start, or somewhere inside it (case-insensitive).
enum class FindMatch { Exact, Prefix, Substring };

struct AccountHit
{
    QString accountId;
    QString name;
    QString csm;
    FindMatch match = FindMatch::Exact;
};

struct UserHit
{
    qint64 uid = 0;
    QString userId;
    QString email;
    QString accountId;
    QString accountName; // "" when the account is not in accounts.csv
    FindMatch match = FindMatch::Exact;
};

struct QuickFindResult
{
    QString query;
    QList<AccountHit> accounts;
    QList<UserHit> users;
};

// Finds accounts by name or ID and users by user ID or e-mail, for the command palette (Ctrl+K).
// Built once per workspace from the cache (load()), immutable, so any thread may search it.
//
// A key matches when its case-folded text (QString::toCaseFolded) equals, starts with or contains
// the case-folded, trimmed query. Hits come exact first, then prefix, then substring; within a
// kind by the matched key's folded text in UTF-8 byte (code point) order, then by account ID or
// uid. A user matched by both its ID and its e-mail counts once, by its better match. Merged
// users (identities merged into another) are left out.
//
// Each key column is kept folded in one buffer sorted by key, so exact and prefix hits are one
// binary search and substring hits a memmem scan of the buffer that stops at the limit
// (docs/architecture.md, "Quick find").
class QuickFind
{
public:
    QuickFind();
    ~QuickFind();
    QuickFind(const QuickFind&) = delete;
    QuickFind& operator=(const QuickFind&) = delete;

    // Reads the accounts and users of the cache at `path` (a read-only connection); nullptr
    // with *error (never null) on failure. `cancelled`, when given, is polled while reading:
    // nullptr with *error untouched once it is set.
    static std::shared_ptr<const QuickFind> load(const QString& path, QString* error,
                                                 const std::atomic_bool* cancelled = nullptr);

    // At most `limit` accounts and `limit` users matching `query`; nothing for an empty query.
    QuickFindResult find(const QString& query, int limit) const;

    qsizetype accountCount() const { return qsizetype(m_accounts.size()); }
    qsizetype userCount() const { return qsizetype(m_uids.size()); }

    // The text the query is compared as: trimmed and case-folded, in UTF-8.
    static std::string foldQuery(const QString& query);

    // One key column: the folded keys sorted, in one buffer. Keys whose folded text differs
    // from the original (most account names, few e-mails) keep their original text aside.
    struct Column
    {
        std::string text;            // key 0 '\0' key 1 '\0' ...
        std::vector<quint32> starts; // start of key i in text; starts[size()] = text.size()
        std::vector<quint32> owner;  // the account or user (index) of key i
        std::vector<quint32> keyOf;  // owner -> key index, NoKey when the owner has none
        std::unordered_map<quint32, QString> original; // owner -> text, where it differs

        static constexpr quint32 NoKey = 0xFFFFFFFFu;
        std::string_view key(size_t i) const
        {
            return std::string_view(text).substr(starts[i], starts[i + 1] - starts[i] - 1);
        }
        size_t size() const { return owner.size(); }
        // The owner's key as it came in ("" when it has none).
        QString textOf(quint32 owner) const;
    };

private:
    struct Hit;
    struct Loader;

    static void search(const Column& column, const std::string& query, size_t limit,
                       std::vector<Hit>* hits);
    // The best `limit` owners of `hits`, each once, with how they matched.
    static std::vector<std::pair<quint32, FindMatch>> best(std::vector<Hit> hits, size_t limit);

    struct Account
    {
        QString id, name, csm;
    };
    std::vector<Account> m_accounts; // in account ID order
    Column m_accountIds, m_accountNames;
    Column m_userIds, m_emails; // owners: users in uid order
    std::vector<qint64> m_uids;
    std::vector<quint32> m_userAccount; // index into m_accountIdTexts
    std::vector<QString> m_accountIdTexts;
    std::vector<QString> m_accountNameOfText; // the name of m_accountIdTexts[i]
};

} // namespace pulsebook
