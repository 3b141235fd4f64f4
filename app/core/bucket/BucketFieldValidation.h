// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"

#include <QString>
#include <QUrl>

namespace Dbtu {

/**
 * Checks of single bucket-form fields, with the reason when a value is refused. Each returns an
 * InvalidInput Error whose message names the field and the broken rule, and whose hint shows a
 * valid example; the GUI shows them next to the field. Pure and thread-safe.
 */
namespace BucketFieldValidation {

/** AWS S3 bucket naming rules (3-63 chars, lower case, digits, '.', '-', ...). */
Result<void> s3BucketName(const QString &name);
/** Google Cloud Storage bucket naming rules ('_' allowed, dotted names up to 222 chars, no
 * "goog" prefix, no "google"). */
Result<void> gcsBucketName(const QString &name);
/** Azure container naming rules (3-63 chars, lower case, digits, single '-'; or $root). */
Result<void> azureContainerName(const QString &name);
/** Azure storage account name: 3-24 lower-case letters and digits. */
Result<void> azureAccountName(const QString &name);
/** An AWS region name such as eu-west-1, us-gov-west-1, cn-north-1. */
Result<void> awsRegion(const QString &region);
/** A GCS location as S3 tools name it: "auto", or a location such as us-central1, eu. */
Result<void> gcsRegion(const QString &region);
/** An IAM role ARN: arn:aws[-cn|-us-gov]:iam::<12 digits>:role/[path/]name. */
Result<void> roleArn(const QString &arn);
/** An sts:ExternalId value: 2-1224 chars of letters, digits and +=,.@:/-. */
Result<void> externalId(const QString &id);
/** An access key ID (AWS) or HMAC access id (GCS): 16-128 letters and digits. */
Result<void> accessKeyId(const QString &id);
/** The path inside the bucket: no leading '/', no empty segment, no "." or "..", no control
 * characters, at most 900 bytes. Empty is fine (the root). */
Result<void> prefix(const QString &prefix);
/** An endpoint URL: https, or http only for a loopback host; no query or fragment. */
Result<void> endpoint(const QUrl &url);
/** An Azure connection string of any documented form (see AzureConnectionString). */
Result<void> connectionString(const QString &text);
/** Whether @p host is a loopback name or address (localhost, 127.0.0.0/8, ::1). */
bool isLoopbackHost(const QString &host);

} // namespace BucketFieldValidation
} // namespace Dbtu
