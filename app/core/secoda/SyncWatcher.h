// SPDX-License-Identifier: MIT
#pragma once

#include "Job.h"
#include "secoda/GetIntegrationJob.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

namespace Dbtu {

/**
 * Follows a sync after an upload or trigger. Secoda exposes no sync status, only the
 * integration's scheduled_extractions_last_run: the sync counts as finished when that moves
 * past the moment the sync started (or away from the value first seen). Polls with backoff,
 * gives up politely after a limit, and can be cancelled. finished() comes exactly once.
 */
class SyncWatcher : public Job
{
    Q_OBJECT
public:
    enum class Outcome { Running, Finished, GaveUp, Failed, Cancelled };
    Q_ENUM(Outcome)

    SyncWatcher(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
                QString integrationId, QDateTime startedAt, QObject *parent = nullptr);

    void setLimit(std::chrono::milliseconds limit) { m_limit = limit; }
    /** The total deadline of each poll request (NetworkJob::setDeadline); unset: its default. */
    void setRequestDeadline(std::chrono::milliseconds deadline) { m_requestDeadline = deadline; }
    void setPollInterval(std::chrono::milliseconds first, std::chrono::milliseconds max);

    Outcome outcome() const { return m_outcome; }
    std::optional<QDateTime> lastRun() const { return m_lastRun; }
    QDateTime startedAt() const { return m_startedAt; }
    /** The web app page where the user sees the sync. */
    QUrl syncsPage() const { return m_endpoint.syncsPage(m_id); }

signals:
    /** Each poll: how long it has been watching and what it saw. */
    void polled(qint64 elapsedMs, const std::optional<QDateTime> &lastRun);

protected:
    void run() override;
    void abort() override;

private:
    std::optional<std::chrono::milliseconds> m_requestDeadline;
    void poll();
    void onPolled();
    void end(Outcome outcome, std::optional<Error> error = std::nullopt);

    QNetworkAccessManager &m_nam;
    ApiEndpoint m_endpoint;
    Secret m_apiKey;
    QString m_id;
    QDateTime m_startedAt;
    std::chrono::milliseconds m_limit{15 * 60 * 1000};
    std::chrono::milliseconds m_interval{2000};
    std::chrono::milliseconds m_maxInterval{30000};
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    QPointer<GetIntegrationJob> m_job;
    std::optional<QDateTime> m_baseline;
    bool m_haveBaseline = false;
    std::optional<QDateTime> m_lastRun;
    Outcome m_outcome = Outcome::Running;
};

} // namespace Dbtu
