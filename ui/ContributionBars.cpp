#include "ContributionBars.h"

#include "present/ResultTable.h"

#include <QEvent>
#include <QLocale>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionFocusRect>

#include <algorithm>
#include <cmath>

namespace pulsebook {

namespace {

const QColor Earned(0x00, 0x72, 0xB2); // Okabe–Ito blue: what the input adds
const QColor Lost(0xD5, 0x5E, 0x00);   // Okabe–Ito vermilion: what it costs

double numberAt(const ResultRow& row, int column)
{
    if (column < 0 || size_t(column) >= row.size() || row[size_t(column)].isMissing())
        return 0;
    return row[size_t(column)].number;
}

QString textAt(const ResultRow& row, int column)
{
    if (column < 0 || size_t(column) >= row.size())
        return {};
    return row[size_t(column)].text;
}

} // namespace

ContributionBars::ContributionBars(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("contributionBars"));
    setAccessibleName(tr("Health score contributions"));
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void ContributionBars::setTable(const ResultTable& table)
{
    const int group = table.columnOf(QStringLiteral("group"));
    const int input = table.columnOf(QStringLiteral("input"));
    const int contribution = table.columnOf(QStringLiteral("contribution"));
    const int lost = table.columnOf(QStringLiteral("points_lost"));
    const int note = table.columnOf(QStringLiteral("note"));
    m_bars.clear();
    for (const ResultRow& row : table.rows) {
        Bar bar;
        bar.label = QStringLiteral("%1: %2").arg(textAt(row, group), textAt(row, input));
        bar.contribution = numberAt(row, contribution);
        bar.lost = numberAt(row, lost);
        bar.note = textAt(row, note);
        m_bars.push_back(bar);
    }
    const QString text = lines().join(QLatin1Char('\n'));
    setToolTip(text);
    setAccessibleDescription(text);
    updateGeometry();
    update();
}

QString ContributionBars::number(double value) const
{
    return QLocale().toString(value, 'f', 2);
}

QString ContributionBars::cost(double lost) const
{
    // What rounds to zero costs nothing: no minus sign.
    return std::round(lost * 100) == 0 ? number(0) : QStringLiteral("\u2212") + number(lost);
}

QStringList ContributionBars::lines() const
{
    QStringList out;
    for (const Bar& bar : m_bars) {
        if (!bar.note.isEmpty())
            out.append(QStringLiteral("%1: %2").arg(bar.label, bar.note));
        else
            out.append(tr("%1: contribution %2, costs %3")
                           .arg(bar.label, number(bar.contribution), number(bar.lost)));
    }
    return out;
}

int ContributionBars::rowHeight() const
{
    return fontMetrics().height() * 2 + 6;
}

QSize ContributionBars::sizeHint() const
{
    return {360, int(std::max<size_t>(m_bars.size(), 1)) * rowHeight() + 8};
}

QSize ContributionBars::minimumSizeHint() const
{
    return {200, rowHeight() * int(std::min<size_t>(m_bars.size(), 3)) + 8};
}

void ContributionBars::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

void ContributionBars::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int row = rowHeight();
    // Every bar on one scale: the widest input (contribution + cost) fills the width left of
    // the figures.
    double widest = 0;
    for (const Bar& bar : m_bars)
        widest = std::max(widest, bar.contribution + bar.lost);
    const QString sample = QStringLiteral("+%1  %2").arg(number(10), cost(10));
    const int figures = fm.horizontalAdvance(sample) + 8;
    const int left = 4;
    const int barWidth = std::max(40, width() - left - figures - 4);
    int y = 4;
    for (const Bar& bar : m_bars) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(left, y, width() - left * 2, fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(bar.label, Qt::ElideRight, width() - left * 2));
        const QRect track(left, y + fm.height() + 2, barWidth, fm.height() - 2);
        if (!bar.note.isEmpty()) {
            QFont italic = font();
            italic.setItalic(true);
            p.setFont(italic);
            p.setPen(palette().color(QPalette::Disabled, QPalette::WindowText));
            p.drawText(track.adjusted(0, 0, figures, 0), Qt::AlignLeft | Qt::AlignVCenter,
                       bar.note);
            p.setFont(font());
        } else if (widest > 0) {
            const int earned = int(barWidth * bar.contribution / widest + 0.5);
            const int lost = int(barWidth * bar.lost / widest + 0.5);
            p.setPen(Qt::NoPen);
            p.setBrush(Earned);
            p.drawRect(QRect(track.left(), track.top(), earned, track.height()));
            QRect costRect(track.left() + earned, track.top(), lost, track.height());
            p.setBrush(QBrush(Lost, Qt::BDiagPattern));
            p.setPen(QPen(Lost, 1));
            p.drawRect(costRect.adjusted(0, 0, -1, -1));
            p.setPen(palette().color(QPalette::WindowText));
            p.drawText(QRect(track.right() + 8, track.top() - 2, figures, fm.height()),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       QStringLiteral("+%1  %2").arg(number(bar.contribution), cost(bar.lost)));
        }
        y += row;
    }
    if (hasFocus()) {
        QStyleOptionFocusRect option;
        option.initFrom(this);
        option.rect = rect().adjusted(1, 1, -1, -1);
        style()->drawPrimitive(QStyle::PE_FrameFocusRect, &option, &p, this);
    }
}

} // namespace pulsebook
