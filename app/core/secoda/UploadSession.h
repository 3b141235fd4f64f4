// SPDX-License-Identifier: MIT
#pragma once

#include "Job.h"
#include "diff/ArtifactCheckJob.h"
#include "history/HistoryRecorder.h"
#include "secoda/SyncWatcher.h"
#include "secoda/TriggerSyncJob.h"
#include "secoda/UploadArtifactsJob.h"

#include <QPointer>

#include <functional>

namespace Dbtu {

/**
 * One run of the upload flow, for the window's API tab and the CLI's `upload` and `trigger`:
 * check the files (InspectJob) → wait for a confirmation when a check warns → upload
 * (UploadArtifactsJob) → trigger a sync (combined style) → watch it (SyncWatcher). Or, with
 * startTrigger(), only trigger → watch; with startWatch(), only watch.
 *
 * A Job, started by one of its start calls: single use; the owner (parent or QPointer holder)
 * deletes it. finished() comes exactly once (success, error, cancel), never from inside a start
 * call; then read error(), isUploaded(), syncOutcome(). cancel() stops whatever runs now;
 * finished() follows with ErrorCode::Cancelled. Never blocks: every step is a job on this thread's
 * event loop. The errors it ends with are written here, once, for the surface that shows them
 * (Options::surface).
 *
 * With waitOnWarnings (the window), the check always completes before anything is sent: a
 * warning must be shown and accepted before the files leave the machine. Without it (the CLI),
 * warnings are reported and the flow goes on; and a combined upload whose files name their kind
 * in their first bytes (dbt 0.19+) is checked while it is sent, so the two overlap. The check
 * still decides: a file that fails it cancels the upload, and no sync is triggered.
 */
class UploadSession : public Job
{
    Q_OBJECT
public:
    enum class Phase {
        Idle,
        Checking,
        WaitingForConfirmation,
        Uploading,
        Triggering,
        Watching,
        Finished
    };
    Q_ENUM(Phase)

    /** Who shows the errors: the next step a hint names is a button or a command. */
    enum class Surface { Window, CommandLine };

    struct Options
    {
        Surface surface = Surface::Window;
        /** Wait for proceed() when a check warns; false: report the warnings and go on. */
        bool waitOnWarnings = true;
        /** Combined style: trigger a sync after the upload. */
        bool trigger = true;
        bool watch = true;
        std::chrono::milliseconds watchLimit{15 * 60 * 1000};
        std::chrono::milliseconds pollFirst{2000};
        std::chrono::milliseconds pollMax{30000};
        std::chrono::milliseconds uploadTimeout{120000};
        std::chrono::milliseconds triggerTimeout{30000};
        /** Overrides uploadTimeout and triggerTimeout (the CLI's --request-timeout). */
        std::optional<std::chrono::milliseconds> requestTimeout;
        /** No request may take longer, start to end (the CLI's --timeout). */
        std::optional<std::chrono::milliseconds> deadline;
    };

    UploadSession(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
                  QString integrationId, Options options, QObject *parent = nullptr);
    ~UploadSession() override;

    /**
     * Before startUpload(): record the upload in target.store when it ends (succeeded, failed or
     * cancelled), with its index. Writing it is a warning on failure (historyError()), never
     * the session's error. Trigger- and watch-only sessions are no uploads and are not recorded.
     */
    void setHistory(HistoryRecorder::Target target) { m_history.target = target; }
    /** After finished(): why the history could not be written, if it could not. */
    const std::optional<Error> &historyError() const { return m_historyError; }
    /** After finished(): the id of the upload's record, 0 when none was written. */
    qint64 historyId() const { return m_history.recordId(); }

    /** Checks paths (files or a target/ folder) and uploads them in style. */
    void startUpload(const QStringList &paths, UploadStyle style);
    /** Triggers a sync of the integration, then watches it. */
    void startTrigger();
    /** Only watches: until the integration's last run moves past @p since, or the limit. */
    void startWatch(const QDateTime &since);
    /** After checksFinished(…, true): go on despite the warnings. */
    void proceed();

    Phase phase() const { return m_phase; }
    const std::optional<InspectResult> &inspectResult() const { return m_inspected; }
    const UploadRequest &request() const { return m_request; }
    /** Whether the files reached Secoda (true for a trigger-only session that was accepted). */
    bool isUploaded() const { return m_uploaded; }
    bool isTriggered() const { return m_triggered; }
    qint64 totalBytes() const { return m_totalBytes; }
    /** When the sync started (trigger accepted, or the separate-style upload began). */
    QDateTime syncStartedAt() const { return m_syncStartedAt; }
    /** Running until a watch ended; Finished when the sync was seen to finish. */
    SyncWatcher::Outcome syncOutcome() const { return m_syncOutcome; }
    /** Whether a watch ran (its outcome, lastRun and start are then meaningful). */
    bool hasWatched() const { return m_watched; }
    /** Whether the check runs while the files are sent (see the class comment). */
    bool checksWhileSending() const { return m_overlap; }
    const Options &options() const { return m_options; }
    std::optional<QDateTime> syncLastRun() const { return m_lastRun; }
    QUrl syncsPage() const { return m_endpoint.syncsPage(m_integrationId); }
    QString integrationId() const { return m_integrationId; }
    /** After finished(): how the sync ended, as the history keeps it ("finished at …",
     * "started at …"); empty when no sync was started. */
    QString syncEndText() const;

signals:
    void phaseChanged(Dbtu::UploadSession::Phase phase);
    /** The check ended well; needsConfirmation: a warning waits for proceed() or cancel(). */
    void checksFinished(const Dbtu::InspectResult &result, bool needsConfirmation);
    /** Reading the files for the check. */
    void checkProgressChanged(qint64 done, qint64 total);
    void uploadProgressChanged(qint64 done, qint64 total);
    void fileProgressChanged(const QString &path, qint64 done, qint64 total);
    /** A request is tried again (NetworkJob::retrying). */
    void retrying(int attempt, int maxAttempts, qint64 delayMs, const QString &reason);
    void syncPolled(qint64 elapsedMs, const std::optional<QDateTime> &lastRun);
    /** The files reached Secoda and passed their check. */
    void uploaded(qint64 totalBytes);
    /** What the files change against the last upload to the integration (when recording,
     * after the check; before checksFinished, whose checks then hold models_removed). */
    void changesFound(const Dbtu::UploadChanges &changes);
    /** Secoda accepted the trigger (combined style, or startTrigger()). */
    void triggered(const QDateTime &at);

protected:
    void run() override;
    void abort() override;

private:
    using Job::start; // through startUpload(), startTrigger() or startWatch()
    void beginUpload(const QStringList &paths, UploadStyle style);
    void setPhase(Phase phase);
    bool planOverlap(const QStringList &paths);
    void onChecked();
    void afterCheck();
    void upload();
    void onUploaded();
    void afterCheckAndUpload();
    void afterUpload();
    Error triggerError(const TriggerSyncJob &job) const;
    Error cancelledError(const QString &message) const;
    void trigger();
    void onTriggered();
    void watch();
    void onWatched();
    void end(std::optional<Error> error);
    void record(std::optional<Error> error); ///< then finishes with @p error

    QNetworkAccessManager &m_nam;
    ApiEndpoint m_endpoint;
    Secret m_apiKey;
    QString m_integrationId;
    Options m_options;
    UploadRequest m_request;
    Phase m_phase = Phase::Idle;
    QPointer<ArtifactCheckJob> m_check;
    QPointer<UploadArtifactsJob> m_upload;
    QPointer<TriggerSyncJob> m_trigger;
    QPointer<SyncWatcher> m_watcher;
    std::optional<InspectResult> m_inspected;
    std::optional<Error> m_checkError;  // overlap: the check's, kept until the upload ends
    std::optional<Error> m_uploadError; // overlap: the upload's, kept until the check ends
    std::function<void()> m_begin;      ///< what run() does: set by the start call
    HistoryRecorder m_history;
    std::optional<Error> m_historyError;
    QStringList m_paths; ///< what startUpload() was given (for the history)
    bool m_isUpload = false;
    bool m_overlap = false;
    bool m_checkDone = false;
    bool m_uploadDone = false;
    bool m_watched = false;
    bool m_uploaded = false;
    bool m_triggered = false;
    qint64 m_totalBytes = 0;
    QDateTime m_syncStartedAt;
    SyncWatcher::Outcome m_syncOutcome = SyncWatcher::Outcome::Running;
    std::optional<QDateTime> m_lastRun;
};

} // namespace Dbtu
