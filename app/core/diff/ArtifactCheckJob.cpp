// SPDX-License-Identifier: MIT
#include "diff/ArtifactCheckJob.h"

#include "history/HistoryRecorder.h"

namespace Dbtu {

ArtifactCheckJob::ArtifactCheckJob(QStringList paths, HistoryRecorder &recorder,
                                   QString destinationKey, QObject *parent)
    : Job(parent)
    , m_paths(std::move(paths))
    , m_recorder(recorder)
    , m_destinationKey(std::move(destinationKey))
{}

ArtifactCheckJob::~ArtifactCheckJob() = default; // children (jobs) abort on destruction

void ArtifactCheckJob::run()
{
    auto *job = new InspectJob(m_paths, this);
    m_recorder.prepare(*job);
    m_inspect = job;
    connect(job, &InspectJob::progressChanged, this, &ArtifactCheckJob::progressChanged);
    connect(job, &InspectJob::finished, this, &ArtifactCheckJob::onInspected);
    job->start();
}

void ArtifactCheckJob::onInspected()
{
    InspectJob *job = m_inspect;
    m_inspect.clear();
    job->deleteLater();
    if (job->error()) {
        finishWith(*job->error());
        return;
    }
    m_result = *job->result();
    m_recorder.takeCheck(*job);
    if (m_gate) {
        if (std::optional<Error> refused = m_gate(*m_result)) {
            finishWith(std::move(refused));
            return;
        }
    }
    if (!isCancelRequested()) {
        m_changes = ChangesJob::startFor(m_recorder, m_destinationKey, this);
    }
    if (!m_changes) {
        finishWith({}); // not recording, nothing to compare, or cancelled
        return;
    }
    connect(m_changes, &Job::finished, this, &ArtifactCheckJob::onCompared);
}

void ArtifactCheckJob::onCompared()
{
    ChangesJob *job = m_changes;
    m_changes.clear();
    job->deleteLater();
    if (!job->error() && job->changes()) { // an error is logged by the job, not shown
        job->changes()->addChecksTo(*m_result);
        emit changesFound(*job->changes());
    }
    finishWith({});
}

void ArtifactCheckJob::abort()
{
    if (m_inspect) {
        m_inspect->cancel(); // ends soon with Cancelled → onInspected()
    } else if (m_changes) {
        m_changes->cancel(); // the comparison is optional: ends with the check's result
    }
}

} // namespace Dbtu
