// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace Dbtu::Sandbox {

/**
 * The raw HTTP/1.1 answers of the faults that answer in the sandbox's TCP front (the request
 * never reaches the API), and the rewrites of the API's own replies. Each answer the front
 * writes itself carries `Connection: close`.
 */
namespace FaultResponder {

/** "Bad Gateway" for 502, and so on; "Status" for a code it does not know. */
QByteArray reasonPhrase(int status);

/** A status line and headers (Content-Length when length >= 0), ending in the blank line. */
QByteArray replyHead(int status, const QByteArray &contentType, qint64 length,
                     const QByteArray &extraHeaders = QByteArray());

/** status with a gateway's HTML error page (title "502 Bad Gateway", styles, a script). */
QByteArray htmlErrorReply(int status);

/** 200 with a corporate SSO proxy's HTML sign-in page. */
QByteArray loginPageReply();

/** status (3xx) with Location: location, "{path}" in it replaced by target. */
QByteArray redirectReply(int status, const QString &location, const QByteArray &target);

/** The head of a chunked JSON reply whose body never ends; endlessChunk() gives its chunks. */
QByteArray endlessHead(int status);
/** One chunk (about 16 KiB, framed) of a JSON array that never closes. */
QByteArray endlessChunk(qint64 index);

/**
 * A complete reply from the API (head with Content-Length, and body) with its Content-Type
 * replaced by contentType (when not empty) and, for malformedJson, its body cut in half and
 * left unterminated; Content-Length follows the new body.
 */
QByteArray rewriteReply(const QByteArray &head, const QByteArray &body,
                        const QByteArray &contentType, bool malformedJson);

} // namespace FaultResponder

} // namespace Dbtu::Sandbox
