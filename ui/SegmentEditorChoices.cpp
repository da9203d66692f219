#include "SegmentEditorChoices.h"

#include "analysis/AnalysisContext.h"
#include "analysis/EventIndex.h"
#include "analysis/PropertyValues.h"

#include <QFutureWatcher>
#include <QStringListModel>
#include <QtConcurrent/QtConcurrentRun>

namespace pulsebook {

SegmentChoices SegmentChoices::read(const std::shared_ptr<const EventIndex>& index,
                                    const QStringList& segments, const Calendar& calendar,
                                    qint64 asOfMs)
{
    SegmentChoices c;
    c.calendar = calendar;
    c.asOfMs = asOfMs;
    c.segments = segments;
    if (!index)
        return c;
    AnalysisContext context;
    context.index = index;
    context.calendar = calendar;
    context.asOfMs = asOfMs;
    c.events = summarizeEvents(context);
    c.properties = index->userPropertyNames();
    for (const QString& name : index->accountPropertyNames())
        c.properties << QStringLiteral("account.") + name;
    return c;
}

ValueCompletions::ValueCompletions(QObject* parent) : QObject(parent) {}

void ValueCompletions::setIndex(std::shared_ptr<const EventIndex> index)
{
    if (index == m_index)
        return;
    m_index = std::move(index);
    ++m_generation; // values of the old index still being read are dropped
    m_ready.clear();
    // The completers keep their models: each is filled again from the new data.
    for (auto it = m_models.cbegin(); it != m_models.cend(); ++it)
        fetch(it.key());
}

QStringListModel* ValueCompletions::model(const QString& property)
{
    if (QStringListModel* existing = m_models.value(property))
        return existing;
    auto* model = new QStringListModel(this);
    m_models.insert(property, model);
    fetch(property);
    return model;
}

void ValueCompletions::fetch(const QString& property)
{
    if (!m_index)
        return;
    auto* watcher = new QFutureWatcher<QStringList>(this);
    const quint64 generation = m_generation;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, property, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_models.value(property)->setStringList(watcher->result());
        m_ready.insert(property, true);
        emit valuesReady(property);
    });
    watcher->setFuture(QtConcurrent::run(
        [index = m_index, property] { return distinctPropertyValues(*index, property, Limit); }));
}

} // namespace pulsebook
