// SPDX-License-Identifier: MIT
#include "HttpError.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Dbtu {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Dbtu::HttpError", text);
}

/** The server's message: {"error": ...} / {"detail": ...} / {"message": ...}, else the text;
 * either way as bodyExcerpt() makes it safe to show. */
QString serverWords(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        for (const char *key : {"error", "detail", "message"}) {
            const QJsonValue v = doc.object().value(QLatin1String(key));
            if (v.isString()) {
                return bodyExcerpt(v.toString().toUtf8(), 200); // redacted and short, too
            }
        }
    }
    return bodyExcerpt(body, 200);
}

} // namespace

QString bodyExcerpt(const QByteArray &body, int maxChars)
{
    QString text = QString::fromUtf8(body.left(maxChars * 4)).simplified();
    // Control characters left after simplified() (NUL, a terminal's ESC sequences) could garble
    // or drive the terminal that shows the message: each becomes U+FFFD.
    for (QChar &c : text) {
        if (c.category() == QChar::Other_Control) {
            c = QChar::ReplacementCharacter;
        }
    }
    // Never echo anything that looks like a credential back into a message or log.
    static const QRegularExpression bearer(
        QStringLiteral(R"((Bearer|Token)\s+[A-Za-z0-9._~+/=-]+)"),
        QRegularExpression::CaseInsensitiveOption);
    text.replace(bearer, QStringLiteral("\\1 <redacted>"));
    if (text.size() > maxChars) {
        qsizetype keep = maxChars - 1;
        if (keep > 0 && text.at(keep - 1).isHighSurrogate()) {
            --keep; // never half of a surrogate pair (an emoji)
        }
        text = text.left(keep) + QStringLiteral("…");
    }
    return text;
}

Error httpError(int status, const QByteArray &body, const QString &what, const QString &host)
{
    Error e;
    e.httpStatus = status;
    e.detail = QStringLiteral("HTTP %1 from %2: %3").arg(status).arg(host, bodyExcerpt(body));
    const QString words = serverWords(body);
    const QString said = words.isEmpty() ? QString() : tr(" The server said: %1").arg(words);
    switch (status) {
    case 400:
        e.code = ErrorCode::InvalidInput;
        e.message = tr("%1: the server refused the request (400).%2").arg(what, said);
        e.hint = tr("Check the files and the integration; the server's message names what it "
                    "did not accept.");
        return e;
    case 401:
        e.code = ErrorCode::Unauthorized;
        e.message = tr("%1: %2 rejected the API key (401).").arg(what, host);
        e.hint = tr("Create a new API key in Secoda (Settings → API) and enter it again; check "
                    "that the URL is your workspace's region.");
        return e;
    case 403:
        e.code = ErrorCode::Forbidden;
        e.message = tr("%1: the API key is not allowed to do this (403).%2").arg(what, said);
        e.hint = tr("Use a key of a user who can edit this integration (an admin or editor).");
        return e;
    case 404:
        e.code = ErrorCode::NotFound;
        e.message = tr("%1: not found at %2 (404).").arg(what, host);
        e.hint = tr("Check the integration ID and the API URL (US, EU, APAC or your own "
                    "https://host/api/v1).");
        return e;
    case 413:
        e.code = ErrorCode::InvalidInput;
        e.message = tr("%1: the server refused a request this large (413).").arg(what);
        e.hint = tr("Self-hosted Secoda behind nginx accepts 1 MB by default; ask the admin to "
                    "raise client_max_body_size, or use the bucket option.");
        return e;
    case 429:
        e.code = ErrorCode::RateLimited;
        e.message = tr("%1: too many requests (429).").arg(what);
        e.hint = tr("Secoda allows about 30 uploads a minute; wait a minute and try again.");
        return e;
    default:
        break;
    }
    e.code = ErrorCode::ServerError;
    if (status >= 500) {
        e.message = tr("%1: the server failed (HTTP %2).%3").arg(what).arg(status).arg(said);
        e.hint = tr("This is on Secoda's side; try again in a few minutes, and check "
                    "status.secoda.co if it persists.");
    } else {
        e.message
            = tr("%1: unexpected reply HTTP %2 from %3.%4").arg(what).arg(status).arg(host, said);
        e.hint = tr("Check the API URL; the server did not answer like Secoda's API.");
    }
    return e;
}

Error networkError(QNetworkReply::NetworkError code, const QString &errorString, bool timedOut,
                   const QString &what, const QString &host)
{
    Error e;
    e.detail = errorString;
    if (timedOut) {
        e.code = ErrorCode::Timeout;
        e.message = tr("%1: %2 did not answer in time.").arg(what, host);
        e.hint = tr("Check your connection; the server may be busy. Try again.");
        return e;
    }
    switch (code) {
    case QNetworkReply::OperationCanceledError:
        e.code = ErrorCode::Cancelled;
        e.message = tr("%1 was cancelled.").arg(what);
        return e;
    case QNetworkReply::HostNotFoundError:
        e.code = ErrorCode::Network;
        e.message = tr("%1: cannot find the host %2 (DNS).").arg(what, host);
        e.hint = tr("Check the API URL for typos, and your network or VPN.");
        return e;
    case QNetworkReply::ConnectionRefusedError:
        e.code = ErrorCode::Network;
        e.message = tr("%1: %2 refused the connection.").arg(what, host);
        e.hint = tr("Check the URL and port; is the server (or the sandbox) running?");
        return e;
    case QNetworkReply::RemoteHostClosedError:
        e.code = ErrorCode::Network;
        e.message = tr("%1: %2 closed the connection before answering.").arg(what, host);
        e.hint = tr("Try again; a proxy or the server dropped the connection.");
        return e;
    case QNetworkReply::TimeoutError:
        e.code = ErrorCode::Timeout;
        e.message = tr("%1: the connection to %2 timed out.").arg(what, host);
        e.hint = tr("Check your connection and try again.");
        return e;
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::UnknownNetworkError:
        if (code == QNetworkReply::SslHandshakeFailedError
            || errorString.contains(QLatin1String("SSL"), Qt::CaseInsensitive)
            || errorString.contains(QLatin1String("TLS"), Qt::CaseInsensitive)
            || errorString.contains(QLatin1String("certificate"), Qt::CaseInsensitive)) {
            e.code = ErrorCode::Tls;
            e.message
                = tr("%1: the secure connection to %2 failed: %3").arg(what, host, errorString);
            e.hint = tr("The certificate is not trusted or the host name does not match. A "
                        "company proxy may need its root certificate installed; the app never "
                        "ignores TLS errors.");
            return e;
        }
        break;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        e.code = ErrorCode::Network;
        e.message = tr("%1: the proxy failed: %2").arg(what, errorString);
        e.hint = tr("Check the proxy settings (HTTPS_PROXY / system proxy) and its credentials.");
        return e;
    default:
        break;
    }
    e.code = ErrorCode::Network;
    e.message = tr("%1: network error talking to %2: %3").arg(what, host, errorString);
    e.hint = tr("Check your connection and the API URL, then try again.");
    return e;
}

} // namespace Dbtu
