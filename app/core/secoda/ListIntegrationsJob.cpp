// SPDX-License-Identifier: MIT
#include "secoda/ListIntegrationsJob.h"

namespace Dbtu {

QString ListIntegrationsJob::what() const
{
    return tr("Listing integrations");
}

Result<QNetworkReply *> ListIntegrationsJob::send(QNetworkAccessManager &nam)
{
    if (m_current.isEmpty()) {
        m_current = endpoint().url(QStringLiteral("integration/integrations"));
    }
    return nam.get(request(m_current));
}

Result<void> ListIntegrationsJob::handleReply(int, const QByteArray &body)
{
    if (auto e = notJson(m_current, body)) {
        return *e;
    }
    Result<IntegrationPage> page = IntegrationPage::fromJson(body, m_current);
    if (!page) {
        return page.error();
    }
    m_integrations << page.value().integrations;
    ++m_pages;
    if (page.value().next && m_pages < 1000) {
        if (!sameOrigin(*page.value().next)) {
            return Error{ErrorCode::ServerError,
                         tr("The server pointed the next page at another host (%1); the API key "
                            "is not sent there.")
                             .arg(page.value().next->host()),
                         tr("Check the API URL; a proxy may rewrite links."),
                         {},
                         0};
        }
        m_current = *page.value().next;
        requestAgain();
    }
    return {};
}

} // namespace Dbtu
