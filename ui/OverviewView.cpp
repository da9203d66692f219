#include "OverviewView.h"

#include "AppContext.h"
#include "PageParts.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace pulsebook {

namespace {

QString tableTitle(const QString& table)
{
    static const QHash<QString, QString> titles = {
        {QStringLiteral("team"), QObject::tr("Team members")},
        {QStringLiteral("accounts"), QObject::tr("Accounts")},
        {QStringLiteral("users"), QObject::tr("Users")},
        {QStringLiteral("sessions"), QObject::tr("Sessions")},
        {QStringLiteral("events"), QObject::tr("Events")},
        {QStringLiteral("campaign_touches"), QObject::tr("Campaign touches")},
        {QStringLiteral("user_migrations"), QObject::tr("Identity merges")},
    };
    return titles.value(table, table);
}

QString localTime(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

} // namespace

OverviewView::OverviewView(AppContext* context, QWidget* parent) : View(context, parent)
{
    auto* layout = new QVBoxLayout(this);
    m_title = pageTitle(tr("No workspace open"), QStringLiteral("workspaceTitle"), this);
    m_asOf = new QLabel(this);
    m_asOf->setObjectName(QStringLiteral("asOfLabel"));
    m_asOf->setWordWrap(true);
    m_asOf->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_import = new QPushButton(tr("Import an Export Folder…"), this);
    m_import->setObjectName(QStringLiteral("overviewImport"));
    m_import->hide();
    connect(m_import, &QPushButton::clicked, this,
            [this] { emit navigate(QStringLiteral("import")); });
    auto* head = new QHBoxLayout;
    auto* titles = new QVBoxLayout;
    titles->addWidget(m_title);
    titles->addWidget(m_asOf);
    head->addLayout(titles, 1);
    head->addWidget(m_import, 0, Qt::AlignTop);
    layout->addLayout(head);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    m_rows = new QTableWidget(0, 2, splitter);
    m_rows->setObjectName(QStringLiteral("rowCounts"));
    m_rows->setAccessibleName(tr("What the workspace holds"));
    m_rows->setHorizontalHeaderLabels({tr("Data"), tr("Rows")});
    m_rows->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_rows->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_rows->verticalHeader()->hide();
    m_rows->verticalHeader()->setDefaultSectionSize(m_rows->fontMetrics().height() + 8);
    m_rows->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rows->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rows->setAlternatingRowColors(true);
    m_log = new QTreeWidget(splitter);
    m_log->setObjectName(QStringLiteral("syncLog"));
    m_log->setAccessibleName(tr("Sync log"));
    m_log->setRootIsDecorated(false);
    m_log->setAlternatingRowColors(true);
    m_log->setHeaderLabels(
        {tr("Synced"), tr("Source"), tr("Rows landed"), tr("Rejected"), tr("New users")});
    m_log->header()->setStretchLastSection(false);
    m_log->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    splitter->addWidget(titledSection(tr("What the workspace holds"), m_rows, splitter));
    splitter->addWidget(titledSection(tr("Sync log"), m_log, splitter));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(context, &AppContext::summaryChanged, this,
            [this] { show(this->context()->summary()); });
    connect(context, &AppContext::workspaceChanged, this, [this] { setLoading(); });
    if (!context->summary().path.isEmpty())
        show(context->summary());
}

void OverviewView::show(const WorkspaceSummary& s)
{
    m_title->setText(QFileInfo(s.path).fileName());
    m_title->setToolTip(s.path);
    if (!s.error.isEmpty()) {
        m_asOf->setText(s.exists ? s.error
                                 : tr("A new workspace: nothing is synced yet. Import an export "
                                      "folder to fill it."));
    } else if (s.asOfMs) {
        m_asOf->setText(tr("Data as of %1 (%2) · %3").arg(s.asOfDate, s.timeZone, s.path));
    } else {
        m_asOf->setText(tr("No events yet: import an export folder (File ▸ Import Export "
                           "Folder…) · %1")
                            .arg(s.path));
    }
    m_import->setVisible(!s.asOfMs);
    m_rows->setRowCount(int(s.rows.size()));
    for (int i = 0; i < s.rows.size(); ++i) {
        m_rows->setItem(i, 0, new QTableWidgetItem(tableTitle(s.rows[i].table)));
        auto* count = new QTableWidgetItem(QLocale().toString(s.rows[i].rows));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_rows->setItem(i, 1, count);
    }
    m_log->clear();
    for (const auto& e : s.log) {
        qint64 landed = 0;
        const QJsonObject rows = QJsonDocument::fromJson(e.rowsJson.toUtf8()).object();
        for (auto it = rows.begin(); it != rows.end(); ++it)
            landed += qint64(it.value().toDouble());
        auto* item = new QTreeWidgetItem(m_log);
        item->setText(0, localTime(e.finishedMs));
        item->setText(1, e.source);
        item->setText(2, QLocale().toString(landed));
        item->setText(3, QLocale().toString(e.rejected));
        item->setText(4, QLocale().toString(e.createdUsers));
        item->setToolTip(2, e.rowsJson);
        for (int c = 2; c <= 4; ++c)
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    }
    for (int c = 0; c < m_log->columnCount(); ++c) {
        if (c != 1)
            m_log->resizeColumnToContents(c);
    }
    setReady();
}

} // namespace pulsebook
