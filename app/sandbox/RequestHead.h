// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Dbtu::Sandbox {

/**
 * What the sandbox's TCP front reads from an HTTP/1.x request head before it relays it: where
 * the head ends, the path, and how the body is framed. Only as strict as the front needs to be;
 * QHttpServer's own parser judges everything else (a header line without ':' is skipped here).
 */
struct RequestHead
{
    /** Heads larger than this without their empty line are refused (431). */
    static constexpr qsizetype kMaxBytes = 64 * 1024;

    enum class Status {
        Incomplete,       ///< the empty line that ends the head has not arrived yet
        TooLarge,         ///< more than kMaxBytes and still no end of the head
        BadRequestLine,   ///< not "METHOD target HTTP/1.x"
        BadContentLength, ///< a Content-Length that is not a non-negative number
        Complete,
    };

    Status status = Status::Incomplete;
    qsizetype size = 0;          ///< Complete: the head's bytes, its final CRLF CRLF included
    QByteArray method;           ///< as sent, e.g. POST
    QByteArray target;           ///< the whole request target, query included
    QByteArray path;             ///< the request target up to '?'
    qint64 contentLength = 0;    ///< 0 when absent
    bool chunked = false;        ///< Transfer-Encoding names chunked
    bool expectContinue = false; ///< Expect: 100-continue

    /** Reads the head at the start of input (the caller skips empty lines before it). */
    static RequestHead parse(QByteArrayView input);
};

} // namespace Dbtu::Sandbox
