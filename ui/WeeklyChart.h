#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace pulsebook {

struct ResultTable;

// Weekly active users as a line over the weeks (the account page's weeks table: as_of, wau).
// No animations; the table beside it is the text alternative.
class WeeklyChart : public QChartView
{
    Q_OBJECT

public:
    explicit WeeklyChart(QWidget* parent = nullptr);

    // Reads accountWeeksTable()'s as_of (a date) and wau columns.
    void setTable(const ResultTable& table);
    // The series' points: x the week's end (ms since epoch, local midnight), y the WAU.
    QList<QPointF> points() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyPalette();

    QLineSeries* m_series;
    QDateTimeAxis* m_x;
    QValueAxis* m_y;
};

} // namespace pulsebook
