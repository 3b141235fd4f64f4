// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "bucket/SigningUtil.h"
#include "secrets/Secret.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>

namespace Dbtu {

/**
 * Azure Storage SharedKey authorization for the Blob service (string-to-sign of version
 * 2015-02-21 and later).
 *
 * The canonicalized resource is "/<account>" followed by the URL's encoded path, so a path-style
 * URL (Azurite: http://127.0.0.1:10000/devstoreaccount1/container) gives the account twice, as
 * the emulator expects. A value type; sign() is const, pure (the time is passed in) and
 * thread-safe. The key is revealed only inside sign().
 */
class AzureSharedKeySigner
{
public:
    /** The x-ms-version sent when the request does not set one. */
    static constexpr QByteArrayView kApiVersion = "2021-08-06";

    struct Request
    {
        QByteArray method;   ///< GET, PUT, ...
        QUrl url;            ///< the full blob or container URL, query included
        HttpHeaders headers; ///< Content-Type, Content-Length, x-ms-blob-type, ...
    };

    struct Signature
    {
        QByteArray stringToSign;
        QByteArray canonicalizedResource;
        /** "SharedKey <account>:<base64 signature>" */
        QByteArray authorization;
        /** Set these on the request: x-ms-date and x-ms-version if they were missing, then
         * Authorization. */
        HttpHeaders headersToSet;
    };

    /** @p key is the base64 account key, as shown in the portal. */
    AzureSharedKeySigner(QString account, Secret key);

    /** Signs @p request at @p time (used for x-ms-date when the request has none). Fails on an
     * empty method or account, an invalid URL, or a key that is not base64. */
    Result<Signature> sign(const Request &request, const QDateTime &time) const;

    /** @p time as an RFC 1123 date ("Sun, 06 Nov 1994 08:49:37 GMT"), as x-ms-date wants. */
    static QByteArray httpDate(const QDateTime &time);

private:
    QString m_account;
    Secret m_key;
};

} // namespace Dbtu
