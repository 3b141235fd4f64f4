// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QNetworkReply>
#include <QUrl>

#include <chrono>

namespace Dbtu {

/**
 * The one place where HTTP statuses and network failures become typed errors with a hint:
 * 401 Unauthorized, 403 Forbidden, 404 NotFound, 413 InvalidInput (body too large), 429
 * RateLimited, 5xx ServerError; DNS, refused, proxy, timeout and TLS failures named as such.
 * what: the action, for the message ("listing integrations"); host: for network messages;
 * body: the server's own words, shown (redacted, shortened) in detail.
 */
Error httpError(int status, const QByteArray &body, const QString &what, const QString &host,
                const QByteArray &contentType = {});
Error networkError(QNetworkReply::NetworkError code, const QString &errorString, bool timedOut,
                   const QString &what, const QString &host);

/** A server reply body made safe to show: redacted, printable, at most maxChars. */
QString bodyExcerpt(const QByteArray &body, int maxChars = 500);

/**
 * What a server's reply body says, in at most a few short lines for a message: a JSON object by
 * its detail / error / message / errors fields, an HTML page by its <title> (else its first
 * heading or line of text), anything else by its first lines. Redacted; never markup; empty
 * when the body says nothing readable. @p contentType helps but is not trusted.
 */
QString summarizeBody(const QByteArray &body, const QByteArray &contentType = {},
                      int maxChars = 300);

/** Whether a body looks like an HTML page (by content type or by its first tag). */
bool looksLikeHtml(const QByteArray &body, const QByteArray &contentType = {});

/**
 * A redirect that is not followed: to another origin (scheme, host or port), a downgrade to
 * http, one of a request with a body (@p method not GET/HEAD), or one too many. ServerError;
 * the message names where it pointed, the hint says to fix the base URL or endpoint.
 */
Error redirectError(int status, const QUrl &from, const QUrl &to, const QString &method,
                    const QString &what, bool tooMany);

/**
 * A successful (2xx) reply that is not the JSON the API sends: a web page (a login page of a
 * proxy or single sign-on, or the web app instead of its API), broken JSON, or something else.
 * ServerError; names @p host and says what to check; detail holds the redacted body.
 */
Error notApiReply(const QString &what, const QString &host, const QByteArray &body,
                  const QString &why = {});

/** A body fit for Error::detail: redacted, printable, line breaks kept, at most 64 KiB. */
QString bodyDetail(const QByteArray &body);

/** A reply longer than @p maxBytes: aborted there (ServerError). */
Error replyTooLarge(qint64 maxBytes, const QString &what, const QString &host);

/** A request that had not ended when its total deadline passed (Timeout). */
Error deadlineError(std::chrono::milliseconds deadline, const QString &what, const QString &host);

/** @p error with a note that the server asked to wait @p asked, more than the @p cap waited. */
Error withRetryAfter(Error error, std::chrono::milliseconds asked, std::chrono::milliseconds cap);

/** Writes a failed reply's whole body, redacted, to the debug log (category dbtu.net.body). */
void logBody(const QString &what, int status, const QString &host, const QByteArray &body);

} // namespace Dbtu
