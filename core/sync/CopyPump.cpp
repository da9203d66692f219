#include "CopyPump.h"

#include "WarehouseConnection.h"

namespace pulsebook::warehouse {

CopyPump::CopyPump(Connection& connection)
    : m_connection(connection), m_cancel(PQgetCancel(connection.conn()))
{
    m_thread = std::thread([this] { run(); });
}

CopyPump::~CopyPump()
{
    bool received;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
        received = m_finishedRows;
    }
    m_changed.notify_all();
    if (!received && m_cancel) {
        char ignored[256];
        PQcancel(m_cancel, ignored, int(sizeof ignored));
    }
    m_thread.join();
    if (m_cancel)
        PQfreeCancel(m_cancel);
}

bool CopyPump::next(QByteArray* block, QString* error)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_blocks.empty() || m_finished; });
    if (!m_blocks.empty()) {
        *block = std::move(m_blocks.front());
        m_blocks.pop_front();
        m_changed.notify_all();
        return true;
    }
    *error = m_error;
    return false;
}

void CopyPump::run()
{
    QByteArray block;
    qint64 rows = 0;
    QString error;
    for (;;) {
        char* row = nullptr;
        const int length = PQgetCopyData(m_connection.conn(), &row, 0);
        if (length < 0) {
            WarehouseTest test;
            if (length == -2)
                error = QString::fromUtf8(PQerrorMessage(m_connection.conn())).trimmed();
            else if (!m_connection.finishCopy(&test))
                error = test.message;
            break;
        }
        block.append(row, length);
        PQfreemem(row);
        ++rows;
        if (block.size() >= BlockBytes && !push(&block))
            return; // stopped: the destructor cancels the COPY
    }
    if (error.isEmpty() && !block.isEmpty() && !push(&block))
        return;
    std::lock_guard<std::mutex> lock(m_mutex);
    m_rows = rows;
    m_error = error;
    m_finished = true;
    m_finishedRows = error.isEmpty();
    m_changed.notify_all();
}

bool CopyPump::push(QByteArray* block)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return m_blocks.size() < QueuedBlocks || m_stop; });
    if (m_stop)
        return false;
    m_blocks.push_back(std::move(*block));
    *block = QByteArray();
    block->reserve(BlockBytes + (4 << 10));
    m_changed.notify_all();
    return true;
}

} // namespace pulsebook::warehouse
