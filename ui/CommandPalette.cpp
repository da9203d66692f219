#include "CommandPalette.h"

#include "AppContext.h"
#include "Settings.h"
#include "ViewRegistry.h"
#include "analysis/QuickFinder.h"

#include <QAction>
#include <QApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

#include <algorithm>

namespace pulsebook {

namespace {

constexpr int MaxRecent = 8;
constexpr int VisibleRows = 10;

// The item's text on the left, its detail (a shortcut, a description) dimmer on the right.
class PaletteDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        const QString detail = index.data(PaletteModel::DetailRole).toString();
        opt.text.clear();
        const QWidget* widget = opt.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

        const bool selected = opt.state & QStyle::State_Selected;
        const QFontMetrics metrics(opt.font);
        const int margin = metrics.horizontalAdvance(QLatin1Char('M')) / 2 + 2;
        QRect r = opt.rect.adjusted(margin, 0, -margin, 0);
        painter->save();
        painter->setFont(opt.font);
        if (!detail.isEmpty()) {
            // The text comes first (up to 3/4 of the row); the detail takes what is left.
            const int textWidth = std::min(metrics.horizontalAdvance(text), r.width() * 3 / 4);
            const int room = std::max(0, r.width() - textWidth - 2 * margin);
            const int detailWidth = std::min(metrics.horizontalAdvance(detail) + 2, room);
            painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText
                                                       : QPalette::PlaceholderText));
            painter->drawText(QRect(r.right() + 1 - detailWidth, r.top(), detailWidth, r.height()),
                              Qt::AlignRight | Qt::AlignVCenter,
                              metrics.elidedText(detail, Qt::ElideRight, detailWidth));
            r.setRight(r.right() - detailWidth - margin * 2);
        }
        painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(r, Qt::AlignLeft | Qt::AlignVCenter,
                          metrics.elidedText(text, Qt::ElideRight, r.width()));
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const QSize size = QStyledItemDelegate::sizeHint(option, index);
        return QSize(size.width(), std::max(size.height(), option.fontMetrics.height() * 8 / 5));
    }
};

// "Acme Corp (A17)"; only the ID when there is no name ("" when neither).
QString named(const QString& name, const QString& id)
{
    return name.isEmpty() || id.isEmpty() ? name + id : CommandPalette::tr("%1 (%2)").arg(name, id);
}

// "&Sync Export Folder…" -> "Sync Export Folder…" ("&&" stays one "&").
QString withoutMnemonic(QString text)
{
    text.replace(QLatin1String("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QLatin1Char('\x01'), QLatin1Char('&'));
    return text;
}

void addCommands(const QList<QAction*>& actions, const QString& prefix, bool topLevel,
                 QList<PaletteItem>* out)
{
    for (QAction* a : actions) {
        if (a->isSeparator() || !a->isEnabled() || !a->isVisible())
            continue;
        const QString text = withoutMnemonic(a->text());
        if (a->menu()) {
            // Top-level menus add nothing to the text; submenus name themselves ("Open Recent: ").
            addCommands(a->menu()->actions(), topLevel ? QString() : text + QStringLiteral(": "),
                        false, out);
            continue;
        }
        // The palette's own action, and the views' (the palette lists views itself).
        if (text.isEmpty() || a->objectName() == QLatin1String("paletteAction") ||
            a->objectName().startsWith(QLatin1String("view-")))
            continue;
        PaletteItem item;
        item.kind = PaletteItem::Kind::Command;
        item.id = a->objectName().isEmpty() ? prefix + text : a->objectName();
        item.text = prefix + text;
        QStringList detail;
        if (a->isCheckable())
            detail << (a->isChecked() ? CommandPalette::tr("On") : CommandPalette::tr("Off"));
        const QList<QKeySequence> keys = a->shortcuts();
        const auto key = std::find_if(keys.begin(), keys.end(),
                                      [](const QKeySequence& k) { return !k.isEmpty(); });
        if (key != keys.end())
            detail << key->toString(QKeySequence::NativeText);
        item.detail = detail.join(QStringLiteral(" · "));
        item.action = a;
        out->append(item);
    }
}

} // namespace

CommandPalette::CommandPalette(QMainWindow* window, AppContext* context)
    : QFrame(window), m_window(window), m_context(context), m_model(new PaletteModel(this)),
      m_finder(new QuickFinder(this))
{
    setObjectName(QStringLiteral("commandPalette"));
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Raised);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Window);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("paletteEdit"));
    m_edit->setAccessibleName(tr("Command palette"));
    m_edit->setPlaceholderText(tr("Go to a view, run a command, find an account or a user…"));
    m_edit->setClearButtonEnabled(true);
    m_edit->installEventFilter(this);
    layout->addWidget(m_edit);
    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("paletteList"));
    m_list->setAccessibleName(tr("Palette results"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(new PaletteDelegate(m_list));
    m_list->setUniformItemSizes(true);
    m_list->setFocusPolicy(Qt::NoFocus); // the line edit keeps the focus; Up/Down are forwarded
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_list);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("paletteStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_status);
    hide();

    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString& text) {
        updateItems();
        m_finder->find(text, MaxHits);
    });
    connect(m_list, &QListView::clicked, this, &CommandPalette::activate);
    connect(m_finder, &QuickFinder::found, this, &CommandPalette::onFound);
    connect(m_finder, &QuickFinder::loaded, this, &CommandPalette::updateItems);
    // A sync landed or another workspace opened: the index is read again when next needed.
    connect(m_context, &AppContext::dataChanged, this, [this] {
        if (!m_finder->workspace().isEmpty())
            m_finder->setWorkspace(m_context->workspacePath());
    });
    connect(m_context, &AppContext::workspaceChanged, this,
            [this] { m_finder->setWorkspace(QString()); });
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget*, QWidget* now) {
        if (isVisible() && now && now != this && !isAncestorOf(now)) {
            m_previousFocus = nullptr; // the user went elsewhere: leave the focus there
            close();
        }
    });
    m_window->installEventFilter(this);
}

CommandPalette::~CommandPalette() = default;

void CommandPalette::open()
{
    if (!isVisible()) {
        QWidget* focus = QApplication::focusWidget();
        m_previousFocus = focus && !isAncestorOf(focus) ? focus : nullptr;
    }
    if (m_context->hasWorkspace() && m_finder->workspace() != m_context->workspacePath())
        m_finder->setWorkspace(m_context->workspacePath());
    m_hits = QuickFindResult();
    {
        QSignalBlocker block(m_edit);
        m_edit->clear();
    }
    updateItems();
    place();
    show();
    raise();
    m_edit->setFocus(Qt::ShortcutFocusReason);
}

void CommandPalette::close()
{
    if (!isVisible())
        return;
    hide();
    if (m_previousFocus)
        m_previousFocus->setFocus(Qt::OtherFocusReason);
    m_previousFocus = nullptr;
}

void CommandPalette::place()
{
    const int em = fontMetrics().averageCharWidth();
    const int width =
        std::clamp(m_window->width() * 3 / 5, std::min(45 * em, m_window->width() - 16), 100 * em);
    const int rowHeight = std::max(m_list->sizeHintForRow(0), fontMetrics().height() * 8 / 5);
    const int rows = std::clamp(int(m_model->rowCount()), 1, VisibleRows);
    m_list->setFixedHeight(rowHeight * rows + 2 * m_list->frameWidth());
    adjustSize();
    const int top = m_window->centralWidget() ? m_window->centralWidget()->geometry().top() : 0;
    setGeometry((m_window->width() - width) / 2, top + 8, width, sizeHint().height());
}

QStringList CommandPalette::recent() const
{
    return Settings::instance()
        .forWorkspace(Settings::Key::PaletteRecentByWorkspace, m_context->workspacePath())
        .toStringList();
}

void CommandPalette::remember(const PaletteItem& item)
{
    QStringList list = recent();
    const QString key = item.key();
    list.removeIf(
        [&](const QString& entry) { return entry.section(QLatin1Char('\t'), 0, 0) == key; });
    list.prepend(key + QLatin1Char('\t') + item.text + QLatin1Char('\t') + item.detail);
    while (list.size() > MaxRecent)
        list.removeLast();
    Settings::instance().setForWorkspace(Settings::Key::PaletteRecentByWorkspace,
                                         m_context->workspacePath(), list);
}

QList<PaletteItem> CommandPalette::commands() const
{
    QList<PaletteItem> items;
    for (const ViewInfo& info : viewRegistry()) {
        if (!info.inSidebar || (info.needsWorkspace && !m_context->hasWorkspace()))
            continue;
        PaletteItem item;
        item.kind = PaletteItem::Kind::View;
        item.id = info.id;
        item.text = tr("Go to %1").arg(info.title);
        item.detail = info.description;
        items.append(item);
    }
    addCommands(m_window->menuBar()->actions(), QString(), true, &items);
    return items;
}

void CommandPalette::onFound(const QuickFindResult& result)
{
    if (result.query != m_edit->text())
        return; // an answer to a query the user has typed past
    m_hits = result;
    updateItems();
}

void CommandPalette::updateItems()
{
    const QString query = m_edit->text().trimmed();
    const QString current = m_list->currentIndex().data(PaletteModel::KeyRole).toString();
    QList<PaletteItem> items;
    const QList<PaletteItem> all = commands();
    if (query.isEmpty()) {
        items = all;
    } else {
        QList<std::pair<int, PaletteItem>> scored;
        for (const PaletteItem& item : all) {
            const int score = PaletteModel::fuzzyScore(item.text, query);
            if (score >= 0)
                scored.append({score, item});
        }
        std::stable_sort(scored.begin(), scored.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        for (const auto& s : scored)
            items.append(s.second);
    }
    if (!query.isEmpty() && m_hits.query == m_edit->text()) {
        for (const AccountHit& a : m_hits.accounts)
            items.append({PaletteItem::Kind::Account, a.accountId,
                          tr("Account: %1").arg(named(a.name, a.accountId)),
                          a.csm.isEmpty() ? QString() : tr("CSM %1").arg(a.csm), nullptr});
        for (const UserHit& u : m_hits.users)
            items.append({PaletteItem::Kind::User, u.userId,
                          tr("User: %1").arg(named(u.email, u.userId)),
                          named(u.accountName, u.accountId), nullptr});
    }
    // Recent picks first, newest first; with no query, also the accounts and users picked.
    const QStringList recentList = recent();
    QList<PaletteItem> first;
    for (const QString& entry : recentList) {
        const QStringList parts = entry.split(QLatin1Char('\t'));
        const QString key = parts.value(0);
        const auto it = std::find_if(items.begin(), items.end(),
                                     [&](const PaletteItem& i) { return i.key() == key; });
        if (it != items.end()) {
            first.append(*it);
            items.erase(it);
        } else if (query.isEmpty() && (key.startsWith(QLatin1String("account:")) ||
                                       key.startsWith(QLatin1String("user:")))) {
            PaletteItem item;
            item.kind = key.startsWith(QLatin1String("user:")) ? PaletteItem::Kind::User
                                                               : PaletteItem::Kind::Account;
            item.id = key.section(QLatin1Char(':'), 1);
            item.text = parts.value(1);
            item.detail = parts.value(2);
            first.append(item);
        }
    }
    m_model->setItems(first + items);

    int row = 0;
    for (int r = 0; r < m_model->rowCount() && !current.isEmpty(); ++r) {
        if (m_model->index(r).data(PaletteModel::KeyRole).toString() == current)
            row = r;
    }
    m_list->setCurrentIndex(m_model->index(row));
    if (query.isEmpty() || !m_context->hasWorkspace())
        m_status->setText(QString());
    else if (!m_finder->isLoaded())
        m_status->setText(tr("Reading accounts and users…"));
    else if (!m_finder->error().isEmpty())
        m_status->setText(tr("Accounts and users cannot be searched: %1").arg(m_finder->error()));
    else if (m_model->rowCount() == 0 && m_hits.query == m_edit->text())
        m_status->setText(tr("No matches"));
    else
        m_status->setText(QString());
    m_status->setVisible(!m_status->text().isEmpty());
    if (isVisible())
        place();
}

void CommandPalette::activate(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    const PaletteItem item = m_model->items().value(index.row());
    remember(item);
    close();
    switch (item.kind) {
    case PaletteItem::Kind::View:
        emit viewRequested(item.id, QVariant());
        break;
    case PaletteItem::Kind::Command:
        if (item.action && item.action->isEnabled())
            item.action->trigger();
        break;
    case PaletteItem::Kind::Account:
        emit viewRequested(QStringLiteral("account"), item.id);
        break;
    case PaletteItem::Kind::User:
        emit viewRequested(QStringLiteral("user"), item.id);
        break;
    }
}

bool CommandPalette::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_window && event->type() == QEvent::Resize && isVisible()) {
        place();
    } else if (watched == m_edit &&
               (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride)) {
        auto* key = static_cast<QKeyEvent*>(event);
        switch (key->key()) {
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
        case Qt::Key_Escape:
        case Qt::Key_Enter:
        case Qt::Key_Return:
            if (event->type() == QEvent::ShortcutOverride) {
                event->accept(); // ours, not a window shortcut's (Esc cancels a sync there)
                return true;
            }
            if (key->key() == Qt::Key_Escape)
                close();
            else if (key->key() == Qt::Key_Enter || key->key() == Qt::Key_Return)
                activate(m_list->currentIndex());
            else
                QCoreApplication::sendEvent(m_list, event);
            return true;
        default:
            break;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace pulsebook
