#pragma once

// Tests of the demo-data generator: determinism, exact row counts, the team hierarchy, the
// links between files (sessions, users, migrations), the CRM rules and cancellation. The CSV is
// read with a small RFC 4180 parser written here, independent of the project's reader.
#include "Progress.h"
#include "sync/DemoGenerator.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using pulsebook::DemoOptions;
using pulsebook::DemoSummary;
using pulsebook::generateDemo;
using pulsebook::Progress;

namespace demogentest {

inline const char* const DemoFiles[] = {
    "team.csv",   "accounts.csv",         "users.csv",          "sessions.csv",
    "events.csv", "campaign_touches.csv", "user_migrations.csv"};

// A parsed CSV file: the header and the data rows, fields as raw UTF-8 bytes.
struct Table
{
    QList<QByteArray> header;
    QList<QList<QByteArray>> rows;
    bool needlessQuotes = false; // a quoted field that has no , " CR or LF

    int column(const char* name) const { return int(header.indexOf(QByteArray(name))); }
};

// RFC 4180 with LF row ends (the generator never writes CR). Returns false on an unterminated
// quote, a quote inside an unquoted field, a missing final LF or a row of the wrong width.
inline bool parseCsv(const QByteArray& data, Table* table)
{
    QList<QList<QByteArray>> records;
    QList<QByteArray> record;
    QByteArray field;
    bool quoted = false;
    qsizetype i = 0;
    const qsizetype n = data.size();
    while (i < n) {
        if (field.isEmpty() && !quoted && data[i] == '"') {
            quoted = true;
            ++i;
            bool special = false;
            for (;;) {
                if (i >= n)
                    return false; // unterminated quote
                if (data[i] == '"') {
                    if (i + 1 < n && data[i + 1] == '"') {
                        field += '"';
                        special = true;
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                special = special || data[i] == ',' || data[i] == '\r' || data[i] == '\n';
                field += data[i++];
            }
            table->needlessQuotes = table->needlessQuotes || !special;
            if (i < n && data[i] != ',' && data[i] != '\n')
                return false; // text after the closing quote
            continue;
        }
        const char c = data[i++];
        if (c == ',' || c == '\n') {
            record.append(field);
            field.clear();
            quoted = false;
            if (c == '\n') {
                records.append(record);
                record.clear();
            }
        } else if (c == '"') {
            return false; // a quote inside an unquoted field
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !record.isEmpty() || records.isEmpty())
        return false; // no final LF
    table->header = records.takeFirst();
    for (const auto& r : records)
        if (r.size() != table->header.size())
            return false;
    table->rows = records;
    return true;
}

inline QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// "2026-10-31 23:59:59.999" (UTC), parsed with QDateTime rather than the generator's arithmetic.
inline qint64 parseEventTime(const QByteArray& text)
{
    const QList<QByteArray> parts = text.split(' ');
    if (parts.size() != 2 || parts[1].size() != 12)
        return -1;
    const QDate date = QDate::fromString(QString::fromLatin1(parts[0]), Qt::ISODate);
    const QTime time =
        QTime::fromString(QString::fromLatin1(parts[1]), QStringLiteral("HH:mm:ss.zzz"));
    const QDateTime t(date, time, QTimeZone::utc());
    return t.isValid() ? t.toMSecsSinceEpoch() : -1;
}

// Stops at the first update(), as a user pressing Cancel at once would.
class CancellingProgress : public Progress
{
public:
    bool update(qint64 done) override
    {
        Q_UNUSED(done);
        return false;
    }
};

// Records the stages and the last update of each.
class RecordingProgress : public Progress
{
public:
    void start(const QString& stage, qint64 total) override
    {
        m_stages.append(stage);
        m_totals.append(total);
        m_last.append(-1);
    }
    bool update(qint64 done) override
    {
        if (!m_last.isEmpty())
            m_last.last() = done;
        return true;
    }
    QStringList m_stages;
    QList<qint64> m_totals, m_last;
};

} // namespace demogentest

using namespace demogentest;

class TestDemoGenerator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void asOfIsNovemberFirst();
    void sameOptionsGiveSameBytes();
    void otherSeedDiffers();
    void rowCounts();
    void headers();
    void teamHierarchy();
    void eventTimesInWindow();
    void sessionsMatchEvents();
    void eventIdsUniqueAndKpisPresent();
    void onboardingStepsOnceWithGaps();
    void accountsNeedQuoting();
    void renewalOutcomeOnlyAfterRenewal();
    void usersOnlyInEvents();
    void migrations();
    void campaignTouches();
    void valueFormats();
    void progressReportsEvents();
    void cancelStopsAndKeepsOldFiles();
    void unwritableFileNamesPath();

private:
    DemoOptions smallSet(quint64 seed = 7) const;
    QString m_dir;
    QTemporaryDir m_tmp;
    DemoSummary m_summary;
    QHash<QString, Table> m_tables;
};
