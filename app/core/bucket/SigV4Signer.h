// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "bucket/AwsCredentials.h"
#include "bucket/SigningUtil.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace Dbtu {

/**
 * AWS Signature Version 4 (AWS4-HMAC-SHA256), by Authorization header or by presigned URL.
 *
 * A value type holding the credentials, region and service; sign() and presign() are const,
 * pure (the time is passed in) and thread-safe. The secret key is revealed only inside them.
 * The results keep the canonical request and string to sign for tests and for "Details…";
 * with a session token they hold it in clear where the protocol sends it, so pass anything
 * shown or logged through Redactor.
 */
class SigV4Signer
{
public:
    /** Where a session token goes (the CRT suite's `omit_session_token`). */
    enum class SessionToken {
        Signed,            ///< X-Amz-Security-Token is part of the canonical request
        AddedAfterSigning, ///< added to the request after the signature is computed
    };

    /** Path handling and extra headers; s3() and generic() are the two presets. */
    struct Options
    {
        /** false (S3 and the GCS XML API): the path is encoded once, exactly as given, `//`
         * and `/./` kept. true (every other AWS service): RFC 3986 dot-segment removal and `//`
         * collapsing first; give such services the path as sent on the wire (already encoded),
         * and encoding it again is the "double encoding" they expect. */
        bool normalizePath = false;
        /** Header signing also sends (and signs) x-amz-content-sha256, as S3 and GCS require. */
        bool addContentSha256 = true;
        SessionToken sessionToken = SessionToken::Signed;

        static Options s3() { return Options{}; }
        static Options generic() { return Options{true, false, SessionToken::Signed}; }
    };

    /** What is signed. */
    struct Request
    {
        QByteArray method;   ///< GET, PUT, ...
        QString path;        ///< "/bucket/key", not percent-encoded (see Options::normalizePath)
        QString query;       ///< without '?'; encoded or not, it is decoded and re-encoded
        HttpHeaders headers; ///< must hold Host; the signer adds X-Amz-Date etc. itself
        /** Hex SHA-256 of the body, or kUnsignedPayload (what S3 presigned URLs use); empty:
         * the hash of body is computed. */
        QByteArray payloadHash;
        QByteArray body; ///< used only when payloadHash is empty
    };

    /** The signature and everything needed to send it, plus the intermediate steps. */
    struct Signature
    {
        QByteArray canonicalRequest;
        QByteArray stringToSign;
        QByteArray signedHeaders; ///< "host;x-amz-date"
        QByteArray signature;     ///< lower-case hex
        /** Header signing: set these on the request (X-Amz-Date, X-Amz-Content-SHA256,
         * X-Amz-Security-Token as needed, and Authorization last). Presigning: the headers that
         * were signed and must be sent unchanged are the caller's own; this list is empty. */
        HttpHeaders headersToSet;
        /** Header signing: the Authorization header value. */
        QByteArray authorization;
        /** Presigning: the complete query string (encoded, without '?') to put on the URL. */
        QByteArray presignedQuery;
    };

    SigV4Signer(AwsCredentials credentials, QString region, QString service,
                Options options = Options::s3());

    /** Signs with an Authorization header at @p time (UTC). Fails on a missing Host header,
     * empty method, access key or secret, or an invalid time. */
    Result<Signature> sign(const Request &request, const QDateTime &time) const;
    /** Signs into the query string, valid for @p expiresSeconds (1 to 604800). */
    Result<Signature> presign(const Request &request, const QDateTime &time,
                              int expiresSeconds) const;

    /** Percent-encodes every byte outside A-Z a-z 0-9 - . _ ~ (and '/' when @p keepSlash),
     * upper-case hex, as SigV4 requires. */
    static QByteArray uriEncode(QByteArrayView bytes, bool keepSlash);
    /** The canonical URI of @p path (see Options::normalizePath). */
    static QByteArray canonicalUri(const QString &path, bool normalize);
    /** The canonical query string: decoded, re-encoded, sorted by key then value. */
    static QByteArray canonicalQuery(const QString &query);

    static constexpr QByteArrayView kUnsignedPayload = "UNSIGNED-PAYLOAD";

private:
    Result<Signature> signImpl(const Request &request, const QDateTime &time,
                               int expiresSeconds) const;

    AwsCredentials m_credentials;
    QString m_region;
    QString m_service;
    Options m_options;
};

} // namespace Dbtu
