// SPDX-License-Identifier: MIT
#include "net/RetryPolicy.h"

#include "net/ProxyConfig.h"

#include <QLocale>
#include <QRandomGenerator>

#include <algorithm>

namespace Dbtu {

bool RetryPolicy::shouldRetry(int attempt, int httpStatus, QNetworkReply::NetworkError error,
                              bool requestSent, bool idempotent, bool unavailableIsSafe) const
{
    if (attempt >= maxAttempts) {
        return false;
    }
    if (httpStatus == 429) {
        return true; // refused before any work was done
    }
    if (httpStatus == 503 && unavailableIsSafe) {
        return true; // "unable to handle the request": not acted on
    }
    if (httpStatus == 502 || httpStatus == 503 || httpStatus == 504) {
        return idempotent; // a gateway error: the server may have acted on it
    }
    if (httpStatus != 0) {
        return false;
    }
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
        return true; // nothing reached the server
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::ContentReSendError: // closed after the body went out (OneShotBody)
    case QNetworkReply::UnknownNetworkError:
        // The connection was up: the server may have got the whole request and acted on it
        // even when Qt had not reported it sent, so only a request safe to repeat goes again.
        Q_UNUSED(requestSent);
        return idempotent;
    default:
        return false;
    }
}

std::optional<std::chrono::milliseconds> RetryPolicy::parseRetryAfter(const QByteArray &value,
                                                                      const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty()) {
        return std::nullopt;
    }
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok) {
        return seconds < 0 ? std::nullopt
                           : std::optional(std::chrono::milliseconds(seconds * 1000));
    }
    // An HTTP date (IMF-fixdate), e.g. "Thu, 01 Jan 2026 12:00:30 GMT"; always UTC.
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(v),
                                             QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
    when.setTimeSpec(Qt::UTC);
    if (!when.isValid()) {
        when = QDateTime::fromString(QString::fromLatin1(v), Qt::RFC2822Date);
    }
    if (!when.isValid()) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(std::max<qint64>(0, now.msecsTo(when)));
}

std::chrono::milliseconds RetryPolicy::delay(int attempt, const QByteArray &retryAfter,
                                             const QDateTime &now) const
{
    if (const auto fromServer = parseRetryAfter(retryAfter, now)) {
        return std::min(*fromServer, maxDelay);
    }
    const qint64 base = baseDelay.count() << std::clamp(attempt - 1, 0, 16);
    // full jitter on top of the exponential step spreads clients that failed together
    const qint64 jitter = QRandomGenerator::global()->bounded(std::max<qint64>(1, base / 2));
    return std::chrono::milliseconds(std::min<qint64>(base + jitter, maxDelay.count()));
}

bool neverReachedServer(QNetworkReply::NetworkError error)
{
    if (ProxyConfig::isProxyError(error)) {
        return true; // the request went no further than the proxy
    }
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::SslHandshakeFailedError:
        return true;
    default:
        return false;
    }
}

bool mayHaveArrived(const Error &failure, QNetworkReply::NetworkError error)
{
    return failure.httpStatus == 0 && failure.code != ErrorCode::Cancelled
           && failure.code != ErrorCode::Tls && !neverReachedServer(error);
}

} // namespace Dbtu
