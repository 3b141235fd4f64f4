// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/AzureConnectionString.h"
#include "bucket/BucketConfig.h"
#include "bucket/BucketObject.h"
#include "bucket/ProviderError.h"
#include "bucket/SigningUtil.h"

#include <QNetworkReply>
#include <QNetworkRequest>

#include <functional>
#include <optional>

namespace Dbtu {

/**
 * Builds the signed requests of one bucket connection, on top of SigV4Signer (S3, GCS XML API)
 * and AzureSharedKeySigner (or a SAS) — and reads the replies: listings and provider errors.
 * It sends nothing itself: the jobs (BucketListJob, BucketGetJob, BucketPutJob) do. A value
 * type; the const functions are thread-safe. Each request is signed when it is built, at now().
 *
 * Addressing: S3 at the default AWS endpoint uses virtual-hosted URLs
 * (https://<bucket>.s3.<region>.amazonaws.com/<key>) unless the bucket name has a dot; any
 * other endpoint, and GCS, use path-style (<endpoint>/<bucket>/<key>). Azure uses the
 * connection string's blob endpoint (<endpoint>/<container>/<blob>).
 */
class BucketClient
{
public:
    using Clock = std::function<QDateTime()>;

    /** Validates @p config (BucketConfig::validate) and parses its connection string. */
    static Result<BucketClient> create(BucketConfig config);

    const BucketConfig &config() const { return m_config; }
    /** Where requests are signed "now"; a test hook for clock-skew checks. Default: the UTC
     * system clock. */
    void setClock(Clock clock) { m_clock = std::move(clock); }
    QDateTime now() const;
    /** The host requests go to, for messages. */
    QString host() const;
    /** The key of @p fileName under the configured prefix. */
    QString objectKey(const QString &fileName) const;
    /** A readable location for messages: s3://bucket/prefix, gs://…, azure://account/container/… */
    QString location(const QString &key = QString()) const;
    /**
     * Whether an upload must sign its payload's real SHA-256 (a first pass over the file): S3
     * and GCS over plain http. Over https S3 allows x-amz-content-sha256: UNSIGNED-PAYLOAD.
     * Azure: never.
     */
    bool needsPayloadHash() const;

    /** A listing of the objects under @p prefix (recursive), from @p marker on. */
    Result<QNetworkRequest> listRequest(const QString &prefix, const QString &marker) const;
    /** A GET of the first @p maxBytes bytes of @p key (a ranged GET). */
    Result<QNetworkRequest> getRequest(const QString &key, qint64 maxBytes) const;
    /** A PUT (S3) or Put Blob (Azure) of @p size bytes. @p sha256Hex: the payload hash, or
     * empty for UNSIGNED-PAYLOAD, which only an https endpoint takes: over http (see
     * needsPayloadHash()) an empty hash is an InvalidInput error. */
    Result<QNetworkRequest> putRequest(const QString &key, qint64 size, const QByteArray &sha256Hex,
                                       const QByteArray &contentType) const;
    /** Azure Put Block of @p size bytes under @p blockId (raw, base64-encoded here). */
    Result<QNetworkRequest> putBlockRequest(const QString &key, const QByteArray &blockId,
                                            qint64 size) const;
    /** Azure Put Block List committing @p blockIds (raw ids); the body is blockListBody(). */
    Result<QNetworkRequest> putBlockListRequest(const QString &key, qint64 bodySize) const;
    static QByteArray blockListBody(const QList<QByteArray> &blockIds);

    /** Reads one listing page (ListObjectsV2 or Azure List Blobs). */
    Result<BucketListing> parseListing(const QByteArray &body) const;
    /** Reads a failed reply's provider error (body, x-ms-error-code, x-amz-bucket-region, Date). */
    ProviderError parseError(const QNetworkReply &reply, const QByteArray &body) const;

private:
    explicit BucketClient(BucketConfig config);
    using QueryItems = QList<QPair<QByteArray, QByteArray>>;
    Result<QNetworkRequest> s3Request(const QByteArray &method, const QString &key,
                                      const QueryItems &query, const HttpHeaders &headers,
                                      const QByteArray &payloadHash) const;
    Result<QNetworkRequest> azureRequest(const QByteArray &method, const QString &key,
                                         const QueryItems &query, HttpHeaders headers) const;

    BucketConfig m_config;
    std::optional<AzureConnectionString> m_azure;
    Clock m_clock;
};

} // namespace Dbtu
