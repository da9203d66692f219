#include "PaletteModel.h"

namespace pulsebook {

namespace {

// Whether q[from..] is a subsequence of t[at..].
bool rest(const QString& t, qsizetype at, const QString& q, qsizetype from)
{
    for (; from < q.size() && at < t.size(); ++at) {
        if (t[at] == q[from])
            ++from;
    }
    return from == q.size();
}

} // namespace

QString PaletteItem::key() const
{
    switch (kind) {
    case Kind::View:
        return QStringLiteral("view:") + id;
    case Kind::Command:
        return QStringLiteral("command:") + id;
    case Kind::Account:
        return QStringLiteral("account:") + id;
    case Kind::User:
        return QStringLiteral("user:") + id;
    }
    return QString();
}

PaletteModel::PaletteModel(QObject* parent) : QAbstractListModel(parent) {}

int PaletteModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant PaletteModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const PaletteItem& item = m_items[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return item.text;
    case Qt::ToolTipRole:
    case DetailRole:
        return item.detail;
    case Qt::AccessibleTextRole:
        return item.detail.isEmpty() ? item.text : item.text + QStringLiteral(", ") + item.detail;
    case KeyRole:
        return item.key();
    default:
        return QVariant();
    }
}

void PaletteModel::setItems(QList<PaletteItem> items)
{
    beginResetModel();
    m_items = std::move(items);
    endResetModel();
}

int PaletteModel::fuzzyScore(const QString& text, const QString& query)
{
    if (query.isEmpty())
        return 0;
    const QString t = text.toCaseFolded();
    const QString q = query.toCaseFolded();
    // Greedy left to right, each letter preferring a word start (kcommandbar ranks the same
    // way): "sef" finds "Sync Export Folder" at S, E, F rather than at the s, e, f inside words.
    int score = 0;
    qsizetype at = 0;
    qsizetype previous = -2;
    for (qsizetype i = 0; i < q.size(); ++i) {
        const QChar c = q[i];
        qsizetype found = -1;
        for (qsizetype j = at; j < t.size(); ++j) {
            if (t[j] != c)
                continue;
            const bool wordStart = j == 0 || !t[j - 1].isLetterOrNumber();
            if (found < 0)
                found = j;
            if ((wordStart || j == previous + 1) && rest(t, j + 1, q, i + 1)) {
                found = j;
                break;
            }
        }
        if (found < 0 || !rest(t, found + 1, q, i + 1))
            return -1;
        const bool wordStart = found == 0 || !t[found - 1].isLetterOrNumber();
        score += 1;
        if (found == previous + 1)
            score += 5; // a run of adjacent letters
        if (wordStart)
            score += 8;
        if (found == 0)
            score += 4;
        score -= int(std::min<qsizetype>(found - previous - 1, 10)) / (previous < 0 ? 4 : 1);
        previous = found;
        at = found + 1;
    }
    return std::max(score, 1);
}

} // namespace pulsebook
