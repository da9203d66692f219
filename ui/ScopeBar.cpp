#include "ScopeBar.h"

#include "AppContext.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHash>
#include <QKeyEvent>
#include <QLabel>

namespace pulsebook {

namespace {

// The sentinel below every real as-of date that QDateEdit shows as its special value.
const QDate LatestDate(2000, 1, 1);

} // namespace

ScopeBar::ScopeBar(AppContext* context, QWidget* parent) : QWidget(parent), m_context(context)
{
    setObjectName(QStringLiteral("scopeBar"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* personLabel = new QLabel(tr("&Accounts:"), this);
    m_person = new QComboBox(this);
    m_person->setObjectName(QStringLiteral("scopePerson"));
    m_person->setAccessibleName(tr("Whose accounts"));
    m_person->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_person->setMinimumContentsLength(18);
    personLabel->setBuddy(m_person);
    auto* segmentLabel = new QLabel(tr("&Users:"), this);
    m_segment = new QComboBox(this);
    m_segment->setObjectName(QStringLiteral("scopeSegment"));
    m_segment->setAccessibleName(tr("Which users (segment)"));
    m_segment->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_segment->setMinimumContentsLength(12);
    segmentLabel->setBuddy(m_segment);
    auto* asOfLabel = new QLabel(tr("A&s of:"), this);
    m_asOf = new QDateEdit(this);
    m_asOf->setObjectName(QStringLiteral("scopeAsOf"));
    m_asOf->setAccessibleName(tr("As of date"));
    m_asOf->setCalendarPopup(true);
    m_asOf->setMinimumDate(LatestDate);
    m_asOf->setSpecialValueText(tr("Latest data"));
    m_asOf->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_asOf->setToolTip(tr("Every figure as of the start of this day (Latest data: the day after "
                          "the newest event)"));
    asOfLabel->setBuddy(m_asOf);
    m_asOf->installEventFilter(this); // Tab out of "Latest data" (eventFilter)
    layout->addWidget(personLabel);
    layout->addWidget(m_person);
    layout->addSpacing(8);
    layout->addWidget(segmentLabel);
    layout->addWidget(m_segment);
    layout->addSpacing(8);
    layout->addWidget(asOfLabel);
    layout->addWidget(m_asOf);
    layout->addStretch(1);

    connect(context, &AppContext::summaryChanged, this, &ScopeBar::fill);
    connect(context, &AppContext::meChanged, this, &ScopeBar::fill);
    connect(context, &AppContext::scopeChanged, this, &ScopeBar::fill);
    connect(m_person, &QComboBox::currentIndexChanged, this, &ScopeBar::apply);
    connect(m_segment, &QComboBox::currentIndexChanged, this, &ScopeBar::apply);
    connect(m_asOf, &QDateEdit::dateChanged, this, &ScopeBar::apply);
    fill();
}

bool ScopeBar::eventFilter(QObject* watched, QEvent* event)
{
    // Tab moves through a date's year, month and day, then on; but on "Latest data" (the
    // special value) QDateEdit found no next section and kept the focus for ever: a keyboard
    // trap. There Tab and Shift+Tab leave the field at once.
    if (watched == m_asOf && event->type() == QEvent::KeyPress &&
        m_asOf->date() == m_asOf->minimumDate()) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Tab || key == Qt::Key_Backtab) {
            focusNextPrevChild(key == Qt::Key_Tab);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ScopeBar::fill()
{
    m_filling = true;
    const WorkspaceSummary& s = m_context->summary();
    const Scope scope = m_context->scope();
    const QString me = m_context->me();

    m_person->clear();
    if (!me.isEmpty())
        m_person->addItem(tr("My accounts (%1)").arg(me), me);
    m_person->addItem(tr("All accounts"), QString());
    // The team as a tree: each person under their manager, indented by depth.
    QHash<QString, QStringList> reports;
    QStringList tops;
    QHash<QString, QString> roles;
    for (const auto& m : s.team) {
        roles.insert(m.person, m.role);
        const bool managerKnown = !m.manager.isEmpty() &&
                                  std::any_of(s.team.begin(), s.team.end(),
                                              [&](const auto& o) { return o.person == m.manager; });
        if (managerKnown)
            reports[m.manager].append(m.person);
        else
            tops.append(m.person);
    }
    QSet<QString> seen;
    std::function<void(const QString&, int)> add = [&](const QString& person, int depth) {
        if (seen.contains(person))
            return; // a cycle: sync refuses them, but never loop
        seen.insert(person);
        const QString role = roles.value(person);
        m_person->addItem(QString(depth * 3, QLatin1Char(' ')) + person +
                              (role.isEmpty() ? QString() : QStringLiteral(" — ") + role),
                          person);
        for (const QString& r : reports.value(person))
            add(r, depth + 1);
    };
    for (const QString& t : tops)
        add(t, 0);
    int index = m_person->findData(scope.person);
    if (index < 0 && !scope.person.isEmpty()) { // a person the data no longer has: keep it
        m_person->addItem(tr("%1 (not in the team)").arg(scope.person), scope.person);
        index = m_person->count() - 1;
    }
    m_person->setCurrentIndex(std::max(index, 0));

    m_segment->clear();
    m_segment->addItem(tr("All users"), QString());
    for (const QString& name : s.segments)
        m_segment->addItem(name, name);
    index = m_segment->findData(scope.segment);
    if (index < 0 && !scope.segment.isEmpty()) {
        m_segment->addItem(tr("%1 (no such segment)").arg(scope.segment), scope.segment);
        index = m_segment->count() - 1;
    }
    m_segment->setCurrentIndex(std::max(index, 0));

    m_asOf->setDate(scope.asOf.isValid() ? scope.asOf : LatestDate);
    m_filling = false;
}

void ScopeBar::apply()
{
    if (m_filling)
        return;
    Scope scope;
    scope.person = m_person->currentData().toString();
    scope.segment = m_segment->currentData().toString();
    if (m_asOf->date() > LatestDate)
        scope.asOf = m_asOf->date();
    m_context->setScope(scope);
}

} // namespace pulsebook
