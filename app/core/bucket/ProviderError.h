// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "bucket/BucketConfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace Dbtu {

/**
 * A storage provider's own account of a failed request: S3 / GCS `<Error><Code>…`, Azure
 * `<Error><Code>…` or `x-ms-error-code`, plus the headers that help explain it (the server's
 * Date, x-amz-bucket-region). A value type.
 */
struct ProviderError
{
    /** What the failed request was doing: the hint for AccessDenied depends on it. */
    enum class Operation { List, Read, Write };

    int httpStatus = 0;
    QString code;    ///< "SignatureDoesNotMatch", "ContainerNotFound", ...; may be empty
    QString message; ///< the provider's message
    /** The region the bucket really is in, when the reply says (<Region>, x-amz-bucket-region). */
    QString bucketRegion;
    QDateTime serverTime; ///< the reply's Date header, when valid
    QString requestId;

    /** Reads an error reply. @p headerCode: x-ms-error-code; @p regionHeader:
     * x-amz-bucket-region; @p dateHeader: Date. A body that is no XML error is fine. */
    static ProviderError parse(int httpStatus, const QByteArray &body, const QByteArray &headerCode,
                               const QByteArray &regionHeader, const QByteArray &dateHeader);

    /** The provider refused the credentials themselves (the signature, the key, the clock), as
     * opposed to a permission or a missing bucket once signed in. */
    bool isSignInFailure() const;

    /**
     * The typed error with a hint for the user, naming the field to fix: a wrong secret or
     * clock (comparing serverTime with @p localTime), an unknown key, the missing permission
     * for @p operation, a missing bucket or container, the bucket's real region. Codes without
     * a special case fall back to httpError().
     */
    Error toError(const BucketConfig &config, Operation operation, const QString &host,
                  const QDateTime &localTime) const;
};

} // namespace Dbtu
