// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Dbtu::Sandbox {

/**
 * Faults the sandbox injects for tests; all off by default. Set at start (command-line options)
 * and at run time (POST /sandbox/faults/). Requests to /sandbox/ itself are never faulted, so a
 * test can always switch them off again. The scope (onlyMethod, onlyPathPrefix, faultCount)
 * applies to every fault at once: a request outside it is answered normally.
 */
struct FaultSettings
{
    int delayMs = 0;            ///< wait this long before a request reaches the API
    QList<int> statusSequence;  ///< the next POSTs get these statuses in order (200 = normal)
    qint64 dropAfterBytes = -1; ///< close the connection once this many body bytes came (-1 off)
    bool hang = false;          ///< accept requests and never answer

    bool endlessBody = false; ///< answer 200 (or the sequence's status) with a body that never ends
    int dripBytesPerSecond = 0;  ///< send the whole reply, head included, at this rate (0 off)
    bool htmlError = false;      ///< answer 500 (or the sequence's status) with a gateway HTML page
    bool loginPage = false;      ///< answer 200 with an SSO proxy's HTML login page
    QByteArray wrongContentType; ///< the real reply with this Content-Type (empty off)
    bool malformedJson = false;  ///< the real reply with its JSON body cut in half
    qint64 cutReplyAfterBytes = -1; ///< send the reply head and this many body bytes, then close
    bool dropReply = false; ///< let the API act, then close before a byte of its reply is sent
    /**
     * Retry-After on the sequence's 429 and 503: "1" by default (as before), empty for none,
     * a number of seconds, "date+N" (an HTTP date N s after the answer) or an HTTP date as is.
     */
    QByteArray retryAfter = "1";
    int redirectStatus = 0;   ///< 301, 302, 303, 307 or 308: answer with it (0 off)
    QString redirectLocation; ///< its Location; "{path}" is replaced by the request's target

    QByteArray onlyMethod;  ///< faults only requests with this method (empty: any)
    QString onlyPathPrefix; ///< faults only requests whose path starts with this (empty: any)
    int faultCount = -1;    ///< faults only the next N requests in scope, then none (-1: all)

    /** Whether the faults apply to this (non-/sandbox/) request, before faultCount is counted. */
    bool inScope(const QByteArray &method, const QByteArray &path) const;

    /** The Retry-After value to send at now; empty for none. */
    QByteArray retryAfterValue(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    /** Every key of patched(); off values are null (or false, or an empty list). */
    QJsonObject toJson() const;

    /** This with the keys present in patch applied; an unknown key or bad value is an Error. */
    Result<FaultSettings> patched(const QJsonObject &patch) const;

    /** "429,503,200" → {429, 503, 200}; each a status between 200 and 599. */
    static Result<QList<int>> parseStatusSequence(const QString &text);
    /** "307:/path" or "302:http://127.0.0.2:9000{path}" → status and location. */
    static Result<std::pair<int, QString>> parseRedirect(const QString &text);
    /** Checks a Retry-After setting ("none" and "" are none); returns it as it will be kept. */
    static Result<QByteArray> parseRetryAfter(const QString &text);
};

} // namespace Dbtu::Sandbox
