// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace Dbtu {

/**
 * The documents a user pastes into AWS or GCS to let Secoda read the bucket, generated with
 * the user's bucket (and external ID) filled in. Every JSON document is valid JSON, indented.
 * Pure functions.
 */
namespace PolicyDocuments {

/** The AWS account Secoda assumes roles from. */
constexpr QLatin1StringView kSecodaAwsAccount = QLatin1StringView("482836992928");

/** IAM user policy: s3:PutObject, PutObjectAcl, ListBucket, GetObject, GetObjectAcl,
 * DeleteObject on the bucket ARN and on every object in it. */
QByteArray iamUserPolicy(const QString &bucket);
/** The role's permissions policy: s3:GetObject and s3:ListBucket on the bucket and its objects. */
QByteArray rolePermissionsPolicy(const QString &bucket);
/**
 * The policy for the identity that pushes the artifacts (dbt Uploader's own keys, a CI user):
 * s3:PutObject on arn:aws:s3:::B/P* and s3:ListBucket on the bucket limited by the condition
 * s3:prefix StringLike P*, nothing else (no delete, no read). @p prefix is the normalized prefix
 * ("dbt/") or empty for the whole bucket (no condition then).
 */
QByteArray uploaderPolicy(const QString &bucket, const QString &prefix);
/** The role's trust policy: principal arn:aws:iam::482836992928:root, condition
 * sts:ExternalId = @p externalId. */
QByteArray roleTrustPolicy(const QString &externalId);
/** GCS cors.json: origin *, methods GET POST PUT DELETE OPTIONS, response header
 * Content-Type, max age 3600 s. */
QByteArray gcsCors();
/** The command that applies it: gsutil cors set cors.json gs://B */
QString gcsCorsCommand(const QString &bucket);

} // namespace PolicyDocuments
} // namespace Dbtu
