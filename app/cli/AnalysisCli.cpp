#include "AnalysisCli.h"

#include "analysis/Segment.h"
#include "analysis/SegmentParser.h"
#include "analysis/SortedList.h"
#include "export/CsvWriter.h"
#include "export/ListCsv.h"
#include "export/OutputFile.h"
#include "export/TableCsv.h"
#include "present/UsageTables.h"
#include "sync/FieldParser.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <vector>

namespace pulsebook::cli {

namespace {

constexpr int TerminalRowCap = 100;

void printErr(const QString& text)
{
    std::fputs(text.toUtf8().constData(), stderr);
    std::fputc('\n', stderr);
}

// Numbers in the terminal: at most 4 decimals, trailing zeros dropped.
QString shortNumber(const QVariant& v)
{
    const double d = v.toDouble();
    if (v.typeId() != QMetaType::Double || std::isnan(d) || d == std::floor(d))
        return {};
    QString text = QString::number(d, 'f', 4);
    while (text.endsWith(QLatin1Char('0')))
        text.chop(1);
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return text;
}

QString cellText(const QVariant& v)
{
    if (!v.isValid() || v.isNull())
        return {};
    if (v.typeId() == QMetaType::Double) {
        const double d = v.toDouble();
        if (std::isnan(d))
            return {};
        if (d == std::floor(d) && std::fabs(d) < 1e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 10);
    }
    return v.toString();
}

QString terminalText(const QVariant& v)
{
    const QString rounded = shortNumber(v);
    return rounded.isEmpty() ? cellText(v) : rounded;
}

// A typed cell as the formats below read it: times as ISO timestamps (text).
QVariant cellValue(const ListCell& cell)
{
    return cell.kind == ListCell::Kind::Time ? QVariant(FieldParser::formatTimestamp(cell.timeMs))
                                             : cell.toVariant();
}

QVariantList rowValues(const ResultRow& row)
{
    QVariantList values;
    values.reserve(qsizetype(row.size()));
    for (const ListCell& cell : row)
        values.append(cellValue(cell));
    return values;
}

bool isNumber(const QVariant& v)
{
    return v.typeId() == QMetaType::Double || v.typeId() == QMetaType::LongLong ||
           v.typeId() == QMetaType::Int;
}

QJsonValue jsonCell(const QVariant& v)
{
    if (!v.isValid() || v.isNull())
        return QJsonValue(QJsonValue::Null);
    if (v.typeId() == QMetaType::Double && std::isnan(v.toDouble()))
        return QJsonValue(QJsonValue::Null);
    if (isNumber(v))
        return v.toDouble();
    return v.toString();
}

} // namespace

QString commandHelp(const QCommandLineParser& parser, const QString& command)
{
    QString text = parser.helpText();
    const QString exe = QCoreApplication::arguments().value(0);
    const QString wrong = QStringLiteral("Usage: ") + exe;
    if (text.startsWith(wrong))
        text.replace(0, wrong.size(), QStringLiteral("Usage: pulsebook-cli ") + command);
    if (!text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    text += QStringLiteral("\nEvery figure is defined in %1 (Pulsebook's sources and "
                           "documentation).\n")
                .arg(QLatin1String(DefinitionsDoc));
    return text;
}

AnalysisCommand::AnalysisCommand(const QString& name, const QString& description) : m_name(name)
{
    m_clock.start();
    m_parser.setApplicationDescription(description);
    m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    m_parser.addOption({QStringList{QStringLiteral("help"), QStringLiteral("h")},
                        QStringLiteral("Show this help.")});
    m_parser.addOption({QStringList{QStringLiteral("cache"), QStringLiteral("c")},
                        QStringLiteral("The workspace cache file."), QStringLiteral("FILE")});
    m_parser.addOption({QStringLiteral("as-of"),
                        QStringLiteral("\"Now\" for relative windows (default: midnight after "
                                       "the latest event)."),
                        QStringLiteral("DATE")});
    m_parser.addOption({QStringLiteral("segment"),
                        QStringLiteral("Only users in this segment: a name from the workspace "
                                       "or an expression such as 'did \"Login\" within 30d'."),
                        QStringLiteral("NAME|EXPR")});
    m_parser.addOption({QStringLiteral("format"), QStringLiteral("table (default), csv or json."),
                        QStringLiteral("FORMAT"), QStringLiteral("table")});
    m_parser.addOption({QStringLiteral("out"),
                        QStringLiteral("Write the rows to FILE as CSV (all rows, streamed)."),
                        QStringLiteral("FILE")});
    m_parser.addOption({QStringLiteral("sidecar"),
                        QStringLiteral("With --out: also write FILE.json with the definition and "
                                       "the as-of time.")});
    m_parser.addOption(
        {QStringLiteral("timing"), QStringLiteral("Print the time to open the cache and to run the "
                                                  "analysis on stderr.")});
}

int AnalysisCommand::parse(const QStringList& arguments)
{
    QStringList args = arguments;
    args[0] = QStringLiteral("pulsebook-cli ") + m_name;
    if (!m_parser.parse(args))
        return usageError(m_parser.errorText());
    if (m_parser.isSet(QStringLiteral("help"))) {
        std::fputs(commandHelp(m_parser, m_name).toUtf8().constData(), stdout);
        return 0;
    }
    const QString format = m_parser.value(QStringLiteral("format"));
    if (format != QLatin1String("table") && format != QLatin1String("csv") &&
        format != QLatin1String("json"))
        return usageError(QStringLiteral("--format must be table, csv or json"));
    if (m_parser.isSet(QStringLiteral("sidecar")) && !m_parser.isSet(QStringLiteral("out")))
        return usageError(QStringLiteral("--sidecar needs --out FILE"));
    return -1;
}

void AnalysisCommand::addNodeOption()
{
    m_parser.addOption(
        {QStringLiteral("node"),
         QStringLiteral("Only the accounts of this person of team.csv and everyone below them."),
         QStringLiteral("PERSON")});
}

int AnalysisCommand::usageError(const QString& message) const
{
    printErr(QStringLiteral("pulsebook-cli %1: %2").arg(m_name, message));
    printErr(QStringLiteral("Try 'pulsebook-cli %1 --help'.").arg(m_name));
    return 2;
}

int AnalysisCommand::failure(const QString& message) const
{
    printErr(QStringLiteral("pulsebook-cli %1: %2").arg(m_name, message));
    return 1;
}

bool typedNumber(const QString& text, double* value, QString* reason)
{
    const QByteArray utf8 = text.trimmed().toUtf8();
    return !utf8.isEmpty() &&
           FieldParser::money(std::string_view(utf8.constData(), size_t(utf8.size())), value,
                              reason);
}

bool typedCount(const QString& text, qint64* value, QString* reason)
{
    const QByteArray utf8 = text.trimmed().toUtf8();
    return !utf8.isEmpty() &&
           FieldParser::count(std::string_view(utf8.constData(), size_t(utf8.size())), value,
                              reason);
}

bool typedCount(const QString& text, int* value, QString* reason)
{
    qint64 v = 0;
    if (!typedCount(text, &v, reason) || v > std::numeric_limits<int>::max())
        return false;
    *value = int(v);
    return true;
}

bool AnalysisCommand::timeValue(const QString& option, qint64* ms, int* exitCode) const
{
    QString reason;
    if (!m_context.calendar.typedTime(m_parser.value(option), ms, &reason)) {
        *exitCode = usageError(QStringLiteral("--%1: %2").arg(option, reason));
        return false;
    }
    return true;
}

bool AnalysisCommand::durationValue(const QString& text, qint64* ms)
{
    return parseDuration(text, ms, nullptr);
}

AnalysisCommand::~AnalysisCommand()
{
    // A command runs once per process: its index (millions of allocations on a big cache) is
    // handed back to the system by the exit at once rather than freed piece by piece, which
    // took about a tenth of the whole run (README, "Performance"). Kept reachable, so leak
    // checkers see no leak.
    static auto* const kept = new std::vector<std::shared_ptr<const EventIndex>>;
    if (m_context.index)
        kept->push_back(std::move(m_context.index));
}

int AnalysisCommand::open()
{
    QString error;
    const QString path =
        m_parser.isSet(QStringLiteral("cache"))
            ? m_parser.value(QStringLiteral("cache"))
            : QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                  QStringLiteral("/workspace.pulsebook");
    if (!m_cache.openForReading(path, &error))
        return failure(error);
    m_context.index = EventIndex::load(m_cache, nullptr, &error);
    if (!m_context.index)
        return failure(error);
    if (!WorkspaceCheck::load(m_cache, *m_context.index, &m_workspace, &error))
        return failure(error);
    // Definitions naming events the data does not have yet still run (their figures are 0):
    // say so, once, before the result.
    printProblems(WorkspaceCheck::check(m_workspace, *m_context.index));
    m_context.workspace = &m_workspace;
    m_context.calendar = Calendar(m_workspace.timeZone);
    m_context.asOfMs = m_context.calendar.defaultAsOf(m_cache);
    if (m_parser.isSet(QStringLiteral("as-of"))) {
        int code = 0;
        if (!timeValue(QStringLiteral("as-of"), &m_context.asOfMs, &code))
            return code;
    }
    if (m_parser.isSet(QStringLiteral("segment"))) {
        const QString text = m_parser.value(QStringLiteral("segment"));
        std::vector<char> members;
        if (const int rc = segmentMembers(QStringLiteral("--segment"), text, &members); rc >= 0)
            return rc;
        m_context.segment = std::move(members);
        m_context.segmentName = text;
    }
    m_openedMs = m_clock.elapsed();
    return -1;
}

int AnalysisCommand::segmentMembers(const QString& option, const QString& text,
                                    std::vector<char>* members)
{
    QString error;
    Segment segment;
    if (m_workspace.segments.contains(text)) {
        segment = Segment(m_workspace.segments.value(text));
    } else if (!SegmentParser::parse(text, &segment, &error, m_context.calendar)) {
        return usageError(QStringLiteral("%1: no segment named \"%2\" in the workspace, and not "
                                         "an expression: %3")
                              .arg(option, text, error));
    }
    if (!checkSegment(segment, option, &error))
        return usageError(error);
    if (!segment.evaluate(m_context, m_workspace.segments, members, &error))
        return failure(error);
    return -1;
}

void AnalysisCommand::printProblems(const WorkspaceProblems& problems) const
{
    for (const WorkspaceProblem& p : problems)
        printErr(QStringLiteral("pulsebook-cli %1: %2: %3")
                     .arg(m_name, p.isError() ? QStringLiteral("error") : QStringLiteral("warning"),
                          p.text()));
}

bool AnalysisCommand::checkSegment(const Segment& segment, const QString& path, QString* error)
{
    WorkspaceProblems problems;
    segment.check(*m_context.index, m_workspace.segments, path, &problems);
    for (const WorkspaceProblem& p : std::as_const(problems)) {
        if (p.isError()) {
            *error = p.text();
            return false;
        }
    }
    printProblems(problems);
    return true;
}

int AnalysisCommand::needsDefinition(const QString& what, const QString& key,
                                     const QString& example) const
{
    return failure(QStringLiteral("needs a definition: the workspace has no %1; run "
                                  "pulsebook-cli workspace set %2 %3 (pulsebook-cli workspace "
                                  "suggest proposes some)")
                       .arg(what, key, example));
}

void AnalysisCommand::printTiming() const
{
    const qint64 done = m_clock.elapsed();
    if (m_parser.isSet(QStringLiteral("timing")))
        std::fprintf(stderr, "timing: open %lld ms, analysis %lld ms, first result %lld ms\n",
                     static_cast<long long>(m_openedMs), static_cast<long long>(done - m_openedMs),
                     static_cast<long long>(done));
}

bool AnalysisCommand::writeSidecar(const QString& path, QJsonObject definition, qint64 rows,
                                   const QStringList& columns, QString* error) const
{
    if (!m_parser.isSet(QStringLiteral("sidecar")))
        return true;
    definition.insert(QStringLiteral("rows"), rows);
    definition.insert(QStringLiteral("columns"), QJsonArray::fromStringList(columns));
    return OutputFile::writeAll(path + QStringLiteral(".json"), QJsonDocument(definition).toJson(),
                                error);
}

int AnalysisCommand::outputList(const SortedList& list, const QJsonObject& definition)
{
    if (!m_parser.isSet(QStringLiteral("out")))
        return output(listTable(list, definition, 0, list.count()));
    printTiming();
    const QString path = m_parser.value(QStringLiteral("out"));
    std::fprintf(stderr, "Writing %lld rows to %s\n", static_cast<long long>(list.count()),
                 qPrintable(path));
    QString error;
    if (!writeListCsv(list, path, nullptr, &error) ||
        !writeSidecar(path, definition, list.count(), list.table().columnNames(), &error))
        return failure(error);
    return 0;
}

int AnalysisCommand::output(const ResultTable& table)
{
    printTiming();
    const QJsonObject& definition = table.definition;
    const QStringList columns = table.columnIds();
    if (m_parser.isSet(QStringLiteral("out"))) {
        const QString path = m_parser.value(QStringLiteral("out"));
        std::fprintf(stderr, "Writing %lld rows to %s\n", static_cast<long long>(table.rows.size()),
                     qPrintable(path));
        QString error;
        if (!writeTableCsv(table, path, nullptr, &error) ||
            !writeSidecar(path, definition, qint64(table.rows.size()), columns, &error))
            return failure(error);
        return 0;
    }
    const QString format = m_parser.value(QStringLiteral("format"));
    if (format == QLatin1String("json")) {
        QJsonObject root;
        root.insert(QStringLiteral("definition"), definition);
        QJsonArray rows;
        for (const ResultRow& typed : table.rows) {
            const QVariantList row = rowValues(typed);
            QJsonObject o;
            for (qsizetype c = 0; c < columns.size() && c < row.size(); ++c)
                o.insert(columns[c], jsonCell(row[c]));
            rows.append(o);
        }
        root.insert(QStringLiteral("rows"), rows);
        std::fputs(QJsonDocument(root).toJson(QJsonDocument::Indented).constData(), stdout);
        return 0;
    }
    if (format == QLatin1String("csv")) {
        std::string out;
        // Text is escaped and neutralised; numbers stay numbers (as with --out).
        auto line = [&](const QStringList& cells, const QVariantList* values = nullptr) {
            for (qsizetype i = 0; i < cells.size(); ++i) {
                if (i)
                    out += ',';
                const QByteArray utf8 = cells[i].toUtf8();
                if (values && i < values->size() && isNumber((*values)[i]))
                    out.append(utf8.constData(), size_t(utf8.size()));
                else
                    out +=
                        CsvWriter::escape(std::string_view(utf8.constData(), size_t(utf8.size())));
            }
            out += '\n';
        };
        line(columns);
        for (const ResultRow& typed : table.rows) {
            const QVariantList row = rowValues(typed);
            QStringList cells;
            for (const QVariant& v : row)
                cells.append(cellText(v));
            line(cells, &row);
            if (out.size() > (1 << 16)) {
                std::fwrite(out.data(), 1, out.size(), stdout);
                out.clear();
            }
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }
    // Terminal table: aligned columns, numbers to the right, at most TerminalRowCap rows.
    for (const QString& s : table.notes)
        std::printf("%s\n", qPrintable(s));
    const size_t shown = std::min(table.rows.size(), size_t(TerminalRowCap));
    std::vector<QVariantList> shownRows;
    for (size_t r = 0; r < shown; ++r)
        shownRows.push_back(rowValues(table.rows[r]));
    std::vector<qsizetype> width(size_t(columns.size()), 0);
    for (qsizetype c = 0; c < columns.size(); ++c)
        width[size_t(c)] = columns[c].size();
    for (const QVariantList& row : shownRows) {
        for (qsizetype c = 0; c < row.size() && c < columns.size(); ++c)
            width[size_t(c)] = std::max(width[size_t(c)], terminalText(row[c]).size());
    }
    auto print = [&](const QVariantList& cells, bool header) {
        QString line;
        for (qsizetype c = 0; c < columns.size(); ++c) {
            const QVariant v = c < cells.size() ? cells[c] : QVariant();
            const QString text = header ? v.toString() : terminalText(v);
            const int w = int(width[size_t(c)]);
            line += (!header && isNumber(v)) ? text.rightJustified(w) : text.leftJustified(w);
            line += QStringLiteral("  ");
        }
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        std::printf("%s\n", qPrintable(line));
    };
    QVariantList header;
    for (const QString& c : columns)
        header.append(c);
    print(header, true);
    for (const QVariantList& row : shownRows)
        print(row, false);
    if (table.rows.size() > shown)
        std::printf("… %lld more rows: use --out FILE or --format csv for all of them\n",
                    static_cast<long long>(table.rows.size() - shown));
    return 0;
}

} // namespace pulsebook::cli
