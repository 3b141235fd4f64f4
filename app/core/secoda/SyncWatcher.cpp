// SPDX-License-Identifier: MIT
#include "secoda/SyncWatcher.h"

#include <QCoreApplication>

namespace Dbtu {

SyncWatcher::SyncWatcher(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
                         QString integrationId, QDateTime startedAt, QObject *parent)
    : Job(parent)
    , m_nam(nam)
    , m_endpoint(std::move(endpoint))
    , m_apiKey(std::move(apiKey))
    , m_id(std::move(integrationId))
    , m_startedAt(std::move(startedAt))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SyncWatcher::poll);
}

void SyncWatcher::setPollInterval(std::chrono::milliseconds first, std::chrono::milliseconds max)
{
    m_interval = first;
    m_maxInterval = max;
}

void SyncWatcher::run()
{
    m_elapsed.start();
    poll();
}

void SyncWatcher::abort()
{
    m_timer.stop();
    if (m_job) {
        m_job->disconnect(this);
        m_job->deleteLater();
    }
    end(Outcome::Cancelled,
        Error{ErrorCode::Cancelled,
              QCoreApplication::translate("Dbtu::SyncWatcher", "Watching the sync was cancelled."),
              {},
              {},
              0});
}

void SyncWatcher::poll()
{
    auto *job = new GetIntegrationJob(m_nam, m_endpoint, m_apiKey, m_id, this);
    m_job = job;
    if (m_requestDeadline) {
        job->setDeadline(*m_requestDeadline);
    }
    connect(job, &NetworkJob::finished, this, &SyncWatcher::onPolled);
    job->start();
}

void SyncWatcher::onPolled()
{
    GetIntegrationJob *job = m_job;
    m_job = nullptr;
    job->deleteLater();
    if (job->error()) {
        end(Outcome::Failed, job->error());
        return;
    }
    m_lastRun = job->integration()->lastRun;
    emit polled(m_elapsed.elapsed(), m_lastRun);
    const bool pastStart = m_lastRun && *m_lastRun >= m_startedAt;
    const bool moved = m_haveBaseline && m_lastRun != m_baseline;
    if (pastStart || moved) {
        end(Outcome::Finished);
        return;
    }
    if (!m_haveBaseline) {
        m_haveBaseline = true;
        m_baseline = m_lastRun;
    }
    if (m_elapsed.elapsed() >= m_limit.count()) {
        end(Outcome::GaveUp);
        return;
    }
    m_timer.start(
        std::min(m_interval, std::chrono::milliseconds(m_limit.count() - m_elapsed.elapsed())));
    m_interval = std::min(m_maxInterval, m_interval * 3 / 2);
}

void SyncWatcher::end(Outcome outcome, std::optional<Error> error)
{
    m_outcome = outcome;
    finishWith(std::move(error));
}

} // namespace Dbtu
