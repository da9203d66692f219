#pragma once

#include <QByteArray>
#include <QString>

#include <libpq-fe.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace pulsebook::warehouse {

class Connection;

// Receives a running COPY's rows on a thread of its own, so that the server, the connection
// and the sync's parser all work at once; blocks of about 256 KB wait in a short queue (memory
// stays flat). The connection is the pump's until it is destroyed: the destructor stops the
// server (a cancel request) if the rows are not all read, and waits for the thread.
class CopyPump
{
public:
    explicit CopyPump(Connection& connection);
    CopyPump(const CopyPump&) = delete;
    CopyPump& operator=(const CopyPump&) = delete;
    ~CopyPump();

    // The next block, or false at the end (*error empty) or on an error.
    bool next(QByteArray* block, QString* error);
    qint64 rows() const { return m_rows; } // after next() returned false

private:
    static constexpr qsizetype BlockBytes = 256 << 10;
    static constexpr size_t QueuedBlocks = 8;

    void run();
    bool push(QByteArray* block);

    Connection& m_connection;
    PGcancel* m_cancel;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<QByteArray> m_blocks;
    bool m_stop = false;
    bool m_finished = false;
    bool m_finishedRows = false; // every row was received: nothing to cancel
    qint64 m_rows = 0;
    QString m_error;
};

} // namespace pulsebook::warehouse
