#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>

class QSettings;

namespace pulsebook {

// The one typed settings registry: every key with its default, versioned and migrated, so no
// string pairs are scattered around. Never holds passwords (the OS keychain does).
class Settings
{
public:
    enum class Key {
        LastWorkspace,
        RecentWorkspaces, // QStringList, most recent first, at most MaxRecent
        LastExportFolder,
        SkipBadRows,
        MainWindowGeometry,
        MainWindowState,
        LastView,         // the view id shown when the window closed
        ScopeByWorkspace, // per workspace: the scope bar (Scope::toMap)
        MeByWorkspace,    // per workspace: who the user is in its team
        DarkPalette,
        WarehouseConnection, // the import view's warehouse form (QVariantMap), never the password
        PaletteRecentByWorkspace, // per workspace: the command palette's picks, newest first
        HiddenColumns, // QVariantMap: a table's key (ResultView) -> the column ids it hides
        // QStringList: the users list's columns in order (empty: the default)
        UserListColumns,
        LastCsvFolder, // where the last CSV export was written (the next one starts there)
    };
    static constexpr int CurrentVersion = 2;
    static constexpr int MaxRecent = 8;

    static Settings& instance();
    // A settings file of its own, for tests; also replaces instance() while it lives.
    explicit Settings(const QString& fileName);
    ~Settings();

    QVariant get(Key key) const;
    void set(Key key, const QVariant& value);
    // A per-workspace key's value for the workspace at `path`.
    QVariant forWorkspace(Key key, const QString& path) const;
    void setForWorkspace(Key key, const QString& path, const QVariant& value);

    QStringList recentWorkspaces() const;
    void addRecentWorkspace(const QString& path);
    void removeRecentWorkspace(const QString& path);

    // The layout version of the file (after migration: CurrentVersion, or a newer one written by a
    // newer Pulsebook, which is read as it is and never rewritten to an older layout).
    int version() const;

private:
    Settings();
    void migrate();
    QSettings* m_settings;
};

} // namespace pulsebook
