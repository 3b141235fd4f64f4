// SPDX-License-Identifier: MIT
#include "Error.h"

namespace Dbtu {

QString Error::toString() const
{
    return hint.isEmpty() ? message : QStringLiteral("%1 (%2)").arg(message, hint);
}

Error Error::invalidInput(QString message, QString hint)
{
    return Error{ErrorCode::InvalidInput, std::move(message), std::move(hint), {}, 0};
}

int exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput:
    case ErrorCode::FileNotFound:
    case ErrorCode::ParseError:
        return 3;
    case ErrorCode::Unauthorized:
    case ErrorCode::Forbidden:
    case ErrorCode::KeychainUnavailable:
        return 4;
    case ErrorCode::Network:
    case ErrorCode::Tls:
    case ErrorCode::Timeout:
        return 5;
    case ErrorCode::NotFound:
    case ErrorCode::RateLimited:
    case ErrorCode::ServerError:
        return 6;
    case ErrorCode::Cancelled:
        return 130;
    }
    return 1;
}

QDebug operator<<(QDebug debug, const Error &error)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "Error(" << error.code << ", " << error.message << ", hint=" << error.hint
                    << ", detail=" << error.detail << ')';
    return debug;
}

} // namespace Dbtu
