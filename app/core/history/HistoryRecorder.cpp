// SPDX-License-Identifier: MIT
#include "history/HistoryRecorder.h"

#include "artifacts/InspectJob.h"
#include "history/HistoryStore.h"

#include <QFileInfo>
#include <QLoggingCategory>

namespace Dbtu {

namespace {
Q_LOGGING_CATEGORY(lcHistory, "dbtu.history", QtWarningMsg)
}

void HistoryRecorder::prepare(InspectJob &job) const
{
    job.setCollectIndex(isRecording());
}

void HistoryRecorder::takeCheck(const InspectJob &job)
{
    if (!isRecording() || !job.result()) {
        return;
    }
    m_index = std::make_shared<ArtifactIndex>(job.index());
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

std::optional<Error> HistoryRecorder::record(UploadRecord r,
                                             const std::optional<InspectResult> &checked,
                                             const QStringList &fallbackPaths,
                                             const std::optional<Error> &error)
{
    if (!isRecording()) {
        return std::nullopt;
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
    HistoryStore &store = *target.store;
    if (!store.isOpen()) {
        if (Result<void> opened = store.open(); !opened) {
            qCWarning(lcHistory).noquote()
                << "the upload was not recorded:" << opened.error().toString();
            return opened.error();
        }
    }
    // Only a check that succeeded has an index; a failed upload's is kept too (it is what was
    // meant to be sent), while lastFor() only looks at uploads that succeeded.
    const Result<qint64> id = store.add(r, m_index ? *m_index : ArtifactIndex());
    if (!id) {
        qCWarning(lcHistory).noquote() << "the upload was not recorded:" << id.error().toString();
        return id.error();
    }
    m_recordId = id.value();
    return std::nullopt;
}

} // namespace Dbtu
