// SPDX-License-Identifier: MIT
// Creates a container in Azurite with the emulator's well-known account (a signed PUT), for
// tests that start it through PeerProcess::startAzurite(). Needs dbtu_core.
#pragma once

#include "bucket/AzureConnectionString.h"
#include "bucket/AzureSharedKeySigner.h"
#include "secrets/Secret.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>

namespace Dbtu::Test {

/**
 * PUTs container @p name on the Azurite at @p port; false with the reason in @p why. The account
 * is the emulator's well-known one unless @p account and @p key name one of AZURITE_ACCOUNTS.
 */
inline bool createAzuriteContainer(QNetworkAccessManager &nam, int port, const QString &name,
                                   QString *why, const QString &account = {},
                                   const Secret &key = {})
{
    const QString accountName
        = account.isEmpty() ? QString(AzureConnectionString::kDevAccount) : account;
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/%2/%3?restype=container")
                       .arg(port)
                       .arg(accountName, name));
    AzureSharedKeySigner signer(
        accountName, account.isEmpty() ? Secret(QString(AzureConnectionString::kDevKey)) : key);
    auto sig = signer.sign({"PUT", url, {{"Content-Length", ""}}}, QDateTime::currentDateTimeUtc());
    if (!sig) {
        *why = sig.error().message;
        return false;
    }
    QNetworkRequest request(url);
    for (const auto &h : sig.value().headersToSet) {
        request.setRawHeader(h.first, h.second);
    }
    QNetworkReply *reply = nam.put(request, QByteArray());
    QSignalSpy done(reply, &QNetworkReply::finished);
    const bool answered = done.wait(30000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    if (!answered || status != 201) {
        *why = QStringLiteral("creating container %1 in Azurite: %2")
                   .arg(name, answered ? QStringLiteral("HTTP %1").arg(status)
                                       : QStringLiteral("no answer"));
        return false;
    }
    return true;
}

} // namespace Dbtu::Test
