// SPDX-License-Identifier: MIT
#include "artifacts/InspectJob.h"

#include "util/FileDigest.h"

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
    const bool collect = m_collectIndex;
    m_watcher.setFuture(QtConcurrent::run([paths, control, collect] {
        auto done = std::make_shared<Done>();
        done->result = inspectArtifacts(paths, control.get(), collect ? &done->index : nullptr);
        if (collect && *done->result) {
            const InspectResult &r = done->result->value();
            for (const QString &path : {r.manifest ? r.manifest->path : QString(),
                                        r.runResults ? r.runResults->path : QString()}) {
                if (!path.isEmpty()) {
                    done->sha256.insert(path, sha256OfFile(path, &control->cancelled));
                }
            }
        }
        return done;
    }));
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
    const std::shared_ptr<Done> done = m_watcher.result();
    Result<InspectResult> &r = *done->result;
    poll();
    if (r) {
        m_result = std::move(r).value();
        m_index = std::move(done->index);
        m_sha256 = std::move(done->sha256);
        finishWith(std::nullopt);
    } else {
        finishWith(r.error());
    }
}

} // namespace Dbtu
