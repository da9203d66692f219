#pragma once

#include "sync/WarehouseSync.h"

#include <QFutureWatcher>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace pulsebook {

class WarehouseCredentials;

// The import view's warehouse tab: the connection (host, port, database, user, schema, TLS; the
// fields remembered in the settings, the password only in the OS keychain), "Test Connection"
// on a worker, and the sync's options (full or incremental, the whole team or one person's
// accounts). The sync itself is the import view's: syncRequested() hands it the source.
class WarehouseForm : public QWidget
{
    Q_OBJECT

public:
    explicit WarehouseForm(QWidget* parent = nullptr);
    ~WarehouseForm() override;

    WarehouseSource source() const;
    WarehouseSyncOptions options(bool skipBadRows) const;
    // The team members the scope combo offers (the open workspace's team).
    void setTeam(const QStringList& people);
    // Sync allowed (no other sync runs); the button says why not.
    void setSyncAllowed(bool allowed, const QString& why = QString());
    bool canSync() const;
    // Remembers the connection, stores a typed password and emits syncRequested().
    void requestSync();

signals:
    // The user asked for a sync; the password is the typed one or the keychain's.
    void syncRequested();

private:
    void testConnection();
    void readPassword();
    void storePassword();
    void remember() const;
    void showKeychain(const QString& text, bool problem);

    QLineEdit* m_host;
    QSpinBox* m_port;
    QLineEdit* m_database;
    QLineEdit* m_user;
    QLineEdit* m_schema;
    QComboBox* m_sslMode;
    QLineEdit* m_password;
    QCheckBox* m_rememberPassword;
    QLabel* m_keychain;
    QRadioButton* m_full;
    QRadioButton* m_incremental;
    QComboBox* m_scope;
    QPushButton* m_test;
    QLabel* m_testResult;
    QPushButton* m_sync;
    WarehouseCredentials* m_credentials;
    QFutureWatcher<WarehouseTest> m_tester;
    QString m_keychainPassword; // read from the keychain for the current connection
};

} // namespace pulsebook
