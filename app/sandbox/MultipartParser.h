// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "sandbox/MultipartPart.h"

#include <QByteArrayView>

namespace Dbtu::Sandbox {

/**
 * A strict multipart/form-data parser (RFC 7578 / RFC 2046) over a body held in memory, which is
 * how QHttpServer hands it over. Delimiters and part-header lines end in CRLF; the CRLF before a
 * delimiter belongs to the delimiter, never to the content. A preamble and an epilogue are
 * ignored. Anything malformed (no or bad boundary, a missing delimiter line end, unterminated
 * part headers, a missing close delimiter, a part without a form-data name) is an Error with
 * ErrorCode::InvalidInput whose message says what is wrong; the server answers it with 400.
 */
class MultipartParser
{
public:
    /** The boundary of a Content-Type value such as `multipart/form-data; boundary="x"`. */
    static Result<QByteArray> boundaryFrom(QByteArrayView contentType);

    /** Parses body with the boundary named by contentType. */
    static Result<QList<MultipartPart>> parse(QByteArrayView contentType, QByteArrayView body);

    /** Parses body with a known boundary (without the leading "--"). */
    static Result<QList<MultipartPart>> parseWithBoundary(QByteArrayView boundary,
                                                          QByteArrayView body);

    /**
     * Splits a header value into its leading token and its `; name=value` parameters. Values may
     * be tokens or quoted strings (with backslash escapes); parameter names are lower-cased.
     * Errors on an unterminated quoted string or a parameter without '='.
     */
    struct HeaderValue
    {
        QByteArray token;
        QList<QPair<QByteArray, QByteArray>> params;
        std::optional<QByteArray> param(QByteArrayView name) const;
    };
    static Result<HeaderValue> parseHeaderValue(QByteArrayView value);
};

} // namespace Dbtu::Sandbox
