#include "SegmentEditorCondition.h"

#include "SegmentEditorChoices.h"

#include "workspace/Duration.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QStringListModel>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <iterator>

namespace pulsebook {

namespace {

using Kind = SegmentNode::Kind;
using Op = SegmentNode::Op;

// The window units offered, largest first.
struct Unit
{
    const char* name;
    qint64 ms;
};
constexpr Unit Units[] = {
    {QT_TRANSLATE_NOOP("pulsebook::SegmentEditorCondition", "weeks"), 7 * 86400000LL},
    {QT_TRANSLATE_NOOP("pulsebook::SegmentEditorCondition", "days"), 86400000LL},
    {QT_TRANSLATE_NOOP("pulsebook::SegmentEditorCondition", "hours"), 3600000LL},
    {QT_TRANSLATE_NOOP("pulsebook::SegmentEditorCondition", "minutes"), 60000LL},
    {QT_TRANSLATE_NOOP("pulsebook::SegmentEditorCondition", "seconds"), 1000LL}};

// The value as the text of a segment writes it, without quotes (the field holds one value, or a
// comma-separated list for "in").
QString plainValue(const QVariant& v)
{
    if (v.typeId() == QMetaType::Double)
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    return v.toString();
}

// A typed value as the parser reads a bare word: a finite number, else text.
QVariant typedValue(const QString& text)
{
    bool ok = false;
    const double d = text.toDouble(&ok);
    return ok && std::isfinite(d) ? QVariant(d) : QVariant(text);
}

void selectData(QComboBox* box, const QString& value, const QString& missingLabel)
{
    int i = box->findData(value);
    if (i < 0) {
        box->addItem(missingLabel.arg(value), value);
        i = box->count() - 1;
    }
    box->setCurrentIndex(i);
}

QComboBox* combo(const char* objectName, const QString& accessibleName, QWidget* parent)
{
    auto* box = new QComboBox(parent);
    box->setObjectName(QLatin1String(objectName));
    box->setAccessibleName(accessibleName);
    box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    box->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    return box;
}

} // namespace

QCheckBox* segmentRowNot(const QString& text, const char* objectName, const QString& accessibleName,
                         QWidget* parent)
{
    auto* box = new QCheckBox(text, parent);
    box->setObjectName(QLatin1String(objectName));
    box->setAccessibleName(accessibleName);
    return box;
}

QToolButton* segmentRowRemove(const char* objectName, const QString& text, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setObjectName(QLatin1String(objectName));
    button->setText(QStringLiteral("✕"));
    button->setToolTip(text);
    button->setAccessibleName(text);
    button->setFocusPolicy(Qt::StrongFocus);
    return button;
}

SegmentEditorCondition::SegmentEditorCondition(const SegmentChoices* choices,
                                               ValueCompletions* completions, QWidget* parent)
    : QWidget(parent), m_choices(choices), m_completions(completions),
      m_not(segmentRowNot(tr("not"), "conditionNot", tr("Not: the condition must not hold"), this)),
      m_kind(combo("conditionKind", tr("Kind of condition"), this)), m_property(nullptr),
      m_op(nullptr), m_value(nullptr), m_did(nullptr), m_event(nullptr), m_atLeast(nullptr),
      m_window(nullptr), m_withinCount(nullptr), m_withinUnit(nullptr), m_from(nullptr),
      m_to(nullptr), m_segment(nullptr),
      m_remove(segmentRowRemove("conditionRemove", tr("Remove this condition"), this))
{
    setObjectName(QStringLiteral("segmentCondition"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_kind->addItem(tr("Property"), int(PropertyPage));
    m_kind->addItem(tr("Event"), int(EventPage));
    m_kind->addItem(tr("In segment"), int(SegmentPage));
    // One of the three shows at a time (not a stacked widget: a row is as tall as what it shows).
    m_pages[PropertyPage] = propertyPage();
    m_pages[EventPage] = eventPage();
    m_segment = combo("conditionSegment", tr("Segment"), this);
    m_pages[SegmentPage] = m_segment;
    // The row's first line is as tall as a combo box: "not" and ✕ centred on it.
    m_not->setMinimumHeight(m_kind->sizeHint().height());
    m_remove->setMinimumHeight(m_kind->sizeHint().height());
    layout->addWidget(m_not, 0, Qt::AlignTop);
    layout->addWidget(m_kind, 0, Qt::AlignTop);
    for (QWidget* page : m_pages)
        layout->addWidget(page, 0, Qt::AlignTop);
    layout->addStretch(1);
    layout->addWidget(m_remove, 0, Qt::AlignTop);

    fillProperties();
    fillEvents();
    fillSegments();
    auto edited = [this] {
        if (!m_filling)
            emit changed();
    };
    connect(m_not, &QCheckBox::toggled, this, edited);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this, edited] {
        updateFields();
        edited();
    });
    connect(m_property, &QComboBox::currentIndexChanged, this, [this, edited] {
        connectCompleter();
        edited();
    });
    connect(m_op, &QComboBox::currentIndexChanged, this, [this, edited] {
        readValueText(); // "in" reads the field as a list, the others as one value
        updateFields();
        edited();
    });
    connect(m_value, &QLineEdit::textEdited, this, [this, edited] {
        readValueText();
        edited();
    });
    for (QComboBox* box : {m_did, m_event, m_segment})
        connect(box, &QComboBox::currentIndexChanged, this, edited);
    connect(m_atLeast, &QSpinBox::valueChanged, this, [this, edited](int value) {
        if (!m_filling)
            m_atLeastCount = value;
        edited();
    });
    connect(m_window, &QComboBox::currentIndexChanged, this, [this, edited] {
        if (!m_filling && m_window->currentIndex() == 2 && m_fromMs < 0) {
            m_fromMs = m_choices->calendar.midnight(m_from->date());
            m_toMs = m_choices->calendar.midnight(m_to->date());
        }
        updateFields();
        edited();
    });
    connect(m_withinCount, &QSpinBox::valueChanged, this, [this, edited] {
        readWithin();
        edited();
    });
    connect(m_withinUnit, &QComboBox::currentIndexChanged, this, [this, edited] {
        readWithin();
        edited();
    });
    connect(m_from, &QDateEdit::dateChanged, this, [this, edited](QDate d) {
        if (!m_filling)
            m_fromMs = m_choices->calendar.midnight(d);
        edited();
    });
    connect(m_to, &QDateEdit::dateChanged, this, [this, edited](QDate d) {
        if (!m_filling)
            m_toMs = m_choices->calendar.midnight(d);
        edited();
    });
    connect(m_remove, &QToolButton::clicked, this, &SegmentEditorCondition::removeRequested);

    SegmentNode initial;
    initial.kind = Kind::Did;
    if (!m_choices->events.empty())
        initial.name = m_choices->events.front().name;
    initial.withinMs = m_withinMs;
    setNode(initial, false);
}

QWidget* SegmentEditorCondition::propertyPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QHBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_property = combo("conditionProperty", tr("Property"), page);
    m_property->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_property->setMinimumContentsLength(14);
    m_op = combo("conditionOp", tr("Comparison"), page);
    const std::pair<Op, QString> ops[] = {{Op::Equals, QStringLiteral("=")},
                                          {Op::NotEquals, QStringLiteral("!=")},
                                          {Op::Contains, tr("contains")},
                                          {Op::StartsWith, tr("starts with")},
                                          {Op::In, tr("in (list)")},
                                          {Op::IsSet, tr("is set")},
                                          {Op::IsNotSet, tr("is not set")},
                                          {Op::Less, QStringLiteral("<")},
                                          {Op::LessOrEqual, QStringLiteral("<=")},
                                          {Op::Greater, QStringLiteral(">")},
                                          {Op::GreaterOrEqual, QStringLiteral(">=")}};
    for (const auto& [op, text] : ops)
        m_op->addItem(text, int(op));
    m_value = new QLineEdit(page);
    m_value->setObjectName(QStringLiteral("conditionValue"));
    m_value->setAccessibleName(tr("Value"));
    m_value->setMinimumWidth(m_value->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 14);
    m_value->setCompleter(new QCompleter(m_value));
    m_value->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_value->completer()->setFilterMode(Qt::MatchContains);
    layout->addWidget(m_property);
    layout->addWidget(m_op);
    layout->addWidget(m_value, 1);
    return page;
}

QWidget* SegmentEditorCondition::eventPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_did = combo("conditionDid", tr("Has done or has not done"), page);
    m_did->addItem(tr("has done"));
    m_did->addItem(tr("has not done"));
    m_event = combo("conditionEvent", tr("Event"), page);
    m_event->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_event->setMinimumContentsLength(14);
    m_atLeast = new QSpinBox(page);
    m_atLeast->setObjectName(QStringLiteral("conditionAtLeast"));
    m_atLeast->setAccessibleName(tr("At least this many times"));
    m_atLeast->setRange(1, 999999);
    m_atLeast->setPrefix(tr("at least "));
    m_atLeast->setSuffix(tr(" ×"));
    m_atLeast->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_window = combo("conditionWindow", tr("When"), page);
    m_window->addItem(tr("ever"));
    m_window->addItem(tr("within the last"));
    m_window->addItem(tr("between"));
    m_withinCount = new QSpinBox(page);
    m_withinCount->setObjectName(QStringLiteral("conditionWithin"));
    m_withinCount->setAccessibleName(tr("Within the last"));
    m_withinCount->setRange(1, 99999);
    m_withinCount->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_withinUnit = combo("conditionWithinUnit", tr("Unit of the window"), page);
    for (const Unit& unit : Units)
        m_withinUnit->addItem(tr(unit.name), unit.ms);
    m_from = new QDateEdit(page);
    m_from->setObjectName(QStringLiteral("conditionFrom"));
    m_from->setAccessibleName(tr("From (inclusive)"));
    m_from->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_from->setCalendarPopup(true);
    m_to = new QDateEdit(page);
    m_to->setObjectName(QStringLiteral("conditionTo"));
    m_to->setAccessibleName(tr("To (exclusive)"));
    m_to->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_to->setCalendarPopup(true);
    const QDate asOf = m_choices->calendar.date(m_choices->asOfMs);
    m_from->setDate(asOf.addDays(-30));
    m_to->setDate(asOf);
    auto* andLabel = new QLabel(tr("and"), page);
    andLabel->setObjectName(QStringLiteral("conditionAnd"));
    andLabel->hide();
    connect(m_window, &QComboBox::currentIndexChanged, andLabel,
            [this, andLabel] { andLabel->setVisible(m_window->currentIndex() == 2); });
    // Two lines: what was done, then how often and when.
    auto* what = new QHBoxLayout;
    auto* when = new QHBoxLayout;
    for (QWidget* w : {m_did, m_event})
        what->addWidget(w);
    for (QWidget* w : std::initializer_list<QWidget*>{m_atLeast, m_window, m_withinCount,
                                                      m_withinUnit, m_from, andLabel, m_to})
        when->addWidget(w);
    what->addStretch(1);
    when->addStretch(1);
    layout->addLayout(what);
    layout->addLayout(when);
    return page;
}

void SegmentEditorCondition::fillEvents()
{
    const QString current = m_event->currentData().toString();
    QSignalBlocker block(m_event);
    m_event->clear();
    const QLocale locale;
    for (const EventSummary& e : m_choices->events)
        m_event->addItem(tr("%1 (%2)").arg(e.name, locale.toString(e.events)), e.name);
    if (!current.isEmpty())
        selectData(m_event, current, tr("%1 (not in the data)"));
}

void SegmentEditorCondition::fillProperties()
{
    const QString current = m_property->currentData().toString();
    QSignalBlocker block(m_property);
    m_property->clear();
    for (const QString& name : m_choices->properties)
        m_property->addItem(name, name);
    if (!current.isEmpty())
        selectData(m_property, current, tr("%1 (not in the data)"));
}

void SegmentEditorCondition::fillSegments()
{
    const QString current = m_segment->currentData().toString();
    QSignalBlocker block(m_segment);
    m_segment->clear();
    for (const QString& name : m_choices->segments)
        m_segment->addItem(name, name);
    if (!current.isEmpty())
        selectData(m_segment, current, tr("%1 (not saved)"));
}

void SegmentEditorCondition::refreshChoices()
{
    m_filling = true;
    fillProperties();
    fillEvents();
    fillSegments();
    connectCompleter();
    m_filling = false;
}

void SegmentEditorCondition::setNode(const SegmentNode& node, bool negated)
{
    m_filling = true;
    m_not->setChecked(negated);
    switch (node.kind) {
    case Kind::Property:
        m_kind->setCurrentIndex(PropertyPage);
        selectData(m_property, node.name, tr("%1 (not in the data)"));
        m_op->setCurrentIndex(m_op->findData(int(node.op)));
        m_values = node.values;
        {
            QStringList texts;
            for (const QVariant& v : std::as_const(m_values))
                texts << plainValue(v);
            m_value->setText(texts.join(QStringLiteral(", ")));
        }
        break;
    case Kind::Did: {
        m_kind->setCurrentIndex(EventPage);
        m_did->setCurrentIndex(node.negated ? 1 : 0);
        selectData(m_event, node.name, tr("%1 (not in the data)"));
        m_atLeastCount = node.atLeast;
        m_atLeast->setValue(int(std::min<qint64>(node.atLeast, m_atLeast->maximum())));
        if (node.withinMs > 0) {
            m_window->setCurrentIndex(1);
            m_withinMs = node.withinMs;
            int u = 0;
            while (u + 1 < int(std::size(Units)) && m_withinMs % Units[u].ms != 0)
                ++u;
            m_withinUnit->setCurrentIndex(u);
            m_withinCount->setValue(
                int(std::min<qint64>(m_withinMs / Units[u].ms, m_withinCount->maximum())));
        } else if (node.hasRange()) {
            m_window->setCurrentIndex(2);
            const Calendar& calendar = m_choices->calendar;
            m_fromMs = node.fromDate.isValid() ? calendar.midnight(node.fromDate) : node.fromMs;
            m_toMs = node.toDate.isValid() ? calendar.midnight(node.toDate) : node.toMs;
            m_from->setDate(calendar.date(m_fromMs));
            m_to->setDate(calendar.date(m_toMs));
        } else {
            m_window->setCurrentIndex(0);
        }
        break;
    }
    case Kind::InSegment:
        m_kind->setCurrentIndex(SegmentPage);
        selectData(m_segment, node.name, tr("%1 (not saved)"));
        break;
    default:
        break;
    }
    connectCompleter();
    updateFields();
    m_filling = false;
}

SegmentNode SegmentEditorCondition::node() const
{
    SegmentNode n;
    switch (Page(m_kind->currentData().toInt())) {
    case PropertyPage:
        n.kind = Kind::Property;
        n.name = m_property->currentData().toString();
        n.op = Op(m_op->currentData().toInt());
        if (n.op != Op::IsSet && n.op != Op::IsNotSet)
            n.values = m_values.isEmpty() ? QVariantList{QString()} : m_values;
        break;
    case EventPage:
        n.kind = Kind::Did;
        n.name = m_event->currentData().toString();
        n.negated = m_did->currentIndex() == 1;
        n.atLeast = m_atLeastCount;
        if (m_window->currentIndex() == 1) {
            n.withinMs = m_withinMs;
        } else if (m_window->currentIndex() == 2) {
            n.fromMs = m_fromMs;
            n.toMs = m_toMs;
        }
        break;
    case SegmentPage:
        n.kind = Kind::InSegment;
        n.name = m_segment->currentData().toString();
        break;
    }
    if (!m_not->isChecked())
        return n;
    SegmentNode negated;
    negated.kind = Kind::Not;
    negated.children.push_back(std::move(n));
    return negated;
}

QList<QWidget*> SegmentEditorCondition::focusChain() const
{
    QList<QWidget*> chain{m_not, m_kind};
    switch (Page(m_kind->currentData().toInt())) {
    case PropertyPage:
        chain << m_property << m_op << m_value;
        break;
    case EventPage:
        chain << m_did << m_event << m_atLeast << m_window << m_withinCount << m_withinUnit
              << m_from << m_to;
        break;
    case SegmentPage:
        chain << m_segment;
        break;
    }
    return chain << m_remove;
}

void SegmentEditorCondition::updateFields()
{
    const int page = m_kind->currentData().toInt();
    for (int p = 0; p < PageCount; ++p)
        m_pages[p]->setVisible(p == page);
    const Op op = Op(m_op->currentData().toInt());
    m_value->setVisible(op != Op::IsSet && op != Op::IsNotSet);
    m_value->setPlaceholderText(op == Op::In ? tr("values, separated by commas") : tr("value"));
    const int window = m_window->currentIndex();
    m_withinCount->setVisible(window == 1);
    m_withinUnit->setVisible(window == 1);
    m_from->setVisible(window == 2);
    m_to->setVisible(window == 2);
}

void SegmentEditorCondition::connectCompleter()
{
    const QString property = m_property->currentData().toString();
    if (!property.isEmpty())
        m_value->completer()->setModel(m_completions->model(property));
}

void SegmentEditorCondition::readValueText()
{
    if (m_filling)
        return;
    m_values.clear();
    const QString text = m_value->text();
    if (Op(m_op->currentData().toInt()) == Op::In) {
        for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!part.trimmed().isEmpty())
                m_values << typedValue(part.trimmed());
        }
    } else {
        m_values << typedValue(text.trimmed());
    }
}

void SegmentEditorCondition::readWithin()
{
    if (!m_filling)
        m_withinMs = windowOf(m_withinCount->value(), m_withinUnit->currentData().toLongLong());
}

} // namespace pulsebook
