#include "WarehouseCredentials.h"

#include <qt6keychain/keychain.h>

namespace pulsebook {

namespace {

const QString Service = QStringLiteral("Pulsebook");

QString describe(const QKeychain::Job* job)
{
    switch (job->error()) {
    case QKeychain::EntryNotFound:
        return QObject::tr("No password is stored for this connection.");
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return QObject::tr("The keychain refused access: %1").arg(job->errorString());
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return QObject::tr("No keychain is available on this system (%1); use PGPASSFILE or "
                           "PGPASSWORD instead.")
            .arg(job->errorString());
    default:
        return QObject::tr("The keychain failed: %1").arg(job->errorString());
    }
}

template <typename Job> Job* newJob(QObject* parent, const WarehouseSource& source)
{
    auto* job = new Job(Service, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(WarehouseCredentials::keyFor(source));
    return job;
}

} // namespace

QString WarehouseCredentials::keyFor(const WarehouseSource& source)
{
    return QStringLiteral("warehouse:") + source.displayName();
}

void WarehouseCredentials::read(const WarehouseSource& source)
{
    auto* job = newJob<QKeychain::ReadPasswordJob>(this, source);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        const bool ok = job->error() == QKeychain::NoError;
        emit readFinished(ok, ok ? job->textData() : QString(), ok ? QString() : describe(job));
    });
    job->start();
}

void WarehouseCredentials::store(const WarehouseSource& source, const QString& password)
{
    auto* job = newJob<QKeychain::WritePasswordJob>(this, source);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        const bool ok = job->error() == QKeychain::NoError;
        emit storeFinished(ok, ok ? QString() : describe(job));
    });
    job->start();
}

void WarehouseCredentials::forget(const WarehouseSource& source)
{
    auto* job = newJob<QKeychain::DeletePasswordJob>(this, source);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        const bool ok = job->error() == QKeychain::NoError;
        emit forgetFinished(ok, ok ? QString() : describe(job));
    });
    job->start();
}

} // namespace pulsebook
