// SPDX-License-Identifier: MIT
#include "artifacts/InspectJob.h"

#include <QtConcurrent/QtConcurrentRun>

namespace Dbtu {

InspectJob::InspectJob(QStringList paths, QObject *parent)
    : Job(parent)
    , m_paths(std::move(paths))
{
    // Progress is polled from the shared counters, so a fast parser never floods the event loop.
    m_pollTimer.setInterval(50);
    connect(&m_pollTimer, &QTimer::timeout, this, &InspectJob::poll);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &InspectJob::onDone);
}

InspectJob::~InspectJob()
{
    if (isRunning()) {
        m_control->cancelled.store(true);
        m_watcher.waitForFinished();
    }
}

void InspectJob::run()
{
    const QStringList paths = m_paths;
    const std::shared_ptr<ReadControl> control = m_control;
    m_watcher.setFuture(
        QtConcurrent::run([paths, control] { return inspectArtifacts(paths, control.get()); }));
    m_pollTimer.start();
}

void InspectJob::abort()
{
    m_control->cancelled.store(true);
}

void InspectJob::poll()
{
    emit progressChanged(m_control->bytesRead.load(), m_control->bytesTotal.load());
}

void InspectJob::onDone()
{
    m_pollTimer.stop();
    Result<InspectResult> r = m_watcher.result();
    poll();
    if (r) {
        m_result = std::move(r).value();
        finishWith(std::nullopt);
    } else {
        finishWith(r.error());
    }
}

} // namespace Dbtu
