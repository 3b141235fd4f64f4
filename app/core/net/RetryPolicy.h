// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QByteArray>
#include <QDateTime>
#include <QNetworkReply>

#include <chrono>
#include <optional>

namespace Dbtu {

/**
 * When to try a request again and how long to wait, with exponential backoff and jitter,
 * honouring Retry-After, at most maxAttempts in all. A request safe to repeat (a GET, a bucket
 * PUT) is retried on 429, 502, 503, 504, a refused connection and a connection that closed. A
 * request that is not (every POST: an upload, a trigger) is sent again only when it surely did
 * not reach the server: 429 (refused before any work), a connection that was never made, and,
 * when @p unavailableIsSafe, 503 (the server said it could not handle it).
 */
struct RetryPolicy
{
    int maxAttempts = 4;
    std::chrono::milliseconds baseDelay{1000};
    std::chrono::milliseconds maxDelay{60000};

    /**
     * For a check the user is waiting on (the bucket checklist): one quick retry (about 1 s)
     * and then the failure, instead of the ~7 s the default spends on a refused connection.
     * Uploads keep the default.
     */
    static RetryPolicy interactive()
    {
        RetryPolicy p;
        p.maxAttempts = 2;
        p.baseDelay = std::chrono::milliseconds(750);
        p.maxDelay = std::chrono::milliseconds(2000);
        return p;
    }

    /** attempt: the one that just failed, from 1. */
    bool shouldRetry(int attempt, int httpStatus, QNetworkReply::NetworkError error,
                     bool requestSent, bool idempotent, bool unavailableIsSafe = false) const;
    /** Delay before attempt+1: Retry-After when given, else base * 2^(attempt-1) + jitter. */
    std::chrono::milliseconds delay(int attempt, const QByteArray &retryAfter,
                                    const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    /** Retry-After as seconds or an HTTP date; nullopt when absent or unreadable. */
    static std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &value,
                                                                    const QDateTime &now);
};

/**
 * Whether a request that failed with @p error surely never reached the server: no connection
 * was made to it (refused, no such host, no network, the TLS handshake or the proxy failed).
 * Only then may a message say "not sent", or a POST be sent again.
 */
bool neverReachedServer(QNetworkReply::NetworkError error);

/**
 * Whether a request that failed without an HTTP status (@p failure, from NetworkJob) may still
 * have arrived whole and been acted on: the connection was up, then closed, cut or timed out.
 * Never for a cancel before it went out, a TLS failure, or neverReachedServer().
 */
bool mayHaveArrived(const Error &failure, QNetworkReply::NetworkError error);

} // namespace Dbtu
