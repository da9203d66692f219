#include "SyncPlanText.h"

#include "sync/ExportFormat.h"
#include "sync/SyncPlan.h"

#include <QStringList>

namespace pulsebook::cli {

QString syncPlanText(const SyncPlan& plan)
{
    QString text = QStringLiteral("Plan for %1:\n").arg(plan.folder);
    for (const SyncPlan::TablePlan& t : plan.tables) {
        text += QStringLiteral("  %1 <- %2%3\n")
                    .arg(t.tableName, t.file,
                         t.mapped ? QStringLiteral(" (files.%1)").arg(t.tableName) : QString());
        if (!t.headerError.isEmpty())
            text += QStringLiteral("    cannot read the header: %1\n").arg(t.headerError);
        for (const SyncPlan::Column& c : t.columns) {
            if (c.field.isEmpty()) {
                text += QStringLiteral("    \"%1\" -> property\n").arg(c.header);
                continue;
            }
            const char* how = c.match == ExportFormat::Match::Mapped    ? " (mapped)"
                              : c.match == ExportFormat::Match::Synonym ? " (synonym)"
                                                                        : "";
            text +=
                QStringLiteral("    \"%1\" -> %2%3\n").arg(c.header, c.field, QLatin1String(how));
        }
        for (const QString& field : t.unread)
            text += QStringLiteral("    (none) -> %1 (mapped)\n").arg(field);
        for (const QString& field : t.unmatched)
            text +=
                QStringLiteral("    MAPPED COLUMN NOT FOUND: columns.%1.%2 = \"%3\"\n")
                    .arg(t.tableName, field, plan.mapping.columns.value(t.tableName).value(field));
        for (const QString& field : t.missing)
            text += QStringLiteral("    MISSING REQUIRED FIELD: %1 (map a column with --map "
                                   "%2.%1=COLUMN)\n")
                        .arg(field, t.tableName);
    }
    if (!plan.absent.isEmpty()) {
        QStringList absent;
        for (const QString& table : plan.absent) {
            const QString mapped = plan.mapping.files.value(table);
            absent.append(mapped.isEmpty()
                              ? table
                              : QStringLiteral("%1 (files.%1 names %2)").arg(table, mapped));
        }
        text += QStringLiteral("  no file for: %1\n").arg(absent.join(QStringLiteral(", ")));
    }
    for (const SyncPlan::IgnoredFile& f : plan.ignored) {
        text += QStringLiteral("  ignored %1: %2").arg(f.file, f.reason);
        if (!f.suggestedTable.isEmpty())
            text += QStringLiteral("; it has the columns of %1: read it with --map %1=%2")
                        .arg(f.suggestedTable, f.file);
        text += QLatin1Char('\n');
    }
    const QString order = FieldParser::dateOrderName(plan.mapping.dateOrder);
    text += order.isEmpty() ? QStringLiteral("  date order: not set (a slash date is read only "
                                             "when it can mean one date)\n")
                            : QStringLiteral("  date order: %1\n").arg(order);
    return text;
}

QString exportFormatHelp()
{
    QString text = QStringLiteral(
        "An export folder holds CSV files (UTF-8, header row, \",\" separator). Files and\n"
        "columns, required ones marked *, with the synonyms accepted for them (names match\n"
        "in any case):\n");
    for (const auto& spec : ExportFormat::files()) {
        QStringList names;
        for (const char* f : spec.files)
            names.append(QLatin1String(f));
        text += QStringLiteral("  %1 (table %2):\n")
                    .arg(names.join(QStringLiteral(" or ")), QLatin1String(spec.tableName));
        for (const auto& column : spec.columns) {
            QStringList synonyms;
            for (const char* s : column.synonyms)
                synonyms.append(QLatin1String(s));
            text +=
                QStringLiteral("    %1%2%3\n")
                    .arg(QLatin1String(column.name),
                         column.required ? QStringLiteral("*") : QString(),
                         synonyms.isEmpty()
                             ? QString()
                             : QStringLiteral(" (%1)").arg(synonyms.join(QStringLiteral(", "))));
        }
    }
    text += QStringLiteral(
        "Any other column becomes a property of its row. Another file name or column name:\n"
        "--map TABLE=FILE, --map TABLE.FIELD=COLUMN; --map TABLE.FIELD= reads no column into\n"
        "an optional field (--save-map keeps them in the workspace).\n"
        "Values (empty means missing):\n"
        "  times: ISO-8601 with Z or an offset; YYYY-MM-DD HH:MM:SS[.fff] (UTC); YYYY-MM-DD;\n"
        "    epoch seconds or milliseconds; M/D/YYYY or D/M/YYYY [H:MM[:SS] [AM|PM]] (UTC) as\n"
        "    the workspace's date_order says (--date-order); without it, only a slash date\n"
        "    that can mean one date (30/11/2026)\n"
        "  booleans: true/false, yes/no, y/n, 1/0 in any case\n"
        "  money and counts: a currency sign, thousands separators and cents ($120,036.00)\n"
        "  products_adopted: a count, or product names separated by \",\" or \";\" (counted)\n"
        "  role: a free job title; the level comes from the manager links\n"
        "Lines after the data with a single cell (a report footer such as \"Copyright...\")\n"
        "are skipped with a note.\n");
    return text;
}

} // namespace pulsebook::cli
