// SPDX-License-Identifier: MIT
#include "history/HistoryRecorder.h"

#include "artifacts/InspectJob.h"
#include "history/HistoryStore.h"
#include "history/HistoryWriteJob.h"

#include <QFileInfo>
#include <QLoggingCategory>

namespace Dbtu {

namespace {
Q_LOGGING_CATEGORY(lcHistory, "dbtu.history", QtWarningMsg)
}

HistoryRecorder::HistoryRecorder() = default;
HistoryRecorder::~HistoryRecorder() = default;

void HistoryRecorder::prepare(InspectJob &job) const
{
    job.setCollectIndex(isRecording());
}

void HistoryRecorder::takeCheck(InspectJob &job)
{
    if (!isRecording() || !job.result()) {
        return;
    }
    m_index = std::make_shared<ArtifactIndex>(job.takeIndex());
    m_sha256.clear();
    for (const QString &path :
         {job.result()->manifest ? job.result()->manifest->path : QString(),
          job.result()->runResults ? job.result()->runResults->path : QString()}) {
        if (!path.isEmpty()) {
            m_sha256.insert(path, job.sha256(path));
        }
    }
}

void HistoryRecorder::begin()
{
    m_startedAt = QDateTime::currentDateTimeUtc();
}

void HistoryRecorder::record(UploadRecord r, const std::optional<InspectResult> &checked,
                             const QStringList &fallbackPaths, const std::optional<Error> &error,
                             std::function<void(const std::optional<Error> &)> done)
{
    if (!isRecording() || m_write) {
        done(std::nullopt);
        return;
    }
    r.startedAt = m_startedAt.isValid() ? m_startedAt : QDateTime::currentDateTimeUtc();
    r.finishedAt = QDateTime::currentDateTimeUtc();
    r.origin = target.origin;
    r.profile = target.profile;
    const auto addInvocation = [&r](const std::optional<QString> &id) {
        if (id && !id->isEmpty() && !r.invocationIds.contains(*id)) {
            r.invocationIds << *id;
        }
    };
    if (checked) {
        if (checked->manifest) {
            const ManifestSummary &m = *checked->manifest;
            r.files << UploadRecord::File{QFileInfo(m.path).fileName(), m.sizeBytes,
                                          m_sha256.value(m.path)};
            r.resourceCounts = m.resourceTypeCounts;
            addInvocation(m.metadata.invocationId);
        }
        if (checked->runResults) {
            const RunResultsSummary &rr = *checked->runResults;
            r.files << UploadRecord::File{QFileInfo(rr.path).fileName(), rr.sizeBytes,
                                          m_sha256.value(rr.path)};
            r.statusCounts = rr.statusCounts;
            addInvocation(rr.metadata.invocationId);
        }
    } else {
        for (const QString &path : fallbackPaths) {
            const QFileInfo info(path);
            if (info.isFile()) {
                r.files << UploadRecord::File{info.fileName(), info.size(), {}};
            }
        }
    }
    for (const UploadRecord::File &f : r.files) {
        r.bytes += std::max<qint64>(f.size, 0);
    }
    if (!error) {
        r.outcome = UploadRecord::Outcome::Succeeded;
    } else {
        r.outcome = error->code == ErrorCode::Cancelled ? UploadRecord::Outcome::Cancelled
                                                        : UploadRecord::Outcome::Failed;
        r.error = error->message; // written for the user: redacted, never a secret
    }
    // Only a check that succeeded has an index; a failed upload's is kept too (it is what was
    // meant to be sent), while lastFor() only looks at uploads that succeeded.
    m_write = std::make_unique<HistoryWriteJob>(target.store->path(), std::move(r), m_index);
    QObject::connect(m_write.get(), &Job::finished, m_write.get(), [this, done = std::move(done)] {
        const std::optional<Error> failed = m_write->error();
        if (failed) {
            qCWarning(lcHistory).noquote() << "the upload was not recorded:" << failed->toString();
        } else {
            m_recordId = m_write->recordId();
        }
        // done() may end the session and with it this recorder: copies only.
        const auto callback = done;
        callback(failed);
    });
    m_write->start();
}

} // namespace Dbtu
