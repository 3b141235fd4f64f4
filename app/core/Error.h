// SPDX-License-Identifier: MIT
#pragma once

#include <QDebug>
#include <QMetaType>
#include <QString>

namespace Dbtu {
Q_NAMESPACE

/** What kind of failure an Error is; each maps to one CLI exit code (see exitCodeFor()). */
enum class ErrorCode {
    InvalidInput,
    FileNotFound,
    ParseError,
    Unauthorized,
    Forbidden,
    NotFound,
    RateLimited,
    ServerError,
    Network,
    Tls,
    Timeout,
    Cancelled,
    KeychainUnavailable,
};
Q_ENUM_NS(ErrorCode)

/**
 * A failure the user sees. A value type, safe to log: it never holds a secret.
 * message names the file, field or host; hint says what to do next; detail is technical.
 */
struct Error
{
    ErrorCode code = ErrorCode::InvalidInput;
    QString message;
    QString hint;
    QString detail;
    int httpStatus = 0;

    /** One readable line: "message (hint)". */
    QString toString() const;

    /** ErrorCode::InvalidInput: what is wrong with the input (naming the file or field), and
     * the fix. */
    static Error invalidInput(QString message, QString hint);
};

/** The documented process exit code for an error: 3 input, 4 auth, 5 network, 6 server, 130 cancel.
 */
int exitCodeFor(ErrorCode code);

QDebug operator<<(QDebug debug, const Error &error);

} // namespace Dbtu

Q_DECLARE_METATYPE(Dbtu::Error)
