// SPDX-License-Identifier: MIT
#include "Job.h"

#include <QLoggingCategory>

namespace Dbtu {

Q_LOGGING_CATEGORY(lcJob, "dbtu.job")

Job::Job(QObject *parent)
    : QObject(parent)
{}

void Job::start()
{
    if (m_state != State::Ready) {
        qCWarning(lcJob) << metaObject()->className() << "started twice; a job is single use";
        return;
    }
    m_state = State::Running;
    m_inStart = true;
    run();
    m_inStart = false;
    if (m_state == State::Finished) {
        // Ended inside run(): the caller may not have connected yet, and a slot that deletes
        // the job must not run inside start().
        QMetaObject::invokeMethod(this, &Job::finished, Qt::QueuedConnection);
    }
}

void Job::cancel()
{
    if (m_state != State::Running || m_cancelRequested) {
        return;
    }
    m_cancelRequested = true;
    abort();
}

void Job::finishWith(std::optional<Error> error)
{
    if (m_state != State::Running) {
        return;
    }
    m_state = State::Finished;
    m_error = std::move(error);
    if (!m_inStart) {
        emit finished();
    }
}

} // namespace Dbtu
