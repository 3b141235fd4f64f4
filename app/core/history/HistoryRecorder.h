// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "history/UploadRecord.h"

#include <functional>
#include <memory>
#include <optional>

namespace Dbtu {

class HistoryStore;
class InspectJob;
struct InspectResult;
class ArtifactIndex;
class HistoryWriteJob;

/**
 * What the two sessions (UploadSession, BucketPushSession) share to record an upload: the part
 * of an UploadRecord that comes from the check (files with size and SHA-256, counts, invocation
 * ids) and from how it ended, and the write, whose failure is a warning (dbtu.history), never a
 * failed upload.
 */
class HistoryRecorder
{
public:
    /** Where the session writes, and what it cannot know itself. No store: nothing is kept. */
    struct Target
    {
        HistoryStore *store = nullptr;
        UploadRecord::Origin origin = UploadRecord::Origin::Window;
        QString profile;
    };

    /** Before the check starts: asks @p job for the index and the digests when recording. */
    void prepare(InspectJob &job) const;
    /** The check's outcome, when it succeeded: kept for the record (call before deleting it;
     * the job's index is moved here). */
    void takeCheck(InspectJob &job);
    /** The session began (the record's startedAt). */
    void begin();

    /**
     * Fills @p record's common fields (started/finished, files, counts, invocation ids, outcome,
     * error) and writes it with the index on a worker thread (HistoryWriteJob), so the caller
     * never waits on the disk. @p done gets the write's error, if any (already logged), once the
     * write ended; at once, with none, when there is no store. @p fallbackPaths: the files
     * given, when the check failed. Once per session.
     */
    void record(UploadRecord record, const std::optional<InspectResult> &checked,
                const QStringList &fallbackPaths, const std::optional<Error> &error,
                std::function<void(const std::optional<Error> &)> done);

    Target target;
    bool isRecording() const { return target.store != nullptr; }
    /** What the check read (takeCheck()), for a comparison with the last upload; null before. */
    std::shared_ptr<const ArtifactIndex> index() const { return m_index; }
    HistoryRecorder();
    ~HistoryRecorder(); // waits for a write under way
    HistoryRecorder(const HistoryRecorder &) = delete;
    HistoryRecorder &operator=(const HistoryRecorder &) = delete;

    /** The id of the record written, 0 before or when none was. */
    qint64 recordId() const { return m_recordId; }

private:
    QDateTime m_startedAt;
    std::shared_ptr<ArtifactIndex> m_index;
    QMap<QString, QString> m_sha256;
    qint64 m_recordId = 0;
    std::unique_ptr<HistoryWriteJob> m_write;
};

} // namespace Dbtu
