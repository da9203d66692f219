#include "PlanWidget.h"

#include <QApplication>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace pulsebook {

namespace {

QString howText(ExportFormat::Match match)
{
    switch (match) {
    case ExportFormat::Match::Mapped:
        return PlanWidget::tr("mapped");
    case ExportFormat::Match::Synonym:
        return PlanWidget::tr("synonym");
    case ExportFormat::Match::Canonical:
        break;
    }
    return PlanWidget::tr("by name");
}

QLabel* wrappedLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

void markAsProblem(QLabel* label, const QString& text)
{
    label->setText(QStringLiteral("✖ ") + text);
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, QColor(0xD5, 0x5E, 0x00)); // Okabe–Ito red
    label->setPalette(p);
    label->setAccessibleName(text);
}

PlanWidget::PlanWidget(QWidget* parent) : QWidget(parent), m_scroll(new QScrollArea(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_scroll->setObjectName(QStringLiteral("planArea"));
    m_scroll->setAccessibleName(tr("Sync plan"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setFocusPolicy(Qt::NoFocus); // Tab walks the plan's controls, which it scrolls to
    layout->addWidget(m_scroll);
    showMessage(QString());
}

void PlanWidget::clear()
{
    // Built off screen and put in place by putInPlace(): widgets added to a visible parent would be
    // shown only by a queued event, so Tab and setFocus could not reach them at once.
    m_content = new QWidget;
    m_layout = new QVBoxLayout(m_content);
}

void PlanWidget::putInPlace()
{
    m_scroll->setWidget(m_content); // deletes the previous content, shows the new one
}

void PlanWidget::showMessage(const QString& text)
{
    m_plan = SyncPlan();
    clear();
    auto* label = wrappedLabel(text, m_content);
    label->setObjectName(QStringLiteral("planMessage"));
    label->setAlignment(Qt::AlignCenter);
    m_layout->addStretch(1);
    m_layout->addWidget(label);
    m_layout->addStretch(2);
    putInPlace();
}

void PlanWidget::setPlan(const SyncPlan& plan)
{
    // The control with focus is rebuilt: give focus back to its successor of the same name.
    QWidget* focus = QApplication::focusWidget();
    const QString focusName =
        focus && m_content && m_content->isAncestorOf(focus) ? focus->objectName() : QString();
    m_plan = plan;
    clear();
    for (const SyncPlan::TablePlan& t : plan.tables)
        m_layout->addWidget(tableGroup(t));
    if (!plan.absent.isEmpty()) {
        QStringList absent;
        for (const QString& table : plan.absent) {
            const QString mapped = plan.mapping.files.value(table);
            absent.append(
                mapped.isEmpty()
                    ? table
                    : tr("%1 (the mapping names %2, which the folder lacks)").arg(table, mapped));
        }
        auto* label =
            wrappedLabel(tr("No file for: %1").arg(absent.join(QStringLiteral(", "))), m_content);
        label->setObjectName(QStringLiteral("absentTables"));
        m_layout->addWidget(label);
    }
    if (!plan.ignored.isEmpty())
        m_layout->addWidget(ignoredGroup());
    m_layout->addStretch(1);
    putInPlace();
    if (!focusName.isEmpty()) {
        if (auto* w = m_content->findChild<QWidget*>(focusName))
            w->setFocus(Qt::OtherFocusReason);
    }
}

QList<QWidget*> PlanWidget::focusOrder() const
{
    // The content's own focus chain is its creation order, which is its reading order.
    QList<QWidget*> order;
    for (QWidget* w = m_content->nextInFocusChain(); w != m_content && m_content->isAncestorOf(w);
         w = w->nextInFocusChain()) {
        if (w->focusPolicy() & Qt::TabFocus)
            order.append(w);
    }
    return order;
}

QWidget* PlanWidget::tableGroup(const SyncPlan::TablePlan& t)
{
    auto* box = new QGroupBox(tr("%1 ← %2").arg(t.tableName, t.file), m_content);
    box->setObjectName(QStringLiteral("plan-") + t.tableName);
    box->setAccessibleName(tr("Table %1 from %2").arg(t.tableName, t.file));
    auto* column = new QVBoxLayout(box);
    if (t.mapped) {
        auto* row = new QHBoxLayout;
        row->addWidget(wrappedLabel(tr("Read as %1 by the mapping.").arg(t.tableName), box), 1);
        auto* stop = new QPushButton(tr("Don't Use This File"), box);
        stop->setObjectName(QStringLiteral("stopUsing-") + t.tableName);
        stop->setAccessibleName(tr("Don't read %1 as %2").arg(t.file, t.tableName));
        const QString file = t.file;
        connect(stop, &QPushButton::clicked, this, [this, file] { emit fileUsedAs(file, {}); });
        row->addWidget(stop);
        column->addLayout(row);
    }
    if (!t.headerError.isEmpty()) {
        auto* label = wrappedLabel(QString(), box);
        markAsProblem(label, tr("Cannot read the header: %1").arg(t.headerError));
        label->setObjectName(QStringLiteral("headerError-") + t.tableName);
        column->addWidget(label);
        return box;
    }
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    QStringList headers;
    for (const SyncPlan::Column& c : t.columns)
        headers.append(c.header);
    const ExportFormat::FileSpec& spec = ExportFormat::spec(t.table);
    QList<int> unused; // rows of optional fields that nothing fills, folded
    for (const auto& specColumn : spec.columns) {
        const QString field = QLatin1String(specColumn.name);
        auto* combo = new QComboBox(box);
        combo->setObjectName(QStringLiteral("field-%1-%2").arg(t.tableName, field));
        combo->setAccessibleName(tr("Column for %1 of %2").arg(field, t.tableName));
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        // A required field cannot go without a column (the mapping refuses it): its empty
        // item only stands for "not chosen yet".
        combo->addItem(specColumn.required ? tr("(choose a column)") : tr("(none)"), QString());
        for (const QString& h : headers)
            combo->addItem(h, h);
        auto* how = new QLabel(box);
        how->setObjectName(QStringLiteral("how-%1-%2").arg(t.tableName, field));
        bool filled = false;
        for (const SyncPlan::Column& c : t.columns) {
            if (c.field == field) {
                combo->setCurrentIndex(combo->findData(c.header));
                how->setText(howText(c.match));
                filled = true;
            }
        }
        if (t.unread.contains(field))
            how->setText(tr("no column (mapped)"));
        combo->setToolTip(
            specColumn.required
                ? tr("The column of %1 that fills %2, a required field.").arg(t.file, field)
                : tr("The column of %1 that fills %2. \"(none)\": no column fills it, and a "
                     "column of its usual name or a synonym is kept as a property.")
                      .arg(t.file, field));
        const QString table = t.tableName;
        connect(combo, &QComboBox::activated, this, [this, combo, table, field] {
            emit columnChosen(table, field, combo->currentData().toString());
        });
        auto* label = new QLabel(
            specColumn.required ? tr("%1 (required):").arg(field) : tr("%1:").arg(field), box);
        label->setBuddy(combo);
        auto* row = new QHBoxLayout;
        row->addWidget(combo);
        row->addWidget(how);
        row->addStretch(1);
        form->addRow(label, row);
        if (!specColumn.required && !filled && !t.unread.contains(field))
            unused.append(form->rowCount() - 1);
    }
    column->addLayout(form);
    if (!unused.isEmpty())
        column->addWidget(unusedToggle(t.tableName, form, unused, box));
    QStringList properties;
    for (const SyncPlan::Column& c : t.columns) {
        if (c.field.isEmpty())
            properties.append(QStringLiteral("\"%1\"").arg(c.header));
    }
    auto* kept =
        wrappedLabel(properties.isEmpty()
                         ? tr("No other columns: nothing is kept as a property.")
                         : tr("Kept as properties: %1").arg(properties.join(QStringLiteral(", "))),
                     box);
    kept->setObjectName(QStringLiteral("properties-") + t.tableName);
    column->addWidget(kept);
    QStringList problems;
    for (const QString& field : t.unmatched)
        problems.append(tr("Mapped column not found: %1 names \"%2\", which the file lacks")
                            .arg(field, m_plan.mapping.columns.value(t.tableName).value(field)));
    for (const QString& field : t.missing)
        problems.append(tr("Missing required field: %1 (choose its column above)").arg(field));
    if (!problems.isEmpty()) {
        auto* label = wrappedLabel(QString(), box);
        markAsProblem(label, problems.join(QStringLiteral("\n✖ ")));
        label->setObjectName(QStringLiteral("missing-") + t.tableName);
        column->addWidget(label);
    }
    return box;
}

QWidget* PlanWidget::unusedToggle(const QString& table, QFormLayout* form, const QList<int>& rows,
                                  QWidget* parent)
{
    auto* toggle = new QToolButton(parent);
    toggle->setObjectName(QStringLiteral("showUnused-") + table);
    toggle->setCheckable(true);
    toggle->setAutoRaise(true);
    toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle->setAccessibleDescription(
        tr("Optional fields of %1 that no column of the file fills").arg(table));
    const int n = int(rows.size());
    auto apply = [this, toggle, table, form, rows, n](bool shown) {
        for (const int row : rows)
            form->setRowVisible(row, shown);
        toggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
        // No English plural forms are shipped, so the singular is its own text.
        if (n == 1)
            toggle->setText(shown ? tr("Hide 1 unused optional field")
                                  : tr("Show 1 unused optional field"));
        else
            toggle->setText(shown ? tr("Hide %1 unused optional fields").arg(n)
                                  : tr("Show %1 unused optional fields").arg(n));
        if (shown)
            m_unusedShown.insert(table);
        else
            m_unusedShown.remove(table);
    };
    toggle->setChecked(m_unusedShown.contains(table));
    apply(toggle->isChecked());
    connect(toggle, &QToolButton::toggled, this, apply);
    return toggle;
}

QWidget* PlanWidget::ignoredGroup()
{
    auto* box = new QGroupBox(tr("Files left alone"), m_content);
    box->setObjectName(QStringLiteral("ignoredFiles"));
    auto* form = new QFormLayout(box);
    for (const SyncPlan::IgnoredFile& f : m_plan.ignored) {
        QString text = f.reason;
        if (!f.suggestedTable.isEmpty())
            text += tr("; it has the columns of %1").arg(f.suggestedTable);
        auto* reason = wrappedLabel(text, box);
        reason->setObjectName(QStringLiteral("ignored-") + f.file);
        auto* name = new QLabel(f.file + QLatin1Char(':'), box);
        const bool csv = f.file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive);
        if (!csv || m_plan.absent.isEmpty()) {
            form->addRow(name, reason);
            continue;
        }
        auto* row = new QHBoxLayout;
        row->addWidget(reason, 1);
        auto* useAsLabel = new QLabel(tr("Use as:"), box);
        auto* useAs = new QComboBox(box);
        useAs->setObjectName(QStringLiteral("useAs-") + f.file);
        useAs->setAccessibleName(tr("Use %1 as").arg(f.file));
        useAs->addItem(tr("(not used)"), QString());
        for (const QString& table : m_plan.absent)
            useAs->addItem(table == f.suggestedTable ? tr("%1 (suggested)").arg(table) : table,
                           table);
        useAsLabel->setBuddy(useAs);
        const QString file = f.file;
        connect(useAs, &QComboBox::activated, this, [this, useAs, file] {
            const QString table = useAs->currentData().toString();
            if (!table.isEmpty())
                emit fileUsedAs(file, table);
        });
        row->addWidget(useAsLabel);
        row->addWidget(useAs);
        name->setBuddy(useAs);
        form->addRow(name, row);
    }
    return box;
}

} // namespace pulsebook
