// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Dbtu {

struct BucketConfig;

/**
 * One upload as the history keeps it (HistoryStore): when, where to, what was sent (names, sizes,
 * SHA-256), what it held (counts by resource type and by result status, as the artifact summary
 * has them), how it ended and what the sync did. A plain value; it never holds a secret (no key,
 * no connection string, no header, no URL with credentials: only the API host).
 */
struct UploadRecord
{
    enum class Kind { Api, Bucket };
    enum class Origin { Window, Cli, Follow };
    enum class Outcome { Succeeded, Failed, Cancelled };
    /** What became of the sync (API): none was started, started and not followed, seen to
     * finish, still running when the watch gave up, the watch stopped (cancel), or not known. */
    enum class Sync { None, Started, Finished, StillRunning, WatchStopped, Unknown };

    struct File
    {
        QString name;     ///< file name, not the full path
        qint64 size = -1; ///< -1: not known (a record moved from the settings' list)
        QString sha256;   ///< lower-case hex; empty when the file could not be read
    };

    qint64 id = 0; ///< set by HistoryStore::add()
    QDateTime startedAt;
    QDateTime finishedAt;
    Kind kind = Kind::Api;
    Origin origin = Origin::Window;
    QString profile;
    // Kind::Api
    QString apiHost;
    QString integrationId;
    QString style; ///< "combined" or "separate"
    // Kind::Bucket
    QString bucketProvider; ///< BucketConfig::providerName(): s3, s3-role, gcs, azure
    QString bucket;         ///< the bucket, or the Azure container
    QString prefix;
    QList<File> files;
    qint64 bytes = 0;                     ///< every file's size together
    QMap<QString, qint64> resourceCounts; ///< manifest: model, test, source, … (no zeroes)
    QMap<QString, qint64> statusCounts; ///< run_results: success, error, fail, warn, skipped, pass…
    Outcome outcome = Outcome::Succeeded;
    bool uploaded = false; ///< the files reached the destination (also before a later error)
    Sync sync = Sync::None;
    QString error;   ///< the error's message (already redacted), empty on success
    QString syncEnd; ///< how the sync ended ("finished at …", "still running after …"), or empty
    QStringList invocationIds; ///< dbt invocation_id of the manifest, then of run_results (unique)

    /** Where it went, one line: "api.secoda.co integration 740904fe-…", "s3://bucket/prefix". */
    QString destination() const;
    /** The key lastFor() compares: kind, host + integration or provider + bucket + prefix. */
    QString destinationKey() const;
    /** destinationKey() of an API upload to @p apiHost (host only) and integration. */
    static QString apiDestinationKey(const QString &apiHost, const QString &integrationId);
    /** destinationKey() of a bucket push (BucketConfig::providerName(), storageName(),
     * normalizedPrefix()). */
    static QString bucketDestinationKey(const QString &provider, const QString &bucket,
                                        const QString &prefix);

    /** A bucket push's record with its destination filled in (kind, provider, bucket or
     * container, normalized prefix): its destinationKey() and destination(). */
    static UploadRecord bucketPush(const BucketConfig &config);

    static QString kindName(Kind kind);
    static QString originName(Origin origin);
    static QString outcomeName(Outcome outcome);
    static Kind kindFromName(const QString &name);
    static Origin originFromName(const QString &name);
    static Outcome outcomeFromName(const QString &name);
    static QString syncName(Sync sync);
    static Sync syncFromName(const QString &name);
};

} // namespace Dbtu
