#include "ViewRegistry.h"

#include "AccountView.h"
#include "BookView.h"
#include "DefinitionsView.h"
#include "FirstRunView.h"
#include "ImportView.h"
#include "OnboardingView.h"
#include "OverviewView.h"
#include "SegmentsView.h"
#include "TimelineView.h"
#include "TodayView.h"
#include "UsersView.h"

#include <QCoreApplication>

namespace pulsebook {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("pulsebook::ViewRegistry", text);
}

template <typename T> std::function<View*(AppContext*)> make()
{
    return [](AppContext* context) {
        return new T(context);
    };
}

} // namespace

const QList<ViewInfo>& viewRegistry()
{
    static const QList<ViewInfo> views = {
        {QStringLiteral("today"),
         tr("Today"),
         tr("What needs you now: accounts that got worse, renewals, silent accounts, stuck "
            "onboarding, falling usage"),
         {},
         true,
         true,
         make<TodayView>()},
        {QStringLiteral("book"),
         tr("Book of Business"),
         tr("Your accounts on the scorecard: status, health, renewal, every column's colour"),
         {},
         true,
         true,
         make<BookView>()},
        {QStringLiteral("users"),
         tr("Users"),
         tr("Every user in scope, newest activity first: usage, onboarding, any property; find, "
            "sort, export"),
         {QStringLiteral("users")},
         true,
         true,
         make<UsersView>()},
        {QStringLiteral("segments"),
         tr("Segments"),
         tr("Saved segments: build one with conditions or as text, count its users, save, "
            "export"),
         {},
         true,
         true,
         make<SegmentsView>()},
        {QStringLiteral("onboarding"),
         tr("Onboarding"),
         tr("Accounts by onboarding rate, the users who have not finished, each user's steps "
            "with the date they were done"),
         {},
         true,
         true,
         make<OnboardingView>()},
        {QStringLiteral("overview"),
         tr("Overview"),
         tr("What the workspace holds and its sync log"),
         {QStringLiteral("overview"), QStringLiteral("summary")},
         true,
         true,
         make<OverviewView>()},
        {QStringLiteral("import"),
         tr("Import and Sync"),
         tr("Sync an export folder or a warehouse: the plan first, then progress and a summary"),
         {QStringLiteral("import-plan"), QStringLiteral("sync-summary"),
          QStringLiteral("import-warehouse")},
         true,
         true,
         make<ImportView>()},
        {QStringLiteral("definitions"),
         tr("Definitions"),
         tr("KPI events, onboarding steps, product areas and who you are in the team"),
         {QStringLiteral("definitions"), QStringLiteral("definitions-onboarding"),
          QStringLiteral("definitions-areas")},
         true,
         true,
         make<DefinitionsView>()},
        {QStringLiteral("account"),
         tr("Account"),
         tr("One account in depth: health inputs, users, weekly usage and what changed"),
         {QStringLiteral("account")},
         false,
         true,
         make<AccountView>()},
        {QStringLiteral("user"),
         tr("User Timeline"),
         tr("One user's sessions and events: the card, go to a date and time, the most frequent "
            "events"),
         {QStringLiteral("user")},
         false,
         true,
         make<TimelineView>()},
        {QStringLiteral("first-run"),
         tr("Welcome"),
         tr("Open the demo workspace or import an export folder"),
         {},
         false,
         false,
         make<FirstRunView>()},
    };
    return views;
}

const ViewInfo* findView(const QString& id)
{
    for (const ViewInfo& v : viewRegistry()) {
        if (v.id == id)
            return &v;
    }
    return nullptr;
}

const ViewInfo* findScreenshot(const QString& name)
{
    for (const ViewInfo& v : viewRegistry()) {
        if (v.screenshotNames().contains(name))
            return &v;
    }
    return nullptr;
}

QStringList screenshotNames()
{
    QStringList names;
    for (const ViewInfo& v : viewRegistry())
        names += v.screenshotNames();
    return names;
}

} // namespace pulsebook
