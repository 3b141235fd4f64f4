// SPDX-License-Identifier: MIT
#include "sandbox/JsonReply.h"

#include <QJsonDocument>

namespace Dbtu::Sandbox {

QHttpServerResponse jsonReply(const QJsonObject &body, int status)
{
    return QHttpServerResponse(body, static_cast<QHttpServerResponse::StatusCode>(status));
}

QHttpServerResponse jsonError(int status, const QString &message, const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("error"), message);
    return jsonReply(body, status);
}

QHttpServerResponse jsonError(const Error &error)
{
    QJsonObject extra;
    if (!error.hint.isEmpty()) {
        extra.insert(QStringLiteral("hint"), error.hint);
    }
    return jsonError(error.httpStatus > 0 ? error.httpStatus : 500, error.message, extra);
}

QByteArray rawJsonError(int status, const QByteArray &reason, const QString &message)
{
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("error"), message}})
                                .toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
           + "\r\nContent-Type: application/json\r\nContent-Length: "
           + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace Dbtu::Sandbox
