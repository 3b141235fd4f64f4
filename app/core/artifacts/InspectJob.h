// SPDX-License-Identifier: MIT
#pragma once

#include "Job.h"
#include "artifacts/Inspector.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <memory>

namespace Dbtu {

/**
 * Inspects artifacts on a worker thread (a Job). Emits progressChanged while reading and
 * finished() exactly once (success, error or cancel); then read result() or error(). The owner
 * deletes the job; destroying a running job cancels it and waits for the worker to notice (at most
 * one 1 MiB chunk). Lives on the thread that created it; all signals arrive there.
 */
class InspectJob : public Job
{
    Q_OBJECT
public:
    explicit InspectJob(QStringList paths, QObject *parent = nullptr);
    ~InspectJob() override;

    QStringList paths() const { return m_paths; }
    const std::optional<InspectResult> &result() const { return m_result; }

protected:
    void run() override;
    void abort() override;

private:
    void poll();
    void onDone();

    QStringList m_paths;
    std::shared_ptr<ReadControl> m_control = std::make_shared<ReadControl>();
    QFutureWatcher<Result<InspectResult>> m_watcher;
    QTimer m_pollTimer;
    std::optional<InspectResult> m_result;
};

} // namespace Dbtu
