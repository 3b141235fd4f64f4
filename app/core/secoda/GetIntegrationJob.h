// SPDX-License-Identifier: MIT
#pragma once

#include "secoda/Integration.h"
#include "secoda/SecodaJob.h"

namespace Dbtu {

/** Reads one integration (its last and next sync). */
class GetIntegrationJob : public SecodaJob
{
    Q_OBJECT
public:
    GetIntegrationJob(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
                      QString integrationId, QObject *parent = nullptr);
    const std::optional<Integration> &integration() const { return m_integration; }

protected:
    Result<QNetworkReply *> send(QNetworkAccessManager &nam) override;
    Result<void> handleReply(int httpStatus, const QByteArray &body) override;
    QString what() const override;

private:
    QString m_id;
    std::optional<Integration> m_integration;
};

} // namespace Dbtu
