// SPDX-License-Identifier: MIT
#include "bucket/BucketPushSession.h"

namespace Dbtu {

BucketPushSession::BucketPushSession(QNetworkAccessManager &nam, BucketConfig config,
                                     Options options, QObject *parent)
    : Job(parent)
    , m_nam(nam)
    , m_config(std::move(config))
    , m_options(options)
{}

BucketPushSession::~BucketPushSession() = default; // children (jobs) abort on destruction

void BucketPushSession::setPhase(Phase phase)
{
    if (m_phase != phase) {
        m_phase = phase;
        emit phaseChanged(phase);
    }
}

void BucketPushSession::start(const QStringList &paths)
{
    m_paths = paths;
    Job::start();
}

void BucketPushSession::run()
{
    m_history.begin();
    setPhase(Phase::Checking);
    if (m_paths.isEmpty()) {
        end(Error::invalidInput(
            tr("No files to push."),
            tr("Give manifest.json and run_results.json, or dbt's target/ folder.")));
        return;
    }
    auto *job = new ArtifactCheckJob(m_paths, m_history,
                                     UploadRecord::bucketPush(m_config).destinationKey(), this);
    job->setGate([](const InspectResult &checked) -> std::optional<Error> {
        if (BucketUploadJob::itemsFor(checked).isEmpty()) {
            return Error::invalidInput(
                tr("Neither manifest.json nor run_results.json is among the files."),
                tr("Give the manifest.json and run_results.json of a dbt run, or its target/ "
                   "folder."));
        }
        return std::nullopt;
    });
    m_check = job;
    connect(job, &Job::progressChanged, this, &BucketPushSession::checkProgressChanged);
    connect(job, &ArtifactCheckJob::changesFound, this, &BucketPushSession::changesFound);
    connect(job, &Job::finished, this, &BucketPushSession::onChecked);
    job->start();
}

void BucketPushSession::onChecked()
{
    ArtifactCheckJob *job = m_check;
    m_check.clear();
    job->deleteLater();
    if (m_phase != Phase::Checking) {
        return; // cancelled meanwhile; end() already ran
    }
    m_inspected = job->result();
    if (job->error()) {
        if (m_inspected) {
            // Nothing can be sent, but the checks are shown (they may say why); nothing to
            // confirm.
            emit checksFinished(*m_inspected, false);
        }
        end(*job->error());
        return;
    }
    afterCheck();
}

void BucketPushSession::afterCheck()
{
    const bool warn = m_options.waitForConfirmation && m_inspected->hasWarnings();
    if (warn) {
        setPhase(Phase::WaitingForConfirmation);
    }
    emit checksFinished(*m_inspected, warn);
    if (!warn && m_phase == Phase::Checking) {
        push();
    }
}

void BucketPushSession::proceed()
{
    if (m_phase == Phase::WaitingForConfirmation) {
        push();
    }
}

void BucketPushSession::push()
{
    auto *job = new BucketUploadJob(m_nam, m_config, BucketUploadJob::itemsFor(*m_inspected),
                                    m_options.gzip, this);
    if (m_options.blockSize > 0) {
        job->setBlockSize(m_options.blockSize);
    }
    m_upload = job;
    connect(job, &BucketUploadJob::progressChanged, this, &BucketPushSession::pushProgressChanged);
    connect(job, &BucketUploadJob::stageChanged, this, &BucketPushSession::stageChanged);
    connect(job, &BucketUploadJob::finished, this, &BucketPushSession::onPushed);
    m_pushStarted = true;
    setPhase(Phase::Pushing);
    job->start();
}

void BucketPushSession::onPushed()
{
    BucketUploadJob *job = m_upload;
    m_upload.clear();
    job->deleteLater();
    m_items = job->items();
    m_location = job->location();
    std::optional<Error> error = job->error();
    if (error && error->code != ErrorCode::Cancelled && !m_location.isEmpty()
        && !error->message.contains(m_location)) {
        // The provider's message says what was refused, not where: name the bucket and host.
        error->message
            = tr("Pushing to %1 (%2) failed: %3").arg(m_location, job->host(), error->message);
    }
    end(std::move(error));
}

void BucketPushSession::abort()
{
    switch (m_phase) {
    case Phase::Idle:
    case Phase::Finished:
        return;
    case Phase::Checking:
    case Phase::WaitingForConfirmation:
        end(Error{ErrorCode::Cancelled, tr("Cancelled: nothing was sent."), {}, {}, 0});
        if (m_check) {
            m_check->cancel(); // after end(): its finished() is ignored in onChecked()
        }
        return;
    case Phase::Pushing:
        if (m_upload) {
            m_upload->cancel(); // finishes with Cancelled, saying how far it got → onPushed
        }
        return;
    }
}

void BucketPushSession::end(std::optional<Error> error)
{
    if (m_phase == Phase::Finished) {
        return;
    }
    setPhase(Phase::Finished);
    UploadRecord r = UploadRecord::bucketPush(m_config);
    r.uploaded = !error && m_pushStarted;
    m_history.record(std::move(r), m_inspected, m_paths, error,
                     [this, error](const std::optional<Error> &written) {
                         m_historyError = written;
                         finishWith(error);
                     });
}

} // namespace Dbtu
