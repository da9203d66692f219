#include "OnboardingView.h"

#include "AppContext.h"
#include "PageParts.h"
#include "ResultView.h"
#include "Snapshot.h"
#include "ViewRegistry.h"

#include "analysis/Onboarding.h"
#include "present/UsageTables.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

#include <utility>

namespace pulsebook {

OnboardingView::OnboardingView(AppContext* context, QWidget* parent)
    : View(context, parent), m_job(this, [this](const Loaded& loaded) { show(loaded); }),
      m_stepsJob(this, [this](const AccountSteps& steps) { showSteps(steps); }),
      m_mode(new QComboBox(this)), m_summary(new QLabel(this)), m_export(new QPushButton(this)),
      m_define(new QPushButton(tr("Choose Onboarding Steps…"), this)), m_tabs(new QTabWidget(this)),
      m_accounts(namedResultView(QStringLiteral("onboarding/accounts"),
                                 QStringLiteral("onboardingAccounts"),
                                 tr("Accounts by onboarding rate"), this)),
      m_gaps(namedResultView(QStringLiteral("onboarding/gaps"), QStringLiteral("onboardingGaps"),
                             tr("Users who have not finished onboarding"), this)),
      m_stepsTitle(new QLabel(this)),
      m_steps(namedResultView(QStringLiteral("onboarding/steps"), QStringLiteral("onboardingSteps"),
                              tr("The account's users: each step and when it was done"), this))
{
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(pageTitle(tr("Onboarding"), QStringLiteral("onboardingTitle"), this));

    auto* bar = new QHBoxLayout;
    auto* modeLabel = new QLabel(tr("&Users who miss:"), this);
    m_mode->setObjectName(QStringLiteral("onboardingMode"));
    m_mode->addItem(tr("At least one step (Any)"));
    m_mode->addItem(tr("Every step (All)"));
    m_mode->setAccessibleName(tr("Users who miss"));
    modeLabel->setBuddy(m_mode);
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] { reload(); });
    m_summary->setObjectName(QStringLiteral("onboardingSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_export->setObjectName(QStringLiteral("onboardingExport"));
    m_export->setText(tr("Export Users Who Have Not Finished…"));
    connect(m_export, &QPushButton::clicked, m_gaps, &ResultView::exportCsv);
    m_define->setObjectName(QStringLiteral("onboardingDefine"));
    m_define->hide();
    connect(m_define, &QPushButton::clicked, this,
            [this] { emit navigate(QStringLiteral("definitions"), QStringLiteral("onboarding")); });
    bar->addWidget(modeLabel);
    bar->addWidget(m_mode);
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_define);
    bar->addWidget(m_export);
    layout->addLayout(bar);

    m_accounts->setNouns(tr("account"), tr("accounts"));
    m_accounts->setDefaultHiddenColumns({QStringLiteral("account_id")});
    m_accounts->setDefaultSort(QStringLiteral("onboarding_rate"), Qt::AscendingOrder);
    m_accounts->setTotalsVisible(true);
    m_gaps->setNouns(tr("user"), tr("users"));
    m_steps->setNouns(tr("user"), tr("users"));
    // One account's users: its name and CSM are in the title above.
    m_steps->setDefaultHiddenColumns(
        {QStringLiteral("account_id"), QStringLiteral("account"), QStringLiteral("csm")});
    m_tabs->setObjectName(QStringLiteral("onboardingTabs"));
    m_tabs->addTab(m_accounts, tr("Accounts"));
    m_tabs->addTab(m_gaps, tr("Users Who Have Not Finished"));

    m_stepsTitle->setObjectName(QStringLiteral("onboardingStepsTitle"));
    m_stepsTitle->setWordWrap(true);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    split->addWidget(m_tabs);
    split->addWidget(
        titledSection(tr("Steps of the account's users"), m_steps, split, m_stepsTitle));
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    // Moving through the accounts shows each one's users; Enter opens the account page.
    connect(m_accounts->tree()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] {
                const int row = m_accounts->currentSourceRow();
                if (row >= 0)
                    showAccount(m_accounts->model()->table().rows[size_t(row)][0].text);
            });
    connect(m_accounts, &ResultView::activated, this, [this](int row) {
        emit navigate(QStringLiteral("account"),
                      m_accounts->model()->table().rows[size_t(row)][0].text);
    });
    for (ResultView* users : {m_gaps, m_steps})
        connect(users, &ResultView::activated, this, [this, users](int row) {
            if (findView(QStringLiteral("user")))
                emit navigate(QStringLiteral("user"),
                              users->model()->table().rows[size_t(row)][0].text);
        });
    addAction(m_gaps->exportAction());
    setTabOrder(m_mode, m_export);
    setTabOrder(m_export, m_tabs);
    setTabOrder(m_tabs, m_accounts->tree());
    setTabOrder(m_accounts->tree(), m_gaps->tree());
    setTabOrder(m_gaps->tree(), m_steps->tree());

    m_stepsTitle->setText(tr("Select an account above to see each of its users' steps."));
    followDataAndScope();
}

bool OnboardingView::prepareScreenshot(const QString& name, QString* error)
{
    m_selectFirst = true; // the worst account's users fill the lower half
    return View::prepareScreenshot(name, error);
}

void OnboardingView::readyWhenIdle()
{
    if (m_shown && !m_loading && !m_stepsLoading)
        setReady();
}

void OnboardingView::activate(const QVariant& argument)
{
    if (argument.typeId() == QMetaType::QString && !argument.toString().isEmpty())
        showAccount(argument.toString());
    reloadIfStale();
    m_accounts->tree()->setFocus();
}

bool OnboardingView::everyStep() const
{
    return m_mode->currentIndex() == 1;
}

void OnboardingView::setEveryStep(bool every)
{
    m_mode->setCurrentIndex(every ? 1 : 0);
}

void OnboardingView::reload()
{
    std::shared_ptr<const Snapshot> snapshot = beginReload(m_tabs, m_summary);
    if (!snapshot)
        return;
    m_loading = true;
    const Scope scope = context()->scope();
    const bool every = everyStep();
    m_job.run([snapshot, scope, every] {
        Loaded loaded;
        AnalysisContext analysis;
        if (!snapshot->context(scope, &analysis, &loaded.error))
            return loaded;
        if (snapshot->workspace.onboardingSteps.isEmpty()) {
            loaded.noSteps = true;
            return loaded;
        }
        OnboardingParams params;
        params.mode = every ? OnboardingMode::All : OnboardingMode::Any;
        params.node = scope.person;
        OnboardingResult result;
        if (!runOnboarding(analysis, params, &result, &loaded.error))
            return loaded;
        loaded.accounts = std::make_shared<const ResultTable>(
            onboardingTable(analysis, result, RowsPer::Accounts, every));
        loaded.gaps = std::make_shared<const ResultTable>(
            onboardingTable(analysis, result, RowsPer::Users, every));
        const QLocale locale;
        loaded.summary =
            tr("%1 of %2 users have finished onboarding (%3 steps: %4); %5 miss %6.")
                .arg(locale.toString(result.completedUsers), locale.toString(result.users))
                .arg(result.steps.size())
                .arg(result.steps.join(QStringLiteral(", ")),
                     locale.toString(qint64(result.matching.size())),
                     every ? tr("every step") : tr("at least one"));
        return loaded;
    });
    if (!m_accountId.isEmpty())
        showAccount(m_accountId);
}

void OnboardingView::show(const Loaded& loaded)
{
    m_tabs->setEnabled(true);
    m_loading = false;
    const auto empty = std::make_shared<const ResultTable>();
    m_accounts->setTable(loaded.accounts ? loaded.accounts : empty);
    m_gaps->setTable(loaded.gaps ? loaded.gaps : empty);
    m_define->setVisible(loaded.noSteps);
    m_export->setEnabled(loaded.gaps != nullptr);
    if (loaded.noSteps)
        m_summary->setText(tr("No onboarding steps are defined yet: choose the events a new user "
                              "should do in Definitions."));
    else
        m_summary->setText(loaded.error.isEmpty() ? loaded.summary : loaded.error);
    const QString scope = scopeText();
    for (ResultView* v : {m_accounts, m_gaps, m_steps})
        v->setScopeDescription(scope);
    m_tabs->setTabText(
        0, tr("Accounts (%1)")
               .arg(QLocale().toString(qint64(m_accounts->model()->table().rows.size()))));
    m_tabs->setTabText(1,
                       tr("Users Who Have Not Finished (%1)")
                           .arg(QLocale().toString(qint64(m_gaps->model()->table().rows.size()))));
    m_export->setToolTip(m_gaps->exportTitle());
    m_shown = true;
    if (std::exchange(m_selectFirst, false) && m_accounts->proxy()->rowCount() > 0)
        m_accounts->tree()->setCurrentIndex(m_accounts->proxy()->index(0, 0));
    readyWhenIdle();
}

void OnboardingView::showAccount(const QString& accountId)
{
    m_accountId = accountId;
    std::shared_ptr<const Snapshot> snapshot = context()->snapshot();
    if (!snapshot || !snapshot->isValid())
        return;
    const Scope scope = context()->scope();
    m_stepsTitle->setText(tr("Loading the users of %1…").arg(accountId));
    m_stepsLoading = true;
    m_steps->tree()->setEnabled(false);
    m_stepsJob.run([snapshot, scope, accountId] {
        AccountSteps out;
        out.accountId = accountId;
        AnalysisContext analysis;
        if (!snapshot->context(scope, &analysis, &out.error))
            return out;
        const int a = analysis.index->accountIndex(accountId);
        if (a < 0) {
            out.error = tr("Account %1 is not in this workspace.").arg(accountId);
            return out;
        }
        const QString name = analysis.index->accountProperty(a, QStringLiteral("name")).toString();
        out.title = name.isEmpty() ? accountId : QStringLiteral("%1 (%2)").arg(name, accountId);
        QStringList steps;
        std::vector<OnboardingStepsDone> users;
        if (!onboardingStepsDone(analysis, a, {}, &steps, &users, &out.error))
            return out;
        out.table =
            std::make_shared<const ResultTable>(onboardingStepsTable(analysis, steps, users));
        return out;
    });
}

void OnboardingView::showSteps(const AccountSteps& steps)
{
    m_steps->tree()->setEnabled(true);
    m_stepsLoading = false;
    m_steps->setTable(steps.table ? steps.table : std::make_shared<const ResultTable>());
    if (steps.accountId.isEmpty())
        m_stepsTitle->setText(tr("Select an account above to see each of its users' steps."));
    else if (!steps.error.isEmpty())
        m_stepsTitle->setText(steps.error);
    else
        m_stepsTitle->setText(
            tr("%1: %n user(s), ✔ done (first done on the date shown) or ✖ not done", nullptr,
               int(steps.table->rows.size()))
                .arg(steps.title));
    m_steps->setScopeDescription(scopeText() + QStringLiteral(", ") + steps.accountId);
    readyWhenIdle();
}

QString OnboardingView::scopeText() const
{
    QStringList parts = scopeParts(context()->scope());
    if (everyStep())
        parts << tr("missing every step");
    return parts.join(QStringLiteral(", "));
}

} // namespace pulsebook
