// SPDX-License-Identifier: MIT
#pragma once

#include "Job.h"
#include "follow/FollowEvent.h"
#include "follow/StagingDir.h"

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

namespace Dbtu {

class HistoryStore;
class InspectJob;

/**
 * Follows a dbt target/ folder and sends each new run once: `dbt-uploader follow` and the
 * window's "Upload new runs automatically".
 *
 * dbt writes manifest.json early in a run and run_results.json at its end, and either may be
 * seen half written. A pair is sent only when the files have stopped changing for the settle
 * time, copies of both (taken while they do not change) parse, and both come from one
 * invocation (`invocation_id`; files without one are paired as they are). The copies are what
 * is sent, so a run dbt starts meanwhile cannot mix into an upload. A manifest without its
 * run_results (`dbt parse`, `compile`) waits for it unless allowManifestOnly; a
 * `dbt docs generate` pair is skipped unless includeDocsGenerate.
 *
 * Never twice: a pair whose files' SHA-256 the history shows as sent to the destination
 * (HistoryStore::lastSent, so also across restarts) is skipped with a note; a new invocation
 * has other digests and is sent. A failed try is retried with backoff (retryFirst, doubling,
 * at most retryMax) for as long as the run is the newest: a newer run in the folder supersedes
 * it, and the event says so. A refusal that no retry can change ends differently: the check or
 * a 400 rejects that run (the next one is taken); a refused key or permission, an unknown
 * integration or an untrusted certificate ends the follower with that error.
 *
 * File events come from the system (QFileSystemWatcher); nothing polls while idle. A Job: it
 * runs until cancel() (finished() with ErrorCode::Cancelled) or a fatal error. The sending is
 * a factory's: the caller makes the session (UploadSession, BucketPushSession) for each pair,
 * with its history target, so the follower knows nothing of APIs or buckets.
 */
class RunFollower : public Job
{
    Q_OBJECT
public:
    struct Options
    {
        std::chrono::milliseconds settle{2000};
        bool allowManifestOnly = false;
        bool includeDocsGenerate = false;
        std::chrono::milliseconds retryFirst{5000};
        std::chrono::milliseconds retryMax{5 * 60 * 1000};
        /** UploadRecord::destinationKey() of where the pairs go: what lastSent() looks for. */
        QString destinationKey;
        /** One line naming the destination, for the events ("api.secoda.co integration …"). */
        QString destination;
        /** Where the copies are kept while they are checked and sent; empty: the user's cache
         * folder (dbt-uploader/follow). */
        QString stagingDir;
    };

    /** The session that sends one pair, made by the factory; the follower owns the job. */
    struct Send
    {
        Job *job = nullptr;
        std::function<void()> begin;       ///< starts it (its own start call)
        std::function<bool()> reached;     ///< after finished(): the files reached the destination
        std::function<qint64()> historyId; ///< after finished(): its history record, 0: none
        /** After finished(): what else the event should say ("The sync finished at …."). */
        std::function<QString()> outcome;
    };
    /** Makes the session for @p paths (the copies: manifest first). */
    using SendFactory = std::function<Send(const QStringList &paths)>;

    /** @p history: where sent pairs are looked up (may be null: only this run remembers). */
    RunFollower(QString folder, Options options, SendFactory factory, HistoryStore *history,
                QObject *parent = nullptr);
    ~RunFollower() override;

    QString folder() const { return m_folder; }

signals:
    void reported(const Dbtu::FollowEvent &event);

protected:
    void run() override;
    void abort() override;

private:
    QString stagingBase() const;
    struct Snapshot
    {
        bool manifest = false;
        bool runResults = false;
        qint64 manifestSize = -1;
        qint64 runResultsSize = -1;
        QDateTime manifestModified;
        QDateTime runResultsModified;
        bool operator==(const Snapshot &o) const = default;
    };
    struct Candidate
    {
        QString key; ///< the files' SHA-256, sorted and joined
        QString invocationId;
        QStringList files; ///< names
        QStringList paths; ///< the copies
    };
    struct Failing
    {
        QString key;
        QString invocationId;
        int attempts = 0;
        QDateTime since;
    };

    void watchFiles();
    void onChanged();
    void settleLater();
    void evaluate();
    void onChecked();
    void send(const Candidate &candidate);
    void onSent();
    void afterWork();
    Snapshot snapshot() const;
    QString path(const char *name) const;
    void emitEvent(FollowEvent e);
    void wait(const QString &message);
    FollowEvent eventFor(FollowEvent::Kind kind, const Candidate &c, QString message) const;
    static QString runName(const QString &invocationId);

    QString m_folder;
    Options m_options;
    SendFactory m_factory;
    HistoryStore *m_history;
    QFileSystemWatcher m_watcher;
    QTimer m_settle;
    QTimer m_retry;
    Snapshot m_snapshot;
    std::unique_ptr<StagingDir> m_staging;
    QPointer<InspectJob> m_check;
    Send m_send;
    Candidate m_sending;
    int m_sendingAttempt = 0;
    std::optional<Failing> m_failing;
    QSet<QString> m_done; ///< keys sent, skipped or rejected while this follower runs
    QString m_lastWait;   ///< the last Waiting message (each is said once)
    bool m_dirty = false; ///< a change came while checking or sending
};

} // namespace Dbtu
