#pragma once

#include "View.h"

class QLabel;
class QPushButton;
class QTableWidget;
class QTreeWidget;

namespace pulsebook {

struct WorkspaceSummary;

// The workspace overview (home until the Today view lands): what the cache holds, its as-of date
// and its sync log.
class OverviewView : public View
{
    Q_OBJECT

public:
    explicit OverviewView(AppContext* context, QWidget* parent = nullptr);

private:
    void show(const WorkspaceSummary& summary);

    QLabel* m_title;
    QLabel* m_asOf;
    QPushButton* m_import;
    QTableWidget* m_rows;
    QTreeWidget* m_log;
};

} // namespace pulsebook
