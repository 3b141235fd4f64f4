// SPDX-License-Identifier: MIT
#include "secoda/SecodaJob.h"

#include "net/HttpError.h"
#include "net/Origin.h"

#include <QCoreApplication>

namespace Dbtu {

SecodaJob::SecodaJob(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
                     QObject *parent)
    : NetworkJob(nam, parent)
    , m_endpoint(std::move(endpoint))
    , m_apiKey(std::move(apiKey))
{}

QNetworkRequest SecodaJob::request(const QUrl &url, bool authorized) const
{
    QNetworkRequest r(url);
    prepare(r);
    r.setRawHeader("Accept", "application/json");
    if (authorized && sameOrigin(url)) {
        r.setRawHeader("Authorization", QByteArray("Bearer ").append(m_apiKey.reveal()));
    }
    return r;
}

bool SecodaJob::sameOrigin(const QUrl &url) const
{
    return Dbtu::sameOrigin(url, m_endpoint.baseUrl());
}

std::optional<Error> SecodaJob::notJson(const QUrl &url, const QByteArray &body) const
{
    const QByteArray type = replyContentType().split(';').constFirst().trimmed().toLower();
    if (type.isEmpty() || type == "application/json" || type.endsWith("+json")) {
        return std::nullopt;
    }
    return notApiReply(
        what(), url.host(), body,
        QCoreApplication::translate("Dbtu::SecodaJob", "it sent %1, not application/json")
            .arg(QString::fromLatin1(type)));
}

Error SecodaJob::notApiAnswer(const QByteArray &body) const
{
    return notApiReply(what(), m_endpoint.baseUrl().host(), body);
}

} // namespace Dbtu
