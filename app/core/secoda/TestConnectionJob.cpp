// SPDX-License-Identifier: MIT
#include "secoda/TestConnectionJob.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Dbtu {

QString TestConnectionJob::what() const
{
    return m_healthy ? tr("Signing in to Secoda") : tr("Reaching Secoda");
}

Result<QNetworkReply *> TestConnectionJob::send(QNetworkAccessManager &nam)
{
    if (!m_healthy) {
        QUrl url = endpoint().baseUrl();
        url.setPath(url.path() + QStringLiteral("/healthcheck"));
        return nam.get(request(url, false));
    }
    return nam.get(request(endpoint().url(QStringLiteral("integration/integrations"))));
}

Result<void> TestConnectionJob::handleReply(int, const QByteArray &body)
{
    if (auto e = notJson(endpoint().baseUrl(), body)) {
        return *e;
    }
    if (!m_healthy) {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (!doc.isObject() || !doc.object().contains(QLatin1String("status"))) {
            return notApiAnswer(body);
        }
        m_healthy = true;
        requestAgain();
        return {};
    }
    Result<IntegrationPage> page = IntegrationPage::fromJson(body, endpoint().baseUrl());
    if (!page) {
        return page.error();
    }
    m_count = int(page.value().integrations.size());
    return {};
}

} // namespace Dbtu
