// SPDX-License-Identifier: MIT
#include "secoda/UploadSession.h"

#include "artifacts/ArtifactSniffer.h"

namespace Dbtu {

UploadSession::UploadSession(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
                             QString integrationId, Options options, QObject *parent)
    : Job(parent)
    , m_nam(nam)
    , m_endpoint(std::move(endpoint))
    , m_apiKey(std::move(apiKey))
    , m_integrationId(std::move(integrationId))
    , m_options(std::move(options))
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
    m_begin = [this, paths, style] {
        beginUpload(paths, style);
    };
    start();
}

void UploadSession::startTrigger()
{
    m_begin = [this] {
        m_request.integrationId = m_integrationId;
        trigger();
    };
    start();
}

void UploadSession::startWatch(const QDateTime &since)
{
    m_begin = [this, since] {
        m_request.integrationId = m_integrationId;
        m_syncStartedAt = since;
        m_options.watch = true;
        watch();
    };
    start();
}

void UploadSession::run()
{
    std::function<void()> begin = std::move(m_begin);
    begin();
}

void UploadSession::beginUpload(const QStringList &paths, UploadStyle style)
{
    m_request.integrationId = m_integrationId;
    m_request.style = style;
    m_isUpload = true;
    m_paths = paths;
    m_history.begin();
    auto *job = new ArtifactCheckJob(
        paths, m_history,
        UploadRecord::apiDestinationKey(m_endpoint.baseUrl().host(), m_integrationId), this);
    m_check = job;
    connect(job, &Job::progressChanged, this, &UploadSession::checkProgressChanged);
    connect(job, &ArtifactCheckJob::changesFound, this, &UploadSession::changesFound);
    connect(job, &Job::finished, this, &UploadSession::onChecked);
    if (!m_options.waitOnWarnings && style == UploadStyle::Combined && planOverlap(paths)) {
        if (Result<void> valid = UploadArtifactsJob::validate(m_request); !valid) {
            end(valid.error()); // the check is not started
            return;
        }
        m_overlap = true;
        job->start();
        upload();
        return;
    }
    job->setGate([this](const InspectResult &checked) -> std::optional<Error> {
        if (checked.manifest) {
            m_request.manifestPath = checked.manifest->path;
        }
        if (checked.runResults) {
            m_request.runResultsPath = checked.runResults->path;
        }
        if (Result<void> valid = UploadArtifactsJob::validate(m_request); !valid) {
            return valid.error();
        }
        return std::nullopt;
    });
    setPhase(Phase::Checking);
    job->start();
}

/**
 * Whether each file names its kind in its first bytes (dbt 0.19+), one manifest and at most one
 * run_results, so they can be sent while the full check runs; sets the request's paths.
 */
bool UploadSession::planOverlap(const QStringList &paths)
{
    const Result<ArtifactPaths> resolved = resolveArtifactPaths(paths);
    if (!resolved) {
        return false; // the check says why
    }
    UploadRequest request = m_request;
    for (const ArtifactPaths::Entry &entry : resolved.value().files) {
        const std::optional<ArtifactKind> kind = sniffArtifactKind(entry.path);
        if (!kind || (entry.expected && *entry.expected != *kind)) {
            return false;
        }
        if (*kind == ArtifactKind::Manifest && !request.manifestPath) {
            request.manifestPath = entry.path;
        } else if (*kind == ArtifactKind::RunResults && !request.runResultsPath) {
            request.runResultsPath = entry.path;
        } else {
            return false; // another JSON, or a second file of a kind: the full check says why
        }
    }
    m_request = std::move(request);
    return true;
}

void UploadSession::onChecked()
{
    ArtifactCheckJob *job = m_check;
    m_check.clear();
    job->deleteLater();
    if (m_phase == Phase::Finished) {
        return; // ended meanwhile (cancel, or an invalid request)
    }
    m_inspected = job->result();
    if (m_overlap) {
        m_checkDone = true;
        if (job->error()) {
            m_checkError = *job->error();
            if (m_upload) {
                m_upload->cancel(); // a file that fails its check is not sent on
            }
        }
        if (m_uploadDone) {
            afterCheckAndUpload();
        }
        return;
    }
    if (m_phase != Phase::Checking) {
        return; // cancelled meanwhile; end() already ran
    }
    if (job->error()) {
        end(*job->error());
        return;
    }
    afterCheck();
}

void UploadSession::afterCheck()
{
    const bool wait = m_options.waitOnWarnings && m_inspected->hasWarnings();
    if (wait) {
        setPhase(Phase::WaitingForConfirmation);
    }
    emit checksFinished(*m_inspected, wait);
    if (!wait && m_phase == Phase::Checking) {
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
    job->setTimeout(m_options.requestTimeout.value_or(m_options.uploadTimeout));
    if (m_options.deadline) {
        job->setDeadline(*m_options.deadline);
    }
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
    m_totalBytes = job->totalBytes();
    if (m_overlap) {
        m_uploadDone = true;
        m_uploadError = job->error();
        if (m_checkDone) {
            afterCheckAndUpload();
        }
        return; // the check decides first
    }
    if (job->error()) {
        end(*job->error());
        return;
    }
    m_uploaded = true;
    emit uploaded(m_totalBytes);
    afterUpload();
}

/** Overlap: both ended. The check's verdict comes first, then the upload's. */
void UploadSession::afterCheckAndUpload()
{
    if (isCancelRequested() && m_uploadError) {
        end(*m_uploadError);
        return;
    }
    if (m_checkError) {
        Error e = *m_checkError;
        if (!m_uploadError) {
            e.message += tr(" (The files had already been sent; no sync was triggered, so Secoda "
                            "keeps its last synced state.)");
        }
        end(e);
        return;
    }
    emit checksFinished(*m_inspected, false);
    if (m_uploadError) {
        end(*m_uploadError);
        return;
    }
    m_uploaded = true;
    emit uploaded(m_totalBytes);
    afterUpload();
}

void UploadSession::afterUpload()
{
    if (m_request.style == UploadStyle::Separate) {
        m_triggered = true; // the separate endpoints start a sync by themselves
        watch();
    } else if (m_options.trigger) {
        trigger();
    } else {
        m_syncStartedAt = QDateTime::currentDateTimeUtc();
        watch();
    }
}

void UploadSession::trigger()
{
    auto *job = new TriggerSyncJob(m_nam, m_endpoint, m_apiKey, m_integrationId, this);
    job->setTimeout(m_options.requestTimeout.value_or(m_options.triggerTimeout));
    if (m_options.deadline) {
        job->setDeadline(*m_options.deadline);
    }
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
        end(triggerError(*job));
        return;
    }
    m_triggered = true;
    m_syncStartedAt = job->triggeredAt();
    emit triggered(m_syncStartedAt);
    watch();
}

Error UploadSession::triggerError(const TriggerSyncJob &job) const
{
    Error e = *job.error();
    const bool cli = m_options.surface == Surface::CommandLine;
    const QString lookFirst
        = cli ? tr("Look at the Syncs page (or run `dbt-uploader watch`) before you trigger "
                   "again: a second trigger starts a second sync.")
              : tr("Look at the Syncs page before you trigger again: a second trigger starts a "
                   "second sync.");
    if (e.code == ErrorCode::Cancelled) {
        // The request may have been out already: never "not triggered".
        e.message = m_uploaded ? tr("The files were uploaded; the trigger was cancelled, so the "
                                    "sync may or may not have started.")
                               : tr("The trigger was cancelled; the sync may or may not have "
                                    "started.");
        e.hint = lookFirst;
    } else if (job.mayHaveStarted()) {
        // Never "not triggered" nor "try again" here: a second trigger starts a second sync.
        e.message = m_uploaded ? tr("The files were uploaded; the sync may or may not have "
                                    "started: %1")
                                     .arg(e.message)
                               : tr("The sync may or may not have started: %1").arg(e.message);
        e.hint = lookFirst;
    } else if (m_uploaded) {
        e.message
            = tr("The files were uploaded, but the sync was not triggered: %1").arg(e.message);
        e.hint += cli ? tr(" Run `dbt-uploader trigger` to start it.")
                      : tr(" Use Trigger sync to start it.");
    }
    return e;
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
    if (m_options.deadline) {
        watcher->setRequestDeadline(*m_options.deadline);
    }
    m_watcher = watcher;
    m_watched = true;
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
        const bool cli = m_options.surface == Surface::CommandLine;
        end(Error{ErrorCode::Cancelled,
                  cli ? tr("Watching was cancelled; the sync goes on in Secoda.")
                      : tr("Watching was stopped; the sync goes on in Secoda."),
                  cli ? tr("Follow it at %1").arg(syncsPage().toString())
                      : tr("Follow it on the Syncs page."),
                  {},
                  0});
        return;
    }
    end(m_syncOutcome == SyncWatcher::Outcome::Failed ? watcher->error() : std::nullopt);
}

Error UploadSession::cancelledError(const QString &message) const
{
    return Error{ErrorCode::Cancelled, message, {}, {}, 0};
}

void UploadSession::abort()
{
    switch (m_phase) {
    case Phase::Idle:
    case Phase::Finished:
        return;
    case Phase::Checking:
    case Phase::WaitingForConfirmation:
        end(cancelledError(tr("Cancelled: nothing was sent."))); // cancels the check
        return;
    case Phase::Uploading:
        if (m_check) {
            m_check->cancel(); // overlap: the check ends with the upload
        }
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
    setPhase(Phase::Finished);
    if (m_check) {
        m_check->cancel(); // its finished() is ignored: e.g. an overlapping check when the
                           // request is invalid, or a cancel while checking
    }
    record(std::move(error));
}

QString UploadSession::syncEndText() const
{
    if (m_watched) {
        switch (m_syncOutcome) {
        case SyncWatcher::Outcome::Finished:
            return m_lastRun ? tr("finished at %1").arg(m_lastRun->toUTC().toString(Qt::ISODate))
                             : tr("finished");
        case SyncWatcher::Outcome::GaveUp:
            return tr("still running when the watch stopped");
        case SyncWatcher::Outcome::Cancelled:
            return tr("not followed to its end (the watch was cancelled)");
        case SyncWatcher::Outcome::Failed:
            return tr("not known (the watch failed)");
        case SyncWatcher::Outcome::Running:
            break;
        }
    }
    if (m_triggered) {
        return m_syncStartedAt.isValid()
                   ? tr("started at %1").arg(m_syncStartedAt.toUTC().toString(Qt::ISODate))
                   : tr("started");
    }
    return {};
}

void UploadSession::record(std::optional<Error> error)
{
    if (!m_isUpload || !m_history.isRecording()) {
        finishWith(std::move(error));
        return;
    }
    UploadRecord r;
    r.kind = UploadRecord::Kind::Api;
    r.apiHost = m_endpoint.baseUrl().host();
    r.integrationId = m_integrationId;
    r.style = m_request.style == UploadStyle::Separate ? QStringLiteral("separate")
                                                       : QStringLiteral("combined");
    r.syncEnd = syncEndText();
    r.uploaded = m_uploaded;
    if (m_watched) {
        switch (m_syncOutcome) {
        case SyncWatcher::Outcome::Finished:
            r.sync = UploadRecord::Sync::Finished;
            break;
        case SyncWatcher::Outcome::GaveUp:
            r.sync = UploadRecord::Sync::StillRunning;
            break;
        case SyncWatcher::Outcome::Cancelled:
            r.sync = UploadRecord::Sync::WatchStopped;
            break;
        case SyncWatcher::Outcome::Failed:
        case SyncWatcher::Outcome::Running:
            r.sync = UploadRecord::Sync::Unknown;
            break;
        }
    } else if (m_triggered) {
        r.sync = UploadRecord::Sync::Started;
    }
    m_history.record(std::move(r), m_inspected, m_paths, error,
                     [this, error](const std::optional<Error> &written) {
                         m_historyError = written;
                         finishWith(error);
                     });
}

} // namespace Dbtu
