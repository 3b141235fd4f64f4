// SPDX-License-Identifier: MIT
#include "bucket/BucketClient.h"

#include "Translator.h"
#include "bucket/AzureSharedKeySigner.h"
#include "bucket/SigV4Signer.h"

#include <QLocale>
#include <QTimeZone>
#include <QXmlStreamReader>

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::BucketClient"};

QByteArray encodeQuery(const QList<QPair<QByteArray, QByteArray>> &items)
{
    QByteArray out;
    for (const auto &item : items) {
        if (!out.isEmpty()) {
            out += '&';
        }
        out += SigV4Signer::uriEncode(item.first, false);
        out += '=';
        out += SigV4Signer::uriEncode(item.second, false);
    }
    return out;
}

// The Host header exactly as Qt sends it: the port only when it is not the scheme's default.
QByteArray hostHeader(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toUtf8();
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    if (url.port() != -1 && url.port() != defaultPort) {
        host += ':' + QByteArray::number(url.port());
    }
    return host;
}

void setHeaders(QNetworkRequest &request, const HttpHeaders &headers)
{
    for (const HttpHeader &h : headers) {
        // Host and Content-Length are signed, but Qt sets them itself (from the URL and body).
        if (h.first.compare("host", Qt::CaseInsensitive) != 0
            && h.first.compare("content-length", Qt::CaseInsensitive) != 0) {
            request.setRawHeader(h.first, h.second);
        }
    }
}

QDateTime parseIso(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid()) {
        t = QDateTime::fromString(text, Qt::ISODate);
    }
    return t.toUTC();
}

QDateTime parseRfc1123(const QString &text)
{
    QDateTime t = QLocale::c().toDateTime(text.trimmed(),
                                          QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    t.setTimeSpec(Qt::UTC);
    return t;
}

} // namespace

BucketClient::BucketClient(BucketConfig config)
    : m_config(std::move(config))
{}

Result<BucketClient> BucketClient::create(BucketConfig config)
{
    if (Result<void> valid = config.validate(); !valid) {
        return valid.error();
    }
    BucketClient client(std::move(config));
    if (client.m_config.isAzure()) {
        Result<AzureConnectionString> parsed = AzureConnectionString::parse(
            QString::fromUtf8(client.m_config.connectionString.reveal()));
        if (!parsed) {
            return parsed.error();
        }
        client.m_azure = parsed.value();
        if (client.m_config.accountName.isEmpty()) {
            client.m_config.accountName = parsed.value().accountName;
        }
    }
    return client;
}

QDateTime BucketClient::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

QString BucketClient::host() const
{
    return m_azure ? m_azure->blobEndpoint.host() : m_config.effectiveEndpoint().host();
}

QString BucketClient::objectKey(const QString &fileName) const
{
    return m_config.normalizedPrefix() + fileName;
}

QString BucketClient::location(const QString &key) const
{
    QString scheme;
    QString root = m_config.storageName();
    switch (m_config.provider) {
    case BucketProvider::S3:
    case BucketProvider::S3Role:
        scheme = QStringLiteral("s3");
        break;
    case BucketProvider::Gcs:
        scheme = QStringLiteral("gs");
        break;
    case BucketProvider::Azure:
        scheme = QStringLiteral("azure");
        root = m_config.accountName + QLatin1Char('/') + m_config.container;
        break;
    }
    return QStringLiteral("%1://%2/%3")
        .arg(scheme, root, key.isNull() ? m_config.normalizedPrefix() : key);
}

bool BucketClient::needsPayloadHash() const
{
    return !m_azure && m_config.effectiveEndpoint().scheme() != QLatin1String("https");
}

Result<QNetworkRequest> BucketClient::s3Request(const QByteArray &method, const QString &key,
                                                const QueryItems &query, const HttpHeaders &headers,
                                                const QByteArray &payloadHash) const
{
    QUrl url = m_config.effectiveEndpoint();
    QString path;
    const bool virtualHosted = m_config.endpoint.isEmpty()
                               && m_config.provider != BucketProvider::Gcs
                               && !m_config.bucket.contains(QLatin1Char('.'));
    if (virtualHosted) {
        url.setHost(m_config.bucket + QLatin1Char('.') + url.host());
        path = QLatin1Char('/') + key;
    } else {
        path = url.path() + QLatin1Char('/') + m_config.bucket
               + (key.isEmpty() ? QString() : QLatin1Char('/') + key);
    }
    url.setPath(QString::fromLatin1(SigV4Signer::uriEncode(path.toUtf8(), true)), QUrl::StrictMode);
    const QByteArray queryText = encodeQuery(query);
    if (!queryText.isEmpty()) {
        url.setQuery(QString::fromLatin1(queryText), QUrl::StrictMode);
    }

    SigV4Signer::Request toSign;
    toSign.method = method;
    toSign.path = path;
    toSign.query = QString::fromLatin1(queryText);
    toSign.headers = {{"Host", hostHeader(url)}};
    toSign.payloadHash = payloadHash;
    SigV4Signer signer(m_config.credentials, m_config.effectiveRegion(), QStringLiteral("s3"));
    Result<SigV4Signer::Signature> signature = signer.sign(toSign, now());
    if (!signature) {
        return signature.error();
    }
    QNetworkRequest request(url);
    setHeaders(request, headers);
    setHeaders(request, signature.value().headersToSet);
    return request;
}

Result<QNetworkRequest> BucketClient::azureRequest(const QByteArray &method, const QString &key,
                                                   const QueryItems &query,
                                                   HttpHeaders headers) const
{
    QUrl url = m_azure->blobEndpoint;
    const QString path = url.path() + QLatin1Char('/') + m_config.container
                         + (key.isEmpty() ? QString() : QLatin1Char('/') + key);
    url.setPath(QString::fromLatin1(SigV4Signer::uriEncode(path.toUtf8(), true)), QUrl::StrictMode);
    QByteArray queryText = encodeQuery(query);
    if (m_azure->usesSas()) {
        QByteArray sas = m_azure->sharedAccessSignature.reveal().toByteArray();
        if (sas.startsWith('?')) {
            sas.remove(0, 1);
        }
        queryText += (queryText.isEmpty() ? "" : "&") + sas;
        SigningUtil::wipe(sas);
    }
    if (!queryText.isEmpty()) {
        url.setQuery(QString::fromLatin1(queryText), QUrl::StrictMode);
    }
    QNetworkRequest request(url);
    if (m_azure->usesSas()) {
        headers.append({"x-ms-date", AzureSharedKeySigner::httpDate(now())});
        headers.append({"x-ms-version", AzureSharedKeySigner::kApiVersion.toByteArray()});
        setHeaders(request, headers);
        return request;
    }
    AzureSharedKeySigner signer(m_azure->accountName, m_azure->accountKey);
    Result<AzureSharedKeySigner::Signature> signature = signer.sign({method, url, headers}, now());
    if (!signature) {
        return signature.error();
    }
    setHeaders(request, headers);
    setHeaders(request, signature.value().headersToSet);
    return request;
}

Result<QNetworkRequest> BucketClient::listRequest(const QString &prefix,
                                                  const QString &marker) const
{
    QueryItems query;
    if (m_azure) {
        query = {{"restype", "container"}, {"comp", "list"}};
        if (!prefix.isEmpty()) {
            query.append({"prefix", prefix.toUtf8()});
        }
        if (!marker.isEmpty()) {
            query.append({"marker", marker.toUtf8()});
        }
        return azureRequest("GET", QString(), query, {{"Content-Length", ""}});
    }
    query = {{"list-type", "2"}};
    if (!prefix.isEmpty()) {
        query.append({"prefix", prefix.toUtf8()});
    }
    if (!marker.isEmpty()) {
        query.append({"continuation-token", marker.toUtf8()});
    }
    return s3Request("GET", QString(), query, {}, SigningUtil::sha256Hex(QByteArray()));
}

Result<QNetworkRequest> BucketClient::getRequest(const QString &key, qint64 maxBytes) const
{
    const QByteArray range = "bytes=0-" + QByteArray::number(qMax<qint64>(maxBytes, 1) - 1);
    if (m_azure) {
        return azureRequest("GET", key, {}, {{"Content-Length", ""}, {"x-ms-range", range}});
    }
    return s3Request("GET", key, {}, {{"Range", range}}, SigningUtil::sha256Hex(QByteArray()));
}

Result<QNetworkRequest> BucketClient::putRequest(const QString &key, qint64 size,
                                                 const QByteArray &sha256Hex,
                                                 const QByteArray &contentType) const
{
    if (!m_azure && sha256Hex.isEmpty() && needsPayloadHash()) {
        // S3 takes UNSIGNED-PAYLOAD only where TLS protects the body; never sign one over http.
        return Error::invalidInput(
            tr("An upload to %1 over plain http needs the file's SHA-256.")
                .arg(m_config.effectiveEndpoint().toString()),
            tr("Use an https endpoint; over http the uploader must hash the file first "
               "(if you see this, please report it)."));
    }
    Result<QNetworkRequest> request
        = m_azure ? azureRequest("PUT", key, {},
                                 {{"Content-Length", QByteArray::number(size)},
                                  {"Content-Type", contentType},
                                  {"x-ms-blob-type", "BlockBlob"}})
                  : s3Request("PUT", key, {}, {{"Content-Type", contentType}},
                              sha256Hex.isEmpty() ? SigV4Signer::kUnsignedPayload.toByteArray()
                                                  : sha256Hex);
    if (request) {
        request.value().setHeader(QNetworkRequest::ContentLengthHeader, size);
        request.value().setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    }
    return request;
}

Result<QNetworkRequest> BucketClient::putBlockRequest(const QString &key, const QByteArray &blockId,
                                                      qint64 size) const
{
    Result<QNetworkRequest> request
        = azureRequest("PUT", key, {{"comp", "block"}, {"blockid", blockId.toBase64()}},
                       {{"Content-Length", QByteArray::number(size)}});
    if (request) {
        request.value().setHeader(QNetworkRequest::ContentLengthHeader, size);
    }
    return request;
}

Result<QNetworkRequest> BucketClient::putBlockListRequest(const QString &key, qint64 bodySize) const
{
    Result<QNetworkRequest> request = azureRequest(
        "PUT", key, {{"comp", "blocklist"}},
        {{"Content-Length", QByteArray::number(bodySize)}, {"Content-Type", "application/xml"}});
    if (request) {
        request.value().setHeader(QNetworkRequest::ContentLengthHeader, bodySize);
        request.value().setHeader(QNetworkRequest::ContentTypeHeader,
                                  QByteArray("application/xml"));
    }
    return request;
}

QByteArray BucketClient::blockListBody(const QList<QByteArray> &blockIds)
{
    QByteArray body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
    for (const QByteArray &id : blockIds) {
        body += "<Latest>" + id.toBase64() + "</Latest>";
    }
    return body + "</BlockList>";
}

Result<BucketListing> BucketClient::parseListing(const QByteArray &body) const
{
    // S3: ListBucketResult/Contents/{Key,LastModified,Size}, NextContinuationToken.
    // Azure: EnumerationResults/Blobs/Blob/{Name,Properties/{Last-Modified,Content-Length}},
    // NextMarker.
    BucketListing listing;
    QXmlStreamReader xml(body);
    QStringList path;
    BucketObject current;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            path << xml.name().toString();
            if (path.size() >= 2
                && (path.last() == QLatin1String("Contents")
                    || path.last() == QLatin1String("Blob"))) {
                current = BucketObject();
            }
        } else if (token == QXmlStreamReader::EndElement) {
            if (path.last() == QLatin1String("Contents") || path.last() == QLatin1String("Blob")) {
                listing.objects.append(current);
            }
            path.removeLast();
        } else if (token == QXmlStreamReader::Characters && !path.isEmpty()) {
            const QString &name = path.last();
            const QString text = xml.text().toString();
            if (name == QLatin1String("Key") || name == QLatin1String("Name")) {
                if (path.size() >= 2
                    && (path[path.size() - 2] == QLatin1String("Contents")
                        || path[path.size() - 2] == QLatin1String("Blob"))) {
                    current.key += text;
                }
            } else if (name == QLatin1String("Size") || name == QLatin1String("Content-Length")) {
                current.size = text.toLongLong();
            } else if (name == QLatin1String("LastModified")) {
                current.lastModified = parseIso(text);
            } else if (name == QLatin1String("Last-Modified")) {
                current.lastModified = parseRfc1123(text);
            } else if (name == QLatin1String("NextContinuationToken")
                       || (name == QLatin1String("NextMarker") && path.size() == 2)) {
                listing.nextMarker += text;
            }
        }
    }
    if (xml.hasError()) {
        return Error{ErrorCode::ServerError,
                     tr("The listing of %1 is not valid XML.").arg(location()),
                     tr("Is the endpoint a %1 endpoint?")
                         .arg(BucketConfig::providerTitle(m_config.provider)),
                     xml.errorString(), 200};
    }
    return listing;
}

ProviderError BucketClient::parseError(const QNetworkReply &reply, const QByteArray &body) const
{
    return ProviderError::parse(reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                                body, reply.rawHeader("x-ms-error-code"),
                                reply.rawHeader("x-amz-bucket-region"), reply.rawHeader("Date"));
}

} // namespace Dbtu
