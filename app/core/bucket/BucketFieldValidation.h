// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "bucket/BucketFieldProblem.h"

#include <QList>

#include <QString>
#include <QUrl>

namespace Dbtu {

struct BucketConfig;

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
/** That the connection string @p text is for @p accountName (fine when either names none). */
Result<void> connectionStringAccount(const QString &text, const QString &accountName);
/** Whether @p host is a loopback name or address (localhost, 127.0.0.0/8, ::1). */
bool isLoopbackHost(const QString &host);

/** What the connection is checked for: a test, or a push (which needs keys of its own). */
enum class Purpose { Test, Push };

/**
 * Every problem of the connection form @p config, each tagged with its field, in the order of
 * the form (role ARN, external ID, account, connection string, container, access key, secret,
 * region, endpoint, bucket, prefix): the rules of the fields above, plus the ones across fields
 * (the role's own keys are optional but go together; the connection string must be the named
 * account's) and, for a Push through a role, the keys the app needs to write itself. Only the
 * fields of config.provider are checked; an empty endpoint is the provider's default. The
 * texts are the window's (the CLI checks with BucketConfig::validate()).
 */
QList<BucketFieldProblem> formProblems(const BucketConfig &config, Purpose purpose);

} // namespace BucketFieldValidation
} // namespace Dbtu
