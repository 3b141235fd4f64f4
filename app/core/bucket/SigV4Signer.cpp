// SPDX-License-Identifier: MIT
#include "bucket/SigV4Signer.h"

#include <algorithm>
#include <utility>

namespace Dbtu {

namespace {

constexpr QByteArrayView kAlgorithm = "AWS4-HMAC-SHA256";
constexpr int kMaxPresignSeconds = 7 * 24 * 3600;

using QueryParam = QPair<QByteArray, QByteArray>; // decoded key and value

// Headers never signed: the signer's own, and hop-by-hop or proxy-rewritten ones that would
// break the signature in transit.
bool isSignable(const QByteArray &lowerName)
{
    static const QByteArrayView skipped[] = {"authorization",     "connection", "expect",
                                             "transfer-encoding", "user-agent", "x-amzn-trace-id"};
    return std::none_of(std::begin(skipped), std::end(skipped),
                        [&](QByteArrayView s) { return lowerName == s; });
}

// Dot-segment removal (RFC 3986 5.2.4) and `//` collapsing, keeping a trailing slash.
QString normalizePath(const QString &path)
{
    QStringList kept;
    const QStringList segments = path.split(QLatin1Char('/'));
    for (const QString &s : segments) {
        if (s.isEmpty() || s == QLatin1String(".")) {
            continue;
        }
        if (s == QLatin1String("..")) {
            if (!kept.isEmpty()) {
                kept.removeLast();
            }
            continue;
        }
        kept << s;
    }
    QString out = QLatin1Char('/') + kept.join(QLatin1Char('/'));
    const bool trailing = path.endsWith(QLatin1Char('/')) || path.endsWith(QLatin1String("/."))
                          || path.endsWith(QLatin1String("/.."));
    if (trailing && !kept.isEmpty()) {
        out += QLatin1Char('/');
    }
    return out;
}

QList<QueryParam> parseQuery(const QString &query)
{
    QList<QueryParam> params;
    const QStringList parts = query.split(QLatin1Char('&'), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        const QString key = eq < 0 ? part : part.left(eq);
        const QString value = eq < 0 ? QString() : part.mid(eq + 1);
        params.append({QByteArray::fromPercentEncoding(key.toUtf8()),
                       QByteArray::fromPercentEncoding(value.toUtf8())});
    }
    return params;
}

QByteArray encodeQuery(const QList<QueryParam> &params)
{
    QList<QueryParam> encoded;
    encoded.reserve(params.size());
    for (const QueryParam &p : params) {
        encoded.append(
            {SigV4Signer::uriEncode(p.first, false), SigV4Signer::uriEncode(p.second, false)});
    }
    std::sort(encoded.begin(), encoded.end());
    QByteArray out;
    for (const QueryParam &p : std::as_const(encoded)) {
        if (!out.isEmpty()) {
            out += '&';
        }
        out += p.first + '=' + p.second;
    }
    return out;
}

} // namespace

SigV4Signer::SigV4Signer(AwsCredentials credentials, QString region, QString service,
                         Options options)
    : m_credentials(std::move(credentials))
    , m_region(std::move(region))
    , m_service(std::move(service))
    , m_options(options)
{}

Result<SigV4Signer::Signature> SigV4Signer::sign(const Request &request,
                                                 const QDateTime &time) const
{
    return signImpl(request, time, 0);
}

Result<SigV4Signer::Signature> SigV4Signer::presign(const Request &request, const QDateTime &time,
                                                    int expiresSeconds) const
{
    if (expiresSeconds < 1 || expiresSeconds > kMaxPresignSeconds) {
        return Error::invalidInput(
            QObject::tr("A presigned URL must expire within 1 s to 7 days, not %1 s.")
                .arg(expiresSeconds),
            QObject::tr("Choose an expiry between 1 and 604800 seconds."));
    }
    return signImpl(request, time, expiresSeconds);
}

QByteArray SigV4Signer::uriEncode(QByteArrayView bytes, bool keepSlash)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(bytes.size() * 3);
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                                || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
                                || c == '~' || (keepSlash && c == '/');
        if (unreserved) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

QByteArray SigV4Signer::canonicalUri(const QString &path, bool normalize)
{
    const QString p = normalize ? normalizePath(path) : path;
    return p.isEmpty() ? QByteArray("/") : uriEncode(p.toUtf8(), true);
}

QByteArray SigV4Signer::canonicalQuery(const QString &query)
{
    return encodeQuery(parseQuery(query));
}

Result<SigV4Signer::Signature> SigV4Signer::signImpl(const Request &request, const QDateTime &time,
                                                     int expiresSeconds) const
{
    const bool presigning = expiresSeconds > 0;
    const QString fix = QObject::tr("Check the bucket settings.");
    if (request.method.isEmpty()) {
        return Error::invalidInput(QObject::tr("The request to sign has no HTTP method."), fix);
    }
    if (m_credentials.accessKeyId.isEmpty() || m_credentials.secretAccessKey.isEmpty()) {
        return Error::invalidInput(
            QObject::tr("The access key ID or the secret access key is empty."),
            QObject::tr("Enter both parts of the HMAC key in the bucket settings."));
    }
    if (m_region.isEmpty() || m_service.isEmpty()) {
        return Error::invalidInput(QObject::tr("The region or the service to sign for is empty."),
                                   fix);
    }
    if (!time.isValid()) {
        return Error::invalidInput(QObject::tr("The signing time is invalid."), fix);
    }
    const bool hasHost
        = std::any_of(request.headers.begin(), request.headers.end(),
                      [](const HttpHeader &h) { return h.first.trimmed().toLower() == "host"; });
    if (!hasHost) {
        return Error::invalidInput(QObject::tr("The request to sign has no Host header."), fix);
    }

    const QByteArray amzDate
        = time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
    const QByteArray scope
        = amzDate.left(8) + '/' + m_region.toUtf8() + '/' + m_service.toUtf8() + "/aws4_request";
    const QByteArray credential = m_credentials.accessKeyId.toUtf8() + '/' + scope;
    const bool tokenSigned
        = !m_credentials.sessionToken.isEmpty() && m_options.sessionToken == SessionToken::Signed;
    const QByteArray token = m_credentials.sessionToken.reveal().toByteArray();

    QByteArray payloadHash = request.payloadHash;
    if (payloadHash.isEmpty()) {
        payloadHash = SigningUtil::sha256Hex(request.body);
    }

    // The caller's headers, minus the ones the signer sets itself.
    HttpHeaders headers;
    for (const HttpHeader &h : request.headers) {
        const QByteArray lower = h.first.trimmed().toLower();
        if (lower != "x-amz-date" && lower != "x-amz-security-token"
            && lower != "x-amz-content-sha256") {
            headers.append(h);
        }
    }
    Signature out;
    if (!presigning) {
        out.headersToSet.append({"X-Amz-Date", amzDate});
        if (m_options.addContentSha256) {
            out.headersToSet.append({"X-Amz-Content-SHA256", payloadHash});
        }
        if (!token.isEmpty()) {
            out.headersToSet.append({"X-Amz-Security-Token", token});
        }
        for (const HttpHeader &h : std::as_const(out.headersToSet)) {
            if (h.first != "X-Amz-Security-Token" || tokenSigned) {
                headers.append(h);
            }
        }
    }

    const QMap<QByteArray, QByteArray> canonical
        = SigningUtil::canonicalHeaders(headers, isSignable);
    QByteArray canonicalHeaderLines;
    for (auto it = canonical.begin(); it != canonical.end(); ++it) {
        canonicalHeaderLines += it.key() + ':' + it.value() + '\n';
    }
    out.signedHeaders = canonical.keys().join(';');

    QList<QueryParam> params = parseQuery(request.query);
    if (presigning) {
        params.append({"X-Amz-Algorithm", kAlgorithm.toByteArray()});
        params.append({"X-Amz-Credential", credential});
        params.append({"X-Amz-Date", amzDate});
        params.append({"X-Amz-Expires", QByteArray::number(expiresSeconds)});
        params.append({"X-Amz-SignedHeaders", out.signedHeaders});
        if (tokenSigned) {
            params.append({"X-Amz-Security-Token", token});
        }
    }
    const QByteArray query = encodeQuery(params);

    out.canonicalRequest
        = request.method + '\n' + canonicalUri(request.path, m_options.normalizePath) + '\n' + query
          + '\n' + canonicalHeaderLines + '\n' + out.signedHeaders + '\n' + payloadHash;
    out.stringToSign = kAlgorithm.toByteArray() + '\n' + amzDate + '\n' + scope + '\n'
                       + SigningUtil::sha256Hex(out.canonicalRequest);

    QByteArray key = "AWS4" + m_credentials.secretAccessKey.reveal().toByteArray();
    QByteArray signingKey = SigningUtil::hmacSha256(key, amzDate.left(8));
    SigningUtil::wipe(key);
    for (const QString &part : {m_region, m_service, QStringLiteral("aws4_request")}) {
        QByteArray next = SigningUtil::hmacSha256(signingKey, part.toUtf8());
        SigningUtil::wipe(signingKey);
        signingKey = std::move(next);
    }
    out.signature = SigningUtil::hmacSha256(signingKey, out.stringToSign).toHex();
    SigningUtil::wipe(signingKey);

    if (presigning) {
        out.presignedQuery = query + "&X-Amz-Signature=" + out.signature;
        if (!token.isEmpty() && !tokenSigned) {
            out.presignedQuery += "&X-Amz-Security-Token=" + uriEncode(token, false);
        }
    } else {
        out.authorization = kAlgorithm.toByteArray() + " Credential=" + credential
                            + ", SignedHeaders=" + out.signedHeaders
                            + ", Signature=" + out.signature;
        out.headersToSet.append({"Authorization", out.authorization});
    }
    return out;
}

} // namespace Dbtu
