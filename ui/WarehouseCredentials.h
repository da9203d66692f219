#pragma once

#include "sync/WarehouseSync.h"

#include <QObject>
#include <QString>

namespace pulsebook {

// The warehouse password in the OS keychain (QtKeychain: Secret Service / KWallet, macOS
// Keychain, Windows Credential Manager), keyed by the connection without the password. Never
// written anywhere else: no insecure fallback to a settings file. Asynchronous: the keychain may
// ask the user to unlock it.
class WarehouseCredentials : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // "warehouse:user@host:port/database"
    static QString keyFor(const WarehouseSource& source);

    void read(const WarehouseSource& source);
    void store(const WarehouseSource& source, const QString& password);
    void forget(const WarehouseSource& source);

signals:
    // ok false: error says why (no keychain, not found, denied).
    void readFinished(bool ok, const QString& password, const QString& error);
    void storeFinished(bool ok, const QString& error);
    void forgetFinished(bool ok, const QString& error);
};

} // namespace pulsebook
