// SPDX-License-Identifier: MIT
#pragma once

#include "secoda/Integration.h"
#include "secoda/SecodaJob.h"

namespace Dbtu {

/** Lists every integration of the account, following the pages. */
class ListIntegrationsJob : public SecodaJob
{
    Q_OBJECT
public:
    using SecodaJob::SecodaJob;
    const QList<Integration> &integrations() const { return m_integrations; }

protected:
    Result<QNetworkReply *> send(QNetworkAccessManager &nam) override;
    Result<void> handleReply(int httpStatus, const QByteArray &body) override;
    QString what() const override;

private:
    QUrl m_current;
    QList<Integration> m_integrations;
    int m_pages = 0;
};

} // namespace Dbtu
