#pragma once

// What the list benchmarks report besides wall time: resident memory and process CPU time.
#include <QByteArray>
#include <QFile>
#include <QString>

#include <ctime>

namespace pulsebook::bench {

// The process's resident set size in KB (-1 when /proc is not there).
inline long rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

// CPU time of the process (every thread), ms: on a loaded machine the wall time overstates.
inline qint64 cpuMs()
{
    return qint64(std::clock()) * 1000 / CLOCKS_PER_SEC;
}

} // namespace pulsebook::bench
