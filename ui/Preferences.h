#pragma once

#include <QDialog>

class QCheckBox;

namespace pulsebook {

// Edit ▸ Preferences (Ctrl+,): the settings a user changes by hand; saved on OK.
class Preferences : public QDialog
{
    Q_OBJECT

public:
    explicit Preferences(QWidget* parent = nullptr);
    void accept() override;

private:
    QCheckBox* m_skipBadRows;
    QCheckBox* m_dark;
};

} // namespace pulsebook
