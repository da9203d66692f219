#pragma once

#include <QString>

namespace pulsebook {
struct SyncPlan;
}

namespace pulsebook::cli {

// The plan of a sync as the CLI prints it (sync --dry-run, and before a sync's summary).
QString syncPlanText(const SyncPlan& plan);

// What `sync --help` says about the export folder: files, fields, synonyms (from
// ExportFormat's tables, so it cannot drift from what a sync reads) and value forms.
QString exportFormatHelp();

} // namespace pulsebook::cli
