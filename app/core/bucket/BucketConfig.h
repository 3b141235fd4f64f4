// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "bucket/AwsCredentials.h"
#include "secrets/Secret.h"

#include <QString>
#include <QUrl>

namespace Dbtu {

/** The kinds of storage Secoda's bucket connection form offers. */
enum class BucketProvider {
    S3,     ///< AWS S3 with an IAM user's access key
    S3Role, ///< AWS S3 through a role Secoda assumes (role ARN + external ID)
    Gcs,    ///< Google Cloud Storage through its S3-compatible XML API (HMAC key)
    Azure,  ///< Azure Blob Storage (account + connection string)
};

/**
 * Every field of a bucket connection, as the form and the CLI collect them. A value type; the
 * secrets are Secret values (never written to settings: store them with SecretStore under
 * keychainKey()). Which fields matter depends on the provider:
 * - S3: region, bucket, credentials (session token optional), prefix, endpoint (optional).
 * - S3Role: roleArn, externalId, region, bucket, prefix; credentials optional (the admin's own
 *   keys, used only to test the bucket: the app cannot assume Secoda's role).
 * - Gcs: credentials (HMAC access id + secret), region (default "auto"), endpoint (default
 *   kGcsEndpoint), bucket, prefix.
 * - Azure: accountName, connectionString, container, prefix.
 */
struct BucketConfig
{
    BucketProvider provider = BucketProvider::S3;
    QString region;
    QString bucket;
    QString prefix; ///< path inside the bucket, no leading '/'; empty: the root
    QUrl endpoint;  ///< empty: the provider's default; http:// only for loopback hosts
    QString roleArn;
    QString externalId;
    AwsCredentials credentials;
    QString accountName;
    QString container;
    Secret connectionString;

    static constexpr QLatin1StringView kGcsEndpoint
        = QLatin1StringView("https://storage.googleapis.com");

    bool isAzure() const { return provider == BucketProvider::Azure; }
    /** The bucket, or the container for Azure. */
    QString storageName() const { return isAzure() ? container : bucket; }
    /** The region to sign with: the given one, "auto" for GCS when empty. */
    QString effectiveRegion() const;
    /** The endpoint to talk to for S3 and GCS: the given one, else the provider's default
     * (https://s3.<region>.amazonaws.com, kGcsEndpoint). Azure takes it from the connection
     * string. */
    QUrl effectiveEndpoint() const;
    /** The prefix with exactly one trailing '/', or empty for the root. */
    QString normalizedPrefix() const;
    /** Whether there are keys to sign requests with (always true for Azure once validated). */
    bool hasCredentials() const;

    /**
     * Checks every field the provider needs with BucketFieldValidation, in form order, and
     * returns the first problem (InvalidInput, naming the field, with a hint). For S3Role the
     * credentials are optional.
     */
    Result<void> validate() const;

    /** Lower-case name for messages, settings and the CLI: "s3", "s3-role", "gcs", "azure". */
    static QString providerName(BucketProvider provider);
    /** Display name: "AWS S3", "AWS S3 (role)", "Google Cloud Storage", "Azure Blob Storage". */
    static QString providerTitle(BucketProvider provider);
    /** The keychain key of a secret field: "bucket/<profile>/<field>". */
    static QString keychainKey(const QString &profile, const QString &field);
};

} // namespace Dbtu
