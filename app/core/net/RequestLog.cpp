// SPDX-License-Identifier: MIT
#include "net/RequestLog.h"

#include "net/Redactor.h"

namespace Dbtu {

namespace {

QString methodOf(const QNetworkReply &reply)
{
    switch (reply.operation()) {
    case QNetworkAccessManager::HeadOperation:
        return QStringLiteral("HEAD");
    case QNetworkAccessManager::GetOperation:
        return QStringLiteral("GET");
    case QNetworkAccessManager::PutOperation:
        return QStringLiteral("PUT");
    case QNetworkAccessManager::PostOperation:
        return QStringLiteral("POST");
    case QNetworkAccessManager::DeleteOperation:
        return QStringLiteral("DELETE");
    case QNetworkAccessManager::CustomOperation:
        return QString::fromLatin1(
            reply.request().attribute(QNetworkRequest::CustomVerbAttribute).toByteArray());
    case QNetworkAccessManager::UnknownOperation:
        break;
    }
    return QStringLiteral("?");
}

} // namespace

QString describeReply(const QNetworkReply &reply)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString outcome = status != 0 ? QStringLiteral("HTTP %1").arg(status)
                                        : QStringLiteral("network error %1 (%2)")
                                              .arg(int(reply.error()))
                                              .arg(Redactor::text(reply.errorString()));
    return QStringLiteral("%1 %2 -> %3").arg(methodOf(reply), Redactor::url(reply.url()), outcome);
}

} // namespace Dbtu
