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

    /**
     * Before start(): also gather what the files hold (index()) and the SHA-256 of the manifest
     * and run_results read (sha256()), on the worker, for the upload history.
     */
    void setCollectIndex(bool collect) { m_collectIndex = collect; }
    /** After a success with setCollectIndex(true): finished (sorted), else empty. */
    const ArtifactIndex &index() const { return m_index; }
    /** index(), moved out (it is large): the job's is empty after. */
    ArtifactIndex takeIndex() { return std::move(m_index); }
    /** After a success with setCollectIndex(true): the hex SHA-256 of a file read, by path. */
    QString sha256(const QString &path) const { return m_sha256.value(path); }

protected:
    void run() override;
    void abort() override;

private:
    void poll();
    void onDone();

    QStringList m_paths;
    std::shared_ptr<ReadControl> m_control = std::make_shared<ReadControl>();
    struct Done
    {
        std::optional<Result<InspectResult>> result;
        ArtifactIndex index;
        QMap<QString, QString> sha256;
    };
    QFutureWatcher<std::shared_ptr<Done>> m_watcher;
    QTimer m_pollTimer;
    std::optional<InspectResult> m_result;
    ArtifactIndex m_index;
    QMap<QString, QString> m_sha256;
    bool m_collectIndex = false;
};

} // namespace Dbtu
