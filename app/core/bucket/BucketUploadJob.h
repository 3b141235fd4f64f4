// SPDX-License-Identifier: MIT
#pragma once

#include "Job.h"
#include "artifacts/ArtifactSummary.h"
#include "bucket/BucketClient.h"

#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTemporaryDir>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

namespace Dbtu {

class BucketRequestJob;
class NetworkJob;

/**
 * Pushes artifacts into the bucket under the configured prefix: each file (already checked
 * with the Inspector by the caller) is optionally gzip-compressed to a temporary file
 * (streamed), hashed when the client needsPayloadHash() (a first streaming pass), uploaded
 * streamed from disk (BucketPutJob), and at the end the prefix is listed again to confirm every
 * object is there with the right size.
 *
 * The file work runs on a worker thread; the requests on the caller's thread. Emits
 * progressChanged() over all files' bytes and stageChanged() with a readable line, then
 * finished() exactly once (never from inside start()). cancel() ends with
 * ErrorCode::Cancelled, at any stage. The temporary gzip files are gone before finished(). The
 * owner deletes the job.
 */
class BucketUploadJob : public Job
{
    Q_OBJECT
public:
    struct Item
    {
        QString path;           ///< the file on disk
        QString objectName;     ///< "manifest.json", "run_results.json" (".gz" is added for gzip)
        QString key;            ///< set by the job: the full object key
        qint64 uploadSize = 0;  ///< set by the job: the bytes sent (compressed size for gzip)
        bool confirmed = false; ///< set by the job: the final listing shows it with that size
    };

    /** The files of a checked pair, as "manifest.json" and "run_results.json" (either may be
     * missing; none when the result holds neither). */
    static QList<Item> itemsFor(const InspectResult &result);

    BucketUploadJob(QNetworkAccessManager &nam, BucketConfig config, QList<Item> items, bool gzip,
                    QObject *parent = nullptr);
    ~BucketUploadJob() override;

    const QList<Item> &items() const { return m_items; }
    QString location() const;
    /** The host the requests go to, for messages; empty before start(). */
    QString host() const;

    void setClock(BucketClient::Clock clock) { m_clock = std::move(clock); }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    /** Azure: block size for large files (tests use a small one). */
    void setBlockSize(qint64 bytes) { m_blockSize = bytes; }

signals:
    void stageChanged(const QString &description);

protected:
    void run() override;
    void abort() override;

private:
    struct Prepared
    {
        QString path; ///< what to send: the original or the gzip temp file
        qint64 size = 0;
        QByteArray sha256;
    };
    void onPrepared();
    void uploadNext();
    void watchRetries(NetworkJob *job);
    /** The error of a cancel, saying how far the upload got. */
    Error cancelled() const;
    void onUploaded();
    void onListed();
    /** Ends the job once: the gzip copies go first, then finishWith(). */
    void finish(std::optional<Error> error = std::nullopt);

    QNetworkAccessManager &m_nam;
    BucketConfig m_config;
    std::optional<BucketClient> m_client;
    QList<Item> m_items;
    bool m_gzip;
    BucketClient::Clock m_clock;
    std::chrono::milliseconds m_timeout{120000};
    qint64 m_blockSize = 8 * 1024 * 1024;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    QFutureWatcher<Result<QList<Prepared>>> m_prepareWatcher;
    QList<Prepared> m_prepared;
    std::atomic<bool> m_cancelFlag{false};
    std::unique_ptr<BucketRequestJob> m_job;
    int m_current = 0;
    qint64 m_doneBytes = 0;
    qint64 m_totalBytes = 0;
};

} // namespace Dbtu
