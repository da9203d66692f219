// The warehouse password in the OS keychain. Where a keychain answers (a desktop session), a
// stored password reads back and is forgotten again; where none does (CI, offscreen, no
// Secret Service), every operation fails with a message that says what to use instead, and
// nothing is written to a settings file (no insecure fallback).
#include "WarehouseCredentials.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace pulsebook;

class TestCredentials : public QObject
{
    Q_OBJECT

    static WarehouseSource source()
    {
        WarehouseSource s;
        s.host = QStringLiteral("db.example.com");
        s.port = 5439;
        s.database = QStringLiteral("analytics");
        s.user = QStringLiteral("csm");
        return s;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PulsebookTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_credentials"));
    }

    void keyHasNoPassword()
    {
        WarehouseSource s = source();
        s.password = QStringLiteral("hunter2");
        QCOMPARE(WarehouseCredentials::keyFor(s),
                 QStringLiteral("warehouse:csm@db.example.com:5439/analytics"));
    }

    void storeReadForget()
    {
        WarehouseCredentials credentials;
        QSignalSpy stored(&credentials, &WarehouseCredentials::storeFinished);
        const QString secret = QStringLiteral("s3cret-%1").arg(QCoreApplication::applicationPid());
        credentials.store(source(), secret);
        QVERIFY(stored.wait(20000));
        const bool haveKeychain = stored.at(0).at(0).toBool();
        QSignalSpy read(&credentials, &WarehouseCredentials::readFinished);
        credentials.read(source());
        QVERIFY(read.wait(20000));
        if (haveKeychain) {
            QCOMPARE(read.at(0).at(0).toBool(), true);
            QCOMPARE(read.at(0).at(1).toString(), secret);
            QSignalSpy forgot(&credentials, &WarehouseCredentials::forgetFinished);
            credentials.forget(source());
            QVERIFY(forgot.wait(20000));
            QVERIFY(forgot.at(0).at(0).toBool());
        } else {
            const QString error = stored.at(0).at(1).toString();
            QVERIFY2(!error.isEmpty(), "a failed store says why");
            QCOMPARE(read.at(0).at(0).toBool(), false);
            QVERIFY(!read.at(0).at(2).toString().isEmpty());
            QVERIFY(read.at(0).at(1).toString().isEmpty());
        }
        // Never in a settings file, keychain or not.
        QSettings settings;
        for (const QString& key : settings.allKeys())
            QVERIFY(!settings.value(key).toString().contains(secret));
        const QString config =
            QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QDir dir(config);
        for (const QFileInfo& f : dir.entryInfoList(QDir::Files, QDir::NoSort)) {
            QFile file(f.absoluteFilePath());
            if (file.open(QIODevice::ReadOnly))
                QVERIFY2(!file.readAll().contains(secret.toUtf8()), qPrintable(f.fileName()));
        }
    }
};

QTEST_MAIN(TestCredentials)
#include "tst_credentials.moc"
