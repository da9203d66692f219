#pragma once

#include "Progress.h"

#include <QElapsedTimer>
#include <QString>

namespace pulsebook {

// A progress bar on stderr when it is a terminal; one line per stage otherwise (so that logs
// of scripted syncs still say what happened). SIGINT cancels cleanly.
class TerminalProgress : public Progress
{
public:
    TerminalProgress();
    ~TerminalProgress() override;
    void start(const QString& stage, qint64 total) override;
    bool update(qint64 done) override;
    void end() override;

    // Installs a SIGINT handler that cancels the current progress instead of killing the
    // process, so an interrupted sync rolls back and says so.
    void cancelOnInterrupt();

private:
    void draw(qint64 done, bool force);

    bool m_tty;
    QString m_stage;
    qint64 m_total = 0;
    qint64 m_lastDraw = -1;
    QElapsedTimer m_clock;
};

} // namespace pulsebook
