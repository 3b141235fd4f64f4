// SPDX-License-Identifier: MIT
#include "bucket/AzureSharedKeySigner.h"

#include <QLocale>
#include <QMap>
#include <QUrlQuery>

#include <utility>

namespace Dbtu {

namespace {

// The standard headers of the string-to-sign, in order (after the verb).
constexpr QByteArrayView kStandardHeaders[] = {"content-encoding",
                                               "content-language",
                                               "content-length",
                                               "content-md5",
                                               "content-type",
                                               "date",
                                               "if-modified-since",
                                               "if-match",
                                               "if-none-match",
                                               "if-unmodified-since",
                                               "range"};

QByteArray canonicalizedResource(const QString &account, const QUrl &url)
{
    QByteArray out = '/' + account.toUtf8() + url.path(QUrl::FullyEncoded).toUtf8();
    if (url.path().isEmpty()) {
        out += '/';
    }
    // Query parameters: names lower-cased and sorted, values decoded, several values of one name
    // sorted and joined with ','.
    QMap<QString, QStringList> params;
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (const auto &item : items) {
        params[item.first.toLower()] << item.second;
    }
    for (auto it = params.begin(); it != params.end(); ++it) {
        QStringList values = it.value();
        values.sort();
        out += '\n' + it.key().toUtf8() + ':' + values.join(QLatin1Char(',')).toUtf8();
    }
    return out;
}

} // namespace

AzureSharedKeySigner::AzureSharedKeySigner(QString account, Secret key)
    : m_account(std::move(account))
    , m_key(std::move(key))
{}

QByteArray AzureSharedKeySigner::httpDate(const QDateTime &time)
{
    return QLocale::c()
        .toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
        .toLatin1();
}

Result<AzureSharedKeySigner::Signature> AzureSharedKeySigner::sign(const Request &request,
                                                                   const QDateTime &time) const
{
    const QString fix = QObject::tr("Check the Azure connection string in the bucket settings.");
    if (request.method.isEmpty() || m_account.isEmpty()) {
        return Error::invalidInput(
            QObject::tr("The request to sign has no HTTP method or account name."), fix);
    }
    if (!request.url.isValid() || request.url.host().isEmpty()) {
        return Error::invalidInput(QObject::tr("The URL to sign is not valid: %1")
                                       .arg(request.url.toDisplayString(QUrl::RemoveQuery)),
                                   fix);
    }
    if (!time.isValid()) {
        return Error::invalidInput(QObject::tr("The signing time is invalid."), fix);
    }
    QByteArray key;
    {
        auto decoded = QByteArray::fromBase64Encoding(m_key.reveal().toByteArray(),
                                                      QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty()) {
            SigningUtil::wipe(decoded.decoded);
            return Error::invalidInput(QObject::tr("The Azure account key is not valid base64."),
                                       fix);
        }
        key = std::move(decoded.decoded);
    }

    Signature out;
    HttpHeaders headers = request.headers;
    const auto has = [&](QByteArrayView name) {
        return std::any_of(headers.begin(), headers.end(), [&](const HttpHeader &h) {
            return h.first.trimmed().toLower() == name;
        });
    };
    if (!has("x-ms-date")) {
        out.headersToSet.append({"x-ms-date", httpDate(time)});
    }
    if (!has("x-ms-version")) {
        out.headersToSet.append({"x-ms-version", kApiVersion.toByteArray()});
    }
    headers += out.headersToSet;

    const auto standard = SigningUtil::canonicalHeaders(headers, [](const QByteArray &name) {
        return std::find(std::begin(kStandardHeaders), std::end(kStandardHeaders), name)
               != std::end(kStandardHeaders);
    });
    const auto msHeaders = SigningUtil::canonicalHeaders(
        headers, [](const QByteArray &name) { return name.startsWith("x-ms-"); });

    out.stringToSign = request.method.toUpper() + '\n';
    for (QByteArrayView name : kStandardHeaders) {
        QByteArray value = standard.value(name.toByteArray());
        if (name == "content-length" && value == "0") {
            value.clear(); // version 2015-02-21 and later: empty, not "0"
        }
        out.stringToSign += value + '\n';
    }
    for (auto it = msHeaders.begin(); it != msHeaders.end(); ++it) {
        out.stringToSign += it.key() + ':' + it.value() + '\n';
    }
    out.canonicalizedResource = canonicalizedResource(m_account, request.url);
    out.stringToSign += out.canonicalizedResource;

    const QByteArray mac = SigningUtil::hmacSha256(key, out.stringToSign).toBase64();
    SigningUtil::wipe(key);
    out.authorization = "SharedKey " + m_account.toUtf8() + ':' + mac;
    out.headersToSet.append({"Authorization", out.authorization});
    return out;
}

} // namespace Dbtu
