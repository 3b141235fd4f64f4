// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QObject>

#include <optional>

namespace Dbtu {

/**
 * The job contract every async piece of the core follows (network jobs, inspect, bucket jobs,
 * the credential test, the sync watcher, the sessions, the keychain jobs):
 *
 * - **Start once.** start() runs the job; a job is single use, a second start() does nothing.
 * - **finished() exactly once**, for success, error and cancel alike, and never from inside
 *   start(): a job that ends at once (a request that cannot be built) emits it from the event
 *   loop, so connecting after start() is safe. Afterwards read error() (none: success) and the
 *   subclass's result.
 * - **Cancel** asks a running job to stop as soon as it can; finished() follows, with
 *   ErrorCode::Cancelled unless the job had already got its result (a keychain call cannot be
 *   taken back, so it ends with what the keychain did). cancel() on a job that is not running
 *   does nothing. The owner deletes the job; a subclass's destructor stops what is running.
 * - **Progress** is progressChanged(done, total), in bytes where there is a size.
 *
 * A subclass implements run() (begin the work) and abort() (stop it), and calls
 * finishWith() once when the work ends.
 */
class Job : public QObject
{
    Q_OBJECT
public:
    explicit Job(QObject *parent = nullptr);

    /** Begins the job. Once only. */
    void start();
    /** Asks a running job to stop; finished() follows. */
    void cancel();

    /** Between start() and the end of the work. */
    bool isRunning() const { return m_state == State::Running; }
    /** The work ended (finished() has come or is about to). */
    bool isFinished() const { return m_state == State::Finished; }
    /** Whether cancel() was called while it ran. */
    bool isCancelRequested() const { return m_cancelRequested; }
    /** After finished(): why the job failed, or none when it succeeded. */
    const std::optional<Error> &error() const { return m_error; }

signals:
    void progressChanged(qint64 done, qint64 total);
    /** Exactly once per job, never from inside start(). */
    void finished();

protected:
    /** Begins the work; called once, by start(). */
    virtual void run() = 0;
    /** Stops the running work (cancel() was called once while it ran); the job still ends
     * with finishWith(), now or later. */
    virtual void abort() = 0;
    /** Ends the job with @p error (none: success). Only the first call counts. */
    void finishWith(std::optional<Error> error);

private:
    enum class State { Ready, Running, Finished };

    State m_state = State::Ready;
    bool m_inStart = false;
    bool m_cancelRequested = false;
    std::optional<Error> m_error;
};

} // namespace Dbtu
