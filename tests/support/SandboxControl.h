// SPDX-License-Identifier: MIT
#pragma once

#include "SandboxProcess.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>

#include <optional>

namespace Dbtu::Test {

/**
 * The control routes of a sandbox process (README, "Fault injection"): GET, or POST of @p post,
 * of @p path; its JSON answer (empty when it did not answer within 10 s).
 */
inline QJsonObject sandboxControl(const SandboxProcess &s, const QString &path,
                                  const std::optional<QJsonObject> &post = std::nullopt)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(s.url(path)));
    request.setRawHeader("Authorization", "Bearer " + s.key);
    if (!s.caFile.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromPath(s.caFile));
        request.setSslConfiguration(tls);
    }
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    std::unique_ptr<QNetworkReply> reply(
        post ? nam.post(request, QJsonDocument(*post).toJson(QJsonDocument::Compact))
             : nam.get(request));
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    if (!reply->isFinished()) {
        loop.exec();
    }
    return QJsonDocument::fromJson(reply->readAll()).object();
}

/** GET /sandbox/counts/: requests_seen, upload_posts, uploads_stored, … */
inline QJsonObject sandboxCounts(const SandboxProcess &s)
{
    return sandboxControl(s, QStringLiteral("/sandbox/counts/"));
}

/** GET /sandbox/uploads/: what arrived (name, size, sha256), in the order it came. */
inline QJsonArray sandboxUploads(const SandboxProcess &s)
{
    return sandboxControl(s, QStringLiteral("/sandbox/uploads/"))
        .value(QLatin1String("results"))
        .toArray();
}

} // namespace Dbtu::Test
