#pragma once

#include <QStyledItemDelegate>

namespace pulsebook {

// Paints a value's Red / Yellow / Green band (ResultTableModel::RagRole) as a pill holding its
// glyph and letter at the cell's left, over the cell's background, selection and focus; the
// value's text is drawn in the room right of the pill (a right-aligned number keeps its place,
// a left-aligned text starts after the pill). Status cells themselves carry their colour in
// BackgroundRole and their glyph and letter in the text.
class RagDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace pulsebook
