#pragma once

#include "SegmentEditorChoices.h"
#include "SegmentsData.h"
#include "View.h"
#include "ViewJob.h"

#include <QFutureWatcher>
#include <QMap>

#include <functional>
#include <memory>

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QTimer;

namespace pulsebook {

class ResultView;
class SegmentEditor;
class SegmentListModel;

// The workspace's saved segments (new, duplicate, rename, delete with confirmation) and the
// editor of one (SegmentEditor: widgets and text), with the live count of its users (debounced,
// on a worker, the old count greyed while it updates), Save (Ctrl+S; checked as `workspace
// import` checks), Show Users (the users list with the segment) and Export (Ctrl+E: its users as
// `pulsebook-cli segment --where TEXT --out FILE` writes them). Unsaved changes are asked about
// before another segment opens, the view is left or the window closes.
class SegmentsView : public View
{
    Q_OBJECT

public:
    // How long the count waits after the last change: short enough that the count is on screen
    // within 200 ms of the last keystroke (the count itself takes tens of ms on 100,000 users),
    // long enough that a typed word is counted once, not per letter.
    static constexpr int CountDelayMs = 100;

    explicit SegmentsView(AppContext* context, QWidget* parent = nullptr);

    // `argument`: a saved segment's name opens it.
    void activate(const QVariant& argument) override;
    bool confirmLeave(const std::function<void()>& proceed) override;

    SegmentEditor* editor() const { return m_editor; }
    SegmentListModel* list() const { return m_model; }
    // The segment being edited: its name as typed, the name it is saved under ("" = new).
    QString currentName() const;
    QString savedName() const { return m_savedName; }
    bool isDirty() const;
    // The count shown (-1 while none) and whether a newer one is on its way.
    qint64 shownCount() const { return m_shownCount; }
    bool isCountPending() const;

    // Opens the saved segment `name`, first asking about unsaved changes.
    void openSegment(const QString& name);
    void newSegment();
    void duplicateSegment();
    void renameSegment();
    void deleteSegment();
    void save();
    void showUsers();
    void exportUsers();
    ResultView* exporter() const { return m_exporter; }

signals:
    // A count is on screen (after each change, once its worker answered).
    void countShown();
    // A save or a delete ended; ok: stored.
    void stored(bool ok);

private:
    struct Loaded
    {
        std::shared_ptr<const Snapshot> snapshot;
        SegmentChoices choices;
        QMap<QString, QString> saved; // name -> text
    };

    void reload() override;
    void loaded(const Loaded& loaded);
    void edited();
    void count();
    void counted(const SegmentCount& result);
    // Shows a segment: saved under `savedName` ("" = new) with `text`.
    void showSegment(const QString& savedName, const QString& name, const QString& text);
    void showFirst();
    // What a new segment starts with: the most frequent event within 30 days.
    QString starterText() const;
    // Asks about unsaved changes: true when the caller may go on now; false when it must not
    // (cancelled), or not yet (`then` runs once the save landed).
    bool askToSave(const std::function<void()>& then);
    void discardChanges();
    void store(const QString& oldName, const QString& newName, const QString& done);
    void storeFinished();
    void updateList();
    void updateButtons();
    void updateTabOrder();
    QString uniqueName(const QString& base) const;

    ViewJob<Loaded> m_loadJob;
    ViewJob<SegmentCount> m_countJob;
    ViewJob<SegmentUsers> m_usersJob;
    QFutureWatcher<DefinitionsStored> m_storer;
    std::shared_ptr<const Snapshot> m_snapshot;
    QMap<QString, QString> m_saved;
    QString m_savedName;
    QString m_savedText;
    std::function<void()> m_afterSave;
    qint64 m_shownCount = -1;

    SegmentListModel* m_model;
    QListView* m_listView;
    QPushButton* m_new;
    QPushButton* m_duplicate;
    QPushButton* m_rename;
    QPushButton* m_delete;
    QLineEdit* m_name;
    QLabel* m_count;
    QLabel* m_countNote;
    SegmentEditor* m_editor;
    QLabel* m_status;
    QPushButton* m_save;
    QPushButton* m_showUsers;
    QPushButton* m_export;
    QTimer* m_debounce;
    ResultView* m_exporter; // never shown: its export writes the segment's users
    bool m_selecting = false;
};

} // namespace pulsebook
