#pragma once

#include "DefinitionsData.h"
#include "View.h"

#include <QFutureWatcher>

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace pulsebook {

class EventPicker;
class OnboardingEditor;
class ProductAreasEditor;

// The workspace's definitions (README.md, "Set-up and Definitions in the window"): KPI events,
// onboarding steps in order and product areas, picked from the data's event names with their
// counts and the suggestions of `workspace suggest`, and "who are you" (my accounts). Saved with
// the checks of `workspace import`; exported and imported as its JSON. A workspace whose data
// arrived but whose definitions were never set opens in the set-up mode, the suggestions
// checked.
class DefinitionsView : public View
{
    Q_OBJECT

public:
    explicit DefinitionsView(AppContext* context, QWidget* parent = nullptr);
    ~DefinitionsView() override;

    // "setup" asks for the set-up mode (after the first sync of a workspace).
    void activate(const QVariant& argument) override;
    bool prepareScreenshot(const QString& name, QString* error) override;
    // Edited and not saved: asks Save / Discard / Cancel; after Save, `proceed` once stored.
    bool confirmLeave(const std::function<void()>& proceed) override;

    bool isSetupMode() const { return m_setup; }
    bool isBusy() const { return m_loader.isRunning() || m_storer.isRunning(); }
    // Stores the edited definitions (Save, Ctrl+S); finished() follows.
    void save();
    // The buttons' work without their file dialogs (the tests' seam): writes the definitions in
    // effect as `pulsebook-cli workspace export` does / imports a file as `workspace import`.
    bool exportTo(const QString& file, QString* error);
    void importFrom(const QString& file);

signals:
    // A save or an import ended; `stored` false when nothing was stored.
    void finished(bool stored);

private:
    void load();
    void loaded(const DefinitionsData& data);
    void readyWhenComplete();
    void apply();
    void stored(const DefinitionsStored& result, const QString& what);
    void showProblems(const WorkspaceProblems& problems);
    void fillPeople();
    void chooseMe(int index);
    void setDirty(bool dirty);
    void setBusy(bool busy, const QString& text);
    QJsonObject changes() const;
    void chooseExport();
    void chooseImport();

    bool m_setup = false;
    bool m_askedSetup = false;
    bool m_stale = true;
    bool m_dirty = false;
    bool m_edited = false; // the user changed something (the set-up's suggestions are not)
    bool m_filling = false;
    bool m_statusFromLoad = true; // the status line says what the latest read found
    DefinitionsData m_data;
    QFutureWatcher<DefinitionsData> m_loader;
    QFutureWatcher<DefinitionsStored> m_storer;
    QString m_storing;                 // what the running store does ("Saved", "Imported ...")
    std::function<void()> m_afterSave; // leaving, once the save asked on leaving stored

    QWidget* m_header;
    QLabel* m_title;
    QLabel* m_intro;
    QComboBox* m_me;
    QLabel* m_meHint;
    QTabWidget* m_tabs;
    EventPicker* m_kpi;
    OnboardingEditor* m_onboarding;
    ProductAreasEditor* m_areas;
    QLabel* m_problemsLabel;
    QListWidget* m_problems;
    QWidget* m_busy;
    QLabel* m_busyText;
    QProgressBar* m_busyBar;
    QLabel* m_status;
    QPushButton* m_import;
    QPushButton* m_export;
    QPushButton* m_revert;
    QPushButton* m_save;
};

} // namespace pulsebook
