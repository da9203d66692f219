#pragma once

#include "export/OutputFile.h"

#include <QString>
#include <QtGlobal>

#include <charconv>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The building blocks of DemoGenerator: the demo's vocabulary (people, companies, places,
// product events, campaigns), the seeded random source that draws from it, and the buffered
// CSV file it is written through. Kept apart so that the generator reads as the shape of the
// data, not as word lists and formatting. All strings are UTF-8; the order of every list is
// part of the demo's determinism.
namespace pulsebook::demo {

constexpr qint64 SecondMs = 1000;
constexpr qint64 MinuteMs = 60 * SecondMs;
constexpr qint64 HourMs = 60 * MinuteMs;
constexpr qint64 DayMs = 24 * HourMs;

// a / b rounded towards minus infinity (whole days of a time before 1970 too).
qint64 floorDiv(qint64 a, qint64 b);

// Mixes two numbers into a well-spread 64-bit value (splitmix64).
quint64 mixBits(quint64 a, quint64 b);

// xoshiro256** seeded through splitmix64: the same numbers on every platform and standard
// library, which std:: distributions do not promise. Integer arithmetic only.
class Random
{
public:
    // One independent stream per (seed, stream) pair.
    Random(quint64 seed, quint64 stream);
    quint64 next()
    {
        const quint64 result = rotl(m_s[1] * 5, 7) * 9;
        const quint64 t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // Uniform in [0, n); the modulo bias is below 2^-32 for the ranges the demo uses.
    quint64 below(quint64 n) { return n == 0 ? 0 : next() % n; }
    // Uniform in [lo, hi), or lo when the range is empty.
    qint64 between(qint64 lo, qint64 hi)
    {
        return hi <= lo ? lo : lo + qint64(below(quint64(hi) - quint64(lo)));
    }
    // True p times in a hundred.
    bool percent(quint64 p) { return below(100) < p; }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    quint64 m_s[4];
};

// How CsvFile::time() writes a UTC time: "2026-11-01", "2026-11-01 08:15:00",
// "2026-11-01 08:15:00.123" or "2026-11-01T08:15:00Z".
enum class Stamp { Date, Seconds, Millis, Iso };

// A CSV file (RFC 4180, LF) written through a large buffer with hand-made number and date
// formatting, since the demo writes a gigabyte. Written through OutputFile: nothing replaces
// the file at its path until commit(), so an unfinished run leaves an earlier demo intact.
// Each field appends itself and a separator; endRow() turns the last separator into LF.
class CsvFile
{
public:
    explicit CsvFile(const QString& path);
    // False with *error = "<path>: <reason>" when the file cannot be created.
    bool open(QString* error);
    // The header row, written as given.
    void header(std::string_view line);
    // A field quoted if it holds , " CR or LF, with inner quotes doubled.
    void text(std::string_view s);
    // A field known to need no quoting (IDs, event names, paths).
    void plain(std::string_view s)
    {
        m_buf.append(s);
        m_buf += ',';
    }
    void empty() { m_buf += ','; }
    void number(qint64 v)
    {
        char digits[24];
        m_buf.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr);
        m_buf += ',';
    }
    // Whole dollars: "120036", or "$120,036" when styled, as CRM exports write either.
    void money(qint64 v, bool styled);
    void time(qint64 ms, Stamp form);
    void endRow()
    {
        m_buf.back() = '\n';
        if (m_buf.size() >= FlushBytes)
            flush();
    }
    // False once a write has failed.
    bool ok() const { return m_ok; }
    // Writes what is buffered and syncs it; false with *error = "<path>: cannot write:
    // <reason>" if any write failed.
    bool finish(QString* error);
    // Puts the finished file in place; false with *error when that fails.
    bool commit(QString* error);

private:
    static constexpr size_t FlushBytes = 1 << 20;
    void flush();
    QString m_path;
    OutputFile m_file;
    std::string m_buf;
    bool m_ok = true;
};

// "A0001" for index 0: four digits, more when there are more accounts.
std::string accountId(size_t index);

// A name as shown, and its lowercase ASCII form for e-mail addresses ("Zoë" -> "zoe").
struct PersonName
{
    const char* display;
    const char* ascii;
};

// One row of team.csv.
struct TeamMember
{
    const char* person;
    const char* role;
    const char* manager;
};

// A sales region: its countries and the UTC hour its working day starts.
struct Region
{
    const char* name;
    int workStartHourUtc;
    std::span<const char* const> countries;
};

// Which object an event's path points at ("/queries/1234"): paths reuse the account's objects.
enum class ObjectKind { None, Query, Chart, Dashboard, Report, DocTopic };
constexpr int ObjectKindCount = 6;

// One product event type: its name, how often it is picked in a session (per mille of the
// ordinary events), and the page it happens on (path = pathPrefix + object id + pathSuffix).
struct EventKind
{
    const char* name;
    int weight;
    ObjectKind object;
    const char* pathPrefix;
    const char* pathSuffix;
    const char* title;
};

// Indexes into eventKinds(); the first five are never picked at random (weight 0).
enum EventId : unsigned char {
    Login,
    Logout,
    CompleteProfile,
    ConnectDataSource,
    InviteTeammate,
    RunQuery,
    EditQuery,
    ViewChart,
    GroupBy,
    AddFilter,
    ViewDashboard,
    CreateDashboard,
    ShareDashboard,
    AddComment,
    ViewReport,
    SaveReport,
    ScheduleReport,
    ExportCsv,
    CreateAlert,
    Search,
    ViewHome,
    UploadFile,
    ChangeSettings,
    ViewDocumentation,
    ContactSupport,
    EventKindCount
};

// An e-mail campaign: sent on one day (days before the as-of time, at sendHourUtc) to
// sharePercent of the users who had joined by then (or only to recent joiners).
struct Campaign
{
    const char* name;
    const char* utmCampaign;
    const char* landingPage;
    int daysBeforeAsOf;
    int sendHourUtc;
    int sharePercent;
    bool newUsersOnly;
};

// A session's device: the browser and platform go together.
struct Device
{
    const char* deviceType;
    const char* platform;
    const char* browser;
};

// A traffic source of a session: referrer URL and the page the visit lands on.
struct TrafficSource
{
    const char* referrer;
    const char* landingPage;
};

// First names and last names of users, some non-ASCII, some with apostrophes.
std::span<const PersonName> firstNames();
std::span<const PersonName> lastNames();
// The fixed CS team: 1 VP, 2 directors, 4 managers, 15 CSMs (Maya Patel first of them).
std::span<const TeamMember> teamRoster();
// First and second words of company names ("Northwind" + "Analytics"), pairwise distinct.
std::span<const char* const> companyWords();
std::span<const char* const> companyNouns();
std::span<const char* const> industries();
std::span<const Region> regions();
// Product names for accounts.csv's products_adopted lists.
std::span<const char* const> products();
std::span<const char* const> docTopics();
// The event catalogue, indexed by EventId.
std::span<const EventKind> eventKinds();
std::span<const Campaign> campaigns();
std::span<const Device> devices();
// Index 0 is "direct": no referrer.
std::span<const TrafficSource> trafficSources();

// Hands out distinct company names: "Acme Analytics", "Acme Analytics, Inc.",
// `The "Acme" Analytics`; the first two always need CSV quoting.
class CompanyNames
{
public:
    CompanyNames();
    // The name of the index-th account and its e-mail domain ("acmeanalytics.example").
    void draw(Random& rng, size_t index, std::string* name, std::string* domain);

private:
    std::vector<quint32> m_pairs; // word x noun pairs, shuffled as they are drawn
};

// users.csv roles: Admin, Analyst, Viewer, Developer.
std::span<const char* const> userRoles();
// The accounts.csv metrics_group of an ARR: Strategic, Enterprise, Commercial > / < 100K.
const char* metricsGroup(qint64 arr);
// A products_adopted list of distinct products in catalogue order: "Analytics, Reports".
std::string productList(Random& rng);
// How many objects of a kind an account works with (queries, charts...; doc topics).
quint64 objectCount(ObjectKind kind);
// The path of an event on object `object` ("/queries/1234/edit": objectBase + object), or
// its fixed path ("/search") when the kind points at no object.
void eventPath(const EventKind& kind, qint64 objectBase, qint64 object, std::string* path);

// Lengths of sessions, shortest..longest events each (mostly mid-range), that add up to
// `events`; a single shorter one when events < shortest.
std::vector<qint64> sessionLengths(Random& rng, qint64 events, qint64 shortest, qint64 longest);
// A time in [lo, hi) (lo when empty) when someone works: in the ten hours from their region's
// workStartHourUtc, rarely at weekends; with fadeFromMs > 0, ever rarer over the 90 days
// after fadeFromMs (down to a tenth), as usage of a declining account fades.
qint64 workingTime(Random& rng, qint64 lo, qint64 hi, int workStartHourUtc, qint64 fadeFromMs);

// "Pat O'Brien" (style 0), "O'Brien, Pat" (1) or `Pat "PO" O'Brien` (2).
std::string personName(size_t first, size_t last, int style);
// "pat.obrien@acme.example", "pat.obrien2@..." for the second of that name (suffix 1).
std::string emailAddress(size_t first, size_t last, int suffix, const std::string& domain);
// The next ordinary event of a session, following the usual flows (Edit Query -> Run Query ->
// View Chart...). campaignWeek favours View Chart, declining favours Contact Support.
EventId pickEvent(Random& rng, EventId previous, bool campaignWeek, bool declining);

} // namespace pulsebook::demo
