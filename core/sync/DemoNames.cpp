#include "DemoNames.h"

#include <iterator>

namespace pulsebook::demo {

namespace {

// Howard Hinnant's civil_from_days: a calendar date without a QDateTime per row.
void civilFromDays(qint64 days, qint64* year, unsigned* month, unsigned* day)
{
    days += 719468;
    const qint64 era = floorDiv(days, 146097);
    const unsigned doe = unsigned(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *day = doy - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = qint64(yoe) + era * 400 + (*month <= 2 ? 1 : 0);
}

char* putDigits(char* p, qint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i, value /= 10)
        p[i] = char('0' + value % 10);
    return p + width;
}

// Name tables read best as a grid.
// clang-format off
const PersonName FirstNames[] = {
    {"James", "james"},             {"Mary", "mary"},               {"Robert", "robert"},
    {"Patricia", "patricia"},       {"John", "john"},               {"Jennifer", "jennifer"},
    {"Michael", "michael"},         {"Linda", "linda"},             {"David", "david"},
    {"Elizabeth", "elizabeth"},     {"William", "william"},         {"Barbara", "barbara"},
    {"Richard", "richard"},         {"Susan", "susan"},             {"Joseph", "joseph"},
    {"Jessica", "jessica"},         {"Thomas", "thomas"},           {"Sarah", "sarah"},
    {"Christopher", "christopher"}, {"Karen", "karen"},             {"Daniel", "daniel"},
    {"Nancy", "nancy"},             {"Matthew", "matthew"},         {"Lisa", "lisa"},
    {"Anthony", "anthony"},         {"Betty", "betty"},             {"Mark", "mark"},
    {"Sandra", "sandra"},           {"Steven", "steven"},           {"Ashley", "ashley"},
    {"Andrew", "andrew"},           {"Emily", "emily"},             {"Joshua", "joshua"},
    {"Michelle", "michelle"},       {"Kevin", "kevin"},             {"Amanda", "amanda"},
    {"Brian", "brian"},             {"Melissa", "melissa"},         {"George", "george"},
    {"Stephanie", "stephanie"},     {"Pat", "pat"},                 {"Rebecca", "rebecca"},
    {"Wei", "wei"},                 {"Mei", "mei"},                 {"Hiroshi", "hiroshi"},
    {"Yuki", "yuki"},               {"Arjun", "arjun"},             {"Priya", "priya"},
    {"Ahmed", "ahmed"},             {"Fatima", "fatima"},           {"Olumide", "olumide"},
    {"Chiara", "chiara"},           {"Lars", "lars"},               {"Ingrid", "ingrid"},
    {"Mateo", "mateo"},             {"Lucía", "lucia"},             {"José", "jose"},
    {"Zoë", "zoe"},                 {"Søren", "soren"},             {"Łukasz", "lukasz"},
    {"Renée", "renee"},             {"François", "francois"},       {"Björn", "bjorn"},
    {"Siobhán", "siobhan"},         {"Kwame", "kwame"},             {"Ana", "ana"},
    {"Diego", "diego"},             {"Camila", "camila"},           {"Noah", "noah"},
    {"Olivia", "olivia"},           {"Liam", "liam"},               {"Emma", "emma"},
    {"Ethan", "ethan"},             {"Ava", "ava"},                 {"Lucas", "lucas"},
    {"Mia", "mia"},                 {"Alex", "alex"},               {"Sam", "sam"},
};

const PersonName LastNames[] = {
    {"Smith", "smith"},              {"Johnson", "johnson"},          {"Williams", "williams"},
    {"Brown", "brown"},              {"Jones", "jones"},              {"Garcia", "garcia"},
    {"Miller", "miller"},            {"Davis", "davis"},              {"Rodriguez", "rodriguez"},
    {"Martinez", "martinez"},        {"Hernandez", "hernandez"},      {"Lopez", "lopez"},
    {"Wilson", "wilson"},            {"Anderson", "anderson"},        {"Thomas", "thomas"},
    {"Taylor", "taylor"},            {"Moore", "moore"},              {"Jackson", "jackson"},
    {"Martin", "martin"},            {"Lee", "lee"},                  {"Thompson", "thompson"},
    {"White", "white"},              {"Harris", "harris"},            {"Clark", "clark"},
    {"Lewis", "lewis"},              {"Robinson", "robinson"},        {"Walker", "walker"},
    {"Young", "young"},              {"Allen", "allen"},              {"King", "king"},
    {"Wright", "wright"},            {"Scott", "scott"},              {"Green", "green"},
    {"Baker", "baker"},              {"Adams", "adams"},              {"Nelson", "nelson"},
    {"Hill", "hill"},                {"Campbell", "campbell"},        {"Mitchell", "mitchell"},
    {"O'Brien", "obrien"},           {"O'Neil", "oneil"},             {"McCarthy", "mccarthy"},
    {"Wang", "wang"},                {"Li", "li"},                    {"Zhang", "zhang"},
    {"Chen", "chen"},                {"Tanaka", "tanaka"},            {"Sato", "sato"},
    {"Kim", "kim"},                  {"Park", "park"},                {"Sharma", "sharma"},
    {"Gupta", "gupta"},              {"Iyer", "iyer"},                {"Khan", "khan"},
    {"Okafor", "okafor"},            {"Mensah", "mensah"},            {"Rossi", "rossi"},
    {"Bianchi", "bianchi"},          {"Müller", "muller"},            {"Schneider", "schneider"},
    {"Dubois", "dubois"},            {"Lefèvre", "lefevre"},          {"Núñez", "nunez"},
    {"García-López", "garcialopez"}, {"Nowak", "nowak"},              {"Kowalski", "kowalski"},
    {"Johansson", "johansson"},      {"Søndergaard", "sondergaard"},  {"de Vries", "devries"},
    {"van der Berg", "vanderberg"},  {"Silva", "silva"},              {"Santos", "santos"},
    {"Oliveira", "oliveira"},        {"Costa", "costa"},              {"Murphy", "murphy"},
    {"Kelly", "kelly"},              {"Novak", "novak"},              {"Haddad", "haddad"},
};
// clang-format on

// Maya Patel must be a CSM: the documentation's examples filter on her book of business.
const TeamMember Team[] = {
    {"Elena Rodriguez", "VP", ""},
    {"Marcus Chen", "Director", "Elena Rodriguez"},
    {"Danielle Brooks", "Director", "Elena Rodriguez"},
    {"Tom Becker", "Manager", "Marcus Chen"},
    {"Aisha Okafor", "Manager", "Marcus Chen"},
    {"Lucas Moreau", "Manager", "Danielle Brooks"},
    {"Hannah Kim", "Manager", "Danielle Brooks"},
    {"Maya Patel", "CSM", "Tom Becker"},
    {"Jordan Reyes", "CSM", "Tom Becker"},
    {"Emily Nguyen", "CSM", "Tom Becker"},
    {"Samuel Ortiz", "CSM", "Tom Becker"},
    {"Grace Liu", "CSM", "Aisha Okafor"},
    {"Daniel Schmidt", "CSM", "Aisha Okafor"},
    {"Olivia Bennett", "CSM", "Aisha Okafor"},
    {"Ravi Shankar", "CSM", "Aisha Okafor"},
    {"Chloe Martin", "CSM", "Lucas Moreau"},
    {"Ethan Walsh", "CSM", "Lucas Moreau"},
    {"Sofia Rossi", "CSM", "Lucas Moreau"},
    {"Noah Fischer", "CSM", "Lucas Moreau"},
    {"Isabella Costa", "CSM", "Hannah Kim"},
    {"Liam O'Brien", "CSM", "Hannah Kim"},
    {"Zoe Adams", "CSM", "Hannah Kim"},
};

// Every word + noun concatenation is distinct, so the e-mail domains built from them are too.
const char* const CompanyWords[] = {
    "Acme",       "Northwind", "Bluebird",   "Summit",   "Cobalt",     "Evergreen",  "Ironwood",
    "Lumen",      "Meridian",  "Pinnacle",   "Quantum",  "Redwood",    "Silverline", "Tidewater",
    "Vertex",     "Willow",    "Horizon",    "Keystone", "Brightpath", "Cedar",      "Falcon",
    "Granite",    "Harbor",    "Juniper",    "Kestrel",  "Lakeshore",  "Maple",      "Nimbus",
    "Oakridge",   "Polaris",   "Riverstone", "Sequoia",  "Starling",   "Terra",      "Upland",
    "Vanguard",   "Westbrook", "Zenith",     "Aurora",   "Beacon",     "Catalyst",   "Driftwood",
    "Ember",      "Fjord",     "Glacier",    "Helix",    "Indigo",     "Jasper",     "Kinetic",
    "Lighthouse", "Mosaic",    "Nova",       "Orchid",   "Prairie",    "Quarry",     "Radiant",
    "Sterling",   "Tundra",    "Unity",      "Velvet",
};

constexpr size_t CompanyWordsCount = std::size(CompanyWords);

const char* const CompanyNouns[] = {
    "Analytics", "Logistics", "Health",        "Systems",    "Labs",     "Foods",
    "Financial", "Media",     "Energy",        "Robotics",   "Software", "Capital",
    "Retail",    "Partners",  "Networks",      "Bio",        "Motors",   "Insurance",
    "Apparel",   "Pharma",    "Travel",        "Studios",    "Security", "Telecom",
    "Holdings",  "Learning",  "Manufacturing", "Properties", "Cloud",    "Devices",
};

constexpr size_t CompanyNounsCount = std::size(CompanyNouns);

const char* const Industries[] = {
    "Software", "Financial Services", "Healthcare", "Retail", "Manufacturing",
    "Media",    "Education",          "Logistics",  "Energy", "Telecommunications",
};

const char* const NorthAmerica[] = {"United States", "United States", "United States", "Canada"};
const char* const Emea[] = {"United Kingdom", "Germany", "France",
                            "Netherlands",    "Sweden",  "Spain"};
const char* const Apac[] = {"Australia", "Japan", "Singapore", "India"};
const char* const Latam[] = {"Brazil", "Mexico", "Argentina", "Chile"};

const Region Regions[] = {
    {"North America", 13, NorthAmerica},
    {"EMEA", 7, Emea},
    {"APAC", 0, Apac},
    {"LATAM", 11, Latam},
};

const char* const Products[] = {"Analytics", "Reports",         "Dashboards",
                                "Alerts",    "Data Connectors", "Embedded"};

const char* const DocTopics[] = {"getting-started", "queries", "charts",      "dashboards",
                                 "alerts",          "sharing", "data-sources"};

// Weights make Run Query and View Chart common and Contact Support rare, as in real products.
const EventKind Events[] = {
    {"Login", 0, ObjectKind::None, "/login", "", "Log in"},
    {"Logout", 0, ObjectKind::None, "/logout", "", "Log out"},
    {"Complete Profile", 0, ObjectKind::None, "/settings/profile", "", "Your profile"},
    {"Connect Data Source", 0, ObjectKind::None, "/sources/new", "", "Connect a data source"},
    {"Invite Teammate", 0, ObjectKind::None, "/settings/team", "", "Team members"},
    {"Run Query", 190, ObjectKind::Query, "/queries/", "", "Query editor"},
    {"Edit Query", 70, ObjectKind::Query, "/queries/", "/edit", "Query editor"},
    {"View Chart", 165, ObjectKind::Chart, "/charts/", "", "Chart"},
    {"Group By", 45, ObjectKind::Query, "/queries/", "", "Query editor"},
    {"Add Filter", 60, ObjectKind::Query, "/queries/", "", "Query editor"},
    {"View Dashboard", 110, ObjectKind::Dashboard, "/dashboards/", "", "Dashboard"},
    {"Create Dashboard", 12, ObjectKind::None, "/dashboards/new", "", "New dashboard"},
    {"Share Dashboard", 10, ObjectKind::Dashboard, "/dashboards/", "/share", "Share dashboard"},
    {"Add Comment", 15, ObjectKind::Dashboard, "/dashboards/", "", "Dashboard"},
    {"View Report", 40, ObjectKind::Report, "/reports/", "", "Report"},
    {"Save Report", 30, ObjectKind::Report, "/reports/", "", "Report"},
    {"Schedule Report", 8, ObjectKind::Report, "/reports/", "/schedule", "Schedule a report"},
    {"Export CSV", 25, ObjectKind::Report, "/reports/", "/export", "Export"},
    {"Create Alert", 6, ObjectKind::None, "/alerts/new", "", "New alert"},
    {"Search", 50, ObjectKind::None, "/search", "", "Search"},
    {"View Home", 30, ObjectKind::None, "/home", "", "Home"},
    {"Upload File", 6, ObjectKind::None, "/sources/upload", "", "Upload a file"},
    {"Change Settings", 8, ObjectKind::None, "/settings", "", "Settings"},
    {"View Documentation", 14, ObjectKind::DocTopic, "/docs/", "", "Documentation"},
    {"Contact Support", 3, ObjectKind::None, "/support", "", "Contact support"},
};
static_assert(std::size(Events) == EventKindCount, "Events must follow EventId");

// "Reports Nudge" goes out 2026-09-15 14:00 UTC with the default as-of time.
const Campaign Campaigns[] = {
    {"Q3 Product Update", "q3-product-update", "/home", 110, 15, 40, false},
    {"Dashboards Webinar", "dashboards-webinar", "/dashboards", 76, 16, 30, false},
    {"Reports Nudge", "reports-nudge", "/reports", 47, 14, 25, false},
    {"Onboarding Drip", "onboarding-drip", "/docs/getting-started", 30, 9, 90, true},
};

// Listed by share: desktop browsers first, then phones and tablets.
const Device Devices[] = {
    {"Desktop", "Windows", "Chrome"},  {"Desktop", "Windows", "Chrome"},
    {"Desktop", "Windows", "Edge"},    {"Desktop", "Windows", "Firefox"},
    {"Desktop", "Mac OS X", "Chrome"}, {"Desktop", "Mac OS X", "Chrome"},
    {"Desktop", "Mac OS X", "Safari"}, {"Desktop", "Mac OS X", "Firefox"},
    {"Desktop", "Linux", "Chrome"},    {"Desktop", "Linux", "Firefox"},
    {"Mobile", "iOS", "Safari"},       {"Mobile", "Android", "Chrome"},
    {"Tablet", "iOS", "Safari"},
};

const TrafficSource TrafficSources[] = {
    {"", "/login"},
    {"https://www.google.com/", "/docs/getting-started"},
    {"https://mail.google.com/", "/dashboards"},
    {"https://app.slack.com/", "/reports"},
    {"https://www.linkedin.com/", "/home"},
};

} // namespace

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

CsvFile::CsvFile(const QString& path) : m_path(path)
{
    m_buf.reserve(FlushBytes + 4096);
}

bool CsvFile::open(QString* error)
{
    return m_file.open(m_path, error);
}

void CsvFile::header(std::string_view line)
{
    m_buf.append(line);
    m_buf += '\n';
}

void CsvFile::text(std::string_view s)
{
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        m_buf.append(s);
    } else {
        m_buf += '"';
        for (char c : s) {
            if (c == '"')
                m_buf += '"';
            m_buf += c;
        }
        m_buf += '"';
    }
    m_buf += ',';
}

void CsvFile::money(qint64 v, bool styled)
{
    if (!styled)
        return number(v);
    std::string s = std::to_string(v);
    for (int i = int(s.size()) - 3; i > 0; i -= 3)
        s.insert(size_t(i), 1, ',');
    text("$" + s);
}

void CsvFile::time(qint64 ms, Stamp form)
{
    const qint64 days = floorDiv(ms, DayMs);
    const qint64 inDay = ms - days * DayMs;
    qint64 year;
    unsigned month, day;
    civilFromDays(days, &year, &month, &day);
    char b[32];
    char* p = putDigits(b, year, 4);
    *p++ = '-';
    p = putDigits(p, month, 2);
    *p++ = '-';
    p = putDigits(p, day, 2);
    if (form != Stamp::Date) {
        *p++ = form == Stamp::Iso ? 'T' : ' ';
        p = putDigits(p, inDay / HourMs, 2);
        *p++ = ':';
        p = putDigits(p, inDay / MinuteMs % 60, 2);
        *p++ = ':';
        p = putDigits(p, inDay / SecondMs % 60, 2);
        if (form == Stamp::Millis) {
            *p++ = '.';
            p = putDigits(p, inDay % SecondMs, 3);
        } else if (form == Stamp::Iso) {
            *p++ = 'Z';
        }
    }
    m_buf.append(b, p);
    m_buf += ',';
}

void CsvFile::flush()
{
    if (m_ok && !m_buf.empty() && !m_file.write(m_buf.data(), m_buf.size()))
        m_ok = false;
    m_buf.clear();
}

bool CsvFile::finish(QString* error)
{
    flush();
    return m_file.finish(error);
}

bool CsvFile::commit(QString* error)
{
    return m_file.commit(error);
}

std::string accountId(size_t index)
{
    const std::string n = std::to_string(index + 1);
    return "A" + std::string(n.size() < 4 ? 4 - n.size() : 0, '0') + n;
}

quint64 mixBits(quint64 a, quint64 b)
{
    quint64 z = a ^ (b * 0xD1B54A32D192ED03ULL);
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

Random::Random(quint64 seed, quint64 stream)
{
    quint64 state = mixBits(seed, stream);
    for (quint64& word : m_s)
        word = state = mixBits(state, 0x9E3779B97F4A7C15ULL);
}

CompanyNames::CompanyNames() : m_pairs(CompanyWordsCount * CompanyNounsCount)
{
    for (size_t i = 0; i < m_pairs.size(); ++i)
        m_pairs[i] = quint32(i);
}

void CompanyNames::draw(Random& rng, size_t index, std::string* name, std::string* domain)
{
    // A partial Fisher-Yates shuffle draws pairs without replacement: names stay unique, and
    // past 1,800 accounts a round number keeps them so ("Acme Analytics 2").
    const size_t slot = index % m_pairs.size();
    std::swap(m_pairs[slot], m_pairs[slot + rng.below(m_pairs.size() - slot)]);
    const std::string word = CompanyWords[m_pairs[slot] / CompanyNounsCount];
    const std::string noun = CompanyNouns[m_pairs[slot] % CompanyNounsCount];
    const size_t round = index / m_pairs.size();
    const std::string number = round > 0 ? " " + std::to_string(round + 1) : std::string();
    domain->clear();
    for (char c : word + noun + number)
        if (c != ' ')
            *domain += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    *domain += ".example";
    const quint64 style = index == 0 ? 0 : index == 1 ? 10 : rng.below(100);
    if (style < 8)
        *name = word + " " + noun + number + ", Inc.";
    else if (style < 10)
        *name = word + " " + noun + number + ", LLC";
    else if (style < 13)
        *name = "The \"" + word + "\" " + noun + number;
    else
        *name = word + " " + noun + number + (style < 23 ? " Ltd" : "");
}

std::string personName(size_t first, size_t last, int style)
{
    const std::string given = FirstNames[first].display;
    const std::string family = LastNames[last].display;
    if (style == 1)
        return family + ", " + given;
    if (style == 2) {
        const char initials[] = {char(FirstNames[first].ascii[0] - 'a' + 'A'),
                                 char(LastNames[last].ascii[0] - 'a' + 'A'), 0};
        return given + " \"" + initials + "\" " + family;
    }
    return given + " " + family;
}

std::string emailAddress(size_t first, size_t last, int suffix, const std::string& domain)
{
    std::string email = std::string(FirstNames[first].ascii) + "." + LastNames[last].ascii;
    if (suffix > 0)
        email += std::to_string(suffix + 1);
    return email + "@" + domain;
}

std::vector<qint64> sessionLengths(Random& rng, qint64 events, qint64 shortest, qint64 longest)
{
    std::vector<qint64> lengths;
    const quint64 half = quint64(longest - shortest) / 2;
    while (events > longest) {
        // The sum of two uniform draws: mid-length sessions are the most common.
        const qint64 length = shortest + qint64(rng.below(half + 1) +
                                                rng.below(quint64(longest - shortest) - half + 1));
        lengths.push_back(std::min(length, events - shortest));
        events -= lengths.back();
    }
    lengths.push_back(events);
    return lengths;
}

qint64 workingTime(Random& rng, qint64 lo, qint64 hi, int workStartHourUtc, qint64 fadeFromMs)
{
    // Draw a day, then a working hour on it; retry a few times for the weekend and fade rules.
    for (int attempt = 0; attempt < 8; ++attempt) {
        const qint64 day = floorDiv(rng.between(lo, hi), DayMs);
        const qint64 hour = (workStartHourUtc + qint64(rng.below(6) + rng.below(6))) % 24;
        const qint64 t = day * DayMs + hour * HourMs + qint64(rng.below(HourMs));
        if (t < lo || t >= hi)
            continue;
        const qint64 weekday = (day % 7 + 7 + 3) % 7; // 1970-01-01 was a Thursday; Monday = 0
        if (weekday >= 5 && !rng.percent(25))
            continue;
        if (fadeFromMs > 0 && t > fadeFromMs &&
            rng.below(90 * DayMs) < quint64(t - fadeFromMs) * 9 / 10)
            continue;
        return t;
    }
    return rng.between(lo, hi);
}

std::span<const char* const> userRoles()
{
    static const char* const roles[] = {"Admin", "Analyst", "Viewer", "Developer"};
    return roles;
}

const char* metricsGroup(qint64 arr)
{
    return arr >= 500000   ? "Strategic"
           : arr >= 250000 ? "Enterprise"
           : arr >= 100000 ? "Commercial > 100K"
                           : "Commercial < 100K";
}

std::string productList(Random& rng)
{
    std::string list;
    const quint64 mask = 1 + rng.below((1u << std::size(Products)) - 1); // never empty
    for (size_t k = 0; k < std::size(Products); ++k)
        if (mask & (1u << k))
            list += (list.empty() ? "" : ", ") + std::string(Products[k]);
    return list;
}

quint64 objectCount(ObjectKind kind)
{
    static const quint64 counts[ObjectKindCount] = {1, 40, 30, 12, 15, std::size(DocTopics)};
    return counts[int(kind)];
}

void eventPath(const EventKind& kind, qint64 objectBase, qint64 object, std::string* path)
{
    *path = kind.pathPrefix;
    if (kind.object == ObjectKind::None)
        return;
    if (kind.object == ObjectKind::DocTopic) {
        *path += DocTopics[object];
    } else {
        char digits[24];
        path->append(digits,
                     std::to_chars(digits, digits + sizeof digits, objectBase + object).ptr);
    }
    *path += kind.pathSuffix;
}

EventId pickEvent(Random& rng, EventId previous, bool campaignWeek, bool declining)
{
    struct Flow
    {
        EventId from, to;
        quint64 percent;
    };
    static const Flow flows[] = {
        {EditQuery, RunQuery, 60},
        {RunQuery, ViewChart, 40},
        {ViewChart, GroupBy, 15},
        {ViewChart, AddFilter, 15},
        {AddFilter, RunQuery, 40},
        {GroupBy, RunQuery, 40},
        {CreateDashboard, ViewDashboard, 70},
        {ViewDashboard, ViewChart, 25},
        {ViewReport, ExportCsv, 15},
        {SaveReport, ScheduleReport, 15},
        {UploadFile, RunQuery, 50},
        {Search, ViewDocumentation, 20},
    };
    for (const Flow& flow : flows)
        if (flow.from == previous && rng.percent(flow.percent))
            return flow.to;
    if (campaignWeek && rng.percent(20))
        return ViewChart; // the campaigns' key event: clicked users come back to charts
    if (declining && rng.below(1000) < 5)
        return ContactSupport; // accounts in trouble file more tickets
    static const quint64 total = [] {
        quint64 sum = 0;
        for (const EventKind& kind : Events)
            sum += quint64(kind.weight);
        return sum;
    }();
    quint64 r = rng.below(total);
    for (int e = 0; e < EventKindCount; ++e) {
        if (r < quint64(Events[e].weight))
            return EventId(e);
        r -= quint64(Events[e].weight);
    }
    return RunQuery;
}

std::span<const PersonName> firstNames()
{
    return FirstNames;
}
std::span<const PersonName> lastNames()
{
    return LastNames;
}
std::span<const TeamMember> teamRoster()
{
    return Team;
}
std::span<const char* const> companyWords()
{
    return CompanyWords;
}
std::span<const char* const> companyNouns()
{
    return CompanyNouns;
}
std::span<const char* const> industries()
{
    return Industries;
}
std::span<const Region> regions()
{
    return Regions;
}
std::span<const char* const> products()
{
    return Products;
}
std::span<const char* const> docTopics()
{
    return DocTopics;
}
std::span<const EventKind> eventKinds()
{
    return Events;
}
std::span<const Campaign> campaigns()
{
    return Campaigns;
}
std::span<const Device> devices()
{
    return Devices;
}
std::span<const TrafficSource> trafficSources()
{
    return TrafficSources;
}

} // namespace pulsebook::demo
