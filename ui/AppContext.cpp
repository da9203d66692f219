#include "AppContext.h"

#include "Settings.h"
#include "SyncController.h"

#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace pulsebook {

QVariantMap Scope::toMap() const
{
    QVariantMap map;
    map.insert(QStringLiteral("person"), person);
    map.insert(QStringLiteral("segment"), segment);
    map.insert(QStringLiteral("asOf"), asOf.isValid() ? asOf.toString(Qt::ISODate) : QString());
    return map;
}

Scope Scope::fromMap(const QVariantMap& map)
{
    Scope s;
    s.person = map.value(QStringLiteral("person")).toString();
    s.segment = map.value(QStringLiteral("segment")).toString();
    s.asOf = QDate::fromString(map.value(QStringLiteral("asOf")).toString(), Qt::ISODate);
    return s;
}

AppContext::AppContext(QObject* parent) : QObject(parent), m_sync(new SyncController(this))
{
    connect(&m_loader, &QFutureWatcher<WorkspaceSummary>::finished, this, [this] {
        WorkspaceSummary s = m_loader.result();
        if (s.path != m_path) // a workspace switched while this one was read
            s = WorkspaceSummary();
        if (m_reloadAgain) {
            m_reloadAgain = false;
            reload();
        }
        if (s.path.isEmpty())
            return;
        m_summary = std::move(s);
        emit summaryChanged();
        if (std::exchange(m_synced, false) && m_summary.needsSetup)
            emit setupNeeded();
    });
    connect(&m_snapshotLoader, &QFutureWatcher<std::shared_ptr<const Snapshot>>::finished, this,
            [this] {
                std::shared_ptr<const Snapshot> s = m_snapshotLoader.result();
                m_snapshotPending = false;
                if (std::exchange(m_snapshotAgain, false))
                    readSnapshot();
                if (s->path != m_path)
                    return; // a workspace switched while this one was read
                m_snapshot = std::move(s);
                emit snapshotChanged();
            });
    connect(this, &AppContext::dataChanged, this, [this] { m_synced = true; });
}

AppContext::~AppContext()
{
    m_closing.cancel(); // quitting never waits for a whole index read
    m_loader.waitForFinished();
    m_snapshotLoader.waitForFinished();
}

void AppContext::setWorkspace(const QString& path)
{
    m_path = path;
    m_summary = WorkspaceSummary();
    m_snapshot.reset();
    Settings& settings = Settings::instance();
    settings.set(Settings::Key::LastWorkspace, path);
    settings.addRecentWorkspace(path);
    m_scope = Scope::fromMap(settings.forWorkspace(Settings::Key::ScopeByWorkspace, path).toMap());
    if (m_scope.person.isEmpty() && !me().isEmpty())
        m_scope.person = me(); // scoped by default: my accounts
    emit workspaceChanged(path);
    emit scopeChanged(m_scope);
    reload();
}

void AppContext::reload()
{
    if (m_path.isEmpty())
        return;
    if (m_loader.isRunning()) {
        m_reloadAgain = true; // the running read may predate what changed
        return;
    }
    const QString path = m_path;
    m_loader.setFuture(QtConcurrent::run([path] { return WorkspaceSummary::read(path); }));
    readSnapshot();
}

void AppContext::readSnapshot()
{
    m_snapshotPending = true;
    if (m_snapshotLoader.isRunning()) {
        m_snapshotAgain = true;
        return;
    }
    const QString path = m_path;
    Progress* closing = &m_closing;
    m_snapshotLoader.setFuture(
        QtConcurrent::run([path, closing] { return Snapshot::read(path, closing); }));
}

void AppContext::setScope(const Scope& scope)
{
    if (scope == m_scope)
        return;
    m_scope = scope;
    if (hasWorkspace())
        Settings::instance().setForWorkspace(Settings::Key::ScopeByWorkspace, m_path,
                                             scope.toMap());
    emit scopeChanged(m_scope);
}

QString AppContext::me() const
{
    return hasWorkspace()
               ? Settings::instance().forWorkspace(Settings::Key::MeByWorkspace, m_path).toString()
               : QString();
}

void AppContext::setMe(const QString& person)
{
    if (!hasWorkspace() || person == me())
        return;
    Settings::instance().setForWorkspace(Settings::Key::MeByWorkspace, m_path, person);
    emit meChanged(person);
}

} // namespace pulsebook
