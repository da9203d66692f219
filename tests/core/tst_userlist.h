#pragma once

// SortedList over UserList: a hand-checked small export (every order worked out by hand in the
// comments), and random exports against a plain reference: every user's cells read straight
// from the index and the rollup, std::stable_sort with a comparator written here from the
// rules in SortedList.h, every column in both directions, random windows.
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/AccountList.h"
#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/Onboarding.h"
#include "analysis/Rollup.h"
#include "analysis/SortedList.h"
#include "analysis/UserList.h"
#include "export/ListCsv.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace pulsebook;

namespace userlisttest {

using Files = test::ExportFiles;
using Data = test::SyncedCache;

inline qint64 ms(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

// as_of = 2024-03-01 (midnight after Bob's event); 30 days back: 2024-01-31.
inline const Files SmallExport = {
    {QStringLiteral("accounts.csv"), "account_id,name\nA1,acme\nA2,Globex\n"},
    {QStringLiteral("users.csv"), "user_id,email,account_id,plan\n"
                                  "10,ten@x.com,A1,Pro\n"
                                  "9,nine@x.com,A1,basic\n"
                                  "abc,,A2,pro\n"
                                  "Bob,bob@x.com,,\n"
                                  "007,zero@x.com,A2,Basic\n"
                                  "7,seven@x.com,A1,\n"},
    {QStringLiteral("events.csv"), "event_id,user_id,time,event\n"
                                   "1,10,2024-02-20T00:00:00Z,login\n"
                                   "2,9,2024-02-25T00:00:00Z,login\n"
                                   "3,abc,2024-02-20T00:00:00Z,login\n"
                                   "4,7,2024-01-01T00:00:00Z,login\n"
                                   "5,Bob,2024-02-29T12:00:00Z,report\n"},
    {QStringLiteral("sessions.csv"), "session_id,user_id,time\n"
                                     "s1,10,2024-02-20T00:00:00Z\n"
                                     "s2,9,2024-02-25T00:00:00Z\n"
                                     "s3,abc,2024-02-20T00:00:00Z\n"
                                     "s4,7,2024-01-01T00:00:00Z\n"}};

// The user IDs of the whole list, in order.
inline QString order(const SortedList& list)
{
    QStringList ids;
    for (const ListRow& row : list.window(0, list.count()))
        ids.append(list.table().rowId(row.key));
    return ids.join(QLatin1Char(' '));
}

// --- the reference

inline bool referenceWhole(const QString& id, quint64* value)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,19}$"));
    if (!digits.match(id).hasMatch())
        return false;
    *value = id.toULongLong();
    return true;
}

// Whole-number IDs by value (then text), before the others as text.
inline bool referenceIdLess(const QString& a, const QString& b)
{
    quint64 va = 0, vb = 0;
    const bool wa = referenceWhole(a, &va), wb = referenceWhole(b, &vb);
    if (wa != wb)
        return wa;
    if (wa && va != vb)
        return va < vb;
    return QString::compare(a, b, Qt::CaseSensitive) < 0;
}

// -1, 0, 1 for two present cells of one type.
inline int referenceCompare(const ListCell& a, const ListCell& b)
{
    switch (a.kind) {
    case ListCell::Kind::Number:
        return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    case ListCell::Kind::Time:
        return a.timeMs < b.timeMs ? -1 : a.timeMs > b.timeMs ? 1 : 0;
    case ListCell::Kind::Text: {
        const int c = QString::compare(a.text, b.text, Qt::CaseInsensitive);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    case ListCell::Kind::Missing:
        break;
    }
    return 0;
}

struct RefRow
{
    int user;
    QString id;
    std::vector<ListCell> cells;
};

// The expected cell of a property value of a column of `type`.
inline ListCell referenceProperty(const QVariant& v, ListColumnType type)
{
    if (!v.isValid() || v.isNull() || v.toString().isEmpty())
        return {};
    switch (type) {
    case ListColumnType::Number:
        return ListCell::ofNumber(v.toDouble());
    case ListColumnType::Time:
        return ListCell::ofTime(v.toLongLong());
    case ListColumnType::Text:
        return ListCell::ofText(v.toString());
    }
    return {};
}

// A made-up table of any size (no sync): a text column with many distinct values and case
// variants, a number column and a time column, a few missing cells each.
class SyntheticTable : public ListTable
{
public:
    explicit SyntheticTable(quint32 rows, quint32 seed)
    {
        QRandomGenerator rng(seed);
        for (quint32 r = 0; r < rows; ++r) {
            m_ids.append(rng.bounded(3) == 0 ? QStringLiteral("id%1").arg(r)
                                             : QString::number(r * 7 + 3));
            const quint32 t = rng.bounded(rows);
            QString text = QStringLiteral("mail%1@x.example").arg(t);
            if (rng.bounded(2))
                text = text.toUpper();
            m_text.append(rng.bounded(20) == 0 ? QString() : text);
            m_numbers.push_back(rng.bounded(20) == 0 ? qQNaN() : double(rng.bounded(1000)) - 500);
            m_times.push_back(qint64(rng.bounded(100000)) * 1000 - 5000000);
        }
    }
    quint32 rowCount() const override { return quint32(m_ids.size()); }
    int columnCount() const override { return 3; }
    QString columnName(int column) const override { return QString::number(column); }
    ListColumnType columnType(int column) const override
    {
        return column == 0   ? ListColumnType::Text
               : column == 1 ? ListColumnType::Number
                             : ListColumnType::Time;
    }
    ListCell cell(quint32 key, int column) const override
    {
        if (column == 0)
            return m_text[key].isEmpty() ? ListCell::missing() : ListCell::ofText(m_text[key]);
        if (column == 1)
            return ListCell::ofNumber(m_numbers[key]);
        return ListCell::ofTime(m_times[key]);
    }
    QString rowId(quint32 key) const override { return m_ids[key]; }

private:
    QStringList m_ids, m_text;
    std::vector<double> m_numbers;
    std::vector<qint64> m_times;
};

} // namespace userlisttest

using namespace userlisttest;

class TestUserList : public QObject
{
    Q_OBJECT

private slots:
    void handChecked();
    void scopeRows();
    void csvExport();
    void cancel();
    void bigSyntheticTable();
    void cancelMidway();
    void randomAgainstReference_data();
    void randomAgainstReference();
};
