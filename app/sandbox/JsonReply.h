// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QByteArray>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QString>

namespace Dbtu::Sandbox {

/** Every failure the sandbox answers has a JSON body: {"error": message, …extra}. */
QHttpServerResponse jsonError(int status, const QString &message,
                              const QJsonObject &extra = QJsonObject());

/** jsonError() for an Error, with its httpStatus (500 when it has none). */
QHttpServerResponse jsonError(const Error &error);

/** A JSON answer with any status. */
QHttpServerResponse jsonReply(const QJsonObject &body, int status = 200);

/**
 * A complete HTTP/1.1 response with a JSON error body and `Connection: close`, for the TCP front,
 * which answers some requests itself before QHttpServer sees them.
 */
QByteArray rawJsonError(int status, const QByteArray &reason, const QString &message);

} // namespace Dbtu::Sandbox
