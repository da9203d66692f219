#include "EventTable.h"

namespace pulsebook {

void EventTable::reserve(size_t n)
{
    uid.reserve(n);
    time.reserve(n);
    type.reserve(n);
    eventId.reserve(n);
    sessionId.reserve(n);
}

void EventTable::clear()
{
    uid.clear();
    time.clear();
    type.clear();
    eventId.clear();
    sessionId.clear();
    properties.clear();
    columnIndex.clear();
    idText.clear();
    values.clear();
}

void EventTable::clearRows()
{
    uid.clear();
    time.clear();
    type.clear();
    eventId.clear();
    sessionId.clear();
    for (auto& c : properties)
        c.values.clear();
}

void EventTable::appendRows(const EventTable& from, const quint32* rows, size_t n)
{
    const size_t base = size();
    uid.resize(base + n);
    time.resize(base + n);
    type.resize(base + n);
    eventId.resize(base + n);
    sessionId.resize(base + n);
    for (size_t i = 0; i < n; ++i) {
        const quint32 r = rows[i];
        uid[base + i] = from.uid[r];
        time[base + i] = from.time[r];
        type[base + i] = from.type[r];
        eventId[base + i] = from.eventId[r];
        sessionId[base + i] = from.sessionId[r];
    }
    for (const auto& c : from.properties) {
        auto& values = column(c.key).values; // new: already full of "missing"
        values.resize(base);
        values.resize(base + n);
        for (size_t i = 0; i < n; ++i)
            values[base + i] = c.values[rows[i]];
    }
    for (auto& c : properties)
        c.values.resize(base + n, 0);
}

void EventTable::resizeRows(size_t n)
{
    uid.resize(n);
    time.resize(n);
    type.resize(n);
    eventId.resize(n);
    sessionId.resize(n);
    for (auto& c : properties)
        c.values.resize(n, 0);
}

void EventTable::placeRows(const EventTable& from, const quint32* rows, const size_t* at, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        const quint32 r = rows[i];
        const size_t to = at[i];
        uid[to] = from.uid[r];
        time[to] = from.time[r];
        type[to] = from.type[r];
        eventId[to] = from.eventId[r];
        sessionId[to] = from.sessionId[r];
    }
    for (const auto& c : from.properties) {
        auto& values = column(c.key).values;
        for (size_t i = 0; i < n; ++i)
            values[at[i]] = c.values[rows[i]];
    }
}

EventTable::PropertyColumn& EventTable::column(quint32 key)
{
    if (columnIndex.size() != properties.size()) {
        columnIndex.clear();
        for (size_t i = 0; i < properties.size(); ++i)
            columnIndex.emplace(properties[i].key, i);
    }
    const auto it = columnIndex.find(key);
    if (it != columnIndex.end() && it->second < properties.size() &&
        properties[it->second].key == key)
        return properties[it->second];
    properties.push_back({key, std::vector<quint32>(size(), 0)});
    columnIndex[key] = properties.size() - 1;
    return properties.back();
}

QByteArray EventTable::idString(qint64 id) const
{
    if (id >= 0)
        return QByteArray::number(id);
    const auto v = idText.at(quint32(-(id + 1)));
    return QByteArray(v.data(), qsizetype(v.size()));
}

bool EventTable::idLess(qint64 a, qint64 b) const
{
    if (a >= 0 || b >= 0) {
        if (a >= 0 && b >= 0)
            return a < b;
        return a >= 0; // numbers first
    }
    return idText.at(quint32(-(a + 1))) < idText.at(quint32(-(b + 1)));
}

} // namespace pulsebook
