#pragma once

#include <QString>
#include <QWidget>

#include <vector>

namespace pulsebook {

struct ResultTable;

// The health score's inputs as horizontal bars, largest drag first (the account page's
// contributions table): each bar's filled part is the input's contribution, the hatched part
// the points it costs; a missing input reads "no value — weight redistributed". Painted, so
// its text alternative is the accessible description and the tooltip (one line per input).
class ContributionBars : public QWidget
{
    Q_OBJECT

public:
    explicit ContributionBars(QWidget* parent = nullptr);

    // Reads accountContributionsTable()'s columns group, input, contribution, points_lost, note.
    void setTable(const ResultTable& table);
    // One line per input, in the order shown: "Usage: wau: contribution 3.75, costs 3.75".
    QStringList lines() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Bar
    {
        QString label;
        double contribution = 0;
        double lost = 0;
        QString note; // missing input
    };
    int rowHeight() const;
    QString number(double value) const;
    QString cost(double lost) const; // "−1.13", or "0.00"

    std::vector<Bar> m_bars;
};

} // namespace pulsebook
