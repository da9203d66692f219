#include "WarehouseForm.h"

#include "PlanWidget.h"
#include "Settings.h"
#include "WarehouseCredentials.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace pulsebook {

namespace {

QLineEdit* lineEdit(const char* name, const QString& accessible, QWidget* parent)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setAccessibleName(accessible);
    return edit;
}

} // namespace

WarehouseForm::WarehouseForm(QWidget* parent)
    : QWidget(parent), m_host(lineEdit("warehouseHost", tr("Host"), this)),
      m_port(new QSpinBox(this)), m_database(lineEdit("warehouseDatabase", tr("Database"), this)),
      m_user(lineEdit("warehouseUser", tr("User"), this)),
      m_schema(lineEdit("warehouseSchema", tr("Schema"), this)), m_sslMode(new QComboBox(this)),
      m_password(lineEdit("warehousePassword", tr("Password"), this)),
      m_rememberPassword(new QCheckBox(tr("Remember in the keychai&n"), this)),
      m_keychain(new QLabel(this)), m_full(new QRadioButton(tr("Full s&ync"), this)),
      m_incremental(new QRadioButton(tr("&Incremental: the latest events only"), this)),
      m_scope(new QComboBox(this)), m_test(new QPushButton(tr("&Test Connection"), this)),
      m_testResult(new QLabel(this)), m_sync(new QPushButton(tr("&Sync from Warehouse"), this)),
      m_credentials(new WarehouseCredentials(this))
{
    m_port->setObjectName(QStringLiteral("warehousePort"));
    m_port->setAccessibleName(tr("Port"));
    m_port->setRange(1, 65535);
    m_sslMode->setObjectName(QStringLiteral("warehouseSslMode"));
    m_sslMode->setAccessibleName(tr("TLS"));
    for (const char* mode : {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
        m_sslMode->addItem(QLatin1String(mode));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("from the keychain, PGPASSWORD or ~/.pgpass"));
    m_rememberPassword->setObjectName(QStringLiteral("rememberPassword"));
    m_rememberPassword->setChecked(true);
    m_keychain->setObjectName(QStringLiteral("keychainStatus"));
    m_keychain->setWordWrap(true);
    m_full->setObjectName(QStringLiteral("warehouseFull"));
    m_incremental->setObjectName(QStringLiteral("warehouseIncremental"));
    m_full->setChecked(true);
    auto* modes = new QButtonGroup(this);
    modes->addButton(m_full);
    modes->addButton(m_incremental);
    m_scope->setObjectName(QStringLiteral("warehouseScope"));
    m_scope->setAccessibleName(tr("Whose accounts"));
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sync->setObjectName(QStringLiteral("startWarehouseSync"));

    const QVariantMap saved = Settings::instance().get(Settings::Key::WarehouseConnection).toMap();
    const WarehouseSource defaults;
    m_host->setText(saved.value(QStringLiteral("host"), defaults.host).toString());
    m_port->setValue(saved.value(QStringLiteral("port"), defaults.port).toInt());
    m_database->setText(saved.value(QStringLiteral("database")).toString());
    m_user->setText(saved.value(QStringLiteral("user")).toString());
    m_schema->setText(saved.value(QStringLiteral("schema"), defaults.schema).toString());
    m_sslMode->setCurrentText(saved.value(QStringLiteral("sslmode"), defaults.sslMode).toString());

    // Two groups in a column of readable width (fields the window's width apart are hard to
    // scan): the connection with its test, then what to sync with the button that does it.
    auto* connection = new QGroupBox(tr("Connection"), this);
    connection->setObjectName(QStringLiteral("warehouseConnection"));
    auto* form = new QFormLayout(connection);
    auto addRow = [form, connection](const QString& text, QWidget* field) {
        auto* label = new QLabel(text, connection);
        label->setBuddy(field);
        form->addRow(label, field);
    };
    // A port and an sslmode are short: their fields keep their size.
    m_port->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_sslMode->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    addRow(tr("&Host:"), m_host);
    addRow(tr("Po&rt:"), m_port);
    addRow(tr("&Database:"), m_database);
    addRow(tr("&User:"), m_user);
    addRow(tr("Sch&ema:"), m_schema);
    addRow(tr("T&LS (sslmode):"), m_sslMode);
    addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_rememberPassword);
    form->addRow(QString(), m_keychain);
    m_keychain->hide(); // until the keychain answers: no empty row
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_test, 0, Qt::AlignTop);
    testRow->addWidget(m_testResult, 1); // one message per failure, beside the button
    form->addRow(QString(), testRow);

    auto* what = new QGroupBox(tr("What to Sync"), this);
    what->setObjectName(QStringLiteral("warehouseWhat"));
    auto* whatForm = new QFormLayout(what);
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(m_full);
    modeRow->addWidget(m_incremental);
    modeRow->addStretch(1);
    whatForm->addRow(tr("Sync:"), modeRow);
    auto* scopeLabel = new QLabel(tr("Accounts &of:"), what);
    scopeLabel->setBuddy(m_scope);
    whatForm->addRow(scopeLabel, m_scope);
    auto* syncRow = new QHBoxLayout;
    syncRow->addStretch(1);
    syncRow->addWidget(m_sync);
    whatForm->addRow(syncRow);
    setTeam({});

    auto* columnWidget = new QWidget(this);
    columnWidget->setMaximumWidth(fontMetrics().averageCharWidth() * 90);
    auto* column = new QVBoxLayout(columnWidget);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(connection);
    column->addWidget(what);
    column->addStretch(1);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(columnWidget, 1);
    layout->addStretch(0);

    connect(m_test, &QPushButton::clicked, this, &WarehouseForm::testConnection);
    connect(m_sync, &QPushButton::clicked, this, &WarehouseForm::requestSync);
    connect(&m_tester, &QFutureWatcher<WarehouseTest>::finished, this, [this] {
        m_test->setEnabled(true);
        const WarehouseTest t = m_tester.result();
        if (t.problem != WarehouseTest::None) {
            markAsProblem(m_testResult, t.message);
            return;
        }
        QStringList tables;
        for (const auto& [name, rows] : t.tables)
            tables.append(rows < 0 ? name
                                   : tr("%1 (about %2 rows)").arg(name, QLocale().toString(rows)));
        m_testResult->setPalette(QPalette());
        m_testResult->setText(tr("✔ Connected (server %1). Tables: %2. Ready to sync.")
                                  .arg(t.serverVersion, tables.join(QStringLiteral(", "))));
    });
    connect(m_credentials, &WarehouseCredentials::readFinished, this,
            [this](bool ok, const QString& password, const QString& error) {
                m_keychainPassword = ok ? password : QString();
                if (ok)
                    showKeychain(tr("The password is in the keychain."), false);
                else
                    showKeychain(error, true);
            });
    connect(m_credentials, &WarehouseCredentials::storeFinished, this,
            [this](bool ok, const QString& error) {
                if (ok)
                    showKeychain(tr("The password is stored in the keychain."), false);
                else
                    showKeychain(tr("%1 The typed password is used for this run only.").arg(error),
                                 true);
            });
    for (QLineEdit* e : {m_host, m_database, m_user})
        connect(e, &QLineEdit::editingFinished, this, &WarehouseForm::readPassword);
    connect(m_port, &QSpinBox::editingFinished, this, &WarehouseForm::readPassword);
    if (!m_database->text().isEmpty())
        readPassword();
}

WarehouseForm::~WarehouseForm()
{
    m_tester.waitForFinished();
}

WarehouseSource WarehouseForm::source() const
{
    WarehouseSource s;
    s.host = m_host->text().trimmed();
    s.port = m_port->value();
    s.database = m_database->text().trimmed();
    s.user = m_user->text().trimmed();
    s.schema = m_schema->text().trimmed();
    s.sslMode = m_sslMode->currentText();
    s.password = m_password->text().isEmpty() ? m_keychainPassword : m_password->text();
    return s;
}

WarehouseSyncOptions WarehouseForm::options(bool skipBadRows) const
{
    WarehouseSyncOptions o;
    o.incremental = m_incremental->isChecked();
    if (!m_scope->currentData().toString().isEmpty())
        o.scope = QStringList{m_scope->currentData().toString()};
    o.rows.skipBadRows = skipBadRows;
    return o;
}

void WarehouseForm::setTeam(const QStringList& people)
{
    const QString current = m_scope->currentData().toString();
    m_scope->clear();
    m_scope->addItem(tr("Everyone (the whole company)"), QString());
    for (const QString& p : people)
        m_scope->addItem(tr("%1 and everyone below").arg(p), p);
    m_scope->setCurrentIndex(std::max(0, m_scope->findData(current)));
}

void WarehouseForm::setSyncAllowed(bool allowed, const QString& why)
{
    m_sync->setEnabled(allowed);
    m_sync->setToolTip(why);
}

bool WarehouseForm::canSync() const
{
    return m_sync->isEnabled() && !source().database.isEmpty();
}

void WarehouseForm::remember() const
{
    const WarehouseSource s = source();
    Settings::instance().set(Settings::Key::WarehouseConnection,
                             QVariantMap{{QStringLiteral("host"), s.host},
                                         {QStringLiteral("port"), s.port},
                                         {QStringLiteral("database"), s.database},
                                         {QStringLiteral("user"), s.user},
                                         {QStringLiteral("schema"), s.schema},
                                         {QStringLiteral("sslmode"), s.sslMode}});
}

void WarehouseForm::showKeychain(const QString& text, bool problem)
{
    m_keychain->show();
    if (problem) {
        markAsProblem(m_keychain, text);
    } else {
        m_keychain->setPalette(QPalette());
        m_keychain->setText(text);
    }
}

void WarehouseForm::readPassword()
{
    if (!source().database.isEmpty() && !source().user.isEmpty())
        m_credentials->read(source());
}

void WarehouseForm::storePassword()
{
    if (m_rememberPassword->isChecked() && !m_password->text().isEmpty() &&
        m_password->text() != m_keychainPassword)
        m_credentials->store(source(), m_password->text());
}

void WarehouseForm::testConnection()
{
    if (m_tester.isRunning())
        return;
    remember();
    storePassword();
    m_test->setEnabled(false);
    m_testResult->setPalette(QPalette());
    m_testResult->setText(tr("Connecting to %1…").arg(source().displayName()));
    const WarehouseSource s = source();
    m_tester.setFuture(QtConcurrent::run([s] {
        WarehouseTest t;
        testWarehouse(s, &t);
        return t;
    }));
}

void WarehouseForm::requestSync()
{
    if (source().database.isEmpty()) {
        markAsProblem(m_testResult, tr("Give the database's name first."));
        m_database->setFocus();
        return;
    }
    remember();
    storePassword();
    emit syncRequested();
}

} // namespace pulsebook
