#pragma once

#include "analysis/AnalysisContext.h"

#include <QByteArray>
#include <QRandomGenerator>
#include <QString>
#include <QTemporaryDir>

#include <initializer_list>
#include <memory>
#include <vector>

namespace pulsebook {
class Database;
}

// Small event histories written as text, for hand-checked analysis fixtures.
namespace pulsebook::test::script {

// 2026-08-03T00:00:00Z, a Monday: 20668 days after 1970-01-01.
constexpr qint64 T = 1785715200000LL;
constexpr qint64 Minute = 60000LL;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

// "3d+1h-1ms" -> T + 3 days + 1 hour - 1 ms.
qint64 at(const QString& offset);

// events.csv from one line per user: "u1: signup@1h create@1d+1h#7" = u1's signup at T + 1h
// and create at T + 1 day + 1h with event ID 7 (IDs default to 1000, 1001, ...).
QByteArray eventsCsv(std::initializer_list<const char*> lines);

// users.csv with users u1 .. u<count>.
QByteArray usersCsv(int count);

// A random small workspace: 5-30 users with 0-60 events each over 40 days on a 6-hour grid
// (many equal times; window and period ends often fall exactly on an event), 4 event types, and
// event IDs in an order unrelated to the file (shuffled numbers, some text IDs): its events.csv,
// and its users.csv (with a "plan" property) in *users. The last user is only in events.csv.
QByteArray randomEvents(QRandomGenerator* g, QByteArray* users);

// An export folder synced into a new cache, and its index.
struct Data
{
    QTemporaryDir dir;
    QString cachePath;
    std::shared_ptr<const EventIndex> index;

    bool load(const QByteArray& users, const QByteArray& events, const QByteArray& accounts,
              QString* error);
    AnalysisContext context(qint64 asOfMs) const;
    // EventIndex numbers of the users, ascending.
    std::vector<int> users(std::initializer_list<const char*> ids) const;
};

// randomEvents synced into `data`, and its flat copy (TestSupport's writeFlatCopy) opened in
// `flat`, for a reference in plain SQL. Empty, or the error.
QString loadRandomEvents(QRandomGenerator* g, Data* data, Database* flat);

} // namespace pulsebook::test::script
