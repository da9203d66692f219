#include "WeeklyChart.h"

#include "present/ResultTable.h"

#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace pulsebook {

WeeklyChart::WeeklyChart(QWidget* parent)
    : QChartView(parent), m_series(new QLineSeries), m_x(new QDateTimeAxis), m_y(new QValueAxis)
{
    setObjectName(QStringLiteral("weeklyChart"));
    setAccessibleName(tr("Weekly active users, last 26 weeks"));
    setFocusPolicy(Qt::NoFocus); // the table beside it carries the same figures
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->hide();
    chart->setLocalizeNumbers(true);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->addSeries(m_series);
    m_series->setName(tr("Weekly active users"));
    m_series->setPointsVisible(true);
    m_x->setFormat(QStringLiteral("d MMM"));
    m_x->setLabelsAngle(0);
    m_x->setTickCount(5);
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    m_y->setTitleText(tr("WAU"));
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    m_series->attachAxis(m_x);
    m_series->attachAxis(m_y);
    // QChartView made a default chart of its own; setChart() hands it back instead of deleting it.
    QChart* made = this->chart();
    setChart(chart);
    delete made;
    setRenderHint(QPainter::Antialiasing);
    applyPalette();
}

void WeeklyChart::setTable(const ResultTable& table)
{
    const int asOf = table.columnOf(QStringLiteral("as_of"));
    const int wau = table.columnOf(QStringLiteral("wau"));
    QList<QPointF> points;
    double top = 0;
    for (const ResultRow& row : table.rows) {
        if (asOf < 0 || wau < 0)
            break;
        const QDate day = QDate::fromString(row[size_t(asOf)].text, Qt::ISODate);
        const double value = row[size_t(wau)].isMissing() ? 0 : row[size_t(wau)].number;
        points.append({double(QDateTime(day, QTime(0, 0)).toMSecsSinceEpoch()), value});
        top = std::max(top, value);
    }
    m_series->replace(points);
    if (!points.isEmpty()) {
        m_x->setRange(QDateTime::fromMSecsSinceEpoch(qint64(points.first().x())),
                      QDateTime::fromMSecsSinceEpoch(qint64(points.last().x())));
    }
    // Whole users on the axis: a top of at least 4, rounded up to an even number of ticks.
    const double ceiling = std::max(4.0, std::ceil(top * 1.1));
    m_y->setRange(0, ceiling);
    m_y->setTickCount(std::min(int(ceiling) + 1, 6));
    m_y->applyNiceNumbers();
}

QList<QPointF> WeeklyChart::points() const
{
    return m_series->points();
}

void WeeklyChart::applyPalette()
{
    const QPalette pal = palette();
    chart()->setBackgroundBrush(pal.color(QPalette::Base));
    chart()->setPlotAreaBackgroundVisible(false);
    for (QAbstractAxis* axis :
         {static_cast<QAbstractAxis*>(m_x), static_cast<QAbstractAxis*>(m_y)}) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setTitleBrush(pal.color(QPalette::Text));
        axis->setGridLineColor(pal.color(QPalette::Mid));
        axis->setLinePenColor(pal.color(QPalette::Mid));
    }
    QPen pen(QColor(0x00, 0x72, 0xB2), 2); // Okabe–Ito blue
    m_series->setPen(pen);
    m_series->setBrush(QColor(0x00, 0x72, 0xB2));
}

void WeeklyChart::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QChartView::changeEvent(event);
}

} // namespace pulsebook
