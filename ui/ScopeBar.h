#pragma once

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;

namespace pulsebook {

class AppContext;

// The scope every view obeys: whose accounts (my accounts, all, or any person of the team with
// everyone below them), which saved segment's users, and the as-of date ("Latest" = the data's
// own). Filled from the workspace summary; a change goes to the AppContext, which remembers it.
class ScopeBar : public QWidget
{
    Q_OBJECT

public:
    explicit ScopeBar(AppContext* context, QWidget* parent = nullptr);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fill();
    void apply();

    AppContext* m_context;
    QComboBox* m_person;
    QComboBox* m_segment;
    QDateEdit* m_asOf;
    bool m_filling = false;
};

} // namespace pulsebook
