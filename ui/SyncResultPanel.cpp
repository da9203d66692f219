#include "SyncResultPanel.h"

#include "PlanWidget.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGridLayout>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace pulsebook {

SyncResultPanel::SyncResultPanel(QWidget* parent)
    : QWidget(parent), m_heading(new QLabel(this)), m_rowsBox(new QWidget(this)),
      m_rows(new QGridLayout(m_rowsBox)), m_created(new QLabel(this)),
      m_rejectsRow(new QWidget(this)), m_rejected(new QLabel(m_rejectsRow)),
      m_openRejects(new QPushButton(tr("Open Re&jects File"), m_rejectsRow)),
      m_notes(new QLabel(this)), m_errorBox(new QWidget(this)), m_error(new QLabel(m_errorBox)),
      m_copy(new QPushButton(tr("Copy Error Te&xt"), m_errorBox)),
      m_open([](const QString& path) { QDesktopServices::openUrl(QUrl::fromLocalFile(path)); })
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_heading->setObjectName(QStringLiteral("syncOutcome"));
    m_heading->setWordWrap(true);
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    layout->addWidget(m_heading);

    m_rowsBox->setObjectName(QStringLiteral("summaryRows"));
    m_rowsBox->setAccessibleName(tr("Rows per table"));
    m_rows->setContentsMargins(0, 0, 0, 0);
    m_rows->setColumnStretch(2, 1);
    layout->addWidget(m_rowsBox);
    m_created->setObjectName(QStringLiteral("createdUsers"));
    layout->addWidget(m_created);

    auto* rejects = new QHBoxLayout(m_rejectsRow);
    rejects->setContentsMargins(0, 0, 0, 0);
    m_rejected->setObjectName(QStringLiteral("rejectedRows"));
    m_openRejects->setObjectName(QStringLiteral("openRejects"));
    rejects->addWidget(m_rejected);
    rejects->addWidget(m_openRejects);
    rejects->addStretch(1);
    layout->addWidget(m_rejectsRow);
    connect(m_openRejects, &QPushButton::clicked, this,
            [this] { m_open(m_openRejects->property("path").toString()); });

    m_notes->setObjectName(QStringLiteral("syncNotes"));
    m_notes->setWordWrap(true);
    m_notes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_notes);

    auto* errorRow = new QHBoxLayout(m_errorBox);
    errorRow->setContentsMargins(0, 0, 0, 0);
    m_error->setObjectName(QStringLiteral("syncError"));
    m_error->setAccessibleName(tr("Sync error"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_error->setFocusPolicy(Qt::StrongFocus);
    m_copy->setObjectName(QStringLiteral("copyError"));
    m_copy->setToolTip(tr("Copy the error to the clipboard"));
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_error->text()); });
    errorRow->addWidget(m_error, 1);
    errorRow->addWidget(m_copy, 0, Qt::AlignTop);
    layout->addWidget(m_errorBox);
    hide();
}

void SyncResultPanel::setHeading(const QString& text, bool problem)
{
    if (problem) {
        markAsProblem(m_heading, text);
    } else {
        m_heading->setPalette(QPalette());
        m_heading->setText(QStringLiteral("✔ ") + text);
        m_heading->setAccessibleName(text);
    }
}

void SyncResultPanel::showRows(const QString& heading, const QList<Row>& rows, qint64 createdUsers,
                               qint64 rejected, const QString& rejectsPath,
                               const QStringList& notes)
{
    setHeading(heading, false);
    while (QLayoutItem* item = m_rows->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QLocale locale;
    int r = 0;
    for (const Row& row : rows) {
        auto* name = new QLabel(row.table, m_rowsBox);
        auto* count = new QLabel(locale.toString(row.rows), m_rowsBox);
        count->setObjectName(QStringLiteral("rows-") + row.table);
        count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_rows->addWidget(name, r, 0);
        m_rows->addWidget(count, r, 1);
        ++r;
    }
    if (rows.isEmpty())
        m_rows->addWidget(new QLabel(tr("No rows changed."), m_rowsBox), 0, 0, 1, 2);
    m_created->setText(createdUsers == 1 ? tr("1 user created (first seen outside users.csv)")
                                         : tr("%1 users created (first seen outside users.csv)")
                                               .arg(locale.toString(createdUsers)));
    m_rejectsRow->setVisible(rejected > 0);
    m_rejected->setText(tr("%1 rejected —").arg(locale.toString(rejected)));
    m_openRejects->setProperty("path", rejectsPath);
    m_openRejects->setToolTip(rejectsPath);
    m_openRejects->setAccessibleName(tr("Open rejects file %1").arg(rejectsPath));
    m_openRejects->setEnabled(!rejectsPath.isEmpty());
    m_notes->setText(notes.join(QLatin1Char('\n')));
    m_notes->setVisible(!notes.isEmpty());
    m_rowsBox->show();
    m_created->show();
    m_errorBox->hide();
    show();
}

void SyncResultPanel::showSummary(const SyncSummary& summary, const QString& mappingError)
{
    QList<Row> rows;
    QStringList notes;
    for (const SyncTableSummary& t : summary.tables) {
        if (!t.file.isEmpty())
            rows.append({t.table, t.landed});
        if (t.footerLines > 0)
            notes.append(tr("%1: skipped a report footer (%2 lines from line %3)")
                             .arg(t.file)
                             .arg(t.footerLines)
                             .arg(t.footerLine));
    }
    if (summary.rejected > 0 && !summary.rejectsError.isEmpty())
        notes.append(tr("The rejected rows could not be written: %1").arg(summary.rejectsError));
    notes.append(mappingError.isEmpty()
                     ? tr("The mapping is saved in the workspace: the next sync of this folder "
                          "reads it.")
                     : tr("The sync landed, but the mapping was not saved: %1").arg(mappingError));
    showRows(tr("Synced %1 in %2 s")
                 .arg(summary.folder)
                 .arg(QLocale().toString(double(summary.elapsedMs) / 1000.0, 'f', 1)),
             rows, summary.createdUsers, summary.rejected, summary.rejectsPath, notes);
}

void SyncResultPanel::showLogEntry(const SyncLogEntry& entry, const QString& rejectsPath)
{
    QList<Row> rows;
    const QJsonObject counts = QJsonDocument::fromJson(entry.rowsJson.toUtf8()).object();
    for (const auto& spec : ExportFormat::files()) { // in the order a sync reads them
        const QString table = QLatin1String(spec.tableName);
        if (counts.contains(table))
            rows.append({table, qint64(counts.value(table).toDouble())});
    }
    showRows(
        tr("Last sync: %1, %2")
            .arg(entry.source, QLocale().toString(QDateTime::fromMSecsSinceEpoch(entry.finishedMs),
                                                  QLocale::ShortFormat)),
        rows, entry.createdUsers, entry.rejected, rejectsPath, {});
}

void SyncResultPanel::showError(const QString& error)
{
    setHeading(tr("The sync stopped. The workspace is unchanged."), true);
    m_error->setText(error);
    m_rowsBox->hide();
    m_created->hide();
    m_rejectsRow->hide();
    m_notes->hide();
    m_errorBox->show();
    show();
}

void SyncResultPanel::showCancelled()
{
    setHeading(tr("Sync cancelled: the workspace is unchanged."), false);
    m_heading->setText(m_heading->accessibleName());
    m_rowsBox->hide();
    m_created->hide();
    m_rejectsRow->hide();
    m_notes->hide();
    m_errorBox->hide();
    show();
}

} // namespace pulsebook
