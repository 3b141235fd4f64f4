// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace Dbtu {

/**
 * Scrubs credentials from what may be logged or shown: URLs, header values, connection strings
 * and free text (error details, canonical requests for "Details…", crash output).
 *
 * Replaced by kMask: the values of the Authorization, Proxy-Authorization and
 * X-Amz-Security-Token headers; the query parameters X-Amz-Signature, X-Amz-Credential,
 * X-Amz-Security-Token and SAS `sig`; the connection-string parts AccountKey= and
 * SharedAccessSignature=; a URL's password; in free text also a bare `Bearer <token>` and the
 * session token S3 repeats in an error body (`<Token-0>`). Names
 * stay, so a reader still sees what was sent.
 * Stateless and thread-safe.
 */
class Redactor
{
public:
    Redactor() = delete;

    /** What a scrubbed value is replaced with. */
    static constexpr QLatin1StringView kMask = QLatin1StringView("<redacted>");

    /** True for a header whose whole value is a credential (case-insensitive name). */
    static bool isSecretHeader(QByteArrayView name);
    /** The value to log for header @p name: kMask for a secret header, else text(value). */
    static QByteArray headerValue(QByteArrayView name, const QByteArray &value);
    /** The URL in encoded form without its password and with secret query values masked. */
    static QString url(const QUrl &url);
    /** An Azure connection string with AccountKey and SharedAccessSignature masked. */
    static QString connectionString(const QString &connectionString);
    /** Free text with every pattern above masked: query parameters (in URLs or canonical query
     * strings), connection-string parts, `Name: value` header lines, a URL's password
     * (`user:<redacted>@`), a bare `Bearer <token>` and S3's `<Token-N>` echo. */
    static QString text(const QString &text);
};

} // namespace Dbtu
