#include "Settings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace pulsebook {

namespace {

struct Entry
{
    Settings::Key key;
    const char* name;
    QVariant fallback;
};

const Entry& entry(Settings::Key key)
{
    static const Entry entries[] = {
        {Settings::Key::LastWorkspace, "workspace/last", QString()},
        {Settings::Key::RecentWorkspaces, "workspace/recent", QStringList()},
        {Settings::Key::LastExportFolder, "sync/lastFolder", QString()},
        {Settings::Key::SkipBadRows, "sync/skipBadRows", false},
        {Settings::Key::MainWindowGeometry, "window/geometry", QByteArray()},
        {Settings::Key::MainWindowState, "window/state", QByteArray()},
        {Settings::Key::LastView, "window/lastView", QString()},
        {Settings::Key::ScopeByWorkspace, "workspace/scope", QVariantMap()},
        {Settings::Key::MeByWorkspace, "workspace/me", QString()},
        {Settings::Key::DarkPalette, "window/darkPalette", false},
        {Settings::Key::WarehouseConnection, "sync/warehouse", QVariantMap()},
        {Settings::Key::PaletteRecentByWorkspace, "workspace/paletteRecent", QStringList()},
        {Settings::Key::HiddenColumns, "tables/hiddenColumns", QVariantMap()},
        {Settings::Key::UserListColumns, "tables/userListColumns", QStringList()},
        {Settings::Key::LastCsvFolder, "export/lastFolder", QString()},
    };
    for (const auto& e : entries) {
        if (e.key == key)
            return e;
    }
    Q_UNREACHABLE();
}

// Per-workspace values live in a group per workspace, keyed by the cache's absolute path with
// '/' escaped (QSettings treats '/' as a group separator).
QString workspaceKey(const char* name, const QString& path)
{
    QString id = QFileInfo(path).absoluteFilePath();
    id.replace(QLatin1Char('%'), QLatin1String("%25"))
        .replace(QLatin1Char('/'), QLatin1String("%2F"));
    return QLatin1String(name) + QLatin1Char('/') + id;
}

Settings* g_override = nullptr;

} // namespace

Settings& Settings::instance()
{
    if (g_override)
        return *g_override;
    static Settings settings;
    return settings;
}

Settings::Settings() : m_settings(new QSettings())
{
    migrate();
}

Settings::Settings(const QString& fileName)
    : m_settings(new QSettings(fileName, QSettings::IniFormat))
{
    migrate();
    g_override = this;
}

Settings::~Settings()
{
    if (g_override == this)
        g_override = nullptr;
    delete m_settings;
}

int Settings::version() const
{
    return m_settings->value(QStringLiteral("meta/version"), 0).toInt();
}

void Settings::migrate()
{
    const int from = version();
    if (from > CurrentVersion)
        return; // a newer Pulsebook's file: read what we know, never downgrade it
    if (from < 2) {
        // Version 1 knew only the last workspace; version 2 keeps a recent list, which starts
        // with it.
        const QString last = m_settings->value(QStringLiteral("workspace/last")).toString();
        if (!last.isEmpty() && !m_settings->contains(QStringLiteral("workspace/recent")))
            m_settings->setValue(QStringLiteral("workspace/recent"),
                                 QStringList{QFileInfo(last).absoluteFilePath()});
    }
    m_settings->setValue(QStringLiteral("meta/version"), CurrentVersion);
}

QVariant Settings::get(Key key) const
{
    const Entry& e = entry(key);
    return m_settings->value(QLatin1String(e.name), e.fallback);
}

void Settings::set(Key key, const QVariant& value)
{
    m_settings->setValue(QLatin1String(entry(key).name), value);
}

QVariant Settings::forWorkspace(Key key, const QString& path) const
{
    const Entry& e = entry(key);
    return m_settings->value(workspaceKey(e.name, path), e.fallback);
}

void Settings::setForWorkspace(Key key, const QString& path, const QVariant& value)
{
    m_settings->setValue(workspaceKey(entry(key).name, path), value);
}

QStringList Settings::recentWorkspaces() const
{
    QStringList list = get(Key::RecentWorkspaces).toStringList();
    list.removeAll(QString());
    return list;
}

void Settings::addRecentWorkspace(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = recentWorkspaces();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > MaxRecent)
        list.removeLast();
    set(Key::RecentWorkspaces, list);
}

void Settings::removeRecentWorkspace(const QString& path)
{
    QStringList list = recentWorkspaces();
    list.removeAll(QFileInfo(path).absoluteFilePath());
    set(Key::RecentWorkspaces, list);
}

} // namespace pulsebook
