// SPDX-License-Identifier: MIT
#include "net/Redactor.h"

#include <QRegularExpression>

namespace Dbtu {

namespace {

constexpr QByteArrayView kSecretHeaders[]
    = {"authorization", "proxy-authorization", "x-amz-security-token"};

// Query parameters: at the start of a line, after '?', '&', ';' or white space; the value runs to
// the next separator. `sig` only as a whole parameter name, so `signature=` is left alone.
const QRegularExpression &queryPattern()
{
    static const QRegularExpression re(
        QStringLiteral(R"((^|[?&;\s])(X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|sig)=)"
                       R"([^&;\s"'#<>]*)"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::MultilineOption);
    return re;
}

// Connection-string parts; a SAS value holds '&' and '=', so it runs to ';' or white space.
const QRegularExpression &connectionPattern()
{
    static const QRegularExpression re(
        QStringLiteral(R"(\b(AccountKey|SharedAccessSignature)=[^;\s"']*)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// The secret parts of a connection string as AzureConnectionString reads it: it trims names and
// values, so white space may surround the '=' and fill the value, which runs to the next ';'.
const QRegularExpression &connectionPartPattern()
{
    static const QRegularExpression re(
        QStringLiteral(R"((^|;)(\s*(?:AccountKey|SharedAccessSignature)\s*=)[^;]*)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// Header lines such as "Authorization: AWS4-HMAC-SHA256 ..." or a canonical
// "x-amz-security-token:…".
const QRegularExpression &headerLinePattern()
{
    static const QRegularExpression re(
        QStringLiteral(
            R"(\b(Authorization|Proxy-Authorization|X-Amz-Security-Token)([ \t]*:[ \t]*)[^\r\n]*)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// A password in a URL's user info ("scheme://user:password@host"), in free text.
const QRegularExpression &userInfoPattern()
{
    static const QRegularExpression re(
        QStringLiteral(R"(\b([a-z][a-z0-9+.-]*://[^/\s:@?#]*):[^@\s/?#]*@)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// A bearer token on its own ("Bearer abc…", e.g. a header quoted without its name).
const QRegularExpression &bearerPattern()
{
    static const QRegularExpression re(QStringLiteral(R"(\bBearer\s+[A-Za-z0-9._~+/=-]+)"));
    return re;
}

// S3 repeats a refused session token in its error body (InvalidToken, ExpiredToken):
// <Token-0>…</Token-0>; SignatureDoesNotMatch repeats the access key ID and the signature
// (replayable for minutes): <AWSAccessKeyId>, <SignatureProvided>.
const QRegularExpression &echoedTokenPattern()
{
    static const QRegularExpression re(
        QStringLiteral(R"((<(Token-\d+|AWSAccessKeyId|SignatureProvided)>)[^<]*(</\2>))"));
    return re;
}

} // namespace

bool Redactor::isSecretHeader(QByteArrayView name)
{
    const QByteArray lower = name.toByteArray().trimmed().toLower();
    for (QByteArrayView secret : kSecretHeaders) {
        if (lower == secret) {
            return true;
        }
    }
    return false;
}

QByteArray Redactor::headerValue(QByteArrayView name, const QByteArray &value)
{
    if (isSecretHeader(name)) {
        return QByteArray(kMask.data(), kMask.size());
    }
    return text(QString::fromUtf8(value)).toUtf8();
}

QString Redactor::url(const QUrl &url)
{
    return text(url.toString(QUrl::RemovePassword | QUrl::FullyEncoded));
}

QString Redactor::connectionString(const QString &connectionString)
{
    QString out = connectionString;
    out.replace(connectionPartPattern(), QStringLiteral("\\1\\2") + kMask);
    return out.replace(connectionPattern(), QStringLiteral("\\1=") + kMask);
}

QString Redactor::text(const QString &text)
{
    QString out = text;
    out.replace(headerLinePattern(), QStringLiteral("\\1\\2") + kMask);
    out.replace(queryPattern(), QStringLiteral("\\1\\2=") + kMask);
    out.replace(connectionPattern(), QStringLiteral("\\1=") + kMask);
    out.replace(userInfoPattern(), QStringLiteral("\\1:") + kMask + QLatin1Char('@'));
    out.replace(bearerPattern(), QStringLiteral("Bearer ") + kMask);
    out.replace(echoedTokenPattern(), QStringLiteral("\\1") + kMask + QStringLiteral("\\3"));
    return out;
}

} // namespace Dbtu
