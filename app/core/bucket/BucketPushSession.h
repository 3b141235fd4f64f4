// SPDX-License-Identifier: MIT
#pragma once

#include "Job.h"
#include "bucket/BucketUploadJob.h"
#include "diff/ArtifactCheckJob.h"
#include "history/HistoryRecorder.h"

#include <QPointer>

namespace Dbtu {

/**
 * One push of artifacts into a bucket, as the Bucket tab and `bucket upload` run it: check the
 * files (InspectJob, off the main thread) → wait for a confirmation when a check warns → push
 * them (BucketUploadJob: upload, then list the prefix again to confirm each object).
 *
 * A Job: single use, create one per push; the owner (parent or stack) deletes it. finished() comes
 * exactly once (success, error, cancel), never from inside start(); then read error(),
 * items(), location(). Never blocks: every step is a job on this thread's event loop, so a
 * cancel() (the window's button, the CLI's Ctrl+C) stops the check as well as the push.
 *
 * The errors and their hints come from here (and the jobs), for the window and the CLI alike.
 */
class BucketPushSession : public Job
{
    Q_OBJECT
public:
    enum class Phase { Idle, Checking, WaitingForConfirmation, Pushing, Finished };
    Q_ENUM(Phase)

    struct Options
    {
        bool gzip = false;
        /** When a check warns: wait for proceed() (the window), or go on at once (the CLI,
         * which prints the warnings and pushes, as it always did). */
        bool waitForConfirmation = true;
        /** Azure: block size for large files (tests use a small one); 0: the job's default. */
        qint64 blockSize = 0;
    };

    BucketPushSession(QNetworkAccessManager &nam, BucketConfig config, Options options,
                      QObject *parent = nullptr);
    ~BucketPushSession() override;

    /**
     * Before start(): record the push in target.store when it ends (succeeded, failed or
     * cancelled), with its index. Writing it is a warning on failure (historyError()), never
     * the session's error.
     */
    void setHistory(HistoryRecorder::Target target) { m_history.target = target; }
    /** After finished(): why the history could not be written, if it could not. */
    const std::optional<Error> &historyError() const { return m_historyError; }
    /** After finished(): the id of the push's record, 0 when none was written. */
    qint64 historyId() const { return m_history.recordId(); }

    /** Checks @p paths (files or a dbt target/ folder), then pushes what they hold. */
    void start(const QStringList &paths);
    /** After checksFinished(…, true): push despite the warnings. */
    void proceed();

    Phase phase() const { return m_phase; }
    const std::optional<InspectResult> &inspectResult() const { return m_inspected; }
    /** Whether the push began (files may have reached the bucket, even after an error). */
    bool hasPushStarted() const { return m_pushStarted; }
    /** After a push: each file with its key, the bytes sent and whether the listing shows it. */
    const QList<BucketUploadJob::Item> &items() const { return m_items; }
    /** Where the files went ("s3://bucket/prefix"); empty before the push began. */
    QString location() const { return m_location; }

signals:
    void phaseChanged(Dbtu::BucketPushSession::Phase phase);
    /** The check ended well; needsConfirmation: a warning waits for proceed() or cancel(). */
    void checksFinished(const Dbtu::InspectResult &result, bool needsConfirmation);
    /** Reading the files for the check. */
    void checkProgressChanged(qint64 done, qint64 total);
    /** What the files change against the last push to the bucket and prefix (when recording,
     * after the check; before checksFinished, whose checks then hold models_removed). */
    void changesFound(const Dbtu::UploadChanges &changes);
    /** Bytes sent over all files. */
    void pushProgressChanged(qint64 done, qint64 total);
    /** A readable line on the push: compressing, uploading X to Y, confirming, retrying. */
    void stageChanged(const QString &description);

protected:
    void run() override;
    void abort() override;

private:
    using Job::start; // through start(paths)
    void setPhase(Phase phase);
    void onChecked();
    void afterCheck();
    void push();
    void onPushed();
    void end(std::optional<Error> error);

    QNetworkAccessManager &m_nam;
    BucketConfig m_config;
    Options m_options;
    Phase m_phase = Phase::Idle;
    QPointer<ArtifactCheckJob> m_check;
    QPointer<BucketUploadJob> m_upload;
    QStringList m_paths;
    std::optional<InspectResult> m_inspected;
    QList<BucketUploadJob::Item> m_items;
    QString m_location;
    bool m_pushStarted = false;
    HistoryRecorder m_history;
    std::optional<Error> m_historyError;
};

} // namespace Dbtu
