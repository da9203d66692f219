#pragma once

#include <QString>
#include <QVariant>

class QSettings;

namespace pulsebook {

// The one typed settings registry: every key with its default, versioned, so no
// string pairs are scattered around. Never holds passwords.
class Settings
{
public:
    enum class Key { LastWorkspace, LastExportFolder, SkipBadRows, MainWindowGeometry };

    static Settings& instance();
    // A settings file of its own, for tests.
    explicit Settings(const QString& fileName);
    ~Settings();

    QVariant get(Key key) const;
    void set(Key key, const QVariant& value);

private:
    Settings();
    void migrate();
    QSettings* m_settings;
};

} // namespace pulsebook
