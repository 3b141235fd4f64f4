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
    auto *job = new InspectJob(m_paths, this);
    m_history.prepare(*job);
    m_inspect = job;
    connect(job, &InspectJob::progressChanged, this, &BucketPushSession::checkProgressChanged);
    connect(job, &InspectJob::finished, this, &BucketPushSession::onChecked);
    job->start();
}

void BucketPushSession::onChecked()
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
    m_history.takeCheck(*job);
    if (BucketUploadJob::itemsFor(*m_inspected).isEmpty()) {
        // The checks are shown even when nothing can be sent (they may say why); nothing to
        // confirm.
        emit checksFinished(*m_inspected, false);
        end(Error::invalidInput(
            tr("Neither manifest.json nor run_results.json is among the files."),
            tr("Give the manifest.json and run_results.json of a dbt run, or its target/ "
               "folder.")));
        return;
    }
    m_changes = ChangesJob::startFor(m_history, UploadRecord::bucketPush(m_config).destinationKey(),
                                     this);
    if (m_changes) {
        connect(m_changes, &Job::finished, this, &BucketPushSession::onCompared);
        return;
    }
    afterCheck();
}

void BucketPushSession::onCompared()
{
    ChangesJob *job = m_changes;
    m_changes.clear();
    job->deleteLater();
    if (m_phase != Phase::Checking) {
        return; // cancelled meanwhile
    }
    if (!job->error() && job->changes()) { // an error is logged, not shown
        job->changes()->addChecksTo(*m_inspected);
        emit changesFound(*job->changes());
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
        if (m_inspect) {
            m_inspect->cancel(); // its late finished() is ignored in onChecked()
        }
        end(Error{ErrorCode::Cancelled, tr("Cancelled: nothing was sent."), {}, {}, 0});
        return;
    case Phase::WaitingForConfirmation:
        end(Error{ErrorCode::Cancelled, tr("Cancelled: nothing was sent."), {}, {}, 0});
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
