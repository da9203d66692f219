#pragma once

#include "Progress.h"

#include <QString>

#include <atomic>
#include <utility>

namespace pulsebook {

// How long work ended.
enum class Outcome : quint8 { Done, Failed, Cancelled };

// The outcome of long work (a sync, a warehouse sync), with the reason of a failure. A cancel
// is an outcome of its own and carries no text: a caller says it in its own words, and never
// has to compare an error text to learn that the user stopped the work. True only when done,
// so `if (!syncExportFolder(...))` reads as before.
class [[nodiscard]] Status
{
public:
    Status() = default; // done
    static Status done() { return {}; }
    static Status failed(QString error) { return Status(Outcome::Failed, std::move(error)); }
    static Status cancelled() { return Status(Outcome::Cancelled, {}); }

    Outcome outcome() const { return m_outcome; }
    bool isDone() const { return m_outcome == Outcome::Done; }
    bool isFailed() const { return m_outcome == Outcome::Failed; }
    bool isCancelled() const { return m_outcome == Outcome::Cancelled; }
    // The reason of a failure; empty when done or cancelled.
    const QString& error() const { return m_error; }
    explicit operator bool() const { return isDone(); }

private:
    Status(Outcome outcome, QString error) : m_outcome(outcome), m_error(std::move(error)) {}
    Outcome m_outcome = Outcome::Done;
    QString m_error;
};

// Forwards to another Progress and records whether the work was told to stop, by a cancel or
// by update() returning false: long work runs with one and reports Cancelled when it stopped
// so. Thread-safe as Progress is.
class StopRecorder : public Progress
{
public:
    explicit StopRecorder(Progress* inner) : m_inner(inner ? inner : silentProgress()) {}
    void start(const QString& stage, qint64 total) override { m_inner->start(stage, total); }
    bool update(qint64 done) override
    {
        if (isCancelled())
            return false;
        if (m_inner->update(done) && !m_inner->isCancelled())
            return true;
        cancel();
        return false;
    }
    void end() override { m_inner->end(); }
    // True when the work was told to stop (here or on the inner Progress).
    bool stopped() const { return isCancelled() || m_inner->isCancelled(); }

private:
    Progress* m_inner;
};

} // namespace pulsebook
