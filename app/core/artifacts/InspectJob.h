// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/Inspector.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <memory>

namespace Dbtu {

/**
 * Inspects artifacts on a worker thread. Emits progressChanged while reading and finished()
 * exactly once (success, error or cancel); then read result() or error(). The owner deletes the
 * job; destroying a running job cancels it and waits for the worker to notice (at most one
 * 1 MiB chunk). Lives on the thread that created it; all signals arrive there.
 */
class InspectJob : public QObject
{
    Q_OBJECT
public:
    explicit InspectJob(QStringList paths, QObject *parent = nullptr);
    ~InspectJob() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    QStringList paths() const { return m_paths; }

    const std::optional<InspectResult> &result() const { return m_result; }
    const std::optional<Error> &error() const { return m_error; }

signals:
    void progressChanged(qint64 done, qint64 total);
    void finished();

private:
    void poll();
    void onDone();

    QStringList m_paths;
    std::shared_ptr<ReadControl> m_control = std::make_shared<ReadControl>();
    QFutureWatcher<Result<InspectResult>> m_watcher;
    QTimer m_pollTimer;
    bool m_running = false;
    bool m_started = false;
    std::optional<InspectResult> m_result;
    std::optional<Error> m_error;
};

} // namespace Dbtu
