#include "RagDelegate.h"

#include "RagStyle.h"
#include "ResultTableModel.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

#include <algorithm>

namespace pulsebook {

namespace {

Rag valueRag(const QModelIndex& index)
{
    // Status cells show their band as text on their own background: only values get a pill.
    if (index.data(Qt::BackgroundRole).isValid())
        return Rag::None;
    const QVariant rag = index.data(ResultTableModel::RagRole);
    return rag.isValid() ? Rag(rag.toInt()) : Rag::None;
}

QString pillText(Rag rag)
{
    return RagStyle::glyph(rag) + QLatin1Char(' ') + RagStyle::letter(rag);
}

// Wide enough for the widest band's glyph (the glyphs may come from a fallback font).
int pillWidth(const QFontMetrics& metrics)
{
    int widest = 0;
    for (const Rag rag : {Rag::Green, Rag::Yellow, Rag::Red})
        widest = std::max(widest, metrics.horizontalAdvance(pillText(rag)));
    // The glyphs may come from a fallback font wider than these metrics say.
    return std::max(widest + metrics.height() / 2, metrics.height() * 2);
}

} // namespace

void RagDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                        const QModelIndex& index) const
{
    const Rag rag = valueRag(index);
    if (rag == Rag::None) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    QStyle* style = item.widget ? item.widget->style() : QApplication::style();
    // The cell without its text (background, selection, focus), then the pill at its left,
    // then the text in the room right of the pill: a left-aligned value starts after the pill,
    // a right-aligned one keeps its place.
    const QString text = item.text;
    item.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &item, painter, item.widget);

    const QFontMetrics metrics(option.font);
    const int margin = 3;
    const QRect pill(option.rect.left() + margin, option.rect.top() + margin, pillWidth(metrics),
                     option.rect.height() - 2 * margin);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(RagStyle::colour(rag));
    painter->drawRoundedRect(pill, 3, 3);
    painter->setPen(RagStyle::textOn(rag));
    painter->drawText(pill, Qt::AlignCenter, pillText(rag));
    painter->restore();

    item.text = text;
    item.rect.setLeft(pill.right() + 1 + margin);
    item.state &= ~QStyle::State_HasFocus; // drawn once, over the whole cell
    item.features &=
        ~(QStyleOptionViewItem::HasDecoration | QStyleOptionViewItem::HasCheckIndicator);
    style->drawControl(QStyle::CE_ItemViewItem, &item, painter, item.widget);
}

QSize RagDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (valueRag(index) != Rag::None)
        size.rwidth() += pillWidth(QFontMetrics(option.font)) + 8;
    return size;
}

} // namespace pulsebook
