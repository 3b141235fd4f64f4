// SPDX-License-Identifier: MIT
#include "secoda/GetIntegrationJob.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Dbtu {

GetIntegrationJob::GetIntegrationJob(QNetworkAccessManager &nam, ApiEndpoint endpoint,
                                     Secret apiKey, QString integrationId, QObject *parent)
    : SecodaJob(nam, std::move(endpoint), std::move(apiKey), parent)
    , m_id(std::move(integrationId))
{}

QString GetIntegrationJob::what() const
{
    return tr("Reading integration %1").arg(m_id);
}

Result<QNetworkReply *> GetIntegrationJob::send(QNetworkAccessManager &nam)
{
    return nam.get(request(endpoint().url(QStringLiteral("integration/integrations/") + m_id)));
}

Result<void> GetIntegrationJob::handleReply(int, const QByteArray &body)
{
    if (auto e = notJson(endpoint().baseUrl(), body)) {
        return *e;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject()) {
        return notApiAnswer(body);
    }
    m_integration = Integration::fromJson(doc.object());
    return {};
}

} // namespace Dbtu
