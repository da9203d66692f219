#include "FirstRunView.h"

#include "AppContext.h"
#include "PolledProgress.h"
#include "Settings.h"
#include "SyncController.h"
#include "cache/Cache.h"
#include "workspace/Workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace pulsebook {

FirstRunView::FirstRunView(AppContext* context, QWidget* parent)
    : View(context, parent), m_poll(new QTimer(this))
{
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* column = new QWidget(this);
    column->setMaximumWidth(560);
    auto* layout = new QVBoxLayout(column);
    auto* title = new QLabel(tr("Welcome to Pulsebook"), column);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    title->setFont(big);
    auto* text = new QLabel(tr("Pulsebook keeps your book of business on your computer: product "
                               "usage and CRM accounts from your exports or your warehouse, "
                               "scored and ready for your next meeting. Start with the demo "
                               "workspace, or bring your own data."),
                            column);
    text->setWordWrap(true);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addSpacing(12);

    m_openDemo = new QPushButton(tr("Open the Demo Workspace"), column);
    m_openDemo->setObjectName(QStringLiteral("openDemo"));
    m_openDemo->setToolTip(tr("A made-up company with %1 users: generated once, then opened")
                               .arg(QLocale().toString(m_demo.users)));
    m_openDemo->setDefault(true);
    m_import = new QPushButton(tr("Import an Export Folder…"), column);
    m_import->setObjectName(QStringLiteral("importFolder"));
    m_import->setToolTip(tr("A folder of CSV exports (users, events, accounts, team...): you see "
                            "how each file is read before anything is saved"));
    m_open = new QPushButton(tr("Open a Workspace…"), column);
    m_open->setObjectName(QStringLiteral("openExisting"));
    for (QPushButton* b : {m_openDemo, m_import, m_open}) {
        b->setMinimumHeight(b->sizeHint().height() * 3 / 2);
        layout->addWidget(b);
    }

    m_busy = new QWidget(column);
    auto* busy = new QHBoxLayout(m_busy);
    busy->setContentsMargins(0, 0, 0, 0);
    m_stage = new QLabel(m_busy);
    m_stage->setObjectName(QStringLiteral("demoStage"));
    m_bar = new QProgressBar(m_busy);
    m_bar->setObjectName(QStringLiteral("demoProgress"));
    m_bar->setAccessibleName(tr("Demo workspace progress"));
    m_cancel = new QPushButton(tr("Cancel"), m_busy);
    m_cancel->setObjectName(QStringLiteral("cancelDemo"));
    busy->addWidget(m_stage);
    busy->addWidget(m_bar, 1);
    busy->addWidget(m_cancel);
    m_busy->hide();
    layout->addWidget(m_busy);
    m_error = new QLabel(column);
    m_error->setObjectName(QStringLiteral("firstRunError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    layout->addWidget(m_error);

    layout->addSpacing(12);
    m_recentLabel = new QLabel(tr("Recent workspaces"), column);
    QFont bold = m_recentLabel->font();
    bold.setBold(true);
    m_recentLabel->setFont(bold);
    m_recent = new QListWidget(column);
    m_recent->setObjectName(QStringLiteral("recentWorkspaces"));
    m_recent->setAccessibleName(tr("Recent workspaces"));
    m_recentLabel->setBuddy(m_recent);
    layout->addWidget(m_recentLabel);
    layout->addWidget(m_recent);

    column->setMinimumWidth(420);
    outer->addWidget(column, 0, Qt::AlignHCenter);
    outer->addStretch(2);

    connect(m_openDemo, &QPushButton::clicked, this, &FirstRunView::openDemo);
    connect(m_import, &QPushButton::clicked, this, &FirstRunView::importRequested);
    connect(m_open, &QPushButton::clicked, this, &FirstRunView::openRequested);
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit workspaceChosen(item->data(Qt::UserRole).toString());
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_stage->setText(tr("Cancelling…"));
        if (m_syncing)
            this->context()->sync()->cancel();
        else if (m_progress)
            m_progress->cancel();
    });
    m_poll->setInterval(50);
    connect(m_poll, &QTimer::timeout, this, &FirstRunView::poll);
    connect(&m_generator, &QFutureWatcher<Status>::finished, this,
            [this] { demoGenerated(m_generator.result()); });
    connect(context->sync(), &SyncController::finished, this,
            [this](const SyncSummary&, const Status& status) {
                if (!m_syncing)
                    return;
                m_syncing = false;
                setBusy(false);
                if (status) {
                    markDemoSetUp();
                    emit workspaceChosen(demoWorkspacePath());
                    return;
                }
                m_error->setText(
                    status.isCancelled()
                        ? tr("Cancelled: nothing was saved.")
                        : tr("The demo workspace could not be made: %1").arg(status.error()));
                m_error->show();
                emit demoFailed(status.isCancelled(), status.error());
            });
    fillRecent();
    setReady();
}

FirstRunView::~FirstRunView()
{
    if (m_generator.isRunning()) {
        m_progress->cancel();
        m_generator.waitForFinished();
    }
    delete m_progress;
}

void FirstRunView::activate(const QVariant& argument)
{
    Q_UNUSED(argument);
    fillRecent();
}

void FirstRunView::fillRecent()
{
    m_recent->clear();
    for (const QString& path : Settings::instance().recentWorkspaces()) {
        auto* item = new QListWidgetItem(QFileInfo(path).fileName(), m_recent);
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
        if (!QFileInfo::exists(path))
            item->setText(tr("%1 (missing)").arg(QFileInfo(path).fileName()));
    }
    m_recent->setVisible(m_recent->count() > 0);
    m_recentLabel->setVisible(m_recent->count() > 0);
}

QString FirstRunView::demoWorkspacePath() const
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/pulsebook/demo-%1-%2/demo.pulsebook")
               .arg(m_demo.users)
               .arg(m_demo.events);
}

bool FirstRunView::isBusy() const
{
    return m_generator.isRunning() || m_syncing;
}

void FirstRunView::openDemo()
{
    if (isBusy())
        return;
    m_error->hide();
    const QString cache = demoWorkspacePath();
    if (QFileInfo(cache).size() > 0) {
        emit workspaceChosen(cache);
        return;
    }
    if (context()->sync()->isRunning()) {
        m_error->setText(tr("A sync is running; try again when it has finished."));
        m_error->show();
        return;
    }
    const QString folder = QFileInfo(cache).absolutePath() + QStringLiteral("/export");
    delete m_progress;
    m_progress = new PolledProgress;
    PolledProgress* progress = m_progress;
    const DemoOptions options = m_demo;
    setBusy(true, tr("Generating the demo export…"));
    m_generator.setFuture(QtConcurrent::run([folder, options, progress] {
        return generateDemo(folder, options, progress, nullptr, nullptr);
    }));
}

void FirstRunView::demoGenerated(const Status& status)
{
    if (!status) {
        setBusy(false);
        m_error->setText(status.isCancelled()
                             ? tr("Cancelled: nothing was saved.")
                             : tr("The demo export could not be written: %1").arg(status.error()));
        m_error->show();
        emit demoFailed(status.isCancelled(), status.error());
        return;
    }
    const QString cache = demoWorkspacePath();
    m_syncing = true;
    m_stage->setText(tr("Syncing the demo export…"));
    context()->sync()->start(cache, QFileInfo(cache).absolutePath() + QStringLiteral("/export"),
                             {});
}

void FirstRunView::markDemoSetUp()
{
    // The demo comes set up: its definitions are the shipped ones, stored, so opening it shows
    // the data rather than the set-up (a few small rows: no need for a worker).
    Cache cache;
    QString error;
    if (!cache.open(demoWorkspacePath(), false, &error) ||
        !Workspace::defaults().save(cache, &error,
                                    {QStringLiteral("kpi_events"),
                                     QStringLiteral("onboarding_steps"),
                                     QStringLiteral("product_areas")}))
        qWarning("pulsebook: the demo's definitions were not stored: %s", qPrintable(error));
}

void FirstRunView::setBusy(bool busy, const QString& stage)
{
    m_busy->setVisible(busy);
    m_cancel->setEnabled(busy);
    for (QPushButton* b : {m_openDemo, m_import, m_open})
        b->setEnabled(!busy);
    m_recent->setEnabled(!busy);
    if (busy) {
        m_stage->setText(stage);
        m_bar->setRange(0, 0);
        m_poll->start();
    } else {
        m_poll->stop();
    }
}

void FirstRunView::poll()
{
    QString stage;
    double fraction = -1;
    if (m_syncing) {
        stage = context()->sync()->stage();
        fraction = context()->sync()->fraction();
    } else if (m_progress) {
        stage = m_progress->stage();
        fraction = m_progress->fraction();
    }
    if (m_cancel->isEnabled() && !stage.isEmpty())
        m_stage->setText(stage);
    if (fraction < 0) {
        m_bar->setRange(0, 0);
    } else {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(fraction * 1000));
    }
}

} // namespace pulsebook
