#include "Preferences.h"

#include "Appearance.h"
#include "Settings.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace pulsebook {

Preferences::Preferences(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("preferences"));
    setWindowTitle(tr("Preferences"));
    auto* layout = new QVBoxLayout(this);
    m_skipBadRows =
        new QCheckBox(tr("&Skip bad rows when syncing (they go to a rejects file)"), this);
    m_skipBadRows->setObjectName(QStringLiteral("prefSkipBadRows"));
    m_skipBadRows->setChecked(Settings::instance().get(Settings::Key::SkipBadRows).toBool());
    m_dark = new QCheckBox(tr("&Dark colours"), this);
    m_dark->setObjectName(QStringLiteral("prefDark"));
    m_dark->setChecked(Settings::instance().get(Settings::Key::DarkPalette).toBool());
    auto* note = new QLabel(tr("Warehouse passwords are kept in your system's keychain, never "
                               "here."),
                            this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_skipBadRows);
    layout->addWidget(m_dark);
    layout->addWidget(note);
    layout->addStretch(1);
    layout->addWidget(buttons);
}

void Preferences::accept()
{
    Settings& s = Settings::instance();
    s.set(Settings::Key::SkipBadRows, m_skipBadRows->isChecked());
    if (s.get(Settings::Key::DarkPalette).toBool() != m_dark->isChecked()) {
        s.set(Settings::Key::DarkPalette, m_dark->isChecked());
        applyAppearance(m_dark->isChecked());
    }
    QDialog::accept();
}

} // namespace pulsebook
