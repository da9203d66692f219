#include "DefinitionsView.h"

#include "AppContext.h"
#include "AskUser.h"
#include "EventListModel.h"
#include "EventPicker.h"
#include "OnboardingEditor.h"
#include "ProductAreasEditor.h"
#include "export/OutputFile.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <utility>

namespace pulsebook {

namespace {

const char* const EditedKeys[] = {"kpi_events", "onboarding_steps", "product_areas"};

QJsonObject jsonOf(const Workspace& workspace)
{
    return QJsonDocument::fromJson(workspace.toJson()).object();
}

} // namespace

DefinitionsView::DefinitionsView(AppContext* context, QWidget* parent) : View(context, parent)
{
    auto* layout = new QVBoxLayout(this);

    m_header = new QFrame(this);
    m_header->setObjectName(QStringLiteral("definitionsHeader"));
    auto* header = new QVBoxLayout(m_header);
    header->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(tr("Definitions"), m_header);
    m_title->setObjectName(QStringLiteral("definitionsTitle"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_intro = new QLabel(m_header);
    m_intro->setObjectName(QStringLiteral("definitionsIntro"));
    m_intro->setWordWrap(true);
    header->addWidget(m_title);
    header->addWidget(m_intro);
    layout->addWidget(m_header);

    auto* meRow = new QHBoxLayout;
    auto* meLabel = new QLabel(tr("&Who are you:"), this);
    m_me = new QComboBox(this);
    m_me->setObjectName(QStringLiteral("whoAreYou"));
    m_me->setAccessibleName(tr("Who are you in the team"));
    m_me->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    meLabel->setBuddy(m_me);
    m_meHint = new QLabel(this);
    m_meHint->setObjectName(QStringLiteral("whoAreYouHint"));
    m_meHint->setWordWrap(true);
    meRow->addWidget(meLabel);
    meRow->addWidget(m_me);
    meRow->addWidget(m_meHint, 1);
    layout->addLayout(meRow);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("definitionTabs"));
    m_tabs->setAccessibleName(tr("Definitions"));
    auto* kpiPage = new QWidget(m_tabs);
    auto* kpiLayout = new QVBoxLayout(kpiPage);
    auto* kpiText = new QLabel(tr("The events the usage rollup counts for each user and account "
                                  "(the last 30 days): the actions that show value."),
                               kpiPage);
    kpiText->setWordWrap(true);
    m_kpi = new EventPicker(QStringLiteral("kpi"), tr("KPI events"), kpiPage);
    kpiLayout->addWidget(kpiText);
    kpiLayout->addWidget(m_kpi, 1);
    m_tabs->addTab(kpiPage, tr("&1  KPI Events"));
    m_onboarding = new OnboardingEditor(m_tabs);
    m_tabs->addTab(m_onboarding, tr("&2  Onboarding Steps"));
    m_areas = new ProductAreasEditor(m_tabs);
    m_areas->setChecker(
        [this](const QList<ProductArea>& areas) { return productAreaProblems(m_data, areas); });
    m_tabs->addTab(m_areas, tr("&3  Product Areas"));
    layout->addWidget(m_tabs, 1);

    m_busy = new QWidget(this);
    auto* busy = new QHBoxLayout(m_busy);
    busy->setContentsMargins(0, 0, 0, 0);
    m_busyText = new QLabel(m_busy);
    m_busyBar = new QProgressBar(m_busy);
    m_busyBar->setObjectName(QStringLiteral("definitionsProgress"));
    m_busyBar->setAccessibleName(tr("Definitions progress"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setMaximumWidth(240);
    busy->addWidget(m_busyText);
    busy->addWidget(m_busyBar);
    busy->addStretch(1);
    m_busy->hide();
    layout->addWidget(m_busy);

    m_problemsLabel = new QLabel(this);
    m_problems = new QListWidget(this);
    m_problems->setObjectName(QStringLiteral("definitionProblems"));
    m_problems->setAccessibleName(tr("Problems of the definitions"));
    m_problems->setWordWrap(true);
    const int line = m_problems->fontMetrics().height();
    m_problems->setIconSize(QSize(line, line));
    m_problemsLabel->setBuddy(m_problems);
    m_problemsLabel->hide();
    m_problems->hide();
    layout->addWidget(m_problemsLabel);
    layout->addWidget(m_problems);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("definitionsStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto* buttons = new QHBoxLayout;
    m_import = new QPushButton(tr("&Import…"), this);
    m_import->setObjectName(QStringLiteral("definitionsImport"));
    m_import->setToolTip(tr("Read definitions from a JSON file (pulsebook-cli workspace export's "
                            "format), checked as a save is: any error imports nothing"));
    m_export = new QPushButton(tr("E&xport…"), this);
    m_export->setObjectName(QStringLiteral("definitionsExport"));
    m_export->setToolTip(tr("Write the saved definitions as JSON to hand to the team (the file "
                            "pulsebook-cli workspace export writes)"));
    m_revert = new QPushButton(tr("&Revert"), this);
    m_revert->setObjectName(QStringLiteral("definitionsRevert"));
    m_save = new QPushButton(tr("&Save"), this);
    m_save->setObjectName(QStringLiteral("definitionsSave"));
    m_save->setToolTip(
        tr("Check and store the definitions (%1)")
            .arg(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)));
    m_save->setDefault(true);
    buttons->addWidget(m_import);
    buttons->addWidget(m_export);
    buttons->addStretch(1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);
    layout->addLayout(buttons);

    auto* saveKey = new QShortcut(QKeySequence::Save, this);
    connect(saveKey, &QShortcut::activated, this, &DefinitionsView::save);
    connect(m_save, &QPushButton::clicked, this, &DefinitionsView::save);
    connect(m_revert, &QPushButton::clicked, this, [this] {
        setDirty(false);
        apply();
        m_status->setText(tr("Back to the saved definitions."));
    });
    connect(m_export, &QPushButton::clicked, this, &DefinitionsView::chooseExport);
    connect(m_import, &QPushButton::clicked, this, &DefinitionsView::chooseImport);
    connect(m_me, &QComboBox::activated, this, &DefinitionsView::chooseMe);
    auto edited = [this] {
        if (m_filling)
            return;
        setDirty(true);
        m_edited = true;
    };
    connect(m_kpi->model(), &EventListModel::checkedChanged, this, edited);
    connect(m_onboarding, &OnboardingEditor::changed, this, edited);
    connect(m_areas, &ProductAreasEditor::changed, this, edited);

    connect(&m_loader, &QFutureWatcher<DefinitionsData>::finished, this,
            [this] { loaded(m_loader.result()); });
    connect(&m_storer, &QFutureWatcher<DefinitionsStored>::finished, this,
            [this] { stored(m_storer.result(), m_storing); });
    connect(context, &AppContext::workspaceChanged, this, [this] {
        m_stale = true;
        setDirty(false);
        if (isVisible())
            load();
    });
    connect(context, &AppContext::dataChanged, this, [this] {
        m_stale = true;
        if (isVisible())
            load();
    });
    connect(context, &AppContext::summaryChanged, this, [this] {
        fillPeople();
        if (!isReady() && !m_loader.isRunning() && !m_data.path.isEmpty())
            readyWhenComplete();
    });
    connect(context, &AppContext::meChanged, this, &DefinitionsView::fillPeople);

    setTabOrder(m_me, m_tabs);
    fillPeople();
    setDirty(false);
    m_tabs->setEnabled(false);
    m_status->setText(tr("Reading the event names…"));
}

DefinitionsView::~DefinitionsView()
{
    m_loader.waitForFinished();
    m_storer.waitForFinished();
}

void DefinitionsView::activate(const QVariant& argument)
{
    // "onboarding" / "areas" open that tab; "setup": the mode follows the stored definitions
    // (needsSetup).
    const QString tab = argument.toString();
    if (tab == QLatin1String("onboarding"))
        m_tabs->setCurrentIndex(1);
    else if (tab == QLatin1String("areas"))
        m_tabs->setCurrentIndex(2);
    if (m_stale || m_data.path != context()->workspacePath())
        load();
}

bool DefinitionsView::prepareScreenshot(const QString& name, QString* error)
{
    if (!context()->hasWorkspace()) {
        *error = tr("no workspace open");
        return false;
    }
    if (name.endsWith(QLatin1String("-onboarding")))
        m_tabs->setCurrentIndex(1);
    else if (name.endsWith(QLatin1String("-areas")))
        m_tabs->setCurrentIndex(2);
    return View::prepareScreenshot(name, error);
}

bool DefinitionsView::confirmLeave(const std::function<void()>& proceed)
{
    if (!m_edited || !m_dirty || isBusy())
        return true;
    const auto answer =
        askUser(this, tr("Unsaved Definitions"), tr("Save the changes to the definitions?"),
                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Discard) {
        setDirty(false);
        apply();
        m_status->setText(tr("Back to the saved definitions."));
        return true;
    }
    if (answer == QMessageBox::Save) {
        m_afterSave = proceed;
        save();
    }
    return false;
}

void DefinitionsView::load()
{
    if (!context()->hasWorkspace())
        return;
    m_stale = false;
    if (m_loader.isRunning()) {
        m_stale = true; // read again once the running read lands
        return;
    }
    setLoading();
    setBusy(true, tr("Reading the event names and their counts…"));
    const QString path = context()->workspacePath();
    // The window's snapshot of the same data, when it is in: no second read of the events.
    const std::shared_ptr<const Snapshot> snapshot = context()->snapshot();
    std::shared_ptr<const EventIndex> index =
        snapshot && context()->isSnapshotCurrent() && snapshot->path == path && snapshot->isValid()
            ? snapshot->index
            : nullptr;
    m_loader.setFuture(
        QtConcurrent::run([path, index] { return DefinitionsData::read(path, index); }));
}

void DefinitionsView::loaded(const DefinitionsData& data)
{
    setBusy(false, QString());
    if (m_stale || data.path != context()->workspacePath()) {
        load();
        return;
    }
    m_data = data;
    if (std::exchange(m_statusFromLoad, false))
        m_status->clear(); // what the previous read said; a save's or import's outcome stays
    if (!data.error.isEmpty()) {
        m_statusFromLoad = true;
        m_status->setText(tr("The definitions cannot be read: %1").arg(data.error));
        m_tabs->setEnabled(false);
        setReady();
        return;
    }
    m_filling = true;
    m_kpi->model()->setEvents(data.events);
    m_kpi->model()->setSuggested(data.suggestion.kpiEvents);
    m_onboarding->setEvents(data.events, data.suggestion.onboardingSteps);
    m_areas->setEvents(data.events);
    m_filling = false;
    if (!m_dirty)
        apply(); // unsaved edits stay when new data arrives
    showProblems(data.problems);
    m_tabs->setEnabled(true);
    m_statusFromLoad = data.events.empty();
    if (data.events.empty())
        m_status->setText(tr("The data has no events yet: names typed here are checked after "
                             "the first sync."));
    readyWhenComplete();
}

void DefinitionsView::readyWhenComplete()
{
    // "Who are you" lists the team of the workspace summary, which is read on its own.
    if (context()->summary().path == m_data.path)
        setReady();
}

void DefinitionsView::apply()
{
    m_setup = m_data.needsSetup();
    const Workspace& w = m_data.workspace;
    const WorkspaceSuggestion& s = m_data.suggestion;
    m_filling = true;
    if (m_setup) {
        // The suggestions checked; an area keeps the activation funnel the workspace gives it.
        QList<ProductArea> areas = s.productAreas;
        for (ProductArea& area : areas) {
            for (const ProductArea& old : w.productAreas) {
                if (old.name == area.name)
                    area.activationFunnel = old.activationFunnel;
            }
        }
        m_kpi->model()->setChecked(s.kpiEvents);
        m_onboarding->setSteps(s.onboardingSteps);
        m_areas->setAreas(areas, s.productAreas);
    } else {
        m_kpi->model()->setChecked(w.kpiEvents);
        m_onboarding->setSteps(w.onboardingSteps);
        m_areas->setAreas(w.productAreas, s.productAreas);
    }
    m_filling = false;
    m_title->setText(m_setup ? tr("Set up your workspace: 3 steps") : tr("Definitions"));
    m_intro->setText(
        m_setup ? tr("Your data is in. Pulsebook checked what it suggests from it (marked "
                     "“suggested”): 1. the KPI events, 2. the onboarding steps in order, "
                     "3. the product areas. Change what you like, say who you are, then Save "
                     "(Ctrl+S). Everything stays editable here later.")
                : tr("What Pulsebook counts for your team. Names marked “suggested” are proposals "
                     "from your data; saving checks the definitions as an import does."));
    m_edited = false;
    setDirty(m_setup); // the suggestions are not stored yet
}

QJsonObject DefinitionsView::changes() const
{
    Workspace edited = m_data.workspace;
    edited.kpiEvents = m_kpi->model()->checked();
    edited.onboardingSteps = m_onboarding->steps();
    edited.productAreas = m_areas->areas();
    const QJsonObject after = jsonOf(edited);
    const QJsonObject before = jsonOf(m_data.workspace);
    QJsonObject changed;
    for (const char* key : EditedKeys) {
        const QString k = QLatin1String(key);
        // Set-up stores all three, so that the workspace no longer asks for it; otherwise a key
        // not edited keeps what it follows (stored, or the fitted defaults).
        if (m_setup || after.value(k) != before.value(k))
            changed.insert(k, after.value(k));
    }
    return changed;
}

void DefinitionsView::save()
{
    if (isBusy() || !m_data.error.isEmpty() || m_data.path.isEmpty())
        return;
    const QJsonObject c = changes();
    if (c.isEmpty()) {
        m_status->setText(tr("Nothing to save: no definition changed."));
        if (!m_setup)
            setDirty(false);
        emit finished(false);
        if (auto then = std::exchange(m_afterSave, nullptr))
            then();
        return;
    }
    m_storing = tr("Saved the definitions.");
    setBusy(true, tr("Checking and saving…"));
    m_storer.setFuture(QtConcurrent::run([data = m_data, c] { return storeDefinitions(data, c); }));
}

bool DefinitionsView::exportTo(const QString& file, QString* error)
{
    if (!m_data.error.isEmpty() || m_data.path.isEmpty()) {
        *error = m_data.error.isEmpty() ? tr("the definitions are not read yet") : m_data.error;
        return false;
    }
    if (!OutputFile::writeAll(file, m_data.workspace.toJson(), error))
        return false;
    m_status->setText(m_dirty ? tr("Exported the saved definitions to %1; your unsaved changes "
                                   "are not in it.")
                                    .arg(file)
                              : tr("Exported the definitions to %1.").arg(file));
    return true;
}

void DefinitionsView::importFrom(const QString& file)
{
    if (isBusy() || m_data.path.isEmpty())
        return;
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        m_status->setText(tr("%1: cannot read: %2").arg(file, in.errorString()));
        emit finished(false);
        return;
    }
    const QByteArray json = in.readAll();
    m_storing = tr("Imported the definitions from %1.").arg(QFileInfo(file).fileName());
    setBusy(true, tr("Checking and importing %1…").arg(QFileInfo(file).fileName()));
    m_storer.setFuture(
        QtConcurrent::run([data = m_data, json] { return importDefinitions(data, json); }));
}

void DefinitionsView::stored(const DefinitionsStored& result, const QString& what)
{
    setBusy(false, QString());
    showProblems(result.problems);
    if (!result.stored) {
        const qsizetype errors = std::count_if(result.problems.begin(), result.problems.end(),
                                               [](const auto& p) { return p.isError(); });
        m_status->setText(errors == 1  ? tr("Nothing was saved: 1 error below.")
                          : errors > 1 ? tr("Nothing was saved: %1 errors below.").arg(errors)
                                       : tr("Nothing was saved: %1").arg(result.error));
        m_afterSave = nullptr; // the view stays, its problems listed
        emit finished(false);
        return;
    }
    const qsizetype warnings = result.problems.size();
    m_status->setText(warnings == 0   ? what
                      : warnings == 1 ? tr("%1 1 warning below.").arg(what)
                                      : tr("%1 %2 warnings below.").arg(what).arg(warnings));
    setDirty(false);
    context()->reload(); // the other views read the new definitions
    m_stale = true;
    load();
    emit finished(true);
    if (auto then = std::exchange(m_afterSave, nullptr))
        then();
}

void DefinitionsView::showProblems(const WorkspaceProblems& problems)
{
    m_problems->clear();
    for (const WorkspaceProblem& p : problems) {
        auto* item = new QListWidgetItem(
            style()->standardIcon(p.isError() ? QStyle::SP_MessageBoxCritical
                                              : QStyle::SP_MessageBoxWarning),
            (p.isError() ? tr("Error: %1") : tr("Warning: %1")).arg(p.text()), m_problems);
        item->setToolTip(p.isError() ? tr("Nothing is saved while an error remains.")
                                     : tr("Saved anyway: a name the data does not have yet "
                                          "counts 0 until it arrives."));
    }
    // As tall as the problems, up to six lines; the list scrolls beyond.
    const int rows = std::clamp(int(problems.size()), 1, 6);
    m_problems->setFixedHeight(rows * (m_problems->fontMetrics().height() + 6) +
                               2 * m_problems->frameWidth() + 4);
    m_problemsLabel->setText(tr("&Problems (%1):").arg(problems.size()));
    m_problemsLabel->setVisible(!problems.isEmpty());
    m_problems->setVisible(!problems.isEmpty());
}

void DefinitionsView::fillPeople()
{
    m_filling = true;
    m_me->clear();
    const auto& team = context()->summary().team;
    const QString me = context()->me();
    m_me->addItem(team.isEmpty() ? tr("No team in the data") : tr("Not said"), QString());
    for (const auto& m : team)
        m_me->addItem(m.role.isEmpty() ? m.person : tr("%1 — %2").arg(m.person, m.role), m.person);
    int index = m_me->findData(me);
    if (index < 0 && !me.isEmpty()) {
        m_me->addItem(tr("%1 (not in the team)").arg(me), me);
        index = m_me->count() - 1;
    }
    m_me->setCurrentIndex(std::max(index, 0));
    m_me->setEnabled(m_me->count() > 1);
    m_meHint->setText(team.isEmpty() && context()->summary().path == context()->workspacePath()
                          ? tr("“My accounts” needs the team: sync a team.csv (person, role, "
                               "manager) and pick yourself here.")
                          : tr("Pick yourself in the team: the scope bar then offers “My "
                               "accounts”, yours and those of everyone below you."));
    m_filling = false;
}

void DefinitionsView::chooseMe(int index)
{
    const QString person = m_me->itemData(index).toString();
    const QString before = context()->me();
    context()->setMe(person);
    Scope scope = context()->scope();
    if (scope.person.isEmpty() || scope.person == before) { // scoped by default: my accounts
        scope.person = person;
        context()->setScope(scope);
    }
}

void DefinitionsView::setDirty(bool dirty)
{
    m_dirty = dirty;
    m_edited = m_edited && dirty;
    m_revert->setEnabled(dirty && !m_setup && !isBusy());
}

void DefinitionsView::setBusy(bool busy, const QString& text)
{
    m_busy->setVisible(busy);
    m_busyText->setText(text);
    m_tabs->setEnabled(!busy && m_data.error.isEmpty() && !m_data.path.isEmpty());
    for (QPushButton* b : {m_save, m_import, m_export})
        b->setEnabled(!busy);
    m_revert->setEnabled(!busy && m_dirty && !m_setup);
}

void DefinitionsView::chooseExport()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Export the Definitions"),
                                                      QFileInfo(m_data.path).absolutePath() +
                                                          QStringLiteral("/definitions.json"),
                                                      tr("JSON files (*.json)"));
    if (file.isEmpty())
        return;
    QString error;
    if (!exportTo(file, &error))
        m_status->setText(tr("Nothing was exported: %1").arg(error));
}

void DefinitionsView::chooseImport()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Import Definitions"),
                                                      QFileInfo(m_data.path).absolutePath(),
                                                      tr("JSON files (*.json);;All files (*)"));
    if (!file.isEmpty())
        importFrom(file);
}

} // namespace pulsebook
