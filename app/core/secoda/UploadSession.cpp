// SPDX-License-Identifier: MIT
#include "UploadSession.h"

namespace Dbtu {

UploadSession::UploadSession(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
                             QString integrationId, Options options, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_endpoint(std::move(endpoint))
    , m_apiKey(std::move(apiKey))
    , m_integrationId(std::move(integrationId))
    , m_options(options)
{}

UploadSession::~UploadSession() = default; // children (jobs) abort on destruction

void UploadSession::setPhase(Phase phase)
{
    if (m_phase != phase) {
        m_phase = phase;
        emit phaseChanged(phase);
    }
}

void UploadSession::startUpload(const QStringList &paths, UploadStyle style)
{
    Q_ASSERT(m_phase == Phase::Idle);
    m_request.integrationId = m_integrationId;
    m_request.style = style;
    auto *job = new InspectJob(paths, this);
    m_inspect = job;
    connect(job, &InspectJob::progressChanged, this, &UploadSession::checkProgressChanged);
    connect(job, &InspectJob::finished, this, &UploadSession::onChecked);
    setPhase(Phase::Checking);
    job->start();
}

void UploadSession::startTrigger()
{
    Q_ASSERT(m_phase == Phase::Idle);
    m_request.integrationId = m_integrationId;
    trigger();
}

void UploadSession::onChecked()
{
    InspectJob *job = m_inspect;
    m_inspect.clear();
    job->deleteLater();
    if (m_phase != Phase::Checking) {
        return; // cancelled meanwhile; end() already ran
    }
    if (job->error()) {
        end(*job->error());
        return;
    }
    m_inspected = *job->result();
    if (m_inspected->manifest) {
        m_request.manifestPath = m_inspected->manifest->path;
    }
    if (m_inspected->runResults) {
        m_request.runResultsPath = m_inspected->runResults->path;
    }
    if (Result<void> valid = UploadArtifactsJob::validate(m_request); !valid) {
        end(valid.error());
        return;
    }
    const bool warn = m_inspected->hasWarnings();
    if (warn) {
        setPhase(Phase::WaitingForConfirmation);
    }
    emit checksFinished(*m_inspected, warn);
    if (!warn && m_phase == Phase::Checking) {
        upload();
    }
}

void UploadSession::proceed()
{
    if (m_phase == Phase::WaitingForConfirmation) {
        upload();
    }
}

void UploadSession::upload()
{
    auto *job = new UploadArtifactsJob(m_nam, m_endpoint, m_apiKey, m_request, this);
    job->setTimeout(m_options.uploadTimeout);
    m_upload = job;
    m_totalBytes = job->totalBytes();
    connect(job, &NetworkJob::progressChanged, this, &UploadSession::uploadProgressChanged);
    connect(job, &UploadArtifactsJob::fileProgressChanged, this,
            &UploadSession::fileProgressChanged);
    connect(job, &NetworkJob::retrying, this, &UploadSession::retrying);
    connect(job, &NetworkJob::finished, this, &UploadSession::onUploaded);
    m_syncStartedAt = QDateTime::currentDateTimeUtc();
    setPhase(Phase::Uploading);
    job->start();
}

void UploadSession::onUploaded()
{
    UploadArtifactsJob *job = m_upload;
    m_upload.clear();
    job->deleteLater();
    if (job->error()) {
        end(*job->error());
        return;
    }
    m_uploaded = true;
    m_totalBytes = job->totalBytes();
    if (m_request.style == UploadStyle::Combined) {
        trigger();
    } else {
        // The separate endpoints start a sync by themselves.
        m_triggered = true;
        watch();
    }
}

void UploadSession::trigger()
{
    auto *job = new TriggerSyncJob(m_nam, m_endpoint, m_apiKey, m_integrationId, this);
    m_trigger = job;
    connect(job, &NetworkJob::retrying, this, &UploadSession::retrying);
    connect(job, &NetworkJob::finished, this, &UploadSession::onTriggered);
    setPhase(Phase::Triggering);
    job->start();
}

void UploadSession::onTriggered()
{
    TriggerSyncJob *job = m_trigger;
    m_trigger.clear();
    job->deleteLater();
    if (job->error()) {
        Error e = *job->error();
        if (job->mayHaveStarted()) {
            // Never "not triggered" nor "try again" here: a second trigger starts a second sync.
            e.message = m_uploaded ? tr("The files were uploaded; the sync may or may not have "
                                        "started: %1")
                                         .arg(e.message)
                                   : tr("The sync may or may not have started: %1").arg(e.message);
            e.hint = tr("Look at the Syncs page before you trigger again: a second trigger "
                        "starts a second sync.");
        } else if (m_uploaded) {
            e.message
                = tr("The files were uploaded, but the sync was not triggered: %1").arg(e.message);
            e.hint += tr(" Use Trigger sync to start it.");
        }
        end(e);
        return;
    }
    m_triggered = true;
    m_syncStartedAt = job->triggeredAt();
    watch();
}

void UploadSession::watch()
{
    if (!m_options.watch) {
        end(std::nullopt);
        return;
    }
    auto *watcher
        = new SyncWatcher(m_nam, m_endpoint, m_apiKey, m_integrationId, m_syncStartedAt, this);
    watcher->setLimit(m_options.watchLimit);
    watcher->setPollInterval(m_options.pollFirst, m_options.pollMax);
    m_watcher = watcher;
    connect(watcher, &SyncWatcher::polled, this,
            [this](qint64 elapsedMs, const std::optional<QDateTime> &lastRun) {
                m_lastRun = lastRun;
                emit syncPolled(elapsedMs, lastRun);
            });
    connect(watcher, &SyncWatcher::finished, this, &UploadSession::onWatched);
    setPhase(Phase::Watching);
    watcher->start();
}

void UploadSession::onWatched()
{
    SyncWatcher *watcher = m_watcher;
    m_watcher.clear();
    watcher->deleteLater();
    m_syncOutcome = watcher->outcome();
    m_lastRun = watcher->lastRun();
    if (m_syncOutcome == SyncWatcher::Outcome::Cancelled) {
        end(Error{ErrorCode::Cancelled,
                  tr("Watching was stopped; the sync goes on in Secoda."),
                  tr("Follow it on the Syncs page."),
                  {},
                  0});
        return;
    }
    end(m_syncOutcome == SyncWatcher::Outcome::Failed ? watcher->error() : std::nullopt);
}

void UploadSession::cancel()
{
    switch (m_phase) {
    case Phase::Idle:
    case Phase::Finished:
        return;
    case Phase::Checking:
        if (m_inspect) {
            m_inspect->cancel();
        }
        end(Error{ErrorCode::Cancelled, tr("Cancelled: nothing was sent."), {}, {}, 0});
        return;
    case Phase::WaitingForConfirmation:
        end(Error{ErrorCode::Cancelled, tr("Cancelled: nothing was sent."), {}, {}, 0});
        return;
    case Phase::Uploading:
        if (m_upload) {
            m_upload->cancel(); // finishes with Cancelled → onUploaded → end
        }
        return;
    case Phase::Triggering:
        if (m_trigger) {
            m_trigger->cancel();
        }
        return;
    case Phase::Watching:
        if (m_watcher) {
            m_watcher->cancel();
        }
        return;
    }
}

void UploadSession::end(std::optional<Error> error)
{
    if (m_phase == Phase::Finished) {
        return;
    }
    m_error = std::move(error);
    setPhase(Phase::Finished);
    emit finished();
}

} // namespace Dbtu
