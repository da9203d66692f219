// The segments view's actions on the list and the segment: new, duplicate, rename, delete,
// save (and asking about unsaved changes), show users, export.
#include "SegmentsView.h"

#include "AppContext.h"
#include "AskUser.h"
#include "ResultView.h"
#include "SegmentEditor.h"
#include "ViewRegistry.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QtConcurrent/QtConcurrentRun>

namespace pulsebook {

bool SegmentsView::askToSave(const std::function<void()>& then)
{
    if (!isDirty())
        return true;
    const auto answer = askUser(
        this, tr("Unsaved Segment"), tr("Save the changes to the segment “%1”?").arg(currentName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Discard) {
        discardChanges();
        return true;
    }
    if (answer == QMessageBox::Save) {
        m_afterSave = then;
        save();
    }
    return false;
}

void SegmentsView::discardChanges()
{
    if (m_savedName.isEmpty())
        showFirst();
    else
        showSegment(m_savedName, m_savedName, m_saved.value(m_savedName));
}

void SegmentsView::openSegment(const QString& name)
{
    auto open = [this, name] {
        if (m_saved.contains(name))
            showSegment(name, name, m_saved.value(name));
    };
    if (name == m_savedName && !m_savedName.isEmpty()) {
        updateList();
        return;
    }
    if (askToSave(open))
        open();
    else
        updateList(); // the selection goes back to the segment being edited
}

void SegmentsView::newSegment()
{
    const QString text = starterText();
    auto create = [this, text] {
        showSegment(QString(), uniqueName(tr("New segment")), text);
        renameSegment();
    };
    if (askToSave(create))
        create();
}

void SegmentsView::duplicateSegment()
{
    const QString name = uniqueName(tr("%1 copy").arg(currentName()));
    const QString text = m_editor->text(); // what the editor shows, edits included
    auto copy = [this, name, text] {
        showSegment(QString(), name, text);
        renameSegment();
    };
    if (askToSave(copy))
        copy();
}

void SegmentsView::renameSegment()
{
    m_name->setFocus(Qt::ShortcutFocusReason);
    m_name->selectAll();
}

void SegmentsView::deleteSegment()
{
    if (!m_snapshot || m_storer.isRunning())
        return;
    const QString name = m_savedName.isEmpty() ? currentName() : m_savedName;
    const auto answer =
        askUser(this, tr("Delete Segment"),
                m_savedName.isEmpty()
                    ? tr("Delete the unsaved segment “%1”?").arg(name)
                    : tr("Delete the segment “%1” from the workspace? Views and exports that "
                         "use it lose it.")
                          .arg(name),
                QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes)
        return;
    if (m_savedName.isEmpty()) {
        showFirst();
        m_status->setText(tr("Deleted the unsaved segment “%1”.").arg(name));
        return;
    }
    m_afterSave = [this, name] {
        m_saved.remove(name);
        showFirst();
        m_status->setText(tr("Deleted the segment “%1”.").arg(name));
    };
    store(name, QString(), QString());
}

void SegmentsView::save()
{
    if (!m_snapshot || !m_snapshot->isValid() || m_storer.isRunning())
        return;
    const QString name = currentName();
    QString problem;
    if (name.isEmpty())
        problem = tr("Give the segment a name.");
    else if (name != m_savedName && m_saved.contains(name))
        problem = tr("A segment named “%1” exists: choose another name.").arg(name);
    else if (!m_editor->isValid())
        problem = tr("Fix the text first: %1").arg(m_editor->error());
    if (!problem.isEmpty()) {
        m_afterSave = nullptr;
        m_status->setText(tr("Nothing was saved: %1").arg(problem));
        emit stored(false);
        return;
    }
    const QString text = m_editor->text();
    const QString oldName = m_savedName;
    const std::function<void()> then = std::exchange(m_afterSave, nullptr);
    m_afterSave = [this, oldName, name, text, then] {
        m_saved.remove(oldName);
        m_saved.insert(name, text);
        m_savedName = name;
        m_savedText = text;
        m_name->setText(name);
        updateList();
        updateButtons();
        if (then)
            then();
    };
    store(oldName, name, tr("Saved the segment “%1”.").arg(name));
}

void SegmentsView::store(const QString& oldName, const QString& newName, const QString& done)
{
    m_save->setEnabled(false);
    m_status->setText(tr("Checking and saving…"));
    m_storer.setProperty("done", done);
    const std::shared_ptr<const Snapshot> snapshot = m_snapshot;
    const QString text = m_editor->text();
    m_storer.setFuture(QtConcurrent::run([snapshot, oldName, newName, text] {
        return storeSegment(*snapshot, oldName, newName, text);
    }));
}

void SegmentsView::showUsers()
{
    if (!findView(QStringLiteral("users")) || !m_editor->isValid())
        return;
    emit navigate(QStringLiteral("users"),
                  QVariantMap{{QStringLiteral("segment"), m_editor->text()},
                              {QStringLiteral("title"), currentName()}});
}

void SegmentsView::exportUsers()
{
    if (!m_snapshot || !m_snapshot->isValid() || m_exporter->isExporting())
        return;
    if (!m_editor->isValid()) {
        m_status->setText(tr("Fix the text first: %1").arg(m_editor->error()));
        return;
    }
    m_status->setText(tr("Finding the users…"));
    const std::shared_ptr<const Snapshot> snapshot = m_snapshot;
    const Scope scope = context()->scope();
    const QString text = m_editor->text();
    m_usersJob.run([snapshot, scope, text] { return segmentUsers(*snapshot, scope, text); });
}

void SegmentsView::storeFinished()
{
    const DefinitionsStored result = m_storer.result();
    const QString done = m_storer.property("done").toString();
    m_save->setEnabled(true);
    QStringList errors, warnings;
    for (const WorkspaceProblem& p : result.problems)
        (p.isError() ? errors : warnings) << p.text();
    if (!result.stored) {
        m_afterSave = nullptr;
        m_status->setText(
            tr("Nothing was saved: %1")
                .arg(errors.isEmpty() ? result.error : errors.join(QStringLiteral("; "))));
        emit stored(false);
        return;
    }
    m_status->setText(warnings.isEmpty()
                          ? done
                          : tr("%1 Warning: %2").arg(done, warnings.join(QStringLiteral("; "))));
    context()->reload(); // the scope bar and the other views read the new segments
    emit stored(true);
    if (std::function<void()> then = std::exchange(m_afterSave, nullptr))
        then();
}

} // namespace pulsebook
