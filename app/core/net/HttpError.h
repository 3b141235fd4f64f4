// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QNetworkReply>

namespace Dbtu {

/**
 * The one place where HTTP statuses and network failures become typed errors with a hint:
 * 401 Unauthorized, 403 Forbidden, 404 NotFound, 413 InvalidInput (body too large), 429
 * RateLimited, 5xx ServerError; DNS, refused, proxy, timeout and TLS failures named as such.
 * what: the action, for the message ("listing integrations"); host: for network messages;
 * body: the server's own words, shown (redacted, shortened) in detail.
 */
Error httpError(int status, const QByteArray &body, const QString &what, const QString &host);
Error networkError(QNetworkReply::NetworkError code, const QString &errorString, bool timedOut,
                   const QString &what, const QString &host);

/** A server reply body made safe to show: redacted, printable, at most maxChars. */
QString bodyExcerpt(const QByteArray &body, int maxChars = 500);

} // namespace Dbtu
