// SPDX-License-Identifier: MIT
#pragma once

#include "secoda/Integration.h"
#include "secoda/SecodaJob.h"

namespace Dbtu {

/** "Test connection": GET /healthcheck, then an authenticated GET of the integrations. */
class TestConnectionJob : public SecodaJob
{
    Q_OBJECT
public:
    using SecodaJob::SecodaJob;
    int integrationCount() const { return m_count; }

protected:
    Result<QNetworkReply *> send(QNetworkAccessManager &nam) override;
    Result<void> handleReply(int httpStatus, const QByteArray &body) override;
    QString what() const override;

private:
    bool m_healthy = false;
    int m_count = 0;
};

} // namespace Dbtu
