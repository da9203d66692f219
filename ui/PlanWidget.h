#pragma once

#include "sync/SyncPlan.h"

#include <QSet>
#include <QWidget>

class QFormLayout;
class QLabel;
class QScrollArea;
class QVBoxLayout;

namespace pulsebook {

// Marks a label as a problem: "✖ " before its text and the palette's red, so that the words
// carry it without the colour.
void markAsProblem(QLabel* label, const QString& text);

// The sync plan of an export folder, before anything lands (core's SyncPlan, rendered): per
// file a group with a combo box per contract field listing the file's columns, the columns kept
// as properties, the required fields missing; the tables without a file; the files left alone
// with the reason and a "Use as" combo. It only renders: a change is a signal, and the import
// view edits the mapping and plans again.
//
// Object names, for tests: plan-TABLE (the group), field-TABLE-FIELD (its combo),
// properties-TABLE, missing-TABLE, showUnused-TABLE (unfolds the optional fields nothing fills),
// absentTables, ignored-FILE (the reason), useAs-FILE.
class PlanWidget : public QWidget
{
    Q_OBJECT

public:
    explicit PlanWidget(QWidget* parent = nullptr);

    // Shows `plan`; keyboard focus stays on the control of the same name.
    void setPlan(const SyncPlan& plan);
    // No plan: the empty state's text.
    void showMessage(const QString& text);
    const SyncPlan& plan() const { return m_plan; }
    // The plan's controls that Tab reaches, in reading order (file by file, field by field).
    QList<QWidget*> focusOrder() const;

signals:
    // The user chose `header` ("" = none) for `field` of `table`.
    void columnChosen(const QString& table, const QString& field, const QString& header);
    // The user chose to read `file` as `table`; `table` "" stops reading the table's mapped
    // file `file`.
    void fileUsedAs(const QString& file, const QString& table);

private:
    void clear();
    void putInPlace();
    QWidget* tableGroup(const SyncPlan::TablePlan& t);
    QWidget* ignoredGroup();
    // "Show N unused optional fields": folds `rows` of `form` (remembered per table).
    QWidget* unusedToggle(const QString& table, QFormLayout* form, const QList<int>& rows,
                          QWidget* parent);

    SyncPlan m_plan;
    QScrollArea* m_scroll;
    QWidget* m_content = nullptr;
    QVBoxLayout* m_layout = nullptr;
    QSet<QString> m_unusedShown; // tables whose unused optional fields are unfolded
};

} // namespace pulsebook
