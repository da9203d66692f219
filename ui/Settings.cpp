#include "Settings.h"

#include <QSettings>

namespace pulsebook {

namespace {

constexpr int CurrentVersion = 1;

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
        {Settings::Key::LastExportFolder, "sync/lastFolder", QString()},
        {Settings::Key::SkipBadRows, "sync/skipBadRows", false},
        {Settings::Key::MainWindowGeometry, "window/geometry", QByteArray()},
    };
    for (const auto& e : entries) {
        if (e.key == key)
            return e;
    }
    Q_UNREACHABLE();
}

} // namespace

Settings& Settings::instance()
{
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
}

Settings::~Settings()
{
    delete m_settings;
}

void Settings::migrate()
{
    // Version 1 is the first layout; later versions rename keys here.
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

} // namespace pulsebook
